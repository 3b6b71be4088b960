//! The fuzzing harness: hostile scenario files and saves, and games of random actions.
//!
//! Every input goes load → validate → play to the end (the computer's policies on both
//! sides, then random actions), with the invariants of `support::check_invariants`
//! checked after every turn and the game required to end by its deadline. A failing
//! input is written to `target/fuzz-failures/` so it can be replayed.
//!
//! `BACKCHANNEL_FUZZ_ONLY=N` runs only case N of each kind (a case a run reported).
//! `BACKCHANNEL_FUZZ_CASES=N cargo test --release --test fuzz` sets the number of
//! cases of each kind (default 150, the short run CI makes); the kinds are
//! byte-level mutations of the bundled files, typed mutations of their parsed form
//! (proptest), tampered saves, and games of random actions.

mod support;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backchannel::ai::Policy;
use backchannel::bundled;
use backchannel::save::{self, SaveV1};
use backchannel::scenario::schema::ScenarioFile;
use backchannel::scenario::{Scenario, load_bytes};
use backchannel::{Controller, Game};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Cases of each kind.
fn cases() -> u64 {
    std::env::var("BACKCHANNEL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

/// The case numbers to run: `0..cases()`, or only `BACKCHANNEL_FUZZ_ONLY=N` (to replay a
/// case a longer run reported).
fn case_numbers() -> Vec<u64> {
    match std::env::var("BACKCHANNEL_FUZZ_ONLY")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(n) => vec![n],
        None => (0..cases()).collect(),
    }
}

/// Run one case; on a panic, keep the input and fail with where it is.
fn guarded(kind: &str, case: u64, input: &[u8], run: impl FnOnce()) -> Duration {
    let start = Instant::now();
    if catch_unwind(AssertUnwindSafe(run)).is_err() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{kind}-{case}"));
        let _ = std::fs::write(&path, input);
        panic!(
            "{kind} case {case} failed; its input is in {}",
            path.display()
        );
    }
    let took = start.elapsed();
    if took > Duration::from_secs(2) {
        eprintln!(
            "fuzz {kind} case {case} took {:.1} s (over the 2 s a game may take)",
            took.as_secs_f64()
        );
    }
    took
}

/// Report the slowest case of a run (information only: tests never assert times).
fn report(kind: &str, n: u64, valid: u64, slowest: Duration) {
    eprintln!(
        "fuzz {kind}: {n} cases, {valid} accepted and played, slowest {:.1} ms",
        slowest.as_secs_f64() * 1000.0
    );
}

/// Play a scenario to its end twice: computer against computer, then random actions.
fn play_both_ways(s: &Arc<Scenario>, seed: u64) {
    let policies = Policy::ALL;
    let a = policies[seed as usize % policies.len()];
    let b = policies[(seed / 8) as usize % policies.len()];
    let mut g = Game::new(s.clone(), seed, &[Controller::Ai(a), Controller::Ai(b)]);
    finish(&mut g, |_, _| {});
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = Game::new(s.clone(), seed, &[Controller::Human, Controller::Human]);
    finish(&mut g, |g, s| random_actions(g, s, &mut rng));
}

/// End turns until the game is over, checking invariants after each; `each_turn`
/// may act first. The game must end by its deadline.
fn finish(g: &mut Game, mut each_turn: impl FnMut(&mut Game, &Scenario)) {
    let s = g.scenario().clone();
    let mut turns = 0;
    while !g.is_finished() {
        each_turn(g, &s);
        g.end_turn();
        turns += 1;
        support::check_invariants(g);
        assert!(turns <= s.deadline, "the game outlived its deadline");
    }
    assert!(g.outcome().is_some(), "a finished game has an outcome");
}

fn random_actions(g: &mut Game, s: &Scenario, rng: &mut ChaCha8Rng) {
    for _ in 0..rng.random_range(0..8) {
        let pick: Vec<u32> = (0..8).map(|_| rng.random_range(0..1000)).collect();
        let party = pick[7] as usize % 3; // 2 is not a party: must be refused
        let action = support::action_from(s, &support::channel_ids(g), &pick);
        let _ = g.act(party, action);
    }
}

// ------------------------------------------------------------ byte-level mutation

