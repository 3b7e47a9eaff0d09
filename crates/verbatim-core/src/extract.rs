//! Turns, mentions, cues and attribution: from the laid-out text to
//! statements with speakers. Every pass walks the text or a sorted list once.

use crate::chars::{
    Lower, is_alnum, is_alpha, is_lower, is_space, is_upper, lowercase, word_bytes_end,
};
use std::ops::Range;

use crate::bytescan::ByteScan;
use crate::layout::Para;
use crate::lexicon::{self, Cue, Lexicon};
use crate::names::{self, Gender};
use crate::people::People;
use crate::quotes::{self, Quote};
use crate::turns::{self, Label, LabelKind};
use crate::{DocumentForm, StatementKind};

/// Who speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spk {
    Person(usize),
    Unnamed,
}

/// A speaker with the label as written and the cue that attributed it.
type Attribution = (Spk, String, Option<Range<usize>>);

/// A statement before speakers are renumbered.
#[derive(Debug, Clone)]
pub(crate) struct Stmt {
    pub(crate) kind: StatementKind,
    pub(crate) span: Range<usize>,
    pub(crate) speaker: Spk,
    pub(crate) label: String,
    pub(crate) cue: Option<Range<usize>>,
}

/// The latest attributed quotation of a paragraph: its paragraph, speaker,
/// label, cue and closing mark.
type LastQuote = (usize, Spk, String, Option<Range<usize>>, usize);

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    cap: bool,
    /// Whether a hyphen or an apostrophe joins two runs of word chars in
    /// it (`Санкт-Петербург`, `O'Brien`): cue phrases may start inside.
    joined: bool,
}

#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    cue: Cue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum What {
    Person(usize),
    Org(usize),
    Pronoun,
    Plural,
    Role,
    /// A role noun after an indefinite article (`a Zentra spokesperson`):
    /// someone left unnamed, never a person named elsewhere.
    Anonymous,
    First,
    /// A generic group as a subject (`Residents said`): an unnamed speaker.
    Group,
}

#[derive(Debug, Clone)]
struct Mention {
    range: Range<usize>,
    what: What,
    in_quote: bool,
    /// The person a pronoun or role resolves to (set by `resolve`).
    resolved: Option<usize>,
}

impl Mention {
    /// A mention of someone unnamed or of a group, outside quotations.
    fn unnamed(range: Range<usize>, what: What) -> Self {
        Mention {
            range,
            what,
            in_quote: false,
            resolved: None,
        }
    }
}

#[derive(Debug, Clone)]
struct Turn {
    /// From the label (or dash) to the end of the turn.
    region: Range<usize>,
    body: Range<usize>,
    speaker: Spk,
    label: String,
    cue: Option<Range<usize>>,
}

/// True when `name` holds a word of two letters or more in capitals
/// (`Ms. OCHOA-REYES`).
fn caps_word(name: &str) -> bool {
    name.split(' ').any(|w| {
        // A capital first (most words of prose fail there), then no
        // lower-case letter and a second capital (`O'NEILL`).
        w.chars().next().is_some_and(is_upper)
            && !w.chars().any(is_lower)
            && w.chars().filter(|c| is_upper(*c)).nth(1).is_some()
    })
}

/// True when a paragraph ends with a question mark (closing quotes aside).
fn asks_question(s: &str) -> bool {
    s.trim_end_matches(['»', '"', '”', ' ']).ends_with('?')
}

/// `text[a..b]`, or empty when the range is not a valid slice: the
/// parser never panics on offsets computed from odd input.
fn sl(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}

/// The largest distance scanned from a cue within one sentence.
const SENTENCE_WINDOW: usize = 1500;

/// The longest clause, in bytes, read as the short clause around a sign's
/// text (`the banner read:`): four words and their spaces.
const INSCRIPTION_CLAUSE_BYTES: usize = 200;

/// The largest char boundary of `text` at or before `pos`.
pub(crate) fn floor_boundary(text: &str, pos: usize) -> usize {
    let mut p = pos.min(text.len());
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

fn is_org_word(w: &str) -> bool {
    lexicon::shared().is_org_word(w)
}

/// Elided articles and conjunctions that end at their apostrophe (`l'`).
fn elision(word: &str) -> bool {
    lexicon::shared().is_elision(word)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Whether `word` is one capital letter (an initial).
fn one_capital(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(is_upper) && chars.next().is_none()
}

/// The tokenizer's letters and digits: [`is_alnum`], except that the
/// Latin-1 signs (`ª`, `µ`, `²`, `½`...) and the general and CJK
/// punctuation blocks never make words; fast for ASCII, Cyrillic and
/// Latin-1 letters.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{410}'..='\u{44F}'
        | '\u{401}'
        | '\u{451}'
        | '\u{C0}'..='\u{D6}'
        | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{FF}' => true,
        // Latin-1 signs and general punctuation (quotes, dashes, spaces).
        '\u{80}'..='\u{BF}' | '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' => false,
        _ => is_alnum(c),
    }
}

/// The bytes a sentence mark starts with: `.`, `!`, `?` and 0xE2 (`…`).
const SENTENCE_MARK_BYTES: &[u8] = b".!?\xE2";

