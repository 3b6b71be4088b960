//! The actions players and policies send, and how each is checked and carried out.
//!
//! Actions use the same string-id form as scripts and scenario files, so a transcript,
//! a script and a terminal command are one language. [`apply_action`] is the single
//! place where an action is validated and takes effect; an illegal action is refused
//! with a reason and changes nothing.

use std::collections::BTreeSet;

use bevy::prelude::*;

use super::components::*;
use super::rng::GameRng;
use super::rules::concession::audience_cost;
use super::rules::domestic::{anger_from_reveal, surprise};
use super::transcript::{EntryKind, Transcript};
use crate::scenario::schema::{
    ActionDef, ActionKind, Authority, Awareness, ChannelKind, Medium, Tone, TypeKind,
};

/// An action, as players, policies and scripts send it.
pub type Action = ActionDef;

/// A request to act, sent into the simulation.
#[derive(Message, Debug, Clone)]
pub struct ActionRequest {
    pub party: usize,
    pub action: Action,
}

/// The answer to an [`ActionRequest`]: what happened, or why it was refused.
#[derive(Message, Debug, Clone)]
pub struct ActionResolved {
    pub party: usize,
    pub action: Action,
    pub result: Result<String, String>,
}

fn scenario(world: &World) -> std::sync::Arc<crate::scenario::Scenario> {
    world.resource::<ScenarioRes>().0.clone()
}

fn channel_index(world: &World, id: &str) -> Option<usize> {
    let roster = world.resource::<Roster>();
    roster
        .channels
        .iter()
        .position(|&e| world.get::<Channel>(e).is_some_and(|c| c.id == id))
}

fn channel(world: &World, i: usize) -> &Channel {
    let e = world.resource::<Roster>().channels[i];
    world
        .get::<Channel>(e)
        .expect("roster entries are channels")
}

fn channel_mut(world: &mut World, i: usize) -> Mut<'_, Channel> {
    let e = world.resource::<Roster>().channels[i];
    world
        .get_mut::<Channel>(e)
        .expect("roster entries are channels")
}

fn party_entity(world: &World, p: usize) -> Entity {
    world.resource::<Roster>().parties[p]
}

/// A live channel by id that `party` sits on, or a refusal.
fn own_channel(world: &World, party: usize, id: &str) -> Result<usize, String> {
    let i = channel_index(world, id).ok_or_else(|| format!("there is no channel \"{id}\""))?;
    let ch = channel(world, i);
    if ch.side_of(party).is_none() {
        return Err(format!("your side is not on channel \"{id}\""));
    }
    if !ch.is_live() {
        return Err(format!("channel \"{id}\" is {:?}, not open", ch.status).to_lowercase());
    }
    Ok(i)
}

/// Carry out one action for `party`, or refuse it with a reason.
pub fn apply_action(world: &mut World, party: usize, action: &Action) -> Result<String, String> {
    let result = try_apply(world, party, action);
    let scen = scenario(world);
    let name = scen.parties.get(party).map(|p| p.id.clone());
    let private = matches!(
        action.kind(),
        ActionKind::Probe | ActionKind::Brief | ActionKind::Compartmentalise | ActionKind::Upgrade
    );
    let name = name.unwrap_or_default();
    let mut t = world.resource_mut::<Transcript>();
    match &result {
        Ok(text) if private => t.log_private(EntryKind::Action, &name, text.clone()),
        Ok(text) => {
            let kind = match action.kind() {
                ActionKind::Offer => EntryKind::Offer,
                ActionKind::Accept | ActionKind::Sign => EntryKind::Deal,
                _ => EntryKind::Action,
            };
            t.log(kind, Some(&name), text.clone())
        }
        Err(why) => t.log_private(
            EntryKind::Refused,
            &name,
            format!("{} refused: {why}", action.kind().name()),
        ),
    }
    result
}

