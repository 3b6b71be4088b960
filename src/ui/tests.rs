//! The desktop game's plugins in a headless app (no window, no GPU): what a hover, a
//! command or a rebuild does to the entities on screen.

use bevy::input::InputPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use super::commands::Tip;
use super::screens::ScreenRoot;
use super::scroll::{PanelKey, Scrollable};
use super::settings::{Folders, Settings};
use super::{Command, GuiPlugin, Screen, Session, Status};
use crate::bundled;
use crate::game::{Controller, Game};

/// The GUI plugin on a world without a window: enough of Bevy for its systems to run.
fn headless_app() -> App {
    let home = std::env::temp_dir().join(format!(
        "bc-ui-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let folders = Folders {
        config: home.join("config"),
        data: home.join("data"),
    };
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin, InputPlugin))
        .init_resource::<Assets<Font>>()
        .add_plugins(GuiPlugin {
            folders,
            settings: Settings::default(),
        });
    app.update();
    app
}

/// A hot-seat game of Cuba 1962 on the negotiation table.
fn at_the_table() -> App {
    let mut app = headless_app();
    let scen = bundled::resolve("cuba_1962").expect("bundled scenario");
    let game = Game::new(scen, 5, &[Controller::Human, Controller::Human]);
    app.insert_resource(Session::around(game, None));
    app.world_mut().write_message(Command::Go(Screen::Table));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Table
    );
    app
}

fn screen_root(app: &mut App) -> Entity {
    app.world_mut()
        .query_filtered::<Entity, With<ScreenRoot>>()
        .single(app.world())
        .expect("one screen on display")
}

/// The scrollable panels of the screen (not the screen itself), with their positions.
fn panels(app: &mut App) -> Vec<(Entity, Vec2)> {
    let mut v: Vec<(Entity, Vec2)> = app
        .world_mut()
        .query_filtered::<(Entity, &ScrollPosition), (With<Scrollable>, Without<ScreenRoot>)>()
        .iter(app.world())
        .map(|(e, p)| (e, p.0))
        .collect();
    v.sort_by_key(|(e, _)| *e);
    v
}

#[test]
fn hovering_a_button_does_not_rebuild_the_table() {
    let mut app = at_the_table();
    let root = screen_root(&mut app);
    // The player has scrolled the panels.
    let scrolled: Vec<Entity> = panels(&mut app).into_iter().map(|(e, _)| e).collect();
    assert_eq!(scrolled.len(), 3, "channels, package, home front");
    for (i, e) in scrolled.iter().enumerate() {
        app.world_mut().get_mut::<ScrollPosition>(*e).unwrap().0.y = 40.0 + i as f32;
    }
    let before = panels(&mut app);
    // The pointer moves over a button with a tip.
    let (button, tip) = app
        .world_mut()
        .query_filtered::<(Entity, &Tip), With<Button>>()
        .iter(app.world())
        .map(|(e, t)| (e, t.0.clone()))
        .find(|(_, t)| t.starts_with("The other side moves"))
        .expect("the End turn button");
    *app.world_mut().get_mut::<Interaction>(button).unwrap() = Interaction::Hovered;
    app.update();
    app.update();
    assert_eq!(app.world().resource::<Status>().0, tip, "the tip is shown");
    assert_eq!(
        screen_root(&mut app),
        root,
        "the screen was rebuilt on hover"
    );
    assert_eq!(
        panels(&mut app),
        before,
        "a hover must leave the panels and their scroll positions alone"
    );
}

