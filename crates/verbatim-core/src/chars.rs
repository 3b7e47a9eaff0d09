//! Character classes with a fast path for ASCII and the basic Russian
//! alphabet: the standard library's `char::is_uppercase` and friends search
//! Unicode tables for every non-ASCII char, and the parser asks them of
//! nearly every word. Each function answers exactly as its standard
//! counterpart does, for every char.

use std::borrow::Cow;

/// `c.is_uppercase()`.
#[inline]
pub(crate) fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{410}'..='\u{42F}' | '\u{401}' => true,
        '\0'..='\x7f' | '\u{430}'..='\u{44F}' | '\u{451}' => false,
        _ => c.is_uppercase(),
    }
}

/// `c.is_lowercase()`.
#[inline]
pub(crate) fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | '\u{430}'..='\u{44F}' | '\u{451}' => true,
        '\0'..='\x7f' | '\u{410}'..='\u{42F}' | '\u{401}' => false,
        _ => c.is_lowercase(),
    }
}

/// `c.is_whitespace()`.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    match c {
        ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => true,
        '\0'..='\x7f' | '\u{400}'..='\u{4FF}' => false,
        _ => c.is_whitespace(),
    }
}

/// `c.is_alphabetic()`.
#[inline]
pub(crate) fn is_alpha(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{410}'..='\u{44F}' | '\u{401}' | '\u{451}' => true,
        '\0'..='\x7f' => false,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`.
#[inline]
pub(crate) fn is_alnum(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{410}'..='\u{44F}' | '\u{401}' | '\u{451}' => true,
        '\0'..='\x7f' => false,
        _ => c.is_alphanumeric(),
    }
}

/// Per byte: whether it belongs to a word char of the fast path, an ASCII
/// letter or digit or a Cyrillic letter of U+0400..U+047F (lead bytes 0xD0,
/// 0xD1 and their continuation bytes).
static WORD_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || matches!(b, 0x80..=0xBF | 0xD0 | 0xD1);
        b += 1;
    }
    t
};

/// The end of the run of [`WORD_BYTES`] in `bytes[at..end]`. Starting on a
/// char boundary of valid UTF-8, it ends on one: continuation bytes are in
/// the run only after a lead byte that is, and every lead byte but 0xD0 and
/// 0xD1 ends it. One byte a step, with no step depending on a lookup, so
/// the loop is not bound by memory latency.
#[inline]
pub(crate) fn word_bytes_end(bytes: &[u8], at: usize, end: usize) -> usize {
    run_end(&WORD_BYTES, bytes, at, end)
}

/// The end of the run of bytes of `table` in `bytes[at..end]`: sixteen
/// bytes at a time, each chunk turned into a bit mask without a branch, so
/// that a run costs one mispredicted branch (its end) instead of one a char.
#[inline]
pub(crate) fn run_end(table: &[bool; 256], bytes: &[u8], mut at: usize, end: usize) -> usize {
    debug_assert!(end <= bytes.len());
    while at + 16 <= end {
        let mut outside = 0u32;
        for (k, &b) in bytes[at..at + 16].iter().enumerate() {
            outside |= u32::from(!table[usize::from(b)]) << k;
        }
        if outside != 0 {
            return at + outside.trailing_zeros() as usize;
        }
        at += 16;
    }
    while at < end && table[usize::from(bytes[at])] {
        at += 1;
    }
    at
}

/// `str::to_lowercase` with a fast path: ASCII and the basic Russian
/// alphabet are lowered without the Unicode tables (a binary search a char);
/// any other char hands the whole string to the standard library.
pub(crate) trait Lower {
    /// `self.to_lowercase()`, exactly.
    fn lower(&self) -> String;
}

impl Lower for str {
    #[inline]
    fn lower(&self) -> String {
        let mut out = String::with_capacity(self.len());
        for c in self.chars() {
            match c {
                'A'..='Z' => out.push(c.to_ascii_lowercase()),
                '\0'..='\x7f' | '\u{430}'..='\u{44F}' | '\u{451}' => out.push(c),
                '\u{410}'..='\u{42F}' | '\u{401}' => {
                    out.push(
                        char::from_u32(c as u32 + if c == '\u{401}' { 0x50 } else { 0x20 })
                            .unwrap_or(c),
                    );
                }
                _ => return self.to_lowercase(),
            }
        }
        out
    }
}

/// `s.to_lowercase()`, borrowed when `s` is already in lower case: most
/// words asked about are, and the copy is the cost.
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    let plain =
        |c: char| matches!(c, '\0'..='@' | '['..='\x7f' | '\u{430}'..='\u{44F}' | '\u{451}');
    if s.chars().all(plain) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.lower())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_bytes_end_on_the_char_after_the_run() {
        let fast = |c: char| c.is_ascii_alphanumeric() || ('\u{400}'..='\u{47F}').contains(&c);
        for s in [
            "Путин,",
            "abc defgh",
            "Верховного Совета»",
            "Zoë",
            "обо всём",
            "1234567890ab—x",
            "",
        ] {
            let reference = s.find(|c: char| !fast(c)).unwrap_or(s.len());
            assert_eq!(word_bytes_end(s.as_bytes(), 0, s.len()), reference, "{s}");
        }
    }

    #[test]
    fn lower_is_to_lowercase() {
        for s in [
            "ПРЕЗИДЕНТ Путин",
            "ЁЖ и Ёлка",
            "ΣΊΣΥΦΟΣ",
            "Mr. O'Brien",
            "İstanbul",
            "Zoë",
            "",
        ] {
            assert_eq!(s.lower(), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn lowercase_borrows_only_what_is_lower_case() {
        for s in [
            "путин",
            "peskov",
            "Путин",
            "PESKOV",
            "ǅ",
            "Σίσυφος",
            "İ",
            "",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
        assert!(matches!(lowercase("по словам"), Cow::Borrowed(_)));
    }

    #[test]
    fn agree_with_the_standard_library_for_every_char() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(is_lower(c), c.is_lowercase(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
            let s = c.to_string();
            assert_eq!(s.lower(), s.to_lowercase(), "{c:?}");
        }
    }
}
