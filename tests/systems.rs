//! Single systems tested in a tiny headless world, in the style of Bevy's own
//! `tests/how_to_test_systems.rs`: set up exactly the situation a rule is about, run
//! the one system, and assert on the state and the typed events it left.

use std::sync::Arc;

use backchannel::bundled;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, Awareness, Medium, SpoilerAct};
use backchannel::sim::actions::apply_action;
use backchannel::sim::components::*;
use backchannel::sim::events::{Chronicle, EventKind, LeakSource};
use backchannel::sim::phases::{exposure, stakeholders};
use backchannel::sim::rules::moves::LEAK_TRUST;
use backchannel::sim::{SimPlugin, TurnStep, setup_game};
use bevy::ecs::system::RunSystemOnce;
use bevy::prelude::*;

/// A world holding one game of `scen`, briefed for turn 1, both sides played by people.
fn world_of(scen: Scenario, seed: u64) -> World {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, SimPlugin));
    app.finish();
    app.cleanup();
    let mut world = std::mem::take(app.world_mut());
    setup_game(
        &mut world,
        Arc::new(scen),
        seed,
        &[Seat::Human, Seat::Human],
    );
    world.run_schedule(TurnStep::Open);
    world
}

fn cuba() -> Scenario {
    (*bundled::resolve("cuba_1962").unwrap()).clone()
}

fn channel_by_id<'w>(world: &'w World, id: &str) -> &'w Channel {
    world
        .resource::<Roster>()
        .channels
        .iter()
        .filter_map(|&e| world.get::<Channel>(e))
        .find(|c| c.id == id)
        .expect("channel exists")
}

/// A leak by one of a channel's staff is traced to the sides (staff serve both ends)
/// and costs the channel trust. Everyone named is perfectly discreet, so only the
/// staff can leak; the hazard is pushed near certainty.
#[test]
fn a_leak_by_staff_costs_the_channel_trust() {
    let mut s = cuba();
    s.negotiators.iter_mut().for_each(|n| n.discretion = 1.0);
    s.intermediaries.iter_mut().for_each(|m| m.discretion = 1.0);
    s.stakeholders.iter_mut().for_each(|h| h.discretion = 1.0);
    s.rules.staff_discretion = 0.0;
    s.rules.leak_base = 1.0;
    s.rules.media.clear();
    let mut leaks_seen = 0;
    for seed in 0..5 {
        let mut world = world_of(s.clone(), seed);
        apply_action(
            &mut world,
            0,
            &ActionDef::OpenChannel {
                id: "b".into(),
                from: "rfk".into(),
                to: "dobrynin".into(),
                via: None,
                medium: Medium::Digital,
            },
        )
        .expect("the channel opens");
        let before = channel_by_id(&world, "b").trust;
        world
            .run_system_once(exposure::roll_leaks)
            .expect("the phase runs");
        let leaked_by_staff = world.resource::<Chronicle>().events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::Leaked {
                    source: LeakSource::Staff,
                    ..
                }
            )
        });
        assert!(leaked_by_staff, "seed {seed}: only the staff could leak");
        leaks_seen += 1;
        let after = channel_by_id(&world, "b").trust;
        assert!(
            (before - LEAK_TRUST - after).abs() < 1e-12,
            "seed {seed}: trust {before} → {after}; a staff leak must cost {LEAK_TRUST}"
        );
    }
    assert_eq!(leaks_seen, 5);
}

