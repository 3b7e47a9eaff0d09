//! Name keys: the normalized forms under which speakers are matched across
//! documents.
//!
//! A key is conservative: it only removes differences that never separate two
//! people (case, diacritics, punctuation, spacing, a leading honorific).
//!
//! ```
//! use verbatim_core::names::name_key;
//!
//! assert_eq!(name_key("Mr. Jean-Luc  Mélenchon"), "jean luc melenchon");
//! assert_eq!(name_key("JEAN-LUC MELENCHON"), "jean luc melenchon");
//! assert_eq!(name_key("г-н Пёсков"), "песков");
//! ```

use crate::analysis::fold;

/// Honorifics dropped from the start of a name, compared after folding (so
/// `Mme` also drops `MME`). Forms with a dot only match with the dot: `M` and
/// `Sr` alone may be an initial or a suffix.
pub const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "m.", "mme", "mme.", "mlle", "mlle.",
    "г-н", "г-жа", "herr", "frau", "sr.", "sra.", "srta.",
];

/// The key under which a speaker name is matched across documents: case and
/// diacritics folded, leading honorifics dropped (see [`HONORIFICS`]),
/// apostrophes removed (`O'Brien` gives `obrien`), other punctuation turned
/// into spaces, whitespace collapsed. A name made only of an honorific keeps
/// it. Empty for a name without letters or digits.
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut tokens: Vec<&str> = folded.split_whitespace().collect();
    while tokens.len() > 1 && HONORIFICS.contains(&tokens[0]) {
        tokens.remove(0);
    }
    let mut key = String::with_capacity(folded.len());
    for token in tokens {
        for ch in token.chars() {
            if ch.is_alphanumeric() {
                key.push(ch);
            } else if matches!(ch, '\'' | '’' | 'ʼ' | '`' | '´') {
                // O'Brien and OBrien are the same name.
            } else {
                key.push(' ');
            }
        }
        key.push(' ');
    }
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_spacing() {
        assert_eq!(name_key("  Emmanuel   MACRON "), "emmanuel macron");
        assert_eq!(name_key("François Hollande"), "francois hollande");
        assert_eq!(name_key("Дмитрий Песков"), "дмитрий песков");
        assert_eq!(name_key("Дмитрий Пёсков"), "дмитрий песков");
        assert_eq!(name_key("Angela Merkel,"), "angela merkel");
    }

    #[test]
    fn removes_punctuation() {
        assert_eq!(name_key("Conan O'Brien"), "conan obrien");
        assert_eq!(name_key("Conan O’Brien"), "conan obrien");
        assert_eq!(name_key("J.R.R. Tolkien"), "j r r tolkien");
        assert_eq!(name_key("Jean-Luc Mélenchon"), "jean luc melenchon");
        assert_eq!(name_key("«Газпром»"), "газпром");
    }

    #[test]
    fn drops_leading_honorifics() {
        assert_eq!(name_key("Mr Smith"), "smith");
        assert_eq!(name_key("MRS. Smith"), "smith");
        assert_eq!(name_key("Dr. Mr. Smith"), "smith");
        assert_eq!(name_key("M. Macron"), "macron");
        assert_eq!(name_key("Mme Le Pen"), "le pen");
        assert_eq!(name_key("Herr Scholz"), "scholz");
        assert_eq!(name_key("Frau Merkel"), "merkel");
        assert_eq!(name_key("Sr. Sánchez"), "sanchez");
        assert_eq!(name_key("Sra. Díaz"), "diaz");
        assert_eq!(name_key("г-н Лавров"), "лавров");
    }

    #[test]
    fn stays_conservative() {
        // An initial or a suffix is not an honorific.
        assert_eq!(name_key("M Night Shyamalan"), "m night shyamalan");
        assert_eq!(name_key("John Smith Sr."), "john smith sr");
        // Honorifics inside a name stay; a lone honorific stays.
        assert_eq!(name_key("Anna Frau"), "anna frau");
        assert_eq!(name_key("Herr"), "herr");
        assert_eq!(name_key("?!"), "");
        assert_eq!(name_key(""), "");
    }
}
