//! The debrief's "ideas this game showed", drawn from the chronicle's typed events and
//! the outcome, so the terminal, the desktop and the Markdown export say the same; and
//! the Markdown debrief an instructor can hand out; and [`PlayerDebrief`], what one side
//! did and what it cost, in numbers.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::game::Game;
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionKind, Medium, Tone, TypeKind};
use crate::sim::components::{Beliefs, Escalation, HiddenType, Person, Roster};
use crate::sim::events::{EventKind, LeakSource};
use crate::sim::outcome::OutcomeKind;

/// One idea of the design that this game illustrated, with what showed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Idea {
    pub title: &'static str,
    pub text: String,
}

/// The ideas a finished (or running) game illustrated, in a fixed order.
pub fn ideas(game: &Game) -> Vec<Idea> {
    let events = &game.chronicle().events;
    let did = |k: ActionKind| events.iter().any(|e| e.kind.action() == Some(k));
    let count = |f: &dyn Fn(&EventKind) -> bool| events.iter().filter(|e| f(&e.kind)).count();
    let mut out = Vec::new();
    let mut idea = |title, text: String| out.push(Idea { title, text });
    if did(ActionKind::MoveVenue) {
        idea(
            "Forum shopping",
            "Moving the talks to another host pressed the other side but cost trust.".into(),
        );
    }
    let spoilers = count(&|k| {
        matches!(
            k,
            EventKind::SpoilerActed { .. } | EventKind::EpilogueSpoiler { .. }
        )
    });
    if spoilers > 0 {
        idea(
            "Spoilers",
            format!(
                "{spoilers} time(s) a group outside the talks acted against them: those left out get a say later."
            ),
        );
    }
    let audience = count(&|k| match k {
        EventKind::Offered { audience_cost, .. } => *audience_cost > 0.0,
        EventKind::Stated { tone, .. } => *tone == crate::scenario::schema::Tone::Harden,
        _ => false,
    });
    if audience > 0 {
        idea(
            "Audience costs",
            "Public positions tied hands: retreating from them in public cost support.".into(),
        );
    }
    let esc = game.world().resource::<Escalation>();
    let delay: f64 = esc.delay_cost.iter().sum::<f64>() + esc.escalation_cost.iter().sum::<f64>();
    if delay > 0.1 {
        idea(
            "Costly delay",
            format!(
                "Waiting cost both sides {delay:.2} points in all: crises escalate and processes decay."
            ),
        );
    }
    if game
        .outcome()
        .is_some_and(|o| o.kind == OutcomeKind::EndlessGame)
    {
        idea(
            "The endless game",
            "A deal was within reach and channels stayed open, but nothing was signed.".into(),
        );
    }
    if did(ActionKind::Upgrade) || did(ActionKind::OpenChannel) {
        idea(
            "Incremental channels",
            "Channels grew: new back channels opened and deniable envoys gave way to officials who could commit.".into(),
        );
    }
    if did(ActionKind::Confirm) {
        idea(
            "Controlled disclosure",
            "Going public first framed the story and softened the reaction at home.".into(),
        );
    }
    let leaks = game.chronicle().leaks().count();
    if leaks > 0 {
        idea(
            "Leaks",
            format!(
                "{leaks} leak(s): every person privy, every turn and every digital message raised the hazard."
            ),
        );
    }
    let secret = events.iter().any(|e| match &e.kind {
        EventKind::Offered { clauses, .. } | EventKind::Accepted { clauses, .. } => {
            clauses.iter().any(|c| c.secret)
        }
        _ => false,
    });
    if secret {
        idea(
            "Secret clauses",
            "A clause kept secret was not voted on at home: room to move, at the price of revelation risk.".into(),
        );
    }
    out
}

/// How many channels of one medium a side opened, and how many of those leaked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediumTally {
    pub medium: Medium,
    pub opened: u32,
    pub leaked: u32,
}

/// One of the side's own stakeholders: whether it was briefed, and how it voted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRecord {
    pub id: String,
    pub name: String,
    /// The turn it was first briefed (`None`: never briefed).
    pub briefed_turn: Option<u32>,
    /// Its vote at ratification (`None`: no vote was held).
    pub voted_yes: Option<bool>,
    /// Counted as kept out at the vote.
    pub kept_out: bool,
}

