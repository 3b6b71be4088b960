//! Loading a saved game: the saves folder, newest first.

use bevy::prelude::*;

use super::ListPage;
use super::widgets::{DIGITS, back_to_title, button, pager, spacer};
use crate::ui::Screen;
use crate::ui::commands::Command;
use crate::ui::settings::Folders;
use crate::ui::theme::{Theme, column};

pub(super) fn plugin(app: &mut App) {
    super::paged_screen(app, Screen::Load, load);
}

fn load(p: &mut ChildSpawnerCommands, t: &Theme, folders: &Folders, page: ListPage) {
    p.spawn(t.heading("Load a saved game"));
    let mut saves: Vec<(std::time::SystemTime, std::path::PathBuf)> =
        std::fs::read_dir(folders.saves())
            .map(|it| {
                it.filter_map(|e| e.ok())
                    // Only regular files: not links, pipes or folders.
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .map(|e| {
                        (
                            e.metadata()
                                .and_then(|m| m.modified())
                                .unwrap_or(std::time::UNIX_EPOCH),
                            e.path(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
    saves.sort_by_key(|s| std::cmp::Reverse(s.0));
    if saves.is_empty() {
        p.spawn(t.body(format!("No saves yet in {}.", folders.saves().display())));
    }
    let shown = pager(p, t, page, saves.len(), "Saves");
    p.spawn(column(4.0)).with_children(|c| {
        for (i, (_, path)) in saves[shown].iter().enumerate() {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let detail = match crate::save::read(path) {
                Ok(s) => format!("{name} — {}, {} (seed {})", s.scenario_id, s.label, s.seed),
                Err(e) => format!("{name} — cannot be read: {e}"),
            };
            button(
                c,
                t,
                &detail,
                Some(DIGITS[i]),
                Command::LoadFile(path.clone()),
                "Load this save",
            );
        }
    });
    spacer(p);
    back_to_title(p, t);
}
