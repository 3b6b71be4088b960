//! Is a scenario worth playing? Every built-in policy of each playable side against
//! the computer over many seeds, the historical path, and the zone of agreement.
//! `backchannel balance` prints it; tests check the bundled scenarios with it.

use std::sync::Arc;

use serde::Serialize;

use crate::ai::Policy;
use crate::ai::offering::{Margins, Zone, margins, zone_of_agreement};
use crate::batch::{GameSummary, SidePolicy, play_many};
use crate::scenario::Scenario;
use crate::scenario::schema::ActionDef;
use crate::sim::outcome::{Implementation, OutcomeKind};
use crate::{Controller, Game};

/// One line of the table: a side playing a policy against the computer.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub side: String,
    pub policy: String,
    pub games: u64,
    pub agreement: f64,
    pub no_agreement: f64,
    pub war: f64,
    pub endless_game: f64,
    /// The side's mean score, with the half-width of its 95 % interval.
    pub score: f64,
    pub score_ci: f64,
    pub leak_rate: f64,
    pub ratification_rate: f64,
    /// Of the ratified deals, the share still durable after the epilogue.
    pub durable_rate: f64,
    pub mean_turns: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub scenario: String,
    pub games_per_row: u64,
    pub seed: u64,
    pub rows: Vec<Row>,
    /// Per side: a policy that beats every other for it (95 % intervals apart), if any.
    pub dominant: Vec<(String, Option<String>)>,
    pub zone: Zone,
    /// Where the historical deal (the path's last offer) sits, if there is one.
    pub historical_deal: Option<Margins>,
}

fn row(scen: &Scenario, side: usize, policy: &str, results: &[GameSummary]) -> Row {
    let n = results.len().max(1) as f64;
    let share = |k: OutcomeKind| results.iter().filter(|r| r.kind == k).count() as f64 / n;
    let scores: Vec<f64> = results.iter().map(|r| r.scores[side]).collect();
    let mean = scores.iter().sum::<f64>() / n;
    let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    let ratified = results.iter().filter(|r| r.ratified).count();
    let durable = results
        .iter()
        .filter(|r| r.ratified && r.implementation == Some(Implementation::Durable))
        .count();
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    Row {
        side: scen.parties[side].id.clone(),
        policy: policy.to_string(),
        games: results.len() as u64,
        agreement: round(share(OutcomeKind::Agreement)),
        no_agreement: round(share(OutcomeKind::NoAgreement)),
        war: round(share(OutcomeKind::War)),
        endless_game: round(share(OutcomeKind::EndlessGame)),
        score: round(mean),
        score_ci: round(1.96 * (var / n).sqrt()),
        leak_rate: round(results.iter().filter(|r| r.leaked).count() as f64 / n),
        ratification_rate: round(ratified as f64 / n),
        durable_rate: round(durable as f64 / ratified.max(1) as f64),
        mean_turns: round(results.iter().map(|r| f64::from(r.turns)).sum::<f64>() / n),
    }
}

/// The policy whose score interval lies above every other policy's, for one side.
pub fn dominant(rows: &[Row], side: &str) -> Option<String> {
    let mine: Vec<&Row> = rows
        .iter()
        .filter(|r| r.side == side && r.policy != "historical")
        .collect();
    let best = mine.iter().max_by(|a, b| a.score.total_cmp(&b.score))?;
    mine.iter()
        .filter(|r| r.policy != best.policy)
        .all(|r| best.score - best.score_ci > r.score + r.score_ci)
        .then(|| best.policy.clone())
}

/// The package of the historical path's last offer, if it has one.
fn historical_package(scen: &Scenario) -> Option<Vec<usize>> {
    let h = scen.historical.as_ref()?;
    let clauses = h.actions.iter().rev().find_map(|a| match &a.action {
        ActionDef::Offer { clauses, .. } => Some(clauses),
        _ => None,
    })?;
    // Issues the offer leaves out count at the first option.
    let mut pkg = vec![0; scen.issues.len()];
    for c in clauses {
        let i = scen.issue_index(&c.issue)?;
        pkg[i] = scen.option_index(i, &c.option)?;
    }
    Some(pkg)
}

