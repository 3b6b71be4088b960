//! A single linear pass over RON text that finds brackets, identifiers and string
//! literals, skipping comments (nested block comments too, as RON does). The loader
//! uses it to refuse deep nesting before parsing and to place errors serde cannot
//! place; it never decides whether a file is valid.

/// One thing found in the text, with its byte offset.
#[derive(Debug, Clone, PartialEq)]
pub enum Token<'a> {
    Open(usize),
    Close(usize),
    /// A bare word: a field name, an enum variant, `Some`, `true`.
    Ident(usize, &'a str),
    /// A `:` after a field name.
    Colon(usize),
    /// A string literal, its escapes decoded.
    Str(usize, String),
    /// Any other character outside strings and comments (commas, digits, signs).
    Other(usize),
}

/// Calls `f` with every token of `text`, in order. Linear in the text's length.
pub fn scan<'a>(text: &'a str, mut f: impl FnMut(Token<'a>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let mut level = 1;
                i += 2;
                while i < bytes.len() && level > 0 {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        level += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        level -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let (value, end) = string(text, i + 1);
                f(Token::Str(i, value));
                i = end;
            }
            b'r' if raw_hashes(bytes, i).is_some() => {
                let hashes = raw_hashes(bytes, i).unwrap_or(0);
                let body = i + 2 + hashes;
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[body..].find(&close).map_or(bytes.len(), |n| body + n);
                f(Token::Str(i, text[body..end].to_string()));
                i = (end + close.len()).min(bytes.len());
            }
            b'\'' => {
                // A character literal: skip it so a quote inside is not a string.
                let mut j = i + 1;
                if bytes.get(j) == Some(&b'\\') {
                    j += 1;
                }
                j += text[j.min(bytes.len())..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
                i = if bytes.get(j) == Some(&b'\'') {
                    j + 1
                } else {
                    f(Token::Other(i));
                    i + 1
                };
            }
            b'(' | b'[' | b'{' => {
                f(Token::Open(i));
                i += 1;
            }
            b')' | b']' | b'}' => {
                f(Token::Close(i));
                i += 1;
            }
            b':' => {
                f(Token::Colon(i));
                i += 1;
            }
            _ if b.is_ascii_alphabetic() || b == b'_' => {
                let end = bytes[i..]
                    .iter()
                    .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                    .map_or(bytes.len(), |n| i + n);
                f(Token::Ident(i, &text[i..end]));
                i = end;
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                f(Token::Other(i));
                // Step over a whole character.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
}

/// If a raw string `r"`, `r#"`, `r##"`… starts at `i`, the number of `#`.
fn raw_hashes(bytes: &[u8], i: usize) -> Option<usize> {
    // `r` must start a word, not end one (`for"` is not a raw string).
    if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
        return None;
    }
    let hashes = bytes[i + 1..].iter().take_while(|&&c| c == b'#').count();
    (bytes.get(i + 1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// Decode a string body starting at `start` (after the opening quote); returns the
/// value and the offset after the closing quote (or the end of the text).
fn string(text: &str, start: usize) -> (String, usize) {
    let mut out = String::new();
    let mut chars = text[start..].char_indices();
    while let Some((k, c)) = chars.next() {
        match c {
            '"' => return (out, start + k + 1),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '0')) => out.push('\0'),
                Some((_, 'u')) => {
                    let rest = &text[start + k + 2..];
                    let (hex, used) = match rest.strip_prefix('{') {
                        Some(r) => {
                            let n = r.find('}').unwrap_or(r.len());
                            (&r[..n], n + 2)
                        }
                        None => {
                            let n = rest
                                .char_indices()
                                .take(4)
                                .take_while(|(_, c)| c.is_ascii_hexdigit())
                                .map(|(i, c)| i + c.len_utf8())
                                .last()
                                .unwrap_or(0);
                            (&rest[..n], n)
                        }
                    };
                    if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                        out.push(c);
                    }
                    for _ in 0..rest[..used.min(rest.len())].chars().count() {
                        chars.next();
                    }
                }
                Some((_, other)) => out.push(other),
                None => break,
            },
            _ => out.push(c),
        }
    }
    (out, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        scan(text, |t| {
            if let Token::Str(_, s) = t {
                v.push(s);
            }
        });
        v
    }

    #[test]
    fn escapes_are_decoded_and_comments_skipped() {
        let text = r##"( a: "us\u{61}", /* "no" /* ( */ */ b: "x\"y", // "nope"
            c: r#"raw"# , d: "\u0041" )"##;
        assert_eq!(strings(text), ["usa", "x\"y", "raw", "A"]);
    }

    #[test]
    fn brackets_inside_comments_and_strings_are_not_counted() {
        let mut depth = 0i32;
        scan("( /* ( [ */ \"(\" // (\n )", |t| match t {
            Token::Open(_) => depth += 1,
            Token::Close(_) => depth -= 1,
            _ => {}
        });
        assert_eq!(depth, 0);
    }

    #[test]
    fn unterminated_things_end_at_the_end_of_the_text() {
        assert_eq!(strings("\"abc"), ["abc"]);
        assert_eq!(strings("/* never closed \"x\""), Vec::<String>::new());
        assert_eq!(strings("\"\\u{zz"), [""]);
    }
}
