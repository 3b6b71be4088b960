//! The title screen: new game, continue, load, settings, quit.

use bevy::prelude::*;

use super::widgets::{button, spacer};
use crate::ui::Screen;
use crate::ui::commands::Command;
use crate::ui::settings::Folders;
use crate::ui::theme::{Theme, column};

pub(super) fn plugin(app: &mut App) {
    super::resource_screen(app, Screen::Title, title);
}

fn title(p: &mut ChildSpawnerCommands, t: &Theme, folders: &Folders) {
    p.spawn(Node {
        height: px(60),
        ..default()
    });
    p.spawn(t.title("BACK CHANNEL"));
    p.spawn(t.body("Secret diplomacy, turn by turn: open channels beside the official talks, trade concessions, keep your home front on side, and live with the risk that the secret leaks."));
    p.spawn(Node {
        height: px(20),
        ..default()
    });
    p.spawn(column(6.0)).with_children(|c| {
        button(
            c,
            t,
            "New game",
            Some(KeyCode::KeyN),
            Command::NewGame,
            "Choose a scenario and a side",
        );
        if folders.autosave().exists() {
            button(
                c,
                t,
                "Continue",
                Some(KeyCode::KeyC),
                Command::Continue,
                "Resume the last game where it was autosaved",
            );
        }
        button(
            c,
            t,
            "Load a saved game",
            Some(KeyCode::KeyL),
            Command::Go(Screen::Load),
            "Saved games, newest first",
        );
        button(
            c,
            t,
            "Settings",
            Some(KeyCode::KeyS),
            Command::Go(Screen::Settings),
            "Text size, colours, full screen",
        );
        button(
            c,
            t,
            "Quit",
            Some(KeyCode::KeyQ),
            Command::Quit,
            "Leave the game (it autosaves every turn)",
        );
    });
    spacer(p);
    p.spawn(t.muted("Keyboard: every button shows its key in brackets; PageUp/PageDown scroll long panels. Terminal play: backchannel play --scenario cuba_1962"));
}