const HOSTILE: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "/*",
    "*/",
    "//",
    "\u{202e}",
    "\u{feff}",
    "\u{a0}",
    "é",
    "\\u{0}",
    "r#\"",
    "'",
    "-1",
    "1e308",
    "NaN",
    "inf",
    "-inf",
    "4294967296",
    "18446744073709551616",
    "0.0",
    "1.0000001",
    "500",
    "501",
    "-0.0",
    "Some(",
    "None",
    "\"../../x\"",
    "\"/tmp/x\"",
    "\"\"",
    "\"USA\"",
    "\n",
    "\0",
];

/// One random change to the bytes of a file.
fn mutate(bytes: &mut Vec<u8>, rng: &mut ChaCha8Rng) {
    let len = bytes.len().max(1);
    let at = rng.random_range(0..len).min(bytes.len());
    match rng.random_range(0..7) {
        0 if !bytes.is_empty() => {
            let i = at.min(bytes.len() - 1);
            bytes[i] ^= 1 << rng.random_range(0..8);
        }
        1 => {
            let end = (at + rng.random_range(1..40)).min(bytes.len());
            bytes.drain(at..end);
        }
        2 => {
            let end = (at + rng.random_range(1..400)).min(bytes.len());
            let span = bytes[at..end].to_vec();
            let to = rng.random_range(0..=bytes.len());
            bytes.splice(to..to, span);
        }
        3 | 4 => {
            let s = HOSTILE[rng.random_range(0..HOSTILE.len())].as_bytes();
            bytes.splice(at..at, s.iter().copied());
        }
        5 => {
            // Replace a number with a hostile one.
            if let Some(start) = (at..bytes.len()).find(|&i| bytes[i].is_ascii_digit()) {
                let end = (start..bytes.len())
                    .find(|&i| !(bytes[i].is_ascii_digit() || bytes[i] == b'.'))
                    .unwrap_or(bytes.len());
                let s = HOSTILE[rng.random_range(15..33)].as_bytes();
                bytes.splice(start..end, s.iter().copied());
            }
        }
        _ => {
            // Swap in another quoted string of the file (an id where another goes).
            let quotes: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'"')
                .map(|(i, _)| i)
                .collect();
            if quotes.len() >= 4 {
                let a = quotes[rng.random_range(0..quotes.len() / 2) * 2];
                let b = quotes[rng.random_range(0..quotes.len() / 2) * 2];
                if let (Some(ea), Some(eb)) = (
                    bytes[a + 1..].iter().position(|&c| c == b'"'),
                    bytes[b + 1..].iter().position(|&c| c == b'"'),
                ) {
                    let with = bytes[b..=b + 1 + eb].to_vec();
                    bytes.splice(a..=a + 1 + ea, with);
                }
            }
        }
    }
}

/// Mutated bundled files: never a panic; what loads plays to its end.
#[test]
fn mutated_scenario_files_never_panic() {
    let n = cases();
    let (mut valid, mut slowest) = (0, Duration::ZERO);
    for case in case_numbers() {
        let mut rng = ChaCha8Rng::seed_from_u64(case);
        let (name, text) = bundled::BUNDLED[case as usize % bundled::BUNDLED.len()];
        let mut bytes = text.as_bytes().to_vec();
        for _ in 0..rng.random_range(1..=4) {
            mutate(&mut bytes, &mut rng);
        }
        let input = bytes.clone();
        let t = guarded("scenario-bytes", case, &input, || {
            if let Ok(s) = load_bytes(Path::new(name), &bytes) {
                valid += 1;
                play_both_ways(&Arc::new(s), case);
            }
        });
        slowest = slowest.max(t);
    }
    report("scenario bytes", n, valid, slowest);
}

// ------------------------------------------------------------ typed mutation

mod typed {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    /// One typed change to a parsed scenario: a number anywhere set to anything
    /// (NaN, infinities, huge), a list entry removed or duplicated, an id renamed.
    #[derive(Debug, Clone)]
    enum Change {
        Number(usize, f64),
        Count(usize, u32),
        Remove(usize, usize),
        Duplicate(usize, usize),
        Rename(usize, usize, String),
    }

