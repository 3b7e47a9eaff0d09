//! People and bodies of one document: canonical English names, aliases,
//! roles, and the keys under which different spellings are one speaker.

use crate::chars::{Lower, is_alnum, is_alpha, is_lower, is_upper};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use foldhash::HashMap;

use crate::lexicon::{Lexicon, title_case_of_caps};
use crate::memo;

/// The Russian letters а..я in Latin, in alphabet order (`е` is `ye` at
/// the start of a word and after a vowel: [`translit_char`]).
const RUSSIAN_LATIN: [&str; 32] = [
    "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
    "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
];

/// Cyrillic to Latin with the usual English conventions (Dmitry, Yury,
/// Zelensky, Khodorkovsky); `ye` says whether an `е` is `ye`.
fn translit_char(c: char, ye: bool) -> &'static str {
    match c {
        'е' if ye => "ye",
        'а'..='я' => RUSSIAN_LATIN[(c as u32 - 'а' as u32) as usize],
        'ё' => "yo",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        _ => "",
    }
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4FF}').contains(&c)
}

/// The first char of `c`'s lower case, with fast paths for ASCII and the
/// Russian alphabet (names are looked up constantly).
fn lower_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'Ё' => 'ё',
        c if c.is_ascii() || ('а'..='я').contains(&c) => c,
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Transliterates one word written in Cyrillic; other words are returned as is.
pub(crate) fn transliterate(word: &str) -> String {
    transliterate_with(word, None)
}

/// [`transliterate`] with the letters a language romanizes its own way.
fn transliterate_with(word: &str, own: Option<&HashMap<char, String>>) -> String {
    if !word.chars().any(is_cyrillic) {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len() * 2);
    transliterate_into(word, &mut out, false, own);
    out
}

/// `transliterate(word).lower()`. Keys and first names are made
/// from it for every new name: a word in ASCII and Cyrillic only is lowered
/// as it is transliterated, without the two intermediate strings.
fn latin_lower(word: &str) -> String {
    if !word.chars().all(|c| c.is_ascii() || is_cyrillic(c)) {
        return transliterate(word).lower();
    }
    let mut out = String::with_capacity(word.len() * 2);
    transliterate_into(word, &mut out, true, None);
    out
}

/// Appends the transliteration of `word` to `out`, in lower case when
/// `lower` (then `word` is ASCII and Cyrillic only: other chars would need
/// the context rules of `str::to_lowercase`); `own` holds the letters a
/// language romanizes its own way.
fn transliterate_into(
    word: &str,
    out: &mut String,
    lower: bool,
    own: Option<&HashMap<char, String>>,
) {
    debug_assert!(!lower || word.chars().all(|c| c.is_ascii() || is_cyrillic(c)));
    let mut chars = word.chars();
    let mut prev: Option<char> = None;
    while let Some(orig) = chars.next() {
        let c = lower_char(orig);
        let upper = is_upper(orig);
        let mut ahead = chars.clone();
        let piece: &str = if matches!(c, 'и' | 'ы')
            && ahead.next().map(lower_char) == Some('й')
            && ahead.next().map(lower_char).is_none_or(|n| !is_alpha(n))
        {
            // -ий / -ый at the end of a word: Dmitry, Zelensky.
            prev = chars.next().map(lower_char);
            "y"
        } else if is_cyrillic(c) {
            // Only `е` depends on what comes before it.
            let ye = c == 'е'
                && prev.is_none_or(|p| {
                    !is_alpha(p)
                        || matches!(
                            p,
                            'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'ь' | 'ъ'
                        )
                });
            prev = Some(c);
            match own.and_then(|m| m.get(&c)) {
                Some(latin) => latin.as_str(),
                None => translit_char(c, ye),
            }
        } else {
            out.push(if lower { c } else { orig });
            prev = Some(c);
            continue;
        };
        if !piece.is_ascii() {
            // A lexicon's own romanization may use any letters.
            let mut letters = piece.chars();
            if let Some(first) = letters.next() {
                if upper && !lower {
                    out.extend(first.to_uppercase());
                } else {
                    out.push(first);
                }
                out.push_str(letters.as_str());
            }
            continue;
        }
        // Pieces are ASCII: pushed byte by byte (a copy call costs more
        // than these one to four letters).
        for (k, b) in piece.bytes().enumerate() {
            out.push(if k == 0 && upper && !lower {
                char::from(b.to_ascii_uppercase())
            } else {
                char::from(b)
            });
        }
    }
}

