//! Saved games: the scenario, the seed, who played, and every step taken. Loading
//! replays the steps, so a save never depends on Bevy's internals and old saves keep
//! working after an engine upgrade.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ai::Policy;
use crate::game::Controller;
use crate::game::{Game, Step};
use crate::scenario::Scenario;

/// The newest save format this build writes and reads.
pub const SAVE_VERSION: u32 = 1;
/// Largest save file accepted.
pub const MAX_SAVE_BYTES: u64 = 16 * 1024 * 1024;

/// Who played a side, as written in a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Player {
    Human,
    Computer(String),
    Script,
}

/// A saved game, format version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveV1 {
    pub format_version: u32,
    pub scenario_id: String,
    /// FNV-1a of the scenario text the game was played on.
    pub scenario_hash: u64,
    /// Where a scenario that is not bundled was loaded from.
    pub scenario_path: Option<String>,
    pub seed: u64,
    pub players: Vec<Player>,
    pub steps: Vec<Step>,
    /// For the load menu: the turn and calendar label when saved.
    pub turn: u32,
    pub label: String,
}

/// Why a save could not be written or read.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("{path}: cannot read or write the save: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: the save is damaged or truncated (line {line}, column {column}: {message}); other saves are untouched"
    )]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{path}: the save is format {found}, newer than this build reads ({SAVE_VERSION}); update Back Channel"
    )]
    TooNew { path: PathBuf, found: u64 },
    #[error("{path}: the save is larger than {MAX_SAVE_BYTES} bytes")]
    TooLarge { path: PathBuf },
    #[error("the save was played on scenario \"{id}\", which cannot be loaded: {reason}")]
    Scenario { id: String, reason: String },
    #[error(
        "the save was played on a different version of scenario \"{id}\"; it cannot be replayed exactly"
    )]
    ScenarioChanged { id: String },
    #[error("the save does not fit scenario \"{id}\": {reason}")]
    DoesNotFit { id: String, reason: String },
}

impl SaveV1 {
    /// Describe a game in progress for saving.
    pub fn of(game: &Game, scenario_path: Option<String>) -> Self {
        let s = game.scenario();
        SaveV1 {
            format_version: SAVE_VERSION,
            scenario_id: s.id.clone(),
            scenario_hash: s.source_hash,
            scenario_path,
            seed: game.seed(),
            players: game
                .controllers()
                .iter()
                .map(|c| match c {
                    Controller::Human => Player::Human,
                    Controller::Ai(p) => Player::Computer(p.name().to_string()),
                    Controller::Script => Player::Script,
                })
                .collect(),
            steps: game.steps().to_vec(),
            turn: game.turn(),
            label: s.label(game.turn()),
        }
    }

    /// Rebuild the game this save describes; `scenario` must be the one it names.
    pub fn restore(&self, scenario: Arc<Scenario>) -> Result<Game, SaveError> {
        if scenario.source_hash != self.scenario_hash {
            return Err(SaveError::ScenarioChanged {
                id: self.scenario_id.clone(),
            });
        }
        // Checked against the scenario before anything is built from it: a tampered or
        // mismatched save is refused with a reason, never half-loaded.
        let misfit = |reason: String| SaveError::DoesNotFit {
            id: self.scenario_id.clone(),
            reason,
        };
        let parties = scenario.parties.len();
        if self.players.len() != parties {
            return Err(misfit(format!(
                "it lists {} player(s) for a scenario of {parties} parties",
                self.players.len()
            )));
        }
        if let Some(party) = self.steps.iter().find_map(|step| match step {
            Step::Act { party, .. } if *party >= parties => Some(*party),
            _ => None,
        }) {
            return Err(misfit(format!(
                "a step is played by party number {party}, but the scenario has {parties}"
            )));
        }
        let controllers = self
            .players
            .iter()
            .map(|p| match p {
                Player::Human => Ok(Controller::Human),
                Player::Computer(name) => {
                    name.parse::<Policy>().map(Controller::Ai).map_err(&misfit)
                }
                Player::Script => Ok(Controller::Script),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Game::replay(scenario, self.seed, &controllers, &self.steps))
    }
}

/// Write `save` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over the old one, so a crash never leaves a half-written save.
pub fn write_atomic(path: &Path, save: &SaveV1) -> Result<(), SaveError> {
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let json = serde_json::to_vec_pretty(save).expect("saves contain only serialisable data");
    let tmp = path.with_extension("json.tmp");
    {
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&json).map_err(io)?;
        f.sync_all().map_err(io)?;
    }
    std::fs::rename(&tmp, path).map_err(io)
}

