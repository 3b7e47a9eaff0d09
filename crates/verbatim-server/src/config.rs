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

    /// A speaker directory (`.toml` or `.json`) pinning the canonical name,
    /// aliases, Wikidata id and titles of known people, applied at start.
    #[arg(long, env = "VERBATIM_SPEAKER_DIRECTORY")]
    pub speaker_directory: Option<PathBuf>,

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
            speaker_directory: None,
            max_document_bytes: 16 * MIB,
            max_message_bytes: 32 * MIB,
            page_token_key: None,
            shutdown_grace_secs: 10,
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

    /// The drain deadline after a shutdown signal.
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}
