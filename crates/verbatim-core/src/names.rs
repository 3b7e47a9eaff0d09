//! Name keys: the normalized forms under which speakers are matched across
//! documents.
//!
//! A key is conservative: it only removes differences that never separate two
//! people (case, diacritics, punctuation, spacing, a leading honorific).
//!
//! [`PersonName`] goes further for people: it splits a name into given name
//! and surname, transliterates Cyrillic, folds the spelling variants of
//! transliteration schemes ([`skeleton`]) and maps given names to one form
//! across languages (the `lexicons/names.toml` data file), so that Dmitri
//! Peskow, Dmitry Peskov and Дмитрий Песков get the same [`PersonName::full_key`].
//!
//! ```
//! use verbatim_core::names::PersonName;
//!
//! let a = PersonName::parse("Vladimir Zelensky").unwrap();
//! let b = PersonName::parse("Volodymyr Selenskyj").unwrap();
//! assert_eq!(a.full_key(), b.full_key());
//! let lone = PersonName::parse("M. Zelenskiy").unwrap();
//! assert_eq!(lone.full_key(), None);
//! assert_eq!(lone.surname, a.surname);
//! ```
//!
//! ```
//! use verbatim_core::names::name_key;
//!
//! assert_eq!(name_key("Mr. Jean-Luc  Mélenchon"), "jean luc melenchon");
//! assert_eq!(name_key("JEAN-LUC MELENCHON"), "jean luc melenchon");
//! assert_eq!(name_key("г-н Пёсков"), "песков");
//! ```

use crate::chars::{Lower, is_alnum, is_alpha};
use crate::wordset::WordSet;
use foldhash::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::analysis::fold;

/// True when the folded token is an honorific dropped from the start of a
/// name (`mr`, `mme`, `г-н`: the `honorifics` of `lexicons/names.toml`).
/// Forms with a dot only match with the dot: `m` and `sr` alone may be an
/// initial or a suffix.
pub fn is_honorific(folded: &str) -> bool {
    NAME_DATA.honorifics.contains(folded)
}

/// True when the word is a name particle that joins two capitalized words
/// into one name in running text (`de` in `Charles de Gaulle`).
pub(crate) fn is_joining_particle(word: &str) -> bool {
    NAME_DATA.joining_particles.contains(word)
}

/// True when `first second` is a two-word particle that joins capitalized
/// words into one name (`von der` in `Ursula von der Leyen`).
pub(crate) fn is_joining_particle_pair(first: &str, second: &str) -> bool {
    NAME_DATA
        .joining_particle_pairs
        .iter()
        .any(|(a, b)| a == first && b == second)
}

/// True when the word, after a given name and a surname, opens the
/// complement of the person's role rather than a longer surname (`van` in
/// `Minister Hugo Jansen van Volkshuisvesting`, `von` in `Anna Weber von
/// der SPD`).
pub(crate) fn is_complement_particle(word: &str) -> bool {
    NAME_DATA.complement_particles.contains(word)
}

/// True when the folded word is a name particle (`de`, `van`, `bin`...).
pub(crate) fn is_particle(word: &str) -> bool {
    NAME_DATA.particles.contains(word)
}

/// True when the folded token is a generational suffix (`jr`, `iii`).
pub(crate) fn is_generational_suffix(folded: &str) -> bool {
    NAME_DATA.suffixes.contains(folded)
}

