//! Saved games: the scenario, the seed, who played, and every step taken. Loading
//! replays the steps, so a save never depends on Bevy's internals and old saves keep
//! working after an engine upgrade.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::ai::Policy;
use crate::game::Controller;
use crate::game::{Game, Step};
use crate::scenario::Scenario;

/// The newest save format this build writes and reads. Version 2 adds the game's
/// fingerprint; version 1 saves still load.
pub const SAVE_VERSION: u32 = 2;
/// Largest save file accepted. A save of the longest game the format allows, every
/// action point used every turn, is under a tenth of this.
pub const MAX_SAVE_BYTES: u64 = 4 * 1024 * 1024;
/// Most steps a save may list.
pub const MAX_STEPS: usize = 100_000;
/// Longest label a save may carry (it is shown on the Load screen).
pub const MAX_LABEL: usize = 160;
/// Latest turn a save may claim (the longest deadline plus the longest epilogue, and
/// some margin).
pub const MAX_TURN: u32 = 1_000;

/// Who played a side, as written in a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Player {
    Human,
    Computer(String),
    Script,
}

/// A saved game, format version 2 (version 1 had no fingerprint).
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
    /// [`Game::fingerprint`] when saved; replaying the steps must give it again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<u64>,
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
    #[error("{path}: this is not a save this game wrote: {reason}")]
    Implausible { path: PathBuf, reason: String },
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
            // The parties' players, then the mediator's when a person sits there.
            players: game
                .seats()
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
            fingerprint: Some(game.fingerprint()),
        }
    }

    /// Where to save `game` in `dir`: a name built from its scenario, seed and turn,
    /// never one already taken.
    pub fn path_in(dir: &Path, game: &Game) -> PathBuf {
        let stem = format!(
            "{}_seed{}_turn{:02}",
            crate::files::safe_stem(&game.scenario().id),
            game.seed(),
            game.turn()
        );
        crate::files::unused_path(dir, &stem, "json")
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
        let seats = parties + usize::from(scenario.mediator.is_some());
        if !(parties..=seats).contains(&self.players.len()) {
            return Err(misfit(format!(
                "it lists {} player(s) for a scenario of {parties} parties{}",
                self.players.len(),
                if seats > parties {
                    " and a mediator"
                } else {
                    ""
                }
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
        let game = Game::replay(scenario, self.seed, &controllers, &self.steps);
        // The replay must arrive where the save says it was made.
        if game.turn() != self.turn {
            return Err(misfit(format!(
                "it says turn {}, but its steps lead to turn {}",
                self.turn,
                game.turn()
            )));
        }
        if self.fingerprint.is_some_and(|f| f != game.fingerprint()) {
            return Err(misfit(
                "replaying its steps does not give the game it recorded (its seed or steps were changed)"
                    .into(),
            ));
        }
        Ok(game)
    }
}

/// Write `save` to `path` atomically (see [`crate::files::write_atomic`]).
pub fn write_atomic(path: &Path, save: &SaveV1) -> Result<(), SaveError> {
    let json = serde_json::to_vec_pretty(save).expect("saves contain only serialisable data");
    crate::files::write_atomic(path, &json).map_err(|source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Read a save, checking size, kind of file, format version, structure and the
/// limits of every field, before anything is built from it.
pub fn read(path: &Path) -> Result<SaveV1, SaveError> {
    use crate::scenario::load::{Capped, read_capped};
    let bytes = read_capped(path, MAX_SAVE_BYTES).map_err(|e| match e {
        Capped::Io(source) => SaveError::Io {
            path: path.to_path_buf(),
            source,
        },
        Capped::TooLarge(_) => SaveError::TooLarge {
            path: path.to_path_buf(),
        },
    })?;
    let corrupt = |e: serde_json::Error| SaveError::Corrupt {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let too_new = |found: u64| SaveError::TooNew {
        path: path.to_path_buf(),
        found,
    };
    let save: SaveV1 = match serde_json::from_slice(&bytes) {
        Ok(save) => save,
        Err(e) => {
            // A newer format need not parse as this one: say that, not "damaged".
            #[derive(Deserialize)]
            struct Version {
                #[serde(default)]
                format_version: u64,
            }
            if let Ok(v) = serde_json::from_slice::<Version>(&bytes)
                && v.format_version > u64::from(SAVE_VERSION)
            {
                return Err(too_new(v.format_version));
            }
            return Err(corrupt(e));
        }
    };
    if save.format_version > SAVE_VERSION {
        return Err(too_new(u64::from(save.format_version)));
    }
    let implausible = |reason: String| SaveError::Implausible {
        path: path.to_path_buf(),
        reason,
    };
    if save.format_version == 0 {
        return Err(implausible(
            "its format_version is 0; saves start at 1".into(),
        ));
    }
    if let Some(problem) = crate::scenario::validate::id_problem(&save.scenario_id) {
        return Err(implausible(format!("its scenario id {problem}")));
    }
    let label = save.label.chars().count();
    if label > MAX_LABEL {
        return Err(implausible(format!(
            "its label is {label} characters long; at most {MAX_LABEL}"
        )));
    }
    if save.turn > MAX_TURN {
        return Err(implausible(format!(
            "it claims turn {}; no game lasts beyond turn {MAX_TURN}",
            save.turn
        )));
    }
    if save.steps.len() > MAX_STEPS {
        return Err(implausible(format!(
            "it lists {} steps; at most {MAX_STEPS}",
            save.steps.len()
        )));
    }
    if save.scenario_path.as_ref().is_some_and(|p| p.len() > 4096) {
        return Err(implausible(
            "its scenario path is longer than 4096 bytes".into(),
        ));
    }
    Ok(save)
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
            text.replace("\"format_version\": 2", "\"format_version\": 7"),
        )
        .unwrap();
        let e = read(&newer).unwrap_err().to_string();
        assert!(e.contains("newer than this build"), "{e}");
        // A newer save with a field this build does not know is still "newer", not "damaged".
        std::fs::write(
            &newer,
            text.replace(
                "\"format_version\": 2",
                "\"format_version\": 7, \"mediator\": null",
            ),
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
        // Cuba has a mediator, whose seat may follow the parties'; a fourth is too many.
        let mut four = good.clone();
        four.players.extend([Player::Human, Player::Human]);
        let e = refusal(&four, s.clone());
        assert!(
            e.contains("4 player(s) for a scenario of 2 parties and a mediator"),
            "{e}"
        );
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

    /// Issue 10: tampered saves that used to load without notice are refused with a
    /// reason, and a version-1 save (no fingerprint) still loads.
    #[test]
    fn tampered_saves_are_refused_and_old_ones_still_load() {
        let s = bundled::resolve("cuba_1962").unwrap();
        let mut g = Game::new(
            s.clone(),
            5,
            &[Controller::Human, Controller::Ai(Policy::Adaptive)],
        );
        for _ in 0..3 {
            let _ = g.act(0, crate::Action::Escalate);
            g.end_turn();
        }
        let good = SaveV1::of(&g, None);
        let mut seed = good.clone();
        seed.seed += 1;
        assert!(refusal(&seed, s.clone()).contains("seed or steps were changed"));
        let mut turn = good.clone();
        turn.turn = 2;
        assert!(refusal(&turn, s.clone()).contains("says turn 2, but its steps lead to turn 4"));
        let mut old = good.clone();
        old.format_version = 1;
        old.fingerprint = None;
        assert_eq!(
            old.restore(s.clone()).unwrap().fingerprint(),
            g.fingerprint()
        );

        let d = dir();
        let write = |name: &str, save: &SaveV1| {
            let p = d.join(name);
            std::fs::write(&p, serde_json::to_vec(save).unwrap()).unwrap();
            read(&p).map(|_| ()).map_err(|e| e.to_string())
        };
        let mut huge_turn = good.clone();
        huge_turn.turn = u32::MAX;
        assert!(
            write("t.json", &huge_turn)
                .unwrap_err()
                .contains("claims turn 4294967295")
        );
        let mut zero = good.clone();
        zero.format_version = 0;
        assert!(
            write("z.json", &zero)
                .unwrap_err()
                .contains("format_version is 0")
        );
        let mut label = good.clone();
        label.label = "x".repeat(2_000_000);
        assert!(
            write("l.json", &label)
                .unwrap_err()
                .contains("label is 2000000 characters")
        );
        let mut id = good.clone();
        id.scenario_id = "../../etc".into();
        assert!(
            write("i.json", &id)
                .unwrap_err()
                .contains("not lowercase snake_case")
        );
        assert_eq!(write("g.json", &good), Ok(()));
    }

    /// Issue 10, defect 7: games of one scenario with different seeds, or one game
    /// saved twice on a turn, go to different files.
    #[test]
    fn saving_never_replaces_another_save() {
        let s = bundled::resolve("tutorial").unwrap();
        let d = dir().join("no-clobber");
        let _ = std::fs::remove_dir_all(&d);
        let mut paths = Vec::new();
        for seed in [1, 2, 2] {
            let g = Game::new(s.clone(), seed, &[Controller::Human, Controller::Human]);
            let p = SaveV1::path_in(&d, &g);
            write_atomic(&p, &SaveV1::of(&g, None)).unwrap();
            paths.push(p);
        }
        assert!(
            paths[0].ends_with("tutorial_seed1_turn01.json"),
            "{paths:?}"
        );
        assert!(
            paths[2].ends_with("tutorial_seed2_turn01-2.json"),
            "{paths:?}"
        );
        for p in &paths {
            assert!(read(p).is_ok());
        }
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
