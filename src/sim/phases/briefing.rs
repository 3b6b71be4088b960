//! Phase 1, briefing: fresh action points, news, scripted events due this turn.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use crate::scenario::Scenario;
use crate::scenario::schema::{Awareness, ConditionDef, EffectDef};
use crate::sim::actions::{channel, channel_index, channel_mut};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Phase};

/// What opening a turn reads and writes first, with the ids looked up once (kept by
/// the system).
pub type OpenReads = (
    Res<'static, TurnClock>,
    Res<'static, ScenarioRes>,
    Res<'static, Escalation>,
    ResMut<'static, Chronicle>,
);

/// Start a turn: reset per-turn counters and fire the events due.
pub fn open_turn(
    world: &mut World,
    points: &mut QueryState<&mut ActionPoints>,
    channels: &mut QueryState<&mut Channel>,
    go_betweens: &mut QueryState<&mut Intermediary>,
    reads: &mut SystemState<OpenReads>,
    mut held: Local<HeldScenario>,
) {
    let (clock, s) = {
        let (clock, scen, esc, mut chronicle) = reads
            .get_mut(world)
            .expect("a game's resources are set up with it");
        if clock.finished {
            return;
        }
        chronicle.turn = clock.turn;
        chronicle.phase = Some(Phase::Briefing);
        chronicle.record(
            None,
            EventKind::TurnOpened {
                turn: clock.turn,
                deadline: clock.deadline,
                level: esc.level,
            },
        );
        (clock.clone(), held.hold(&scen.0))
    };
    // The queries are the system's own, kept from turn to turn (and game to game).
    for mut ap in points.iter_mut(world) {
        ap.0 = s.rules.action_points;
    }
    for mut ch in channels.iter_mut(world) {
        ch.met_this_turn = false;
    }
    for mut m in go_betweens.iter_mut(world) {
        m.meetings_this_turn = 0;
    }
    let due: Vec<usize> = s
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.epilogue && e.turn == clock.turn)
        .filter(|(_, e)| {
            // Fired when the deal is signed, not at the start of a turn.
            !matches!(e.when, Some(ConditionDef::DealSigned)) && condition_holds(world, &e.when)
        })
        .map(|(i, _)| i)
        .collect();
    for index in due {
        fire_in(world, s, index);
    }
}

/// Whether an event's condition holds now.
pub fn condition_holds(world: &mut World, when: &Option<ConditionDef>) -> bool {
    match when {
        None => true,
        Some(ConditionDef::EscalationAtLeast(n)) => world.resource::<Escalation>().level >= *n,
        Some(ConditionDef::EscalationBelow(n)) => world.resource::<Escalation>().level < *n,
        Some(ConditionDef::NoDeal) => world.resource::<DealState>().0.is_none(),
        Some(ConditionDef::AnyLeak) => world.resource::<Chronicle>().leaks().next().is_some(),
        Some(ConditionDef::ChannelOpen(id)) => {
            channel_index(world, id).is_some_and(|i| channel(world, i).is_live())
        }
        Some(ConditionDef::ChannelExposed(id)) => channel_index(world, id)
            .is_some_and(|i| channel(world, i).status == ChannelStatus::Exposed),
        Some(ConditionDef::DealSigned) => world
            .resource::<DealState>()
            .0
            .as_ref()
            .is_some_and(|d| d.signed_turn.is_some()),
    }
}

/// Record scripted event `index` and apply its effects.
pub fn fire(world: &mut World, index: usize) {
    let s = world.resource::<ScenarioRes>().0.clone();
    fire_in(world, &s, index);
}

/// [`fire`], given the game's scenario (held by the caller).
pub(crate) fn fire_in(world: &mut World, s: &Scenario, index: usize) {
    let mut chronicle = world.resource_mut::<Chronicle>();
    match s.events[index].seen_by {
        Some(p) => chronicle.record_private(p, EventKind::Scripted { event: index }),
        None => chronicle.record(None, EventKind::Scripted { event: index }),
    }
    for effect in &s.events[index].effects {
        apply_in(world, s, effect);
    }
}

/// Scrutiny added by a press story the instructor puts into a game.
pub const PRESS_SCRUTINY: f64 = 0.2;

/// A press story from outside the scenario (the instructor's): recorded for both sides,
/// and the public watches more closely.
pub fn press(world: &mut World, headline: &str) {
    world.resource_mut::<Chronicle>().record(
        None,
        EventKind::PressStory {
            headline: headline.to_string(),
        },
    );
    apply(world, &EffectDef::Scrutiny(PRESS_SCRUTINY));
}

/// One effect of a scripted event on the world.
pub fn apply(world: &mut World, effect: &EffectDef) {
    let s = world.resource::<ScenarioRes>().0.clone();
    apply_in(world, &s, effect);
}