    fn change() -> impl Strategy<Value = Change> {
        // Mostly plausible values, so that many changed files load and are played.
        let number = prop_oneof![
            6 => 0.0..1.0f64,
            1 => any::<f64>(),
            1 => -1.0..2.0f64,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
        ];
        prop_oneof![
            (0usize..32, number).prop_map(|(k, v)| Change::Number(k, v)),
            (0usize..8, prop_oneof![1 => any::<u32>(), 3 => 1u32..30])
                .prop_map(|(k, v)| Change::Count(k, v)),
            (0usize..9, any::<usize>()).prop_map(|(k, i)| Change::Remove(k, i)),
            (0usize..9, any::<usize>()).prop_map(|(k, i)| Change::Duplicate(k, i)),
            (0usize..6, any::<usize>(), "[a-zA-Z0-9_./\\\\ ]{0,60}")
                .prop_map(|(k, i, s)| Change::Rename(k, i, s)),
        ]
    }

    fn pick<T>(v: &mut [T], i: usize) -> Option<&mut T> {
        let n = v.len();
        if n == 0 { None } else { v.get_mut(i % n) }
    }

    fn remove_at<T>(v: &mut Vec<T>, i: usize) {
        if !v.is_empty() {
            let n = v.len();
            v.remove(i % n);
        }
    }

    fn duplicate_at<T: Clone>(v: &mut Vec<T>, i: usize) {
        if !v.is_empty() {
            let x = v[i % v.len()].clone();
            v.push(x);
        }
    }

    /// Apply a generic list operation to the `k`th list of a file.
    macro_rules! each_list {
        ($f:expr, $k:expr, $op:ident, $i:expr) => {
            match $k {
                0 => $op(&mut $f.parties, $i),
                1 => $op(&mut $f.negotiators, $i),
                2 => $op(&mut $f.intermediaries, $i),
                3 => $op(&mut $f.stakeholders, $i),
                4 => $op(&mut $f.issues, $i),
                5 => $op(&mut $f.channels, $i),
                6 => $op(&mut $f.events, $i),
                7 => $op(&mut $f.calendar.labels, $i),
                _ => $op(&mut $f.rules.escalation.levels, $i),
            }
        };
    }

    fn apply(f: &mut ScenarioFile, c: &Change) {
        match c {
            Change::Number(k, v) => {
                let v = *v;
                match k % 16 {
                    0 => f.rules.leak_base = v,
                    1 => f.rules.audience_cost = v,
                    2 => f.rules.ratification_threshold = v,
                    3 => f.rules.secrecy_half_life = v,
                    4 => f.rules.reservation_spread = v,
                    5 => f.rules.escalation.drift = v,
                    6 => f.rules.medium.digital = v,
                    7 => f.rules.bulk_leak_chance = v,
                    8 => {
                        if let Some(p) = pick(&mut f.parties, *k) {
                            p.reservation = v
                        }
                    }
                    9 => {
                        if let Some(p) = pick(&mut f.parties, *k) {
                            p.resolve = v
                        }
                    }
                    10 => {
                        if let Some(h) = pick(&mut f.stakeholders, *k) {
                            h.influence = v
                        }
                    }
                    11 => {
                        if let Some(ch) = pick(&mut f.channels, *k) {
                            ch.trust = v
                        }
                    }
                    12 => {
                        if let Some(i) = pick(&mut f.issues, *k) {
                            i.sensitivity = v
                        }
                    }
                    13 => {
                        if let Some(p) = pick(&mut f.parties, *k)
                            && let Some(t) = pick(&mut p.types, *k)
                        {
                            t.e = v
                        }
                    }
                    14 => {
                        if let Some(i) = pick(&mut f.issues, *k)
                            && let Some(o) = pick(&mut i.options, *k)
                            && let Some(u) = o.utility.values_mut().next()
                        {
                            *u = v
                        }
                    }
                    _ => {
                        if let Some(p) = pick(&mut f.parties, *k)
                            && let Some(w) = p.weights.values_mut().next()
                        {
                            *w = v
                        }
                    }
                }
            }
            Change::Count(k, v) => match k {
                0 => f.calendar.deadline = *v,
                1 => f.calendar.epilogue_turns = *v,
                2 => f.rules.action_points = *v,
                3 => f.rules.escalation.start = *v,
                4 => {
                    if let Some(m) = pick(&mut f.intermediaries, *v as usize) {
                        m.capacity = *v
                    }
                }
                5 => {
                    if let Some(ch) = pick(&mut f.channels, *v as usize) {
                        ch.staff = *v
                    }
                }
                6 => {
                    if let Some(e) = pick(&mut f.events, *v as usize) {
                        e.turn = *v
                    }
                }
                _ => f.version = *v,
            },
            Change::Remove(k, i) => each_list!(f, k, remove_at, *i),
            Change::Duplicate(k, i) => each_list!(f, k, duplicate_at, *i),
            Change::Rename(k, i, s) => match k {
                0 => f.id = s.clone(),
                1 => {
                    if let Some(p) = pick(&mut f.parties, *i) {
                        p.id = s.clone()
                    }
                }
                2 => {
                    if let Some(n) = pick(&mut f.negotiators, *i) {
                        n.id = s.clone()
                    }
                }
                3 => {
                    if let Some(ch) = pick(&mut f.channels, *i) {
                        ch.id = s.clone()
                    }
                }
                4 => {
                    if let Some(h) = pick(&mut f.stakeholders, *i) {
                        h.id = s.clone()
                    }
                }
                _ => {
                    if let Some(is) = pick(&mut f.issues, *i) {
                        is.id = s.clone()
                    }
                }
            },
        }
    }

