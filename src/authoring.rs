//! Checks for people who write scenarios: replaying the historical path over many seeds
//! to find steps the rules refuse and to count how often the recorded outcome comes
//! out. `backchannel validate` prints these beside the loader's errors and warnings.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::game::Game;
use crate::scenario::Scenario;
use crate::sim::events::EventKind;

/// A step of the historical path that the rules refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScriptRefusal {
    /// Position of the step in `historical.actions` (from 0).
    pub index: usize,
    pub turn: u32,
    pub party: String,
    pub action: String,
    /// Why, as the game says it (from the first seed that refused it).
    pub reason: String,
    /// In how many of the seeds it was refused.
    pub seeds: u64,
}

/// What replaying the historical path gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryCheck {
    pub seeds: u64,
    /// Games per outcome code (`agreement`, `war`, `no_deal`, …).
    pub outcomes: BTreeMap<String, u64>,
    pub refusals: Vec<ScriptRefusal>,
}

impl ScriptRefusal {
    /// Refused whatever the dice: a mistake in the path, not a turn of chance (a leak
    /// that exposed the channel, an offer the other side had already answered).
    pub fn always(&self, seeds: u64) -> bool {
        self.seeds == seeds
    }
}

impl HistoryCheck {
    /// Whether some step is refused in every seed.
    pub fn broken(&self) -> bool {
        self.refusals.iter().any(|r| r.always(self.seeds))
    }

    /// Share of the seeds that reached `code`.
    pub fn share(&self, code: &str) -> f64 {
        self.outcomes.get(code).copied().unwrap_or(0) as f64 / self.seeds.max(1) as f64
    }
}

/// Replay the historical path with seeds `0..seeds`; `None` if the scenario has none.
pub fn replay_history(scen: &Arc<Scenario>, seeds: u64) -> Option<HistoryCheck> {
    let script = &scen.historical.as_ref()?.actions;
    let mut outcomes = BTreeMap::new();
    let mut refusals: BTreeMap<usize, ScriptRefusal> = BTreeMap::new();
    for seed in 0..seeds {
        let mut g = Game::historical(scen.clone(), seed);
        g.play_out();
        let code = crate::narrate::outcome_code(g.outcome().map(|o| o.kind));
        *outcomes.entry(code.to_string()).or_insert(0) += 1;
        // Each refusal is matched to the next step of the script by the same party, of
        // the same kind, due by that turn: the script runs in its written order.
        let mut used = vec![false; script.len()];
        for e in &g.chronicle().events {
            let (EventKind::Refused { action, reason }, Some(party)) = (&e.kind, e.party) else {
                continue;
            };
            // Steps after a war are not the path's fault.
            if *reason == crate::sim::events::Refusal::GameOver {
                continue;
            }
            let Some(index) = (0..script.len()).find(|&i| {
                !used[i]
                    && script[i].turn <= e.turn
                    && scen.party_index(&script[i].party) == Some(party)
                    && script[i].action.kind() == *action
            }) else {
                continue;
            };
            used[index] = true;
            refusals
                .entry(index)
                .or_insert_with(|| ScriptRefusal {
                    index,
                    turn: script[index].turn,
                    party: script[index].party.clone(),
                    action: action.name().to_string(),
                    reason: crate::narrate::refusal(scen, reason),
                    seeds: 0,
                })
                .seeds += 1;
        }
    }
    Some(HistoryCheck {
        seeds,
        outcomes,
        refusals: refusals.into_values().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No step of a bundled historical path is refused whatever the dice, and a step
    /// made impossible (a second offer with no action points left) is reported.
    #[test]
    fn refused_historical_steps_are_found() {
        for s in crate::bundled::all() {
            let s = Arc::new(s.unwrap());
            let check = replay_history(&s, 5).expect("every bundled scenario has a history");
            assert!(!check.broken(), "{}: {:?}", s.id, check.refusals);
            assert_eq!(check.outcomes.values().sum::<u64>(), 5);
        }
        let mut s = (*crate::bundled::resolve("tutorial").unwrap()).clone();
        let h = s.historical.as_mut().unwrap();
        // Give Arvenland a second Offer on turn 1, on the channel it has just opened,
        // with no action points left.
        let extra = h.actions[4].clone();
        h.actions.insert(
            2,
            crate::scenario::schema::ScriptedAction {
                turn: 1,
                party: "arvenland".into(),
                ..extra
            },
        );
        let check = replay_history(&Arc::new(s), 3).unwrap();
        assert!(check.broken());
        let r = check.refusals.first().expect("the extra step is refused");
        assert_eq!((r.index, r.turn, r.seeds), (2, 1, 3), "{r:?}");
        assert!(!r.reason.is_empty());
    }
}
