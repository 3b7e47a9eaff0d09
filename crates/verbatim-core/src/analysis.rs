//! Text analysis shared by every store: segmentation, folding, stemming,
//! snippets and sentence context.
//!
//! # Indexing scheme
//!
//! Every store indexes the same engine tokens, produced by [`index_terms`],
//! and compiles queries from the same analysed terms (see
//! [`crate::query`]), so that all stores match the same statements.
//!
//! 1. The text is split into words with Unicode word segmentation (UAX #29);
//!    each word is further split at every character that is not a letter or
//!    a digit (`l'état` gives `l` and `état`, `e-mail` gives `e` and `mail`).
//! 2. Each word piece is lowercased and NFC-normalized ([`Word::lower`]),
//!    then folded ([`fold`]): diacritics are dropped from Latin, Greek and
//!    Cyrillic letters (`é` to `e`, `ё` to `е`; `й` is kept), and a few
//!    letters are expanded (`ß` to `ss`, `æ` to `ae`, `œ` to `oe`, `ø` to
//!    `o`, `ł` to `l`).
//! 3. The token stream holds, first, the folded form of every word, in
//!    order, so that phrases match on consecutive positions; then, for
//!    languages with a Snowball stemmer ([`STEMMED_LANGUAGES`]), a stem token
//!    `<language>_<folded stem>` (for example `en_presid`) for every word that
//!    is not a stop word of that language. Folded words never contain `_`,
//!    so the two kinds of token never collide, and a phrase of folded words
//!    can never match across into the stem tokens.
//!
//! A query word therefore matches a statement word when their folded forms
//! are equal (in any language), or when stemming the query word with the
//! statement's language gives the statement word's stem token. The query's
//! language is unknown, so the query side lists the word's stem token in
//! every stemmed language ([`stem_alternatives`]). A quoted phrase matches
//! consecutive folded words exactly (no stemming).
//!
//! Tokens hold only lowercase letters, digits, `_` and the combining marks
//! of scripts whose marks are kept (see [`is_token_char`]); they are
//! separated by single spaces and never contain engine syntax characters
//! (no ASCII punctuation but `_`).

use foldhash::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

use crate::query::Query;

/// Languages (ISO 639-1) whose words get a stem token.
pub const STEMMED_LANGUAGES: &[&str] = &[
    "en", "fr", "ru", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "ro", "hu",
];

/// One analysed word piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range of the piece in the analysed text.
    pub range: Range<usize>,
    /// The piece lowercased and NFC-normalized, with `ё` replaced by `е`: the
    /// stemmer's input.
    pub lower: String,
    /// The folded form: the token indexed for every word.
    pub folded: String,
}

/// Splits `text` into analysed word pieces, in order.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (start, word) in text.unicode_word_indices() {
        let mut piece_start: Option<usize> = None;
        for (offset, ch) in word.char_indices().chain([(word.len(), ' ')]) {
            if offset < word.len() && is_combining_mark(ch) {
                // A mark belongs to its letter (Indic vowel signs, nuktas); a
                // piece never starts with one.
                continue;
            }
            if offset < word.len() && ch.is_alphanumeric() {
                if piece_start.is_none() {
                    piece_start = Some(offset);
                }
                continue;
            }
            if let Some(begin) = piece_start.take() {
                let raw = &word[begin..offset];
                let lower = lowercase(raw);
                let folded = fold(&lower);
                if !folded.is_empty() {
                    out.push(Word {
                        range: start + begin..start + offset,
                        lower,
                        folded,
                    });
                }
            }
        }
    }
    out
}

/// Whether `c` may appear in a token: a letter, a digit, or a combining
/// mark that [`fold`] keeps (the marks of scripts other than Latin, Greek and
/// Cyrillic).
pub fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Lowercases and NFC-normalizes a word, replacing `ё` by `е`.
fn lowercase(word: &str) -> String {
    word.to_lowercase()
        .nfc()
        .map(|ch| if ch == 'ё' { 'е' } else { ch })
        .collect()
}

