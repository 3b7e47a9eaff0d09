//! Speaker labels (`Name:`, `THE PRESIDENT.`, `Q:`, `В.Соколов:` inline) and
//! dash markers of interview turns.

use crate::chars::{is_alpha, is_lower, is_space, is_upper};
use std::ops::Range;

use crate::lexicon::Lexicon;

/// Who a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// A person or body named by the label.
    Named,
    /// An anonymous questioner (`Question:`, `Q.`).
    Unnamed,
    /// The answering side of a Q/A layout (`A:`).
    Answer,
}

/// A speaker label found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    /// The whole label, marker included (`Name (retranslated):`).
    pub(crate) whole: Range<usize>,
    /// The name as written, without notes.
    pub(crate) name: Range<usize>,
    /// Where the turn text starts.
    pub(crate) body: usize,
    pub(crate) kind: LabelKind,
    /// The label names a publication (`«Коммерсантъ»:`, `Le Monde :`): a
    /// body, whose turns are its interviewer's.
    pub(crate) outlet: bool,
}

fn kind_of(name: &str, all: &[Lexicon]) -> LabelKind {
    let trimmed = name.trim();
    if all.iter().any(|l| {
        l.unnamed_labels
            .iter()
            .any(|w| w.eq_ignore_ascii_case(trimmed))
    }) {
        LabelKind::Unnamed
    } else if all.iter().any(|l| {
        l.answer_labels
            .iter()
            .any(|w| w.eq_ignore_ascii_case(trimmed))
    }) {
        LabelKind::Answer
    } else {
        LabelKind::Named
    }
}

/// True when the lower-case word may stand inside a label's name: a name
/// particle (`van`) or a connector of titles (`of`, `the`, `y`).
fn is_connector(word: &str, all: &[Lexicon]) -> bool {
    crate::names::is_particle(word) || all.iter().any(|l| l.is_label_connector(word))
}

fn is_label_word(name: &str, all: &[Lexicon]) -> bool {
    let name = name.trim();
    all.iter()
        .any(|l| l.label_words.iter().any(|w| w.eq_ignore_ascii_case(name)))
}

/// True when `name` reads as a speaker name or title: short, capitalized
/// words and connectors only.
fn name_like(name: &str, all: &[Lexicon], lex: &Lexicon) -> bool {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 8 || name.len() > 90 {
        return false;
    }
    if is_label_word(name, all) {
        return true;
    }
    // The case test (table searches per char) only when the first word
    // may rule the name out.
    let all_caps = || name.chars().filter(|c| is_alpha(*c)).all(is_upper);
    if lex.is_not_name(tokens[0]) && tokens[0] != "The" && !all_caps() {
        return false;
    }
    let mut capitals = 0;
    for t in &tokens {
        let first = t.chars().next().unwrap_or(' ');
        if t.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    ',' | '"' | '«' | '»' | '“' | '”' | '?' | '!' | ';' | '(' | ')' | '[' | ']'
                )
        }) {
            return false;
        }
        if is_upper(first) {
            capitals += 1;
        } else if !is_connector(t, all) && !lex.is_role(t) {
            return false;
        }
    }
    let last = tokens.last().copied().unwrap_or("");
    let last_first = last.chars().next().unwrap_or(' ');
    // A title then a role in lower case (`Mme la présidente`, the French
    // parliamentary record's label for the chair).
    capitals >= 1 && (is_upper(last_first) || lex.is_role(last) && lex.is_title(tokens[0]))
}

/// Strips a trailing parenthetical note (`(retranslated)`); returns the
/// name part's length.
fn without_note(s: &str) -> &str {
    let t = s.trim_end();
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let note = &t[open + 1..t.len() - 1];
        if note.split_whitespace().count() <= 6 {
            return t[..open].trim_end();
        }
    }
    t
}

