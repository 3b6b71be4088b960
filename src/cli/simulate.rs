//! `backchannel simulate`: many seeded games, summarised.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::Instant;

use serde::Serialize;

use backchannel::ai::Policy;
use backchannel::batch::{GameSummary, SidePolicy, play_many};
use backchannel::bundled;
use backchannel::scenario::Scenario;
use backchannel::sim::outcome::OutcomeKind;

use super::SimulateArgs;

/// The summary printed by `simulate --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub games: u64,
    pub seed: u64,
    pub policies: BTreeMap<String, String>,
    pub outcomes: BTreeMap<String, u64>,
    pub implementation: BTreeMap<String, u64>,
    pub mean_turns: f64,
    /// Median turn on which agreements were signed (0 when none was).
    pub median_agreement_turn: f64,
    pub leak_rate: f64,
    pub ratification_rate: f64,
    pub mean_score: BTreeMap<String, f64>,
    pub games_per_second: f64,
}

/// Parse `--policy` values into one policy per party.
pub fn parse_policies(scen: &Scenario, specs: &[String]) -> Result<Vec<SidePolicy>, String> {
    let parse = |s: &str| -> Result<SidePolicy, String> {
        if s == "historical" {
            if scen.historical.is_none() {
                return Err(format!("scenario \"{}\" has no historical path", scen.id));
            }
            Ok(SidePolicy::Historical)
        } else {
            s.parse::<Policy>()
                .map(SidePolicy::Policy)
                .map_err(|e| format!("{e}, historical"))
        }
    };
    let mut out = vec![SidePolicy::Policy(Policy::Adaptive); scen.parties.len()];
    for spec in specs {
        match spec.split_once('=') {
            Some((party, policy)) => {
                let p = scen
                    .party_index(party)
                    .ok_or_else(|| format!("unknown party \"{party}\" in --policy {spec}"))?;
                out[p] = parse(policy)?;
            }
            None => {
                let pol = parse(spec)?;
                out.iter_mut().for_each(|o| *o = pol);
            }
        }
    }
    Ok(out)
}

/// Aggregate game results into a summary.
pub fn summarise(
    scen: &Scenario,
    seed: u64,
    sides: &[SidePolicy],
    results: &[GameSummary],
    seconds: f64,
) -> Summary {
    let n = results.len().max(1) as f64;
    let mut outcomes = BTreeMap::new();
    for k in ["agreement", "no_agreement", "war", "endless_game"] {
        outcomes.insert(k.to_string(), 0);
    }
    let mut implementation = BTreeMap::new();
    for r in results {
        *outcomes
            .entry(backchannel::narrate::outcome_code(Some(r.kind)).to_string())
            .or_insert(0) += 1;
        if let Some(i) = r.implementation {
            *implementation
                .entry(format!("{i:?}").to_lowercase())
                .or_insert(0) += 1;
        }
    }
    let mean_score = scen
        .parties
        .iter()
        .enumerate()
        .map(|(p, party)| {
            let m = results
                .iter()
                .map(|r| r.scores.get(p).copied().unwrap_or(0.0))
                .sum::<f64>()
                / n;
            (party.id.clone(), (m * 10_000.0).round() / 10_000.0)
        })
        .collect();
    Summary {
        scenario: scen.id.clone(),
        games: results.len() as u64,
        seed,
        policies: scen
            .parties
            .iter()
            .zip(sides)
            .map(|(p, s)| {
                (
                    p.id.clone(),
                    match s {
                        SidePolicy::Policy(p) => p.name().to_string(),
                        SidePolicy::Historical => "historical".into(),
                    },
                )
            })
            .collect(),
        outcomes,
        implementation,
        mean_turns: results.iter().map(|r| r.turns as f64).sum::<f64>() / n,
        median_agreement_turn: median(
            results
                .iter()
                .filter(|r| r.kind == OutcomeKind::Agreement)
                .map(|r| r.turns as f64)
                .collect(),
        ),
        leak_rate: results.iter().filter(|r| r.leaked).count() as f64 / n,
        ratification_rate: results.iter().filter(|r| r.ratified).count() as f64 / n,
        mean_score,
        games_per_second: if seconds > 0.0 {
            (results.len() as f64 / seconds).round()
        } else {
            0.0
        },
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

pub fn run(args: &SimulateArgs) -> ExitCode {
    let scen = match bundled::resolve(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let sides = match parse_policies(&scen, &args.policies) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if args.games == 0 || args.games > 10_000_000 {
        eprintln!("error: --games must be from 1 to 10000000");
        return ExitCode::from(2);
    }
    let threads = args.threads.unwrap_or_else(backchannel::batch::all_cores);
    let start = Instant::now();
    let results = play_many(&scen, args.seed, args.games, &sides, threads);
    let seconds = start.elapsed().as_secs_f64();
    let s = summarise(&scen, args.seed, &sides, &results, seconds);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&s).expect("summary serialises")
        );
    } else {
        println!(
            "{} — {} games from seed {} ({} thread(s))",
            scen.title, s.games, s.seed, threads
        );
        for (p, pol) in &s.policies {
            println!("  {p:<10} plays {pol}");
        }
        println!("\n  {:<14} {:>7} {:>7}", "outcome", "games", "share");
        for (k, v) in &s.outcomes {
            let k = if k == "war" {
                format!("war ({})", scen.failure_name())
            } else {
                k.clone()
            };
            println!(
                "  {:<14} {:>7} {:>6.1}%",
                k,
                v,
                *v as f64 * 100.0 / s.games as f64
            );
        }
        if !s.implementation.is_empty() {
            println!("\n  implementation of ratified deals:");
            for (k, v) in &s.implementation {
                println!("  {:<14} {:>7}", k, v);
            }
        }
        println!("\n  mean turns         {:>8.2}", s.mean_turns);
        println!(
            "  median deal turn   {:>8.1} of {}",
            s.median_agreement_turn, scen.deadline
        );
        println!("  games with a leak  {:>7.1}%", s.leak_rate * 100.0);
        println!("  ratified           {:>7.1}%", s.ratification_rate * 100.0);
        for (p, m) in &s.mean_score {
            println!("  mean score {p:<8}{m:>8.3}");
        }
        println!(
            "  throughput         {:>8.0} games/s on {threads} thread(s)",
            s.games_per_second
        );
    }
    ExitCode::SUCCESS
}