#[test]
fn a_rebuilt_table_keeps_its_panels_scroll_positions() {
    let mut app = at_the_table();
    let root = screen_root(&mut app);
    let keyed = |app: &mut App| -> Vec<(PanelKey, Entity, Vec2)> {
        let mut v: Vec<_> = app
            .world_mut()
            .query::<(&PanelKey, Entity, &ScrollPosition)>()
            .iter(app.world())
            .map(|(k, e, p)| (*k, e, p.0))
            .collect();
        v.sort_by_key(|(k, _, _)| (k.name, k.index));
        v
    };
    for (i, (_, e, _)) in keyed(&mut app).into_iter().enumerate() {
        app.world_mut().get_mut::<ScrollPosition>(e).unwrap().0.y = 25.0 * (i + 1) as f32;
    }
    let before = keyed(&mut app);
    // Selecting a channel changes what the table shows: its content is built again.
    app.world_mut().write_message(Command::SelectChannel(0));
    app.update();
    app.update();
    let after = keyed(&mut app);
    assert_eq!(screen_root(&mut app), root, "the screen itself stays");
    assert_eq!(after.len(), before.len());
    for ((k0, e0, p0), (k1, e1, p1)) in before.iter().zip(&after) {
        assert_eq!(k0, k1);
        assert_ne!(e0, e1, "the {} panel was built again", k0.name);
        assert_eq!(p0, p1, "the {} panel kept its scroll position", k0.name);
    }
    // Leaving the screen forgets the positions: the next screen opens at the top.
    app.world_mut().write_message(Command::Go(Screen::Title));
    app.update();
    app.update();
    assert!(keyed(&mut app).iter().all(|(_, _, p)| *p == Vec2::ZERO));
    assert_ne!(
        screen_root(&mut app),
        root,
        "one screen root: the table's was despawned on exit"
    );
}

#[test]
fn the_status_line_is_one_entity_that_outlives_the_screens() {
    let mut app = headless_app();
    let line = |app: &mut App| -> (Entity, String) {
        let (e, t) = app
            .world_mut()
            .query_filtered::<(Entity, &Text), With<super::screens::StatusLine>>()
            .single(app.world())
            .expect("one status line");
        (e, t.0.clone())
    };
    let (first, _) = line(&mut app);
    app.world_mut().resource_mut::<Status>().0 = "Saved.".into();
    app.update();
    assert_eq!(line(&mut app), (first, "Saved.".to_string()));
    app.world_mut().write_message(Command::Go(Screen::Settings));
    app.update();
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Settings
    );
    assert_eq!(line(&mut app).0, first, "the status line was not respawned");
}

#[test]
fn ending_a_hot_seat_turn_never_draws_the_other_sides_table() {
    let mut app = at_the_table();
    let before = panels(&mut app);
    app.world_mut().write_message(Command::EndTurn);
    app.update();
    // The session now holds the other side; the switch to the hand-over screen
    // happens at the start of the next frame. Until then the table stays as it was.
    assert_eq!(app.world().resource::<Session>().side(), 1);
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Table
    );
    assert_eq!(
        panels(&mut app),
        before,
        "the table was drawn again, for the other side"
    );
    app.update();
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Handover
    );
    assert!(panels(&mut app).is_empty(), "nothing of the table is left");
}

/// A key goes down and up, as the window would report it.
fn press(app: &mut App, key: KeyCode) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    for state in [ButtonState::Pressed, ButtonState::Released] {
        app.world_mut().write_message(KeyboardInput {
            key_code: key,
            logical_key: Key::Unidentified(bevy::input::keyboard::NativeKey::Unidentified),
            state,
            text: None,
            repeat: false,
            window: Entity::PLACEHOLDER,
        });
        app.update();
    }
    app.update();
}

#[test]
fn keys_press_the_buttons_that_show_them() {
    let mut app = at_the_table();
    // A digit selects the channel shown with that number.
    press(&mut app, KeyCode::Digit2);
    let second = app.world().resource::<Session>().my_channels()[1].index;
    assert_eq!(
        app.world().resource::<Session>().selected_channel,
        Some(second)
    );
    // A letter begins the action whose button shows it; Esc drops it again.
    press(&mut app, KeyCode::KeyB);
    assert!(app.world().resource::<Session>().draft.is_some());
    press(&mut app, KeyCode::Escape);
    assert!(app.world().resource::<Session>().draft.is_none());
    // Enter ends the turn; in hot-seat the hand-over screen follows.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Handover
    );
}

