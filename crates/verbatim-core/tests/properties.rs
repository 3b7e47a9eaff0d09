//! Property tests: the parser never panics, and its offsets are always valid.

use proptest::prelude::*;
use verbatim_core::{ParseError, ParseOptions, parse};

/// Text built from the pieces parsers trip on: quote marks of every style,
/// apostrophes, labels, dashes, markup, odd spaces and line breaks.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
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
        "「",
        "」",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\u{a0}",
        "\u{202f}",
        "– ",
        "— ",
        "- ",
        "Q. ",
        "THE PRESIDENT. ",
        "Dmitry Peskov: ",
        "В.Путин: ",
        "Question (retranslated): ",
        "said",
        " said ",
        "a déclaré",
        "заявил, что",
        "according to",
        "Selon lui, ",
        "he",
        "Putin",
        "Macron",
        "the spokesman",
        "[link](#)",
        "*x*",
        "<b>",
        "&amp;",
        "Mr.",
        "Russia's",
        "rock 'n' roll",
        ".",
        ",",
        "?",
        "!",
        ":",
        "e\u{301}",
        "\u{200b}",
        "\u{feff}",
        "word",
        "Le président",
        "пресс-секретарь",
        "Back to news » ",
        "Read more: ",
        "1",
        "2025",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse(bytes, &ParseOptions::default()) {
        Err(ParseError::Empty) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error {e}"))),
        Ok(doc) => {
            let mut last = 0;
            for st in &doc.statements {
                prop_assert!(st.span.start < st.span.end, "empty span");
                prop_assert!(st.span.end <= doc.text.len());
                prop_assert!(
                    doc.text.is_char_boundary(st.span.start)
                        && doc.text.is_char_boundary(st.span.end)
                );
                prop_assert!(st.span.start >= last, "statements out of order");
                last = st.span.start;
                prop_assert_eq!(st.text(&doc.text), &doc.text[st.span.clone()]);
                if let Some(i) = st.speaker {
                    prop_assert!(i < doc.speakers.len());
                }
                if let Some(cue) = &st.cue {
                    prop_assert!(
                        cue.end <= doc.text.len()
                            && doc.text.is_char_boundary(cue.start)
                            && doc.text.is_char_boundary(cue.end)
                    );
                }
            }
            for n in (0..=doc.text.len()).step_by(7).chain([doc.text.len()]) {
                prop_assert!(doc.source_map.original_offset(n) <= bytes.len());
            }
            // The JSON view must serialize too (it slices the same offsets).
            prop_assert!(
                serde_json::to_string(&verbatim_core::report::ParseReport::new(&doc)).is_ok()
            );
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes)?;
    }

    #[test]
    fn never_panics_on_tricky_text(text in tricky_text()) {
        check(text.as_bytes())?;
    }

    #[test]
    fn never_panics_on_tricky_text_in_legacy_encodings(text in tricky_text()) {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        check(&bytes)?;
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        check(&utf16)?;
    }

    #[test]
    fn source_map_points_into_the_original(text in "[a-z \\n\\r\\u{a0}*\\[\\]()#<>&;«»\"]{0,200}") {
        let bytes = text.as_bytes();
        if let Ok(doc) = parse(bytes, &ParseOptions::default()) {
            // Every normalized character that survived maps onto the same
            // character in the original, when it was not rewritten.
            for (i, c) in doc.text.char_indices() {
                let o = doc.source_map.original_offset(i);
                prop_assert!(o <= bytes.len());
                if c.is_ascii_alphabetic() {
                    prop_assert_eq!(bytes[o] as char, c);
                }
            }
        }
    }
}

#[test]
fn unknown_charset_is_an_error() {
    let options = ParseOptions {
        charset: Some("no-such-charset".into()),
        ..ParseOptions::default()
    };
    assert!(matches!(
        parse(b"text", &options),
        Err(ParseError::UnknownCharset(_))
    ));
}

#[test]
fn charset_override_is_honoured() {
    let options = ParseOptions {
        charset: Some("koi8-r".into()),
        ..ParseOptions::default()
    };
    let (bytes, _, _) =
        encoding_rs::KOI8_R.encode("Он сказал: «Мы готовы к переговорам с партнёрами».");
    let doc = parse(&bytes, &options).expect("parses");
    assert_eq!(doc.charset, "KOI8-R");
    assert!(doc.text.starts_with("Он сказал"));
}

#[test]
fn whitespace_only_is_empty() {
    assert!(matches!(
        parse(b" \n\r\n\t ", &ParseOptions::default()),
        Err(ParseError::Empty)
    ));
    assert!(matches!(
        parse(b"", &ParseOptions::default()),
        Err(ParseError::Empty)
    ));
}

#[test]
fn adversarial_inputs_finish() {
    let quotes = "\"«“„'‘".repeat(20_000);
    assert!(parse(quotes.as_bytes(), &ParseOptions::default()).is_ok());
    let labels = "Q. A.\nA: yes\nВ.Путин: да\n".repeat(5_000);
    assert!(parse(labels.as_bytes(), &ParseOptions::default()).is_ok());
}
