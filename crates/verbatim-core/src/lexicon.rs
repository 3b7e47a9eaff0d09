//! Per-language lexicons: data files under `lexicons/`, embedded at build time
//! and parsed once. Adding a language is adding a file and one line in
//! [`SOURCES`].

use crate::chars::{Lower, is_alpha, is_upper};
use crate::wordset::WordSet;
use foldhash::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, MatchKind};
use serde::Deserialize;

use crate::names::Gender;

/// The embedded lexicon files, one per language.
const SOURCES: &[&str] = &[
    include_str!("../lexicons/en.toml"),
    include_str!("../lexicons/fr.toml"),
    include_str!("../lexicons/ru.toml"),
    include_str!("../lexicons/de.toml"),
    include_str!("../lexicons/es.toml"),
    include_str!("../lexicons/it.toml"),
    include_str!("../lexicons/pt.toml"),
    include_str!("../lexicons/nl.toml"),
    include_str!("../lexicons/uk.toml"),
    include_str!("../lexicons/pl.toml"),
];

/// The raw shape of one lexicon file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LexiconFile {
    code: String,
    speech_verbs: Vec<String>,
    inversions: Vec<(String, String)>,
    suffix_inversions: Vec<(String, String)>,
    compound_roles: bool,
    feminine_pronouns: Vec<String>,
    masculine_pronouns: Vec<String>,
    feminine_roles: Vec<String>,
    masculine_roles: Vec<String>,
    feminine_role_endings: Vec<String>,
    naming_words: Vec<String>,
    framing_participles: Vec<String>,
    inscription_verbs: Vec<String>,
    impersonal_verbs: Vec<String>,
    representative_roles: Vec<String>,
    quantifiers: Vec<String>,
    weak_verbs: Vec<String>,
    bare_clause_verbs: Vec<String>,
    first_person: Vec<String>,
    title_suffixes: Vec<String>,
    according_to: Vec<String>,
    according_to_pronoun: Vec<String>,
    anaphoric_openers: Vec<String>,
    complementizers: Vec<String>,
    pronouns: Vec<String>,
    plural_pronouns: Vec<String>,
    role_nouns: Vec<String>,
    titles: Vec<String>,
    label_words: Vec<String>,
    label_connectors: Vec<String>,
    caps_abbreviations: Vec<String>,
    not_labels: Vec<String>,
    field_labels: Vec<String>,
    subordinate_titles: Vec<String>,
    statement_headings: Vec<String>,
    salutations: Vec<String>,
    salutation_openers: Vec<String>,
    enumerations: Vec<String>,
    self_introductions: Vec<String>,
    clause_pronouns: Vec<String>,
    clause_auxiliaries: Vec<String>,
    clause_openers: Vec<String>,
    not_name_endings: Vec<String>,
    credit_openers: Vec<String>,
    unnamed_labels: Vec<String>,
    answer_labels: Vec<String>,
    boilerplate: Vec<String>,
    appeal_openers: Vec<String>,
    clause_breaks: Vec<String>,
    not_names: Vec<String>,
    speech_nouns: Vec<String>,
    skip_before_verb: Vec<String>,
    determiners: Vec<String>,
    prepositions: Vec<String>,
    not_clause_start: Vec<String>,
    org_words: Vec<String>,
    title_connectors: Vec<String>,
    body_connectors: Vec<String>,
    elisions: Vec<String>,
    feminine_first_names: Vec<String>,
    masculine_a_first_names: Vec<String>,
    a_declension_endings: Vec<String>,
    patronymic_endings: Vec<String>,
    group_nouns: Vec<String>,
    plural_suffixes: HashMap<String, String>,
    inflected_roles: bool,
    pro_drop: bool,
    participle_endings: Vec<String>,
    conjunctions: Vec<String>,
    indefinites: Vec<String>,
    bare_labels: Vec<String>,
    exonyms: HashMap<String, String>,
    transliteration: HashMap<String, String>,
    surname_cases: HashMap<String, String>,
    role_cases: HashMap<String, String>,
    given_name_cases: HashMap<String, String>,
    first_name_cases: HashMap<String, String>,
    plural_verb_endings: Vec<String>,
    interviewer_cues: Vec<String>,
    interviewee_cues: Vec<String>,
    interview_words: Vec<String>,
    according_verb_second: bool,
    according_postpositions: Vec<String>,
    reported_clause_markers: Vec<String>,
    oblique_endings: Vec<(String, String)>,
    speaker_pronouns: Vec<String>,
    body_stems: Vec<String>,
    #[serde(flatten)]
    gender: GenderData,
    body_heads: Vec<String>,
    body_head_stem_endings: Vec<String>,
    body_case_endings: Vec<String>,
    outlet_cues: Vec<String>,
    outlet_articles: Vec<String>,
    as_openers: Vec<String>,
    complement_endings: Vec<String>,
    masculine_complement_endings: Vec<String>,
    parentheticals: Vec<String>,
    anonymous_roles: Vec<String>,
}

/// What tells the gender of pronouns, verbs and names (see `ru.toml`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct GenderData {
    feminine_words: Vec<String>,
    masculine_words: Vec<String>,
    feminine_verb_endings: Vec<String>,
    masculine_verb_endings: Vec<String>,
    feminine_name_endings: Vec<String>,
    masculine_name_endings: Vec<String>,
    feminine_given_endings: Vec<String>,
    masculine_given_names: Vec<String>,
}

/// What a lexicon hit in running text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// A speech verb; `weak` verbs need an explicit complementizer.
    Verb {
        /// Needs an explicit complementizer.
        weak: bool,
        /// May take a clause without complementizer.
        bare: bool,
        /// A plural form (`заявили`, `считают`): its subject is a group or
        /// a body, never one person.
        plural: bool,
    },
    /// `according to`, `selon`, `по словам`.
    According,
    /// `according to` with the source a pronoun inside the phrase (`за
    /// його словами`, `jego zdaniem`, `volgens hem`).
    AccordingPronoun,
    /// `that`, `que`, `что`.
    Complementizer,
    /// A singular personal pronoun.
    Pronoun,
    /// A plural pronoun.
    PluralPronoun,
    /// A role noun (`spokesman`, `porte-parole`).
    Role,
    /// A first-person singular pronoun (`I`, `je`, `я`).
    FirstPerson,
    /// A clause break that ends a reported clause (`, adding`).
    ClauseBreak,
}

