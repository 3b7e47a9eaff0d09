//! StatementService over real gRPC.

use tonic::Code;
use verbatim_proto::v1::{
    self, DocumentMetadata, GetStatementRequest, ListStatementsRequest, SearchStatementsRequest,
    TimeRange,
};

use crate::support::{ARTICLE, TestServer, assert_invalid_field, text_request};

#[tokio::test]
async fn get_statement_has_provenance_and_context() {
    let server = TestServer::empty().await;
    let response = server.ingest(ARTICLE).await;
    let quote = response
        .statements
        .iter()
        .find(|s| s.text.contains("We will not cut a single pension"))
        .expect("the first quote")
        .clone();
    let got = server
        .statements()
        .get_statement(GetStatementRequest {
            name: quote.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.kind, v1::StatementKind::Quote as i32);
    assert_eq!(got.language, "en");
    assert_eq!(got.speaker_display_name, "Anna Keller");
    assert_eq!(got.document, response.document.as_ref().unwrap().name);
    assert!(
        got.context_before.contains("protect pensions"),
        "{:?}",
        got.context_before
    );
    assert!(!got.context_after.is_empty());
    assert!(got.time.is_some(), "time falls back to the ingest time");

    // The span indexes the document text the API returns.
    let document = server
        .documents()
        .get_document(v1::GetDocumentRequest {
            name: got.document.clone(),
            view: v1::DocumentView::Full as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let span = got.span.unwrap();
    let sliced: String = document
        .text
        .chars()
        .skip(span.begin_offset as usize)
        .take((span.end_offset - span.begin_offset) as usize)
        .collect();
    assert_eq!(sliced, got.text);

    let status = server
        .statements()
        .get_statement(GetStatementRequest {
            name: "statements/777777".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}

#[tokio::test]
async fn list_statements_in_reading_order_with_pages() {
    let server = TestServer::empty().await;
    let response = server.ingest(ARTICLE).await;
    let document = response.document.unwrap().name;
    let mut collected = Vec::new();
    let mut token = String::new();
    loop {
        let page = server
            .statements()
            .list_statements(ListStatementsRequest {
                document: document.clone(),
                page_size: 1,
                page_token: token,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        collected.extend(page.statements);
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(
        collected, response.statements,
        "same statements, reading order"
    );
    let begins: Vec<i64> = collected
        .iter()
        .map(|s| s.span.unwrap().begin_offset)
        .collect();
    assert!(begins.windows(2).all(|w| w[0] <= w[1]));

    let status = server
        .statements()
        .list_statements(ListStatementsRequest {
            document: "documents/55555".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = server
        .statements()
        .list_statements(ListStatementsRequest::default())
        .await
        .unwrap_err();
    assert_invalid_field(&status, "document");
}

#[tokio::test]
async fn search_finds_ranks_filters_and_highlights() {
    let server = TestServer::empty().await;
    server.ingest(ARTICLE).await;
    let mut other = text_request(
        "Harbour news\n\nThe harbour master said: \"The pensions of dock workers are safe.\"\n",
    );
    other.metadata = Some(DocumentMetadata {
        publish_time: Some(prost_types::Timestamp {
            seconds: 1_600_000_000,
            nanos: 0,
        }),
        ..Default::default()
    });
    server.documents().ingest_document(other).await.unwrap();
    let mut statements = server.statements();

    let hits = statements
        .search_statements(SearchStatementsRequest {
            query: "pension".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        hits.results.len() >= 2,
        "stemmed match in both documents: {hits:?}"
    );
    assert_eq!(hits.total_size, hits.results.len() as i64);
    assert!(
        hits.results
            .iter()
            .all(|r| r.snippet.to_lowercase().contains("**pension"))
    );

    let phrase = statements
        .search_statements(SearchStatementsRequest {
            query: "\"single pension\"".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(phrase.results.len(), 1);
    assert_eq!(
        phrase.results[0]
            .statement
            .as_ref()
            .unwrap()
            .speaker_display_name,
        "Anna Keller"
    );

    let excluded = statements
        .search_statements(SearchStatementsRequest {
            query: "pensions -dock".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(
        excluded
            .results
            .iter()
            .all(|r| !r.statement.as_ref().unwrap().text.contains("dock"))
    );
    assert!(!excluded.results.is_empty());

    // Filters alone list newest first; the time range keeps only the old document.
    let old = statements
        .search_statements(SearchStatementsRequest {
            time_range: Some(TimeRange {
                start_time: None,
                end_time: Some(prost_types::Timestamp {
                    seconds: 1_700_000_000,
                    nanos: 0,
                }),
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(old.results.len(), 1);
    assert!(
        old.results[0]
            .statement
            .as_ref()
            .unwrap()
            .text
            .contains("dock workers")
    );

    let quotes_newest_first = statements
        .search_statements(SearchStatementsRequest {
            kinds: vec![v1::StatementKind::Quote as i32],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let times: Vec<i64> = quotes_newest_first
        .results
        .iter()
        .map(|r| r.statement.as_ref().unwrap().time.unwrap().seconds)
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    assert!(quotes_newest_first.results.len() >= 3);

    // Facets count every match, not just the page, by speaker and language.
    let faceted = statements
        .search_statements(SearchStatementsRequest {
            query: "pension".into(),
            page_size: 1,
            facets: vec![
                v1::FacetField::Language as i32,
                v1::FacetField::Speaker as i32,
            ],
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(faceted.results.len(), 1);
    let [languages, speakers] = faceted.facets.as_slice() else {
        panic!("two facets in request order: {:?}", faceted.facets);
    };
    assert_eq!(languages.field, v1::FacetField::Language as i32);
    assert_eq!(languages.counted, hits.total_size);
    assert!(!languages.counts_are_estimate);
    assert_eq!(languages.values.len(), 1);
    assert_eq!(languages.values[0].value, "en");
    assert_eq!(languages.values[0].count, hits.total_size);
    assert_eq!(speakers.field, v1::FacetField::Speaker as i32);
    let keller = speakers
        .values
        .iter()
        .find(|v| v.display_name == "Anna Keller")
        .unwrap_or_else(|| panic!("Anna Keller counted: {speakers:?}"));
    assert!(keller.value.starts_with("speakers/"));
    let keller_hits = hits
        .results
        .iter()
        .filter(|r| r.statement.as_ref().unwrap().speaker_display_name == "Anna Keller")
        .count() as i64;
    assert_eq!(keller.count, keller_hits);
    assert_eq!(
        speakers.values.iter().map(|v| v.count).sum::<i64>(),
        hits.total_size
    );
}

#[tokio::test]
async fn search_rejects_malformed_requests() {
    let server = TestServer::empty().await;
    let mut statements = server.statements();
    let cases = [
        (
            SearchStatementsRequest {
                query: "\"unclosed".into(),
                ..Default::default()
            },
            "query",
        ),
        (SearchStatementsRequest::default(), "query"),
        (
            SearchStatementsRequest {
                query: "x".into(),
                order_by: "loudness".into(),
                ..Default::default()
            },
            "order_by",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                kinds: vec![99],
                ..Default::default()
            },
            "kinds[0]",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                speakers: vec!["people/1".into()],
                ..Default::default()
            },
            "speakers[0]",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                page_size: -1,
                ..Default::default()
            },
            "page_size",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                page_token: "garbage".into(),
                ..Default::default()
            },
            "page_token",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                facets: vec![0],
                ..Default::default()
            },
            "facets[0]",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                facets: vec![
                    v1::FacetField::Speaker as i32,
                    v1::FacetField::Speaker as i32,
                ],
                ..Default::default()
            },
            "facets[1]",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                facet_limit: -3,
                ..Default::default()
            },
            "facet_limit",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                recency_half_life: Some(prost_types::Duration {
                    seconds: 0,
                    nanos: 0,
                }),
                ..Default::default()
            },
            "recency_half_life",
        ),
        (
            SearchStatementsRequest {
                query: "x".into(),
                order_by: "time desc".into(),
                recency_half_life: Some(prost_types::Duration {
                    seconds: 86_400,
                    nanos: 0,
                }),
                ..Default::default()
            },
            "recency_half_life",
        ),
    ];
    for (request, field) in cases {
        let status = statements.search_statements(request).await.unwrap_err();
        assert_invalid_field(&status, field);
    }
}

#[tokio::test]
async fn search_can_favour_recent_statements() {
    let server = TestServer::empty().await;
    let old_text = "Archive\n\nThe mayor said: \"Flooding, flooding and more flooding.\"\n";
    let new_text = "Today\n\nThe engineer said: \"The new dyke should stop most of the flooding we saw in spring.\"\n";
    for (text, seconds) in [(old_text, 1_600_000_000), (new_text, 1_700_000_000)] {
        let mut request = text_request(text);
        request.metadata = Some(DocumentMetadata {
            publish_time: Some(prost_types::Timestamp { seconds, nanos: 0 }),
            ..Default::default()
        });
        server.documents().ingest_document(request).await.unwrap();
    }
    let mut statements = server.statements();
    let first_text = |response: &v1::SearchStatementsResponse| {
        response.results[0].statement.as_ref().unwrap().text.clone()
    };
    let plain = statements
        .search_statements(SearchStatementsRequest {
            query: "flooding".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(plain.results.len(), 2);
    assert!(
        first_text(&plain).starts_with("Flooding, flooding"),
        "{plain:?}"
    );
    let recent = statements
        .search_statements(SearchStatementsRequest {
            query: "flooding".into(),
            recency_half_life: Some(prost_types::Duration {
                seconds: 30 * 86_400,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(recent.results.len(), 2);
    assert!(
        first_text(&recent).starts_with("The new dyke"),
        "{recent:?}"
    );
}