    /// Typed changes to the parsed bundled files, written back as RON: never a
    /// panic; what loads plays to its end.
    #[test]
    fn typed_changes_to_scenarios_never_panic() {
        let files: Vec<ScenarioFile> = bundled::BUNDLED
            .iter()
            .map(|(_, t)| backchannel::scenario::load::parse(t).expect("bundled parses"))
            .collect();
        // Unchanged, a file written back loads: the harness changes what it means to.
        for f in &files {
            let text = ron::ser::to_string_pretty(f, ron::ser::PrettyConfig::default()).unwrap();
            if let Err(e) = load_bytes(Path::new("same.ron"), text.as_bytes()) {
                panic!("a bundled file written back does not load: {e}");
            }
        }
        let mut runner = TestRunner::new(Config {
            cases: cases() as u32,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = (
            0usize..3,
            proptest::collection::vec(change(), 1..5),
            0u64..1000,
        );
        // The runner takes a `Fn`: counts go in cells.
        use std::cell::Cell;
        let (n, valid, slowest) = (Cell::new(0), Cell::new(0), Cell::new(Duration::ZERO));
        runner
            .run(&strategy, |(which, changes, seed)| {
                let mut f = files[which].clone();
                for c in &changes {
                    apply(&mut f, c);
                }
                let text = ron::ser::to_string_pretty(&f, ron::ser::PrettyConfig::default())
                    .unwrap_or_default();
                n.set(n.get() + 1);
                let t = guarded("scenario-typed", n.get(), text.as_bytes(), || {
                    if let Ok(s) = load_bytes(Path::new("typed.ron"), text.as_bytes()) {
                        valid.set(valid.get() + 1);
                        play_both_ways(&Arc::new(s), seed);
                    }
                });
                slowest.set(slowest.get().max(t));
                Ok(())
            })
            .unwrap();
        report("scenario typed", n.get(), valid.get(), slowest.get());
    }
}

// ------------------------------------------------------------ saves

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bc-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Tampered saves (bytes and fields): never a panic; what loads replays and plays on
/// to its end.
#[test]
fn tampered_saves_never_panic() {
    let n = cases();
    let path = temp("save.json");
    let (mut valid, mut slowest) = (0, Duration::ZERO);
    for case in case_numbers() {
        let mut rng = ChaCha8Rng::seed_from_u64(case);
        let s = bundled::all()
            .swap_remove(case as usize % bundled::BUNDLED.len())
            .map(Arc::new)
            .unwrap();
        let mut g = Game::new(
            s.clone(),
            case,
            &[Controller::Human, Controller::Ai(Policy::Adaptive)],
        );
        for _ in 0..rng.random_range(0..4) {
            random_actions(&mut g, &s, &mut rng);
            g.end_turn();
        }
        let mut json = serde_json::to_value(SaveV1::of(&g, None)).unwrap();
        let mode = rng.random_range(0..5);
        let mut bytes = if mode == 0 {
            // Changes a save may legitimately carry: an older format, another label.
            json["format_version"] = 1.into();
            json.as_object_mut().unwrap().remove("fingerprint");
            json["label"] = "an edited label".into();
            serde_json::to_vec(&json).unwrap()
        } else if mode < 3 {
            tamper(&mut json, &mut rng);
            serde_json::to_vec(&json).unwrap()
        } else {
            let mut b = serde_json::to_vec_pretty(&json).unwrap();
            for _ in 0..rng.random_range(1..4) {
                mutate(&mut b, &mut rng);
            }
            b
        };
        std::fs::write(&path, &bytes).unwrap();
        let input = std::mem::take(&mut bytes);
        let t = guarded("save", case, &input, || {
            if let Ok(save) = save::read(&path)
                && let Ok(mut g) = save.restore(s.clone())
            {
                valid += 1;
                support::check_invariants(&g);
                finish(&mut g, |_, _| {});
            }
        });
        slowest = slowest.max(t);
    }
    report("saves", n, valid, slowest);
}

/// Change one field of a save's JSON to something hostile.
fn tamper(json: &mut serde_json::Value, rng: &mut ChaCha8Rng) {
    use serde_json::json;
    let hostile = [
        json!(-1),
        json!(u64::MAX),
        json!(4294967295u64),
        json!(0),
        json!(2),
        json!(1e300),
        json!(""),
        json!("../../x"),
        json!(null),
        json!([]),
        json!({}),
        json!("x".repeat(300)),
    ];
    let value = hostile[rng.random_range(0..hostile.len())].clone();
    let Some(obj) = json.as_object_mut() else {
        return;
    };
    let keys: Vec<String> = obj.keys().cloned().collect();
    let key = &keys[rng.random_range(0..keys.len())];
    if key == "steps"
        && let Some(steps) = obj[key].as_array_mut()
        && !steps.is_empty()
    {
        let i = rng.random_range(0..steps.len());
        match rng.random_range(0..3) {
            0 => {
                steps.remove(i);
            }
            1 => {
                let step = steps[i].clone();
                steps.insert(i, step);
            }
            _ => {
                if let Some(act) = steps[i].get_mut("Act").and_then(|a| a.as_object_mut()) {
                    act.insert("party".into(), value);
                }
            }
        }
    } else if key == "players"
        && let Some(players) = obj[key].as_array_mut()
    {
        players.push(json!("human"));
    } else {
        obj.insert(key.clone(), value);
    }
}

// ------------------------------------------------------------ random games

/// Games of random actions (legal or not, by either side or a party that does not
/// exist) on every bundled scenario and the largest one accepted.
#[test]
fn random_action_games_keep_the_invariants() {
    let n = cases();
    let mut scens: Vec<Arc<Scenario>> = bundled::all()
        .into_iter()
        .map(|s| Arc::new(s.unwrap()))
        .collect();
    let largest = backchannel::scenario::stress::largest();
    scens.push(Arc::new(
        load_bytes(Path::new("largest.ron"), largest.as_bytes()).unwrap(),
    ));
    let mut slowest = Duration::ZERO;
    for case in case_numbers() {
        // The largest scenario is long (200 turns): one game in five hundred.
        let s = if case % 500 == 499 {
            scens[3].clone()
        } else {
            scens[case as usize % 3].clone()
        };
        let t = guarded("random-game", case, &case.to_le_bytes(), || {
            let mut rng = ChaCha8Rng::seed_from_u64(case);
            let humans = rng.random_range(0..3);
            let controllers: Vec<Controller> = (0..2)
                .map(|p| {
                    if p < humans {
                        Controller::Human
                    } else {
                        Controller::Ai(Policy::ALL[rng.random_range(0..Policy::ALL.len())])
                    }
                })
                .collect();
            let mut g = Game::new(s.clone(), case, &controllers);
            finish(&mut g, |g, s| random_actions(g, s, &mut rng));
        });
        slowest = slowest.max(t);
    }
    report("random games", n, n, slowest);
}