/// The counterpart's hidden type, revealed, and what this side's probes had suggested.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CounterpartRecord {
    pub party: String,
    pub kind: TypeKind,
    /// Its hidden walk-away point.
    pub reservation: f64,
    /// Successful probes this side made.
    pub probes: u32,
    /// What the probes suggested last, and how many probes in a row agreed.
    pub believed: Option<TypeKind>,
    pub believed_by: u32,
}

/// Where the signed deal sat against each side's hidden walk-away point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneVerdict {
    /// Worth at least its walk-away point to both sides.
    Inside,
    /// Below this side's walk-away point.
    BelowYours,
    /// Below the counterpart's walk-away point.
    BelowTheirs,
    /// Below both.
    BelowBoth,
}

/// The deal against the zone of agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneRecord {
    /// The deal's utility to this side and to the counterpart (before implementation).
    pub yours: f64,
    pub theirs: f64,
    /// The hidden walk-away points of this side and of the counterpart.
    pub your_reservation: f64,
    pub their_reservation: f64,
    pub verdict: ZoneVerdict,
}

/// What one side did in a game and what it cost, in numbers, drawn only from the typed
/// chronicle, the outcome, the scenario and the world state (never from narrated text).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlayerDebrief {
    pub side: usize,
    pub party: String,
    /// Channels this side opened, by medium (only media it used, in a fixed order).
    pub channels: Vec<MediumTally>,
    pub channels_opened: u32,
    /// Of the channels it opened, how many leaked at least once.
    pub channels_leaked: u32,
    /// Leaks of any channel traced to this side's negotiators or stakeholders.
    pub leaks_traced_to_you: u32,
    pub denials: u32,
    /// Times a leak proved this side's denials false, and the credibility it cost.
    pub denials_proven_false: u32,
    pub credibility_lost: f64,
    pub confirmations: u32,
    /// Public escalations, and de-escalations that walked threats back.
    pub threats: u32,
    pub walked_back: u32,
    pub hard_statements: u32,
    pub softened_statements: u32,
    /// The side's own stakeholders, in scenario order.
    pub groups: Vec<GroupRecord>,
    pub counterpart: Option<CounterpartRecord>,
    /// `None` without a signed deal.
    pub zone: Option<ZoneRecord>,
    pub ideas: Vec<Idea>,
}

/// A titled block of the player debrief, as every front-end shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: &'static str,
    pub lines: Vec<String>,
}

const MEDIA: [Medium; 4] = [
    Medium::FaceToFace,
    Medium::Courier,
    Medium::Phone,
    Medium::Digital,
];

