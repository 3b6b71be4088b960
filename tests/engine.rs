//! Integration tests of the engine through the library: historical paths, determinism,
//! invariants under random play, statistical properties of the rules, headless ECS.

mod support;

use std::sync::Arc;

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::report::Report;
use backchannel::scenario::Scenario;
use backchannel::scenario::schema::{ActionDef, ClauseDef, Medium};
use backchannel::sim::components::*;
use backchannel::sim::events::{EventKind, Refusal};
use backchannel::sim::outcome::{Implementation, OutcomeKind};
use backchannel::sim::view::hazard_of;
use backchannel::{Controller, Game};

fn scenario(id: &str) -> Arc<Scenario> {
    bundled::resolve(id).expect("bundled scenario loads")
}

// ---------------------------------------------------------------- historical paths

/// The historical path of Cuba 1962 ends in a ratified agreement, without war, with
/// the Jupiter clause still secret, in at least 80 % of 200 seeds.
#[test]
fn cuba_history_mostly_ends_in_a_quiet_ratified_deal() {
    let s = scenario("cuba_1962");
    let mut good = 0;
    for seed in 0..200 {
        let mut g = Game::historical(s.clone(), seed);
        g.play_out();
        let o = g.outcome().expect("finished");
        if o.kind == OutcomeKind::Agreement && o.ratified && !o.secret_exposed {
            good += 1;
        }
    }
    assert!(good >= 160, "only {good} of 200 seeds ended as in history");
}

/// The historical path of Oslo 1993 is signed and ratified, but the spoilers left out
/// of the loop keep the implementation from being durable, in at least 80 % of seeds.
#[test]
fn oslo_history_is_ratified_but_not_durable() {
    let s = scenario("oslo_1993");
    let mut good = 0;
    for seed in 0..200 {
        let mut g = Game::historical(s.clone(), seed);
        g.play_out();
        let o = g.outcome().expect("finished");
        if o.kind == OutcomeKind::Agreement
            && o.ratified
            && matches!(
                o.implementation,
                Some(Implementation::Weakened | Implementation::Collapsed)
            )
        {
            good += 1;
        }
    }
    assert!(good >= 160, "only {good} of 200 seeds ended as in history");
}

/// Every action of every historical path is legal when replayed (a refused step would
/// mean the file and the engine disagree). An accident can end a game in war before
/// the path is done; the steps after that are refused because the game is over, which
/// is the rule, not a disagreement — and it must not happen on most seeds.
#[test]
fn historical_paths_replay_without_refusals() {
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        let mut cut_short = 0;
        let mut disagreed = Vec::new();
        for seed in 0..20 {
            let mut g = Game::historical(scenario(id), seed);
            g.play_out();
            let refused: Vec<_> = g
                .chronicle()
                .events
                .iter()
                .filter(|e| matches!(&e.kind, EventKind::Refused { reason, .. } if *reason != Refusal::GameOver))
                .collect();
            // A step can also meet a state the path did not foresee (a secret clause
            // offered on a channel that has already leaked); rare, and seed 1 never.
            if !refused.is_empty() {
                assert_ne!(seed, 1, "{id}: {refused:#?}");
                disagreed.push((seed, refused.len()));
            }
            if g.outcome().is_some_and(|o| o.kind == OutcomeKind::War) {
                cut_short += 1;
            }
        }
        assert!(
            cut_short <= 4,
            "{id}: {cut_short} of 20 histories ended in war"
        );
        assert!(
            disagreed.len() <= 2,
            "{id}: refused steps on seeds {disagreed:?}"
        );
    }
}

// ---------------------------------------------------------------- determinism

#[test]
fn same_seed_same_report_byte_for_byte() {
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        let s = scenario(id);
        let run = || {
            let mut g = Game::new(
                s.clone(),
                42,
                &[
                    Controller::Ai(Policy::Adaptive),
                    Controller::Ai(Policy::Secret),
                ],
            );
            g.play_out();
            Report::from_game(&g, Some(0)).to_json()
        };
        assert_eq!(run(), run(), "{id} replayed differently");
    }
}

#[test]
fn different_seeds_give_different_games() {
    let s = scenario("cuba_1962");
    // Compare what happened (the events), not the report, which names its seed.
    let events = |seed| {
        let mut g = Game::historical(s.clone(), seed);
        g.play_out();
        format!("{:?}", g.chronicle().events)
    };
    let distinct: std::collections::BTreeSet<String> = (0..5).map(events).collect();
    assert!(distinct.len() > 1, "the seed does not reach the game");
}

/// A golden hash of one full historical game: any change to rules, numbers or the
/// random stream shows up here and must be a deliberate choice (update the constant).
/// Last changed by the bargaining counterpart of issue 9 (hidden reservations drawn per
/// seed, accidents at every rung, the epilogue's secret hazard from who knew).
/// Report format 2 (the player debrief) changed only `format_version` in this report.
/// Then: the outcome's name in reports, secret and per-side scripted news in Cuba, the
/// media of 1962, plural groups and ladder moves by events in the transcript; then
/// U Thant's late entry and his proposals at the UN table (the mediator), and Cuba's
/// re-tuned Soviet types and walk-away spread; then accountability by who was briefed
/// and the price of a deal one's own home rejects.
#[test]
fn golden_transcript_of_cuba_seed_7() {
    let mut g = Game::historical(scenario("cuba_1962"), 7);
    g.play_out();
    let json = Report::from_game(&g, None).to_json();
    let hash = fnv1a(json.as_bytes());
    assert_eq!(
        hash, GOLDEN_CUBA_7,
        "transcript changed; if intended, set GOLDEN_CUBA_7 = {hash:#018x}"
    );
}

const GOLDEN_CUBA_7: u64 = 0x06dc0f469eb313c2;

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

// ---------------------------------------------------------------- random play

fn random_game(id: &str, seed: u64, picks: &[Vec<u32>]) {
    let s = scenario(id);
    let mut g = Game::new(s.clone(), seed, &[Controller::Human, Controller::Human]);
    let mut i = 0;
    let mut turns = 0;
    while !g.is_finished() {
        for _ in 0..5 {
            if let Some(p) = picks.get(i) {
                let party = p[0] as usize % 3; // 2 is not a party: must be refused
                let _ = g.act(
                    party,
                    support::action_from(&s, &support::channel_ids(&g), p),
                );
                i += 1;
            }
        }
        g.end_turn();
        turns += 1;
        support::check_invariants(&g);
        assert!(turns <= s.deadline, "{id}: the game outlived its deadline");
    }
    let o = g.outcome().expect("a finished game has an outcome");
    assert_eq!(o.scores.len(), s.parties.len());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn random_actions_never_panic_and_invariants_hold(
            seed in 0u64..10_000,
            scen in 0usize..3,
            picks in proptest::collection::vec(proptest::collection::vec(0u32..1000, 8), 0..80),
        ) {
            let id = ["tutorial", "cuba_1962", "oslo_1993"][scen];
            random_game(id, seed, &picks);
        }
    }
}

