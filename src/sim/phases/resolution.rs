//! Phase 7, resolution: ratification at home, the implementation epilogue, scoring.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use crate::scenario::schema::{Awareness, ConditionDef};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Phase};
use crate::sim::outcome::*;
use crate::sim::phases::briefing::{condition_holds, fire_in};
use crate::sim::rng::GameRng;
use crate::sim::rules::domestic::spoiler_chance;
use crate::sim::rules::leak::epilogue_secret_chance;
use crate::sim::rules::ratification::{ballot, visible_stance};
use crate::sim::view::{home_front, privy_chances};

/// What resolution reads and writes on most turns (no deal signed, game on), with the
/// ids looked up once (kept by the system).
pub type ResolveReads = (
    ResMut<'static, Chronicle>,
    ResMut<'static, TurnClock>,
    Res<'static, DealState>,
);

/// A signed deal goes to ratification and implementation; a finished game is scored;
/// otherwise the next turn begins.
pub fn resolve(world: &mut World, reads: &mut SystemState<ResolveReads>) {
    let (finished, signed) = {
        let (mut chronicle, mut clock, deal) = reads
            .get_mut(world)
            .expect("a game's resources are set up with it");
        chronicle.phase = Some(Phase::Resolution);
        let signed = deal.0.as_ref().is_some_and(|d| d.signed_turn.is_some());
        if !clock.finished && !signed {
            // Most turns: the next one begins.
            clock.turn += 1;
            return;
        }
        (clock.finished, signed)
    };
    if !finished && signed {
        ratify_and_implement(world);
        world.resource_mut::<TurnClock>().finished = true;
    }
    // The game is over: scored once.
    if world
        .resource::<OutcomeRes>()
        .0
        .as_ref()
        .is_some_and(|o| o.scores.is_empty())
    {
        score(world);
    }
}

fn ratify_and_implement(world: &mut World) {
    let scen = world.resource::<ScenarioRes>().0.clone();
    let turn = world.resource::<TurnClock>().turn;
    let deal = world
        .resource::<DealState>()
        .0
        .clone()
        .expect("signed deal");
    // Events on signing come before the votes at home.
    let on_signing: Vec<usize> = scen
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            !e.epilogue && e.turn <= turn && matches!(e.when, Some(ConditionDef::DealSigned))
        })
        .map(|(i, _)| i)
        .collect();
    for i in on_signing {
        fire_in(world, &scen, i);
    }
    let mut holders = world.resource::<Roster>().stakeholder_states(world);
    let public: Vec<Clause> = deal.clauses.iter().filter(|c| !c.secret).copied().collect();
    let secret: Vec<Clause> = deal.clauses.iter().filter(|c| c.secret).copied().collect();
    let secret_exposed = !secret.is_empty()
        && world
            .resource::<Roster>()
            .channels
            .get(deal.channel)
            .and_then(|&e| world.get::<Channel>(e))
            .is_some_and(|c| c.revealed >= Some(LeakLevel::SecretClause));

    let mut ratified_by = Vec::new();
    for p in 0..scen.parties.len() {
        let home = home_front(world, p);
        let (share, votes) = ballot(&scen, p, &public, &holders, &home);
        let mut chronicle = world.resource_mut::<Chronicle>();
        for vote in votes {
            chronicle.record(Some(p), EventKind::Voted { vote });
        }
        let ok = share >= scen.rules.ratification_threshold;
        chronicle.record(
            Some(p),
            EventKind::RatificationDecided {
                ratified: ok,
                share,
                threshold: scen.rules.ratification_threshold,
            },
        );
        ratified_by.push(ok);
    }
    // A leadership whose own home rejects the deal it signed is weakened: a rushed or
    // unsellable deal costs support and credibility, not only the deal.
    for (p, ok) in ratified_by.iter().enumerate() {
        if !ok {
            let pe = world.resource::<Roster>().parties[p];
            let mut st = world.get_mut::<Standing>(pe).expect("standing");
            st.domestic_support = (st.domestic_support - REJECTED_SUPPORT).clamp(0.0, 1.0);
            st.credibility = (st.credibility - REJECTED_CREDIBILITY).clamp(0.0, 1.0);
        }
    }
    let ratified = ratified_by.iter().all(|&r| r);

    // Implementation epilogue: those left out may defect; secrets may come out, the more
    // likely the more people knew them.
    let keepers: Vec<f64> = {
        let e = world.resource::<Roster>().channels[deal.channel];
        let ch = world.get::<Channel>(e).expect("the deal's channel").clone();
        privy_chances(world, &ch)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    };
    let mut implementation = None;
    let mut secret_later = false;
    if ratified {
        let mut damage = 0.0;
        for k in 1..=scen.epilogue_turns {
            let due: Vec<usize> = scen
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| e.epilogue && e.turn == k)
                .map(|(i, _)| i)
                .collect();
            if !due.is_empty() {
                for i in due {
                    if condition_holds(world, &scen.events[i].when) {
                        fire_in(world, &scen, i);
                    }
                }
                holders = world.resource::<Roster>().stakeholder_states(world);
            }
            for h in &holders {
                let st = visible_stance(&scen, h.index, &public);
                let grievance = h
                    .anger
                    .max(scen.stakeholders[h.index].reservation - st)
                    .max(0.0);
                if h.spoiler_capacity <= 0.0
                    || grievance <= 0.0
                    || scen.stakeholders[h.index].acts.is_empty()
                {
                    continue;
                }
                let excluded = !h.briefed;
                let p = spoiler_chance(h.spoiler_capacity, grievance, Awareness::Informed, true)
                    * if excluded { 1.0 } else { 0.4 };
                let (hit, draw) = world.resource_mut::<GameRng>().chance(p);
                if hit {
                    let hurt = h.spoiler_capacity * (0.1 + h.influence) * 0.6;
                    damage += hurt;
                    world.resource_mut::<Chronicle>().record(
                        Some(h.party),
                        EventKind::EpilogueSpoiler {
                            round: k,
                            stakeholder: h.index,
                            draw,
                            chance: p,
                            damage: hurt,
                        },
                    );
                }
            }
            for c in &secret {
                let p = epilogue_secret_chance(&keepers, scen.issues[c.issue].sensitivity);
                let (hit, _) = world.resource_mut::<GameRng>().chance(p);
                if hit && !secret_later {
                    secret_later = true;
                    damage += 0.15 * scen.issues[c.issue].sensitivity;
                    world.resource_mut::<Chronicle>().record(
                        None,
                        EventKind::EpilogueSecretOut {
                            round: k,
                            issue: c.issue,
                        },
                    );
                }
            }
        }
        let imp = if damage < 0.25 {
            Implementation::Durable
        } else if damage < 0.7 {
            Implementation::Weakened
        } else {
            Implementation::Collapsed
        };
        world.resource_mut::<Chronicle>().record(
            None,
            EventKind::Implemented {
                result: imp,
                damage,
            },
        );
        implementation = Some(imp);
    }
    world
        .resource_mut::<Chronicle>()
        .record(None, EventKind::AgreementConcluded { ratified });
    world.resource_mut::<OutcomeRes>().0 = Some(Outcome {
        kind: OutcomeKind::Agreement,
        turn,
        ratified,
        ratified_by,
        implementation,
        secret_exposed,
        secret_exposed_later: secret_later,
        deal: deal.clauses.clone(),
        scores: Vec::new(),
    });
}

