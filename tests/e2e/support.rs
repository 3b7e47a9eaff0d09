//! A test server in a temporary data directory, with clients.

use std::time::Duration;

use tempfile::TempDir;
use tonic::transport::Channel;
use tonic::{Code, Status};
use tonic_types::StatusExt;
use verbatim_proto::v1::document_service_client::DocumentServiceClient;
use verbatim_proto::v1::speaker_service_client::SpeakerServiceClient;
use verbatim_proto::v1::statement_service_client::StatementServiceClient;
use verbatim_proto::v1::{self, DocumentContent, IngestDocumentRequest, document_content::Content};
use verbatim_server::config::ServeConfig;
use verbatim_server::server::{self, RunningServer};

/// A running server over its own data directory.
pub struct TestServer {
    pub dir: TempDir,
    running: Option<RunningServer>,
    channel: Channel,
}

impl TestServer {
    /// A server without the seed documents.
    pub async fn empty() -> Self {
        Self::start_in(TempDir::new().unwrap(), |c| c.no_seeds = true).await
    }

    /// A server with the seed documents loaded.
    pub async fn seeded() -> Self {
        Self::start_in(TempDir::new().unwrap(), |_| {}).await
    }

    /// A server over `dir`, configured by `configure`.
    pub async fn start_in(dir: TempDir, configure: impl FnOnce(&mut ServeConfig)) -> Self {
        let mut config = ServeConfig::for_data_dir(dir.path());
        config.shutdown_grace_secs = 2;
        configure(&mut config);
        let running = server::start(config).await.expect("server starts");
        let channel =
            tonic::transport::Endpoint::from_shared(format!("http://{}", running.local_addr()))
                .unwrap()
                .timeout(Duration::from_secs(30))
                .connect()
                .await
                .expect("client connects");
        TestServer {
            dir,
            running: Some(running),
            channel,
        }
    }

    /// Stops the server and starts a new one over the same data directory.
    pub async fn restart(mut self) -> Self {
        self.running.take().unwrap().shutdown().await.unwrap();
        Self::start_in(self.dir, |c| c.no_seeds = true).await
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        self.running.as_ref().unwrap().local_addr()
    }

    /// The metrics endpoint's text exposition.
    pub async fn metrics(&self) -> String {
        scrape(self.running.as_ref().unwrap().metrics_addr()).await
    }

    /// Waits until the in-flight gauge reads `expected`.
    pub async fn wait_in_flight(&self, expected: f64) {
        for _ in 0..500 {
            if metric(&self.metrics().await, "verbatim_grpc_requests_in_flight") == Some(expected) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("in-flight requests never reached {expected}");
    }

    pub fn documents(&self) -> DocumentServiceClient<Channel> {
        DocumentServiceClient::new(self.channel.clone())
    }

    pub fn speakers(&self) -> SpeakerServiceClient<Channel> {
        SpeakerServiceClient::new(self.channel.clone())
    }

    pub fn statements(&self) -> StatementServiceClient<Channel> {
        StatementServiceClient::new(self.channel.clone())
    }

    pub fn channel(&self) -> Channel {
        self.channel.clone()
    }

    /// ListDocuments with default parameters.
    pub async fn list(&self) -> Result<v1::ListDocumentsResponse, Status> {
        self.documents()
            .list_documents(v1::ListDocumentsRequest::default())
            .await
            .map(tonic::Response::into_inner)
    }

    /// Ingests `text`, returning the response.
    pub async fn ingest(&self, text: &str) -> v1::IngestDocumentResponse {
        self.documents()
            .ingest_document(text_request(text))
            .await
            .expect("ingest succeeds")
            .into_inner()
    }
}

/// An IngestDocument request for UTF-8 text.
pub fn text_request(text: &str) -> IngestDocumentRequest {
    IngestDocumentRequest {
        content: Some(DocumentContent {
            content: Some(Content::Text(text.to_string())),
            charset: String::new(),
        }),
        ..Default::default()
    }
}

/// An IngestDocument request for raw bytes.
pub fn raw_request(bytes: Vec<u8>, charset: &str) -> IngestDocumentRequest {
    IngestDocumentRequest {
        content: Some(DocumentContent {
            content: Some(Content::Raw(bytes)),
            charset: charset.to_string(),
        }),
        ..Default::default()
    }
}

/// Asserts that `status` is INVALID_ARGUMENT with a field violation on
/// `field` (the richer error model).
pub fn assert_invalid_field(status: &Status, field: &str) {
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    let details = status.get_error_details();
    let bad_request = details.bad_request().expect("BadRequest details");
    assert!(
        bad_request
            .field_violations
            .iter()
            .any(|v| v.field == field),
        "no violation on {field}: {:?}",
        bad_request.field_violations
    );
}

/// A short English news article with a named speaker and two quotes.
pub const ARTICLE: &str = "Minister defends the budget\n\n\
Finance Minister Anna Keller said on Monday that the new budget would protect pensions. \
\"We will not cut a single pension,\" Keller told reporters in the capital. \
\"The numbers add up, and the parliament knows it.\"\n\n\
Opposition leader Tomas Brandt disagreed. \"This budget is a fantasy built on borrowed money,\" he said.\n";

/// `GET /metrics` over plain HTTP/1.1; returns the body.
pub async fn scrape(addr: std::net::SocketAddr) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("metrics port");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

/// The value of the sample `series` (name with its labels, exactly as
/// exposed) in a text exposition.
pub fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (name, value) = line.rsplit_once(' ')?;
            (name == series).then(|| value.parse().ok())?
        })
}

/// `message` as a request carrying `authorization: Bearer token`.
pub fn bearer<T>(message: T, token: &str) -> tonic::Request<T> {
    let mut request = tonic::Request::new(message);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    request
}
