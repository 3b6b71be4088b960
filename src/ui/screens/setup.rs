//! Setting up a game: which side, who plays the other, and the seed.

use bevy::prelude::*;

use super::widgets::{DIGITS, button, spacer};
use super::{ScreenRoot, fill, open, stale};
use crate::ui::commands::Command;
use crate::ui::scroll::PanelKey;
use crate::ui::session::{Opponent, seed_code};
use crate::ui::theme::{Theme, panel, row};
use crate::ui::{Catalog, Screen, SetupChoice};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Setup), open(Screen::Setup))
        .add_systems(
            Update,
            draw.run_if(in_state(Screen::Setup))
                .in_set(super::DrawScreens),
        );
}

fn draw(
    mut commands: Commands,
    root: Single<(Entity, Ref<ScreenRoot>)>,
    theme: Res<Theme>,
    catalog: Res<Catalog>,
    choice: Res<SetupChoice>,
) {
    if stale(
        &root.1,
        theme.is_changed() || catalog.is_changed() || choice.is_changed(),
    ) {
        fill(&mut commands, root.0, |p| {
            setup(p, &theme, &catalog, &choice)
        });
    }
}

fn setup(p: &mut ChildSpawnerCommands, t: &Theme, catalog: &Catalog, choice: &SetupChoice) {
    let Some((s, _)) = catalog.entries.get(choice.scenario) else {
        return;
    };
    p.spawn(t.heading(format!("{} — setup", s.title)));
    p.spawn(t.body("Your side:"));
    p.spawn(row(6.0)).with_children(|r| {
        for (i, party) in s.parties.iter().enumerate().filter(|(_, p)| p.playable) {
            let mark = if choice.side == i { "● " } else { "○ " };
            button(
                r,
                t,
                &format!("{mark}{}", party.name),
                Some(DIGITS[i]),
                Command::SetSide(i),
                "Lead this side",
            );
        }
        if let Some(m) = &s.mediator {
            let n = s.parties.len();
            let mark = if choice.side == n { "● " } else { "○ " };
            button(
                r,
                t,
                &format!("{mark}{} (mediator)", m.name),
                Some(KeyCode::KeyM),
                Command::SetSide(n),
                "Sit in the mediator's seat: put packages to both sides and pay for a deal",
            );
        }
    });
    p.spawn(t.body(if choice.side >= s.parties.len() {
        "Both sides are played by:"
    } else {
        "The other side is played by:"
    }));
    p.spawn(row(6.0)).with_children(|r| {
        for (label, key, o, tip) in [
            (
                "the computer (normal)",
                KeyCode::KeyC,
                Opponent::ComputerNormal,
                "Adapts: back channels, secret clauses, ratification in mind",
            ),
            (
                "the computer (easy)",
                KeyCode::KeyE,
                Opponent::ComputerEasy,
                "Only answers your offers; never takes the initiative",
            ),
            (
                "a second player here",
                KeyCode::KeyH,
                Opponent::SecondPlayer,
                "Hot-seat: a blank hand-over screen between turns",
            ),
        ] {
            let mark = if choice.opponent == o { "● " } else { "○ " };
            button(
                r,
                t,
                &format!("{mark}{label}"),
                Some(key),
                Command::SetOpponent(o),
                tip,
            );
        }
    });
    p.spawn(row(6.0)).with_children(|r| match &choice.typing {
        Some(typed) => {
            r.spawn(t.text(
                format!("Type the class code or seed code: {typed}_"),
                17.0,
                t.palette.accent,
            ));
            r.spawn(t.muted("Enter to use it, Esc to cancel"));
        }
        None => {
            let class = crate::class::ClassCode::new(s, choice.seed, &choice.controllers(s))
                .map(|c| format!("   Class code: {c}"))
                .unwrap_or_default();
            r.spawn(t.body(format!("Seed code: {}{class}", seed_code(choice.seed),)));
            button(
                r,
                t,
                "New seed",
                Some(KeyCode::KeyR),
                Command::NewSeed,
                "Every group with the same seed faces the same game",
            );
            button(
                r,
                t,
                "Type a code",
                Some(KeyCode::KeyY),
                Command::TypeCode,
                "Enter the class code (like CUBA1962-BC9Y5T-HA) or seed code your class was given",
            );
        }
    });
    // What the scenario is about and teaches, and where its facts come from.
    p.spawn(panel(t, PanelKey::new("setup-about"), px(900)))
        .with_children(|c| {
            c.spawn(t.body(s.summary.clone()));
            if !s.teaching_goals.is_empty() {
                c.spawn(t.text("What it teaches", 15.0, t.palette.accent));
                for g in &s.teaching_goals {
                    c.spawn(t.muted(format!("• {g}")));
                }
            }
            if !s.sources.is_empty() {
                let sources: Vec<String> = s
                    .sources
                    .iter()
                    .map(|w| format!("{}, {} ({})", w.author, w.title, w.year))
                    .collect();
                c.spawn(t.muted(format!("Sources: {}", sources.join("; "))));
            }
        });
    spacer(p);
    p.spawn(row(6.0)).with_children(|r| {
        button(
            r,
            t,
            "Begin",
            Some(KeyCode::Enter),
            Command::StartGame,
            "Read your briefing",
        );
        button(
            r,
            t,
            "Back",
            Some(KeyCode::Escape),
            Command::Go(Screen::Picker),
            "Choose another scenario",
        );
    });
}
