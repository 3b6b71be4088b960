//! The screens, one plugin per file. Entering a screen spawns its root (despawned when
//! the screen is left); the screen's `draw` system fills the root from state, and fills
//! it again only when what it shows changes (the game, the choices, the settings, the
//! theme). The status line is not part of any screen: it lives in a frame spawned
//! once and only its text changes, so hovering a button rebuilds nothing.
//!
//! ```text
//! Frame (persistent)
//! ├── ScreenRoot (DespawnOnExit(screen); scrolls with large text)
//! │   └── the screen's content, rebuilt in place when its inputs change
//! └── StatusBar (persistent) └── StatusLine text = Status
//! ```

mod briefing;
mod debrief;
mod handover;
mod load;
mod mediation;
mod picker;
mod settings;
mod setup;
mod table;
mod title;
mod widgets;

use bevy::prelude::*;

use super::scroll::{
    ScrollMemory, Scrollable, mark_overflow, remember_scrolls, restore_scrolls, scroll_panels,
};
use super::theme::Theme;
use super::{Screen, Status, UiSystems};

/// The screens, the frame around them and the status line.
pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ScrollMemory>()
        .init_resource::<ListPage>()
        .configure_sets(
            Update,
            DrawScreens
                .in_set(UiSystems::Draw)
                .run_if(resource_exists::<Theme>)
                .run_if(not(leaving_the_screen)),
        )
        .add_systems(
            Update,
            (
                (widgets::button_colors, scroll_panels).in_set(UiSystems::Input),
                (
                    remember_scrolls.before(DrawScreens),
                    restore_scrolls.after(DrawScreens),
                    (apply_theme, show_status)
                        .chain()
                        .run_if(resource_exists::<Theme>),
                )
                    .in_set(UiSystems::Draw),
            ),
        )
        .add_systems(PostUpdate, mark_overflow.after(bevy::ui::UiSystems::Layout))
        .add_plugins((
            title::plugin,
            picker::plugin,
            setup::plugin,
            briefing::plugin,
            table::plugin,
            handover::plugin,
            debrief::plugin,
            settings::plugin,
            load::plugin,
        ));
}

/// Each screen's `draw` system, which (re)builds the screen's content.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
struct DrawScreens;

/// A command has just sent the player to another screen (the switch happens at the
/// start of the next frame). The screen being left is not drawn again: when a hot-seat
/// player ends the turn, the session already holds the other side, whose table must
/// not appear even for one frame before the hand-over screen.
fn leaving_the_screen(next: Res<NextState<Screen>>, current: Res<State<Screen>>) -> bool {
    match next.as_ref() {
        NextState::Unchanged => false,
        NextState::Pending(_) => true,
        NextState::PendingIfNeq(s) => s != current.get(),
    }
}

/// The root node of the screen on display.
#[derive(Component, Debug)]
pub struct ScreenRoot;

/// The node that holds the screen and, below it, the status line; spawned once.
#[derive(Component, Debug)]
pub struct Frame;

/// The status line's background.
#[derive(Component, Debug)]
pub struct StatusBar;

/// The status line's text: tips, confirmations, refusals (the [`Status`] resource).
#[derive(Component, Debug)]
pub struct StatusLine;

/// The system that opens `screen` (on `OnEnter`): an empty root at the top of the frame,
/// despawned when the screen is left. The screen's `draw` system fills it.
fn open(screen: Screen) -> impl FnMut(Commands, Query<Entity, With<Frame>>, ResMut<ScrollMemory>) {
    move |mut commands, frames, mut memory| {
        // A screen opens at the top; only rebuilds of the same screen keep positions.
        memory.0.clear();
        let frame = match frames.single() {
            Ok(frame) => frame,
            // The first screen is entered before `Startup`: the frame comes with it.
            Err(_) => spawn_frame(&mut commands),
        };
        let root = commands
            .spawn((
                ScreenRoot,
                DespawnOnExit(screen),
                Node {
                    flex_grow: 1.0,
                    flex_basis: px(0),
                    min_height: px(0),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(8),
                    // With large text a screen may be taller than the window: it scrolls.
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                Scrollable,
                ScrollPosition::default(),
                Interaction::None,
            ))
            .id();
        commands.entity(frame).insert_children(0, &[root]);
    }
}

/// The whole window: the screen on display, then the status line.
fn spawn_frame(commands: &mut Commands) -> Entity {
    commands
        .spawn((
            Frame,
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(12)),
                row_gap: px(8),
                ..default()
            },
        ))
        .with_children(|f| {
            f.spawn((
                StatusBar,
                Node {
                    margin: UiRect::top(px(4)),
                    ..default()
                },
            ))
            .with_children(|b| {
                // Font and colours come from the theme (`apply_theme`).
                b.spawn((StatusLine, Text::new(" ")));
            });
        })
        .id()
}