/// Folds text for matching: lowercase, diacritics dropped from Latin, Greek
/// and Cyrillic letters (`ё` to `е`, but `й` kept), a few letters expanded
/// (`ß` to `ss`), NFC. Characters other than letters and digits are kept.
pub fn fold(text: &str) -> String {
    fold_plain(text).unwrap_or_else(|| fold_any(text))
}

/// [`fold`] for any text, through NFD and back to NFC.
fn fold_any(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut base: Option<char> = None;
    for ch in text.to_lowercase().nfd() {
        if is_combining_mark(ch) {
            if let Some(b) = base
                && drops_mark(b, ch)
            {
                continue;
            }
            out.push(ch);
            continue;
        }
        base = Some(ch);
        match ch {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            _ => out.push(ch),
        }
    }
    out.nfc().collect()
}

/// [`fold`] of text written only in ASCII and the basic Russian alphabet
/// (U+0410..U+044F, without `ё`): lowercasing is all folding does to those
/// chars, and no two of them compose, so the NFD/NFC round trip is skipped.
/// `None` for any other char.
fn fold_plain(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\0'..='\x7f' => out.push(c.to_ascii_lowercase()),
            '\u{410}'..='\u{42f}' => out.push(char::from_u32(c as u32 + 0x20)?),
            '\u{430}'..='\u{44f}' => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Whether the combining `mark` after the letter `base` is dropped by
/// [`fold`].
fn drops_mark(base: char, mark: char) -> bool {
    match base as u32 {
        // Cyrillic: only the diaeresis (ё, ї) and the stress accent go, so
        // that й stays a letter of its own.
        0x0400..=0x052F => matches!(mark, '\u{0308}' | '\u{0301}'),
        // Latin, Greek, their extensions.
        0x0000..=0x03FF | 0x1E00..=0x1FFF => true,
        _ => false,
    }
}

/// The ISO 639-1 code a stored language tag is analysed as: lowercase, the
/// part before any region (`en-GB` gives `en`), only `a`-`z`.
pub fn language_code(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .take(8)
        .collect()
}

fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "ru" => Algorithm::Russian,
        "de" => Algorithm::German,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "da" => Algorithm::Danish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ro" => Algorithm::Romanian,
        "hu" => Algorithm::Hungarian,
        _ => return None,
    })
}

/// Stemmers, created once per language.
fn stemmer(language: &str) -> Option<&'static Stemmer> {
    static STEMMERS: OnceLock<Vec<(&'static str, Stemmer)>> = OnceLock::new();
    let all = STEMMERS.get_or_init(|| {
        STEMMED_LANGUAGES
            .iter()
            .filter_map(|&lang| algorithm(lang).map(|a| (lang, Stemmer::create(a))))
            .collect()
    });
    let language = if matches!(language, "nb" | "nn") {
        "no"
    } else {
        language
    };
    all.iter().find(|(l, _)| *l == language).map(|(_, s)| s)
}

/// The raw stop-word lists, one word a line.
const STOP_WORD_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../lexicons/stopwords/en.txt")),
    ("fr", include_str!("../lexicons/stopwords/fr.txt")),
    ("ru", include_str!("../lexicons/stopwords/ru.txt")),
    ("de", include_str!("../lexicons/stopwords/de.txt")),
    ("es", include_str!("../lexicons/stopwords/es.txt")),
    ("it", include_str!("../lexicons/stopwords/it.txt")),
    ("pt", include_str!("../lexicons/stopwords/pt.txt")),
    ("nl", include_str!("../lexicons/stopwords/nl.txt")),
    ("uk", include_str!("../lexicons/stopwords/uk.txt")),
    ("pl", include_str!("../lexicons/stopwords/pl.txt")),
];

/// Languages with a stop-word list (ISO 639-1).
pub fn stop_word_languages() -> impl Iterator<Item = &'static str> {
    STOP_WORD_FILES.iter().map(|&(language, _)| language)
}

