//! How a game ends early: war (or the scenario's collapse) ends it at once, and
//! nothing after it can undo it.

use bevy::prelude::*;

use super::components::TurnClock;
use super::events::{Chronicle, EventKind};
use super::outcome::{Outcome, OutcomeKind, OutcomeRes};

/// The crisis has reached the last rung: the game is over now, with war's outcome.
pub fn end_in_war(world: &mut World) {
    let turn = {
        let mut clock = world.resource_mut::<TurnClock>();
        if clock.finished {
            return;
        }
        clock.finished = true;
        clock.turn
    };
    world
        .resource_mut::<Chronicle>()
        .record(None, EventKind::WarBroke);
    world.resource_mut::<OutcomeRes>().0 = Some(Outcome::without_deal(OutcomeKind::War, turn));
}