/// One language's lexicon, ready for matching.
#[derive(Debug)]
pub(crate) struct Lexicon {
    pub(crate) code: String,
    pub(crate) titles: Vec<String>,
    pub(crate) label_words: Vec<String>,
    /// Lower-case words that may stand inside a label's name (`of`, `y`).
    label_connectors: Vec<String>,
    /// Abbreviations in capitals whose dot does not end a period label
    /// (`MR.`), without the dot.
    pub(crate) caps_abbreviations: Vec<String>,
    /// Words in capitals that are never a period label alone (`THE.`).
    pub(crate) not_labels: Vec<String>,
    /// Header fields written like a label (`Present:`, `Location:`):
    /// never a speaker.
    pub(crate) field_labels: Vec<String>,
    /// Lower-case title words that make the title after them another
    /// office (`vice` president, `lieutenant` governor).
    subordinate_titles: Vec<String>,
    /// Openings of hearing headings in capitals before a prepared
    /// statement (`STATEMENT OF`), longest first.
    pub(crate) statement_headings: Vec<String>,
    /// A letter's salutations written like a label (`SIR:`): never a
    /// speaker, compared without case.
    pub(crate) salutations: Vec<String>,
    /// Openings of a salutation (`Dear`), before a space.
    pub(crate) salutation_openers: Vec<String>,
    /// Words that number a point or a section written like a label
    /// (`Third:`, `SEC. 2002.`): never a speaker.
    pub(crate) enumerations: Vec<String>,
    /// Phrases before a speaker's own name at the start of a turn (`I am`,
    /// `My name is`).
    pub(crate) self_introductions: Vec<String>,
    /// Pronouns that open a bare reported clause only before a verb of
    /// `clause_auxiliaries` (`said it would`, not `said it all`).
    pub(crate) clause_pronouns: Vec<String>,
    /// Verbs after a `clause_pronouns` word that make it a clause subject.
    pub(crate) clause_auxiliaries: Vec<String>,
    /// Relative pronouns and conjunctions that open a clause (`people who
    /// were`): words before a speech verb that hold one are no subject.
    pub(crate) clause_openers: Vec<String>,
    /// Endings of words that are never a one-word name (`Speaking`,
    /// `Finally` at a sentence start).
    pub(crate) not_name_endings: Vec<String>,
    /// Lower-case openings of credit lines (`delivered by`): never a title.
    pub(crate) credit_openers: Vec<String>,
    pub(crate) unnamed_labels: Vec<String>,
    pub(crate) answer_labels: Vec<String>,
    /// Questioner labels written without punctuation (`Q Thank you`).
    pub(crate) bare_labels: Vec<String>,
    pub(crate) appeal_openers: Vec<String>,
    pub(crate) not_names: WordSet,
    /// Role nouns, lower case and capitalized.
    role_set: WordSet,
    /// Boilerplate phrases (case-insensitive for ASCII, lower case and
    /// capitalized otherwise); two pattern ids per phrase.
    boiler_matcher: AhoCorasick,
    pub(crate) exonyms: HashMap<String, String>,
    /// Feminine first names whose ending is also that of a masculine name in
    /// an oblique case (Эльвира / Владимира).
    feminine_first_names: WordSet,
    /// Masculine first names declined like feminine nouns (Никита, Илья):
    /// each case form (Никите, Ильи) to its nominative.
    masculine_a_first_names: foldhash::HashMap<String, String>,
    /// Endings of patronymics (`-вич`, `-вна`), in every case; empty for
    /// languages without them.
    patronymic_endings: Vec<String>,
    /// Endings of compound titles (German `…minister`).
    title_suffixes: Vec<String>,
    /// Common nouns naming groups of people (`residents`), lower case.
    group_nouns: WordSet,
    /// Plural endings and their singular replacement, longest first.
    plural_suffixes: Vec<(String, String)>,
    /// Nouns compound: a word ending in a role noun is that role
    /// (`Fraktionschefin`).
    pub(crate) compound_roles: bool,
    /// Pronouns that speak of a woman (`she`, `elle`), as written.
    feminine_pronouns: Vec<String>,
    /// Pronouns that speak of a man (`he`, `il`), as written.
    masculine_pronouns: Vec<String>,
    /// Role nouns that name a woman (`spokeswoman`), lower case.
    feminine_roles: foldhash::HashSet<String>,
    /// Role nouns that name a man (`spokesman`), lower case.
    masculine_roles: foldhash::HashSet<String>,
    /// Endings of capitalized role nouns that name a woman (German `in`).
    feminine_role_endings: Vec<String>,
    /// Words that introduce a name inside an appositive (`a teacher
    /// named Carol Bishop`), lower case.
    naming_words: Vec<String>,
    /// Participles that open an appositive in which the subject frames a
    /// quotation (`Lopez, calling the repairs "late," said`), lower case.
    framing_participles: Vec<String>,
    /// Verbs by which a sign, a banner or a letter shows its text (`the
    /// sign read`): their quotations are no one's statements.
    inscription_verbs: Vec<String>,
    /// Impersonal speech verbs whose source is a document named after
    /// them (`„…“, heißt es in einer Erklärung des Ministeriums`): the
    /// body named there speaks.
    impersonal_verbs: Vec<String>,
    /// Role nouns of someone speaking for a body (`spokeswoman`), lower
    /// case: unnamed, they stand for the body named after them.
    representative_roles: Vec<String>,
    /// Numerals and quantifiers, lower case: one before a capitalized
    /// noun makes an unnamed speaker (`One American`), not a name.
    quantifiers: Vec<String>,
    /// Role nouns take case endings (`министра`, `ministra`): a role hit
    /// extends over up to three more letters.
    pub(crate) inflected_roles: bool,
    /// The language drops subject pronouns (`Ha aggiunto che`, `Dodał, że`):
    /// a speech verb with no subject speaks for the latest speaker, and
    /// verbs match capitalized at the start of a sentence.
    pub(crate) pro_drop: bool,
    /// Words that, alone before a speech verb, stand for the previous
    /// sentence (`Про це`, `Lo`, `Dat`), lower case.
    anaphoric_openers: Vec<String>,
    /// Cyrillic letters this language romanizes its own way (Ukrainian
    /// `г` is `h`, `и` is `y`), over the Russian-based default.
    pub(crate) transliteration: HashMap<char, String>,
    /// Endings of surnames in an oblique case and their nominative
    /// (`skiego` `ski`, `енка` `енко`), longest first.
    /// Role nouns in an oblique case whose nominative is no prefix of
    /// them (`ministra` -> `minister`), lower case.
    role_cases: HashMap<String, String>,
    surname_cases: Vec<(String, String)>,
    /// The same for first names, used once the surname showed the case
    /// (`Piotra` `Piotr`, `Ірини` `Ірина`), longest first.
    given_name_cases: Vec<(String, String)>,
    /// Endings that no first name has in the nominative (`Оксаною`,
    /// `Anną`), rewritten whatever the surname shows.
    first_name_cases: Vec<(String, String)>,
    /// Endings of speech-verb participles that share the sentence's subject
    /// (`…, saying`, `…, estimant que`).
    participle_endings: Vec<String>,
    /// Words joining two verbs of one subject (`and`, `et`, `и`), lower case.
    conjunctions: WordSet,
    /// Indefinite articles, as written (`a`, `An`, `une`).
    indefinites: WordSet,
    /// Phrases of an interview's credits followed by the interviewer's
    /// name (`Propos recueillis par`), as written and capitalized.
    pub(crate) interviewer_cues: Vec<String>,
    /// Phrases followed by the interviewee's name (`Entretien avec`).
    pub(crate) interviewee_cues: Vec<String>,
    /// Words that announce an interview in its title or intro
    /// (`interview`, `entretien`), lower case.
    pub(crate) interview_words: Vec<String>,
    /// An opening `according to` phrase is followed at once by its clause,
    /// finite verb first (`Laut X soll …`), not by a comma.
    pub(crate) according_verb_second: bool,
    /// `according to` words written after their source (`Lehnert
    /// zufolge`); they are also listed in `according_to`.
    according_postpositions: Vec<String>,
    /// Words that mark a clause as reported without a complementizer
    /// (German subjunctives: `werde`, `sei`).
    reported_clause_markers: WordSet,
    /// Case endings of names and their nominative endings (`ой` / `а`).
    oblique_endings: Vec<(String, String)>,
    /// Words that, as a subject, are the speaker or the addressee (`мы`,
    /// `вы`): a plural verb after them reports no third party.
    speaker_pronouns: WordSet,
    /// Lower-case stems of common nouns naming bodies (`министерств`):
    /// `в министерстве заявили` is a body speaking.
    body_stems: Vec<String>,
    /// Pronouns, verb endings and name endings that tell a gender.
    gender: GenderData,
    /// Nouns heading bodies' names, lower case: stem (the nominative
    /// without an ending of the file's `body_head_stem_endings`) and
    /// nominative.
    body_heads: Vec<(String, String)>,
    /// Case endings the stems of `body_heads` take.
    body_case_endings: Vec<String>,
    /// Words after which an interview's intro names the outlet asking the
    /// questions (`рассказал «Известиям»`, `told The Guardian`).
    pub(crate) outlet_cues: Vec<String>,
    /// Articles, as written, that open a publication's name used as a
    /// speaker label (`La Gazette du Sud :`, `Die Zeit:`): such a label
    /// names a body, article included.
    outlet_articles: Vec<String>,
    /// Words that open a sentence `As X said, CLAUSE` (`Как`, `Jak`).
    as_openers: Vec<String>,
    /// Endings of a capitalized word that, alone after a role noun, is the
    /// role's complement in the genitive (`Президент России`), not a name.
    complement_endings: Vec<String>,
    /// Endings of a capitalized word that, alone after a role noun and
    /// next to a masculine speech verb, is the role's genitive complement
    /// (`— заявил президент Казахстана`), while with a feminine verb it is
    /// a woman's surname (`заявила министр Иванова`).
    masculine_complement_endings: Vec<String>,
    /// Parenthetical adverbials that may stand between a subject and its
    /// speech verb (`в свою очередь`, `z kolei`), lower case.
    parentheticals: Vec<String>,
    /// Role nouns that never carry a name (`источник`, `rozmówca`): the
    /// speaker stays unnamed, lower case.
    anonymous_roles: Vec<String>,
    /// Words that may stand right before the complementizer of a speech
    /// verb (objects, speech nouns, time words), lower case.
    pub(crate) pre_complementizer: Vec<String>,
    /// Every running-text cue, searched anchored at candidate starts (see
    /// `extract::for_each_cue`); pattern ids index `cues`.
    cue_dfa: aho_corasick::nfa::contiguous::NFA,
    /// The anchored start state of `cue_dfa`.
    cue_start: aho_corasick::automaton::StateID,
    /// The role nouns (lower case), searched inside words when nouns
    /// compound (`compound_roles`).
    compound_role_matcher: Option<AhoCorasick>,
    /// The first bytes of every cue phrase, to pass over most positions
    /// without walking `cue_dfa`.
    cue_prefixes: CuePrefixes,
    pub(crate) cues: Vec<Cue>,
}

