//! The counterpart's time-dependent aspiration and what moves it (lessons 1, 4, 5).

use crate::scenario::schema::TypeKind;

/// `aspiration(t) = R + (1 − R) × (1 − (t / T)^(1/e))`: what the side still demands.
pub fn aspiration(reservation: f64, t: f64, deadline: f64, e: f64) -> f64 {
    let x = (t / deadline.max(1.0)).clamp(0.0, 1.0);
    let r = reservation.clamp(0.0, 1.0);
    (r + (1.0 - r) * (1.0 - x.powf(1.0 / e.max(0.01)))).clamp(0.0, 1.0)
}

/// The last few [`aspiration`] figures worked out, by their exact inputs: the power
/// in it is the costly part of a demand, and a side asks for the same point of its
/// curve several times a turn. A figure read back is the one [`aspiration`] gives.
#[derive(Debug, Default)]
pub struct CurveMemo {
    kept: std::cell::Cell<[Figure; 4]>,
    next: std::cell::Cell<usize>,
}

/// One figure kept: its inputs and the figure (no inputs: an empty place).
#[derive(Debug, Clone, Copy, Default)]
struct Figure {
    inputs: Option<[f64; 4]>,
    value: f64,
}

impl CurveMemo {
    /// [`aspiration`] of these inputs, worked out only if not among the last four.
    pub fn aspiration(&self, reservation: f64, t: f64, deadline: f64, e: f64) -> f64 {
        // The same bits, not merely equal values (0.0 and -0.0 are told apart).
        let same = |k: &[f64; 4]| {
            k[0].to_bits() == reservation.to_bits()
                && k[1].to_bits() == t.to_bits()
                && k[2].to_bits() == deadline.to_bits()
                && k[3].to_bits() == e.to_bits()
        };
        let places = self.kept.as_array_of_cells();
        for place in places {
            let f = place.get();
            if f.inputs.as_ref().is_some_and(same) {
                return f.value;
            }
        }
        let value = aspiration(reservation, t, deadline, e);
        let slot = self.next.get();
        places[slot].set(Figure {
            inputs: Some([reservation, t, deadline, e]),
            value,
        });
        self.next.set((slot + 1) % places.len());
        value
    }
}

/// What moves the demand up or down around the curve.
#[derive(Debug, Clone, Copy)]
pub struct DemandShift {
    /// Trust in the channel (0..1): low trust raises the demand.
    pub trust: f64,
    /// How close the crisis is to war (rung / war rung, 0..1).
    pub stalemate: f64,
    /// The side's own hard-line statements (count).
    pub hardness: u32,
    /// The channel is official: concessions there carry an audience cost.
    pub official: bool,
    pub audience_cost: f64,
    /// The other side's public threats and hard statements not walked back.
    pub pressure: u32,
    /// The other side's threats made in secret, over a back channel.
    pub secret_pressure: u32,
    /// The side's hidden type: it decides how pressure and danger move it.
    pub kind: TypeKind,
    /// How much faster than the clock the other side has conceded (utility to us).
    pub eagerness: f64,
}

impl Default for DemandShift {
    fn default() -> Self {
        Self {
            trust: 0.5,
            stalemate: 0.0,
            hardness: 0,
            official: false,
            audience_cost: 0.0,
            pressure: 0,
            secret_pressure: 0,
            kind: TypeKind::Reciprocator,
            eagerness: 0.0,
        }
    }
}

/// Danger (rung / war rung) from which a stalemate hurts both sides enough to move a
/// side that is open to it.
pub const HURTING_STALEMATE: f64 = 0.6;
/// Demand added per public threat received by a side that answers pressure in kind.
pub const HARDEN_PER_THREAT: f64 = 0.04;

/// Demand removed per secret threat from a conceder in a hurting stalemate (a
/// reciprocator moves half as far); elsewhere a secret threat adds half of a public
/// one's hardening: it risks no one's face, so it provokes less and convinces less.
pub const SECRET_THREAT_WEIGHT: f64 = 0.04;