fn try_apply(world: &mut World, party: usize, action: &Action) -> Result<String, String> {
    let scen = scenario(world);
    if world.resource::<TurnClock>().finished {
        return Err("the game is over".into());
    }
    if party >= scen.parties.len() {
        return Err(format!("there is no party number {party}"));
    }
    let kind = action.kind();
    if !scen.allows(kind) {
        return Err(format!("this scenario does not allow {}", kind.name()));
    }
    let pe = party_entity(world, party);
    let points = world.get::<ActionPoints>(pe).map(|a| a.0).unwrap_or(0);
    if points < kind.cost() {
        return Err(format!(
            "{} costs {} action point(s); {points} left this turn",
            kind.name(),
            kind.cost()
        ));
    }
    if world
        .resource::<DealState>()
        .0
        .as_ref()
        .is_some_and(|d| d.signed_turn.is_some())
        && kind != ActionKind::Wait
    {
        return Err("a deal has been signed; it is in ratification".into());
    }
    let me = &scen.parties[party];
    let other = scen.other_party(party);
    let turn = world.resource::<TurnClock>().turn;
    let text = match action {
        ActionDef::Wait => format!("{} waits", me.name),
        ActionDef::OpenChannel {
            id,
            from,
            to,
            via,
            medium,
        } => {
            if id.trim().is_empty() {
                return Err("a new channel needs a name".into());
            }
            if channel_index(world, id).is_some() {
                return Err(format!("a channel named \"{id}\" already exists"));
            }
            let from_i = scen
                .negotiator_index(from)
                .ok_or(format!("no negotiator \"{from}\""))?;
            let to_i = scen
                .negotiator_index(to)
                .ok_or(format!("no negotiator \"{to}\""))?;
            if scen.negotiators[from_i].party != party {
                return Err(format!(
                    "{} does not act for {}",
                    scen.negotiators[from_i].name, me.name
                ));
            }
            if scen.negotiators[to_i].party == party {
                return Err(format!(
                    "{} is on your own side",
                    scen.negotiators[to_i].name
                ));
            }
            let via_i = match via {
                Some(v) => Some(
                    scen.intermediary_index(v)
                        .ok_or(format!("no intermediary \"{v}\""))?,
                ),
                None => None,
            };
            let trust = 0.3
                + via_i
                    .map(|v| 0.15 * scen.intermediaries[v].neutrality)
                    .unwrap_or(0.0);
            let parent = latest_live_channel(world, party, other);
            spawn_channel(
                world,
                NewChannel {
                    id: id.clone(),
                    kind: if via_i.is_some() {
                        ChannelKind::BackMediated
                    } else {
                        ChannelKind::BackDirect
                    },
                    medium: *medium,
                    ends: [from_i, to_i],
                    parties: [party, other],
                    via: via_i,
                    staff: 2,
                    trust,
                    parent,
                },
            );
            format!(
                "{} opens a back channel \"{id}\": {} ↔ {}{} by {:?}",
                me.name,
                scen.negotiators[from_i].name,
                scen.negotiators[to_i].name,
                via_i
                    .map(|v| format!(" through {}", scen.intermediaries[v].name))
                    .unwrap_or_default(),
                medium
            )
        }
        ActionDef::Upgrade {
            channel: cid,
            negotiator,
        } => {
            let ci = own_channel(world, party, cid)?;
            let n = scen
                .negotiator_index(negotiator)
                .ok_or(format!("no negotiator \"{negotiator}\""))?;
            if scen.negotiators[n].party != party {
                return Err(format!(
                    "{} does not act for {}",
                    scen.negotiators[n].name, me.name
                ));
            }
            let side = channel(world, ci).side_of(party).unwrap_or(0);
            let current = channel(world, ci).ends[side];
            if scen.negotiators[n].authority <= scen.negotiators[current].authority {
                return Err(format!(
                    "{} has no more authority than {}",
                    scen.negotiators[n].name, scen.negotiators[current].name
                ));
            }
            let mut ch = channel_mut(world, ci);
            ch.ends[side] = n;
            ch.privy.insert(Person::Negotiator(n));
            ch.staff += 2;
            ch.trust = (ch.trust + 0.08).min(1.0);
            format!(
                "{} upgrades \"{cid}\": {} ({}) now speaks for {}",
                me.name, scen.negotiators[n].name, scen.negotiators[n].role, me.name
            )
        }
        ActionDef::Offer {
            channel: cid,
            clauses,
        } => {
            let ci = own_channel(world, party, cid)?;
            let is_back =
                channel(world, ci).is_back() && channel(world, ci).status == ChannelStatus::Open;
            let mut seen = BTreeSet::new();
            let mut typed = Vec::new();
            if clauses.is_empty() {
                return Err("an offer needs at least one clause".into());
            }
            for c in clauses {
                let i = scen
                    .issue_index(&c.issue)
                    .ok_or(format!("no issue \"{}\"", c.issue))?;
                let o = scen.option_index(i, &c.option).ok_or(format!(
                    "issue \"{}\" has no option \"{}\"",
                    c.issue, c.option
                ))?;
                if !seen.insert(i) {
                    return Err(format!("issue \"{}\" appears twice in the offer", c.issue));
                }
                if c.secret && !is_back {
                    return Err(format!(
                        "clause on \"{}\" is marked secret, but \"{cid}\" is not a secret back channel",
                        c.issue
                    ));
                }
                typed.push(Clause {
                    issue: i,
                    option: o,
                    secret: c.secret,
                });
            }
            // Audience cost: public retreat from a stated position, on a public channel.
            let mut cost = 0.0;
            if !is_back {
                let pos = world.get::<PublicPosition>(pe).cloned();
                if let Some(pos) = pos {
                    for c in &typed {
                        if let Some(stated) = pos.option[c.issue] {
                            let opts = &scen.issues[c.issue].options;
                            let retreat =
                                opts[stated].utility[party] - opts[c.option].utility[party];
                            cost += audience_cost(
                                scen.rules.audience_cost,
                                pos.hardness[c.issue],
                                retreat,
                            ) * scen.parties[party].weights[c.issue].max(0.2);
                        }
                    }
                }
                if cost > 0.0 {
                    let mut s = world.get_mut::<Standing>(pe).expect("party has standing");
                    s.domestic_support = (s.domestic_support - cost).clamp(0.0, 1.0);
                }
            }
            // Earlier pending offers on this channel are superseded.
            let offers: Vec<Entity> = world.resource::<Roster>().offers.clone();
            for e in offers {
                if let Some(mut o) = world.get_mut::<Offer>(e)
                    && o.channel == ci
                    && o.status == OfferStatus::Pending
                {
                    o.status = OfferStatus::Superseded;
                }
            }
            let index = world.resource::<Roster>().offers.len();
            let offer = Offer {
                index,
                from: party,
                channel: ci,
                turn,
                clauses: typed.clone(),
                status: OfferStatus::Pending,
            };
            let package = offer.package(scen.issues.len());
            let e = world.spawn(offer).id();
            world.resource_mut::<Roster>().offers.push(e);
            channel_mut(world, ci).offers_made += 1;
            // What the other side is offered, for the reciprocating type.
            let theirs = scen.package_utility(other, &package);
            let oe = party_entity(world, other);
            if let Some(mut m) = world.get_mut::<OfferMemory>(oe) {
                let best = m.best_offered.unwrap_or(0.0);
                m.last_gain = (theirs - best).max(0.0);
                m.best_offered = Some(best.max(theirs));
            }
            let mine = scen.package_utility(party, &package);
            if mine >= scen.parties[party].reservation && theirs >= scen.parties[other].reservation
            {
                world.resource_mut::<History>().zopa_turns.push(turn);
            }
            let desc = describe_clauses(&scen, &typed);
            let mut text = format!("{} offers on \"{cid}\": {desc}", me.name);
            if cost > 0.0 {
                text.push_str(&format!(" (audience cost: support −{:.0}%)", cost * 100.0));
            }
            text
        }
        ActionDef::Accept { channel: cid } | ActionDef::Reject { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            let offers: Vec<Entity> = world.resource::<Roster>().offers.clone();
            let pending = offers.into_iter().find(|&e| {
                world.get::<Offer>(e).is_some_and(|o| {
                    o.channel == ci && o.status == OfferStatus::Pending && o.from != party
                })
            });
            let Some(oe) = pending else {
                return Err(format!(
                    "no offer from the other side is pending on \"{cid}\""
                ));
            };
            let accept = matches!(action, ActionDef::Accept { .. });
            let mut o = world.get_mut::<Offer>(oe).expect("offer entity");
            o.status = if accept {
                OfferStatus::Accepted
            } else {
                OfferStatus::Rejected
            };
            let offer = o.clone();
            if accept {
                world.resource_mut::<DealState>().0 = Some(Deal {
                    offer: offer.index,
                    channel: ci,
                    clauses: offer.clauses.clone(),
                    accepted_turn: turn,
                    signed_turn: None,
                    signed_by: None,
                });
                let mut ch = channel_mut(world, ci);
                ch.trust = (ch.trust + 0.05).min(1.0);
                let text = format!(
                    "{} accepts the offer on \"{cid}\" ad referendum: {}",
                    me.name,
                    describe_clauses(&scen, &offer.clauses)
                );
                text
            } else {
                let mut ch = channel_mut(world, ci);
                ch.trust = (ch.trust - 0.02).max(0.0);
                format!("{} rejects the offer on \"{cid}\"", me.name)
            }
        }
        ActionDef::Probe { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            let trust = channel(world, ci).trust;
            let truth = world
                .get::<HiddenType>(party_entity(world, other))
                .map(|h| h.kind)
                .unwrap_or(TypeKind::Reciprocator);
            let (honest, u) = world.resource_mut::<GameRng>().chance(0.55 + 0.35 * trust);
            let signal = if honest {
                truth
            } else {
                let kinds = [
                    TypeKind::Hardliner,
                    TypeKind::Conceder,
                    TypeKind::Reciprocator,
                ];
                let pick = (world.resource_mut::<GameRng>().uniform() * 2.0) as usize;
                kinds
                    .into_iter()
                    .filter(|k| *k != truth)
                    .nth(pick.min(1))
                    .unwrap_or(truth)
            };
            world.resource_mut::<Transcript>().log_private(
                EntryKind::Draw,
                &me.id,
                format!("probe signal draw {u:.4} vs {:.3}", 0.55 + 0.35 * trust),
            );
            let mut b = world.get_mut::<Beliefs>(pe).expect("party has beliefs");
            if b.other_type == Some(signal) {
                b.probes += 1;
            } else {
                b.other_type = Some(signal);
                b.probes = 1;
            }
            if truth != TypeKind::Hardliner {
                let mut ch = channel_mut(world, ci);
                ch.trust = (ch.trust + 0.03).min(1.0);
            }
            format!(
                "{} probes good faith on \"{cid}\": the signals suggest a {} ({} consistent probe(s))",
                me.name,
                type_name(signal),
                world.get::<Beliefs>(pe).map(|b| b.probes).unwrap_or(1)
            )
        }
        ActionDef::Meet { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            if let Some(v) = channel(world, ci).via {
                let ve = world.resource::<Roster>().intermediaries[v];
                let im = world.get::<Intermediary>(ve).expect("intermediary");
                if im.meetings_this_turn >= im.capacity {
                    return Err(format!(
                        "{} can host no more meetings this turn",
                        scen.intermediaries[v].name
                    ));
                }
                world
                    .get_mut::<Intermediary>(ve)
                    .expect("intermediary")
                    .meetings_this_turn += 1;
            }
            let mut ch = channel_mut(world, ci);
            ch.trust = (ch.trust + 0.2 * (1.0 - ch.trust)).min(1.0);
            ch.met_this_turn = true;
            format!(
                "{} meets face to face on \"{cid}\" (trust now {:.0}%)",
                me.name,
                ch.trust * 100.0
            )
        }
        ActionDef::Message { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            let mut ch = channel_mut(world, ci);
            ch.trust = (ch.trust + 0.05 * (1.0 - ch.trust)).min(1.0);
            format!("{} sends a message on \"{cid}\"", me.name)
        }
        ActionDef::Statement {
            issue,
            option,
            tone,
        } => {
            let i = scen
                .issue_index(issue)
                .ok_or(format!("no issue \"{issue}\""))?;
            let o = scen
                .option_index(i, option)
                .ok_or(format!("issue \"{issue}\" has no option \"{option}\""))?;
            let mut pos = world
                .get::<PublicPosition>(pe)
                .cloned()
                .expect("party has a position");
            let before = pos.option[i];
            let opts = &scen.issues[i].options;
            let mut support = 0.0;
            match tone {
                Tone::Harden => {
                    pos.hardness[i] += 1;
                    support += 0.03;
                }
                Tone::Soften => {
                    if let Some(b) = before {
                        let retreat = opts[b].utility[party] - opts[o].utility[party];
                        support -=
                            audience_cost(scen.rules.audience_cost, pos.hardness[i], retreat);
                    }
                    pos.hardness[i] = pos.hardness[i].saturating_sub(1);
                }
            }
            pos.option[i] = Some(o);
            world.entity_mut(pe).insert(pos);
            let mut s = world.get_mut::<Standing>(pe).expect("standing");
            s.domestic_support = (s.domestic_support + support).clamp(0.0, 1.0);
            let delta = if *tone == Tone::Harden { -0.04 } else { 0.04 };
            adjust_trust_between(world, party, other, delta);
            format!(
                "{} {} its public line on {}: \"{}\"",
                me.name,
                if *tone == Tone::Harden {
                    "hardens"
                } else {
                    "softens"
                },
                scen.issues[i].name,
                opts[o].label
            )
        }
        ActionDef::Brief {
            stakeholder,
            channel: cid,
        } => {
            let s = scen
                .stakeholder_index(stakeholder)
                .ok_or(format!("no stakeholder \"{stakeholder}\""))?;
            if scen.stakeholders[s].party != party {
                return Err(format!("{} is not on your side", scen.stakeholders[s].name));
            }
            let ci = own_channel(world, party, cid)?;
            if channel(world, ci).privy.contains(&Person::Stakeholder(s)) {
                return Err(format!(
                    "{} is already privy to \"{cid}\"",
                    scen.stakeholders[s].name
                ));
            }
            let se = world.resource::<Roster>().stakeholders[s];
            let mut st = world.get_mut::<Stakeholder>(se).expect("stakeholder");
            st.awareness = Awareness::InTheLoop;
            st.briefed = true;
            st.anger *= 0.6;
            channel_mut(world, ci).privy.insert(Person::Stakeholder(s));
            format!(
                "{} briefs {} on \"{cid}\" (now in the loop)",
                me.name, scen.stakeholders[s].name
            )
        }
        ActionDef::Compartmentalise { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            let mut ch = channel_mut(world, ci);
            if !ch.is_back() {
                return Err("official channels cannot be compartmentalised".into());
            }
            if ch.staff == 0 {
                return Err(format!("\"{cid}\" has no staff left to cut"));
            }
            ch.staff /= 2;
            ch.compartmentalised = true;
            format!(
                "{} compartmentalises \"{cid}\": staff cut to {}",
                me.name, ch.staff
            )
        }
        ActionDef::Deny => {
            let d = world.get::<Denials>(pe).cloned().unwrap_or_default();
            if !d.rumour {
                return Err("there is no rumour to deny".into());
            }
            world.entity_mut(pe).insert(Denials {
                debt: d.debt + 0.12,
                rumour: false,
            });
            calm_suspicion(world, party, 0.5);
            format!("{} publicly denies the rumour of secret talks", me.name)
        }
        ActionDef::Confirm { channel: cid } => {
            let ci = own_channel(world, party, cid)?;
            if !channel(world, ci).is_back() {
                return Err(format!(
                    "\"{cid}\" is an official channel; it is already public"
                ));
            }
            if channel(world, ci).revealed >= Some(LeakLevel::Content)
                && !world.get::<Denials>(pe).is_some_and(|d| d.rumour)
            {
                return Err(format!("\"{cid}\" is already public"));
            }
            disclose(world, ci, LeakLevel::Content, 0.45);
            let mut d = world.get_mut::<Denials>(pe).expect("denials");
            let paid = d.debt * 0.5;
            d.debt = 0.0;
            d.rumour = false;
            let mut s = world.get_mut::<Standing>(pe).expect("standing");
            s.credibility = (s.credibility + 0.03 - paid).clamp(0.0, 1.0);
            format!(
                "{} confirms the talks on \"{cid}\" and frames them in public (controlled disclosure)",
                me.name
            )
        }
        ActionDef::Escalate | ActionDef::DeEscalate => {
            let up = matches!(action, ActionDef::Escalate);
            let mut esc = world.resource_mut::<Escalation>();
            if !up && esc.level == 0 {
                return Err("the crisis is already at its calmest".into());
            }
            if up && esc.level >= esc.war_at {
                return Err("the crisis is already at war".into());
            }
            if up {
                esc.level += 1;
                esc.history.push(turn);
            } else {
                esc.level -= 1;
            }
            let level = esc.level;
            let delta = if up { -0.05 } else { 0.04 };
            adjust_trust_between(world, party, other, delta);
            let mut s = world.get_mut::<Standing>(pe).expect("standing");
            s.domestic_support =
                (s.domestic_support + if up { 0.02 } else { -0.01 }).clamp(0.0, 1.0);
            let rung = scen
                .rules
                .escalation
                .levels
                .get(level as usize)
                .cloned()
                .unwrap_or_default();
            world.resource_mut::<Transcript>().log(
                EntryKind::Escalation,
                Some(&me.id),
                format!("escalation now at rung {level}: {rung}"),
            );
            format!(
                "{} {}",
                me.name,
                if up { "escalates" } else { "de-escalates" }
            )
        }
        ActionDef::MoveVenue {
            channel: cid,
            via,
            id,
        } => {
            let ci = own_channel(world, party, cid)?;
            let v = scen
                .intermediary_index(via)
                .ok_or(format!("no intermediary \"{via}\""))?;
            if channel(world, ci).via == Some(v) {
                return Err(format!(
                    "the talks are already hosted by {}",
                    scen.intermediaries[v].name
                ));
            }
            if id.trim().is_empty() || channel_index(world, id).is_some() {
                return Err(format!(
                    "the new channel needs a fresh name (\"{id}\" is taken or empty)"
                ));
            }
            let old = channel(world, ci).clone();
            let side = old.side_of(party).unwrap_or(0);
            let ends = if side == 0 {
                old.ends
            } else {
                [old.ends[1], old.ends[0]]
            };
            let new = spawn_channel(
                world,
                NewChannel {
                    id: id.clone(),
                    kind: ChannelKind::BackMediated,
                    medium: Medium::FaceToFace,
                    ends,
                    parties: [party, other],
                    via: Some(v),
                    staff: old.staff,
                    trust: (old.trust - 0.1).max(0.0),
                    parent: Some(ci),
                },
            );
            {
                let mut ch = channel_mut(world, new);
                for p in &old.privy {
                    ch.privy.insert(*p);
                }
            }
            channel_mut(world, ci).status = ChannelStatus::Dormant;
            // Forum shopping: the new venue presses the other side, and costs trust.
            let oe = party_entity(world, other);
            if let Some(mut m) = world.get_mut::<OfferMemory>(oe) {
                m.last_gain += 0.05 * scen.intermediaries[v].neutrality;
            }
            adjust_trust_between(world, party, other, -0.08);
            format!(
                "{} moves the talks of \"{cid}\" to {} as \"{id}\" (forum shopping)",
                me.name, scen.intermediaries[v].name
            )
        }
        ActionDef::Sign => {
            let Some(deal) = world.resource::<DealState>().0.clone() else {
                return Err(
                    "there is no agreed deal to sign; an offer must be accepted first".into(),
                );
            };
            let ch = channel(world, deal.channel).clone();
            let Some(side) = ch.side_of(party) else {
                return Err("your side is not on the channel where the deal was made".into());
            };
            let end = ch.ends[side];
            let has_commit = scen.negotiators[end].authority == Authority::Commit
                || ch.privy.iter().any(|p| matches!(p, Person::Negotiator(n) if scen.negotiators[*n].party == party && scen.negotiators[*n].authority == Authority::Commit));
            if !has_commit {
                return Err(format!(
                    "nobody on \"{}\" can commit {} ({} may only explore); upgrade the channel first",
                    ch.id, me.name, scen.negotiators[end].name
                ));
            }
            let mut d = world.resource_mut::<DealState>();
            let deal = d.0.as_mut().expect("checked above");
            deal.signed_turn = Some(turn);
            deal.signed_by = Some(party);
            // Signing takes the public part of the deal public.
            let public_only = LeakLevel::Content;
            if ch.is_back() && ch.revealed < Some(public_only) {
                disclose(world, ch.index, public_only, 0.3);
            }
            format!(
                "{} signs the deal and sends it home for ratification",
                me.name
            )
        }
    };
    world
        .get_mut::<ActionPoints>(pe)
        .expect("party has action points")
        .0 -= kind.cost();
    Ok(text)
}

