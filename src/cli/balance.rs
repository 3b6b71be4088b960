//! `backchannel balance`: the table of [`backchannel::balance`], with a progress bar,
//! as text, JSON or CSV.

use std::process::ExitCode;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use backchannel::balance::{Balance, compute, csv, plan};
use backchannel::bundled;
use backchannel::scenario::Scenario;

use super::BalanceArgs;

pub fn run(args: &BalanceArgs) -> ExitCode {
    let scen = match bundled::resolve(&args.scenario) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    if !(10..=1_000_000).contains(&args.games) {
        eprintln!("error: --games must be from 10 to 1000000");
        return ExitCode::from(2);
    }
    let threads = args.threads.unwrap_or_else(backchannel::batch::all_cores);
    let bar = ProgressBar::new(plan(&scen).len() as u64 * args.games);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} games, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if args.json {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let start = std::time::Instant::now();
    let balance = compute(&scen, args.games, args.seed, threads, |n| bar.inc(n));
    let (games, seconds) = (bar.position(), start.elapsed().as_secs_f64());
    bar.finish_and_clear();
    if let Some(path) = &args.csv
        && let Err(e) = backchannel::files::write_atomic(path, csv(&balance).as_bytes())
    {
        eprintln!("error: {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    if let Some(path) = &args.chart {
        let written = backchannel::balance::chart(&balance, &scen).and_then(|svg| {
            backchannel::files::write_atomic(path, svg.as_bytes()).map_err(|e| e.to_string())
        });
        if let Err(e) = written {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&balance).expect("the balance serialises")
        );
    } else {
        print_table(&scen, &balance, threads);
        println!(
            "\n{games} games in {seconds:.1} s: {:.0} games/s on {threads} thread(s)",
            games as f64 / seconds.max(1e-9)
        );
    }
    ExitCode::SUCCESS
}

fn print_table(scen: &Arc<Scenario>, b: &Balance, threads: usize) {
    let pct = |x: f64| format!("{:>5.1}", x * 100.0);
    println!(
        "{} — {} games per row from seed {} ({} thread(s)); the other side plays `ai`",
        scen.title, b.games_per_row, b.seed, threads
    );
    println!("fail% counts games ending in: {}", scen.failure_name());
    println!(
        "\n{:<10} {:<10} {:>6} {:>6} {:>6} {:>6}  {:>15} {:>6} {:>6} {:>6} {:>6}",
        "side",
        "policy",
        "agree%",
        "none%",
        "fail%",
        "endls%",
        "score (95% CI)",
        "leak%",
        "ratif%",
        "durbl%",
        "turns"
    );
    for r in &b.rows {
        println!(
            "{:<10} {:<10} {} {} {} {}  {:>7.3} ± {:<5.3} {} {} {} {:>6.1}",
            r.side,
            r.policy,
            pct(r.agreement),
            pct(r.no_agreement),
            pct(r.war),
            pct(r.endless_game),
            r.score,
            r.score_ci,
            pct(r.leak_rate),
            pct(r.ratification_rate),
            pct(r.durable_rate),
            r.mean_turns
        );
    }
    println!();
    for (side, d) in &b.dominant {
        match d {
            Some(p) => println!(
                "{side}: `{p}` beats every other policy (95 % intervals apart): the scenario rewards one way of playing"
            ),
            None => println!("{side}: no dominant policy"),
        }
    }
    println!(
        "\nZone of agreement: {} of {} packages{} both sides would take and both home fronts would ratify (every clause public).",
        b.zone.in_zone,
        b.zone.weighed,
        if b.zone.weighed as u64 == b.zone.packages {
            String::new()
        } else {
            format!(" weighed (of {})", b.zone.packages)
        }
    );
    if let Some(m) = &b.historical_deal {
        let parts: Vec<String> = m
            .parties
            .iter()
            .map(|(p, x)| format!("{p} {x:+.2}"))
            .collect();
        println!(
            "The historical deal, over each side's reservation: {}; ratified at home: {}.",
            parts.join(", "),
            m.ratified
                .iter()
                .map(|(p, ok)| format!("{p} {}", if *ok { "yes" } else { "no" }))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let holders: Vec<String> = m
            .stakeholders
            .iter()
            .map(|(h, x)| format!("{h} {x:+.2}"))
            .collect();
        println!(
            "Each group's margin for it, all clauses public (stance less its bar): {}",
            holders.join(", ")
        );
    }
}
