//! The debrief: outcome and score, charts over the turns, what your side did and what it
//! cost, the ideas the game showed and what happened in history, and the transcript.

use bevy::prelude::*;

use super::widgets::{DIGITS, button};
use crate::narrate::EntryKind;
use crate::report::Report;
use crate::sim::components::*;
use crate::ui::commands::{Command, Tip};
use crate::ui::scroll::{PanelKey, Scrollable};
use crate::ui::theme::{Theme, column, row};
use crate::ui::{Screen, Session};

pub(super) fn plugin(app: &mut App) {
    super::session_screen(app, Screen::Debrief, debrief);
}

/// The ideas this game illustrated (shared with the terminal and the Markdown export).
fn ideas(s: &Session) -> Vec<(&'static str, String)> {
    crate::debrief::ideas(&s.game)
        .into_iter()
        .map(|i| (i.title, i.text))
        .collect()
}

fn debrief(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let sc = s.scenario();
    let report = Report::from_game(&s.game, s.report_side());
    p.spawn(t.heading(format!("Debrief — {}", sc.title)));
    p.spawn(row(4.0)).with_children(|r| {
        for (i, name) in ["Outcome", "Charts", "Your moves and ideas", "Transcript"]
            .into_iter()
            .enumerate()
        {
            let mark = if s.debrief_tab == i { "● " } else { "" };
            button(
                r,
                t,
                &format!("{mark}{name}"),
                Some(DIGITS[i]),
                Command::DebriefTab(i),
                "Show this part of the debrief",
            );
        }
        button(
            r,
            t,
            "Export JSON + Markdown",
            Some(KeyCode::KeyX),
            Command::Export,
            "Write the report and a Markdown debrief to your exports folder",
        );
        button(
            r,
            t,
            "Title screen",
            Some(KeyCode::Escape),
            Command::Go(Screen::Title),
            "Back to the title screen",
        );
    });
    p.spawn((
        Node { flex_grow: 1.0, flex_direction: FlexDirection::Column, padding: UiRect::all(px(10)), row_gap: px(4), overflow: Overflow::scroll_y(), ..default() },
        BackgroundColor(t.palette.panel),
        Scrollable,
        PanelKey::nth("debrief", s.debrief_tab),
        ScrollPosition::default(),
        Interaction::None,
    ))
        .with_children(|c| match s.debrief_tab {
            0 => {
                let o = &report.outcome;
                c.spawn(t.text(
                    format!(
                        "{} after {} turn(s){}{}",
                        o.name,
                        report.turns,
                        match (o.kind.as_str(), o.ratified) {
                            ("agreement", true) => ", ratified",
                            ("agreement", false) => ", NOT ratified",
                            _ => "",
                        },
                        o.implementation.map(|i| format!("; implementation {}", format!("{i:?}").to_lowercase())).unwrap_or_default()
                    ),
                    18.0,
                    t.palette.accent,
                ));
                for clause in &o.deal {
                    c.spawn(t.body(format!("• {clause}")));
                }
                c.spawn(t.text("Score            deal   delay  escal.   war   cred.  supp.  acct.   TOTAL", 14.0, t.palette.muted));
                for sc in report.score.values() {
                    c.spawn(t.text(
                        format!(
                            "{:<14} {:>6.2} {:>7.2} {:>7.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>7.2}",
                            sc.party, sc.deal, sc.delay_cost, sc.escalation_cost, sc.war, sc.credibility, sc.support, sc.accountability, sc.total
                        ),
                        14.0,
                        t.palette.text,
                    ));
                }
                c.spawn(t.muted("deal: value of the ratified deal after implementation (or of walking away) · delay/escal.: costs of waiting · cred./supp.: change over the game · acct.: share of your home front that knew"));
                for l in &report.leaks {
                    c.spawn(t.text(format!("Leak, turn {}: {:?} of {} (source: {})", l.turn, l.level, l.channel, l.source), 13.0, t.palette.bad));
                }
            }
            1 => charts(c, t, s),
            2 if s.is_mediator() => {
                c.spawn(t.text("Your seat", 15.0, t.palette.accent));
                for l in crate::debrief::MediatorDebrief::of(&s.game).text(sc).lines() {
                    c.spawn(t.body(format!("• {l}")));
                }
                if let Some(h) = &sc.historical {
                    c.spawn(t.text("What happened in history", 15.0, t.palette.accent));
                    c.spawn(t.body(h.outcome.clone()));
                }
            }
            2 => {
                let mine = crate::debrief::PlayerDebrief::of(&s.game, s.side());
                for sec in mine.sections(sc) {
                    c.spawn(t.text(sec.title, 15.0, t.palette.accent));
                    for l in sec.lines {
                        c.spawn(t.body(format!("• {l}")));
                    }
                }
                c.spawn(t.text("Ideas in this game", 15.0, t.palette.accent));
                for (name, text) in ideas(s) {
                    c.spawn(t.text(name, 15.0, t.palette.accent));
                    c.spawn(t.body(text));
                }
                if let Some(h) = &sc.historical {
                    c.spawn(t.text("What happened in history", 15.0, t.palette.accent));
                    c.spawn(t.body(h.outcome.clone()));
                }
                for d in sc.debrief.iter().take(3) {
                    c.spawn(t.muted(d.clone()));
                }
            }
            _ => {
                let lines: Vec<_> = report.transcript.iter().filter(|e| e.kind != EntryKind::Draw).rev().take(24).collect();
                for e in lines {
                    c.spawn(t.text(format!("T{} {:?}: {}", e.turn, e.kind, e.text), 12.0, t.palette.text));
                }
            }
        });
}

