//! Events into words: the one place the game's English is written.
//!
//! The simulation records typed [`GameEvent`]s; the terminal, the desktop, the JSON
//! report and the debrief all turn them into text through this module, so wording can
//! change without changing behaviour and no game logic ever reads these strings.

use serde::Serialize;

use crate::scenario::Scenario;
use crate::scenario::schema::{Medium, SpoilerAct, Tone, TypeKind};
use crate::sim::components::{ChannelStatus, Clause, LeakLevel, Person};
use crate::sim::events::{
    Chronicle, EventKind, GameEvent, LadderCause, LeakSource, Phase, Refusal,
};
use crate::sim::outcome::{Implementation, OutcomeKind};

/// What kind of line a transcript entry is (a tag for people and filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    News,
    Event,
    Action,
    Refused,
    Offer,
    Deal,
    Draw,
    Leak,
    Spoiler,
    Escalation,
    Ratification,
    Implementation,
    Outcome,
}

/// One narrated line of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Entry {
    pub turn: u32,
    pub phase: Phase,
    pub kind: EntryKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    pub text: String,
    /// Seen only by `party` (probe results, briefings, private draws).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// The transcript as `side` may read it (`None`: everything, for the debrief).
pub fn transcript(scen: &Scenario, chron: &Chronicle, side: Option<usize>) -> Vec<Entry> {
    chron
        .visible_to(side)
        .map(|e| entry(scen, chron, e))
        .collect()
}

/// One event as a transcript entry.
pub fn entry(scen: &Scenario, chron: &Chronicle, e: &GameEvent) -> Entry {
    Entry {
        turn: e.turn,
        phase: e.phase,
        kind: entry_kind(&e.kind),
        party: e
            .party
            .and_then(|p| scen.parties.get(p))
            .map(|p| p.id.clone()),
        text: line(scen, chron, e),
        private: !matches!(e.audience, crate::sim::events::Audience::Everyone),
    }
}

/// The tag of an event.
pub fn entry_kind(kind: &EventKind) -> EntryKind {
    use EventKind as K;
    match kind {
        K::TurnOpened { .. } => EntryKind::News,
        K::Scripted { .. }
        | K::PressStory { .. }
        | K::NegotiatorLeft { .. }
        | K::NegotiatorArrived { .. }
        | K::MediatorInvited { .. } => EntryKind::Event,
        K::Offered { .. } | K::Proposed { .. } => EntryKind::Offer,
        K::Accepted { .. } | K::Signed => EntryKind::Deal,
        K::Refused { .. } => EntryKind::Refused,
        K::LadderMoved { .. } => EntryKind::Escalation,
        K::SpoilerActed { .. } => EntryKind::Spoiler,
        K::Leaked { .. } | K::DenialsProven { .. } => EntryKind::Leak,
        K::WarBroke | K::DeadlinePassed { .. } | K::AgreementConcluded { .. } => EntryKind::Outcome,
        K::Voted { .. } | K::RatificationDecided { .. } => EntryKind::Ratification,
        K::EpilogueSpoiler { .. } | K::EpilogueSecretOut { .. } | K::Implemented { .. } => {
            EntryKind::Implementation
        }
        k if k.is_draw() => EntryKind::Draw,
        _ => EntryKind::Action,
    }
}

/// The rung name of an escalation level.
pub fn rung(scen: &Scenario, level: u32) -> String {
    scen.rules
        .escalation
        .levels
        .get(level as usize)
        .cloned()
        .unwrap_or_default()
}