/// Every built-in policy, including the random one, plays every scenario to its end.
#[test]
fn every_policy_finishes_every_scenario() {
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        for p in Policy::ALL {
            for seed in 0..5 {
                let mut g = Game::new(
                    scenario(id),
                    seed,
                    &[Controller::Ai(p), Controller::Ai(Policy::Adaptive)],
                );
                g.play_out();
                assert!(g.is_finished(), "{id} with {p} did not finish");
                support::check_invariants(&g);
            }
        }
    }
}

// ---------------------------------------------------------------- statistics

/// Leaks grow with the number of people privy. Over 400 seeded games each, a back
/// channel with every stakeholder of the side briefed into it leaks more often than
/// the bare two-person channel. A one-sided two-proportion z-test at z > 3.1
/// (p < 0.001) guards against a lucky draw.
#[test]
fn leaks_grow_with_the_number_of_people_privy() {
    let s = scenario("cuba_1962");
    let leak_rate = |brief: bool| {
        let mut leaked = 0;
        for seed in 0..400 {
            let mut g = Game::new(
                s.clone(),
                seed,
                &[Controller::Human, Controller::Ai(Policy::Passive)],
            );
            g.act(
                0,
                ActionDef::OpenChannel {
                    id: "test".into(),
                    from: "rfk".into(),
                    to: "dobrynin".into(),
                    via: None,
                    medium: Medium::FaceToFace,
                },
            )
            .expect("open");
            for _ in 0..8 {
                if brief {
                    for h in s.stakeholders.iter().filter(|h| h.party == 0) {
                        let _ = g.act(
                            0,
                            ActionDef::Brief {
                                stakeholder: h.id.clone(),
                                channel: "test".into(),
                            },
                        );
                    }
                }
                g.end_turn();
            }
            let chron = g.chronicle();
            if chron.leaks().any(|l| chron.channel_id(l.channel) == "test") {
                leaked += 1;
            }
        }
        leaked as f64 / 400.0
    };
    let few = leak_rate(false);
    let many = leak_rate(true);
    let pooled = (few + many) / 2.0;
    let se = (2.0 * pooled * (1.0 - pooled) / 400.0).sqrt();
    let z = (many - few) / se;
    assert!(
        z > 3.1,
        "leak rate {few:.3} with two privy vs {many:.3} with the home front briefed (z = {z:.2})"
    );
}

/// Digital channels leak more than face-to-face ones (same people, same turns).
#[test]
fn digital_traffic_leaks_more_than_meetings() {
    // Cuba's people, as if the crisis had every medium (1962 had no digital traffic).
    let mut s = (*scenario("cuba_1962")).clone();
    s.rules.media.clear();
    let s = Arc::new(s);
    let hazard = |medium: Medium| {
        let mut g = Game::new(
            s.clone(),
            1,
            &[Controller::Human, Controller::Ai(Policy::Passive)],
        );
        g.act(
            0,
            ActionDef::OpenChannel {
                id: "t".into(),
                from: "rfk".into(),
                to: "dobrynin".into(),
                via: None,
                medium,
            },
        )
        .unwrap();
        let w = g.world();
        let e = *w.resource::<Roster>().channels.last().unwrap();
        hazard_of(w, w.get::<Channel>(e).unwrap())
    };
    assert!(hazard(Medium::Digital) > 2.0 * hazard(Medium::FaceToFace));
}

/// Secrecy buys room to move: the same package, signed with the Jupiter clause kept
/// secret, is ratified at home far more often than with that clause public, because
/// the home front only votes on what it can see. 100 seeds each; the gap must exceed
/// 20 games.
#[test]
fn secrecy_buys_room_to_move() {
    let s = scenario("cuba_1962");
    let offer = |channel: &str, secret: bool| ActionDef::Offer {
        channel: channel.into(),
        clauses: vec![
            ClauseDef {
                issue: "missiles".into(),
                option: "removed_inspected".into(),
                secret: false,
            },
            ClauseDef {
                issue: "quarantine".into(),
                option: "lifted".into(),
                secret: false,
            },
            ClauseDef {
                issue: "no_invasion".into(),
                option: "public_statement".into(),
                secret: false,
            },
            ClauseDef {
                issue: "jupiters".into(),
                option: "removed".into(),
                secret,
            },
        ],
    };
    let ratified = |secret: bool| {
        let mut n = 0;
        for seed in 0..100 {
            let mut g = Game::new(s.clone(), seed, &[Controller::Human, Controller::Human]);
            for _ in 0..8 {
                g.end_turn();
            }
            if g.is_finished() {
                // Nobody stepped back from the brink in these eight days: war. The same
                // seeds end so in both arms, so skipping them keeps the comparison fair.
                continue;
            }
            g.act(
                0,
                ActionDef::OpenChannel {
                    id: "b".into(),
                    from: "rfk".into(),
                    to: "dobrynin".into(),
                    via: None,
                    medium: Medium::FaceToFace,
                },
            )
            .unwrap();
            g.act(0, offer("b", secret)).unwrap();
            g.end_turn();
            if g.is_finished() {
                continue;
            }
            g.act(
                1,
                ActionDef::Accept {
                    channel: "b".into(),
                },
            )
            .unwrap();
            g.act(1, ActionDef::Sign).unwrap();
            g.end_turn();
            let o = g.outcome().expect("signed deals end the game");
            if o.ratified_by[0] {
                n += 1;
            }
        }
        n
    };
    let secret = ratified(true);
    let public = ratified(false);
    assert!(
        secret > public + 20,
        "US ratified {secret}/100 with the clause secret vs {public}/100 in public"
    );
}

