//! The game rules as Bevy ECS: no rendering, no windows, no files.
//!
//! A turn runs in three schedules, each a chain of ordered system sets:
//! [`TurnStep::Open`] (briefing), [`TurnStep::Act`] (the human side's actions, one
//! request at a time, so a refusal can be shown at once) and [`TurnStep::Close`]
//! (counterpart actions, stakeholders, exposure, clock, resolution).

pub mod actions;
pub mod components;
pub mod ending;
pub mod events;
pub mod outcome;
pub mod phases;
pub mod rng;
pub mod rules;
pub mod secrecy;
pub mod view;

use std::sync::Arc;

use bevy::ecs::schedule::{ScheduleLabel, SingleThreadedExecutor};
use bevy::prelude::*;

use crate::scenario::Scenario;
use actions::{ActionRequest, ActionResolved, NewChannel, place_channel, place_entity};
use components::*;
use events::Chronicle;
use rng::GameRng;

/// The three steps of a turn, each its own schedule.
#[derive(ScheduleLabel, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TurnStep {
    /// Briefing: news and scripted events for the turn that begins.
    Open,
    /// Player actions: requests sent by people (or tests) are resolved.
    Act,
    /// Everything after the player: counterpart, stakeholders, exposure, clock, resolution.
    Close,
}

/// The phases of a turn, in the order DESIGN.md gives them.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TurnSystems {
    Briefing,
    PlayerActions,
    CounterpartActions,
    Stakeholders,
    Exposure,
    Clock,
    Resolution,
}

/// Registers the simulation's schedules, messages and systems.
///
/// The game's state itself is created by [`setup_game`], so one plugin serves every
/// scenario; it runs under `MinimalPlugins` and needs nothing else.
pub struct SimPlugin;

impl Plugin for SimPlugin {
    fn build(&self, app: &mut App) {
        app.add_message::<ActionRequest>()
            .add_message::<ActionResolved>();
        for step in [TurnStep::Open, TurnStep::Act, TurnStep::Close] {
            let mut schedule = Schedule::new(step);
            // Turns are short and sequential; one thread avoids scheduling overhead
            // and keeps the order of random draws fixed.
            schedule.set_executor(SingleThreadedExecutor::new());
            app.add_schedule(schedule);
        }
        app.configure_sets(
            TurnStep::Close,
            (
                TurnSystems::CounterpartActions,
                TurnSystems::Stakeholders,
                TurnSystems::Exposure,
                TurnSystems::Clock,
                TurnSystems::Resolution,
            )
                .chain(),
        );
        app.add_systems(
            TurnStep::Open,
            phases::briefing::open_turn.in_set(TurnSystems::Briefing),
        );
        app.add_systems(
            TurnStep::Act,
            (
                phases::player::resolve_requests,
                // An action can end the game (war): score it at once.
                phases::resolution::score_if_over,
            )
                .chain()
                .in_set(TurnSystems::PlayerActions),
        );
        app.add_systems(
            TurnStep::Close,
            (
                phases::counterpart::scripted_turns.in_set(TurnSystems::CounterpartActions),
                (
                    phases::stakeholders::spread_suspicion,
                    phases::stakeholders::spoilers_act,
                    phases::stakeholders::supporters_act,
                )
                    .chain()
                    .in_set(TurnSystems::Stakeholders),
                (phases::exposure::roll_leaks, phases::exposure::bulk_leak)
                    .chain()
                    .in_set(TurnSystems::Exposure),
                (
                    phases::clock::advance_clock,
                    phases::clock::record_snapshot.run_if(phases::clock::keeping_snapshots),
                )
                    .chain()
                    .in_set(TurnSystems::Clock),
                phases::resolution::resolve.in_set(TurnSystems::Resolution),
            ),
        );
    }
}

/// Put `value` in the world: over the resource already there (what a batch of games
/// in one world does between games; cheaper than inserting it again), or as a new one.
fn set_resource<R: Resource<Mutability = bevy::ecs::component::Mutable>>(
    world: &mut World,
    value: R,
) {
    match world.get_resource_mut::<R>() {
        Some(mut r) => *r = value,
        None => world.insert_resource(value),
    }
}

/// An empty `R` in `world` for a new game: the one already there emptied in place by
/// `clear` (keeping the room its lists have grown to), or a new one.
fn clear_resource<R: Resource<Mutability = bevy::ecs::component::Mutable> + Default>(
    world: &mut World,
    clear: impl FnOnce(&mut R),
) {
    match world.get_resource_mut::<R>() {
        Some(mut r) => clear(&mut r),
        None => world.insert_resource(R::default()),
    }
}

/// Create one game's entities and resources in `world` from a scenario; `seats` says
/// who decides for each party, then (optionally) for the mediator; missing seats are
/// computer players.
pub fn setup_game(world: &mut World, scenario: Arc<Scenario>, seed: u64, seats: &[Seat]) {
    setup_game_in(world, scenario, seed, seats, None);
}

