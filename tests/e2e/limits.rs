//! Limits: the global concurrency limit sheds load at once, deadlines and
//! the server's request timeout cancel the work.

use std::time::Duration;

use tempfile::TempDir;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::Code;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use verbatim_proto::v1;

use crate::support::{ARTICLE, TestServer, metric, text_request};

const INGEST: &str = "/verbatim.v1.DocumentService/IngestDocument";

async fn limited(configure: impl FnOnce(&mut verbatim_server::config::ServeConfig)) -> TestServer {
    TestServer::start_in(TempDir::new().unwrap(), |c| {
        c.no_seeds = true;
        c.max_concurrent_requests = 1;
        configure(c);
    })
    .await
}

/// Starts an IngestDocument call whose request message never arrives: the
/// handler waits for it, holding its slot, until the call is cancelled.
/// Keep the sender alive to keep the call open.
fn stalled_ingest(
    server: &TestServer,
    deadline: Option<Duration>,
) -> (
    mpsc::Sender<v1::IngestDocumentRequest>,
    tokio::task::JoinHandle<Result<tonic::Response<v1::IngestDocumentResponse>, tonic::Status>>,
) {
    let (sender, receiver) = mpsc::channel(1);
    let mut grpc = tonic::client::Grpc::new(server.channel());
    let call = tokio::spawn(async move {
        grpc.ready().await.unwrap();
        let mut request = tonic::Request::new(ReceiverStream::new(receiver));
        if let Some(deadline) = deadline {
            request.set_timeout(deadline);
        }
        grpc.client_streaming(
            request,
            http::uri::PathAndQuery::from_static(INGEST),
            tonic_prost::ProstCodec::<v1::IngestDocumentRequest, v1::IngestDocumentResponse>::default(),
        )
        .await
    });
    (sender, call)
}

#[tokio::test]
async fn a_saturated_server_sheds_calls_at_once_and_recovers() {
    let server = limited(|_| {}).await;
    let (sender, call) = stalled_ingest(&server, None);
    server.wait_in_flight(1.0).await;

    let status = server.list().await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(
        status.message().contains("max_concurrent_requests"),
        "{status:?}"
    );
    // Probes are not counted against the limit.
    let health = HealthClient::new(server.channel())
        .check(HealthCheckRequest::default())
        .await
        .unwrap();
    assert_eq!(health.into_inner().status, 1);

    call.abort();
    drop(sender);
    server.wait_in_flight(0.0).await;
    assert!(server.list().await.unwrap().documents.is_empty());
    let text = server.metrics().await;
    assert_eq!(
        metric(
            &text,
            "verbatim_grpc_requests_total{code=\"RESOURCE_EXHAUSTED\",method=\"verbatim.v1.DocumentService/ListDocuments\"}"
        ),
        Some(1.0),
        "{text}"
    );
}

#[tokio::test]
async fn a_bulk_ingest_stream_holds_its_slot_until_it_ends() {
    let server = limited(|_| {}).await;
    let (sender, receiver) = mpsc::channel(1);
    let mut results = server
        .documents()
        .ingest_documents(ReceiverStream::new(receiver))
        .await
        .unwrap()
        .into_inner();
    sender
        .send(v1::IngestDocumentsRequest {
            client_id: "one".into(),
            document: Some(text_request(ARTICLE)),
        })
        .await
        .unwrap();
    let first = results.message().await.unwrap().unwrap();
    assert_eq!(first.client_id, "one");

    let status = server.list().await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");

    drop(sender);
    assert!(results.message().await.unwrap().is_none());
    drop(results);
    server.wait_in_flight(0.0).await;
    assert_eq!(server.list().await.unwrap().documents.len(), 1);
}

#[tokio::test]
async fn a_client_deadline_cancels_the_call_on_the_server() {
    let server = limited(|_| {}).await;
    let (_sender, call) = stalled_ingest(&server, Some(Duration::from_millis(200)));
    let status = call.await.unwrap().unwrap_err();
    // tonic's server answers a passed `grpc-timeout` with CANCELLED
    // "Timeout expired", after dropping the handler.
    assert_eq!(status.code(), Code::Cancelled, "{status:?}");
    assert!(status.message().contains("Timeout expired"), "{status:?}");
    server.wait_in_flight(0.0).await;
    // The slot is free again although the client still holds its stream.
    assert!(server.list().await.is_ok());
}

#[tokio::test]
async fn the_server_request_timeout_cancels_slow_calls() {
    let server = limited(|c| c.request_timeout_secs = 1).await;
    let (_sender, call) = stalled_ingest(&server, None);
    let status = call.await.unwrap().unwrap_err();
    assert_eq!(status.code(), Code::Cancelled, "{status:?}");
    server.wait_in_flight(0.0).await;
    assert!(server.list().await.is_ok());
}

#[tokio::test]
async fn a_deadline_passed_during_ingest_stores_nothing() {
    let server = limited(|_| {}).await;
    // Several megabytes of text: parsing alone takes far longer than the
    // deadline.
    let big = ARTICLE.repeat(8_000);
    let mut request = tonic::Request::new(text_request(&big));
    request.set_timeout(Duration::from_millis(1));
    let status = server
        .documents()
        .ingest_document(request)
        .await
        .unwrap_err();
    assert!(
        matches!(status.code(), Code::Cancelled | Code::DeadlineExceeded),
        "{status:?}"
    );
    // Once the call is gone from the server nothing can write it any more.
    server.wait_in_flight(0.0).await;
    assert!(server.list().await.unwrap().documents.is_empty());
}