#[test]
fn sim_plugin_runs_headless_and_orders_phases() {
    use backchannel::ai::AiPlugin;
    use backchannel::sim::{SimPlugin, TurnStep, setup_game};
    use bevy::prelude::*;
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, SimPlugin, AiPlugin));
    for step in [TurnStep::Open, TurnStep::Act, TurnStep::Close] {
        app.edit_schedule(step, |s| {
            s.set_build_settings(bevy::ecs::schedule::ScheduleBuildSettings {
                ambiguity_detection: bevy::ecs::schedule::LogLevel::Error,
                ..Default::default()
            });
        });
    }
    app.update();
    let s = scenario("tutorial");
    setup_game(
        app.world_mut(),
        s.clone(),
        3,
        &[Seat::Computer, Seat::Computer],
    );
    let parties = app.world().resource::<Roster>().parties.clone();
    for e in parties {
        app.world_mut().entity_mut(e).insert(Policy::Adaptive);
    }
    app.world_mut().run_schedule(TurnStep::Open);
    assert_eq!(app.world().resource::<TurnClock>().turn, 1);
    app.world_mut().run_schedule(TurnStep::Close);
    assert_eq!(
        app.world().resource::<TurnClock>().turn,
        2,
        "resolution starts the next turn"
    );
    use backchannel::sim::events::{Chronicle, Phase};
    let phases: Vec<Phase> = app
        .world()
        .resource::<Chronicle>()
        .events
        .iter()
        .map(|e| e.phase)
        .collect();
    let first = |p| phases.iter().position(|x| *x == p).expect("phase recorded");
    let last = |p| {
        phases
            .iter()
            .rposition(|x| *x == p)
            .expect("phase recorded")
    };
    // Every phase that records something does so after the one before it has finished.
    assert!(last(Phase::Briefing) < first(Phase::CounterpartActions));
    assert!(last(Phase::CounterpartActions) < first(Phase::Clock));
    assert!(
        phases.windows(2).all(|w| w[0] <= w[1]),
        "events come in phase order: {phases:?}"
    );
}

/// An illegal action is refused with a reason and changes nothing.
#[test]
fn illegal_actions_are_refused_with_reasons() {
    let s = scenario("cuba_1962");
    let mut g = Game::new(
        s.clone(),
        1,
        &[Controller::Human, Controller::Ai(Policy::Passive)],
    );
    let before = Report::from_game(&g, None).transcript.len();
    let e = g.act(0, ActionDef::Sign).unwrap_err();
    assert_eq!(e, Refusal::NoDeal);
    let e = g
        .act(
            0,
            ActionDef::Meet {
                channel: "nope".into(),
            },
        )
        .unwrap_err();
    assert_eq!(e, Refusal::NoSuchChannel("nope".into()));
    let e = g
        .act(
            0,
            ActionDef::OpenChannel {
                id: "z".into(),
                from: "dobrynin".into(),
                to: "rfk".into(),
                via: None,
                medium: Medium::Phone,
            },
        )
        .unwrap_err();
    assert!(
        matches!(e, Refusal::NotYourNegotiator { party: 0, .. }),
        "{e:?}"
    );
    let e = g
        .act(
            0,
            ActionDef::Offer {
                channel: "un_official".into(),
                clauses: vec![ClauseDef {
                    issue: "jupiters".into(),
                    option: "removed".into(),
                    secret: true,
                }],
            },
        )
        .unwrap_err();
    assert!(matches!(e, Refusal::SecretOnPublicChannel { .. }), "{e:?}");
    assert!(
        g.describe(0, &Err(e)).contains("not a secret back channel"),
        "the refusal is explained in words"
    );
    let e = g.act(7, ActionDef::Wait).unwrap_err();
    assert_eq!(e, Refusal::NoSuchParty(7));
    let points = g
        .world()
        .get::<ActionPoints>(g.world().resource::<Roster>().parties[0])
        .unwrap()
        .0;
    assert_eq!(points, s.rules.action_points, "refusals cost nothing");
    assert_eq!(
        Report::from_game(&g, None).transcript.len(),
        before + 5,
        "each refusal is logged once"
    );
}

// ---------------------------------------------------------------- red lines

/// A side's red line can be neither offered nor accepted, by a person or the
/// computer: in Oslo, Israel will not put East Jerusalem into self-rule.
#[test]
fn a_red_line_is_never_offered_or_accepted() {
    let s = scenario("oslo_1993");
    let (israel, jerusalem) = (
        s.party_index("israel").unwrap(),
        s.issue_index("jerusalem").unwrap(),
    );
    let include = s.option_index(jerusalem, "include").unwrap();
    assert_eq!(s.parties[israel].red_lines, vec![(jerusalem, include)]);
    let mut g = Game::new(s.clone(), 1, &[Controller::Human, Controller::Human]);
    let clauses = |jer: &str| -> Vec<ClauseDef> {
        s.issues
            .iter()
            .map(|i| ClauseDef {
                issue: i.id.clone(),
                option: if i.id == "jerusalem" {
                    jer.into()
                } else {
                    i.options[0].id.clone()
                },
                secret: false,
            })
            .collect()
    };
    let offer = |jer: &str| ActionDef::Offer {
        channel: "washington".into(),
        clauses: clauses(jer),
    };
    let e = g.act(israel, offer("include")).unwrap_err();
    assert!(matches!(e, Refusal::RedLine { .. }), "{e:?}");
    // The PLO may offer it; Israel may not accept it.
    g.act(1 - israel, offer("include"))
        .expect("not the PLO's red line");
    let e = g
        .act(
            israel,
            ActionDef::Accept {
                channel: "washington".into(),
            },
        )
        .unwrap_err();
    assert!(matches!(e, Refusal::RedLine { .. }), "{e:?}");
    // Over 100 computer games, no offer by either side crosses it.
    for seed in 0..100 {
        let mut g = Game::new(
            s.clone(),
            seed,
            &[
                Controller::Ai(Policy::Adaptive),
                Controller::Ai(Policy::Secret),
            ],
        );
        g.play_out();
        for e in &g.chronicle().events {
            if let EventKind::Offered { clauses, .. } = &e.kind {
                assert!(
                    !clauses
                        .iter()
                        .any(|c| c.issue == jerusalem && c.option == include),
                    "seed {seed}: an offer crossed Israel's red line"
                );
            }
        }
    }
}

/// A group with a red line votes no on a deal whose visible clauses cross it, however
/// it likes the rest; the same clause kept secret does not cross it (it cannot see it).
#[test]
fn a_group_votes_against_a_visible_red_line() {
    let text = include_str!("../scenarios/tutorial.ron").replacen(
        "acts: [Campaign, Leak],",
        "acts: [Campaign, Leak],\n            red_lines: [(issue: \"detained_boats\", option: \"released\")],",
        1,
    );
    let vote = |text: &str| {
        let s = Arc::new(
            backchannel::scenario::load_bytes(std::path::Path::new("t.ron"), text.as_bytes())
                .unwrap(),
        );
        let union = s.stakeholder_index("fishers_union").unwrap();
        let mut g = Game::historical(s, 3);
        g.play_out();
        g.chronicle()
            .events
            .iter()
            .find_map(|e| match &e.kind {
                EventKind::Voted { vote } if vote.stakeholder == union => Some(vote.clone()),
                _ => None,
            })
            .expect("the union votes on the deal")
    };
    let secret = vote(&text);
    assert!(!secret.red_line, "{secret:?}");
    let public = vote(&text.replace(
        "(issue: \"detained_boats\", option: \"released\", secret: true)",
        "(issue: \"detained_boats\", option: \"released\", secret: false)",
    ));
    assert!(public.red_line && !public.yes, "{public:?}");
}

