//! Where the game keeps its files: settings in the platform's config folder; saves,
//! exports and the instructor's own scenarios in its data folder. `BACKCHANNEL_HOME`
//! overrides both (tests, classroom machines with a shared drive). The command line and
//! the desktop game use the same folders, so a scenario dropped in `scenarios/` is
//! found by both.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::Resource;

use crate::scenario::{Scenario, load_file};

/// Most files of one's own read from the scenarios folder: each is read and checked,
/// and a folder of thousands would keep the game from opening.
pub const MAX_USER_SCENARIOS: usize = 100;

/// Where the game keeps its files. `BACKCHANNEL_HOME` overrides all of them (tests,
/// classroom machines with a shared drive).
#[derive(Resource, Debug, Clone)]
pub struct Folders {
    pub config: PathBuf,
    pub data: PathBuf,
}

impl Folders {
    pub fn locate() -> Self {
        if let Some(home) = std::env::var_os("BACKCHANNEL_HOME") {
            let home = PathBuf::from(home);
            return Self {
                config: home.join("config"),
                data: home.join("data"),
            };
        }
        match directories::ProjectDirs::from("org", "Back Channel", "backchannel") {
            Some(d) => Self {
                config: d.config_dir().to_path_buf(),
                data: d.data_dir().to_path_buf(),
            },
            None => Self {
                config: PathBuf::from(".backchannel/config"),
                data: PathBuf::from(".backchannel/data"),
            },
        }
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config.join("settings.json")
    }
    pub fn saves(&self) -> PathBuf {
        self.data.join("saves")
    }
    pub fn autosave(&self) -> PathBuf {
        self.saves().join("autosave.json")
    }
    pub fn exports(&self) -> PathBuf {
        self.data.join("exports")
    }
    /// Result files of finished games, for `backchannel report`.
    pub fn results(&self) -> PathBuf {
        self.data.join("results")
    }
    /// Instructors drop their own `.ron` scenarios here; the picker lists them.
    pub fn user_scenarios(&self) -> PathBuf {
        self.data.join("scenarios")
    }

    /// The file of one's own scenario with this id, if there is one. Only a well-formed
    /// id is looked up: never a path built from what was typed.
    pub fn user_scenario_file(&self, id: &str) -> Option<PathBuf> {
        if crate::scenario::validate::id_problem(id).is_some() {
            return None;
        }
        let file = self.user_scenarios().join(format!("{id}.ron"));
        file.exists().then_some(file)
    }
}

/// The scenarios in the user's folder (by file name), and a message for each file
/// that could not be loaded or was left out.
pub fn user_scenarios(folders: &Folders) -> (Vec<(Arc<Scenario>, PathBuf)>, Vec<String>) {
    let dir = folders.user_scenarios();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "ron"));
    files.sort();
    let mut problems = Vec::new();
    if files.len() > MAX_USER_SCENARIOS {
        problems.push(format!(
            "{}: {} scenario files; only the first {MAX_USER_SCENARIOS} (by name) are read",
            dir.display(),
            files.len()
        ));
        files.truncate(MAX_USER_SCENARIOS);
    }
    let mut found = Vec::new();
    for f in files {
        match load_file(&f) {
            Ok(s) => found.push((Arc::new(s), f)),
            Err(e) => problems.push(e.to_string()),
        }
    }
    (found, problems)
}