/// The key under which a speaker name is matched across documents: case and
/// diacritics folded, leading honorifics dropped (see [`is_honorific`]),
/// apostrophes removed (`O'Brien` gives `obrien`), other punctuation turned
/// into spaces, whitespace collapsed. A name made only of an honorific keeps
/// it. Empty for a name without letters or digits.
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut tokens: Vec<&str> = folded.split_whitespace().collect();
    while tokens.len() > 1 && is_honorific(tokens[0]) {
        tokens.remove(0);
    }
    let mut key = String::with_capacity(folded.len());
    for token in tokens {
        for ch in token.chars() {
            if is_alnum(ch) {
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

/// The raw shape of `lexicons/names.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct NamesFile {
    particles: Vec<String>,
    joining_particles: Vec<String>,
    joining_particle_pairs: Vec<String>,
    complement_particles: Vec<String>,
    honorifics: Vec<String>,
    generational_suffixes: Vec<String>,
    leading_particles: Vec<String>,
    given_names: Vec<String>,
    common_given_names: Vec<String>,
    feminine_given_names: Vec<String>,
    masculine_given_names: Vec<String>,
    feminine_honorifics: Vec<String>,
    masculine_honorifics: Vec<String>,
    transcriptions: HashMap<String, Transcription>,
}

/// How one language spells Russian names, and the rules back to the usual
/// English spelling (a `[transcriptions.LANG]` table of `names.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Transcription {
    /// Endings that make a surname Russian by themselves (`ov`, `ski`).
    strong_endings: Vec<String>,
    /// Endings that do with one marker (`ine`: Poutine, not Racine).
    weak_endings: Vec<String>,
    /// Letter groups of the language's transcription of Russian (`tch`,
    /// `ou`, `ï`); two distinct ones make a name Russian (Choïgou).
    markers: Vec<String>,
    /// Markers that count only inside the word (`j` of Prigojine, not of
    /// Justine).
    medial_markers: Vec<String>,
    /// Letter groups that Russian names never take in this language
    /// (Polish `w`, `sz`: Lewandowski keeps its spelling).
    foreign_markers: Vec<String>,
    /// Rewrites at the start of the word, first match only.
    initial: Vec<(String, String)>,
    /// Rewrites at the end of the word, first match only.
    finals: Vec<(String, String)>,
    /// Rewrites in one left-to-right pass, the first listed that matches
    /// at a position wins (so `tch` is read before `ch`).
    rewrites: Vec<(String, String)>,
}

/// Name knowledge loaded from `lexicons/names.toml`.
struct NameData {
    /// Folded surname particles (`de`, `van`, `bin`...).
    particles: WordSet,
    /// Particles that join capitalized words into a name, as written.
    joining_particles: WordSet,
    /// Two-word joining particles, as written.
    joining_particle_pairs: Vec<(String, String)>,
    /// Joining particles that, after a full name, open its complement.
    complement_particles: WordSet,
    /// Folded honorifics (`mr`, `mme`).
    honorifics: WordSet,
    /// Folded generational suffixes (`jr`).
    suffixes: WordSet,
    /// Folded particles that may begin a surname standing alone (`De Jong`).
    leading_particles: WordSet,
    /// The length in chars of the longest leading particle.
    leading_particle_chars: usize,
    /// Skeleton of a given-name form to the usual English form of its group.
    given: HashMap<String, String>,
    /// Skeletons of other known given names.
    common_given: WordSet,
    /// Folded given names and honorifics that tell a woman.
    feminine: WordSet,
    /// Folded given names and honorifics that tell a man.
    masculine: WordSet,
    /// Transcriptions of Russian names, by language code.
    transcriptions: HashMap<String, Transcription>,
}

static NAME_DATA: LazyLock<NameData> = LazyLock::new(|| {
    let file: NamesFile = toml::from_str(include_str!("../lexicons/names.toml"))
        .unwrap_or_else(|e| panic!("lexicons/names.toml does not parse: {e}"));
    let particles = file.particles.iter().map(|p| fold(p)).collect();
    let leading_particles = file.leading_particles.iter().map(|p| fold(p)).collect();
    let mut given = HashMap::default();
    for group in &file.given_names {
        let mut forms = group.split_whitespace();
        let Some(english) = forms.next() else {
            continue;
        };
        for form in std::iter::once(english).chain(forms) {
            // The first group naming a form keeps it (the data test checks
            // that none is named twice).
            given
                .entry(skeleton(&fold(form)))
                .or_insert_with(|| english.to_string());
        }
    }
    let folded = |list: &[String]| list.iter().map(|w| fold(w)).collect();
    // The gendered lists name common given names too.
    let common_given = file
        .common_given_names
        .iter()
        .chain(&file.feminine_given_names)
        .chain(&file.masculine_given_names)
        .map(|g| skeleton(&fold(g)))
        .collect();
    let leading_particle_chars = file
        .leading_particles
        .iter()
        .map(|p| p.chars().count())
        .max()
        .unwrap_or(0);
    NameData {
        particles,
        leading_particles,
        leading_particle_chars,
        joining_particles: file.joining_particles.into_iter().collect(),
        complement_particles: file.complement_particles.into_iter().collect(),
        joining_particle_pairs: file
            .joining_particle_pairs
            .iter()
            .filter_map(|p| p.split_once(' '))
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        honorifics: folded(&file.honorifics),
        suffixes: folded(&file.generational_suffixes),
        given,
        common_given,
        feminine: [&file.feminine_given_names, &file.feminine_honorifics]
            .iter()
            .flat_map(|l| folded(l))
            .collect(),
        masculine: [&file.masculine_given_names, &file.masculine_honorifics]
            .iter()
            .flat_map(|l| folded(l))
            .collect(),
        transcriptions: file.transcriptions,
    }
});

/// A person's gender, as far as a name, an honorific or a role tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    /// A woman (`Mrs`, `Katrin`, `spokeswoman`).
    Feminine,
    /// A man (`Mr`, `Dennis`, `spokesman`).
    Masculine,
}

