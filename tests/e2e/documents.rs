//! DocumentService over real gRPC.

use tokio_stream::StreamExt;
use tonic::Code;
use verbatim_proto::v1::{
    self, DeleteDocumentRequest, DocumentMetadata, GetDocumentRequest, GetSpeakerRequest,
    GetStatementRequest, IngestDocumentsRequest, ListDocumentsRequest, ParseDocumentRequest,
    ingest_documents_response::Result as StreamResult,
};

use crate::support::{ARTICLE, TestServer, assert_invalid_field, raw_request, text_request};

#[tokio::test]
async fn ingest_returns_metadata_and_statements_and_is_idempotent() {
    let server = TestServer::empty().await;
    let first = server.ingest(ARTICLE).await;
    assert!(!first.already_existed);
    let document = first.document.unwrap();
    assert!(document.name.starts_with("documents/"), "{}", document.name);
    assert_eq!(document.language, "en");
    assert!(
        document.text.is_empty(),
        "ingest must not return the full text"
    );
    assert_eq!(document.statement_count as usize, first.statements.len());
    assert!(!first.statements.is_empty(), "the article has quotes");
    for statement in &first.statements {
        assert!(statement.name.starts_with("statements/"));
        assert_eq!(statement.document, document.name);
    }

    let again = server.ingest(ARTICLE).await;
    assert!(again.already_existed);
    assert_eq!(again.document.unwrap().name, document.name);
    assert_eq!(again.statements.len(), first.statements.len());
    let listed = server
        .documents()
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed.documents.len(),
        1,
        "same bytes twice store one document"
    );
    assert_eq!(listed.total_size, 1);
}

#[tokio::test]
async fn ingest_rejects_bad_documents_with_field_violations() {
    let server = TestServer::start_in(tempfile::TempDir::new().unwrap(), |c| {
        c.no_seeds = true;
        c.max_document_bytes = 1000;
    })
    .await;
    let mut documents = server.documents();

    let status = documents
        .ingest_document(text_request(""))
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content");
    let status = documents
        .ingest_document(text_request(" \n\t "))
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content");
    let status = documents
        .ingest_document(v1::IngestDocumentRequest::default())
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content");

    let status = documents
        .ingest_document(text_request(&"word ".repeat(400)))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("1000 bytes"),
        "{}",
        status.message()
    );

    let status = documents
        .ingest_document(raw_request(b"Hello there.".to_vec(), "no-such-charset"))
        .await
        .unwrap_err();
    assert_invalid_field(&status, "content.charset");

    let mut request = text_request(ARTICLE);
    request.metadata = Some(DocumentMetadata {
        language: "English".into(),
        ..Default::default()
    });
    let status = documents.ingest_document(request).await.unwrap_err();
    assert_invalid_field(&status, "metadata.language");

    let mut request = text_request(ARTICLE);
    request.encoding = 42;
    let status = documents.ingest_document(request).await.unwrap_err();
    assert_invalid_field(&status, "encoding");

    // Nothing of the rejected requests was stored.
    let listed = documents
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.documents.is_empty());
}

