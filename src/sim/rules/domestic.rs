//! Stakeholders at home: anger at a reveal, spoiler chances, ratification (lessons 3, 6).

use crate::scenario::schema::Awareness;

/// How much a reveal surprises a stakeholder that knew this much before.
pub fn surprise(awareness: Awareness, briefed: bool) -> f64 {
    if briefed {
        return 0.1;
    }
    match awareness {
        Awareness::Unaware => 1.0,
        Awareness::Suspicious => 0.7,
        Awareness::Informed => 0.35,
        Awareness::InTheLoop => 0.1,
    }
}

/// Anger added by a reveal: `influence × distance × surprise`, scaled so one reveal
/// can take an unaware, fully opposed group most of the way to fury.
pub fn anger_from_reveal(influence: f64, distance: f64, surprise: f64) -> f64 {
    (0.4 + influence) * distance.clamp(0.0, 1.0) * surprise.clamp(0.0, 1.0)
}

/// Chance this turn that an angry stakeholder acts against the process.
pub fn spoiler_chance(capacity: f64, anger: f64, awareness: Awareness, deal_near: bool) -> f64 {
    let knows = match awareness {
        Awareness::Unaware => 0.25,
        Awareness::Suspicious => 0.7,
        Awareness::Informed => 1.0,
        Awareness::InTheLoop => 0.5,
    };
    let near = if deal_near { 1.5 } else { 1.0 };
    (capacity * anger * knows * near * 0.45).clamp(0.0, 1.0)
}

/// The stance a stakeholder needs to see in the visible package before it votes yes:
/// its reservation plus resentment for having been kept out of the loop, less the
/// relief of ending a crisis (`danger` is the escalation rung as a share of the way
/// to war).
pub fn acceptance_bar(reservation: f64, anger: f64, kept_out: bool, danger: f64) -> f64 {
    let resentment = if kept_out { 0.25 * anger } else { 0.1 * anger };
    reservation + resentment - 0.25 * danger.clamp(0.0, 1.0)
}

/// A ratification vote counted as it goes: the share of support is
/// `Σ influence × accepts / Σ influence`, a vowed veto counting one and a half times
/// against; an empty home front ratifies by default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    yes: f64,
    total: f64,
}

impl Tally {
    pub fn add(&mut self, influence: f64, accept: bool, veto: bool) {
        let w = if veto { 1.5 * influence } else { influence };
        self.total += w;
        if accept && !veto {
            self.yes += w;
        }
    }

    pub fn share(&self) -> f64 {
        if self.total <= 0.0 {
            1.0
        } else {
            self.yes / self.total
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn briefing_takes_the_sting_out_of_a_reveal() {
        let cold = anger_from_reveal(0.5, 0.8, surprise(Awareness::Unaware, false));
        let warm = anger_from_reveal(0.5, 0.8, surprise(Awareness::InTheLoop, true));
        assert!(cold > 5.0 * warm);
    }

    #[test]
    fn spoilers_act_more_when_angry_informed_and_a_deal_is_near() {
        let calm = spoiler_chance(0.8, 0.1, Awareness::Informed, false);
        let angry = spoiler_chance(0.8, 0.9, Awareness::Informed, false);
        let near = spoiler_chance(0.8, 0.9, Awareness::Informed, true);
        let blind = spoiler_chance(0.8, 0.9, Awareness::Unaware, false);
        assert!(angry > calm && near > angry && blind < angry);
    }

    #[test]
    fn ratification_weighs_influence_and_vetoes() {
        let share = |votes: &[(f64, bool, bool)]| {
            let mut t = Tally::default();
            for &(influence, accept, veto) in votes {
                t.add(influence, accept, veto);
            }
            t.share()
        };
        assert_eq!(share(&[]), 1.0);
        assert!((share(&[(0.6, true, false), (0.4, false, false)]) - 0.6).abs() < 1e-12);
        let vetoed = share(&[(0.6, true, false), (0.4, false, true)]);
        assert!((vetoed - 0.6 / 1.2).abs() < 1e-12);
        assert!(0.7 >= acceptance_bar(0.5, 0.0, true, 0.0));
        assert!(
            0.55 < acceptance_bar(0.5, 0.5, true, 0.0),
            "resentment sinks a thin margin"
        );
        assert!(
            acceptance_bar(0.5, 0.5, true, 0.0) > acceptance_bar(0.5, 0.5, false, 0.0),
            "briefing softens resentment"
        );
        assert!(
            0.55 >= acceptance_bar(0.5, 0.5, true, 0.8),
            "the brink of war makes a deal easier to sell"
        );
    }
}
