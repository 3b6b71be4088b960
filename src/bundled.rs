//! The scenarios shipped inside the binary, so `backchannel` runs from anywhere.

use std::path::Path;
use std::sync::Arc;

use crate::scenario::{LoadError, Scenario, load_bytes, load_file};

/// (file name, text) of every bundled scenario, in menu order.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "scenarios/tutorial.ron",
        include_str!("../scenarios/tutorial.ron"),
    ),
    (
        "scenarios/cuba_1962.ron",
        include_str!("../scenarios/cuba_1962.ron"),
    ),
    (
        "scenarios/china_1971.ron",
        include_str!("../scenarios/china_1971.ron"),
    ),
    (
        "scenarios/oslo_1993.ron",
        include_str!("../scenarios/oslo_1993.ron"),
    ),
    (
        "scenarios/uk_ira_1993.ron",
        include_str!("../scenarios/uk_ira_1993.ron"),
    ),
    (
        "scenarios/iran_oman_2013.ron",
        include_str!("../scenarios/iran_oman_2013.ron"),
    ),
    (
        "scenarios/us_cuba_2014.ron",
        include_str!("../scenarios/us_cuba_2014.ron"),
    ),
    (
        "scenarios/digital_age.ron",
        include_str!("../scenarios/digital_age.ron"),
    ),
];

/// Every bundled scenario, loaded (a broken bundled file is a build bug, reported as an error).
pub fn all() -> Vec<Result<Scenario, LoadError>> {
    BUNDLED
        .iter()
        .map(|(name, text)| load_bytes(Path::new(name), text.as_bytes()))
        .collect()
}

/// A scenario by bundled id, by file path, or by the id of a file in the user's
/// scenarios folder (`Folders::user_scenarios`, where `new-scenario` writes).
pub fn resolve(id_or_path: &str) -> Result<Arc<Scenario>, String> {
    for (name, text) in BUNDLED {
        let stem = Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem == id_or_path {
            return load_bytes(Path::new(name), text.as_bytes())
                .map(Arc::new)
                .map_err(|e| e.to_string());
        }
    }
    let path = Path::new(id_or_path);
    if path.exists() {
        return load_file(path).map(Arc::new).map_err(|e| e.to_string());
    }
    let folders = crate::folders::Folders::locate();
    let mine = folders.user_scenarios();
    if let Some(file) = folders.user_scenario_file(id_or_path) {
        return load_file(&file).map(Arc::new).map_err(|e| e.to_string());
    }
    let ids: Vec<&str> = BUNDLED
        .iter()
        .filter_map(|(n, _)| Path::new(n).file_stem().and_then(|s| s.to_str()))
        .collect();
    let own: Vec<String> = std::fs::read_dir(&mine)
        .map(|it| {
            it.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    (p.extension()? == "ron").then(|| p.file_stem()?.to_str().map(String::from))?
                })
                .take(20)
                .collect()
        })
        .unwrap_or_default();
    Err(format!(
        "no bundled scenario \"{id_or_path}\" and no such file; bundled scenarios: {}; yours (in {}): {}",
        ids.join(", "),
        mine.display(),
        if own.is_empty() {
            "none yet (`backchannel new-scenario NAME` starts one)".to_string()
        } else {
            own.join(", ")
        }
    ))
}