/// One event in words.
pub fn line(scen: &Scenario, chron: &Chronicle, e: &GameEvent) -> String {
    use EventKind as K;
    let who = e
        .party
        .and_then(|p| scen.parties.get(p))
        .map(|p| p.name.as_str())
        .unwrap_or("");
    let ch = |c: &usize| chron.channel_id(*c).to_string();
    let holder = |h: &usize| scen.stakeholders[*h].name.as_str();
    match &e.kind {
        K::TurnOpened {
            turn,
            deadline,
            level,
        } => format!(
            "{} (turn {turn} of {deadline}); escalation: {}",
            scen.label(*turn),
            rung(scen, *level)
        ),
        K::Scripted { event } => {
            let ev = &scen.events[*event];
            if ev.epilogue {
                format!("After the signing (round {}): {}", ev.turn, ev.text)
            } else {
                ev.text.clone()
            }
        }
        K::PressStory { headline } => format!("In the press: {headline}"),
        K::Waited => format!("{who} waits"),
        K::ChannelOpened {
            channel,
            from,
            to,
            via,
            medium,
        } => format!(
            "{who} opens a back channel \"{}\": {} ↔ {}{}, {} traffic",
            ch(channel),
            scen.negotiators[*from].name,
            scen.negotiators[*to].name,
            via.map(|v| format!(" through {}", scen.intermediaries[v].name))
                .unwrap_or_default(),
            medium_name(*medium),
        ),
        K::ChannelUpgraded {
            channel,
            negotiator,
        } => format!(
            "{who} upgrades \"{}\": {} ({}) now speaks for {who}, with authority to {}",
            ch(channel),
            scen.negotiators[*negotiator].name,
            scen.negotiators[*negotiator].role,
            match scen.negotiators[*negotiator].authority {
                crate::scenario::schema::Authority::Commit => "commit",
                _ => "explore",
            }
        ),
        K::Offered {
            channel,
            clauses,
            audience_cost,
            ..
        } => {
            let mut text = format!(
                "{who} offers on \"{}\": {}",
                ch(channel),
                describe_clauses(scen, clauses)
            );
            if *audience_cost > 0.0 {
                text.push_str(&format!(
                    " (audience cost: support −{:.0}%)",
                    audience_cost * 100.0
                ));
            }
            text
        }
        K::Accepted { channel, clauses } => format!(
            "{who} accepts the offer on \"{}\" ad referendum: {}",
            ch(channel),
            describe_clauses(scen, clauses)
        ),
        K::Rejected { channel } => format!("{who} rejects the offer on \"{}\"", ch(channel)),
        K::ProbeDrawn { draw, chance } => format!("probe signal draw {draw:.4} vs {chance:.3}"),
        K::Probed {
            channel,
            signal,
            consistent,
        } => format!(
            "{who} probes good faith on \"{}\": the signals suggest a {} ({consistent} consistent probe(s))",
            ch(channel),
            type_name(*signal)
        ),
        K::Met { channel, trust } => format!(
            "{who} meets face to face on \"{}\" (trust now {:.0}%)",
            ch(channel),
            trust * 100.0
        ),
        K::Messaged { channel } => format!("{who} sends a message on \"{}\"", ch(channel)),
        K::Stated {
            issue,
            option,
            tone,
        } => format!(
            "{who} {} its public line on {}: \"{}\"",
            match tone {
                Tone::Harden => "hardens",
                Tone::Soften => "softens",
            },
            scen.issues[*issue].name,
            scen.issues[*issue].options[*option].label
        ),
        K::Briefed {
            stakeholder,
            channel,
        } => format!(
            "{who} briefs {} on \"{}\" (now in the loop)",
            holder(stakeholder),
            ch(channel)
        ),
        K::Revived { channel } => format!(
            "{who} revives \"{}\": the old contacts take up the talks again",
            ch(channel)
        ),
        K::Compartmentalised { channel, staff } => format!(
            "{who} compartmentalises \"{}\": staff cut to {staff}",
            ch(channel)
        ),
        K::Denied => format!("{who} publicly denies the rumour of secret talks"),
        K::Confirmed { channel } => format!(
            "{who} confirms the talks on \"{}\" and frames them in public (controlled disclosure)",
            ch(channel)
        ),
        K::Escalated { up } => format!(
            "{who} {}",
            if *up { "escalates" } else { "de-escalates" }
        ),
        K::LadderMoved { level, cause } => match cause {
            LadderCause::Move => format!("escalation now at rung {level}: {}", rung(scen, *level)),
            LadderCause::Drift => format!("the crisis worsens: {}", rung(scen, *level)),
            LadderCause::Event => format!("after the news, the crisis stands at: {}", rung(scen, *level)),
        },
        K::NegotiatorLeft {
            negotiator,
            channels,
        } => {
            let n = &scen.negotiators[*negotiator];
            let gone = match channels.len() {
                0 => String::new(),
                1 => format!("; channel \"{}\" falls dormant", ch(&channels[0])),
                _ => format!(
                    "; channels {} fall dormant",
                    channels
                        .iter()
                        .map(|c| format!("\"{}\"", ch(c)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            format!("{} leaves the talks for {}{gone}", n.name, scen.parties[n.party].name)
        }
        K::NegotiatorArrived { negotiator } => {
            let n = &scen.negotiators[*negotiator];
            format!("{} joins the talks for {}", n.name, scen.parties[n.party].name)
        }
        K::MediatorInvited { channel } => {
            let (name, host) = scen
                .mediator
                .as_ref()
                .map(|m| (m.name.as_str(), scen.intermediaries[m.host].name.as_str()))
                .unwrap_or(("The mediator", "its host"));
            format!("{name} invites both sides to talk through {host}, on channel \"{}\"", ch(channel))
        }
        K::Proposed {
            channel,
            clauses,
            payments,
            ..
        } => {
            let name = mediator_name(scen);
            let pay: Vec<String> = payments
                .iter()
                .enumerate()
                .filter(|(_, x)| **x > 0.0)
                .map(|(p, x)| format!("{:.2} to {}", x, scen.parties[p].name))
                .collect();
            format!(
                "{name} proposes on \"{}\": {}{}; each side may accept or reject it there",
                ch(channel),
                describe_clauses(scen, clauses),
                if pay.is_empty() {
                    String::new()
                } else {
                    format!(", and offers to pay {}", pay.join(" and "))
                }
            )
        }
        K::ProposalAnswered { channel, accept, .. } => format!(
            "{who} {} the mediator's proposal on \"{}\"{}",
            if *accept { "accepts" } else { "rejects" },
            ch(channel),
            if *accept { " and waits for the other side" } else { "" }
        ),
        K::Threatened { channel } => format!(
            "{who} warns in secret over \"{}\" that it is ready to escalate if there is no deal",
            ch(channel)
        ),
        K::VenueMoved { from, via, to } => format!(
            "{who} moves the talks of \"{}\" to {} as \"{}\" (forum shopping)",
            ch(from),
            scen.intermediaries[*via].name,
            ch(to)
        ),
        K::Signed => format!("{who} signs the deal and sends it home for ratification"),
        K::Refused { action, reason } => {
            format!("{} refused: {}", action.name(), refusal(scen, reason))
        }
        K::SuspicionGrew {
            stakeholder,
            draw,
            chance,
        } => format!(
            "{} {} suspicious of secret talks (draw {draw:.4} < {chance:.3})",
            holder(stakeholder),
            scen.verb(*stakeholder, "grows", "grow")
        ),
        K::SpoilerActed {
            stakeholder,
            act,
            found_nothing,
            draw,
            chance,
        } => {
            let name = holder(stakeholder);
            let v = |one, many| scen.verb(*stakeholder, one, many);
            let text = match act {
                SpoilerAct::Veto => format!(
                    "{name} {} to block any deal at home (veto threat)",
                    v("vows", "vow")
                ),
                SpoilerAct::Campaign => format!(
                    "{name} {} in public against concessions",
                    v("campaigns", "campaign")
                ),
                SpoilerAct::Pressure => format!(
                    "{name} {} the leadership to hold firm",
                    v("presses", "press")
                ),
                SpoilerAct::Violence => format!(
                    "{name} {} to violence; the crisis escalates and trust suffers",
                    v("turns", "turn")
                ),
                SpoilerAct::Leak if *found_nothing => format!(
                    "{name} {} to dig up secrets, but {} nothing to leak",
                    v("tries", "try"),
                    v("finds", "find")
                ),
                SpoilerAct::Leak => format!("{name} {} to the press", v("leaks", "leak")),
                SpoilerAct::CampaignFor => format!(
                    "{name} {} in public for the deal",
                    v("campaigns", "campaign")
                ),
            };
            format!("{text} (draw {draw:.4} < {chance:.3})")
        }
        K::LeakRolled {
            channel,
            draw,
            hazard,
            leaked,
        } => format!(
            "leak roll on \"{}\": {draw:.4} vs hazard {hazard:.3} → {}",
            ch(channel),
            if *leaked { "leak" } else { "held" }
        ),
        K::Leaked {
            channel,
            level,
            source,
        } => match source {
            LeakSource::Spoiler(s) => format!(
                "{} {} the {} of channel \"{}\" to the press",
                holder(s),
                scen.verb(*s, "leaks", "leak"),
                level_name(*level),
                ch(channel)
            ),
            LeakSource::Bulk => format!(
                "BULK LEAK: the traffic of \"{}\" is published with thousands of other messages",
                ch(channel)
            ),
            _ => format!(
                "LEAK: the {} of channel \"{}\" is out (source: {})",
                level_name(*level),
                ch(channel),
                leak_source(scen, source)
            ),
        },
        K::DenialsProven { credibility_lost } => format!(
            "earlier denials are proven false: credibility −{:.0}%",
            credibility_lost * 100.0
        ),
        K::BulkRolled { draw, chance, hit } => format!(
            "bulk-leak roll: {draw:.4} vs {chance:.3} → {}",
            if *hit { "leak" } else { "held" }
        ),
        K::BrinkRolled { draw, chance, war } => format!(
            "brink roll: {draw:.4} vs {chance:.3} → {}",
            if *war { "war" } else { "holds" }
        ),
        K::DriftRolled {
            draw,
            chance,
            climbed,
        } => format!(
            "escalation drift roll: {draw:.4} vs {chance:.3} → {}",
            if *climbed { "climbs" } else { "holds" }
        ),
        K::WarBroke => format!(
            "the crisis reaches its last rung: {}",
            rung(scen, scen.rules.escalation.levels.len().saturating_sub(1) as u32)
        ),
        K::DeadlinePassed { endless: true } => "the deadline passes with channels open and a deal within reach, but nothing signed: the endless game".into(),
        K::DeadlinePassed { endless: false } => "the deadline passes without an agreement".into(),
        K::Voted { vote: v } => format!(
            "{}: sees {:.0}%, needs {:.0}%{}{}{} → {}",
            holder(&v.stakeholder),
            v.stance * 100.0,
            v.bar * 100.0,
            if v.kept_out { ", kept out" } else { "" },
            if v.vetoed { ", vowed to veto" } else { "" },
            if v.red_line {
                ", the deal crosses its red line"
            } else {
                ""
            },
            if v.yes { "yes" } else { "no" }
        ),
        K::RatificationDecided {
            ratified,
            share,
            threshold,
        } => format!(
            "{who} {} the deal: {:.0}% weighted support (needs {:.0}%)",
            if *ratified {
                "ratifies"
            } else {
                "fails to ratify"
            },
            share * 100.0,
            threshold * 100.0
        ),
        K::EpilogueSpoiler {
            round,
            stakeholder,
            draw,
            chance,
            damage,
        } => format!(
            "epilogue {round}: {} {} to wreck the deal (draw {draw:.4} < {chance:.3}; damage {damage:.2})",
            holder(stakeholder),
            scen.verb(*stakeholder, "works", "work")
        ),
        K::EpilogueSecretOut { round, issue } => format!(
            "epilogue {round}: the secret clause on {} comes out",
            scen.issues[*issue].name
        ),
        K::Implemented { result, damage } => {
            let how = match result {
                Implementation::Durable => "the deal holds: durable",
                Implementation::Weakened => "the deal survives, weakened",
                Implementation::Collapsed => "the deal collapses",
            };
            format!("{how} (spoiler damage {damage:.2})")
        }
        K::AgreementConcluded { ratified } => format!(
            "agreement signed; {}",
            if *ratified { "ratified" } else { "not ratified" }
        ),
    }
}

/// An action's result for `party` in words: the line it adds to the transcript.
pub fn result_line(
    scen: &Scenario,
    chron: &Chronicle,
    party: usize,
    result: &Result<EventKind, Refusal>,
) -> String {
    match result {
        Ok(kind) => line(
            scen,
            chron,
            &GameEvent {
                turn: chron.turn,
                phase: Phase::PlayerActions,
                party: Some(party),
                audience: crate::sim::events::Audience::Only(party),
                kind: kind.clone(),
            },
        ),
        Err(r) => refusal(scen, r),
    }
}

/// Why an action was refused, in words.
pub fn refusal(scen: &Scenario, r: &Refusal) -> String {
    use Refusal as R;
    let neg = |n: &usize| scen.negotiators[*n].name.as_str();
    match r {
        R::GameOver => "the game is over".into(),
        R::NoSuchParty(p) => format!("there is no party number {p}"),
        R::NotAllowed(k) => format!("this scenario does not allow {}", k.name()),
        R::TooCostly { action, cost, left } => format!(
            "{} costs {cost} action point(s); {left} left this turn",
            action.name()
        ),
        R::DealSigned => "a deal has been signed; it is in ratification".into(),
        R::ChannelNameMissing => "a new channel needs a name".into(),
        R::ChannelExists(id) => format!("a channel named \"{id}\" already exists"),
        R::NoSuchNegotiator(id) => format!("no negotiator \"{id}\""),
        R::NotYourNegotiator { negotiator, party } => {
            format!(
                "{} does not act for {}",
                neg(negotiator),
                scen.parties[*party].name
            )
        }
        R::OwnSide(n) => format!("{} is on your own side", neg(n)),
        R::NoSuchIntermediary(id) => format!("no intermediary \"{id}\""),
        R::NoSuchChannel(id) => format!("there is no channel \"{id}\""),
        R::NotOnChannel(id) => format!("your side is not on channel \"{id}\""),
        R::NotDormant { channel, status } => format!(
            "channel \"{channel}\" is {}, not dormant: only a dormant channel can be revived",
            status_name(*status)
        ),
        R::ChannelNotLive { channel, status } => format!(
            "channel \"{}\" is {}, not open",
            channel.to_lowercase(),
            status_name(*status)
        ),
        R::NoMoreAuthority {
            negotiator,
            current,
        } => format!(
            "{} has no more authority than {}",
            neg(negotiator),
            neg(current)
        ),
        R::EmptyOffer => "an offer needs at least one clause".into(),
        R::RedLine { issue, option } => {
            let i = scen.issue_index(issue);
            let label = i
                .and_then(|i| scen.option_index(i, option).map(|o| (i, o)))
                .map(|(i, o)| scen.issues[i].options[o].label.clone())
                .unwrap_or_else(|| option.clone());
            format!(
                "\"{label}\" is a red line: your side will never agree to it, whatever it gains elsewhere"
            )
        }
        R::NoSuchIssue(id) => format!("no issue \"{id}\""),
        R::NoSuchOption { issue, option } => {
            format!("issue \"{issue}\" has no option \"{option}\"")
        }
        R::IssueTwice(id) => format!("issue \"{id}\" appears twice in the offer"),
        R::SecretOnPublicChannel {
            issue,
            channel,
            exposed: false,
        } => format!(
            "clause on \"{issue}\" is marked secret, but \"{channel}\" is not a secret back channel"
        ),
        R::SecretOnPublicChannel {
            issue,
            channel,
            exposed: true,
        } => format!(
            "clause on \"{issue}\" is marked secret, but \"{channel}\" is no longer secret (its existence has come out, or it is closed): nothing said on it stays secret now"
        ),
        R::NoPendingOffer(id) => format!("no offer from the other side is pending on \"{id}\""),
        R::HostFull(m) => format!(
            "{} can host no more meetings this turn",
            scen.intermediaries[*m].name
        ),
        R::NoSuchStakeholder(id) => format!("no stakeholder \"{id}\""),
        R::NotYourStakeholder(s) => format!(
            "{} {} not on your side",
            scen.stakeholders[*s].name,
            scen.verb(*s, "is", "are")
        ),
        R::AlreadyPrivy {
            stakeholder,
            channel,
        } => format!(
            "{} {} already privy to \"{channel}\"",
            scen.stakeholders[*stakeholder].name,
            scen.verb(*stakeholder, "is", "are")
        ),
        R::OfficialCompartment => "official channels cannot be compartmentalised".into(),
        R::NoStaff(id) => format!("\"{id}\" has no staff left to cut"),
        R::NoRumour => "there is no rumour to deny".into(),
        R::OfficialIsPublic(id) => {
            format!("\"{id}\" is an official channel; it is already public")
        }
        R::AlreadyPublic(id) => format!("\"{id}\" is already public"),
        R::AtCalmest => "the crisis is already at its calmest".into(),
        R::AtWar => "the crisis is already at war".into(),
        R::SameHost(m) => format!(
            "the talks are already hosted by {}",
            scen.intermediaries[*m].name
        ),
        R::NegotiatorAbsent(n) => format!(
            "{} is not at the table now (not yet arrived, or gone)",
            scen.negotiators[*n].name
        ),
        R::HostUnavailable(m) => {
            let im = &scen.intermediaries[*m];
            match im.available_until {
                Some(u) if im.available_from <= 1 => format!(
                    "{} is no longer available as a go-between (it withdrew after turn {u})",
                    im.name
                ),
                Some(u) => format!(
                    "{} is available as a go-between only from turn {} ({}) to turn {u}",
                    im.name,
                    im.available_from,
                    scen.label(im.available_from)
                ),
                None => format!(
                    "{} is not available as a go-between until turn {} ({})",
                    im.name,
                    im.available_from,
                    scen.label(im.available_from)
                ),
            }
        }
        R::ThreatNeedsSecretChannel(id) => format!(
            "a secret threat needs a back channel whose existence is still secret; \"{id}\" is not one (escalate instead to threaten in public)"
        ),
        R::MediumOfAnotherEra(m) => format!(
            "{} traffic is not of this scenario's era; its channels can use: {}",
            medium_name(*m),
            scen.media()
                .into_iter()
                .map(medium_name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        R::VenueNameTaken(id) => {
            format!("the new channel needs a fresh name (\"{id}\" is taken or empty)")
        }
        R::NoDeal => "there is no agreed deal to sign; an offer must be accepted first".into(),
        R::NotOnDealChannel => "your side is not on the channel where the deal was made".into(),
        R::NoCommitter {
            channel,
            party,
            negotiator,
        } => format!(
            "nobody on \"{channel}\" can commit {} ({} may only explore); {} must upgrade the channel first",
            scen.parties[*party].name,
            neg(negotiator),
            scen.parties[*party].name
        ),
        R::NoMediator => "this scenario has no mediator".into(),
        R::MediatorIsComputer => "the computer sits in the mediator's seat in this game".into(),
        R::MediatorNotYet(t) => format!(
            "{} joins the talks only from turn {t} ({})",
            mediator_name(scen),
            scen.label(*t)
        ),
        R::ProposedThisTurn => format!(
            "{} has already put a proposal this turn; the sides answer it first",
            mediator_name(scen)
        ),
        R::DealAgreed => "a deal is already agreed; there is nothing left to propose".into(),
        R::NoTable => "there is no table to put a proposal on (no live official channel, or no negotiator present to invite)".into(),
        R::UnknownParty(id) => format!(
            "no party \"{id}\"; expected one of: {}",
            scen.parties
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        R::BadPayment(id) => {
            format!("the payment to \"{id}\" must be a number from 0 up, like 0.02")
        }
        R::OverBudget { asked, left } => format!(
            "the payments come to {:.3}, but only {:.3} of the budget is left",
            *asked as f64 / 1000.0,
            *left as f64 / 1000.0
        ),
    }
}

/// The mediator's name, or "The mediator".
pub fn mediator_name(scen: &Scenario) -> &str {
    scen.mediator
        .as_ref()
        .map_or("The mediator", |m| m.name.as_str())
}

/// Who leaked, in words.
pub fn leak_source(scen: &Scenario, s: &LeakSource) -> String {
    match s {
        LeakSource::Person(Person::Negotiator(n)) => scen.negotiators[*n].name.clone(),
        LeakSource::Person(Person::Intermediary(m)) => scen.intermediaries[*m].name.clone(),
        LeakSource::Person(Person::Stakeholder(h)) | LeakSource::Spoiler(h) => {
            scen.stakeholders[*h].name.clone()
        }
        LeakSource::Staff => "a staff member".into(),
        LeakSource::Bulk => "bulk digital leak".into(),
    }
}

/// Human-readable list of clauses (`[secret]` marks a secret clause).
pub fn describe_clauses(scen: &Scenario, clauses: &[Clause]) -> String {
    clauses
        .iter()
        .map(|c| clause(scen, c))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One clause in words.
pub fn clause(scen: &Scenario, c: &Clause) -> String {
    let issue = &scen.issues[c.issue];
    format!(
        "{}: {}{}",
        issue.name,
        issue.options[c.option].label,
        if c.secret { " [secret]" } else { "" }
    )
}

/// Words for a hidden type.
pub fn type_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::Hardliner => "hard-liner",
        TypeKind::Conceder => "conceder",
        TypeKind::Reciprocator => "reciprocator",
    }
}

/// Words for a leak level.
pub fn level_name(level: LeakLevel) -> &'static str {
    match level {
        LeakLevel::Existence => "existence",
        LeakLevel::Content => "content",
        LeakLevel::SecretClause => "secret clause",
    }
}

/// Words for a channel's status.
pub fn status_name(s: ChannelStatus) -> &'static str {
    match s {
        ChannelStatus::Open => "open",
        ChannelStatus::Dormant => "dormant",
        ChannelStatus::Exposed => "exposed",
        ChannelStatus::Closed => "closed",
    }
}

/// Where an offer or a proposal stands, in a word.
pub fn offer_status_name(s: crate::sim::components::OfferStatus) -> &'static str {
    use crate::sim::components::OfferStatus as S;
    match s {
        S::Pending => "waiting for answers",
        S::Accepted => "accepted",
        S::Rejected => "rejected",
        S::Superseded => "superseded",
    }
}

/// A medium in a word or two.
pub fn medium_name(m: Medium) -> &'static str {
    match m {
        Medium::FaceToFace => "face-to-face",
        Medium::Courier => "courier",
        Medium::Phone => "telephone",
        Medium::Digital => "digital",
    }
}

/// Words for how a deal fared in implementation.
pub fn implementation_name(i: Implementation) -> &'static str {
    match i {
        Implementation::Durable => "durable",
        Implementation::Weakened => "weakened",
        Implementation::Collapsed => "collapsed",
    }
}

/// The report's and debrief's name of an outcome (`None`: the game is not over).
pub fn outcome_code(kind: Option<OutcomeKind>) -> &'static str {
    match kind {
        Some(OutcomeKind::Agreement) => "agreement",
        Some(OutcomeKind::NoAgreement) => "no_agreement",
        Some(OutcomeKind::War) => "war",
        Some(OutcomeKind::EndlessGame) => "endless_game",
        None => "unfinished",
    }
}

