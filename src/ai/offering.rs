//! What to offer: the package best for the other side among those that meet our
//! demand, with the clauses home would not swallow kept secret on a back channel.

use super::{Policy, View, opponent};
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, Authority, ClauseDef, Medium};
use crate::sim::components::{Channel, ChannelStatus};

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
    let best = |party: usize| {
        scen.negotiators_of(party)
            .filter(|&n| scen.negotiators[n].authority >= Authority::Explore)
            .max_by(|&a, &b| {
                scen.negotiators[a]
                    .discretion
                    .total_cmp(&scen.negotiators[b].discretion)
            })
    };
    let from = best(v.party)?;
    let to = best(v.other)?;
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

/// The clauses of our next offer on `ch`, given what we demand.
pub fn propose(
    scen: &Scenario,
    v: &View,
    ch: &Channel,
    demand: f64,
    policy: Policy,
) -> Vec<ClauseDef> {
    let mut best: Option<(f64, f64, Vec<usize>)> = None;
    let mut fallback: Option<(f64, Vec<usize>)> = None;
    for_each_package(scen, |pkg| {
        let mine = scen.package_utility(v.party, pkg);
        if fallback.as_ref().is_none_or(|f| mine > f.0) {
            fallback = Some((mine, pkg.to_vec()));
        }
        if mine >= demand {
            let theirs = opponent::expected_utility(scen, v, pkg);
            let better = match &best {
                None => true,
                Some((t, m, _)) => {
                    theirs > *t + 1e-12 || ((theirs - *t).abs() <= 1e-12 && mine > *m)
                }
            };
            if better {
                best = Some((theirs, mine, pkg.to_vec()));
            }
        }
    });
    let pkg = best
        .map(|b| b.2)
        .or(fallback.map(|f| f.1))
        .unwrap_or_default();
    let secret_ok = ch.is_back() && ch.status == ChannelStatus::Open;
    pkg.iter()
        .enumerate()
        .map(|(i, &o)| {
            let issue = &scen.issues[i];
            let secret = secret_ok
                && match policy {
                    Policy::Secret => {
                        let top = issue
                            .options
                            .iter()
                            .map(|x| x.utility[v.party])
                            .fold(0.0, f64::max);
                        issue.options[o].utility[v.party] < top
                    }
                    Policy::Official | Policy::Passive | Policy::Random => false,
                    Policy::Adaptive => home_dislikes(scen, v.party, i, o),
                };
            ClauseDef {
                issue: issue.id.clone(),
                option: issue.options[o].id.clone(),
                secret,
            }
        })
        .collect()
}

/// Whether our own stakeholders, weighted by influence, would balk at an option that
/// is sensitive enough to matter.
pub fn home_dislikes(scen: &Scenario, party: usize, issue: usize, option: usize) -> bool {
    let (mut num, mut den) = (0.0, 0.0);
    for (s, h) in scen.stakeholders.iter().enumerate() {
        if h.party == party {
            num += h.influence * scen.issues[issue].options[option].stance[s];
            den += h.influence;
        }
    }
    den > 0.0 && num / den < 0.4 && scen.issues[issue].sensitivity >= 0.3
}