#[tokio::test]
async fn ingest_accepts_raw_bytes_in_legacy_encodings_and_metadata() {
    let server = TestServer::empty().await;
    let text = "Песков заявил журналистам: «Мы готовы к диалогу».\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let mut request = raw_request(bytes.into_owned(), "windows-1251");
    request.metadata = Some(DocumentMetadata {
        outlet: "Test Wire".into(),
        source_url: "https://example.org/a".into(),
        publish_time: Some(prost_types::Timestamp {
            seconds: 1_700_000_000,
            nanos: 0,
        }),
        ..Default::default()
    });
    let response = server
        .documents()
        .ingest_document(request)
        .await
        .unwrap()
        .into_inner();
    let document = response.document.unwrap();
    assert_eq!(document.charset, "windows-1251");
    assert_eq!(document.outlet, "Test Wire");
    assert_eq!(document.source_url, "https://example.org/a");
    assert_eq!(document.publish_time.unwrap().seconds, 1_700_000_000);
    assert_eq!(document.language, "ru");

    let full = server
        .documents()
        .get_document(GetDocumentRequest {
            name: document.name.clone(),
            view: v1::DocumentView::WithOriginal as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(full.text.contains("Мы готовы к диалогу"), "{}", full.text);
    assert_eq!(
        full.original_content,
        encoding_rs::WINDOWS_1251.encode(text).0.into_owned()
    );
}

#[tokio::test]
async fn bulk_ingest_streams_one_result_per_document_and_survives_bad_ones() {
    let server = TestServer::empty().await;
    let requests = vec![
        IngestDocumentsRequest {
            client_id: "a".into(),
            document: Some(text_request(ARTICLE)),
        },
        IngestDocumentsRequest {
            client_id: "b".into(),
            document: Some(text_request("   ")),
        },
        IngestDocumentsRequest {
            client_id: "c".into(),
            document: None,
        },
        IngestDocumentsRequest {
            client_id: "d".into(),
            document: Some(text_request("The mayor said: \"The bridge opens in May.\"")),
        },
    ];
    let mut results = server
        .documents()
        .ingest_documents(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    let mut seen = Vec::new();
    while let Some(result) = results.next().await {
        let result = result.unwrap();
        let ok = matches!(result.result, Some(StreamResult::Ingested(_)));
        if let Some(StreamResult::Error(error)) = &result.result {
            assert_eq!(error.code, Code::InvalidArgument as i32);
            assert!(!error.message.is_empty());
        }
        seen.push((result.client_id, ok));
    }
    assert_eq!(
        seen,
        vec![
            ("a".into(), true),
            ("b".into(), false),
            ("c".into(), false),
            ("d".into(), true)
        ]
    );
    let listed = server
        .documents()
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.documents.len(), 2);
}

#[tokio::test]
async fn parse_document_stores_nothing_and_honours_the_offset_encoding() {
    let server = TestServer::empty().await;
    // An astral character before the quote makes the three units differ.
    let text = "𝄞 Émile said: \"Ça marche très bien.\"";
    let mut offsets = Vec::new();
    for encoding in [
        v1::EncodingType::Utf8,
        v1::EncodingType::Utf16,
        v1::EncodingType::Utf32,
    ] {
        let response = server
            .documents()
            .parse_document(ParseDocumentRequest {
                content: text_request(text).content,
                encoding: encoding as i32,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        let document = response.document.unwrap();
        assert!(document.name.is_empty());
        assert_eq!(document.text, text);
        let quote = response
            .statements
            .iter()
            .find(|s| s.text == "Ça marche très bien.")
            .expect("the quote is found");
        offsets.push(quote.span.unwrap().begin_offset);
    }
    let byte = text.find("Ça").unwrap() as i64;
    let utf16 = text[..byte as usize].encode_utf16().count() as i64;
    let chars = text[..byte as usize].chars().count() as i64;
    assert_eq!(offsets, vec![byte, utf16, chars]);
    assert_ne!(byte, chars);

    let listed = server
        .documents()
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert!(listed.documents.is_empty(), "ParseDocument must not store");
}

#[tokio::test]
async fn get_document_views_and_errors() {
    let server = TestServer::empty().await;
    let name = server.ingest(ARTICLE).await.document.unwrap().name;
    let mut documents = server.documents();

    let basic = documents
        .get_document(GetDocumentRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(basic.text.is_empty() && basic.original_content.is_empty());
    let full = documents
        .get_document(GetDocumentRequest {
            name: name.clone(),
            view: v1::DocumentView::Full as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert!(full.text.contains("We will not cut a single pension"));
    assert!(full.original_content.is_empty());
    assert_eq!(basic.text_length, full.text.chars().count() as i64);

    let status = documents
        .get_document(GetDocumentRequest {
            name: "documents/999999".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("documents/999999"));
    let status = documents
        .get_document(GetDocumentRequest {
            name: "books/1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "name");
    let status = documents
        .get_document(GetDocumentRequest {
            name,
            view: 9,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "view");
}

#[tokio::test]
async fn list_documents_pages_filters_and_rejects_bad_tokens() {
    let server = TestServer::empty().await;
    for i in 0..5 {
        let mut request = text_request(&format!(
            "Report {i}. The mayor said: \"Item {i} is done.\""
        ));
        request.metadata = Some(DocumentMetadata {
            outlet: if i % 2 == 0 {
                "Even News".into()
            } else {
                "Odd Post".into()
            },
            ..Default::default()
        });
        server.documents().ingest_document(request).await.unwrap();
    }
    let mut documents = server.documents();
    let mut names = Vec::new();
    let mut token = String::new();
    loop {
        let page = documents
            .list_documents(ListDocumentsRequest {
                page_size: 2,
                page_token: token.clone(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert!(page.documents.len() <= 2);
        assert_eq!(page.total_size, 5);
        names.extend(page.documents.into_iter().map(|d| d.name));
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "every document once: {names:?}");

    let even = documents
        .list_documents(ListDocumentsRequest {
            outlet: "even news".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(even.documents.len(), 3);
    assert!(even.documents.iter().all(|d| d.outlet == "Even News"));

    let first = documents
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let token = first.next_page_token;
    assert!(!token.is_empty());
    let status = documents
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            page_token: token.clone(),
            outlet: "Odd Post".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_token");
    let mut tampered = token.clone().into_bytes();
    let last = tampered.len() - 3;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let status = documents
        .list_documents(ListDocumentsRequest {
            page_size: 1,
            page_token: String::from_utf8(tampered).unwrap(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_token");
    let status = documents
        .list_documents(ListDocumentsRequest {
            page_size: -1,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_invalid_field(&status, "page_size");
}

#[tokio::test]
async fn delete_removes_statements_and_orphaned_speakers() {
    let server = TestServer::empty().await;
    let response = server.ingest(ARTICLE).await;
    let name = response.document.unwrap().name;
    let statement = response
        .statements
        .iter()
        .find(|s| !s.speaker.is_empty())
        .expect("a statement with a named speaker")
        .clone();
    server
        .speakers()
        .get_speaker(GetSpeakerRequest {
            name: statement.speaker.clone(),
        })
        .await
        .expect("speaker exists before the delete");

    server
        .documents()
        .delete_document(DeleteDocumentRequest { name: name.clone() })
        .await
        .unwrap();
    let status = server
        .documents()
        .get_document(GetDocumentRequest {
            name: name.clone(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = server
        .statements()
        .get_statement(GetStatementRequest {
            name: statement.name,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = server
        .speakers()
        .get_speaker(GetSpeakerRequest {
            name: statement.speaker,
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    let status = server
        .documents()
        .delete_document(DeleteDocumentRequest { name })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
}
