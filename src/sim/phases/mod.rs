//! One file per turn phase; each system calls the formulas in `sim::rules`.

pub mod briefing;
pub mod clock;
pub mod counterpart;
pub mod exposure;
pub mod player;
pub mod resolution;
pub mod stakeholders;
