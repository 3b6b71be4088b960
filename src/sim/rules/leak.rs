//! Leak hazard: secrecy is fragile and unequal (DESIGN lessons 2 and 8).

use crate::scenario::schema::{Medium, MediumFactors};

/// Chance that one person privy to a channel lets it slip this turn.
///
/// `p = base × (1 − discretion) × medium × (1 + age / half_life) × scrutiny`, clamped.
pub fn person_leak_chance(
    base: f64,
    discretion: f64,
    medium_factor: f64,
    age: u32,
    half_life: f64,
    scrutiny: f64,
) -> f64 {
    aged_leak_chance(
        base,
        discretion,
        medium_factor,
        ageing(age, half_life),
        scrutiny,
    )
}

/// How much a channel's age multiplies the leak chance of everyone privy to it.
pub fn ageing(age: u32, half_life: f64) -> f64 {
    1.0 + age as f64 / half_life.max(1e-6)
}

/// [`person_leak_chance`] given the channel's [`ageing`] (worked out once for everyone
/// privy to it; the same figure, bit for bit).
pub fn aged_leak_chance(
    base: f64,
    discretion: f64,
    medium_factor: f64,
    ageing: f64,
    scrutiny: f64,
) -> f64 {
    let p = base * (1.0 - discretion).clamp(0.0, 1.0) * medium_factor * ageing * scrutiny.max(0.0);
    p.clamp(0.0, 1.0)
}

/// Chance that a channel leaks at all: `h = 1 − Π(1 − p_i)`.
pub fn channel_hazard(chances: impl IntoIterator<Item = f64>) -> f64 {
    let keep: f64 = chances
        .into_iter()
        .map(|p| 1.0 - p.clamp(0.0, 1.0))
        .product();
    (1.0 - keep).clamp(0.0, 1.0)
}

/// Chance per epilogue turn that a secret clause comes out: everyone who kept the
/// channel's secret may still talk, at half the pressure of the crisis, and the more
/// explosive the clause the more eagerly it is hunted.
pub fn epilogue_secret_chance(keepers: &[f64], sensitivity: f64) -> f64 {
    let h = channel_hazard(keepers.iter().map(|p| 0.5 * p));
    (h * (0.5 + sensitivity.clamp(0.0, 1.0))).clamp(0.0, 1.0)
}

/// How much a medium multiplies leak chances.
pub fn medium_factor(factors: &MediumFactors, medium: Medium) -> f64 {
    match medium {
        Medium::FaceToFace => factors.face_to_face,
        Medium::Courier => factors.courier,
        Medium::Phone => factors.phone,
        Medium::Digital => factors.digital,
    }
}

/// Scrutiny from the escalation rung and press attention.
pub fn scrutiny(level: u32, press: f64) -> f64 {
    (1.0 + 0.15 * level as f64) * press.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hazard_grows_with_each_person_privy() {
        let p = person_leak_chance(0.1, 0.5, 1.0, 0, 4.0, 1.0);
        assert!((p - 0.05).abs() < 1e-12);
        let two = channel_hazard([p, p]);
        let three = channel_hazard([p, p, p]);
        assert!((two - (1.0 - 0.95 * 0.95)).abs() < 1e-12);
        assert!(three > two && two > p);
    }

    #[test]
    fn hazard_grows_with_age_and_digital_medium() {
        let young = person_leak_chance(0.1, 0.5, 1.0, 0, 4.0, 1.0);
        let old = person_leak_chance(0.1, 0.5, 1.0, 4, 4.0, 1.0);
        assert!((old - 2.0 * young).abs() < 1e-12, "age = half-life doubles");
        let f = MediumFactors::default();
        assert!(medium_factor(&f, Medium::Digital) > medium_factor(&f, Medium::Phone));
        assert!(medium_factor(&f, Medium::FaceToFace) < medium_factor(&f, Medium::Courier));
    }

    #[test]
    fn a_secret_kept_by_few_outlasts_one_kept_by_many() {
        let few = epilogue_secret_chance(&[0.01, 0.01], 0.8);
        let many = epilogue_secret_chance(&[0.01; 12], 0.8);
        assert!(many > 5.0 * few, "few {few} many {many}");
        assert!(epilogue_secret_chance(&[0.01], 1.0) > epilogue_secret_chance(&[0.01], 0.0));
    }

    #[test]
    fn perfect_discretion_never_leaks_and_chances_stay_probabilities() {
        assert_eq!(person_leak_chance(0.5, 1.0, 2.0, 10, 1.0, 3.0), 0.0);
        assert_eq!(person_leak_chance(5.0, 0.0, 10.0, 100, 1.0, 10.0), 1.0);
        assert_eq!(channel_hazard([]), 0.0);
        assert_eq!(channel_hazard([1.0, 0.2]), 1.0);
    }
}
