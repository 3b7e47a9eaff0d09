//! Prometheus metrics, served in the text format on a separate HTTP port
//! (`GET /metrics`), so that scraping needs neither gRPC nor a token.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};
use prost::Message;
use tokio::net::TcpListener;
use verbatim_store::{PageRequest, SearchRequest, Store};

/// Label of calls to a method the server does not know: client-chosen paths
/// must not grow the label set without bound.
const UNKNOWN_METHOD: &str = "unknown";

/// Every metric the server exports, in its own registry (several servers
/// may run in one process, as in the tests).
#[derive(Clone)]
pub(crate) struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    in_flight: IntGauge,
    ingested: IntCounterVec,
    parse_seconds: Histogram,
    store_documents: IntGauge,
    store_statements: IntGauge,
    known_methods: Arc<HashSet<String>>,
}

impl Metrics {
    /// Creates and registers the metrics.
    pub(crate) fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "verbatim_grpc_requests_total",
                "gRPC calls answered, by method and status code",
            ),
            &["method", "code"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "verbatim_grpc_request_duration_seconds",
                "time from receiving a gRPC call to its response headers",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                10.0, 30.0,
            ]),
            &["method"],
        )?;
        let in_flight = IntGauge::new(
            "verbatim_grpc_requests_in_flight",
            "gRPC calls of Verbatim's services being handled now",
        )?;
        let ingested = IntCounterVec::new(
            Opts::new(
                "verbatim_documents_ingested_total",
                "documents ingested, by outcome (new, existing)",
            ),
            &["outcome"],
        )?;
        let parse_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "verbatim_parse_duration_seconds",
                "time spent parsing one document",
            )
            .buckets(prometheus::exponential_buckets(0.0001, 4.0, 10)?),
        )?;
        let store_documents = IntGauge::new(
            "verbatim_store_documents",
            "documents in the store, read at scrape time",
        )?;
        let store_statements = IntGauge::new(
            "verbatim_store_statements",
            "statements in the store, read at scrape time (exact up to the store's exact count limit, estimated beyond)",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(in_flight.clone()))?;
        registry.register(Box::new(ingested.clone()))?;
        registry.register(Box::new(parse_seconds.clone()))?;
        registry.register(Box::new(store_documents.clone()))?;
        registry.register(Box::new(store_statements.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            in_flight,
            ingested,
            parse_seconds,
            store_documents,
            store_statements,
            known_methods: Arc::new(known_methods()),
        })
    }

    /// The label for the call path `/package.Service/Method`.
    pub(crate) fn method_label<'a>(&self, path: &'a str) -> &'a str {
        let method = path.strip_prefix('/').unwrap_or(path);
        if self.known_methods.contains(method) {
            method
        } else {
            UNKNOWN_METHOD
        }
    }

    /// Records one answered call.
    pub(crate) fn record_call(&self, method: &str, code: &str, elapsed: Duration) {
        self.requests.with_label_values(&[method, code]).inc();
        self.latency
            .with_label_values(&[method])
            .observe(elapsed.as_secs_f64());
    }

    /// The in-flight gauge.
    pub(crate) fn in_flight(&self) -> &IntGauge {
        &self.in_flight
    }

    /// Records one ingested document.
    pub(crate) fn record_ingest(&self, already_existed: bool) {
        let outcome = if already_existed { "existing" } else { "new" };
        self.ingested.with_label_values(&[outcome]).inc();
    }

    /// Records the time one parse took.
    pub(crate) fn record_parse(&self, elapsed: Duration) {
        self.parse_seconds.observe(elapsed.as_secs_f64());
    }

    /// The text exposition, after refreshing the store gauges.
    async fn render(&self, store: &dyn Store) -> String {
        match store.document_count().await {
            Ok(count) => self
                .store_documents
                .set(i64::try_from(count).unwrap_or(i64::MAX)),
            Err(error) => tracing::warn!(%error, "metrics: cannot count documents"),
        }
        // An unfiltered search counts every statement the way listings do.
        let page = PageRequest {
            size: 1,
            cursor: None,
        };
        match store
            .search_statements(&SearchRequest::default(), &page)
            .await
        {
            Ok(result) => self.store_statements.set(result.total_size),
            Err(error) => tracing::warn!(%error, "metrics: cannot count statements"),
        }
        let mut out = Vec::new();
        if let Err(error) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::error!(%error, "metrics: cannot encode");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

/// Every `package.Service/Method` of the services this server runs.
fn known_methods() -> HashSet<String> {
    let mut methods = HashSet::new();
    for encoded in [
        verbatim_proto::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
    ] {
        let Ok(set) = prost_types::FileDescriptorSet::decode(encoded) else {
            continue;
        };
        for file in set.file {
            let package = file.package();
            for service in &file.service {
                for method in &service.method {
                    methods.insert(format!("{package}.{}/{}", service.name(), method.name()));
                }
            }
        }
    }
    for reflection in ["v1", "v1alpha"] {
        methods.insert(format!(
            "grpc.reflection.{reflection}.ServerReflection/ServerReflectionInfo"
        ));
    }
    methods
}

/// Serves `GET /metrics` on `listener` until `stop` completes.
pub(crate) async fn serve(
    listener: TcpListener,
    metrics: Metrics,
    store: Arc<dyn Store>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = axum::Router::new().route(
        "/metrics",
        axum::routing::get(move || {
            let metrics = metrics.clone();
            let store = store.clone();
            async move {
                (
                    [(
                        http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    metrics.render(store.as_ref()).await,
                )
            }
        }),
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await
}
