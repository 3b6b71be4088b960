//! What to offer: the package best for the other side among those that meet our
//! demand, with the clauses home would not swallow kept secret on a back channel.

use super::{Policy, View, opponent};
use crate::scenario::Scenario;
use crate::scenario::model::KeptStances;
use crate::scenario::schema::{ActionDef, Authority, Medium};
use crate::sim::components::{Channel, ChannelStatus, Clause};
use crate::sim::rules::ratification::Electorate;

/// Most packages the computer weighs for one offer. A scenario with fewer packages
/// than this (all the bundled ones) has every package weighed; a larger one is searched
/// with a beam of [`BEAM`] packages, issue by issue, so the cost of an offer grows with
/// issues × options, never with their product.
pub const SEARCH_BUDGET: usize = 4096;
/// Packages kept from one issue to the next when the search cannot try them all.
pub const BEAM: usize = 12;

/// Calls `f` with every package (one option per issue).
pub fn for_each_package(scen: &Scenario, mut f: impl FnMut(&[usize])) {
    let n = scen.issues.len();
    let mut pkg = vec![0usize; n];
    loop {
        f(&pkg);
        let mut i = 0;
        loop {
            if i == n {
                return;
            }
            pkg[i] += 1;
            if pkg[i] < scen.issues[i].options.len() {
                break;
            }
            pkg[i] = 0;
            i += 1;
        }
    }
}

/// How many packages a scenario has, if no more than `limit`.
pub fn package_count(scen: &Scenario, limit: usize) -> Option<usize> {
    scen.issues.iter().try_fold(1usize, |n, i| {
        n.checked_mul(i.options.len()).filter(|&n| n <= limit)
    })
}

/// Calls `weigh` with the packages worth weighing: every package when there are at
/// most `budget`, otherwise those a beam search meets. The search starts from the
/// package best for us, then settles one issue at a time, trying each option of that
/// issue on each package of the beam and keeping the [`BEAM`] that `weigh` rates
/// highest. `weigh` also gets the package's index when every package is weighed (they
/// come in index order: see [`crate::scenario::model::StanceTable::package_utility`]).
/// Returns how many packages were weighed.
pub fn search_packages(
    scen: &Scenario,
    party: usize,
    budget: usize,
    mut weigh: impl FnMut(&[usize], Option<usize>) -> f64,
) -> usize {
    if let Some(n) = package_count(scen, budget) {
        let mut index = 0;
        for_each_package(scen, |pkg| {
            weigh(pkg, Some(index));
            index += 1;
        });
        return n;
    }
    let ours: Vec<usize> = scen
        .issues
        .iter()
        .map(|issue| {
            (0..issue.options.len())
                .max_by(|&a, &b| {
                    issue.options[a].utility[party].total_cmp(&issue.options[b].utility[party])
                })
                .unwrap_or(0)
        })
        .collect();
    let mut weighed = 1;
    let mut beam = vec![(weigh(&ours, None), ours)];
    let mut next: Vec<(f64, Vec<usize>)> = Vec::new();
    for i in 0..scen.issues.len() {
        next.clear();
        for (score, pkg) in &beam {
            next.push((*score, pkg.clone()));
            for o in 0..scen.issues[i].options.len() {
                if o == pkg[i] {
                    continue;
                }
                let mut other = pkg.clone();
                other[i] = o;
                weighed += 1;
                next.push((weigh(&other, None), other));
            }
        }
        // Highest first; ties keep the order met, so the search is deterministic.
        next.sort_by(|a, b| b.0.total_cmp(&a.0));
        next.dedup_by(|a, b| a.1 == b.1);
        next.truncate(BEAM);
        std::mem::swap(&mut beam, &mut next);
    }
    weighed
}

/// The channel to negotiate on: the most trusted back channel, or official one.
pub fn working_channel<'w>(v: &View<'w>, secret: bool) -> Option<&'w Channel> {
    v.channels
        .iter()
        .copied()
        .filter(|c| c.is_back() == secret)
        .max_by(|a, b| a.trust.total_cmp(&b.trust).then(b.index.cmp(&a.index)))
}