impl PlayerDebrief {
    /// The debrief of `side`'s own moves.
    pub fn of(game: &Game, side: usize) -> Self {
        let scen = game.scenario();
        let events = &game.chronicle().events;
        let mine = |e: &&crate::sim::events::GameEvent| e.party == Some(side);
        let count = |f: &dyn Fn(&EventKind) -> bool| {
            events.iter().filter(mine).filter(|e| f(&e.kind)).count() as u32
        };
        let leaked: BTreeSet<usize> = game.chronicle().leaks().map(|l| l.channel).collect();
        let mut channels: Vec<MediumTally> = MEDIA
            .iter()
            .map(|&medium| MediumTally {
                medium,
                opened: 0,
                leaked: 0,
            })
            .collect();
        for e in events.iter().filter(mine) {
            if let EventKind::ChannelOpened {
                channel, medium, ..
            } = e.kind
                && let Some(t) = channels.iter_mut().find(|t| t.medium == medium)
            {
                t.opened += 1;
                t.leaked += u32::from(leaked.contains(&channel));
            }
        }
        channels.retain(|t| t.opened > 0);
        let of_side = |source: &LeakSource| match *source {
            LeakSource::Person(Person::Negotiator(n)) => scen.negotiators[n].party == side,
            LeakSource::Person(Person::Stakeholder(s)) | LeakSource::Spoiler(s) => {
                scen.stakeholders[s].party == side
            }
            _ => false,
        };
        let mut credibility_lost = 0.0;
        for e in events.iter().filter(mine) {
            if let EventKind::DenialsProven {
                credibility_lost: c,
            } = e.kind
            {
                credibility_lost += c;
            }
        }
        let groups = scen
            .stakeholders
            .iter()
            .enumerate()
            .filter(|(_, h)| h.party == side)
            .map(|(i, h)| {
                let briefed_turn = events.iter().filter(mine).find_map(|e| match e.kind {
                    EventKind::Briefed { stakeholder, .. } if stakeholder == i => Some(e.turn),
                    _ => None,
                });
                let vote = events.iter().rev().find_map(|e| match &e.kind {
                    EventKind::Voted { vote } if vote.stakeholder == i => Some(vote),
                    _ => None,
                });
                GroupRecord {
                    id: h.id.clone(),
                    name: h.name.clone(),
                    briefed_turn,
                    voted_yes: vote.map(|v| v.yes),
                    kept_out: vote.is_some_and(|v| v.kept_out),
                }
            })
            .collect();
        let world = game.world();
        let roster = world.resource::<Roster>();
        let other = scen.other_party(side);
        let hidden = |p: usize| {
            roster
                .parties
                .get(p)
                .and_then(|&e| world.get::<HiddenType>(e))
                .copied()
        };
        let beliefs = roster
            .parties
            .get(side)
            .and_then(|&e| world.get::<Beliefs>(e))
            .cloned()
            .unwrap_or_default();
        let counterpart =
            (other != side)
                .then(|| hidden(other))
                .flatten()
                .map(|h| CounterpartRecord {
                    party: scen.parties[other].id.clone(),
                    kind: h.kind,
                    reservation: h.reservation,
                    probes: count(&|k| matches!(k, EventKind::Probed { .. })),
                    believed: beliefs.other_type,
                    believed_by: beliefs.probes,
                });
        let zone = match (game.outcome(), hidden(side), hidden(other)) {
            (Some(o), Some(me), Some(them)) if !o.deal.is_empty() && other != side => {
                let mut pkg = vec![0; scen.issues.len()];
                for c in &o.deal {
                    pkg[c.issue] = c.option;
                }
                let yours = scen.package_utility(side, &pkg);
                let theirs = scen.package_utility(other, &pkg);
                let verdict = match (yours >= me.reservation, theirs >= them.reservation) {
                    (true, true) => ZoneVerdict::Inside,
                    (false, true) => ZoneVerdict::BelowYours,
                    (true, false) => ZoneVerdict::BelowTheirs,
                    (false, false) => ZoneVerdict::BelowBoth,
                };
                Some(ZoneRecord {
                    yours,
                    theirs,
                    your_reservation: me.reservation,
                    their_reservation: them.reservation,
                    verdict,
                })
            }
            _ => None,
        };
        PlayerDebrief {
            side,
            party: scen.parties[side].id.clone(),
            channels_opened: channels.iter().map(|t| t.opened).sum(),
            channels_leaked: channels.iter().map(|t| t.leaked).sum(),
            channels,
            leaks_traced_to_you: game
                .chronicle()
                .leaks()
                .filter(|l| of_side(&l.source))
                .count() as u32,
            denials: count(&|k| matches!(k, EventKind::Denied)),
            denials_proven_false: count(&|k| matches!(k, EventKind::DenialsProven { .. })),
            credibility_lost,
            confirmations: count(&|k| matches!(k, EventKind::Confirmed { .. })),
            threats: count(&|k| matches!(k, EventKind::Escalated { up: true })),
            walked_back: count(&|k| matches!(k, EventKind::Escalated { up: false })),
            hard_statements: count(&|k| {
                matches!(
                    k,
                    EventKind::Stated {
                        tone: Tone::Harden,
                        ..
                    }
                )
            }),
            softened_statements: count(&|k| {
                matches!(
                    k,
                    EventKind::Stated {
                        tone: Tone::Soften,
                        ..
                    }
                )
            }),
            groups,
            counterpart,
            zone,
            ideas: ideas(game),
        }
    }

