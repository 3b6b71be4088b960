//! What to offer: the package best for the other side among those that meet our
//! demand, with the clauses home would not swallow kept secret on a back channel.

use super::{Policy, View, opponent};
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, Authority, ClauseDef, Medium};
use crate::sim::components::{Channel, ChannelStatus, Clause};

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

/// The channel to negotiate on: the most trusted back channel, or official one.
pub fn working_channel(v: &View, secret: bool) -> Option<Channel> {
    v.channels
        .iter()
        .filter(|c| c.is_back() == secret)
        .max_by(|a, b| a.trust.total_cmp(&b.trust).then(b.index.cmp(&a.index)))
        .cloned()
}

/// Open a back channel from our most discreet negotiator to theirs, through the most
/// trusted intermediary if there is one.
pub fn open_back_channel(scen: &Scenario, v: &View) -> Option<ActionDef> {
    let from = scen.most_discreet(v.party, Authority::Explore)?;
    let to = scen.most_discreet(v.other, Authority::Explore)?;
    let via = (0..scen.intermediaries.len()).max_by(|&a, &b| {
        let s = |i: usize| scen.intermediaries[i].neutrality * scen.intermediaries[i].discretion;
        s(a).total_cmp(&s(b))
    });
    let count = v.channels.iter().filter(|c| c.is_back()).count();
    Some(ActionDef::OpenChannel {
        id: format!("{}_back_{}_{}", scen.parties[v.party].id, v.turn, count + 1),
        from: scen.negotiators[from].id.clone(),
        to: scen.negotiators[to].id.clone(),
        via: via.map(|i| scen.intermediaries[i].id.clone()),
        medium: Medium::FaceToFace,
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
) -> Vec<ClauseDef> {
    let secret_ok = ch.is_back() && ch.status == ChannelStatus::Open;
    let threshold = scen.rules.ratification_threshold + super::acceptance::RATIFICATION_MARGIN;
    // (rank, their utility or home share, home share, my utility, clauses)
    let mut best: Option<(u8, f64, f64, f64, Vec<Clause>)> = None;
    let mut fallback: Option<(f64, Vec<Clause>)> = None;
    let mut clauses = Vec::with_capacity(scen.issues.len());
    for_each_package(scen, |pkg| {
        let mine = scen.package_utility(v.party, pkg);
        clauses.clear();
        clauses.extend(pkg.iter().enumerate().map(|(i, &o)| Clause {
            issue: i,
            option: o,
            secret: secret_ok && keep_secret(scen, v, i, o, policy),
        }));
        if fallback.as_ref().is_none_or(|f| mine > f.0) {
            fallback = Some((mine, clauses.clone()));
        }
        if mine < demand {
            return;
        }
        let share = v.home_share(scen, &clauses);
        let ok = share >= threshold;
        // Rank: ratifiable at home and (as far as we can tell) over there, then best
        // for them, then best for us.
        let both = ok && v.other_share(scen, &clauses) >= scen.rules.ratification_threshold;
        let theirs = opponent::expected_utility(scen, v, pkg);
        let rank = (
            u8::from(ok) + u8::from(both),
            if ok { theirs } else { share },
            mine,
        );
        let better = match &best {
            None => true,
            Some(b) => {
                rank.0 > b.0
                    || (rank.0 == b.0
                        && (rank.1 > b.1 + 1e-12
                            || ((rank.1 - b.1).abs() <= 1e-12 && rank.2 > b.3)))
            }
        };
        if better {
            best = Some((rank.0, rank.1, share, mine, clauses.clone()));
        }
    });
    let chosen = best
        .map(|b| b.4)
        .or(fallback.map(|f| f.1))
        .unwrap_or_default();
    chosen
        .iter()
        .map(|c| {
            let issue = &scen.issues[c.issue];
            ClauseDef {
                issue: issue.id.clone(),
                option: issue.options[c.option].id.clone(),
                secret: c.secret,
            }
        })
        .collect()
}

/// Whether a policy keeps a clause secret (on a channel where secrets are possible).
fn keep_secret(scen: &Scenario, v: &View, issue: usize, option: usize, policy: Policy) -> bool {
    let party = v.party;
    match policy {
        Policy::Secret => {
            let top = scen.issues[issue]
                .options
                .iter()
                .map(|x| x.utility[party])
                .fold(0.0, f64::max);
            scen.issues[issue].options[option].utility[party] < top
        }
        // Hide what our home would balk at, unless their home needs to see it.
        Policy::Adaptive => {
            home_dislikes(scen, party, issue, option)
                && home_stance(scen, v.other, issue, option).is_none_or(|s| s < 0.6)
        }
        Policy::Escalate | Policy::Stall => {
            home_dislikes(scen, party, issue, option)
                && home_stance(scen, v.other, issue, option).is_none_or(|s| s < 0.6)
        }
        Policy::Official | Policy::Passive | Policy::Random | Policy::Rush => false,
    }
}

/// Whether our own stakeholders, weighted by influence, would balk at an option that
/// is sensitive enough to matter.
pub fn home_dislikes(scen: &Scenario, party: usize, issue: usize, option: usize) -> bool {
    home_stance(scen, party, issue, option).is_some_and(|s| s < 0.4)
        && scen.issues[issue].sensitivity >= 0.3
}

/// Influence-weighted stance of a party's stakeholders on one option (None if it has none).
pub fn home_stance(scen: &Scenario, party: usize, issue: usize, option: usize) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (s, h) in scen.stakeholders.iter().enumerate() {
        if h.party == party {
            num += h.influence * scen.issues[issue].options[option].stance[s];
            den += h.influence;
        }
    }
    (den > 0.0).then(|| num / den)
}
