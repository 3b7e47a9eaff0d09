//! Configuration of `verbatim serve`: command-line flags that also read
//! environment variables (flag, then environment, then default).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

/// One mebibyte, for size defaults.
const MIB: usize = 1024 * 1024;

/// How log lines are written (always to standard error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Settings of the gRPC server.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on for gRPC (port 0 picks a free port).
    #[arg(long, env = "VERBATIM_LISTEN", default_value = "127.0.0.1:50051")]
    pub listen: SocketAddr,

    /// Directory holding the embedded database file (`verbatim.db`).
    #[arg(long, env = "VERBATIM_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The database: a `postgres://` URL for PostgreSQL (several replicas
    /// may share it), or a SQLite file path. Default: `verbatim.db` in the
    /// data directory.
    #[arg(long, env = "VERBATIM_DATABASE", hide_env_values = true)]
    pub database: Option<String>,

    /// Do not load the bundled seed documents into an empty store at start.
    #[arg(long, env = "VERBATIM_NO_SEEDS")]
    pub no_seeds: bool,

    /// Largest document accepted, in bytes; larger ones are rejected with
    /// RESOURCE_EXHAUSTED naming this limit.
    #[arg(long, env = "VERBATIM_MAX_DOCUMENT_BYTES", default_value_t = 16 * MIB)]
    pub max_document_bytes: usize,

    /// Largest gRPC message accepted by the transport, in bytes. Raised to at
    /// least the document limit plus room for metadata, so oversized
    /// documents get the precise document-limit error rather than the
    /// transport's generic one.
    #[arg(long, env = "VERBATIM_MAX_MESSAGE_BYTES", default_value_t = 32 * MIB)]
    pub max_message_bytes: usize,

    /// Key authenticating page tokens (at least 16 bytes, hex). By default a
    /// key is generated once and kept in the store, so tokens survive
    /// restarts and work across replicas sharing one database.
    #[arg(long, env = "VERBATIM_PAGE_TOKEN_KEY", hide_env_values = true)]
    pub page_token_key: Option<String>,

    /// Longest wait, in seconds, for in-flight requests to finish after
    /// SIGTERM or SIGINT.
    #[arg(long, env = "VERBATIM_SHUTDOWN_GRACE_SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,

    /// File of access tokens, one `ROLE TOKEN` per line (ROLE is `reader` or
    /// `writer`, `#` starts a comment). With tokens configured every call to
    /// Verbatim's services needs `authorization: Bearer TOKEN`.
    #[arg(long, env = "VERBATIM_TOKENS_FILE")]
    pub tokens_file: Option<PathBuf>,

    /// Access tokens given inline, `ROLE:TOKEN` entries separated by commas
    /// or newlines; added to those of the tokens file. Prefer the
    /// environment variable: command lines are visible to other users.
    #[arg(long, env = "VERBATIM_TOKENS", hide_env_values = true)]
    pub tokens: Option<String>,

    /// Serve without access tokens on a non-loopback address, letting anyone
    /// who reaches the port read and write. Without tokens and without this
    /// flag the server only starts on a loopback address.
    #[arg(long, env = "VERBATIM_ALLOW_UNAUTHENTICATED")]
    pub allow_unauthenticated: bool,

    /// Most calls to Verbatim's services handled at once; further calls are
    /// refused at once with RESOURCE_EXHAUSTED instead of queueing (health
    /// and reflection are not counted).
    #[arg(long, env = "VERBATIM_MAX_CONCURRENT_REQUESTS", default_value_t = 128, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_concurrent_requests: u32,

    /// Longest time, in seconds, a call may run before it is cancelled
    /// (0: no server limit). A shorter client deadline (`grpc-timeout`)
    /// wins.
    #[arg(long, env = "VERBATIM_REQUEST_TIMEOUT_SECS", default_value_t = 60)]
    pub request_timeout_secs: u64,

    /// Seconds between HTTP/2 keepalive pings on idle connections (0: none).
    #[arg(
        long,
        env = "VERBATIM_HTTP2_KEEPALIVE_INTERVAL_SECS",
        default_value_t = 30
    )]
    pub http2_keepalive_interval_secs: u64,

    /// Seconds to wait for a keepalive ping's acknowledgement before closing
    /// the connection.
    #[arg(
        long,
        env = "VERBATIM_HTTP2_KEEPALIVE_TIMEOUT_SECS",
        default_value_t = 20
    )]
    pub http2_keepalive_timeout_secs: u64,

    /// Seconds of TCP idleness before the kernel probes the peer (0: off).
    #[arg(long, env = "VERBATIM_TCP_KEEPALIVE_SECS", default_value_t = 60)]
    pub tcp_keepalive_secs: u64,

    /// Address of the Prometheus metrics endpoint (`GET /metrics`, plain
    /// HTTP, no token).
    #[arg(
        long,
        env = "VERBATIM_METRICS_LISTEN",
        default_value = "127.0.0.1:9464"
    )]
    pub metrics_listen: SocketAddr,

    /// PEM certificate chain of the server: serve gRPC over TLS (needs
    /// `--tls-key`).
    #[arg(long, env = "VERBATIM_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key of the server certificate.
    #[arg(long, env = "VERBATIM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// PEM certificates of the CAs whose client certificates are accepted:
    /// clients must then present one (mutual TLS).
    #[arg(long, env = "VERBATIM_TLS_CLIENT_CA", requires = "tls_cert")]
    pub tls_client_ca: Option<PathBuf>,
}

