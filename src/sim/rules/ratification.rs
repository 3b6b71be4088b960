//! The two-level game: how a party's home front votes on the visible part of a deal.

use super::domestic::{Tally, acceptance_bar};
use crate::scenario::Scenario;
use crate::scenario::model::Stance;
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

/// One voting group with what does not depend on the clauses worked out: its bar
/// (its reservation, moved by anger, exclusion, danger and the side's lock-in).
#[derive(Debug, Clone, Copy)]
struct Voter {
    holder: usize,
    influence: f64,
    bar: f64,
    kept_out: bool,
    vetoed: bool,
}

impl Voter {
    fn new(scen: &Scenario, h: &Stakeholder, home: &HomeFront) -> Voter {
        let kept_out = !h.briefed && h.awareness < Awareness::InTheLoop;
        Voter {
            holder: h.index,
            influence: h.influence,
            bar: acceptance_bar(
                scen.stakeholders[h.index].reservation,
                h.anger,
                kept_out,
                home.danger,
            ) + home.lock_in,
            kept_out,
            vetoed: h.vetoed,
        }
    }

    /// Its vote on the clauses it can see.
    fn vote(&self, scen: &Scenario, clauses: &[Clause]) -> Vote {
        let stance = visible_stance(scen, self.holder, clauses);
        let red_lines = &scen.stakeholders[self.holder].red_lines;
        let red_line = !red_lines.is_empty()
            && clauses
                .iter()
                .any(|c| !c.secret && red_lines.contains(&(c.issue, c.option)));
        Vote {
            stakeholder: self.holder,
            influence: self.influence,
            stance,
            bar: self.bar,
            kept_out: self.kept_out,
            vetoed: self.vetoed,
            red_line,
            yes: self.backs(stance, red_line),
        }
    }

    /// Whether it votes yes on clauses it sees with this stance (and red line crossed).
    fn backs(&self, stance: f64, red_line: bool) -> bool {
        stance >= self.bar && !self.vetoed && !red_line
    }
}

/// A party's home front as it stands, ready to vote on many packages (the computer
/// weighs every package this way before an offer).
#[derive(Debug, Clone, Default)]
pub struct Electorate {
    voters: Vec<Voter>,
    public_backs: bool,
}

impl Electorate {
    pub fn new(
        scen: &Scenario,
        party: usize,
        holders: &[Stakeholder],
        home: &HomeFront,
    ) -> Electorate {
        let mut electorate = Electorate {
            voters: Vec::with_capacity(holders.len()),
            public_backs: false,
        };
        electorate.set(scen, party, holders, home);
        electorate
    }

    /// Make this the electorate [`Electorate::new`] would give, in the space this one
    /// has (the computer keeps two from offer to offer).
    pub fn set(
        &mut self,
        scen: &Scenario,
        party: usize,
        holders: &[Stakeholder],
        home: &HomeFront,
    ) {
        self.voters.clear();
        self.voters.extend(
            holders
                .iter()
                .filter(|h| h.party == party && scen.stakeholders[h.index].votes)
                .map(|h| Voter::new(scen, h, home)),
        );
        self.public_backs = home.support >= PUBLIC_BAR;
    }

    /// The weighted share that backs the public clauses.
    pub fn share(&self, scen: &Scenario, clauses: &[Clause]) -> f64 {
        self.count(self.voters.iter().map(|v| v.vote(scen, clauses)))
    }

    /// The share and the votes behind it.
    pub fn ballot(&self, scen: &Scenario, clauses: &[Clause]) -> (f64, Vec<Vote>) {
        let votes: Vec<Vote> = self.voters.iter().map(|v| v.vote(scen, clauses)).collect();
        (self.count(votes.iter().cloned()), votes)
    }

    /// The weighted share that backs a package whose public clauses are the options at
    /// flat positions `visible` (as the scenario's stance table lays options out), in
    /// issue order: exactly [`Electorate::share`]'s figure for the same clauses, read
    /// from the table (the computer weighs packages this way before an offer).
    pub fn share_visible(&self, scen: &Scenario, visible: &[usize]) -> f64 {
        let table = &scen.stance_table;
        self.share_by(|voter| table.stance_of(voter.holder, visible))
    }

    /// [`Electorate::share_visible`] from the groups' stances on the package, as
    /// [`crate::scenario::model::StanceTable::package_stances`] lists them (`row`: the
    /// package's, one per group).
    pub fn share_of_stances(&self, row: &[Stance]) -> f64 {
        self.share_by(|voter| row[voter.holder])
    }

    /// The share backing a package on which each group's stance is `stance_of` it.
    fn share_by(&self, stance_of: impl Fn(&Voter) -> Stance) -> f64 {
        let mut tally = Tally::default();
        for voter in &self.voters {
            let stance = stance_of(voter);
            tally.add(
                voter.influence,
                voter.backs(stance.value, stance.red),
                voter.vetoed,
            );
        }
        tally.add(PUBLIC_WEIGHT, self.public_backs, false);
        tally.share()
    }

    /// The groups' votes counted, then public opinion's.
    fn count(&self, votes: impl Iterator<Item = Vote>) -> f64 {
        let mut tally = Tally::default();
        for v in votes {
            tally.add(v.influence, v.yes, v.vetoed);
        }
        tally.add(PUBLIC_WEIGHT, self.public_backs, false);
        tally.share()
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
    Electorate::new(scen, party, holders, home).ballot(scen, clauses)
}

/// [`ballot`]'s share alone, without keeping the votes.
pub fn share(
    scen: &Scenario,
    party: usize,
    clauses: &[Clause],
    holders: &[Stakeholder],
    home: &HomeFront,
) -> f64 {
    Electorate::new(scen, party, holders, home).share(scen, clauses)
}
