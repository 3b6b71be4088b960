//! The JSON report of a game (`play --json`), documented in docs/report-json.md.
//!
//! A report is written when a game is over, so it is the debrief's omniscient record:
//! its transcript holds both sides' private entries (each marked `private`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::debrief::{PlayerDebrief, ideas};
use crate::game::Game;
use crate::narrate::{self, Entry, EntryKind};
use crate::sim::components::LeakLevel;
use crate::sim::outcome::{Implementation, Score};

/// Version of the report format; bump it when a field changes meaning.
pub const REPORT_VERSION: u32 = 2;

/// Everything a debrief or an instructor's spreadsheet needs about one game.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub format_version: u32,
    pub scenario: String,
    pub scenario_title: String,
    pub seed: u64,
    pub side: Option<String>,
    pub turns: u32,
    pub outcome: OutcomeJson,
    pub score: BTreeMap<String, Score>,
    pub leaks: Vec<LeakJson>,
    pub transcript: Vec<Entry>,
    /// What the side did and what it cost (only when a side is given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub debrief: Option<PlayerDebrief>,
}

/// The outcome part of a report.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct OutcomeJson {
    /// `agreement`, `no_agreement`, `war`, `endless_game`, or `unfinished`.
    pub kind: String,
    /// The outcome in words: "Agreement", "Endless game", or the scenario's name for
    /// its failure ("Nuclear war", "Collapse of the process").
    #[serde(default)]
    pub name: String,
    pub ratified: bool,
    pub implementation: Option<Implementation>,
    pub secret_exposed: bool,
    pub secret_exposed_later: bool,
    pub deal: Vec<String>,
}

/// A leak that happened, for people and spreadsheets.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct LeakJson {
    pub turn: u32,
    pub channel: String,
    pub level: LeakLevel,
    /// Who let it slip ("a staff member", a person's name, or "bulk digital leak").
    pub source: String,
    pub bulk: bool,
}

impl Report {
    pub fn from_game(game: &Game, side: Option<usize>) -> Self {
        let scen = game.scenario();
        let chron = game.chronicle();
        let outcome = game.outcome();
        Report {
            format_version: REPORT_VERSION,
            scenario: scen.id.clone(),
            scenario_title: scen.title.clone(),
            seed: game.seed(),
            side: side.and_then(|s| scen.parties.get(s)).map(|p| p.id.clone()),
            turns: outcome.map(|o| o.turn).unwrap_or_else(|| game.turn()),
            outcome: OutcomeJson {
                kind: narrate::outcome_code(outcome.map(|o| o.kind)).to_string(),
                name: narrate::outcome_name(scen, outcome.map(|o| o.kind)),
                ratified: outcome.is_some_and(|o| o.ratified),
                implementation: outcome.and_then(|o| o.implementation),
                secret_exposed: outcome.is_some_and(|o| o.secret_exposed),
                secret_exposed_later: outcome.is_some_and(|o| o.secret_exposed_later),
                deal: outcome
                    .map(|o| o.deal.iter().map(|c| narrate::clause(scen, c)).collect())
                    .unwrap_or_default(),
            },
            score: outcome
                .map(|o| {
                    o.scores
                        .iter()
                        .map(|s| (s.party.clone(), s.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            leaks: chron
                .leaks()
                .map(|l| LeakJson {
                    turn: l.turn,
                    channel: chron.channel_id(l.channel).to_string(),
                    level: l.level,
                    source: narrate::leak_source(scen, &l.source),
                    bulk: l.source == crate::sim::events::LeakSource::Bulk,
                })
                .collect(),
            transcript: narrate::transcript(scen, chron, None),
            debrief: side.map(|s| PlayerDebrief::of(game, s)),
        }
    }

    /// The report as pretty JSON (stable field order, so identical games give identical bytes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("reports contain only serialisable data")
    }
}

/// The debrief as Markdown: outcome, score by part, ideas, history and transcript.
pub fn markdown(game: &Game, side: Option<usize>) -> String {
    let sc = game.scenario();
    let r = Report::from_game(game, side);
    let mut md = format!(
        "# Debrief: {}\n\nSeed {} · side {}\n\n",
        sc.title,
        r.seed,
        r.side.clone().unwrap_or_default()
    );
    md.push_str(&format!(
        "**Outcome:** {} after {} turns; ratified: {}; implementation: {}\n\n",
        r.outcome.name,
        r.turns,
        r.outcome.ratified,
        r.outcome
            .implementation
            .map(|i| format!("{i:?}").to_lowercase())
            .unwrap_or_else(|| "—".into())
    ));
    for c in &r.outcome.deal {
        md.push_str(&format!("- {c}\n"));
    }
    md.push_str("\n| party | deal | delay | escalation | war | credibility | support | accountability | total |\n|---|---|---|---|---|---|---|---|---|\n");
    for x in r.score.values() {
        md.push_str(&format!(
            "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
            x.party,
            x.deal,
            x.delay_cost,
            x.escalation_cost,
            x.war,
            x.credibility,
            x.support,
            x.accountability,
            x.total
        ));
    }
    if let Some(side) = side {
        md.push_str(&format!("\n## Your moves ({})\n", sc.parties[side].name));
        for s in PlayerDebrief::of(game, side).sections(sc) {
            md.push_str(&format!("\n### {}\n\n", s.title));
            for l in s.lines {
                md.push_str(&format!("- {l}\n"));
            }
        }
    }
    md.push_str("\n## Ideas in this game\n\n");
    for i in ideas(game) {
        md.push_str(&format!("- **{}.** {}\n", i.title, i.text));
    }
    if let Some(h) = &sc.historical {
        md.push_str(&format!("\n## What happened in history\n\n{}\n", h.outcome));
    }
    md.push_str("\n## Transcript\n\n");
    for e in r.transcript.iter().filter(|e| e.kind != EntryKind::Draw) {
        md.push_str(&format!("- T{} {:?}: {}\n", e.turn, e.kind, e.text));
    }
    md
}
