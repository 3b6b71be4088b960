//! Everything a player can do in the window, as commands: buttons carry one, keys map
//! to the button that shows them, and one system carries them out.

use bevy::app::AppExit;
use bevy::input::ButtonInput;
use bevy::prelude::*;

use super::session::{Opponent, Session};
use super::settings::{Folders, Settings};
use super::{Catalog, Screen, SetupChoice, Status};
use crate::report::Report;
use crate::save::{SaveV1, read, write_atomic};
use crate::scenario::schema::ActionKind;

/// One thing the player asked for.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Command {
    Go(Screen),
    /// Leaving the table: autosave, then ask before going to the title screen.
    AskLeave,
    /// Stay at the table after all.
    StayInGame,
    NewGame,
    Continue,
    Quit,
    PickScenario(usize),
    SetSide(usize),
    SetOpponent(Opponent),
    NewSeed,
    StartGame,
    SelectChannel(usize),
    Begin(ActionKind),
    Pick(String),
    CancelDraft,
    EditorMove(i32),
    EditorChange(i32),
    EditorSecret,
    /// The mediator's seat: raise (+1) or lower (-1) what the draft pays a party.
    Pay(usize, i32),
    /// The mediator's seat: put the drafted package to both sides.
    Propose,
    EndTurn,
    HandoverDone,
    Save,
    LoadFile(std::path::PathBuf),
    TextScale(f32),
    TogglePalette,
    ToggleFullscreen,
    DebriefTab(usize),
    Export,
    /// Show the next (+1) or previous (-1) nine entries of a long list.
    Page(i32),
    /// The player on display has read their briefing: to the table.
    BriefingRead,
    /// Start typing a seed code on the setup screen.
    TypeCode,
    /// A character typed into the code, or a backspace (`None`).
    CodeChar(Option<char>),
    /// Take the typed code (true) or drop it (false).
    CodeDone(bool),
}

/// A button's command.
#[derive(Component, Debug, Clone)]
pub struct Does(pub Command);

/// The key that presses a button (shown in its label).
#[derive(Component, Debug, Clone, Copy)]
pub struct Key(pub KeyCode);

/// Text shown in the status line when the pointer is over this node.
#[derive(Component, Debug, Clone)]
pub struct Tip(pub String);

/// Keys press the visible button that shows them; a few keys work everywhere.
#[allow(clippy::too_many_arguments)]
pub fn keyboard_to_commands(
    keys: Res<ButtonInput<KeyCode>>,
    mut text: MessageReader<bevy::input::keyboard::KeyboardInput>,
    choice: Res<SetupChoice>,
    buttons: Query<(&Key, &Does)>,
    screen: Res<State<Screen>>,
    session: Option<Res<Session>>,
    mut out: MessageWriter<Command>,
) {
    // While a seed code is typed, keys are letters, not buttons.
    if *screen.get() == Screen::Setup && choice.typing.is_some() {
        for pressed in keys.get_just_pressed() {
            match pressed {
                KeyCode::Enter => {
                    out.write(Command::CodeDone(true));
                }
                KeyCode::Escape => {
                    out.write(Command::CodeDone(false));
                }
                KeyCode::Backspace => {
                    out.write(Command::CodeChar(None));
                }
                _ => {}
            }
        }
        for typed in text.read() {
            if typed.state.is_pressed()
                && let bevy::input::keyboard::Key::Character(s) = &typed.logical_key
            {
                for c in s.chars() {
                    out.write(Command::CodeChar(Some(c)));
                }
            }
        }
        return;
    }
    text.clear();
    for pressed in keys.get_just_pressed() {
        if let Some((_, does)) = buttons.iter().find(|(k, _)| k.0 == *pressed) {
            out.write(does.0.clone());
            continue;
        }
        if *screen.get() == Screen::Table {
            let drafting = session.as_ref().is_some_and(|s| s.draft.is_some());
            match pressed {
                KeyCode::Escape if drafting => {
                    out.write(Command::CancelDraft);
                }
                KeyCode::ArrowUp => {
                    out.write(Command::EditorMove(-1));
                }
                KeyCode::ArrowDown => {
                    out.write(Command::EditorMove(1));
                }
                KeyCode::ArrowLeft => {
                    out.write(Command::EditorChange(-1));
                }
                KeyCode::ArrowRight => {
                    out.write(Command::EditorChange(1));
                }
                _ => {}
            }
        }
    }
}

