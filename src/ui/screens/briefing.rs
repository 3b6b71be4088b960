//! The briefing: the side's confidential instructions and who matters at home.

use bevy::prelude::*;

use super::widgets::{button, spacer};
use crate::ui::commands::Command;
use crate::ui::scroll::PanelKey;
use crate::ui::theme::{Theme, panel, row};
use crate::ui::{Screen, Session};

pub(super) fn plugin(app: &mut App) {
    super::session_screen(app, Screen::Briefing, briefing);
}

fn briefing(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let sc = s.scenario();
    let side = s.side();
    if let (true, Some(m)) = (s.is_mediator(), &sc.mediator) {
        p.spawn(t.heading(format!("{} — briefing for {}", sc.title, s.seat_name())));
        p.spawn(t.body(sc.summary.clone()));
        p.spawn(row(12.0)).with_children(|r| {
            r.spawn(panel(t, PanelKey::new("instructions"), percent(48)))
                .with_children(|c| {
                    c.spawn(t.text("Your instructions", 17.0, t.palette.accent));
                    c.spawn(t.body(m.description.clone()));
                    c.spawn(t.muted(format!(
                        "You join the talks on turn {} ({}), and may put one package a turn to both sides, {}. You may promise each side a payment, out of a budget of {:.2}, paid only if the deal is ratified.",
                        m.from_turn,
                        sc.label(m.from_turn),
                        if m.public_table {
                            "at the official table"
                        } else {
                            "on the channel your go-between hosts"
                        },
                        m.budget
                    )));
                    c.spawn(t.muted("You see the public record and the tables you host, never a side's secret channels, its walk-away point or its instructions."));
                });
            r.spawn(panel(t, PanelKey::new("home"), percent(48)))
                .with_children(|c| {
                    c.spawn(t.text("The sides", 17.0, t.palette.accent));
                    for party in &sc.parties {
                        c.spawn(t.body(party.name.clone()));
                        c.spawn(t.muted(format!(
                            "Says in public: {}",
                            crate::narrate::stated(sc, &party.position)
                        )));
                    }
                });
        });
        to_the_table(p, t);
        return;
    }
    p.spawn(t.heading(format!(
        "{} — briefing for {}",
        sc.title, sc.parties[side].name
    )));
    p.spawn(t.body(sc.summary.clone()));
    p.spawn(row(12.0)).with_children(|r| {
        r.spawn(panel(t, PanelKey::new("instructions"), percent(48)))
            .with_children(|c| {
                c.spawn(t.text("Your confidential instructions", 17.0, t.palette.accent));
                c.spawn(t.body(sc.parties[side].briefing.clone()));
                if !sc.parties[side].red_lines.is_empty() {
                    c.spawn(t.text("Your red lines", 15.0, t.palette.accent));
                    for &(i, o) in &sc.parties[side].red_lines {
                        c.spawn(t.muted(format!(
                            "• Never: {} — {}",
                            sc.issues[i].name, sc.issues[i].options[o].label
                        )));
                    }
                }
                if !sc.parties[side].preconditions.is_empty() {
                    c.spawn(t.text("Your public preconditions", 15.0, t.palette.accent));
                    for pc in &sc.parties[side].preconditions {
                        c.spawn(t.muted(format!("• {pc}")));
                    }
                }
                c.spawn(t.muted(format!(
                    "Turn length: {}; the deadline is turn {} ({}).",
                    sc.turn_length,
                    sc.deadline,
                    sc.label(sc.deadline)
                )));
            });
        r.spawn(panel(t, PanelKey::new("home"), percent(48)))
            .with_children(|c| {
                c.spawn(t.text("Who matters at home", 17.0, t.palette.accent));
                for h in sc.stakeholders.iter().filter(|h| h.party == side) {
                    c.spawn(t.body(format!(
                        "{} — influence {:.0}%",
                        h.name,
                        h.influence * 100.0
                    )));
                    c.spawn(t.muted(h.wants.clone()));
                }
            });
    });
    to_the_table(p, t);
}

/// The button at the foot of a briefing.
fn to_the_table(p: &mut ChildSpawnerCommands, t: &Theme) {
    spacer(p);
    p.spawn(row(6.0)).with_children(|r| {
        button(
            r,
            t,
            "To the table",
            Some(KeyCode::Enter),
            Command::BriefingRead,
            "Start your first turn",
        );
    });
}