/// The demand after trust, danger, pressure, hard statements and audience costs.
///
/// Pressure works only on a conceder in a mutually hurting stalemate; every other
/// side answers threats by asking more (lesson 4), and exploits a side that concedes
/// faster than the clock.
pub fn adjusted_demand(base: f64, s: DemandShift) -> f64 {
    let trust_premium = 0.2 * (0.5 - s.trust);
    let hard = 0.03 * s.hardness as f64;
    let audience = if s.official {
        s.audience_cost * 0.4
    } else {
        0.0
    };
    let hurting = s.stalemate >= HURTING_STALEMATE;
    let pressure = match (s.kind, hurting) {
        (TypeKind::Conceder, true) => -0.2 * s.stalemate,
        (TypeKind::Reciprocator, true) => {
            -0.08 * s.stalemate + HARDEN_PER_THREAT * s.pressure as f64
        }
        _ => HARDEN_PER_THREAT * s.pressure as f64,
    };
    // At most two secret threats count: repeating a warning adds nothing to it.
    let secret = s.secret_pressure.min(2) as f64;
    let secret = match (s.kind, hurting) {
        (TypeKind::Conceder, true) => -SECRET_THREAT_WEIGHT * secret,
        (TypeKind::Reciprocator, true) => -0.5 * SECRET_THREAT_WEIGHT * secret,
        _ => 0.5 * HARDEN_PER_THREAT * secret,
    };
    let exploit = match s.kind {
        TypeKind::Reciprocator => 0.25 * s.eagerness,
        _ => 0.5 * s.eagerness,
    };
    (base + trust_premium + hard + audience + pressure + secret + exploit).clamp(0.0, 1.0)
}

/// How much a side's own public escalations and hard statements raise what its home
/// front demands of any deal (audience costs lock it in).
pub fn lock_in(threats: u32, hardened: u32) -> f64 {
    (0.04 * threats as f64 + 0.01 * hardened as f64).min(0.3)
}

/// How much faster than the clock the other side has conceded: the utility it has
/// moved towards us beyond a steady pace over the calendar.
pub fn eagerness(first: f64, best: f64, t: f64, deadline: f64) -> f64 {
    let pace = 0.5 * (t / deadline.max(1.0)).clamp(0.0, 1.0);
    ((best - first) - pace).max(0.0)
}

/// Chance per turn that the crisis climbs a rung by accident: every rung raises it,
/// and a trusted channel damps it.
pub fn accident_chance(drift: f64, level: u32, best_trust: f64) -> f64 {
    (drift * (1.0 + 0.5 * level as f64) * (1.0 - 0.5 * best_trust.clamp(0.0, 1.0))).clamp(0.0, 1.0)
}

/// Audience cost of retreating in public from a stated position: grows with hardness.
pub fn audience_cost(rate: f64, hardness: u32, retreat: f64) -> f64 {
    (rate * (1.0 + hardness as f64) * retreat.max(0.0)).clamp(0.0, 1.0)
}