/// Score a game that ended outside the resolution phase (war during an action).
pub fn score_if_over(world: &mut World) {
    if world.resource::<TurnClock>().finished
        && world
            .resource::<OutcomeRes>()
            .0
            .as_ref()
            .is_some_and(|o| o.scores.is_empty())
    {
        score(world);
    }
}

/// Fill each party's score, part by part.
/// Support a leadership loses when its own home rejects the deal it signed.
pub const REJECTED_SUPPORT: f64 = 0.1;
/// Credibility it loses then.
pub const REJECTED_CREDIBILITY: f64 = 0.1;

pub fn score(world: &mut World) {
    let scen = world.resource::<ScenarioRes>().0.clone();
    let esc = world.resource::<Escalation>().clone();
    let deal = world.resource::<DealState>().0.clone();
    let Some(mut outcome) = world.resource::<OutcomeRes>().0.clone() else {
        return;
    };
    let holders = world.resource::<Roster>().stakeholder_states(world);
    let mut scores = Vec::new();
    for (p, party) in scen.parties.iter().enumerate() {
        let pe = world.resource::<Roster>().parties[p];
        let standing = world.get::<Standing>(pe).cloned().expect("standing");
        let war = if outcome.kind == OutcomeKind::War {
            -0.5
        } else {
            0.0
        };
        let deal_value = match (&deal, outcome.kind) {
            (Some(d), OutcomeKind::Agreement) if outcome.ratified => {
                let mut pkg = vec![0; scen.issues.len()];
                for c in &d.clauses {
                    pkg[c.issue] = c.option;
                }
                let factor = match outcome.implementation {
                    Some(Implementation::Durable) | None => 1.0,
                    Some(Implementation::Weakened) => 0.75,
                    Some(Implementation::Collapsed) => 0.4,
                };
                (scen.package_utility(p, &pkg) + d.payments.get(p).copied().unwrap_or(0.0)) * factor
            }
            (_, OutcomeKind::War) => 0.0,
            _ => party.reservation,
        };
        let total_influence: f64 = holders
            .iter()
            .filter(|h| h.party == p)
            .map(|h| h.influence)
            .sum();
        // Accountability: the share of its own groups in the loop before the deal,
        // briefed by the side or in it from the start (signing makes everyone informed,
        // so awareness at the end would not tell).
        let knew: f64 = holders
            .iter()
            .filter(|h| {
                h.party == p
                    && (h.briefed || scen.stakeholders[h.index].awareness == Awareness::InTheLoop)
            })
            .map(|h| h.influence)
            .sum();
        let accountability = if deal.is_some() && total_influence > 0.0 {
            0.1 * knew / total_influence
        } else {
            0.0
        };
        let credibility = 0.3 * (standing.credibility - party.credibility);
        let support = 0.2 * (standing.domestic_support - party.domestic_support);
        let delay_cost = -esc.delay_cost.get(p).copied().unwrap_or(0.0);
        let escalation_cost = -esc.escalation_cost.get(p).copied().unwrap_or(0.0);
        let total = deal_value
            + delay_cost
            + escalation_cost
            + war
            + credibility
            + support
            + accountability;
        scores.push(Score {
            party: party.id.clone(),
            deal: round(deal_value),
            delay_cost: round(delay_cost),
            escalation_cost: round(escalation_cost),
            war,
            credibility: round(credibility),
            support: round(support),
            accountability: round(accountability),
            total: round(total),
        });
    }
    outcome.scores = scores;
    world.resource_mut::<OutcomeRes>().0 = Some(outcome);
}

/// Scores are rounded to 4 decimals so reports read cleanly and compare exactly.
fn round(x: f64) -> f64 {
    // `+ 0.0` turns a negative zero (an empty sum) into zero, so it prints as 0.00.
    (x * 10_000.0).round() / 10_000.0 + 0.0
}
