//! Phase 2, player actions: requests from people are resolved one by one.

use bevy::prelude::*;

use crate::sim::actions::{ActionReads, ActionRequest, ActionResolved, apply_with};
use crate::sim::events::{Chronicle, Phase};

/// Drain every pending request, apply it, and answer each with an [`ActionResolved`].
pub fn resolve_requests(world: &mut World, mut reads: Local<ActionReads>) {
    let requests: Vec<ActionRequest> = world
        .resource_mut::<Messages<ActionRequest>>()
        .drain()
        .collect();
    world.resource_mut::<Chronicle>().phase = Some(Phase::PlayerActions);
    for r in requests {
        let result = apply_with(world, &mut reads, r.party, &r.action);
        world.write_message(ActionResolved {
            party: r.party,
            action: r.action,
            result,
        });
    }
}
