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

/// Byte classes of sixteen bytes at once with SSE2, which every x86_64 CPU
/// has: a class costs a dozen instructions a chunk where the eight-byte
/// integer arithmetic ([`non_word_bytes`]) costs twenty an eight bytes and
/// a table costs four a byte. `safe_arch` wraps the intrinsics in safe
/// functions (the workspace forbids `unsafe`).
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(crate) mod sse2 {
    use safe_arch::{
        add_i8_m128i, bitand_m128i, bitor_m128i, cmp_eq_mask_i8_m128i, cmp_lt_mask_i8_m128i, m128i,
        move_mask_i8_m128i, set_splat_i8_m128i,
    };

    /// `b` in every lane.
    #[inline(always)]
    fn splat(b: u8) -> m128i {
        set_splat_i8_m128i(b as i8)
    }

    /// A chunk of sixteen bytes, each a lane.
    #[derive(Clone, Copy)]
    pub(crate) struct Chunk(m128i);

    /// A lane mask: every bit of a lane set or clear.
    #[derive(Clone, Copy)]
    pub(crate) struct Lanes(m128i);

    impl Chunk {
        /// The sixteen bytes of `bytes`.
        #[inline(always)]
        pub(crate) fn new(bytes: &[u8; 16]) -> Self {
            Chunk(m128i::from(*bytes))
        }

        /// The lanes equal to `b`.
        #[inline(always)]
        pub(crate) fn eq(self, b: u8) -> Lanes {
            Lanes(cmp_eq_mask_i8_m128i(self.0, splat(b)))
        }

        /// The lanes in `lo..=hi` (`hi - lo` below 0x7F): shifted so that
        /// `lo` lands on -128, a range is one signed comparison.
        #[inline(always)]
        pub(crate) fn in_range(self, lo: u8, hi: u8) -> Lanes {
            debug_assert!(lo <= hi && hi - lo < 0x7F);
            let shifted = add_i8_m128i(self.0, splat(0x80u8.wrapping_sub(lo)));
            Lanes(cmp_lt_mask_i8_m128i(shifted, splat(0x80 + (hi - lo) + 1)))
        }

        /// The chunk with `bits` set in every lane.
        #[inline(always)]
        pub(crate) fn or(self, bits: u8) -> Self {
            Chunk(bitor_m128i(self.0, splat(bits)))
        }

        /// The chunk with only `bits` kept in every lane.
        #[inline(always)]
        pub(crate) fn and(self, bits: u8) -> Self {
            Chunk(bitand_m128i(self.0, splat(bits)))
        }
    }

    impl Lanes {
        /// The lanes of either mask.
        #[inline(always)]
        pub(crate) fn or(self, other: Lanes) -> Lanes {
            Lanes(bitor_m128i(self.0, other.0))
        }

        /// Bit `k` set for each lane `k` that is set, the high bits clear.
        #[inline(always)]
        pub(crate) fn bits(self) -> u32 {
            move_mask_i8_m128i(self.0) as u32 & 0xFFFF
        }
    }

    /// Bit `k` set for each byte `k` of `bytes` that is not an
    /// [`super::is_word_byte`].
    #[inline(always)]
    pub(crate) fn non_word_bytes(bytes: &[u8; 16]) -> u32 {
        let x = Chunk::new(bytes);
        let word = x
            .or(0x20)
            .in_range(b'a', b'z')
            .or(x.in_range(b'0', b'9'))
            .or(x.in_range(0x80, 0xBF))
            .or(x.and(0xFE).eq(0xD0));
        !word.bits() & 0xFFFF
    }
}

/// The end of the run of [`is_word_byte`] bytes in `bytes[at..end]`.
/// Starting on a char boundary of valid UTF-8, it ends on one: continuation
/// bytes are in the run only after a lead byte that is, and every lead byte
/// but 0xD0 and 0xD1 ends it. Sixteen bytes a step with SSE2 (then eight
/// with integer arithmetic) with no branch but the loop's: a word costs one
/// mispredicted branch (its end), not one a char.
#[inline]
pub(crate) fn word_bytes_end(bytes: &[u8], mut at: usize, end: usize) -> usize {
    debug_assert!(end <= bytes.len());
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    while let Some(chunk) = bytes.get(at..end).and_then(<[u8]>::first_chunk::<16>) {
        let outside = sse2::non_word_bytes(chunk);
        if outside != 0 {
            return at + outside.trailing_zeros() as usize;
        }
        at += 16;
    }
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

/// Calls `check` with every chunk of `N` bytes that holds one byte value in
/// one lane and a fill from `fills` in the others: every byte in every
/// lane, among neighbours that could carry or borrow into it.
#[cfg(test)]
pub(crate) fn every_byte_in_every_lane<const N: usize>(
    fills: &[u8],
    mut check: impl FnMut(&[u8; N]),
) {
    for b in 0..=255u8 {
        for lane in 0..N {
            for &fill in fills {
                let mut bytes = [fill; N];
                bytes[lane] = b;
                check(&bytes);
            }
        }
    }
}

/// Asserts that byte `k` of `bytes` is flagged (`flagged(k)`) exactly when
/// it is not in the class (`member`).
#[cfg(test)]
pub(crate) fn assert_flags<const N: usize>(
    bytes: &[u8; N],
    flagged: impl Fn(usize) -> bool,
    member: impl Fn(u8) -> bool,
) {
    for (k, &byte) in bytes.iter().enumerate() {
        assert_eq!(flagged(k), !member(byte), "{bytes:02x?} byte {k}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Neighbours that could carry or borrow into a byte.
    const FILLS: [u8; 9] = [0x00, 0x7F, 0x80, 0xFF, 0xD0, b'a', b'0', 0x20, b'['];

    #[test]
    fn non_word_bytes_agree_with_is_word_byte() {
        every_byte_in_every_lane::<8>(&FILLS, |bytes| {
            let outside = non_word_bytes(u64::from_le_bytes(*bytes));
            assert_eq!(outside & !HIGH, 0);
            assert_flags(bytes, |k| outside >> (8 * k + 7) & 1 == 1, is_word_byte);
        });
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    #[test]
    fn sse2_non_word_bytes_agree_with_is_word_byte() {
        every_byte_in_every_lane::<16>(&FILLS, |bytes| {
            let outside = sse2::non_word_bytes(bytes);
            assert_eq!(outside >> 16, 0);
            assert_flags(bytes, |k| outside >> k & 1 == 1, is_word_byte);
        });
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
            "Верховного Совета Российской Федерации, —",
            "abcdefghijklmnopqrstuvwxyz0123456789 x",
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
