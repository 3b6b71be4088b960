//! `backchannel bench`: how fast loading, the computer's turn and whole games are on
//! this machine. Speed is measured here, never asserted in tests; compare figures
//! only with a baseline run on the same machine.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backchannel::ai::Policy;
use backchannel::batch::{SidePolicy, play_in};
use backchannel::scenario::{Scenario, load_bytes, stress};
use backchannel::{Controller, Game, bundled};

use super::BenchArgs;

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn run(args: &BenchArgs) -> ExitCode {
    let largest = stress::largest();
    if let Some(path) = &args.write_largest {
        if let Err(e) = backchannel::files::write_atomic(path, largest.as_bytes()) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {} ({} bytes)", path.display(), largest.len());
    }
    println!("Load and validate (median of 9):");
    let stem = |name: &str| {
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut files: Vec<(String, Vec<u8>)> = bundled::BUNDLED
        .iter()
        .map(|(name, text)| (stem(name), text.as_bytes().to_vec()))
        .collect();
    files.push(("largest accepted".into(), largest.clone().into_bytes()));
    for (name, bytes) in &files {
        let t = median(9, || {
            let _ = load_bytes(Path::new(name), bytes);
        });
        println!("  {name:<18} {:>8} bytes {:>9.2} ms", bytes.len(), ms(t));
    }
    let big = match load_bytes(Path::new("largest.ron"), largest.as_bytes()) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("error: the largest scenario does not load: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Turns on the largest accepted scenario (computer on both sides):");
    let (mean, worst) = turn_times(&big, args.turns);
    println!(
        "  {} turns: mean {:.2} ms, slowest {:.2} ms a turn (both sides' moves, stakeholders, leaks, clock)",
        args.turns,
        ms(mean),
        ms(worst)
    );
    println!("Whole games, computer on both sides, one thread, one world reset between games:");
    for (name, _) in bundled::BUNDLED {
        let id = stem(name);
        let Ok(s) = bundled::resolve(&id) else {
            continue;
        };
        // As `simulate` and `balance` play them: one world, reset between games.
        let sides = vec![SidePolicy::Policy(Policy::Adaptive); s.parties.len()];
        let mut slot = None;
        let t = Instant::now();
        for seed in 0..args.games {
            std::hint::black_box(play_in(&mut slot, &s, seed, &sides));
        }
        let secs = t.elapsed().as_secs_f64();
        println!(
            "  {id:<12} {:>9.0} games/s ({} games)",
            args.games as f64 / secs,
            args.games
        );
    }
    ExitCode::SUCCESS
}

/// Mean and slowest time of a turn over the first `turns` turns of one game.
fn turn_times(s: &Arc<Scenario>, turns: u32) -> (Duration, Duration) {
    let mut g = Game::new(
        s.clone(),
        1,
        &[
            Controller::Ai(Policy::Adaptive),
            Controller::Ai(Policy::Adaptive),
        ],
    );
    let (mut total, mut worst, mut n) = (Duration::ZERO, Duration::ZERO, 0u32);
    while n < turns && !g.is_finished() {
        let t = Instant::now();
        g.end_turn();
        let d = t.elapsed();
        total += d;
        worst = worst.max(d);
        n += 1;
    }
    (total / n.max(1), worst)
}
