//! The quotation scanner: one pass over each paragraph with a small stack,
//! for every quotation style. Apostrophes are never quotes, and an unclosed
//! mark never swallows more than its paragraph (unless the next paragraph
//! reopens it: the multi-paragraph convention).

use crate::chars::{is_alnum, is_space};
use std::ops::Range;

use crate::bytescan::ByteScan;

/// One quotation found in the text.
#[derive(Debug, Clone)]
pub(crate) struct Quote {
    /// Offset of the opening mark.
    pub(crate) open: usize,
    /// Offset just past the closing mark.
    pub(crate) close: usize,
    /// The quoted text, trimmed; never empty.
    pub(crate) inner: Range<usize>,
    /// Nesting depth (0 = outermost).
    pub(crate) depth: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Straight marks: direction decided by position.
    Either,
}

/// The role of a quotation mark and the family it belongs to.
fn mark(c: char) -> Option<(Role, u8)> {
    Some(match c {
        '“' => (Role::Either, 1), // opens in English, closes after „
        '”' => (Role::Close, 1),
        '„' => (Role::Open, 1),
        '"' => (Role::Either, 2),
        '«' => (Role::Open, 3),
        '»' => (Role::Close, 3),
        '‘' => (Role::Open, 4), // opens in English, closes after ‚
        '’' => (Role::Close, 4),
        '‚' => (Role::Open, 4),
        '\'' => (Role::Either, 5),
        '‹' => (Role::Open, 6),
        '›' => (Role::Close, 6),
        '「' => (Role::Open, 7),
        '」' => (Role::Close, 7),
        '『' => (Role::Open, 8),
        '』' => (Role::Close, 8),
        _ => return None,
    })
}

fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | ':'
                        | '«'
                        | '“'
                        | '„'
                        | '‘'
                        | '‚'
                        | '"'
                        | '\''
                        | '‹'
                )
        }
    }
}

fn is_closing_context(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || (c.is_ascii_punctuation() && c != '\'')
                || matches!(c, '»' | '”' | '’' | '…' | '—' | '–' | '›')
        }
    }
}

/// Deepest nesting tracked; keeps the scan linear on runs of marks.
const MAX_DEPTH: usize = 8;

struct Open {
    pos: usize,
    len: usize,
    family: u8,
    ch: char,
}

/// The bytes a quotation mark starts with: `"`, `'` and the lead bytes 0xC2,
/// 0xE2, 0xE3.
const MARK_BYTES: &[u8] = b"\"'\xC2\xE2\xE3";

