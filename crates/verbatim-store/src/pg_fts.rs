//! Full text on PostgreSQL: statements' index terms as a `tsvector`, queries
//! as a `tsquery`, both written here as the types' input literals from
//! quoted lexemes and bound as parameters (never part of the SQL text).
//!
//! The literals are cast with `::tsvector` / `::tsquery`, whose input
//! functions take every quoted lexeme whole: no text-search parser runs (the
//! default parser would split `en_presid` at `_`), which is the `simple`
//! configuration without its tokenizer. Lexemes are quoted (`'...'`, with
//! `'` and `\` escaped), so user input never reaches the engine as syntax:
//! only the operators written here (`&`, `|`, `!`, `<->`, parentheses) do.
//!
//! - the tsvector holds [`analysis::index_terms`](verbatim_core::analysis::index_terms)
//!   with positions 1, 2, ... in token order: folded words first,
//!   consecutive, then the stem tokens, so `<->` matches consecutive folded
//!   words only (stem tokens contain `_`, folded words never do);
//! - a single word `w` becomes `('w' | 'en_<stem>' | 'fr_<stem>' ...)`;
//! - a phrase (or a punctuated word) becomes `('a' <-> 'b' <-> 'c')`;
//! - a clause becomes `(t1 | t2)`; clauses are joined by `&`; excluded terms
//!   are removed with `& !(e1 | e2)`.
//!
//! PostgreSQL's limits apply: positions above 16383 are clamped (a phrase
//! beyond that word of a very long statement may not match), a lexeme keeps
//! at most 256 positions, lexemes longer than 2047 bytes and what does not fit
//! in a tsvector's 1 MiB (past about 100 000 words) are left out of the index.

use std::collections::HashMap;

use verbatim_core::query::{Query, Term};

/// Largest position a tsvector stores.
const MAX_POSITION: usize = 16_383;
/// Most positions a tsvector keeps for one lexeme.
const MAX_POSITIONS_PER_LEXEME: usize = 256;
/// Longest lexeme, in bytes.
const MAX_LEXEME_BYTES: usize = 2_047;
/// Budget of the string area of one tsvector: lexemes and their positions
/// (PostgreSQL's limit is 1 MiB).
const MAX_LEXEME_TEXT: usize = 1_000_000;

/// Quotes one lexeme for the tsvector and tsquery input syntax.
fn quote(lexeme: &str) -> String {
    let mut out = String::with_capacity(lexeme.len() + 2);
    out.push('\'');
    for c in lexeme.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The tsvector literal of space-separated index terms: every token at its
/// position (from 1) in `terms`.
pub(crate) fn tsvector(terms: &str) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut budget = MAX_LEXEME_TEXT;
    let mut dropped = 0usize;
    for (i, token) in terms.split(' ').filter(|t| !t.is_empty()).enumerate() {
        let position = (i + 1).min(MAX_POSITION);
        match positions.get_mut(token) {
            Some(list) => {
                // Each position takes 2 bytes of the tsvector's string area.
                if list.len() < MAX_POSITIONS_PER_LEXEME
                    && list.last() != Some(&position)
                    && budget >= 2
                {
                    budget -= 2;
                    list.push(position);
                }
            }
            None => {
                // The lexeme, alignment, position count and first position.
                let cost = token.len() + 5;
                if token.len() > MAX_LEXEME_BYTES || cost > budget {
                    dropped += 1;
                    continue;
                }
                budget -= cost;
                order.push(token);
                positions.insert(token, vec![position]);
            }
        }
    }
    if dropped > 0 {
        tracing::warn!(
            dropped,
            "index terms beyond postgresql's tsvector limits left out"
        );
    }
    let mut out = String::with_capacity(terms.len() * 2);
    for token in order {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&quote(token));
        out.push(':');
        let list = &positions[token];
        for (i, p) in list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&p.to_string());
        }
    }
    out
}

fn term(term: &Term) -> String {
    let words = term.folded();
    if term.is_single_word() {
        let mut alternatives = vec![quote(words[0])];
        alternatives.extend(term.stem_alternatives().iter().map(|t| quote(t)));
        format!("({})", alternatives.join(" | "))
    } else {
        let quoted: Vec<String> = words.iter().map(|w| quote(w)).collect();
        format!("({})", quoted.join(" <-> "))
    }
}

/// The tsquery literal of `query`; `None` for the empty query.
pub(crate) fn compile(query: &Query) -> Option<String> {
    if query.clauses().is_empty() {
        return None;
    }
    let positive = query
        .clauses()
        .iter()
        .map(|clause| {
            let terms: Vec<String> = clause.terms.iter().map(term).collect();
            format!("({})", terms.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(" & ");
    if query.excluded().is_empty() {
        return Some(positive);
    }
    let negative = query
        .excluded()
        .iter()
        .map(term)
        .collect::<Vec<_>>()
        .join(" | ");
    Some(format!("({positive}) & !({negative})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_positioned_vectors() {
        assert_eq!(
            tsvector("the presidents the etat en_presid en_etat"),
            "'the':1,3 'presidents':2 'etat':4 'en_presid':5 'en_etat':6"
        );
        assert_eq!(tsvector(""), "");
        assert_eq!(quote("it's\\"), r"'it\'s\\'");
        let long = "x".repeat(3000);
        assert_eq!(tsvector(&format!("a {long} b")), "'a':1 'b':3");
    }

    #[test]
    fn compiles_clauses_phrases_and_exclusions() {
        let q = Query::parse("\"peace talks\" -\"cold war\"").unwrap();
        assert_eq!(
            compile(&q).unwrap(),
            "((('peace' <-> 'talks'))) & !(('cold' <-> 'war'))"
        );
        let q = Query::parse("a OR \"b c\"").unwrap();
        let compiled = compile(&q).unwrap();
        assert!(compiled.starts_with("(('a' | 'ru_a' | "), "{compiled}");
        assert!(compiled.ends_with(") | ('b' <-> 'c'))"), "{compiled}");
        let q = Query::parse("running").unwrap();
        assert!(compile(&q).unwrap().contains("'en_run'"));
        assert_eq!(compile(&Query::default()), None);
    }
}
