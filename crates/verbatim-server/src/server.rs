//! Starting, running and stopping the gRPC server.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Certificate, Identity, Server, ServerTlsConfig};
use tonic_health::ServingStatus;
use tonic_health::server::HealthReporter;
use verbatim_proto::v1::document_service_server::DocumentServiceServer;
use verbatim_proto::v1::speaker_service_server::SpeakerServiceServer;
use verbatim_proto::v1::statement_service_server::StatementServiceServer;
use verbatim_store::Store;

use crate::auth::AccessTokens;
use crate::config::ServeConfig;
use crate::guard::Guard;
use crate::metrics::Metrics;
use crate::page_token::PageTokens;
use crate::seeds;
use crate::service::{AppState, DocumentApi, SpeakerApi, StatementApi};

/// Name of the stored secret that authenticates page tokens by default.
const PAGE_TOKEN_SECRET: &str = "page_token_key";

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The data directory or the database could not be opened.
    #[error("cannot open the store at {path}: {reason}")]
    Store {
        /// The database path.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// The configuration is not usable.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The transport failed while serving.
    #[error("server failed: {0}")]
    Transport(String),
}

/// A server running in the background, as returned by [`start`].
#[derive(Debug)]
pub struct RunningServer {
    local_addr: SocketAddr,
    metrics_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), ServeError>>,
}

impl RunningServer {
    /// The address the server listens on (with the real port when the
    /// configuration asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The address of the Prometheus metrics endpoint.
    pub fn metrics_addr(&self) -> SocketAddr {
        self.metrics_addr
    }

    /// Stops the server as on SIGTERM: health goes NOT_SERVING, new
    /// connections are refused, in-flight requests finish within the grace
    /// period.
    pub async fn shutdown(mut self) -> Result<(), ServeError> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.wait().await
    }

    /// Waits until the server stops.
    pub async fn wait(self) -> Result<(), ServeError> {
        self.task
            .await
            .map_err(|e| ServeError::Transport(format!("server task failed: {e}")))?
    }
}

/// Opens the store, loads the seeds into an empty store (unless disabled),
/// binds the listen address and serves in the background until
/// [`RunningServer::shutdown`].
pub async fn start(config: ServeConfig) -> Result<RunningServer, ServeError> {
    let (stop, stopped) = oneshot::channel::<()>();
    let server = start_with_signal(config, async {
        let _ = stopped.await;
    })
    .await?;
    Ok(RunningServer {
        stop: Some(stop),
        ..server
    })
}

/// Like [`start`], but stops when `signal` completes.
pub async fn start_with_signal(
    config: ServeConfig,
    signal: impl Future<Output = ()> + Send + 'static,
) -> Result<RunningServer, ServeError> {
    let access = access_tokens(&config)?;
    let tls = tls_config(&config)?;
    let metrics = Metrics::new().map_err(|e| ServeError::Config(format!("metrics: {e}")))?;
    let store = open_store(&config).await?;
    let key = page_token_key(&config, store.as_ref()).await?;
    let state = AppState {
        store: store.clone(),
        tokens: PageTokens::new(key),
        max_document_bytes: config.max_document_bytes,
        metrics: metrics.clone(),
    };
    let documents = DocumentApi::new(state.clone());
    if !config.no_seeds {
        let count = store
            .document_count()
            .await
            .map_err(|e| ServeError::Store {
                path: config.database_for_logs(),
                reason: e.to_string(),
            })?;
        if count == 0 {
            let loaded = seeds::load(&documents).await;
            tracing::info!(loaded, "seed documents loaded into the empty store");
        }
    }

    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.listen,
            source,
        })?;
    let local_addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: config.listen,
        source,
    })?;

    let (health, health_service) = tonic_health::server::health_reporter();
    set_health(&health, ServingStatus::Serving).await;
    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(verbatim_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|e| ServeError::Config(format!("reflection: {e}")))?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(verbatim_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .map_err(|e| ServeError::Config(format!("reflection: {e}")))?;

    let metrics_listener = TcpListener::bind(config.metrics_listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: config.metrics_listen,
            source,
        })?;
    let metrics_addr = metrics_listener
        .local_addr()
        .map_err(|source| ServeError::Bind {
            addr: config.metrics_listen,
            source,
        })?;

    let limit = config.transport_message_limit();
    let mut builder = Server::builder()
        .http2_keepalive_interval(config.http2_keepalive_interval())
        .http2_keepalive_timeout(Some(std::time::Duration::from_secs(
            config.http2_keepalive_timeout_secs,
        )));
    // Without a server timeout tonic still honours the client's
    // `grpc-timeout`: it drops the call's future, cancelling the work.
    if let Some(timeout) = config.request_timeout() {
        builder = builder.timeout(timeout);
    }
    if let Some(tls) = tls {
        builder = builder
            .tls_config(tls)
            .map_err(|e| ServeError::Config(format!("tls: {e}")))?;
    }
    let guard = Guard::new(
        access,
        config.max_concurrent_requests as usize,
        metrics.clone(),
    );
    let router = builder
        .layer(guard)
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(
            DocumentServiceServer::new(documents)
                .max_decoding_message_size(limit)
                .max_encoding_message_size(limit),
        )
        .add_service(
            SpeakerServiceServer::new(SpeakerApi::new(state.clone()))
                .max_encoding_message_size(limit),
        )
        .add_service(
            StatementServiceServer::new(StatementApi::new(state)).max_encoding_message_size(limit),
        );

    let store_for_metrics = store.clone();
    let grace = config.shutdown_grace();
    let (drain, draining) = oneshot::channel::<()>();
    // The builder's TCP options do not reach a listener we bound ourselves:
    // without TCP_NODELAY every small response waits ~40 ms for Nagle and
    // delayed ACKs.
    let incoming = TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .with_keepalive(config.tcp_keepalive());
    let serve = router.serve_with_incoming_shutdown(incoming, async {
        let _ = draining.await;
    });
    let (metrics_stop, metrics_stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let stopped = async {
            let _ = metrics_stopped.await;
        };
        if let Err(error) =
            crate::metrics::serve(metrics_listener, metrics, store_for_metrics, stopped).await
        {
            tracing::error!(%error, "metrics endpoint failed");
        }
    });
    tracing::info!(
        addr = %local_addr,
        metrics = %metrics_addr,
        tls = config.tls_cert.is_some(),
        client_certificates = config.tls_client_ca.is_some(),
        max_concurrent_requests = config.max_concurrent_requests,
        database = %config.database_for_logs(),
        "verbatim serving"
    );
    let task = tokio::spawn(async move {
        let mut serve = Box::pin(serve);
        tokio::select! {
            result = &mut serve => return result.map_err(|e| ServeError::Transport(e.to_string())),
            () = signal => {}
        }
        tracing::info!(
            grace_secs = grace.as_secs(),
            "shutting down: draining in-flight requests"
        );
        set_health(&health, ServingStatus::NotServing).await;
        let _ = drain.send(());
        // serve_with_shutdown waits for every connection to close, which an
        // idle keep-alive client never does: bound the drain.
        let outcome = match tokio::time::timeout(grace, serve).await {
            Ok(result) => result.map_err(|e| ServeError::Transport(e.to_string())),
            Err(_) => {
                tracing::warn!("drain deadline reached; closing remaining connections");
                Ok(())
            }
        };
        let _ = metrics_stop.send(());
        drop(store);
        tracing::info!("verbatim stopped");
        outcome
    });
    Ok(RunningServer {
        local_addr,
        metrics_addr,
        stop: None,
        task,
    })
}

