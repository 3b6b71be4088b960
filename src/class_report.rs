//! `backchannel report`: many result files (see [`crate::results`]) into one class
//! debrief: a CSV for spreadsheets, a Markdown debrief, and SVG charts of outcomes,
//! channels, leaks and ratification, and scores by who played.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::results::GameResult;

/// Most result files one report reads (a course of a few hundred tables fits easily).
pub const MAX_FILES: usize = 10_000;

/// The results found, and a message for every file that was not one.
#[derive(Debug, Default)]
pub struct Collected {
    pub results: Vec<(PathBuf, GameResult)>,
    pub problems: Vec<String>,
}

/// Read result files: each path is a file, or a folder whose `.json` files are read
/// (not its subfolders). Files are taken in name order so reports are reproducible.
pub fn collect(paths: &[PathBuf]) -> Collected {
    let mut files = Vec::new();
    let mut out = Collected::default();
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(it) => {
                    let mut found: Vec<PathBuf> = it
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|f| f.extension().is_some_and(|x| x == "json") && f.is_file())
                        .collect();
                    found.sort();
                    files.extend(found);
                }
                Err(e) => out
                    .problems
                    .push(format!("{}: cannot read the folder: {e}", p.display())),
            }
        } else {
            files.push(p.clone());
        }
    }
    if files.len() > MAX_FILES {
        out.problems.push(format!(
            "{} files given; only the first {MAX_FILES} are read",
            files.len()
        ));
        files.truncate(MAX_FILES);
    }
    for f in files {
        match GameResult::read(&f) {
            Ok(r) => out.results.push((f, r)),
            Err(e) => out.problems.push(e),
        }
    }
    out
}

/// How a game ended, in the words of the report (one of [`ENDINGS`]).
pub fn ending(r: &GameResult) -> &'static str {
    match r.outcome.kind.as_str() {
        _ if !r.finished => "unfinished",
        "agreement" if r.outcome.ratified => "deal ratified",
        "agreement" => "deal not ratified",
        "war" => FAILURE,
        "endless_game" => "endless game",
        _ => "no agreement",
    }
}

/// The ending of a game that reached the last rung of its ladder; each game's own
/// name for it ("Nuclear war", "Collapse of the process") is in its result.
pub const FAILURE: &str = "war or collapse";

/// Every ending, in the order charts and tables show them.
pub const ENDINGS: [&str; 6] = [
    "deal ratified",
    "deal not ratified",
    "no agreement",
    "endless game",
    FAILURE,
    "unfinished",
];