/// Whether `folded` (a folded word) is a stop word of `language`.
pub fn is_stop_word(folded: &str, language: &str) -> bool {
    static LISTS: OnceLock<Vec<(&'static str, HashSet<String>)>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        STOP_WORD_FILES
            .iter()
            .map(|(lang, data)| {
                let set = data
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(fold)
                    .collect();
                (*lang, set)
            })
            .collect()
    });
    lists
        .iter()
        .find(|(l, _)| *l == language)
        .is_some_and(|(_, set)| set.contains(folded))
}

/// The stem token of a word in `language` (an ISO 639-1 code as given by
/// [`language_code`]): `<language>_<folded stem>`; `None` when the language
/// has no stemmer or the word is one of its stop words.
pub fn stem_token(word: &Word, language: &str) -> Option<String> {
    let stemmer = stemmer(language)?;
    if is_stop_word(&word.folded, language) {
        return None;
    }
    let stem = fold(&stemmer.stem(&word.lower));
    let stem: String = stem.chars().filter(|&c| is_token_char(c)).collect();
    if stem.is_empty() {
        return None;
    }
    Some(format!("{language}_{stem}"))
}

/// The stem tokens of a query word in every stemmed language: a query word
/// matches a statement whose stem tokens hold any of them.
pub fn stem_alternatives(word: &Word) -> Vec<String> {
    STEMMED_LANGUAGES
        .iter()
        .filter_map(|lang| stem_token(word, lang))
        .collect()
}

/// The engine tokens to index for a statement `text` in `language`:
/// space-separated, holding only lowercase letters, digits, `_` and kept
/// combining marks (see the module documentation for the scheme).
///
/// ```
/// use verbatim_core::analysis::index_terms;
///
/// assert_eq!(
///     index_terms("The Presidents' état", "en"),
///     "the presidents etat en_presid en_etat",
/// );
/// ```
pub fn index_terms(text: &str, language: &str) -> String {
    let language = language_code(language);
    let words = words(text);
    let mut out = String::with_capacity(text.len() * 2);
    for word in &words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.folded);
    }
    for word in &words {
        if let Some(token) = stem_token(word, &language) {
            out.push(' ');
            out.push_str(&token);
        }
    }
    out
}

/// Byte ranges of the words of `text` (in `language`) that match the
/// positive terms of `query`, in order, without overlaps.
pub fn match_ranges(text: &str, language: &str, query: &Query) -> Vec<Range<usize>> {
    let language = language_code(language);
    let words = words(text);
    let mut matched = vec![false; words.len()];
    for clause in query.clauses() {
        for term in &clause.terms {
            if term.words.is_empty() {
                continue;
            }
            if term.is_single_word() {
                let q = &term.words[0];
                let q_stem = stem_token(q, &language);
                for (i, w) in words.iter().enumerate() {
                    if w.folded == q.folded
                        || (q_stem.is_some() && stem_token(w, &language) == q_stem)
                    {
                        matched[i] = true;
                    }
                }
            } else {
                let n = term.words.len();
                if n > words.len() {
                    continue;
                }
                for start in 0..=words.len() - n {
                    let hit = term
                        .words
                        .iter()
                        .zip(&words[start..start + n])
                        .all(|(q, w)| q.folded == w.folded);
                    if hit {
                        matched[start..start + n].iter_mut().for_each(|m| *m = true);
                    }
                }
            }
        }
    }
    words
        .into_iter()
        .zip(matched)
        .filter(|(_, m)| *m)
        .map(|(w, _)| w.range)
        .collect()
}