/// Scans `paras` (trimmed paragraph ranges in order, navigation excluded) of
/// `text` for quotations.
pub(crate) fn scan(text: &str, paras: &[Range<usize>]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    for (pi, para) in paras.iter().enumerate() {
        let s = &text[para.clone()];
        let bytes = s.as_bytes();
        // A carried-over multi-paragraph quote: this paragraph reopens it.
        let skip_reopen = !stack.is_empty();
        let mut from = 0;
        // Every mark is ASCII or starts with one of these lead bytes: the
        // scan jumps from candidate to candidate instead of decoding chars.
        let mut marks = ByteScan::new(bytes, MARK_BYTES);
        while let Some(i) = marks.find(from) {
            let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            from = i + c.len_utf8();
            let Some((role, family)) = mark(c) else {
                continue;
            };
            let prev = s[..i].chars().next_back();
            let next = s[from..].chars().next();
            let pos = para.start + i;
            if skip_reopen && i == 0 {
                continue;
            }
            // Apostrophes: between letters or digits (Russia's, rock 'n' roll
            // inner marks, ’90s after a space followed by a digit).
            if matches!(c, '\'' | '’') {
                let prev_alnum = prev.is_some_and(is_alnum);
                let next_alnum = next.is_some_and(is_alnum);
                if prev_alnum && next_alnum {
                    continue;
                }
                if c == '’' && next.is_some_and(|n| n.is_ascii_digit()) {
                    continue;
                }
                // A plural possessive (leaders’ views) closes nothing unless
                // a single quote is open.
                if prev_alnum && !stack.iter().any(|o| o.family == family) {
                    continue;
                }
            }
            let opening = is_opening_context(prev);
            let closing = is_closing_context(next);
            let next_solid = next.is_some_and(|n| !n.is_whitespace());
            let in_stack = stack.iter().rposition(|o| o.family == family);
            let mixed = matches!(c, '»' | '”' | '"') && closing && !stack.is_empty();
            let close_to = match role {
                Role::Close => in_stack.or(if mixed { Some(stack.len() - 1) } else { None }),
                Role::Open => {
                    if c == '«' && stack.last().is_some_and(|o| o.family == 9) {
                        Some(stack.len() - 1)
                    } else if c == '‘' && stack.last().is_some_and(|o| o.ch == '‚') {
                        // German single marks: `‚…‘` as `„…“`.
                        Some(stack.len() - 1)
                    } else {
                        None
                    }
                }
                Role::Either if c == '“' => {
                    if stack.last().is_some_and(|o| o.ch == '„') {
                        Some(stack.len() - 1)
                    } else {
                        None
                    }
                }
                Role::Either => {
                    if in_stack.is_some() && closing && !(opening && next_solid) {
                        in_stack
                    } else if opening && next_solid {
                        None
                    } else if mixed {
                        Some(stack.len() - 1)
                    } else {
                        continue;
                    }
                }
            };
            if let Some(t) = close_to {
                stack.truncate(t + 1);
                if let Some(o) = stack.pop() {
                    push_quote(
                        text,
                        &mut quotes,
                        o.pos,
                        o.pos + o.len,
                        pos,
                        pos + c.len_utf8(),
                        stack.len(),
                    );
                }
            } else if stack.len() >= MAX_DEPTH {
                // Pathological runs of opening marks: deeper nesting is noise.
            } else if role != Role::Close || (c == '»' && opening && next_solid) {
                let family = if role == Role::Close { 9 } else { family };
                if role != Role::Either || opening || c == '“' {
                    stack.push(Open {
                        pos,
                        len: c.len_utf8(),
                        family,
                        ch: c,
                    });
                }
            }
        }
        // End of paragraph: carry an open quotation over only when the next
        // paragraph opens with the same mark; otherwise drop unclosed marks.
        let carry = stack.len() == 1
            && paras
                .get(pi + 1)
                .is_some_and(|n| text[n.clone()].starts_with(stack[0].ch));
        if !carry {
            stack.clear();
        }
    }
    quotes.sort_by_key(|q| (q.open, q.depth));
    quotes
}

/// True for the dashes that open and close dash-introduced quotations.
fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―')
}

/// Quotations introduced by a dash instead of quotation marks, as Polish,
/// Italian, Spanish and Russian prose writes them: a paragraph opening with
/// a dash, whose quoted words end at a dash followed by a speech verb
/// (`– Nie podniesiemy podatków – zapewnił Kowalczyk. – Mamy pieniądze.`,
/// `—No subiremos los impuestos —dijo Pérez—. Tenemos el dinero.`). After
/// the attribution, a later dash reopens the quotation up to the end of the
/// paragraph. `verb_at(pos)` tells whether a speech verb starts at `pos`.
/// A paragraph holding quotation marks is left to [`scan`].
pub(crate) fn dash_quotes(
    text: &str,
    paras: &[Range<usize>],
    verb_at: impl Fn(usize) -> bool,
) -> Vec<Quote> {
    let mut quotes = Vec::new();
    for full in paras {
        // The quotation opens the paragraph, or a sentence inside it
        // (`… PKB. – Mamy bufor – powiedział.`).
        let whole = &text[full.clone()];
        let open_at = if whole.starts_with(|c: char| is_dash(c) || c == '-') {
            0
        } else {
            // Dashes start with byte 0xE2, rare in text: only those are
            // looked at.
            let Some(k) = memchr::memchr_iter(0xE2, whole.as_bytes()).find(|&k| {
                whole[k..].starts_with(is_dash)
                    && (whole[..k].ends_with(". ")
                        || whole[..k].ends_with("! ")
                        || whole[..k].ends_with("? "))
                    && whole[k..].chars().nth(1) == Some(' ')
                    && whole[k..].chars().nth(2).is_some_and(char::is_uppercase)
            }) else {
                continue;
            };
            k
        };
        let para = &(full.start + open_at..full.end);
        let s = &text[para.clone()];
        let Some(first) = s.chars().next().filter(|&c| is_dash(c) || c == '-') else {
            continue;
        };
        let rest = &s[first.len_utf8()..];
        // A hyphen opens only when spaced (`- Tak`), never a list rule `--`.
        if first == '-' && !rest.starts_with(' ') {
            continue;
        }
        if s.contains(['"', '“', '”', '„', '«', '»']) {
            continue;
        }
        let dash_at = |from: usize| {
            s[from..]
                .char_indices()
                .find(|&(i, c)| {
                    is_dash(c)
                        || c == '-'
                            && s[from + i..].starts_with("- ")
                            && s[..from + i].ends_with(' ')
                })
                .map(|(i, c)| (from + i, c.len_utf8()))
        };
        let Some((close, close_len)) = dash_at(first.len_utf8()) else {
            continue;
        };
        let after = close + close_len;
        let verb = after + (s[after..].len() - s[after..].trim_start().len());
        if !verb_at(para.start + verb) {
            continue;
        }
        push_quote(
            text,
            &mut quotes,
            para.start,
            para.start + first.len_utf8(),
            para.start + close,
            para.start + after,
            0,
        );
        // The quotation resumes after the attribution: at a dash that ends
        // it (`—dijo Pérez—.`) or opens a new sentence (`. – Mamy`).
        let Some((reopen, reopen_len)) = dash_at(after) else {
            continue;
        };
        let from = reopen + reopen_len;
        let body = s[from..].trim_start_matches(|c: char| is_space(c) || matches!(c, '.' | ','));
        let inner_start = s.len() - body.len();
        if !body.chars().next().is_some_and(is_alnum) || dash_at(inner_start).is_some() {
            continue;
        }
        push_quote(
            text,
            &mut quotes,
            para.start + reopen,
            para.start + inner_start,
            para.end,
            para.end,
            0,
        );
    }
    quotes
}