/// Bit sets of the first one to eight bytes of a set of phrases: a phrase
/// starts a text only if the text starts with its prefix of up to eight
/// bytes (its whole self when shorter). Eight bytes are four Cyrillic
/// letters: most word starts of a Russian text share their first two
/// letters with some phrase, few their first four.
#[derive(Clone, Debug)]
struct CuePrefixes {
    /// Indexed by the prefix length minus one.
    sets: [Box<[u64]>; PREFIX_LEN],
    /// Bit `n - 1` set when some phrase has a prefix of `n` bytes in
    /// `sets[n - 1]`: the other sets are empty and never probed.
    lengths: u8,
    /// By the hash bucket of the first four bytes of the phrases of four
    /// bytes or more, the prefix lengths of those phrases (bit `n - 1` for
    /// `n` bytes, as in `lengths`): a gate before the longer prefixes are
    /// probed, so that a text no long phrase starts (most word starts of an
    /// English text) costs no more probes than the short phrases and this
    /// one, and a text that passes probes only the lengths its first four
    /// bytes begin (most Russian two-letter starts begin phrases of eight
    /// bytes or more only).
    four: Box<[u8]>,
    /// The first bytes, settled without hashing.
    first_bytes: [bool; 256],
}

/// The longest prefix kept of each phrase, in bytes.
const PREFIX_LEN: usize = 8;

/// Bits of each prefix set (a power of two).
const PREFIX_BITS: usize = 1 << 16;

impl CuePrefixes {
    fn new(phrases: &[String]) -> Self {
        let mut sets: [Box<[u64]>; PREFIX_LEN] =
            std::array::from_fn(|_| vec![0u64; PREFIX_BITS / 64].into_boxed_slice());
        let mut first_bytes = [false; 256];
        let mut lengths = 0u8;
        let mut four = vec![0u8; PREFIX_BITS].into_boxed_slice();
        for p in phrases {
            let bytes = p.as_bytes();
            if let Some(&b) = bytes.first() {
                first_bytes[usize::from(b)] = true;
            }
            let n = bytes.len().min(PREFIX_LEN);
            if n >= 4 {
                four[Self::bit(Self::head(bytes), 4)] |= 1 << (n - 1);
            }
            if n > 0 {
                let bit = Self::bit(Self::head(bytes), n);
                sets[n - 1][bit / 64] |= 1 << (bit % 64);
                lengths |= 1 << (n - 1);
            }
        }
        CuePrefixes {
            sets,
            lengths,
            four,
            first_bytes,
        }
    }