/// Bar charts over the turns: escalation, trust of the best channel, leak risk of the
/// riskiest channel, and anger at home.
fn charts(c: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let w = s.game.world();
    let h = w.resource::<History>();
    let side = s.report_side();
    let esc = w.resource::<Escalation>();
    let series: Vec<(&str, Vec<f64>, Color)> = vec![
        (
            "Escalation (share of the way to war)",
            h.snapshots
                .iter()
                .map(|x| x.escalation as f64 / esc.war_at.max(1) as f64)
                .collect(),
            t.palette.warn,
        ),
        (
            "Trust in your best channel",
            h.snapshots
                .iter()
                .map(|x| x.trust.iter().map(|t| t.1).fold(0.0, f64::max))
                .collect(),
            t.palette.good,
        ),
        (
            "Highest leak risk of a back channel",
            h.snapshots
                .iter()
                .map(|x| {
                    h.hazards
                        .iter()
                        .filter(|z| z.0 == x.turn)
                        .map(|z| z.2)
                        .fold(0.0, f64::max)
                })
                .collect(),
            t.palette.bad,
        ),
    ];
    let mut series = series;
    if let Some(side) = side {
        series.push((
            "Mean anger of your stakeholders",
            h.snapshots
                .iter()
                .map(|x| x.anger.get(side).copied().unwrap_or(0.0))
                .collect(),
            t.palette.secret,
        ));
    }
    c.spawn(row(24.0)).with_children(|r| {
        for (name, values, color) in series {
            r.spawn(column(4.0)).with_children(|col| {
                col.spawn(t.text(name, 13.0, t.palette.text));
                col.spawn((
                    Node {
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::FlexEnd,
                        column_gap: px(3),
                        height: px(110),
                        ..default()
                    },
                    BackgroundColor(t.palette.panel_alt),
                ))
                .with_children(|bars| {
                    for (i, v) in values.iter().enumerate() {
                        bars.spawn((
                            Node {
                                width: px(12),
                                height: px((v.clamp(0.0, 1.0) * 100.0) as f32 + 1.0),
                                ..default()
                            },
                            BackgroundColor(color),
                            Interaction::None,
                            Tip(format!("{name}, turn {}: {:.0}%", i + 1, v * 100.0)),
                        ));
                    }
                });
                col.spawn(t.muted(format!("turns 1–{}", values.len())));
            });
        }
    });
}