/// Russian surname case endings back to the nominative: Соколова, Соколову,
/// Соколовым -> Соколов; Орлова -> Орлов. Returns the stem and whether the
/// form was an oblique masculine one.
/// Borrows the word when it stays as it is (the usual case: it runs for
/// every new name and capitalized word).
fn russian_nominative(word: &str) -> (Cow<'_, str>, bool) {
    if word.chars().count() < 5 || !word.chars().all(|c| is_cyrillic(c) || c == '-') {
        return (word.into(), false);
    }
    let s = word;
    for suffix in ["ым", "ом", "а", "у", "е"] {
        if let Some(stem) = s.strip_suffix(suffix)
            && ["ов", "ев", "ин", "ын"].iter().any(|e| stem.ends_with(e))
        {
            return (stem.into(), true);
        }
    }
    for (suffix, rep) in [
        ("ского", "ский"),
        ("скому", "ский"),
        ("ским", "ский"),
        ("ском", "ский"),
    ] {
        if let Some(stem) = s.strip_suffix(suffix) {
            return (format!("{stem}{rep}").into(), true);
        }
    }
    // Instrumental of a consonant-final surname: Бермудесом -> Бермудес.
    if let Some(stem) = s.strip_suffix("ом") {
        let consonant = stem
            .chars()
            .next_back()
            .is_some_and(|c| !"аеёиоуыэюяйь".contains(c));
        if consonant && stem.chars().count() >= 4 {
            return (stem.into(), true);
        }
    }
    (s.into(), false)
}

/// A Russian masculine first name in an oblique case back to the nominative.
fn russian_first_name(word: &str) -> String {
    for (suffix, rep) in [
        ("ием", "ий"),
        ("еем", "ей"),
        ("ию", "ий"),
        ("ею", "ей"),
        ("ии", "ий"),
        ("ее", "ей"),
        ("ем", "ь"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return format!("{stem}{rep}");
        }
    }
    if let Some(stem) = word.strip_suffix("ия") {
        return format!("{stem}ий");
    }
    if let Some(stem) = word.strip_suffix("ея") {
        return format!("{stem}ей");
    }
    for suffix in ["а", "у", "ом", "ым", "е"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 3
        {
            return stem.to_string();
        }
    }
    word.to_string()
}

/// True when a first name in the nominative reads as feminine: listed by
/// the lexicon, or with a feminine ending (Ирина, Елена, Ольга).
fn feminine_first_name(word: &str, lex: &Lexicon) -> bool {
    (["ина", "ена", "нна", "ья", "ла", "ьга", "ера", "ника"]
        .iter()
        .any(|e| word.ends_with(e))
        || lex.is_feminine_first_name(word))
        // Никита, Илья: masculine despite their ending.
        && lex.masculine_a_first_name(word).is_none()
}

/// A woman's name in an oblique case (`по словам Эльвиры Набиуллиной`,
/// `с Марией Захаровой`): the first name read back through the lexicon's
/// case endings is feminine, and the surname takes the feminine endings
/// of adjectives (`-ской` / `-ская`) or of `-ов`, `-ин` names (`-ой` / `-а`);
/// others do not decline (Матвиенко). Returns the tokens in the nominative.
fn feminine_nominative(tokens: &[&str], lex: &Lexicon) -> Option<Vec<String>> {
    let (first, last) = (tokens.first()?, tokens.last()?);
    if tokens.len() < 2 || !last.chars().all(|c| is_cyrillic(c) || c == '-') {
        return None;
    }
    // `-ла` is no sure sign here: Михаилу reads back to Михаила too.
    let first = lex.nominatives(first).into_iter().find(|f| {
        lex.is_feminine_first_name(f) || (feminine_first_name(f, lex) && !f.ends_with("ла"))
    })?;
    let adjective = [
        ("ской", "ская"),
        ("цкой", "цкая"),
        ("скую", "ская"),
        ("цкую", "цкая"),
    ]
    .iter()
    .find_map(|(oblique, nominative)| last.strip_suffix(oblique).map(|stem| (stem, nominative)));
    let surname = if let Some((stem, nominative)) = adjective {
        format!("{stem}{nominative}")
    } else {
        // `-у` is also a masculine dative (Михаилу Доманину): such a
        // surname leaves the name to the masculine rules.
        let declined = ["ой", "ою"]
            .iter()
            .find_map(|e| last.strip_suffix(e))
            .filter(|stem| {
                ["ов", "ев", "ёв", "ин", "ын"]
                    .iter()
                    .any(|e| stem.ends_with(e))
            });
        match declined {
            Some(stem) => format!("{stem}а"),
            None if russian_nominative(last).1 => return None,
            None => last.to_string(),
        }
    };
    let mut out = vec![first];
    // Patronymics in the same case (`Надежде Васильевне Потехиной`).
    out.extend(tokens[1..tokens.len() - 1].iter().map(|t| {
        [
            ("вны", "вна"),
            ("вне", "вна"),
            ("вну", "вна"),
            ("вной", "вна"),
            ("чны", "чна"),
            ("чне", "чна"),
            ("чну", "чна"),
            ("чной", "чна"),
        ]
        .iter()
        .find_map(|(oblique, nominative)| {
            t.strip_suffix(oblique)
                .map(|stem| format!("{stem}{nominative}"))
        })
        .unwrap_or_else(|| t.to_string())
    }));
    out.push(surname);
    Some(out)
}

