//! The real `verbatim` binary: health checks, signals, crashes, `parse`.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio_stream::StreamExt;
use verbatim_proto::v1::document_service_client::DocumentServiceClient;
use verbatim_proto::v1::statement_service_client::StatementServiceClient;
use verbatim_proto::v1::{IngestDocumentsRequest, ListDocumentsRequest, ListStatementsRequest};

use crate::support::{TestServer, text_request};

const BINARY: &str = env!("CARGO_BIN_EXE_verbatim");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn spawn_server(data_dir: &std::path::Path, port: u16) -> Child {
    Command::new(BINARY)
        .args(["serve", "--no-seeds", "--shutdown-grace-secs", "3"])
        .args(["--metrics-listen", "127.0.0.1:0"])
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the verbatim binary starts")
}

fn healthcheck(port: u16) -> bool {
    Command::new(BINARY)
        .args(["healthcheck", "--timeout-secs", "2", "--listen"])
        .arg(format!("0.0.0.0:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success()
}

fn wait_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !healthcheck(port) {
        assert!(Instant::now() < deadline, "server did not become healthy");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn healthcheck_and_sigterm_stop_the_server_cleanly() {
    let dir = tempfile::TempDir::new().unwrap();
    let port = free_port();
    let mut child = spawn_server(dir.path(), port);
    wait_healthy(port);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "server ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "clean exit after SIGTERM: {status:?}");
    assert!(!healthcheck(port), "nothing serves after shutdown");
}

#[tokio::test]
async fn a_server_killed_mid_ingest_keeps_only_whole_documents() {
    let dir = tempfile::TempDir::new().unwrap();
    let port = free_port();
    let mut child = spawn_server(dir.path(), port);
    tokio::task::spawn_blocking(move || wait_healthy(port))
        .await
        .unwrap();

    let mut client = DocumentServiceClient::connect(format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    let requests = (0..400).map(|i| IngestDocumentsRequest {
        client_id: i.to_string(),
        document: Some(text_request(&format!(
            "Bulletin {i}\n\n{}",
            (0..40)
                .map(|j| format!("Officer {j} said: \"Case {i}-{j} is closed.\" "))
                .collect::<String>()
        ))),
    });
    let mut results = client
        .ingest_documents(tokio_stream::iter(requests))
        .await
        .unwrap()
        .into_inner();
    // Let some documents land, then kill the server without warning.
    let mut stored = 0;
    while let Some(Ok(_)) = results.next().await {
        stored += 1;
        if stored == 5 {
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    assert_eq!(stored, 5);

    let server = TestServer::start_in(dir, |c| c.no_seeds = true).await;
    let documents = server
        .documents()
        .list_documents(ListDocumentsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .documents;
    assert!(
        documents.len() >= 5,
        "acknowledged documents survive: {}",
        documents.len()
    );
    let mut statements = StatementServiceClient::new(server.channel());
    for document in documents {
        let listed = statements
            .list_statements(ListStatementsRequest {
                document: document.name.clone(),
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            listed.statements.len() as i64,
            document.statement_count,
            "{} is whole",
            document.name
        );
        assert!(document.statement_count > 0);
    }
}

#[test]
fn parse_prints_one_json_object_per_file_and_logs_to_stderr() {
    let dir = tempfile::TempDir::new().unwrap();
    let first = dir.path().join("a.txt");
    let second = dir.path().join("b.txt");
    std::fs::write(
        &first,
        "Headline here\n\nThe mayor said: \"The bridge opens in May.\"\n",
    )
    .unwrap();
    std::fs::write(&second, "Мэр заявил: «Мост откроется в мае».\n").unwrap();
    let output = Command::new(BINARY)
        .args(["--log", "debug", "parse", "--json"])
        .arg(&first)
        .arg(&second)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let english: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(english["language"], "en");
    assert_eq!(english["statements"][0]["text"], "The bridge opens in May.");
    assert_eq!(english["statements"][0]["kind"], "quote");
    let russian: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(russian["language"], "ru");
    assert_eq!(russian["statements"][0]["text"], "Мост откроется в мае");

    let missing = Command::new(BINARY)
        .args(["parse", "/no/such/file.txt"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(missing.stdout.is_empty());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read file"));
}