/// Read a save, checking size, format version and structure.
pub fn read(path: &Path) -> Result<SaveV1, SaveError> {
    let io = |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > MAX_SAVE_BYTES {
        return Err(SaveError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let corrupt = |e: serde_json::Error| SaveError::Corrupt {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(corrupt)?;
    let found = value
        .get("format_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if found > u64::from(SAVE_VERSION) {
        return Err(SaveError::TooNew {
            path: path.to_path_buf(),
            found,
        });
    }
    serde_json::from_value(value).map_err(|e| SaveError::Corrupt {
        path: path.to_path_buf(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundled;
    use crate::report::Report;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "bc-save-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn save_and_load_resume_the_same_game() {
        let s = bundled::resolve("cuba_1962").unwrap();
        let mut g = Game::new(
            s.clone(),
            9,
            &[Controller::Human, Controller::Ai(Policy::Adaptive)],
        );
        g.end_turn();
        let _ = g.act(0, crate::Action::Escalate);
        g.end_turn();
        let path = dir().join("a.json");
        write_atomic(&path, &SaveV1::of(&g, None)).unwrap();
        let back = read(&path).unwrap().restore(s).unwrap();
        assert_eq!(back.turn(), g.turn());
        assert_eq!(
            Report::from_game(&back, None).to_json(),
            Report::from_game(&g, None).to_json()
        );
    }

    #[test]
    fn truncated_and_too_new_saves_give_messages_and_leave_others_intact() {
        let s = bundled::resolve("tutorial").unwrap();
        let g = Game::new(s, 1, &[Controller::Human, Controller::Human]);
        let d = dir();
        let good = d.join("good.json");
        write_atomic(&good, &SaveV1::of(&g, None)).unwrap();
        let text = std::fs::read_to_string(&good).unwrap();
        let bad = d.join("bad.json");
        std::fs::write(&bad, &text[..text.len() / 2]).unwrap();
        let e = read(&bad).unwrap_err().to_string();
        assert!(e.contains("damaged or truncated"), "{e}");
        let newer = d.join("newer.json");
        std::fs::write(
            &newer,
            text.replace("\"format_version\": 1", "\"format_version\": 7"),
        )
        .unwrap();
        let e = read(&newer).unwrap_err().to_string();
        assert!(e.contains("newer than this build"), "{e}");
        assert!(read(&good).is_ok(), "the good save still loads");
    }

    fn refusal(save: &SaveV1, s: Arc<Scenario>) -> String {
        match save.restore(s) {
            Ok(_) => panic!("the save should have been refused"),
            Err(e) => e.to_string(),
        }
    }

    /// Issue 10, defect 5: a save listing three players for a two-party scenario
    /// crashed the desktop; now it, a step by a party that does not exist and an unknown
    /// computer policy are each refused with a reason.
    #[test]
    fn a_save_that_does_not_fit_its_scenario_is_refused() {
        let s = bundled::resolve("cuba_1962").unwrap();
        let g = Game::new(s.clone(), 1, &[Controller::Human, Controller::Human]);
        let good = SaveV1::of(&g, None);
        assert!(good.restore(s.clone()).is_ok());
        let mut three = good.clone();
        three.players.push(Player::Human);
        let e = refusal(&three, s.clone());
        assert!(e.contains("3 player(s) for a scenario of 2 parties"), "{e}");
        let mut ghost = good.clone();
        ghost.steps.push(Step::Act {
            party: 7,
            action: crate::Action::Wait,
        });
        let e = refusal(&ghost, s.clone());
        assert!(e.contains("party number 7"), "{e}");
        let mut odd = good.clone();
        odd.players[1] = Player::Computer("genius".into());
        let e = refusal(&odd, s);
        assert!(e.contains("unknown policy \"genius\""), "{e}");
    }

    #[test]
    fn a_changed_scenario_is_detected() {
        let s = bundled::resolve("tutorial").unwrap();
        let g = Game::new(s.clone(), 1, &[Controller::Human, Controller::Human]);
        let mut save = SaveV1::of(&g, None);
        save.scenario_hash ^= 1;
        assert!(matches!(
            save.restore(s),
            Err(SaveError::ScenarioChanged { .. })
        ));
    }
}