/// The gender that the given name or honorific `word` tells, from the
/// lists of `lexicons/names.toml`; `None` for a word they do not list.
pub(crate) fn gender_of(word: &str) -> Option<Gender> {
    let folded = fold(word);
    if NAME_DATA.feminine.contains(&folded) {
        Some(Gender::Feminine)
    } else if NAME_DATA.masculine.contains(&folded) {
        Some(Gender::Masculine)
    } else {
        None
    }
}

/// Whether `word` is a particle that may begin a surname standing alone
/// (`De` in `De Jong`), so that it is no first name.
pub(crate) fn is_leading_particle(word: &str) -> bool {
    let data: &'static NameData = &NAME_DATA;
    // Particles are short words: longer ones are rejected before folding
    // (folding never adds letters), which most calls are.
    word.chars().nth(data.leading_particle_chars).is_none()
        && data.leading_particles.contains(&fold(word))
}

/// The usual English spelling of a surname written in `language`'s
/// transcription of Russian (French Poutine gives Putin, Gorbatchev gives
/// Gorbachev, Zelenski gives Zelensky); `None` when the language has no
/// rules or when the word does not read reliably as a transcribed Russian
/// name (the rules of `names.toml` decide: an ending like `-ov`, or `-ine`
/// with a marker like `ou`, or two markers; Racine and Lewandowski stay).
///
/// ```
/// use verbatim_core::names::english_surname;
///
/// assert_eq!(english_surname("Poutine", "fr").as_deref(), Some("Putin"));
/// assert_eq!(english_surname("Khrouchtchev", "fr").as_deref(), Some("Khrushchev"));
/// assert_eq!(english_surname("Racine", "fr"), None);
/// assert_eq!(english_surname("Poutine", "en"), None);
/// ```
pub fn english_surname(word: &str, language: &str) -> Option<String> {
    let data: &'static NameData = &NAME_DATA;
    let rules = data.transcriptions.get(language)?;
    let lower = word.lower();
    if lower.chars().count() < 5
        || !lower.chars().all(|c| is_alpha(c) || c == '-')
        || rules
            .foreign_markers
            .iter()
            .any(|m| lower.contains(m.as_str()))
    {
        return None;
    }
    let inside = lower.get(1..).unwrap_or("");
    let markers = rules
        .markers
        .iter()
        .filter(|m| lower.contains(m.as_str()))
        .count()
        + rules
            .medial_markers
            .iter()
            .filter(|m| inside.contains(m.as_str()))
            .count();
    let ends = |list: &[String]| list.iter().any(|e| lower.ends_with(e.as_str()));
    let russian =
        ends(&rules.strong_endings) || (ends(&rules.weak_endings) && markers >= 1) || markers >= 2;
    russian.then(|| transcribe(rules, &lower))
}

/// Another word of a name whose surname [`english_surname`] recognised
/// (a given name, a patronymic), spelled by the same rules without the
/// recognition: Sergueï gives Sergei, Iouri gives Yuri.
pub fn english_name_word(word: &str, language: &str) -> Option<String> {
    let data: &'static NameData = &NAME_DATA;
    let rules = data.transcriptions.get(language)?;
    Some(transcribe(rules, &word.lower()))
}

