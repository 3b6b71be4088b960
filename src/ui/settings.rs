//! Settings and files in the platform's folders (config, saves, exports, user scenarios).

use std::path::Path;

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

pub use crate::folders::Folders;

impl Settings {
    /// Settings from disk; a missing or broken file gives the defaults (and a warning).
    pub fn load(path: &Path) -> Self {
        // Only a small regular file: a pipe or device here must not stop the game opening.
        match crate::scenario::load::read_capped(path, 64 * 1024) {
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
        crate::files::write_atomic(
            path,
            &serde_json::to_vec_pretty(self).expect("settings serialise"),
        )
    }

    pub fn clamped(mut self) -> Self {
        if !self.text_scale.is_finite() {
            self.text_scale = 1.0;
        }
        self.text_scale = self.text_scale.clamp(0.75, 2.0);
        self
    }
}
