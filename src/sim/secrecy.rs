//! What happens when a secret comes out, by leak or by choice: stakeholders learn and
//! grow angry, rumours start, and earlier denials are proven false. Shared by the
//! actions (confirm, sign) and the phases (exposure, spoilers).

use bevy::prelude::*;

use super::components::*;
use super::events::{Chronicle, EventKind};
use super::rules::domestic::{anger_from_reveal, surprise};
use crate::scenario::schema::Awareness;

/// Suspicion of one party's stakeholders is soothed by a denial (they half believe it).
pub fn calm_suspicion(world: &mut World, party: usize, factor: f64) {
    let holders = world.resource::<Roster>().stakeholders.clone();
    for e in holders {
        if let Some(mut s) = world.get_mut::<Stakeholder>(e)
            && s.party == party
            && s.awareness == Awareness::Suspicious
        {
            s.anger *= factor;
        }
    }
}

/// Make a channel's content known to the stakeholders of both parties, with anger
/// scaled by `surprise_scale` (1 for a hostile leak, lower for a controlled disclosure).
pub fn disclose(world: &mut World, ci: usize, level: LeakLevel, surprise_scale: f64) {
    let scen = world.resource::<ScenarioRes>().0.clone();
    let parties = super::actions::channel(world, ci).parties;
    // What is revealed: the latest offers on the channel (or the deal), public and,
    // at the secret-clause level, the secret clauses too.
    let latest = || {
        world
            .resource::<Roster>()
            .offers
            .iter()
            .rev()
            .filter_map(|&e| world.get::<Offer>(e))
            .find(|o| o.channel == ci)
    };
    let content: Vec<Clause> = match level {
        LeakLevel::Existence => Vec::new(),
        LeakLevel::Content => latest()
            .map(|o| o.clauses.iter().filter(|c| !c.secret).copied().collect())
            .unwrap_or_default(),
        LeakLevel::SecretClause => latest().map(|o| o.clauses.clone()).unwrap_or_default(),
    };
    {
        let mut c = super::actions::channel_mut(world, ci);
        c.revealed = c.revealed.max(Some(level));
        if c.status == ChannelStatus::Open {
            c.status = ChannelStatus::Exposed;
        }
    }
    let holders = world.resource::<Roster>().stakeholders.clone();
    for e in holders {
        let Some(mut s) = world.get_mut::<Stakeholder>(e) else {
            continue;
        };
        if !parties.contains(&s.party) {
            continue;
        }
        let idx = s.index;
        let distance = if content.is_empty() {
            // Existence only: the very fact of talking, weighted by how explosive the issues are.
            let sens: f64 = scen.issues.iter().map(|i| i.sensitivity).sum::<f64>()
                / scen.issues.len().max(1) as f64;
            let stance_talk: f64 = 1.0 - scen.stakeholders[idx].reservation;
            (0.3 + 0.4 * sens) * (1.0 - stance_talk * 0.5)
        } else {
            let mut d = 0.0;
            let mut w = 0.0;
            for c in &content {
                let sens = scen.issues[c.issue].sensitivity * if c.secret { 1.5 } else { 1.0 };
                d += sens * (1.0 - scen.issues[c.issue].options[c.option].stance[idx]);
                w += scen.issues[c.issue].sensitivity;
            }
            if w > 0.0 {
                (d / w).clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let add = anger_from_reveal(
            s.influence,
            distance,
            surprise(s.awareness, s.briefed) * surprise_scale,
        );
        s.anger = (s.anger + add).clamp(0.0, 1.0);
        let floor = if level == LeakLevel::Existence {
            Awareness::Suspicious
        } else {
            Awareness::Informed
        };
        if s.awareness < floor {
            s.awareness = floor;
        }
    }
}

/// After any leak: both sides face a rumour they may deny or confirm, and a side that
/// denied before and is now proven wrong pays its credibility debt.
pub fn after_leak(world: &mut World, ci: usize, level: LeakLevel) {
    let parties = {
        let e = world.resource::<Roster>().channels[ci];
        world.get::<Channel>(e).map(|c| c.parties).unwrap_or([0, 1])
    };
    for p in parties {
        let pe = world.resource::<Roster>().parties[p];
        let mut paid = 0.0;
        if let Some(mut d) = world.get_mut::<Denials>(pe) {
            if d.debt > 0.0 && level >= LeakLevel::Content {
                paid = d.debt;
                d.debt = 0.0;
            }
            d.rumour = true;
        } else {
            world.entity_mut(pe).insert(Denials {
                rumour: true,
                ..default()
            });
        }
        if paid > 0.0 {
            let mut s = world.get_mut::<Standing>(pe).expect("standing");
            s.credibility = (s.credibility - paid).clamp(0.0, 1.0);
            world.resource_mut::<Chronicle>().record(
                Some(p),
                EventKind::DenialsProven {
                    credibility_lost: paid,
                },
            );
        }
    }
}
