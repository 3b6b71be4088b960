//! Phase 1, briefing: fresh action points, news, scripted events due this turn.

use bevy::prelude::*;

use crate::scenario::schema::{Awareness, ConditionDef, EffectDef};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, Phase};

/// Start a turn: reset per-turn counters and fire the events due.
#[allow(clippy::too_many_arguments)]
pub fn open_turn(
    scenario: Res<ScenarioRes>,
    clock: Res<TurnClock>,
    mut chronicle: ResMut<Chronicle>,
    mut escalation: ResMut<Escalation>,
    deal: Res<DealState>,
    mut points: Query<(&Party, &mut ActionPoints, &mut Standing, &mut Denials)>,
    mut channels: Query<&mut Channel>,
    mut intermediaries: Query<&mut Intermediary>,
    mut stakeholders: Query<&mut Stakeholder>,
) {
    if clock.finished {
        return;
    }
    let s = &scenario.0;
    chronicle.turn = clock.turn;
    chronicle.phase = Some(Phase::Briefing);
    for (_, mut ap, _, _) in &mut points {
        ap.0 = s.rules.action_points;
    }
    for mut ch in &mut channels {
        ch.met_this_turn = false;
    }
    for mut m in &mut intermediaries {
        m.meetings_this_turn = 0;
    }
    chronicle.record(
        None,
        EventKind::TurnOpened {
            turn: clock.turn,
            deadline: clock.deadline,
            level: escalation.level,
        },
    );
    let any_leak = chronicle.leaks().next().is_some();
    for (index, ev) in s
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.turn == clock.turn)
    {
        let due = match &ev.when {
            None => true,
            Some(ConditionDef::EscalationAtLeast(n)) => escalation.level >= *n,
            Some(ConditionDef::NoDeal) => deal.0.is_none(),
            Some(ConditionDef::AnyLeak) => any_leak,
            Some(ConditionDef::ChannelOpen(id)) => {
                channels.iter().any(|c| &c.id == id && c.is_live())
            }
        };
        if !due {
            continue;
        }
        chronicle.record(None, EventKind::Scripted { event: index });
        for effect in &ev.effects {
            match effect {
                EffectDef::Escalate(n) => {
                    let before = escalation.level;
                    // Events raise tension, but only the parties' moves and drift reach
                    // the brink: a raise stops two rungs below war, and never lowers a
                    // ladder already above that.
                    let cap = (escalation.war_at as i64 - 2).max(0);
                    let level = escalation.level as i64;
                    escalation.level = if *n > 0 {
                        level.max((level + *n as i64).min(cap))
                    } else {
                        (level + *n as i64).max(0)
                    } as u32;
                    if escalation.level > before {
                        let t = clock.turn;
                        escalation.history.push(t);
                    }
                }
                EffectDef::Scrutiny(d) => {
                    escalation.scrutiny = (escalation.scrutiny + d).clamp(0.1, 5.0);
                }
                EffectDef::Support(p, d) => {
                    if let Some(pi) = s.party_index(p) {
                        for (party, _, mut st, _) in &mut points {
                            if party.0 == pi {
                                st.domestic_support = (st.domestic_support + d).clamp(0.0, 1.0);
                            }
                        }
                    }
                }
                EffectDef::Anger(h, d) => {
                    if let Some(hi) = s.stakeholder_index(h) {
                        for mut st in &mut stakeholders {
                            if st.index == hi {
                                st.anger = (st.anger + d).clamp(0.0, 1.0);
                            }
                        }
                    }
                }
                EffectDef::Aware(h, a) => {
                    if let Some(hi) = s.stakeholder_index(h) {
                        for mut st in &mut stakeholders {
                            if st.index == hi && st.awareness < *a {
                                st.awareness = *a;
                            }
                        }
                    }
                }
                EffectDef::Rumour(p) => {
                    if let Some(pi) = s.party_index(p) {
                        for (party, _, _, mut denials) in &mut points {
                            if party.0 == pi {
                                denials.rumour = true;
                            }
                        }
                        for mut st in &mut stakeholders {
                            if st.party == pi && st.awareness == Awareness::Unaware {
                                st.awareness = Awareness::Suspicious;
                            }
                        }
                    }
                }
                EffectDef::Trust(c, d) => {
                    for mut ch in &mut channels {
                        if &ch.id == c {
                            ch.trust = (ch.trust + d).clamp(0.0, 1.0);
                        }
                    }
                }
                EffectDef::Close(c) => {
                    for mut ch in &mut channels {
                        if &ch.id == c && ch.status != ChannelStatus::Closed {
                            ch.status = ChannelStatus::Closed;
                        }
                    }
                }
            }
        }
    }
}
