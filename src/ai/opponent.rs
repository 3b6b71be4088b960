//! A model of the other side: its utilities are public knowledge in these scenarios;
//! its resolve and good faith are read from how the front channel behaves.

use super::View;
use crate::scenario::Scenario;

/// Utility the other side is expected to draw from each option, laid out as the
/// stance table's options: a package's is the sum of its options'.
pub fn expected_utilities<'s>(scen: &'s Scenario, v: &View) -> &'s [f64] {
    scen.stance_table.utilities(v.other)
}

/// The official table is stuck when nothing useful came over it: past the first turn
/// with no back channel yet, or when the official channels have little trust.
pub fn front_is_stuck(v: &View) -> bool {
    if v.channels.iter().any(|c| c.is_back()) {
        return true;
    }
    let official_trust = v
        .channels
        .iter()
        .filter(|c| !c.is_back())
        .map(|c| c.trust)
        .fold(0.0, f64::max);
    v.turn >= 2 || official_trust < 0.4
}