/// The `LoadFile` commands of the buttons on display.
fn load_buttons(app: &mut App) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = app
        .world_mut()
        .query::<&super::commands::Does>()
        .iter(app.world())
        .filter_map(|d| match &d.0 {
            Command::LoadFile(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

/// Issue 10: the Load screen showed only the nine newest saves; now every save can be
/// reached, nine at a time, by keyboard.
#[test]
fn every_save_can_be_reached_from_the_load_screen() {
    let mut app = headless_app();
    let saves = app.world().resource::<Folders>().saves();
    let _ = std::fs::remove_dir_all(&saves);
    let scen = bundled::resolve("tutorial").expect("bundled scenario");
    for seed in 0..12 {
        let g = Game::new(scen.clone(), seed, &[Controller::Human, Controller::Human]);
        let path = crate::save::SaveV1::path_in(&saves, &g);
        crate::save::write_atomic(&path, &crate::save::SaveV1::of(&g, None)).unwrap();
    }
    app.world_mut().write_message(Command::Go(Screen::Load));
    for _ in 0..3 {
        app.update();
    }
    let first = load_buttons(&mut app);
    assert_eq!(first.len(), 9);
    press(&mut app, KeyCode::KeyN);
    let second = load_buttons(&mut app);
    assert_eq!(second.len(), 3);
    let all: std::collections::BTreeSet<_> = first.iter().chain(&second).collect();
    assert_eq!(all.len(), 12, "the two pages show twelve different saves");
    press(&mut app, KeyCode::KeyP);
    assert_eq!(load_buttons(&mut app), first);
}

/// Issue 11: live reload. A valid edit of the scenario being played replays the game
/// on the new version; a broken edit is reported and the last good version stays.
#[test]
fn an_edited_scenario_reloads_and_a_broken_one_is_reported() {
    use super::reload::{Reload, Watched, check};
    let dir = std::env::temp_dir().join(format!("bc-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mine.ron");
    let text = include_str!("../../scenarios/tutorial.ron");
    std::fs::write(&path, text).unwrap();
    let scen = std::sync::Arc::new(crate::scenario::load_file(&path).unwrap());
    let mut game = Game::new(scen, 3, &[Controller::Human, Controller::Human]);
    game.end_turn();
    let mut session = Session::around(game, Some(path.clone()));
    let mut catalog = super::Catalog::default();
    let mut seen = Watched::default();
    assert_eq!(
        check(&mut session, &mut catalog, &mut seen),
        Reload::Unchanged
    );
    // A new title (the length changes, so the edit is seen even within one second).
    std::fs::write(
        &path,
        text.replace("The Grey Shoal", "The Grey Shoal, revised"),
    )
    .unwrap();
    assert_eq!(
        check(&mut session, &mut catalog, &mut seen),
        Reload::Replayed { refused: 0 }
    );
    assert!(session.scenario().title.ends_with("revised"));
    assert_eq!((session.game.turn(), session.game.seed()), (2, 3));
    // A broken edit: reported, and the game keeps the last good version.
    std::fs::write(&path, text.replace("deadline: 6", "deadline: 0")).unwrap();
    match check(&mut session, &mut catalog, &mut seen) {
        Reload::Broken(problems) => {
            let line = text
                .lines()
                .position(|l| l.contains("deadline: 6"))
                .unwrap()
                + 1;
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with(&format!("mine.ron:{line}:")) && p.contains("deadline")),
                "{problems:?}"
            );
        }
        other => panic!("expected a broken file, got {other:?}"),
    }
    assert!(session.scenario().title.ends_with("revised"));
    // Undoing the broken edit brings back the version being played: nothing to replay.
    std::fs::write(
        &path,
        text.replace("The Grey Shoal", "The Grey Shoal, revised"),
    )
    .unwrap();
    // (Same length as the broken text: make the watcher look even within one second.)
    seen.0 = Some((std::time::SystemTime::UNIX_EPOCH, 0));
    assert_eq!(check(&mut session, &mut catalog, &mut seen), Reload::Same);
}

/// Type text as the window would report it (a key down with its character, then up).
fn type_text(app: &mut App, text: &str) {
    use bevy::input::ButtonState;
    use bevy::input::keyboard::{Key, KeyboardInput};
    for c in text.chars() {
        for state in [ButtonState::Pressed, ButtonState::Released] {
            app.world_mut().write_message(KeyboardInput {
                key_code: KeyCode::KeyA,
                logical_key: Key::Character(c.to_string().into()),
                state,
                text: None,
                repeat: false,
                window: Entity::PLACEHOLDER,
            });
            app.update();
        }
    }
}

/// Issue 12: the class's seed code can be typed on the setup screen ([Y]), and the
/// letters typed do not press the screen's buttons.
#[test]
fn a_class_seed_code_can_be_typed_on_the_setup_screen() {
    let mut app = headless_app();
    app.world_mut().write_message(Command::PickScenario(1));
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Setup
    );
    let code = crate::seed::code(424_242);
    press(&mut app, KeyCode::KeyY);
    // `e` and `h` would choose opponents and `r` a new seed if they reached the buttons.
    type_text(&mut app, &code.to_lowercase());
    let before = app.world().resource::<super::SetupChoice>().opponent;
    type_text(&mut app, "x");
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    let choice = app.world().resource::<super::SetupChoice>();
    assert_eq!(choice.seed, 424_242);
    assert_eq!(choice.opponent, before);
    assert!(choice.typing.is_none());
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Setup
    );
}

