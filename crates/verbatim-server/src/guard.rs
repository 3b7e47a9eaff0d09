//! The tower layer every gRPC call passes through before its handler: it
//! gives the call a request id and a tracing span, checks its token, admits
//! it under the global concurrency limit (or sheds it at once), and records
//! its metrics. A layer rather than a tonic interceptor, because it needs the
//! method path and must wrap the whole call.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{HeaderValue, Request, Response};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::Status;
use tower::{Layer, Service};
use tracing::Instrument;

use crate::auth::{self, AccessTokens};
use crate::metrics::Metrics;

/// The metadata key carrying a request id, read from requests and echoed in
/// responses.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest client-chosen request id kept; longer ones are replaced.
const MAX_REQUEST_ID_LEN: usize = 128;

/// What the layer needs, shared by every connection.
#[derive(Clone)]
pub(crate) struct Guard {
    tokens: Arc<AccessTokens>,
    permits: Arc<Semaphore>,
    max_concurrent: usize,
    metrics: Metrics,
}

impl Guard {
    /// A guard admitting at most `max_concurrent` Verbatim calls at once.
    pub(crate) fn new(tokens: AccessTokens, max_concurrent: usize, metrics: Metrics) -> Self {
        Guard {
            tokens: Arc::new(tokens),
            permits: Arc::new(Semaphore::new(max_concurrent)),
            max_concurrent,
            metrics,
        }
    }
}

impl<S> Layer<S> for Guard {
    type Service = Guarded<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Guarded {
            inner,
            guard: self.clone(),
        }
    }
}

/// A service behind the [`Guard`].
#[derive(Clone)]
pub(crate) struct Guarded<S> {
    inner: S,
    guard: Guard,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request<tonic::body::Body>> for Guarded<S>
where
    S: Service<Request<tonic::body::Body>, Response = Response<tonic::body::Body>>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<tonic::body::Body>) -> Self::Future {
        // The clone is ready only if polled; swap so that the ready one runs.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let guard = self.guard.clone();
        let request_id = request_id(&request);
        let path = request.uri().path().to_string();
        let method = guard.metrics.method_label(&path).to_string();
        let span = tracing::info_span!("request", request_id = %request_id, method = %method);
        let future = async move {
            let started = Instant::now();
            let mut call = CallRecord {
                metrics: &guard.metrics,
                method: &method,
                started,
                code: None,
            };
            let admitted = admit(&guard, &path, &request);
            let response = match admitted {
                Ok(permit) => {
                    let in_flight = permit_gauge(&guard, &path);
                    let response = inner.call(request).await?;
                    // A streaming response goes on after its headers: the
                    // call keeps its permit until the body ends.
                    response.map(|body| {
                        tonic::body::Body::new(HeldBody {
                            inner: body,
                            _held: (permit, in_flight),
                        })
                    })
                }
                Err(status) => {
                    // Shedding happens in floods: keep it out of the info log.
                    if status.code() == tonic::Code::ResourceExhausted {
                        tracing::debug!(message = status.message(), "call shed");
                    } else {
                        tracing::info!(code = ?status.code(), message = status.message(), "call refused");
                    }
                    status.into_http()
                }
            };
            call.code = Some(grpc_code(&response));
            let mut response = response;
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response.headers_mut().insert(REQUEST_ID_HEADER, value);
            }
            Ok(response)
        };
        Box::pin(future.instrument(span))
    }
}

/// Checks the token and takes a concurrency permit; health and reflection
/// are neither authenticated nor limited, so probes answer under load.
fn admit(
    guard: &Guard,
    path: &str,
    request: &Request<tonic::body::Body>,
) -> Result<Option<OwnedSemaphorePermit>, Status> {
    let authorization = request
        .headers()
        .get(http::header::AUTHORIZATION)
        .map(HeaderValue::as_bytes);
    guard.tokens.authorize(path, authorization)?;
    if !auth::is_verbatim_method(path) {
        return Ok(None);
    }
    match guard.permits.clone().try_acquire_owned() {
        Ok(permit) => Ok(Some(permit)),
        // Shed at once rather than queue: a queue only adds latency and
        // memory while the server is already saturated.
        Err(_) => Err(Status::resource_exhausted(format!(
            "server busy: {} requests in flight (max_concurrent_requests); retry with backoff",
            guard.max_concurrent
        ))),
    }
}

/// Counts the call in the in-flight gauge while alive.
fn permit_gauge(guard: &Guard, path: &str) -> Option<InFlight> {
    auth::is_verbatim_method(path).then(|| {
        guard.metrics.in_flight().inc();
        InFlight(guard.metrics.clone())
    })
}

struct InFlight(Metrics);

/// A response body holding the call's permit and in-flight count.
struct HeldBody {
    inner: tonic::body::Body,
    _held: (Option<OwnedSemaphorePermit>, Option<InFlight>),
}

impl http_body::Body for HeldBody {
    type Data = bytes::Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight().dec();
    }
}

/// Records the call when dropped: also when the future is dropped because
/// the deadline passed or the client went away, which counts as CANCELLED
/// (the status tonic answers a passed deadline with).
struct CallRecord<'a> {
    metrics: &'a Metrics,
    method: &'a str,
    started: Instant,
    code: Option<&'static str>,
}

impl Drop for CallRecord<'_> {
    fn drop(&mut self) {
        let code = self.code.unwrap_or("CANCELLED");
        self.metrics
            .record_call(self.method, code, self.started.elapsed());
    }
}

/// The request id from `x-request-id` when usable, else a fresh one.
fn request_id<B>(request: &Request<B>) -> String {
    request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.len() <= MAX_REQUEST_ID_LEN)
        .map(str::to_string)
        .unwrap_or_else(|| hex::encode(rand::random::<[u8; 12]>()))
}

/// The call's status code name. A unary error travels as a trailers-only
/// response, with `grpc-status` in the headers; a response without it is a
/// success whose status follows in the trailers.
fn grpc_code<B>(response: &Response<B>) -> &'static str {
    let code = response
        .headers()
        .get("grpc-status")
        .map_or(tonic::Code::Ok, |v| tonic::Code::from_bytes(v.as_bytes()));
    code_name(code)
}

fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}