/// The person's name in a trailing parenthesis (`ANCHOR (JOHN BRAVO)`):
/// two to four capitalized words; with its offset in `head`.
fn named_note(head: &str) -> Option<(usize, &str)> {
    let t = head.trim_end().strip_suffix(')')?;
    let open = t.rfind('(')?;
    let note = &t[open + 1..];
    let words = note.split_whitespace().count();
    ((2..=4).contains(&words)
        && note.split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        }))
    .then_some((open + 1, note))
}

/// Strips a role after the name (`ANNA PRICE, HOST`, `Jane Doe, mayor of
/// Riverton`): a short comma-separated tail of capitalized words, role
/// nouns and connectors, after a name of two words or one in capitals with
/// no sentence break in it.
fn without_role<'s>(name: &'s str, all: &[Lexicon], lex: &Lexicon) -> &'s str {
    let Some((head, role)) = name.split_once(", ") else {
        return name;
    };
    let words = head.split_whitespace().count();
    let caps = head.chars().filter(|c| is_alpha(*c)).all(is_upper);
    let one_sentence = head.split_whitespace().all(|w| {
        w.strip_suffix('.').is_none_or(|stem| {
            stem.chars().count() == 1 || all.iter().any(|l| l.is_title_with_dot(stem))
        })
    });
    let role_words: Vec<&str> = role.split_whitespace().collect();
    // A role noun first takes its complement in lower case (`ministre de
    // l'économie`).
    let headed = role_words.first().is_some_and(|w| lex.is_role(w));
    let short_role = role_words.len() <= if headed { 6 } else { 4 }
        && !role.contains([',', '.', '!', '?', '"', '“', '«'])
        && (headed
            || role_words.iter().all(|w| {
                w.chars().next().is_some_and(is_upper) || is_connector(w, all) || lex.is_role(w)
            }));
    if short_role && one_sentence && (words >= 2 || caps) && name_like(head, all, lex) {
        head
    } else {
        name
    }
}

/// A label at the start of the paragraph `range`.
pub(crate) fn label_at(
    text: &str,
    range: &Range<usize>,
    all: &[Lexicon],
    lex: &Lexicon,
) -> Option<Label> {
    let s = &text[range.clone()];
    // Recording transcripts put a time code first (`[00:01:12] HOST: …`).
    let (base, s) = match timestamp_len(s) {
        Some(n) if s[n..].starts_with(is_space) => {
            let rest = s[n..].trim_start();
            (range.start + (s.len() - rest.len()), rest)
        }
        _ => (range.start, s),
    };
    let mut label = colon_label(text, base, s, all, lex)
        .or_else(|| period_label(base, s, all))
        .or_else(|| bare_label(base, s, all))
        .or_else(|| dash_label(base, s, all))
        .or_else(|| timed_label(base, s, all, lex))?;
    let name = &text[label.name.clone()];
    if addressee(name, all) || enumeration(name, all) {
        return None;
    }
    // The time code belongs to the label, not to the previous turn.
    label.whole.start = range.start;
    Some(label)
}

/// True when a label's name is whom a letter quoted in the text speaks
/// to, not who speaks: a salutation (`SIR:`, `Dear Doctor Herran:`).
fn addressee(name: &str, all: &[Lexicon]) -> bool {
    all.iter().any(|l| {
        l.salutations.iter().any(|w| w.eq_ignore_ascii_case(name))
            || l.salutation_openers.iter().any(|w| {
                name.len() > w.len()
                    && name.is_char_boundary(w.len())
                    && name[..w.len()].eq_ignore_ascii_case(w)
                    && name[w.len()..].starts_with(' ')
            })
    })
}

/// True when a label's name numbers a point or a section (`II.`,
/// `Third:`, `SEC. 2002.`, `Article IV.`): a Roman numeral of `I`, `V`
/// and `X`, or a word of the lexicons' `enumerations` alone or before a
/// number.
fn enumeration(name: &str, all: &[Lexicon]) -> bool {
    let roman =
        |w: &str| (2..=6).contains(&w.len()) && w.bytes().all(|b| matches!(b, b'I' | b'V' | b'X'));
    let number = |w: &str| roman(w) || w == "I" || w.bytes().all(|b| b.is_ascii_digit());
    let mut words = name.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let listed = |w: &str| {
        all.iter()
            .any(|l| l.enumerations.iter().any(|e| e.eq_ignore_ascii_case(w)))
    };
    match (words.next(), words.next()) {
        (None, _) => roman(first) || listed(first),
        (Some(second), None) => listed(first) && number(second),
        _ => false,
    }
}

