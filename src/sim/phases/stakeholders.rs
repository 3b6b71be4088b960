//! Phase 4, stakeholders: awareness spreads, anger cools, spoilers may act.

use bevy::ecs::system::SystemState;
use bevy::prelude::*;

use crate::scenario::schema::{Awareness, SpoilerAct};
use crate::sim::components::*;
use crate::sim::events::{Chronicle, EventKind, LeakSource, Phase};
use crate::sim::rng::GameRng;
use crate::sim::rules::domestic::spoiler_chance;
use crate::sim::rules::ratification::visible_stance;
use crate::sim::secrecy::{after_leak, disclose};

/// Secret activity makes those left out suspicious; old anger cools a little.
#[allow(clippy::too_many_arguments)]
pub fn spread_suspicion(
    scenario: Res<ScenarioRes>,
    clock: Res<TurnClock>,
    roster: Res<Roster>,
    mut rng: ResMut<GameRng>,
    mut chronicle: ResMut<Chronicle>,
    channels: Query<&Channel>,
    mut stakeholders: Query<&mut Stakeholder>,
    mut activity: Local<Vec<f64>>,
) {
    if clock.finished {
        return;
    }
    chronicle.phase = Some(Phase::Stakeholders);
    let s = &scenario.0;
    activity.clear();
    activity.resize(s.parties.len(), 0.0);
    // The roster lists channels and groups in index order.
    for ch in channels.iter_many(&roster.channels) {
        if ch.is_back() && ch.status == ChannelStatus::Open {
            let busy = 1.0 + if ch.met_this_turn { 1.0 } else { 0.0 } + ch.staff as f64 / 10.0;
            for &p in &ch.parties {
                activity[p] += busy;
            }
        }
    }
    let mut holders = stakeholders.iter_many_mut(&roster.stakeholders);
    while let Some(mut h) = holders.fetch_next() {
        h.anger *= 0.95;
        if h.awareness == Awareness::Unaware && activity[h.party] > 0.0 {
            let p = (s.rules.suspicion_rate * activity[h.party] * (0.5 + h.influence)).min(0.9);
            let (hit, draw) = rng.chance(p);
            if hit {
                h.awareness = Awareness::Suspicious;
                chronicle.record_private(
                    h.party,
                    EventKind::SuspicionGrew {
                        stakeholder: h.index,
                        draw,
                        chance: p,
                    },
                );
            }
        }
    }
}

/// What the spoilers' rolls read, with the ids looked up once (kept by the system).
pub type SpoilerReads = (
    Res<'static, ScenarioRes>,
    Res<'static, TurnClock>,
    Res<'static, DealState>,
    Res<'static, History>,
    Res<'static, Roster>,
    ResMut<'static, GameRng>,
    Query<'static, 'static, &'static Stakeholder>,
);

/// Angry stakeholders with the capacity to act may veto, campaign, leak, use violence
/// or put pressure on their own side.
///
/// The groups roll in index order through the system's kept reads; the world is taken
/// up only when one acts (most turns none does), and the next group rolls after that
/// act has taken effect.
pub fn spoilers_act(world: &mut World, reads: &mut SystemState<SpoilerReads>) {
    let mut next = 0;
    // The turn and whether a deal is near, as they stood when the phase began.
    let mut at_start: Option<(u32, bool)> = None;
    loop {
        let rolled = {
            let (scen, clock, deal, history, roster, mut rng, holders) = reads
                .get_mut(world)
                .expect("a game's resources are set up with it");
            if at_start.is_none() && clock.finished {
                return;
            }
            let (turn, deal_near) = *at_start.get_or_insert_with(|| {
                let near = deal.0.is_some()
                    || history
                        .zopa_turns
                        .last()
                        .is_some_and(|&t| t + 1 >= clock.turn);
                (clock.turn, near)
            });
            roll_spoilers(&scen.0, &roster, &holders, &mut rng, deal_near, &mut next)
                .map(|(i, e, h, act, draw, p)| (scen.0.clone(), turn, i, e, h, act, draw, p))
        };
        let Some((scen, turn, i, e, h, act, draw, p)) = rolled else {
            return;
        };
        let mut found_nothing = false;
        match act {
            SpoilerAct::Veto => {
                world.get_mut::<Stakeholder>(e).expect("stakeholder").vetoed = true;
            }
            // Filtered out above.
            SpoilerAct::CampaignFor => {}
            SpoilerAct::Campaign => {
                let pe = world.resource::<Roster>().parties[h.party];
                let mut st = world.get_mut::<Standing>(pe).expect("standing");
                st.domestic_support =
                    (st.domestic_support - 0.06 * (0.5 + h.influence)).clamp(0.0, 1.0);
            }
            SpoilerAct::Pressure => {
                let pe = world.resource::<Roster>().parties[h.party];
                let top = scen.parties[h.party]
                    .weights
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .map(|(i, _)| i)
                    .unwrap_or(0);
                if let Some(mut pos) = world.get_mut::<PublicPosition>(pe) {
                    pos.hardness[top] += 1;
                }
                let mut ap = world.get_mut::<ActionPoints>(pe).expect("points");
                ap.0 = ap.0.saturating_sub(1);
            }
            SpoilerAct::Violence => {
                let mut esc = world.resource_mut::<Escalation>();
                // Violence raises tension, but only states take a crisis to the brink.
                if esc.level + 2 < esc.war_at {
                    esc.level += 1;
                    esc.history.push(turn);
                }
                let channels = world.resource::<Roster>().channels.clone();
                for ce in channels {
                    if let Some(mut ch) = world.get_mut::<Channel>(ce)
                        && ch.is_live()
                    {
                        ch.trust = (ch.trust - 0.08).max(0.0);
                    }
                }
            }
            SpoilerAct::Leak => {
                // Leaks what it knows: a live secret channel of its own side.
                let channels = world.resource::<Roster>().channels.clone();
                let target = channels.iter().find_map(|&ce| {
                    let ch = world.get::<Channel>(ce)?;
                    (ch.is_back()
                        && ch.status == ChannelStatus::Open
                        && ch.parties.contains(&h.party))
                    .then_some(ch.index)
                });
                match target {
                    Some(ci) if h.awareness >= Awareness::Suspicious => {
                        let level = if h.awareness >= Awareness::Informed {
                            LeakLevel::Content
                        } else {
                            LeakLevel::Existence
                        };
                        disclose(world, ci, level, 1.0);
                        after_leak(world, ci, level);
                        world.resource_mut::<Chronicle>().record(
                            Some(h.party),
                            EventKind::Leaked {
                                channel: ci,
                                level,
                                source: LeakSource::Spoiler(i),
                            },
                        );
                    }
                    _ => found_nothing = true,
                }
            }
        }
        if let Some(mut s) = world.get_mut::<Stakeholder>(e) {
            s.anger *= 0.75;
        }
        world.resource_mut::<Chronicle>().record(
            Some(h.party),
            EventKind::SpoilerActed {
                stakeholder: i,
                act,
                found_nothing,
                draw,
                chance: p,
            },
        );
    }
}