fn type_name(k: TypeKind) -> &'static str {
    match k {
        TypeKind::Hardliner => "hard-liner",
        TypeKind::Conceder => "conceder",
        TypeKind::Reciprocator => "reciprocator",
    }
}

/// Human-readable list of clauses.
pub fn describe_clauses(scen: &crate::scenario::Scenario, clauses: &[Clause]) -> String {
    clauses
        .iter()
        .map(|c| {
            let issue = &scen.issues[c.issue];
            format!(
                "{}: {}{}",
                issue.name,
                issue.options[c.option].label,
                if c.secret { " [secret]" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn latest_live_channel(world: &World, a: usize, b: usize) -> Option<usize> {
    let roster = world.resource::<Roster>();
    roster.channels.iter().rev().find_map(|&e| {
        let ch = world.get::<Channel>(e)?;
        (ch.is_live() && ch.side_of(a).is_some() && ch.side_of(b).is_some()).then_some(ch.index)
    })
}

fn adjust_trust_between(world: &mut World, a: usize, b: usize, delta: f64) {
    let channels = world.resource::<Roster>().channels.clone();
    for e in channels {
        if let Some(mut ch) = world.get_mut::<Channel>(e)
            && ch.side_of(a).is_some()
            && ch.side_of(b).is_some()
        {
            ch.trust = (ch.trust + delta).clamp(0.0, 1.0);
        }
    }
}

/// Suspicion of one party's stakeholders is soothed by a denial (they half believe it).
fn calm_suspicion(world: &mut World, party: usize, factor: f64) {
    let holders = world.resource::<Roster>().stakeholders.clone();
    for e in holders {
        if let Some(mut s) = world.get_mut::<Stakeholder>(e)
            && s.party == party
            && s.awareness == Awareness::Suspicious
        {
            s.anger *= factor;
        }
    }
}

/// Make a channel's content known to the stakeholders of both parties, with anger
/// scaled by `surprise_scale` (1 for a hostile leak, lower for a controlled disclosure).
pub fn disclose(world: &mut World, ci: usize, level: LeakLevel, surprise_scale: f64) {
    let scen = scenario(world);
    let ch = channel(world, ci).clone();
    // What is revealed: the latest offers on the channel (or the deal), public and,
    // at the secret-clause level, the secret clauses too.
    let offers: Vec<Offer> = world
        .resource::<Roster>()
        .offers
        .iter()
        .filter_map(|&e| world.get::<Offer>(e).cloned())
        .filter(|o| o.channel == ci)
        .collect();
    let content: Vec<Clause> = match level {
        LeakLevel::Existence => Vec::new(),
        LeakLevel::Content => offers
            .last()
            .map(|o| o.clauses.iter().filter(|c| !c.secret).copied().collect())
            .unwrap_or_default(),
        LeakLevel::SecretClause => offers.last().map(|o| o.clauses.clone()).unwrap_or_default(),
    };
    {
        let mut c = channel_mut(world, ci);
        c.revealed = c.revealed.max(Some(level));
        if c.status == ChannelStatus::Open {
            c.status = ChannelStatus::Exposed;
        }
    }
    let holders = world.resource::<Roster>().stakeholders.clone();
    for e in holders {
        let Some(mut s) = world.get_mut::<Stakeholder>(e) else {
            continue;
        };
        if !ch.parties.contains(&s.party) {
            continue;
        }
        let idx = s.index;
        let distance = if content.is_empty() {
            // Existence only: the very fact of talking, weighted by how explosive the issues are.
            let sens: f64 = scen.issues.iter().map(|i| i.sensitivity).sum::<f64>()
                / scen.issues.len().max(1) as f64;
            let stance_talk: f64 = 1.0 - scen.stakeholders[idx].reservation;
            (0.3 + 0.4 * sens) * (1.0 - stance_talk * 0.5)
        } else {
            let mut d = 0.0;
            let mut w = 0.0;
            for c in &content {
                let sens = scen.issues[c.issue].sensitivity * if c.secret { 1.5 } else { 1.0 };
                d += sens * (1.0 - scen.issues[c.issue].options[c.option].stance[idx]);
                w += scen.issues[c.issue].sensitivity;
            }
            if w > 0.0 {
                (d / w).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let add = anger_from_reveal(
            s.influence,
            distance,
            surprise(s.awareness, s.briefed) * surprise_scale,
        );
        s.anger = (s.anger + add).clamp(0.0, 1.0);
        let floor = if level == LeakLevel::Existence {
            Awareness::Suspicious
        } else {
            Awareness::Informed
        };
        if s.awareness < floor {
            s.awareness = floor;
        }
    }
}

/// What a new channel is made of.
pub struct NewChannel {
    pub id: String,
    pub kind: ChannelKind,
    pub medium: Medium,
    pub ends: [usize; 2],
    pub parties: [usize; 2],
    pub via: Option<usize>,
    pub staff: u32,
    pub trust: f64,
    pub parent: Option<usize>,
}

/// Spawn a channel entity and register it; returns its index.
pub fn spawn_channel(world: &mut World, n: NewChannel) -> usize {
    let index = world.resource::<Roster>().channels.len();
    let mut privy = BTreeSet::new();
    privy.insert(Person::Negotiator(n.ends[0]));
    privy.insert(Person::Negotiator(n.ends[1]));
    if let Some(v) = n.via {
        privy.insert(Person::Intermediary(v));
    }
    let e = world
        .spawn(Channel {
            index,
            id: n.id,
            kind: n.kind,
            medium: n.medium,
            ends: n.ends,
            parties: n.parties,
            via: n.via,
            privy,
            staff: n.staff,
            age: 0,
            trust: n.trust.clamp(0.0, 1.0),
            status: ChannelStatus::Open,
            parent: n.parent,
            compartmentalised: false,
            revealed: (n.kind == ChannelKind::Official).then_some(LeakLevel::Content),
            met_this_turn: false,
            offers_made: 0,
        })
        .id();
    world.resource_mut::<Roster>().channels.push(e);
    index
}

/// The kinds of action a party could try now, cheapest first (for menus and policies).
pub fn affordable(points: u32) -> impl Iterator<Item = ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(move |k| k.cost() <= points)
}