// ---------------------------------------------------------------- events of format 2

/// Oslo's events on signing fire before the votes at home, and its epilogue events in
/// their rounds after the votes, only when a deal was ratified.
#[test]
fn signing_and_epilogue_events_fire_in_their_place() {
    let s = scenario("oslo_1993");
    let signing = s
        .events
        .iter()
        .position(|e| {
            matches!(
                e.when,
                Some(backchannel::scenario::schema::ConditionDef::DealSigned)
            )
        })
        .expect("an event on signing");
    let epilogue: Vec<usize> = (0..s.events.len())
        .filter(|&i| s.events[i].epilogue)
        .collect();
    assert_eq!(epilogue.len(), 2);
    let mut g = Game::historical(s.clone(), 2);
    g.play_out();
    let o = g.outcome().unwrap();
    assert!(o.ratified, "seed 2 follows history");
    let at =
        |pred: &dyn Fn(&EventKind) -> bool| g.chronicle().events.iter().position(|e| pred(&e.kind));
    let fired = at(&|k| matches!(k, EventKind::Scripted { event } if *event == signing)).unwrap();
    let first_vote = at(&|k| matches!(k, EventKind::Voted { .. })).unwrap();
    let first_epilogue =
        at(&|k| matches!(k, EventKind::Scripted { event } if epilogue.contains(event))).unwrap();
    assert!(fired < first_vote && first_vote < first_epilogue);
    // Without a signed deal, neither fires.
    let mut g = Game::new(
        s.clone(),
        2,
        &[
            Controller::Ai(Policy::Passive),
            Controller::Ai(Policy::Passive),
        ],
    );
    g.play_out();
    assert!(g.outcome().unwrap().kind != OutcomeKind::Agreement);
    assert!(!g.chronicle().events.iter().any(|e| matches!(&e.kind,
        EventKind::Scripted { event } if *event == signing || epilogue.contains(event))));
}

/// A dormant channel can be revived by a side that sits on it (Cuba's Bolshakov line):
/// it opens, a little less trusted, and carries talks again; a live channel cannot be
/// "revived", and the action reads the same typed at the terminal.
#[test]
fn a_dormant_channel_can_be_revived() {
    let s = scenario("cuba_1962");
    let mut g = Game::new(s.clone(), 4, &[Controller::Human, Controller::Human]);
    let trust_of = |g: &Game, id: &str| {
        let w = g.world();
        w.resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| w.get::<Channel>(e))
            .find(|c| c.id == id)
            .map(|c| (c.status, c.trust))
            .unwrap()
    };
    let (status, before) = trust_of(&g, "bolshakov_line");
    assert_eq!(status, ChannelStatus::Dormant);
    let meet = ActionDef::Meet {
        channel: "bolshakov_line".into(),
    };
    assert!(
        g.act(0, meet.clone()).is_err(),
        "a dormant channel carries nothing"
    );
    let revive = backchannel::sim::actions::grammar::parse("revive bolshakov_line").unwrap();
    assert_eq!(
        revive,
        ActionDef::Revive {
            channel: "bolshakov_line".into()
        }
    );
    assert!(matches!(
        g.act(0, revive.clone()),
        Ok(EventKind::Revived { .. })
    ));
    let (status, after) = trust_of(&g, "bolshakov_line");
    assert_eq!(status, ChannelStatus::Open);
    assert!((before - after - 0.05).abs() < 1e-9);
    g.end_turn();
    g.act(0, meet).expect("the revived channel carries talks");
    assert!(matches!(g.act(1, revive), Err(Refusal::NotDormant { .. })));
}

// ---------------------------------------------------------------- the era and the brink

/// A threat made in secret over a back channel binds no one at home: no support is
/// rallied, no public threat is on record to walk back, and the channel's trust pays.
/// It needs a channel whose existence is still secret; the terminal reads it too.
#[test]
fn a_secret_threat_binds_no_one_at_home() {
    let s = scenario("cuba_1962");
    let mut g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    let standing = |g: &Game| {
        let w = g.world();
        let e = w.resource::<Roster>().parties[0];
        (
            w.get::<Standing>(e).unwrap().domestic_support,
            w.get::<PublicPosition>(e).unwrap().clone(),
        )
    };
    let trust = |g: &Game| {
        let w = g.world();
        w.resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| w.get::<Channel>(e))
            .find(|c| c.id == "rfk_d")
            .unwrap()
            .trust
    };
    g.act(
        0,
        ActionDef::OpenChannel {
            id: "rfk_d".into(),
            from: "rfk".into(),
            to: "dobrynin".into(),
            via: None,
            medium: Medium::FaceToFace,
        },
    )
    .unwrap();
    let official = s
        .channels
        .iter()
        .find(|c| c.kind == backchannel::scenario::schema::ChannelKind::Official)
        .unwrap()
        .id
        .clone();
    assert!(matches!(
        g.act(0, ActionDef::Threaten { channel: official }),
        Err(Refusal::ThreatNeedsSecretChannel(_))
    ));
    let (support, pos) = standing(&g);
    let before = trust(&g);
    let threat = backchannel::sim::actions::grammar::parse("threaten rfk_d").unwrap();
    assert_eq!(
        threat,
        ActionDef::Threaten {
            channel: "rfk_d".into()
        }
    );
    assert!(matches!(g.act(0, threat), Ok(EventKind::Threatened { .. })));
    let (support_after, pos_after) = standing(&g);
    assert_eq!(support_after, support, "a secret threat rallies no one");
    assert_eq!(
        pos_after.threats, pos.threats,
        "nothing to walk back in public"
    );
    assert_eq!(pos_after.secret_threats, pos.secret_threats + 1);
    assert!((before - trust(&g) - 0.05).abs() < 1e-9);
    // A public escalation, by contrast, rallies support and is on record.
    g.act(0, ActionDef::Escalate).unwrap();
    let (support_esc, pos_esc) = standing(&g);
    assert!(support_esc > support_after);
    assert_eq!(pos_esc.threats, pos.threats + 1);
}