/// [`setup_game`], giving the entities of `kept` (the last game's in this world, of the
/// same scenario, with its offers and the channels opened in play despawned) this
/// game's components instead of spawning new ones: the same game, as a batch resets
/// its world between games.
pub fn setup_game_in(
    world: &mut World,
    scenario: Arc<Scenario>,
    seed: u64,
    seats: &[Seat],
    kept: Option<Roster>,
) {
    let s = scenario.clone();
    let kept = kept.unwrap_or_default();
    set_resource(world, ScenarioRes(scenario));
    set_resource(world, GameRng::new(seed));
    clear_resource(world, Chronicle::clear);
    set_resource(world, Roster::default());
    set_resource(world, DealState::default());
    set_resource(
        world,
        MediatorState {
            proposals: Vec::new(),
            budget_left: s.mediator.as_ref().map_or(0.0, |m| m.budget),
            // The seat after the parties' is the mediator's.
            seat: seats.get(s.parties.len()).copied().unwrap_or_default(),
        },
    );
    clear_resource(world, History::clear);
    set_resource(world, outcome::OutcomeRes::default());
    set_resource(world, Script::default());
    set_resource(
        world,
        TurnClock {
            turn: 1,
            deadline: s.deadline,
            finished: false,
        },
    );
    let levels = s.rules.escalation.levels.len() as u32;
    set_resource(
        world,
        Escalation {
            level: s.rules.escalation.start,
            war_at: levels.saturating_sub(1),
            scrutiny: 1.0,
            delay_cost: [0.0; 2],
            escalation_cost: [0.0; 2],
            history: Vec::new(),
        },
    );

    // The roster is filled here and put back once (channels excepted: each is put on
    // it as it is opened, below).
    let mut roster = Roster::default();
    for (i, p) in s.parties.iter().enumerate() {
        // The computer's hidden type is drawn even for human sides, so the stream of
        // draws does not depend on who plays.
        let weights: Vec<f64> = p.types.iter().map(|t| t.2).collect();
        let (pick, draw) = {
            let mut rng = world.resource_mut::<GameRng>();
            let pick = rng.weighted(&weights);
            (pick, rng.uniform())
        };
        let (kind, e, _) = p.types[pick];
        let spread = s.rules.reservation_spread * draw;
        let reservation = (p.reservation + spread).clamp(0.0, 1.0);
        let seat = seats.get(i).copied().unwrap_or(Seat::Computer);
        let e = place_entity(
            world,
            kept.parties.get(i).copied(),
            (
                Party(i),
                Standing {
                    credibility: p.credibility,
                    domestic_support: p.domestic_support,
                    resolve: p.resolve,
                },
                PublicPosition {
                    option: p.position.clone(),
                    hardness: p.position.iter().map(|o| u32::from(o.is_some())).collect(),
                    threats: 0,
                    hardened: 0,
                    secret_threats: 0,
                },
                ActionPoints(s.rules.action_points),
                HiddenType {
                    kind,
                    e,
                    reservation,
                },
                Beliefs::default(),
                Denials::default(),
                OfferMemory::default(),
                seat,
            ),
        );
        roster.parties.push(e);
    }
    for (i, n) in s.negotiators.iter().enumerate() {
        let e = place_entity(
            world,
            kept.negotiators.get(i).copied(),
            Negotiator {
                index: i,
                party: n.party,
                authority: n.authority,
                discretion: n.discretion,
                present: n.present,
            },
        );
        roster.negotiators.push(e);
    }
    for (i, m) in s.intermediaries.iter().enumerate() {
        let e = place_entity(
            world,
            kept.intermediaries.get(i).copied(),
            Intermediary {
                index: i,
                discretion: m.discretion,
                neutrality: m.neutrality,
                capacity: m.capacity,
                meetings_this_turn: 0,
            },
        );
        roster.intermediaries.push(e);
    }
    for (i, h) in s.stakeholders.iter().enumerate() {
        let e = place_entity(
            world,
            kept.stakeholders.get(i).copied(),
            Stakeholder {
                index: i,
                party: h.party,
                influence: h.influence,
                spoiler_capacity: h.spoiler_capacity,
                discretion: h.discretion,
                awareness: h.awareness,
                anger: h.anger,
                briefed: false,
                vetoed: false,
            },
        );
        roster.stakeholders.push(e);
    }
    *world.resource_mut::<Roster>() = roster;
    for (k, ch) in s.channels.iter().enumerate() {
        let pa = s.negotiators[ch.ends[0]].party;
        let pb = s.negotiators[ch.ends[1]].party;
        let i = place_channel(
            world,
            NewChannel {
                id: ch.id.clone(),
                kind: ch.kind,
                medium: ch.medium,
                ends: ch.ends,
                parties: [pa, pb],
                via: ch.via,
                staff: ch.staff,
                trust: ch.trust,
                parent: None,
            },
            kept.channels.get(k).copied(),
        );
        if ch.dormant {
            let e = world.resource::<Roster>().channels[i];
            if let Some(mut c) = world.get_mut::<Channel>(e) {
                c.status = ChannelStatus::Dormant;
            }
        }
    }
}