    /// The debrief in words, block by block (the ideas are shown on their own): the
    /// one place its English is written, for the terminal, the desktop and Markdown.
    pub fn sections(&self, scen: &Scenario) -> Vec<Section> {
        let mut out = Vec::new();
        let mut lines = Vec::new();
        if self.channels_opened == 0 {
            lines.push("You opened no channels of your own.".to_string());
        } else {
            lines.push(format!(
                "You opened {}; {} of them leaked.",
                plural(self.channels_opened, "channel", "channels"),
                self.channels_leaked
            ));
            for t in &self.channels {
                lines.push(format!(
                    "{} of your {} {} {} leaked.",
                    t.leaked,
                    t.opened,
                    crate::narrate::medium_name(t.medium),
                    if t.opened == 1 { "channel" } else { "channels" }
                ));
            }
        }
        lines.push(format!(
            "{} traced to your own people.",
            plural(self.leaks_traced_to_you, "leak was", "leaks were")
        ));
        out.push(Section {
            title: "Channels and leaks",
            lines,
        });
        let mut lines = vec![format!(
            "You denied {} and confirmed {}.",
            plural(self.denials, "rumour", "rumours"),
            plural(self.confirmations, "leak", "leaks")
        )];
        if self.denials > 0 || self.denials_proven_false > 0 {
            lines.push(format!(
                "Leaks proved your denials false {}, costing {:.2} credibility.",
                times(self.denials_proven_false),
                self.credibility_lost
            ));
        }
        lines.push(format!(
            "You made {} and walked back {}.",
            plural(self.threats, "public threat", "public threats"),
            self.walked_back
        ));
        lines.push(format!(
            "You made {} and softened {}.",
            plural(
                self.hard_statements,
                "hard-line statement",
                "hard-line statements"
            ),
            self.softened_statements
        ));
        out.push(Section {
            title: "Denials, threats and statements",
            lines,
        });
        let briefed = self
            .groups
            .iter()
            .filter(|g| g.briefed_turn.is_some())
            .count();
        let mut lines = vec![format!(
            "You briefed {briefed} of your {} groups at home.",
            self.groups.len()
        )];
        for g in &self.groups {
            let was = scen
                .stakeholders
                .iter()
                .position(|h| h.name == g.name)
                .map_or("was", |h| scen.verb(h, "was", "were"));
            let briefing = match g.briefed_turn {
                Some(t) => format!("{was} briefed on turn {t}"),
                None => format!("{was} never briefed"),
            };
            let vote = match g.voted_yes {
                Some(true) => " and voted yes",
                Some(false) => " and voted no",
                None => "",
            };
            let kept = if g.kept_out { " (kept out)" } else { "" };
            lines.push(format!("{} {briefing}{vote}{kept}.", g.name));
        }
        out.push(Section {
            title: "Your home front",
            lines,
        });
        if let Some(c) = &self.counterpart {
            let name = scen
                .parties
                .iter()
                .find(|p| p.id == c.party)
                .map(|p| p.name.as_str())
                .unwrap_or(c.party.as_str());
            let mut lines = vec![format!(
                "{name} was a {} with a hidden walk-away point of {:.2}.",
                crate::narrate::type_name(c.kind),
                c.reservation
            )];
            lines.push(match c.believed {
                _ if c.probes == 0 => "You never probed it.".to_string(),
                Some(b) => format!(
                    "Your {} suggested a {} ({} in a row){}.",
                    plural(c.probes, "probe", "probes"),
                    crate::narrate::type_name(b),
                    c.believed_by,
                    if b == c.kind { ": right" } else { ": wrong" }
                ),
                None => format!(
                    "Your {} suggested nothing.",
                    plural(c.probes, "probe", "probes")
                ),
            });
            out.push(Section {
                title: "The counterpart revealed",
                lines,
            });
        }
        let line = match &self.zone {
            None => "No deal was signed: there is nothing to place in the zone of agreement."
                .to_string(),
            Some(z) => format!(
                "The deal was worth {:.2} to you (walk-away {:.2}) and {:.2} to them (walk-away {:.2}): {}.",
                z.yours,
                z.your_reservation,
                z.theirs,
                z.their_reservation,
                match z.verdict {
                    ZoneVerdict::Inside => "inside the zone of agreement",
                    ZoneVerdict::BelowYours => "below your walk-away point",
                    ZoneVerdict::BelowTheirs => "below their walk-away point",
                    ZoneVerdict::BelowBoth => "below both walk-away points",
                }
            ),
        };
        out.push(Section {
            title: "The deal and the zone of agreement",
            lines: vec![line],
        });
        out
    }
}

