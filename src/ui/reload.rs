//! Live reload: while a game of one's own scenario is on, the file is watched. A valid
//! change replays the game on the new version (same seed, same moves); a broken one is
//! reported at the table, every problem with its line and column, and the game goes on
//! with the last good version.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bevy::prelude::*;

use super::{Catalog, Session, Status};
use crate::game::Game;
use crate::scenario::load_file;

/// How often the file is looked at.
const EVERY: Duration = Duration::from_secs(1);

/// What was last seen of the file: its modification time and length.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct Watched(pub Option<(SystemTime, u64)>);

/// What a look at the file found.
#[derive(Debug, Clone, PartialEq)]
pub enum Reload {
    Unchanged,
    /// Replayed on the new version; how many of the moves were refused by it.
    Replayed {
        refused: usize,
    },
    /// The file changed back to the version being played (a broken edit undone).
    Same,
    /// The file has errors: each as `file:line:col: message`.
    Broken(Vec<String>),
}

/// Most problems of a broken edit listed at the table; the rest are counted.
pub const MAX_SHOWN: usize = 5;

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Look at the session's file; reload it if it changed.
pub fn check(session: &mut Session, catalog: &mut Catalog, seen: &mut Watched) -> Reload {
    let Some(path) = session.source.clone() else {
        return Reload::Unchanged;
    };
    let now = stamp(&path);
    if seen.0.is_none() {
        seen.0 = now;
        return Reload::Unchanged;
    }
    if now == seen.0 {
        return Reload::Unchanged;
    }
    seen.0 = now;
    let fresh = match load_file(&path) {
        Ok(s) => Arc::new(s),
        Err(e) => return Reload::Broken(problems(&path, &e)),
    };
    if fresh.source_hash == session.scenario().source_hash {
        return Reload::Same;
    }
    if let Some(entry) = catalog
        .entries
        .iter_mut()
        .find(|(_, p)| p.as_deref() == Some(path.as_path()))
    {
        entry.0 = fresh.clone();
    }
    let before = session.game.chronicle().refusals();
    let game = Game::replay(
        fresh,
        session.game.seed(),
        session.game.controllers(),
        session.game.steps(),
    );
    let refused = game.chronicle().refusals().saturating_sub(before);
    let (humans, current) = (session.humans.clone(), session.current);
    *session = Session::around(game, Some(path));
    session.humans = humans;
    session.current = current;
    Reload::Replayed { refused }
}

/// A load error as lines of `file:line:col: message` (the first line of the error
/// when it has no diagnostics, such as a file that cannot be read).
pub fn problems(path: &Path, e: &crate::scenario::LoadError) -> Vec<String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let d = e.diagnostics();
    if d.is_empty() {
        return vec![e.to_string().lines().next().unwrap_or_default().to_string()];
    }
    // One mistake can be reported at the same place more than once: list it once.
    let mut all: Vec<String> = d
        .iter()
        .map(|d| format!("{name}:{}:{}: {}", d.line, d.col, d.message))
        .collect();
    all.dedup();
    let more = all.len().saturating_sub(MAX_SHOWN);
    all.truncate(MAX_SHOWN);
    if more > 0 {
        all.push(format!(
            "… and {more} more (run `backchannel validate {name}` for all)"
        ));
    }
    all
}

/// The system: once a second, while a game is on.
pub fn watch_source(
    time: Res<Time<Real>>,
    mut last: Local<Duration>,
    session: Option<ResMut<Session>>,
    mut catalog: ResMut<Catalog>,
    mut seen: ResMut<Watched>,
    mut status: ResMut<Status>,
) {
    let Some(mut session) = session else {
        seen.0 = None;
        return;
    };
    if session.source.is_none() || time.elapsed() < *last + EVERY {
        return;
    }
    *last = time.elapsed();
    // Look without marking the session changed, so nothing is redrawn for nothing.
    let name = session
        .source
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match check(session.bypass_change_detection(), &mut catalog, &mut seen) {
        Reload::Unchanged => {}
        Reload::Same => {
            if !session.reload_problems.is_empty() {
                session.reload_problems.clear();
                status.0 = format!("{name} is good again: playing on with it.");
            }
        }
        Reload::Replayed { refused } => {
            session.set_changed();
            status.0 = match refused {
                0 => format!("{name} changed: the game was replayed on the new version."),
                n => format!(
                    "{name} changed: the game was replayed on the new version; {n} of your earlier moves no longer fit it."
                ),
            };
        }
        Reload::Broken(problems) => {
            status.0 = format!(
                "{name} has {} problem(s), listed under News; playing on with the last good version.",
                problems.len()
            );
            session.reload_problems = problems;
        }
    }
}
