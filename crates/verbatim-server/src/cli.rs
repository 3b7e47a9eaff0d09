//! The `verbatim` command line. Logs always go to standard error, so that
//! standard output stays clean (JSON for `parse --json`).

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use tonic::transport::{Certificate, ClientTlsConfig, Identity};
use tonic_health::pb::health_check_response::ServingStatus;
use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
use tracing_subscriber::EnvFilter;
use verbatim_core::{ParseOptions, report::ParseReport};

use crate::config::{LogFormat, ServeConfig};

/// Verbatim: who said what, from news articles, interviews and transcripts.
#[derive(Debug, Parser)]
#[command(name = "verbatim", version, about)]
pub struct Cli {
    /// Log format on standard error.
    #[arg(long, global = true, env = "VERBATIM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Log filter, in `tracing` env-filter syntax (`info`, `verbatim_server=debug`).
    #[arg(long, global = true, env = "VERBATIM_LOG", default_value = "info")]
    pub log: String,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the gRPC server.
    Serve(ServeConfig),
    /// Parse local files and print who said what (no server needed).
    Parse(ParseArgs),
    /// Ask a running server's health service whether it is serving; exit 0
    /// if so, 1 otherwise (for container health checks).
    Healthcheck(HealthcheckArgs),
}

/// Arguments of `verbatim parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Files to parse.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object per file, on its own line.
    #[arg(long)]
    pub json: bool,
    /// Charset of the files (a WHATWG label); detected when absent.
    #[arg(long)]
    pub charset: Option<String>,
}

/// Arguments of `verbatim healthcheck`.
#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// The server's listen address; an unspecified address (0.0.0.0, ::) is
    /// reached through loopback.
    #[arg(long, env = "VERBATIM_LISTEN", default_value = "127.0.0.1:50051")]
    pub listen: SocketAddr,
    /// Seconds to wait for an answer.
    #[arg(long, default_value_t = 3)]
    pub timeout_secs: u64,
    /// PEM certificate of the CA that signed the server's certificate:
    /// connect over TLS.
    #[arg(long, env = "VERBATIM_HEALTHCHECK_TLS_CA")]
    pub tls_ca: Option<PathBuf>,
    /// Name the server's certificate must carry.
    #[arg(
        long,
        env = "VERBATIM_HEALTHCHECK_TLS_DOMAIN",
        default_value = "localhost"
    )]
    pub tls_domain: String,
    /// PEM client certificate, for a server requiring client certificates.
    #[arg(long, env = "VERBATIM_HEALTHCHECK_TLS_CERT", requires_all = ["tls_key", "tls_ca"])]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of the client certificate.
    #[arg(long, env = "VERBATIM_HEALTHCHECK_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format, &cli.log);
    match cli.command {
        Command::Parse(args) => parse_files(&args),
        Command::Serve(config) => with_runtime(serve(config)),
        Command::Healthcheck(args) => with_runtime(healthcheck(args)),
    }
}

fn init_logging(format: LogFormat, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
}

fn with_runtime(task: impl std::future::Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(task),
        Err(error) => {
            tracing::error!(%error, "cannot start the async runtime");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: ServeConfig) -> ExitCode {
    match crate::server::start_with_signal(config, shutdown_signal()).await {
        Ok(running) => match running.wait().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(%error, "server failed");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            tracing::error!(%error, "server did not start");
            ExitCode::FAILURE
        }
    }
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(
            tokio::signal::unix::SignalKind::terminate(),
        ) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only SIGINT stops the server");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => tracing::info!(signal = "SIGINT", "shutdown requested"),
            _ = terminate.recv() => tracing::info!(signal = "SIGTERM", "shutdown requested"),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

async fn healthcheck(args: HealthcheckArgs) -> ExitCode {
    let mut addr = args.listen;
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        IpAddr::V6(ip) if ip.is_unspecified() => addr.set_ip(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        _ => {}
    }
    let timeout = Duration::from_secs(args.timeout_secs);
    let check = async {
        let scheme = if args.tls_ca.is_some() {
            "https"
        } else {
            "http"
        };
        let mut endpoint = tonic::transport::Endpoint::from_shared(format!("{scheme}://{addr}"))?
            .connect_timeout(timeout);
        if let Some(ca) = &args.tls_ca {
            let mut tls = ClientTlsConfig::new()
                .ca_certificate(Certificate::from_pem(std::fs::read(ca)?))
                .domain_name(args.tls_domain.clone());
            if let (Some(cert), Some(key)) = (&args.tls_cert, &args.tls_key) {
                tls = tls.identity(Identity::from_pem(
                    std::fs::read(cert)?,
                    std::fs::read(key)?,
                ));
            }
            endpoint = endpoint.tls_config(tls)?;
        }
        let channel = endpoint.connect().await?;
        let response = HealthClient::new(channel)
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await?;
        Ok::<_, Box<dyn std::error::Error>>(response.into_inner().status())
    };
    match tokio::time::timeout(timeout, check).await {
        Ok(Ok(ServingStatus::Serving)) => {
            println!("serving");
            ExitCode::SUCCESS
        }
        Ok(Ok(status)) => {
            println!("not serving: {}", status.as_str_name());
            ExitCode::FAILURE
        }
        Ok(Err(error)) => {
            println!("unreachable: {error}");
            ExitCode::FAILURE
        }
        Err(_) => {
            println!("no answer within {}s", timeout.as_secs());
            ExitCode::FAILURE
        }
    }
}

fn parse_files(args: &ParseArgs) -> ExitCode {
    let options = ParseOptions {
        charset: args.charset.clone(),
        ..ParseOptions::default()
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in &args.files {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                tracing::error!(path = %path.display(), %error, "cannot read file");
                failed = true;
                continue;
            }
        };
        let doc = match verbatim_core::parse(&bytes, &options) {
            Ok(doc) => doc,
            Err(error) => {
                tracing::error!(path = %path.display(), %error, "cannot parse file");
                failed = true;
                continue;
            }
        };
        let report = ParseReport::new(&doc);
        let written = if args.json {
            serde_json::to_string(&report)
                .map_err(std::io::Error::other)
                .and_then(|json| writeln!(out, "{json}"))
        } else {
            write_human(&mut out, path, &report)
        };
        if let Err(error) = written {
            tracing::error!(%error, "cannot write to standard output");
            return ExitCode::FAILURE;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn write_human(
    out: &mut impl Write,
    path: &std::path::Path,
    report: &ParseReport<'_>,
) -> std::io::Result<()> {
    writeln!(out, "== {}", path.display())?;
    writeln!(
        out,
        "title: {}\nlanguage: {}  form: {}  statements: {}",
        report.title,
        report.language,
        report.form.as_str(),
        report.statements.len()
    )?;
    for statement in &report.statements {
        let speaker = statement.speaker.as_ref().map_or("(unnamed)", |s| s.name);
        let text: String = statement.text.chars().take(100).collect();
        writeln!(
            out,
            "  {:8} {:24} {}",
            statement.kind.as_str(),
            speaker,
            text
        )?;
    }
    Ok(())
}
