//! The lessons shown by measurement: each experiment changes one thing, plays many
//! seeded games of each arm, and reports the effect with a 95 % interval.
//!
//! Proportions use the two-proportion z test (unpooled interval, pooled z); means use a
//! seeded percentile bootstrap of the difference. The number of games per arm is chosen
//! by power: enough to detect the effect the lesson predicts with 80 % power at the 5 %
//! level (`n = (1.96 + 0.84)² × (p₁q₁ + p₂q₂) / Δ²` for proportions), stated with each
//! experiment. Instructors run them on their own scenarios with
//! `backchannel experiment NAME --scenario FILE`.

use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::ai::Policy;
use crate::batch::par_map;
use crate::game::{Controller, Game};
use crate::scenario::Scenario;
use crate::scenario::schema::{ActionDef, ActionKind, Authority, ChannelKind, Medium};
use crate::sim::components::{Beliefs, Channel, HiddenType, Roster};
use crate::sim::outcome::OutcomeKind;

/// What an experiment measures in each game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// A yes/no per game; compared as proportions.
    Rate,
    /// A number per game; compared as means.
    Mean,
}

/// One arm's results.
#[derive(Debug, Clone)]
pub struct Arm {
    pub label: String,
    pub values: Vec<f64>,
}

impl Arm {
    pub fn mean(&self) -> f64 {
        self.values.iter().sum::<f64>() / self.values.len().max(1) as f64
    }
}

/// The result of an experiment: arm B minus arm A, with its 95 % interval.
#[derive(Debug, Clone)]
pub struct Effect {
    pub lesson: u8,
    pub name: &'static str,
    pub claim: &'static str,
    pub measure: Measure,
    pub what: &'static str,
    pub a: Arm,
    pub b: Arm,
    pub diff: f64,
    pub low: f64,
    pub high: f64,
    /// The z statistic (proportions) or the bootstrap's share of resamples on the wrong
    /// side of zero (means).
    pub stat: f64,
}

impl Effect {
    /// The effect has the sign the lesson predicts, with 95 % confidence.
    pub fn holds(&self, expect_positive: bool) -> bool {
        if expect_positive {
            self.low > 0.0
        } else {
            self.high < 0.0
        }
    }

    /// The result in words, for the terminal.
    pub fn describe(&self) -> String {
        let unit = |x: f64| match self.measure {
            Measure::Rate => format!("{:.1}%", x * 100.0),
            Measure::Mean => format!("{x:.3}"),
        };
        let diff = |x: f64| match self.measure {
            Measure::Rate => format!("{:+.1} points", x * 100.0),
            Measure::Mean => format!("{x:+.3}"),
        };
        format!(
            "Lesson {}: {}\n  {} — {}\n  A: {:<34} {:>8}  (n = {})\n  B: {:<34} {:>8}  (n = {})\n  B − A = {}, 95% interval [{}, {}]{}\n",
            self.lesson,
            self.claim,
            self.name,
            self.what,
            self.a.label,
            unit(self.a.mean()),
            self.a.values.len(),
            self.b.label,
            unit(self.b.mean()),
            self.b.values.len(),
            diff(self.diff),
            diff(self.low),
            diff(self.high),
            match self.measure {
                Measure::Rate => format!(", z = {:.2}", self.stat),
                Measure::Mean => String::new(),
            }
        )
    }
}

/// Two-proportion comparison: (difference b − a, 95 % low, high, pooled z).
pub fn two_proportions(xa: f64, na: f64, xb: f64, nb: f64) -> (f64, f64, f64, f64) {
    let (pa, pb) = (xa / na.max(1.0), xb / nb.max(1.0));
    let diff = pb - pa;
    let se = (pa * (1.0 - pa) / na.max(1.0) + pb * (1.0 - pb) / nb.max(1.0)).sqrt();
    let pooled = (xa + xb) / (na + nb).max(1.0);
    let se0 = (pooled * (1.0 - pooled) * (1.0 / na.max(1.0) + 1.0 / nb.max(1.0))).sqrt();
    let z = if se0 > 0.0 { diff / se0 } else { 0.0 };
    (diff, diff - 1.96 * se, diff + 1.96 * se, z)
}