/// A scenario lists the media of its era: Cuba 1962 has no digital traffic, so the
/// rules refuse it and the pickers do not offer it; the tutorial (no list) has all four.
#[test]
fn channels_use_only_the_media_of_the_era() {
    use backchannel::sim::actions::grammar::{Param, ParamKind, choices};
    let s = scenario("cuba_1962");
    let mut g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    let open = |m| ActionDef::OpenChannel {
        id: "x".into(),
        from: "rfk".into(),
        to: "dobrynin".into(),
        via: None,
        medium: m,
    };
    assert!(matches!(
        g.act(0, open(Medium::Digital)),
        Err(Refusal::MediumOfAnotherEra(Medium::Digital))
    ));
    let words = |s: &Scenario| -> Vec<String> {
        let medium = Param {
            name: "MEDIUM",
            kind: ParamKind::Medium,
            prompt: "",
        };
        choices(s, 0, &medium, &[], &[])
            .into_iter()
            .map(|c| c.1)
            .collect()
    };
    assert_eq!(words(&s), ["face", "courier", "phone"]);
    assert!(g.act(0, open(Medium::Phone)).is_ok());
    assert_eq!(words(&scenario("tutorial")).len(), 4);
}

/// Scripted news is told to the side that would have it (only Washington knows of the
/// U-2 photographs on turn 1; Moscow reads its own news) and fits the ladder (the
/// ExComm "leans towards a quarantine" only while there is none).
#[test]
fn scripted_news_fits_the_reader_and_the_state() {
    let s = scenario("cuba_1962");
    let g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    let told = |side: usize| -> Vec<String> {
        g.chronicle()
            .visible_to(Some(side))
            .filter_map(|e| match e.kind {
                EventKind::Scripted { event } => Some(s.events[event].text.clone()),
                _ => None,
            })
            .collect()
    };
    let (usa, ussr) = (told(0), told(1));
    assert!(usa.iter().any(|t| t.contains("U-2")), "{usa:?}");
    assert!(!ussr.iter().any(|t| t.contains("U-2")), "{ussr:?}");
    assert!(ussr.iter().any(|t| t.contains("Presidium")), "{ussr:?}");
    assert!(!usa.iter().any(|t| t.contains("Presidium")), "{usa:?}");
    // Turn 5 with the crisis already past the quarantine rung: the other version.
    let mut g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    for _ in 0..4 {
        let _ = g.act(0, ActionDef::Escalate);
        g.end_turn();
    }
    assert!(g.world().resource::<Escalation>().level >= 2);
    let turn5: Vec<&str> = g
        .chronicle()
        .events
        .iter()
        .filter(|e| e.turn == 5)
        .filter_map(|e| match e.kind {
            EventKind::Scripted { event } => Some(s.events[event].text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        !turn5
            .iter()
            .any(|t| t.contains("leans towards a naval quarantine"))
    );
    assert!(
        turn5.iter().any(|t| t.contains("already on alert")),
        "{turn5:?}"
    );
}

/// A scenario names its failure: Oslo's last rung is the collapse of the process, and
/// that is what its reports call a game that reaches it, while the code stays `war`.
#[test]
fn the_failure_outcome_takes_the_scenarios_name() {
    let s = scenario("oslo_1993");
    let esc = [
        Controller::Ai(Policy::Escalate),
        Controller::Ai(Policy::Escalate),
    ];
    let g = (1..200)
        .map(|seed| {
            let mut g = Game::new(s.clone(), seed, &esc);
            g.play_out();
            g
        })
        .find(|g| g.outcome().is_some_and(|o| o.kind == OutcomeKind::War))
        .expect("two escalating sides reach the last rung in some seed");
    let r = Report::from_game(&g, None);
    assert_eq!(r.outcome.kind, "war");
    assert_eq!(r.outcome.name, "Collapse of the process");
    let md = backchannel::report::markdown(&g, None);
    assert!(md.contains("**Outcome:** Collapse of the process"), "{md}");
    assert!(!md.contains("**Outcome:** war"));
}

/// Groups with plural names take plural verbs in the transcript.
#[test]
fn plural_groups_take_plural_verbs() {
    use backchannel::narrate::line;
    use backchannel::scenario::schema::SpoilerAct;
    use backchannel::sim::events::{Audience, Chronicle, GameEvent, Phase};
    let s = scenario("oslo_1993");
    let say = |holder: &str| {
        let h = s.stakeholders.iter().position(|x| x.id == holder).unwrap();
        line(
            &s,
            &Chronicle::default(),
            &GameEvent {
                turn: 1,
                phase: Phase::Stakeholders,
                party: None,
                audience: Audience::Everyone,
                kind: EventKind::SpoilerActed {
                    stakeholder: h,
                    act: SpoilerAct::Campaign,
                    found_nothing: false,
                    draw: 0.0,
                    chance: 1.0,
                },
            },
        )
    };
    assert!(say("hamas_pij").contains("Hamas and Islamic Jihad campaign in public"));
    assert!(say("shas").contains("campaigns in public"));
}

/// A go-between carries talks only in the turns it is available: U Thant enters the
/// Cuban crisis on its ninth day, and the refusal before then says when.
#[test]
fn a_go_between_serves_only_when_it_is_available() {
    let s = scenario("cuba_1962");
    let mut g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    let open = |id: &str| ActionDef::OpenChannel {
        id: id.into(),
        from: "rfk".into(),
        to: "dobrynin".into(),
        via: Some("u_thant".into()),
        medium: Medium::FaceToFace,
    };
    let refused = g.act(0, open("early")).unwrap_err();
    assert!(matches!(refused, Refusal::HostUnavailable(0)));
    let text = backchannel::narrate::refusal(&s, &refused);
    assert!(
        text.contains("U Thant is not available as a go-between until turn 9 (Wed 24 Oct 1962)"),
        "{text}"
    );
    while g.turn() < 9 {
        g.end_turn();
    }
    assert!(!g.is_finished());
    assert!(g.act(0, open("on_time")).is_ok());
}

/// Negotiators come and go by scripted events: one who has not arrived can open no
/// channel (Oslo's Joel Singer until June 1993), and one who leaves takes the channels
/// at their end into dormancy, announced in the log; they cannot be revived without
/// them.
#[test]
fn negotiators_leave_and_arrive_by_event() {
    let s = scenario("oslo_1993");
    let mut g = Game::new(s.clone(), 5, &[Controller::Human, Controller::Human]);
    let open = |id: &str, from: &str| ActionDef::OpenChannel {
        id: id.into(),
        from: from.into(),
        to: "abu_ala".into(),
        via: None,
        medium: Medium::FaceToFace,
    };
    let singer = s.negotiators.iter().position(|n| n.id == "singer").unwrap();
    assert!(matches!(
        g.act(0, open("early", "singer")),
        Err(Refusal::NegotiatorAbsent(n)) if n == singer
    ));
    while g.turn() < 10 && !g.is_finished() {
        g.end_turn();
    }
    assert!(g.chronicle().events.iter().any(|e| matches!(
        e.kind,
        EventKind::NegotiatorArrived { negotiator } if negotiator == singer
    )));
    // News of the table, not a side's action.
    assert!(g.chronicle().events.iter().any(|e| matches!(
        e.kind,
        EventKind::NegotiatorArrived { .. }
    ) && backchannel::narrate::entry_kind(&e.kind)
        == backchannel::narrate::EntryKind::Event));
    g.act(0, open("singer_line", "singer"))
        .expect("Singer has arrived");

    // A departure, written as an instructor would: Hirschfeld is recalled on turn 2.
    let text = backchannel::bundled::BUNDLED
        .iter()
        .find(|(name, _)| name.ends_with("oslo_1993.ron"))
        .unwrap()
        .1
        .replacen(
            "    events: [\n",
            "    events: [\n        (turn: 2, text: \"Hirschfeld is recalled to Haifa.\", effects: [Leave(\"hirschfeld\")]),\n",
            1,
        );
    let s2 = Arc::new(
        backchannel::scenario::load_bytes(std::path::Path::new("oslo.ron"), text.as_bytes())
            .unwrap(),
    );
    let mut g = Game::new(s2.clone(), 5, &[Controller::Human, Controller::Human]);
    g.act(0, open("h_line", "hirschfeld")).unwrap();
    g.end_turn();
    let left = g
        .chronicle()
        .events
        .iter()
        .find(|e| matches!(e.kind, EventKind::NegotiatorLeft { .. }))
        .expect("the departure is in the log");
    let text = backchannel::narrate::line(&s2, g.chronicle(), left);
    assert!(
        text.contains("Yair Hirschfeld leaves the talks for Israel"),
        "{text}"
    );
    assert!(text.contains("\"h_line\" falls dormant"), "{text}");
    assert!(matches!(
        g.act(
            0,
            ActionDef::Revive {
                channel: "h_line".into()
            }
        ),
        Err(Refusal::NegotiatorAbsent(_))
    ));
    assert!(matches!(
        g.act(0, open("again", "hirschfeld")),
        Err(Refusal::NegotiatorAbsent(_))
    ));
}

/// An outside actor reacts but has no vote (Beijing in 1962: it may campaign against
/// Moscow's retreat, but it is never polled at ratification), and groups that want a
/// deal campaign for it once one is agreed (Oslo's Labor-Meretz and Fatah council),
/// which lifts their side's support.
#[test]
fn outside_actors_do_not_vote_and_supporters_campaign_for_a_deal() {
    use backchannel::scenario::schema::SpoilerAct;
    let cuba = scenario("cuba_1962");
    let china = cuba
        .stakeholders
        .iter()
        .position(|h| h.id == "china")
        .unwrap();
    let mut votes = 0;
    for seed in 0..20 {
        let mut g = Game::historical(cuba.clone(), seed);
        g.play_out();
        for e in &g.chronicle().events {
            if let EventKind::Voted { vote } = &e.kind {
                votes += 1;
                assert_ne!(vote.stakeholder, china, "an outside actor never votes");
            }
        }
    }
    assert!(votes > 0, "the histories held votes");

    let oslo = scenario("oslo_1993");
    let supporters: Vec<usize> = (0..oslo.stakeholders.len())
        .filter(|&h| oslo.stakeholders[h].acts.contains(&SpoilerAct::CampaignFor))
        .collect();
    assert_eq!(supporters.len(), 2);
    let mut campaigns = 0;
    for seed in 0..40 {
        let mut g = Game::historical(oslo.clone(), seed);
        g.play_out();
        let chron = g.chronicle();
        let deal_turn = chron
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::Accepted { .. }))
            .map(|e| e.turn);
        for e in &chron.events {
            if let EventKind::SpoilerActed {
                stakeholder,
                act: SpoilerAct::CampaignFor,
                ..
            } = e.kind
            {
                campaigns += 1;
                assert!(supporters.contains(&stakeholder));
                assert!(
                    deal_turn.is_some_and(|t| e.turn >= t),
                    "only once a deal is agreed"
                );
            }
        }
    }
    assert!(
        campaigns > 0,
        "supporters campaigned in some of 40 histories"
    );
}