/// [`apply`], given the game's scenario (held by the caller).
fn apply_in(world: &mut World, s: &Scenario, effect: &EffectDef) {
    match effect {
        EffectDef::Escalate(n) => {
            let turn = world.resource::<TurnClock>().turn;
            let mut escalation = world.resource_mut::<Escalation>();
            let before = escalation.level;
            // Events raise tension, but only the parties' moves and drift reach the
            // brink: a raise stops two rungs below war, and never lowers a ladder
            // already above that.
            let cap = (escalation.war_at as i64 - 2).max(0);
            let level = escalation.level as i64;
            escalation.level = if *n > 0 {
                level.max((level + *n as i64).min(cap))
            } else {
                (level + *n as i64).max(0)
            } as u32;
            if escalation.level > before {
                escalation.history.push(turn);
            }
            let level = escalation.level;
            if level != before {
                world.resource_mut::<Chronicle>().record(
                    None,
                    EventKind::LadderMoved {
                        level,
                        cause: crate::sim::events::LadderCause::Event,
                    },
                );
            }
        }
        EffectDef::Scrutiny(d) => {
            let mut escalation = world.resource_mut::<Escalation>();
            escalation.scrutiny = (escalation.scrutiny + d).clamp(0.1, 5.0);
        }
        EffectDef::Support(p, d) => {
            if let Some(pi) = s.party_index(p) {
                let e = world.resource::<Roster>().parties[pi];
                if let Some(mut st) = world.get_mut::<Standing>(e) {
                    st.domestic_support = (st.domestic_support + d).clamp(0.0, 1.0);
                }
            }
        }
        EffectDef::Anger(h, d) => {
            if let Some(hi) = s.stakeholder_index(h) {
                let e = world.resource::<Roster>().stakeholders[hi];
                if let Some(mut st) = world.get_mut::<Stakeholder>(e) {
                    st.anger = (st.anger + d).clamp(0.0, 1.0);
                }
            }
        }
        EffectDef::Aware(h, a) => {
            if let Some(hi) = s.stakeholder_index(h) {
                let e = world.resource::<Roster>().stakeholders[hi];
                if let Some(mut st) = world.get_mut::<Stakeholder>(e)
                    && st.awareness < *a
                {
                    st.awareness = *a;
                }
            }
        }
        EffectDef::Rumour(p) => {
            if let Some(pi) = s.party_index(p) {
                let e = world.resource::<Roster>().parties[pi];
                if let Some(mut denials) = world.get_mut::<Denials>(e) {
                    denials.rumour = true;
                }
                for e in world.resource::<Roster>().stakeholders.clone() {
                    if let Some(mut st) = world.get_mut::<Stakeholder>(e)
                        && st.party == pi
                        && st.awareness == Awareness::Unaware
                    {
                        st.awareness = Awareness::Suspicious;
                    }
                }
            }
        }
        EffectDef::Leave(id) | EffectDef::Arrive(id) => {
            let Some(n) = s.negotiator_index(id) else {
                return;
            };
            let arriving = matches!(effect, EffectDef::Arrive(_));
            let mut changed = false;
            let e = world.resource::<Roster>().negotiators[n];
            if let Some(mut neg) = world.get_mut::<Negotiator>(e)
                && neg.present != arriving
            {
                neg.present = arriving;
                changed = true;
            }
            if !changed {
                return;
            }
            let kind = if arriving {
                EventKind::NegotiatorArrived { negotiator: n }
            } else {
                // The channels that hung on this person fall dormant.
                let mut channels = Vec::new();
                for e in world.resource::<Roster>().channels.clone() {
                    let Some(mut ch) = world.get_mut::<Channel>(e) else {
                        continue;
                    };
                    if ch.ends.contains(&n) && ch.is_live() {
                        ch.status = ChannelStatus::Dormant;
                        channels.push(ch.index);
                    }
                }
                channels.sort_unstable();
                EventKind::NegotiatorLeft {
                    negotiator: n,
                    channels,
                }
            };
            let party = s.negotiators[n].party;
            world.resource_mut::<Chronicle>().record(Some(party), kind);
        }
        EffectDef::Trust(c, d) => {
            // Channel ids are unique (opening or moving to a taken id is refused).
            if let Some(i) = channel_index(world, c) {
                let mut ch = channel_mut(world, i);
                ch.trust = (ch.trust + d).clamp(0.0, 1.0);
            }
        }
        EffectDef::Close(c) => {
            if let Some(i) = channel_index(world, c) {
                let mut ch = channel_mut(world, i);
                if ch.status != ChannelStatus::Closed {
                    ch.status = ChannelStatus::Closed;
                }
            }
        }
    }
}
