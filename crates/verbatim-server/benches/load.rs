//! Load generator: starts the real `verbatim` binary on a loopback port over
//! a fresh data directory (with the seeds), runs N concurrent clients, each
//! on its own connection, mixing IngestDocument, SearchStatements and
//! GetStatement, and reports throughput, p50/p99 latency per call, errors by
//! code, and the server's resident memory before and after. Then compares
//! GetStatement throughput with a minimal tonic server answering the same
//! message from memory, in this process.
//!
//! ```sh
//! cargo bench -p verbatim-server --bench load -- --clients 16 --seconds 30
//! cargo bench -p verbatim-server --bench load -- --clients 16 --seconds 300 --requests 100000000   # soak
//! ```
//!
//! Bounded by `--requests` (total) and `--seconds`, whichever comes first;
//! loopback only.

#![allow(missing_docs)]

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use clap::Parser;
use tonic::transport::{Channel, Endpoint};
use tonic::{Request, Response, Status};
use verbatim_proto::v1::document_service_client::DocumentServiceClient;
use verbatim_proto::v1::statement_service_client::StatementServiceClient;
use verbatim_proto::v1::statement_service_server::{StatementService, StatementServiceServer};
use verbatim_proto::v1::{self, DocumentContent, IngestDocumentRequest, document_content::Content};

#[derive(Debug, Parser)]
struct Args {
    /// Concurrent clients, one connection each.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Longest run of each phase, in seconds.
    #[arg(long, default_value_t = 20)]
    seconds: u64,
    /// Most requests per phase, all clients together.
    #[arg(long, default_value_t = 200_000)]
    requests: u64,
    /// Share of ingests in the mix, in percent (the rest: 2/3 searches, 1/3
    /// GetStatement).
    #[arg(long, default_value_t = 10)]
    ingest_percent: u64,
    /// The server's concurrency limit (`--max-concurrent-requests`).
    #[arg(long, default_value_t = 128)]
    max_concurrent: u32,
    /// Skip the comparison with the minimal in-memory server.
    #[arg(long)]
    no_baseline: bool,
    // `cargo bench` passes `--bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

const QUERIES: &[&str] = &[
    "russia",
    "peace",
    "\"security guarantees\"",
    "president OR minister",
    "war -ukraine",
    "europe",
    "negotiations",
    "pension",
];

const ARTICLE: &str = "Minister defends the budget\n\n\
Finance Minister Anna Keller said on Monday that the new budget would protect pensions. \
\"We will not cut a single pension,\" Keller told reporters in the capital. \
\"The numbers add up, and the parliament knows it.\"\n\n\
Opposition leader Tomas Brandt disagreed. \"This budget is a fantasy built on borrowed money,\" he said.\n";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Op {
    Ingest,
    Search,
    Get,
}

#[derive(Default)]
struct Tally {
    latencies: BTreeMap<Op, Vec<u32>>,
    errors: BTreeMap<String, u64>,
}

fn main() {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(args));
}

