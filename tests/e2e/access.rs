//! Access control: bearer tokens, roles, the loopback rule, open health and
//! reflection.

use std::net::SocketAddr;

use tempfile::TempDir;
use tonic::Code;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tonic_reflection::pb::v1::{
    ServerReflectionRequest, server_reflection_client::ServerReflectionClient,
    server_reflection_request::MessageRequest,
};
use verbatim_proto::v1;
use verbatim_server::config::ServeConfig;
use verbatim_server::server::{self, ServeError};

use crate::support::{ARTICLE, TestServer, bearer, text_request};

const READER: &str = "reader-token-e2e-0123456789";
const WRITER: &str = "writer-token-e2e-0123456789";

async fn secured() -> TestServer {
    TestServer::start_in(TempDir::new().unwrap(), |c| {
        c.no_seeds = true;
        c.tokens = Some(format!("reader:{READER},writer:{WRITER}"));
    })
    .await
}

#[tokio::test]
async fn calls_without_a_valid_token_are_unauthenticated() {
    let server = secured().await;
    let list = v1::ListDocumentsRequest::default;
    let status = server.documents().list_documents(list()).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated, "{status:?}");
    assert!(
        status.message().contains("authorization: Bearer"),
        "{status:?}"
    );

    let status = server
        .documents()
        .list_documents(bearer(list(), "not-a-configured-token-at-all"))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated, "{status:?}");

    // A known token under another scheme is not a bearer token.
    let mut request = tonic::Request::new(list());
    request
        .metadata_mut()
        .insert("authorization", format!("Basic {WRITER}").parse().unwrap());
    let status = server
        .documents()
        .list_documents(request)
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated, "{status:?}");

    // Rejected writes leave nothing behind.
    let status = server
        .documents()
        .ingest_document(text_request(ARTICLE))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    let listed = server
        .documents()
        .list_documents(bearer(list(), READER))
        .await
        .unwrap()
        .into_inner();
    assert!(listed.documents.is_empty());
}

#[tokio::test]
async fn readers_read_and_only_writers_write() {
    let server = secured().await;
    let status = server
        .documents()
        .ingest_document(bearer(text_request(ARTICLE), READER))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied, "{status:?}");
    assert!(status.message().contains("writer role"), "{status:?}");

    let ingested = server
        .documents()
        .ingest_document(bearer(text_request(ARTICLE), WRITER))
        .await
        .unwrap()
        .into_inner();
    let document = ingested.document.unwrap();
    let statement = ingested.statements[0].name.clone();

    // Every read method works with the reader token.
    let get = v1::GetDocumentRequest {
        name: document.name.clone(),
        ..Default::default()
    };
    server
        .documents()
        .get_document(bearer(get, READER))
        .await
        .unwrap();
    server
        .documents()
        .parse_document(bearer(
            v1::ParseDocumentRequest {
                content: text_request(ARTICLE).content,
                ..Default::default()
            },
            READER,
        ))
        .await
        .unwrap();
    server
        .statements()
        .get_statement(bearer(
            v1::GetStatementRequest {
                name: statement,
                ..Default::default()
            },
            READER,
        ))
        .await
        .unwrap();
    let found = server
        .statements()
        .search_statements(bearer(
            v1::SearchStatementsRequest {
                query: "pension".into(),
                ..Default::default()
            },
            READER,
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!found.results.is_empty());
    let speakers = server
        .speakers()
        .list_speakers(bearer(v1::ListSpeakersRequest::default(), READER))
        .await
        .unwrap()
        .into_inner();
    assert!(!speakers.speakers.is_empty());

    // Deleting is a write: refused to the reader, done for the writer.
    let delete = || v1::DeleteDocumentRequest {
        name: document.name.clone(),
    };
    let status = server
        .documents()
        .delete_document(bearer(delete(), READER))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    server
        .documents()
        .delete_document(bearer(delete(), WRITER))
        .await
        .unwrap();
}

#[tokio::test]
async fn health_and_reflection_stay_open() {
    let server = secured().await;
    let health = HealthClient::new(server.channel())
        .check(HealthCheckRequest {
            service: "verbatim.v1.DocumentService".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(health.status, 1, "SERVING");

    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut answers = ServerReflectionClient::new(server.channel())
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap()
        .into_inner();
    let answer = answers.message().await.unwrap().unwrap();
    assert!(format!("{answer:?}").contains("verbatim.v1.DocumentService"));
}

#[tokio::test]
async fn tokens_come_from_a_file() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("tokens");
    std::fs::write(
        &file,
        format!("# role token\nreader {READER}\nwriter {WRITER}\n"),
    )
    .unwrap();
    let server = TestServer::start_in(dir, |c| {
        c.no_seeds = true;
        c.tokens_file = Some(file);
    })
    .await;
    let status = server
        .documents()
        .ingest_document(bearer(text_request(ARTICLE), READER))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::PermissionDenied);
    server
        .documents()
        .ingest_document(bearer(text_request(ARTICLE), WRITER))
        .await
        .unwrap();
}

#[tokio::test]
async fn without_tokens_only_loopback_is_served() {
    let dir = TempDir::new().unwrap();
    let mut config = ServeConfig::for_data_dir(dir.path());
    config.no_seeds = true;
    config.listen = SocketAddr::from(([0, 0, 0, 0], 0));
    let error = server::start(config.clone()).await.unwrap_err();
    assert!(matches!(error, ServeError::Config(_)), "{error:?}");
    assert!(
        error.to_string().contains("--allow-unauthenticated"),
        "{error}"
    );

    config.allow_unauthenticated = true;
    let running = server::start(config).await.expect("explicitly allowed");
    running.shutdown().await.unwrap();

    // Loopback without tokens: everything allowed.
    let server = TestServer::empty().await;
    server.ingest(ARTICLE).await;
}

#[tokio::test]
async fn malformed_token_files_stop_the_start() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("tokens");
    std::fs::write(&file, "admin some-long-enough-token-value\n").unwrap();
    let mut config = ServeConfig::for_data_dir(dir.path());
    config.tokens_file = Some(file);
    let error = server::start(config).await.unwrap_err();
    assert!(error.to_string().contains("reader or writer"), "{error}");
}