/// Percentile bootstrap of the difference of means (b − a), seeded so it repeats.
pub fn bootstrap_means(a: &[f64], b: &[f64], resamples: usize, seed: u64) -> (f64, f64, f64, f64) {
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
    let diff = mean(b) - mean(a);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut diffs: Vec<f64> = (0..resamples)
        .map(|_| {
            let draw = |xs: &[f64], rng: &mut ChaCha8Rng| {
                (0..xs.len())
                    .map(|_| xs[rng.random_range(0..xs.len())])
                    .sum::<f64>()
                    / xs.len().max(1) as f64
            };
            let ma = draw(a, &mut rng);
            draw(b, &mut rng) - ma
        })
        .collect();
    diffs.sort_by(f64::total_cmp);
    let at = |q: f64| diffs[((q * resamples as f64) as usize).min(resamples - 1)];
    let wrong =
        diffs.iter().filter(|d| d.signum() != diff.signum()).count() as f64 / resamples as f64;
    (diff, at(0.025), at(0.975), wrong)
}

/// Games per arm a proportion experiment needs to see a difference `delta` around
/// base rate `p` with 80 % power at the 5 % level.
pub fn games_for(p: f64, delta: f64) -> usize {
    let q = |x: f64| x.clamp(0.0, 1.0) * (1.0 - x.clamp(0.0, 1.0));
    let n = 7.84 * (q(p) + q(p + delta)) / (delta * delta);
    n.ceil() as usize
}

/// The experiments that exist, by name, with the lesson each shows.
pub const NAMES: [(&str, u8, &str); 8] = [
    (
        "secrecy",
        1,
        "a deal home would reject in public can pass when its sensitive part stays secret",
    ),
    (
        "privy",
        2,
        "every extra person let in raises the chance a secret channel leaks",
    ),
    (
        "posturing",
        4,
        "public threats lock a side in: war comes more often and it scores less",
    ),
    (
        "delay",
        5,
        "waiting is not free: every turn without a deal costs, so stalling costs more",
    ),
    (
        "medium",
        8,
        "easily copied traffic (digital, where the era has it) leaks more than meetings face to face",
    ),
    (
        "goodfaith",
        6,
        "a back channel tests the other side's good faith cheaply: probes there read its type more truly than at the official table",
    ),
    (
        "venues",
        7,
        "forum shopping destroys trust: moving the talks to another host leaves the channels less trusted",
    ),
    (
        "briefing",
        3,
        "those left out get a say later: groups briefed on the talks ratify the deal more often",
    ),
];

/// Play a whole game in `slot`'s world (built on first use, reset after), so a thread's
/// games share one world.
fn play<'a>(
    slot: &'a mut Option<Game>,
    scen: &Arc<Scenario>,
    seed: u64,
    controllers: &[Controller],
) -> &'a Game {
    let g = match slot {
        Some(g) => {
            g.reset(scen.clone(), seed, controllers);
            g
        }
        None => slot.insert(Game::new(scen.clone(), seed, controllers)),
    };
    g.play_out();
    g
}

/// `f(seed)` for each of the arm's seeds, on `threads` threads, in seed order.
fn over_seeds<T: Send>(
    seeds: &std::ops::Range<u64>,
    threads: usize,
    f: impl Fn(u64) -> T + Sync,
) -> Vec<T> {
    par_map(seeds.end - seeds.start, threads, |_: &mut (), i| {
        f(seeds.start + i)
    })
}

/// The first playable side and the most discreet negotiators of each side who can at
/// least explore, for scripted arms.
fn envoys(scen: &Scenario) -> Option<(usize, String, String)> {
    let side = scen.parties.iter().position(|p| p.playable)?;
    let best = |party: usize| {
        scen.most_discreet(party, Authority::Explore)
            .map(|n| scen.negotiators[n].id.clone())
    };
    Some((side, best(side)?, best(scen.other_party(side))?))
}

