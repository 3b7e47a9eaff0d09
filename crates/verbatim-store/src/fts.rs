//! Compilation of a parsed [`Query`] into an FTS5 MATCH expression.
//!
//! Every token is emitted as an FTS5 string (`"..."`, inner quotes doubled),
//! so user input never reaches the engine as syntax: only the operators
//! written here (`AND`, `OR`, `NOT`, parentheses) are. Tokens come from
//! [`verbatim_core::analysis`] and hold only letters, digits and `_`.
//!
//! - a single word `w` becomes `("w" OR "en_<stem>" OR "fr_<stem>" ...)`: its
//!   folded form, or its stem token in any stemmed language;
//! - a phrase (or a punctuated word) becomes `"a b c"`: consecutive folded
//!   words;
//! - a clause (terms joined by `OR`) becomes `(t1 OR t2)`; clauses are joined
//!   by `AND`; excluded terms are removed with `NOT (e1 OR e2)`.

use verbatim_core::query::{Query, Term};

/// Quotes one token or phrase as an FTS5 string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn term(term: &Term) -> String {
    let words = term.folded();
    if term.is_single_word() {
        let mut alternatives = vec![quote(words[0])];
        alternatives.extend(term.stem_alternatives().iter().map(|t| quote(t)));
        format!("({})", alternatives.join(" OR "))
    } else {
        quote(&words.join(" "))
    }
}

/// The MATCH expression of `query`; `None` for the empty query.
pub(crate) fn compile(query: &Query) -> Option<String> {
    if query.clauses().is_empty() {
        return None;
    }
    let positive = query
        .clauses()
        .iter()
        .map(|clause| {
            let terms: Vec<String> = clause.terms.iter().map(term).collect();
            format!("({})", terms.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    if query.excluded().is_empty() {
        return Some(positive);
    }
    let negative = query
        .excluded()
        .iter()
        .map(term)
        .collect::<Vec<_>>()
        .join(" OR ");
    Some(format!("({positive}) NOT ({negative})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_clauses_phrases_and_exclusions() {
        let q = Query::parse("\"peace talks\" -\"cold war\"").unwrap();
        assert_eq!(
            compile(&q).unwrap(),
            r#"(("peace talks")) NOT ("cold war")"#
        );
        let q = Query::parse("a OR \"b c\"").unwrap();
        let compiled = compile(&q).unwrap();
        assert!(compiled.starts_with(r#"(("a" OR "#), "{compiled}");
        assert!(compiled.ends_with(r#") OR "b c")"#), "{compiled}");
        let q = Query::parse("running").unwrap();
        assert!(compile(&q).unwrap().contains(r#""en_run""#));
        assert_eq!(compile(&Query::default()), None);
    }
}