/// An outcome in words for people: the failure outcome takes the scenario's own name
/// ("Collapse of the process"), so a collapse is not called war.
pub fn outcome_name(scen: &Scenario, kind: Option<OutcomeKind>) -> String {
    match kind {
        Some(OutcomeKind::War) => scen.failure_name().to_string(),
        k => {
            let code = outcome_code(k).replace('_', " ");
            let mut c = code.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
    }
}

/// How the other side reads an option (from probes), in a few words.
pub fn reading_words(r: crate::sim::view::Reading) -> &'static str {
    use crate::sim::view::Reading;
    match r {
        Reading::Welcome => "welcome",
        Reading::CouldLiveWith => "could live with it",
        Reading::Resist => "resist",
    }
}

/// An option as the mediator reads it: its own interest, then how each side reads it
/// (`50%; israel welcome, plo resist`).
pub fn mediator_reading(
    scen: &Scenario,
    v: &crate::sim::view::MediatorView,
    issue: usize,
    option: usize,
) -> String {
    let own = scen
        .mediator
        .as_ref()
        .and_then(|m| m.interests.get(issue).and_then(|x| x.get(option)))
        .copied()
        .unwrap_or(0.5);
    let reads: Vec<String> = scen
        .parties
        .iter()
        .enumerate()
        .map(|(p, party)| {
            format!(
                "{} {}",
                party.id,
                reading_words(v.readings[issue][option][p])
            )
        })
        .collect();
    format!("{:.0}%; {}", own * 100.0, reads.join(", "))
}

