//! The scenario picker: one card per scenario, bundled or from the user's folder,
//! four to a row, so that a page of nine fits a 1280 × 720 window.

use bevy::prelude::*;

use super::ListPage;
use super::widgets::{DIGITS, back_to_title, pager, spacer};
use crate::ui::commands::{Command, Does, Key, Tip};
use crate::ui::scroll::PanelKey;
use crate::ui::theme::{Theme, panel, row};
use crate::ui::{Catalog, Screen};

pub(super) fn plugin(app: &mut App) {
    super::paged_screen(app, Screen::Picker, picker);
}

fn picker(p: &mut ChildSpawnerCommands, t: &Theme, catalog: &Catalog, page: ListPage) {
    p.spawn(t.heading("Choose a scenario"));
    let shown = pager(p, t, page, catalog.entries.len(), "Scenarios");
    let first = shown.start;
    let cards = Node {
        align_items: AlignItems::FlexStart,
        row_gap: px(10),
        ..row(10.0)
    };
    p.spawn(cards).with_children(|r| {
        for (n, (s, source)) in catalog.entries[shown].iter().enumerate() {
            let i = first + n;
            r.spawn((
                panel(t, PanelKey::nth("scenario", i), px(300)),
                BorderColor::all(t.palette.panel_alt),
                Button,
                Does(Command::PickScenario(i)),
                Key(DIGITS[n]),
                Tip(format!("Press {} to choose {}", n + 1, s.title)),
            ))
            .with_children(|c| {
                c.spawn(t.text(format!("[{}] {}", n + 1, s.title), 17.0, t.palette.accent));
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
                // What it teaches is on the setup screen: here, eight or nine cards fit.
                c.spawn(t.body(s.summary.clone()));
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
        back_to_title(r, t);
    });
}
