//! Page layout: paragraphs (hard wraps and page-break splits joined),
//! boilerplate, title and outlet.

use crate::chars::{Lower, is_alnum, is_alpha, is_lower};
use foldhash::HashMap;
use std::ops::Range;

use crate::bytescan::ByteScan;
use crate::lexicon::Lexicon;

/// One paragraph of the normalized text.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// Byte range, trimmed of surrounding whitespace; never empty.
    pub(crate) range: Range<usize>,
    /// Navigation, appeals, credits and the like: never a statement source.
    pub(crate) boiler: bool,
    /// The headline paragraph.
    pub(crate) title: bool,
}

/// The page as paragraphs, with its metadata.
#[derive(Debug)]
pub(crate) struct Layout {
    pub(crate) paras: Vec<Para>,
    pub(crate) title: String,
    pub(crate) outlet: Option<String>,
}

/// Characters that end a sentence (closing quotes and brackets looked through).
fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end_matches(['"', '\'', '»', '”', '’', ')', ']', '*', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', ':', ';'])
}

/// Word count (whitespace-separated runs holding a letter or digit),
/// stopping at `limit`. ASCII and the Cyrillic letters of lead bytes 0xD0
/// and 0xD1 are read off a byte; other chars are decoded.
fn word_count_upto(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() && count < limit {
        let b = bytes[i];
        let (space, alnum, len) = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => (true, false, 1),
            0..0x80 => (false, b.is_ascii_alphanumeric(), 1),
            0xD0 | 0xD1 => (false, true, 2),
            _ => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), is_alnum(c), c.len_utf8())
            }
        };
        if space {
            in_word = false;
        } else {
            if !in_word {
                in_word = true;
                counted = false;
            }
            if alnum && !counted {
                counted = true;
                count += 1;
            }
        }
        i += len;
    }
    count
}

fn word_count(s: &str) -> usize {
    word_count_upto(s, usize::MAX)
}

/// Trimmed sub-range of `text[range]`.
fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    start..end.max(start)
}

