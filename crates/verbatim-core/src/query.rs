//! The search query syntax of `SearchStatements.query`.
//!
//! - words: every word must match (`peace talks`);
//! - `"exact phrase"`: consecutive words, compared after folding, unstemmed;
//! - `-word` or `-"phrase"`: statements matching it are excluded;
//! - `OR` (uppercase) between two terms: either matches (`Putin OR Peskov`);
//!   chains group (`a OR b OR c`) and bind tighter than the implicit AND.
//!
//! A word is analysed like statement text ([`crate::analysis`]): a word that
//! holds punctuation (`e-mail`, `U.S.`) becomes a phrase of its pieces, and a
//! word with no letters or digits is ignored. A query holds at most
//! [`MAX_TERMS`] terms and [`MAX_QUERY_BYTES`] bytes.
//!
//! Stores compile the parsed query into their engine's syntax from
//! [`Query::clauses`] and [`Query::excluded`]: each [`Term`] gives its folded
//! words (the phrase, or the single word) and, for a single word, its stem
//! tokens ([`Term::stem_alternatives`]). Terms hold only letters and digits,
//! so a store that quotes every token cannot produce an engine syntax error.
//!
//! ```
//! use verbatim_core::query::Query;
//!
//! let q = Query::parse("Putin OR Peskov \"peace talks\" -Trump").unwrap();
//! assert_eq!(q.clauses().len(), 2);
//! assert_eq!(q.excluded().len(), 1);
//! assert_eq!(q.to_string(), "putin OR peskov \"peace talks\" -trump");
//! assert!(Query::parse("\"unclosed").is_err());
//! ```

use std::fmt;

use crate::analysis::{self, Word};

/// Most terms a query may hold.
pub const MAX_TERMS: usize = 64;
/// Longest query, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;

/// A parsed search query: a conjunction of [`Clause`]s, minus the excluded
/// terms. The default query is empty and matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    clauses: Vec<Clause>,
    excluded: Vec<Term>,
}

/// Alternatives of which at least one must match (terms joined by `OR`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The alternatives; never empty.
    pub terms: Vec<Term>,
}

/// One word or phrase of a query, analysed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The analysed words, in order; never empty.
    pub words: Vec<Word>,
    /// True when the user quoted the term.
    pub phrase: bool,
}

impl Term {
    /// True for a single unquoted word, which also matches by stem; any
    /// other term matches its folded words consecutively.
    pub fn is_single_word(&self) -> bool {
        !self.phrase && self.words.len() == 1
    }

    /// The folded words, in order.
    pub fn folded(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.folded.as_str()).collect()
    }

    /// True when both terms match the same statements: written differently
    /// (`İ` and `i`, `Keller` and `KELLER`) but folded alike.
    fn same_meaning(&self, other: &Term) -> bool {
        self.is_single_word() == other.is_single_word()
            && self.words.len() == other.words.len()
            && self
                .words
                .iter()
                .zip(&other.words)
                .all(|(a, b)| a.folded == b.folded)
    }

    /// For a single word, its stem tokens in every stemmed language (see
    /// [`analysis::stem_alternatives`]); empty for phrases.
    pub fn stem_alternatives(&self) -> Vec<String> {
        if self.is_single_word() {
            analysis::stem_alternatives(&self.words[0])
        } else {
            Vec::new()
        }
    }
}

/// Why a query could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    message: String,
    position: usize,
}

impl QueryError {
    fn new(message: impl Into<String>, position: usize) -> Self {
        QueryError {
            message: message.into(),
            position,
        }
    }

    /// Character position (from 0) in the query where the problem is.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The message, lowercase, without the position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// A lexical item of the query.
#[derive(Debug)]
enum Item {
    /// A word or phrase; `excluded` when prefixed by `-`.
    Term {
        text: String,
        phrase: bool,
        excluded: bool,
        position: usize,
    },
    /// The `OR` operator.
    Or { position: usize },
}

impl Query {
    /// Parses a query; see the module documentation for the syntax. An input
    /// of only whitespace gives the empty query.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        if input.len() > MAX_QUERY_BYTES {
            return Err(QueryError::new(
                format!(
                    "query is {} bytes long, more than the maximum of {MAX_QUERY_BYTES}",
                    input.len()
                ),
                0,
            ));
        }
        let items = lex(input)?;
        let term_count = items
            .iter()
            .filter(|i| matches!(i, Item::Term { .. }))
            .count();
        if term_count > MAX_TERMS {
            return Err(QueryError::new(
                format!("query has {term_count} terms, more than the maximum of {MAX_TERMS}"),
                0,
            ));
        }