/// A side opens one back channel on turn 1 (with `medium`), briefs `briefed` of its
/// stakeholders on it, then only talks on it for `turns` turns; did that channel leak?
fn scripted_channel_leaks(
    scen: &Arc<Scenario>,
    seed: u64,
    medium: Medium,
    briefed: usize,
    turns: u32,
) -> f64 {
    let Some((side, from, to)) = envoys(scen) else {
        return 0.0;
    };
    let mut c = vec![Controller::Ai(Policy::Passive); scen.parties.len()];
    c[side] = Controller::Human;
    let mut g = Game::new(scen.clone(), seed, &c);
    let open = ActionDef::OpenChannel {
        id: "experiment".into(),
        from,
        to,
        via: None,
        medium,
    };
    if g.act(side, open).is_err() {
        return 0.0;
    }
    let holders: Vec<String> = scen
        .stakeholders
        .iter()
        .filter(|h| h.party == side)
        .map(|h| h.id.clone())
        .take(briefed)
        .collect();
    for _ in 0..turns {
        if g.is_finished() {
            break;
        }
        for h in &holders {
            let _ = g.act(
                side,
                ActionDef::Brief {
                    stakeholder: h.clone(),
                    channel: "experiment".into(),
                },
            );
        }
        let _ = g.act(
            side,
            ActionDef::Message {
                channel: "experiment".into(),
            },
        );
        g.end_turn();
    }
    let chron = g.chronicle();
    f64::from(u8::from(
        chron
            .leaks()
            .any(|l| chron.channel_id(l.channel) == "experiment"),
    ))
}

/// A side probes the other's type three times (turns 2 to 4), at the official table or
/// over a back channel it opened on turn 1; does its belief name the true type?
fn scripted_type_read(scen: &Arc<Scenario>, seed: u64, back: bool) -> Result<f64, String> {
    let (side, from, to) = envoys(scen).ok_or("the scenario has no envoys to talk")?;
    let official = scen
        .channels
        .iter()
        .find(|c| {
            c.kind == ChannelKind::Official
                && !c.dormant
                && c.ends.iter().any(|&n| scen.negotiators[n].party == side)
        })
        .ok_or("the scenario has no official channel open at the start")?
        .id
        .clone();
    let mut c = vec![Controller::Ai(Policy::Passive); scen.parties.len()];
    c[side] = Controller::Human;
    let mut g = Game::new(scen.clone(), seed, &c);
    let channel = if back {
        let open = ActionDef::OpenChannel {
            id: "experiment".into(),
            from,
            to,
            via: None,
            medium: scen.media().first().copied().unwrap_or(Medium::FaceToFace),
        };
        g.act(side, open).map_err(|r| format!("{r:?}"))?;
        "experiment".to_string()
    } else {
        official
    };
    g.end_turn();
    for _ in 0..3 {
        if g.is_finished() {
            break;
        }
        let _ = g.act(
            side,
            ActionDef::Probe {
                channel: channel.clone(),
            },
        );
        g.end_turn();
    }
    let w = g.world();
    let roster = w.resource::<Roster>();
    let belief = w
        .get::<Beliefs>(roster.parties[side])
        .and_then(|b| b.other_type);
    let truth = w
        .get::<HiddenType>(roster.parties[scen.other_party(side)])
        .map(|h| h.kind);
    Ok(f64::from(u8::from(belief.is_some() && belief == truth)))
}

/// The computer plays both sides; the first playable side also opens a mediated
/// channel through the first go-between on the first turn it is available, and in the
/// forum-shopping arm moves it to the second two turns later. The mean trust of the live channels between the sides
/// when the game ends.
fn venue_trust(scen: &Arc<Scenario>, seed: u64, shop: bool) -> Result<f64, String> {
    let (side, from, to) = envoys(scen).ok_or("the scenario has no envoys to talk")?;
    let [first, second, ..] = &scen.intermediaries[..] else {
        return Err("forum shopping needs at least two go-betweens in the scenario".into());
    };
    // Open through the first when it is available; move two turns later.
    let open_on = first.available_from.max(1);
    let move_on = open_on + 2;
    if move_on > scen.deadline || !first.available(open_on) || !second.available(move_on) {
        return Err(format!(
            "forum shopping needs {} available on some turn and {} two turns later, before the deadline",
            first.name, second.name
        ));
    }
    let c = vec![Controller::Ai(Policy::Adaptive); scen.parties.len()];
    let mut g = Game::new(scen.clone(), seed, &c);
    while !g.is_finished() && g.turn() < open_on {
        g.end_turn();
    }
    if g.is_finished() {
        return Ok(0.0);
    }
    g.act(
        side,
        ActionDef::OpenChannel {
            id: "venue".into(),
            from,
            to,
            via: Some(first.id.clone()),
            medium: scen.media().first().copied().unwrap_or(Medium::FaceToFace),
        },
    )
    .map_err(|r| format!("{r:?}"))?;
    while !g.is_finished() {
        if shop && g.turn() == move_on {
            let _ = g.act(
                side,
                ActionDef::MoveVenue {
                    channel: "venue".into(),
                    via: second.id.clone(),
                    id: "venue_2".into(),
                },
            );
        }
        g.end_turn();
    }
    let w = g.world();
    let trust: Vec<f64> = w
        .resource::<Roster>()
        .channels
        .iter()
        .filter_map(|&e| w.get::<Channel>(e))
        .filter(|c| c.is_live() && c.side_of(side).is_some())
        .map(|c| c.trust)
        .collect();
    Ok(trust.iter().sum::<f64>() / trust.len().max(1) as f64)
}

