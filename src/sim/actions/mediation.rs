//! The mediator's move: putting a package to both sides, with what it would pay each
//! if the deal is ratified. The computer mediator ([`crate::ai::mediator`]) and a person
//! in the mediator's seat both go through [`put_proposal`], so one set of rules decides
//! where a proposal is made, what it may contain and what it may cost.

use std::collections::BTreeSet;

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

use super::{NewChannel, spawn_channel};
use crate::scenario::Scenario;
use crate::scenario::schema::{Authority, ChannelKind, ClauseDef, Medium};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Refusal};
use crate::sim::rules::moves;

/// A proposal as a person (or a script) writes it: clauses by issue and option id, and
/// payments by party id (what the mediator pays that side if the deal is ratified).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProposalDef {
    pub clauses: Vec<ClauseDef>,
    #[serde(default)]
    pub payments: Vec<(String, f64)>,
}

/// Why the mediator may not put a proposal now, whoever sits in its seat (`None`: it
/// may). It proposes from its first turn, while its host is available, once a turn at
/// most, and only while nothing is agreed.
pub fn mediator_refusal(world: &World) -> Option<Refusal> {
    refusal_of(
        &world.resource::<ScenarioRes>().0,
        world.resource::<TurnClock>(),
        world.resource::<DealState>(),
        world.resource::<MediatorState>(),
    )
}

/// [`mediator_refusal`] from the resources it reads.
pub fn refusal_of(
    scen: &Scenario,
    clock: &TurnClock,
    deal: &DealState,
    mediator: &MediatorState,
) -> Option<Refusal> {
    let Some(md) = scen.mediator.as_ref() else {
        return Some(Refusal::NoMediator);
    };
    if clock.finished {
        return Some(Refusal::GameOver);
    }
    if deal.0.is_some() {
        return Some(Refusal::DealAgreed);
    }
    if clock.turn < md.from_turn {
        return Some(Refusal::MediatorNotYet(md.from_turn));
    }
    if !scen.intermediaries[md.host].available(clock.turn) {
        return Some(Refusal::HostUnavailable(md.host));
    }
    if scen.parties.len() != 2 {
        return Some(Refusal::NoTable);
    }
    if mediator
        .proposals
        .last()
        .is_some_and(|p| p.turn == clock.turn)
    {
        return Some(Refusal::ProposedThisTurn);
    }
    None
}

/// Check a written proposal against the scenario: known issues and options, each issue
/// once, at least one clause; payments to known parties, from 0 up, within the budget
/// left. Returns the typed clauses and one payment per party.
pub fn check_proposal(
    scen: &Scenario,
    def: &ProposalDef,
    budget_left: f64,
) -> Result<(Vec<Clause>, Vec<f64>), Refusal> {
    if def.clauses.is_empty() {
        return Err(Refusal::EmptyOffer);
    }
    let mut seen = BTreeSet::new();
    let mut clauses = Vec::with_capacity(def.clauses.len());
    for c in &def.clauses {
        let (issue, option, _) = super::bargaining::typed_clause(scen, c)?;
        if !seen.insert(issue) {
            return Err(Refusal::IssueTwice(c.issue.clone()));
        }
        clauses.push(Clause {
            issue,
            option,
            secret: false,
        });
    }
    let mut payments = vec![0.0; scen.parties.len()];
    for (id, amount) in &def.payments {
        let p = scen
            .party_index(id)
            .ok_or_else(|| Refusal::UnknownParty(id.clone()))?;
        if !amount.is_finite() || *amount < 0.0 {
            return Err(Refusal::BadPayment(id.clone()));
        }
        payments[p] += (amount * 1000.0).round() / 1000.0;
    }
    let thousandths = |x: f64| (x * 1000.0).round() as u32;
    let total: f64 = payments.iter().sum();
    if thousandths(total) > thousandths(budget_left) {
        return Err(Refusal::OverBudget {
            asked: thousandths(total),
            left: thousandths(budget_left),
        });
    }
    Ok((clauses, payments))
}