/// The mediator (format version 2): Oslo's Norwegians invite both sides to their
/// channel and, while nothing is agreed, put a package to both sides every three
/// turns. It is never across a red line; a
/// side accepts it like an offer, and it becomes the deal only when both have.
#[test]
fn the_mediator_proposes_and_both_sides_must_accept() {
    let s = scenario("oslo_1993");
    let md = s.mediator.as_ref().expect("Oslo has a mediator");
    let mut g = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
    while g.turn() <= md.from_turn && !g.is_finished() {
        g.end_turn();
    }
    let proposed = g
        .chronicle()
        .events
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Proposed {
                channel, clauses, ..
            } => Some((*channel, clauses.clone())),
            _ => None,
        })
        .expect("the mediator proposed");
    assert!(
        g.chronicle()
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::MediatorInvited { .. }))
    );
    for (p, party) in s.parties.iter().enumerate() {
        for c in &proposed.1 {
            assert!(
                !party.red_lines.contains(&(c.issue, c.option)),
                "party {p}'s red line"
            );
        }
    }
    let channel = g.chronicle().channel_id(proposed.0).to_string();
    // Both sides see it on their table, worded once for every front-end.
    for side in 0..2 {
        let v = g.view(side);
        assert_eq!(v.proposals.len(), 1, "side {side}");
        let (head, clauses) =
            backchannel::narrate::proposal_for(&s, side, &v.proposals[0], &channel, false);
        assert!(head.starts_with("Norway's proposal on"), "{head}");
        assert!(head.contains("answer with accept or reject"), "{head}");
        assert_eq!(
            clauses,
            backchannel::narrate::describe_clauses(&s, &proposed.1)
        );
    }
    let accept = ActionDef::Accept {
        channel: channel.clone(),
    };
    assert!(matches!(
        g.act(0, accept.clone()),
        Ok(EventKind::ProposalAnswered { accept: true, .. })
    ));
    assert!(
        g.world().resource::<DealState>().0.is_none(),
        "one side is not enough"
    );
    assert!(matches!(g.act(1, accept), Ok(EventKind::Accepted { .. })));
    let deal = g.world().resource::<DealState>().0.clone().unwrap();
    assert_eq!(deal.clauses, proposed.1);
}