/// Both sides played by hand: the first playable side signs one package late in the
/// game — the option per issue with the most value to both sides — either all in
/// public on an official channel, or with the clauses its home would balk at kept
/// secret on a new back channel. Did its home front ratify it?
fn scripted_deal_ratified(scen: &Arc<Scenario>, seed: u64, secret: bool) -> Result<f64, String> {
    let side = scen
        .parties
        .iter()
        .position(|p| p.playable)
        .ok_or("the scenario has no playable side")?;
    let other = scen.other_party(side);
    let committer = |party: usize| {
        scen.most_discreet(party, Authority::Commit)
            .map(|n| scen.negotiators[n].id.clone())
            .ok_or("each side needs a negotiator who can commit")
    };
    let (from, to) = (committer(side)?, committer(other)?);
    let official = scen
        .channels
        .iter()
        .find(|c| c.kind == crate::scenario::schema::ChannelKind::Official && !c.dormant)
        .map(|c| c.id.clone())
        .ok_or("the scenario has no official channel to compare with")?;
    let clauses: Vec<crate::scenario::schema::ClauseDef> = scen
        .issues
        .iter()
        .enumerate()
        .map(|(i, issue)| {
            let o = (0..issue.options.len())
                .max_by(|&a, &b| {
                    let joint = |o: usize| {
                        issue.options[o].utility[side] * scen.parties[side].weights[i]
                            + issue.options[o].utility[other] * scen.parties[other].weights[i]
                    };
                    joint(a).total_cmp(&joint(b))
                })
                .unwrap_or(0);
            crate::scenario::schema::ClauseDef {
                issue: issue.id.clone(),
                option: issue.options[o].id.clone(),
                secret: secret && scen.stance_table.home_dislikes(side, i, o),
            }
        })
        .collect();
    let mut g = Game::new(
        scen.clone(),
        seed,
        &vec![Controller::Human; scen.parties.len()],
    );
    while !g.is_finished() && g.turn() * 3 < scen.deadline * 2 {
        g.end_turn();
    }
    if g.is_finished() {
        return Ok(0.0);
    }
    let channel = if secret {
        let open = ActionDef::OpenChannel {
            id: "experiment".into(),
            from: to.clone(),
            to: from.clone(),
            via: None,
            medium: Medium::FaceToFace,
        };
        // The other side opens it, so the signing side keeps its points for the deal.
        g.act(other, open).map_err(|e| g.describe(other, &Err(e)))?;
        "experiment".to_string()
    } else {
        // Each side sends someone who can commit to the official table.
        for (p, n) in [(side, &from), (other, &to)] {
            let _ = g.act(
                p,
                ActionDef::Upgrade {
                    channel: official.clone(),
                    negotiator: n.clone(),
                },
            );
        }
        official
    };
    let _ = g.act(
        side,
        ActionDef::Offer {
            channel: channel.clone(),
            clauses,
        },
    );
    g.end_turn();
    if g.is_finished() {
        return Ok(0.0);
    }
    let _ = g.act(other, ActionDef::Accept { channel });
    for p in [other, side] {
        if g.act(p, ActionDef::Sign).is_ok() {
            break;
        }
    }
    g.end_turn();
    Ok(f64::from(u8::from(g.outcome().is_some_and(|o| {
        o.ratified_by.get(side).copied().unwrap_or(false)
    }))))
}

