//! The negotiation table: clock and standing, channels, the package, the home front and
//! the news, and the actions (or the choices of the action being put together).

use bevy::prelude::*;

use super::widgets::{DIGITS, button, ladder, pct, risk_pct};
use crate::narrate::{self, EntryKind};
use crate::scenario::schema::{ActionKind, Awareness};
use crate::sim::components::*;
use crate::sim::view::Reading;
use crate::ui::commands::{Command, Does, Key, Tip};
use crate::ui::scroll::PanelKey;
use crate::ui::theme::{Theme, bar_panel, column, panel, row};
use crate::ui::{Screen, Session};

pub(super) fn plugin(app: &mut App) {
    super::session_screen(app, Screen::Table, table);
}

fn table(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    if s.is_mediator() {
        return super::mediation::table(p, t, s);
    }
    let sc = s.scenario();
    let side = s.side();
    // Everything below is drawn from what the simulation says this side may see.
    let v = s.game.view(side);
    let standing = &v.standing;
    let ap = v.points;

    // ---- top bar: clock, ladder, points
    p.spawn(row(14.0)).with_children(|r| {
        r.spawn(t.text(format!("{} — {}", sc.parties[side].name, sc.label(v.turn)), 18.0, t.palette.accent));
        r.spawn((t.body(format!("turn {} of {} ({} left)", v.turn, v.deadline, v.deadline.saturating_sub(v.turn))), Interaction::None, Tip("The deadline: sign before it passes, or the talks end without a deal".into())));
        ladder(r, t, sc, v.escalation, v.war_at);
        r.spawn(t.body(narrate::rung(sc, v.escalation)));
        r.spawn((t.text(format!("Action points {ap}"), 15.0, t.palette.good), Interaction::None, Tip("Each action costs points; they refill every turn".into())));
        r.spawn((t.body(format!("Support {}", pct(standing.domestic_support))), Interaction::None, Tip("Domestic support: public opinion votes on a signed deal only if it is at least 30%".into())));
        r.spawn((t.body(format!("Credibility {}", pct(standing.credibility))), Interaction::None, Tip("Credibility: lost when a denial is proven false".into())));
    });

    let drafting = s.draft.is_some();
    p.spawn(Node { flex_direction: FlexDirection::Row, column_gap: px(8), flex_grow: 1.0, min_height: px(0), ..default() })
        .with_children(|main| {
            // ---- channel map
            main.spawn(panel(t, PanelKey::new("channels"), percent(36))).with_children(|c| {
                c.spawn(t.text("Channels", 17.0, t.palette.accent));
                c.spawn(t.muted("━ official (public)   ┄ back channel (secret)"));
                let shown = v.channels.iter().filter(|c| c.channel.status != ChannelStatus::Closed);
                for (n, cv) in shown.enumerate().take(9) {
                    let ch = &cv.channel;
                    let selected = s.selected_channel == Some(ch.index);
                    let color = if ch.is_back() { t.palette.secret } else { t.palette.official };
                    let line = if ch.is_back() { "┄┄┄" } else { "━━━" };
                    let risk = if ch.is_back() && ch.status == ChannelStatus::Open { risk_pct(cv.hazard) } else { "—".into() };
                    let mut e = c.spawn((
                        Button,
                        Node { flex_direction: FlexDirection::Column, padding: UiRect::all(px(4)), border: UiRect::all(px(if selected { 2 } else { 0 })), ..default() },
                        BorderColor::all(t.palette.accent),
                        BackgroundColor(if selected { t.palette.panel_alt } else { t.palette.panel }),
                        Does(Command::SelectChannel(ch.index)),
                        Tip(format!("{}: leak risk this turn {risk}, trust {}, open {} turn(s). Select it to see who is privy.", ch.id, pct(ch.trust), ch.age)),
                    ));
                    if !drafting {
                        e.insert(Key(DIGITS[n]));
                    }
                    e.with_children(|b| {
                        let ends = format!(
                            "{} {line} {}{}",
                            sc.negotiators[ch.ends[0]].name,
                            sc.negotiators[ch.ends[1]].name,
                            ch.via.map(|v| format!(" (via {})", sc.intermediaries[v].name)).unwrap_or_default()
                        );
                        b.spawn(t.text(format!("[{}] {}  ·  {}  ·  {}", n + 1, ch.id, crate::narrate::status_name(ch.status), crate::narrate::medium_name(ch.medium)), 14.0, color));
                        b.spawn(t.text(ends, 13.0, t.palette.text));
                        b.spawn(t.muted(format!("trust {}   leak risk {risk}/turn   age {}   {} privy + {} staff", pct(ch.trust), ch.age, ch.privy.len(), ch.staff)));
                        if selected {
                            let names: Vec<String> = ch
                                .privy
                                .iter()
                                .map(|p| match *p {
                                    Person::Negotiator(i) => sc.negotiators[i].name.clone(),
                                    Person::Intermediary(i) => sc.intermediaries[i].name.clone(),
                                    Person::Stakeholder(i) => sc.stakeholders[i].name.clone(),
                                })
                                .collect();
                            b.spawn(t.text(format!("Privy: {}", names.join(", ")), 13.0, t.palette.accent));
                        }
                    });
                }
            });
            // ---- package editor and offers
            main.spawn(panel(t, PanelKey::new("package"), percent(34))).with_children(|c| {
                c.spawn(t.text("Package  (↑↓ issue, ←→ option)", 17.0, t.palette.accent));
                for (i, issue) in sc.issues.iter().enumerate() {
                    let o = s.editor.options[i];
                    let here = s.editor.cursor == i;
                    let opt = &issue.options[o];
                    let hint = match v.intel.readings.as_ref().map(|r| r[i][o]) {
                        Some(Reading::Welcome) => "  · they: welcome",
                        Some(Reading::CouldLiveWith) => "  · they: could live with it",
                        Some(Reading::Resist) => "  · they: resist",
                        None => "",
                    };
                    c.spawn((Node { flex_direction: FlexDirection::Column, padding: UiRect::all(px(3)), ..default() }, BackgroundColor(if here { t.palette.panel_alt } else { t.palette.panel }), Interaction::None, Tip(format!("{}: sensitivity {} (how explosive if revealed)", issue.name, pct(issue.sensitivity)))))
                        .with_children(|b| {
                            b.spawn(t.text(format!("{}{}", if here { "▸ " } else { "  " }, issue.name), 14.0, if here { t.palette.accent } else { t.palette.text }));
                            b.spawn(t.text(
                                format!("    {}{}  · you: {}{}", opt.label, if s.editor.secret[i] { "  [SECRET]" } else { "" }, pct(opt.utility[side]), hint),
                                13.0,
                                if s.editor.secret[i] { t.palette.secret } else { t.palette.muted },
                            ));
                        });
                }
                c.spawn(t.body(format!("Package worth {} to you", pct(sc.package_utility(side, &s.editor.options)))));
                c.spawn(row(4.0)).with_children(|r| {
                    button(r, t, "Secret clause", Some(KeyCode::KeyX), Command::EditorSecret, "Mark the selected clause secret: hidden from ratification, but it can leak (back channels only)");
                });
                for p in &v.proposals {
                    let (head, clauses) = narrate::proposal_for(sc, side, p, v.channel_id(p.channel), v.their_offer_waits(p.channel));
                    c.spawn(t.text(format!("{head}:"), 14.0, t.palette.good));
                    c.spawn(t.muted(clauses));
                }
                for o in v.pending_offers() {
                    let Some(ch) = v.channels.iter().find(|c| c.channel.index == o.channel) else { continue };
                    let pkg = o.package(sc.issues.len());
                    let who = if o.from == side { "Your offer" } else { "THEIR OFFER" };
                    c.spawn(t.text(format!("{who} on {} (worth {} to you):", ch.channel.id, pct(sc.package_utility(side, &pkg))), 14.0, if o.from == side { t.palette.muted } else { t.palette.good }));
                    c.spawn(t.muted(narrate::describe_clauses(sc, &o.clauses)));
                }
                if let Some(d) = &v.deal {
                    c.spawn(t.text("Agreed, not yet signed:", 14.0, t.palette.good));
                    c.spawn(t.muted(narrate::describe_clauses(sc, &d.clauses)));
                }
            });
            // ---- home front and news
            main.spawn(panel(t, PanelKey::new("home"), percent(30))).with_children(|c| {
                c.spawn(t.text("At home", 17.0, t.palette.accent));
                for h in &v.stakeholders {
                    let aware = match h.awareness {
                        Awareness::Unaware => "unaware",
                        Awareness::Suspicious => "suspicious",
                        Awareness::Informed => "informed",
                        Awareness::InTheLoop => "in the loop",
                    };
                    let anger_color = if h.anger > 0.5 { t.palette.bad } else if h.anger > 0.25 { t.palette.warn } else { t.palette.muted };
                    c.spawn((column(0.0), Interaction::None, Tip(format!("{} wants: {}", sc.stakeholders[h.index].name, sc.stakeholders[h.index].wants))))
                        .with_children(|b| {
                            b.spawn(t.text(sc.stakeholders[h.index].name.clone(), 13.0, t.palette.text));
                            b.spawn(t.text(format!("   influence {} · {aware} · anger {}{}", pct(h.influence), pct(h.anger), if h.vetoed { " · veto threat" } else { "" }), 12.0, anger_color));
                        });
                }
                if !s.reload_problems.is_empty() {
                    // Whole lines, never squeezed by a full panel (it scrolls instead).
                    let keep = || Node { flex_shrink: 0.0, padding: UiRect::right(px(12)), ..default() };
                    c.spawn((t.text("Your edit of the scenario has problems (the game goes on with the last good version):", 14.0, t.palette.bad), keep()));
                    for p in &s.reload_problems {
                        c.spawn((t.text(p.clone(), 13.0, t.palette.bad), keep()));
                    }
                }
                c.spawn(t.text("News and cables", 17.0, t.palette.accent));
                let chron = s.game.chronicle();
                let news: Vec<_> = v
                    .events
                    .iter()
                    .rev()
                    .filter(|e| !e.kind.is_draw())
                    .take(8)
                    .map(|e| narrate::entry(sc, chron, e))
                    .collect();
                for e in news {
                    let color = match e.kind {
                        EntryKind::Leak | EntryKind::Spoiler | EntryKind::Refused => t.palette.bad,
                        EntryKind::Offer | EntryKind::Deal => t.palette.good,
                        _ => t.palette.muted,
                    };
                    c.spawn(t.text(format!("T{}: {}", e.turn, e.text), 12.0, color));
                }
            });
        });

    // ---- leaving (a question), the draft being built, or the action bar
    if s.leaving {
        leave_bar(p, t);
    } else if let Some((prompt, choices)) = s.draft_choices() {
        p.spawn((
            bar_panel(t, PanelKey::new("draft")),
            BorderColor::all(t.palette.accent),
        ))
        .with_children(|c| {
            c.spawn(t.text(
                format!(
                    "{} — {prompt}",
                    s.draft.as_ref().map(|d| d.kind.name()).unwrap_or_default()
                ),
                16.0,
                t.palette.accent,
            ));
            // Channels keep the number they have in the channel list, so `[4]` means the
            // same channel everywhere; other choices are numbered in order.
            let chans = s.my_channels();
            let all_channels = !choices.is_empty()
                && choices
                    .iter()
                    .all(|(_, v)| chans.iter().any(|c| &c.id == v));
            c.spawn(row(4.0)).with_children(|r| {
                for (i, (label, value)) in choices.into_iter().enumerate() {
                    let n = if all_channels {
                        chans.iter().position(|c| c.id == value).unwrap_or(i)
                    } else {
                        i
                    };
                    let Some(&key) = DIGITS.get(n) else { continue };
                    button(r, t, &label, Some(key), Command::Pick(value), "Choose this");
                }
                button(
                    r,
                    t,
                    "Cancel",
                    Some(KeyCode::Escape),
                    Command::CancelDraft,
                    "Drop this action",
                );
            });
        });
    } else {
        p.spawn(row(2.0)).with_children(|r| {
            for (kind, key, label) in [
                (ActionKind::OpenChannel, KeyCode::KeyO, "Open channel"),
                (ActionKind::Upgrade, KeyCode::KeyU, "Upgrade"),
                (ActionKind::Offer, KeyCode::KeyF, "Offer package"),
                (ActionKind::Accept, KeyCode::KeyA, "Accept"),
                (ActionKind::Reject, KeyCode::KeyR, "Reject"),
                (ActionKind::Probe, KeyCode::KeyP, "Probe"),
                (ActionKind::Meet, KeyCode::KeyM, "Meet"),
                (ActionKind::Message, KeyCode::KeyG, "Message"),
                (ActionKind::Statement, KeyCode::KeyT, "Statement"),
                (ActionKind::Brief, KeyCode::KeyB, "Brief"),
                (
                    ActionKind::Compartmentalise,
                    KeyCode::KeyC,
                    "Compartmentalise",
                ),
                (ActionKind::Deny, KeyCode::KeyD, "Deny"),
                (ActionKind::Confirm, KeyCode::KeyK, "Confirm"),
                (ActionKind::Escalate, KeyCode::KeyE, "Escalate"),
                (ActionKind::DeEscalate, KeyCode::KeyQ, "De-escalate"),
                (ActionKind::Threaten, KeyCode::KeyW, "Secret warning"),
                (ActionKind::MoveVenue, KeyCode::KeyV, "Move venue"),
                (ActionKind::Revive, KeyCode::KeyI, "Revive"),
                (ActionKind::Sign, KeyCode::KeyS, "Sign"),
            ] {
                if !sc.allows(kind) {
                    continue;
                }
                button(
                    r,
                    t,
                    &format!("{label} ({})", kind.cost()),
                    Some(key),
                    Command::Begin(kind),
                    &action_tip(kind),
                );
            }
            turn_buttons(
                r,
                t,
                "The other side moves; stakeholders react; leaks are rolled; the clock runs",
            );
        });
    }
}