/// Accountability follows who was briefed, not who learnt of the deal when it was
/// signed; and a side whose own home rejects the deal it signed pays for it in support
/// and credibility. The Soviet side signs the US line at once (a rushed deal Moscow's
/// hardliners reject), once with no one briefed and once with the Presidium briefed.
#[test]
fn accountability_follows_briefing_and_a_rejected_deal_costs_its_signer() {
    let s = scenario("cuba_1962");
    let play = |brief: bool| {
        let mut g = Game::new(s.clone(), 11, &[Controller::Human, Controller::Human]);
        g.act(
            1,
            ActionDef::OpenChannel {
                id: "dob".into(),
                from: "dobrynin".into(),
                to: "rfk".into(),
                via: None,
                medium: Medium::FaceToFace,
            },
        )
        .unwrap();
        let clauses = [
            "missiles=removed_inspected",
            "quarantine=kept",
            "no_invasion=none",
            "jupiters=stay",
        ]
        .iter()
        .map(|c| {
            let (i, o) = c.split_once('=').unwrap();
            ClauseDef {
                issue: i.into(),
                option: o.into(),
                secret: false,
            }
        })
        .collect();
        g.act(
            0,
            ActionDef::Offer {
                channel: "dob".into(),
                clauses,
            },
        )
        .unwrap();
        g.act(
            1,
            ActionDef::Accept {
                channel: "dob".into(),
            },
        )
        .unwrap();
        g.end_turn();
        if brief {
            g.act(
                1,
                ActionDef::Brief {
                    stakeholder: "presidium".into(),
                    channel: "dob".into(),
                },
            )
            .unwrap();
        }
        // Dobrynin and RFK can both commit their sides.
        g.act(1, ActionDef::Sign).unwrap();
        g.end_turn();
        let o = g.outcome().cloned().expect("the votes end the game");
        assert!(!o.ratified_by[1], "Moscow rejects the US line");
        o.scores[1].clone()
    };
    let alone = play(false);
    assert_eq!(alone.accountability, 0.0, "no one was briefed");
    assert!(alone.credibility < 0.0 && alone.support < 0.0, "{alone:?}");
    let briefed = play(true);
    assert!(briefed.accountability > 0.0, "{briefed:?}");
}

/// The debrief's end-of-turn snapshots are kept unless a game is told otherwise (as a
/// batch is): without them it plays the same game, event for event, and the setting
/// holds through resets.
#[test]
fn a_game_without_snapshots_plays_the_same_game() {
    let scen = scenario("cuba_1962");
    let pair = [
        Controller::Ai(Policy::Adaptive),
        Controller::Ai(Policy::Adaptive),
    ];
    let snapshots = |g: &Game| g.world().resource::<History>().snapshots.len();
    let mut bare: Option<Game> = None;
    for seed in 0..6u64 {
        let mut kept = Game::new(scen.clone(), seed, &pair);
        kept.play_out();
        assert_eq!(
            snapshots(&kept),
            kept.turn() as usize,
            "one a turn, seed {seed}"
        );
        let g = match bare.as_mut() {
            Some(g) => {
                g.reset(scen.clone(), seed, &pair);
                g
            }
            None => {
                let g = bare.insert(Game::new(scen.clone(), seed, &pair));
                g.keep_snapshots(false);
                g
            }
        };
        g.play_out();
        assert_eq!(snapshots(g), 0, "seed {seed}");
        assert_eq!(g.fingerprint(), kept.fingerprint(), "seed {seed}");
        assert_eq!(
            Report::from_game(g, None).to_json(),
            Report::from_game(&kept, None).to_json()
        );
    }
}