/// Open a back channel from our most discreet negotiator to theirs, through the most
/// trusted intermediary if there is one.
pub fn open_back_channel(scen: &Scenario, v: &View) -> Option<ActionDef> {
    let from = scen.most_discreet_of(v.party, Authority::Explore, v.present())?;
    let to = scen.most_discreet_of(v.other, Authority::Explore, v.present())?;
    let via = (0..scen.intermediaries.len())
        .filter(|&m| scen.intermediaries[m].available(v.turn))
        .max_by(|&a, &b| {
            let s =
                |i: usize| scen.intermediaries[i].neutrality * scen.intermediaries[i].discretion;
            s(a).total_cmp(&s(b))
        });
    let count = v.channels.iter().filter(|c| c.is_back()).count();
    Some(ActionDef::OpenChannel {
        id: format!("{}_back_{}_{}", scen.parties[v.party].id, v.turn, count + 1),
        from: scen.negotiators[from].id.clone(),
        to: scen.negotiators[to].id.clone(),
        via: via.map(|i| scen.intermediaries[i].id.clone()),
        // The safest medium of the era: face to face where it is listed.
        medium: scen.media().first().copied().unwrap_or(Medium::FaceToFace),
    })
}

/// The clauses of our next offer on `ch`, given what we demand: the package best for
/// the other side among those that meet our demand and that our home front would
/// ratify; failing that, the one home likes most among those meeting our demand.
pub fn propose(
    scen: &Scenario,
    v: &View,
    ch: &Channel,
    demand: f64,
    policy: Policy,
) -> Vec<Clause> {
    propose_within(scen, v, ch, demand, policy, SEARCH_BUDGET).0
}

/// How a package ranks as an offer: ratifiable at home and (as far as we can tell) over
/// there, then best for them (or, if home would balk, most liked at home), then best
/// for us.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rank {
    ratifiable: u8,
    appeal: f64,
    mine: f64,
}

impl Rank {
    fn beats(&self, other: &Rank) -> bool {
        self.ratifiable > other.ratifiable
            || (self.ratifiable == other.ratifiable
                && (self.appeal > other.appeal + 1e-12
                    || ((self.appeal - other.appeal).abs() <= 1e-12 && self.mine > other.mine)))
    }

    /// One number that orders packages as [`Rank::beats`] does (near enough to steer
    /// a search), above every package that misses our demand (those score their
    /// utility to us, at most 1).
    fn score(&self) -> f64 {
        10.0 + f64::from(self.ratifiable) * 2.0 + self.appeal + self.mine * 1e-3
    }
}

/// The buffers an offer is worked out in, kept by the computer from offer to offer
/// (a one-off view works in fresh ones).
#[derive(Debug, Default)]
pub struct Scratch {
    best_pkg: Vec<usize>,
    fallback_pkg: Vec<usize>,
    secret: Vec<bool>,
    visible: Vec<usize>,
    candidates: Vec<usize>,
    pkg: Vec<usize>,
    home: Electorate,
    abroad: Electorate,
    stances: KeptStances,
}

