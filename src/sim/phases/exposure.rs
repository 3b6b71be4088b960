//! Phase 5, exposure: each open secret channel rolls its leak hazard.

use bevy::prelude::*;

use crate::scenario::schema::Medium;
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, LeakSource, Phase};
use crate::sim::rng::GameRng;
use crate::sim::rules::leak::channel_hazard;
use crate::sim::rules::moves::LEAK_TRUST;
use crate::sim::secrecy::{after_leak, disclose};
use crate::sim::view::privy_chances;

/// Roll every open back channel's hazard, in channel order.
pub fn roll_leaks(world: &mut World) {
    if world.resource::<TurnClock>().finished {
        return;
    }
    world.resource_mut::<Chronicle>().phase = Some(Phase::Exposure);
    let turn = world.resource::<TurnClock>().turn;
    let channels = world.resource::<Roster>().channels.clone();
    for e in channels {
        let Some(ch) = world
            .get::<Channel>(e)
            .filter(|c| c.is_back() && c.status == ChannelStatus::Open)
            .cloned()
        else {
            continue;
        };
        let chances = privy_chances(world, &ch);
        let hazard = channel_hazard(chances.iter().map(|c| c.1));
        world
            .resource_mut::<History>()
            .hazards
            .push((turn, ch.index, hazard));
        let (leaked, draw) = world.resource_mut::<GameRng>().chance(hazard);
        world.resource_mut::<Chronicle>().record(
            None,
            EventKind::LeakRolled {
                channel: ch.index,
                draw,
                hazard,
                leaked,
            },
        );
        if !leaked {
            continue;
        }
        let weights: Vec<f64> = chances.iter().map(|c| c.1).collect();
        let who = world.resource_mut::<GameRng>().weighted(&weights);
        let source = chances.get(who).map(|c| c.0).unwrap_or(LeakSource::Staff);
        let has_secret = secret_on_channel(world, ch.index);
        let roll = world.resource_mut::<GameRng>().uniform();
        let level = if roll < 0.6 {
            LeakLevel::Existence
        } else if roll < 0.9 || !has_secret {
            LeakLevel::Content
        } else {
            LeakLevel::SecretClause
        };
        disclose(world, ch.index, level, 1.0);
        after_leak(world, ch.index, level);
        // A leak traced to someone of either side (staff serve both) costs the channel
        // trust; one from a go-between does not.
        if traced_to_a_side(&source) {
            let mut c = world.get_mut::<Channel>(e).expect("channel");
            c.trust = (c.trust - LEAK_TRUST).max(0.0);
        }
        world.resource_mut::<Chronicle>().record(
            None,
            EventKind::Leaked {
                channel: ch.index,
                level,
                source,
            },
        );
    }
}

/// Whether a leak from this source is blamed on one of the two sides.
pub fn traced_to_a_side(source: &LeakSource) -> bool {
    match source {
        LeakSource::Person(Person::Intermediary(_)) | LeakSource::Bulk => false,
        LeakSource::Person(_) | LeakSource::Staff | LeakSource::Spoiler(_) => true,
    }
}

fn secret_on_channel(world: &World, ci: usize) -> bool {
    world
        .resource::<Roster>()
        .offers
        .iter()
        .filter_map(|&e| world.get::<Offer>(e))
        .any(|o| o.channel == ci && o.clauses.iter().any(|c| c.secret))
}

/// A bulk leak of digital traffic can expose every digital channel at once.
pub fn bulk_leak(world: &mut World) {
    if world.resource::<TurnClock>().finished {
        return;
    }
    let chance = world.resource::<ScenarioRes>().0.rules.bulk_leak_chance;
    if chance <= 0.0 {
        return;
    }
    let channels = world.resource::<Roster>().channels.clone();
    let digital: Vec<usize> = channels
        .iter()
        .filter_map(|&e| world.get::<Channel>(e))
        .filter(|c| {
            c.is_back() && c.medium == Medium::Digital && c.revealed < Some(LeakLevel::Content)
        })
        .map(|c| c.index)
        .collect();
    if digital.is_empty() {
        return;
    }
    let (hit, draw) = world.resource_mut::<GameRng>().chance(chance);
    world
        .resource_mut::<Chronicle>()
        .record(None, EventKind::BulkRolled { draw, chance, hit });
    if !hit {
        return;
    }
    for ci in digital {
        disclose(world, ci, LeakLevel::Content, 1.0);
        after_leak(world, ci, LeakLevel::Content);
        world.resource_mut::<Chronicle>().record(
            None,
            EventKind::Leaked {
                channel: ci,
                level: LeakLevel::Content,
                source: LeakSource::Bulk,
            },
        );
    }
}
