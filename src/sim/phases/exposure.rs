//! Phase 5, exposure: each open secret channel rolls its leak hazard.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use crate::scenario::schema::Medium;
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, LeakSource, Phase};
use crate::sim::rng::GameRng;
use crate::sim::rules::moves::LEAK_TRUST;
use crate::sim::secrecy::{after_leak, disclose};
use crate::sim::view::{hazard_in, privy_chances_in};

/// What the leak rolls read and write, with the ids looked up once (kept by the system).
pub type LeakReads = (
    Res<'static, ScenarioRes>,
    Res<'static, TurnClock>,
    Res<'static, Escalation>,
    Res<'static, Roster>,
    ResMut<'static, History>,
    ResMut<'static, GameRng>,
    ResMut<'static, Chronicle>,
    Query<'static, 'static, &'static Channel>,
);

/// Roll every open back channel's hazard, in channel order.
///
/// The rolls go through the system's kept reads; the world is taken up only when a
/// channel leaks, and the next channel rolls after that leak has taken effect.
pub fn roll_leaks(world: &mut World, reads: &mut SystemState<LeakReads>) {
    let mut next = 0;
    // The turn, and the channels open when the phase began.
    let mut at_start: Option<(u32, usize)> = None;
    loop {
        let leak = {
            let (scen, clock, esc, roster, mut history, mut rng, mut chronicle, channels) = reads
                .get_mut(world)
                .expect("a game's resources are set up with it");
            if at_start.is_none() {
                if clock.finished {
                    return;
                }
                chronicle.phase = Some(Phase::Exposure);
            }
            let (turn, count) = *at_start.get_or_insert((clock.turn, roster.channels.len()));
            let mut leak = None;
            while next < count {
                let e = roster.channels[next];
                next += 1;
                let Some(ch) = channels
                    .get(e)
                    .ok()
                    .filter(|c| c.is_back() && c.status == ChannelStatus::Open)
                else {
                    continue;
                };
                let hazard = hazard_in(&scen.0, &esc, ch);
                history.hazards.push((turn, ch.index, hazard));
                let (leaked, draw) = rng.chance(hazard);
                chronicle.record(
                    None,
                    EventKind::LeakRolled {
                        channel: ch.index,
                        draw,
                        hazard,
                        leaked,
                    },
                );
                if leaked {
                    let chances = privy_chances_in(&scen.0, &esc, ch);
                    let weights: Vec<f64> = chances.iter().map(|c| c.1).collect();
                    let who = rng.weighted(&weights);
                    let source = chances.get(who).map(|c| c.0).unwrap_or(LeakSource::Staff);
                    leak = Some((e, ch.index, source));
                    break;
                }
            }
            leak
        };
        let Some((e, ci, source)) = leak else {
            return;
        };
        let has_secret = secret_on_channel(world, ci);
        let roll = world.resource_mut::<GameRng>().uniform();
        let level = if roll < 0.6 {
            LeakLevel::Existence
        } else if roll < 0.9 || !has_secret {
            LeakLevel::Content
        } else {
            LeakLevel::SecretClause
        };
        disclose(world, ci, level, 1.0);
        after_leak(world, ci, level);
        // A leak traced to someone of either side (staff serve both) costs the channel
        // trust; one from a go-between does not.
        if traced_to_a_side(&source) {
            let mut c = world.get_mut::<Channel>(e).expect("channel");
            c.trust = (c.trust - LEAK_TRUST).max(0.0);
        }
        world.resource_mut::<Chronicle>().record(
            None,
            EventKind::Leaked {
                channel: ci,
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
pub fn bulk_leak(world: &mut World, reads: &mut SystemState<(Res<TurnClock>, Res<ScenarioRes>)>) {
    let chance = {
        let (clock, scen) = reads
            .get(world)
            .expect("a game's resources are set up with it");
        if clock.finished {
            return;
        }
        scen.0.rules.bulk_leak_chance
    };
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
