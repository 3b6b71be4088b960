//! Phase 5, exposure: each open secret channel rolls its leak hazard.

use bevy::prelude::*;

use crate::scenario::schema::Medium;
use crate::sim::actions::disclose;
use crate::sim::components::*;
use crate::sim::outcome::{Leak, Leaks};
use crate::sim::phases::stakeholders::level_name;
use crate::sim::rng::GameRng;
use crate::sim::rules::leak::{channel_hazard, medium_factor, person_leak_chance, scrutiny};
use crate::sim::transcript::{EntryKind, Phase, Transcript};

/// Who is privy to a channel and how likely each is to leak this turn.
pub fn privy_chances(world: &World, ch: &Channel) -> Vec<(String, f64)> {
    let scen = &world.resource::<ScenarioRes>().0;
    let esc = world.resource::<Escalation>();
    let rules = &scen.rules;
    let mut look = scrutiny(esc.level, esc.scrutiny);
    if ch.met_this_turn {
        // A face-to-face meeting is the hardest thing to hide.
        look *= 1.5;
    }
    let medium = medium_factor(&rules.medium, ch.medium);
    let chance = |discretion: f64| {
        person_leak_chance(
            rules.leak_base,
            discretion,
            medium,
            ch.age,
            rules.secrecy_half_life,
            look,
        )
    };
    let mut out = Vec::with_capacity(ch.privy.len() + 1);
    for p in &ch.privy {
        let (name, discretion) = match *p {
            Person::Negotiator(n) => (
                scen.negotiators[n].name.clone(),
                scen.negotiators[n].discretion,
            ),
            Person::Intermediary(m) => (
                scen.intermediaries[m].name.clone(),
                scen.intermediaries[m].discretion,
            ),
            Person::Stakeholder(s) => (
                scen.stakeholders[s].name.clone(),
                scen.stakeholders[s].discretion,
            ),
        };
        out.push((name, chance(discretion)));
    }
    if ch.staff > 0 {
        // Anonymous staff: one combined chance for all of them.
        let one = chance(rules.staff_discretion);
        out.push((
            "a staff member".to_string(),
            channel_hazard(std::iter::repeat_n(one, ch.staff as usize)),
        ));
    }
    out
}

/// The leak hazard of a channel this turn (0 for official or closed channels).
pub fn hazard_of(world: &World, ch: &Channel) -> f64 {
    if !ch.is_back() || ch.status != ChannelStatus::Open {
        return 0.0;
    }
    channel_hazard(privy_chances(world, ch).into_iter().map(|(_, p)| p))
}

/// Roll every open back channel's hazard, in channel order.
pub fn roll_leaks(world: &mut World) {
    if world.resource::<TurnClock>().finished {
        return;
    }
    world.resource_mut::<Transcript>().phase = Some(Phase::Exposure);
    let turn = world.resource::<TurnClock>().turn;
    let channels = world.resource::<Roster>().channels.clone();
    for e in channels {
        let Some(ch) = world.get::<Channel>(e).cloned() else {
            continue;
        };
        if !ch.is_back() || ch.status != ChannelStatus::Open {
            continue;
        }
        let chances = privy_chances(world, &ch);
        let h = channel_hazard(chances.iter().map(|c| c.1));
        world
            .resource_mut::<History>()
            .hazards
            .push((turn, ch.index, h));
        let (leaked, u) = world.resource_mut::<GameRng>().chance(h);
        world.resource_mut::<Transcript>().log(
            EntryKind::Draw,
            None,
            format!(
                "leak roll on \"{}\": {u:.4} vs hazard {h:.3} → {}",
                ch.id,
                if leaked { "leak" } else { "held" }
            ),
        );
        if !leaked {
            continue;
        }
        let weights: Vec<f64> = chances.iter().map(|c| c.1).collect();
        let who = world.resource_mut::<GameRng>().weighted(&weights);
        let source = chances.get(who).map(|c| c.0.clone()).unwrap_or_default();
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
        // A leak traced to someone of either side costs the channel trust; one from a
        // go-between does not.
        if leaker_party(world, &ch, who).is_some() {
            let mut c = world.get_mut::<Channel>(e).expect("channel");
            c.trust = (c.trust - 0.12).max(0.0);
        }
        world.resource_mut::<Transcript>().log(
            EntryKind::Leak,
            None,
            format!(
                "LEAK: the {} of channel \"{}\" is out (source: {source})",
                level_name(level),
                ch.id
            ),
        );
        world.resource_mut::<Leaks>().0.push(Leak {
            turn,
            channel: ch.id.clone(),
            level,
            source,
            bulk: false,
        });
    }
}

fn leaker_party(world: &World, ch: &Channel, who: usize) -> Option<usize> {
    let scen = &world.resource::<ScenarioRes>().0;
    let person = ch.privy.iter().nth(who)?;
    match *person {
        Person::Negotiator(n) => Some(scen.negotiators[n].party),
        Person::Stakeholder(s) => Some(scen.stakeholders[s].party),
        Person::Intermediary(_) => None,
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

/// After any leak: both sides face a rumour they may deny or confirm, and a side that
/// denied before and is now proven wrong pays its credibility debt.
pub fn after_leak(world: &mut World, ci: usize, level: LeakLevel) {
    let parties = {
        let e = world.resource::<Roster>().channels[ci];
        world.get::<Channel>(e).map(|c| c.parties).unwrap_or([0, 1])
    };
    for p in parties {
        let pe = world.resource::<Roster>().parties[p];
        let mut d = world.get::<Denials>(pe).cloned().unwrap_or_default();
        let mut paid = 0.0;
        if d.debt > 0.0 && level >= LeakLevel::Content {
            paid = d.debt;
            d.debt = 0.0;
        }
        d.rumour = true;
        world.entity_mut(pe).insert(d);
        if paid > 0.0 {
            let mut s = world.get_mut::<Standing>(pe).expect("standing");
            s.credibility = (s.credibility - paid).clamp(0.0, 1.0);
            let name = world.resource::<ScenarioRes>().0.parties[p].id.clone();
            world.resource_mut::<Transcript>().log(
                EntryKind::Leak,
                Some(&name),
                format!(
                    "earlier denials are proven false: credibility −{:.0}%",
                    paid * 100.0
                ),
            );
        }
    }
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
    let turn = world.resource::<TurnClock>().turn;
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
    let (hit, u) = world.resource_mut::<GameRng>().chance(chance);
    world.resource_mut::<Transcript>().log(
        EntryKind::Draw,
        None,
        format!(
            "bulk-leak roll: {u:.4} vs {chance:.3} → {}",
            if hit { "leak" } else { "held" }
        ),
    );
    if !hit {
        return;
    }
    for ci in digital {
        disclose(world, ci, LeakLevel::Content, 1.0);
        after_leak(world, ci, LeakLevel::Content);
        let id = world
            .get::<Channel>(channels[ci])
            .map(|c| c.id.clone())
            .unwrap_or_default();
        world.resource_mut::<Transcript>().log(
            EntryKind::Leak,
            None,
            format!(
                "BULK LEAK: the traffic of \"{id}\" is published with thousands of other messages"
            ),
        );
        world.resource_mut::<Leaks>().0.push(Leak {
            turn,
            channel: id,
            level: LeakLevel::Content,
            source: "bulk digital leak".into(),
            bulk: true,
        });
    }
}
