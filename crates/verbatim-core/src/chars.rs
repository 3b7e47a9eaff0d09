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

/// The top bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// The low seven bits of every byte.
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// `n` in every byte.
const fn splat(n: u8) -> u64 {
    0x0101_0101_0101_0101 * n as u64
}

/// Per byte of `a` (every byte below 0x80): the top bit set when the byte
/// is at least `n` (`n` at most 0x80). No carry crosses bytes: a byte plus
/// `0x80 - n` stays below 0x100.
#[inline(always)]
fn at_least(a: u64, n: u8) -> u64 {
    debug_assert!(a & HIGH == 0 && n <= 0x80);
    a.wrapping_add(splat(0x80 - n)) & HIGH
}

/// Whether `b` is a byte of a word char of the fast path: an ASCII letter or
/// digit, or a Cyrillic letter of U+0400..U+047F (lead bytes 0xD0, 0xD1 and
/// their continuation bytes).
const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, 0x80..=0xBF | 0xD0 | 0xD1)
}

/// The top bit of each byte of `x` (eight bytes, little-endian) that is not
/// an [`is_word_byte`], the other bits clear: integer arithmetic on the
/// eight bytes at once (SWAR), no table and no branch.
#[inline(always)]
fn non_word_bytes(x: u64) -> u64 {
    let a = x & LOW7;
    let ascii = !x & HIGH;
    // ASCII letters folded to lower case: `a..=z`; digits `0..=9`.
    let folded = a | splat(0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let digit = at_least(a, b'0') & !at_least(a, b'9' + 1);
    // Continuation bytes: the top bit set, the next clear (shifting left
    // brings each byte's bit 6 into its own bit 7).
    let continuation = x & !(x << 1) & HIGH;
    // 0xD0 and 0xD1: an exact zero-byte test, no carry crossing bytes.
    let y = (x & splat(0xFE)) ^ splat(0xD0);
    let cyrillic_lead = !((y & LOW7).wrapping_add(LOW7) | y) & HIGH;
    !(((letter | digit) & ascii) | continuation | cyrillic_lead) & HIGH
}

/// The end of the run of [`is_word_byte`] bytes in `bytes[at..end]`.
/// Starting on a char boundary of valid UTF-8, it ends on one: continuation
/// bytes are in the run only after a lead byte that is, and every lead byte
/// but 0xD0 and 0xD1 ends it. Eight bytes a step with no branch but the
/// loop's: a word costs one mispredicted branch (its end), not one a char,
/// and a short word is not read sixteen bytes at a time.
#[inline]
pub(crate) fn word_bytes_end(bytes: &[u8], mut at: usize, end: usize) -> usize {
    debug_assert!(end <= bytes.len());
    while let Some(chunk) = bytes.get(at..end).and_then(<[u8]>::first_chunk::<8>) {
        let outside = non_word_bytes(u64::from_le_bytes(*chunk));
        if outside != 0 {
            return at + outside.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while at < end && is_word_byte(bytes[at]) {
        at += 1;
    }
    at
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
    fn non_word_bytes_agree_with_is_word_byte() {
        // Every byte in every position, among neighbours that could carry
        // or borrow into it.
        for b in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0x00u8, 0x7F, 0x80, 0xFF, 0xD0, b'a', b'0', 0x20] {
                    let mut bytes = [fill; 8];
                    bytes[lane] = b;
                    let outside = non_word_bytes(u64::from_le_bytes(bytes));
                    for (k, &byte) in bytes.iter().enumerate() {
                        let flagged = outside >> (8 * k + 7) & 1 == 1;
                        assert_eq!(flagged, !is_word_byte(byte), "{bytes:02x?} byte {k}");
                    }
                    assert_eq!(outside & !HIGH, 0);
                }
            }
        }
    }

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