/// The canonical English form of a name as written (tokens without titles).
pub(crate) fn canonical(tokens: &[&str], lex: &Lexicon) -> String {
    // A name in capitals (a transcript label, `ANTHONY FAUCI`) is displayed
    // as prose writes it, so that it reads like the same name in prose.
    let recased: Vec<String> = tokens
        .iter()
        .map(|t| title_case_of_caps(t).unwrap_or_else(|| (*t).to_string()))
        .collect();
    let tokens: Vec<&str> = recased.iter().map(String::as_str).collect();
    let tokens = tokens.as_slice();
    let joined = tokens.join(" ");
    if let Some(mapped) = lex.exonyms.get(&joined) {
        return mapped.clone();
    }
    if let Some(nominative) = feminine_nominative(tokens, lex) {
        let words: Vec<&str> = nominative.iter().map(String::as_str).collect();
        return canonical(&words, lex);
    }
    // A surname in the language's spelling of Russian names (Poutine,
    // Prigojine): the usual English spelling, and the other words by the
    // same rules (Evgueni Prigojine gives Yevgeni Prigozhin).
    if let Some((surname, rest)) = tokens.split_last()
        && let Some(english) = crate::names::english_surname(surname, &lex.code)
    {
        let mut out: Vec<String> =
            rest.iter()
                .map(|w| match lex.exonyms.get(*w) {
                    Some(mapped) => mapped.clone(),
                    None if w.ends_with('.') => w.to_string(),
                    None => crate::names::english_name_word(w, &lex.code)
                        .unwrap_or_else(|| w.to_string()),
                })
                .collect();
        out.push(english);
        return out.join(" ");
    }
    let mut out: Vec<String> = Vec::new();
    let last = tokens.len().saturating_sub(1);
    // A surname in a case the language's lexicon lists (Kowalskiego,
    // Коваленка): the whole name is in that case.
    if let Some(nominative) = tokens.last().and_then(|t| lex.surname_nominative(t)) {
        for (i, t) in tokens.iter().enumerate() {
            let word = if i == last {
                nominative.clone()
            } else if t.ends_with('.') {
                t.to_string()
            } else {
                lex.given_name_nominative(t)
                    .unwrap_or_else(|| russian_first_name(t))
            };
            let word = lex.exonyms.get(&word).cloned().unwrap_or(word);
            out.push(transliterate_with(&word, Some(&lex.transliteration)));
        }
        return out.join(" ");
    }
    let (_, mut oblique) = tokens
        .last()
        .map(|t| russian_nominative(t))
        .unwrap_or_default();
    // "Ирина Белова" is a feminine nominative, not a masculine genitive.
    // A patronymic tells the gender; without one, the first name's ending.
    let patronymic = if tokens.len() >= 3 { tokens[1] } else { "" };
    let feminine = tokens.len() >= 2
        && if ["вна", "вны", "вне", "вной", "чна", "чны"]
            .iter()
            .any(|e| patronymic.ends_with(e))
        {
            true
        } else if ["ича", "ичу", "ичем", "иче"]
            .iter()
            .any(|e| patronymic.ends_with(e))
        {
            false
        } else {
            feminine_first_name(tokens[0], lex)
        };
    if feminine {
        oblique = false;
    }
    for (i, t) in tokens.iter().enumerate() {
        let mut word = t.to_string();
        if i == 0
            && tokens.len() >= 2
            && let Some(nominative) = lex.first_name_nominative(t)
        {
            word = nominative;
        } else if i == 0
            && tokens.len() >= 2
            && let Some(nominative) = lex
                .given_name_nominative(t)
                .filter(|n| crate::names::is_given_name(n))
            && !crate::names::is_given_name(t)
        {
            // A first name in an oblique case before a surname that does
            // not decline (`Anny Kowalczyk`).
            word = nominative;
        }
        // A feminine first name in the instrumental (Валентиной).
        if i == 0
            && tokens.len() >= 2
            && word.chars().all(|c| is_cyrillic(c) || c == '-')
            && let Some(stem) = word.strip_suffix("ой").filter(|s| s.chars().count() >= 3)
        {
            word = format!("{stem}а");
        }
        if i == last && !feminine {
            word = russian_nominative(t).0.into_owned();
        } else if let Some(nominative) = lex.masculine_a_first_name(&word) {
            // Никита is masculine despite its ending: Никите is its dative.
            word = nominative.to_string();
        } else if oblique && !word.ends_with('.') {
            word = match word
                .strip_suffix("ича")
                .or_else(|| word.strip_suffix("ичу"))
                .or_else(|| word.strip_suffix("ичем"))
            {
                Some(stem) if i > 0 => format!("{stem}ич"),
                _ => russian_first_name(&word),
            };
        }
        let word = lex.exonyms.get(&word).cloned().unwrap_or(word);
        out.push(transliterate_with(&word, Some(&lex.transliteration)));
    }
    out.join(" ")
}

