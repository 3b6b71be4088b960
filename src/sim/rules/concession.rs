//! The counterpart's time-dependent aspiration and what moves it (lessons 1, 4, 5).

/// `aspiration(t) = R + (1 − R) × (1 − (t / T)^(1/e))`: what the side still demands.
pub fn aspiration(reservation: f64, t: f64, deadline: f64, e: f64) -> f64 {
    let x = (t / deadline.max(1.0)).clamp(0.0, 1.0);
    let r = reservation.clamp(0.0, 1.0);
    (r + (1.0 - r) * (1.0 - x.powf(1.0 / e.max(0.01)))).clamp(0.0, 1.0)
}

/// What moves the demand up or down around the curve.
#[derive(Debug, Clone, Copy, Default)]
pub struct DemandShift {
    /// Trust in the channel (0..1): low trust raises the demand.
    pub trust: f64,
    /// Escalation cost felt by both sides (0..1): a hurting stalemate lowers it.
    pub stalemate: f64,
    /// The side's own hard-line statements (count).
    pub hardness: u32,
    /// The channel is official: concessions there carry an audience cost.
    pub official: bool,
    pub audience_cost: f64,
}

/// The demand after trust, stalemate, hard statements and audience costs.
pub fn adjusted_demand(base: f64, s: DemandShift) -> f64 {
    let trust_premium = 0.25 * (0.6 - s.trust);
    let stalemate_relief = 0.25 * s.stalemate;
    let hard = 0.03 * s.hardness as f64;
    let audience = if s.official {
        s.audience_cost * 0.4
    } else {
        0.0
    };
    (base + trust_premium - stalemate_relief + hard + audience).clamp(0.0, 1.0)
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
        assert!(
            adjusted_demand(
                base,
                DemandShift {
                    stalemate: 0.8,
                    ..neutral
                }
            ) < plain
        );
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