/// Issue 12: in hot-seat, the second player reads their own confidential briefing
/// before their first turn (it went straight to the table), and only then.
#[test]
fn each_hot_seat_player_reads_their_briefing_once() {
    let mut app = at_the_table();
    let screen = |app: &App| *app.world().resource::<State<Screen>>().get();
    press(&mut app, KeyCode::Enter); // the first player ends the turn
    assert_eq!(screen(&app), Screen::Handover);
    press(&mut app, KeyCode::Enter); // the second player takes the seat
    assert_eq!(screen(&app), Screen::Briefing);
    assert_eq!(app.world().resource::<Session>().side(), 1);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Table);
    // End of turn 1: back to the first player, who (this test started at the table)
    // has not read a briefing either.
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Handover);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Briefing);
    assert_eq!(app.world().resource::<Session>().side(), 0);
    press(&mut app, KeyCode::Enter);
    assert_eq!(screen(&app), Screen::Table);
    // From here on every hand-over leads straight to the table.
    for _ in 0..2 {
        press(&mut app, KeyCode::Enter);
        assert_eq!(screen(&app), Screen::Handover);
        press(&mut app, KeyCode::Enter);
        assert_eq!(screen(&app), Screen::Table);
    }
}

/// Issue 12: a channel has one number everywhere; in the pickers too, although the
/// dormant channel before it is not a choice there.
#[test]
fn channels_keep_their_number_in_the_pickers() {
    let mut app = at_the_table();
    {
        let mut s = app.world_mut().resource_mut::<Session>();
        s.game
            .act(
                0,
                crate::Action::OpenChannel {
                    id: "rfk_dobrynin".into(),
                    from: "rfk".into(),
                    to: "dobrynin".into(),
                    via: None,
                    medium: crate::scenario::schema::Medium::FaceToFace,
                },
            )
            .expect("open");
    }
    app.update();
    let listed = app
        .world()
        .resource::<Session>()
        .my_channels()
        .iter()
        .position(|c| c.id == "rfk_dobrynin")
        .expect("listed");
    assert_eq!(
        listed, 3,
        "fourth in the list, after the dormant Bolshakov line"
    );
    press(&mut app, KeyCode::KeyK); // Confirm asks for a channel
    let key = app
        .world_mut()
        .query::<(&super::commands::Key, &super::commands::Does)>()
        .iter(app.world())
        .find_map(|(k, d)| matches!(&d.0, Command::Pick(v) if v == "rfk_dobrynin").then_some(k.0));
    assert_eq!(key, Some(KeyCode::Digit4));
}

