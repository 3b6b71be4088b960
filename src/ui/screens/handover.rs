//! The hot-seat hand-over: a blank screen between the two players' turns.

use bevy::prelude::*;

use super::widgets::{button, spacer};
use crate::ui::commands::Command;
use crate::ui::theme::Theme;
use crate::ui::{Screen, Session};

pub(super) fn plugin(app: &mut App) {
    super::session_screen(app, Screen::Handover, handover);
}

fn handover(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let name = s.seat_name();
    p.spawn(Node {
        height: px(200),
        ..default()
    });
    p.spawn(t.title(format!("Hand over to {name}")));
    p.spawn(t.body("The other player looks away. Nothing of either side's secrets is on screen."));
    button(
        p,
        t,
        &format!("I play {name}: show my table"),
        Some(KeyCode::Enter),
        Command::HandoverDone,
        "Only the player of this side should press this",
    );
    spacer(p);
}
