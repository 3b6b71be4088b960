//! Result files: what one finished game leaves for the instructor's debrief.
//!
//! Every front-end (desktop, terminal, classroom server) writes the same JSON file when
//! a game ends: the class code, who played, their steps, the outcome, the score part by
//! part and the whole transcript (private entries marked). `backchannel report` reads
//! many of them back (see [`crate::class_report`]). The format is documented in
//! docs/classroom.md and carries a version.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::class::ClassCode;
use crate::game::{Controller, Game, Step};
use crate::narrate::{self, Entry};
use crate::report::{LeakJson, OutcomeJson, Report};
use crate::scenario::schema::ChannelKind;
use crate::sim::components::{Channel, Roster};
use crate::sim::outcome::Score;

/// Version of the result format; bump it when a field changes meaning.
pub const RESULT_VERSION: u32 = 1;
/// Largest result file read back (a long game's transcript is well under 1 MiB).
pub const MAX_RESULT_BYTES: u64 = 8 * 1024 * 1024;
/// Longest player name kept.
pub const MAX_PLAYER_NAME: usize = 40;
/// What marks a JSON file as a Back Channel result.
pub const KIND: &str = "backchannel-result";

/// Who played one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Player {
    pub party: String,
    pub party_name: String,
    /// `human`, or the computer policy (`ai`, `passive`, …).
    pub controller: String,
    /// The name the player gave, if a person played and gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One channel of the game and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelUse {
    pub id: String,
    /// `official`, `back` or `mediated`.
    pub kind: String,
    pub medium: String,
    pub status: String,
    /// Whether any of it leaked.
    pub leaked: bool,
}

/// One finished (or abandoned) game.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameResult {
    /// Always [`KIND`].
    pub kind: String,
    pub format_version: u32,
    /// The class code, when the game has one.
    #[serde(default)]
    pub code: Option<String>,
    /// The table's name on a classroom server.
    #[serde(default)]
    pub table: Option<String>,
    pub scenario: String,
    pub scenario_title: String,
    pub seed: u64,
    pub seed_code: String,
    pub players: Vec<Player>,
    pub finished: bool,
    pub turns: u32,
    pub outcome: OutcomeJson,
    pub score: BTreeMap<String, Score>,
    pub leaks: Vec<LeakJson>,
    pub channels: Vec<ChannelUse>,
    /// Every step the people at the table took, in order (replays the game with the seed).
    pub steps: Vec<Step>,
    /// The game's fingerprint (see [`Game::fingerprint`]), in hex.
    pub fingerprint: String,
    /// Everything that happened, both sides' private entries included.
    pub transcript: Vec<Entry>,
}

/// A name as typed, made safe to keep and show: trimmed, no control characters, at most
/// [`MAX_PLAYER_NAME`] characters.
pub fn clean_name(name: &str) -> Result<String, String> {
    let n: String = name
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let n: String = n.chars().take(MAX_PLAYER_NAME).collect();
    if n.is_empty() {
        Err("enter your name so your instructor knows who played".into())
    } else {
        Ok(n)
    }
}

fn controller_word(c: Controller) -> String {
    match c {
        Controller::Human => "human".into(),
        Controller::Ai(p) => p.name().into(),
        Controller::Script => "script".into(),
    }
}

impl GameResult {
    /// The result of `game`; `names` are the players' names by party (people only).
    pub fn of(game: &Game, names: &[Option<String>], table: Option<&str>) -> Self {
        let scen = game.scenario();
        let report = Report::from_game(game, None);
        let code = ClassCode::new(scen, game.seed(), &game.seats())
            .ok()
            .map(|c| c.to_string());
        let players = scen
            .parties
            .iter()
            .enumerate()
            .map(|(p, party)| {
                let controller = game
                    .controllers()
                    .get(p)
                    .copied()
                    .unwrap_or(Controller::Human);
                Player {
                    party: party.id.clone(),
                    party_name: party.name.clone(),
                    controller: controller_word(controller),
                    name: names
                        .get(p)
                        .cloned()
                        .flatten()
                        .filter(|_| controller == Controller::Human),
                }
            })
            .collect();
        let world = game.world();
        let leaked: Vec<String> = report.leaks.iter().map(|l| l.channel.clone()).collect();
        let channels = world
            .resource::<Roster>()
            .channels
            .iter()
            .filter_map(|&e| world.get::<Channel>(e))
            .map(|c| ChannelUse {
                id: c.id.clone(),
                kind: match c.kind {
                    ChannelKind::Official => "official",
                    ChannelKind::BackDirect => "back",
                    ChannelKind::BackMediated => "mediated",
                }
                .into(),
                medium: format!("{:?}", c.medium).to_lowercase(),
                status: narrate::status_name(c.status).into(),
                leaked: leaked.contains(&c.id),
            })
            .collect();
        GameResult {
            kind: KIND.into(),
            format_version: RESULT_VERSION,
            code,
            table: table.map(String::from),
            scenario: report.scenario,
            scenario_title: report.scenario_title,
            seed: game.seed(),
            seed_code: crate::seed::code(game.seed()),
            players,
            finished: game.is_finished(),
            turns: report.turns,
            outcome: report.outcome,
            score: report.score,
            leaks: report.leaks,
            channels,
            steps: game.steps().to_vec(),
            fingerprint: format!("{:016x}", game.fingerprint()),
            transcript: report.transcript,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("results contain only serialisable data")
    }

    /// A file name for this result: scenario, seed code, table.
    pub fn file_stem(&self) -> String {
        let mut stem = format!(
            "{}_{}",
            self.scenario,
            self.seed_code.replace("-", "").to_lowercase()
        );
        if let Some(t) = &self.table {
            stem.push('_');
            stem.push_str(t);
        }
        crate::files::safe_stem(&stem)
    }

    /// Write the result into `dir` under a new name (never over another result),
    /// atomically; returns the file written.
    pub fn write_in(&self, dir: &Path) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let path = crate::files::unused_path(dir, &self.file_stem(), "json");
        crate::files::write_atomic(&path, self.to_json().as_bytes())?;
        Ok(path)
    }