    /// Whether the first `n` bytes of `head` (the first eight bytes of a
    /// text, little-endian, [`CuePrefixes::head`]) are a kept prefix.
    #[inline]
    fn has(&self, head: u64, n: usize) -> bool {
        let bit = Self::bit(head, n);
        self.sets[n - 1][bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The first eight bytes of `text` as an integer (little-endian, zero
    /// past the end of a shorter text), read without a variable-length copy.
    #[inline]
    fn head(text: &[u8]) -> u64 {
        match text.first_chunk::<PREFIX_LEN>() {
            Some(chunk) => u64::from_le_bytes(*chunk),
            None => text
                .iter()
                .rev()
                .fold(0, |word, &b| (word << 8) | u64::from(b)),
        }
    }

    /// Whether some phrase may start `text`: the short phrases (one to
    /// three bytes) probed one by one, the longer ones as in
    /// [`CuePrefixes::may_start_long`].
    #[inline]
    fn may_start(&self, text: &[u8]) -> bool {
        let Some(&first) = text.first() else {
            return false;
        };
        if !self.first_bytes[usize::from(first)] {
            return false;
        }
        let mut short = u32::from(self.lengths) & 0b111;
        if text.len() < 3 {
            short &= (1 << text.len()) - 1;
        }
        let head = Self::head(text);
        while short != 0 {
            let n = short.trailing_zeros() as usize + 1;
            if self.has(head, n) {
                return true;
            }
            short &= short - 1;
        }
        self.may_start_long(text)
    }

    /// Whether some phrase of four bytes or more may start `text`:
    /// asked of nearly every word start, so inlined.
    #[inline(always)]
    fn may_start_long(&self, text: &[u8]) -> bool {
        if text.len() < 4 || !self.first_bytes[usize::from(text[0])] {
            return false;
        }
        let head = Self::head(text);
        let mut lengths = u32::from(self.four[Self::bit(head, 4)]);
        if text.len() < PREFIX_LEN {
            lengths &= (1 << text.len()) - 1;
        }
        if lengths & 0b1000 != 0 {
            return true;
        }
        while lengths != 0 {
            let n = lengths.trailing_zeros() as usize + 1;
            if self.has(head, n) {
                return true;
            }
            lengths &= lengths - 1;
        }
        false
    }

    /// The bit of the prefix of `n` bytes (one to eight) of `head`.
    #[inline]
    fn bit(head: u64, n: usize) -> usize {
        debug_assert!((1..=PREFIX_LEN).contains(&n));
        let prefix = head & (u64::MAX >> (8 * (PREFIX_LEN - n)));
        (prefix.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
    }
}

/// Label words with their forms in capitals when not ASCII (`ВОПРОС` for
/// `Вопрос`): labels are compared ignoring ASCII case only, which keeps the
/// comparison cheap.
fn with_capitals(words: Vec<String>) -> Vec<String> {
    let caps: Vec<String> = words
        .iter()
        .filter(|w| !w.is_ascii())
        .map(|w| w.to_uppercase())
        .collect();
    words.into_iter().chain(caps).collect()
}

/// Suffix rewrites, longest suffix first so that the most specific wins.
fn longest_first(map: HashMap<String, String>) -> Vec<(String, String)> {
    let mut rules: Vec<(String, String)> = map.into_iter().collect();
    rules.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
    rules
}

/// Rewrites the first matching suffix of `word`, keeping a stem of at least
/// three letters.
fn rewrite_suffix(rules: &[(String, String)], word: &str) -> Option<String> {
    rules.iter().find_map(|(oblique, nominative)| {
        word.strip_suffix(oblique.as_str())
            .filter(|stem| stem.chars().count() >= 3)
            .map(|stem| format!("{stem}{nominative}"))
    })
}

/// Uppercases the first character, so that sentence-initial forms match too.
fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The title-case form of a word written in capitals (`FAUCI` gives
/// `Fauci`, `DR.` gives `Dr.`): transcripts write labels in capitals, and
/// the lexicons list words as prose writes them. `None` for other words,
/// for one capital letter (an initial) and for Roman numerals, which stay
/// in capitals (`John Paul II`).
pub(crate) fn title_case_of_caps(word: &str) -> Option<String> {
    let mut letters = word.chars().filter(|c| is_alpha(*c));
    let (first, second) = (letters.next()?, letters.next()?);
    if !(is_upper(first) && is_upper(second) && letters.all(is_upper))
        || word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
    {
        return None;
    }
    let mut chars = word.chars();
    let head = chars.next()?;
    if !word.contains('-') {
        return Some(
            std::iter::once(head)
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
        );
    }
    // A capital after a hyphen starts a word of a compound name
    // (`OCHOA-REYES` is `Ochoa-Reyes`).
    let mut after_hyphen = false;
    Some(
        std::iter::once(head)
            .chain(chars.flat_map(|c| {
                let keep = after_hyphen;
                after_hyphen = c == '-';
                let (mut upper, mut lower) = (Some(c), c.to_lowercase());
                std::iter::from_fn(move || if keep { upper.take() } else { lower.next() })
            }))
            .collect(),
    )
}

/// True when `word` looks written in capitals: its first two chars are
/// uppercase letters (a cheap test before [`title_case_of_caps`]).
#[inline]
fn looks_caps(word: &str) -> bool {
    // Nearly every word asked is capitalized English or Russian: its first
    // bytes settle it without decoding (`Aa`; `А`..`Я` then `а`..`џ`).
    match word.as_bytes() {
        [a, b, ..] if a.is_ascii_uppercase() && b.is_ascii_lowercase() => return false,
        [0xD0, 0x90..=0xAF, 0xD0, 0xB0..=0xBF, ..] | [0xD0, 0x90..=0xAF, 0xD1, 0x80..=0x9F, ..] => {
            return false;
        }
        _ => {}
    }
    let mut chars = word.chars();
    chars.next().is_some_and(is_upper) && chars.next().is_some_and(is_upper)
}

/// Whether `word` ends with the lowercase `suffix`, ignoring the case of
/// the word's letters: compounds capitalize their head (`CDU-Chef`).
fn ends_with_folded(word: &str, suffix: &str) -> bool {
    word.len() >= suffix.len()
        && word.is_char_boundary(word.len() - suffix.len())
        && word[word.len() - suffix.len()..]
            .chars()
            .flat_map(char::to_lowercase)
            .eq(suffix.chars())
}

/// Each phrase as written and, when that differs, capitalized.
fn with_capitalized(phrases: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(phrases.len() * 2);
    for p in phrases {
        out.push(p.clone());
        let cap = capitalized(p);
        if cap != *p {
            out.push(cap);
        }
    }
    out
}

impl Lexicon {
    fn build(file: LexiconFile) -> Option<Lexicon> {
        let mut patterns: Vec<String> = Vec::new();
        let mut cues = Vec::new();
        let pro_drop = file.pro_drop;
        let mut push = |word: &str, cue: Cue| {
            if word.is_empty() {
                return;
            }
            let cap = capitalized(word);
            // Verbs do not start sentences, but in languages that drop the
            // subject; elsewhere, capitalized, they are nouns or names.
            if cap != word && (pro_drop || !matches!(cue, Cue::Verb { .. })) {
                patterns.push(cap);
                cues.push(cue);
            }
            patterns.push(word.to_string());
            cues.push(cue);
        };
        // Inverted forms (`a-t-il déclaré`) of the verbs that start with an
        // auxiliary (`a déclaré`), unless listed already.
        let mut inverted: Vec<String> = Vec::new();
        for verb in &file.speech_verbs {
            for (from, to) in &file.inversions {
                if let Some(rest) = verb.strip_prefix(from.as_str()) {
                    let form = format!("{to}{rest}");
                    if !file.speech_verbs.contains(&form) && !inverted.contains(&form) {
                        inverted.push(form);
                    }
                }
            }
            // One-word verbs take the pronoun after a hyphen (`prévient-il`).
            if verb.contains([' ', '-']) {
                continue;
            }
            for (ending, suffix) in &file.suffix_inversions {
                if verb.ends_with(ending.as_str()) {
                    let form = format!("{verb}{suffix}");
                    if !file.speech_verbs.contains(&form) && !inverted.contains(&form) {
                        inverted.push(form);
                    }
                }
            }
        }
        for verb in file.speech_verbs.iter().chain(&inverted) {
            let last = verb.rsplit(' ').next().unwrap_or(verb);
            push(
                verb,
                Cue::Verb {
                    weak: file.weak_verbs.contains(verb),
                    bare: file.bare_clause_verbs.contains(verb),
                    plural: file
                        .plural_verb_endings
                        .iter()
                        .any(|e| last.ends_with(e.as_str())),
                },
            );
        }
        for w in &file.according_to {
            push(w, Cue::According);
        }
        for w in &file.according_to_pronoun {
            push(w, Cue::AccordingPronoun);
        }
        for w in &file.complementizers {
            push(w, Cue::Complementizer);
        }
        for w in &file.pronouns {
            push(w, Cue::Pronoun);
        }
        for w in &file.plural_pronouns {
            push(w, Cue::PluralPronoun);
        }
        for w in &file.role_nouns {
            push(w, Cue::Role);
        }
        for w in &file.first_person {
            push(w, Cue::FirstPerson);
        }
        for w in &file.clause_breaks {
            push(w, Cue::ClauseBreak);
        }
        let boiler_patterns: Vec<String> = file
            .boilerplate
            .iter()
            .flat_map(|p| [p.lower(), capitalized(&p.lower())])
            .collect();
        let boiler_matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(&boiler_patterns)
            .ok()?;
        let cue_dfa = aho_corasick::nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        let cue_start = cue_dfa.start_state(Anchored::Yes).ok()?;
        let cue_prefixes = CuePrefixes::new(&patterns);
        let compound_role_matcher = if file.compound_roles {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(file.role_nouns.iter().map(|r| r.lower()))
                    .ok()?,
            )
        } else {
            None
        };
        Some(Lexicon {
            code: file.code,
            titles: file.titles,
            label_words: with_capitals(file.label_words),
            label_connectors: file.label_connectors,
            caps_abbreviations: file.caps_abbreviations,
            not_labels: file.not_labels,
            field_labels: file.field_labels,
            subordinate_titles: file.subordinate_titles,
            statement_headings: file.statement_headings,
            salutations: file.salutations,
            salutation_openers: file.salutation_openers,
            enumerations: file.enumerations,
            self_introductions: file.self_introductions,
            clause_pronouns: file.clause_pronouns,
            clause_auxiliaries: file.clause_auxiliaries,
            clause_openers: file.clause_openers,
            not_name_endings: file.not_name_endings,
            credit_openers: file.credit_openers.iter().map(|s| s.lower()).collect(),
            unnamed_labels: with_capitals(file.unnamed_labels),
            answer_labels: with_capitals(file.answer_labels),
            bare_labels: file.bare_labels,
            appeal_openers: file.appeal_openers.iter().map(|s| s.lower()).collect(),
            not_names: file.not_names.into_iter().collect(),
            role_set: file
                .role_nouns
                .iter()
                .flat_map(|s| [s.lower(), capitalized(&s.lower())])
                .collect(),
            boiler_matcher,
            exonyms: file.exonyms,
            feminine_first_names: file.feminine_first_names.into_iter().collect(),
            masculine_a_first_names: file
                .masculine_a_first_names
                .iter()
                .flat_map(|name| {
                    let stem: String = {
                        let mut chars = name.chars();
                        chars.next_back();
                        chars.as_str().to_string()
                    };
                    file.a_declension_endings
                        .iter()
                        .map(move |e| (format!("{stem}{e}"), name.clone()))
                        .chain(std::iter::once((name.clone(), name.clone())))
                })
                .collect(),
            patronymic_endings: file.patronymic_endings,
            title_suffixes: file.title_suffixes,
            group_nouns: file.group_nouns.iter().map(|s| s.lower()).collect(),
            plural_suffixes: longest_first(file.plural_suffixes),
            inflected_roles: file.inflected_roles,
            compound_roles: file.compound_roles,
            feminine_pronouns: file.feminine_pronouns,
            masculine_pronouns: file.masculine_pronouns,
            feminine_roles: file.feminine_roles.into_iter().collect(),
            masculine_roles: file.masculine_roles.into_iter().collect(),
            feminine_role_endings: file.feminine_role_endings,
            naming_words: file.naming_words,
            framing_participles: file.framing_participles,
            inscription_verbs: file.inscription_verbs,
            impersonal_verbs: file.impersonal_verbs,
            representative_roles: file.representative_roles,
            quantifiers: file.quantifiers,
            pro_drop: file.pro_drop,
            anaphoric_openers: file.anaphoric_openers.iter().map(|s| s.lower()).collect(),
            surname_cases: longest_first(file.surname_cases),
            role_cases: file.role_cases,
            given_name_cases: longest_first(file.given_name_cases),
            first_name_cases: longest_first(file.first_name_cases),
            transliteration: file
                .transliteration
                .into_iter()
                .filter_map(|(k, v)| {
                    let mut chars = k.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => Some((c, v)),
                        _ => None,
                    }
                })
                .collect(),
            participle_endings: file.participle_endings,
            indefinites: file
                .indefinites
                .iter()
                .flat_map(|s| [s.clone(), capitalized(s)])
                .collect(),
            conjunctions: file.conjunctions.iter().map(|s| s.lower()).collect(),
            oblique_endings: file.oblique_endings,
            interviewer_cues: with_capitalized(&file.interviewer_cues),
            interviewee_cues: with_capitalized(&file.interviewee_cues),
            interview_words: file.interview_words.iter().map(|w| w.lower()).collect(),
            according_verb_second: file.according_verb_second,
            according_postpositions: file.according_postpositions,
            reported_clause_markers: file.reported_clause_markers.into_iter().collect(),
            speaker_pronouns: file.speaker_pronouns.into_iter().collect(),
            body_stems: file.body_stems,
            gender: file.gender,
            body_heads: file
                .body_heads
                .iter()
                .map(|h| {
                    let h = h.lower();
                    let stem = file
                        .body_head_stem_endings
                        .iter()
                        .find_map(|e| h.strip_suffix(e.as_str()))
                        .unwrap_or(&h)
                        .to_string();
                    (stem, h)
                })
                .collect(),
            body_case_endings: file.body_case_endings,
            outlet_cues: file.outlet_cues,
            outlet_articles: file.outlet_articles,
            as_openers: file.as_openers,
            complement_endings: file.complement_endings,
            masculine_complement_endings: file.masculine_complement_endings,
            parentheticals: file.parentheticals.iter().map(|s| s.lower()).collect(),
            anonymous_roles: file.anonymous_roles.iter().map(|s| s.lower()).collect(),
            pre_complementizer: file.speech_nouns.iter().map(|s| s.lower()).collect(),
            cue_dfa,
            cue_start,
            cue_prefixes,
            compound_role_matcher,
            cues,
        })
    }

    /// True when `word` is an article opening a publication's name in a
    /// label (`La`, `Die`).
    pub(crate) fn is_outlet_article(&self, word: &str) -> bool {
        self.outlet_articles.iter().any(|a| a == word)
    }

    /// True when `word` is a title or honorific that precedes names, as
    /// listed or written in capitals (`SECRETARY`).
    pub(crate) fn is_title(&self, word: &str) -> bool {
        self.is_listed_title(word)
            || looks_caps(word)
                && title_case_of_caps(word).is_some_and(|w| self.is_listed_title(&w))
    }

    /// [`Lexicon::is_title`] for the word as written.
    fn is_listed_title(&self, word: &str) -> bool {
        // The case test is a table search for most scripts: skipped when the
        // language has no suffixes.
        ALL_TITLES.contains(word)
            || (!self.title_suffixes.is_empty()
                && word.chars().next().is_some_and(is_upper)
                && self
                    .title_suffixes
                    .iter()
                    .any(|s| word.len() > s.len() + 2 && ends_with_folded(word, s)))
    }

    /// `is_title(word + ".")` without building the string: `Mr` (or `MR`)
    /// before a dot.
    pub(crate) fn is_title_with_dot(&self, word: &str) -> bool {
        self.is_listed_title_with_dot(word)
            || looks_caps(word)
                && title_case_of_caps(word).is_some_and(|w| self.is_listed_title_with_dot(&w))
    }

    /// [`Lexicon::is_title_with_dot`] for the word as written.
    fn is_listed_title_with_dot(&self, word: &str) -> bool {
        DOTTED_TITLES.contains(word)
            || (!self.title_suffixes.is_empty()
                && word.chars().next().is_some_and(is_upper)
                && self.title_suffixes.iter().any(|s| {
                    s.strip_suffix('.')
                        .is_some_and(|stem| word.len() + 1 > s.len() + 2 && word.ends_with(stem))
                }))
    }

    /// True when the lower-case `word` makes the title after it another
    /// office (`vice` president).
    pub(crate) fn is_subordinate_title(&self, word: &str) -> bool {
        self.subordinate_titles.iter().any(|t| t == word)
    }

    /// True when the lower-case `word` may stand inside a label's name.
    pub(crate) fn is_label_connector(&self, word: &str) -> bool {
        self.label_connectors.iter().any(|c| c == word)
    }

    /// True when `word` (lower case) is a common noun naming a group.
    pub(crate) fn is_group_noun(&self, word: &str) -> bool {
        self.group_nouns.contains(word)
    }

    /// The singular of the plural noun `word` (lower case) by the
    /// language's plural endings (`deputies` gives `deputy`); `None` when
    /// `word` does not end like a plural.
    pub(crate) fn singular(&self, word: &str) -> Option<String> {
        rewrite_suffix(&self.plural_suffixes, word)
    }

    /// The nominative of `word` when it is a case form of a masculine first
    /// name declined like a feminine noun (`Никите` gives `Никита`).
    pub(crate) fn masculine_a_first_name(&self, word: &str) -> Option<&str> {
        self.masculine_a_first_names.get(word).map(String::as_str)
    }

    /// True when `head`, all that stands before a speech verb in its
    /// sentence, points back to the previous sentence (`Про це заявив`).
    pub(crate) fn is_anaphoric_opener(&self, head: &str) -> bool {
        !head.is_empty()
            && self
                .anaphoric_openers
                .iter()
                .any(|o| o.as_str() == head.lower())
    }

    /// The nominative of a surname written in an oblique case, when the
    /// lexicon knows its ending.
    pub(crate) fn surname_nominative(&self, word: &str) -> Option<String> {
        rewrite_suffix(&self.surname_cases, word)
    }

    /// The nominative of a first name in an oblique case, when the lexicon
    /// knows its ending.
    pub(crate) fn given_name_nominative(&self, word: &str) -> Option<String> {
        rewrite_suffix(&self.given_name_cases, word)
    }

    /// The nominative of a first name whose ending is never nominative.
    pub(crate) fn first_name_nominative(&self, word: &str) -> Option<String> {
        rewrite_suffix(&self.first_name_cases, word)
    }

    /// True when the speech verb `verb` is a participle (`saying`).
    pub(crate) fn is_participle(&self, verb: &str) -> bool {
        let last = verb.rsplit(' ').next().unwrap_or(verb);
        self.participle_endings
            .iter()
            .any(|e| last.len() > e.len() + 2 && last.ends_with(e.as_str()))
    }

    /// True when `word` is an indefinite article (`a`, `une`, `ein`).
    pub(crate) fn is_indefinite(&self, word: &str) -> bool {
        self.indefinites.contains(word)
    }

    /// True when `word` joins two verbs of one subject (`and`, `y`).
    pub(crate) fn is_conjunction(&self, word: &str) -> bool {
        self.conjunctions.contains(word)
    }

    /// The gender a pronoun or possessive shows (`она`, `её`), if any.
    pub(crate) fn word_gender(&self, word: &str) -> Option<Gender> {
        let g = &self.gender;
        if g.feminine_words.iter().any(|w| w == word) {
            Some(Gender::Feminine)
        } else if g.masculine_words.iter().any(|w| w == word) {
            Some(Gender::Masculine)
        } else {
            None
        }
    }

    /// The gender a past-tense verb shows (`заявила`, `powiedział`), if any.
    pub(crate) fn verb_gender(&self, verb: &str) -> Option<Gender> {
        let g = &self.gender;
        if g.feminine_verb_endings
            .iter()
            .any(|e| verb.ends_with(e.as_str()))
        {
            Some(Gender::Feminine)
        } else if g
            .masculine_verb_endings
            .iter()
            .any(|e| verb.ends_with(e.as_str()))
        {
            Some(Gender::Masculine)
        } else {
            None
        }
    }

    /// The gender of a person from the canonical (English-spelled) name:
    /// the surname or patronymic first, then the first name. A lone word
    /// tells nothing (its nominative was a guess).
    pub(crate) fn name_gender(&self, name: &str) -> Option<Gender> {
        // Asked of every person of every document, the same names recur.
        self.kept_gender(0, name, || self.compute_name_gender(name))
    }

    /// A gender answer about `words`, kept per thread (see `memo`): `kind`
    /// tells the questions apart (the scope is this lexicon's address plus
    /// `kind`, which no other lexicon's address can be).
    fn kept_gender(
        &self,
        kind: usize,
        words: &str,
        compute: impl FnOnce() -> Option<Gender>,
    ) -> Option<Gender> {
        thread_local! {
            static GENDERS: crate::memo::Table<Option<Gender>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        debug_assert!(kind < std::mem::size_of::<Lexicon>());
        crate::memo::kept(
            &GENDERS,
            std::ptr::from_ref(self) as usize + kind,
            words,
            compute,
        )
    }

    /// [`Lexicon::name_gender`], computed.
    fn compute_name_gender(&self, name: &str) -> Option<Gender> {
        let g = &self.gender;
        let words: Vec<&str> = name.split(' ').collect();
        let (first, rest) = words.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let ends = |w: &str, list: &[String]| {
            let w = w.lower();
            list.iter().any(|e| w.ends_with(e.as_str()))
        };
        for w in rest.iter().rev() {
            if ends(w, &g.feminine_name_endings) {
                return Some(Gender::Feminine);
            }
            if ends(w, &g.masculine_name_endings) {
                return Some(Gender::Masculine);
            }
        }
        if first.ends_with('.') {
            None
        } else if g.masculine_given_names.iter().any(|n| n == first) {
            Some(Gender::Masculine)
        } else if ends(first, &g.feminine_given_endings) {
            Some(Gender::Feminine)
        } else {
            None
        }
    }

    /// True when `word` is a feminine first name listed by the lexicon.
    pub(crate) fn is_feminine_first_name(&self, word: &str) -> bool {
        self.feminine_first_names.contains(word)
    }

    /// True when names in this language may carry a patronymic.
    pub(crate) fn writes_patronymics(&self) -> bool {
        !self.patronymic_endings.is_empty()
    }

    /// True when `word` ends like a patronymic (`Владимирович`, `Юрьевна`).
    pub(crate) fn is_patronymic(&self, word: &str) -> bool {
        self.patronymic_endings
            .iter()
            .any(|e| word.ends_with(e.as_str()))
    }

    /// The possible nominatives of a name written in an oblique case
    /// (`Набиуллиной` gives `Набиуллина`), longest endings first; empty
    /// when no case ending of the lexicon fits. A stem keeps three letters.
    pub(crate) fn nominatives(&self, word: &str) -> Vec<String> {
        if self.oblique_endings.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(usize, String)> = self
            .oblique_endings
            .iter()
            .filter_map(|(oblique, nominative)| {
                let stem = word.strip_suffix(oblique.as_str())?;
                (stem.chars().count() >= 3).then(|| (oblique.len(), format!("{stem}{nominative}")))
            })
            .collect();
        out.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
        out.into_iter().map(|(_, w)| w).collect()
    }

    /// True when `word` is an `according to` written after its source.
    pub(crate) fn is_according_postposition(&self, word: &str) -> bool {
        self.according_postpositions.iter().any(|p| p == word)
    }

    /// True when `word` marks a clause as reported (`werde`, `sei`).
    pub(crate) fn marks_reported_clause(&self, word: &str) -> bool {
        self.reported_clause_markers.contains(word)
    }

    /// True when `word` stands for the speaker or the addressee (`мы`).
    pub(crate) fn is_speaker_pronoun(&self, word: &str) -> bool {
        self.speaker_pronouns.contains(word)
    }

    /// The nominative of `word` when it is a noun heading a body's name in
    /// any case (`Министерстве` gives `Министерство`), capitalized as
    /// `word` is.
    pub(crate) fn body_nominative(&self, word: &str) -> Option<String> {
        if self.body_heads.is_empty() {
            return None;
        }
        let lower = word.lower();
        let (_, nominative) = self.body_heads.iter().find(|(stem, _)| {
            lower.strip_prefix(stem.as_str()).is_some_and(|ending| {
                ending.is_empty() || self.body_case_endings.iter().any(|e| e == ending)
            })
        })?;
        Some(if word.chars().next().is_some_and(char::is_uppercase) {
            capitalized(nominative)
        } else {
            nominative.clone()
        })
    }

    /// True when `word`, alone after a role noun, ends like the role's
    /// genitive complement (`России`, `Украины`).
    pub(crate) fn ends_like_complement(&self, word: &str) -> bool {
        self.complement_endings
            .iter()
            .any(|e| word.len() > e.len() + 2 && word.ends_with(e.as_str()))
    }

    /// True when `word`, alone after a role noun, ends like a genitive
    /// complement that a masculine verb tells from a feminine surname
    /// (`Казахстана`).
    pub(crate) fn ends_like_masculine_complement(&self, word: &str) -> bool {
        self.masculine_complement_endings
            .iter()
            .any(|e| word.len() > e.len() + 2 && word.ends_with(e.as_str()))
    }

    /// The length in bytes of the parenthetical adverbial that ends `head`
    /// (`Она в свою очередь` ends with `в свою очередь`), after a space or
    /// a comma; 0 when none does.
    pub(crate) fn parenthetical_suffix(&self, head: &str) -> usize {
        self.parentheticals
            .iter()
            .find(|p| {
                head.len() > p.len()
                    && head.is_char_boundary(head.len() - p.len())
                    && head[head.len() - p.len()..].eq_ignore_ascii_case(p)
                    && head[..head.len() - p.len()].ends_with([' ', ','])
            })
            .map_or(0, String::len)
    }

    /// True when the role noun `word` (lower case, with up to three
    /// letters of case ending) never carries a name (`источника`).
    pub(crate) fn is_anonymous_role(&self, word: &str) -> bool {
        // Lowered only when the word may be one (role hits are many).
        if self.anonymous_roles.is_empty()
            || !self.anonymous_roles.iter().any(|r| {
                word.len() >= r.len()
                    && r.chars()
                        .skip(1)
                        .zip(word.chars().skip(1))
                        .all(|(a, b)| a == b)
            })
        {
            return false;
        }
        let word = word.lower();
        self.anonymous_roles
            .iter()
            .any(|r| word.starts_with(r.as_str()) && word[r.len()..].chars().count() <= 3)
    }

    /// True when `word`, in any case, is one of the `as_openers` (`как`
    /// after a quotation: `«…», как сообщили в Минобороны`).
    pub(crate) fn is_as_opener_word(&self, word: &str) -> bool {
        self.as_openers
            .iter()
            .any(|w| w.len() == word.len() && w.lower() == word.lower())
    }

    /// True when `word` opens a sentence `As X said, CLAUSE` (`Как`).
    pub(crate) fn is_as_opener(&self, word: &str) -> bool {
        self.as_openers.iter().any(|w| w == word)
    }

    /// True when `word` (any case) is a common noun naming a body.
    pub(crate) fn is_body_noun(&self, word: &str) -> bool {
        let lower = word.lower();
        self.body_stems
            .iter()
            .any(|s| lower.starts_with(s.as_str()))
    }

    /// True when `word` is capitalized (or in capitals: `THE`) but never
    /// starts a name.
    pub(crate) fn is_not_name(&self, word: &str) -> bool {
        self.not_names.contains(word)
            || looks_caps(word)
                && title_case_of_caps(word).is_some_and(|w| self.not_names.contains(&w))
    }

    /// The gender of the pronoun `word` as written, alone or after a
    /// hyphen (`elle`, `a-t-elle déclaré`);
    /// `None` for one that does not tell it.
    pub(crate) fn pronoun_gender(&self, word: &str) -> Option<Gender> {
        let has = |list: &[String]| word.split(['-', ' ']).any(|w| list.iter().any(|p| p == w));
        if has(&self.feminine_pronouns) {
            Some(Gender::Feminine)
        } else if has(&self.masculine_pronouns) {
            Some(Gender::Masculine)
        } else {
            None
        }
    }

    /// The gender that the role phrase `role` tells by its words
    /// (`spokeswoman for the ministry`, `Fraktionschefin`).
    pub(crate) fn role_gender(&self, role: &str) -> Option<Gender> {
        self.kept_gender(1, role, || self.compute_role_gender(role))
    }

    /// [`Lexicon::role_gender`], computed.
    fn compute_role_gender(&self, role: &str) -> Option<Gender> {
        role.split([' ', '-']).find_map(|w| {
            let lower = w.lower();
            if self.feminine_roles.contains(&lower) {
                Some(Gender::Feminine)
            } else if self.masculine_roles.contains(&lower) {
                Some(Gender::Masculine)
            } else if w.chars().next().is_some_and(char::is_uppercase)
                && w.len() > 5
                && self
                    .feminine_role_endings
                    .iter()
                    .any(|e| lower.ends_with(e.as_str()))
                && self.role_set.iter().any(|r| lower.ends_with(r.as_str()))
            {
                Some(Gender::Feminine)
            } else {
                None
            }
        })
    }

    /// True when `word` introduces a name in an appositive (`named`).
    pub(crate) fn is_naming_word(&self, word: &str) -> bool {
        self.naming_words.iter().any(|w| w == word)
    }

    /// True when `word` opens an appositive in which the subject frames a
    /// quotation (`calling`, `describing`).
    pub(crate) fn is_framing_participle(&self, word: &str) -> bool {
        self.framing_participles.iter().any(|w| w == word)
    }

    /// True when `verb` is impersonal, its source a document named after it
    /// (`heißt es`).
    pub(crate) fn is_impersonal_verb(&self, verb: &str) -> bool {
        self.impersonal_verbs.iter().any(|w| w == verb)
    }

    /// True when a thing showing a text is the subject of `word` (`read`).
    pub(crate) fn is_inscription_verb(&self, word: &str) -> bool {
        self.inscription_verbs.iter().any(|w| w == word)
    }

    /// True when the role noun `noun` (lower case) is someone speaking for
    /// a body (`spokeswoman`).
    pub(crate) fn is_representative_role(&self, noun: &str) -> bool {
        self.representative_roles.iter().any(|w| w == noun)
    }

    /// True when `word` (lower case) is a numeral or a quantifier.
    pub(crate) fn is_quantifier(&self, word: &str) -> bool {
        self.quantifiers.iter().any(|w| w == word)
    }

    /// True when `word` (lower case, capitalized or in capitals) is a role
    /// noun of this language.
    /// The listed role noun that `word` (lower case) is in an oblique case
    /// (`rzecznika` -> `rzecznik`, `министра` -> `министр`): the word
    /// without up to three letters of ending, or the lexicon's
    /// `role_cases` entry (`ministra` -> `minister`).
    pub(crate) fn role_stem<'w>(&'w self, word: &'w str) -> Option<&'w str> {
        if let Some(nominative) = self.role_cases.get(word) {
            return Some(nominative);
        }
        word.char_indices()
            .rev()
            .take(3)
            .map(|(k, _)| &word[..k])
            .find(|stem| stem.chars().count() >= 3 && self.role_set.contains(stem))
    }

    pub(crate) fn is_role(&self, word: &str) -> bool {
        self.role_set.contains(word)
            || looks_caps(word)
                && title_case_of_caps(word).is_some_and(|w| self.role_set.contains(&w))
    }

    /// Whether a cue phrase of four bytes or more may start at `bytes[at]`
    /// (false means none does).
    #[inline]
    pub(crate) fn may_start_long_cue(&self, bytes: &[u8], at: usize) -> bool {
        self.cue_prefixes.may_start_long(&bytes[at..])
    }

    /// Role nouns ending inside `word` after other letters (`chefin` in
    /// `Fraktionschefin`), as ranges of `word`, in languages whose nouns
    /// compound; none elsewhere.
    pub(crate) fn compound_roles_in<'w>(
        &'w self,
        word: &'w str,
    ) -> impl Iterator<Item = Range<usize>> + 'w {
        self.compound_role_matcher
            .iter()
            .flat_map(move |m| m.find_iter(word))
            .map(|m| m.range())
            .filter(|r| r.start > 0)
    }

    /// Whether some cue phrase starts with the byte `b`: a gap between
    /// words (spaces, punctuation) is filtered on this alone, without a
    /// call per char.
    #[inline]
    pub(crate) fn cue_may_start_with(&self, b: u8) -> bool {
        self.cue_prefixes.first_bytes[usize::from(b)]
    }

    /// Whether a cue phrase may start at `bytes[at]`: false means none
    /// does; true is checked by [`Lexicon::longest_cue_at`].
    #[inline]
    pub(crate) fn may_start_cue(&self, bytes: &[u8], at: usize) -> bool {
        self.cue_prefixes.may_start(&bytes[at..])
    }

    /// The end and cue of the longest cue phrase starting at `at`, ending
    /// by `end`.
    pub(crate) fn longest_cue_at(
        &self,
        bytes: &[u8],
        at: usize,
        end: usize,
    ) -> Option<(usize, Cue)> {
        let dfa = &self.cue_dfa;
        let mut sid = self.cue_start;
        let mut best = None;
        for (i, &b) in bytes[at..end].iter().enumerate() {
            sid = dfa.next_state(Anchored::Yes, sid, b);
            if !dfa.is_special(sid) {
                continue;
            }
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                // Match states also carry shorter cues ending here that
                // started later: only one starting at `at` counts.
                let len = i + 1;
                if let Some(pid) = (0..dfa.match_len(sid))
                    .map(|k| dfa.match_pattern(sid, k))
                    .filter(|&pid| dfa.pattern_len(pid) == len)
                    .min()
                {
                    best = Some((at + len, self.cues[pid.as_usize()]));
                }
            }
        }
        best
    }

    /// Number of distinct boilerplate phrases in `s`.
    pub(crate) fn boilerplate_hits(&self, s: &str) -> usize {
        let mut seen = [false; 256];
        let mut n = 0;
        for m in self.boiler_matcher.find_iter(s) {
            let id = m.pattern().as_usize() / 2;
            match seen.get_mut(id) {
                Some(slot) if *slot => {}
                Some(slot) => {
                    *slot = true;
                    n += 1;
                }
                None => n += 1,
            }
        }
        n
    }

    /// True when `s` starts with a phrase that opens an appeal to readers.
    pub(crate) fn opens_appeal(&self, s: &str) -> bool {
        let head: String = s.chars().take(40).collect::<String>().lower();
        self.appeal_openers
            .iter()
            .any(|ph| head.starts_with(ph.as_str()))
    }
}

/// Every lexicon, parsed once.
static ALL: LazyLock<Vec<Lexicon>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .filter_map(|src| toml::from_str::<LexiconFile>(src).ok())
        .filter_map(Lexicon::build)
        .collect()
});

