//! The one source of randomness: a seeded ChaCha stream, portable across platforms.

use bevy::prelude::Resource;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Every random draw in a game comes from here, in a fixed order.
#[derive(Resource, Debug, Clone)]
pub struct GameRng {
    rng: ChaCha8Rng,
    draws: u64,
}

impl GameRng {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            draws: 0,
        }
    }

    /// A uniform number in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        self.draws += 1;
        self.rng.random::<f64>()
    }

    /// True with probability `p`; returns the draw too, for the transcript.
    pub fn chance(&mut self, p: f64) -> (bool, f64) {
        let u = self.uniform();
        (u < p.clamp(0.0, 1.0), u)
    }

    /// Index drawn with the given non-negative weights (the last index if all are zero).
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().map(|w| w.max(0.0)).sum();
        let mut u = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            u -= w.max(0.0);
            if u < 0.0 {
                return i;
            }
        }
        weights.len().saturating_sub(1)
    }

    /// How many numbers have been drawn.
    pub fn draws(&self) -> u64 {
        self.draws
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pins the stream: if the generator or its seeding changes, saved games and
    /// published seeds would replay differently, and this test says so.
    #[test]
    fn the_stream_is_pinned() {
        let mut rng = GameRng::new(1962);
        let first: Vec<u64> = (0..3).map(|_| (rng.uniform() * 1e9) as u64).collect();
        let mut again = GameRng::new(1962);
        let second: Vec<u64> = (0..3).map(|_| (again.uniform() * 1e9) as u64).collect();
        assert_eq!(first, second);
        assert_eq!(first, PINNED, "ChaCha8 stream for seed 1962 changed");
    }

    const PINNED: [u64; 3] = [712882501, 225486248, 994244975];

    #[test]
    fn weighted_draws_follow_weights() {
        let mut rng = GameRng::new(7);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            counts[rng.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        // Expected 7,500 / 22,500; 5 standard deviations is about ±375.
        assert!((counts[0] as i64 - 7_500).abs() < 375, "{counts:?}");
    }
}
