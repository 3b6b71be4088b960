//! The formulas of the design, as pure functions unit-tested with numbers.

pub mod concession;
pub mod domestic;
pub mod leak;
pub mod moves;
pub mod ratification;
