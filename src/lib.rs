//! Back Channel: a turn-based negotiation game about secret diplomacy.
//!
//! The library holds the whole game without a window: the simulation as Bevy ECS
//! ([`sim::SimPlugin`]), scenario files ([`scenario`]), computer policies ([`ai`]),
//! the [`game::Game`] driver and JSON [`report`]s. The binary adds the command line.

pub mod ai;
pub mod bundled;
pub mod game;
pub mod report;
pub mod save;
pub mod scenario;
pub mod sim;
#[cfg(feature = "gui")]
pub mod ui;

pub use game::Game;
pub use scenario::{LoadError, Scenario};
pub use sim::SimPlugin;
pub use sim::actions::Action;
pub use sim::components::Controller;