/// Splits the text into raw paragraphs, joining hard-wrapped lines in place
/// (newlines inside a paragraph become spaces: same length, so offsets hold).
fn split_paragraphs(text: &mut String) -> Vec<Range<usize>> {
    let lines: Vec<Range<usize>> = {
        let mut v = Vec::new();
        let mut start = 0;
        for piece in crate::bytescan::lines_inclusive(text) {
            let end = start + piece.len();
            v.push(start..end - usize::from(piece.ends_with('\n')));
            start = end;
        }
        v
    };
    let nonempty: Vec<&Range<usize>> = lines
        .iter()
        .filter(|r| !text[(*r).clone()].trim().is_empty())
        .collect();
    let blank = lines.len() - nonempty.len();
    // Hard-wrapped text: blank lines separate paragraphs, and most lines are
    // of similar, moderate length without a sentence end.
    let mut followed = 0;
    let mut open_end = 0;
    for w in lines.windows(2) {
        let a = text[w[0].clone()].trim();
        let b = text[w[1].clone()].trim();
        if !a.is_empty() && !b.is_empty() {
            followed += 1;
            if !ends_sentence(a) {
                open_end += 1;
            }
        }
    }
    // The median line length (in chars) is the costly test: last.
    let median = || {
        let mut lens: Vec<usize> = nonempty
            .iter()
            .map(|r| text[(*r).clone()].chars().count())
            .collect();
        lens.sort_unstable();
        lens.get(lens.len() / 2).copied().unwrap_or(0)
    };
    let wrapped = blank > 0
        && nonempty.len() >= 4
        && followed * 2 >= nonempty.len()
        && open_end * 3 >= followed
        && (30..=110).contains(&median());
    let mut paras = Vec::new();
    if wrapped {
        let mut current: Option<Range<usize>> = None;
        for line in &lines {
            if text[line.clone()].trim().is_empty() {
                if let Some(p) = current.take() {
                    paras.push(p);
                }
            } else {
                current = Some(match current {
                    Some(p) => p.start..line.end,
                    None => line.clone(),
                });
            }
        }
        paras.extend(current);
        let breaks: Vec<usize> = paras
            .iter()
            .flat_map(|p| {
                text[p.clone()]
                    .match_indices('\n')
                    .map(|(k, _)| p.start + k)
            })
            .collect();
        replace_ascii(text, &breaks, " ");
    } else {
        paras.extend(nonempty.into_iter().cloned());
    }
    paras
        .into_iter()
        .map(|r| trim_range(text, r))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Separators of navigation runs (`Back to news » Back to news » …`).
const NAV_SEPARATORS: &[char] = &['»', '›', '|', '·', '•', '>'];

/// The bytes a separator starts with: `|`, `>` and the lead bytes 0xC2,
/// 0xE2.
const SEPARATOR_BYTES: &[u8] = b"|>\xC2\xE2";

/// Finds runs of one short phrase repeated with a separator inside a
/// paragraph; returns the byte ranges to cut out.
fn navigation_runs(text: &str, range: &Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    // Segments end just after a separator that stands alone between spaces.
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut seg_start = 0;
    // Every separator is `|`, `>` or starts with the lead byte 0xC2 or 0xE2:
    // other bytes are skipped without decoding.
    let mut separators = ByteScan::new(s.as_bytes(), SEPARATOR_BYTES);
    let mut from = 0;
    while let Some(i) = separators.find(from) {
        from = i + 1;
        let c = s[i..].chars().next().unwrap_or(' ');
        if NAV_SEPARATORS.contains(&c) {
            let before = s[..i].ends_with(' ');
            let after = s[i + c.len_utf8()..].starts_with(' ') || i + c.len_utf8() == s.len();
            if before && after {
                segments.push(seg_start..i + c.len_utf8());
                seg_start = i + c.len_utf8();
            }
        }
    }
    let mut runs = Vec::new();
    // A run takes three segments: most paragraphs have one, never lowercased.
    if segments.len() < 3 {
        return runs;
    }
    let mut i = 0;
    while i < segments.len() {
        let key = |r: &Range<usize>| s[r.clone()].trim().lower();
        let k = key(&segments[i]);
        let mut j = i + 1;
        while j < segments.len() && key(&segments[j]) == k {
            j += 1;
        }
        if j - i >= 3 && word_count(&k) <= 8 {
            runs.push(range.start + segments[i].start..range.start + segments[j - 1].end);
        }
        i = j;
    }
    runs
}

/// True when a short paragraph is page furniture by its shape alone.
fn furniture(s: &str, words: usize) -> bool {
    // A bare domain name or URL.
    if !s.contains(' ')
        && (s.contains("://")
            || (s.contains('.')
                && s.chars().filter(|c| is_alpha(*c)).count() > 3
                && !s.ends_with('.')))
    {
        return true;
    }
    // Reading time: "5 min read", "44-56 minutes", "Время чтения 3 мин".
    if words <= 5 && s.chars().any(|c| c.is_ascii_digit()) && {
        let lower = s.lower();
        lower.contains("min") || lower.contains("мин")
    } {
        return true;
    }
    // A date or time stamp alone.
    words <= 4
        && s.chars().filter(|c| c.is_ascii_digit()).count() * 2
            >= s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Builds the layout; `lex` gives the boilerplate phrases of the language.
pub(crate) fn layout(text: &mut String, lex: &Lexicon, all: &[Lexicon]) -> Layout {
    let raw = split_paragraphs(text);
    let text: &str = text;
    let mut paras: Vec<Para> = Vec::new();
    for r in raw {
        let runs = navigation_runs(text, &r);
        let mut pos = r.start;
        for run in runs {
            let before = trim_range(text, pos..run.start);
            if !before.is_empty() {
                paras.push(Para {
                    range: before,
                    boiler: false,
                    title: false,
                });
            }
            paras.push(Para {
                range: run.clone(),
                boiler: true,
                title: false,
            });
            pos = run.end;
        }
        let mut rest = trim_range(text, pos..r.end);
        // A leftover heading tag name (`h4 `) after a navigation run.
        if pos != r.start {
            let s = &text[rest.clone()];
            if s.len() > 3
                && s.as_bytes()[0] == b'h'
                && s.as_bytes()[1].is_ascii_digit()
                && s.as_bytes()[2] == b' '
            {
                rest = trim_range(text, rest.start + 3..rest.end);
            }
        }
        if !rest.is_empty() {
            paras.push(Para {
                range: rest,
                boiler: false,
                title: false,
            });
        }
    }
    let phrase_lexicons: Vec<&Lexicon> = std::iter::once(lex)
        .chain(all.iter().filter(|l| l.code == "en" && l.code != lex.code))
        .collect();
    // Repetition: a short paragraph seen three times is navigation, unless
    // it ends with a colon: a speaker's label on its own line recurs
    // (`Präsidentin Name:` in a parliamentary record).
    // Word counts (up to 81: enough for every decision below), once.
    let counts: Vec<usize> = paras
        .iter()
        .map(|p| word_count_upto(&text[p.range.clone()], 81))
        .collect();
    let mut seen: HashMap<&str, usize> = HashMap::default();
    for (p, &words) in paras.iter().zip(&counts) {
        let s = &text[p.range.clone()];
        if words <= 12 && !s.ends_with(':') {
            *seen.entry(s).or_default() += 1;
        }
    }
    let n = paras.len();
    let mut appeal_from = usize::MAX;
    for (i, p) in paras.iter_mut().enumerate() {
        let s = &text[p.range.clone()];
        let words = counts[i];
        if words > 80 {
            // Long paragraphs are body text: no phrase test needed.
            continue;
        }
        let hits: usize = phrase_lexicons.iter().map(|l| l.boilerplate_hits(s)).sum();
        if furniture(s, words)
            || seen.get(s).copied().unwrap_or(0) >= 3
            || (hits >= 1 && words <= 12)
            || (hits >= 3 && words <= 80)
        {
            p.boiler = true;
        }
        if i * 2 >= n
            && appeal_from == usize::MAX
            && words <= 15
            && phrase_lexicons.iter().any(|l| l.opens_appeal(s))
        {
            appeal_from = i;
        }
    }
    // An appeal to readers near the end runs to the end of the page, headed
    // by the line just before it when that line introduces it (ends with ':').
    if appeal_from != usize::MAX {
        let mut from = appeal_from;
        if from > 0
            && text[paras[from - 1].range.clone()].ends_with(':')
            && word_count(&text[paras[from - 1].range.clone()]) <= 10
        {
            from -= 1;
        }
        for p in &mut paras[from..] {
            p.boiler = true;
        }
    }
    // Title: the longest headline-shaped paragraph before the body starts.
    let mut best: Option<(usize, usize, bool)> = None;
    for (i, p) in paras.iter().enumerate() {
        if p.boiler {
            continue;
        }
        let s = &text[p.range.clone()];
        let words = word_count_upto(s, 31);
        if words > 30 || ends_sentence(s) || s.ends_with(',') || crate::turns::has_time_code(s) {
            break;
        }
        // "President: Lyndon B. Johnson" is a header, not a headline.
        let header = s
            .split_once(": ")
            .is_some_and(|(role, _)| lex.is_title(role.trim()) || lex.is_role(role.trim()));
        // A credit line (`Delivered by Name, …`) names no subject.
        let credit = || {
            let head = s.get(..s.len().min(24)).unwrap_or(s).lower();
            phrase_lexicons.iter().any(|l| {
                l.credit_openers
                    .iter()
                    .any(|c| head.starts_with(c.as_str()))
            })
        };
        // Headings in capitals on consecutive lines: the first is the
        // title, the next a subheading (`HEARING BEFORE THE SUBCOMMITTEE…`).
        let caps = || !s.chars().any(char::is_lowercase);
        if words >= 2
            && !header
            && best.is_none_or(|(_, w, c)| words > w && !(c && caps()))
            && !credit()
        {
            best = Some((i, words, caps()));
        }
    }
    let mut title = String::new();
    let mut outlet = None;
    if let Some((i, _, _)) = best {
        paras[i].title = true;
        let s = &text[paras[i].range.clone()];
        // A markdown heading's marks are no part of the title.
        title = s.trim_start_matches('#').trim_start().to_string();
        for sep in [" • ", " | ", " · ", " :: "] {
            if let Some(at) = s.rfind(sep) {
                let (head, tail) = (&s[..at], &s[at + sep.len()..]);
                if word_count(tail) <= 6 && word_count(head) >= 2 {
                    title = head.trim().to_string();
                    outlet = Some(tail.trim().to_string());
                    break;
                }
            }
        }
        // The headline repeated later (page footers) is not body text.
        let key = s.to_string();
        for p in paras.iter_mut().skip(i + 1) {
            if text[p.range.clone()] == key {
                p.boiler = true;
            }
        }
    }
    if outlet.is_none() {
        outlet = paras
            .iter()
            .take(4)
            .map(|p| &text[p.range.clone()])
            .find(|s| {
                !s.contains(' ') && s.contains('.') && !s.ends_with('.') && !s.contains("://")
            })
            .map(str::to_string);
    }
    Layout {
        paras,
        title,
        outlet,
    }
}

/// Joins paragraphs broken in mid-sentence (page-break artifacts): the
/// previous one is long and ends without a sentence end, the next starts in
/// lower case or continues a long line. Returns groups of paragraph indices.
pub(crate) fn join_broken(
    text: &mut String,
    paras: &mut Vec<Para>,
    starts_turn: &dyn Fn(&str) -> bool,
) {
    // What the decision needs, read before the text is edited: last and
    // first characters, length, and whether a paragraph opens a turn.
    let info: Vec<(char, char, bool)> = paras
        .iter()
        .map(|p| {
            let s = &text[p.range.clone()];
            let head_end = (0..=s.len().min(160))
                .rev()
                .find(|&k| s.is_char_boundary(k))
                .unwrap_or(0);
            (
                s.chars().next_back().unwrap_or('.'),
                s.chars().next().unwrap_or('A'),
                starts_turn(&s[..head_end]),
            )
        })
        .collect();
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    let mut out_last: Vec<(char, usize)> = Vec::with_capacity(paras.len());
    let mut breaks: Vec<usize> = Vec::new();
    for (p, (last_c, first_c, turn)) in paras.drain(..).zip(info) {
        if let (Some(prev), Some(&(last, prev_len))) = (out.last_mut(), out_last.last()) {
            let long = prev_len >= 120;
            let joinable = !prev.boiler
                && !p.boiler
                && !prev.title
                && !turn
                && (is_alpha(last) || last == ',' || last == '-' || last == '–')
                && (is_lower(first_c) || (long && is_alnum(first_c) && is_lower(last)));
            if joinable && prev.range.end <= p.range.start {
                breaks.extend(
                    text[prev.range.end..p.range.start]
                        .match_indices(['\n', '\r'])
                        .map(|(k, _)| prev.range.end + k),
                );
                prev.range.end = p.range.end;
                if let Some(l) = out_last.last_mut() {
                    *l = (last_c, p.range.len());
                }
                continue;
            }
        }
        out_last.push((last_c, p.range.len()));
        out.push(p);
    }
    replace_ascii(text, &breaks, " ");
    *paras = out;
}

/// Replaces the one-byte ASCII characters at `positions` by `with` (one
/// ASCII byte too): same-length edits in place, without revalidating the text.
fn replace_ascii(text: &mut String, positions: &[usize], with: &str) {
    debug_assert_eq!(with.len(), 1);
    for &k in positions {
        if text.as_bytes().get(k).is_some_and(u8::is_ascii) {
            text.replace_range(k..k + 1, with);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_split_whitespace() {
        let reference = |s: &str, limit: usize| {
            s.split_whitespace()
                .filter(|w| w.chars().any(is_alnum))
                .take(limit)
                .count()
        };
        for s in [
            "",
            "  one two\tthree\n",
            "— Да, — сказал он. « Ну »",
            "a\u{a0}b\u{2009}c\u{3000}d — … 42",
            "Zoë's café, naïve; -- ** ::",
            "\u{85}x\u{1680}y\u{1f}z",
        ] {
            for limit in [0, 1, 2, 5, usize::MAX] {
                assert_eq!(
                    word_count_upto(s, limit),
                    reference(s, limit),
                    "{s:?} {limit}"
                );
            }
        }
    }
}
