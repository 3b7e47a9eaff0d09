//! Observability: Prometheus metrics on their own port, request ids echoed
//! in responses and carried by every log line of a request.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use tonic::Code;
use verbatim_proto::v1;

use crate::support::{ARTICLE, TestServer, metric, text_request};

#[tokio::test]
async fn metrics_count_calls_ingests_and_the_store() {
    let server = TestServer::seeded().await;
    server.ingest(ARTICLE).await;
    server.ingest(ARTICLE).await;
    let status = server
        .documents()
        .get_document(v1::GetDocumentRequest {
            name: "documents/999999".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    server
        .statements()
        .search_statements(v1::SearchStatementsRequest {
            query: "pension".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let documents = server
        .documents()
        .list_documents(v1::ListDocumentsRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .documents;
    let statements: i64 = documents.iter().map(|d| d.statement_count).sum();

    let text = server.metrics().await;
    let value =
        |series: &str| metric(&text, series).unwrap_or_else(|| panic!("{series} in\n{text}"));
    assert_eq!(
        value(
            "verbatim_grpc_requests_total{code=\"OK\",method=\"verbatim.v1.DocumentService/IngestDocument\"}"
        ),
        2.0
    );
    assert_eq!(
        value(
            "verbatim_grpc_requests_total{code=\"NOT_FOUND\",method=\"verbatim.v1.DocumentService/GetDocument\"}"
        ),
        1.0
    );
    assert_eq!(
        value(
            "verbatim_grpc_request_duration_seconds_count{method=\"verbatim.v1.StatementService/SearchStatements\"}"
        ),
        1.0
    );
    // The seeds go through the same ingest path as calls.
    let seeded = documents.len() as f64 - 1.0;
    assert_eq!(
        value("verbatim_documents_ingested_total{outcome=\"new\"}"),
        seeded + 1.0
    );
    assert_eq!(
        value("verbatim_documents_ingested_total{outcome=\"existing\"}"),
        1.0
    );
    assert!(value("verbatim_parse_duration_seconds_count") >= seeded + 2.0);
    assert_eq!(value("verbatim_store_documents"), documents.len() as f64);
    assert_eq!(value("verbatim_store_statements"), statements as f64);
    assert_eq!(value("verbatim_grpc_requests_in_flight"), 0.0);
}

#[tokio::test]
async fn request_ids_are_echoed_or_generated() {
    let server = TestServer::empty().await;
    let mut request = tonic::Request::new(v1::ListDocumentsRequest::default());
    request
        .metadata_mut()
        .insert("x-request-id", "client-chosen-42".parse().unwrap());
    let response = server.documents().list_documents(request).await.unwrap();
    assert_eq!(
        response.metadata().get("x-request-id").unwrap(),
        "client-chosen-42"
    );

    let response = server
        .documents()
        .list_documents(v1::ListDocumentsRequest::default())
        .await
        .unwrap();
    let generated = response
        .metadata()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap();
    assert_eq!(generated.len(), 24, "{generated}");
    assert!(generated.bytes().all(|b| b.is_ascii_hexdigit()));

    // Errors carry it too.
    let mut request = tonic::Request::new(v1::GetDocumentRequest {
        name: "documents/1".into(),
        ..Default::default()
    });
    request
        .metadata_mut()
        .insert("x-request-id", "failing-call".parse().unwrap());
    let status = server.documents().get_document(request).await.unwrap_err();
    assert_eq!(
        status.metadata().get("x-request-id").unwrap(),
        "failing-call"
    );
}

#[tokio::test]
async fn every_log_line_of_a_request_carries_its_id() {
    let dir = tempfile::TempDir::new().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args([
            "--log-format",
            "json",
            "--log",
            "info,verbatim_server=debug",
            "serve",
            "--no-seeds",
        ])
        .args(["--metrics-listen", "127.0.0.1:0", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    let mut channel = None;
    for _ in 0..200 {
        if let Ok(c) = tonic::transport::Endpoint::from_shared(format!("http://127.0.0.1:{port}"))
            .unwrap()
            .connect()
            .await
        {
            channel = Some(c);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut client = v1::document_service_client::DocumentServiceClient::new(channel.unwrap());
    let mut request = tonic::Request::new(text_request(ARTICLE));
    request
        .metadata_mut()
        .insert("x-request-id", "trace-me-7".parse().unwrap());
    client.ingest_document(request).await.unwrap();
    let _ = child.kill();
    let _ = child.wait();

    // The pipe closes when the process is gone: every line is read.
    let lines = reader.join().unwrap();
    // Everything logged after the start belongs to the one request: the
    // handler's lines and the store's, logged inside its spans.
    let serving = lines
        .iter()
        .position(|l| l.contains("verbatim serving"))
        .expect("start line");
    let during: Vec<&String> = lines[serving + 1..].iter().collect();
    assert!(
        during
            .iter()
            .filter(|l| l.contains("document ingested"))
            .count()
            >= 2,
        "{during:#?}"
    );
    for line in during {
        assert!(line.contains("\"request_id\":\"trace-me-7\""), "{line}");
    }
}