/// A click on a button sends its command.
pub fn clicks_to_commands(
    buttons: Query<(&Interaction, &Does), Changed<Interaction>>,
    mut out: MessageWriter<Command>,
) {
    for (i, does) in &buttons {
        if *i == Interaction::Pressed {
            out.write(does.0.clone());
        }
    }
}

/// Hovering something with a tip shows the tip in the status line.
pub fn hover_tips(
    tips: Query<(&Interaction, &Tip), Changed<Interaction>>,
    mut status: ResMut<Status>,
) {
    for (i, tip) in &tips {
        if *i == Interaction::Hovered && status.0 != tip.0 {
            status.0 = tip.0.clone();
        }
    }
}

/// Carry out the commands of this frame.
#[allow(clippy::too_many_arguments)]
pub fn run_commands(
    mut commands: Commands,
    mut incoming: MessageReader<Command>,
    mut next: ResMut<NextState<Screen>>,
    catalog: Res<Catalog>,
    folders: Res<Folders>,
    mut choice: ResMut<SetupChoice>,
    mut page: ResMut<super::screens::ListPage>,
    mut settings: ResMut<Settings>,
    mut session: Option<ResMut<Session>>,
    mut status: ResMut<Status>,
    mut theme: ResMut<super::theme::Theme>,
    mut windows: Query<&mut Window>,
    mut exit: MessageWriter<AppExit>,
) {
    for cmd in incoming.read() {
        match cmd.clone() {
            Command::Go(to) => {
                if let Some(s) = session.as_mut()
                    && s.leaving
                {
                    s.leaving = false;
                }
                next.set(to)
            }
            Command::Quit => {
                exit.write(AppExit::Success);
            }
            Command::NewGame => next.set(Screen::Picker),
            Command::Continue => match read(&folders.autosave()) {
                Ok(save) => load_into(&mut commands, &catalog, save, &mut next, &mut status),
                Err(e) => status.0 = format!("No game to continue: {e}"),
            },
            Command::LoadFile(path) => match read(&path) {
                Ok(save) => load_into(&mut commands, &catalog, save, &mut next, &mut status),
                Err(e) => status.0 = e.to_string(),
            },
            Command::PickScenario(i) => {
                if i < catalog.entries.len() {
                    choice.scenario = i;
                    choice.side = catalog.entries[i]
                        .0
                        .parties
                        .iter()
                        .position(|p| p.playable)
                        .unwrap_or(0);
                    next.set(Screen::Setup);
                }
            }
            Command::Page(d) => page.0 = page.0.saturating_add_signed(d as isize),
            Command::SetSide(p) => choice.side = p,
            Command::SetOpponent(o) => choice.opponent = o,
            Command::TypeCode => choice.typing = Some(String::new()),
            Command::CodeChar(c) => {
                if let Some(t) = choice.typing.as_mut() {
                    match c {
                        Some(c)
                            if (c.is_ascii_alphanumeric() || c == '-')
                                && t.len() < crate::class::MAX_CODE_LEN =>
                        {
                            t.push(c.to_ascii_uppercase())
                        }
                        Some(_) => {}
                        None => {
                            t.pop();
                        }
                    }
                }
            }
            Command::CodeDone(take) => {
                if let Some(text) = choice.typing.take()
                    && take
                {
                    if crate::class::looks_like_code(&text) {
                        status.0 = match choice.take_class_code(&text, &catalog) {
                            Ok(m) => m,
                            Err(e) => e,
                        };
                    } else {
                        match crate::seed::parse(&text) {
                            Ok(seed) => {
                                choice.seed = seed;
                                status.0 = format!("Seed code {} set.", crate::seed::code(seed));
                            }
                            Err(e) => status.0 = e,
                        }
                    }
                }
            }
            Command::NewSeed => {
                // A new seed from the clock: the UI may read clocks, the simulation never does.
                let t = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1);
                choice.seed = t % 31u64.pow(6);
            }
            Command::StartGame => {
                if let Some(s) = Session::start(&catalog, &choice) {
                    commands.insert_resource(s);
                    next.set(Screen::Briefing);
                }
            }
            Command::TextScale(d) => {
                settings.text_scale = (settings.text_scale + d).clamp(0.75, 2.0);
                theme.scale = settings.text_scale;
                store(&settings, &folders, &mut status);
            }
            Command::TogglePalette => {
                settings.colour_blind = !settings.colour_blind;
                *theme = super::theme_for(&settings, theme.font.clone());
                store(&settings, &folders, &mut status);
            }
            Command::ToggleFullscreen => {
                settings.fullscreen = !settings.fullscreen;
                for mut w in &mut windows {
                    w.mode = if settings.fullscreen {
                        bevy::window::WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                    } else {
                        bevy::window::WindowMode::Windowed
                    };
                }
                store(&settings, &folders, &mut status);
            }
            other => {
                let Some(session) = session.as_deref_mut() else {
                    continue;
                };
                game_command(other, session, &mut next, &folders, &mut status);
            }
        }
    }
}