/// The titles of every language: names keep foreign titles too.
static ALL_TITLES: LazyLock<WordSet> =
    LazyLock::new(|| ALL.iter().flat_map(|l| l.titles.iter().cloned()).collect());

/// The titles written with a final dot (`Mr.`), without it.
static DOTTED_TITLES: LazyLock<WordSet> = LazyLock::new(|| {
    ALL_TITLES
        .iter()
        .filter_map(|t| t.strip_suffix('.'))
        .map(str::to_string)
        .collect()
});

/// Word lists that apply whatever the document's language (flattened and
/// mixed-language text quotes foreign bodies and titles): the union of every
/// lexicon file's lists.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    skip_before_verb: WordSet,
    determiners: WordSet,
    prepositions: WordSet,
    not_clause_start: WordSet,
    org_words: WordSet,
    title_connectors: WordSet,
    body_connectors: WordSet,
    elisions: WordSet,
}

impl Shared {
    /// True when `word` may sit between a subject and its speech verb.
    pub(crate) fn skips_before_verb(&self, word: &str) -> bool {
        self.skip_before_verb.contains(word)
    }

    /// True when `word` is a determiner (`the`, `la`, `l'`).
    pub(crate) fn is_determiner(&self, word: &str) -> bool {
        self.determiners.contains(word)
    }