/// [`propose`] weighing at most about `budget` packages; also returns how many it weighed.
///
/// Never inlined: under the `fast` profile's whole-program optimisation the search was
/// otherwise folded into the computer's turn, 1.4 % slower (alternating runs).
#[inline(never)]
pub fn propose_within(
    scen: &Scenario,
    v: &View,
    ch: &Channel,
    demand: f64,
    policy: Policy,
    budget: usize,
) -> (Vec<Clause>, usize) {
    let secret_ok = ch.is_back() && ch.status == ChannelStatus::Open;
    let threshold = scen.rules.ratification_threshold + super::acceptance::RATIFICATION_MARGIN;
    let mut fresh = None;
    let mut kept = v.scratch().map(std::cell::RefCell::borrow_mut);
    let Scratch {
        best_pkg,
        fallback_pkg,
        secret,
        visible,
        candidates,
        pkg,
        home,
        abroad,
        stances,
    } = match kept.as_deref_mut() {
        Some(kept) => kept,
        None => fresh.insert(Scratch::default()),
    };
    // The best package so far and the fallback, kept as options per issue in buffers
    // reused across the search (clauses are written out once, for the one chosen).
    let mut best: Option<Rank> = None;
    best_pkg.clear();
    fallback_pkg.clear();
    // Which clauses the policy would keep secret depends on the clause alone: decided
    // once per option here (laid out as the stance table's options), not once per
    // package weighed.
    let table = &scen.stance_table;
    secret.clear();
    for (i, issue) in scen.issues.iter().enumerate() {
        secret.extend(
            (0..issue.options.len()).map(|o| secret_ok && keep_secret(scen, v, i, o, policy)),
        );
    }
    // Everything else a package is weighed by comes from the scenario's tables: what
    // it is worth to us and (we expect) to them, whether it crosses a red line of
    // either side, and how each group at home and abroad would see each option.
    home.set(scen, v.party, v.holders(), &v.home);
    abroad.set(scen, v.other, v.holders(), &v.other_home);
    let (home, abroad) = (&*home, &*abroad);
    // Each group's stance on each package with these clauses kept secret, when the
    // scenario's table holds every package (else worked out package by package).
    let stances = table.package_stances_kept(secret, stances);
    let groups = table.holders();
    // Rank a package that meets our demand, and keep it if it is the best so far.
    let mut consider = |pkg: &[usize], index: Option<usize>, mine: f64| -> f64 {
        let row = stances
            .zip(index)
            .map(|(s, i)| &s[i * groups..(i + 1) * groups]);
        if row.is_none() {
            // The clauses each group would see: the package's options not kept secret.
            table.visible_into(pkg, secret, visible);
        }
        let share_of = |electorate: &Electorate| match row {
            Some(row) => electorate.share_of_stances(row),
            None => electorate.share_visible(scen, visible),
        };
        let share = share_of(home);
        let ok = share >= threshold;
        let both = ok && share_of(abroad) >= scen.rules.ratification_threshold;
        let rank = Rank {
            ratifiable: u8::from(ok) + u8::from(both),
            appeal: if ok {
                opponent::expected_utility(scen, v, pkg, index)
            } else {
                share
            },
            mine,
        };
        if best.as_ref().is_none_or(|b| rank.beats(b)) {
            best = Some(rank);
            best_pkg.clear();
            best_pkg.extend_from_slice(pkg);
        }
        rank.score()
    };
    let ranked = table
        .ranked(v.party)
        .filter(|_| v.other == scen.other_party(v.party))
        .zip(package_count(scen, budget));
    let weighed = if let Some((ranked, count)) = ranked {
        // Every package is weighed, and the scenario's table lists those clear of both
        // sides' red lines, best for us first: the fallback is the first of them, and
        // only those meeting our demand need ranking, taken in the order the full walk
        // meets them (so that equals are settled as it would).
        let mine = |i: usize| table.package_utility(v.party, &[], Some(i));
        if let Some(&first) = ranked.first() {
            table.package_at(first, fallback_pkg);
        }
        // The ones the full walk would rank: those for which `mine < demand` is false
        // (a prefix of the list, best first; all of it should the demand be NaN).
        let meeting = ranked
            .partition_point(|&i| mine(i).partial_cmp(&demand) != Some(std::cmp::Ordering::Less));
        candidates.clear();
        candidates.extend_from_slice(&ranked[..meeting]);
        candidates.sort_unstable();
        for &i in candidates.iter() {
            table.package_at(i, pkg);
            consider(pkg, Some(i), mine(i));
        }
        count
    } else {
        // The package best for us so far, whatever our demand (the fallback).
        let mut fallback: Option<f64> = None;
        search_packages(scen, v.party, budget, |pkg, index| {
            // A red line is never offered, not even as a last resort; nor is the other
            // side's (red lines are public: offering one is only a refusal waiting).
            if table.crosses_red_line(v.party, pkg, index)
                || table.crosses_red_line(v.other, pkg, index)
            {
                return -1.0;
            }
            let mine = table.package_utility(v.party, pkg, index);
            if fallback.is_none_or(|f| mine > f) {
                fallback = Some(mine);
                fallback_pkg.clear();
                fallback_pkg.extend_from_slice(pkg);
            }
            if mine < demand {
                return mine;
            }
            consider(pkg, index, mine)
        })
    };
    let chosen = if best.is_some() {
        best_pkg
    } else {
        fallback_pkg
    };
    let clauses = chosen
        .iter()
        .enumerate()
        .map(|(i, &o)| Clause {
            issue: i,
            option: o,
            secret: secret[table.flat(i, o)],
        })
        .collect();
    (clauses, weighed)
}

/// The zone of agreement at the start of a game: the packages both sides would take
/// (each at or above its reservation) and both home fronts would ratify, with every
/// clause public.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Zone {
    /// Packages in the scenario (saturating).
    pub packages: u64,
    /// Packages weighed (all of them unless there are more than [`SEARCH_BUDGET`]).
    pub weighed: usize,
    /// Of those weighed, the packages in the zone.
    pub in_zone: usize,
}

/// How one package stands: each party's utility less its reservation, and each
/// stakeholder's stance less the bar it votes against.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Margins {
    pub parties: Vec<(String, f64)>,
    pub stakeholders: Vec<(String, f64)>,
    /// Whether each home front would ratify it.
    pub ratified: Vec<(String, bool)>,
}