fn store(settings: &Settings, folders: &Folders, status: &mut Status) {
    match settings.store(&folders.settings_file()) {
        Ok(()) => status.0 = "Settings saved.".into(),
        Err(e) => status.0 = format!("Could not save settings: {e}"),
    }
}

fn load_into(
    commands: &mut Commands,
    catalog: &Catalog,
    save: SaveV1,
    next: &mut NextState<Screen>,
    status: &mut Status,
) {
    let entry = catalog
        .entries
        .iter()
        .find(|(s, _)| s.id == save.scenario_id && s.source_hash == save.scenario_hash)
        .or_else(|| {
            catalog
                .entries
                .iter()
                .find(|(s, _)| s.id == save.scenario_id)
        });
    let Some((scenario, source)) = entry.cloned() else {
        status.0 = format!(
            "The save needs scenario \"{}\", which is not installed.",
            save.scenario_id
        );
        return;
    };
    match save.restore(scenario) {
        Ok(game) => {
            let finished = game.is_finished();
            let label = save.label.clone();
            commands.insert_resource(Session::around(game, source));
            status.0 = format!("Resumed at {label}.");
            next.set(if finished {
                Screen::Debrief
            } else {
                Screen::Table
            });
        }
        Err(e) => status.0 = e.to_string(),
    }
}