/// Put a person's (or a script's) proposal to both sides now, if the rules allow (see
/// [`table`] for where).
pub fn put_proposal(world: &mut World, def: &ProposalDef) -> Result<EventKind, Refusal> {
    if let Some(r) = mediator_refusal(world) {
        return Err(r);
    }
    let scen = world.resource::<ScenarioRes>().0.clone();
    let (clauses, payments) =
        check_proposal(&scen, def, world.resource::<MediatorState>().budget_left)?;
    let channel = table(world, &scen).ok_or(Refusal::NoTable)?;
    Ok(place(world, channel, clauses, payments))
}

/// Where the mediator speaks: the official table when it speaks in public, otherwise
/// the channel its host keeps, inviting both sides to one if none is live.
pub fn table(world: &mut World, scen: &Scenario) -> Option<usize> {
    let md = scen.mediator.as_ref()?;
    if md.public_table {
        official_table(world)
    } else {
        hosted_channel(world, md.host).or_else(|| invite(world, scen))
    }
}

/// Record a checked proposal on `channel`; earlier pending proposals are superseded.
pub fn place(
    world: &mut World,
    channel: usize,
    clauses: Vec<Clause>,
    payments: Vec<f64>,
) -> EventKind {
    let turn = world.resource::<TurnClock>().turn;
    let mut state = world.resource_mut::<MediatorState>();
    for p in state.proposals.iter_mut() {
        if p.status == OfferStatus::Pending {
            p.status = OfferStatus::Superseded;
        }
    }
    let index = state.proposals.len();
    state.proposals.push(Proposal {
        index,
        channel,
        turn,
        clauses: clauses.clone(),
        accepted: vec![false; payments.len()],
        payments: payments.clone(),
        status: OfferStatus::Pending,
    });
    let event = EventKind::Proposed {
        channel,
        proposal: index,
        clauses,
        payments,
    };
    world
        .resource_mut::<Chronicle>()
        .record(None, event.clone());
    event
}

/// The first live official channel: the public table.
pub fn official_table(world: &World) -> Option<usize> {
    world
        .resource::<Roster>()
        .channels
        .iter()
        .filter_map(|&e| world.get::<Channel>(e))
        .find(|c| c.kind == ChannelKind::Official && c.is_live())
        .map(|c| c.index)
}

/// The newest live channel through the mediator's host.
pub fn hosted_channel(world: &World, host: usize) -> Option<usize> {
    world
        .resource::<Roster>()
        .channels
        .iter()
        .filter_map(|&e| world.get::<Channel>(e))
        .filter(|c| c.via == Some(host) && c.is_live())
        .map(|c| c.index)
        .last()
}

/// Invite both sides to talks through the host: a new mediated channel between each
/// side's most discreet negotiator at the table.
fn invite(world: &mut World, scen: &Scenario) -> Option<usize> {
    let md = scen.mediator.as_ref()?;
    let present: Vec<bool> = world
        .resource::<Roster>()
        .negotiators
        .iter()
        .map(|&e| world.get::<Negotiator>(e).is_some_and(|n| n.present))
        .collect();
    let a = scen.most_discreet_of(0, Authority::Explore, &present)?;
    let b = scen.most_discreet_of(1, Authority::Explore, &present)?;
    let taken = |id: &str| {
        world
            .resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| world.get::<Channel>(e))
            .any(|c| c.id == id)
    };
    let mut id = format!("{}_talks", md.id);
    let mut n = 2;
    while taken(&id) {
        id = format!("{}_talks_{n}", md.id);
        n += 1;
    }
    let channel = spawn_channel(
        world,
        NewChannel {
            id,
            kind: ChannelKind::BackMediated,
            medium: scen.media().first().copied().unwrap_or(Medium::FaceToFace),
            ends: [a, b],
            parties: [0, 1],
            via: Some(md.host),
            staff: moves::NEW_CHANNEL_STAFF,
            trust: moves::new_channel_trust(Some(scen.intermediaries[md.host].neutrality)),
            parent: None,
        },
    );
    world
        .resource_mut::<Chronicle>()
        .record(None, EventKind::MediatorInvited { channel });
    Some(channel)
}