/// [`Zone`] of the game in `world` (read at its start).
pub fn zone_of_agreement(world: &bevy::prelude::World) -> Zone {
    let scen = world
        .resource::<crate::sim::components::ScenarioRes>()
        .0
        .clone();
    let v = super::view(world, 0);
    let home = Electorate::new(&scen, v.party, v.holders(), &v.home);
    let abroad = Electorate::new(&scen, v.other, v.holders(), &v.other_home);
    let threshold = scen.rules.ratification_threshold;
    let mut in_zone = 0;
    let weighed = search_packages(&scen, 0, SEARCH_BUDGET, |pkg, _| {
        let clauses = public(pkg);
        let ok = (0..scen.parties.len())
            .all(|p| scen.package_utility(p, pkg) >= scen.parties[p].reservation)
            && home.share(&scen, &clauses) >= threshold
            && abroad.share(&scen, &clauses) >= threshold;
        in_zone += usize::from(ok);
        f64::from(u8::from(ok))
            + scen
                .package_utility(0, pkg)
                .min(scen.package_utility(1, pkg))
    });
    let packages = scen
        .issues
        .iter()
        .fold(1u64, |n, i| n.saturating_mul(i.options.len() as u64));
    Zone {
        packages,
        weighed,
        in_zone,
    }
}

/// [`Margins`] of a package (one option per issue, every clause public) at the start
/// of the game in `world`.
pub fn margins(world: &bevy::prelude::World, pkg: &[usize]) -> Margins {
    let scen = world
        .resource::<crate::sim::components::ScenarioRes>()
        .0
        .clone();
    let clauses = public(pkg);
    let mut m = Margins {
        parties: Vec::new(),
        stakeholders: Vec::new(),
        ratified: Vec::new(),
    };
    for (p, party) in scen.parties.iter().enumerate() {
        m.parties.push((
            party.id.clone(),
            scen.package_utility(p, pkg) - party.reservation,
        ));
        let v = super::view(world, p);
        let (share, votes) =
            crate::sim::rules::ratification::ballot(&scen, p, &clauses, v.holders(), &v.home);
        m.ratified
            .push((party.id.clone(), share >= scen.rules.ratification_threshold));
        for vote in votes {
            m.stakeholders.push((
                scen.stakeholders[vote.stakeholder].id.clone(),
                vote.stance - vote.bar,
            ));
        }
    }
    m
}

/// A package (one option per issue) written as clauses, every one of them public.
pub(crate) fn public(pkg: &[usize]) -> Vec<Clause> {
    pkg.iter()
        .enumerate()
        .map(|(issue, &option)| Clause {
            issue,
            option,
            secret: false,
        })
        .collect()
}