/// The last word of a label's name that is an honorific before titles
/// only (`Mr. President:`, `MADAM SPEAKER.`): an address to someone, not
/// a speaker, unless the text names someone so (`MR. CHANCELLOR:` for
/// John Chancellor), which the caller checks.
pub(crate) fn vocative<'s>(name: &'s str, all: &[Lexicon]) -> Option<&'s str> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    let folded = crate::analysis::fold(first.trim_end_matches('.'));
    if !crate::names::is_honorific(&folded) {
        return None;
    }
    let mut last = None;
    for w in words {
        if !all.iter().any(|l| l.is_title(w) || l.is_role(w)) {
            return None;
        }
        last = Some(w);
    }
    last
}

/// A hearing heading that puts a prepared statement in the record
/// (`STATEMENT OF DR. NAME, DIRECTOR, …`) at the paragraph `range`: a label
/// whose name is the person's (up to the first comma) and whose turn
/// starts after the heading, which no turn before it runs across.
pub(crate) fn statement_heading(range: &Range<usize>, s: &str, lex: &Lexicon) -> Option<Label> {
    if !s.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        || s.ends_with(['.', '!', '?', ':', ';'])
    {
        return None;
    }
    let opening = lex
        .statement_headings
        .iter()
        .find(|h| s.starts_with(h.as_str()) && s[h.len()..].starts_with(' '))?;
    let start = opening.len() + 1;
    let name = s[start..].split(',').next().unwrap_or("").trim_end();
    let words = name.split_whitespace().count();
    if !(1..=6).contains(&words) || name.chars().any(is_lower) {
        return None;
    }
    Some(Label {
        whole: range.clone(),
        name: range.start + start..range.start + start + name.len(),
        body: range.end,
        kind: LabelKind::Named,
        outlet: false,
    })
}

/// The length of a time code at the start of `s`: `00:04`, `1:02:03`,
/// optionally in parentheses or brackets (`(00:04)`, `[00:01:12]`).
fn timestamp_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let close = match bytes.first()? {
        b'(' => Some(b')'),
        b'[' => Some(b']'),
        _ => None,
    };
    let mut i = usize::from(close.is_some());
    let mut groups = 0;
    loop {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        i += digits;
        groups += 1;
        if bytes.get(i) == Some(&b':') && groups < 3 {
            i += 1;
        } else {
            break;
        }
    }
    if groups < 2 {
        return None;
    }
    match close {
        Some(c) if bytes.get(i) == Some(&c) => Some(i + 1),
        Some(_) => None,
        None => Some(i),
    }
}

/// True when the paragraph `s` carries a transcript time code: first
/// (`[00:01:12] HOST: …`), right after a label (`Joe Biden: (00:04)`) or
/// after a name without a colon (`Jane Doe  0:45`).
pub(crate) fn has_time_code(s: &str) -> bool {
    timestamp_len(s).is_some()
        || label_colon(s)
            .is_some_and(|k| k < 100 && timestamp_len(s[k + 1..].trim_start()).is_some())
        || timed_name_len(s).is_some()
}