    /// Read a result file back, with a message naming the file when it is not one.
    pub fn read(path: &Path) -> Result<Self, String> {
        use crate::scenario::load::{Capped, read_capped};
        let bytes = read_capped(path, MAX_RESULT_BYTES).map_err(|e| match e {
            Capped::Io(e) => format!("{}: cannot read it: {e}", path.display()),
            Capped::TooLarge(n) => format!(
                "{}: {n} bytes is larger than a result file can be ({MAX_RESULT_BYTES})",
                path.display()
            ),
        })?;
        Self::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parse a result; the message says what was expected.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Probe {
            kind: Option<String>,
            format_version: Option<u32>,
        }
        match serde_json::from_slice::<Self>(bytes) {
            Ok(r) if r.kind == KIND && r.format_version == RESULT_VERSION => Ok(r),
            Ok(r) if r.kind != KIND => Err(format!(
                "not a Back Channel result (its kind is {})",
                crate::scenario::diagnostics::shown(&r.kind)
            )),
            Ok(r) if r.format_version > RESULT_VERSION => Err(format!(
                "written by a newer Back Channel (result format {}; this one reads {RESULT_VERSION})",
                r.format_version
            )),
            Ok(r) => Err(format!(
                "result format {} is not one this game reads (it reads {RESULT_VERSION})",
                r.format_version
            )),
            Err(e) => match serde_json::from_slice::<Probe>(bytes) {
                Ok(Probe {
                    kind: Some(k),
                    format_version: Some(v),
                }) if k == KIND && v > RESULT_VERSION => Err(format!(
                    "written by a newer Back Channel (result format {v}; this one reads {RESULT_VERSION})"
                )),
                Ok(Probe { kind: Some(k), .. }) if k == KIND => Err(format!(
                    "line {}, column {}: {e}; expected a result file as `play --result` writes it",
                    e.line(),
                    e.column()
                )),
                _ => Err(format!(
                    "not a Back Channel result file (line {}, column {}: {e})",
                    e.line(),
                    e.column()
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ai::Policy;

    fn finished() -> Game {
        let scen = crate::bundled::resolve("cuba_1962").unwrap();
        let mut g = Game::new(
            scen,
            7,
            &[Controller::Human, Controller::Ai(Policy::Adaptive)],
        );
        g.play_out();
        g
    }

    #[test]
    fn a_result_reads_back_as_written_and_says_who_played() {
        let g = finished();
        let r = GameResult::of(&g, &[Some("Ana".into()), Some("ignored".into())], None);
        assert_eq!(r.code.as_deref(), Some("CUBA1962-AAAAAH-HA"));
        assert_eq!(r.players[0].name.as_deref(), Some("Ana"));
        // The computer's seat has no player name.
        assert_eq!(r.players[1].name, None);
        assert_eq!(r.players[1].controller, "ai");
        assert!(r.finished);
        assert!(r.channels.iter().any(|c| c.kind == "official"));
        let back = GameResult::from_bytes(r.to_json().as_bytes()).unwrap();
        assert_eq!(back, r);
        // The steps and seed rebuild the same game.
        let again = Game::replay(g.scenario().clone(), r.seed, g.controllers(), &back.steps);
        assert_eq!(format!("{:016x}", again.fingerprint()), back.fingerprint);
    }

    #[test]
    fn what_is_not_a_result_is_named() {
        let r = GameResult::of(&finished(), &[], Some("table 3"));
        let json = r.to_json();
        let newer = json.replace("\"format_version\": 1", "\"format_version\": 9");
        assert!(
            GameResult::from_bytes(newer.as_bytes())
                .unwrap_err()
                .contains("newer")
        );
        let broken = json.replace("\"seed\": 7", "\"seed\": \"seven\"");
        let e = GameResult::from_bytes(broken.as_bytes()).unwrap_err();
        assert!(e.contains("line ") && e.contains("play --result"), "{e}");
        let e = GameResult::from_bytes(b"{\"scenario\": 1}").unwrap_err();
        assert!(e.contains("not a Back Channel result"), "{e}");
        assert_eq!(r.file_stem(), "cuba_1962_aaaaah_table3");
    }
}