/// Whether a screen must be built: it was just entered, or something it shows changed.
/// Register a screen drawn from the game in progress: it opens on entering `screen`,
/// and `content` redraws it whenever the session or the theme changes. Without a game
/// it goes back to the title.
fn session_screen(
    app: &mut App,
    screen: Screen,
    content: fn(&mut ChildSpawnerCommands, &Theme, &super::Session),
) {
    let draw = move |mut commands: Commands,
                     root: Single<(Entity, Ref<ScreenRoot>)>,
                     theme: Res<Theme>,
                     session: Option<Res<super::Session>>,
                     mut next: ResMut<NextState<Screen>>| {
        let Some(session) = session else {
            // Nothing to show without a game.
            next.set(Screen::Title);
            return;
        };
        if stale(&root.1, theme.is_changed() || session.is_changed()) {
            fill(&mut commands, root.0, |p| content(p, &theme, &session));
        }
    };
    app.add_systems(OnEnter(screen), open(screen))
        .add_systems(Update, draw.run_if(in_state(screen)).in_set(DrawScreens));
}

/// Register a screen drawn from one resource: it opens on entering `screen`, and
/// `content` redraws it whenever that resource or the theme changes.
fn resource_screen<R: Resource>(
    app: &mut App,
    screen: Screen,
    content: fn(&mut ChildSpawnerCommands, &Theme, &R),
) {
    let draw = move |mut commands: Commands,
                     root: Single<(Entity, Ref<ScreenRoot>)>,
                     theme: Res<Theme>,
                     source: Res<R>| {
        if stale(&root.1, theme.is_changed() || source.is_changed()) {
            fill(&mut commands, root.0, |p| content(p, &theme, &source));
        }
    };
    app.add_systems(OnEnter(screen), open(screen))
        .add_systems(Update, draw.run_if(in_state(screen)).in_set(DrawScreens));
}

/// Which nine entries of a long list (saves, scenarios) are on display; every screen
/// opens on the first nine.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ListPage(pub usize);

/// Register a screen drawn from one resource and showing a list in pages of nine (the
/// number keys choose among them): like [`resource_screen`], and also redrawn when the
/// page changes.
fn paged_screen<R: Resource>(
    app: &mut App,
    screen: Screen,
    content: fn(&mut ChildSpawnerCommands, &Theme, &R, ListPage),
) {
    let draw = move |mut commands: Commands,
                     root: Single<(Entity, Ref<ScreenRoot>)>,
                     theme: Res<Theme>,
                     source: Res<R>,
                     page: Res<ListPage>| {
        if stale(
            &root.1,
            theme.is_changed() || source.is_changed() || page.is_changed(),
        ) {
            fill(&mut commands, root.0, |p| {
                content(p, &theme, &source, *page)
            });
        }
    };
    let first_page = |mut page: ResMut<ListPage>| page.0 = 0;
    app.add_systems(OnEnter(screen), (first_page, open(screen)))
        .add_systems(Update, draw.run_if(in_state(screen)).in_set(DrawScreens));
}

fn stale(root: &Ref<ScreenRoot>, inputs_changed: bool) -> bool {
    root.is_added() || inputs_changed
}

/// Replace what the screen shows with what `build` spawns. The root stays, and with it
/// the screen's own scroll position; keyed panels get theirs back (`restore_scrolls`).
fn fill(commands: &mut Commands, root: Entity, build: impl FnOnce(&mut ChildSpawnerCommands)) {
    commands
        .entity(root)
        .despawn_children()
        .with_children(build);
}

type StatusStyle<'a> = (&'a mut TextFont, &'a mut TextColor);

/// Colours and text size for what outlives the screens: background, status line.
fn apply_theme(
    theme: Res<Theme>,
    mut clear: ResMut<ClearColor>,
    mut bars: Query<&mut BackgroundColor, With<StatusBar>>,
    mut lines: Query<StatusStyle, With<StatusLine>>,
    added: Query<(), Added<StatusLine>>,
) {
    if !theme.is_changed() && added.is_empty() {
        return;
    }
    clear.0 = theme.palette.background;
    for mut bg in &mut bars {
        bg.0 = theme.palette.panel_alt;
    }
    for (mut font, mut color) in &mut lines {
        *font = theme.font(14.0);
        color.0 = theme.palette.text;
    }
}

/// The status line shows the [`Status`] resource; only its text changes.
fn show_status(status: Res<Status>, mut lines: Query<&mut Text, With<StatusLine>>) {
    for mut text in &mut lines {
        if !status.is_changed() && !text.is_added() {
            continue;
        }
        let shown = if status.0.is_empty() { " " } else { &status.0 };
        if text.0 != shown {
            text.0 = shown.to_string();
        }
    }
}