/// One row per game and party: who played, how it ended, the score by part.
pub fn csv(results: &[(PathBuf, GameResult)]) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "file",
        "code",
        "table",
        "scenario",
        "seed_code",
        "party",
        "controller",
        "player",
        "ending",
        "turns",
        "leaks",
        "secret_exposed",
        "back_channels",
        "deal",
        "delay_cost",
        "escalation_cost",
        "war",
        "credibility",
        "support",
        "accountability",
        "total",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for (path, r) in results {
        let back = r.channels.iter().filter(|c| c.kind != "official").count();
        for p in &r.players {
            let s = r.score.get(&p.party);
            let num = |f: fn(&crate::sim::outcome::Score) -> f64| {
                s.map(|s| format!("{:.3}", f(s))).unwrap_or_default()
            };
            let row = [
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                r.code.clone().unwrap_or_default(),
                r.table.clone().unwrap_or_default(),
                r.scenario.clone(),
                r.seed_code.clone(),
                p.party.clone(),
                p.controller.clone(),
                p.name.clone().unwrap_or_default(),
                ending(r).into(),
                r.turns.to_string(),
                r.leaks.len().to_string(),
                r.outcome.secret_exposed.to_string(),
                back.to_string(),
                num(|s| s.deal),
                num(|s| s.delay_cost),
                num(|s| s.escalation_cost),
                num(|s| s.war),
                num(|s| s.credibility),
                num(|s| s.support),
                num(|s| s.accountability),
                num(|s| s.total),
            ];
            w.write_record(&row).map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Figures the charts and the Markdown share.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub games: usize,
    /// Games by ending, in [`ENDINGS`] order.
    pub endings: Vec<(&'static str, usize)>,
    /// Channels by kind across all games, and how many of them leaked.
    pub channels: Vec<(String, usize, usize)>,
    /// Share of games with a leak, with the secret exposed, and of deals not ratified.
    pub leaked: f64,
    pub exposed: f64,
    pub failed_ratification: Option<f64>,
    /// Mean total score by party and controller (`usa · human`), with the games.
    pub scores: Vec<(String, f64, usize)>,
}

pub fn summarise(results: &[(PathBuf, GameResult)]) -> Summary {
    let games = results.len();
    let endings = ENDINGS
        .iter()
        .map(|e| (*e, results.iter().filter(|(_, r)| ending(r) == *e).count()))
        .collect();
    let mut channels: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (_, r) in results {
        for c in &r.channels {
            let e = channels.entry(c.kind.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(c.leaked);
        }
    }
    let share = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let deals = results
        .iter()
        .filter(|(_, r)| r.outcome.kind == "agreement")
        .count();
    let unratified = results
        .iter()
        .filter(|(_, r)| ending(r) == "deal not ratified")
        .count();
    let mut scores: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for (_, r) in results {
        for p in &r.players {
            if let Some(s) = r.score.get(&p.party) {
                let e = scores
                    .entry(format!("{} · {}", p.party, p.controller))
                    .or_default();
                e.0 += s.total;
                e.1 += 1;
            }
        }
    }
    Summary {
        games,
        endings,
        channels: channels.into_iter().map(|(k, (n, l))| (k, n, l)).collect(),
        leaked: share(
            results.iter().filter(|(_, r)| !r.leaks.is_empty()).count(),
            games,
        ),
        exposed: share(
            results
                .iter()
                .filter(|(_, r)| r.outcome.secret_exposed)
                .count(),
            games,
        ),
        failed_ratification: (deals > 0).then(|| share(unratified, deals)),
        scores: scores
            .into_iter()
            .map(|(k, (sum, n))| (k, sum / n as f64, n))
            .collect(),
    }
}

/// A bar chart as SVG text. `percent` draws the values (0–1) as percentages.
pub fn bar_chart(title: &str, bars: &[(String, f64)], percent: bool) -> Result<String, String> {
    let bars: Vec<Bar> = bars
        .iter()
        .map(|(label, value)| Bar {
            label: label.clone(),
            value: *value,
            interval: None,
        })
        .collect();
    panels(&[(title.to_string(), bars)], percent)
}

/// One bar: its label, its value and, if known, the half-width of its 95 % interval.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub interval: Option<f64>,
}

/// Bar charts stacked one above the other in one SVG, each with its title; bars with an
/// interval get a whisker.
pub fn panels(charts: &[(String, Vec<Bar>)], percent: bool) -> Result<String, String> {
    register_font();
    let mut svg = String::new();
    {
        let height = 400 * charts.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (720, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let areas = root.split_evenly((charts.len().max(1), 1));
        for ((title, bars), area) in charts.iter().zip(areas) {
            draw_bars(&area, title, bars, percent)?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

fn draw_bars(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    bars: &[Bar],
    percent: bool,
) -> Result<(), String> {
    let reach = |b: &Bar, sign: f64| b.value + sign * b.interval.unwrap_or(0.0);
    let top = bars.iter().map(|b| reach(b, 1.0)).fold(0.0f64, f64::max);
    let low = bars.iter().map(|b| reach(b, -1.0)).fold(0.0f64, f64::min);
    let (low, top) = if percent {
        (0.0, 1.0)
    } else {
        (low.min(0.0) * 1.15, (top * 1.15).max(1e-9))
    };
    // A segmented range shows one segment per value, its end included.
    let last = bars.len().saturating_sub(1) as u32;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 22))
        .margin(16)
        .x_label_area_size(56)
        .y_label_area_size(56)
        .build_cartesian_2d((0u32..last).into_segmented(), low..top)
        .map_err(|e| e.to_string())?;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(bars.len().max(1))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_formatter(&|y| {
            if percent {
                format!("{:.0}%", y * 100.0)
            } else {
                format!("{y:.2}")
            }
        })
        .light_line_style(WHITE)
        .label_style(("sans-serif", 14))
        .draw()
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(
            Histogram::vertical(&chart)
                .style(RGBColor(46, 94, 150).filled())
                .margin(18)
                .data(bars.iter().enumerate().map(|(i, b)| (i as u32, b.value))),
        )
        .map_err(|e| e.to_string())?;
    // The 95 % interval as a whisker through the bar's top.
    chart
        .draw_series(bars.iter().enumerate().filter_map(|(i, b)| {
            let ci = b.interval?;
            let x = SegmentValue::CenterOf(i as u32);
            Some(PathElement::new(
                vec![(x.clone(), b.value - ci), (x, b.value + ci)],
                ShapeStyle::from(&BLACK).stroke_width(2),
            ))
        }))
        .map_err(|e| e.to_string())?;
    // Each bar's value above it (above its whisker), so the chart reads without the axis.
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            let label = if percent {
                format!("{:.0}%", b.value * 100.0)
            } else if b.value.fract() == 0.0 {
                format!("{:.0}", b.value)
            } else {
                format!("{:.2}", b.value)
            };
            Text::new(
                label,
                (
                    SegmentValue::CenterOf(i as u32),
                    (b.value + b.interval.unwrap_or(0.0)).max(0.0),
                ),
                ("sans-serif", 15)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .map_err(|e| e.to_string())?;
    Ok(())
}

fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is compiled in and known to parse; a failure would only lose labels.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, crate::FONT_BYTES);
    });
}

/// The charts of a summary: file name and SVG text.
pub fn charts(s: &Summary) -> Result<Vec<(&'static str, String)>, String> {
    let endings: Vec<(String, f64)> = s
        .endings
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(e, n)| (e.to_string(), *n as f64))
        .collect();
    let channels: Vec<(String, f64)> = s
        .channels
        .iter()
        .map(|(k, n, _)| (k.clone(), *n as f64 / s.games.max(1) as f64))
        .collect();
    let mut risks = vec![
        ("a channel leaked".to_string(), s.leaked),
        ("secret exposed".to_string(), s.exposed),
    ];
    if let Some(f) = s.failed_ratification {
        risks.push(("deal not ratified".to_string(), f));
    }
    let scores: Vec<(String, f64)> = s.scores.iter().map(|(k, v, _)| (k.clone(), *v)).collect();
    Ok(vec![
        (
            "outcomes.svg",
            bar_chart("How the games ended (games)", &endings, false)?,
        ),
        (
            "channels.svg",
            bar_chart("Channels used, by kind (per game)", &channels, false)?,
        ),
        (
            "leaks.svg",
            bar_chart(
                "Leaks and ratification (share of games; of deals)",
                &risks,
                true,
            )?,
        ),
        (
            "scores.svg",
            bar_chart("Mean score by side and who played it", &scores, false)?,
        ),
    ])
}