/// One furious, informed stakeholder able only to campaign: when `spoilers_act` says it
/// acted, support fell by the campaign's amount and its anger cooled; when it did not,
/// nothing changed. A calm group never acts. Over 60 seeds both branches occur.
#[test]
fn a_furious_stakeholder_campaigns_and_a_calm_one_does_not() {
    let mut s = cuba();
    let furious = 0;
    for (i, h) in s.stakeholders.iter_mut().enumerate() {
        h.acts = if i == furious {
            vec![SpoilerAct::Campaign]
        } else {
            Vec::new()
        };
    }
    let party = s.stakeholders[furious].party;
    let (mut acted, mut held) = (0, 0);
    for seed in 0..60 {
        let mut world = world_of(s.clone(), seed);
        let he = world.resource::<Roster>().stakeholders[furious];
        {
            let mut h = world.get_mut::<Stakeholder>(he).unwrap();
            h.anger = 1.0;
            h.spoiler_capacity = 1.0;
            h.awareness = Awareness::Informed;
        }
        let pe = world.resource::<Roster>().parties[party];
        let support = world.get::<Standing>(pe).unwrap().domestic_support;
        let influence = world.get::<Stakeholder>(he).unwrap().influence;
        world
            .run_system_once(stakeholders::spoilers_act)
            .expect("the phase runs");
        let campaigned = world.resource::<Chronicle>().events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::SpoilerActed {
                    stakeholder,
                    act: SpoilerAct::Campaign,
                    ..
                } if stakeholder == furious
            )
        });
        let now = world.get::<Standing>(pe).unwrap().domestic_support;
        let anger = world.get::<Stakeholder>(he).unwrap().anger;
        if campaigned {
            acted += 1;
            let expected = (support - 0.06 * (0.5 + influence)).clamp(0.0, 1.0);
            assert!(
                (now - expected).abs() < 1e-12,
                "seed {seed}: {now} vs {expected}"
            );
            assert!((anger - 0.75).abs() < 1e-12, "acting vents anger");
        } else {
            held += 1;
            assert_eq!(now, support, "seed {seed}: no act, no change");
            assert_eq!(anger, 1.0);
        }
        // A calm group in the same world never acts.
        let others = world
            .resource::<Chronicle>()
            .events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::SpoilerActed { stakeholder, .. } if stakeholder != furious))
            .count();
        assert_eq!(others, 0, "groups with no spoiler acts stay quiet");
    }
    assert!(acted >= 10 && held >= 10, "acted {acted}, held {held}");
}

/// A group that campaigns for a deal (`CampaignFor`) lifts its side's support once a
/// deal it likes is agreed, and does nothing while none is.
#[test]
fn a_campaign_for_the_deal_lifts_support() {
    let mut s = (*bundled::resolve("oslo_1993").unwrap()).clone();
    let h = s
        .stakeholders
        .iter()
        .position(|h| h.id == "labor_meretz")
        .unwrap();
    s.stakeholders[h].acts = vec![SpoilerAct::CampaignFor];
    s.stakeholders[h].reservation = 0.0;
    s.stakeholders[h].awareness = Awareness::InTheLoop;
    let party = s.stakeholders[h].party;
    let mut world = world_of(s.clone(), 1);
    for mut st in world.query::<&mut Stakeholder>().iter_mut(&mut world) {
        if st.index == h {
            st.spoiler_capacity = 1.0;
            st.awareness = Awareness::InTheLoop;
        }
    }
    let support = |w: &World| {
        let e = w.resource::<Roster>().parties[party];
        w.get::<Standing>(e).unwrap().domestic_support
    };
    let before = support(&world);
    world
        .run_system_once(stakeholders::supporters_act)
        .expect("the phase runs");
    assert_eq!(support(&world), before, "no deal, no campaign");
    let clauses = s
        .issues
        .iter()
        .enumerate()
        .map(|(i, _)| Clause {
            issue: i,
            option: 0,
            secret: false,
        })
        .collect();
    world.resource_mut::<DealState>().0 = Some(Deal {
        offer: 0,
        channel: 0,
        clauses,
        accepted_turn: 1,
        signed_turn: None,
        signed_by: None,
        payments: Vec::new(),
    });
    world
        .run_system_once(stakeholders::supporters_act)
        .expect("the phase runs");
    assert!(
        support(&world) > before + 0.01,
        "{} → {}",
        before,
        support(&world)
    );
    assert!(world.resource::<Chronicle>().events.iter().any(|e| matches!(
        e.kind,
        EventKind::SpoilerActed { stakeholder, act: SpoilerAct::CampaignFor, .. } if stakeholder == h
    )));
}