/// Whether a policy keeps a clause secret (on a channel where secrets are possible).
fn keep_secret(scen: &Scenario, v: &View, issue: usize, option: usize, policy: Policy) -> bool {
    let party = v.party;
    let table = &scen.stance_table;
    match policy {
        Policy::Secret => table.below_best(party, issue, option),
        // Hide what our home would balk at, unless their home needs to see it.
        Policy::Adaptive | Policy::Escalate | Policy::Stall => {
            table.home_dislikes(party, issue, option)
                && table
                    .home_stance(v.other, issue, option)
                    .is_none_or(|s| s < 0.6)
        }
        Policy::Official | Policy::Passive | Policy::Random | Policy::Rush => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::game::{Controller, Game};

    fn offers(scen: &std::sync::Arc<Scenario>, budget: usize) -> Vec<(Vec<Clause>, usize)> {
        let game = Game::new(
            scen.clone(),
            3,
            &[
                Controller::Ai(Policy::Adaptive),
                Controller::Ai(Policy::Adaptive),
            ],
        );
        let mut out = Vec::new();
        for party in 0..2 {
            let v = super::super::view(game.world(), party);
            let ch = v.channels[0];
            for d in 0..16 {
                let demand = 0.2 + 0.05 * f64::from(d);
                out.push(propose_within(
                    scen,
                    &v,
                    ch,
                    demand,
                    Policy::Adaptive,
                    budget,
                ));
            }
        }
        out
    }

    /// The tables the computer weighs packages by (built at load) give exactly, bit for
    /// bit, the figures the rules work out clause by clause: for every package of every
    /// bundled scenario, each party's utility and red lines, and every group's stance
    /// and each home front's share with no clause, every clause and every other option
    /// kept secret. A sum taken in another order would fail this.
    #[test]
    fn the_package_tables_match_the_rules_exactly() {
        use crate::sim::rules::ratification::{Electorate, visible_stance};
        let mut checked = 0;
        for s in bundled::all() {
            let s = std::sync::Arc::new(s.unwrap());
            let table = &s.stance_table;
            let game = Game::new(s.clone(), 3, &[Controller::Human, Controller::Human]);
            let n = table.options();
            let masks = [
                vec![false; n],
                vec![true; n],
                (0..n).map(|f| f % 2 == 1).collect::<Vec<_>>(),
            ];
            for party in 0..s.parties.len() {
                let v = super::super::view(game.world(), party);
                let home = Electorate::new(&s, party, v.holders(), &v.home);
                for mask in &masks {
                    let stances = table.package_stances(mask).unwrap();
                    let groups = table.holders();
                    let mut index = 0;
                    for_each_package(&s, |pkg| {
                        assert_eq!(
                            table.package_utility(party, pkg, Some(index)).to_bits(),
                            s.package_utility(party, pkg).to_bits()
                        );
                        assert_eq!(
                            table.crosses_red_line(party, pkg, Some(index)),
                            s.red_line_in(party, pkg).is_some()
                        );
                        let clauses: Vec<Clause> = pkg
                            .iter()
                            .enumerate()
                            .map(|(issue, &option)| Clause {
                                issue,
                                option,
                                secret: mask[table.flat(issue, option)],
                            })
                            .collect();
                        let row = &stances[index * groups..(index + 1) * groups];
                        for (h, stance) in row.iter().enumerate() {
                            assert_eq!(
                                stance.value.to_bits(),
                                visible_stance(&s, h, &clauses).to_bits(),
                                "{}: group {h}, package {pkg:?}",
                                s.id
                            );
                        }
                        let mut visible = Vec::new();
                        table.visible_into(pkg, mask, &mut visible);
                        let share = home.share(&s, &clauses).to_bits();
                        assert_eq!(home.share_of_stances(row).to_bits(), share);
                        assert_eq!(home.share_visible(&s, &visible).to_bits(), share);
                        index += 1;
                        checked += 1;
                    });
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Every bundled scenario is small enough to weigh every package, so the bound
    /// changes none of the offers made today (the golden transcript checks the rest).
    #[test]
    fn bundled_scenarios_are_searched_in_full() {
        for s in bundled::all() {
            let s = s.unwrap();
            assert!(package_count(&s, SEARCH_BUDGET).is_some(), "{}", s.id);
        }
    }

    /// Forced to use the beam on the bundled scenarios, the search makes the offer the
    /// full search makes in at least 90 % of cases (256 cases: 8 scenarios × 2 sides ×
    /// 16 demands; a beam of 12 finds 244, one of 8 only 211: red lines on both sides
    /// of the Iran file trip a narrow beam), and weighs fewer packages wherever the
    /// full search weighs many.
    #[test]
    fn the_beam_finds_the_offers_the_full_search_finds() {
        let (mut same, mut total) = (0, 0);
        for s in bundled::all() {
            let s = std::sync::Arc::new(s.unwrap());
            let id = &s.id;
            let full = offers(&s, usize::MAX);
            let beam = offers(&s, 0);
            for (f, b) in full.iter().zip(&beam) {
                total += 1;
                same += usize::from(f.0 == b.0);
                assert!(b.1 <= 1 + s.issues.len() * BEAM * 12, "{id}: {}", b.1);
            }
        }
        assert!(same * 10 >= total * 9, "{same} of {total}");
    }

    /// On the largest scenario accepted (24 issues of 12 options: 12^24 packages) an
    /// offer weighs a few thousand packages and still meets the demand.
    #[test]
    fn the_search_on_the_largest_scenario_is_bounded() {
        let text = crate::scenario::stress::largest();
        let s = std::sync::Arc::new(
            crate::scenario::load_bytes(std::path::Path::new("largest.ron"), text.as_bytes())
                .unwrap(),
        );
        assert!(package_count(&s, SEARCH_BUDGET).is_none());
        let game = Game::new(s.clone(), 1, &[Controller::Human, Controller::Human]);
        let v = super::super::view(game.world(), 0);
        let (clauses, weighed) =
            propose_within(&s, &v, v.channels[0], 0.5, Policy::Adaptive, SEARCH_BUDGET);
        assert!(weighed <= 1 + 24 * BEAM * 11, "{weighed}");
        assert_eq!(clauses.len(), 24);
        assert!(clauses.iter().enumerate().all(|(i, c)| c.issue == i));
        let pkg: Vec<usize> = clauses.iter().map(|c| c.option).collect();
        assert!(s.package_utility(0, &pkg) >= 0.5);
    }
}
