//! The two-level game: how a party's home front votes on the visible part of a deal.

use super::domestic::{Tally, acceptance_bar};
use crate::scenario::Scenario;
use crate::scenario::schema::Awareness;
use crate::sim::components::{Clause, Stakeholder};

/// Weight of public opinion (through domestic support) in every ratification.
pub const PUBLIC_WEIGHT: f64 = 0.2;
/// Domestic support public opinion needs to back a deal.
pub const PUBLIC_BAR: f64 = 0.3;

/// One stakeholder's vote, with the numbers behind it for the debrief.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Vote {
    pub stakeholder: usize,
    pub influence: f64,
    pub stance: f64,
    pub bar: f64,
    pub kept_out: bool,
    pub vetoed: bool,
    /// The visible deal crosses one of the group's red lines.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub red_line: bool,
    pub yes: bool,
}

/// A stakeholder's stance on the clauses it can see, weighted by what it cares about.
pub fn visible_stance(scen: &Scenario, holder: usize, clauses: &[Clause]) -> f64 {
    let w = &scen.stakeholders[holder].weights;
    let (mut num, mut den) = (0.0, 0.0);
    let table = &scen.stance_table;
    for c in clauses.iter().filter(|c| !c.secret) {
        let weight = w[c.issue];
        num += weight * table.get(c.issue, c.option, holder);
        den += weight;
    }
    if den > 0.0 { num / den } else { 0.5 }
}

/// What a party's home front feels now: its support and how close the crisis is to war.
#[derive(Debug, Clone, Default)]
pub struct HomeFront {
    pub support: f64,
    /// Escalation rung as a share of the way to war.
    pub danger: f64,
    /// How much the side's own public threats and hard statements raise every group's
    /// bar (audience costs).
    pub lock_in: f64,
}

/// One group's vote on the clauses it can see.
fn vote_of(scen: &Scenario, h: &Stakeholder, clauses: &[Clause], home: &HomeFront) -> Vote {
    let kept_out = !h.briefed && h.awareness < Awareness::InTheLoop;
    let stance = visible_stance(scen, h.index, clauses);
    let bar = acceptance_bar(
        scen.stakeholders[h.index].reservation,
        h.anger,
        kept_out,
        home.danger,
    ) + home.lock_in;
    let red_line = clauses.iter().any(|c| {
        !c.secret
            && scen.stakeholders[h.index]
                .red_lines
                .contains(&(c.issue, c.option))
    });
    Vote {
        stakeholder: h.index,
        influence: h.influence,
        stance,
        bar,
        kept_out,
        vetoed: h.vetoed,
        red_line,
        yes: stance >= bar && !h.vetoed && !red_line,
    }
}

/// The weighted share of `party`'s home front that backs the public clauses, and the
/// votes behind it.
pub fn ballot(
    scen: &Scenario,
    party: usize,
    clauses: &[Clause],
    holders: &[Stakeholder],
    home: &HomeFront,
) -> (f64, Vec<Vote>) {
    let votes: Vec<Vote> = holders
        .iter()
        .filter(|h| h.party == party && scen.stakeholders[h.index].votes)
        .map(|h| vote_of(scen, h, clauses, home))
        .collect();
    let mut tally = Tally::default();
    for v in &votes {
        tally.add(v.influence, v.yes, v.vetoed);
    }
    tally.add(PUBLIC_WEIGHT, home.support >= PUBLIC_BAR, false);
    (tally.share(), votes)
}

/// [`ballot`]'s share alone, without keeping the votes (the computer weighs thousands
/// of packages this way).
pub fn share(
    scen: &Scenario,
    party: usize,
    clauses: &[Clause],
    holders: &[Stakeholder],
    home: &HomeFront,
) -> f64 {
    let mut tally = Tally::default();
    for h in holders
        .iter()
        .filter(|h| h.party == party && scen.stakeholders[h.index].votes)
    {
        let v = vote_of(scen, h, clauses, home);
        tally.add(v.influence, v.yes, v.vetoed);
    }
    tally.add(PUBLIC_WEIGHT, home.support >= PUBLIC_BAR, false);
    tally.share()
}
