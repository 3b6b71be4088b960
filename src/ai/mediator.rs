//! The mediator, played by the computer (unless a person sits in its seat): it hosts talks through its go-between, puts a
//! package to both sides every few turns while nothing is agreed, and may pay part of
//! the price of a deal out of its budget.
//!
//! Its choice is the package that gives both sides most over what it believes they
//! need (the Nash product of their gains over their stated walk-away points, plus half
//! the spread within which their hidden ones lie), leaning towards its own interests as
//! far as `self_interest` says. Neither side's red line is ever in it. When the best
//! package leaves a side short, or a side has turned it down before, it offers to pay
//! that side the difference, while its budget lasts.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use super::offering::{SEARCH_BUDGET, search_packages};
use crate::scenario::Scenario;
use crate::sim::actions::mediation;
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind};

/// What the mediator adds to its offer to a side for each proposal that side rejected.
pub const PAY_PER_REJECTION: f64 = 0.03;

/// What the mediator reads to know whether it may move, with the ids looked up once
/// (kept by its system).
pub type MediatorReads = (
    Res<'static, MediatorState>,
    Res<'static, ScenarioRes>,
    Res<'static, TurnClock>,
    Res<'static, DealState>,
);

/// The mediator's move at the end of a turn (after the computer sides).
pub fn mediator_turn(
    world: &mut World,
    reads: &mut SystemState<MediatorReads>,
    mut held: Local<HeldScenario>,
) {
    let (scen, turn) = {
        let (state, scen, clock, deal) = reads
            .get(world)
            .expect("a game's resources are set up with it");
        if state.seat != Seat::Computer
            || mediation::refusal_of(&scen.0, &clock, &deal, &state).is_some()
        {
            return;
        }
        (held.hold(&scen.0), clock.turn)
    };
    let Some(md) = scen.mediator.as_ref() else {
        return;
    };
    // It takes its seat (inviting both sides, if it hosts) even in a turn it does not
    // propose.
    let Some(channel) = mediation::table(world, scen) else {
        return;
    };
    let state = world.resource::<MediatorState>();
    if state
        .proposals
        .last()
        .is_some_and(|p| p.turn + md.every > turn)
    {
        return;
    }
    let budget = state.budget_left;
    let Some(pkg) = best_package(scen) else {
        return;
    };
    let rejections = |p: usize| {
        world
            .resource::<Chronicle>()
            .events
            .iter()
            .filter(|e| {
                e.party == Some(p)
                    && matches!(e.kind, EventKind::ProposalAnswered { accept: false, .. })
            })
            .count() as f64
    };
    let mut payments: Vec<f64> = (0..2)
        .map(|p| {
            let short = (believed_need(scen, p) - scen.package_utility(p, pkg)).max(0.0);
            short + PAY_PER_REJECTION * rejections(p)
        })
        .collect();
    let total: f64 = payments.iter().sum();
    if total > budget {
        // Pay in proportion to what is owed, as far as the budget goes.
        let scale = if total > 0.0 { budget / total } else { 0.0 };
        payments.iter_mut().for_each(|x| *x *= scale);
    }
    payments
        .iter_mut()
        .for_each(|x| *x = (*x * 1000.0).round() / 1000.0);
    mediation::place(world, channel, super::offering::public(pkg), payments);
}

/// What the mediator believes a side needs: its stated walk-away point plus half the
/// spread within which its hidden one lies.
pub fn believed_need(scen: &Scenario, party: usize) -> f64 {
    (scen.parties[party].reservation + 0.5 * scen.rules.reservation_spread).min(1.0)
}

/// The package the mediator would put to both sides, if any crosses no red line. It
/// depends on the scenario alone, so it is searched for once and kept in it.
pub fn best_package(scen: &Scenario) -> Option<&[usize]> {
    scen.mediator_package
        .get_or_init(|| search_best_package(scen))
        .as_deref()
}

fn search_best_package(scen: &Scenario) -> Option<Vec<usize>> {
    let md = scen.mediator.as_ref()?;
    let mut best: Option<(f64, Vec<usize>)> = None;
    search_packages(scen, 0, SEARCH_BUDGET, |pkg, _| {
        let crosses = (0..scen.parties.len()).any(|p| {
            pkg.iter()
                .enumerate()
                .any(|(i, &o)| scen.parties[p].red_lines.contains(&(i, o)))
        });
        if crosses {
            return f64::NEG_INFINITY;
        }
        let gains: Vec<f64> = (0..2)
            .map(|p| scen.package_utility(p, pkg) - believed_need(scen, p))
            .collect();
        let own = md.interest(pkg);
        // Packages that give both sides what they need come first, by the Nash product
        // of their gains; the others by how little they fall short.
        let joint = if gains.iter().all(|g| *g >= 0.0) {
            1.0 + 4.0 * gains.iter().product::<f64>()
        } else {
            gains.iter().map(|g| g.min(0.0)).sum::<f64>()
        };
        let score = (1.0 - md.self_interest) * joint + md.self_interest * own;
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, pkg.to_vec()));
        }
        score
    });
    best.map(|b| b.1)
}