/// What a side has stated in public (one option per issue, or none), in words.
pub fn stated(scen: &Scenario, position: &[Option<usize>]) -> String {
    let said: Vec<&str> = position
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.map(|o| scen.issues[i].options[o].label.as_str()))
        .collect();
    if said.is_empty() {
        "nothing binding".into()
    } else {
        said.join("; ")
    }
}

/// Where each side stands on one of the mediator's proposals, from the mediator's
/// record: `Israel accepted; PLO rejected it`.
pub fn proposal_answers(
    scen: &Scenario,
    p: &crate::sim::components::Proposal,
    events: &[GameEvent],
) -> String {
    let rejected_by = events.iter().find_map(|e| match e.kind {
        EventKind::ProposalAnswered {
            proposal,
            accept: false,
            ..
        } if proposal == p.index => e.party,
        _ => None,
    });
    p.accepted
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                "{} {}",
                scen.parties[i].name,
                match (*a, rejected_by == Some(i)) {
                    (true, _) => "accepted",
                    (false, true) => "rejected it",
                    (false, false) => "has not accepted",
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The mediator's pending proposal as one side reads it: a heading (whose, where, its
/// worth to the side, any payment, whether the side has answered) and the clauses.
pub fn proposal_for(
    scen: &Scenario,
    side: usize,
    p: &crate::sim::components::Proposal,
    channel_id: &str,
    their_offer_waits: bool,
) -> (String, String) {
    let mut pkg = vec![0; scen.issues.len()];
    for c in &p.clauses {
        pkg[c.issue] = c.option;
    }
    let name = mediator_name(scen);
    let pay = p.payments.get(side).copied().unwrap_or(0.0);
    let head = format!(
        "{name}'s proposal on \"{channel_id}\" (worth {:.0}% to you{}; {})",
        scen.package_utility(side, &pkg) * 100.0,
        if pay > 0.0 {
            format!(", and {name} would pay you {pay:.2}")
        } else {
            String::new()
        },
        if p.accepted.get(side).copied().unwrap_or(false) {
            "you accepted it; the other side has not yet"
        } else if their_offer_waits {
            "their offer waits on that channel too: accept there takes their offer, so reject it first to accept this"
        } else {
            "answer with accept or reject on that channel"
        }
    );
    (head, describe_clauses(scen, &p.clauses))
}
