//! A model of the other side: its utilities are public knowledge in these scenarios;
//! its resolve and good faith are read from how the front channel behaves.

use super::View;
use crate::scenario::Scenario;

/// Utility the other side is expected to draw from a package (`index`: its index, if
/// known, as [`crate::scenario::model::StanceTable::package_utility`] takes it).
pub fn expected_utility(scen: &Scenario, v: &View, package: &[usize], index: Option<usize>) -> f64 {
    scen.stance_table.package_utility(v.other, package, index)
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
