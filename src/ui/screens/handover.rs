//! The hot-seat hand-over: a blank screen between the two players' turns.

use bevy::prelude::*;

use super::widgets::{button, spacer};
use super::{ScreenRoot, fill, open, stale};
use crate::ui::commands::Command;
use crate::ui::theme::Theme;
use crate::ui::{Screen, Session};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Handover), open(Screen::Handover))
        .add_systems(
            Update,
            draw.run_if(in_state(Screen::Handover))
                .in_set(super::DrawScreens),
        );
}

fn draw(
    mut commands: Commands,
    root: Single<(Entity, Ref<ScreenRoot>)>,
    theme: Res<Theme>,
    session: Option<Res<Session>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(session) = session else {
        // Nothing to show without a game.
        next.set(Screen::Title);
        return;
    };
    if stale(&root.1, theme.is_changed() || session.is_changed()) {
        fill(&mut commands, root.0, |p| handover(p, &theme, &session));
    }
}

fn handover(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let name = s.scenario().parties[s.side()].name.clone();
    p.spawn(Node {
        height: px(200),
        ..default()
    });
    p.spawn(t.title(format!("Hand over to {name}")));
    p.spawn(t.body("The other player looks away. Nothing of either side's secrets is on screen."));
    button(
        p,
        t,
        &format!("I am {name}: show my table"),
        Some(KeyCode::Enter),
        Command::HandoverDone,
        "Only the player of this side should press this",
    );
    spacer(p);
}