fn pct(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// The class debrief as Markdown: figures, charts, then every table's game with its
/// transcript, private entries revealed and marked.
pub fn markdown(results: &[(PathBuf, GameResult)], s: &Summary) -> String {
    let mut md = String::from("# Class debrief\n\n");
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for (_, r) in results {
        *codes
            .entry(r.code.clone().unwrap_or_else(|| "(no code)".into()))
            .or_default() += 1;
    }
    md.push_str(&format!(
        "{} game(s): {}.\n\n",
        s.games,
        codes
            .iter()
            .map(|(c, n)| format!("`{c}` × {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    md.push_str("## How the games ended\n\n![How the games ended](outcomes.svg)\n\n| ending | games |\n|---|---|\n");
    for (e, n) in &s.endings {
        md.push_str(&format!("| {e} | {n} |\n"));
    }
    md.push_str("\n## Channels, leaks and ratification\n\n![Channels used](channels.svg)\n\n| kind | channels | leaked |\n|---|---|---|\n");
    for (k, n, l) in &s.channels {
        md.push_str(&format!("| {k} | {n} | {l} |\n"));
    }
    md.push_str(&format!(
        "\n![Leaks and ratification](leaks.svg)\n\nA channel leaked in {} of games; a secret was exposed in {}; {}.\n",
        pct(s.leaked),
        pct(s.exposed),
        match s.failed_ratification {
            Some(f) => format!("{} of the deals agreed were not ratified", pct(f)),
            None => "no deal was agreed".into(),
        }
    ));
    md.push_str("\n## Scores by side and who played it\n\n![Scores](scores.svg)\n\n| side · player | mean score | games |\n|---|---|---|\n");
    for (k, v, n) in &s.scores {
        md.push_str(&format!("| {k} | {v:.2} | {n} |\n"));
    }
    md.push_str("\n## Table by table\n");
    for (path, r) in results {
        let who = r
            .players
            .iter()
            .map(|p| match &p.name {
                Some(n) => format!("{} ({n})", p.party_name),
                None => format!("{} ({})", p.party_name, p.controller),
            })
            .collect::<Vec<_>>()
            .join(" vs ");
        md.push_str(&format!(
            "\n### {} — {}\n\n`{}` · {} · {} after {} turn(s); {} leak(s)\n",
            r.table.clone().unwrap_or_else(|| {
                path.file_stem()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            who,
            r.code.clone().unwrap_or_else(|| r.seed_code.clone()),
            r.scenario_title,
            if r.outcome.kind == "war" && !r.outcome.name.is_empty() {
                r.outcome.name.as_str()
            } else {
                ending(r)
            },
            r.turns,
            r.leaks.len()
        ));
        for c in &r.outcome.deal {
            md.push_str(&format!("- {c}\n"));
        }
        md.push_str("\n<details><summary>Transcript, both sides</summary>\n\n");
        for e in r
            .transcript
            .iter()
            .filter(|e| e.kind != crate::narrate::EntryKind::Draw)
        {
            let private = if e.private {
                format!(" *(private to {})*", e.party.clone().unwrap_or_default())
            } else {
                String::new()
            };
            md.push_str(&format!("- T{}{private}: {}\n", e.turn, e.text));
        }
        md.push_str("\n</details>\n");
    }
    md
}

/// Write the CSV, the Markdown and the charts of `results` (summarised in `s`) into
/// `dir`; returns the files written.
pub fn write(
    dir: &Path,
    results: &[(PathBuf, GameResult)],
    s: &Summary,
) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<(String, String)> = vec![
        ("results.csv".into(), csv(results)?),
        ("debrief.md".into(), markdown(results, s)),
    ];
    files.extend(charts(s)?.into_iter().map(|(n, t)| (n.to_string(), t)));
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        crate::files::write_atomic(&path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Policy;
    use crate::game::{Controller, Game};

    fn results() -> Vec<(PathBuf, GameResult)> {
        let scen = crate::bundled::resolve("cuba_1962").unwrap();
        (0..6)
            .map(|seed| {
                let policy = if seed % 2 == 0 {
                    Policy::Adaptive
                } else {
                    Policy::Escalate
                };
                let mut g = Game::new(
                    scen.clone(),
                    seed,
                    &[Controller::Ai(policy), Controller::Ai(Policy::Adaptive)],
                );
                g.play_out();
                let r = GameResult::of(&g, &[], Some(&format!("table {seed}")));
                (PathBuf::from(format!("t{seed}.json")), r)
            })
            .collect()
    }

    #[test]
    fn the_report_counts_every_game_once_and_charts_them() {
        let rs = results();
        let s = summarise(&rs);
        assert_eq!(s.games, 6);
        assert_eq!(s.endings.iter().map(|e| e.1).sum::<usize>(), 6);
        // Two kinds of player on the US side, each over three games.
        let usa: Vec<_> = s.scores.iter().filter(|x| x.0.starts_with("usa")).collect();
        assert_eq!(usa.len(), 2);
        assert!(usa.iter().all(|x| x.2 == 3));
        let table = csv(&rs).unwrap();
        assert_eq!(table.lines().count(), 1 + 6 * 2);
        assert!(
            table
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("t0.json,CUBA1962-AAAAAA-AA,table 0,")
        );
        let md = markdown(&rs, &s);
        assert_eq!(md.matches("\n### ").count(), 6);
        for (name, svg) in charts(&s).unwrap() {
            assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{name}");
            assert!(md.contains(name), "{name} not linked from the debrief");
        }
        // The chart's labels are drawn as text.
        let outcomes = bar_chart("t", &[("deal ratified".into(), 3.0)], false).unwrap();
        assert!(outcomes.contains("deal ratified"));
    }

    #[test]
    fn files_that_are_not_results_are_named_and_skipped() {
        let dir = std::env::temp_dir().join(format!("bc-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (_, r) = results().remove(0);
        r.write_in(&dir).unwrap();
        std::fs::write(dir.join("notes.json"), "{\"x\": 1}").unwrap();
        std::fs::write(dir.join("readme.txt"), "ignored").unwrap();
        let got = collect(std::slice::from_ref(&dir));
        assert_eq!(got.results.len(), 1);
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].contains("notes.json"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