fn push_quote(
    text: &str,
    quotes: &mut Vec<Quote>,
    open: usize,
    inner_start: usize,
    inner_end: usize,
    close: usize,
    depth: usize,
) {
    if inner_end <= inner_start {
        return;
    }
    let s = &text[inner_start..inner_end];
    let start = inner_start + (s.len() - s.trim_start().len());
    let end = inner_start + s.trim_end().len();
    // One letter between marks is an elision (rock 'n' roll), not a quote.
    if end > start && text[start..end].chars().nth(1).is_some() {
        quotes.push(Quote {
            open,
            close,
            inner: start..end,
            depth,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(text: &str) -> Vec<&str> {
        scan(text, std::slice::from_ref(&(0..text.len())))
            .iter()
            .map(|q| &text[q.inner.clone()])
            .collect()
    }

    #[test]
    fn styles() {
        assert_eq!(
            inner("He said “yes, it is” and «non» and „ja“ and \"ok\"."),
            vec!["yes, it is", "non", "ja", "ok"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(inner("Russia's rock 'n' roll of the ’90s").is_empty());
        assert_eq!(
            inner("He called it ‘bid for success’ today."),
            vec!["bid for success"]
        );
    }

    #[test]
    fn unclosed_mark_stays_in_its_paragraph() {
        let t = "He said \"oops. And more\nNext \"real quote\" here";
        let q = scan(t, &[0..23, 24..t.len()]);
        assert_eq!(q.len(), 1);
        assert_eq!(&t[q[0].inner.clone()], "real quote");
    }

    #[test]
    fn dash_introduced_quotations() {
        let t = "– Nie podniesiemy podatków – zapewnił Kowalczyk. – Mamy pieniądze.";
        let verb = t.find("zapewnił").unwrap();
        let q = dash_quotes(t, std::slice::from_ref(&(0..t.len())), |p| p == verb);
        let inner: Vec<&str> = q.iter().map(|q| &t[q.inner.clone()]).collect();
        assert_eq!(inner, vec!["Nie podniesiemy podatków", "Mamy pieniądze."]);
        let t = "—No subiremos los impuestos —dijo Pérez—. Tenemos el dinero.";
        let verb = t.find("dijo").unwrap();
        let q = dash_quotes(t, std::slice::from_ref(&(0..t.len())), |p| p == verb);
        let inner: Vec<&str> = q.iter().map(|q| &t[q.inner.clone()]).collect();
        assert_eq!(
            inner,
            vec!["No subiremos los impuestos", "Tenemos el dinero."]
        );
        // A dash turn without a speech verb after its dash is no quotation.
        let t = "– Czy to prawda – pytam.";
        assert!(dash_quotes(t, std::slice::from_ref(&(0..t.len())), |_| false).is_empty());
    }

    #[test]
    fn mixed_pairs_and_nesting() {
        assert_eq!(
            inner("« Il a dit “non” hier \" fin"),
            vec!["Il a dit “non” hier", "non"]
        );
    }
}