/// An excerpt of `text` of at most `max_chars` characters of text around the
/// window with the most matches of `query`, each matched word wrapped in `**`
/// and `…` where the text was cut. Runs of whitespace become one space. With
/// an empty query, or no match, the excerpt is the start of the text without
/// marks.
pub fn snippet(text: &str, language: &str, query: &Query, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    let text = text.trim();
    let matches = if query.is_empty() {
        Vec::new()
    } else {
        match_ranges(text, language, query)
    };
    // Character index of every char boundary.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let char_at = |byte: usize| bounds.partition_point(|&b| b < byte);
    let total_chars = bounds.len() - 1;

    let mut start_char = 0;
    if !matches.is_empty() {
        // The match window: the one starting at a match that holds the most
        // matches within `max_chars`.
        let spans: Vec<(usize, usize)> = matches
            .iter()
            .map(|r| (char_at(r.start), char_at(r.end)))
            .collect();
        let mut best = (0usize, 0usize); // (count, index)
        for (i, &(s, _)) in spans.iter().enumerate() {
            let count = spans[i..]
                .iter()
                .take_while(|&&(_, e)| e <= s + max_chars)
                .count();
            if count > best.0 {
                best = (count, i);
            }
        }
        let (window_start, _) = spans[best.1];
        let last_end = spans[best.1..best.1 + best.0.max(1)]
            .last()
            .map_or(window_start, |&(_, e)| e);
        let slack = max_chars.saturating_sub(last_end - window_start);
        let lead = slack.min(max_chars / 4);
        start_char = window_start.saturating_sub(lead);
        // Do not start mid-word: move forward to a word start, but never past
        // the first match of the window.
        if start_char > 0 {
            let limit = window_start;
            let mut c = start_char;
            while c < limit {
                let prev = text[bounds[c - 1]..bounds[c]].chars().next().unwrap_or(' ');
                if prev.is_whitespace() {
                    break;
                }
                c += 1;
            }
            start_char = c;
        }
    }
    let mut end_char = (start_char + max_chars).min(total_chars);
    if end_char < total_chars {
        // Cut at the last whitespace inside the window when there is one.
        let mut c = end_char;
        while c > start_char {
            let ch = text[bounds[c]..].chars().next().unwrap_or(' ');
            if ch.is_whitespace() {
                break;
            }
            c -= 1;
        }
        if c > start_char {
            end_char = c;
        }
    }
    let (start, end) = (bounds[start_char], bounds[end_char]);

    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut pos = start;
    let mut last_space = false;
    let push_text = |out: &mut String, s: &str, last_space: &mut bool| {
        for ch in s.chars() {
            if ch.is_whitespace() {
                if !*last_space {
                    out.push(' ');
                }
                *last_space = true;
            } else {
                out.push(ch);
                *last_space = false;
            }
        }
    };
    for m in matches.iter().filter(|m| m.start >= start && m.end <= end) {
        push_text(&mut out, &text[pos..m.start], &mut last_space);
        out.push_str("**");
        push_text(&mut out, &text[m.start..m.end], &mut last_space);
        out.push_str("**");
        pos = m.end;
    }
    push_text(&mut out, &text[pos..end], &mut last_space);
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if end < text.len() {
        out.push('…');
    }
    out
}

/// How far [`sentence_context`] looks on each side, in bytes.
const CONTEXT_WINDOW: usize = 1200;
/// Longest context returned on each side, in characters.
const CONTEXT_MAX_CHARS: usize = 400;

/// The sentence just before and the sentence just after the byte range
/// `span` of a document `text` (UAX #29 sentence boundaries), trimmed; empty
/// strings at the document's edges. When the span starts or ends inside a
/// sentence, the context is the rest of that sentence (for a quotation, its
/// attribution). Contexts longer than 400 characters are cut with `…`.
pub fn sentence_context(text: &str, span: Range<usize>) -> (String, String) {
    let start = floor_boundary(text, span.start.min(text.len()));
    let end = floor_boundary(text, span.end.min(text.len()).max(start));

    // Before: the last non-empty sentence piece of the text before `start`.
    let from = floor_boundary(text, start.saturating_sub(CONTEXT_WINDOW));
    let head = &text[from..start];
    let mut before = String::new();
    let pieces: Vec<(usize, &str)> = head.split_sentence_bound_indices().collect();
    for (offset, piece) in pieces.iter().rev() {
        let trimmed = piece
            .trim()
            .trim_end_matches(['"', '“', '«', '‘', '\'', '(', '[', '„'])
            .trim_end();
        if trimmed.chars().any(char::is_alphanumeric) {
            let cut = *offset == 0 && from > 0;
            before = clip_start(trimmed, cut);
            break;
        }
    }

    // After: the first non-empty sentence piece of the text after `end`.
    let to = floor_boundary(text, (end + CONTEXT_WINDOW).min(text.len()));
    let tail = &text[end..to];
    let mut after = String::new();
    for (offset, piece) in tail.split_sentence_bound_indices() {
        let trimmed = piece
            .trim()
            .trim_start_matches([
                '"', '”', '»', '’', '\'', ')', ']', ',', ';', '.', '!', '?', '—', '–', '-',
            ])
            .trim_start();
        if trimmed.chars().any(char::is_alphanumeric) {
            let cut = offset + piece.len() == tail.len() && to < text.len();
            after = clip_end(trimmed, cut);
            break;
        }
    }
    (before, after)
}

