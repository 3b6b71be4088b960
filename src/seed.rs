//! Seeds as short codes a class can share (`BC9Y5T`): six characters from an alphabet
//! without look-alikes (no I, L, O, 0 or 1). A code names a seed below 31⁶; every
//! command that takes a seed takes its code too.

/// The 31 characters of a code.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code.
pub const CODE_LEN: usize = 6;

/// The code of a seed (of the seed modulo 31⁶: the seeds the desktop draws are below
/// it). A code of digits alone is written with a dash (`999-999`).
pub fn code(seed: u64) -> String {
    let mut n = seed % 31u64.pow(CODE_LEN as u32);
    let mut out = [0u8; CODE_LEN];
    for c in out.iter_mut().rev() {
        *c = ALPHABET[(n % 31) as usize];
        n /= 31;
    }
    let code = String::from_utf8(out.to_vec()).expect("ASCII alphabet");
    // A code of digits alone would read as a number: a dash marks it as a code.
    if code.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}", &code[..3], &code[3..])
    } else {
        code
    }
}

/// A seed from a number (`1962`) or a code (`BC9Y5T`, any case; spaces and dashes are
/// ignored, and a dash makes digits a code: `999-999`).
pub fn parse(text: &str) -> Result<u64, String> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if !text.contains('-')
        && let Ok(n) = t.parse::<u64>()
    {
        return Ok(n);
    }
    let upper = t.to_ascii_uppercase();
    if upper.len() != CODE_LEN {
        return Err(format!(
            "\"{text}\" is neither a number nor a {CODE_LEN}-character seed code like BC9Y5T"
        ));
    }
    upper.bytes().try_fold(0u64, |n, b| {
        let d = ALPHABET.iter().position(|&a| a == b).ok_or_else(|| {
            format!(
                "\"{text}\" is not a seed code: `{}` is not used in codes (they have no I, L, O, 0 or 1)",
                b as char
            )
        })?;
        Ok(n * 31 + d as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_bad_ones_are_explained() {
        for seed in [0, 1, 1962, 31u64.pow(6) - 1, 123_456_789] {
            assert_eq!(parse(&code(seed)).unwrap(), seed);
            assert_eq!(parse(&code(seed).to_lowercase()).unwrap(), seed);
        }
        assert_eq!(code(1962).len(), CODE_LEN);
        assert_eq!(code(31u64.pow(6) - 1), "999-999");
        assert_ne!(code(1962), code(1963));
        assert_eq!(parse("1962").unwrap(), 1962);
        assert_eq!(parse("BC9-Y5T").unwrap(), parse("BC9Y5T").unwrap());
        assert!(parse("BC9Y5O").unwrap_err().contains("`O` is not used"));
        assert!(parse("HELLO").unwrap_err().contains("neither a number"));
    }
}
