//! Back Channel: a turn-based negotiation game about secret diplomacy.
//!
//! The library holds the whole game without a window: the simulation as Bevy ECS
//! ([`sim::SimPlugin`]), scenario files ([`scenario`]), the computer player ([`ai`]),
//! the words for what happened ([`narrate`]), the [`game::Game`] driver and JSON
//! [`report`]s. The binary adds the command line and the desktop game.
//!
//! Dependencies point one way: `scenario` ← `sim` ← `ai` ← `game` ← `report`/front-ends;
//! `narrate` reads `sim`'s events and the scenario.

pub mod ai;
pub mod authoring;
pub mod balance;
pub mod batch;
pub mod bundled;
pub mod class;
pub mod class_report;
pub mod debrief;
pub mod experiment;
pub mod files;
pub mod folders;
pub mod game;
pub mod narrate;
pub mod report;
pub mod results;
pub mod save;
pub mod scenario;
pub mod seed;
#[cfg(feature = "serve")]
pub mod server;
pub mod sim;
#[cfg(feature = "gui")]
pub mod ui;

pub use game::{Controller, Game};
pub use scenario::{LoadError, Scenario};
pub use sim::SimPlugin;
pub use sim::actions::Action;

/// DejaVu Sans, compiled into the binary: the desktop's text and the report charts'.
pub const FONT_BYTES: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
