//! Errors met while loading a scenario, with file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use ariadne::{Config, IndexType, Label, Report, ReportKind, Source};
use thiserror::Error;

/// One problem in a scenario file, at a place in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    pub message: String,
}

/// Why a scenario file could not be loaded.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: the file is {size} bytes; scenario files are limited to {limit} bytes")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{path}: the file is empty; expected a scenario in RON, starting with `(` or `Scenario(`"
    )]
    Empty { path: PathBuf },
    #[error(
        "{path}: the file looks binary (it contains a NUL byte at offset {offset}); expected a RON text file"
    )]
    Binary { path: PathBuf, offset: usize },
    #[error("{path}:{line}:{col}: the file is not UTF-8 text (invalid byte); save it as UTF-8")]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        col: usize,
    },
    #[error("{}", render_all(path, text, diagnostics))]
    Invalid {
        path: PathBuf,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl LoadError {
    /// The diagnostics of an invalid file (empty for other errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Invalid { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

/// Byte offset of a (line, col) position in `text`, clamped to the text.
pub fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map(|(b, _)| b)
                .unwrap_or(l.trim_end_matches('\n').len());
            return offset + within;
        }
        offset += l.len();
    }
    text.len()
}

/// (line, col) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// A string from a file, quoted and made safe to print: control and direction-changing
/// characters (which could make a message read backwards) are shown as `\u{..}`
/// escapes, and a long one is cut.
pub fn shown(s: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::from("\"");
    for (n, c) in s.chars().enumerate() {
        if n == MAX {
            out.push('…');
            break;
        }
        push_safe(&mut out, c);
    }
    out.push('"');
    out
}

/// Control and direction-changing characters, which could make printed text read
/// differently from what the file holds.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn push_safe(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn render_all(path: &Path, text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&render_one(path, text, d));
    }
    if diagnostics.len() > 1 {
        out.push_str(&format!(
            "\n{}: {} errors",
            path.display(),
            diagnostics.len()
        ));
    }
    out
}

/// `FILE:LINE:COL: message`, then the line of source with a caret under the column.
pub fn render_one(path: &Path, text: &str, d: &Diagnostic) -> String {
    render(path, text, d, "")
}

/// Warnings (what loads but is probably wrong), each as `FILE:LINE:COL: warning: …`
/// with the line of source.
pub fn render_warnings(path: &Path, text: &str, warnings: &[Diagnostic]) -> String {
    warnings
        .iter()
        .map(|d| render(path, text, d, "warning: "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn render(path: &Path, text: &str, d: &Diagnostic, kind: &str) -> String {
    let name = path.display().to_string();
    let mut out = format!("{name}:{}:{}: {kind}{}\n", d.line, d.col, d.message);
    let start = offset_of(text, d.line, d.col);
    // The caret covers one whole character: a byte past `start` may fall inside a
    // multi-byte one (a non-breaking space, an accented letter).
    let end = start + text[start..].chars().next().map_or(0, char::len_utf8);
    let mut buf = Vec::new();
    let report = Report::build(ReportKind::Error, (name.clone(), start..end))
        .with_config(
            Config::default()
                .with_color(false)
                .with_index_type(IndexType::Byte)
                .with_compact(true),
        )
        .with_label(Label::new((name.clone(), start..end)).with_message("here"))
        .finish();
    if report
        .write((name.clone(), Source::from(text)), &mut buf)
        .is_ok()
    {
        // Skip ariadne's own header line: ours above carries file:line:col.
        let rendered = String::from_utf8_lossy(&buf);
        for line in rendered.lines().skip(1) {
            line.trim_end().chars().for_each(|c| push_safe(&mut out, c));
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}