        // Group terms joined by OR.
        let mut groups: Vec<Vec<(Term, bool, usize)>> = Vec::new();
        let mut pending_or: Option<usize> = None;
        let mut raw_terms = 0usize;
        for (i, item) in items.iter().enumerate() {
            match item {
                Item::Or { position } => {
                    let prev_is_term = i > 0 && matches!(items[i - 1], Item::Term { .. });
                    let next_is_term = matches!(items.get(i + 1), Some(Item::Term { .. }));
                    if !prev_is_term || !next_is_term {
                        return Err(QueryError::new("OR needs a term on both sides", *position));
                    }
                    pending_or = Some(*position);
                }
                Item::Term {
                    text,
                    phrase,
                    excluded,
                    position,
                } => {
                    raw_terms += 1;
                    let joins = pending_or.take();
                    let next_is_or = matches!(items.get(i + 1), Some(Item::Or { .. }));
                    if *excluded && (joins.is_some() || next_is_or) {
                        return Err(QueryError::new(
                            "an excluded term cannot be combined with OR",
                            *position,
                        ));
                    }
                    let words = analysis::words(text);
                    let term = (!words.is_empty()).then_some(Term {
                        words,
                        phrase: *phrase,
                    });
                    if joins.is_some() {
                        if let (Some(term), Some(group)) = (term, groups.last_mut()) {
                            group.push((term, *excluded, *position));
                        } else if groups.is_empty() {
                            groups.push(Vec::new());
                        }
                    } else {
                        groups.push(
                            term.into_iter()
                                .map(|t| (t, *excluded, *position))
                                .collect(),
                        );
                    }
                }
            }
        }

        let mut query = Query::default();
        for group in groups {
            if group.is_empty() {
                continue;
            }
            if group.len() == 1 && group[0].1 {
                let (term, _, _) = group.into_iter().next().expect("one term");
                query.excluded.push(term);
            } else {
                let mut terms: Vec<Term> = Vec::with_capacity(group.len());
                for (term, _, _) in group {
                    if !terms.iter().any(|t| t.same_meaning(&term)) {
                        terms.push(term);
                    }
                }
                let clause = Clause { terms };
                let repeated = query.clauses.iter().any(|c| {
                    c.terms.len() == clause.terms.len()
                        && c.terms
                            .iter()
                            .zip(&clause.terms)
                            .all(|(a, b)| a.same_meaning(b))
                });
                if !repeated {
                    query.clauses.push(clause);
                }
            }
        }
        if query.clauses.is_empty() {
            if !query.excluded.is_empty() {
                return Err(QueryError::new(
                    "query has only excluded terms: add a word or phrase to match",
                    0,
                ));
            }
            if raw_terms > 0 {
                return Err(QueryError::new(
                    "query has no word to search for: use letters or digits",
                    0,
                ));
            }
        }
        Ok(query)
    }

    /// True for the empty query, which matches every statement.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty() && self.excluded.is_empty()
    }

    /// The clauses that must all match.
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    /// The terms that must not match.
    pub fn excluded(&self) -> &[Term] {
        &self.excluded
    }
}

/// Splits the input into terms and `OR` operators.
fn lex(input: &str) -> Result<Vec<Item>, QueryError> {
    let chars: Vec<(usize, char)> = input.char_indices().collect();
    let mut items = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (_, ch) = chars[i];
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        let position = i;
        let mut excluded = false;
        if ch == '-' {
            match chars.get(i + 1) {
                Some((_, next)) if !next.is_whitespace() && *next != '-' => {
                    excluded = true;
                    i += 1;
                }
                // A lone dash is punctuation: skip it.
                _ => {
                    i += 1;
                    continue;
                }
            }
        }
        if chars[i].1 == '"' {
            let open = i;
            let close = chars[i + 1..]
                .iter()
                .position(|&(_, c)| c == '"')
                .map(|p| i + 1 + p)
                .ok_or_else(|| {
                    QueryError::new(format!("unclosed quote at position {open}"), open)
                })?;
            let text: String = chars[open + 1..close].iter().map(|&(_, c)| c).collect();
            items.push(Item::Term {
                text,
                phrase: true,
                excluded,
                position,
            });
            i = close + 1;
            continue;
        }
        let begin = i;
        while i < chars.len() && !chars[i].1.is_whitespace() && chars[i].1 != '"' {
            i += 1;
        }
        let text: String = chars[begin..i].iter().map(|&(_, c)| c).collect();
        if text == "OR" && !excluded {
            items.push(Item::Or { position });
        } else {
            items.push(Item::Term {
                text,
                phrase: false,
                excluded,
                position,
            });
        }
    }
    Ok(items)
}

fn write_term(f: &mut fmt::Formatter<'_>, term: &Term) -> fmt::Result {
    let words = term.folded();
    if term.is_single_word() {
        f.write_str(words[0])
    } else {
        write!(f, "\"{}\"", words.join(" "))
    }
}

