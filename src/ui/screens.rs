//! Every screen, drawn from state. A screen is rebuilt whenever [`Dirty`] is set, so the
//! UI can never show something the simulation does not hold.

use bevy::prelude::*;

use super::commands::{Command, Does, Key, Tip};
use super::session::{Opponent, Session, seed_code};
use super::settings::{Folders, Settings};
use super::theme::{Theme, column, panel, row};
use super::{Catalog, Dirty, Screen, SetupChoice, Status};
use crate::narrate::{self, EntryKind};
use crate::report::Report;
use crate::scenario::schema::{ActionKind, Awareness};
use crate::sim::components::*;
use crate::sim::view::Reading;

/// Marks the root node of the screen on display.
#[derive(Component)]
pub struct ScreenRoot;

const DIGITS: [KeyCode; 9] = [
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
fn button(
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
pub fn button_colors(theme: Option<Res<Theme>>, mut q: Query<ButtonState, ButtonChanged>) {
    let Some(theme) = theme else { return };
    for (i, mut bg) in &mut q {
        bg.0 = match i {
            Interaction::None => theme.palette.button,
            _ => theme.palette.button_hover,
        };
    }
}

/// Rebuild the current screen when something changed.
#[allow(clippy::too_many_arguments)]
pub fn redraw(
    mut commands: Commands,
    mut dirty: ResMut<Dirty>,
    theme: Option<Res<Theme>>,
    screen: Res<State<Screen>>,
    roots: Query<Entity, With<ScreenRoot>>,
    catalog: Res<Catalog>,
    choice: Res<SetupChoice>,
    settings: Res<Settings>,
    folders: Res<Folders>,
    session: Option<Res<Session>>,
    status: Res<Status>,
    mut clear: ResMut<ClearColor>,
) {
    let Some(theme) = theme else { return };
    if !dirty.0 && !theme.is_changed() {
        return;
    }
    dirty.0 = false;
    for e in &roots {
        commands.entity(e).despawn();
    }
    clear.0 = theme.palette.background;
    let mut root = commands.spawn((
        ScreenRoot,
        Node {
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(12)),
            row_gap: px(8),
            // With large text a screen may be taller than the window: it scrolls.
            overflow: Overflow::scroll_y(),
            ..default()
        },
        super::theme::Scrollable,
        ScrollPosition::default(),
        Interaction::None,
    ));
    let t = theme.as_ref();
    root.with_children(|p| {
        match (screen.get(), session.as_deref()) {
            (Screen::Title, _) => title(p, t, &folders),
            (Screen::Picker, _) => picker(p, t, &catalog),
            (Screen::Setup, _) => setup(p, t, &catalog, &choice),
            (Screen::Settings, _) => settings_screen(p, t, &settings),
            (Screen::Load, _) => load(p, t, &folders),
            (Screen::Briefing, Some(s)) => briefing(p, t, s),
            (Screen::Table, Some(s)) => table(p, t, s),
            (Screen::Handover, Some(s)) => handover(p, t, s),
            (Screen::Debrief, Some(s)) => debrief(p, t, s),
            _ => title(p, t, &folders),
        }
        // The status line: tips, confirmations, refusals.
        p.spawn((
            Node {
                margin: UiRect::top(px(4)),
                ..default()
            },
            BackgroundColor(t.palette.panel_alt),
        ))
        .with_children(|b| {
            b.spawn(t.text(
                if status.0.is_empty() {
                    " ".to_string()
                } else {
                    status.0.clone()
                },
                14.0,
                t.palette.text,
            ));
        });
    });
}

fn spacer(p: &mut ChildSpawnerCommands) {
    p.spawn(Node {
        flex_grow: 1.0,
        ..default()
    });
}

fn title(p: &mut ChildSpawnerCommands, t: &Theme, folders: &Folders) {
    p.spawn(Node {
        height: px(60),
        ..default()
    });
    p.spawn(t.title("BACK CHANNEL"));
    p.spawn(t.body("Secret diplomacy, turn by turn: open channels beside the official talks, trade concessions, keep your home front on side, and live with the risk that the secret leaks."));
    p.spawn(Node {
        height: px(20),
        ..default()
    });
    p.spawn(column(6.0)).with_children(|c| {
        button(
            c,
            t,
            "New game",
            Some(KeyCode::KeyN),
            Command::NewGame,
            "Choose a scenario and a side",
        );
        if folders.autosave().exists() {
            button(
                c,
                t,
                "Continue",
                Some(KeyCode::KeyC),
                Command::Continue,
                "Resume the last game where it was autosaved",
            );
        }
        button(
            c,
            t,
            "Load a saved game",
            Some(KeyCode::KeyL),
            Command::Go(Screen::Load),
            "Saved games, newest first",
        );
        button(
            c,
            t,
            "Settings",
            Some(KeyCode::KeyS),
            Command::Go(Screen::Settings),
            "Text size, colours, full screen",
        );
        button(
            c,
            t,
            "Quit",
            Some(KeyCode::KeyQ),
            Command::Quit,
            "Leave the game (it autosaves every turn)",
        );
    });
    spacer(p);
    p.spawn(t.muted("Keyboard: every button shows its key in brackets; PageUp/PageDown scroll long panels. Terminal play: backchannel play --scenario cuba_1962"));
}

fn picker(p: &mut ChildSpawnerCommands, t: &Theme, catalog: &Catalog) {
    p.spawn(t.heading("Choose a scenario"));
    p.spawn(row(10.0)).with_children(|r| {
        for (i, (s, source)) in catalog.entries.iter().enumerate().take(9) {
            r.spawn((
                panel(t, px(390)),
                BorderColor::all(t.palette.panel_alt),
                Button,
                Does(Command::PickScenario(i)),
                Key(DIGITS[i]),
                Tip(format!("Press {} to choose {}", i + 1, s.title)),
            ))
            .with_children(|c| {
                c.spawn(t.text(format!("[{}] {}", i + 1, s.title), 17.0, t.palette.accent));
                c.spawn(t.muted(format!(
                    "{} · {} turns of a {} · {:?}{}",
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
    });
    p.spawn(t.body("The other side is played by:"));
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
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!(
            "Seed code: {}   (number {})",
            seed_code(choice.seed),
            choice.seed
        )));
        button(
            r,
            t,
            "New seed",
            Some(KeyCode::KeyR),
            Command::NewSeed,
            "Every group with the same seed faces the same game",
        );
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

fn briefing(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let sc = s.scenario();
    let side = s.side();
    p.spawn(t.heading(format!(
        "{} — briefing for {}",
        sc.title, sc.parties[side].name
    )));
    p.spawn(t.body(sc.summary.clone()));
    p.spawn(row(12.0)).with_children(|r| {
        r.spawn(panel(t, percent(48))).with_children(|c| {
            c.spawn(t.text("Your confidential instructions", 17.0, t.palette.accent));
            c.spawn(t.body(sc.parties[side].briefing.clone()));
            if !sc.parties[side].preconditions.is_empty() {
                c.spawn(t.text("Your public preconditions", 15.0, t.palette.accent));
                for pc in &sc.parties[side].preconditions {
                    c.spawn(t.muted(format!("• {pc}")));
                }
            }
            c.spawn(t.muted(format!(
                "A turn is a {}; the deadline is turn {} ({}).",
                sc.turn_length,
                sc.deadline,
                sc.label(sc.deadline)
            )));
        });
        r.spawn(panel(t, percent(48))).with_children(|c| {
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
    spacer(p);
    p.spawn(row(6.0)).with_children(|r| {
        button(
            r,
            t,
            "To the table",
            Some(KeyCode::Enter),
            Command::Go(Screen::Table),
            "Start the first turn",
        );
    });
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

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A small probability with a decimal, so a 0.4 % leak risk does not read as 0 %.
fn risk_pct(x: f64) -> String {
    if x > 0.0 && x < 0.095 {
        format!("{:.1}%", x * 100.0)
    } else {
        pct(x)
    }
}

fn table(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
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
        r.spawn(row(2.0)).with_children(|l| {
            for (i, rung) in sc.rules.escalation.levels.iter().enumerate() {
                let on = i as u32 <= v.escalation;
                let color = if i as u32 >= v.war_at { t.palette.bad } else if on { t.palette.warn } else { t.palette.panel_alt };
                l.spawn((Node { width: px(18), height: px(14), ..default() }, BackgroundColor(color), Interaction::None, Tip(format!("Escalation rung {i}: {rung}"))));
            }
        });
        r.spawn(t.body(narrate::rung(sc, v.escalation)));
        r.spawn((t.text(format!("Action points {ap}"), 15.0, t.palette.good), Interaction::None, Tip("Each action costs points; they refill every turn".into())));
        r.spawn((t.body(format!("Support {}", pct(standing.domestic_support))), Interaction::None, Tip("Domestic support: public opinion votes on a signed deal only if it is at least 30%".into())));
        r.spawn((t.body(format!("Credibility {}", pct(standing.credibility))), Interaction::None, Tip("Credibility: lost when a denial is proven false".into())));
    });

    let drafting = s.draft.is_some();
    p.spawn(Node { flex_direction: FlexDirection::Row, column_gap: px(8), flex_grow: 1.0, min_height: px(0), ..default() })
        .with_children(|main| {
            // ---- channel map
            main.spawn(panel(t, percent(36))).with_children(|c| {
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
                        b.spawn(t.text(format!("[{}] {}  ·  {:?}  ·  {:?}", n + 1, ch.id, ch.status, ch.medium), 14.0, color));
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
            main.spawn(panel(t, percent(34))).with_children(|c| {
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
            main.spawn(panel(t, percent(30))).with_children(|c| {
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

    // ---- the draft being built, or the action bar
    if let Some((prompt, choices)) = s.draft_choices() {
        p.spawn((panel(t, percent(100)), BorderColor::all(t.palette.accent)))
            .with_children(|c| {
                c.spawn(t.text(
                    format!(
                        "{} — {prompt}",
                        s.draft.as_ref().map(|d| d.kind.name()).unwrap_or_default()
                    ),
                    16.0,
                    t.palette.accent,
                ));
                c.spawn(row(4.0)).with_children(|r| {
                    for (i, (label, value)) in choices.into_iter().enumerate().take(9) {
                        button(
                            r,
                            t,
                            &label,
                            Some(DIGITS[i]),
                            Command::Pick(value),
                            "Choose this",
                        );
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
                (ActionKind::MoveVenue, KeyCode::KeyV, "Move venue"),
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
            button(
                r,
                t,
                "End turn",
                Some(KeyCode::Enter),
                Command::EndTurn,
                "The other side moves; stakeholders react; leaks are rolled; the clock runs",
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
                Command::Go(Screen::Title),
                "Back to the title screen (the game stays autosaved)",
            );
        });
    }
}

/// What an action costs and risks, for its tooltip (from the action's declaration).
pub fn action_tip(kind: ActionKind) -> String {
    let spec = crate::sim::actions::grammar::spec(kind);
    match kind.cost() {
        0 => spec.detail.to_string(),
        1 => format!("1 point. {}", spec.detail),
        n => format!("{n} points. {}", spec.detail),
    }
}

fn load(p: &mut ChildSpawnerCommands, t: &Theme, folders: &Folders) {
    p.spawn(t.heading("Load a saved game"));
    let mut saves: Vec<(std::time::SystemTime, std::path::PathBuf)> =
        std::fs::read_dir(folders.saves())
            .map(|it| {
                it.filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .map(|e| {
                        (
                            e.metadata()
                                .and_then(|m| m.modified())
                                .unwrap_or(std::time::UNIX_EPOCH),
                            e.path(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
    saves.sort_by_key(|s| std::cmp::Reverse(s.0));
    if saves.is_empty() {
        p.spawn(t.body(format!("No saves yet in {}.", folders.saves().display())));
    }
    p.spawn(column(4.0)).with_children(|c| {
        for (i, (_, path)) in saves.into_iter().enumerate().take(9) {
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let detail = match crate::save::read(&path) {
                Ok(s) => format!("{name} — {}, {} (seed {})", s.scenario_id, s.label, s.seed),
                Err(e) => format!("{name} — cannot be read: {e}"),
            };
            button(
                c,
                t,
                &detail,
                Some(DIGITS[i]),
                Command::LoadFile(path.clone()),
                "Load this save",
            );
        }
    });
    spacer(p);
    button(
        p,
        t,
        "Back",
        Some(KeyCode::Escape),
        Command::Go(Screen::Title),
        "Back to the title screen",
    );
}

fn settings_screen(p: &mut ChildSpawnerCommands, t: &Theme, s: &Settings) {
    p.spawn(t.heading("Settings"));
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!("Text size: {:.0}%", s.text_scale * 100.0)));
        button(
            r,
            t,
            "Smaller",
            Some(KeyCode::Minus),
            Command::TextScale(-0.25),
            "Down to 75%",
        );
        button(
            r,
            t,
            "Larger",
            Some(KeyCode::Equal),
            Command::TextScale(0.25),
            "Up to 200%",
        );
    });
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!(
            "Colours: {}",
            if s.colour_blind {
                "colour-blind safe"
            } else {
                "standard"
            }
        )));
        button(
            r,
            t,
            "Switch palette",
            Some(KeyCode::KeyP),
            Command::TogglePalette,
            "Blue and orange instead of green and red",
        );
    });
    p.spawn(row(6.0)).with_children(|r| {
        r.spawn(t.body(format!(
            "Full screen: {}",
            if s.fullscreen { "on" } else { "off" }
        )));
        button(
            r,
            t,
            "Toggle full screen",
            Some(KeyCode::KeyF),
            Command::ToggleFullscreen,
            "Borderless full screen on the current monitor",
        );
    });
    p.spawn(t.muted("Settings are saved at once in your configuration folder."));
    spacer(p);
    button(
        p,
        t,
        "Back",
        Some(KeyCode::Escape),
        Command::Go(Screen::Title),
        "Back to the title screen",
    );
}

/// The ideas this game illustrated (shared with the terminal and the Markdown export).
pub fn ideas(s: &Session) -> Vec<(&'static str, String)> {
    crate::debrief::ideas(&s.game)
        .into_iter()
        .map(|i| (i.title, i.text))
        .collect()
}

fn debrief(p: &mut ChildSpawnerCommands, t: &Theme, s: &Session) {
    let sc = s.scenario();
    let report = Report::from_game(&s.game, Some(s.side()));
    p.spawn(t.heading(format!("Debrief — {}", sc.title)));
    p.spawn(row(4.0)).with_children(|r| {
        for (i, name) in ["Outcome", "Charts", "Ideas and history", "Transcript"]
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
        super::theme::Scrollable,
        ScrollPosition::default(),
        Interaction::None,
    ))
        .with_children(|c| match s.debrief_tab {
            0 => {
                let o = &report.outcome;
                c.spawn(t.text(
                    format!(
                        "{} after {} turn(s){}{}",
                        o.kind.replace('_', " "),
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
            2 => {
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
    let side = s.side();
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
        (
            "Mean anger of your stakeholders",
            h.snapshots
                .iter()
                .map(|x| x.anger.get(side).copied().unwrap_or(0.0))
                .collect(),
            t.palette.secret,
        ),
    ];
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
