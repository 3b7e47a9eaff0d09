//! Verbatim's core: turns the bytes of a news article, interview or transcript
//! into a record of who said what, and analyses text for search. It does no
//! I/O and has no async: every function is a pure computation over its input.
//!
//! ```
//! use verbatim_core::{parse, ParseOptions, StatementKind};
//!
//! let bytes = "Peskov said: \"We are ready to talk.\"".as_bytes();
//! let doc = parse(bytes, &ParseOptions::default()).unwrap();
//! let quote = doc.statements.iter().find(|s| s.kind == StatementKind::Quote).unwrap();
//! assert_eq!(quote.text(&doc.text), "We are ready to talk.");
//! ```

pub mod analysis;
mod bytescan;
mod chars;
mod extract;
mod layout;
mod lexicon;
mod memo;
pub mod model;
pub mod names;
pub mod normalize;
pub mod offsets;
mod people;
pub mod query;
mod quotes;
pub mod report;
mod turns;
mod wordset;

pub use model::{
    DocumentForm, ParseError, ParseOptions, ParsedDocument, Speaker, Statement, StatementKind,
};

use std::ops::RangeInclusive;

/// The parser's version, recorded with every stored document so that stale
/// parses can be found and re-run.
pub const PARSER_VERSION: &str = concat!("verbatim-core/", env!("CARGO_PKG_VERSION"));

/// ISO 639-1 code of a whatlang language.
fn iso639_1(lang: whatlang::Lang) -> String {
    let code = lang.code();
    let two = match code {
        "eng" => "en",
        "fra" => "fr",
        "rus" => "ru",
        "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "ukr" => "uk",
        "pol" => "pl",
        "nld" => "nl",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "slk" => "sk",
        "ron" => "ro",
        "hun" => "hu",
        "tur" => "tr",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "srp" => "sr",
        "hrv" => "hr",
        "slv" => "sl",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "ara" => "ar",
        "heb" => "he",
        "hin" => "hi",
        "pes" => "fa",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "cat" => "ca",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "kaz" => "kk",
        "uzb" => "uz",
        "afr" => "af",
        "epo" => "eo",
        "lat" => "la",
        "mkd" => "mk",
        "ben" => "bn",
        "urd" => "ur",
        "tgl" => "tl",
        "zul" => "zu",
        "jav" => "jv",
        _ => return code.to_string(),
    };
    two.to_string()
}

/// Bytes of text the language detector reads: a few paragraphs give a stable
/// guess, and the detector is the slowest pass per byte.
const LANGUAGE_SAMPLE: usize = 1_500;

/// Languages a short or ambiguous sample is decided among: those with a
/// lexicon plus the other major languages of the news. whatlang alone guesses
/// rare languages (Afrikaans, Esperanto...) on a one-line English text.
const COMMON_LANGUAGES: [whatlang::Lang; 12] = [
    whatlang::Lang::Eng,
    whatlang::Lang::Fra,
    whatlang::Lang::Rus,
    whatlang::Lang::Deu,
    whatlang::Lang::Spa,
    whatlang::Lang::Ita,
    whatlang::Lang::Por,
    whatlang::Lang::Ukr,
    whatlang::Lang::Pol,
    whatlang::Lang::Nld,
    whatlang::Lang::Tur,
    whatlang::Lang::Ara,
];

/// Detects the main language on a prefix of the text (enough for a stable
/// guess, and keeps the detector off the linear-time budget). A guess the
/// detector itself calls unreliable is redone among [`COMMON_LANGUAGES`].
fn detect_language(text: &str) -> String {
    let mut cut = text.len().min(LANGUAGE_SAMPLE);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &text[..cut];
    if let Some(language) = settled_by_letters(sample) {
        return language.to_string();
    }
    if let Some(info) = whatlang::detect(sample)
        && info.is_reliable()
    {
        return iso639_1(info.lang());
    }
    let (winner, tied) = stop_word_vote(sample);
    if let Some(language) = winner {
        return language.to_string();
    }
    // A tie among stop-word lists (`we` and `on` are English and Polish):
    // the detector decides among the tied languages only.
    let candidates: Vec<whatlang::Lang> = COMMON_LANGUAGES
        .iter()
        .copied()
        .filter(|&l| tied.is_empty() || tied.contains(&iso639_1(l).as_str()))
        .collect();
    let candidates = if candidates.is_empty() {
        COMMON_LANGUAGES.to_vec()
    } else {
        candidates
    };
    whatlang::Detector::with_allowlist(candidates)
        .detect_lang(sample)
        .map_or_else(|| "en".to_string(), iso639_1)
}

/// A language that a sample's letters tell from every other language of
/// its script.
struct Alphabet {
    language: &'static str,
    /// The lower-case letters of the language.
    letters: &'static [RangeInclusive<char>],
    /// The block of its script: a letter there outside `letters` is
    /// another language's.
    script: RangeInclusive<char>,
    /// Letters no other language of the script writes with `letters` only:
    /// one must occur.
    own: &'static [char],
}

