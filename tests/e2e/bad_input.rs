//! Hostile and odd input over real gRPC: each gets a clear error or a
//! correct parse, never a panic or a hang. (Empty and whitespace-only
//! documents, unknown charsets, an unknown `encoding` and `kinds` value and
//! garbage page tokens are covered in documents.rs and statements.rs.)

use tonic::Code;
use verbatim_proto::v1::{self, DocumentContent, ParseDocumentRequest, document_content::Content};

use crate::support::{ARTICLE, TestServer, assert_invalid_field, raw_request, text_request};

fn parse_request(content: Option<DocumentContent>) -> ParseDocumentRequest {
    ParseDocumentRequest {
        content,
        ..Default::default()
    }
}

async fn parse(
    server: &TestServer,
    request: v1::IngestDocumentRequest,
) -> Result<v1::ParseDocumentResponse, tonic::Status> {
    server
        .documents()
        .parse_document(parse_request(request.content))
        .await
        .map(tonic::Response::into_inner)
}

/// Deterministic pseudo-random bytes (xorshift), so a failure reproduces.
fn garbage(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

/// Either a successful parse or INVALID_ARGUMENT on the content.
fn assert_parsed_or_refused(result: &Result<v1::ParseDocumentResponse, tonic::Status>) {
    if let Err(status) = result {
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(status.message().starts_with("content"), "{status:?}");
    }
}

#[tokio::test]
async fn empty_and_blank_documents_are_refused_by_parse_too() {
    let server = TestServer::empty().await;
    for text in ["", " ", "\n\n\t \r\n"] {
        let status = parse(&server, text_request(text)).await.unwrap_err();
        assert_invalid_field(&status, "content");
    }
    let status = server
        .documents()
        .parse_document(parse_request(None))
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content");
    let status = server
        .documents()
        .parse_document(parse_request(Some(DocumentContent {
            content: None,
            charset: "utf-8".into(),
        })))
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content");
}

#[tokio::test]
async fn a_ten_megabyte_single_line_is_stored_whole() {
    let server = TestServer::empty().await;
    let line =
        "The committee met again on Tuesday and discussed the budget at length. ".repeat(150_000);
    assert!(line.len() > 10_000_000 && !line.contains('\n'));
    let ingested = server.ingest(&line).await;
    let document = server
        .documents()
        .max_decoding_message_size(64 * 1024 * 1024)
        .get_document(v1::GetDocumentRequest {
            name: ingested.document.unwrap().name,
            view: v1::DocumentView::Full as i32,
            encoding: v1::EncodingType::Utf8 as i32,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(document.text.trim_end(), line.trim_end());
}

#[tokio::test]
async fn binary_garbage_and_invalid_utf8_get_a_parse_or_a_clear_error() {
    let server = TestServer::empty().await;
    for seed in [1, 7, 42, 2026] {
        let bytes = garbage(64 * 1024, seed);
        assert_parsed_or_refused(&parse(&server, raw_request(bytes.clone(), "")).await);
        assert_parsed_or_refused(&parse(&server, raw_request(bytes, "utf-8")).await);
    }
    // Valid text broken by invalid sequences, declared as UTF-8: decoded
    // with replacement characters, the rest intact.
    let mut bytes = ARTICLE.as_bytes().to_vec();
    bytes.splice(10..10, [0xff, 0xfe, 0xc3, 0x28, 0x80]);
    let parsed = parse(&server, raw_request(bytes, "utf-8")).await.unwrap();
    assert!(
        parsed
            .statements
            .iter()
            .any(|s| s.text.contains("We will not cut a single pension")),
        "{parsed:?}"
    );
}

#[tokio::test]
async fn every_legacy_encoding_decodes_to_the_same_statements() {
    let server = TestServer::empty().await;
    let russian = "Министр защищает бюджет\n\n\
        Министр финансов Анна Келлер заявила в понедельник, что новый бюджет защитит пенсии. \
        \"Мы не сократим ни одной пенсии\", сказала Келлер журналистам.\n";
    let french = "La ministre défend le budget\n\n\
        La ministre des Finances Anne Keller a déclaré lundi que le nouveau budget protégerait les retraites. \
        « Nous ne réduirons aucune retraite », a déclaré Keller aux journalistes à Genève.\n";
    let cases: [(&str, &'static encoding_rs::Encoding, &str); 5] = [
        (russian, encoding_rs::WINDOWS_1251, "windows-1251"),
        (russian, encoding_rs::KOI8_R, "koi8-r"),
        (french, encoding_rs::WINDOWS_1252, "windows-1252"),
        // WHATWG maps the Latin-1 label to windows-1252, a superset.
        (french, encoding_rs::WINDOWS_1252, "iso-8859-1"),
        (french, encoding_rs::UTF_8, "utf-8"),
    ];
    for (text, encoding, label) in cases {
        let expected = parse(&server, text_request(text)).await.unwrap();
        assert!(!expected.statements.is_empty(), "{label}: {expected:?}");
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{label}");
        let decoded = parse(&server, raw_request(bytes.into_owned(), label))
            .await
            .unwrap();
        let texts = |r: &v1::ParseDocumentResponse| {
            r.statements
                .iter()
                .map(|s| (s.text.clone(), s.speaker_display_name.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&decoded), texts(&expected), "{label}");
    }
    // UTF-16 in both byte orders, found by its byte order mark.
    let expected = parse(&server, text_request(ARTICLE)).await.unwrap();
    for little_endian in [true, false] {
        let mut bytes = if little_endian {
            vec![0xff, 0xfe]
        } else {
            vec![0xfe, 0xff]
        };
        for unit in ARTICLE.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend(pair);
        }
        let decoded = parse(&server, raw_request(bytes, "")).await.unwrap();
        assert_eq!(decoded.statements.len(), expected.statements.len());
        assert_eq!(decoded.statements[0].text, expected.statements[0].text);
    }
}

#[tokio::test]
async fn pathological_quoting_and_labels_parse_without_hanging() {
    let server = TestServer::empty().await;
    // A megabyte of quote marks, straight and typographic.
    for mark in ["\"", "«", "“”", "„“‚‘"] {
        let text = format!("Quotes\n\n{}", mark.repeat(1_000_000 / mark.len()));
        assert_parsed_or_refused(&parse(&server, text_request(&text)).await);
    }
    // Quotes nested thousands deep, closed and left open.
    let mut nested = String::from("Nesting\n\nThe minister said ");
    for depth in 0..5_000 {
        nested.push_str(if depth % 2 == 0 {
            "\"she said '"
        } else {
            "they said \""
        });
    }
    let open = nested.clone();
    for depth in (0..5_000).rev() {
        nested.push_str(if depth % 2 == 0 { "'\"" } else { "\"" });
    }
    assert_parsed_or_refused(&parse(&server, text_request(&open)).await);
    assert_parsed_or_refused(&parse(&server, text_request(&nested)).await);

    // A transcript of 100,000 speaker turns: every turn found.
    let mut transcript = String::from(
        "Press conference transcript\n\nThe minister answered questions from reporters on Monday.\n\n",
    );
    for turn in 0..100_000 {
        let speaker = if turn % 2 == 0 {
            "Anna Keller"
        } else {
            "Tomas Brandt"
        };
        transcript.push_str(speaker);
        transcript.push_str(": I think this is right and we will see what happens next week.\n");
    }
    // The answer (some 20 MB) is larger than a client accepts by default.
    let parsed = server
        .documents()
        .max_decoding_message_size(64 * 1024 * 1024)
        .parse_document(parse_request(text_request(&transcript).content))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(parsed.statements.len(), 100_000);
    assert_eq!(parsed.statements[1].speaker_display_name, "Tomas Brandt");
}

#[tokio::test]
async fn malformed_queries_get_invalid_argument_on_the_query() {
    let server = TestServer::seeded().await;
    let long = "word ".repeat(1_000);
    let many_terms = (0..100)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    for query in [
        "\"",
        "\"\"",
        "(((",
        "OR",
        "a OR",
        "OR OR OR",
        "-",
        "- -",
        "\u{0}\u{1}\u{7f}",
        "-word",
        long.as_str(),
        many_terms.as_str(),
    ] {
        let result = server
            .statements()
            .search_statements(v1::SearchStatementsRequest {
                query: query.to_string(),
                ..Default::default()
            })
            .await;
        if let Err(status) = result {
            assert_invalid_field(&status, "query");
        }
    }
}

#[tokio::test]
async fn page_tokens_from_elsewhere_and_oversize_pages() {
    let server = TestServer::seeded().await;
    // A token minted for documents is refused by speakers and search.
    let first = server
        .documents()
        .list_documents(v1::ListDocumentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!first.next_page_token.is_empty());
    let status = server
        .speakers()
        .list_speakers(v1::ListSpeakersRequest {
            page_token: first.next_page_token.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_token");
    let status = server
        .statements()
        .search_statements(v1::SearchStatementsRequest {
            query: "russia".into(),
            page_token: first.next_page_token,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_token");
    for token in ["%%%", "AAAA", &"A".repeat(100_000), "\u{1F600}"] {
        let status = server
            .documents()
            .list_documents(v1::ListDocumentsRequest {
                page_token: token.to_string(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_invalid_field(&status, "page_token");
    }

    // An oversize page is coerced down to the maximum, not refused.
    let page = server
        .speakers()
        .list_speakers(v1::ListSpeakersRequest {
            page_size: i32::MAX,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!page.speakers.is_empty() && page.speakers.len() <= 1000);
    let page = server
        .statements()
        .search_statements(v1::SearchStatementsRequest {
            query: "russia".into(),
            page_size: i32::MAX,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(!page.results.is_empty() && page.results.len() <= 100);
}

#[tokio::test]
async fn unknown_enum_values_are_invalid_arguments() {
    let server = TestServer::empty().await;
    let document = server.ingest(ARTICLE).await.document.unwrap();
    let status = server
        .documents()
        .get_document(v1::GetDocumentRequest {
            name: document.name.clone(),
            view: 99,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "view");
    let status = server
        .documents()
        .get_document(v1::GetDocumentRequest {
            name: document.name,
            encoding: -3,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "encoding");
    let status = server
        .documents()
        .parse_document(ParseDocumentRequest {
            content: Some(DocumentContent {
                content: Some(Content::Text(ARTICLE.into())),
                charset: String::new(),
            }),
            encoding: 1234,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "encoding");
    let status = server
        .statements()
        .search_statements(v1::SearchStatementsRequest {
            query: "pension".into(),
            kinds: vec![1, -1],
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "kinds[1]");
}
