//! Files the game writes: names are built here, never taken from a file, every write
//! stays inside the folder it was given, and nothing is replaced without being asked.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Longest file stem the game builds.
const MAX_STEM: usize = 48;

/// A file stem made only of `a-z`, `0-9` and `_` from any text (a scenario id is
/// already of this form; anything else is reduced to it). Never empty, never a path.
pub fn safe_stem(text: &str) -> String {
    let stem: String = text
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .take(MAX_STEM)
        .collect();
    if stem.is_empty() {
        "game".to_string()
    } else {
        stem
    }
}

/// `dir/STEM.EXT`, or `dir/STEM-2.EXT`, `-3`… if that name is taken: a new file never
/// replaces an old one. `stem` is made safe first.
pub fn unused_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let stem = safe_stem(stem);
    let first = dir.join(format!("{stem}.{ext}"));
    if std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2u32..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}

/// Write `bytes` to `path` atomically: a new temporary file beside it, flushed to disk,
/// then renamed over the old one, so a crash never leaves a half-written file. The
/// temporary file is created afresh (a link left in its place is removed, not
/// followed), and a link at `path` is replaced, not written through.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("bc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Absolute, `..`, Windows-style and empty names all become a plain file directly
    /// inside the folder.
    #[test]
    fn names_from_files_never_leave_the_folder() {
        let d = dir("names");
        for id in [
            "/etc/passwd",
            "../../../tmp/x",
            "..",
            "C:\\Windows\\system32",
            "\\\\server\\share",
            "con",
            "",
            "us\u{202e}a",
            &"a".repeat(5000),
        ] {
            let p = unused_path(&d, id, "json");
            assert_eq!(p.parent(), Some(d.as_path()), "{id:?} gave {p:?}");
            let name = p.file_name().unwrap().to_str().unwrap();
            assert!(
                name.len() <= MAX_STEM + 5
                    && name
                        .trim_end_matches(".json")
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{id:?} gave {name}"
            );
        }
    }

    #[test]
    fn a_second_file_of_the_same_name_does_not_replace_the_first() {
        let d = dir("unused");
        let a = unused_path(&d, "cuba_1962", "json");
        write_atomic(&a, b"first").unwrap();
        let b = unused_path(&d, "cuba_1962", "json");
        assert_ne!(a, b);
        write_atomic(&b, b"second").unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"first");
        assert_eq!(std::fs::read(&b).unwrap(), b"second");
    }

    /// A link planted where the temporary file or the save will go is replaced, and
    /// the file it points to is untouched.
    #[cfg(unix)]
    #[test]
    fn links_in_the_folder_are_not_written_through() {
        let d = dir("links");
        let outside = dir("links-outside").join("victim.txt");
        std::fs::write(&outside, b"precious").unwrap();
        let save = d.join("autosave.json");
        std::os::unix::fs::symlink(&outside, d.join("autosave.json.tmp")).unwrap();
        write_atomic(&save, b"game").unwrap();
        std::os::unix::fs::symlink(&outside, d.join("other.json")).unwrap();
        write_atomic(&d.join("other.json"), b"game").unwrap();
        assert_eq!(std::fs::read(&outside).unwrap(), b"precious");
        assert_eq!(std::fs::read(&save).unwrap(), b"game");
        assert_eq!(std::fs::read(d.join("other.json")).unwrap(), b"game");
    }
}
