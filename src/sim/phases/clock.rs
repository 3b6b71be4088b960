//! Phase 6, clock: delay and escalation costs, drift, ageing, war and the deadline.

use bevy::prelude::*;

use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, LadderCause, Phase};
use crate::sim::outcome::{Outcome, OutcomeKind, OutcomeRes};
use crate::sim::rng::GameRng;

/// Whether [`record_snapshot`] runs: unless the game was told not to keep snapshots.
pub fn keeping_snapshots(keep: Option<Res<KeepSnapshots>>) -> bool {
    keep.is_none_or(|k| k.0)
}

/// Record the end-of-turn state for the debrief (reads only; draws nothing).
pub fn record_snapshot(
    clock: Res<TurnClock>,
    escalation: Res<Escalation>,
    mut history: ResMut<History>,
    channels: Query<&Channel>,
    parties: Query<(&Party, &Standing)>,
    stakeholders: Query<&Stakeholder>,
) {
    let mut trust: Vec<(usize, f64)> = channels
        .iter()
        .filter(|c| c.is_live())
        .map(|c| (c.index, c.trust))
        .collect();
    trust.sort_by_key(|t| t.0);
    let mut party_list: Vec<(usize, f64)> = parties
        .iter()
        .map(|(p, s)| (p.0, s.domestic_support))
        .collect();
    party_list.sort_by_key(|p| p.0);
    let anger = party_list
        .iter()
        .map(|(p, _)| {
            let (sum, n) = stakeholders
                .iter()
                .filter(|h| h.party == *p)
                .fold((0.0, 0), |(s, n), h| (s + h.anger, n + 1));
            if n > 0 { sum / n as f64 } else { 0.0 }
        })
        .collect();
    history.snapshots.push(Snapshot {
        turn: clock.turn,
        escalation: escalation.level,
        trust,
        support: party_list.iter().map(|p| p.1).collect(),
        anger,
    });
}

/// Waiting is not free: every turn without a signed deal costs, and the ladder may climb.
#[allow(clippy::too_many_arguments)]
pub fn advance_clock(
    scenario: Res<ScenarioRes>,
    mut clock: ResMut<TurnClock>,
    mut escalation: ResMut<Escalation>,
    mut rng: ResMut<GameRng>,
    mut chronicle: ResMut<Chronicle>,
    deal: Res<DealState>,
    history: Res<History>,
    mut outcome: ResMut<OutcomeRes>,
    mut channels: Query<&mut Channel>,
) {
    if clock.finished {
        return;
    }
    chronicle.phase = Some(Phase::Clock);
    let s = &scenario.0;
    let signed = deal.0.as_ref().is_some_and(|d| d.signed_turn.is_some());
    for mut ch in &mut channels {
        if ch.is_live() {
            ch.age += 1;
        }
    }
    if signed {
        return;
    }
    let rules = &s.rules.escalation;
    for p in 0..s.parties.len().min(2) {
        escalation.delay_cost[p] += rules.delay_cost;
        escalation.escalation_cost[p] += rules.cost_per_level * escalation.level as f64;
    }
    // Talking lowers the risk of accidents: the best live channel's trust damps the drift.
    let best_trust = channels
        .iter()
        .filter(|c| c.is_live())
        .map(|c| c.trust)
        .fold(0.0, f64::max);
    let at_brink = escalation.level + 1 >= escalation.war_at;
    if at_brink {
        // At the brink, war comes by accident or miscalculation, not by drift alone.
        let p = crate::sim::rules::concession::brink_war_chance(best_trust);
        if roll_brink(&mut rng, &mut chronicle, p) {
            escalation.level = escalation.war_at;
        }
    } else {
        let p = crate::sim::rules::concession::accident_chance(
            rules.drift,
            escalation.level,
            best_trust,
        );
        let (climb, draw) = rng.chance(p);
        chronicle.record(
            None,
            EventKind::DriftRolled {
                draw,
                chance: p,
                climbed: climb,
            },
        );
        if climb {
            escalation.level += 1;
            let t = clock.turn;
            escalation.history.push(t);
            chronicle.record(
                None,
                EventKind::LadderMoved {
                    level: escalation.level,
                    cause: LadderCause::Drift,
                },
            );
            // An incident that brings the crisis to the brink can tip it over at once.
            if escalation.level + 1 >= escalation.war_at {
                let p = 0.5 * crate::sim::rules::concession::brink_war_chance(best_trust);
                if roll_brink(&mut rng, &mut chronicle, p) {
                    escalation.level = escalation.war_at;
                }
            }
        }
    }
    if escalation.level >= escalation.war_at {
        // Only a brink roll gets here; an action that reaches war ends the game at once.
        clock.finished = true;
        chronicle.record(None, EventKind::WarBroke);
        outcome.0 = Some(Outcome::without_deal(OutcomeKind::War, clock.turn));
        return;
    }
    if clock.turn >= clock.deadline {
        clock.finished = true;
        let live = channels.iter().filter(|c| c.is_live()).count();
        let back_age = channels
            .iter()
            .filter(|c| c.is_back() && c.is_live())
            .map(|c| c.age)
            .max()
            .unwrap_or(0);
        let endless = history
            .zopa_turns
            .first()
            .is_some_and(|&z| clock.deadline >= z + 2)
            && live >= 2
            && back_age >= 3;
        let kind = if endless {
            OutcomeKind::EndlessGame
        } else {
            OutcomeKind::NoAgreement
        };
        chronicle.record(None, EventKind::DeadlinePassed { endless });
        outcome.0 = Some(Outcome::without_deal(kind, clock.turn));
    }
}

/// Roll for war at the brink with chance `p`, and record the draw.
fn roll_brink(rng: &mut GameRng, chronicle: &mut Chronicle, p: f64) -> bool {
    let (war, draw) = rng.chance(p);
    chronicle.record(
        None,
        EventKind::BrinkRolled {
            draw,
            chance: p,
            war,
        },
    );
    war
}
