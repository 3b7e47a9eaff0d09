//! Character classes with a fast path for ASCII and the basic Russian
//! alphabet: the standard library's `char::is_uppercase` and friends search
//! Unicode tables for every non-ASCII char, and the parser asks them of
//! nearly every word. Each function answers exactly as its standard
//! counterpart does, for every char.

/// `c.is_uppercase()`.
pub(crate) fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{410}'..='\u{42F}' | '\u{401}' => true,
        '\0'..='\x7f' | '\u{430}'..='\u{44F}' | '\u{451}' => false,
        _ => c.is_uppercase(),
    }
}

/// `c.is_lowercase()`.
pub(crate) fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | '\u{430}'..='\u{44F}' | '\u{451}' => true,
        '\0'..='\x7f' | '\u{410}'..='\u{42F}' | '\u{401}' => false,
        _ => c.is_lowercase(),
    }
}

/// `c.is_alphabetic()`.
pub(crate) fn is_alpha(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{410}'..='\u{44F}' | '\u{401}' | '\u{451}' => true,
        '\0'..='\x7f' => false,
        _ => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()`.
pub(crate) fn is_alnum(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | '\u{410}'..='\u{44F}' | '\u{401}' | '\u{451}' => true,
        '\0'..='\x7f' => false,
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
