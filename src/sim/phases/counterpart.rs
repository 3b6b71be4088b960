//! Phase 3, counterpart actions: computer and scripted sides act.

use bevy::prelude::*;

use crate::sim::actions::apply_action;
use crate::sim::components::*;
use crate::sim::transcript::{Phase, Transcript};

/// Every side that is not played by a person acts now, in party order.
pub fn counterpart_turn(world: &mut World) {
    if world.resource::<TurnClock>().finished {
        return;
    }
    world.resource_mut::<Transcript>().phase = Some(Phase::CounterpartActions);
    let parties = world.resource::<Roster>().parties.clone();
    let turn = world.resource::<TurnClock>().turn;
    for (p, e) in parties.into_iter().enumerate() {
        let controller = world.get::<Controller>(e).cloned();
        match controller {
            Some(Controller::Ai(policy)) => crate::ai::play_turn(world, p, policy),
            Some(Controller::Script) => {
                let due: Vec<_> = {
                    let mut script = world.resource_mut::<Script>();
                    let (now, later): (Vec<_>, Vec<_>) = script
                        .0
                        .drain(..)
                        .partition(|(t, party, _)| *t <= turn && *party == p);
                    script.0 = later;
                    now
                };
                for (_, _, action) in due {
                    let _ = apply_action(world, p, &action);
                }
            }
            _ => {}
        }
    }
}