    /// `phrase` without its leading determiner word (`the president` gives
    /// `president`, `le président` gives `président`).
    pub(crate) fn without_determiner<'p>(&self, phrase: &'p str) -> &'p str {
        match phrase.split_once(' ') {
            Some((head, rest)) if self.is_determiner(head) => rest,
            _ => phrase,
        }
    }

    /// True when `word` is a preposition before places and bodies.
    pub(crate) fn is_preposition(&self, word: &str) -> bool {
        self.prepositions.contains(word)
    }

    /// True when no reported clause starts with `word` (lower case).
    pub(crate) fn not_clause_start(&self, word: &str) -> bool {
        self.not_clause_start.contains(word)
    }

    /// True when `word` makes a capitalized run an organisation or place.
    pub(crate) fn is_org_word(&self, word: &str) -> bool {
        self.org_words.contains(word)
    }

    /// True when `word` joins a title to its complement (`President of
    /// Russia`, `ministre des Affaires étrangères`).
    pub(crate) fn is_title_connector(&self, word: &str) -> bool {
        self.title_connectors.contains(word)
    }

    /// True when `word` joins a body to its complement (`Ministry of`,
    /// `Verband der`).
    pub(crate) fn is_body_connector(&self, word: &str) -> bool {
        self.body_connectors.contains(word)
    }

    /// True when `word` (any case) is an elided article or conjunction that
    /// ends at its apostrophe (`l'`, `qu'`).
    pub(crate) fn is_elision(&self, word: &str) -> bool {
        self.elisions.contains(word)
            || word.chars().any(is_upper) && self.elisions.contains(&word.lower())
    }
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let mut shared = Shared::default();
    for file in SOURCES
        .iter()
        .filter_map(|src| toml::from_str::<LexiconFile>(src).ok())
    {
        shared.skip_before_verb.extend(file.skip_before_verb);
        shared.determiners.extend(file.determiners);
        shared.prepositions.extend(file.prepositions);
        shared.not_clause_start.extend(file.not_clause_start);
        shared.org_words.extend(file.org_words);
        shared.title_connectors.extend(file.title_connectors);
        shared.body_connectors.extend(file.body_connectors);
        shared
            .elisions
            .extend(file.elisions.iter().map(|e| e.lower()));
    }
    shared
});