/// One group's act chosen this phase.
type Strike = (usize, Entity, Stakeholder, SpoilerAct, f64, f64);

/// Roll the groups from index `*next` on until one acts: which group, what it does, the
/// draw and the chance (None: no other group acts this turn).
fn roll_spoilers(
    scen: &crate::scenario::Scenario,
    roster: &Roster,
    holders: &Query<&Stakeholder>,
    rng: &mut GameRng,
    deal_near: bool,
    next: &mut usize,
) -> Option<Strike> {
    while let Some(&e) = roster.stakeholders.get(*next) {
        let i = *next;
        *next += 1;
        let h = holders.get(e).expect("stakeholder");
        // Anger moves a group to act against; campaigning for a deal is its own pass.
        let acts = || {
            scen.stakeholders[i]
                .acts
                .iter()
                .copied()
                .filter(|a| *a != SpoilerAct::CampaignFor)
        };
        let count = acts().count();
        if count == 0 || h.spoiler_capacity <= 0.0 || h.anger <= 0.05 {
            continue;
        }
        let p = spoiler_chance(h.spoiler_capacity, h.anger, h.awareness, deal_near);
        let (hit, draw) = rng.chance(p);
        if !hit {
            continue;
        }
        let pick = (rng.uniform() * count as f64) as usize;
        let act = acts().nth(pick.min(count - 1)).expect("counted above");
        return Some((i, e, h.clone(), act, draw, p));
    }
    None
}

/// Support a campaign for a deal adds to its side, per unit of (0.5 + influence).
pub const CAMPAIGN_FOR_SUPPORT: f64 = 0.04;

/// Groups that campaign for a deal (`CampaignFor`) do so once one is agreed and they
/// like what they can see of it: each turn, with chance `capacity × min(1, 2 × margin)`
/// (margin: the visible package's stance over the group's reservation), its side's
/// support rises and the anger of its side's other groups cools a little.
pub fn supporters_act(
    world: &mut World,
    reads: &mut SystemState<(Res<TurnClock>, Res<DealState>)>,
) {
    let deal = {
        let (clock, deal) = reads
            .get(world)
            .expect("a game's resources are set up with it");
        if clock.finished {
            return;
        }
        let Some(deal) = deal.0.clone() else {
            return;
        };
        deal
    };
    let scen = world.resource::<ScenarioRes>().0.clone();
    let holders = world.resource::<Roster>().stakeholders.clone();
    for (i, e) in holders.iter().copied().enumerate() {
        let def = &scen.stakeholders[i];
        if !def.acts.contains(&SpoilerAct::CampaignFor) {
            continue;
        }
        let h = world.get::<Stakeholder>(e).cloned().expect("stakeholder");
        let margin = visible_stance(&scen, i, &deal.clauses) - def.reservation;
        let unaware = h.awareness < Awareness::Suspicious && deal.signed_turn.is_none();
        if h.spoiler_capacity <= 0.0 || margin <= 0.0 || unaware {
            continue;
        }
        let p = (h.spoiler_capacity * (2.0 * margin).min(1.0)).clamp(0.0, 1.0);
        let (hit, draw) = world.resource_mut::<GameRng>().chance(p);
        if !hit {
            continue;
        }
        let pe = world.resource::<Roster>().parties[h.party];
        let mut st = world.get_mut::<Standing>(pe).expect("standing");
        st.domestic_support =
            (st.domestic_support + CAMPAIGN_FOR_SUPPORT * (0.5 + h.influence)).clamp(0.0, 1.0);
        for &other in &holders {
            if other != e
                && let Some(mut o) = world.get_mut::<Stakeholder>(other)
                && o.party == h.party
            {
                o.anger *= 0.95;
            }
        }
        world.resource_mut::<Chronicle>().record(
            Some(h.party),
            EventKind::SpoilerActed {
                stakeholder: i,
                act: SpoilerAct::CampaignFor,
                found_nothing: false,
                draw,
                chance: p,
            },
        );
    }
}
