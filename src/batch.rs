//! Many seeded games, computer or script on every side: what `simulate`, `balance`
//! and the lesson experiments run. Game *i* uses seed `seed + i`, and results come back
//! in seed order whatever the number of threads.

use std::sync::Arc;

use crate::ai::Policy;
use crate::scenario::Scenario;
use crate::sim::outcome::{Implementation, OutcomeKind};
use crate::{Controller, Game};

/// Who plays a side in batch games.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePolicy {
    Policy(Policy),
    Historical,
}

/// What one game contributes to the summary.
#[derive(Debug, Clone)]
pub struct GameSummary {
    pub kind: OutcomeKind,
    pub turns: u32,
    pub leaked: bool,
    pub ratified: bool,
    pub implementation: Option<Implementation>,
    pub scores: Vec<f64>,
}

/// Play one batch game with the given seed.
pub fn play_one(scen: &Arc<Scenario>, seed: u64, sides: &[SidePolicy]) -> GameSummary {
    play_in(&mut None, scen, seed, sides)
}

/// Play one batch game in `slot`'s world (built on the first game, reset after), so a
/// thread's games share one world and its schedules.
pub fn play_in(
    slot: &mut Option<Game>,
    scen: &Arc<Scenario>,
    seed: u64,
    sides: &[SidePolicy],
) -> GameSummary {
    let controllers: Vec<Controller> = sides
        .iter()
        .map(|s| match s {
            SidePolicy::Policy(p) => Controller::Ai(*p),
            SidePolicy::Historical => Controller::Script,
        })
        .collect();
    let game = match slot {
        Some(g) => {
            g.reset(scen.clone(), seed, &controllers);
            g
        }
        None => {
            let game = slot.insert(Game::new(scen.clone(), seed, &controllers));
            // Nobody charts a batch game's turns.
            game.keep_snapshots(false);
            game
        }
    };
    if sides.contains(&SidePolicy::Historical) {
        let steps = scen
            .historical
            .as_ref()
            .map(|h| {
                h.actions
                    .iter()
                    .filter_map(|a| {
                        let p = scen.party_index(&a.party)?;
                        (sides[p] == SidePolicy::Historical).then(|| (a.turn, p, a.action.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        game.set_script(steps);
    }
    game.play_out();
    let leaked = game.chronicle().leaks().next().is_some();
    match game.outcome() {
        Some(o) => GameSummary {
            kind: o.kind,
            turns: o.turn,
            leaked,
            ratified: o.ratified,
            implementation: o.implementation,
            scores: o.scores.iter().map(|s| s.total).collect(),
        },
        None => GameSummary {
            kind: OutcomeKind::NoAgreement,
            turns: game.turn(),
            leaked,
            ratified: false,
            implementation: None,
            scores: vec![0.0; scen.parties.len()],
        },
    }
}

/// Play `games` games on `threads` threads; results come back in seed order.
pub fn play_many(
    scen: &Arc<Scenario>,
    seed: u64,
    games: u64,
    sides: &[SidePolicy],
    threads: usize,
) -> Vec<GameSummary> {
    // Each thread plays on its own copy of the scenario: threads that shared one would
    // contend for the cache line of its reference count (and its tables' cache) at
    // every turn, and two cores would give well under twice one.
    par_map(
        games,
        threads,
        |(slot, own): &mut (Option<Game>, Option<Arc<Scenario>>), i| {
            let own = own.get_or_insert_with(|| Arc::new(Scenario::clone(scen)));
            play_in(slot, own, seed.wrapping_add(i), sides)
        },
    )
}

/// Every core this machine offers (what batch commands use unless told otherwise).
pub fn all_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `f(state, i)` for every `i` in `0..n`, spread over `threads` threads (thread *t* takes
/// `t, t + threads, …` with its own `state`, which starts as `S::default()`); results
/// come back in order of `i`, so they do not depend on the number of threads as long
/// as `f`'s result depends only on `i`.
pub fn par_map<S: Default, T: Send>(
    n: u64,
    threads: usize,
    f: impl Fn(&mut S, u64) -> T + Sync,
) -> Vec<T> {
    let threads = threads.clamp(1, 64);
    let f = &f;
    let mut results: Vec<Option<T>> = (0..n).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads as u64)
            .map(|t| {
                s.spawn(move || {
                    let mut state = S::default();
                    (t..n)
                        .step_by(threads)
                        .map(|i| (i, f(&mut state, i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, r) in h.join().expect("a simulation thread panicked") {
                results[i as usize] = Some(r);
            }
        }
    });
    results
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}
