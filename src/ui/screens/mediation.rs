//! The mediator's table: the clock and the budget, the tables it sees and what each
//! side has said, the package it drafts with what it would pay, its proposals and the
//! answers, and the news of the public record. Drawn from the simulation's mediator
//! view only.

use bevy::prelude::*;

use super::widgets::{button, ladder};
use crate::narrate::{self, EntryKind};
use crate::sim::components::OfferStatus;
use crate::ui::Session;
use crate::ui::commands::{Command, Tip};
use crate::ui::scroll::PanelKey;
use crate::ui::theme::{Theme, panel, row};

/// The keys that raise and lower what the draft pays each of the first two parties.
const PAY_KEYS: [(KeyCode, KeyCode); 2] = [
    (KeyCode::KeyQ, KeyCode::KeyA),
    (KeyCode::KeyW, KeyCode::KeyS),
];

pub(super) fn table(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let sc = s.scenario();
    let v = s.game.mediator_view();

    // ---- top bar: who, clock, ladder, budget
    p.spawn(row(14.0)).with_children(|r| {
        r.spawn(t.text(format!("{} — {}", s.seat_name(), sc.label(v.turn)), 18.0, t.palette.accent));
        r.spawn(t.body(format!("turn {} of {} ({} left)", v.turn, v.deadline, v.deadline.saturating_sub(v.turn))));
        ladder(r, t, sc, v.escalation, v.war_at);
        r.spawn(t.body(narrate::rung(sc, v.escalation)));
        r.spawn((t.text(format!("Budget left {:.3}", v.budget_left), 15.0, t.palette.good), Interaction::None, Tip("What you may still promise the sides; a promise is paid only if the deal is ratified".into())));
    });

    p.spawn(Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(8),
        flex_grow: 1.0,
        min_height: px(0),
        ..default()
    })
    .with_children(|main| {
        // ---- the tables it sees, and what each side has said in public
        main.spawn(panel(t, PanelKey::new("mediator-tables"), percent(30)))
            .with_children(|c| {
                c.spawn(t.text("Tables you see", 17.0, t.palette.accent));
                for cv in &v.channels {
                    let ch = &cv.channel;
                    let color = if ch.is_back() {
                        t.palette.secret
                    } else {
                        t.palette.official
                    };
                    c.spawn(t.text(
                        format!(
                            "{}  ·  {}  ·  {}",
                            ch.id,
                            if ch.is_back() {
                                "hosted by you"
                            } else {
                                "official"
                            },
                            narrate::status_name(ch.status)
                        ),
                        14.0,
                        color,
                    ));
                    c.spawn(t.muted(format!(
                        "{} ↔ {}",
                        sc.negotiators[ch.ends[0]].name, sc.negotiators[ch.ends[1]].name
                    )));
                }
                c.spawn(t.text("What each side has said in public", 17.0, t.palette.accent));
                for (party, pos) in sc.parties.iter().zip(&v.positions) {
                    c.spawn(t.text(party.name.clone(), 14.0, t.palette.text));
                    c.spawn(t.muted(narrate::stated(sc, &pos.option)));
                }
                for o in v.offers.iter().filter(|o| o.status == OfferStatus::Pending) {
                    c.spawn(t.text(
                        format!(
                            "{}'s offer on {}:",
                            sc.parties[o.from].name,
                            v.channel_id(o.channel)
                        ),
                        14.0,
                        t.palette.good,
                    ));
                    c.spawn(t.muted(narrate::describe_clauses(sc, &o.clauses)));
                }
            });
        // ---- the draft, the payments and the proposals so far
        main.spawn(panel(t, PanelKey::new("mediator-draft"), percent(40)))
            .with_children(|c| {
                c.spawn(t.text(
                    "Your proposal  (↑↓ issue, ←→ option)",
                    17.0,
                    t.palette.accent,
                ));
                for (i, issue) in sc.issues.iter().enumerate() {
                    let o = s.editor.options[i];
                    let here = s.editor.cursor == i;
                    c.spawn((
                        Node {
                            flex_direction: FlexDirection::Column,
                            padding: UiRect::all(px(3)),
                            ..default()
                        },
                        BackgroundColor(if here {
                            t.palette.panel_alt
                        } else {
                            t.palette.panel
                        }),
                    ))
                    .with_children(|b| {
                        b.spawn(t.text(
                            format!("{}{}", if here { "▸ " } else { "  " }, issue.name),
                            14.0,
                            if here {
                                t.palette.accent
                            } else {
                                t.palette.text
                            },
                        ));
                        b.spawn(t.text(
                            format!(
                                "    {}  · you {}",
                                issue.options[o].label,
                                narrate::mediator_reading(sc, &v, i, o)
                            ),
                            13.0,
                            t.palette.muted,
                        ));
                    });
                }
                for (party, x) in sc.parties.iter().zip(&s.payments) {
                    c.spawn(t.body(format!("Pay {} if ratified: {x:.3}", party.name)));
                }
                match &v.refusal {
                    None => {
                        c.spawn(t.text("You may put a proposal this turn.", 14.0, t.palette.good))
                    }
                    Some(r) => c.spawn(t.text(
                        format!("No proposal this turn: {}.", narrate::refusal(sc, r)),
                        14.0,
                        t.palette.muted,
                    )),
                };
                for pr in v.proposals.iter().rev().take(3) {
                    c.spawn(t.text(
                        format!(
                            "Your proposal of turn {} ({})",
                            pr.turn,
                            narrate::offer_status_name(pr.status)
                        ),
                        14.0,
                        t.palette.accent,
                    ));
                    c.spawn(t.muted(narrate::proposal_answers(sc, pr, &v.events)));
                }
                if let Some(d) = &v.deal {
                    c.spawn(t.text("Agreed deal:", 14.0, t.palette.good));
                    c.spawn(t.muted(narrate::describe_clauses(sc, &d.clauses)));
                }
            });
        // ---- the public record
        main.spawn(panel(t, PanelKey::new("mediator-news"), percent(30)))
            .with_children(|c| {
                c.spawn(t.text("News and the record", 17.0, t.palette.accent));
                let chron = s.game.chronicle();
                for e in v
                    .events
                    .iter()
                    .rev()
                    .take(10)
                    .map(|e| narrate::entry(sc, chron, e))
                {
                    let color = match e.kind {
                        EntryKind::Leak | EntryKind::Spoiler => t.palette.bad,
                        EntryKind::Offer | EntryKind::Deal => t.palette.good,
                        _ => t.palette.muted,
                    };
                    c.spawn(t.text(format!("T{}: {}", e.turn, e.text), 12.0, color));
                }
            });
    });

    if s.leaving {
        super::table::leave_bar(p, t);
        return;
    }
    p.spawn(row(2.0)).with_children(|r| {
        button(
            r,
            t,
            "Propose",
            Some(KeyCode::KeyP),
            Command::Propose,
            "Put this package, with these payments, to both sides",
        );
        for (i, party) in sc.parties.iter().enumerate().take(PAY_KEYS.len()) {
            let (up, down) = PAY_KEYS[i];
            button(
                r,
                t,
                &format!("{} +", party.id),
                Some(up),
                Command::Pay(i, 1),
                &format!("Promise {} 0.005 more if the deal is ratified", party.name),
            );
            button(
                r,
                t,
                &format!("{} −", party.id),
                Some(down),
                Command::Pay(i, -1),
                &format!("Promise {} 0.005 less", party.name),
            );
        }
        super::table::turn_buttons(r, t, "The sides answer; stakeholders react; the clock runs");
    });
}