/// Play every built-in policy of each playable side against the computer (`ai`), and
/// the historical path, `games` seeds each; `progress` hears how many games were done.
pub fn compute(
    scen: &Arc<Scenario>,
    games: u64,
    seed: u64,
    threads: usize,
    mut progress: impl FnMut(u64),
) -> Balance {
    let sides = playable(scen);
    let mut rows = Vec::new();
    let batch = 200u64;
    for (side, name, who) in plan(scen) {
        let mut results = Vec::with_capacity(games as usize);
        let mut done = 0;
        while done < games {
            let n = batch.min(games - done);
            results.extend(play_many(scen, seed + done, n, &who, threads));
            done += n;
            progress(n);
        }
        rows.push(row(scen, side, &name, &results));
    }
    let start = Game::new(
        scen.clone(),
        seed,
        &vec![Controller::Ai(Policy::Adaptive); scen.parties.len()],
    );
    Balance {
        scenario: scen.id.clone(),
        games_per_row: games,
        seed,
        dominant: sides
            .iter()
            .map(|&s| {
                let id = scen.parties[s].id.clone();
                let d = dominant(&rows, &id);
                (id, d)
            })
            .collect(),
        rows,
        zone: zone_of_agreement(start.world()),
        historical_deal: historical_package(scen).map(|pkg| margins(start.world(), &pkg)),
    }
}

/// The parties a person may lead: the sides `balance` plays each policy for.
fn playable(scen: &Scenario) -> Vec<usize> {
    (0..scen.parties.len())
        .filter(|&p| scen.parties[p].playable)
        .collect()
}

/// The rows to play: (side, policy name, who plays each party).
pub fn plan(scen: &Scenario) -> Vec<(usize, String, Vec<SidePolicy>)> {
    let sides = playable(scen);
    let mut plan = Vec::new();
    for &side in &sides {
        for p in Policy::ALL {
            let mut who = vec![SidePolicy::Policy(Policy::Adaptive); scen.parties.len()];
            who[side] = SidePolicy::Policy(p);
            plan.push((side, p.name().to_string(), who));
        }
    }
    if scen.historical.is_some() {
        for &side in &sides {
            plan.push((
                side,
                "historical".into(),
                vec![SidePolicy::Historical; scen.parties.len()],
            ));
        }
    }
    plan
}

/// The table as CSV, one line per row.
pub fn csv(b: &Balance) -> String {
    let mut out = String::from(
        "scenario,side,policy,games,agreement,no_agreement,war,endless_game,score,score_ci95,leak_rate,ratification_rate,durable_rate,mean_turns\n",
    );
    for r in &b.rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
            b.scenario,
            r.side,
            r.policy,
            r.games,
            r.agreement,
            r.no_agreement,
            r.war,
            r.endless_game,
            r.score,
            r.score_ci,
            r.leak_rate,
            r.ratification_rate,
            r.durable_rate,
            r.mean_turns
        ));
    }
    out
}

/// The balance as a chart (SVG): one panel per side, each policy's mean score as a bar
/// with its 95 % interval.
pub fn chart(b: &Balance, scen: &Scenario) -> Result<String, String> {
    let panels: Vec<(String, Vec<crate::class_report::Bar>)> = b
        .dominant
        .iter()
        .map(|(side, _)| {
            let bars = b
                .rows
                .iter()
                .filter(|r| &r.side == side)
                .map(|r| crate::class_report::Bar {
                    label: r.policy.clone(),
                    value: r.score,
                    interval: Some(r.score_ci),
                })
                .collect();
            let name = scen
                .party_index(side)
                .map_or(side.as_str(), |p| scen.parties[p].name.as_str());
            (
                format!("{name}: mean score by policy (95 % interval)"),
                bars,
            )
        })
        .collect();
    crate::class_report::panels(&panels, false)
}