/// What a written name gives: its matching key, its canonical form and its
/// first name in Latin lower case (empty when it has none).
#[derive(Debug, Default)]
struct Forms {
    key: String,
    canonical: String,
    first_latin: String,
    /// What an honorific before the name (`Mrs. Harlow`), else the given
    /// name, tells of the gender.
    gender: Option<crate::names::Gender>,
}

/// The first word of a name that is a first name, in Latin lower case:
/// no initial, no particle, not the last word.
fn first_latin(tokens: &[&str]) -> String {
    tokens
        .iter()
        .take(tokens.len().saturating_sub(1))
        .find(|t| !(t.ends_with('.') && t.chars().count() <= 3))
        .filter(|t| !crate::names::is_leading_particle(t))
        .map(|t| latin_lower(t))
        .unwrap_or_default()
}

/// The forms of a person's name `joined` from `tokens`, after `honorific`
/// when one tells the gender (kept per thread: see [`crate::memo`]).
fn person_forms(
    tokens: &[&str],
    honorific: Option<&str>,
    joined: &str,
    lex: &Lexicon,
) -> Rc<Forms> {
    thread_local! {
        static FORMS: memo::Table<Rc<Forms>> = RefCell::default();
    }
    memo::kept(&FORMS, lexicon_scope(lex), joined, || {
        let gender = match honorific {
            Some(head) => crate::names::gender_of(head),
            None if tokens.len() >= 2 => crate::names::gender_of(tokens[0]),
            None => None,
        };
        Rc::new(Forms {
            key: key(tokens, lex),
            canonical: canonical(tokens, lex),
            first_latin: first_latin(tokens),
            gender,
        })
    })
}

/// The memo scope of a lexicon: its address (lexicons are static).
fn lexicon_scope(lex: &Lexicon) -> usize {
    std::ptr::from_ref(lex) as usize
}

/// The matching key of a name: its last token, in Latin lower case.
pub(crate) fn key(tokens: &[&str], lex: &Lexicon) -> String {
    let [word] = tokens else {
        return compute_key(tokens, lex);
    };
    // Lone capitalized words are keyed constantly (every sentence start is
    // one), and the same words recur from document to document.
    thread_local! {
        static SINGLE_KEYS: memo::Table<String> = RefCell::default();
    }
    memo::kept(&SINGLE_KEYS, lexicon_scope(lex), word, || {
        compute_key(tokens, lex)
    })
}

/// [`key`], computed.
fn compute_key(tokens: &[&str], lex: &Lexicon) -> String {
    if let Some(nominative) = feminine_nominative(tokens, lex)
        && let Some(last) = nominative.last()
    {
        return key(&[last.as_str()], lex);
    }
    let Some(last) = tokens.last() else {
        return String::new();
    };
    let nominative: Cow<'_, str> = match lex.surname_nominative(last) {
        Some(n) => n.into(),
        None => russian_nominative(last).0,
    };
    let mapped: Cow<'_, str> = match lex.exonyms.get(nominative.as_ref()) {
        Some(exonym) => exonym.as_str().into(),
        None => match crate::names::english_surname(&nominative, &lex.code) {
            Some(english) => english.into(),
            None => nominative,
        },
    };
    let mut k = latin_lower(&mapped);
    k.retain(is_alnum);
    // Spelling variants of the same surname: Zelensky / Zelenskyy / Zelenskiy.
    for (from, to) in [("yy", "y"), ("iy", "y"), ("ij", "y"), ("ii", "y")] {
        if k.ends_with(from) {
            k.truncate(k.len() - from.len());
            k.push_str(to);
        }
    }
    if k.ends_with('i') && k.len() > 5 && k.ends_with("ki") {
        k.pop();
        k.push('y');
    }
    k
}

/// True when two first names can be the same person: transliteration
/// variants share their first three letters (Dmitry, Dmitri), and other
/// forms of one name (Anthony, Tony) are in one group of
/// `lexicons/names.toml`.
fn first_names_agree(a: &str, b: &str) -> bool {
    let pa: String = a.chars().take(3).collect();
    let pb: String = b.chars().take(3).collect();
    pa == pb
        || crate::names::english_given_name(a)
            .is_some_and(|g| crate::names::english_given_name(b) == Some(g))
}

/// True when `word` is an honorific, with or without its dot (`Mr`, `Mr.`,
/// `M.`, `Mme`); a bare `M` is an initial.
fn is_honorific(word: &str) -> bool {
    let folded = crate::analysis::fold(word);
    crate::names::is_honorific(&folded)
        || (folded.len() > 1 && crate::names::is_honorific(&format!("{folded}.")))
}