/// The largest char boundary of `text` at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Keeps the end of a context; `cut` says the text was already cut.
fn clip_start(s: &str, cut: bool) -> String {
    let n = s.chars().count();
    if n <= CONTEXT_MAX_CHARS && !cut {
        return s.to_string();
    }
    let skip = n.saturating_sub(CONTEXT_MAX_CHARS);
    let rest: String = s.chars().skip(skip).collect();
    let rest = match rest.find(char::is_whitespace) {
        Some(i) if skip > 0 || cut => rest[i..].trim_start().to_string(),
        _ => rest,
    };
    format!("…{rest}")
}

/// Keeps the start of a context; `cut` says the text was already cut.
fn clip_end(s: &str, cut: bool) -> String {
    let n = s.chars().count();
    if n <= CONTEXT_MAX_CHARS && !cut {
        return s.to_string();
    }
    let kept: String = s.chars().take(CONTEXT_MAX_CHARS).collect();
    let kept = match kept.rfind(char::is_whitespace) {
        Some(i) if i > 0 => kept[..i].trim_end().to_string(),
        _ => kept,
    };
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_fold_agrees_with_the_general_one() {
        let samples = [
            "Hello, World! 42",
            "ПРЕЗИДЕНТ Путин заявил: «Мы ГОТОВЫ»",
            "Йошкар-Ола, ЙОД, йогурт",
            "Zoë Ørsted",
            "Ёлка и ёж",
            "İstanbul",
        ];
        for s in samples {
            if let Some(plain) = super::fold_plain(s) {
                assert_eq!(plain, super::fold_any(s), "{s}");
            }
        }
        assert!(super::fold_plain("Ёлка").is_none());
        assert_eq!(super::fold("ЙОД Путин"), "йод путин");
    }

    use super::*;

    fn folded(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("Ёлка"), "елка");
        assert_eq!(fold("Йошкар"), "йошкар");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre Łódź"), "oeuvre lodz");
        assert_eq!(fold("Ἀθῆναι"), "αθηναι");
        // Marks of other scripts stay.
        assert_eq!(fold("हिंदी"), "हिंदी");
    }

    #[test]
    fn splits_words_at_punctuation_inside_words() {
        assert_eq!(
            folded("L'État, c'est moi!"),
            ["l", "etat", "c", "est", "moi"]
        );
        assert_eq!(
            folded("e-mail U.S. 3.14"),
            ["e", "mail", "u", "s", "3", "14"]
        );
        let w = words("Да, «нет»");
        assert_eq!(w[1].range, "Да, «".len().."Да, «нет".len());
    }

    #[test]
    fn index_terms_hold_words_then_stems() {
        assert_eq!(
            index_terms("The presidents said", "en"),
            "the presidents said en_presid en_said"
        );
        assert_eq!(
            index_terms("Les présidents ont déclaré", "fr-FR"),
            "les presidents ont declare fr_president fr_ont fr_declar"
        );
        assert_eq!(
            index_terms("Президенты заявили", "ru"),
            "президенты заявили ru_президент ru_заяв"
        );
        // No stemmer: words only.
        assert_eq!(index_terms("Привіт, світе", "uk"), "привіт світе");
        assert_eq!(index_terms("", "en"), "");
        assert_eq!(index_terms("\"OR\" (NEAR) *", "en"), "or near en_near");
    }

    #[test]
    fn index_terms_hold_no_engine_syntax() {
        let terms = index_terms("a\"b' c:d (e) f* -g +h ^i {j} NOT", "en");
        assert!(
            terms
                .chars()
                .all(|c| c == ' ' || c == '_' || c.is_alphanumeric())
        );
        assert!(!terms.chars().any(|c| c.is_uppercase()));
    }

    #[test]
    fn stem_alternatives_cover_languages() {
        let w = &words("running")[0];
        let alts = stem_alternatives(w);
        assert!(alts.contains(&"en_run".to_string()));
        assert_eq!(alts.len(), STEMMED_LANGUAGES.len());
        // A stop word of English has no English stem token.
        let the = &words("the")[0];
        assert!(!stem_alternatives(the).iter().any(|t| t.starts_with("en_")));
        assert!(is_stop_word("the", "en"));
        assert!(is_stop_word("etre", "fr"));
        assert!(!is_stop_word("war", "en"));
    }

    #[test]
    fn snippet_marks_matches_and_cuts() {
        let q = Query::parse("ready talks").unwrap();
        assert_eq!(
            snippet("We are ready for talks.", "en", &q, 100),
            "We are **ready** for **talks**."
        );
        // Stemmed match in the statement's language.
        let q = Query::parse("talk").unwrap();
        assert_eq!(
            snippet("We are ready for talks.", "en", &q, 100),
            "We are ready for **talks**."
        );
        let long = format!(
            "{} the deal was signed {}",
            "word ".repeat(50),
            "more ".repeat(50)
        );
        let q = Query::parse("deal").unwrap();
        let s = snippet(&long, "en", &q, 30);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("**deal**"), "{s}");
        assert!(
            s.chars().filter(|c| *c != '*' && *c != '…').count() <= 30,
            "{s}"
        );
    }

    #[test]
    fn snippet_without_query_is_the_bounded_start() {
        let q = Query::default();
        assert_eq!(
            snippet("Short  text\nhere.", "en", &q, 100),
            "Short text here."
        );
        assert_eq!(snippet("One two three four", "en", &q, 9), "One two…");
        assert_eq!(snippet("anything", "en", &q, 0), "");
    }

    #[test]
    fn snippet_marks_phrases() {
        let q = Query::parse("\"peace talks\"").unwrap();
        assert_eq!(
            snippet("No talks. Peace talks now.", "en", &q, 100),
            "No talks. **Peace** **talks** now."
        );
    }

    proptest::proptest! {
        #[test]
        fn snippets_and_contexts_never_panic(
            text in "\\PC{0,200}",
            query in "[a-zé ]{0,20}",
            start in 0usize..300,
            len in 0usize..300,
            max in 0usize..50,
        ) {
            let q = Query::parse(&query).unwrap_or_default();
            let s = snippet(&text, "fr", &q, max);
            let visible = s.chars().filter(|c| *c != '*' && *c != '…').count();
            proptest::prop_assert!(visible <= max.max(1) || text.contains('*') || text.contains('…'));
            let _ = sentence_context(&text, start..start + len);
            let terms = index_terms(&text, "en");
            proptest::prop_assert!(terms.chars().all(|c| c == ' ' || c == '_' || is_token_char(c)));
        }
    }

    #[test]
    fn sentence_context_finds_neighbours() {
        let text = "First one. He said: \"We are ready.\" Then he left. Last.";
        let start = text.find("We are").unwrap();
        let end = text.find(".\" Then").unwrap() + 1;
        let (before, after) = sentence_context(text, start..end);
        assert_eq!(before, "He said:");
        assert_eq!(after, "Then he left.");

        let (before, after) = sentence_context(text, 0..10);
        assert_eq!(before, "");
        assert_eq!(after, "He said: \"We are ready.\"");
        let last = text.find("Last").unwrap();
        let (_, after) = sentence_context(text, last..text.len());
        assert_eq!(after, "");
        // Out-of-range or inverted spans do not panic.
        let _ = sentence_context(text, Range { start: 500, end: 3 });
        let _ = sentence_context("Да.", 1..2);
    }
}
