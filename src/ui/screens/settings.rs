//! The settings: text size, palette, full screen.

use bevy::prelude::*;

use super::widgets::{back_to_title, button, spacer};
use crate::ui::Screen;
use crate::ui::commands::Command;
use crate::ui::settings::Settings;
use crate::ui::theme::{Theme, row};

pub(super) fn plugin(app: &mut App) {
    super::resource_screen(app, Screen::Settings, settings_screen);
}

fn settings_screen(p: &mut ChildSpawnerCommands, t: &Theme, s: &Settings) {
    p.spawn(t.heading("Settings"));
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!("Text size: {:.0}%", s.text_scale * 100.0)));
        button(
            r,
            t,
            "Smaller",
            Some(KeyCode::Minus),
            Command::TextScale(-0.25),
            "Down to 75%",
        );
        button(
            r,
            t,
            "Larger",
            Some(KeyCode::Equal),
            Command::TextScale(0.25),
            "Up to 200%",
        );
    });
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!(
            "Colours: {}",
            if s.colour_blind {
                "colour-blind safe"
            } else {
                "standard"
            }
        )));
        button(
            r,
            t,
            "Switch palette",
            Some(KeyCode::KeyP),
            Command::TogglePalette,
            "Blue and orange instead of green and red",
        );
    });
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!(
            "Full screen: {}",
            if s.fullscreen { "on" } else { "off" }
        )));
        button(
            r,
            t,
            "Toggle full screen",
            Some(KeyCode::KeyF),
            Command::ToggleFullscreen,
            "Borderless full screen on the current monitor",
        );
    });
    p.spawn(t.muted("Settings are saved at once in your configuration folder."));
    spacer(p);
    back_to_title(p, t);
}