/// The word lists shared by every language.
pub(crate) fn shared() -> &'static Shared {
    &SHARED
}

/// Every lexicon (for label words, which are recognized in any language).
pub(crate) fn all() -> &'static [Lexicon] {
    &ALL
}

/// The lexicon of `code`, or English when the language has none.
pub(crate) fn for_language(code: &str) -> &'static Lexicon {
    let all: &'static [Lexicon] = &ALL;
    all.iter()
        .find(|l| l.code == code)
        .or_else(|| all.iter().find(|l| l.code == "en"))
        .or_else(|| all.first())
        .unwrap_or_else(|| {
            // The lexicons are compiled in and checked by tests; an empty set
            // is a build defect, not an input condition.
            panic!("no lexicon is embedded")
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn looks_caps_agrees_with_two_uppercase_chars() {
        for word in [
            "Aa",
            "AB",
            "A",
            "",
            "aB",
            "Ab1",
            "ПУТИН",
            "Путин",
            "ПуТИН",
            "Ёлка",
            "ЁЛКА",
            "Ѡѡ",
            "Ѡ",
            "Ящик",
            "ЯЩ",
            "Щџ",
            "Éric",
            "ÉR",
            "A-B",
            "M.",
            "Џа",
        ] {
            let mut chars = word.chars();
            let expected = chars.next().is_some_and(char::is_uppercase)
                && chars.next().is_some_and(char::is_uppercase);
            assert_eq!(looks_caps(word), expected, "{word}");
        }
    }

    use super::*;

    proptest::proptest! {
        /// No false negatives: a text that starts with a phrase may start
        /// one, of every length the phrase reaches.
        #[test]
        fn cue_prefixes_pass_every_phrase_start(
            phrases in proptest::collection::vec("[abя ]{1,12}", 1..20),
            pick in 0usize..20,
            tail in "[abя ]{0,12}",
        ) {
            let prefixes = CuePrefixes::new(&phrases);
            let phrase = &phrases[pick % phrases.len()];
            let text = format!("{phrase}{tail}");
            proptest::prop_assert!(prefixes.may_start(text.as_bytes()));
            if phrase.len() >= 4 {
                proptest::prop_assert!(prefixes.may_start_long(text.as_bytes()));
            }
        }
    }

    #[test]
    fn cue_prefixes_reject_texts_no_phrase_starts() {
        let prefixes = CuePrefixes::new(&["заявил".to_string(), "он".to_string(), "I".to_string()]);
        assert!(prefixes.may_start("заявила".as_bytes()));
        assert!(prefixes.may_start("она".as_bytes()));
        assert!(prefixes.may_start(b"It"));
        assert!(!prefixes.may_start_long(b"It"));
        assert!(!prefixes.may_start("заседание".as_bytes()));
        assert!(!prefixes.may_start("x".as_bytes()));
        assert!(!prefixes.may_start(b""));
    }

    #[test]
    fn every_lexicon_file_parses() {
        for src in SOURCES {
            let file: LexiconFile = toml::from_str(src).expect("lexicon parses");
            assert!(Lexicon::build(file).is_some());
        }
        assert_eq!(all().len(), SOURCES.len());
    }
}
