//! When to accept: the time-dependent aspiration, moved by trust, stalemate, hard
//! statements and the audience watching the venue.

use super::View;
use crate::scenario::Scenario;
use crate::scenario::schema::TypeKind;
use crate::sim::components::{Channel, ChannelStatus, Clause, Offer};
use crate::sim::rules::concession::{DemandShift, adjusted_demand, eagerness};

/// What this side demands on a channel now (utility it must get to accept).
///
/// It follows its aspiration curve down from 1 towards its hidden reservation over the
/// scenario's calendar; a reciprocator also gives back part of what the other side
/// has conceded; every type exploits a side that concedes faster than the clock, and
/// answers threats by hardening unless it is a conceder in a hurting stalemate.
pub fn demand(scen: &Scenario, v: &View, ch: &Channel) -> f64 {
    let r = v.hidden.reservation;
    // Its clock runs only while the talks are alive: a side that puts nothing on the
    // table gets no concessions from time (a conceder excepted).
    let engaged = v
        .memory
        .last_offer_turn
        .map_or(ENGAGED_GRACE, |l| l + ENGAGED_GRACE);
    let t = match v.hidden.kind {
        TypeKind::Conceder => v.turn,
        _ => v.turn.min(engaged),
    } as f64;
    let deadline = v.deadline as f64;
    let m = &v.memory;
    let (first, best) = (
        m.first_offered.unwrap_or(0.0),
        m.best_offered.unwrap_or(0.0),
    );
    let conceded = (best - first).max(0.0);
    let base = match v.hidden.kind {
        // Tit for tat over a hard clock: it comes down on its own only late, and
        // otherwise as far as the other side has come towards it.
        TypeKind::Reciprocator => {
            v.aspiration(r, t, deadline, RECIPROCATOR_CLOCK) - (0.8 * conceded).min(0.4)
        }
        _ => v.aspiration(r, t, deadline, v.hidden.e),
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
        pressure: v.pressure,
        secret_pressure: v.secret_pressure,
        kind: v.hidden.kind,
        eagerness: eagerness(first, best, t, deadline),
    };
    adjusted_demand(base, shift).max(r)
}

/// Turns the computer's clock keeps running after the other side's latest offer.
pub const ENGAGED_GRACE: u32 = 2;

/// The reciprocator's own clock: as slow as a hard-liner's, so that what moves it is
/// the other side's concessions.
pub const RECIPROCATOR_CLOCK: f64 = 0.4;

/// What an offer is worth to this side, net of the risk its secret clauses carry.
pub fn value_of(scen: &Scenario, v: &View, offer: &Offer, _ch: &Channel) -> f64 {
    if offer.clauses.iter().any(|c| {
        scen.parties[v.party]
            .red_lines
            .contains(&(c.issue, c.option))
    }) {
        // Worth nothing, whatever else it holds.
        return -1.0;
    }
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