#[test]
fn leaving_the_table_asks_first_and_the_game_is_already_saved() {
    let mut app = at_the_table();
    let autosave = app.world().resource::<Folders>().autosave();
    let _ = std::fs::remove_file(&autosave);
    let screen = |app: &App| *app.world().resource::<State<Screen>>().get();
    // Before any turn has ended: Esc asks, and the game is on disk already.
    app.world_mut().write_message(Command::AskLeave);
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Table, "Esc asks; it does not leave");
    assert!(app.world().resource::<Session>().leaving);
    assert!(
        autosave.exists(),
        "asked to leave, the game is autosaved first"
    );
    // Stay: back at the table; then leave for real.
    app.world_mut().write_message(Command::StayInGame);
    app.update();
    assert!(!app.world().resource::<Session>().leaving);
    app.world_mut().write_message(Command::AskLeave);
    app.update();
    app.world_mut().write_message(Command::Go(Screen::Title));
    app.update();
    app.update();
    assert_eq!(screen(&app), Screen::Title);
}

#[test]
fn a_panel_with_more_below_than_it_shows_is_outlined_until_its_end_is_in_view() {
    use bevy::ecs::system::RunSystemOnce;
    let mut app = headless_app();
    let node = |scrolled: f32| ComputedNode {
        size: Vec2::new(300.0, 200.0),
        content_size: Vec2::new(300.0, 500.0),
        scroll_position: Vec2::new(0.0, scrolled),
        ..default()
    };
    let e = app
        .world_mut()
        .spawn((
            node(0.0),
            Outline::new(px(2), px(0), Color::NONE),
            Scrollable,
        ))
        .id();
    let outlined = |app: &mut App| {
        app.world_mut()
            .run_system_once(super::scroll::mark_overflow)
            .unwrap();
        app.world().get::<Outline>(e).unwrap().color != Color::NONE
    };
    assert!(outlined(&mut app), "300 px hidden below: outlined");
    app.world_mut().entity_mut(e).insert(node(300.0));
    assert!(!outlined(&mut app), "scrolled to the end: no outline");
}

/// The mediator's seat is reached from the setup screen and played with the keys its
/// buttons show: the payments, the proposal, the end of the turn.
#[test]
fn the_mediators_seat_is_played_from_the_keyboard() {
    let mut app = headless_app();
    let oslo = app
        .world()
        .resource::<super::Catalog>()
        .entries
        .iter()
        .position(|(s, _)| s.id == "oslo_1993")
        .expect("Oslo is bundled");
    app.world_mut().write_message(Command::PickScenario(oslo));
    for _ in 0..3 {
        app.update();
    }
    press(&mut app, KeyCode::KeyM);
    assert_eq!(app.world().resource::<super::SetupChoice>().side, 2);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        *app.world().resource::<State<Screen>>().get(),
        Screen::Briefing
    );
    press(&mut app, KeyCode::Enter);
    let s = app.world().resource::<Session>();
    assert!(s.is_mediator() && !s.hot_seat());
    assert_eq!(s.game.mediator(), Controller::Human);
    // Norway joins on turn 3: two turns pass with Enter.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.world().resource::<Session>().game.turn(), 3);
    press(&mut app, KeyCode::KeyQ);
    press(&mut app, KeyCode::KeyQ);
    press(&mut app, KeyCode::KeyW);
    assert_eq!(
        app.world().resource::<Session>().payments,
        vec![0.01, 0.005]
    );
    press(&mut app, KeyCode::KeyP);
    let v = app.world().resource::<Session>().game.mediator_view();
    assert_eq!(v.proposals.len(), 1);
    assert_eq!(v.proposals[0].payments, vec![0.01, 0.005]);
    assert!(v.refusal.is_some(), "one proposal a turn");
    assert!(
        app.world()
            .resource::<Status>()
            .0
            .contains("Norway proposes"),
        "{}",
        app.world().resource::<Status>().0
    );
}