impl PlayerDebrief {
    /// The debrief as plain text, as the terminal prints it: the sections, then the
    /// ideas this game showed.
    pub fn text(&self, scen: &Scenario) -> String {
        let mut s = format!("Your moves ({})\n", scen.parties[self.side].name);
        for sec in self.sections(scen) {
            s.push_str(&format!("  {}:\n", sec.title));
            for l in &sec.lines {
                s.push_str(&format!("    - {l}\n"));
            }
        }
        if !self.ideas.is_empty() {
            s.push_str("\nIdeas in this game:\n");
            for i in &self.ideas {
                s.push_str(&format!("  * {}. {}\n", i.title, i.text));
            }
        }
        s
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn times(n: u32) -> String {
    match n {
        0 => "0 times".into(),
        1 => "once".into(),
        n => format!("{n} times"),
    }
}

/// What the mediator did and what came of it, for the person who sat in its seat.
#[derive(Debug, Clone, PartialEq)]
pub struct MediatorDebrief {
    /// Proposals put, and how many a side rejected.
    pub proposals: usize,
    pub rejected: usize,
    /// The deal was the mediator's own text (a proposal both sides accepted).
    pub deal_was_proposal: bool,
    /// Its own interest in the deal, if there was one (0 to 1).
    pub interest: Option<f64>,
    /// What it paid out (only a ratified deal is paid), and its budget.
    pub paid: f64,
    pub budget: f64,
    /// The ending, in the scenario's words.
    pub ending: String,
}

impl MediatorDebrief {
    pub fn of(game: &Game) -> Self {
        let scen = game.scenario();
        let state = game
            .world()
            .resource::<crate::sim::components::MediatorState>();
        let deal = game
            .world()
            .resource::<crate::sim::components::DealState>()
            .0
            .clone();
        let outcome = game.outcome();
        let ratified = outcome.is_some_and(|o| o.ratified);
        let md = scen.mediator.as_ref();
        Self {
            proposals: state.proposals.len(),
            rejected: state
                .proposals
                .iter()
                .filter(|p| p.status == crate::sim::components::OfferStatus::Rejected)
                .count(),
            deal_was_proposal: deal.as_ref().is_some_and(|d| !d.payments.is_empty()),
            interest: deal.as_ref().and_then(|d| {
                let mut pkg = vec![0; scen.issues.len()];
                d.clauses.iter().for_each(|c| pkg[c.issue] = c.option);
                md.map(|m| m.interest(&pkg))
            }),
            paid: match &deal {
                Some(d) if ratified => d.payments.iter().sum(),
                _ => 0.0,
            },
            budget: md.map_or(0.0, |m| m.budget),
            ending: match outcome {
                Some(o) => crate::narrate::outcome_name(scen, Some(o.kind)),
                None => "unfinished".into(),
            },
        }
    }

    /// The debrief in a few lines of text.
    pub fn text(&self, scen: &Scenario) -> String {
        let name = crate::narrate::mediator_name(scen);
        let mut s = format!(
            "{name} (your seat): {} proposal(s), {} rejected; the game ended in: {}.\n",
            self.proposals, self.rejected, self.ending
        );
        match self.interest {
            Some(i) if self.deal_was_proposal => s.push_str(&format!(
                "The deal was your text; it is worth {:.0}% to your own interests.\n",
                i * 100.0
            )),
            Some(i) => s.push_str(&format!(
                "The sides agreed a text of their own, not yours; it is worth {:.0}% to your own interests.\n",
                i * 100.0
            )),
            None => s.push_str("No deal was agreed.\n"),
        }
        s.push_str(&format!(
            "You paid {:.3} of a budget of {:.3} (a promise is paid only if the deal is ratified).\n",
            self.paid, self.budget
        ));
        s
    }
}