async fn run(args: Args) {
    let data = tempfile::TempDir::new().unwrap();
    let port = free_port();
    let mut server = spawn_server(data.path(), port, args.max_concurrent);
    let channel = connect(port).await;
    let ids = statement_ids(&channel).await;
    let rss_before = rss_kib(server.id());
    println!(
        "server pid {} on 127.0.0.1:{port}: {} seed statements, RSS {} MiB",
        server.id(),
        ids.len(),
        rss_before / 1024
    );

    let started = Instant::now();
    let tally = load(&args, port, Arc::new(ids.clone())).await;
    let elapsed = started.elapsed();
    let rss_after = rss_kib(server.id());
    report("verbatim", &tally, elapsed);
    println!(
        "server RSS: {} MiB before, {} MiB after {:.0} s",
        rss_before / 1024,
        rss_after / 1024,
        elapsed.as_secs_f64()
    );

    if !args.no_baseline {
        let ours = get_only(&args, port, Arc::new(ids.clone())).await;
        let statement = StatementServiceClient::new(channel.clone())
            .get_statement(v1::GetStatementRequest {
                name: format!("statements/{}", ids[0]),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        let baseline_port = start_baseline(statement).await;
        let theirs = get_only(&args, baseline_port, Arc::new(ids)).await;
        println!(
            "GetStatement only, {} clients: verbatim {:.0}/s, minimal in-memory tonic server {:.0}/s (ratio {:.2})",
            args.clients,
            ours,
            theirs,
            theirs / ours
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn spawn_server(data: &std::path::Path, port: u16, max_concurrent: u32) -> Child {
    Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(["--log", "warn", "serve", "--metrics-listen", "127.0.0.1:0"])
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(data)
        .arg("--max-concurrent-requests")
        .arg(max_concurrent.to_string())
        .stdout(Stdio::null())
        .spawn()
        .expect("the verbatim binary starts")
}

async fn connect(port: u16) -> Channel {
    for _ in 0..600 {
        if let Ok(channel) = Endpoint::from_shared(format!("http://127.0.0.1:{port}"))
            .unwrap()
            .connect()
            .await
        {
            // Seeds load before the port opens, so the server is ready.
            return channel;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not come up on port {port}");
}

async fn statement_ids(channel: &Channel) -> Vec<i64> {
    let mut documents = DocumentServiceClient::new(channel.clone());
    let mut statements = StatementServiceClient::new(channel.clone());
    let listed = documents
        .list_documents(v1::ListDocumentsRequest {
            page_size: 100,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let mut ids = Vec::new();
    for document in listed.documents {
        let page = statements
            .list_statements(v1::ListStatementsRequest {
                document: document.name,
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        ids.extend(page.statements.iter().filter_map(|s| {
            s.name
                .strip_prefix("statements/")
                .and_then(|id| id.parse::<i64>().ok())
        }));
    }
    assert!(!ids.is_empty(), "the seeds have statements");
    ids
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Runs the mixed load; returns what every client saw.
async fn load(args: &Args, port: u16, ids: Arc<Vec<i64>>) -> Tally {
    let issued = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let channel = connect(port).await;
        let issued = issued.clone();
        let ids = ids.clone();
        let (limit, ingest_percent) = (args.requests, args.ingest_percent);
        tasks.push(tokio::spawn(async move {
            let mut documents = DocumentServiceClient::new(channel.clone());
            let mut statements = StatementServiceClient::new(channel);
            let mut tally = Tally::default();
            let mut n = client as u64;
            while Instant::now() < deadline {
                let i = issued.fetch_add(1, Ordering::Relaxed);
                if i >= limit {
                    break;
                }
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let roll = (n >> 33) % 100;
                let started = Instant::now();
                let (op, result) = if roll < ingest_percent {
                    // Unique bytes, so every ingest is a new document.
                    let text = format!("{ARTICLE}\nReport number {i} from client {client}.\n");
                    let request = IngestDocumentRequest {
                        content: Some(DocumentContent {
                            content: Some(Content::Text(text)),
                            charset: String::new(),
                        }),
                        ..Default::default()
                    };
                    (
                        Op::Ingest,
                        documents.ingest_document(request).await.map(drop),
                    )
                } else if roll < ingest_percent + (100 - ingest_percent) * 2 / 3 {
                    let request = v1::SearchStatementsRequest {
                        query: QUERIES[(n >> 20) as usize % QUERIES.len()].into(),
                        page_size: 10,
                        ..Default::default()
                    };
                    (
                        Op::Search,
                        statements.search_statements(request).await.map(drop),
                    )
                } else {
                    (Op::Get, get(&mut statements, &ids, n).await)
                };
                let micros = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
                match result {
                    Ok(()) => tally.latencies.entry(op).or_default().push(micros),
                    Err(status) => {
                        *tally
                            .errors
                            .entry(format!("{op:?} {:?}", status.code()))
                            .or_default() += 1
                    }
                }
            }
            tally
        }));
    }
    let mut total = Tally::default();
    for task in tasks {
        let tally = task.await.unwrap();
        for (op, mut latencies) in tally.latencies {
            total
                .latencies
                .entry(op)
                .or_default()
                .append(&mut latencies);
        }
        for (code, count) in tally.errors {
            *total.errors.entry(code).or_default() += count;
        }
    }
    total
}

async fn get(
    client: &mut StatementServiceClient<Channel>,
    ids: &[i64],
    n: u64,
) -> Result<(), Status> {
    let id = ids[(n >> 16) as usize % ids.len()];
    client
        .get_statement(v1::GetStatementRequest {
            name: format!("statements/{id}"),
            ..Default::default()
        })
        .await
        .map(drop)
}

/// GetStatement calls only, on `port`; returns calls per second.
async fn get_only(args: &Args, port: u16, ids: Arc<Vec<i64>>) -> f64 {
    let deadline = Instant::now() + Duration::from_secs(args.seconds.min(10));
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for client in 0..args.clients {
        let mut statements = StatementServiceClient::new(connect(port).await);
        let (done, ids) = (done.clone(), ids.clone());
        let limit = args.requests;
        tasks.push(tokio::spawn(async move {
            let mut n = client as u64;
            while Instant::now() < deadline && done.load(Ordering::Relaxed) < limit {
                n = n
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                get(&mut statements, &ids, n).await.expect("GetStatement");
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn report(name: &str, tally: &Tally, elapsed: Duration) {
    let total: usize = tally.latencies.values().map(Vec::len).sum();
    let errors: u64 = tally.errors.values().sum();
    println!(
        "{name}: {total} ok calls in {:.1} s = {:.0}/s; errors: {errors} {:?}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        tally.errors
    );
    println!(
        "  {:<8} {:>9} {:>10} {:>10}",
        "call", "count", "p50 ms", "p99 ms"
    );
    for (op, latencies) in &tally.latencies {
        let mut sorted = latencies.clone();
        sorted.sort_unstable();
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q) as usize] as f64 / 1000.0;
        println!(
            "  {:<8} {:>9} {:>10.2} {:>10.2}",
            format!("{op:?}"),
            sorted.len(),
            at(0.5),
            at(0.99)
        );
    }
}

/// The baseline: StatementService answering GetStatement with one stored
/// message, no store, no checks.
struct InMemory(v1::Statement);

#[tonic::async_trait]
impl StatementService for InMemory {
    async fn get_statement(
        &self,
        _request: Request<v1::GetStatementRequest>,
    ) -> Result<Response<v1::Statement>, Status> {
        Ok(Response::new(self.0.clone()))
    }

    async fn list_statements(
        &self,
        _request: Request<v1::ListStatementsRequest>,
    ) -> Result<Response<v1::ListStatementsResponse>, Status> {
        Err(Status::unimplemented("baseline answers GetStatement only"))
    }

    async fn search_statements(
        &self,
        _request: Request<v1::SearchStatementsRequest>,
    ) -> Result<Response<v1::SearchStatementsResponse>, Status> {
        Err(Status::unimplemented("baseline answers GetStatement only"))
    }
}

async fn start_baseline(statement: v1::Statement) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(StatementServiceServer::new(InMemory(statement)))
            .serve_with_incoming(incoming),
    );
    port
}
