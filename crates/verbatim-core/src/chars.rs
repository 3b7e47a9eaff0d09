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

/// Per byte: the length of the word char it starts when that is an ASCII
/// letter or digit (1) or a Cyrillic letter of U+0400..U+047F (lead bytes
/// 0xD0, 0xD1: 2); 0 for the rest, decoded.
pub(crate) static WORD_LEAD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = 1;
        }
        b += 1;
    }
    t[0xD0] = 2;
    t[0xD1] = 2;
    t
};

/// `s.to_lowercase()`, borrowed when `s` is already in lower case: most
/// words asked about are, and the copy is the cost.
pub(crate) fn lowercase(s: &str) -> Cow<'_, str> {
    let plain =
        |c: char| matches!(c, '\0'..='@' | '['..='\x7f' | '\u{430}'..='\u{44F}' | '\u{451}');
    if s.chars().all(plain) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        }
    }
}
