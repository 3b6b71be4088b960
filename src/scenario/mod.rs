//! Scenario files: the RON schema instructors write, loading, validation, diagnostics.

pub mod diagnostics;
pub mod load;
pub mod model;
pub mod scan;
pub mod schema;
pub mod stress;
pub mod validate;

pub use diagnostics::{Diagnostic, LoadError};
pub use load::{load_bytes, load_file};
pub use model::Scenario;