/// Applies the rewrites of `rules` to a lower-case word; the result is
/// capitalized.
fn transcribe(rules: &Transcription, lower: &str) -> String {
    let mut out = String::with_capacity(lower.len() + 4);
    let mut rest = lower;
    if let Some((from, to)) = rules
        .initial
        .iter()
        .find(|(f, _)| rest.starts_with(f.as_str()))
    {
        out.push_str(to);
        rest = &rest[from.len()..];
    }
    let (body, tail) = match rules
        .finals
        .iter()
        .find(|(f, _)| rest.len() > f.len() && rest.ends_with(f.as_str()))
    {
        Some((from, to)) => (&rest[..rest.len() - from.len()], to.as_str()),
        None => (rest, ""),
    };
    let mut i = 0;
    while let Some(c) = body[i..].chars().next() {
        match rules
            .rewrites
            .iter()
            .find(|(f, _)| body[i..].starts_with(f.as_str()))
        {
            Some((from, to)) => {
                out.push_str(to);
                i += from.len();
            }
            None => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out.push_str(tail);
    let mut chars = out.chars();
    chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Transliterates a word written in Cyrillic to Latin with the usual
/// English conventions (Дмитрий gives Dmitry, Зеленский gives Zelensky);
/// other words come back unchanged.
pub fn transliterate(word: &str) -> String {
    crate::people::transliterate(word)
}

/// Folds the spelling differences between transliteration schemes and
/// languages of one (folded, Latin) name token, so that Zelensky,
/// Zelenskyy, Zelenskiy, Zelenski and Selenskyj, or Peskov and Peskow, or
/// Putin and Poutine, give one skeleton. Rules: hyphens dropped; `tsch`,
/// `sch`, `tch`, `sh`, `ou`, `kh`, `ph`, `ck`, `x`, `w`, `y`, `j`, `z`
/// rewritten to `ch`, `sh`, `ch`, `ch` (French writes ш as `ch`), `u`, `h`,
/// `f`, `k`, `ks`, `v`, `i`, `i`, `s`;
/// doubled letters collapsed; a final `e` after a consonant dropped from
/// words of five letters or more.
///
/// ```
/// use verbatim_core::names::skeleton;
///
/// assert_eq!(skeleton("zelenskyy"), skeleton("selenskyj"));
/// assert_eq!(skeleton("poutine"), skeleton("putin"));
/// assert_ne!(skeleton("putin"), skeleton("peskov"));
/// ```
pub fn skeleton(token: &str) -> String {
    const REWRITES: &[(&str, &str)] = &[
        ("-", ""),
        ("tsch", "ch"),
        ("sch", "sh"),
        ("tch", "ch"),
        ("sh", "ch"),
        ("ou", "u"),
        ("kh", "h"),
        ("ph", "f"),
        ("ck", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("y", "i"),
        ("j", "i"),
        ("z", "s"),
    ];
    let mut word = token.to_string();
    for (from, to) in REWRITES {
        if word.contains(from) {
            word = word.replace(from, to);
        }
    }
    let mut out = String::with_capacity(word.len());
    for ch in word.chars() {
        if !out.ends_with(ch) {
            out.push(ch);
        }
    }
    let letters = out.chars().count();
    if letters >= 5 && out.ends_with('e') {
        let before = out.chars().rev().nth(1);
        if before.is_some_and(|c| c.is_ascii_alphabetic() && !"aeiou".contains(c)) {
            out.pop();
        }
    }
    out
}

/// The usual English form of a given name, when `lexicons/names.toml`
/// knows it (Volodymyr and Wladimir give Vladimir; Iouri gives Yury).
pub fn english_given_name(name: &str) -> Option<&'static str> {
    // Asked of the same capitalized words in document after document (see
    // `is_given_name`).
    thread_local! {
        static ENGLISH: crate::memo::Table<Option<&'static str>> = std::cell::RefCell::default();
    }
    crate::memo::kept(&ENGLISH, 0, name, || {
        let data: &'static NameData = &NAME_DATA;
        data.given
            .get(&skeleton(&transliterate(&fold(name))))
            .map(String::as_str)
    })
}

/// Whether `word` is a given name `lexicons/names.toml` knows, in any of
/// its forms or scripts (Jerome, Дмитрий, Sergueï).
///
/// ```
/// use verbatim_core::names::is_given_name;
///
/// assert!(is_given_name("Jerome"));
/// assert!(is_given_name("Дмитрий"));
/// assert!(!is_given_name("Chair"));
/// ```
pub fn is_given_name(word: &str) -> bool {
    // Capitalized words recur from document to document and the skeleton
    // costs thousands of instructions (kept per thread: see `memo`).
    thread_local! {
        static GIVEN: crate::memo::Table<bool> = std::cell::RefCell::default();
    }
    crate::memo::kept(&GIVEN, 0, word, || {
        let data: &'static NameData = &NAME_DATA;
        let key = skeleton(&transliterate(&fold(word)));
        data.given.contains_key(&key) || data.common_given.contains(&key)
    })
}

/// A person's name split for matching across documents and languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The given name's key: the skeleton of its usual English form (see
    /// [`english_given_name`]), else its own skeleton. `None` when the name
    /// has no given name, or only an initial.
    pub given: Option<String>,
    /// The given name's initial, when it is written as one letter
    /// ("D. Peskov").
    pub initial: Option<char>,
    /// The surname's key: the skeletons of its words, particles included,
    /// joined by spaces.
    pub surname: String,
}

impl PersonName {
    /// Splits a name: leading honorifics and trailing generational suffixes
    /// dropped, Cyrillic transliterated; the last word, with the particles
    /// before it (`de`, `van`...), is the surname, and the first word the
    /// given name (middle names and patronymics are not compared). `None`
    /// when the name has no letters.
    pub fn parse(name: &str) -> Option<PersonName> {
        let folded = fold(name);
        let mut raw: Vec<&str> = folded.split_whitespace().collect();
        while raw.len() > 1 && is_honorific(raw[0]) {
            raw.remove(0);
        }
        let mut tokens: Vec<String> = Vec::new();
        for word in raw {
            let cleaned: String = word
                .chars()
                .filter(|c| !matches!(c, '\'' | '’' | 'ʼ' | '`' | '´'))
                .map(|c| if is_alnum(c) || c == '-' { c } else { ' ' })
                .collect();
            for token in cleaned.split_whitespace() {
                let token = token.trim_matches('-');
                if !token.is_empty() {
                    tokens.push(transliterate(token));
                }
            }
        }
        while tokens.len() > 1 && tokens.last().is_some_and(|t| is_generational_suffix(t)) {
            tokens.pop();
        }
        let data: &NameData = &NAME_DATA;
        let last = tokens.len().checked_sub(1)?;
        let mut start = last;
        while start > 1 && data.particles.contains(&tokens[start - 1]) {
            start -= 1;
        }
        if start == 1 && tokens.len() > 2 && data.particles.contains(&tokens[0]) {
            // "de la Fuente": no given name.
            start = 0;
        }
        let surname = tokens[start..]
            .iter()
            .map(|t| skeleton(t))
            .collect::<Vec<_>>()
            .join(" ");
        if surname.is_empty() {
            return None;
        }
        let (given, initial) = match start {
            0 => (None, None),
            _ => {
                let first = &tokens[0];
                let mut chars = first.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => (None, Some(c)),
                    _ => {
                        let key = skeleton(first);
                        let given = data.given.get(&key).map(|e| skeleton(&fold(e)));
                        (Some(given.unwrap_or(key)), None)
                    }
                }
            }
        };
        Some(PersonName {
            given,
            initial,
            surname,
        })
    }

    /// The key of the full name (given name and surname), under which one
    /// person is found whatever the spelling; `None` without a given name.
    pub fn full_key(&self) -> Option<String> {
        self.given.as_ref().map(|g| format!("{g} {}", self.surname))
    }

    /// True when this name can be the person named `other`: same surname,
    /// and given names (or initials) that agree where both are known.
    pub fn compatible(&self, other: &PersonName) -> bool {
        if self.surname != other.surname {
            return false;
        }
        match (&self.given, &other.given) {
            (Some(a), Some(b)) => a == b,
            (Some(g), None) => other.initial.is_none_or(|i| initial_agrees(i, g)),
            (None, Some(g)) => self.initial.is_none_or(|i| initial_agrees(i, g)),
            (None, None) => match (self.initial, other.initial) {
                (Some(a), Some(b)) => skeleton(&a.to_string()) == skeleton(&b.to_string()),
                _ => true,
            },
        }
    }
}

/// True when a given-name key can start with the initial.
fn initial_agrees(initial: char, given: &str) -> bool {
    given.starts_with(&skeleton(&initial.to_string()))
}

/// How well a written form serves as a speaker's display name: a full name
/// beats a lone surname, Latin script beats other scripts (the usual
/// English form), a form seen in an English document beats others, and a
/// given name written in its usual English form ([`english_given_name`])
/// beats other spellings. Between equal scores the alphabetically first
/// form wins, so the display name does not depend on the order documents
/// arrive in.
pub fn display_score(name: &str, language: &str) -> i64 {
    let first = fold(name)
        .split_whitespace()
        .find(|t| !is_honorific(t))
        .map(str::to_string);
    let english = first.is_some_and(|f| english_given_name(&f).is_some_and(|e| fold(e) == f));
    let full = PersonName::parse(name).is_some_and(|p| p.given.is_some());
    let latin = name
        .chars()
        .filter(|c| is_alpha(*c))
        .all(|c| c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c));
    i64::from(full) * 8
        + i64::from(latin) * 4
        + i64::from(language == "en") * 2
        + i64::from(english)
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

    fn same_person(a: &str, b: &str) -> bool {
        let (a, b) = (PersonName::parse(a).unwrap(), PersonName::parse(b).unwrap());
        a.full_key().is_some() && a.full_key() == b.full_key()
    }

    #[test]
    fn transliteration_variants_across_languages_share_a_key() {
        for (a, b) in [
            ("Dmitry Peskov", "Dmitri Peskov"),
            ("Dmitry Peskov", "Dmitrij Peskow"),
            ("Dmitry Peskov", "Дмитрий Песков"),
            ("Dmitry Peskov", "г-н Дмитрий Пёсков"),
            ("Volodymyr Zelensky", "Vladimir Zelensky"),
            ("Volodymyr Zelenskyy", "Wolodymyr Selenskyj"),
            ("Volodymyr Zelenskiy", "Володимир Зеленський"),
            ("Vladimir Zelenski", "Владимир Зеленский"),
            ("Vladimir Putin", "Vladimir Poutine"),
            ("Vladimir Putin", "Wladimir Putin"),
            ("Vladimir Putin", "Владимир Путин"),
            ("Sergei Lavrov", "Sergey Lavrov"),
            ("Sergei Lavrov", "Serguéi Lavrov"),
            ("Sergei Lavrov", "Sergej Lawrow"),
            ("Yury Ushakov", "Iouri Ushakov"),
            ("Yury Ushakov", "Yuri Ushakov"),
            ("Alexander Lukashenko", "Aliaksandr Lukashenko"),
            ("Alexander Lukashenko", "Alexandre Loukachenko"),
            ("Mr. Emmanuel Macron", "EMMANUEL MACRON"),
            ("Miguel Díaz-Canel", "Miguel Diaz-Canel"),
        ] {
            assert!(same_person(a, b), "{a} and {b}");
        }
    }

    #[test]
    fn different_people_keep_different_keys() {
        for (a, b) in [
            ("Vladimir Putin", "Vladimir Zelensky"),
            ("Dmitry Peskov", "Ivan Peskov"),
            ("Alexander Lukashenko", "Alexei Lukashenko"),
            ("Yury Ushakov", "George Ushakov"),
            ("Maria Zakharova", "Maria Zakharov"),
        ] {
            assert!(!same_person(a, b), "{a} and {b}");
        }
    }

    #[test]
    fn splits_given_name_and_surname() {
        let lone = PersonName::parse("M. Peskov").unwrap();
        assert_eq!(lone.given, None);
        assert_eq!(lone.initial, None);
        assert_eq!(lone.surname, "peskov");
        let initial = PersonName::parse("D. Peskov").unwrap();
        assert_eq!(initial.given, None);
        assert_eq!(initial.initial, Some('d'));
        let full = PersonName::parse("Dmitry Sergeyevich Peskov Jr.").unwrap();
        assert_eq!(full.full_key().as_deref(), Some("dmitri peskov"));
        let particle = PersonName::parse("Ursula von der Leyen").unwrap();
        assert_eq!(particle.surname, "von der leien");
        assert_eq!(
            PersonName::parse("von der Leyen").unwrap().surname,
            particle.surname
        );
        assert!(PersonName::parse("von der Leyen").unwrap().given.is_none());
        assert!(PersonName::parse("?!").is_none());
    }

    #[test]
    fn compatibility_follows_given_names_and_initials() {
        let dmitry = PersonName::parse("Dmitry Peskov").unwrap();
        assert!(dmitry.compatible(&PersonName::parse("Peskov").unwrap()));
        assert!(dmitry.compatible(&PersonName::parse("D. Peskov").unwrap()));
        assert!(!dmitry.compatible(&PersonName::parse("I. Peskov").unwrap()));
        assert!(!dmitry.compatible(&PersonName::parse("Ivan Peskov").unwrap()));
        assert!(!dmitry.compatible(&PersonName::parse("Dmitry Medvedev").unwrap()));
    }

    #[test]
    fn given_name_groups_are_disjoint() {
        let file: NamesFile = toml::from_str(include_str!("../lexicons/names.toml")).unwrap();
        let mut owner: HashMap<String, &str> = HashMap::default();
        for group in &file.given_names {
            let english = group.split_whitespace().next().unwrap();
            for form in group.split_whitespace() {
                let key = skeleton(&fold(form));
                if let Some(previous) = owner.insert(key.clone(), english) {
                    assert_eq!(previous, english, "{form} ({key}) is in two groups");
                }
            }
        }
        assert!(owner.len() > 300, "a few hundred forms: {}", owner.len());
        let mut common = foldhash::HashSet::default();
        for name in &file.common_given_names {
            assert!(common.insert(name), "{name} is listed twice");
            assert!(
                !file
                    .given_names
                    .iter()
                    .any(|g| g.split_whitespace().any(|f| f == name)),
                "{name} is in a group already"
            );
        }
        assert_eq!(english_given_name("Volodymyr"), Some("Vladimir"));
        assert_eq!(english_given_name("Iouri"), Some("Yury"));
        assert_eq!(english_given_name("Дмитрий"), Some("Dmitry"));
    }

    #[test]
    fn french_spellings_of_russian_surnames_give_the_english_ones() {
        for (french, english) in [
            ("Poutine", "Putin"),
            ("Zelenski", "Zelensky"),
            ("Eltsine", "Yeltsin"),
            ("Gorbatchev", "Gorbachev"),
            ("Khrouchtchev", "Khrushchev"),
            ("Prigojine", "Prigozhin"),
            ("Choïgou", "Shoigu"),
            ("Brejnev", "Brezhnev"),
            ("Nabioullina", "Nabiullina"),
            ("Chostakovitch", "Shostakovich"),
            ("Soljenitsyne", "Solzhenitsyn"),
            ("Borissov", "Borisov"),
            ("Lavrov", "Lavrov"),
        ] {
            assert_eq!(english_surname(french, "fr").as_deref(), Some(english));
        }
        // French, Polish and short names keep their spelling.
        for word in [
            "Racine",
            "Martine",
            "Justine",
            "Lewandowski",
            "Dupont",
            "Moscou",
            "Kiev",
            "Macron",
        ] {
            assert_eq!(english_surname(word, "fr"), None, "{word}");
        }
        assert_eq!(english_name_word("Iouri", "fr").as_deref(), Some("Yuri"));
        assert_eq!(
            english_name_word("Evgueni", "fr").as_deref(),
            Some("Yevgeni")
        );
    }

    #[test]
    fn display_scores_prefer_full_latin_english_forms() {
        assert!(display_score("Dmitry Peskov", "fr") > display_score("Peskov", "en"));
        assert!(display_score("Dmitry Peskov", "ru") > display_score("Дмитрий Песков", "ru"));
        assert!(display_score("Dmitry Peskov", "en") > display_score("Dmitri Peskov", "fr"));
        assert!(display_score("Dmitry Peskov", "en") > display_score("Dmitri Peskov", "en"));
    }
}