/// Russian is the only Cyrillic language written with `ы` or `э` and no
/// letter outside its alphabet (Belarusian has both but also `і` and `ў`;
/// Ukrainian, Bulgarian, Serbian and Macedonian have neither; Kazakh,
/// Tatar, Mongolian... add letters of their own).
const SETTLED_BY_LETTERS: [Alphabet; 1] = [Alphabet {
    language: "ru",
    letters: &['а'..='я', 'ё'..='ё'],
    script: '\u{400}'..='\u{4FF}',
    own: &['ы', 'э'],
}];

/// Stop words of its language a sample needs for its letters to settle it.
const SETTLING_STOP_WORDS: usize = 4;

/// The language of a sample written (nine letters in ten at least) in the
/// alphabet of a language of [`SETTLED_BY_LETTERS`], with one of its own
/// letters and a few of its stop words: the detector (most of the cost of
/// detection) would only confirm it.
fn settled_by_letters(sample: &str) -> Option<&'static str> {
    SETTLED_BY_LETTERS
        .iter()
        .find(|alphabet| written_in(sample, alphabet))
        .map(|alphabet| alphabet.language)
}

/// True when `sample` is written in `alphabet` by [`settled_by_letters`].
/// Runs on every document: letters are tested and lowered with fast paths
/// for ASCII and the Russian alphabet.
fn written_in(sample: &str, alphabet: &Alphabet) -> bool {
    let (mut letters, mut others, mut has_own, mut stop_words) = (0usize, 0usize, false, 0);
    let mut word = String::new();
    // A word with letters that fold (`й`, `ё`, accents) is not looked up:
    // the lists are stored folded, and a few hits are enough.
    let mut plain = true;
    for c in sample.chars().chain([' ']) {
        let lower = match c {
            'a'..='z' | 'а'..='я' | 'ё' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            'Ё' => 'ё',
            c if c.is_ascii() || !c.is_alphabetic() => {
                if !word.is_empty() {
                    stop_words +=
                        usize::from(plain && analysis::is_stop_word(&word, alphabet.language));
                    word.clear();
                }
                plain = true;
                continue;
            }
            c => c.to_lowercase().next().unwrap_or(c),
        };
        letters += 1;
        word.push(lower);
        plain &= lower.is_ascii_lowercase() || (('а'..='я').contains(&lower) && lower != 'й');
        if alphabet.letters.iter().any(|r| r.contains(&lower)) {
            has_own |= alphabet.own.contains(&lower);
        } else {
            others += 1;
            // A letter of the script outside the alphabet is another
            // language's; too many letters of other scripts fail the share.
            if alphabet.script.contains(&lower) || others * 10 > sample.len() {
                return false;
            }
        }
    }
    has_own && others * 10 <= letters && stop_words >= SETTLING_STOP_WORDS
}

