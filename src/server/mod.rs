//! `backchannel serve`: a class plays in the browser.
//!
//! [`room`] holds the class (tables, seats, the instructor's switches) and writes it to
//! disk after every change; [`html`] renders pages from each side's view; [`web`] is
//! the axum layer; [`load`] is the load test's simulated students.

pub mod html;
pub mod load;
pub mod room;
pub mod web;

pub use room::Room;
pub use web::{Server, router, serve};
