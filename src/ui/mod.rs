//! The desktop game (feature `gui`): Bevy UI on top of the unchanged simulation.
//!
//! The UI holds no game rule. It keeps a [`Session`] (the headless [`Game`] and what
//! the player is looking at), draws the current [`Screen`] from it, and turns clicks
//! and keys into [`Command`]s; every game move goes through `Game::act`, exactly as in
//! the terminal. Each screen is a plugin (`screens/`): spawned when entered, despawned
//! when left, and its content rebuilt from state only when what it shows changes; the
//! status line is updated in place. The window only redraws after input (reactive
//! desktop mode), so an idle game costs almost nothing.

pub mod automation;
pub mod commands;
pub mod reload;
pub mod screens;
pub mod scroll;
pub mod session;
pub mod settings;
pub mod theme;

use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::{WindowMode, WindowResolution};
use bevy::winit::WinitSettings;

pub use commands::Command;
pub use session::{Catalog, Session, SetupChoice};
use settings::{Folders, Settings};
use theme::{Palette, Theme};

/// Every screen of the game.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Title,
    Picker,
    Setup,
    Briefing,
    Table,
    Handover,
    Debrief,
    Settings,
    Load,
}

/// A one-line message at the bottom of every screen (tooltips, errors, confirmations).
#[derive(Resource, Debug, Default, Clone)]
pub struct Status(pub String);

/// The order of the UI's work in a frame: read the pointer and keys, carry out the
/// commands, then draw what changed.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiSystems {
    Input,
    Commands,
    Draw,
}

/// Options of the desktop run.
#[derive(Debug, Clone, Default)]
pub struct DesktopOptions {
    /// Drive the app through every screen, save a PNG of each here, then quit.
    pub screenshots: Option<std::path::PathBuf>,
}

/// Why the desktop game cannot start here, if it cannot.
pub fn display_problem() -> Option<String> {
    let x11 = std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty());
    if !x11 {
        return Some("no display found (DISPLAY is not set)".into());
    }
    let icd_dirs = [
        "/usr/share/vulkan/icd.d",
        "/etc/vulkan/icd.d",
        "/usr/local/share/vulkan/icd.d",
    ];
    let has_vulkan = std::env::var_os("VK_ICD_FILENAMES").is_some()
        || std::env::var_os("VK_DRIVER_FILES").is_some()
        || icd_dirs.iter().any(|d| {
            std::fs::read_dir(d).is_ok_and(|mut it| {
                it.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json")))
            })
        });
    if !has_vulkan {
        return Some(
            "no Vulkan driver found (install mesa-vulkan-drivers or your GPU's driver)".into(),
        );
    }
    None
}

/// Run the desktop game; returns the process exit code.
pub fn run_desktop(options: DesktopOptions) -> ExitCode {
    if let Some(problem) = display_problem() {
        eprintln!(
            "backchannel: {problem}; play in the terminal instead: backchannel play --scenario cuba_1962"
        );
        return ExitCode::from(2);
    }
    let folders = Folders::locate();
    let settings = Settings::load(&folders.settings_file());
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Back Channel".into(),
                    resolution: WindowResolution::new(1280, 720),
                    mode: if settings.fullscreen && options.screenshots.is_none() {
                        WindowMode::BorderlessFullscreen(MonitorSelection::Current)
                    } else {
                        WindowMode::Windowed
                    },
                    ..default()
                }),
                ..default()
            })
            .set(bevy::log::LogPlugin {
                filter: "warn,wgpu=error,naga=error".into(),
                ..default()
            }),
    );
    app.add_plugins(GuiPlugin { folders, settings });
    if let Some(dir) = options.screenshots {
        app.add_plugins(automation::ScreenshotTour { dir });
    } else {
        // Reactive, as a desktop app should be, but awake once a second even in the
        // background: an instructor editing the scenario in another window sees the
        // change (live reload) without touching the game.
        let second = std::time::Duration::from_secs(1);
        app.insert_resource(WinitSettings {
            focused_mode: bevy::winit::UpdateMode::reactive(second),
            unfocused_mode: bevy::winit::UpdateMode::reactive_low_power(second),
        });
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(_) => ExitCode::FAILURE,
    }
}

/// Composes the screens and their shared systems.
pub struct GuiPlugin {
    pub folders: Folders,
    pub settings: Settings,
}

impl Plugin for GuiPlugin {
    fn build(&self, app: &mut App) {
        let catalog = Catalog::load(&self.folders);
        app.insert_resource(self.folders.clone())
            .insert_resource(self.settings.clone())
            .insert_resource(catalog)
            .init_resource::<SetupChoice>()
            .init_resource::<Status>()
            .init_state::<Screen>()
            .add_message::<Command>()
            .insert_resource(ClearColor(Palette::standard().background))
            .configure_sets(
                Update,
                (UiSystems::Input, UiSystems::Commands, UiSystems::Draw).chain(),
            )
            .add_systems(Startup, startup)
            .add_systems(
                Update,
                (
                    (
                        commands::keyboard_to_commands,
                        commands::clicks_to_commands,
                        commands::hover_tips,
                    )
                        .chain()
                        .in_set(UiSystems::Input),
                    (commands::run_commands, reload::watch_source)
                        .chain()
                        .in_set(UiSystems::Commands),
                ),
            )
            .init_resource::<reload::Watched>()
            .add_plugins(screens::plugin);
    }
}

fn startup(mut commands: Commands, mut fonts: ResMut<Assets<Font>>, settings: Res<Settings>) {
    commands.spawn(Camera2d);
    let font = fonts.add(Font::from_bytes(theme::FONT_BYTES.to_vec()));
    commands.insert_resource(theme_for(&settings, font));
}

/// The theme the settings ask for.
pub fn theme_for(settings: &Settings, font: Handle<Font>) -> Theme {
    Theme {
        palette: if settings.colour_blind {
            Palette::colour_blind()
        } else {
            Palette::standard()
        },
        scale: settings.text_scale,
        font,
    }
}

#[cfg(test)]
mod tests;
