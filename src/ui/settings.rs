//! Settings and files in the platform's folders (config, saves, exports, user scenarios).

use std::path::{Path, PathBuf};

use bevy::prelude::*;
use serde::{Deserialize, Serialize};

/// What the player can change; saved as JSON in the platform's config folder.
#[derive(Resource, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Text size, 0.75 to 2.0.
    pub text_scale: f32,
    pub colour_blind: bool,
    pub fullscreen: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            text_scale: 1.0,
            colour_blind: false,
            fullscreen: false,
        }
    }
}

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
    /// Instructors drop their own `.ron` scenarios here; the picker lists them.
    pub fn user_scenarios(&self) -> PathBuf {
        self.data.join("scenarios")
    }
}

impl Settings {
    /// Settings from disk; a missing or broken file gives the defaults (and a warning).
    pub fn load(path: &Path) -> Self {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice::<Settings>(&bytes)
                .map(Settings::clamped)
                .unwrap_or_else(|e| {
                    warn!(
                        "{}: unreadable settings ({e}); using defaults",
                        path.display()
                    );
                    Settings::default()
                }),
            Err(_) => Settings::default(),
        }
    }

    /// Save atomically.
    pub fn store(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(self).expect("settings serialise"),
        )?;
        std::fs::rename(tmp, path)
    }

    pub fn clamped(mut self) -> Self {
        if !self.text_scale.is_finite() {
            self.text_scale = 1.0;
        }
        self.text_scale = self.text_scale.clamp(0.75, 2.0);
        self
    }
}
