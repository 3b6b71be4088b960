//! Reading a scenario file: bytes → text → RON → checked model.

use std::path::{Path, PathBuf};

use super::diagnostics::{Diagnostic, LoadError, position_of};
use super::model::Scenario;
use super::schema::ScenarioFile;
use super::validate::validate;

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Deepest nesting of brackets accepted.
pub const MAX_NESTING: usize = 64;

/// Load and validate a scenario from a file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(LoadError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("it is a directory, not a file"),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    load_bytes(path, &bytes)
}

/// Load and validate a scenario from bytes that claim to come from `path`.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Scenario, LoadError> {
    let path: PathBuf = path.to_path_buf();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path,
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(LoadError::Binary { path, offset });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            // The valid prefix is UTF-8 by construction.
            let prefix = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = position_of(prefix, prefix.len());
            return Err(LoadError::NotUtf8 { path, line, col });
        }
    };
    // Some editors start UTF-8 files with a byte-order mark; it is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty { path });
    }
    let file = parse(text).map_err(|d| LoadError::Invalid {
        path: path.clone(),
        text: text.to_string(),
        diagnostics: vec![d],
    })?;
    validate(&file, text).map_err(|diagnostics| LoadError::Invalid {
        path,
        text: text.to_string(),
        diagnostics,
    })
}

/// Parse RON text into the file schema; a syntax or type error becomes one diagnostic.
pub fn parse(text: &str) -> Result<ScenarioFile, Diagnostic> {
    if let Some((line, col)) = too_deep(text) {
        return Err(Diagnostic {
            line,
            col,
            message: format!(
                "brackets nested deeper than {MAX_NESTING} levels; expected a flatter file"
            ),
        });
    }
    let options = ron::Options::default().with_recursion_limit(MAX_NESTING);
    options
        .from_str::<ScenarioFile>(text)
        .map_err(|e| Diagnostic {
            line: e.span.start.line.max(1),
            col: e.span.start.col.max(1),
            message: explain_ron(&e.code),
        })
}

/// Finds where nesting first passes the limit, ignoring strings and comments.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(position_of(text, i));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// RON's error, phrased for an instructor.
fn explain_ron(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            format!("{code}; a struct is written `Name(field: value, ...)`")
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            format!("{code}; text is written in double quotes, like \"Cuba\"")
        }
        E::Eof => "the file ends too early; a bracket is probably not closed".to_string(),
        _ => code.to_string(),
    }
    .replace("`ScenarioFile`", "the scenario")
    .replace("`CalendarDef`", "`calendar`")
    .replace("`RulesDef`", "`rules`")
    .replace("`PartyDef`", "a party")
    .replace("`NegotiatorDef`", "a negotiator")
    .replace("`IntermediaryDef`", "an intermediary")
    .replace("`StakeholderDef`", "a stakeholder")
    .replace("`IssueDef`", "an issue")
    .replace("`OptionDef`", "an option")
    .replace("`ChannelDef`", "a channel")
    .replace("`EventDef`", "an event")
    .replace("`SourceDef`", "a source")
    .replace("`ScriptedAction`", "a historical action")
}
