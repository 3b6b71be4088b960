//! Small widget constructors shared by the screens: buttons that carry a command and
//! show their key, a spacer, percentages.

use bevy::prelude::*;

use crate::ui::commands::{Command, Does, Key, Tip};
use crate::ui::theme::Theme;

/// The number keys, for lists whose entries are chosen by their position.
pub(super) const DIGITS: [KeyCode; 9] = [
    KeyCode::Digit1,
    KeyCode::Digit2,
    KeyCode::Digit3,
    KeyCode::Digit4,
    KeyCode::Digit5,
    KeyCode::Digit6,
    KeyCode::Digit7,
    KeyCode::Digit8,
    KeyCode::Digit9,
];

/// How a key is written in a button's label.
fn key_name(k: KeyCode) -> String {
    match k {
        KeyCode::Enter => "Enter".into(),
        KeyCode::Escape => "Esc".into(),
        KeyCode::F5 => "F5".into(),
        KeyCode::Minus => "-".into(),
        KeyCode::Equal => "+".into(),
        other => {
            let s = format!("{other:?}");
            s.trim_start_matches("Key")
                .trim_start_matches("Digit")
                .to_string()
        }
    }
}

/// Spawn a button: `[key] label`, a command, and a tip for the status line.
pub(super) fn button(
    p: &mut ChildSpawnerCommands,
    theme: &Theme,
    label: &str,
    key: Option<KeyCode>,
    cmd: Command,
    tip: &str,
) {
    let text = match key {
        Some(k) => format!("[{}] {label}", key_name(k)),
        None => label.to_string(),
    };
    let mut e = p.spawn((
        Button,
        Node {
            padding: UiRect::axes(px(10), px(5)),
            margin: UiRect::all(px(2)),
            border: UiRect::all(px(1)),
            border_radius: BorderRadius::all(px(4)),
            ..default()
        },
        BackgroundColor(theme.palette.button),
        BorderColor::all(theme.palette.panel_alt),
        Does(cmd),
        Tip(tip.to_string()),
    ));
    if let Some(k) = key {
        e.insert(Key(k));
    }
    e.with_children(|b| {
        b.spawn(theme.text(text, 15.0, theme.palette.text));
    });
}

type ButtonState<'a> = (&'a Interaction, &'a mut BackgroundColor);
type ButtonChanged = (With<Button>, Changed<Interaction>);

/// Buttons brighten under the pointer.
pub(super) fn button_colors(theme: Option<Res<Theme>>, mut q: Query<ButtonState, ButtonChanged>) {
    let Some(theme) = theme else { return };
    for (i, mut bg) in &mut q {
        bg.0 = match i {
            Interaction::None => theme.palette.button,
            _ => theme.palette.button_hover,
        };
    }
}

/// `[Esc] Back` to the title screen, as the menus' screens end.
pub(super) fn back_to_title(p: &mut ChildSpawnerCommands, theme: &Theme) {
    button(
        p,
        theme,
        "Back",
        Some(KeyCode::Escape),
        Command::Go(crate::ui::Screen::Title),
        "Back to the title screen",
    );
}

/// Takes the free space, pushing what follows to the bottom of the screen.
pub(super) fn spacer(p: &mut ChildSpawnerCommands) {
    p.spawn(Node {
        flex_grow: 1.0,
        ..default()
    });
}

/// A share as a whole percentage.
pub(super) fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A small probability with a decimal, so a 0.4 % leak risk does not read as 0 %.
pub(super) fn risk_pct(x: f64) -> String {
    if x > 0.0 && x < 0.095 {
        format!("{:.1}%", x * 100.0)
    } else {
        pct(x)
    }
}

/// The entries of a long list on display at `page` (nine at a time, so the number keys
/// choose them), with a line saying which they are and buttons to the other pages.
/// Returns the range of entries to show.
pub(super) fn pager(
    p: &mut ChildSpawnerCommands,
    theme: &Theme,
    page: super::ListPage,
    total: usize,
    what: &str,
) -> std::ops::Range<usize> {
    let per = DIGITS.len();
    let pages = total.div_ceil(per).max(1);
    let page = page.0.min(pages - 1);
    let range = page * per..((page + 1) * per).min(total);
    if pages > 1 {
        p.spawn(crate::ui::theme::row(6.0)).with_children(|r| {
            r.spawn(theme.muted(format!(
                "{what} {}–{} of {total}",
                range.start + 1,
                range.end
            )));
            if page > 0 {
                button(
                    r,
                    theme,
                    "Previous nine",
                    Some(KeyCode::KeyP),
                    Command::Page(-1),
                    "Show the previous nine",
                );
            }
            if page + 1 < pages {
                button(
                    r,
                    theme,
                    "Next nine",
                    Some(KeyCode::KeyN),
                    Command::Page(1),
                    "Show the next nine",
                );
            }
        });
    }
    range
}

/// The escalation ladder: one box per rung, lit up to `level`, the last (war) in red.
pub fn ladder(
    r: &mut ChildSpawnerCommands,
    t: &Theme,
    sc: &crate::scenario::Scenario,
    level: u32,
    war_at: u32,
) {
    r.spawn(super::super::theme::row(2.0)).with_children(|l| {
        for (i, rung) in sc.rules.escalation.levels.iter().enumerate() {
            let on = i as u32 <= level;
            let color = if i as u32 >= war_at {
                t.palette.bad
            } else if on {
                t.palette.warn
            } else {
                t.palette.panel_alt
            };
            l.spawn((
                Node {
                    width: px(18),
                    height: px(14),
                    ..default()
                },
                BackgroundColor(color),
                Interaction::None,
                super::super::commands::Tip(format!("Escalation rung {i}: {rung}")),
            ));
        }
    });
}
