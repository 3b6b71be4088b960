//! Commands for people who write scenarios: `validate` (errors, warnings and a replay of
//! the historical path), `new-scenario` (a commented starting point) and `list`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use backchannel::authoring::{HistoryCheck, replay_history};
use backchannel::bundled;
use backchannel::folders::{Folders, user_scenarios};
use backchannel::scenario::diagnostics::render_warnings;
use backchannel::scenario::load::check_file;
use backchannel::scenario::validate::id_problem;
use backchannel::scenario::{Diagnostic, LoadError};

/// The template `new-scenario` copies (`__ID__` and `__TITLE__` are filled in).
const TEMPLATE: &str = include_str!("../../templates/new_scenario.ron");

/// One file's result, as `validate --json` prints it.
#[derive(Serialize)]
struct FileReport {
    file: String,
    ok: bool,
    errors: Vec<Place>,
    warnings: Vec<Place>,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<HistoryCheck>,
}

#[derive(Serialize)]
struct Place {
    line: usize,
    col: usize,
    message: String,
}

impl From<&Diagnostic> for Place {
    fn from(d: &Diagnostic) -> Self {
        Place {
            line: d.line,
            col: d.col,
            message: d.message.clone(),
        }
    }
}

/// `validate FILES`: exit 1 if any file has an error or a refused historical step.
pub fn validate(files: &[PathBuf], json: bool, seeds: u64) -> ExitCode {
    let mut failed = 0;
    let mut reports = Vec::new();
    let mine = Folders::locate().user_scenarios();
    for f in files {
        // An id names a file of one's own (`validate camp_david`).
        let by_id = mine.join(format!("{}.ron", f.display()));
        let f = if !f.exists() && id_problem(&f.display().to_string()).is_none() && by_id.exists() {
            &by_id
        } else {
            f
        };
        let mut report = FileReport {
            file: f.display().to_string(),
            ok: false,
            errors: Vec::new(),
            warnings: Vec::new(),
            history: None,
        };
        match check_file(f) {
            Ok(checked) => {
                let scen = Arc::new(checked.scenario);
                report.warnings = checked.warnings.iter().map(Place::from).collect();
                report.history = if seeds > 0 {
                    replay_history(&scen, seeds)
                } else {
                    None
                };
                let refused = report.history.as_ref().is_some_and(HistoryCheck::broken);
                report.ok = !refused;
                if !json {
                    if !checked.warnings.is_empty() {
                        eprintln!("{}", render_warnings(f, &checked.text, &checked.warnings));
                    }
                    println!(
                        "{}: {} — {} ({}), {} turns{}",
                        f.display(),
                        if refused {
                            "loads, but its history does not replay"
                        } else {
                            "ok"
                        },
                        scen.title,
                        scen.year,
                        scen.deadline,
                        match checked.warnings.len() {
                            0 => String::new(),
                            n => format!(", {n} warning(s)"),
                        }
                    );
                    if let Some(h) = &report.history {
                        print_history(f, &checked.text, h);
                    }
                }
            }
            Err(e) => {
                report.errors = e.diagnostics().iter().map(Place::from).collect();
                if report.errors.is_empty() {
                    report.errors.push(Place {
                        line: 0,
                        col: 0,
                        message: e.to_string(),
                    });
                }
                if !json {
                    eprintln!("{e}");
                }
            }
        }
        failed += usize::from(!report.ok);
        reports.push(report);
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&reports).expect("reports serialise")
        );
    } else if failed > 0 {
        eprintln!("{failed} of {} file(s) invalid", files.len());
    }
    if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The historical replay in words: outcomes, then each refused step at its place.
fn print_history(path: &Path, text: &str, h: &HistoryCheck) {
    let outcomes: Vec<String> = h
        .outcomes
        .iter()
        .map(|(code, n)| format!("{code} {:.0} %", 100.0 * *n as f64 / h.seeds as f64))
        .collect();
    println!(
        "  historical path over {} seeds: {}",
        h.seeds,
        outcomes.join(", ")
    );
    let places = backchannel::scenario::validate::historical_offsets(text);
    for r in &h.refusals {
        let (line, col) = places
            .get(r.index)
            .map(|&o| backchannel::scenario::diagnostics::position_of(text, o))
            .unwrap_or((0, 0));
        let (kind, when) = if r.always(h.seeds) {
            ("error", "in every seed".to_string())
        } else {
            (
                "note",
                format!(
                    "in {} of {} seeds, after chance went another way",
                    r.seeds, h.seeds
                ),
            )
        };
        eprintln!(
            "{}:{line}:{col}: {kind}: historical step {} (turn {}, {} does {}) is refused {when}: {}",
            path.display(),
            r.index + 1,
            r.turn,
            r.party,
            r.action,
            r.reason
        );
    }
}

/// `list`: the bundled scenarios, then the user's own with where they are.
pub fn list() {
    println!("{:<16} {:>5}  TITLE", "ID", "YEAR");
    for (name, s) in bundled::BUNDLED.iter().zip(bundled::all()) {
        match s {
            Ok(s) => println!("{:<16} {:>5}  {}", s.id, s.year, s.title),
            Err(e) => eprintln!("{}: {e}", name.0),
        }
    }
    let folders = Folders::locate();
    let (mine, problems) = user_scenarios(&folders);
    println!(
        "\nYours, in {} ({}):",
        folders.user_scenarios().display(),
        if mine.is_empty() && problems.is_empty() {
            "none yet; `backchannel new-scenario NAME` starts one"
        } else {
            "play them with `play -s ID`"
        }
    );
    for (s, path) in &mine {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        println!("{stem:<16} {:>5}  {}", s.year, s.title);
    }
    for p in problems {
        eprintln!("{}", p.lines().next().unwrap_or_default());
    }
}

/// `new-scenario NAME`: write the commented template where the game finds it.
pub fn new_scenario(name: &str, title: Option<&str>, dir: Option<&Path>) -> ExitCode {
    if let Some(problem) = id_problem(name) {
        eprintln!("error: the name becomes the scenario's id, and the id {problem}");
        return ExitCode::from(2);
    }
    if title.is_some_and(|t| t.chars().count() > 160) {
        eprintln!("error: the title is longer than 160 characters");
        return ExitCode::from(2);
    }
    let dir = dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Folders::locate().user_scenarios());
    let path = dir.join(format!("{name}.ron"));
    if path.exists() {
        eprintln!(
            "error: {} already exists; choose another name or move it away (nothing was written)",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    let title = title.map(str::to_string).unwrap_or_else(|| {
        let words = name.replace('_', " ");
        let mut c = words.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    });
    let text = TEMPLATE.replace("__ID__", name).replace(
        "__TITLE__",
        &title.replace('\\', "\\\\").replace('"', "\\\""),
    );
    if let Err(e) = backchannel::files::write_atomic(&path, text.as_bytes()) {
        eprintln!("error: {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    match check_file(&path) {
        Ok(_) => {
            println!("Wrote {}", path.display());
            println!("Next:");
            println!(
                "  edit it (the comments say what each part does; docs/scenario-guide.md has the formulas)"
            );
            println!("  backchannel validate {name}");
            println!("  backchannel play -s {name}");
            println!("  backchannel balance -s {name}");
            ExitCode::SUCCESS
        }
        Err(e @ LoadError::Invalid { .. }) => {
            eprintln!("error: the new file does not load (a bug; please report it):\n{e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
