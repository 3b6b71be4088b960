//! The scenario picker: one card per scenario, bundled or from the user's folder.

use bevy::prelude::*;

use super::widgets::{DIGITS, button, spacer};
use super::{ScreenRoot, fill, open, stale};
use crate::ui::commands::{Command, Does, Key, Tip};
use crate::ui::scroll::PanelKey;
use crate::ui::theme::{Theme, panel, row};
use crate::ui::{Catalog, Screen};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Picker), open(Screen::Picker))
        .add_systems(
            Update,
            draw.run_if(in_state(Screen::Picker))
                .in_set(super::DrawScreens),
        );
}

fn draw(
    mut commands: Commands,
    root: Single<(Entity, Ref<ScreenRoot>)>,
    theme: Res<Theme>,
    catalog: Res<Catalog>,
) {
    if stale(&root.1, theme.is_changed() || catalog.is_changed()) {
        fill(&mut commands, root.0, |p| picker(p, &theme, &catalog));
    }
}

fn picker(p: &mut ChildSpawnerCommands, t: &Theme, catalog: &Catalog) {
    p.spawn(t.heading("Choose a scenario"));
    p.spawn(row(10.0)).with_children(|r| {
        for (i, (s, source)) in catalog.entries.iter().enumerate().take(9) {
            r.spawn((
                panel(t, PanelKey::nth("scenario", i), px(390)),
                BorderColor::all(t.palette.panel_alt),
                Button,
                Does(Command::PickScenario(i)),
                Key(DIGITS[i]),
                Tip(format!("Press {} to choose {}", i + 1, s.title)),
            ))
            .with_children(|c| {
                c.spawn(t.text(format!("[{}] {}", i + 1, s.title), 17.0, t.palette.accent));
                c.spawn(t.muted(format!(
                    "{} · {} turns · turn length: {} · {:?}{}",
                    s.year,
                    s.deadline,
                    s.turn_length,
                    s.difficulty,
                    if source.is_some() {
                        " · your file"
                    } else {
                        ""
                    }
                )));
                c.spawn(t.body(s.summary.clone()));
                for g in s.teaching_goals.iter().take(3) {
                    c.spawn(t.muted(format!("• {g}")));
                }
            });
        }
    });
    for problem in catalog.problems.iter().take(3) {
        p.spawn(t.text(
            problem.lines().next().unwrap_or_default().to_string(),
            13.0,
            t.palette.bad,
        ));
    }
    spacer(p);
    p.spawn(row(6.0)).with_children(|r| {
        button(
            r,
            t,
            "Back",
            Some(KeyCode::Escape),
            Command::Go(Screen::Title),
            "Back to the title screen",
        );
    });
}