/// The language whose stop words ("the", "le", "и"...) are clearly the most
/// frequent in a short sample: function words decide a sentence's language
/// better than letter trigrams do. Without a clear winner: `None`, and the
/// languages tied at the top when they have enough votes to count.
fn stop_word_vote(sample: &str) -> (Option<&'static str>, Vec<&'static str>) {
    let words = analysis::words(sample);
    let mut votes: Vec<(&'static str, usize)> = analysis::stop_word_languages()
        .map(|language| {
            let hits = words
                .iter()
                .filter(|w| analysis::is_stop_word(&w.folded, language))
                .count();
            (language, hits)
        })
        .collect();
    votes.sort_by_key(|&(_, hits)| std::cmp::Reverse(hits));
    match votes.as_slice() {
        [(language, best), (_, second), ..] if *best >= 2 && *best > *second => {
            (Some(language), Vec::new())
        }
        [(_, best), ..] if *best >= 2 => (
            None,
            votes
                .iter()
                .take_while(|&&(_, hits)| hits == *best)
                .map(|&(language, _)| language)
                .collect(),
        ),
        _ => (None, Vec::new()),
    }
}

/// Parses one document from its bytes.
///
/// Passes, each linear in the text: decode (BOM, UTF-16, legacy charsets)
/// and normalize with a source map; lay out paragraphs (hard wraps and page
/// breaks joined, boilerplate marked, title found); find mentions (names,
/// pronouns, role nouns) and speech cues with the language's lexicon; find
/// turns (labels, dashes) and the form; resolve pronouns and roles; attribute
/// quotations and reported speech. Never panics; fails only on empty input or
/// an unknown charset label.
pub fn parse(bytes: &[u8], options: &ParseOptions) -> Result<ParsedDocument, ParseError> {
    let decoded = normalize::decode(bytes, options.charset.as_deref())?;
    let (mut text, source_map) = normalize::normalize(&decoded);
    if text.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let language = options
        .language
        .clone()
        .unwrap_or_else(|| detect_language(&text));
    let lex = lexicon::for_language(&language);
    let all = lexicon::all();
    let page = layout::layout(&mut text, lex, all);
    let mut paras = page.paras;
    layout::join_broken(&mut text, &mut paras, &|s: &str| {
        turns::label_at(s, &(0..s.len()), all, lex).is_some() || turns::dash_marker(s).is_some()
    });
    let mut ex = extract::Extractor::new(&text, &paras, lex, all);
    ex.find_mentions();
    ex.find_turns();
    ex.resolve();
    ex.emit_turns();
    ex.attribute();
    ex.finish_quotes();
    let form = ex.form;
    let mut stmts = std::mem::take(&mut ex.stmts);
    stmts.retain(|s| {
        !s.span.is_empty()
            && text.is_char_boundary(s.span.start)
            && text.is_char_boundary(s.span.end)
            && s.span.end <= text.len()
    });
    stmts.sort_by_key(|s| (s.span.start, s.span.end));
    let mut index: Vec<Option<usize>> = vec![None; ex.people.list.len()];
    let mut speakers: Vec<Speaker> = Vec::new();
    let mut statements = Vec::with_capacity(stmts.len());
    for s in stmts {
        let speaker = match s.speaker {
            extract::Spk::Person(p) if p < index.len() => {
                Some(*index[p].get_or_insert_with(|| {
                    let person = &ex.people.list[p];
                    speakers.push(Speaker {
                        name: person.name.clone(),
                        aliases: person
                            .aliases
                            .iter()
                            .filter(|a| **a != person.name)
                            .cloned()
                            .collect(),
                        roles: person.roles.clone(),
                        organization: person.organization,
                    });
                    speakers.len() - 1
                }))
            }
            _ => None,
        };
        debug_assert!(s.span.start < s.span.end);
        statements.push(Statement {
            kind: s.kind,
            span: s.span,
            speaker,
            speaker_label: s.label,
            cue: s.cue,
        });
    }
    Ok(ParsedDocument {
        title: options.title.clone().unwrap_or(page.title),
        language,
        form,
        outlet: page.outlet,
        charset: decoded.encoding.name().to_string(),
        speakers,
        statements,
        source_map,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::{detect_language, settled_by_letters};

    #[test]
    fn only_russian_letters_and_stop_words_skip_the_detector() {
        let russian = "Мэр сказал, что мост откроется в мае. Это было решение, которое мы все ждали, и оно уже принято.";
        assert_eq!(settled_by_letters(russian), Some("ru"));
        assert_eq!(detect_language(russian), "ru");
        for other in [
            // Ukrainian, Belarusian (letters Russian lacks), Bulgarian (no
            // `ы` or `э`), too few stop words, English.
            "Мер сказав, що міст відкриється в травні. Це було рішення, якого ми всі чекали, і воно вже ухвалене.",
            "Мэр сказаў, што мост адкрыецца ў маі. Гэта было рашэнне, якое мы ўсе чакалі, і яно ўжо прынята.",
            "Кметът каза, че мостът ще бъде открит през май. Това беше решение, което всички чакахме, и то е взето.",
            "Мэр сказал: «Мост откроется в мае».",
            "The mayor said that the bridge opens in May, and that it was a decision we all waited for.",
        ] {
            assert_eq!(settled_by_letters(other), None, "{other}");
        }
    }

    #[test]
    fn short_texts_get_a_common_language() {
        assert_eq!(
            detect_language("Headline here\n\nThe mayor said: \"The bridge opens in May.\""),
            "en"
        );
        assert_eq!(
            detect_language("Le maire a déclaré : « Le pont ouvrira en mai. »"),
            "fr"
        );
        assert_eq!(detect_language("Мэр сказал: «Мост откроется в мае»."), "ru");
        // `on` and `we` are English and Polish stop words alike.
        assert_eq!(
            detect_language(
                "Peace talks resume\n\nUkrainian President Vladimir Zelensky said on Monday: \"We want peace now.\""
            ),
            "en"
        );
    }

    #[test]
    fn languages_with_lexicons_are_told_apart_on_short_news() {
        for (text, code) in [
            ("Il sindaco ha detto che il ponte aprirà a maggio.", "it"),
            ("O prefeito disse que a ponte vai abrir em maio.", "pt"),
            ("De burgemeester zei dat de brug in mei opengaat.", "nl"),
            ("Мер сказав, що міст відкриють у травні.", "uk"),
            (
                "Burmistrz powiedział, że most zostanie otwarty w maju.",
                "pl",
            ),
            ("Мэр сказал, что мост откроют в мае.", "ru"),
            (
                "Der Bürgermeister sagte, dass die Brücke im Mai öffnet.",
                "de",
            ),
            (
                "Міністр освіти заявив у вівторок, що уряд виділить кошти на відновлення шкіл. \
                 За словами міністра, перші роботи розпочнуться вже в листопаді.",
                "uk",
            ),
            (
                "Minister van Financiën zei dinsdag dat het kabinet de belastingen niet verhoogt. \
                 Volgens de minister is er genoeg geld voor de plannen.",
                "nl",
            ),
        ] {
            assert_eq!(detect_language(text), code, "{text}");
        }
    }
}
