//! Whole games a second on each bundled scenario (`cargo bench --bench games`): the
//! computer on both sides (the mediator's too), one world reused across a thread's
//! games, as `simulate` and `balance` play them. Each iteration plays the same 100
//! seeds, so every sample measures the same work; criterion reports games per second
//! ("elem/s"). `scripts/versus-negmas` runs this beside NegMAS and prints the ratio.

use std::hint::black_box;

use backchannel::ai::Policy;
use backchannel::batch::{SidePolicy, play_in, play_many};
use backchannel::bundled;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

// The binary's allocator, so the bench measures what `simulate` and `balance` run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const GAMES: u64 = 100;

fn whole_games(c: &mut Criterion) {
    let mut group = c.benchmark_group("games");
    group.throughput(Throughput::Elements(GAMES));
    for scen in bundled::all() {
        let scen = std::sync::Arc::new(scen.expect("bundled scenarios load"));
        let sides = vec![SidePolicy::Policy(Policy::Adaptive); scen.parties.len()];
        group.bench_function(format!("{}/one_thread", scen.id), |b| {
            let mut slot = None;
            b.iter(|| {
                for seed in 0..GAMES {
                    black_box(play_in(&mut slot, &scen, seed, &sides));
                }
            })
        });
    }
    group.finish();

    // Two threads on the calibrated game: close to twice one thread on two cores. Each
    // iteration builds a world per thread (a few milliseconds), so it plays enough games
    // (4,000) for that to weigh little, as in a `simulate` or `balance` run.
    let cuba = bundled::resolve("cuba_1962").expect("bundled");
    let sides = vec![SidePolicy::Policy(Policy::Adaptive); cuba.parties.len()];
    let mut group = c.benchmark_group("games");
    group.throughput(Throughput::Elements(40 * GAMES));
    group.bench_function("cuba_1962/two_threads", |b| {
        b.iter(|| black_box(play_many(&cuba, 0, 40 * GAMES, &sides, 2)))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = whole_games
}
criterion_main!(benches);