fn game_command(
    cmd: Command,
    s: &mut Session,
    next: &mut NextState<Screen>,
    folders: &Folders,
    status: &mut Status,
) {
    match cmd {
        Command::SelectChannel(i) => {
            s.selected_channel = Some(i);
            if let Some(ch) = s.my_channels().into_iter().find(|c| c.index == i)
                && s.draft.is_some()
            {
                s.draft.as_mut().expect("checked").picks.push(ch.id.clone());
                finish_draft(s, status);
            }
        }
        Command::Begin(kind) => {
            s.begin(kind);
            finish_draft(s, status);
        }
        Command::Pick(v) => {
            if let Some(d) = s.draft.as_mut() {
                d.picks.push(v);
            }
            finish_draft(s, status);
        }
        Command::CancelDraft => {
            s.draft = None;
            status.0 = "Cancelled.".into();
        }
        Command::AskLeave => {
            // Saved first, so even a game whose first turn has not ended survives.
            s.draft = None;
            autosave(s, folders, status);
            s.leaving = true;
        }
        Command::StayInGame => s.leaving = false,
        Command::EditorMove(d) => {
            let n = s.editor.options.len() as i32;
            s.editor.cursor = ((s.editor.cursor as i32 + d).rem_euclid(n.max(1))) as usize;
        }
        Command::EditorChange(d) => {
            let i = s.editor.cursor;
            let n = s.scenario().issues[i].options.len() as i32;
            s.editor.options[i] = ((s.editor.options[i] as i32 + d).rem_euclid(n)) as usize;
        }
        Command::EditorSecret => {
            let i = s.editor.cursor;
            s.editor.secret[i] = !s.editor.secret[i];
        }
        Command::Pay(party, d) => {
            if let Some(x) = s.payments.get_mut(party) {
                *x = ((*x + PAY_STEP * d as f64).max(0.0) * 1000.0).round() / 1000.0;
            }
        }
        Command::Propose => {
            let result = s.game.propose(s.proposal());
            let text = s.game.describe_proposal(&result);
            status.0 = if result.is_ok() {
                text
            } else {
                format!("Refused: {text}")
            };
        }
        Command::EndTurn => {
            s.draft = None;
            if s.current + 1 < s.humans.len() {
                s.current += 1;
                next.set(Screen::Handover);
            } else {
                s.current = 0;
                s.game.end_turn();
                let turn = s.game.turn();
                status.0 = format!(
                    "Now {}: the other side's moves and the news are on the right.",
                    s.scenario().label(turn)
                );
                autosave(s, folders, status);
                if s.game.is_finished() {
                    // The instructor's copy: a result file for `backchannel report`.
                    let result = crate::results::GameResult::of(&s.game, &[], None);
                    status.0 = match result.write_in(&folders.results()) {
                        Ok(p) => format!("Result saved to {}", p.display()),
                        Err(e) => format!("The result could not be saved: {e}"),
                    };
                    next.set(Screen::Debrief);
                } else if s.hot_seat() {
                    next.set(Screen::Handover);
                }
            }
            if s.hot_seat() && !s.game.is_finished() {
                // The status line may hold the last player's private moves: wipe it.
                status.0.clear();
            }
            s.reset_editor();
        }
        Command::HandoverDone => {
            status.0 = format!("{}: your turn.", s.seat_name());
            // Each player reads their own confidential briefing before their first turn.
            let first_time = !s.briefed.get(s.current).copied().unwrap_or(true);
            next.set(if first_time {
                Screen::Briefing
            } else {
                Screen::Table
            });
        }
        Command::BriefingRead => {
            if let Some(b) = s.briefed.get_mut(s.current) {
                *b = true;
            }
            next.set(Screen::Table);
        }
        Command::Save => {
            let path = SaveV1::path_in(&folders.saves(), &s.game);
            match write_atomic(
                &path,
                &SaveV1::of(&s.game, s.source.as_ref().map(|p| p.display().to_string())),
            ) {
                Ok(()) => status.0 = format!("Saved to {}", path.display()),
                Err(e) => status.0 = e.to_string(),
            }
        }
        Command::DebriefTab(t) => s.debrief_tab = t,
        Command::Export => {
            let report = Report::from_game(&s.game, s.report_side());
            let stem = format!(
                "{}_seed{}",
                crate::files::safe_stem(&s.scenario().id),
                s.game.seed()
            );
            let dir = folders.exports();
            let json = crate::files::unused_path(&dir, &stem, "json");
            let md = json.with_extension("md");
            let result =
                crate::files::write_atomic(&json, report.to_json().as_bytes()).and_then(|_| {
                    crate::files::write_atomic(
                        &md,
                        crate::report::markdown(&s.game, s.report_side()).as_bytes(),
                    )
                });
            status.0 = match result {
                Ok(()) => format!("Exported {} and {}", json.display(), md.display()),
                Err(e) => format!("Export failed: {e}"),
            };
        }
        _ => {}
    }
}

/// What one press of a pay button adds to or takes from a payment.
pub const PAY_STEP: f64 = 0.005;

/// If the draft is complete, send it to the game and report what happened.
fn finish_draft(s: &mut Session, status: &mut Status) {
    if let Some(action) = s.draft_action() {
        s.draft = None;
        let side = s.side();
        let result = s.game.act(side, action);
        let text = s.game.describe(side, &result);
        status.0 = match result {
            Ok(_) => text,
            Err(_) => format!("Refused: {text}"),
        };
    }
}

fn autosave(s: &Session, folders: &Folders, status: &mut Status) {
    if let Err(e) = write_atomic(
        &folders.autosave(),
        &SaveV1::of(&s.game, s.source.as_ref().map(|p| p.display().to_string())),
    ) {
        status.0 = format!("Autosave failed: {e}");
    }
}
