//! Faults: PostgreSQL unreachable and back (through a TCP proxy the test
//! controls, never touching the shared server), a full disk and a read-only
//! data directory (tiny tmpfs mounts). A SIGKILL during bulk ingest is in
//! process.rs.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::Connection;
use tempfile::TempDir;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tonic::Code;
use verbatim_proto::v1;
use verbatim_server::config::ServeConfig;
use verbatim_server::server::{self, ServeError};

use crate::support::{ARTICLE, TestServer, text_request};

fn postgres_url() -> String {
    std::env::var("VERBATIM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Skips (returns `None`, after saying why) when PostgreSQL is absent,
/// except under CI=true, where that is a failure.
async fn postgres_admin() -> Option<sqlx::PgConnection> {
    let url = postgres_url();
    match tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(&url)).await {
        Ok(Ok(connection)) => Some(connection),
        outcome => {
            let why = match outcome {
                Ok(Err(e)) => e.to_string(),
                _ => "connection timed out".into(),
            };
            let message = format!("SKIPPED: PostgreSQL not reachable at 127.0.0.1:5432: {why}");
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{message} (CI=true: a skip is a failure)");
            }
            eprintln!("{message}");
            None
        }
    }
}

/// A TCP proxy to PostgreSQL that the test can cut and restore.
struct Proxy {
    addr: SocketAddr,
    up: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Proxy {
    async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = tokio::spawn({
            let up = up.clone();
            let links = links.clone();
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    // While cut, connections are accepted and dropped at
                    // once: the database is "unreachable" without the
                    // connect retries a refused port would cause.
                    if !up.load(Ordering::SeqCst) {
                        continue;
                    }
                    let link = tokio::spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                    links.lock().await.push(link);
                }
            }
        });
        Proxy {
            addr,
            up,
            links,
            accept,
        }
    }

    /// Breaks every open connection and refuses new ones.
    async fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for link in self.links.lock().await.drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

#[tokio::test]
async fn postgres_unreachable_is_unavailable_and_the_service_recovers() {
    let Some(mut admin) = postgres_admin().await else {
        return;
    };
    let schema = format!("verbatim_e2e_{:016x}", rand::random::<u64>());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .unwrap();

    let upstream = {
        let url = postgres_url();
        let host_port = url
            .split_once('@')
            .map_or(url.as_str(), |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap()
            .to_string();
        tokio::net::lookup_host(host_port)
            .await
            .unwrap()
            .next()
            .unwrap()
    };
    let proxy = Proxy::start(upstream).await;
    let (credentials, rest) = postgres_url().split_once('@').map_or_else(
        || ("postgres://".to_string(), String::new()),
        |(c, r)| (format!("{c}@"), r.to_string()),
    );
    let database = rest.split_once('/').map_or("test", |(_, d)| d).to_string();
    let separator = if database.contains('?') { '&' } else { '?' };
    let url = format!(
        "{credentials}{}/{database}{separator}options=-csearch_path%3D{schema}",
        proxy.addr
    );

    let server = TestServer::start_in(TempDir::new().unwrap(), |c| {
        c.no_seeds = true;
        c.database = Some(url);
    })
    .await;
    server.ingest(ARTICLE).await;

    proxy.cut().await;
    for _ in 0..3 {
        let status = server.list().await.unwrap_err();
        assert_eq!(status.code(), Code::Unavailable, "{status:?}");
        assert!(
            status.message().contains("database is unavailable"),
            "{status:?}"
        );
    }
    let status = server
        .documents()
        .ingest_document(text_request(&ARTICLE.replace("Monday", "Tuesday")))
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unavailable, "{status:?}");

    proxy.restore();
    // The pool may hand out one connection that broke during the outage;
    // a client retrying on UNAVAILABLE, as gRPC advises, gets through.
    let mut listed = server.list().await;
    for _ in 0..5 {
        if listed.is_ok() {
            break;
        }
        assert_eq!(listed.as_ref().unwrap_err().code(), Code::Unavailable);
        listed = server.list().await;
    }
    assert_eq!(
        listed.unwrap().documents.len(),
        1,
        "nothing lost or half-written"
    );
    server.ingest(&ARTICLE.replace("Monday", "Tuesday")).await;
    assert_eq!(server.list().await.unwrap().documents.len(), 2);

    drop(server);
    let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&mut admin)
        .await;
}

/// A tmpfs mounted on a fresh directory, unmounted on drop.
struct Mount {
    _dir: TempDir,
    path: PathBuf,
}

impl Mount {
    /// `None` (after saying why) where mounting is not permitted.
    fn tmpfs(options: &str) -> Option<Mount> {
        let dir = TempDir::new().unwrap();
        let path = dir.path().to_path_buf();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&path)
            .output();
        match output {
            Ok(out) if out.status.success() => Some(Mount { _dir: dir, path }),
            Ok(out) => {
                eprintln!(
                    "SKIPPED: cannot mount a tmpfs here: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("SKIPPED: cannot run mount: {e}");
                None
            }
        }
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.path).status();
    }
}

#[tokio::test]
async fn a_full_disk_is_reported_and_nothing_half_written() {
    let Some(mount) = Mount::tmpfs("size=1m") else {
        return;
    };
    let dir = TempDir::new_in(mount.path()).unwrap();
    let server = TestServer::start_in(dir, |c| c.no_seeds = true).await;
    let mut stored = 0;
    let mut full = None;
    for i in 0..400 {
        // Unique filler, so no two documents are the same bytes.
        let filler = format!("Report {i}: ").repeat(1000);
        let text = format!("{ARTICLE}\n{filler}\n");
        match server
            .documents()
            .ingest_document(text_request(&text))
            .await
        {
            Ok(_) => stored += 1,
            Err(status) => {
                full = Some(status);
                break;
            }
        }
    }
    let status = full.expect("a 1 MiB disk fills up");
    assert_eq!(status.code(), Code::ResourceExhausted, "{status:?}");
    assert!(status.message().contains("storage is full"), "{status:?}");
    // Reads still work, and the refused document left nothing behind.
    let listed = server
        .documents()
        .list_documents(v1::ListDocumentsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.documents.len(), stored);
    assert!(listed.documents.iter().all(|d| d.statement_count > 0));
}

#[tokio::test]
async fn a_read_only_data_directory_stops_the_start_with_a_clear_error() {
    let Some(mount) = Mount::tmpfs("ro,size=1m") else {
        return;
    };
    let config = ServeConfig::for_data_dir(mount.path().join("data"));
    let error = server::start(config).await.unwrap_err();
    assert!(matches!(error, ServeError::Store { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("cannot open the store"), "{message}");
    assert!(message.to_lowercase().contains("read-only"), "{message}");
}