/// A name then a time code with no colon, the turn's text on the next
/// line (`Jane Doe  0:45`, `Jane Doe [00:01:15]`, the export of recording
/// transcription services): the name's length and where the text starts.
/// A bare time code must be set off by two spaces or a tab, a bracketed
/// one by any space: one space before a bare time is ordinary prose
/// (`News 18:30` in a schedule).
fn timed_name_len(s: &str) -> Option<(usize, usize)> {
    // The names are short: a gap within the first 64 bytes, then the time
    // code, whose colon follows a digit (most paragraphs have none: one
    // byte scan rules them out).
    let head = &s.as_bytes()[..s.len().min(80)];
    let colon = memchr::memchr(b':', head)?;
    if colon == 0 || !head[colon - 1].is_ascii_digit() {
        return None;
    }
    let window = &s.as_bytes()[..s.len().min(64)];
    let gap = window.iter().position(|&b| b == b'\t' || b == b' ')?;
    if gap == 0 {
        return None;
    }
    let spaces = window[gap..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    // The first gap may be between two words of the name: try each gap.
    let mut at = gap;
    let mut spaces = spaces;
    loop {
        let code_at = at + spaces;
        let rest = s.get(code_at..)?;
        if let Some(n) = timestamp_len(rest) {
            let wide = spaces >= 2
                || window[at] == b'\t'
                || rest.starts_with(['(', '['])
                || s[..at].ends_with(['\t']);
            let after = &rest[n..];
            if wide && (after.is_empty() || after.starts_with(is_space)) {
                return Some((at, code_at + n + (after.len() - after.trim_start().len())));
            }
            return None;
        }
        // The next gap, within the window.
        let next = window[code_at..]
            .iter()
            .position(|&b| b == b'\t' || b == b' ')?
            + code_at;
        at = next;
        spaces = window[at..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
    }
}

/// A label of a name then a time code (`Jane Doe  0:45`), see
/// [`timed_name_len`]; the name reads as a name or a numbered speaker.
fn timed_label(base: usize, s: &str, all: &[Lexicon], lex: &Lexicon) -> Option<Label> {
    let (name_len, body) = timed_name_len(s)?;
    let name = &s[..name_len];
    let numbered = numbered_speaker(name, all);
    if !numbered && (name.contains(':') || !name_like(name, all, lex)) {
        return None;
    }
    Some(Label {
        whole: base..base + body.min(s.len()),
        name: base..base + name_len,
        body: base + body.min(s.len()),
        kind: if numbered {
            LabelKind::Unnamed
        } else {
            kind_of(name, all)
        },
        outlet: false,
    })
}

/// Numbered anonymous speakers of recording transcripts (`Speaker 3`).
fn numbered_speaker(name: &str, all: &[Lexicon]) -> bool {
    name.trim().rsplit_once(' ').is_some_and(|(word, n)| {
        !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()) && {
            let word = word.trim();
            is_label_word(word, all) && kind_of(word, all) == LabelKind::Unnamed
        }
    })
}

/// The first colon of `s` that is not inside a time code (`00:04`).
fn label_colon(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    s.match_indices(':').map(|(k, _)| k).find(|&k| {
        !(k > 0
            && bytes[k - 1].is_ascii_digit()
            && bytes.get(k + 1).is_some_and(u8::is_ascii_digit))
    })
}

/// A questioner's label written without punctuation (`Q Thank you, …`, the
/// White House style): only the words a lexicon lists as `bare_labels`,
/// followed by a space and a capital.
fn bare_label(base: usize, s: &str, all: &[Lexicon]) -> Option<Label> {
    let (word, rest) = s.split_once(' ')?;
    if !all.iter().any(|l| l.bare_labels.iter().any(|b| b == word)) {
        return None;
    }
    let body_off = rest.len() - rest.trim_start().len();
    let first = rest.trim_start().chars().next()?;
    if !(is_upper(first) || matches!(first, '"' | '“' | '\'' | '‘' | '(')) {
        return None;
    }
    Some(Label {
        whole: base..base + word.len(),
        name: base..base + word.len(),
        body: base + word.len() + 1 + body_off,
        kind: kind_of(word, all),
        outlet: false,
    })
}

/// A question or answer label set off by a dash instead of a colon (`P -
/// Porque…`, `R – Sim…`, the Portuguese press's style): only the lexicons'
/// label words, a spaced dash, then a capital or an opening mark.
fn dash_label(base: usize, s: &str, all: &[Lexicon]) -> Option<Label> {
    let (word, rest) = s.split_once(' ')?;
    // The dash first: most paragraphs fail there, before the word lists.
    let dash = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—'))?;
    if word.len() > 12 || !is_label_word(word, all) {
        return None;
    }
    let after = rest[dash.len_utf8()..].strip_prefix(' ')?;
    let body_off = s.len() - after.trim_start().len();
    let first = after.trim_start().chars().next()?;
    if !(is_upper(first) || matches!(first, '"' | '“' | '«' | '¿' | '¡')) {
        return None;
    }
    Some(Label {
        whole: base..base + word.len() + 1 + dash.len_utf8(),
        name: base..base + word.len(),
        body: base + body_off,
        kind: kind_of(word, all),
        outlet: false,
    })
}

fn colon_label(text: &str, base: usize, s: &str, all: &[Lexicon], lex: &Lexicon) -> Option<Label> {
    let limit = s.len().min(140);
    let mut cut = limit;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    let colon = label_colon(&s[..cut])?;
    let after = &s[colon + 1..];
    if !(after.is_empty() || after.starts_with(is_space)) {
        return None;
    }
    // A time code after the label (`Joe Biden: (00:04)`); the turn may then
    // start on the next line.
    let timed = timestamp_len(after.trim_start());
    let after_code = match timed {
        Some(n) => &after.trim_start()[n..],
        None => after,
    };
    let head = &s[..colon];
    // Parliamentary records put the label on a line of its own
    // (`Präsidentin Name:`, the speech below): only a label that cannot be
    // a heading or a field (`Teilnehmer:`), i.e. with a title, a role or a
    // full name, and only when text follows.
    let alone = after_code.trim().is_empty() && timed.is_none();
    if alone && (base + s.len() >= text.len() || !standalone_label(head, all, lex)) {
        return None;
    }
    let mut name = without_role(without_note(head), all, lex);
    // `ANCHOR (JOHN BRAVO):`: a label word names the function, the note
    // the person.
    let mut from = 0;
    if is_label_word(name, all)
        && let Some((at, note)) = named_note(head)
    {
        (from, name) = (at, note);
    }
    // A publication asking the questions, in quotation marks
    // (`«Коммерсантъ»:`): the name within them.
    let mut outlet = false;
    if let Some(inner) = quoted_name(name) {
        from += name.find(inner).unwrap_or(0);
        name = inner;
        outlet = true;
    }
    let field = name.trim();
    outlet = outlet || outlet_name(field, all, lex);
    let numbered = numbered_speaker(name, all);
    if !numbered && !outlet && !name_like(name, all, lex) {
        return None;
    }
    if all
        .iter()
        .any(|l| l.field_labels.iter().any(|f| f.eq_ignore_ascii_case(field)))
    {
        return None;
    }
    let name_start = base + from + (name.len() - name.trim_start().len());
    let body = base + (s.len() - after_code.trim_start().len());
    Some(Label {
        whole: base..base + colon + 1,
        name: name_start..base + from + name.len(),
        body,
        kind: if numbered {
            LabelKind::Unnamed
        } else {
            kind_of(name, all)
        },
        outlet,
    })
}

/// The name inside quotation marks wrapping the whole label (`«Вечерний
/// город»`, `„Die Welt“`), when there is one.
fn quoted_name(name: &str) -> Option<&str> {
    let name = name.trim();
    let open = name.chars().next()?;
    let close = match open {
        '«' => '»',
        '„' => '“',
        '“' => '”',
        '"' => '"',
        _ => return None,
    };
    let inner = name[open.len_utf8()..].strip_suffix(close)?;
    (!inner.is_empty() && !inner.contains([open, close])).then_some(inner)
}

/// True when a label's name is a publication's: an article, then
/// capitalized words that are no title nor role (`La Gazette du Sud`, not
/// `Le Président`).
fn outlet_name(name: &str, all: &[Lexicon], lex: &Lexicon) -> bool {
    let Some(article) = name.split_whitespace().next() else {
        return false;
    };
    // An elided article is glued to the name (`L'Express`).
    let elided = article
        .find(['\'', '’'])
        .map(|k| k + article[k..].chars().next().map_or(1, char::len_utf8))
        .filter(|&k| lex.is_outlet_article(&article[..k]));
    let rest = match elided {
        Some(k) => &name[k..],
        None if lex.is_outlet_article(article) => name[article.len()..].trim_start(),
        None => return false,
    };
    let Some(first) = rest.split_whitespace().next() else {
        return false;
    };
    first.starts_with(is_upper)
        && !lex.is_title(first)
        && !lex.is_role(first)
        && !is_label_word(rest, all)
        && rest.split_whitespace().count() <= 5
        && rest.split_whitespace().all(|w| {
            (w.starts_with(is_upper) || is_connector(w, all))
                && w.chars()
                    .all(|c| is_alpha(c) || matches!(c, '-' | '\'' | '’' | '.'))
        })
}

/// True when a label alone on its line reads as a speaker's: a title or
/// role in it (`Präsidentin Name`, `Marszałek`, `Poseł Name`), a name of
/// two words or more (`Dr. Anna Weber (CDU/CSU)`), or a label word.
fn standalone_label(head: &str, all: &[Lexicon], lex: &Lexicon) -> bool {
    let name = without_note(head);
    let words = name.split_whitespace().count();
    words >= 2
        || is_label_word(name, all)
        || name
            .split_whitespace()
            .any(|w| lex.is_title(w) || lex.is_role(&w.to_lowercase()))
}

/// True when the word in capitals before a dot is an abbreviation (`MR.`,
/// `U.S.`), not the end of a period label.
fn caps_abbreviation(word: &str, all: &[Lexicon]) -> bool {
    all.iter()
        .any(|l| l.caps_abbreviations.iter().any(|a| a == word))
}

fn period_label(base: usize, s: &str, all: &[Lexicon]) -> Option<Label> {
    let mut end = None;
    let mut pos = 0;
    // A doubled dot (`THE MODERATOR..`, a typo) is no part of the name.
    let mut dots = 1;
    for tok in s.split(' ') {
        if tok.is_empty() {
            return None;
        }
        let word = tok.trim_end_matches('.');
        if word.is_empty()
            || !word
                .chars()
                .all(|c| is_upper(c) || matches!(c, '-' | '\'' | '.'))
            || !word.chars().any(is_alpha)
        {
            return None;
        }
        pos += tok.len();
        // A middle initial (`EDWIN M. STANTON`) ends no label.
        let initial = pos > tok.len() && word.len() == 1 && tok.len() == 2;
        if tok.ends_with('.') && !caps_abbreviation(word, all) && !initial {
            end = Some(pos);
            dots = tok.len() - word.len();
            break;
        }
        pos += 1;
        if pos > 60 {
            return None;
        }
    }
    let end = end?;
    let name = &s[..end - dots];
    // A lone function word (`THE. PRESIDENT.` typos) is no speaker; one
    // letter is a speaker only as a label word (`Q.`, `A.`).
    if all.iter().any(|l| l.not_labels.iter().any(|w| w == name)) {
        return None;
    }
    let letters = name.chars().filter(|c| is_alpha(*c)).count();
    if letters < 2 && !is_label_word(name, all) {
        return None;
    }
    let rest = &s[end..];
    let body_off = rest.len() - rest.trim_start().len();
    // `ALEX. W. RANDALL,`: a signature's abbreviated given name, then
    // initials; no turn opens with an initial.
    let after = rest.trim_start().as_bytes();
    if after.len() > 2
        && after[0].is_ascii_uppercase()
        && after[1] == b'.'
        && after[2] == b' '
        && !is_label_word(name, all)
    {
        return None;
    }
    let first = rest.trim_start().chars().next()?;
    if !(is_upper(first)
        || first.is_ascii_digit()
        || matches!(first, '"' | '“' | '«' | '\'' | '‘' | '(' | '[' | '—' | '–'))
    {
        return None;
    }
    Some(Label {
        whole: base..base + end,
        name: base..base + end - dots,
        body: base + end + body_off,
        kind: kind_of(name, all),
        outlet: false,
    })
}

/// A label candidate in prose case ending with a period (`The President.`,
/// `Governor Clinton.`) at the start of the paragraph `range` (text `s`):
/// a few name-like words, then a sentence. It reads like a short sentence,
/// so the caller keeps it only when it recurs.
pub(crate) fn prose_period_label(
    range: &Range<usize>,
    s: &str,
    all: &[Lexicon],
    lex: &Lexicon,
) -> Option<Label> {
    let mut pos = 0;
    let mut end = None;
    // Up to a role after the name (`M. Name, ministre de l'économie.`).
    for tok in s.split(' ').take(9) {
        pos += tok.len();
        if let Some(word) = tok.strip_suffix('.') {
            let initial = word.chars().count() == 1;
            if !initial && !all.iter().any(|l| l.is_title_with_dot(word)) {
                end = Some(pos);
                break;
            }
        }
        pos += 1;
    }
    let end = end?;
    let name = without_role(&s[..end - 1], all, lex);
    if name.chars().all(|c| !is_lower(c)) || !name_like(name, all, lex) {
        return None;
    }
    // One word is a label only as a label word or a title (`Moderator.`):
    // `Yeah.`, `Third.` open paragraphs too.
    if !name.contains(' ') && !is_label_word(name, all) && !lex.is_title(name) && !lex.is_role(name)
    {
        return None;
    }
    let rest = &s[end..];
    let first = rest.strip_prefix(' ')?.chars().next()?;
    if !(is_upper(first) || matches!(first, '"' | '“' | '\'' | '‘' | '[' | '(')) {
        return None;
    }
    Some(Label {
        whole: range.start..range.start + end,
        name: range.start..range.start + name.len(),
        body: range.start + end + 1,
        kind: kind_of(name, all),
        outlet: false,
    })
}

/// Inline labels of flattened transcripts: `… составе В.Соколов: Уважаемый …`,
/// `М.Диас-Канель Бермудес (как переведено) : …`. Only the initial-dot form
/// is recognized inline: it is distinctive enough not to need a line start.
pub(crate) fn inline_labels(
    text: &str,
    range: &Range<usize>,
    all: &[Lexicon],
    lex: &Lexicon,
) -> Vec<Label> {
    let s = &text[range.clone()];
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    // Dots are found with `memchr`'s vector search: every dot of the text
    // is a candidate, and a byte-at-a-time search was a visible share of the
    // parse. After a label, the search resumes past its colon.
    let mut search = 0;
    for dot in memchr::memchr_iter(b'.', bytes) {
        if dot < search {
            continue;
        }
        search = dot + 1;
        // X.Surname: one uppercase letter, a dot, an uppercase letter.
        let Some(initial) = s[..dot].chars().next_back() else {
            continue;
        };
        if !is_upper(initial) {
            continue;
        }
        let start = dot - initial.len_utf8();
        if start > 0 && !s[..start].ends_with([' ', '\u{a0}']) {
            continue;
        }
        if !s[dot + 1..].starts_with(is_upper) {
            continue;
        }
        // The label ends at the first colon within a short distance.
        let window_end = (dot + 120).min(s.len());
        let mut we = window_end;
        while !s.is_char_boundary(we) {
            we -= 1;
        }
        let Some(colon_rel) = s[dot..we].find(':') else {
            continue;
        };
        let colon = dot + colon_rel;
        if bytes
            .get(colon + 1)
            .is_some_and(|b| !b.is_ascii_whitespace())
        {
            continue;
        }
        let head = &s[start..colon];
        let name = without_note(head);
        let tokens = name.split_whitespace().count();
        if tokens == 0 || tokens > 4 || !name_like(name, all, lex) {
            continue;
        }
        let after = &s[colon + 1..];
        let body = colon + 1 + (after.len() - after.trim_start().len());
        if body >= s.len() {
            continue;
        }
        out.push(Label {
            whole: range.start + start..range.start + colon + 1,
            name: range.start + start..range.start + start + name.len(),
            body: range.start + body,
            kind: kind_of(name, all),
            outlet: false,
        });
        search = colon + 1;
    }
    out
}

/// The length of a dash or quotation marker opening an interview turn.
pub(crate) fn dash_marker(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    match first {
        '–' | '—' | '―' | '-' => {
            let rest = &s[first.len_utf8()..];
            if rest.starts_with('-') {
                return None;
            }
            Some(first.len_utf8() + (rest.len() - rest.trim_start().len()))
        }
        _ => None,
    }
}

/// True when the paragraph opens with a quotation mark.
pub(crate) fn quote_marker(s: &str) -> bool {
    s.starts_with(['"', '“', '«', '„'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{all, for_language};

    fn name(s: &str) -> Option<String> {
        label_at(s, &(0..s.len()), all(), for_language("en")).map(|l| s[l.name].to_string())
    }

    #[test]
    fn labels() {
        assert_eq!(name("Anna Berg: I would like"), Some("Anna Berg".into()));
        assert_eq!(
            name("President of France Jean Morel (retranslated): Thank you"),
            Some("President of France Jean Morel".into())
        );
        assert_eq!(
            name("THE PRESIDENT. Good afternoon"),
            Some("THE PRESIDENT".into())
        );
        assert_eq!(name("Q. Mr. President, will you"), Some("Q".into()));
        assert_eq!(name("MR. SALINGER. Thank you"), Some("MR. SALINGER".into()));
        assert_eq!(name("Question: Good afternoon"), Some("Question".into()));
        assert_eq!(
            name("But this question has a second part: \"Do you\""),
            None
        );
        assert_eq!(name("Berg said: \"We are ready\""), None);
        assert_eq!(name("U.S. policy is clear."), None);
        assert_eq!(name("Q Thank you. Will you"), Some("Q".into()));
        assert_eq!(name("Joe Biden: (00:04)"), Some("Joe Biden".into()));
        assert_eq!(name("[00:01:12] HOST: Welcome back"), Some("HOST".into()));
        assert_eq!(
            name("Anna Berg (01:02:03): Thank you"),
            Some("Anna Berg".into())
        );
        assert_eq!(name("At 10:30: the meeting starts"), None);
        assert_eq!(
            name("Speaker 3: (02:01) What about"),
            Some("Speaker 3".into())
        );
        assert_eq!(name("Chapter 3: The war begins"), None);
        assert_eq!(name("Jane Doe  0:45"), Some("Jane Doe".into()));
        assert_eq!(
            name("Jane Doe  0:45 Thanks for having me."),
            Some("Jane Doe".into())
        );
        assert_eq!(name("Jane Doe [00:01:15]"), Some("Jane Doe".into()));
        assert_eq!(name("Speaker 1\t12:04"), Some("Speaker 1".into()));
        assert_eq!(name("News 18:30"), None);
        assert_eq!(name("The match starts at  18:30"), None);
        assert_eq!(name("Q fever is spreading."), None);
        assert_eq!(name("A Senate panel said"), None);
        assert_eq!(name("Q - Will you run?"), Some("Q".into()));
        assert_eq!(name("Paris - The talks resumed"), None);
    }

    #[test]
    fn inline() {
        let s = "Москва В.Соколов: Уважаемый товарищ! Добро пожаловать! М.Диас-Канель Бермудес (как переведено) : Дорогой Президент";
        let labels = inline_labels(s, &(0..s.len()), all(), for_language("ru"));
        let names: Vec<&str> = labels.iter().map(|l| &s[l.name.clone()]).collect();
        assert_eq!(names, vec!["В.Соколов", "М.Диас-Канель Бермудес"]);
    }
}