/// A batch reuses one world across games (`Game::reset`): every game must be the one a
/// fresh world plays, event for event, whatever came before it in that world.
#[test]
fn a_reset_world_plays_the_same_game_as_a_fresh_one() {
    let pairs = [
        [
            Controller::Ai(Policy::Adaptive),
            Controller::Ai(Policy::Adaptive),
        ],
        [
            Controller::Ai(Policy::Random),
            Controller::Ai(Policy::Secret),
        ],
        [
            Controller::Ai(Policy::Escalate),
            Controller::Ai(Policy::Rush),
        ],
    ];
    let mut reused: Option<Game> = None;
    let mut compared = 0;
    let mut notes = Vec::new();
    for id in ["tutorial", "cuba_1962", "oslo_1993"] {
        let scen = scenario(id);
        for (k, pair) in pairs.iter().enumerate() {
            for seed in 0..8u64 {
                let seed = seed * 31 + k as u64;
                let mut fresh = Game::new(scen.clone(), seed, pair);
                fresh.play_out();
                let g = match reused.as_mut() {
                    Some(g) => {
                        g.reset(scen.clone(), seed, pair);
                        g
                    }
                    None => reused.insert(Game::new(scen.clone(), seed, pair)),
                };
                g.play_out();
                assert_eq!(
                    g.fingerprint(),
                    fresh.fingerprint(),
                    "{id} seed {seed} {pair:?}"
                );
                assert_eq!(g.turn(), fresh.turn());
                // Nothing of earlier games is left in the world.
                let count = |w: &mut bevy::prelude::World| {
                    w.query::<bevy::prelude::Entity>().iter(w).count()
                };
                assert_eq!(count(g.world_mut()), count(fresh.world_mut()));
                // Notes of the components earlier games removed (a world driven by hand
                // keeps them until told to forget) are counted, to check below that they
                // do not pile up game after game.
                notes.push(
                    g.world()
                        .removed_components()
                        .iter()
                        .map(|(_, m)| m.len())
                        .sum::<usize>(),
                );
                assert_eq!(
                    Report::from_game(g, None).to_json(),
                    Report::from_game(&fresh, None).to_json()
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 72);
    // A reset forgets them: the last scenario's 24 games hold no more notes than the
    // first scenario's (they would hold two dozen games' worth if they piled up). A game
    // after a change of players has more (the reset despawned every entity, not only
    // the offers and the channels opened in play), so each window has such games.
    let early = notes[..24].iter().max().copied().unwrap_or(0);
    let late = notes[notes.len() - 24..].iter().max().copied().unwrap_or(0);
    assert!(late <= 3 * early.max(1), "{notes:?}");
}

// ---------------------------------------------------------------- typed offers

/// The computer's offers skip writing their clauses out as ids, but not the rules: a
/// typed offer is refused, accepted and recorded exactly as the written one, in the
/// same order of checks, on every case a person can get wrong.
#[test]
fn a_typed_offer_is_checked_and_recorded_as_a_written_one() {
    use backchannel::sim::actions::{ActionReads, apply_action, offer_quietly};
    use backchannel::sim::events::Chronicle;
    use bevy::ecs::world::FromWorld;
    let (mut cases_run, mut offers_made) = (0, 0);
    let mut refusals = std::collections::BTreeSet::new();
    for id in ["cuba_1962", "oslo_1993"] {
        let s = scenario(id);
        for party in 0..2 {
            let red = &s.parties[party].red_lines;
            let clear = |i: usize| {
                (0..s.issues[i].options.len())
                    .find(|&o| !red.contains(&(i, o)))
                    .unwrap()
            };
            let clause = |issue, option, secret| Clause {
                issue,
                option,
                secret,
            };
            let mut cases: Vec<Vec<Clause>> = vec![
                (0..s.issues.len())
                    .map(|i| clause(i, clear(i), false))
                    .collect(),
                vec![],
                vec![clause(0, clear(0), false), clause(0, clear(0), false)],
                vec![clause(0, clear(0), true)],
            ];
            if let Some(&(i, o)) = red.first() {
                let other = (i + 1) % s.issues.len();
                cases.push(vec![
                    clause(other, clear(other), false),
                    clause(i, o, false),
                ]);
                cases.push(vec![clause(i, o, true), clause(i, clear(i), false)]);
            }
            for clauses in cases {
                let new_game = || Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
                let (mut written, mut typed) = (new_game(), new_game());
                let channel = {
                    let w = typed.world();
                    w.resource::<Roster>()
                        .channels
                        .iter()
                        .map(|&e| w.get::<Channel>(e).unwrap())
                        .find(|c| c.side_of(party).is_some() && c.is_live())
                        .unwrap()
                        .clone()
                };
                let action = ActionDef::Offer {
                    channel: channel.id.clone(),
                    clauses: clauses
                        .iter()
                        .map(|c| ClauseDef {
                            issue: s.issues[c.issue].id.clone(),
                            option: s.issues[c.issue].options[c.option].id.clone(),
                            secret: c.secret,
                        })
                        .collect(),
                };
                let a = apply_action(written.world_mut(), party, &action).map(|_| ());
                let world = typed.world_mut();
                let mut reads = ActionReads::from_world(world);
                let scen = world.resource::<ScenarioRes>().0.clone();
                let b = offer_quietly(world, &mut reads, &scen, party, channel.index, &clauses);
                assert_eq!(a, b, "{id}, party {party}, {clauses:?}");
                offers_made += usize::from(a.is_ok());
                if let Err(r) = &a {
                    refusals.insert(
                        format!("{r:?}")
                            .split([' ', '('])
                            .next()
                            .unwrap()
                            .to_string(),
                    );
                }
                let record = |g: &Game| format!("{:?}", g.world().resource::<Chronicle>().events);
                assert_eq!(record(&written), record(&typed), "{id}, party {party}");
                let points = |g: &Game| {
                    let w = g.world();
                    w.get::<ActionPoints>(w.resource::<Roster>().parties[party])
                        .unwrap()
                        .0
                };
                assert_eq!(points(&written), points(&typed));
                cases_run += 1;
            }
        }
    }
    assert!(
        cases_run >= 10 && offers_made >= 4,
        "{cases_run}, {offers_made}"
    );
    // Every kind of mistake was met, and a valid offer was made.
    for kind in [
        "EmptyOffer",
        "IssueTwice",
        "SecretOnPublicChannel",
        "RedLine",
    ] {
        assert!(refusals.contains(kind), "{kind} not met: {refusals:?}");
    }
}

/// The computer's meetings and messages name their channel by index, but go through the
/// same rules: over turns of meetings and messages on every channel by both sides (until
/// the points run out, and with the turn's leaks and drift between), each typed one is
/// refused or recorded exactly as the written one naming the channel by id.
#[test]
fn a_typed_meeting_or_message_is_checked_and_recorded_as_a_written_one() {
    use backchannel::sim::actions::{ActionReads, Contact, apply_action, contact_quietly};
    use backchannel::sim::events::Chronicle;
    use bevy::ecs::world::FromWorld;
    let mut outcomes = std::collections::BTreeSet::new();
    for id in ["cuba_1962", "oslo_1993"] {
        let s = scenario(id);
        let new_game = || Game::new(s.clone(), 5, &[Controller::Human, Controller::Human]);
        let (mut written, mut typed) = (new_game(), new_game());
        for _turn in 0..4 {
            for party in 0..2 {
                let channels: Vec<(usize, String)> = {
                    let w = typed.world();
                    w.resource::<Roster>()
                        .channels
                        .iter()
                        .map(|&e| w.get::<Channel>(e).unwrap())
                        .map(|c| (c.index, c.id.clone()))
                        .collect()
                };
                for (index, channel) in channels {
                    for contact in [Contact::Meet, Contact::Message] {
                        let action = match contact {
                            Contact::Meet => ActionDef::Meet {
                                channel: channel.clone(),
                            },
                            Contact::Message => ActionDef::Message {
                                channel: channel.clone(),
                            },
                        };
                        let a = apply_action(written.world_mut(), party, &action).map(|_| ());
                        let world = typed.world_mut();
                        let mut reads = ActionReads::from_world(world);
                        let scen = world.resource::<ScenarioRes>().0.clone();
                        let b = contact_quietly(world, &mut reads, &scen, party, contact, index);
                        assert_eq!(a, b, "{id}, party {party}, {contact:?} on {channel}");
                        let record =
                            |g: &Game| format!("{:?}", g.world().resource::<Chronicle>().events);
                        assert_eq!(record(&written), record(&typed), "{id}, party {party}");
                        outcomes.insert(match &a {
                            Ok(()) => format!("{contact:?}"),
                            Err(r) => format!("{r:?}")
                                .split([' ', '('])
                                .next()
                                .unwrap()
                                .to_string(),
                        });
                    }
                }
            }
            written.end_turn();
            typed.end_turn();
        }
    }
    // Both kinds went through, and running out of points was met.
    for kind in ["Meet", "Message", "TooCostly"] {
        assert!(outcomes.contains(kind), "{kind} not met: {outcomes:?}");
    }
}