/// Chance per turn that a crisis at the last rung before war tips over: high when
/// nobody is talking, low when a trusted channel is open.
pub fn brink_war_chance(best_trust: f64) -> f64 {
    (0.25 * (1.0 - best_trust.clamp(0.0, 1.0)) + 0.02).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aspiration_starts_high_and_ends_at_reservation() {
        assert!((aspiration(0.4, 0.0, 10.0, 1.0) - 1.0).abs() < 1e-12);
        assert!((aspiration(0.4, 10.0, 10.0, 1.0) - 0.4).abs() < 1e-12);
        assert!((aspiration(0.4, 5.0, 10.0, 1.0) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn the_memo_gives_what_the_curve_gives() {
        let memo = CurveMemo::default();
        // More distinct inputs than it keeps, each asked twice and then again after the
        // others have pushed it out: every answer is the curve's, bit for bit.
        let inputs: Vec<(f64, f64, f64, f64)> = (0..7)
            .map(|i| (0.3, f64::from(i), 10.0, 0.4 + 0.3 * f64::from(i % 3)))
            .collect();
        for _ in 0..2 {
            for &(r, t, d, e) in &inputs {
                let want = aspiration(r, t, d, e).to_bits();
                assert_eq!(memo.aspiration(r, t, d, e).to_bits(), want);
                assert_eq!(memo.aspiration(r, t, d, e).to_bits(), want);
            }
        }
        // Inputs differing only in the last bit of one of them are not confused.
        let e = 0.5f64;
        let nudged = f64::from_bits(e.to_bits() + 1);
        assert_eq!(
            memo.aspiration(0.3, 4.0, 10.0, nudged).to_bits(),
            aspiration(0.3, 4.0, 10.0, nudged).to_bits()
        );
        assert_eq!(
            memo.aspiration(0.3, 4.0, 10.0, e).to_bits(),
            aspiration(0.3, 4.0, 10.0, e).to_bits()
        );
    }

    #[test]
    fn hardliners_concede_late_and_conceders_early() {
        let hard = aspiration(0.3, 5.0, 10.0, 0.4);
        let soft = aspiration(0.3, 5.0, 10.0, 2.5);
        assert!(hard > soft + 0.2, "hard {hard} soft {soft}");
    }

    #[test]
    fn official_venue_distrust_and_hard_talk_raise_demand_stalemate_lowers_it() {
        let base = 0.6;
        let neutral = DemandShift {
            trust: 0.5,
            audience_cost: 0.3,
            ..Default::default()
        };
        let plain = adjusted_demand(base, neutral);
        assert!(
            adjusted_demand(
                base,
                DemandShift {
                    official: true,
                    ..neutral
                }
            ) > plain
        );
        assert!(
            adjusted_demand(
                base,
                DemandShift {
                    trust: 0.0,
                    ..neutral
                }
            ) > plain
        );
        assert!(
            adjusted_demand(
                base,
                DemandShift {
                    hardness: 2,
                    ..neutral
                }
            ) > plain
        );
        // A hurting stalemate moves a conceder, but a hard-liner under threat hardens.
        assert!(
            adjusted_demand(
                base,
                DemandShift {
                    stalemate: 0.8,
                    kind: TypeKind::Conceder,
                    ..neutral
                }
            ) < plain
        );
        let threatened = DemandShift {
            stalemate: 0.8,
            pressure: 2,
            kind: TypeKind::Hardliner,
            ..neutral
        };
        assert!(adjusted_demand(base, threatened) > plain + 0.07);
    }

    #[test]
    fn a_secret_threat_moves_a_conceder_at_the_brink_and_provokes_less_than_a_public_one() {
        let base = 0.6;
        let at = |kind, stalemate, pressure, secret_pressure| {
            adjusted_demand(
                base,
                DemandShift {
                    kind,
                    stalemate,
                    pressure,
                    secret_pressure,
                    ..Default::default()
                },
            )
        };
        // At the brink a conceder gives more to a secret warning than to none.
        assert!(at(TypeKind::Conceder, 0.8, 0, 1) < at(TypeKind::Conceder, 0.8, 0, 0) - 0.03);
        // Far from the brink it is not convinced: it asks a little more.
        assert!(at(TypeKind::Conceder, 0.2, 0, 1) > at(TypeKind::Conceder, 0.2, 0, 0));
        // A hard-liner hardens, but half as much as under a public threat.
        let none = at(TypeKind::Hardliner, 0.8, 0, 0);
        let secret = at(TypeKind::Hardliner, 0.8, 0, 1) - none;
        let public = at(TypeKind::Hardliner, 0.8, 1, 0) - none;
        assert!(secret > 0.0 && (secret - public / 2.0).abs() < 1e-12);
        // Repeating a warning adds nothing past the second.
        assert_eq!(
            at(TypeKind::Conceder, 0.8, 0, 2),
            at(TypeKind::Conceder, 0.8, 0, 5)
        );
    }

    #[test]
    fn a_side_that_concedes_faster_than_the_clock_is_exploited() {
        assert_eq!(
            eagerness(0.3, 0.4, 5.0, 10.0),
            0.0,
            "a steady pace is not eager"
        );
        let eager = eagerness(0.2, 0.8, 2.0, 10.0);
        assert!((eager - 0.5).abs() < 1e-12);
        let calm = DemandShift::default();
        let keen = DemandShift {
            eagerness: eager,
            kind: TypeKind::Hardliner,
            ..calm
        };
        assert!(adjusted_demand(0.5, keen) > adjusted_demand(0.5, calm) + 0.2);
    }

    #[test]
    fn each_rung_raises_the_risk_of_an_accident() {
        assert!(accident_chance(0.06, 3, 0.5) > accident_chance(0.06, 1, 0.5));
        assert!(accident_chance(0.06, 3, 0.9) < accident_chance(0.06, 3, 0.1));
    }

    #[test]
    fn a_trusted_channel_keeps_the_brink_from_tipping() {
        assert!(brink_war_chance(0.9) < brink_war_chance(0.2) / 3.0);
        assert!(brink_war_chance(1.0) > 0.0, "accidents never vanish");
    }

    #[test]
    fn audience_cost_rises_with_each_hard_statement() {
        assert_eq!(audience_cost(0.3, 0, 0.0), 0.0);
        assert!(audience_cost(0.3, 2, 0.5) > audience_cost(0.3, 0, 0.5));
    }
}