/// One person or body of the document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Person {
    pub(crate) name: String,
    /// Number of tokens in `name` (longer full names win).
    name_len: usize,
    pub(crate) aliases: Vec<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) organization: bool,
    pub(crate) mentions: usize,
    /// Honorifics written before the name (`dr`, `mrs`), folded, without
    /// the dot: they tell namesakes apart in labels (`DR. NAME:`).
    honorifics: Vec<String>,
    /// First name of the full form, Latin lower case (to tell namesakes apart).
    first: String,
    /// What the name or an honorific tells of the person's gender.
    pub(crate) gender: Option<crate::names::Gender>,
}

/// The people of one document.
#[derive(Debug, Default)]
pub(crate) struct People {
    pub(crate) list: Vec<Person>,
    by_key: foldhash::HashMap<String, usize>,
    /// Per written form (tokens joined by spaces, after an honorific that
    /// tells the gender) of a person [0] and of an organisation [1]: what
    /// the form gives.
    forms: [foldhash::HashMap<String, Rc<Forms>>; 2],
    /// Reused to join a mention's tokens.
    joined: String,
    /// People keyed apart from a namesake (another first name or gender),
    /// with the key they share.
    namesakes: Vec<(String, usize)>,
}

impl People {
    /// Registers a mention of `tokens` (a name without titles); returns the
    /// person's index.
    pub(crate) fn mention(
        &mut self,
        tokens: &[&str],
        surface: &str,
        lex: &Lexicon,
        organization: bool,
    ) -> Option<usize> {
        // Names repeat: their forms are computed once per document (and
        // kept per thread for people), then shared. A title before the name
        // (`Mrs. Harlow`) may tell the gender: it is part of the form then.
        let head = surface.split(' ').next().unwrap_or("");
        let titled = !organization
            && tokens.first().is_some_and(|t| !surface.starts_with(t))
            && head.len() <= 9
            && (is_honorific(head) || head.eq_ignore_ascii_case("miss"));
        self.joined.clear();
        if titled {
            self.joined.push_str(head);
            self.joined.push(' ');
        }
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 {
                self.joined.push(' ');
            }
            self.joined.push_str(t);
        }
        let known = &mut self.forms[usize::from(organization)];
        let forms = match known.get(self.joined.as_str()) {
            Some(forms) => Rc::clone(forms),
            None => {
                let forms = if organization {
                    Rc::new(Forms {
                        key: surface.lower(),
                        canonical: surface.to_string(),
                        first_latin: first_latin(tokens),
                        gender: None,
                    })
                } else {
                    person_forms(tokens, titled.then_some(head), &self.joined, lex)
                };
                known.insert(self.joined.clone(), Rc::clone(&forms));
                forms
            }
        };
        let (k, canon, first_latin, gender) = (
            &forms.key,
            &forms.canonical,
            &forms.first_latin,
            &forms.gender,
        );
        if k.is_empty() {
            return None;
        }
        // An oblique form of a person already named (`по словам
        // Набиуллиной` after `Эльвира Набиуллина`) is that person; its
        // canonical form, not being the nominative, never becomes the name.
        if !organization
            && !self.by_key.contains_key(k.as_str())
            && let Some(i) = Self::oblique_in(&self.by_key, &self.list, tokens, lex)
        {
            let person = &mut self.list[i];
            person.mentions += 1;
            if surface != person.name && !person.aliases.iter().any(|a| a == surface) {
                person.aliases.push(surface.to_string());
            }
            return Some(i);
        }
        // Initials do not make a name fuller (`В. Путин`, but `Lyndon B.
        // Johnson` keeps its two full words).
        let is_initial = |t: &&str| t.ends_with('.') && t.chars().count() <= 3;
        // `De Jong` is a surname alone: its particle is no first name.
        let particle_head = tokens.len() >= 2 && crate::names::is_leading_particle(tokens[0]);
        let full_len = tokens
            .iter()
            .filter(|t| !is_initial(t))
            .count()
            .saturating_sub(usize::from(particle_head))
            .max(1);
        // Same surname, different first name: another person (Lyndon
        // Johnson is not Donald Johnson).
        let first: &str = if full_len >= 2 { first_latin } else { "" };
        let k: std::borrow::Cow<'_, str> = match self.by_key.get(k.as_str()) {
            Some(&i)
                if !first.is_empty()
                    && !self.list[i].first.is_empty()
                    && !first_names_agree(first, &self.list[i].first) =>
            {
                format!("{k}#{first}").into()
            }
            // `Mrs. Reagan` is not `Ronald Reagan`.
            Some(&i)
                if gender.is_some()
                    && self.list[i].gender.is_some()
                    && *gender != self.list[i].gender =>
            {
                format!("{k}#{gender:?}").into()
            }
            _ => k.as_str().into(),
        };
        let idx = match self.by_key.get(k.as_ref()) {
            Some(&i) => i,
            None => {
                if let Some((base, _)) = k.split_once('#') {
                    self.namesakes.push((base.to_string(), self.list.len()));
                }
                self.by_key.insert(k.into_owned(), self.list.len());
                self.list.push(Person {
                    organization,
                    ..Person::default()
                });
                self.list.len() - 1
            }
        };
        let person = &mut self.list[idx];
        // A lone word in capitals was taken for an acronym (`FAUCI:` before
        // `Dr. Fauci`); named as a person elsewhere, it is one.
        if person.organization
            && !organization
            && !person.name.contains(' ')
            && title_case_of_caps(&person.name).is_some()
        {
            person.organization = false;
            person.name_len = 0;
        }
        person.mentions += 1;
        if person.first.is_empty() && !first.is_empty() {
            person.first = first.to_string();
        }
        if person.gender.is_none() {
            person.gender = *gender;
        }
        // Longer forms make a person's name fuller up to three words (more
        // is usually a role glued on); a body's name may be long.
        if full_len > person.name_len && (full_len <= 3 || organization || person.name.is_empty()) {
            if !person.name.is_empty() && !person.aliases.contains(&person.name) {
                let old = std::mem::take(&mut person.name);
                person.aliases.push(old);
            }
            person.name = canon.clone();
            person.name_len = full_len;
        } else if *canon != person.name && !person.aliases.contains(canon) {
            person.aliases.push(canon.clone());
        }
        if surface != person.name && !person.aliases.iter().any(|a| a == surface) {
            person.aliases.push(surface.to_string());
        }
        Some(idx)
    }

    /// The person (not organisation) already known under the nominative
    /// of `tokens`, read back through the lexicon's case endings
    /// (`Набиуллиной` -> `Набиуллина`), first and last word alike.
    pub(crate) fn oblique_of(&self, tokens: &[&str], lex: &Lexicon) -> Option<usize> {
        Self::oblique_in(&self.by_key, &self.list, tokens, lex)
    }

    /// [`People::oblique_of`] over the key index and the list, so that it
    /// can run while the name cache is borrowed.
    fn oblique_in(
        by_key: &foldhash::HashMap<String, usize>,
        list: &[Person],
        tokens: &[&str],
        lex: &Lexicon,
    ) -> Option<usize> {
        let (last, rest) = tokens.split_last()?;
        // The keys of a word's nominatives depend on the word alone, while
        // the people they find change: the keys are kept, the lookups are not.
        thread_local! {
            static OBLIQUE_KEYS: memo::Table<std::rc::Rc<[String]>> = RefCell::default();
        }
        let keys = memo::kept(&OBLIQUE_KEYS, lexicon_scope(lex), last, || {
            // A name's key is that of its last word (see `key`).
            lex.nominatives(last)
                .iter()
                .map(|surname| key(&[surname.as_str()], lex))
                .collect::<std::rc::Rc<[String]>>()
        });
        for k in keys.iter() {
            let Some(&i) = by_key.get(k) else {
                continue;
            };
            let person = &list[i];
            let first_ok = rest.first().is_none_or(|first| {
                let latin = |w: &str| transliterate(w).lower();
                person.first.is_empty()
                    || first_names_agree(&latin(first), &person.first)
                    || lex
                        .nominatives(first)
                        .iter()
                        .any(|f| first_names_agree(&latin(f), &person.first))
            });
            if !person.organization && first_ok {
                return Some(i);
            }
        }
        None
    }

    /// The person with matching key `key`, if any.
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// A transcript label is in the nominative: initials and a surname in
    /// `-ова`, `-ина` (`Т.Голикова:`) name a woman, whose surname prose
    /// would otherwise read as a man's genitive (`T. Golikov`).
    pub(crate) fn label_nominative(&mut self, idx: usize, tokens: &[&str], lex: &Lexicon) {
        let Some((last, initials)) = tokens.split_last() else {
            return;
        };
        // Labels repeat: once the name reads feminine, nothing is left to do.
        if initials.is_empty()
            || !last.ends_with('а')
            || self.list[idx].name.ends_with('a')
            || !initials
                .iter()
                .all(|t| t.ends_with('.') && t.chars().count() <= 3)
            || !russian_nominative(last).1
        {
            return;
        }
        let person = &mut self.list[idx];
        let masculine = person_forms(tokens, None, &tokens.join(" "), lex)
            .canonical
            .clone();
        if person.name != masculine {
            return;
        }
        let mut words: Vec<String> = initials
            .iter()
            .map(|t| transliterate_with(t, Some(&lex.transliteration)))
            .collect();
        words.push(transliterate_with(last, Some(&lex.transliteration)));
        person.name = words.join(" ");
        person.aliases.retain(|a| *a != masculine);
    }

    /// Binds a role (`government spokesman`) to a person.
    pub(crate) fn add_role(&mut self, idx: usize, role: &str) {
        let mut role = role.trim().trim_end_matches(',').trim();
        // Honorifics (`Mr`, `M.`, `г-н`) are titles of address, not roles:
        // `Mr President` is the role `President`.
        while let Some((head, rest)) = role
            .split_once(' ')
            .map_or(Some((role, "")), Some)
            .filter(|(head, _)| is_honorific(head))
        {
            debug_assert!(!head.is_empty());
            if let Some(p) = self.list.get_mut(idx) {
                let folded = crate::analysis::fold(head.trim_end_matches('.'));
                if !p.honorifics.contains(&folded) {
                    p.honorifics.push(folded);
                }
            }
            role = rest.trim_start();
        }
        if role.is_empty() {
            return;
        }
        // A role in capitals (a label's `SENATOR`) reads as prose writes it.
        let recased: String;
        let role = if role.chars().any(is_lower) {
            role
        } else {
            recased = role
                .split(' ')
                .map(|w| title_case_of_caps(w).unwrap_or_else(|| w.to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            recased.as_str()
        };
        if let Some(p) = self.list.get_mut(idx)
            && !p.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
        {
            p.roles.push(role.to_string());
        }
    }

    /// Unbinds the role `role` (any case) from a person.
    pub(crate) fn drop_role(&mut self, idx: usize, role: &str) {
        if let Some(p) = self.list.get_mut(idx) {
            p.roles.retain(|r| !r.eq_ignore_ascii_case(role));
        }
    }

    /// The person whose roles are the role `noun` (lower case), else
    /// contain it, the most mentioned first. A role that holds the noun
    /// after a subordinate title (`vice president` for `president`) is
    /// another office.
    pub(crate) fn by_role(&self, noun: &str, lex: &Lexicon) -> Option<usize> {
        let holds = |role: &str, exact: bool| {
            let role = role.lower();
            let role = crate::lexicon::shared().without_determiner(&role);
            if exact {
                return role == noun;
            }
            role.match_indices(noun).any(|(at, _)| {
                role[..at]
                    .split_whitespace()
                    .next_back()
                    .is_none_or(|before| !lex.is_subordinate_title(before))
            })
        };
        [true, false].into_iter().find_map(|exact| {
            self.list
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.organization && p.roles.iter().any(|r| holds(r, exact)))
                .max_by_key(|(_, p)| p.mentions)
                .map(|(i, _)| i)
        })
    }

    /// The one of several namesakes (`tokens` a lone surname that people
    /// with different first names share) that holds one of `titles` (a
    /// label's `MAYOR`, `DR.`, words separated by spaces) as a role word or an honorific; the mention
    /// is counted.
    pub(crate) fn titled_namesake(
        &mut self,
        tokens: &[&str],
        surface: &str,
        titles: &str,
        lex: &Lexicon,
    ) -> Option<usize> {
        if self.namesakes.is_empty() || tokens.len() != 1 {
            return None;
        }
        let k = key(tokens, lex);
        let first = *self.by_key.get(&k)?;
        let titles: Vec<String> = titles
            .split_whitespace()
            .map(|t| crate::analysis::fold(t.trim_end_matches('.')))
            .collect();
        let holds = |p: &Person| {
            titles.iter().any(|t| {
                p.honorifics.contains(t)
                    || p.roles.iter().any(|r| {
                        r.split_whitespace()
                            .any(|w| crate::analysis::fold(w.trim_end_matches('.')) == *t)
                    })
            })
        };
        let mut found = None;
        for i in std::iter::once(first).chain(
            self.namesakes
                .iter()
                .filter(|(base, _)| *base == k)
                .map(|(_, i)| *i),
        ) {
            if !holds(&self.list[i]) {
                continue;
            }
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
        let person = &mut self.list[found?];
        person.mentions += 1;
        if surface != person.name && !person.aliases.iter().any(|a| a == surface) {
            person.aliases.push(surface.to_string());
        }
        found
    }

    /// The most mentioned person (not organisation).
    pub(crate) fn most_salient(&self) -> Option<usize> {
        self.most_salient_but(None)
    }

    /// The most mentioned person (not organisation) other than `other`.
    pub(crate) fn most_salient_but(&self, other: Option<usize>) -> Option<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(i, p)| !p.organization && p.name_len >= 1 && Some(*i) != other)
            .max_by_key(|(_, p)| p.mentions)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::for_language;

    #[test]
    fn transliteration_follows_english_conventions() {
        assert_eq!(transliterate("Дмитрий"), "Dmitry");
        assert_eq!(transliterate("Юрий"), "Yury");
        assert_eq!(transliterate("Зеленский"), "Zelensky");
        assert_eq!(transliterate("Хрущёв"), "Khrushchyov");
        assert_eq!(transliterate("Диас-Канель"), "Dias-Kanel");
        let ru = for_language("ru");
        assert_eq!(canonical(&["Ирина", "Белова"], ru), "Irina Belova");
        assert_eq!(
            canonical(&["Геннадия", "Яковлевича", "Орлова"], ru),
            "Gennady Yakovlevich Orlov"
        );
        assert_eq!(canonical(&["Дмитрия", "Орлова"], ru), "Dmitry Orlov");
        // Masculine first names in -а / -я keep their ending in every case.
        assert_eq!(canonical(&["Никите", "Камынину"], ru), "Nikita Kamynin");
        assert_eq!(canonical(&["Никиты", "Орлова"], ru), "Nikita Orlov");
        assert_eq!(canonical(&["Ильёй", "Соколовым"], ru), "Ilya Sokolov");
        assert_eq!(canonical(&["Илья", "Соколов"], ru), "Ilya Sokolov");
        assert_eq!(canonical(&["Луки", "Орлова"], ru), "Luka Orlov");
    }

    #[test]
    fn lexicons_bring_their_own_romanization_and_cases() {
        let uk = for_language("uk");
        assert_eq!(canonical(&["Ірина", "Мельник"], uk), "Iryna Melnyk");
        assert_eq!(canonical(&["Олега", "Коваленка"], uk), "Oleh Kovalenko");
        assert_eq!(canonical(&["Оксаною", "Литвин"], uk), "Oksana Lytvyn");
        assert_eq!(key(&["Шевчука"], uk), key(&["Шевчук"], uk));
        let pl = for_language("pl");
        assert_eq!(canonical(&["Piotra", "Kowalskiego"], pl), "Piotr Kowalski");
        assert_eq!(
            canonical(&["Katarzyny", "Malinowskiej"], pl),
            "Katarzyna Malinowska"
        );
        assert_eq!(key(&["Kowalskiego"], pl), key(&["Kowalski"], pl));
    }

    #[test]
    fn lowered_transliteration_is_the_transliteration_lowered() {
        for word in [
            "Дмитрий",
            "ЗЕЛЕНСКИЙ",
            "Хрущёв",
            "Ёлкин",
            "Диас-Канель",
            "Ющенко",
            "Zelenskyy",
            "O'Neil",
            "Мак-Donald",
            "Σοφία",
            "İnönü",
        ] {
            assert_eq!(latin_lower(word), transliterate(word).lower(), "{word}");
        }
    }

    #[test]
    fn oblique_cases_and_exonyms() {
        let ru = for_language("ru");
        assert_eq!(
            canonical(&["Владимира", "Соколова"], ru),
            "Vladimir Sokolov"
        );
        assert_eq!(key(&["Соколову"], ru), key(&["Соколов"], ru));
        assert_eq!(
            canonical(&["Эльвиры", "Набиуллиной"], ru),
            "Elvira Nabiullina"
        );
        assert_eq!(canonical(&["Марии", "Захаровой"], ru), "Mariya Zakharova");
        assert_eq!(
            canonical(&["Ирины", "Ярославской"], ru),
            "Irina Yaroslavskaya"
        );
        assert_eq!(
            canonical(&["Валентины", "Матвиенко"], ru),
            "Valentina Matviyenko"
        );
        assert_eq!(key(&["Марии", "Захаровой"], ru), key(&["Захарова"], ru));
        assert_eq!(
            canonical(&["Надежде", "Васильевне", "Потехиной"], ru),
            "Nadezhda Vasilyevna Potekhina"
        );
        assert_eq!(canonical(&["Михаилу", "Доманину"], ru), "Mikhail Domanin");
        let fr = for_language("fr");
        assert_eq!(canonical(&["Vladimir", "Poutine"], fr), "Vladimir Putin");
        assert_eq!(key(&["Poutine"], fr), "putin");
        let en = for_language("en");
        assert_eq!(key(&["Zelenskyy"], en), key(&["Zelensky"], en));
    }

    #[test]
    fn names_in_capitals_read_as_prose() {
        let en = for_language("en");
        assert_eq!(canonical(&["ANTHONY", "FAUCI"], en), "Anthony Fauci");
        assert_eq!(canonical(&["John", "Paul", "II"], en), "John Paul II");
        let mut people = People::default();
        let acronym = people.mention(&["BIRX"], "BIRX", en, true);
        let person = people.mention(&["Birx"], "Dr. Birx", en, false);
        assert_eq!(acronym, person);
        let birx = &people.list[person.unwrap()];
        assert!(!birx.organization);
        assert_eq!(birx.name, "Birx");
        let tony = people.mention(&["Tony", "Marsh"], "Tony Marsh", en, false);
        let anthony = people.mention(&["Anthony", "Marsh"], "Anthony Marsh", en, false);
        assert_eq!(tony, anthony);
    }
}