impl ServeConfig {
    /// A configuration for `data_dir` with every other setting at its
    /// default and an ephemeral loopback port: what tests and embedders start
    /// from.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        ServeConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            database: None,
            no_seeds: false,
            max_document_bytes: 16 * MIB,
            max_message_bytes: 32 * MIB,
            page_token_key: None,
            shutdown_grace_secs: 10,
            tokens_file: None,
            tokens: None,
            allow_unauthenticated: false,
            max_concurrent_requests: 128,
            request_timeout_secs: 60,
            http2_keepalive_interval_secs: 30,
            http2_keepalive_timeout_secs: 20,
            tcp_keepalive_secs: 60,
            metrics_listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            tls_cert: None,
            tls_key: None,
            tls_client_ca: None,
        }
    }

    /// Where the store is: the configured database, else the embedded
    /// SQLite file in the data directory.
    pub fn database_location(&self) -> String {
        match &self.database {
            Some(location) => location.clone(),
            None => self.data_dir.join("verbatim.db").display().to_string(),
        }
    }

    /// The database location fit for logs: a URL's password is masked.
    pub fn database_for_logs(&self) -> String {
        let location = self.database_location();
        match (location.find("://"), location.rfind('@')) {
            (Some(scheme_end), Some(at)) if at > scheme_end => {
                let credentials = &location[scheme_end + 3..at];
                match credentials.split_once(':') {
                    Some((user, _)) => format!(
                        "{}{user}:***{}",
                        &location[..scheme_end + 3],
                        &location[at..]
                    ),
                    None => location,
                }
            }
            _ => location,
        }
    }

    /// The transport's decode limit: the configured message limit, raised if
    /// needed above the document limit.
    pub fn transport_message_limit(&self) -> usize {
        self.max_message_bytes
            .max(self.max_document_bytes.saturating_add(MIB))
    }

    /// The server's own limit on a call's duration, if any.
    pub fn request_timeout(&self) -> Option<Duration> {
        secs(self.request_timeout_secs)
    }

    /// The HTTP/2 keepalive ping interval, if pings are on.
    pub fn http2_keepalive_interval(&self) -> Option<Duration> {
        secs(self.http2_keepalive_interval_secs)
    }

    /// The TCP keepalive idle time, if probes are on.
    pub fn tcp_keepalive(&self) -> Option<Duration> {
        secs(self.tcp_keepalive_secs)
    }

    /// The drain deadline after a shutdown signal.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

/// `secs` seconds, with 0 meaning "off".
fn secs(secs: u64) -> Option<Duration> {
    (secs > 0).then(|| Duration::from_secs(secs))
}