/// The canonical form of the query: folded words, phrases quoted, the same
/// meaning as the input. Two inputs with the same canonical form match the
/// same statements.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for clause in &self.clauses {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            for (i, term) in clause.terms.iter().enumerate() {
                if i > 0 {
                    f.write_str(" OR ")?;
                }
                write_term(f, term)?;
            }
        }
        for term in &self.excluded {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str("-")?;
            write_term(f, term)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(input: &str) -> QueryError {
        Query::parse(input).unwrap_err()
    }

    #[test]
    fn parses_words_phrases_exclusions_and_or() {
        let q = Query::parse("  Élysée \"Peace  Talks\" -war -\"cold war\" a OR b OR c ").unwrap();
        assert_eq!(
            q.to_string(),
            "elysee \"peace talks\" a OR b OR c -war -\"cold war\""
        );
        assert_eq!(q.clauses().len(), 3);
        assert_eq!(q.clauses()[2].terms.len(), 3);
        assert!(q.clauses()[0].terms[0].is_single_word());
        assert!(!q.clauses()[1].terms[0].is_single_word());
        assert_eq!(q.clauses()[1].terms[0].folded(), ["peace", "talks"]);
        assert_eq!(q.excluded().len(), 2);
    }

    #[test]
    fn empty_inputs_give_the_empty_query() {
        assert!(Query::parse("").unwrap().is_empty());
        assert!(Query::parse("   \t").unwrap().is_empty());
        assert!(Query::default().is_empty());
        assert!(!Query::parse("x").unwrap().is_empty());
    }

    #[test]
    fn punctuated_words_become_phrases() {
        let q = Query::parse("e-mail l'état").unwrap();
        assert_eq!(q.to_string(), "\"e mail\" \"l etat\"");
        // Punctuation-only terms are ignored when others remain.
        let q = Query::parse("peace ??? - --").unwrap();
        assert_eq!(q.to_string(), "peace");
        // Lowercase or is a word.
        assert_eq!(Query::parse("war or peace").unwrap().clauses().len(), 3);
    }

    #[test]
    fn stem_alternatives_only_for_single_words() {
        let q = Query::parse("talks \"talks now\"").unwrap();
        assert!(
            q.clauses()[0].terms[0]
                .stem_alternatives()
                .contains(&"en_talk".to_string())
        );
        assert!(q.clauses()[1].terms[0].stem_alternatives().is_empty());
    }

    #[test]
    fn reports_errors_with_positions() {
        let e = err("peace \"talks now");
        assert_eq!(e.to_string(), "unclosed quote at position 6");
        assert_eq!(e.position(), 6);
        assert_eq!(err("OR peace").to_string(), "OR needs a term on both sides");
        assert_eq!(err("peace OR").position(), 6);
        assert_eq!(err("a OR OR b").position(), 2);
        assert!(
            err("-war -\"cold war\"")
                .to_string()
                .starts_with("query has only excluded terms")
        );
        assert!(
            err("a OR -b")
                .to_string()
                .contains("excluded term cannot be combined with OR")
        );
        assert!(err("!!! ???").to_string().starts_with("query has no word"));
        let long = "a ".repeat(600);
        assert!(
            err(&long)
                .to_string()
                .contains("more than the maximum of 1024")
        );
        let many = "w ".repeat(65);
        assert!(err(&many).to_string().contains("65 terms"));
        assert!(Query::parse(&"w ".repeat(64)).is_ok());
    }

    #[test]
    fn error_messages_start_lowercase_or_with_the_operator() {
        for input in ["\"x", "OR", "-x", "???"] {
            let message = err(input).to_string();
            let first = message.chars().next().unwrap();
            assert!(
                first.is_lowercase() || message.starts_with("OR"),
                "{message}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_canonical_form_is_stable(input in "\\PC{0,80}") {
            if let Ok(query) = Query::parse(&input) {
                let canonical = query.to_string();
                let again = Query::parse(&canonical).unwrap();
                proptest::prop_assert_eq!(again.to_string(), canonical);
            }
        }
    }

    #[test]
    fn terms_written_differently_but_folded_alike_are_one_term() {
        // `İ` folds to `i` plus a dot that folding drops: one term, so the
        // canonical form is stable after a single round.
        let query = Query::parse("İ\t(İ").unwrap();
        assert_eq!(query.to_string(), "i");
        assert_eq!(
            Query::parse("Keller KELLER keller").unwrap().to_string(),
            "keller"
        );
        assert_eq!(
            Query::parse("Keller OR KELLER OR \"keller\"")
                .unwrap()
                .to_string(),
            "keller OR \"keller\""
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for input in [
            "\"\"",
            "-\"\"",
            "\"",
            "-",
            "OR OR",
            "a\"b\"c",
            "ＯＲ",
            "😀 OR 🎉",
            "-OR",
        ] {
            let _ = Query::parse(input);
        }
        assert_eq!(
            Query::parse("a\"b c\"d").unwrap().to_string(),
            "a \"b c\" d"
        );
    }
}
