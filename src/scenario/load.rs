//! Reading a scenario file: bytes → text → RON → checked model.

use std::path::{Path, PathBuf};

use super::diagnostics::{Diagnostic, LoadError, position_of};
use super::model::Scenario;
use super::scan::Token;
use super::schema::ScenarioFile;
use super::validate::validate;

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Deepest nesting of brackets accepted.
pub const MAX_NESTING: usize = 64;

/// Load and validate a scenario from a file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let bytes = read_file(path)?;
    read_scenario(path, &bytes, false).map(|c| c.scenario)
}

/// A scenario file's bytes, refused if it is not a regular file or is too large.
fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_capped(path, MAX_FILE_BYTES).map_err(|e| match e {
        Capped::Io(source) => LoadError::Io {
            path: path.to_path_buf(),
            source,
        },
        Capped::TooLarge(size) => LoadError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_FILE_BYTES,
        },
    })
}

/// Why [`read_capped`] read nothing.
#[derive(Debug)]
pub enum Capped {
    Io(std::io::Error),
    /// The file holds more than the cap; at least this many bytes.
    TooLarge(u64),
}

/// Read a regular file of at most `cap` bytes. Directories, pipes, devices and
/// sockets are refused before they are opened (a FIFO would block, `/dev/zero` never
/// ends), and a file that grows while it is read is cut off at the cap.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, Capped> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(Capped::Io)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "it is a directory (a folder), not a file"
        } else {
            "it is not a regular file (a pipe, device or socket)"
        };
        return Err(Capped::Io(std::io::Error::other(what)));
    }
    if meta.len() > cap {
        return Err(Capped::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    if bytes.len() as u64 > cap {
        return Err(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Load and validate a scenario from bytes that claim to come from `path`.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Scenario, LoadError> {
    read_scenario(path, bytes, false).map(|c| c.scenario)
}

/// A scenario that loaded, with what is probably wrong in it.
#[derive(Debug)]
pub struct Checked {
    pub scenario: Scenario,
    /// The text as read (for placing warnings).
    pub text: String,
    pub warnings: Vec<Diagnostic>,
}

/// [`load_file`], keeping the warnings.
pub fn check_file(path: &Path) -> Result<Checked, LoadError> {
    let bytes = read_file(path)?;
    read_scenario(path, &bytes, true)
}

/// [`load_bytes`], keeping the warnings.
pub fn check_bytes(path: &Path, bytes: &[u8]) -> Result<Checked, LoadError> {
    read_scenario(path, bytes, true)
}

fn read_scenario(path: &Path, bytes: &[u8], lint: bool) -> Result<Checked, LoadError> {
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
    let scenario = validate(&file, text).map_err(|diagnostics| LoadError::Invalid {
        path,
        text: text.to_string(),
        diagnostics,
    })?;
    Ok(Checked {
        scenario,
        text: text.to_string(),
        warnings: if lint {
            super::validate::lint(&file, text)
        } else {
            Vec::new()
        },
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
    options.from_str::<ScenarioFile>(text).map_err(|e| {
        let (line, col) = (e.span.start.line.max(1), e.span.start.col.max(1));
        let message = explain_ron(&e.code);
        let offset = super::diagnostics::offset_of(text, line, col);
        if let Some(q) = text[offset.min(text.len())..].trim_start().chars().next()
            && matches!(q, '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}')
        {
            return Diagnostic {
                line,
                col,
                message: format!(
                    "`{q}` is a typographic quote, which RON does not read: write text in straight double quotes, like \"Cuba\" (a word processor may have changed them)"
                ),
            };
        }
        unclosed_text(text, line)
            .or_else(|| unclosed_bracket(text, offset, line))
            .unwrap_or(Diagnostic { line, col, message })
    })
}

/// An error on the first word of a line, right after a line that opened a bracket and
/// did not close it, is almost always that missing bracket: place it there.
fn unclosed_bracket(text: &str, offset: usize, error_line: usize) -> Option<Diagnostic> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    if !text[line_start..offset.min(text.len())].trim().is_empty() {
        return None;
    }
    let mut stack: Vec<usize> = Vec::new();
    super::scan::scan(&text[..line_start], |t| match t {
        Token::Open(i) => stack.push(i),
        Token::Close(_) => {
            stack.pop();
        }
        _ => {}
    });
    let open = *stack.last()?;
    let (line, _) = position_of(text, open);
    let previous = text[..line_start.saturating_sub(1)]
        .lines()
        .enumerate()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
        .map(|(n, _)| n + 1)?;
    if line != previous || line >= error_line {
        return None;
    }
    let close = match text[open..].chars().next()? {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };
    let end = text[open..].find('\n').map_or(text.len(), |n| open + n);
    let (_, col) = position_of(text, end);
    Some(Diagnostic {
        line,
        col,
        message: format!(
            "a bracket opened on this line is not closed: expected `{close}` before the end of the line"
        ),
    })
}

/// A syntax error found after a text that runs over several lines is almost always a
/// missing closing quote: RON read on to the next quote and stopped further down. The
/// mistake is at the end of the line where that text opens.
fn unclosed_text(text: &str, error_line: usize) -> Option<Diagnostic> {
    let mut found = None;
    super::scan::scan(text, |t| {
        if let Token::Str(i, value) = t
            && value.contains('\n')
        {
            let (line, _) = position_of(text, i);
            if line < error_line && found.is_none() {
                found = Some((i, line));
            }
        }
    });
    let (start, line) = found?;
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let (_, col) = position_of(text, end);
    Some(Diagnostic {
        line,
        col,
        message: format!(
            "this text is not closed: its closing quote is probably missing here (the text runs on to line {error_line}, where the file stopped making sense)"
        ),
    })
}

/// Finds where nesting first passes the limit, ignoring strings and comments.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut at = None;
    super::scan::scan(text, |t| match t {
        Token::Open(i) => {
            depth += 1;
            if depth > MAX_NESTING && at.is_none() {
                at = Some(i);
            }
        }
        Token::Close(_) => depth = depth.saturating_sub(1),
        _ => {}
    });
    at.map(|i| position_of(text, i))
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