/// Run one experiment on a scenario with `games` games per arm from `seed`, on
/// `threads` threads (the result does not depend on their number).
pub fn run(
    name: &str,
    scen: &Arc<Scenario>,
    games: usize,
    seed: u64,
    threads: usize,
) -> Result<Effect, String> {
    let (_, lesson, claim) = NAMES
        .iter()
        .find(|(n, _, _)| *n == name)
        .copied()
        .ok_or_else(|| {
            format!(
                "unknown experiment \"{name}\"; expected one of: {}",
                NAMES.map(|n| n.0).join(", ")
            )
        })?;
    let side = scen
        .parties
        .iter()
        .position(|p| p.playable)
        .ok_or("the scenario has no playable side")?;
    let n = scen.parties.len();
    let seeds = seed..seed + games as u64;
    let policy_arm = |label: &str, policy: Policy, f: &(dyn Fn(&Game) -> f64 + Sync)| {
        let mut c = vec![Controller::Ai(Policy::Adaptive); n];
        c[side] = Controller::Ai(policy);
        Arm {
            label: label.to_string(),
            values: par_map(games as u64, threads, |slot, i| {
                f(play(slot, scen, seed + i, &c))
            }),
        }
    };
    let war = |g: &Game| {
        f64::from(u8::from(
            g.outcome().is_some_and(|o| o.kind == OutcomeKind::War),
        ))
    };
    let costs = |g: &Game| {
        g.outcome()
            .and_then(|o| o.scores.get(side))
            .map(|s| s.delay_cost + s.escalation_cost)
            .unwrap_or(0.0)
    };
    let (measure, what, a, b) = match name {
        "secrecy" => {
            let arm = |label: &str, secret: bool| -> Result<Arm, String> {
                Ok(Arm {
                    label: label.into(),
                    values: over_seeds(&seeds, threads, |s| {
                        scripted_deal_ratified(scen, s, secret)
                    })
                    .into_iter()
                    .collect::<Result<_, _>>()?,
                })
            };
            (
                Measure::Rate,
                "the signing side's home front ratified the same package",
                arm("signed in public, official table", false)?,
                arm("home-sensitive clauses secret, back channel", true)?,
            )
        }
        "privy" => {
            let arm = |label: &str, k: usize| Arm {
                label: label.into(),
                values: over_seeds(&seeds, threads, |s| {
                    scripted_channel_leaks(scen, s, Medium::FaceToFace, k, 6)
                }),
            };
            (
                Measure::Rate,
                "the secret channel leaked within six turns",
                arm("channel known to the two envoys", 0),
                arm("same channel, four groups briefed", 4),
            )
        }
        "medium" => {
            // The leakiest medium the scenario's era has (digital where it exists).
            let worst = scen.media().last().copied().unwrap_or(Medium::Digital);
            let arm = |label: &str, m: Medium| Arm {
                label: label.into(),
                values: over_seeds(&seeds, threads, |s| {
                    scripted_channel_leaks(scen, s, m, 0, 6)
                }),
            };
            (
                Measure::Rate,
                "the secret channel leaked within six turns",
                arm("meetings face to face", Medium::FaceToFace),
                arm(
                    &format!("{} traffic", crate::narrate::medium_name(worst)),
                    worst,
                ),
            )
        }
        "posturing" => (
            Measure::Rate,
            "games ending in war",
            policy_arm("adaptive", Policy::Adaptive, &war),
            policy_arm("escalates every turn", Policy::Escalate, &war),
        ),
        "delay" => (
            Measure::Mean,
            "delay and escalation costs the side paid (score parts)",
            policy_arm("adaptive", Policy::Adaptive, &costs),
            policy_arm("stalls until the last two turns", Policy::Stall, &costs),
        ),
        "briefing" => {
            // One factor: the same adaptive play on both arms, with the Brief action
            // taken out of the scenario in the first. Of the deals signed, how many
            // the side's own home front ratified (groups kept out resent it and vote
            // no; those briefed were heard).
            let ratified = |g: &Game| {
                g.outcome()
                    .filter(|o| o.kind == OutcomeKind::Agreement)
                    .map(|o| f64::from(u8::from(o.ratified_by.get(side).copied().unwrap_or(false))))
            };
            let mut closed = (**scen).clone();
            closed.rules.allowed_actions = ActionKind::ALL
                .into_iter()
                .filter(|k| *k != ActionKind::Brief && scen.allows(*k))
                .collect();
            let closed = Arc::new(closed);
            let c = vec![Controller::Ai(Policy::Adaptive); n];
            let arm = |label: &str, s: &Arc<Scenario>| Arm {
                label: label.into(),
                values: par_map(games as u64, threads, |slot, i| {
                    ratified(play(slot, s, seed + i, &c))
                })
                .into_iter()
                .flatten()
                .collect(),
            };
            (
                Measure::Rate,
                "signed deals the side's own home front ratified",
                arm("adaptive play, briefing not allowed", &closed),
                arm("adaptive play, key groups briefed", scen),
            )
        }
        "goodfaith" => {
            let arm = |label: &str, back: bool| -> Result<Arm, String> {
                Ok(Arm {
                    label: label.into(),
                    values: over_seeds(&seeds, threads, |s| scripted_type_read(scen, s, back))
                        .into_iter()
                        .collect::<Result<_, _>>()?,
                })
            };
            (
                Measure::Rate,
                "after three probes, the side reads the other's hidden type correctly",
                arm("probes at the official table", false)?,
                arm("probes over a new back channel", true)?,
            )
        }
        "venues" => {
            let arm = |label: &str, shop: bool| -> Result<Arm, String> {
                Ok(Arm {
                    label: label.into(),
                    values: over_seeds(&seeds, threads, |s| venue_trust(scen, s, shop))
                        .into_iter()
                        .collect::<Result<_, _>>()?,
                })
            };
            (
                Measure::Mean,
                "mean trust of the side's live channels at the end",
                arm("one go-between throughout", false)?,
                arm("talks moved to a second go-between two turns later", true)?,
            )
        }
        _ => unreachable!("names checked above"),
    };
    let (diff, low, high, stat) = match measure {
        Measure::Rate => {
            let x = |arm: &Arm| arm.values.iter().sum::<f64>();
            two_proportions(x(&a), a.values.len() as f64, x(&b), b.values.len() as f64)
        }
        Measure::Mean => bootstrap_means(&a.values, &b.values, 2000, seed ^ 0x5eed),
    };
    Ok(Effect {
        lesson,
        name: NAMES
            .iter()
            .find(|x| x.0 == name)
            .map(|x| x.0)
            .unwrap_or(""),
        claim,
        measure,
        what,
        a,
        b,
        diff,
        low,
        high,
        stat,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_proportions_match_a_hand_computation() {
        // 30/100 vs 45/100: diff 0.15, se = sqrt(.21/100 + .2475/100) = 0.06764.
        let (d, lo, hi, z) = two_proportions(30.0, 100.0, 45.0, 100.0);
        assert!((d - 0.15).abs() < 1e-12);
        assert!((hi - lo - 2.0 * 1.96 * 0.067639).abs() < 1e-4);
        // pooled p = .375, se0 = sqrt(.375 × .625 × .02) = 0.068465, z = 2.191
        assert!((z - 2.1909).abs() < 1e-3);
    }

    #[test]
    fn the_bootstrap_brackets_a_clear_difference_and_straddles_none() {
        let a: Vec<f64> = (0..200).map(|i| (i % 10) as f64 / 10.0).collect();
        let b: Vec<f64> = a.iter().map(|x| x + 0.2).collect();
        let (d, lo, hi, _) = bootstrap_means(&a, &b, 1000, 1);
        assert!((d - 0.2).abs() < 1e-9 && lo > 0.1 && hi < 0.3);
        let (_, lo, hi, _) = bootstrap_means(&a, &a, 1000, 2);
        assert!(lo < 0.0 && hi > 0.0);
    }

    #[test]
    fn power_asks_more_games_for_smaller_effects() {
        assert!(games_for(0.3, 0.1) > 3 * games_for(0.3, 0.2));
        assert!((300..=400).contains(&games_for(0.3, 0.1)));
    }
}