/// The configured access tokens; refuses an open server on a non-loopback
/// address unless explicitly allowed, and logs the mode.
fn access_tokens(config: &ServeConfig) -> Result<AccessTokens, ServeError> {
    let mut tokens = AccessTokens::default();
    if let Some(path) = &config.tokens_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ServeError::Config(format!("cannot read tokens file {}: {e}", path.display()))
        })?;
        let from_file = AccessTokens::parse(&text)
            .map_err(|e| ServeError::Config(format!("{}: {e}", path.display())))?;
        if from_file.is_empty() {
            return Err(ServeError::Config(format!(
                "tokens file {} has no token",
                path.display()
            )));
        }
        tokens.extend(from_file);
    }
    if let Some(inline) = &config.tokens {
        tokens.extend(AccessTokens::parse(inline).map_err(|e| ServeError::Config(e.to_string()))?);
    }
    if !tokens.is_empty() {
        tracing::info!(
            tokens = tokens.len(),
            "access control on: bearer tokens required"
        );
        return Ok(tokens);
    }
    let loopback = config.listen.ip().is_loopback();
    if !loopback && !config.allow_unauthenticated {
        return Err(ServeError::Config(format!(
            "no access tokens configured and {} is not a loopback address: set \
             VERBATIM_TOKENS or --tokens-file, or pass --allow-unauthenticated to serve \
             everyone who can reach the port",
            config.listen
        )));
    }
    if loopback {
        tracing::info!("access control off: no tokens, loopback address only");
    } else {
        tracing::warn!(
            "access control off: no tokens and --allow-unauthenticated on a non-loopback address"
        );
    }
    Ok(tokens)
}

/// The TLS settings, when a certificate is configured.
fn tls_config(config: &ServeConfig) -> Result<Option<ServerTlsConfig>, ServeError> {
    let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) else {
        return Ok(None);
    };
    let read = |path: &std::path::Path| {
        std::fs::read(path)
            .map_err(|e| ServeError::Config(format!("cannot read {}: {e}", path.display())))
    };
    let mut tls = ServerTlsConfig::new().identity(Identity::from_pem(read(cert)?, read(key)?));
    if let Some(ca) = &config.tls_client_ca {
        tls = tls.client_ca_root(Certificate::from_pem(read(ca)?));
    }
    Ok(Some(tls))
}

/// Opens the configured store (PostgreSQL or SQLite), creating the data
/// directory and running migrations as needed.
pub async fn open_store(config: &ServeConfig) -> Result<Arc<dyn Store>, ServeError> {
    verbatim_store::open_store(&config.database_location())
        .await
        .map_err(|e| ServeError::Store {
            path: config.database_for_logs(),
            reason: e.to_string(),
        })
}

async fn page_token_key(config: &ServeConfig, store: &dyn Store) -> Result<Vec<u8>, ServeError> {
    if let Some(hex_key) = &config.page_token_key {
        let key = hex::decode(hex_key.trim())
            .map_err(|_| ServeError::Config("page token key must be hex".into()))?;
        if key.len() < 16 {
            return Err(ServeError::Config(
                "page token key must be at least 16 bytes (32 hex digits)".into(),
            ));
        }
        return Ok(key);
    }
    let fresh: [u8; 32] = rand::random();
    store
        .secret(PAGE_TOKEN_SECRET, fresh.to_vec())
        .await
        .map_err(|e| ServeError::Store {
            path: config.database_for_logs(),
            reason: e.to_string(),
        })
}

async fn set_health(health: &HealthReporter, status: ServingStatus) {
    health.set_service_status("", status).await;
    for service in [
        "verbatim.v1.DocumentService",
        "verbatim.v1.SpeakerService",
        "verbatim.v1.StatementService",
    ] {
        health.set_service_status(service, status).await;
    }
}
