//! When to accept: the time-dependent aspiration, moved by trust, stalemate, hard
//! statements and the audience watching the venue.

use super::View;
use crate::scenario::Scenario;
use crate::scenario::schema::TypeKind;
use crate::sim::components::{Channel, ChannelStatus, Clause, Offer};
use crate::sim::rules::concession::{DemandShift, adjusted_demand, aspiration};

/// What this side demands on a channel now (utility it must get to accept).
pub fn demand(scen: &Scenario, v: &View, ch: &Channel) -> f64 {
    let r = scen.parties[v.party].reservation;
    let t = v.turn as f64;
    let deadline = v.deadline as f64;
    let base = match v.hidden.kind {
        TypeKind::Reciprocator => aspiration(r, t, deadline, 1.0) - 0.8 * v.memory.last_gain,
        _ => aspiration(r, t, deadline, v.hidden.e) - 0.4 * v.memory.last_gain,
    };
    let hard = v
        .hardness
        .iter()
        .copied()
        .max()
        .unwrap_or(0)
        .saturating_sub(1);
    let shift = DemandShift {
        trust: ch.trust,
        stalemate: v.escalation as f64 / v.war_at.max(1) as f64,
        hardness: hard,
        official: !ch.is_back() || ch.status == ChannelStatus::Exposed,
        audience_cost: scen.rules.audience_cost,
    };
    adjusted_demand(base, shift).max(r)
}

/// What an offer is worth to this side, net of the risk its secret clauses carry.
pub fn value_of(scen: &Scenario, v: &View, offer: &Offer, _ch: &Channel) -> f64 {
    let pkg = offer.package(scen.issues.len());
    let u = scen.package_utility(v.party, &pkg);
    let risk: f64 = offer
        .clauses
        .iter()
        .filter(|c| c.secret)
        .map(|c| 0.02 * scen.issues[c.issue].sensitivity)
        .sum();
    u - risk
}

/// Margin above the ratification threshold a careful side wants before it commits.
pub const RATIFICATION_MARGIN: f64 = 0.05;

/// Whether our home front would ratify the visible part of these clauses (the
/// two-level game: a deal the table likes but home rejects is worth nothing).
pub fn ratifiable(scen: &Scenario, v: &View, clauses: &[Clause]) -> bool {
    v.home_share(scen, clauses) >= scen.rules.ratification_threshold + RATIFICATION_MARGIN
}