/// The last of `marks` in `s` that breaks a phrase: a comma between
/// digits separates thousands (`4,000`), not clauses.
fn rfind_break(s: &str, marks: &[char]) -> Option<usize> {
    let b = s.as_bytes();
    s.rmatch_indices(marks).map(|(k, _)| k).find(|&k| {
        !(b[k] == b','
            && k > 0
            && b[k - 1].is_ascii_digit()
            && b.get(k + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// The start of the capitalized word that a role noun starting at `pos`
/// ends (`Fraktions|chefin`, `SPD-|Politikerin`).
fn compound_start(text: &str, pos: usize) -> Option<usize> {
    let head = &text[..pos];
    let start = head
        .char_indices()
        .rev()
        .take(40)
        .take_while(|&(_, c)| is_alnum(c) || c == '-')
        .last()
        .map(|(i, _)| i)?;
    let first = text[start..].chars().next()?;
    (first.is_uppercase() && pos - start >= 3).then_some(start)
}

/// The char starting at byte `i` of `s` (a char boundary), decoded inline
/// for ASCII and the two-byte Cyrillic block (lead bytes 0xD0, 0xD1): those
/// are nearly every char of English and Russian text.
fn char_at(s: &str, i: usize) -> char {
    let b = s.as_bytes();
    match b[i] {
        c if c < 0x80 => c as char,
        l @ (0xD0 | 0xD1) if i + 1 < b.len() => {
            char::from_u32((u32::from(l & 0x1F) << 6) | u32::from(b[i + 1] & 0x3F)).unwrap_or(' ')
        }
        _ => s[i..].chars().next().unwrap_or(' '),
    }
}

/// True when `word` is a given name in the nominative or, read back
/// through the lexicon's case endings, in an oblique case (`Валентиной`,
/// `Anny`).
fn given_in_any_case(lex: &Lexicon, word: &str) -> bool {
    names::is_given_name(word)
        || lex
            .given_name_nominative(word)
            .is_some_and(|n| names::is_given_name(&n))
        || lex
            .nominatives(word)
            .iter()
            .any(|n| names::is_given_name(n))
}

/// Calls `found` with the range and cue of each cue phrase in
/// `text[range]`, in order, without overlaps: at each position where the
/// char before is no letter or digit, or where a `-` stands, the longest cue
/// starting there; positions inside a cue found are passed over. `toks`
/// are the tokens of `range`: word starts are read off them, so only the
/// gaps between tokens and the tokens joined by a hyphen or an apostrophe
/// are looked at char by char.
// Not inlined into `Extractor::new`, nor are `tokenize` and
// `Extractor::sentence_starts`: the three loops inlined into one function
// spill registers, and a Russian pass costs 2% more instructions.
#[inline(never)]
fn for_each_cue(
    text: &str,
    range: Range<usize>,
    toks: &[Tok],
    lex: &Lexicon,
    mut found: impl FnMut(Range<usize>, Cue),
) {
    let bytes = text.as_bytes();
    let mut resume = range.start;
    let mut try_at = |at: usize| {
        if at < resume || !lex.may_start_cue(bytes, at) {
            return;
        }
        let candidate =
            bytes[at] == b'-' || text[..at].chars().next_back().is_none_or(|c| !is_alnum(c));
        if candidate && let Some((end, cue)) = lex.longest_cue_at(bytes, at, range.end) {
            found(at..end, cue);
            resume = end;
        }
    };
    // Every char of `text[from..to]`, a gap between tokens or a joined token,
    // that a cue may start: the first-byte test is the one `try_at` would
    // make first, and most gap chars (spaces, punctuation) fail it.
    fn each_char(
        bytes: &[u8],
        lex: &Lexicon,
        from: usize,
        to: usize,
        try_at: &mut impl FnMut(usize),
    ) {
        for (k, &b) in bytes[from..to].iter().enumerate() {
            // Continuation bytes start no char.
            if b & 0xC0 != 0x80 && lex.cue_may_start_with(b) {
                try_at(from + k);
            }
        }
    }
    let mut pos = range.start;
    for t in toks {
        debug_assert!(pos <= t.range.start && t.range.end <= range.end);
        each_char(bytes, lex, pos, t.range.start, &mut try_at);
        let word = &bytes[t.range.clone()];
        if t.joined {
            each_char(bytes, lex, t.range.start, t.range.end, &mut try_at);
        } else if word.len() < 4
            || word.ends_with(b".")
            || lex.may_start_long_cue(&bytes[..range.end], t.range.start)
        {
            // The char before a token is never a letter or a digit.
            try_at(t.range.start);
        }
        // Else no cue of four bytes or more starts the word, and a shorter
        // one would end inside it, before a letter or a digit: no hit, and
        // nothing after it to pass over inside a word of word chars only.
        pos = t.range.end;
    }
    each_char(bytes, lex, pos, range.end, &mut try_at);
}

/// Tokenizes `range` of `text` into words.
#[inline(never)]
fn tokenize(text: &str, range: &Range<usize>, lex: &Lexicon, out: &mut Vec<Tok>) {
    let s = &text[range.clone()];
    let mut i = 0;
    while i < s.len() {
        let c = char_at(s, i);
        if !is_word_char(c) {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        let mut joined = false;
        while end < s.len() {
            // Runs of ASCII alphanumerics and U+0400..U+047F letters are
            // word chars: skipped without decoding.
            end = word_bytes_end(s.as_bytes(), end, s.len());
            if end >= s.len() {
                break;
            }
            let j = end;
            let d = char_at(s, j);
            if is_word_char(d) {
                end = j + d.len_utf8();
                continue;
            }
            if d == '-' || is_apostrophe(d) {
                let after = j + d.len_utf8();
                if after < s.len() && is_word_char(char_at(s, after)) {
                    if is_apostrophe(d) {
                        if elision(&s[start..j]) {
                            // l'attaché: "l'" is its own token.
                            end = after;
                            break;
                        }
                        let rest = &s[after..];
                        let possessive = rest.starts_with('s') && !rest[1..].starts_with(is_alnum);
                        if possessive {
                            break;
                        }
                    }
                    end = after;
                    joined = true;
                    continue;
                }
            }
            break;
        }
        // Initials (`V.`, `М.`) and abbreviated titles (`Mr.`) keep their dot.
        let word = &s[start..end];
        if s[end..].starts_with('.') {
            let single = one_capital(word);
            if single || lex.is_title_with_dot(word) {
                end += 1;
            }
        }
        out.push(Tok {
            range: range.start + start..range.start + end,
            cap: is_upper(c),
            joined,
        });
        i = end;
    }
}

/// The analysis state of one document.
pub(crate) struct Extractor<'a> {
    text: &'a str,
    lex: &'static Lexicon,
    all: &'static [Lexicon],
    body: Vec<Range<usize>>,
    quotes: Vec<Quote>,
    toks: Vec<Tok>,
    hits: Vec<Hit>,
    sentences: Vec<usize>,
    mentions: Vec<Mention>,
    pub(crate) people: People,
    turns: Vec<Turn>,
    pub(crate) form: DocumentForm,
    pub(crate) stmts: Vec<Stmt>,
    /// Speaker assigned to each quote (by index), with label and cue.
    quote_speaker: Vec<Option<Attribution>>,
    /// Roles bound by header lines (`President: Lyndon B. Johnson`), lower
    /// case.
    header_roles: Vec<(String, usize)>,
    /// Capitalized words not after a preposition, by their lower-case
    /// prefixes (whole, and one or two chars short): where a body named
    /// after a preposition (`в Кремле`) is found in its free form.
    free_forms: Option<foldhash::HashMap<String, Vec<Range<usize>>>>,
}

impl<'a> Extractor<'a> {
    pub(crate) fn new(
        text: &'a str,
        paras: &[Para],
        lex: &'static Lexicon,
        all: &'static [Lexicon],
    ) -> Self {
        let body: Vec<Range<usize>> = paras
            .iter()
            .filter(|p| !p.boiler && !p.title)
            .map(|p| p.range.clone())
            .collect();
        let mention_ranges: Vec<Range<usize>> = paras
            .iter()
            .filter(|p| !p.boiler)
            .map(|p| p.range.clone())
            .collect();
        let mut quotes = quotes::scan(text, &body);
        let mut toks = Vec::with_capacity(text.len() / 6);
        for r in &mention_ranges {
            tokenize(text, r, lex, &mut toks);
        }
        let mut hits = Vec::new();
        let mut first_tok = 0;
        for r in &mention_ranges {
            // The tokens of `r` (ranges and tokens are both in text order).
            first_tok += toks[first_tok..].partition_point(|t| t.range.start < r.start);
            let end_tok = first_tok + toks[first_tok..].partition_point(|t| t.range.start < r.end);
            let push_hit = |hits: &mut Vec<Hit>, range: Range<usize>, cue: Cue| {
                let before = sl(text, 0, range.start).chars().next_back();
                // A compound ending in a role noun (`Fraktionschefin`,
                // `SPD-Politikerin`) is that role: the hit takes the word.
                let range = if lex.compound_roles
                    && cue == Cue::Role
                    && before.is_some_and(|c| is_alnum(c) || c == '-')
                {
                    match compound_start(text, range.start) {
                        Some(start) => start..range.end,
                        None => return,
                    }
                } else {
                    range
                };
                let pat_last = text[range.clone()].chars().next_back().unwrap_or(' ');
                // Inflected languages: a role noun takes case endings (министра).
                let inflected_end = if cue == Cue::Role && lex.inflected_roles {
                    let extra: usize = text[range.end..]
                        .chars()
                        .take_while(|c| is_alpha(*c))
                        .take(4)
                        .map(char::len_utf8)
                        .sum();
                    let n = text[range.end..range.end + extra].chars().count();
                    (n <= 3).then_some(range.end + extra)
                } else {
                    None
                };
                let range = range.start..inflected_end.unwrap_or(range.end);
                let after = text[range.end..].chars().next();
                let right_ok = !is_alnum(pat_last)
                    || after.is_none_or(|c| {
                        !is_alnum(c) && c != '-' && !is_apostrophe(c)
                            || is_apostrophe(c)
                                && sl(text, range.end, text.len())
                                    .chars()
                                    .nth(1)
                                    .is_none_or(|n| n == 's' || !is_alnum(n))
                    });
                if right_ok {
                    hits.push(Hit { range, cue });
                } else if let Some(k) = text[range.clone()].rfind(' ') {
                    // A phrase cut inside its last word (`Jak poinformował`
                    // in `Jak poinformowało`): the whole word alone may be a
                    // cue, which the phrase's match hid.
                    let word = range.start + k + 1
                        ..range.end
                            + text[range.end..]
                                .find(|c: char| !is_alnum(c))
                                .unwrap_or(text.len() - range.end);
                    if let Some((end, cue)) =
                        lex.longest_cue_at(text.as_bytes(), word.start, word.end)
                        && end == word.end
                    {
                        hits.push(Hit { range: word, cue });
                    }
                }
            };
            let range_toks = &toks[first_tok..end_tok];
            // Candidates start words only (never `он` inside `конференции`).
            let first_hit = hits.len();
            for_each_cue(text, r.clone(), range_toks, lex, |range, cue| {
                push_hit(&mut hits, range, cue);
            });
            if lex.compound_roles {
                // Role nouns ending a compound start inside a word.
                let found = hits.len() - first_hit;
                for t in range_toks {
                    for role in lex.compound_roles_in(&text[t.range.clone()]) {
                        let role = t.range.start + role.start..t.range.start + role.end;
                        let covered = hits[first_hit..first_hit + found]
                            .iter()
                            .any(|h| h.range.start < role.end && role.start < h.range.end);
                        if !covered {
                            push_hit(&mut hits, role, Cue::Role);
                        }
                    }
                }
                hits[first_hit..].sort_by_key(|h| h.range.start);
            }
        }
        // Dash-introduced quotations end where a speech verb follows a dash.
        let dashed = quotes::dash_quotes(text, &body, |pos| {
            let i = hits.partition_point(|h| h.range.start < pos);
            hits.get(i)
                .is_some_and(|h| h.range.start == pos && matches!(h.cue, Cue::Verb { .. }))
        });
        if !dashed.is_empty() {
            quotes.extend(dashed);
            quotes.sort_by_key(|q| (q.open, q.depth));
        }
        let mut ex = Extractor {
            text,
            lex,
            all,
            body,
            quote_speaker: vec![None; quotes.len()],
            quotes,
            toks,
            hits,
            sentences: Vec::new(),
            mentions: Vec::new(),
            people: People::default(),
            turns: Vec::new(),
            form: DocumentForm::Article,
            stmts: Vec::new(),
            header_roles: Vec::new(),
            free_forms: None,
        };
        ex.sentences = ex.sentence_starts();
        ex
    }

    /// Whether `words` name a person or body already met, as written or in
    /// an oblique case (`Ортисом` after `Ортис`).
    fn names_someone_known(&self, words: &[&str]) -> bool {
        let key = crate::people::key(words, self.lex);
        self.people.find(&key).is_some() || self.people.oblique_of(words, self.lex).is_some()
    }

    /// True when token `k`, a lone capitalized word right after a role
    /// noun, is the role's genitive complement (`президент России`, `—
    /// заявил президент Казахстана`): it ends like one and names no one
    /// known; an ending a feminine surname shares (`-а`) counts only next
    /// to a masculine speech verb (`заявила министр Иванова` is a woman).
    fn lone_role_complement(&self, k: usize) -> bool {
        let lex = self.lex;
        if !lex.inflected_roles {
            return false;
        }
        let text = self.text;
        let r = self.toks[k].range.clone();
        let w = &text[r.clone()];
        let masculine_verb = || {
            let hi = self.hits.partition_point(|h| h.range.start < r.end);
            let verb = |h: &Hit| {
                matches!(h.cue, Cue::Verb { .. })
                    && lex.verb_gender(&text[h.range.clone()]) == Some(Gender::Masculine)
            };
            // The verb after the role phrase (`Президент Казахстана также
            // отметил`) or right before the role noun (`— добавил
            // президент Казахстана`).
            let role_start = self.toks[k.saturating_sub(1)].range.start;
            self.hits[hi..]
                .iter()
                .take(2)
                .any(|h| verb(h) && h.range.start - r.end <= 40)
                || self.hits[hi.saturating_sub(2)..hi]
                    .iter()
                    .any(|h| verb(h) && h.range.end <= role_start && role_start - h.range.end <= 2)
        };
        (lex.ends_like_complement(w) || lex.ends_like_masculine_complement(w) && masculine_verb())
            && !self.names_someone_known(&[w])
    }

    /// Indices of quotations opening within `range`.
    fn quotes_in(&self, range: Range<usize>) -> Range<usize> {
        let a = self.quotes.partition_point(|q| q.open < range.start);
        let b = self.quotes.partition_point(|q| q.open < range.end);
        a..b.max(a)
    }

    fn in_quote(&self, pos: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.open <= pos);
        (0..i)
            .rev()
            .take(8)
            .any(|k| self.quotes[k].open < pos && pos < self.quotes[k].close)
    }

    /// True when the capitalized run `span` is a whole quotation (a sign,
    /// slogan or title: `"Fire Fauci"`), which names no one; `"Bob
    /// Fleming, ABC News."` has more than the name.
    fn slogan_at(&self, span: Range<usize>) -> bool {
        let i = self.quotes.partition_point(|q| q.open <= span.start);
        (0..i).rev().take(8).any(|k| {
            let q = &self.quotes[k];
            q.inner.start == span.start
                && sl(self.text, span.end, q.inner.end)
                    .trim_matches(['.', '!', '?', ' '])
                    .is_empty()
        })
    }

    /// Sentence starts: paragraph starts and sentence ends outside quotations.
    #[inline(never)]
    fn sentence_starts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let text = self.text;
        let mut qi = 0;
        let quotes: Vec<&Quote> = self.quotes.iter().filter(|q| q.depth == 0).collect();
        for r in &self.body {
            out.push(r.start);
            let s = &text[r.clone()];
            let mut prev_word_start = 0;
            // The start of the word before each sentence mark is found by
            // looking back from the mark, never past the previous mark: the
            // scan forward only stops at `.`, `!`, `?` and the lead byte of
            // `…` (0xE2), and the whole paragraph is still read once.
            let mut looked_back = 0;
            let bytes = s.as_bytes();
            let mut from = 0;
            let mut marks = ByteScan::new(bytes, SENTENCE_MARK_BYTES);
            while let Some(i) = marks.find(from) {
                let c = char_at(s, i);
                from = i + c.len_utf8();
                if !matches!(c, '.' | '!' | '?' | '…') {
                    continue;
                }
                if let Some((k, w)) = s[looked_back..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, w)| is_space(w))
                {
                    prev_word_start = looked_back + k + w.len_utf8();
                }
                looked_back = i;
                let pos = r.start + i;
                while qi < quotes.len() && quotes[qi].close <= pos {
                    qi += 1;
                }
                // Inside a quotation, unless the quotation closes right here.
                if qi < quotes.len()
                    && quotes[qi].open < pos
                    && pos < quotes[qi].close
                    && quotes[qi].close > pos + 4
                {
                    continue;
                }
                // Abbreviations and initials do not end sentences.
                let word = s.get(prev_word_start..i).unwrap_or("");
                let word = word.trim_start_matches(['(', '"', '«', '“']);
                if c == '.'
                    && (one_capital(word) || self.lex.is_title_with_dot(word) || word.contains('.'))
                {
                    continue;
                }
                let rest = &s[i + c.len_utf8()..];
                let rest_t = rest.trim_start_matches(['"', '»', '”', '’', ')', '.', '!', '?', '…']);
                let glued = rest.starts_with(['«', '“', '„'])
                    && rest.chars().nth(1).is_some_and(|n| is_upper(n) || n == ' ');
                // A dateline's dash (`MADRID (EFE).- El presidente`).
                let dashed = rest
                    .strip_prefix(['-', '—', '–'])
                    .and_then(|r| r.strip_prefix(' '))
                    .filter(|r| r.starts_with(is_upper));
                if glued && c == '.' {
                    out.push(pos + 1);
                } else if let Some(after) = dashed {
                    out.push(pos + c.len_utf8() + (rest.len() - after.len()));
                } else if rest_t.starts_with(' ') {
                    let next = rest_t.trim_start().chars().next();
                    if next.is_some_and(|n| {
                        is_upper(n)
                            || n.is_ascii_digit()
                            || matches!(n, '"' | '“' | '«' | '„' | '—' | '–' | '-' | '‘' | '\'')
                    }) {
                        let skip = rest.len() - rest_t.len();
                        out.push(
                            pos + c.len_utf8() + skip + (rest_t.len() - rest_t.trim_start().len()),
                        );
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The sentence containing `pos`.
    fn sentence(&self, pos: usize) -> Range<usize> {
        let i = self.sentences.partition_point(|&s| s <= pos);
        let start = i.checked_sub(1).map_or(0, |k| self.sentences[k]);
        let para_end = self
            .body
            .get(self.body.partition_point(|r| r.end < pos))
            .map_or(self.text.len(), |r| r.end);
        let end = self
            .sentences
            .get(i)
            .copied()
            .unwrap_or(para_end)
            .min(para_end.max(start));
        // Run-on "sentences" (no punctuation) are cut to a window around
        // `pos`, which keeps every per-cue scan bounded.
        let start = if pos > start + SENTENCE_WINDOW {
            floor_boundary(self.text, pos - SENTENCE_WINDOW)
        } else {
            start
        };
        let end = if end > pos + SENTENCE_WINDOW {
            floor_boundary(self.text, pos + SENTENCE_WINDOW)
        } else {
            end
        };
        start..end.max(start)
    }

    fn para_of(&self, pos: usize) -> Option<usize> {
        let i = self.body.partition_point(|r| r.end < pos);
        self.body.get(i).filter(|r| r.start <= pos).map(|_| i)
    }

    /// True when the capitalized word `word` is a common noun naming a
    /// group (`Residents`, `Officials`): a group noun of the lexicon, the
    /// plural of a role noun, or a plural that the document also writes in
    /// lower case. `lower_words` caches the document's lower-case words.
    fn generic_noun<'t>(
        &self,
        word: &str,
        lower_words: &mut Option<foldhash::HashSet<&'t str>>,
    ) -> bool
    where
        'a: 't,
    {
        let lex = self.lex;
        let lower = word.lower();
        if lex.is_group_noun(&lower) {
            return true;
        }
        let Some(singular) = lex.singular(&lower) else {
            return false;
        };
        if lex.is_role(&singular) {
            return true;
        }
        let text: &'t str = self.text;
        lower_words
            .get_or_insert_with(|| {
                self.toks
                    .iter()
                    .filter(|t| !t.cap)
                    .map(|t| &text[t.range.clone()])
                    .collect()
            })
            .contains(lower.as_str())
    }

    /// Finds person and organisation names, pronouns and role nouns.
    pub(crate) fn find_mentions(&mut self) {
        let text = self.text;
        let lex = self.lex;
        // Capitalized runs.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            if !self.toks[i].cap {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // Whether the run holds a name particle already (`de Jong`).
            let mut particle_seen = false;
            while j < self.toks.len() {
                let gap = &text[self.toks[j - 1].range.end..self.toks[j].range.start];
                if !(gap == " " || gap.is_empty()) {
                    break;
                }
                let w = &text[self.toks[j].range.clone()];
                // `Minister Hugo de Jong van Volkshuisvesting`, `Anna Weber
                // von der SPD`: after a particle, or after a given name and
                // a surname, `van` / `von` opens the role's complement.
                if !self.toks[j].cap
                    && crate::names::is_complement_particle(w)
                    && (particle_seen || {
                        let word = |k: usize| &text[self.toks[k].range.clone()];
                        j >= i + 2
                            && self.toks[j - 2].cap
                            && ![word(j - 1), word(j - 2)]
                                .iter()
                                .any(|w| lex.is_title(w) || lex.is_role(w) || w.ends_with('.'))
                            && !names::is_given_name(word(j - 1))
                    })
                {
                    break;
                }
                // A glued initial (`В.Соколов`) starts a new name: it is a label.
                let glued_initial = text[self.toks[j].range.clone()].ends_with('.')
                    && self
                        .toks
                        .get(j + 1)
                        .is_some_and(|t| t.range.start == self.toks[j].range.end)
                    && !text[self.toks[j - 1].range.clone()].ends_with('.');
                if self.toks[j].cap && !glued_initial {
                    j += 1;
                } else if (crate::names::is_joining_particle(w) || {
                    // `President of Russia`; a body's complement (`Ministry
                    // of Water Resources`, `Verband der Autoindustrie`), but
                    // not `Congress of June 20`.
                    let prev = &text[self.toks[j - 1].range.clone()];
                    let shared = lexicon::shared();
                    (shared.is_title_connector(w) && lex.is_title(prev)
                        || shared.is_body_connector(w) && is_org_word(prev))
                        && self
                            .toks
                            .get(j + 1)
                            .is_some_and(|t| !lex.is_not_name(&text[t.range.clone()]))
                }) && self.toks.get(j + 1).is_some_and(|t| t.cap)
                {
                    particle_seen |= crate::names::is_joining_particle(w);
                    j += 2;
                } else if self.toks.get(j + 1).is_some_and(|t| {
                    crate::names::is_joining_particle_pair(w, &text[t.range.clone()])
                }) && self.toks.get(j + 2).is_some_and(|t| t.cap)
                {
                    particle_seen = true;
                    j += 3;
                } else if j == i + 1
                    && self.toks.get(j + 1).is_some_and(|t| t.cap)
                    && crate::names::is_joining_particle_pair(
                        &lowercase(&text[self.toks[i].range.clone()]),
                        w,
                    )
                {
                    // `Van der Berg`: a capitalized pair heads the surname.
                    particle_seen = true;
                    j += 2;
                } else {
                    break;
                }
            }
            runs.push((i, j.min(self.toks.len())));
            i = j;
        }
        // Single capitalized words, and whether the word is a title (a surname
        // only when a person of that surname is known: `Carol Bishop …
        // Bishop said`).
        let mut singles: Vec<(usize, bool)> = Vec::new();
        // Capitalized words repeat: each is looked up as a given name once.
        let mut given_names: foldhash::HashMap<&str, bool> = foldhash::HashMap::default();
        let mut is_given = |w: &'a str| {
            *given_names
                .entry(w)
                .or_insert_with(|| names::is_given_name(w))
        };
        // Given names in any case, asked only of words after a role or a
        // body: each once.
        let mut given_any_case: foldhash::HashMap<&str, bool> = foldhash::HashMap::default();
        let mut given_any = |w: &'a str| {
            *given_any_case
                .entry(w)
                .or_insert_with(|| given_in_any_case(lex, w))
        };
        let mut role_spans: Vec<Range<usize>> = Vec::new();
        // A role whose complement runs on in lower case up to the name
        // (`Председатель Национального банка Вероника Ларионова`): the run
        // where the name starts, and the role's span.
        let mut pending_role: Option<(usize, Range<usize>)> = None;
        // The words of the run, then of the name: buffers kept across runs
        // (a run is a few words, and most of a document's words are in one).
        let mut run_words: Vec<&'a str> = Vec::new();
        let mut name_buf: Vec<&'a str> = Vec::new();
        for (ri, &(a, b)) in runs.iter().enumerate() {
            let role_before = pending_role
                .take()
                .filter(|(start, _)| *start == a)
                .map(|(_, role)| role);
            let mut a = a;
            // Sentence-initial function words are not part of names, nor is
            // a lone capital without a dot (`Q Thank you`, `A Senate panel`).
            while a < b && {
                let w = &text[self.toks[a].range.clone()];
                (lex.is_not_name(w) || (w.chars().count() == 1 && w != "I" && b - a > 1))
                    // `zei Van Dijk`, `Van der Berg`: a capitalized particle
                    // heading the surname of someone named before stays.
                    && !(b - a >= 2 && names::is_leading_particle(w) && {
                        let words: Vec<&str> =
                            (a..b).map(|k| &text[self.toks[k].range.clone()]).collect();
                        self.people
                            .find(&crate::people::key(&words, lex))
                            .is_some()
                    })
            } {
                a += 1;
            }
            if a >= b {
                continue;
            }
            run_words.clear();
            run_words.extend((a..b).map(|k| &text[self.toks[k].range.clone()]));
            let words = &run_words[..];
            // Only a word right before the name, in the same phrase (`son,"
            // Biden said` ends a quotation with a French-looking word).
            let determiner_before = a > 0
                && sl(text, self.toks[a - 1].range.end, self.toks[a].range.start)
                    .trim()
                    .is_empty()
                && {
                    let prev = &text[self.toks[a - 1].range.clone()];
                    // Sentence-initial prepositions too (`В Кремле`).
                    lexicon::shared().is_determiner(prev)
                        || lexicon::shared().is_preposition(&lowercase(prev))
                };
            // An acronym heading a name is an agency or outlet (`RIA Novosti`).
            let acronym_head = words.len() > 1
                && words[0].chars().count() >= 2
                && words[0].chars().all(is_upper)
                && !words[1].chars().all(is_upper);
            if acronym_head
                || words.iter().any(|w| is_org_word(w))
                || words
                    .iter()
                    .all(|w| w.chars().all(is_upper) && w.chars().count() <= 5)
                    && words.len() == 1
                    && !self.toks[a].range.is_empty()
                    && words[0].chars().count() > 1
            {
                let surface_start = if determiner_before {
                    self.toks[a - 1].range.start
                } else {
                    self.toks[a].range.start
                };
                // The body ends at its last organisation word; two or more
                // capitalized words after it are a name glued on in
                // flattened text, but a complement joined by a connector is
                // the body's (`Ministry of Water Resources`, `Instituto
                // Nacional de Estadística`).
                let org_end = match words.iter().rposition(|w| is_org_word(w)) {
                    Some(o)
                        if b - (a + o + 1) >= 2
                            && !acronym_head
                            // In case languages a body's complement is
                            // capitalized in the genitive (`Ministerstwo
                            // Obrony Narodowej`): a glued name has a given
                            // name (`Banku Pekao Anny Kowalczyk`).
                            && (!lex.inflected_roles
                                || words[o + 1..].iter().any(|w| given_any(w)))
                            && words[o + 1..]
                                .iter()
                                .all(|w| w.chars().next().is_some_and(is_upper)) =>
                    {
                        a + o + 1
                    }
                    // An acronym before a given name and a surname is a
                    // body qualifying the person (`представитель МИД Мария
                    // Захарова`, `CNN anchor`-less `CNN Anderson Cooper`).
                    // A place in the genitive may qualify the acronym first
                    // (`представитель МИД России Мария Захарова`).
                    _ if acronym_head
                        && let Some(k) =
                            (1..(b - a).saturating_sub(1).min(3)).find(|&k| is_given(words[k])) =>
                    {
                        a + k
                    }
                    _ => b,
                };
                let mut surface_end = self.toks[org_end - 1].range.end;
                // In case languages a body's complement follows in lower
                // case, in the genitive (`Министерство обороны сообщило`).
                if org_end == b
                    && lex.inflected_roles
                    && self.toks.get(b).is_some_and(|t| !t.cap)
                    && lex.body_nominative(words[org_end - a - 1]).is_some()
                {
                    let mut k = b;
                    while k < self.toks.len()
                        && k < b + 3
                        && !self.toks[k].cap
                        && text.get(self.toks[k - 1].range.end..self.toks[k].range.start)
                            == Some(" ")
                        && {
                            let w = &text[self.toks[k].range.clone()];
                            w.chars().count() >= 4
                                && w.chars().all(char::is_alphabetic)
                                && !lexicon::shared().skips_before_verb(w)
                                && !lex.pre_complementizer.iter().any(|p| p == w)
                        }
                        && self
                            .hits
                            .get(
                                self.hits
                                    .partition_point(|h| h.range.start < self.toks[k].range.start),
                            )
                            .is_none_or(|h| h.range.start >= self.toks[k].range.end)
                    {
                        surface_end = self.toks[k].range.end;
                        k += 1;
                    }
                }
                let org_words: Vec<&str>;
                let (org_tokens, surface) = if surface_end > self.toks[org_end - 1].range.end {
                    let surface = &text[self.toks[a].range.start..surface_end];
                    org_words = surface.split(' ').collect();
                    (org_words.as_slice(), surface)
                } else {
                    (
                        &words[..org_end - a],
                        &text[self.toks[a].range.start..surface_end],
                    )
                };
                if let Some(p) = self.people.mention(org_tokens, surface, lex, true) {
                    self.mentions.push(Mention {
                        range: surface_start..surface_end,
                        what: What::Org(p),
                        in_quote: false,
                        resolved: Some(p),
                    });
                }
                if org_end == b {
                    continue;
                }
                a = org_end;
            }
            // "la ministra della Salute Anna Moretti": after a role noun and
            // its preposition, the first word of a three-word run closes the
            // complement when a known first name follows (`mayor of New York
            // City` stays whole).
            if b - a == 3
                && crate::names::english_given_name(&text[self.toks[a + 1].range.clone()]).is_some()
                && a >= 2
                && lexicon::shared().is_preposition(&text[self.toks[a - 1].range.clone()])
                && lex.is_role(&text[self.toks[a - 2].range.clone()])
                && text.get(self.toks[a - 2].range.end..self.toks[a].range.start)
                    == Some(&format!(" {} ", &text[self.toks[a - 1].range.clone()]))
            {
                a += 1;
            }
            run_words.clear();
            run_words.extend((a..b).map(|k| &text[self.toks[k].range.clone()]));
            let words = &mut run_words;
            // `ist Miriam Hartmann Baudezernentin`: where every noun is
            // capitalized (the languages whose nouns compound), a role
            // closing a run after two name words is a predicate, not part
            // of the name (`Martin Luther King` keeps its last word).
            let mut b = b;
            if lex.compound_roles && b - a >= 3 && {
                let w = words[b - a - 1];
                (lex.is_role(w)
                    || lex.is_title(w)
                    || lex.compound_roles_in(w).any(|r| r.end == w.len()))
                    && !w.ends_with('.')
                    // `Mary Ann Judge`: after a given name, the surname.
                    && !is_given(words[b - a - 2])
                    && !words[..b - a - 1]
                        .iter()
                        .any(|x| lex.is_title(x) || lex.is_role(x) || lex.is_title_with_dot(x))
            } {
                b -= 1;
                words.pop();
            }
            // Titles and roles before the name, roles in an oblique case
            // too (`с Президентом Кубы`: the role hit took the ending).
            let mut name_from = a;
            let mut oblique_role = false;
            for k in a..b {
                let w = words[k - a];
                // `Richard M. Nixon`: one capital and its dot between a given
                // name and another name word is a middle initial, though
                // `M.` is also a title (`M. Dupont`).
                let middle_initial = k > a
                    && k + 1 < b
                    && w.ends_with('.')
                    && one_capital(&w[..w.len() - 1])
                    && is_given(words[k - 1 - a]);
                let listed = !middle_initial
                    && (lex.is_title(w) || lex.is_role(w) || lex.is_title_with_dot(w));
                let inflected = !listed && lex.inflected_roles && {
                    let r = &self.toks[k].range;
                    let hi = self.hits.partition_point(|h| h.range.start < r.start);
                    self.hits
                        .get(hi)
                        .is_some_and(|h| h.range == *r && h.cue == Cue::Role)
                };
                if listed || inflected {
                    oblique_role = inflected;
                    // `Carol Bishop`, `Frank Judge`: a title word closing a
                    // run after a given name is the surname.
                    if k + 1 == b
                        && k > name_from
                        && !w.ends_with('.')
                        && w.chars().count() > 2
                        && is_given(words[k - 1 - a])
                    {
                        break;
                    }
                    name_from = k + 1;
                    // "President of Russia Vladimir Putin", "Minister van
                    // Financiën Eelco Heinen": skip the complement.
                    if k + 3 < b
                        && lexicon::shared().is_preposition(&text[self.toks[k + 1].range.clone()])
                    {
                        name_from = k + 3;
                    }
                }
            }
            // "President of Russia" alone: a title, not a name; a particle
            // that also starts surnames (`von Bülow`) stays.
            while name_from < b && {
                let w = &text[self.toks[name_from].range.clone()];
                lexicon::shared().is_preposition(w) && !matches!(w, "von" | "da" | "di")
            } {
                name_from += 2;
            }
            // A role's complement in the genitive (`Президентом Кубы
            // Мигелем …`, `Президент России`) is no part of the name.
            if name_from > a
                && lex.inflected_roles
                && name_from < b
                && (lex.ends_like_complement(&text[self.toks[name_from].range.clone()])
                    || name_from + 1 == b && self.lone_role_complement(name_from))
            {
                name_from += 1;
            }
            // `Председатель Национального банка Вероника Ларионова`, `Министр
            // экономики Глеб Шестаков`: the role's complement runs on in
            // lower case (no punctuation) up to the name, the next run.
            let complement_to = runs.get(ri + 1).copied().filter(|&(c, d)| {
                name_from > a
                    && b - name_from.min(b) <= 1
                    && lex.writes_patronymics()
                    && c > b
                    && c - b <= 3
                    && (2..=3).contains(&(d - c))
                    && sl(text, self.toks[b - 1].range.end, self.toks[c].range.start)
                        .chars()
                        .all(|ch| is_alpha(ch) || ch == ' ' || ch == '-')
                    // Conjunctions and prepositions are short (`Министр
                    // Лавров и Глеб Шестаков`); complements are not.
                    && sl(text, self.toks[b - 1].range.end, self.toks[c].range.start)
                        .split_whitespace()
                        .all(|w| w.chars().count() >= 3)
                    && !lex.is_not_name(&text[self.toks[c].range.clone()])
                    && {
                        // `Министр Лавров заявил журналистам …`: a verb
                        // between them ends the role.
                        let gap = self.toks[b - 1].range.end..self.toks[c].range.start;
                        let hi = self.hits.partition_point(|h| h.range.start < gap.start);
                        self.hits.get(hi).is_none_or(|h| h.range.start >= gap.end)
                    }
            });
            if let Some((c, _)) = complement_to {
                pending_role = Some((c, self.toks[a].range.start..self.toks[c - 1].range.end));
                continue;
            }
            if name_from >= b {
                if b - a == 1 && !determiner_before {
                    singles.push((a, true));
                }
                continue;
            }
            // In languages that write patronymics, the name after a role is
            // first name, patronymic, surname; words before it are the role's
            // complement (`Глава Центробанка Эльвира Набиуллина`).
            if name_from > a
                && b - name_from >= 3
                && lex.writes_patronymics()
                && !text[self.toks[name_from].range.clone()].ends_with('.')
            {
                let patronymic = (name_from + 1..b - 1)
                    .find(|&k| lex.is_patronymic(&text[self.toks[k].range.clone()]));
                match patronymic {
                    // `Председатель Правительства Михаил Владимирович Мишустин`.
                    Some(k) => name_from = k - 1,
                    None if b - name_from == 3 => name_from += 1,
                    // `Председатель Банка России Эльвира Набиуллина`.
                    None if b - name_from == 4 => name_from += 2,
                    None => {}
                }
            }
            // A title the lexicon lacks, or a complement glued before the
            // name (`Chair Jerome Powell`, `Apple CEO Tim Cook`, `президента
            // России Дмитрий Песков`): the name starts at its given name.
            if b - name_from >= 3 {
                let word = |k: usize| &text[self.toks[k].range.clone()];
                // A given name in an oblique case counts (`Banku Pekao Anny
                // Kowalczyk`).
                let oblique_given = |w: &str| {
                    lex.given_name_nominative(w)
                        .is_some_and(|n| names::is_given_name(&n))
                };
                if let Some(k) =
                    (name_from + 1..b - 1).find(|&k| is_given(word(k)) || oblique_given(word(k)))
                    && !is_given(word(k - 1))
                    && !word(k - 1).ends_with('.')
                {
                    name_from = k;
                }
            }
            // Flattened text glues headings to names (`Встреча В
            // Санкт-Петербурге Владимир Путин встретился`): of a long run,
            // the last two words are the name.
            if b - name_from > 4 {
                name_from = b - 2;
            }
            name_buf.clear();
            name_buf.extend((name_from..b).map(|k| &text[self.toks[k].range.clone()]));
            let name_words = &name_buf[..];
            // After a role in an oblique case, words with no given name nor
            // patronymic and naming no one known are the role's complement
            // (`Президента Республики Беларусь`), not a name.
            if oblique_role
                && name_words.len() >= 2
                && !name_words
                    .iter()
                    .any(|w| given_any(w) || lex.is_patronymic(w))
                && !self.names_someone_known(name_words)
            {
                continue;
            }
            // Only function words after a title (`P.M. EDT`), or after an
            // initial (a questioner's `Q. How quickly…`): no name.
            let initial = |w: &&str| w.len() == 2 && w.ends_with('.');
            if name_words
                .iter()
                .filter(|w| !initial(w))
                .all(|w| lex.is_not_name(w))
                && !name_words.iter().all(initial)
            {
                continue;
            }
            let titled = name_from > a;
            // Four capitalized words in flattened text are two names
            // (`Алексеем Репиком Владимир Соколов провёл`).
            if name_words.len() == 4
                && name_words
                    .iter()
                    .all(|w| !w.ends_with('.') && w.chars().next().is_some_and(is_upper))
            {
                for half in [name_from..name_from + 2, name_from + 2..b] {
                    let words: Vec<&str> = half
                        .clone()
                        .map(|k| &text[self.toks[k].range.clone()])
                        .collect();
                    let surface =
                        &text[self.toks[half.start].range.start..self.toks[half.end - 1].range.end];
                    if let Some(p) = self.people.mention(&words, surface, lex, false) {
                        self.mentions.push(Mention {
                            range: self.toks[half.start].range.start
                                ..self.toks[half.end - 1].range.end,
                            what: What::Person(p),
                            in_quote: false,
                            resolved: Some(p),
                        });
                    }
                }
                continue;
            }
            if name_words.len() == 2 && !titled && lex.is_quantifier(&lowercase(name_words[0])) {
                // `One American put it this way:`: someone unnamed.
                self.mentions.push(Mention::unnamed(
                    self.toks[name_from].range.start..self.toks[b - 1].range.end,
                    What::Anonymous,
                ));
                continue;
            }
            if name_words.len() >= 2
                && name_words.len() <= 4
                && !self.slogan_at(self.toks[name_from].range.start..self.toks[b - 1].range.end)
            {
                let surface = &text[self.toks[name_from].range.start..self.toks[b - 1].range.end];
                if let Some(p) = self.people.mention(name_words, surface, lex, false) {
                    let mut start = self.toks[a].range.start;
                    if titled {
                        let role =
                            &text[self.toks[a].range.start..self.toks[name_from - 1].range.end];
                        self.people.add_role(p, role);
                        role_spans
                            .push(self.toks[a].range.start..self.toks[name_from - 1].range.end);
                    } else if let Some(role) = role_before.clone().filter(|_| name_from == a) {
                        self.people.add_role(p, &text[role.clone()]);
                        start = role.start;
                        role_spans.push(role);
                    }
                    self.mentions.push(Mention {
                        range: start..self.toks[b - 1].range.end,
                        what: What::Person(p),
                        in_quote: false,
                        resolved: Some(p),
                    });
                }
            } else if name_words.len() == 1 {
                if titled && self.complement_before_name(b) {
                    // `Речник Повітряних сил Юрій Ігнат`: the capitalized
                    // word opens the role's complement; the name follows.
                    continue;
                }
                // `с Президентом Парагвая`: a lone word after a role in an
                // oblique case is its complement unless it names someone
                // already known (`с Президентом Ортисом`).
                if titled && oblique_role && !self.names_someone_known(name_words) {
                    continue;
                }
                if titled {
                    let surface = &text[self.toks[a].range.start..self.toks[b - 1].range.end];
                    let role = &text[self.toks[a].range.start..self.toks[name_from - 1].range.end];
                    // `Mayor Adeyemi` after `Mayor Sam Adeyemi` and `Dr.
                    // Ruth Adeyemi`: the namesake with that title.
                    if let Some(p) = self
                        .people
                        .titled_namesake(name_words, surface, role, lex)
                        .or_else(|| self.people.mention(name_words, surface, lex, false))
                    {
                        self.people.add_role(p, role);
                        role_spans
                            .push(self.toks[a].range.start..self.toks[name_from - 1].range.end);
                        self.mentions.push(Mention {
                            range: self.toks[a].range.start..self.toks[b - 1].range.end,
                            what: What::Person(p),
                            in_quote: false,
                            resolved: Some(p),
                        });
                    }
                } else if !determiner_before {
                    singles.push((name_from, false));
                } else if a > 0 && {
                    // `secondo quanto riferito da Santoro`: the preposition
                    // closes an `according to` phrase, so a known surname
                    // after it is the source, not a place.
                    let prev_end = self.toks[a - 1].range.end;
                    let hi = self.hits.partition_point(|h| h.range.end < prev_end);
                    self.hits
                        .get(hi)
                        .is_some_and(|h| h.range.end == prev_end && matches!(h.cue, Cue::According))
                } {
                    singles.push((name_from, true));
                }
            }
        }
        // Single capitalized words: a known surname, or the subject of a
        // speech verb right next to it.
        // Sentence-initial words repeat: each word's key is computed once.
        let mut keys: foldhash::HashMap<&str, String> = foldhash::HashMap::default();
        let mut lower_words = None;
        for (a, title) in singles {
            let w = &text[self.toks[a].range.clone()];
            let r = self.toks[a].range.clone();
            // `— заявил президент России`: the role's complement, no name.
            if a > 0
                && text.get(self.toks[a - 1].range.end..r.start) == Some(" ")
                && lex.is_role(&text[self.toks[a - 1].range.clone()])
                && self.lone_role_complement(a)
            {
                continue;
            }
            let shape_ok = w.chars().count() > 2
                && !w.chars().all(is_upper)
                && !lex.not_name_endings.iter().any(|e| w.ends_with(e.as_str()));
            let comma_after = sl(text, r.end, text.len()).starts_with(',');
            let hi = self.hits.partition_point(|h| h.range.start < r.end);
            // A plural verb's subject is a group or a body (`Эксперты
            // считают`), not a person.
            let verb_after = self.hits.get(hi).is_some_and(|h| {
                matches!(h.cue, Cue::Verb { plural: false, .. })
                    && sl(text, r.end, h.range.start)
                        .split_whitespace()
                        .all(|g| lexicon::shared().skips_before_verb(g))
                    && h.range.start - r.end <= 30
            });
            let verb_before = hi
                .checked_sub(1)
                .and_then(|k| self.hits.get(k))
                .is_some_and(|h| {
                    matches!(h.cue, Cue::Verb { .. })
                        && h.range.end + 3 >= r.start
                        && sl(text, h.range.end, r.start).trim().is_empty()
                        && sl(text, 0, h.range.start)
                            .trim_end()
                            .ends_with([',', '»', '"', '”', '—', '–'])
                });
            // The key (the costly part) only when the shape does not decide.
            let mut known = || {
                let k = keys
                    .entry(w)
                    .or_insert_with(|| crate::people::key(&[w], lex));
                self.people
                    .find(k)
                    .or_else(|| self.people.oblique_of(&[w], lex))
                    .is_some_and(|p| !self.people.list[p].organization)
            };
            if title && !known() {
                continue;
            }
            // "il ministro Bellini", "minister Nowak": a lowercase role noun
            // right before makes a surname of a capitalized word.
            let role_before = a > 0
                && !self.toks[a - 1].cap
                && text.get(self.toks[a - 1].range.end..r.start) == Some(" ")
                && lex.is_role(&text[self.toks[a - 1].range.clone()])
                && !self.complement_before_name(a + 1);
            // A word before a comma is no subject (`Finally, …`), but an
            // inverted one may end its clause (`", said Madonna, her voice
            // breaking`).
            let shape_ok = shape_ok && (!comma_after || verb_before);
            if shape_ok && (verb_after || verb_before) {
                // `Residents said`: a common noun at the start of a
                // sentence, not a name.
                if !known() && self.generic_noun(w, &mut lower_words) {
                    self.mentions.push(Mention::unnamed(r, What::Group));
                    continue;
                }
            } else if !(shape_ok && role_before || known()) {
                continue;
            }
            // `Ein Kollege sagte`: a capitalized noun after an indefinite
            // article or a numeral is someone unnamed (German capitalizes
            // every noun).
            if a > 0 && text.get(self.toks[a - 1].range.end..r.start) == Some(" ") && {
                let prev = lowercase(&text[self.toks[a - 1].range.clone()]);
                lex.is_indefinite(&prev) || lex.is_quantifier(&prev)
            } {
                self.mentions.push(Mention::unnamed(r, What::Anonymous));
                continue;
            }
            if let Some(p) = self.people.mention(&[w], w, lex, false) {
                self.mentions.push(Mention {
                    range: r,
                    what: What::Person(p),
                    in_quote: false,
                    resolved: Some(p),
                });
            }
        }
        // Pronouns, role nouns, first person. Role spans come from disjoint
        // runs in text order: the one that may contain a hit is the last
        // that starts before it.
        debug_assert!(role_spans.windows(2).all(|w| w[0].end <= w[1].start));
        for h in &self.hits {
            let what = match h.cue {
                Cue::Pronoun => What::Pronoun,
                Cue::PluralPronoun => What::Plural,
                Cue::Role
                    if self.after_indefinite(h.range.start)
                        || lex.is_anonymous_role(&text[h.range.clone()]) =>
                {
                    What::Anonymous
                }
                Cue::Role => What::Role,
                Cue::FirstPerson => What::First,
                _ => continue,
            };
            if what == What::Role
                && role_spans
                    .partition_point(|r| r.start <= h.range.start)
                    .checked_sub(1)
                    .is_some_and(|k| h.range.end <= role_spans[k].end)
            {
                continue;
            }
            self.mentions.push(Mention {
                range: h.range.clone(),
                what,
                in_quote: false,
                resolved: None,
            });
        }
        self.mentions.sort_by_key(|m| m.range.start);
        // A role noun right before a name, or in an appositive, is that
        // person's role.
        let mut bindings: Vec<(usize, String)> = Vec::new();
        for (mi, m) in self.mentions.iter().enumerate() {
            if m.what != What::Role {
                continue;
            }
            // Bodies inside a role's complement (`de la Commission
            // européenne`) are skipped to reach the name.
            let next = self.mentions[mi + 1..]
                .iter()
                .take(3)
                .find(|x| !matches!(x.what, What::Org(_)));
            let prev = mi.checked_sub(1).and_then(|k| self.mentions.get(k));
            let role_text = |end: usize| {
                sl(text, m.range.start, end)
                    .trim_end_matches([',', ' '])
                    .to_string()
            };
            if let Some(n) = next
                && let What::Person(p) = n.what
            {
                let gap = text.get(m.range.end..n.range.start).unwrap_or("?");
                if gap.len() <= 3 && gap.trim_matches([',', ' ']).is_empty()
                    || self.genitive_complement(gap)
                {
                    // "government spokesman Anna Berg", "Son porte-parole, Anna Berg,".
                    let mut start = m.range.start;
                    let ti = self.toks.partition_point(|t| t.range.end < m.range.start);
                    if let Some(t) = ti
                        .checked_sub(1)
                        .and_then(|k| self.toks.get(k))
                        .filter(|t| t.range.end + 2 > m.range.start)
                        && t.cap
                        && !lex.is_not_name(&text[t.range.clone()])
                    {
                        start = t.range.start;
                    }
                    // The genitive complement is part of the role.
                    let end = if self.genitive_complement(gap) {
                        m.range.end + gap.trim_end().len()
                    } else {
                        m.range.end
                    };
                    bindings.push((p, sl(text, start, end).to_string()));
                    continue;
                }
                // "La ministre de la Santé, Claire Dubois, a annoncé", "the
                // minister of health, Claire Dubois, said": a complement
                // opened by a preposition, then the name between commas.
                let complement = gap.trim_end().strip_suffix(',').unwrap_or("").trim();
                // One adjective may come first (`ministre française de`), or
                // be the whole complement (`El presidente regional, Javier Ruiz,`).
                let mut words = complement.split([' ', '\'', '’']);
                let opens_with_preposition = match (words.next(), words.next()) {
                    (Some(w), _) if lexicon::shared().is_preposition(w) => true,
                    (Some(adjective), next) => {
                        adjective.chars().next().is_some_and(is_lower)
                            && next.is_none_or(|w| lexicon::shared().is_preposition(w))
                    }
                    _ => false,
                };
                let appositive = sl(text, n.range.end, text.len())
                    .trim_start()
                    .starts_with(',');
                if opens_with_preposition
                    && appositive
                    && complement.len() <= 60
                    && !complement.contains([',', '.', ';', ':', '«', '»', '"', '“', '”'])
                {
                    let end = m.range.end + gap.find(',').unwrap_or(0);
                    bindings.push((p, sl(text, m.range.start, end).trim_end().to_string()));
                    continue;
                }
                // "la ministra della Salute Anna Moretti": a short
                // complement opened by a preposition, the name right after.
                let bare = gap.trim();
                // `die Vorsitzende der Partei Anna Weber`: German opens the
                // complement with a genitive article, a body connector.
                if gap.starts_with(' ')
                    && gap.ends_with(' ')
                    && bare.split([' ', '\'', '’']).next().is_some_and(|w| {
                        lexicon::shared().is_preposition(w)
                            || lexicon::shared().is_body_connector(w)
                    })
                    && (2..=4).contains(
                        &bare
                            .split([' ', '\'', '’'])
                            .filter(|w| !w.is_empty())
                            .count(),
                    )
                    && !bare.contains([',', '.', ';', ':', '«', '»', '"', '“', '”', '(', ')'])
                {
                    bindings.push((
                        p,
                        sl(text, m.range.start, m.range.end + gap.trim_end().len()).to_string(),
                    ));
                    continue;
                }
            }
            if let Some(pm) = prev
                && let What::Person(p) = pm.what
            {
                let gap = text.get(pm.range.end..m.range.start).unwrap_or("");
                let gap_t = gap.trim();
                let det_ok = gap_t.starts_with(',')
                    && gap_t[1..].split_whitespace().count() <= 3
                    && !gap_t[1..].contains(',');
                if det_ok {
                    // "Anna Berg, the press secretary of the Russian leader,".
                    let tail_end = floor_boundary(
                        text,
                        sl(text, m.range.end, text.len())
                            .find([',', '.', ';'])
                            .map_or(m.range.end, |k| (m.range.end + k).min(m.range.end + 60)),
                    );
                    bindings.push((p, role_text(tail_end)));
                }
            }
        }
        for (p, role) in bindings {
            self.people.add_role(p, &role);
        }
        for mi in 0..self.mentions.len() {
            let pos = self.mentions[mi].range.start;
            self.mentions[mi].in_quote = self.in_quote(pos);
        }
    }

    /// The person who answers in a question-and-answer interview: the most
    /// mentioned; between equals, one named as the subject of a sentence
    /// (the standfirst's `Marta Ruiz has spent…`, not the byline's
    /// `Interview by …` nor the title of her book), else the first named.
    fn interviewee(&self) -> Option<usize> {
        let eligible = |p: &crate::people::Person| !p.organization && !p.name.is_empty();
        let top = self
            .people
            .list
            .iter()
            .filter(|p| eligible(p))
            .map(|p| p.mentions)
            .max()?;
        let mut candidates = (0..self.people.list.len())
            .filter(|&i| eligible(&self.people.list[i]) && self.people.list[i].mentions == top);
        let first = candidates.clone().next();
        candidates
            .find(|&i| {
                self.mentions.iter().any(|m| {
                    m.what == What::Person(i)
                        && self.sentences.binary_search(&m.range.start).is_ok()
                })
            })
            .or(first)
    }

    /// The one person named in full whose initials `label` is (`SK` or
    /// `S.K.` after `Sarah Klein:`), as transcripts shorten labels after
    /// the first turns.
    fn person_with_initials(&self, label: &str) -> Option<usize> {
        let letters: String = label.chars().filter(|c| *c != '.').collect();
        let n = letters.chars().count();
        if !(2..=3).contains(&n) || !letters.chars().all(is_upper) {
            return None;
        }
        let mut found = self.people.list.iter().enumerate().filter(|(_, p)| {
            let initials: String = p
                .name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .filter(|c| is_upper(*c))
                .collect();
            !p.organization && p.name.contains(' ') && initials == letters
        });
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// The person a role label (`THE VICE PRESIDENT:`) stands for when no
    /// one holds its role: the one person named in the sentence of the
    /// paragraph before the label that hands over to the role (`I'd like
    /// to ask Mike Pence to come up—Vice President.`).
    fn handed_over(&self, label: &Label, role: &str) -> Option<usize> {
        let text = self.text;
        let para = self
            .body
            .partition_point(|r| r.end <= label.whole.start)
            .checked_sub(1)?;
        let r = self.body.get(para)?.clone();
        let lower = text[r.clone()].lower();
        // The lower-cased text keeps the byte offsets of ASCII roles only.
        if !role.is_ascii() || lower.len() != r.len() {
            return None;
        }
        let at = lower.match_indices(role).find_map(|(at, _)| {
            let bounded =
                !lower[..at].ends_with(is_alpha) && !lower[at + role.len()..].starts_with(is_alpha);
            bounded.then_some(at)
        })?;
        let sentence = self.sentence(r.start + at);
        let first = self
            .mentions
            .partition_point(|m| m.range.start < sentence.start);
        let mut found = None;
        for m in self.mentions[first..]
            .iter()
            .take_while(|m| m.range.start < sentence.end)
        {
            let What::Person(p) = m.what else {
                continue;
            };
            if self.people.list[p].organization {
                continue;
            }
            match found {
                Some(f) if f != p => return None,
                _ => found = Some(p),
            }
        }
        found
    }

    /// The person who names themself early in a role label's turn (`Good
    /// evening. I am Pauline Frederick.`), or in the unlabelled opening of
    /// the document, in a sentence with the role (`I am Pauline Frederick
    /// of NPR, moderator of the second debate`).
    fn introduced_self(&self, label: &Label, role: &str) -> Option<usize> {
        let text = self.text;
        let para = self.para_of(label.body)?;
        let end = floor_boundary(text, self.body[para].end.min(label.body + 300));
        if let Some(p) = self.self_named(label.body..end, None) {
            return Some(p);
        }
        let opening = self
            .turns
            .first()
            .map_or(label.whole.start, |t| t.region.start);
        self.body
            .iter()
            .take(5)
            .take_while(|r| r.end <= opening)
            .find_map(|r| self.self_named(r.clone(), Some(role)))
    }

    /// The person named after a self-introduction (`I am`) in `range`; with
    /// `role`, only in a sentence that holds the role too.
    fn self_named(&self, range: Range<usize>, role: Option<&str>) -> Option<usize> {
        let text = self.text;
        let head = &text[range.clone()];
        self.lex.self_introductions.iter().find_map(|phrase| {
            let at = head
                .match_indices(phrase.as_str())
                .map(|(at, _)| at)
                .find(|&at| at == 0 || head[..at].ends_with(' '))?;
            let name = range.start + at + phrase.len() + 1;
            let m = self
                .mentions
                .get(self.mentions.partition_point(|m| m.range.start < name))?;
            let What::Person(p) = m.what else {
                return None;
            };
            if m.range.start != name || self.people.list[p].organization {
                return None;
            }
            let holds = |role: &str| {
                let sentence = self.sentence(name);
                text[sentence].lower().contains(role)
            };
            role.is_none_or(holds).then_some(p)
        })
    }

    /// Registers a label as a person; returns the speaker.
    fn label_speaker(&mut self, label: &Label) -> Spk {
        let text = self.text;
        let raw = &text[label.name.clone()];
        match label.kind {
            LabelKind::Unnamed => return Spk::Unnamed,
            // "A:" is the interviewee: the most mentioned person.
            LabelKind::Answer => {
                return self.interviewee().map_or(Spk::Unnamed, Spk::Person);
            }
            LabelKind::Named => {}
        }
        // A publication (`«Коммерсантъ»:`, `Le Monde :`) is a body, its
        // article part of its name.
        if label.outlet {
            let words: Vec<&str> = raw.split_whitespace().collect();
            return self
                .people
                .mention(&words, raw, self.lex, true)
                .map_or(Spk::Unnamed, Spk::Person);
        }
        if let Some(p) = self.person_with_initials(raw) {
            return Spk::Person(p);
        }
        let all_caps = raw.chars().filter(|c| is_alpha(*c)).all(is_upper)
            && raw.chars().filter(|c| is_alpha(*c)).count() > 1;
        // A capital after an initial's dot or a hyphen starts a word too
        // (`М.ОРЛОВА`, `РИМСКИЙ-КОРСАКОВ`).
        let recase = |word: &str| -> String {
            let mut prev_letter = false;
            word.chars()
                .flat_map(|c| {
                    let upper = !prev_letter;
                    prev_letter = c.is_alphabetic();
                    let (mut u, mut l) = (c.to_uppercase(), c.to_lowercase());
                    std::iter::from_fn(move || if upper { u.next() } else { l.next() })
                })
                .collect()
        };
        let owned: String;
        let name = if all_caps {
            owned = recase(raw);
            owned.as_str()
        } else if caps_word(raw) {
            // A surname in capitals after a title in prose case (`Ms.
            // OCHOA-REYES`): each word in capitals in prose case.
            owned = raw
                .split(' ')
                .map(|w| {
                    if caps_word(w) {
                        recase(w)
                    } else {
                        w.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            owned.as_str()
        } else {
            raw
        };
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut from = 0;
        for (k, w) in words.iter().enumerate() {
            if self.lex.is_title(w)
                || self.lex.is_role(w)
                || self.lex.is_title_with_dot(w)
                || (*w == "The" && k == 0)
            {
                from = k + 1;
                // `The Secretary of Transportation`: the complement is part
                // of the title, even at the end of the label.
                if k + 2 < words.len() && lexicon::shared().is_title_connector(words[k + 1]) {
                    from = k + 3;
                }
            }
        }
        // "В.Соколов" is an initial and a surname.
        let split: Vec<String>;
        let mut name_words: Vec<&str> = words[from.min(words.len())..].to_vec();
        if let Some((ini, rest)) = name_words.first().and_then(|w| w.split_once('.'))
            && ini.chars().count() == 1
            && !rest.is_empty()
        {
            split = std::iter::once(format!("{ini}."))
                .chain(std::iter::once(rest.to_string()))
                .chain(name_words[1..].iter().map(|w| w.to_string()))
                .collect();
            name_words = split.iter().map(String::as_str).collect();
        }
        if name_words.is_empty() {
            // `MS. BISHOP.` for Ellen Bishop: a surname that is also a title.
            if let Some(surname) = turns::vocative(name, self.all)
                && self
                    .people
                    .find(&crate::people::key(&[surname], self.lex))
                    .is_some()
                && let Some(p) = self.people.mention(&[surname], raw, self.lex, false)
            {
                return Spk::Person(p);
            }
            // A role label (`THE PRESIDENT`): the person holding that role.
            let role = name.lower();
            let role = lexicon::shared().without_determiner(&role).to_string();
            if let Some((_, p)) = self.header_roles.iter().find(|(r, _)| *r == role) {
                return Spk::Person(*p);
            }
            if let Some(p) = self.people.by_role(&role, self.lex) {
                return Spk::Person(p);
            }
            let words: Vec<&str> = name.split_whitespace().collect();
            let title = words
                .iter()
                .skip_while(|w| lexicon::shared().is_determiner(&w.lower()))
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            // A role nobody in the text holds (`The CHAIRWOMAN.`) is still
            // a person, named by the role; holding it, that person answers
            // the role's later labels.
            let p = match self
                .handed_over(label, &role)
                .or_else(|| self.introduced_self(label, &role))
            {
                Some(p) => p,
                None => {
                    let Some(p) = self.people.mention(&words, name, self.lex, true) else {
                        return Spk::Unnamed;
                    };
                    self.people.list[p].organization = false;
                    p
                }
            };
            self.people.add_role(p, &title);
            return Spk::Person(p);
        }
        // `MAYOR ADEYEMI:` when the text names a mayor and a doctor Adeyemi.
        let titles = words[..from].join(" ");
        if from > 0
            && let Some(p) = self
                .people
                .titled_namesake(&name_words, raw, &titles, self.lex)
        {
            self.people.add_role(p, &titles);
            return Spk::Person(p);
        }
        match self.people.mention(&name_words, raw, self.lex, false) {
            Some(p) => {
                self.people.label_nominative(p, &name_words, self.lex);
                if from > 0 {
                    self.people.add_role(p, &words[..from].join(" "));
                }
                Spk::Person(p)
            }
            None => Spk::Unnamed,
        }
    }

    /// Finds labels and dash turns; decides the form.
    pub(crate) fn find_turns(&mut self) {
        let text = self.text;
        // "President: Lyndon B. Johnson" headers bind a role to a name.
        let headers: Vec<Range<usize>> = self.body.iter().take(3).cloned().collect();
        for h in &headers {
            let t = &text[h.clone()];
            // A role of several titles (`Vice President: Name`) too.
            if let Some((role, name)) = t.split_once(": ")
                && !role.trim().is_empty()
                && role.split_whitespace().all(|w| self.lex.is_title(w))
                && name.split_whitespace().count() <= 4
            {
                let words: Vec<&str> = name.split_whitespace().collect();
                if let Some(p) = self.people.mention(&words, name, self.lex, false) {
                    self.people.add_role(p, role.trim());
                    self.header_roles.push((role.trim().lower(), p));
                }
            }
        }
        let mut labels: Vec<Label> = Vec::new();
        let mut dash_paras = 0usize;
        let mut quote_paras = 0usize;
        let mut prose_labels: Vec<Label> = Vec::new();
        let body = self.body.clone();
        for r in &body {
            if let Some(l) = turns::label_at(text, r, self.all, self.lex) {
                // A header (`President: Lyndon B. Johnson`) is not a turn.
                let header = headers.contains(r)
                    && l.body < r.end
                    && sl(text, l.body, r.end).split_whitespace().count() <= 4
                    && !sl(text, l.body, r.end).ends_with(['.', '!', '?']);
                if !header {
                    labels.push(l);
                }
            } else {
                let s = &text[r.clone()];
                if turns::dash_marker(s).is_some() {
                    dash_paras += 1;
                } else if turns::quote_marker(s) {
                    quote_paras += 1;
                } else if let Some(l) = turns::prose_period_label(r, s, self.all, self.lex) {
                    prose_labels.push(l);
                } else if let Some(l) = turns::statement_heading(r, s, self.lex) {
                    labels.push(l);
                }
            }
            for l in turns::inline_labels(text, r, self.all, self.lex) {
                if labels.last().is_none_or(|p| p.whole.start != l.whole.start) {
                    labels.push(l);
                }
            }
        }
        // `The President.` in prose case reads like a short sentence: it is
        // a label when it opens two paragraphs or more.
        let mut seen: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
        for l in &prose_labels {
            *seen.entry(&text[l.name.clone()]).or_default() += 1;
        }
        // A surname in capitals after a title (`Ms. OCHOA-REYES.`, `The
        // CHAIRWOMAN.`, the congressional record's style) is a label once
        // the layout has labels: no sentence opens that way.
        let recurring = prose_labels
            .iter()
            .filter(|l| seen.get(&text[l.name.clone()]).is_some_and(|&n| n >= 2))
            .count();
        let established = labels.len() + recurring >= 2;
        labels.extend(
            prose_labels
                .iter()
                .filter(|l| {
                    let name = &text[l.name.clone()];
                    // Once labels are established, a title and a name
                    // (`Mme Claire Dauphin.`, a member speaking once) is
                    // one too: no sentence opens that way.
                    seen.get(name).is_some_and(|&n| n >= 2)
                        || (established
                            && (caps_word(name)
                                || name.split(' ').nth(1).is_some()
                                    && name.split(' ').next().is_some_and(|w| {
                                        self.lex.is_title(w) || self.lex.is_title_with_dot(w)
                                    })))
                })
                .cloned(),
        );
        labels.sort_by_key(|l| l.whole.start);
        labels.dedup_by_key(|l| l.whole.start);
        labels.retain(|l| {
            turns::vocative(&text[l.name.clone()], self.all).is_none_or(|w| {
                self.people
                    .find(&crate::people::key(&[w], self.lex))
                    .is_some()
            })
        });
        self.unbind_named_principals(&labels);
        let distinct: foldhash::HashSet<String> = labels
            .iter()
            .map(|l| text[l.name.clone()].lower())
            .collect();
        let labelled = labels.len() >= 2 && (distinct.len() >= 2 || labels.len() >= 4)
            || (labels.len() == 1 && self.lone_speech_label(&labels[0]));
        let region_end = body.last().map_or(0, |r| r.end);
        // A labelled first exchange, then bare paragraphs: questions (ending
        // with `?`) and answers alternate without any marker.
        let bare_after_labels = labelled && labels.len() <= 3 && distinct.len() >= 2 && {
            let last = labels.last().map_or(0, |l| l.whole.start);
            let rest: Vec<&str> = body
                .iter()
                .filter(|r| r.start > last)
                .map(|r| &text[r.clone()])
                .collect();
            let first_asks = labels.first().is_some_and(|l| {
                let para = body.partition_point(|r| r.end <= l.body);
                body.get(para)
                    .is_some_and(|r| asks_question(&text[r.clone()]))
            });
            first_asks
                && rest.len() >= 3
                && rest.iter().filter(|s| asks_question(s)).count() >= 2
                && rest.first().is_some_and(|s| asks_question(s))
        };
        if labelled
            && (bare_after_labels || (dash_paras >= 4 && dash_paras + quote_paras > labels.len()))
        {
            self.form = DocumentForm::Interview;
            self.dash_interview(&labels, region_end, bare_after_labels);
        } else if labelled {
            // Only the answers labelled, all with one name (`**Name:**`),
            // each after a bare question: the questions are turns too.
            let questions =
                if distinct.len() == 1 && labels.iter().all(|l| l.kind == LabelKind::Named) {
                    self.questions_before(&labels)
                } else {
                    Vec::new()
                };
            let asked = questions.iter().filter(|q| q.is_some()).count();
            let questions = if asked >= 2 && asked * 3 >= labels.len() * 2 {
                questions
            } else {
                Vec::new()
            };
            let qa = labels
                .iter()
                .any(|l| l.kind == LabelKind::Answer || self.interviewer_label(l))
                || !questions.is_empty();
            self.label_turns(&labels, region_end, &questions);
            let intro_end = labels.first().map_or(0, |l| l.whole.start);
            self.form = if qa || self.two_sided_interview(intro_end) {
                DocumentForm::Interview
            } else {
                DocumentForm::Transcript
            };
            // An outlet asking under its bare name (`Stadtkurier:`) is a
            // body, as one in quotation marks or with its article is.
            if self.form == DocumentForm::Interview {
                let intro = sl(text, 0, floor_boundary(text, intro_end));
                for i in 0..self.turns.len() {
                    if let Spk::Person(p) = self.turns[i].speaker
                        && !self.people.list[p].organization
                        && self.outlet_in_intro(p, intro)
                    {
                        self.people.list[p].organization = true;
                    }
                }
            }
        } else if dash_paras >= 4 && dash_paras * 10 >= body.len() * 3 {
            self.form = DocumentForm::Interview;
            self.dash_interview(&[], region_end, false);
        } else if labels.is_empty() && dash_paras == 0 && self.unmarked_interview() {
            self.form = DocumentForm::Interview;
            self.dash_interview(&[], region_end, true);
        }
    }

    /// Drops the role a header bound (`President: Jimmy Carter`) from a
    /// person who speaks under a name label (`MR. CARTER.`): a person has
    /// one label, so a role label (`THE PRESIDENT.`) is someone else, the
    /// one holding the role when the text was spoken (a debate filed
    /// under the later president).
    fn unbind_named_principals(&mut self, labels: &[Label]) {
        let text = self.text;
        let lex = self.lex;
        // `Mrs. Reagan.` is not `Ronald Reagan`: an honorific of the other
        // gender names someone else.
        let named = |surname: &str, gender: Option<Gender>| {
            labels.iter().any(|l| {
                let words: Vec<&str> = text[l.name.clone()].split_whitespace().collect();
                let other =
                    |w: &&str| gender.is_some_and(|g| names::gender_of(w).is_some_and(|h| h != g));
                words
                    .last()
                    .is_some_and(|w| w.eq_ignore_ascii_case(surname))
                    && !words.first().is_some_and(other)
                    && words.iter().any(|w| {
                        !(lex.is_title(w)
                            || lex.is_title_with_dot(w)
                            || lex.is_role(w)
                            || lexicon::shared().is_determiner(&w.lower()))
                    })
            })
        };
        let dropped: Vec<(String, usize)> = self
            .header_roles
            .iter()
            .filter(|(_, p)| {
                let person = &self.people.list[*p];
                person
                    .name
                    .split_whitespace()
                    .next_back()
                    .is_some_and(|surname| named(surname, person.gender))
            })
            .cloned()
            .collect();
        for (role, p) in dropped {
            self.people.drop_role(p, &role);
            self.header_roles.retain(|(_, h)| *h != p);
        }
    }

    /// True when labelled turns are an interview: exactly two sides, one
    /// asking (most of its turns hold a question, few of the other's end
    /// with one) and the other answering, the asking side being someone
    /// the text before the first label names (the byline's journalist, the
    /// outlet) or an unnamed questioner (`Q:`) of an intro that announces
    /// an interview. A press conference (many speakers, or questions from
    /// the floor with no such intro) stays a transcript.
    fn two_sided_interview(&self, intro_end: usize) -> bool {
        let text = self.text;
        // The two sides and their turn counts; a third speaker: no interview.
        let mut sides: [(Option<Spk>, usize); 2] = [(None, 0); 2];
        for t in &self.turns {
            let Some(side) = sides
                .iter_mut()
                .find(|(s, _)| s.is_none_or(|s| s == t.speaker))
            else {
                return false;
            };
            side.0 = Some(t.speaker);
            side.1 += 1;
        }
        let [(Some(a), na), (Some(b), nb)] = sides else {
            return false;
        };
        if na < 2 || nb < 2 {
            return false;
        }
        // Turns of a side holding a question, and ending with one.
        let count = |spk: Spk| {
            self.turns
                .iter()
                .filter(|t| t.speaker == spk)
                .map(|t| sl(text, t.body.start, t.body.end))
                .fold((0, 0), |(holds, ends), body| {
                    (
                        holds + usize::from(body.contains('?')),
                        ends + usize::from(asks_question(body)),
                    )
                })
        };
        let ((qa, ea), (qb, eb)) = (count(a), count(b));
        let (asker, answerer) = if qa * 2 >= na && eb * 3 < nb {
            (a, b)
        } else if qb * 2 >= nb && ea * 3 < na {
            (b, a)
        } else {
            return false;
        };
        // Questions are shorter than answers.
        let words = |spk: Spk| {
            self.turns
                .iter()
                .filter(|t| t.speaker == spk)
                .map(|t| self.word_count(t.body.clone()))
                .sum::<usize>()
        };
        if words(asker) * 2 > words(answerer) {
            return false;
        }
        // The intro is a title, a standfirst and credits, not a speech.
        let intro = sl(text, 0, floor_boundary(text, intro_end));
        if self.words_upto(0..intro.len(), 151) > 150 {
            return false;
        }
        // Asked only when a credit line does not decide (a substring
        // search per cue).
        let announced = || self.announces_interview(intro);
        let (asking, _) = count(asker);
        if asking < 2 {
            return false;
        }
        match asker {
            // The principal a header names (`President: Name`) is asked,
            // never the interviewer.
            Spk::Person(p) if self.header_roles.iter().any(|(_, h)| *h == p) => false,
            Spk::Person(p) => {
                let person = &self.people.list[p];
                // Full names only: a lone surname is too common a word.
                let names = || {
                    std::iter::once(&person.name)
                        .chain(&person.aliases)
                        .filter(|n| n.contains(' '))
                };
                // An outlet asks (`SPIEGEL:`); a journalist is credited in a
                // short line (`By Laura Chen`, `Interview by …`) or named in
                // an intro that announces an interview.
                person.organization
                    || intro
                        .split('\n')
                        .filter(|line| line.split_whitespace().count() <= 8)
                        .any(|line| names().any(|n| line.contains(n.as_str())))
                    || names().any(|n| intro.contains(n.as_str())) && announced()
                    // The outlet the intro says the interviewee spoke to
                    // (`im Gespräch mit dem Stadtkurier`).
                    || self.outlet_in_intro(p, intro)
            }
            Spk::Unnamed => announced(),
        }
    }

    /// True when `intro` names the speaker `p` right after an outlet cue
    /// (`im Gespräch mit dem Stadtkurier`): the outlet asking the questions.
    fn outlet_in_intro(&self, p: usize, intro: &str) -> bool {
        let person = &self.people.list[p];
        std::iter::once(&person.name)
            .chain(&person.aliases)
            .any(|n| {
                self.lex.outlet_cues.iter().any(|cue| {
                    intro.match_indices(cue.as_str()).any(|(at, _)| {
                        intro[at + cue.len()..]
                            .strip_prefix(' ')
                            .is_some_and(|rest| rest.starts_with(n.as_str()))
                    })
                })
            })
    }

    /// True when the body is an interview without any marker: an intro
    /// that says so (`interview_words`, or an interview credit of the
    /// lexicon), then at least two short questions, each followed by an
    /// answer.
    fn unmarked_interview(&self) -> bool {
        let text = self.text;
        let asks =
            |r: &Range<usize>| asks_question(&text[r.clone()]) && self.word_count(r.clone()) <= 60;
        let Some(first) = self.body.iter().position(asks) else {
            return false;
        };
        let questions = self.body.iter().filter(|r| asks(r)).count();
        let answered = self
            .body
            .windows(2)
            .filter(|w| asks(&w[0]) && !asks_question(&text[w[1].clone()]))
            .count();
        if questions < 2 || answered + 1 < questions {
            return false;
        }
        // Unannounced, the questions must make the layout: three or more,
        // short, each answered, and a third of the paragraphs from the
        // first one on (an article's rhetorical questions are fewer).
        let short = |r: &Range<usize>| self.words_upto(r.clone(), 31) <= 30;
        if questions >= 3
            && answered >= questions - 1
            && questions * 3 >= self.body.len() - first
            && self.body[first..].iter().filter(|r| asks(r)).all(short)
        {
            return true;
        }
        let intro_end = floor_boundary(text, self.body[first].start.min(2000));
        self.announces_interview(&text[..intro_end])
    }

    /// True when `intro` announces an interview: an interview word or an
    /// interview credit of the lexicon, in any case.
    fn announces_interview(&self, intro: &str) -> bool {
        let intro = intro.lower();
        self.lex
            .interview_words
            .iter()
            .chain(&self.lex.interviewer_cues)
            .chain(&self.lex.interviewee_cues)
            .any(|w| intro.contains(&w.lower()))
    }

    /// True when the only label of the document opens a speech
    /// (`GOVERNOR MARCHETTI: Thank you.` under `Remarks by Governor Elaine
    /// Marchetti at …`): a named label among the first body paragraphs,
    /// whose surname the headline or a paragraph before it names, with
    /// at least three paragraphs after it.
    fn lone_speech_label(&self, l: &Label) -> bool {
        let text = self.text;
        if l.kind != LabelKind::Named {
            return false;
        }
        let at = self.body.partition_point(|r| r.end <= l.whole.start);
        if at > 4 || self.body.len() < at + 4 {
            return false;
        }
        let Some(surname) = text[l.name.clone()].split(' ').next_back() else {
            return false;
        };
        if surname.chars().filter(|c| is_alpha(*c)).count() < 2 {
            return false;
        }
        let surname = surname.lower();
        let before = sl(text, 0, l.whole.start).lower();
        before.split(|c: char| !is_alpha(c)).any(|w| w == surname)
    }

    /// For each label, the bare paragraph right before it when that
    /// paragraph asks a question and is not inside the previous label's
    /// own paragraph.
    fn questions_before(&self, labels: &[Label]) -> Vec<Option<Range<usize>>> {
        let text = self.text;
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let k = self.body.partition_point(|r| r.end <= l.whole.start);
                let r = k.checked_sub(1).and_then(|k| self.body.get(k))?;
                let after_previous = i
                    .checked_sub(1)
                    .and_then(|j| labels.get(j))
                    .is_none_or(|p| r.start > p.whole.start);
                (after_previous && asks_question(&text[r.clone()])).then(|| r.clone())
            })
            .collect()
    }

    /// True when the label's word names the asking side of an interview
    /// (`Interviewer:`): the lexicons' `interview_words` inside it.
    fn interviewer_label(&self, l: &Label) -> bool {
        l.kind == LabelKind::Unnamed && {
            let name = self.text[l.name.clone()].lower();
            self.lex
                .interview_words
                .iter()
                .any(|w| !w.contains(' ') && name.contains(w.as_str()))
        }
    }

    fn label_turns(
        &mut self,
        labels: &[Label],
        region_end: usize,
        questions: &[Option<Range<usize>>],
    ) {
        let text = self.text;
        // Questions and answers only (`Q:`, `A:`): magazines label the
        // first answers at most, so a question ends with its paragraph and
        // the unlabelled paragraphs after it are the answer. (Questions
        // alone may be the only labels found of a transcript.)
        let questions_only = labels.iter().all(|l| l.kind != LabelKind::Named)
            && labels.iter().any(|l| l.kind == LabelKind::Answer);
        for (i, l) in labels.iter().enumerate() {
            if let Some(Some(q)) = questions.get(i) {
                let (speaker, label) = match self.interview_credits().0 {
                    Some(p) => (Spk::Person(p), self.people.list[p].name.clone()),
                    None => (Spk::Unnamed, String::new()),
                };
                self.turns.push(Turn {
                    region: q.clone(),
                    body: q.clone(),
                    speaker,
                    label,
                    cue: None,
                });
            }
            let next = labels
                .get(i + 1)
                .map_or(region_end, |n| match questions.get(i + 1) {
                    Some(Some(q)) if q.start > l.body => q.start,
                    _ => n.whole.start,
                });
            // The turn ends at the last body paragraph before the next label.
            let mut end = next;
            let pi = self.body.partition_point(|r| r.end <= next);
            if let Some(r) = pi.checked_sub(1).and_then(|k| self.body.get(k))
                && r.end <= next
                && r.end > l.body
            {
                end = end.min(if next == region_end { r.end } else { next });
            }
            end = self.before_furniture(l.body, end);
            let mut answer = None;
            if questions_only && l.kind == LabelKind::Unnamed {
                let para = self.body.partition_point(|r| r.end <= l.body);
                if let (Some(question), Some(after)) =
                    (self.body.get(para), self.body.get(para + 1))
                    && after.start < end
                {
                    answer = Some(after.start..end);
                    end = question.end;
                }
            }
            let s = sl(text, l.body.min(end), end);
            // A label with a time code may leave its text to the next line.
            let lead = s.len() - s.trim_start().len();
            let body = l.body + lead..l.body + s.trim_end().len();
            if body.is_empty() {
                continue;
            }
            let speaker = self.label_speaker(l);
            self.turns.push(Turn {
                region: l.whole.start..body.end,
                body,
                speaker,
                label: text[l.name.clone()].to_string(),
                cue: Some(l.whole.clone()),
            });
            if let Some(range) = answer {
                let body =
                    range.start..range.start + sl(text, range.start, range.end).trim_end().len();
                let (speaker, label) = match self.interviewee() {
                    Some(p) => (Spk::Person(p), self.people.list[p].name.clone()),
                    None => (Spk::Unnamed, String::new()),
                };
                self.turns.push(Turn {
                    region: body.clone(),
                    body,
                    speaker,
                    label,
                    cue: None,
                });
            }
        }
    }

    /// Where a turn running from `from` to `end` really ends: before its
    /// trailing paragraphs that no speaker says, stage directions in
    /// brackets (`[Laughter.]`, `(APPLAUSE)`) and headings in capitals
    /// without a sentence end (`STATEMENT OF NAME, TITLE`, `END 11:31 A.M.
    /// EDT`).
    fn before_furniture(&self, from: usize, end: usize) -> usize {
        let text = self.text;
        let original = end;
        let mut end = end;
        let mut k = self.body.partition_point(|r| r.end <= end);
        // Paragraphs left out of the body (boilerplate) end no turn.
        if let Some(r) = k.checked_sub(1).and_then(|i| self.body.get(i))
            && r.end > from
        {
            end = r.end;
        }
        while let Some(r) = k.checked_sub(1).and_then(|i| self.body.get(i)) {
            if r.start <= from || r.end > end {
                break;
            }
            let s = &text[r.clone()];
            let bracketed = (s.starts_with('[') && s.ends_with(']'))
                || (s.starts_with('(') && s.ends_with(')'));
            let heading = || {
                !s.ends_with(['.', '!', '?', ':', ';', ',', '"', '”'])
                    && s.chars().any(is_alpha)
                    && !s.chars().any(is_lower)
                    && self.words_upto(r.clone(), 31) <= 30
            };
            if !(bracketed || heading()) {
                break;
            }
            end = r.start;
            k -= 1;
        }
        if end == original {
            return end;
        }
        // The end of the paragraph before the furniture.
        let before = self.body.partition_point(|r| r.end <= end);
        match before.checked_sub(1).and_then(|i| self.body.get(i)) {
            Some(r) if r.end > from => r.end,
            _ => end,
        }
    }

    /// Interview turns: labels first, then dashes, quotation marks or bare
    /// paragraphs alternating between the two sides.
    /// `bare` says that unmarked paragraphs alternate too (a labelled first
    /// exchange, then none).
    fn dash_interview(&mut self, labels: &[Label], region_end: usize, bare: bool) {
        let text = self.text;
        let start = labels.first().map_or_else(
            || {
                self.body
                    .iter()
                    .find(|r| {
                        let s = &text[(*r).clone()];
                        turns::dash_marker(s).is_some() || (bare && asks_question(s))
                    })
                    .map_or(region_end, |r| r.start)
            },
            |l| l.whole.start,
        );
        let paras: Vec<Range<usize>> = self
            .body
            .iter()
            .filter(|r| r.start >= start)
            .cloned()
            .collect();
        let by_start: foldhash::HashMap<usize, &Label> =
            labels.iter().map(|l| (l.whole.start, l)).collect();
        let marked = paras.iter().filter(|r| {
            let s = &text[(*r).clone()];
            turns::dash_marker(s).is_some()
                || turns::quote_marker(s)
                || by_start.contains_key(&r.start)
        });
        let positional = bare || marked.count() * 4 >= paras.len() * 3;
        // The two sides: from labels (the first asks), else unnamed
        // interviewer and the most mentioned person.
        let mut sides: Vec<(Spk, String)> = Vec::new();
        for l in labels {
            let spk = self.label_speaker(l);
            let name = text[l.name.clone()].to_string();
            if !sides.iter().any(|(s, _)| *s == spk) {
                sides.push((spk, name));
            }
        }
        // Without labels, the introduction or the closing credit names the
        // two sides (`Propos recueillis par X`, `Y a répondu aux questions
        // de X`, `Entretien avec Y`).
        let (interviewer, interviewee, credits) = self.interview_credits();
        let (interviewer, interviewee) = match interviewer {
            Some(p) => (Some(p), interviewee),
            None => match self.outlet_interviewer(start) {
                Some((p, guest)) => (Some(p), interviewee.or(guest)),
                None => (None, interviewee),
            },
        };
        if sides.is_empty() {
            sides.push(interviewer.map_or((Spk::Unnamed, String::new()), |p| {
                (Spk::Person(p), self.people.list[p].name.clone())
            }));
        }
        if sides.len() < 2 {
            let guest = interviewee
                .or_else(|| self.people.most_salient_but(interviewer))
                .map_or(Spk::Unnamed, Spk::Person);
            let name = match guest {
                Spk::Person(p) => self.people.list[p].name.clone(),
                Spk::Unnamed => String::new(),
            };
            sides.push((guest, name));
        }
        // Who opens: the interviewer, unless the questions (turns ending
        // with `?`) fall mostly on the other turns of the alternation.
        let asks = asks_question;
        let mut questions = [0usize; 2];
        if labels.is_empty() {
            for (i, r) in paras
                .iter()
                .filter(|r| turns::dash_marker(&text[(*r).clone()]).is_some())
                .enumerate()
            {
                questions[i % 2] += usize::from(asks(&text[r.clone()]));
            }
        }
        let opener = usize::from(questions[1] > questions[0]);
        let mut current: Option<usize> = None;
        let mut turns: Vec<Turn> = Vec::new();
        for r in paras {
            if credits.contains(&r.start) {
                continue;
            }
            let s = &text[r.clone()];
            let label = by_start.get(&r.start).copied();
            let (side, body_start, cue) = if let Some(l) = label {
                let spk = self.label_speaker(l);
                let side = sides.iter().position(|(s, _)| *s == spk).unwrap_or(0);
                (side, l.body, Some(l.whole.clone()))
            } else if let Some(m) = turns::dash_marker(s) {
                (
                    current.map_or(opener, |c| 1 - c.min(1)),
                    r.start + m,
                    Some(r.start..r.start + m),
                )
            } else if turns::quote_marker(s)
                // A bare paragraph is a turn when it asks or answers a
                // question; otherwise it goes on with the turn before it.
                || (positional
                    && (asks(s)
                        || turns
                            .last()
                            .is_none_or(|t| asks(sl(text, t.body.start, t.body.end)))))
            {
                let skip = if turns::quote_marker(s) {
                    s.chars().next().map_or(0, char::len_utf8)
                } else {
                    // A question set as a markdown heading (`### What …?`):
                    // the marks are no part of it.
                    let marks = s.trim_start_matches('#');
                    if marks.len() < s.len() && marks.starts_with(' ') {
                        s.len() - marks.trim_start().len()
                    } else {
                        0
                    }
                };
                (current.map_or(0, |c| 1 - c.min(1)), r.start + skip, None)
            } else {
                // A continuation paragraph of the current turn.
                if let Some(t) = turns.last_mut() {
                    t.body.end = r.end;
                    t.region.end = r.end;
                }
                continue;
            };
            if body_start >= r.end {
                continue;
            }
            current = Some(side);
            let (speaker, name) = sides
                .get(side)
                .cloned()
                .unwrap_or((Spk::Unnamed, String::new()));
            turns.push(Turn {
                region: r.start..r.end,
                body: body_start..r.end,
                speaker,
                label: name,
                cue,
            });
        }
        self.turns = turns;
    }

    /// The outlet that asks an interview's questions, named by its intro
    /// (before `end`) after one of the lexicon's `outlet_cues`, in
    /// quotation marks or as capitalized words (`рассказал «Известиям»`,
    /// `в интервью РБК`), registered as a body under the form written.
    fn outlet_interviewer(&mut self, end: usize) -> Option<(usize, Option<usize>)> {
        let text = self.text;
        let intro = sl(text, 0, end);
        let mut found: Option<&str> = None;
        'cues: for cue in &self.lex.outlet_cues {
            for (at, _) in intro.match_indices(cue.as_str()) {
                let after = &intro[at + cue.len()..];
                let Some(rest) = after.strip_prefix(' ') else {
                    continue;
                };
                // `рассказал корреспонденту «Вестника» Ивану Петрову`,
                // `рассказал Ивану Петрову`: a person named after the cue,
                // past a lowercase noun or two and the outlet, asks; the
                // person named before the cue in its sentence answers.
                let mut skip = 0;
                for w in rest.split(' ').take(2) {
                    if w.chars().next().is_some_and(is_lower) && w.chars().all(is_alpha) {
                        skip += w.len() + 1;
                    } else {
                        break;
                    }
                }
                let mut from = &rest[skip..];
                if let Some(quoted) = from.strip_prefix(['«', '“', '"', '„'])
                    && let Some(k) = quoted.find(['»', '”', '"', '“']).filter(|&k| k <= 60)
                {
                    let close = quoted[k..].chars().next().map_or(1, char::len_utf8);
                    from = &quoted[k + close..];
                }
                let pos = end.min(intro.len() - from.len());
                if let Some((p, _)) = self.person_at(pos)
                    && !self.people.list[p].organization
                {
                    let guest = self.last_named_in_sentence(at, Some(p), false);
                    return Some((p, guest));
                }
                let name = if let Some(quoted) = rest.strip_prefix(['«', '“', '"', '„']) {
                    quoted
                        .find(['»', '”', '"', '“'])
                        .map(|k| &quoted[..k])
                        .filter(|n| n.len() <= 60)
                } else {
                    // Capitalized words (`РБК`, `The Guardian`), up to the
                    // first lowercase word or punctuation.
                    let n = rest
                        .split(' ')
                        .take(3)
                        .take_while(|w| {
                            w.chars().next().is_some_and(char::is_uppercase)
                                && !self.lex.is_not_name(w)
                        })
                        .map(|w| w.trim_end_matches([',', '.', ';', ':']).len() + 1)
                        .sum::<usize>();
                    (n > 0).then(|| rest[..n - 1].trim_end_matches([',', '.', ';', ':']))
                };
                if let Some(name) = name.filter(|n| {
                    n.chars().next().is_some_and(char::is_uppercase) && !n.contains('\n')
                }) {
                    found = Some(name);
                    break 'cues;
                }
            }
        }
        let name = found?;
        let tokens: Vec<&str> = name.split(' ').collect();
        self.people
            .mention(&tokens, name, self.lex, true)
            .map(|p| (p, None))
    }

    /// The last person mentioned in the sentence of `pos` before it, other
    /// than `except`; mentions inside quotations count when `quoted`.
    fn last_named_in_sentence(
        &self,
        pos: usize,
        except: Option<usize>,
        quoted: bool,
    ) -> Option<usize> {
        let sent = self.sentence(pos);
        let i = self
            .mentions
            .partition_point(|m| m.range.start < sent.start);
        self.mentions[i..]
            .iter()
            .take_while(|m| m.range.end <= pos)
            .filter_map(|m| match m.what {
                What::Person(q) if Some(q) != except && (quoted || !m.in_quote) => Some(q),
                _ => None,
            })
            .last()
    }

    /// The interviewer and the interviewee named by the credits of an
    /// interview (`interviewer_cues`, `interviewee_cues` of the lexicon),
    /// and the starts of the credit paragraphs that are not dash turns:
    /// `Propos recueillis par X` names the interviewer, `Y a répondu aux
    /// questions de X` both (the person before the cue in its sentence is
    /// the interviewee), `Entretien avec Y` the interviewee.
    fn interview_credits(&self) -> (Option<usize>, Option<usize>, Vec<usize>) {
        let text = self.text;
        let (mut interviewer, mut interviewee) = (None, None);
        let mut credits = Vec::new();
        for r in &self.body {
            let s = &text[r.clone()];
            if turns::dash_marker(s).is_some() {
                continue;
            }
            for (cues, names_interviewer) in [
                (&self.lex.interviewer_cues, true),
                (&self.lex.interviewee_cues, false),
            ] {
                for cue in cues {
                    let Some(at) = s.find(cue.as_str()) else {
                        continue;
                    };
                    let cue_start = r.start + at;
                    let after = self.person_at(cue_start + cue.len()).map(|(p, _)| p);
                    if names_interviewer {
                        // `Y a répondu aux questions du Monde`: the
                        // interviewee even when no person follows.
                        let before = self.last_named_in_sentence(cue_start, after, true);
                        if after.is_none() && before.is_none() {
                            continue;
                        }
                        interviewer = interviewer.or(after);
                        interviewee = interviewee.or(before);
                    } else if after.is_some() {
                        interviewee = interviewee.or(after);
                    } else {
                        continue;
                    }
                    // A short paragraph that is only the credit is no turn.
                    if self.words_upto(r.clone(), 16) <= 15 {
                        credits.push(r.start);
                    }
                }
            }
        }
        (interviewer, interviewee, credits)
    }

    fn turn_at(&self, pos: usize) -> Option<&Turn> {
        let i = self.turns.partition_point(|t| t.region.start <= pos);
        i.checked_sub(1)
            .map(|k| &self.turns[k])
            .filter(|t| pos < t.region.end)
    }

    /// Resolves pronouns and role nouns through the discourse state.
    pub(crate) fn resolve(&mut self) {
        let mut last: Option<usize> = None;
        // The latest person who may be a woman, and a man: a pronoun that
        // tells its gender refers to the latest that fits.
        let mut last_as: [Option<usize>; 2] = [None, None];
        let genders: Vec<Option<Gender>> = (0..self.people.list.len())
            .map(|p| self.gender_of(p))
            .collect();
        let salient = self.people.most_salient();
        let roles_lower: Vec<Vec<String>> = self
            .people
            .list
            .iter()
            .map(|p| p.roles.iter().map(|r| r.lower()).collect())
            .collect();
        let mut role_cache: foldhash::HashMap<(String, Option<usize>), Option<usize>> =
            foldhash::HashMap::default();
        // Role nouns introduced as someone unnamed (`a spokesperson`): the
        // same noun later (`the spokesperson`) is that unnamed person when
        // no named person holds the role.
        let mut anonymous: Vec<String> = Vec::new();
        // The people do not change while resolving: a role noun's own answer
        // is kept too (many role phrases share their noun).
        let mut noun_cache: foldhash::HashMap<(String, Option<usize>), Option<usize>> =
            foldhash::HashMap::default();
        for mi in 0..self.mentions.len() {
            let m = self.mentions[mi].clone();
            let resolved = match m.what {
                What::Person(p) => Some(p),
                What::Org(p) => Some(p),
                What::Pronoun => match self.lex.word_gender(&self.text[m.range.clone()]) {
                    Some(Gender::Feminine) => last_as[0].or(last),
                    Some(Gender::Masculine) => last_as[1].or(last),
                    None => last,
                },
                What::Plural | What::Group => None,
                What::First => match self.turn_at(m.range.start).map(|t| t.speaker) {
                    Some(Spk::Person(p)) => Some(p),
                    _ => None,
                },
                What::Role => {
                    let np = self.role_phrase(&m.range).lower();
                    let noun = self.text[m.range.clone()].lower();
                    let exclude = match self.turn_at(m.range.start).map(|t| t.speaker) {
                        Some(Spk::Person(p)) => Some(p),
                        _ => None,
                    };
                    // The most mentioned person, not the current turn's
                    // speaker, some of whose roles pass `holds`.
                    let holder = |holds: &dyn Fn(&[String]) -> bool| {
                        self.people
                            .list
                            .iter()
                            .enumerate()
                            .filter(|(i, p)| {
                                Some(*i) != exclude && !p.organization && holds(&roles_lower[*i])
                            })
                            .max_by_key(|(_, p)| p.mentions)
                            .map(|(i, _)| i)
                    };
                    let by = |q: &str| {
                        // One searcher for every role of every person.
                        let finder = memchr::memmem::Finder::new(q);
                        holder(&|roles| roles.iter().any(|r| finder.find(r.as_bytes()).is_some()))
                    };
                    // `президент России` after `Президент Казахстана Name`:
                    // a role with its genitive complement is the holder of
                    // that very role, else someone the text does not name,
                    // never a holder of the same noun for another country.
                    if let Some(complement) = self.role_complement_after(mi) {
                        let complement = complement.lower();
                        // The noun and its complement may have been bound
                        // apart (`президент`, `України`).
                        let holder = holder(&|roles| {
                            roles.iter().any(|r| r.contains(complement.as_str()))
                                && roles.iter().any(|r| {
                                    r.split(' ').any(|w| {
                                        noun.starts_with(w) || w.starts_with(noun.as_str())
                                    })
                                })
                        });
                        if holder.is_none() {
                            self.mentions[mi].what = What::Anonymous;
                            self.mentions[mi].resolved = None;
                            continue;
                        }
                        holder
                    } else {
                        let key = (np.clone(), exclude);
                        let found = match role_cache.get(&key) {
                            Some(v) => *v,
                            None => {
                                let v = by(&np).or_else(|| {
                                    *noun_cache
                                        .entry((noun.clone(), exclude))
                                        .or_insert_with_key(|(noun, _)| {
                                            // A role noun in an oblique case
                                            // (`Według ministra`) is the
                                            // holder of the listed noun.
                                            by(noun).or_else(|| {
                                                self.lex
                                                    .inflected_roles
                                                    .then(|| self.lex.role_stem(noun))
                                                    .flatten()
                                                    .and_then(by)
                                            })
                                        })
                                });
                                role_cache.insert(key, v);
                                v
                            }
                        };
                        if found.is_none() && anonymous.contains(&noun) {
                            self.mentions[mi].what = What::Anonymous;
                            self.mentions[mi].resolved = None;
                            continue;
                        }
                        let someone = found
                            .or(if exclude.is_some() { None } else { last })
                            .or(salient);
                        // No one named yet (`Как сказал министр, …` before
                        // any name): someone the text does not name.
                        if someone.is_none() {
                            self.mentions[mi].what = What::Anonymous;
                            continue;
                        }
                        someone
                    }
                }
                What::Anonymous => {
                    let noun = self.text[m.range.clone()].lower();
                    if !anonymous.contains(&noun) {
                        anonymous.push(noun);
                    }
                    None
                }
            };
            self.mentions[mi].resolved = resolved;
            if !m.in_quote
                && let Some(p) = resolved
                && !self.people.list[p].organization
                && m.what != What::First
            {
                last = Some(p);
                let g = genders.get(p).copied().flatten();
                if g != Some(Gender::Masculine) {
                    last_as[0] = Some(p);
                }
                if g != Some(Gender::Feminine) {
                    last_as[1] = Some(p);
                }
            }
        }
    }

    /// The capitalized word right after role mention `mi` that ends like
    /// the role's genitive complement (`России` in `президент России`), in
    /// the languages that put complements there; not a name read there
    /// (`министр Оспанова`).
    fn role_complement_after(&self, mi: usize) -> Option<&'a str> {
        if !self.lex.inflected_roles {
            return None;
        }
        let end = self.mentions[mi].range.end;
        if self
            .mentions
            .get(mi + 1)
            .is_some_and(|n| n.range.start == end + 1 && matches!(n.what, What::Person(_)))
        {
            return None;
        }
        let rest = sl(self.text, end, self.text.len()).strip_prefix(' ')?;
        let word = &rest[..rest
            .find(|c: char| !is_alpha(c) && c != '-')
            .unwrap_or(rest.len())];
        (word.starts_with(|c: char| is_upper(c))
            && (self.lex.ends_like_complement(word)
                || self.lex.ends_like_masculine_complement(word)))
        .then_some(word)
    }

    /// The role noun with its modifiers (`French president`).
    fn role_phrase(&self, range: &Range<usize>) -> String {
        let text = self.text;
        let before = sl(text, 0, range.start);
        let prev_word = before.trim_end().rsplit(' ').next().unwrap_or("");
        if !prev_word.is_empty()
            && prev_word.chars().next().is_some_and(is_alpha)
            && !lexicon::shared().is_determiner(prev_word)
            && before.ends_with(' ')
        {
            let start = range.start - 1 - prev_word.len();
            if text.is_char_boundary(start) {
                return sl(text, start, range.end).to_string();
            }
        }
        text[range.clone()].to_string()
    }

    fn mention_idx_starting(&self, from: usize, to: usize) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.range.start < from);
        (i..self.mentions.len())
            .take_while(|&k| self.mentions[k].range.start <= to)
            .find(|&k| !self.mentions[k].in_quote)
    }

    /// The speaker a mention stands for.
    fn speaker_of(&self, mi: usize) -> Option<(Spk, String)> {
        let m = &self.mentions[mi];
        let label = self.text[m.range.clone()].to_string();
        match m.what {
            What::Plural => None,
            What::Anonymous => match self.represented_body(mi) {
                Some(k) => self.speaker_of(k),
                None => Some((Spk::Unnamed, label)),
            },
            What::Group => Some((Spk::Unnamed, label)),
            _ => m.resolved.map(|p| (Spk::Person(p), label)),
        }
    }

    /// The body that unnamed role mention `mi` speaks for: a body named
    /// right after a representative noun (`a spokeswoman for the Harbor
    /// Workers Association`), across a preposition and a determiner.
    fn represented_body(&self, mi: usize) -> Option<usize> {
        let m = &self.mentions[mi];
        let next = self.mentions.get(mi + 1)?;
        if !matches!(next.what, What::Org(_)) || next.in_quote != m.in_quote {
            return None;
        }
        let gap = sl(self.text, m.range.end, next.range.start);
        let ok = gap.len() <= 24
            && gap.starts_with(' ')
            && gap.ends_with([' ', '\'', '’'])
            && (1..=3).contains(&gap.split_whitespace().count())
            && gap
                .split_whitespace()
                .all(|w| w.chars().all(|c| is_lower(c) || c == '\'' || c == '’'));
        (ok && self
            .lex
            .is_representative_role(&lowercase(&self.text[m.range.clone()])))
        .then_some(mi + 1)
    }

    /// Whether the role noun at `pos` follows an indefinite article, with at
    /// most two modifiers between (`a senior Zentra official`).
    fn after_indefinite(&self, pos: usize) -> bool {
        let before = sl(
            self.text,
            floor_boundary(self.text, pos.saturating_sub(60)),
            pos,
        );
        for word in before.split_whitespace().rev().take(3) {
            if self.lex.is_indefinite(word) {
                return true;
            }
            if word.ends_with([',', '.', ';', ':', '"', '”', '»'])
                || lexicon::shared().is_determiner(word)
            {
                return false;
            }
        }
        false
    }

    /// The subject noun phrase ending just before `end` (after `floor`).
    fn subject_before(&self, floor: usize, end: usize) -> Option<(Spk, String, usize)> {
        let text = self.text;
        let mut e = end;
        // Skip auxiliaries and adverbs, and parenthetical adverbials with
        // their commas (`Она в свою очередь заявила`, `Он, при этом,
        // отметил`).
        for _ in 0..4 {
            let w = sl(text, floor, e).trim_end();
            let last = w.rsplit([' ', '\u{a0}']).next().unwrap_or("");
            if !last.is_empty() && lexicon::shared().skips_before_verb(last) && w.len() > last.len()
            {
                e = floor + w.len() - last.len();
                continue;
            }
            let bare = w.strip_suffix(',').unwrap_or(w);
            let n = self.lex.parenthetical_suffix(bare);
            if n == 0 {
                break;
            }
            let head = bare[..bare.len() - n].trim_end();
            e = floor + head.strip_suffix(',').unwrap_or(head).len();
        }
        let w = sl(text, floor, e).trim_end();
        let w_end = floor + w.len();
        if w.is_empty() {
            return None;
        }
        let (np_end, appositive_from) = if let Some(inner) = w.strip_suffix(',') {
            // Appositive: NAME, the press secretary …, said
            match rfind_break(inner, &[',']) {
                Some(c) => (floor + c, Some(floor + c + 1)),
                None => (w_end - 1, None),
            }
        } else {
            (w_end, None)
        };
        if let Some(ap) = appositive_from {
            // A name opening the commas is the subject itself (`The
            // spokesman, Anna Berg, said`); a name further in is part of a
            // clause about the subject (`Berg, speaking in New York, said`,
            // `The union, which backed Berg, warned`).
            let i = self.mentions.partition_point(|m| m.range.start < ap);
            if let Some(k) = (i..self.mentions.len())
                .take_while(|&k| self.mentions[k].range.end <= w_end)
                .find(|&k| {
                    matches!(self.mentions[k].what, What::Person(_) | What::Org(_))
                        && !self.mentions[k].in_quote
                })
                .filter(|&k| {
                    let lead = sl(text, ap, self.mentions[k].range.start).trim();
                    lead.is_empty()
                        || lexicon::shared().is_determiner(lead)
                        // `One protester, a teacher named Carol Bishop, said`.
                        || lead.split_whitespace().count() <= 6
                            && lead
                                .rsplit(' ')
                                .next()
                                .is_some_and(|w| self.lex.is_naming_word(w))
                })
            {
                return self
                    .speaker_of(k)
                    .map(|(s, l)| (s, l, self.mentions[k].range.start));
            }
        }
        // The noun phrase: back to the nearest clause boundary.
        let seg = sl(text, floor, np_end);
        let np_start = floor
            + rfind_break(
                seg,
                &[',', ';', ':', '—', '–', '(', '«', '»', '“', '”', '"'],
            )
            .map_or(0, |k| k + seg[k..].chars().next().map_or(1, char::len_utf8));
        // In characters: Cyrillic or Greek take two bytes a letter.
        if np_end - np_start > 110 && sl(text, np_start, np_end).chars().count() > 110 {
            // Too far: only a mention ending right at the verb counts.
            let i = self.mentions.partition_point(|m| m.range.end <= np_end);
            let k = i.checked_sub(1)?;
            let m = &self.mentions[k];
            if m.range.end + 1 >= np_end && !m.in_quote {
                return self.speaker_of(k).map(|(s, l)| (s, l, m.range.start));
            }
            return None;
        }
        let i = self.mentions.partition_point(|m| m.range.start < np_start);
        let cands: Vec<usize> = (i..self.mentions.len())
            .take_while(|&k| self.mentions[k].range.end <= np_end)
            .filter(|&k| !self.mentions[k].in_quote)
            .collect();
        // A name in the phrase wins; otherwise its first role or pronoun.
        let pick = cands
            .iter()
            .copied()
            .find(|&k| matches!(self.mentions[k].what, What::Person(_)))
            .or_else(|| cands.first().copied())?;
        // A body modifying the role noun right after it (`A State
        // Department official said`): the role is the head, the subject.
        let pick = match cands.iter().position(|&k| k == pick) {
            Some(at)
                if matches!(self.mentions[pick].what, What::Org(_))
                    && cands.get(at + 1).is_some_and(|&r| {
                        matches!(self.mentions[r].what, What::Role | What::Anonymous)
                            && sl(
                                text,
                                self.mentions[pick].range.end,
                                self.mentions[r].range.start,
                            )
                            .trim()
                            .is_empty()
                    }) =>
            {
                cands[at + 1]
            }
            _ => pick,
        };
        // The phrase must end at the verb: nothing but modifiers after it.
        let tail = &text[self.mentions[pick].range.end..np_end];
        let tail_limit = if self.mentions[pick].what == What::Role {
            10
        } else {
            6
        };
        if tail.split_whitespace().count() > tail_limit || tail.contains(['.', '!', '?']) {
            return None;
        }
        if matches!(self.mentions[pick].what, What::Pronoun | What::First)
            && !tail.trim().is_empty()
        {
            return None;
        }
        self.speaker_of(pick)
            .map(|(s, l)| (s, l, self.mentions[pick].range.start))
    }

    /// An unnamed group as the subject before a speech verb ending at
    /// `end`, when no mention makes one: a short phrase back to the
    /// clause's start whose head, before any preposition, is a group noun or
    /// the plural of a role noun in lower case (`Two people familiar with
    /// the talks said`, `Election officials said`, `…, officials said`).
    fn group_phrase(&self, floor: usize, end: usize) -> Option<(Spk, String, usize)> {
        let text = self.text;
        let w = sl(text, floor, end).trim_end();
        let from = w
            .rfind([',', ';', ':', '—', '–', '(', '"', '”', '»'])
            .map_or(0, |k| k + w[k..].chars().next().map_or(1, char::len_utf8));
        let phrase = w[from..].trim_start();
        if phrase.is_empty() || phrase.len() > 90 || phrase.contains(['.', '!', '?']) {
            return None;
        }
        let mut words: Vec<&str> = phrase.split_whitespace().collect();
        while words
            .last()
            .is_some_and(|w| lexicon::shared().skips_before_verb(w))
        {
            words.pop();
        }
        if words.len() > 8 {
            return None;
        }
        let preposition = |w: &str| lexicon::shared().is_preposition(w);
        let head = words.iter().take_while(|w| !preposition(w)).position(|w| {
            w.chars().all(is_lower) && {
                self.lex.is_group_noun(w)
                    || self.lex.singular(w).is_some_and(|s| self.lex.is_role(&s))
            }
        })?;
        // The group noun heads the phrase: it ends it, or a complement
        // opened by a preposition follows, at most after one adjective
        // (`people familiar with the talks`); never a clause (`people who
        // were`).
        let tail = &words[head + 1..];
        let tail_ok = tail.is_empty()
            || preposition(tail[0])
            || (tail.len() >= 2
                && preposition(tail[1])
                && tail[0].chars().all(is_lower)
                && !self.lex.is_conjunction(tail[0])
                && !lexicon::shared().not_clause_start(tail[0]));
        let clause_word = |w: &&str| {
            self.lex.clause_pronouns.iter().any(|p| p == w)
                || self.lex.clause_auxiliaries.iter().any(|a| a == w)
                || self.lex.clause_openers.iter().any(|o| o == w)
        };
        // A phrase ends with a noun: `The directors of the said …` uses
        // `said` as an adjective.
        let open_end = words.last().is_some_and(|w| {
            let w = w.lower();
            lexicon::shared().is_determiner(&w) || lexicon::shared().is_preposition(&w)
        });
        let opens_clause = open_end
            || words
                .first()
                .is_some_and(|w| self.lex.is_conjunction(&w.lower()));
        if !tail_ok || opens_clause || words.iter().any(|w| clause_word(&&*w.lower())) {
            return None;
        }
        // Reported speech inside a speaker's turn is left to quotations:
        // the turn's speaker tells what others say.
        if self.turn_at(end).is_some() {
            return None;
        }
        // After a comma, the group closes the sentence (`…, officials said
        // on Thursday.`): before a longer tail, the comma is no clause's.
        if from > 0 {
            let sent = self.sentence(end);
            if self.words_upto(end..sent.end, 7) > 6 {
                return None;
            }
        }
        Some((
            Spk::Unnamed,
            phrase.to_string(),
            floor + (w.len() - phrase.len()),
        ))
    }

    /// True when the capitalized run ending before token `b` is followed by
    /// the rest of a genitive complement and a two-word name (`Повітряних
    /// сил Юрій Ігнат`): only in case languages, where such complements
    /// stand between a role and its holder.
    fn complement_before_name(&self, b: usize) -> bool {
        if !self.lex.inflected_roles {
            return false;
        }
        let text = self.text;
        let spaced = |k: usize| {
            k > 0
                && self.toks.get(k).is_some_and(|t| {
                    text.get(self.toks[k - 1].range.end..t.range.start) == Some(" ")
                })
        };
        let lower = |k: usize| spaced(k) && self.toks.get(k).is_some_and(|t| !t.cap);
        let cap = |k: usize| spaced(k) && self.toks.get(k).is_some_and(|t| t.cap);
        if !lower(b) {
            return false;
        }
        let name = if lower(b + 1) { b + 2 } else { b + 1 };
        cap(name) && cap(name + 1)
    }

    /// True when `gap`, between a role noun and a name, is a complement in
    /// the genitive that case languages put there without a preposition or
    /// commas (`Міністр освіти Олег Коваленко`, `minister klimatu Anna
    /// Nowicka`): one or two lowercase words and nothing else.
    fn genitive_complement(&self, gap: &str) -> bool {
        if !self.lex.inflected_roles || gap.len() > 60 {
            return false;
        }
        let words: Vec<&str> = gap.split_whitespace().collect();
        // The last word is lowercase: a capitalized one would be part of
        // the name; capitalized words before it belong to the complement
        // (`Повітряних сил`).
        !words.is_empty()
            && words.len() <= 3
            && gap.starts_with(' ')
            && gap.ends_with(' ')
            && words
                .last()
                .is_some_and(|w| w.chars().all(|c| is_lower(c) || c == '-'))
            && words
                .iter()
                .all(|w| w.chars().all(|c| is_alpha(c) || c == '-'))
    }

    /// True when mention `j` is a name in apposition to a role ending at
    /// `role_end`: a short complement, a comma, the name, then the end of
    /// the clause.
    fn appositive_name(&self, role_end: usize, j: usize) -> bool {
        let text = self.text;
        let m = &self.mentions[j];
        let gap = sl(text, role_end, m.range.start);
        // A lowercase title may stand between the comma and the name
        // (`…, deputado Ricardo Nunes.`).
        let Some((complement, title)) = gap.rsplit_once(',') else {
            return false;
        };
        gap.len() <= 60
            && title.split_whitespace().count() <= 2
            && title.split_whitespace().all(|w| w.chars().all(is_lower))
            && !complement.contains([',', '.', ';', ':', '«', '»', '"', '“', '”', '„'])
            && sl(text, m.range.end, text.len())
                .chars()
                .next()
                .is_none_or(|c| matches!(c, '.' | ',' | ';' | '!' | '?' | '\n'))
    }

    /// The subject of the sentence starting at `start`, for a second verb
    /// at `verb`: its first name (or else role, body or pronoun) among the
    /// sentence's first words, outside quotations.
    fn sentence_subject(&self, start: usize, verb: usize) -> Option<(Spk, String, usize)> {
        let i = self.mentions.partition_point(|m| m.range.start < start);
        // The subject opens the sentence: its first mention, within a few
        // words of the start, and names in an appositive right after it
        // (`The mayor of Chicago, Brandon Johnson, on Monday vowed …`).
        let first = (i..self.mentions.len())
            .take_while(|&k| self.mentions[k].range.start < verb)
            .find(|&k| !self.mentions[k].in_quote)?;
        if self.words_upto(start..self.mentions[first].range.start, 5) > 4 {
            return None;
        }
        let cands: Vec<usize> = (first..self.mentions.len())
            .take_while(|&k| self.mentions[k].range.start < verb)
            .filter(|&k| !self.mentions[k].in_quote)
            .take_while(|&k| {
                k == first
                    || sl(
                        self.text,
                        self.mentions[first].range.end,
                        self.mentions[k].range.start,
                    )
                    .len()
                        <= 40
            })
            .take(3)
            .collect();
        let pick = cands
            .iter()
            .copied()
            .find(|&k| matches!(self.mentions[k].what, What::Person(_)))
            .or_else(|| {
                cands
                    .iter()
                    .copied()
                    .find(|&k| self.mentions[k].what != What::Plural)
            })?;
        self.speaker_of(pick)
            .map(|(s, l)| (s, l, self.mentions[pick].range.start))
    }

    /// The subject right after an inverted verb (`, a déclaré Berg`).
    fn subject_after(&self, start: usize) -> Option<(Spk, String, usize)> {
        let text = self.text;
        let rest = sl(text, start, text.len());
        let trimmed = rest.trim_start_matches([' ', ',']);
        let mut from = start + (rest.len() - trimmed.len());
        // Skip one determiner.
        let first = trimmed.split([' ', '\'', '’']).next().unwrap_or("");
        if lexicon::shared().is_determiner(first)
            || lexicon::shared().is_determiner(&format!("{first}'"))
        {
            from += first.len() + 1;
        }
        // Up to three lowercase modifiers may precede the subject
        // ("said city councillor Anna Berg", "a déclaré le nouveau ministre").
        let mut reach = from + 2;
        for word in sl(text, from, text.len()).split(' ').take(3) {
            if word.is_empty() || !word.chars().all(|c| is_lower(c) || c == '-') {
                break;
            }
            reach += word.len() + 1;
        }
        let mut k = self.mention_idx_starting(start, reach)?;
        // "said Jackson County Sheriff Anna Berg": a body right before a
        // name is the name's qualifier.
        if matches!(self.mentions[k].what, What::Org(_))
            && let Some(n) = self.mentions.get(k + 1)
            && matches!(n.what, What::Person(_))
            && self
                .text
                .get(self.mentions[k].range.end..n.range.start)
                .is_some_and(|gap| gap.len() <= 1 && gap.trim().is_empty())
        {
            k += 1;
        }
        // "said councillor Anna Berg": the role noun is the name's title.
        if self.mentions[k].what == What::Role
            && let Some(n) = self.mentions.get(k + 1)
            && matches!(n.what, What::Person(_))
            && self
                .text
                .get(self.mentions[k].range.end..n.range.start)
                .is_some_and(|gap| {
                    gap.len() <= 3 && gap.trim_matches([',', ' ']).is_empty()
                        || self.genitive_complement(gap)
                })
        {
            k += 1;
        } else if self.mentions[k].what == What::Role
            && let Some(j) = (k + 1..self.mentions.len().min(k + 5))
                .find(|&j| !matches!(self.mentions[j].what, What::Org(_) | What::Role))
            && matches!(self.mentions[j].what, What::Person(_))
            && (k..j)
                .rev()
                .find(|&r| self.mentions[r].what == What::Role)
                .is_some_and(|r| {
                    // Roles before it in one phrase (`executive director`).
                    (k..r).all(|q| {
                        sl(
                            text,
                            self.mentions[q].range.end,
                            self.mentions[q + 1].range.start,
                        ) == " "
                    }) && self.role_complement_gap(
                        self.mentions[r].range.end,
                        self.mentions[j].range.start,
                    )
                })
        {
            // "sagte die Vorsitzende der Partei Anna Weber", "said the head
            // of the Transit Authority Maria Lopez": a short complement
            // naming a body between the role and the name.
            k = j;
        } else if self.mentions[k].what == What::Role
            && let Some(j) = (k + 1..self.mentions.len().min(k + 4))
                .find(|&j| matches!(self.mentions[j].what, What::Person(_)))
            && self.appositive_name(self.mentions[k].range.end, j)
        {
            // "ha replicato la segretaria del Partito democratico, Laura
            // Bassi.": the name in apposition after the role's complement.
            k = j;
        }
        let m = &self.mentions[k];
        self.speaker_of(k).map(|(s, l)| (s, l, m.range.end))
    }

    /// True when `text[from..to]` is a role's short complement (`der
    /// Partei`, `of the regional transport authority`): a preposition or a
    /// body connector first, at most six words, no punctuation.
    fn role_complement_gap(&self, from: usize, to: usize) -> bool {
        let gap = sl(self.text, from, to);
        let bare = gap.trim();
        gap.starts_with(' ')
            && gap.ends_with(' ')
            && bare.split_whitespace().count() <= 6
            && !bare.contains([',', '.', ';', ':', '«', '»', '"', '“', '”', '„', '(', ')'])
            && bare.split([' ', '\'', '’']).next().is_some_and(|w| {
                lexicon::shared().is_preposition(w) || lexicon::shared().is_body_connector(w)
            })
    }

    /// The gender of person `p`, when a given name or an honorific
    /// (`names.toml`), a role (`spokeswoman`) or the name's ending in a
    /// language that shows it (`Захарова`) tells it.
    fn gender_of(&self, p: usize) -> Option<Gender> {
        let person = &self.people.list[p];
        if person.organization {
            return None;
        }
        person
            .gender
            .or_else(|| person.roles.iter().find_map(|r| self.lex.role_gender(r)))
            .or_else(|| self.lex.name_gender(&person.name))
    }

    /// True when person `p` may be referred to by a pronoun of `gender`:
    /// any gender, or one that nothing known of the person contradicts
    /// (the lists are never complete: an unknown gender fits).
    fn fits(&self, p: usize, gender: Option<Gender>) -> bool {
        let Some(g) = gender else {
            return true;
        };
        self.gender_of(p).is_none_or(|k| k == g)
    }

    /// For a pronoun subject of a speech verb: the latest third-person
    /// speaker in this or the previous paragraph, else the latest person;
    /// never the speaker of the enclosing turn. For a pronoun or a verb of
    /// `gender` (`she`, `elle`, `заявила`): the latest such speaker not
    /// known to be of the other gender, else the latest.
    fn recent_speaker_as(&self, pos: usize, gender: Option<Gender>) -> Option<usize> {
        match gender {
            None => self.recent_speaker_fitting(pos, None),
            Some(g) => self
                .recent_speaker_fitting(pos, Some(g))
                .or_else(|| self.recent_speaker_fitting(pos, None)),
        }
    }

    fn recent_speaker_fitting(&self, pos: usize, gender: Option<Gender>) -> Option<usize> {
        let own = match self.turn_at(pos).map(|t| t.speaker) {
            Some(Spk::Person(p)) => Some(p),
            _ => None,
        };
        let para = self.para_of(pos)?;
        let floor = self.body.get(para.saturating_sub(1))?.start;
        let from_stmts = self
            .stmts
            .iter()
            .rev()
            .take(64)
            .filter(|s| {
                s.kind != StatementKind::Turn && s.span.start < pos && s.span.start >= floor
            })
            .filter_map(|s| match s.speaker {
                Spk::Person(p) if Some(p) != own && self.fits(p, gender) => Some((s.span.end, p)),
                _ => None,
            })
            .max_by_key(|x| x.0);
        // Quotations are sorted by opening mark: the latest one is the first
        // found backwards. Bounded like the statements above, so that a long
        // paragraph does not make every lookup scan it whole.
        let from_quotes = self
            .quotes_in(floor..pos)
            .rev()
            .take(64)
            .filter(|&k| self.quotes[k].close <= pos)
            .find_map(|k| match self.quote_speaker[k] {
                Some((Spk::Person(p), _, _)) if Some(p) != own && self.fits(p, gender) => {
                    Some((self.quotes[k].close, p))
                }
                _ => None,
            });
        let latest = match (from_stmts, from_quotes) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        // A person named after the latest statement is the new topic.
        // (Only in a later sentence: names in the statement's own sentence
        // are its context, `said in an interview with Le Monde`.)
        let newer = latest.and_then(|(end, _)| {
            let after = self.sentence(end.saturating_sub(1)).end.max(end);
            let i = self.mentions.partition_point(|m| m.range.start < pos);
            (0..i)
                .rev()
                .map(|k| &self.mentions[k])
                .take_while(|m| m.range.start >= after)
                .filter(|m| !m.in_quote && matches!(m.what, What::Person(_)))
                .filter_map(|m| m.resolved)
                // `said X, an analyst at Brightwater Securities. He said`:
                // a body is no new topic for a pronoun.
                .find(|&p| {
                    Some(p) != own && !self.people.list[p].organization && self.fits(p, gender)
                })
        });
        let best = newer.or(latest.map(|x| x.1));
        best.or_else(|| {
            let i = self.mentions.partition_point(|m| m.range.start < pos);
            (0..i)
                .rev()
                .map(|k| &self.mentions[k])
                .filter(|m| !m.in_quote && matches!(m.what, What::Person(_) | What::Role))
                .filter_map(|m| m.resolved)
                .find(|&p| {
                    Some(p) != own && !self.people.list[p].organization && self.fits(p, gender)
                })
        })
    }

    /// For a pronoun subject (or a dropped one) at `pos`: true when the
    /// latest statement before it, in this or the previous paragraph, is
    /// an unnamed speaker's that the pronoun may stand for (`— сказал
    /// источник в правительстве. Он добавил, что …`): one, not a group
    /// (a singular verb), of no other gender, and no person named since.
    /// The pronoun is then that unnamed speaker, never a person named
    /// before.
    fn unnamed_antecedent(&self, pos: usize, gender: Option<Gender>) -> bool {
        let Some(para) = self.para_of(pos) else {
            return false;
        };
        let Some(floor) = self.body.get(para.saturating_sub(1)).map(|r| r.start) else {
            return false;
        };
        let from_stmts = self
            .stmts
            .iter()
            .rev()
            .take(64)
            .filter(|s| {
                s.kind != StatementKind::Turn && s.span.start < pos && s.span.start >= floor
            })
            .map(|s| (s.span.end, s.speaker, s.cue.clone()))
            .max_by_key(|x| x.0);
        let from_quotes = self
            .quotes_in(floor..pos)
            .rev()
            .take(64)
            .filter(|&k| self.quotes[k].close <= pos)
            .find_map(|k| {
                self.quote_speaker[k]
                    .as_ref()
                    .map(|(s, _, c)| (self.quotes[k].close, *s, c.clone()))
            });
        let latest = match (from_stmts, from_quotes) {
            (Some(a), Some(b)) => Some(if a.0 >= b.0 { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some((end, Spk::Unnamed, Some(cue))) = latest else {
            return false;
        };
        let hi = self.hits.partition_point(|x| x.range.start < cue.start);
        let singular = self.hits.get(hi).is_some_and(|x| {
            x.range.start == cue.start && matches!(x.cue, Cue::Verb { plural: false, .. })
        });
        let verb_gender = self.lex.verb_gender(&self.text[cue.clone()]);
        let fits = match (gender, verb_gender) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        // A person named in a later sentence is the new topic.
        let after = self.sentence(end.saturating_sub(1)).end.max(end);
        let i = self.mentions.partition_point(|m| m.range.start < pos);
        let named_since = self.mentions[..i]
            .iter()
            .rev()
            .take_while(|m| m.range.start >= after)
            .any(|m| !m.in_quote && matches!(m.what, What::Person(_)));
        singular && fits && !named_since
    }

    /// The person a pronoun at `pos` refers to (pronoun fused into the verb).
    fn last_person_before(&self, pos: usize, gender: Option<Gender>) -> Option<usize> {
        let i = self.mentions.partition_point(|m| m.range.start < pos);
        let last = |gender: Option<Gender>| {
            (0..i)
                .rev()
                .map(|k| &self.mentions[k])
                .filter(|m| {
                    !m.in_quote && matches!(m.what, What::Person(_) | What::Pronoun | What::Role)
                })
                .take(if gender.is_some() { 12 } else { 1 })
                .find(|m| m.resolved.is_some_and(|p| self.fits(p, gender)))
                .and_then(|m| m.resolved)
        };
        match gender {
            None => last(None),
            Some(g) => last(Some(g)).or_else(|| last(None)),
        }
    }

    /// Words in `range`, counting no further than `limit`.
    fn words_upto(&self, range: Range<usize>, limit: usize) -> usize {
        self.text
            .get(range)
            .unwrap_or("")
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .take(limit)
            .count()
    }

    fn word_count(&self, range: Range<usize>) -> usize {
        self.text
            .get(range)
            .unwrap_or("")
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .count()
    }

    /// Words of `range` outside quotations.
    fn unquoted_words(&self, range: Range<usize>) -> usize {
        let mut total = self.word_count(range.clone());
        for k in self.quotes_in(range.clone()) {
            let q = &self.quotes[k];
            if q.depth == 0 && q.close <= range.end {
                total = total.saturating_sub(self.word_count(q.inner.clone()));
            }
        }
        total
    }

    fn assign_quote(&mut self, qi: usize, spk: Spk, label: &str, cue: Option<Range<usize>>) {
        if self.quote_speaker[qi].is_none() {
            self.quote_speaker[qi] = Some((spk, label.to_string(), cue));
        }
    }

    fn push_indirect(&mut self, span: Range<usize>, spk: Spk, label: &str, cue: Range<usize>) {
        let text = self.text;
        let s = &text[span.clone()];
        let lead = s.len() - s.trim_start_matches([' ', ',', ':', '—', '–']).len();
        let start = span.start + lead;
        let mut end = span.start + s.trim_end().len();
        // A trailing comma or dash belongs to the sentence, not the clause.
        while end > start && sl(text, 0, end).ends_with([',', ' ', '—', '–', ';']) {
            end -= sl(text, 0, end)
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
        }
        if end <= start || self.unquoted_words(start..end) < 3 {
            // Entirely quoted: the quotations carry it.
            for qi in self.quotes_in(start.saturating_sub(3)..end + 3) {
                let q = &self.quotes[qi];
                if q.depth == 0 && q.close <= end + 3 {
                    self.assign_quote(qi, spk, label, Some(cue.clone()));
                }
            }
            return;
        }
        for qi in self.quotes_in(start.saturating_sub(3)..end + 3) {
            let q = &self.quotes[qi];
            if q.close <= end + 3 {
                self.assign_quote(qi, spk, label, Some(cue.clone()));
            }
        }
        if self.stmts.iter().rev().take(16).any(|st| {
            st.kind == StatementKind::Indirect && st.span.start < end && start < st.span.end
        }) {
            return;
        }
        self.stmts.push(Stmt {
            kind: StatementKind::Indirect,
            span: start..end,
            speaker: spk,
            label: label.to_string(),
            cue: Some(cue),
        });
    }

    /// End of a reported clause starting at `from` in sentence `sent`.
    fn clause_end(&self, from: usize, sent_end: usize) -> usize {
        let i = self.hits.partition_point(|h| h.range.start < from);
        let text = self.text;
        let brk = self.hits[i..]
            .iter()
            .take(48)
            .take_while(|h| h.range.start < sent_end)
            .find(|h| {
                h.cue == Cue::ClauseBreak
                    || (matches!(h.cue, Cue::Verb { .. })
                        && sl(text, 0, h.range.start).ends_with(", ")
                        && !self.in_quote(h.range.start))
            })
            .map(|h| h.range.start);
        let mut end = brk.unwrap_or(sent_end);
        // "… dialogue as French President Morel continued …": a new subject.
        if let Some(k) = sl(text, from, end).find(" as ") {
            let after = sl(text, from + k + 4, end);
            if after.starts_with(is_upper) && !self.in_quote(from + k) {
                end = from + k;
            }
        }
        end
    }

    /// "Как отметил Песков, CLAUSE", "Jak podkreśliła, CLAUSE", "Як
    /// повідомили в Міненерго, CLAUSE": a sentence opened by one of the
    /// lexicon's `as_openers` and a speech verb reports the rest of the
    /// sentence after the source's comma. The source follows the verb; a
    /// verb without one speaks for the latest speaker of its gender.
    /// Returns false when the sentence is not so built.
    fn as_clause(&mut self, verb: Range<usize>, plural: bool) -> bool {
        let text = self.text;
        let sent = self.sentence(verb.start);
        let mut head = sl(text, sent.start, verb.start).split_whitespace();
        if !head.next().is_some_and(|w| self.lex.is_as_opener(w)) {
            return false;
        }
        if !head.all(|w| lexicon::shared().skips_before_verb(w)) {
            return self.verb_final_as_clause(verb, sent);
        }
        let rest = sl(text, verb.end, sent.end);
        let Some(comma) = rest.find(',').filter(|&c| c <= 120) else {
            return false;
        };
        let source = rest[..comma].trim();
        let source_start = verb.end + (rest.len() - rest.trim_start().len());
        let verb_text = &text[verb.clone()];
        let bare = source.split_whitespace().all(|w| {
            self.lex
                .pre_complementizer
                .iter()
                .any(|p| p.as_str() == w.lower())
        });
        let found = if plural {
            let body = self.body_in(source_start, verb.end + comma);
            Some(body.map_or((Spk::Unnamed, source.to_string()), |b| {
                (Spk::Person(b), source.to_string())
            }))
        } else if bare {
            // Without a subject, in a language that does not drop them,
            // `Как уже сказал, …` is the speaker's own `as I said`.
            if !self.lex.pro_drop {
                return false;
            }
            self.recent_speaker_as(verb.start, self.lex.verb_gender(verb_text))
                .map(|p| (Spk::Person(p), verb_text.to_string()))
        } else {
            // A name anywhere in the source wins over a role before it
            // (`Как отметила председатель комитета по … Светлана Ковалёва`).
            let i = self.mentions.partition_point(|m| m.range.start < verb.end);
            self.mentions[i..]
                .iter()
                .take_while(|m| m.range.end <= verb.end + comma)
                .find(|m| !m.in_quote && matches!(m.what, What::Person(_) | What::Org(_)))
                .and_then(|m| m.resolved)
                .map(|p| (Spk::Person(p), source.to_string()))
                .or_else(|| {
                    self.subject_after(verb.end)
                        .filter(|(_, _, end)| *end <= verb.end + comma + 1)
                        .map(|(s, l, _)| (s, l))
                })
        };
        let Some((spk, label)) = found else {
            return false;
        };
        let from = verb.end + comma + 1;
        let end = self.clause_end(from, sent.end);
        if self.words_upto(from..end, 4) < 3 {
            return false;
        }
        self.push_indirect(from..end, spk, &label, verb.clone());
        true
    }

    /// "Wie die Ministerin betonte, CLAUSE", "As the minister noted,
    /// CLAUSE": the source stands between the opener and a verb that ends
    /// the framing clause at its comma (verb-final word order). The
    /// subject is read back from the verb as for any `SUBJECT said`.
    fn verb_final_as_clause(&mut self, verb: Range<usize>, sent: Range<usize>) -> bool {
        let text = self.text;
        let after = sl(text, verb.end, sent.end);
        let Some(comma) = after.find(',') else {
            return false;
        };
        // Only auxiliaries or adverbs between the verb and the comma
        // (`betont hat,`).
        if !after[..comma]
            .split_whitespace()
            .all(|w| lexicon::shared().skips_before_verb(w))
        {
            return false;
        }
        let opener_end = sent.start
            + sl(text, sent.start, verb.start)
                .find(char::is_whitespace)
                .unwrap_or(0);
        // `As soon as …`, `As long as …`: a comparison, no source.
        if self.word_count(opener_end..verb.start) > 10
            || sl(text, opener_end, verb.start)
                .split([' ', ','])
                .any(|w| self.lex.is_as_opener_word(w))
        {
            return false;
        }
        // The source alone stands there: names, pronouns, role nouns and
        // determiners; any other lower-case word makes a longer clause
        // (`As an ultimate result of its operation Treasury notes, …`,
        // `As some members of Congress have said`).
        let m0 = self.mentions.partition_point(|m| m.range.end <= opener_end);
        let mut pos = opener_end;
        for w in sl(text, opener_end, verb.start).split(' ') {
            let at = pos;
            pos += w.len() + 1;
            let w = w.trim_matches(',');
            if w.is_empty()
                || !w.starts_with(|c: char| is_lower(c))
                || lexicon::shared().is_determiner(w)
                || lexicon::shared().skips_before_verb(w)
            {
                continue;
            }
            let covered = self.mentions[m0..]
                .iter()
                .take_while(|m| m.range.start < verb.start)
                .any(|m| m.range.start <= at && at < m.range.end);
            if !covered {
                return false;
            }
        }
        // `Как я уже сказал, …`: a speaker's own `as I said` reports nothing.
        let i = self
            .mentions
            .partition_point(|m| m.range.start < opener_end);
        if self.mentions[i..]
            .iter()
            .take_while(|m| m.range.start < verb.start)
            .any(|m| m.what == What::First)
        {
            return false;
        }
        let Some((spk, label, _)) = self.subject_before(opener_end, verb.start) else {
            return false;
        };
        let from = verb.end + comma + 1;
        // `As Iain says, “…”`: the quotation is the statement.
        let lead = sl(text, from, sent.end);
        let at = from + (lead.len() - lead.trim_start().len());
        if !self.quotes_in(at..at + 1).is_empty() {
            return false;
        }
        let end = self.clause_end(from, sent.end);
        if self.words_upto(from..end, 4) < 3 {
            return false;
        }
        self.push_indirect(from..end, spk, &label, verb);
        true
    }

    /// Attribution by speech verbs and `according to` phrases.
    pub(crate) fn attribute(&mut self) {
        let text = self.text;
        let hits = self.hits.clone();
        let mut prev_subject: Option<(usize, Spk, String)> = None;
        for h in &hits {
            if self.in_quote(h.range.start) || self.para_of(h.range.start).is_none() {
                continue;
            }
            match h.cue {
                Cue::Verb { weak, bare, plural } => {
                    self.verb(h, weak, bare, plural, &mut prev_subject)
                }
                Cue::According | Cue::AccordingPronoun => self.according(h),
                _ => {}
            }
        }
        let _ = text;
    }

    fn verb(
        &mut self,
        h: &Hit,
        weak: bool,
        bare: bool,
        plural: bool,
        prev_subject: &mut Option<(usize, Spk, String)>,
    ) {
        if self.as_clause(h.range.clone(), plural) {
            return;
        }
        let text = self.text;
        let sent = self.sentence(h.range.start);
        // The left boundary: sentence start or the last quotation closed
        // before the verb in this sentence.
        // Quotations closing in this sentence before the verb (a quotation
        // running over several paragraphs opens before the sentence).
        let qs: Vec<usize> = self
            .quotes_in(sent.start.saturating_sub(20_000)..h.range.start)
            .filter(|&k| {
                self.quotes[k].depth == 0
                    && self.quotes[k].close <= h.range.start
                    && self.quotes[k].close > sent.start
            })
            .collect();
        // `Maria Lopez, calling the repairs "a decade too late," said …`:
        // the quotations of an appositive opened by a framing participle
        // right before the verb are the subject's, and the subject stands
        // before the appositive.
        let framing = qs.last().and_then(|&last| {
            if !sl(text, self.quotes[last].close, h.range.start)
                .trim_matches([',', ' '])
                .is_empty()
            {
                return None;
            }
            let seg = sl(text, sent.start, self.quotes[last].open);
            seg.match_indices(", ")
                .map(|(c, _)| sent.start + c)
                .filter(|&c| !self.in_quote(c))
                .find(|&c| {
                    sl(text, c + 2, self.quotes[last].open)
                        .split(' ')
                        .next()
                        .is_some_and(|w| self.lex.is_framing_participle(w))
                })
        });
        let (qs, framed): (Vec<usize>, Vec<usize>) = match framing {
            Some(c) => qs.into_iter().partition(|&k| self.quotes[k].close <= c),
            None => (qs, Vec::new()),
        };
        let floor = qs.last().map_or(sent.start, |&k| self.quotes[k].close);
        let verb_text = &text[h.range.clone()];
        let fused = verb_text.contains("-t-il")
            || verb_text.contains("-t-elle")
            || verb_text.ends_with("-il")
            || verb_text.ends_with("-elle");
        let mut after_end = h.range.end;
        // The pronoun of an inverted subject (`sagte sie`, `dijo ella`).
        let mut inverted_pronoun: Option<String> = None;
        // A plural verb speaks for a group or a body: it never inherits the
        // subject of a previous verb, nor takes a person found before.
        let group = if plural {
            let Some((spk, label, subj_start, end)) = self.group_subject(floor, h.range.clone())
            else {
                return;
            };
            after_end = end;
            Some((spk, label, subj_start))
        } else {
            None
        };
        // "…, Morel said, adding that …": the subject of the previous verb.
        let chained = prev_subject.clone().filter(|(at, _, _)| {
            !plural
                && *at >= sent.start
                && *at >= floor
                && sl(text, 0, h.range.start).trim_end().ends_with(',')
        });
        let mut subject = if group.is_some() {
            group
        } else if let Some(c) = framing {
            self.subject_before(floor, c)
        } else if let Some((_, s, l)) = chained.clone() {
            Some((s, l, h.range.start))
        } else if fused {
            self.last_person_before(h.range.start, self.lex.pronoun_gender(verb_text))
                .map(|p| (Spk::Person(p), verb_text.to_string(), h.range.start))
        } else {
            self.subject_before(floor, h.range.start)
                .or_else(|| self.group_phrase(floor, h.range.start))
        };
        if subject.is_none() && !fused {
            let left = sl(text, floor, h.range.start).trim();
            // `«…», как сообщило Минобороны`, `„…”, jak poinformowało
            // Ministerstwo`: `as` after the quotation opens the inverted
            // attribution.
            // A comma right after the verb leaves it no inverted subject
            // (`but, as said, the United States has …`).
            let inverted = !sl(text, h.range.end, text.len()).starts_with(',');
            let left = match left.rsplit_once([' ', ',']) {
                Some((before, w)) if inverted && self.lex.is_as_opener_word(w) => before.trim_end(),
                None if inverted && self.lex.is_as_opener_word(left) => "",
                _ => left,
            };
            if (left.is_empty() || left.chars().all(|c| !is_alnum(c)) || left.ends_with(','))
                && let Some((s, l, e)) = self.subject_after(h.range.end)
            {
                let after_pronoun = self.mentions
                    [..self.mentions.partition_point(|m| m.range.end <= e)]
                    .last()
                    .is_some_and(|m| m.range.end == e && m.what == What::Pronoun);
                // `X, a teacher named Y, said she had …`: a pronoun after
                // a verb that takes a bare clause is that clause's subject
                // (German `sagte sie` has no such verbs).
                if !(bare && after_pronoun) {
                    if after_pronoun {
                        inverted_pronoun = Some(l.clone());
                    }
                    subject = Some((s, l, h.range.start));
                    after_end = e;
                }
            }
        }
        if subject.is_none() && self.lex.is_impersonal_verb(verb_text) {
            // `„…“, heißt es in einer Erklärung des Ministeriums`: the body
            // named after the verb; nobody when none is (never the previous
            // speaker by continuation).
            let end = self.clause_end(h.range.end, sent.end);
            let (spk, label) = self
                .body_after(h.range.end, end)
                .map_or((Spk::Unnamed, verb_text.to_string()), |(p, l)| {
                    (Spk::Person(p), l)
                });
            subject = Some((spk, label, h.range.start));
            after_end = end;
        }
        let mut inherited = chained.is_some();
        if subject.is_none() && !plural {
            // "…, adding that …": the subject of the sentence's previous verb.
            if let Some((at, s, l)) = prev_subject.clone()
                && at >= sent.start
                && sl(text, 0, h.range.start).trim_end().ends_with(',')
            {
                inherited = true;
                subject = Some((s, l, h.range.start));
            }
        }
        if subject.is_none()
            && !fused
            && floor == sent.start
            && sent.start > 0
            && self
                .lex
                .is_anaphoric_opener(sl(text, floor, h.range.start).trim())
            && let Some((s, l, _)) = self.subject_after(h.range.end)
        {
            // "Про це повідомив Name.", "Lo ha detto Name", "Dat zei Name":
            // the previous sentence is what was said.
            let mut prev = self.sentence(sent.start - 1);
            // A dateline opening the paragraph (`ROMA – …`) is no part of
            // what was said.
            let head = sl(text, prev.start, prev.end);
            if let Some(k) = head.find([' ', '\u{a0}'])
                && k <= 40
                && caps_word(&head[..k])
                && let Some(rest) = head[k..]
                    .trim_start()
                    .strip_prefix(['–', '—', '-'])
                    .filter(|r| r.starts_with(' '))
            {
                prev.start = prev.end - rest.trim_start().len();
            }
            if prev.end <= sent.start && self.para_of(prev.start).is_some() {
                self.push_indirect(prev, s, &l, h.range.clone());
            }
            return;
        }
        if subject.is_none()
            && self.lex.pro_drop
            && sl(text, floor, h.range.start).chars().all(|c| !is_alnum(c))
            && self.turn_at(h.range.start).is_none()
        {
            // A language that drops subject pronouns: `Ha aggiunto che …`,
            // `«…», ha aggiunto.`, `– … – dodał.` speak for the latest
            // speaker, as a pronoun would.
            let gender = self.lex.verb_gender(verb_text);
            if self.unnamed_antecedent(h.range.start, gender) {
                subject = Some((Spk::Unnamed, verb_text.to_string(), h.range.start));
            } else if let Some(p) = self.recent_speaker_as(h.range.start, gender) {
                subject = Some((Spk::Person(p), verb_text.to_string(), h.range.start));
            }
        }
        if subject.is_none() {
            // "X criticized the plan, saying …", "X defendió la reforma y
            // aseguró que …": a participle after a comma, or a verb joined by
            // a conjunction, shares the sentence's subject.
            let left = sl(text, floor, h.range.start).trim_end();
            let joined = left
                .rsplit([' ', '\u{a0}'])
                .next()
                .is_some_and(|w| self.lex.is_conjunction(&lowercase(w)));
            let participle = left.ends_with(',') && self.lex.is_participle(verb_text);
            if joined || participle {
                subject = self.sentence_subject(sent.start.max(floor), h.range.start);
            }
            // `X called the plan "a disaster" and said …`: a quotation
            // inside the first clause (after a word) is no left boundary.
            if subject.is_none()
                && joined
                && floor > sent.start
                && qs.last().is_some_and(|&k| {
                    sl(text, sent.start, self.quotes[k].open)
                        .trim_end()
                        .ends_with(is_alpha)
                })
            {
                subject = self.sentence_subject(sent.start, h.range.start);
            }
        }
        let Some((mut spk, label, subj_start)) = subject else {
            return;
        };
        let pronoun = fused
            || inverted_pronoun.is_some()
            || self
                .mentions
                .iter()
                .skip(
                    self.mentions
                        .partition_point(|m| m.range.start < subj_start),
                )
                .take(1)
                .any(|m| m.range.start == subj_start && m.what == What::Pronoun);
        if pronoun && !plural {
            let word = if fused {
                verb_text
            } else if let Some(p) = &inverted_pronoun {
                p.as_str()
            } else {
                sl(text, subj_start, text.len())
                    .split(|c: char| !c.is_alphabetic() && c != '-')
                    .next()
                    .unwrap_or("")
            };
            // The pronoun tells the gender (`she`, `она`), else the verb
            // (`заявила`).
            let want = self
                .lex
                .pronoun_gender(word)
                .or_else(|| self.lex.word_gender(word))
                .or_else(|| self.lex.verb_gender(verb_text));
            match self.recent_speaker_as(h.range.start, want) {
                _ if self.unnamed_antecedent(h.range.start, want) => spk = Spk::Unnamed,
                Some(p) => spk = Spk::Person(p),
                // "He said …" in a turn never means the turn's own speaker.
                None if self
                    .turn_at(h.range.start)
                    .is_some_and(|t| t.speaker == spk && !fused) =>
                {
                    return;
                }
                None => {}
            }
        }
        *prev_subject = Some((h.range.start, spk, label.clone()));
        let cue = h.range.clone();
        for &k in &framed {
            self.assign_quote(k, spk, &label, Some(cue.clone()));
        }
        // Quotations before the subject in this sentence.
        let before: Vec<usize> = qs
            .iter()
            .copied()
            .filter(|&k| self.quotes[k].close <= subj_start)
            .collect();
        if let Some(&last) = before.last().filter(|_| !inherited)
            && self.words_upto(self.quotes[last].close..subj_start, 7) <= 6
            // `"…," while Y said that …` opens another clause: the
            // quotation is not Y's.
            && !sl(text, self.quotes[last].close, subj_start)
                .split(|c: char| !is_alnum(c))
                .find(|w| !w.is_empty())
                .is_some_and(|w| self.lex.is_conjunction(&lowercase(w)))
        {
            for k in before {
                self.assign_quote(k, spk, &label, Some(cue.clone()));
            }
            return;
        }
        // After the verb: adjuncts, then a complementizer, a colon and a
        // quotation, or a bare clause.
        let sent_end = sent.end.max(after_end);
        let rest_start = after_end;
        let hi = self.hits.partition_point(|x| x.range.start < rest_start);
        let comp = self.hits[hi..]
            .iter()
            .take(24)
            .take_while(|x| x.range.start < sent_end)
            .find(|x| x.cue == Cue::Complementizer)
            .map(|x| x.range.clone());
        let first_quote = self
            .quotes_in(rest_start..sent_end)
            .find(|&k| self.quotes[k].depth == 0);
        let comp_near = comp
            .clone()
            .is_some_and(|c| self.words_upto(rest_start..c.start, 4) <= 3);
        if !comp_near && bare && self.lex.code == "en" && !weak {
            let rest = sl(text, rest_start, sent_end);
            if let Some(first) = rest
                .strip_prefix(' ')
                .and_then(|r| r.split([' ', ',', '.']).next())
            {
                let lower = first.lower();
                let starts_word = first.chars().next().is_some_and(is_alnum);
                // `said it would …`: a pronoun subject before a verb.
                let pronoun_subject = || {
                    self.lex.clause_pronouns.contains(&lower)
                        && rest
                            .trim_start()
                            .split([' ', ',', '.'])
                            .nth(1)
                            .is_some_and(|w| self.lex.clause_auxiliaries.contains(&w.lower()))
                };
                if starts_word
                    && (!lexicon::shared().not_clause_start(&lower) || pronoun_subject())
                    && self.words_upto(rest_start..sent_end, 4) >= 4
                {
                    let end = self.clause_end(rest_start, sent_end);
                    self.push_indirect(rest_start..end, spk, &label, cue);
                    return;
                }
            }
        }
        // Where the adjuncts stop: a comma, colon or quotation.
        let stop = sl(text, rest_start, sent_end)
            .find([',', ':', ';', '—', '–', '('])
            .map_or(sent_end, |k| rest_start + k);
        let within = |pos: usize| self.words_upto(rest_start..pos, 10) <= 9;
        if let Some(c) = comp.clone() {
            // An outlet in quotation marks as the verb's object
            // (`рассказал «Известиям», что`): a name, not a quotation.
            let outlet = first_quote.filter(|&q| {
                let (open, close) = (self.quotes[q].open, self.quotes[q].close);
                let inner = sl(text, open, close).trim_matches(|ch: char| !ch.is_alphanumeric());
                sl(text, rest_start, open).trim().is_empty()
                    && close <= c.start
                    && inner.len() <= 60
                    && inner.split_whitespace().count() <= 3
                    && inner.starts_with(char::is_uppercase)
                    && sl(text, close, c.start)
                        .trim_matches(|ch: char| !ch.is_alphanumeric())
                        .is_empty()
            });
            let comma_ok =
                c.start <= stop || sl(text, stop, c.start).trim_matches([',', ' ']).is_empty();
            let prev_word = sl(text, rest_start, c.start)
                .trim_end_matches([' ', ','])
                .rsplit([' ', '\u{a0}'])
                .next()
                .unwrap_or("")
                .lower();
            let adjuncts = sl(text, rest_start, c.start);
            let object_ok = adjuncts.trim_matches([' ', ',']).is_empty()
                || outlet.is_some()
                || self.lex.pre_complementizer.contains(&prev_word)
                || {
                    // An outlet or body after a preposition (`ha detto
                    // all'ANSA che`, `disse à Folha que`).
                    let mut words = sl(text, rest_start, c.start)
                        .trim_matches([' ', ','])
                        .split([' ', '\'', '’'])
                        .filter(|w| !w.is_empty());
                    let capitalized = |w: &str| w.chars().next().is_some_and(is_upper);
                    match (words.next(), words.next(), words.next(), words.next()) {
                        (Some(p), Some(name), None, None) => {
                            lexicon::shared().is_preposition(p) && capitalized(name)
                        }
                        // With a common noun first (`à agência Lusa`).
                        (Some(p), Some(noun), Some(name), None) => {
                            lexicon::shared().is_preposition(p)
                                && noun.chars().all(is_lower)
                                && capitalized(name)
                        }
                        _ => false,
                    }
                }
                // "said in a statement on its website that".
                || adjuncts
                    .split_whitespace()
                    .take(6)
                    .any(|w| self.lex.pre_complementizer.iter().any(|n| n == w))
                || self
                    .mentions
                    .iter()
                    .skip(self.mentions.partition_point(|m| m.range.end + 3 < c.start))
                    .take_while(|m| m.range.start < c.start)
                    .any(|m| {
                        matches!(m.what, What::Person(_) | What::Org(_)) && m.range.end <= c.start
                    });
            if comma_ok
                && object_ok
                && within(c.start)
                && first_quote.is_none_or(|q| self.quotes[q].open >= c.start || Some(q) == outlet)
            {
                let end = self.clause_end(c.end, sent_end);
                self.push_indirect(c.end..end, spk, &label, cue);
                return;
            }
        }
        if let Some(q) = first_quote {
            let open = self.quotes[q].open;
            let gap_ok = open <= stop
                || sl(text, stop, open)
                    .trim_matches([',', ':', ' ', '—', '–'])
                    .is_empty();
            if gap_ok && within(open) {
                // Up to the next speech verb outside quotations: `X called
                // it "…", while Y wrote that "…"` gives Y the second one.
                let first_close = self.quotes[q].close;
                let next_cue = self
                    .hits
                    .iter()
                    .skip(self.hits.partition_point(|x| x.range.start < first_close))
                    .take_while(|x| x.range.start < sent_end)
                    .find(|x| matches!(x.cue, Cue::Verb { .. }) && !self.in_quote(x.range.start))
                    .map_or(sent_end, |x| x.range.start);
                for k in self.quotes_in(self.quotes[q].open..next_cue) {
                    if self.quotes[k].depth == 0 {
                        self.assign_quote(k, spk, &label, Some(cue.clone()));
                    }
                }
                return;
            }
        }
        // "Er sagte, die Regierung werde …": a reported clause without
        // complementizer, marked as reported by its mood.
        if comp.is_none()
            && first_quote.is_none()
            && !weak
            && sl(text, stop, sent_end).starts_with(',')
            && within(stop)
        {
            let from = stop + 1;
            let marked = sl(text, from, sent_end)
                .split_whitespace()
                .take(8)
                .any(|w| {
                    self.lex
                        .marks_reported_clause(w.trim_matches(|c: char| !is_alpha(c)))
                });
            if marked {
                let end = self.clause_end(from, sent_end);
                self.push_indirect(from..end, spk, &label, cue);
                return;
            }
        }
        // Verb at the end: "CLAUSE, Berg said (in an interview)."
        let tail_words = self.words_upto(after_end..sent.end, 13);
        let tail_ok = sl(text, after_end, sent.end)
            .find([',', ';', ':'])
            .is_none()
            && tail_words <= 12
            && comp.is_none();
        if tail_ok && qs.is_empty() && !weak {
            let head = sl(text, sent.start, subj_start).trim_end();
            let head_end = sent.start + head.len();
            // `The head of X, Anna Berg, warned …`: a name between commas
            // right before the verb is in apposition to a role phrase,
            // which is not a reported clause.
            let i = self
                .mentions
                .partition_point(|m| m.range.start < sent.start);
            let appositive = self.mentions[i..]
                .iter()
                .take_while(|m| m.range.start < subj_start)
                .any(|m| m.what == What::Role)
                && self.mentions[i..]
                    .iter()
                    .find(|m| m.range.start == subj_start)
                    .is_some_and(|m| sl(text, m.range.end, h.range.start).trim() == ",");
            if !appositive && (head.ends_with(',') || head.ends_with("—") || head.ends_with("–"))
            {
                let ok_words = self.words_upto(sent.start..head_end, 4) >= 4;
                if ok_words
                    && self
                        .turn_at(sent.start)
                        .is_none_or(|t| t.body.start < sent.start)
                {
                    self.push_indirect(sent.start..head_end, spk, &label, cue);
                }
            }
        }
    }

    /// The subject of a plural speech verb: the body named by the noun
    /// phrase before the verb (`в Кремле заявили`, `Минобороны сообщили`),
    /// else after it (`— сообщили в Кремле`), or an unnamed group
    /// (`эксперты отмечают`, `в министерстве заявили`). `None` when the
    /// subject is the speaker or the addressee (`мы отметили`) or when
    /// there is none (`говорят, что`: people say). Returns the speaker,
    /// its label, where the subject starts and where it ends after the
    /// verb.
    fn group_subject(
        &mut self,
        floor: usize,
        verb: Range<usize>,
    ) -> Option<(Spk, String, usize, usize)> {
        let text = self.text;
        let seg = sl(text, floor, verb.start);
        let np_start = floor
            + seg
                .rfind([',', ';', ':', '—', '–', '(', '«', '»', '“', '”', '"', '.'])
                .map_or(0, |k| k + seg[k..].chars().next().map_or(1, char::len_utf8));
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut pos = np_start;
        for w in sl(text, np_start, verb.start).split(' ') {
            if !w.is_empty() {
                words.push((pos, w));
            }
            pos += w.len() + 1;
        }
        while words
            .last()
            .is_some_and(|(_, w)| lexicon::shared().skips_before_verb(w))
        {
            words.pop();
        }
        // `«…», как сообщили в Минобороны`: `as` opens the attribution;
        // the source follows the verb.
        if words.len() == 1 && self.lex.is_as_opener_word(words[0].1) {
            words.clear();
        }
        if words.iter().any(|(_, w)| self.lex.is_speaker_pronoun(w)) {
            return None;
        }
        if let Some(&(start, _)) = words.first() {
            // A body's name may be long (`в Министерстве строительства и
            // ЖКХ России`).
            let limit = if words.get(1).is_some_and(|(_, w)| self.lex.is_body_noun(w)) {
                8
            } else {
                5
            };
            if words.len() > limit {
                return None;
            }
            let end = words.last().map_or(start, |(p, w)| p + w.len());
            let label = sl(text, start, end).to_string();
            return match self.body_in(start, end) {
                Some(body) => Some((Spk::Person(body), label, start, verb.end)),
                // Speakers of a transcript cite groups in passing
                // (`родители говорят, что`): only narrative text reports
                // what an unnamed group said.
                None if self.turn_at(verb.start).is_some() => None,
                None => Some((Spk::Unnamed, label, start, verb.end)),
            };
        }
        // Inverted: "«…», — сообщили в Кремле.": a preposition and up to
        // three words, up to the next punctuation.
        let rest = sl(text, verb.end, text.len());
        let from = verb.end + (rest.len() - rest.trim_start().len());
        let phrase = sl(text, from, floor_boundary(text, from + 120));
        let cut = phrase
            .find([',', '.', ';', '!', '?', '»', '"', '(', '—', '–'])
            .unwrap_or(phrase.len());
        let mut end = from;
        for (n, w) in phrase[..cut].split(' ').enumerate() {
            if n > 3 || w.is_empty() {
                break;
            }
            end += w.len() + usize::from(n > 0);
        }
        let label = sl(text, from, end).to_string();
        if let Some(body) = self.body_in(from, end) {
            return Some((Spk::Person(body), label, verb.start, end));
        }
        // "— сообщили в пресс-службе ведомства": a body the text does not
        // name speaks unnamed.
        let mut words = label.split(' ');
        let unnamed_body = words
            .next()
            .is_some_and(|w| lexicon::shared().is_preposition(&lowercase(w)))
            && words.next().is_some_and(|w| self.lex.is_body_noun(w));
        (unnamed_body && self.turn_at(verb.start).is_none()).then_some((
            Spk::Unnamed,
            label,
            verb.start,
            end,
        ))
    }

    /// The first organisation mentioned outside quotations in
    /// `start..end`, with its mention's range.
    fn first_org_in(&self, start: usize, end: usize) -> Option<(usize, Range<usize>)> {
        let i = self.mentions.partition_point(|m| m.range.start < start);
        self.mentions[i..]
            .iter()
            .take_while(|m| m.range.end <= end)
            .find_map(|m| match m.what {
                What::Org(p) if !m.in_quote => Some((p, m.range.clone())),
                _ => None,
            })
    }

    /// The body named in `start..end` after an impersonal verb: an
    /// organisation mention, else a capitalized body noun in an oblique
    /// case read back to its nominative (`des Ministeriums`); with the
    /// label as written.
    fn body_after(&mut self, start: usize, end: usize) -> Option<(usize, String)> {
        let text = self.text;
        if let Some((p, r)) = self.first_org_in(start, end) {
            return Some((p, sl(text, r.start, r.end).to_string()));
        }
        let seg = sl(text, start, end);
        let word = seg
            .split(|c: char| !c.is_alphabetic() && c != '-')
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .find_map(|w| self.lex.body_nominative(w).map(|n| (w, n)));
        let (written, nominative) = word?;
        // `das Bundesgesundheitsministerium … des Ministeriums`: the body
        // the document named whose compound name ends with the noun.
        let tail = nominative.lower();
        if let Some(p) = self.people.list.iter().position(|x| {
            x.organization && !x.name.contains(' ') && x.name.lower().ends_with(tail.as_str())
        }) {
            return Some((p, written.to_string()));
        }
        let p = self
            .people
            .mention(&[nominative.as_str()], &nominative, self.lex, true)?;
        Some((p, written.to_string()))
    }

    /// The body named in `start..end`: an organisation mention, or a
    /// capitalized place or body after a preposition (`в Кремле`), read
    /// back to the form the document writes without a preposition
    /// (`Кремль`), or a common noun naming a body (`в министерстве`)
    /// when the document names that body. `None` for anything else.
    fn body_in(&mut self, start: usize, end: usize) -> Option<usize> {
        let text = self.text;
        if let Some((p, at)) = self.first_org_in(start, end).map(|(p, r)| (p, r.start))
            // Not a body inside the complement of a capitalized head
            // (`ЖКХ` in `в Министерстве строительства и ЖКХ`).
            && !sl(text, start, at)
                .split(' ')
                .skip(1)
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        {
            return Some(p);
        }
        let mut words = sl(text, start, end).split(' ').filter(|w| !w.is_empty());
        let prep = words.next()?;
        if !lexicon::shared().is_preposition(&lowercase(prep)) {
            return None;
        }
        let mut rest: Vec<&str> = words.collect();
        let upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let head = *rest.first()?;
        if !upper(head) && !self.lex.is_body_noun(head) {
            return None;
        }
        // `в пресс-службе Министерства обороны`: a body's office speaks
        // for the body named in its complement.
        if !upper(head)
            && rest
                .get(1)
                .is_some_and(|w| upper(w) && self.lex.body_nominative(w).is_some())
        {
            rest.remove(0);
        }
        let head = rest[0];
        let capital = upper(head);
        // The form the document writes without a preposition, else the
        // lexicon's nominative of a body noun (`Министерстве обороны`).
        let nominative = self
            .unprepositioned_form(head)
            .or_else(|| self.lex.body_nominative(head).filter(|_| capital));
        if !capital && nominative.is_none() {
            return None;
        }
        let mut name: Vec<String> = vec![nominative.unwrap_or_else(|| head.to_string())];
        // The complement of the head (`Министерстве иностранных дел`).
        name.extend(rest[1..].iter().map(|w| w.to_string()));
        let mut surface = name.join(" ");
        if !capital && let Some(first) = surface.chars().next() {
            surface = first
                .to_uppercase()
                .chain(surface.chars().skip(1))
                .collect();
        }
        let tokens: Vec<&str> = surface.split(' ').collect();
        self.people.mention(&tokens, &surface, self.lex, true)
    }

    /// The form of `word` (a noun after a preposition, in an oblique case)
    /// that the document writes elsewhere without a preposition before it:
    /// the same word but for its last one or two letters (`Кремле` /
    /// `Кремль`, `министерстве` / `Министерство`).
    fn unprepositioned_form(&mut self, word: &str) -> Option<String> {
        let text = self.text;
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        if n < 4 {
            return None;
        }
        let toks = &self.toks;
        // Built on the first need: every later look-up is a hash probe.
        let forms = self.free_forms.get_or_insert_with(|| {
            let mut forms: foldhash::HashMap<String, Vec<Range<usize>>> =
                foldhash::HashMap::default();
            let mut prev: Option<&str> = None;
            for t in toks {
                let w = &text[t.range.clone()];
                let after_preposition =
                    prev.is_some_and(|p| lexicon::shared().is_preposition(&lowercase(p)));
                prev = Some(w);
                if after_preposition || !t.cap {
                    continue;
                }
                let lower: Vec<char> = w.lower().chars().collect();
                for len in lower.len().saturating_sub(2).max(1)..=lower.len() {
                    let list = forms.entry(lower[..len].iter().collect()).or_default();
                    if list.len() < 8 {
                        list.push(t.range.clone());
                    }
                }
            }
            forms
        });
        let stem = |k: usize| chars[..n - k].iter().collect::<String>().lower();
        let pick = |prefix: String, ok: &dyn Fn(usize) -> bool| {
            forms.get(&prefix).and_then(|list| {
                list.iter()
                    .map(|r| &text[r.clone()])
                    .find(|w| *w != word && ok(w.chars().count()))
                    .map(str::to_string)
            })
        };
        pick(stem(1), &|m| m + 1 >= n && m <= n + 1).or_else(|| pick(stem(2), &|m| m == n))
    }

    fn according(&mut self, h: &Hit) {
        let text = self.text;
        // `Jak podkreśliła, …` matches a listed phrase whatever the case,
        // `Jak poinformowało` a listed phrase cut inside its verb.
        if let Some(k) = text[h.range.clone()].rfind(' ') {
            let tail = sl(text, h.range.end, text.len());
            let word_end = h.range.end + tail.find(|c: char| !c.is_alphabetic()).unwrap_or(0);
            if self.as_clause(h.range.start + k + 1..word_end, false) {
                return;
            }
        }
        let sent = self.sentence(h.range.start);
        if self.lex.is_according_postposition(&text[h.range.clone()]) {
            // "Lehnert zufolge soll CLAUSE": the source opens the sentence,
            // the clause follows the postposition, finite verb first.
            let Some((spk, label, start)) = self.subject_before(sent.start, h.range.start) else {
                return;
            };
            let end = self.clause_end(h.range.end, sent.end);
            if sl(text, sent.start, start)
                .split_whitespace()
                .all(|w| lexicon::shared().is_determiner(w))
                && self.words_upto(h.range.end..end, 4) >= 3
            {
                self.push_indirect(h.range.end..end, spk, &label, h.range.clone());
            }
            return;
        }
        let source = if h.cue == Cue::AccordingPronoun {
            // The pronoun is inside the phrase: the source ends with it.
            let want = text[h.range.clone()]
                .split(' ')
                .find_map(|w| self.lex.word_gender(w));
            self.recent_speaker_as(h.range.start, want).map(|p| {
                (
                    Spk::Person(p),
                    text[h.range.clone()].to_string(),
                    h.range.end,
                )
            })
        } else {
            self.subject_after(h.range.end).or_else(|| {
                // "According to a person familiar with the talks, …": a
                // source left unnamed.
                let rest = sl(text, h.range.end, sent.end).trim_start();
                let first = rest.split(' ').next().unwrap_or("");
                let comma = rest.find(',')?;
                (self.lex.is_indefinite(first) && comma <= 80).then(|| {
                    (
                        Spk::Unnamed,
                        rest[..comma].to_string(),
                        sent.end - rest.len() + comma,
                    )
                })
            })
        };
        let Some((spk, label, np_end)) = source else {
            return;
        };
        let cue = h.range.start..h.range.end;
        let head = sl(text, sent.start, h.range.start).trim_end();
        // A sentence adverb before the phrase (`Водночас, за словами X,
        // …`, `However, according to X, …`): one word naming no one.
        let adverb = || {
            let word = head.trim_end_matches(',');
            !word.is_empty()
                && word.chars().all(is_alpha)
                && !self.lex.is_speaker_pronoun(word)
                && self
                    .mentions
                    .get(
                        self.mentions
                            .partition_point(|m| m.range.start < sent.start),
                    )
                    .is_none_or(|m| m.range.start >= h.range.start)
        };
        if head.is_empty() || head.ends_with(['(', '—', '–']) || adverb() {
            // "According to X, CLAUSE."
            let rest = sl(text, np_end, sent.end);
            let comma = match rest.find(',') {
                // "Laut X soll CLAUSE": in verb-second languages the clause
                // follows the source at once, its finite verb first.
                _ if self.lex.according_verb_second && !rest.trim_start().starts_with(',') => {
                    let end = self.clause_end(np_end, sent.end);
                    if self.words_upto(np_end..end, 4) >= 3 {
                        self.push_indirect(np_end..end, spk, &label, cue);
                    }
                    return;
                }
                Some(comma) => comma,
                None => {
                    // No comma after the source (`Volgens de minister zijn …`,
                    // `Według ministra pierwsze …`): the clause follows the
                    // noun phrase.
                    let lower_next = rest
                        .strip_prefix(' ')
                        .and_then(|r| r.chars().next())
                        .is_some_and(is_lower);
                    if lower_next && self.words_upto(np_end..sent.end, 4) >= 4 {
                        let end = self.clause_end(np_end + 1, sent.end);
                        self.push_indirect(np_end + 1..end, spk, &label, cue);
                    }
                    return;
                }
            };
            let mut from = np_end + comma + 1;
            // "Pour X, de la fédération, CLAUSE": a complement of the name
            // opened by a preposition is not the clause.
            if let Some(next) = sl(text, from, sent.end)
                .find(',')
                .filter(|_| h.cue != Cue::AccordingPronoun)
            {
                let complement = sl(text, from, from + next).trim();
                let opener = complement.split([' ', '\'', '’']).next().unwrap_or("");
                if lexicon::shared().is_preposition(opener)
                    && complement.split_whitespace().count() <= 4
                    && !complement.contains(['«', '»', '"', '“', '”'])
                {
                    from += next + 1;
                }
            }
            let (mut spk, mut label) = (spk, label);
            // "Según la ministra de Medio Ambiente, Lucía Torres, CLAUSE": the
            // name in apposition is the source.
            if comma <= 60
                && let Some((p, range)) = self.person_at(from)
                && let Some(k) = sl(text, range.end, sent.end)
                    .find(|c: char| !is_space(c))
                    .filter(|&k| sl(text, range.end + k, sent.end).starts_with(','))
            {
                spk = Spk::Person(p);
                label = sl(text, range.start, range.end).to_string();
                from = range.end + k + 1;
            }
            let end = self.clause_end(from, sent.end);
            self.push_indirect(from..end, spk, &label, cue);
        } else if head.ends_with(',')
            && sl(text, np_end, sent.end)
                .trim_matches(['.', ' ', ')'])
                .is_empty()
        {
            // "CLAUSE, according to X."
            self.push_indirect(sent.start..sent.start + head.len() - 1, spk, &label, cue);
        }
    }

    /// True when quotation `q` is the text of a thing, shown by an
    /// inscription verb in a short clause right after it (`"…," the sign
    /// read.`) or right before it (`The banner read: "…"`) that names no
    /// person.
    fn inscription(&self, q: &Quote) -> bool {
        let text = self.text;
        let sent = self.sentence(q.open);
        let clause = |range: Range<usize>| {
            let s = sl(text, range.start, range.end);
            // Four words are never this long; without the bound a clause
            // with no space (a run of quote marks) is read whole per quote.
            if s.len() > INSCRIPTION_CLAUSE_BYTES {
                return false;
            }
            let words = s.split_whitespace().count();
            // A short noun phrase and the verb; a person or a speaker
            // (`the last that I'll read:`) reads aloud, which is no text's.
            (1..=4).contains(&words)
                && s.split_whitespace()
                    .last()
                    .is_some_and(|w| self.lex.is_inscription_verb(w))
                && !s.contains(['\'', '’'])
                && !self.mentions[self
                    .mentions
                    .partition_point(|m| m.range.end <= range.start)..]
                    .iter()
                    .take_while(|m| m.range.start < range.end)
                    .any(|m| {
                        matches!(
                            m.what,
                            What::Person(_) | What::First | What::Pronoun | What::Plural
                        )
                    })
        };
        let tail = sl(text, q.close, sent.end.max(q.close));
        let after = tail.trim_start_matches([',', ' ']);
        let from = q.close + tail.len() - after.len();
        let end = after
            .find(['.', '!', '?', '\n', ',', ';'])
            .unwrap_or(after.len());
        let before = sl(text, sent.start, q.open).trim_end();
        clause(from..from + end)
            || before.ends_with([':', ',']) && clause(sent.start..sent.start + before.len() - 1)
    }

    /// The person named by the mention that starts at `pos` (after spaces).
    fn person_at(&self, pos: usize) -> Option<(usize, Range<usize>)> {
        let start = pos
            + (sl(self.text, pos, self.text.len()).len()
                - sl(self.text, pos, self.text.len()).trim_start().len());
        let i = self.mentions.partition_point(|m| m.range.start < start);
        let m = self.mentions.get(i).filter(|m| m.range.start == start)?;
        match m.what {
            What::Person(p) => Some((p, m.range.clone())),
            _ => None,
        }
    }

    /// Quotations without a cue: turn speaker, continuation, or unnamed.
    pub(crate) fn finish_quotes(&mut self) {
        let text = self.text;
        let mut last_in_para: Option<LastQuote> = None;
        for qi in 0..self.quotes.len() {
            let q = self.quotes[qi].clone();
            if q.depth > 0 {
                continue;
            }
            let para = self.para_of(q.open);
            if let Some(t) = self.turn_at(q.open) {
                // The quotation mark that opens a turn is its marker.
                let marker =
                    q.open < t.body.start || sl(text, t.body.start, q.open).trim().is_empty();
                if marker {
                    self.quote_speaker[qi] = None;
                    continue;
                }
            }
            if self.quote_speaker[qi].is_none()
                && self.turn_at(q.open).is_none()
                && let Some((spk, label)) = self.colon_source(q.open)
            {
                self.quote_speaker[qi] = Some((spk, label, None));
            }
            if self.quote_speaker[qi].is_none()
                && self.turn_at(q.open).is_none()
                && self.inscription(&q)
            {
                continue;
            }
            if self.quote_speaker[qi].is_none() {
                let inherited = if let Some(t) = self.turn_at(q.open) {
                    Some((t.speaker, t.label.clone(), None))
                } else {
                    match &last_in_para {
                        // Reported speech of the same paragraph ending
                        // right before the quotation (`… Y warned that …,
                        // Y said. "…"`) names a newer speaker.
                        Some((p, s, l, c, close))
                            if para.is_some_and(|x| x == *p || x == p + 1)
                                && !self.stmts.iter().any(|st| {
                                    st.span.start > *close
                                        && st.span.start < q.open
                                        && self.para_of(st.span.start) == para
                                        && self.words_upto(
                                            st.span.end.max(st.cue.as_ref().map_or(0, |c| c.end))
                                                ..q.open,
                                            5,
                                        ) <= 4
                                }) =>
                        {
                            Some((*s, l.clone(), c.clone()))
                        }
                        _ => self.recent_statement_speaker(q.open, para),
                    }
                };
                self.quote_speaker[qi] =
                    Some(inherited.unwrap_or((Spk::Unnamed, String::new(), None)));
            }
            if let (Some(p), Some((s, l, c))) = (para, self.quote_speaker[qi].clone()) {
                last_in_para = Some((p, s, l, c, q.close));
            }
        }
        for qi in 0..self.quotes.len() {
            let q = &self.quotes[qi];
            if q.depth > 0 {
                continue;
            }
            // Short fragments are scare quotes, unless a cued full sentence
            // (`Berg said: "We are ready."`, or `"We will win," Berg said.`:
            // English keeps the comma that ends the quoted sentence inside).
            let words = self.word_count(q.inner.clone());
            let cue = self.quote_speaker[qi]
                .as_ref()
                .and_then(|(_, _, c)| c.as_ref());
            if words < 4 && !(words >= 2 && cue.is_some_and(|c| self.quoted_sentence(q, c))) {
                continue;
            }
            if let Some((spk, label, cue)) = self.quote_speaker[qi].clone() {
                self.stmts.push(Stmt {
                    kind: StatementKind::Quote,
                    span: q.inner.clone(),
                    speaker: spk,
                    label,
                    cue,
                });
            }
        }
    }

    /// True when quotation `q`, attributed by the cue at `cue`, holds a full
    /// sentence: it ends like one, or (English) with the comma the cue
    /// follows, or the sentence's comma or full stop stands outside the
    /// marks, as most languages write it (`„Wir gewinnen“, sagte Weber.`,
    /// `«Мы победим», — сказал он.`, `sagte: „Wir gewinnen“.`): a capital
    /// opens the quotation where a sentence or a colon does, and the cue
    /// follows the comma or leads to the colon (not `sagte er der
    /// „Süddeutschen Zeitung“.`).
    fn quoted_sentence(&self, q: &Quote, cue: &Range<usize>) -> bool {
        let text = self.text;
        let inner = sl(text, q.inner.start, q.inner.end);
        let cue_follows = cue.start >= q.close;
        if inner.ends_with(['.', '!', '?', '…']) || (inner.ends_with(',') && cue_follows) {
            return true;
        }
        if !inner.starts_with(|c: char| is_upper(c)) {
            return false;
        }
        let before = sl(text, self.sentence(q.open).start, q.open).trim_end();
        // A quotation opened by a dash closes at a dash before its cue
        // (`– Wyrok jest prawomocny – powiedziała …`).
        let dashed = sl(text, q.inner.end, q.close).contains(['—', '–', '-']);
        let after = if dashed {
            "—"
        } else {
            sl(text, q.close, text.len()).trim_start_matches([' ', '\u{a0}'])
        };
        match after.chars().next() {
            Some(',' | '—' | '–') => {
                cue_follows && (before.is_empty() || before.ends_with(['—', '–', ':']))
            }
            Some('.' | '!' | '?') => before.ends_with(':') && cue.end <= q.open,
            _ => false,
        }
    }

    /// The person whose name, with at most a determiner and a role before
    /// it, is all there is before the colon that introduces the quotation
    /// opening at `open` (`Ferri: «…»`, `Il ministro Bellini: «…»`); a name
    /// after other words is an addressee or a topic (`speaking to Haldeman:`).
    fn colon_source(&self, open: usize) -> Option<(Spk, String)> {
        let text = self.text;
        let start = self.sentence(open).start;
        let head = sl(text, start, open)
            .trim_end()
            .strip_suffix(':')?
            .trim_end();
        if head.is_empty() {
            return None;
        }
        let end = start + head.len();
        let i = self.mentions.partition_point(|m| m.range.end < end);
        let Some(m) = self
            .mentions
            .get(i)
            .filter(|m| m.range.end == end && !m.in_quote)
        else {
            return self.colon_subject(start, end);
        };
        let before_ok = sl(text, start, m.range.start).split_whitespace().all(|w| {
            lexicon::shared().is_determiner(w) || self.lex.is_role(w) || self.lex.is_title(w)
        });
        if !before_ok {
            return None;
        }
        match m.what {
            What::Person(p) => Some((Spk::Person(p), text[m.range.clone()].to_string())),
            What::Anonymous => Some((Spk::Unnamed, text[m.range.clone()].to_string())),
            _ => None,
        }
    }

    /// The person who opens a short clause ending in the colon at `end`
    /// (`Brandt hielt dagegen: „…“`, `Ferrand replied:`), the only name or
    /// body in it.
    fn colon_subject(&self, start: usize, end: usize) -> Option<(Spk, String)> {
        let text = self.text;
        if self.words_upto(start..end, 9) > 8 {
            return None;
        }
        let i = self.mentions.partition_point(|m| m.range.start < start);
        let mut inside = self.mentions[i..]
            .iter()
            .take_while(|m| m.range.end <= end)
            .filter(|m| {
                matches!(m.what, What::Person(_) | What::Org(_) | What::Anonymous) && !m.in_quote
            });
        let m = inside.next()?;
        let before_ok = sl(text, start, m.range.start).split_whitespace().all(|w| {
            lexicon::shared().is_determiner(w) || self.lex.is_role(w) || self.lex.is_title(w)
        });
        match m.what {
            What::Person(p) if before_ok && inside.next().is_none() => {
                Some((Spk::Person(p), text[m.range.clone()].to_string()))
            }
            // `One American put it this way:` opens the clause.
            What::Anonymous if m.range.start == start && inside.next().is_none() => {
                Some((Spk::Unnamed, text[m.range.clone()].to_string()))
            }
            _ => None,
        }
    }

    /// The speaker of the closest statement before `pos` in this or the
    /// previous paragraph.
    fn recent_statement_speaker(
        &self,
        pos: usize,
        para: Option<usize>,
    ) -> Option<(Spk, String, Option<Range<usize>>)> {
        let para = para?;
        let floor = self.body.get(para.saturating_sub(1))?.start;
        self.stmts
            .iter()
            .rev()
            .take(64)
            .filter(|s| s.span.start < pos && s.span.start >= floor)
            .max_by_key(|s| s.span.start)
            .map(|s| (s.speaker, s.label.clone(), s.cue.clone()))
            .or_else(|| {
                self.quotes_in(floor..pos)
                    .rev()
                    .filter(|&k| self.quotes[k].close <= pos)
                    .find_map(|k| self.quote_speaker[k].clone())
            })
    }

    /// Emits turn statements.
    pub(crate) fn emit_turns(&mut self) {
        for t in &self.turns {
            self.stmts.push(Stmt {
                kind: StatementKind::Turn,
                span: t.body.clone(),
                speaker: t.speaker,
                label: t.label.clone(),
                cue: t.cue.clone(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cue phrases `for_each_cue` finds in all of `text`.
    fn cues(code: &str, text: &str) -> Vec<String> {
        let lex = lexicon::for_language(code);
        let mut toks = Vec::new();
        tokenize(text, &(0..text.len()), lex, &mut toks);
        let mut found = Vec::new();
        for_each_cue(text, 0..text.len(), &toks, lex, |range, _| {
            found.push(text[range].to_string());
        });
        found
    }

    #[test]
    fn cues_start_words_and_do_not_overlap() {
        let found = cues(
            "ru",
            "На конференции он заявил, что по словам министра всё решено.",
        );
        // `он` inside `конференции` is no candidate; `по словам` is one cue.
        assert_eq!(found.first().map(String::as_str), Some("он"));
        assert!(found.iter().any(|w| w == "заявил"), "{found:?}");
        assert!(found.iter().any(|w| w == "по словам"), "{found:?}");
        assert!(!found.iter().any(|w| w == "по"), "{found:?}");
    }

    #[test]
    fn cues_start_after_hyphens_inside_tokens() {
        // `-t-il` starts at a hyphen inside the token `a-t-il`.
        let found = cues("fr", "« C'est fini », a-t-il déclaré.");
        assert!(
            found
                .iter()
                .any(|w| w.starts_with("-t-il") || w == "a-t-il déclaré"),
            "{found:?}"
        );
    }
}
