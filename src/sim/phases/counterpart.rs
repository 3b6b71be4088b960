//! Phase 3, counterpart actions: scripted sides act now; computer players add their
//! own systems to this phase (see `crate::ai::AiPlugin`), after the scripted ones.

use bevy::prelude::*;

use crate::sim::actions::{ActionReads, apply_with};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, Phase};

/// Every scripted side plays the moves due this turn, in party order.
pub fn scripted_turns(world: &mut World, mut reads: Local<ActionReads>) {
    if world.resource::<TurnClock>().finished {
        return;
    }
    world.resource_mut::<Chronicle>().phase = Some(Phase::CounterpartActions);
    // Nothing scripted left (every batch game of computers against each other).
    if world.resource::<Script>().0.is_empty() {
        return;
    }
    let parties = world.resource::<Roster>().parties.clone();
    let turn = world.resource::<TurnClock>().turn;
    for (p, e) in parties.into_iter().enumerate() {
        if world.get::<Seat>(e) != Some(&Seat::Script) {
            continue;
        }
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
            let _ = apply_with(world, &mut reads, p, &action);
        }
    }
}
