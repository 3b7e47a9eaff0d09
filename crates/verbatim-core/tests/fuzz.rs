//! Fuzz targets on stable Rust, driven by proptest: the document parser fed
//! mutated real documents (the seeds) and the query parser fed strings built
//! from its own syntax. Neither may panic, and what they return must hold
//! together.
//!
//! Cases per target: `VERBATIM_FUZZ_CASES` (default 64, so that the normal
//! test run stays quick); CI runs a larger bounded number.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use verbatim_core::query::Query;
use verbatim_core::{ParseError, ParseOptions, parse};

fn cases() -> u32 {
    std::env::var("VERBATIM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        // Failures are reported with their minimal input; no file is kept.
        failure_persistence: None,
        ..Config::default()
    })
}

/// The seed documents, the starting points of the mutations.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../seeds");
        let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .expect("the seeds folder")
            .filter_map(|entry| std::fs::read(entry.ok()?.path()).ok())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "no seed documents in {dir}");
        seeds
    })
}

/// What a mutation splices in: the marks and shapes parsers trip on.
const PIECES: &[&str] = &[
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "‚",
    "‘",
    "’",
    "'",
    "‹",
    "›",
    "—",
    "–",
    " - ",
    ":",
    "\n",
    "\n\n",
    "\r\n",
    "Q: ",
    "A: ",
    "PUTIN: ",
    "Mr. ",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "e\u{301}",
    "said",
    "told reporters",
    "заявил",
    "a déclaré",
    "sagte",
    "\u{0}",
    "\u{fffd}",
];

/// One edit of a document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Inserts a piece at a relative position (0..=1000 per mille).
    Insert(u16, &'static str),
    /// Removes up to `len` bytes at a relative position.
    Delete(u16, u16),
    /// Overwrites one byte at a relative position.
    Flip(u16, u8),
    /// Keeps only a prefix, cutting wherever it falls.
    Truncate(u16),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0u16..=1000;
    prop_oneof![
        4 => (at.clone(), prop::sample::select(PIECES)).prop_map(|(a, p)| Mutation::Insert(a, p)),
        2 => (at.clone(), 1u16..400).prop_map(|(a, n)| Mutation::Delete(a, n)),
        2 => (at.clone(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        1 => at.prop_map(Mutation::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let at = |per_mille: u16| bytes.len() * usize::from(per_mille) / 1000;
    match *mutation {
        Mutation::Insert(a, piece) => {
            let i = at(a);
            bytes.splice(i..i, piece.bytes());
        }
        Mutation::Delete(a, n) => {
            let i = at(a);
            let end = (i + usize::from(n)).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Flip(a, b) => {
            let i = at(a);
            if let Some(byte) = bytes.get_mut(i) {
                *byte = b;
            }
        }
        Mutation::Truncate(a) => {
            let i = at(a);
            bytes.truncate(i);
        }
    }
}

/// The parser's result holds together: spans inside the text on character
/// boundaries, speakers that exist.
fn check_parse(bytes: &[u8]) -> Result<(), TestCaseError> {
    let doc = match parse(bytes, &ParseOptions::default()) {
        Ok(doc) => doc,
        Err(ParseError::Empty) => return Ok(()),
        Err(error) => return Err(TestCaseError::fail(format!("unexpected error: {error}"))),
    };
    for statement in &doc.statements {
        let span = &statement.span;
        prop_assert!(span.start < span.end && span.end <= doc.text.len());
        prop_assert!(doc.text.is_char_boundary(span.start) && doc.text.is_char_boundary(span.end));
        if let Some(speaker) = statement.speaker {
            prop_assert!(speaker < doc.speakers.len());
        }
        if let Some(cue) = &statement.cue {
            prop_assert!(cue.start <= cue.end && cue.end <= doc.text.len());
            prop_assert!(
                doc.text.is_char_boundary(cue.start) && doc.text.is_char_boundary(cue.end)
            );
        }
    }
    Ok(())
}

#[test]
fn fuzz_parser_with_mutated_seeds() {
    let strategy = (0..seeds().len(), prop::collection::vec(mutation(), 1..24));
    runner()
        .run(&strategy, |(seed, mutations)| {
            let mut bytes = seeds()[seed].clone();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            check_parse(&bytes)
        })
        .unwrap();
}

#[test]
fn fuzz_parser_with_arbitrary_bytes() {
    runner()
        .run(&prop::collection::vec(any::<u8>(), 0..4096), |bytes| {
            check_parse(&bytes)
        })
        .unwrap();
}

/// Query text: the syntax's own tokens, words in several scripts, and any
/// character now and then.
fn query_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        6 => prop::sample::select(vec![
            "\"", "-", "OR", "or", "(", ")", " ", "  ", "*", ":", "AND", "NOT", "pension",
            "Keller", "пенсия", "retraite", "'", "«", "»", "\u{301}", "\t", "\u{3000}", "ß", "İ",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

#[test]
fn fuzz_query_parser() {
    runner()
        .run(&query_text(), |input| {
            match Query::parse(&input) {
                Ok(query) => {
                    // The canonical form parses back to itself (terms that
                    // fold alike, such as "İ" and "i", are one term).
                    let canonical = query.to_string();
                    let again = Query::parse(&canonical).map_err(|e| {
                        TestCaseError::fail(format!("canonical {canonical:?} does not parse: {e}"))
                    })?;
                    prop_assert_eq!(again.to_string(), canonical);
                }
                Err(error) => {
                    prop_assert!(!error.message().is_empty());
                    prop_assert!(error.position() <= input.len());
                }
            }
            Ok(())
        })
        .unwrap();
}