/// End turn, Save and Menu, at the end of a table's action bar.
pub(super) fn turn_buttons(r: &mut ChildSpawnerCommands, t: &Theme, end_tip: &str) {
    button(
        r,
        t,
        "End turn",
        Some(KeyCode::Enter),
        Command::EndTurn,
        end_tip,
    );
    button(
        r,
        t,
        "Save",
        Some(KeyCode::F5),
        Command::Save,
        "Save this game (it also autosaves every turn)",
    );
    button(
        r,
        t,
        "Menu",
        Some(KeyCode::Escape),
        Command::AskLeave,
        "Back to the title screen (asks first; the game is saved)",
    );
}

/// The question asked when the player leaves the table (the game is already saved).
pub(super) fn leave_bar(p: &mut ChildSpawnerCommands, t: &Theme) {
    p.spawn((
        bar_panel(t, PanelKey::new("leave")),
        BorderColor::all(t.palette.accent),
    ))
    .with_children(|c| {
        c.spawn(t.text(
            "Leave this game? It is saved: Continue on the title screen resumes it.",
            16.0,
            t.palette.accent,
        ));
        c.spawn(row(6.0)).with_children(|r| {
            button(
                r,
                t,
                "Leave",
                Some(KeyCode::Enter),
                Command::Go(Screen::Title),
                "Go to the title screen",
            );
            button(
                r,
                t,
                "Stay",
                Some(KeyCode::Escape),
                Command::StayInGame,
                "Back to the table",
            );
        });
    });
}

/// What an action costs and risks, for its tooltip (from the action's declaration).
fn action_tip(kind: ActionKind) -> String {
    let spec = crate::sim::actions::grammar::spec(kind);
    match kind.cost() {
        0 => spec.detail.to_string(),
        1 => format!("1 point. {}", spec.detail),
        n => format!("{n} points. {}", spec.detail),
    }
}
