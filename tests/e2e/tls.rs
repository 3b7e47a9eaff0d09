//! TLS with rustls, optionally with client certificates, over certificates
//! made at test time; `verbatim healthcheck` speaks TLS too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use tempfile::TempDir;
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint, Identity};
use verbatim_proto::v1::{self, document_service_client::DocumentServiceClient};
use verbatim_server::config::ServeConfig;
use verbatim_server::server::{self, RunningServer};

use crate::support::{ARTICLE, text_request};

/// PEM files of a test PKI: a CA, a server certificate for `localhost`, a
/// client certificate, and a client certificate from another CA.
struct Pki {
    dir: TempDir,
}

impl Pki {
    fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let ca = new_ca("verbatim test ca");
        let rogue_ca = new_ca("someone else");
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        issue(dir.path(), "server", &["localhost"], &ca);
        issue(dir.path(), "client", &["client"], &ca);
        issue(dir.path(), "rogue", &["client"], &rogue_ca);
        Pki { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap()
    }

    fn identity(&self, who: &str) -> Identity {
        Identity::from_pem(
            self.read(&format!("{who}.pem")),
            self.read(&format!("{who}.key")),
        )
    }
}

fn new_ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

fn issue(dir: &Path, who: &str, names: &[&str], ca: &CertifiedIssuer<'static, KeyPair>) {
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let params = CertificateParams::new(names).unwrap();
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, ca).unwrap();
    std::fs::write(dir.join(format!("{who}.pem")), cert.pem()).unwrap();
    std::fs::write(dir.join(format!("{who}.key")), key.serialize_pem()).unwrap();
}

async fn tls_server(pki: &Pki, data: &TempDir, client_ca: bool) -> RunningServer {
    let mut config = ServeConfig::for_data_dir(data.path());
    config.no_seeds = true;
    config.tls_cert = Some(pki.path("server.pem"));
    config.tls_key = Some(pki.path("server.key"));
    if client_ca {
        config.tls_client_ca = Some(pki.path("ca.pem"));
    }
    server::start(config).await.expect("tls server starts")
}

async fn connect(
    running: &RunningServer,
    pki: &Pki,
    identity: Option<Identity>,
) -> Result<Channel, tonic::transport::Error> {
    let mut tls = ClientTlsConfig::new()
        .ca_certificate(Certificate::from_pem(pki.read("ca.pem")))
        .domain_name("localhost");
    if let Some(identity) = identity {
        tls = tls.identity(identity);
    }
    Endpoint::from_shared(format!("https://{}", running.local_addr()))
        .unwrap()
        .timeout(Duration::from_secs(10))
        .tls_config(tls)?
        .connect()
        .await
}

/// Ingests through `channel`; the error of the handshake or the call.
async fn ingest_over(channel: Channel) -> Result<v1::IngestDocumentResponse, tonic::Status> {
    DocumentServiceClient::new(channel)
        .ingest_document(text_request(ARTICLE))
        .await
        .map(tonic::Response::into_inner)
}

async fn healthcheck(running: &RunningServer, args: &[&Path]) -> bool {
    let flags = ["--tls-ca", "--tls-cert", "--tls-key"];
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_verbatim"));
    command
        .args(["healthcheck", "--timeout-secs", "5", "--listen"])
        .arg(running.local_addr().to_string());
    for (flag, path) in flags.iter().zip(args) {
        command.arg(flag).arg(path);
    }
    command.output().await.unwrap().status.success()
}

#[tokio::test]
async fn serves_over_tls() {
    let pki = Pki::new();
    let data = TempDir::new().unwrap();
    let running = tls_server(&pki, &data, false).await;

    let channel = connect(&running, &pki, None).await.expect("tls handshake");
    let ingested = ingest_over(channel).await.unwrap();
    assert!(!ingested.statements.is_empty());

    // A plain-text client gets nowhere.
    let plain = Endpoint::from_shared(format!("http://{}", running.local_addr()))
        .unwrap()
        .timeout(Duration::from_secs(5))
        .connect()
        .await;
    if let Ok(channel) = plain {
        assert!(ingest_over(channel).await.is_err());
    }

    assert!(healthcheck(&running, &[&pki.path("ca.pem")]).await);
    // Without --tls-ca the probe speaks plain text and fails.
    assert!(!healthcheck(&running, &[]).await);
    running.shutdown().await.unwrap();
}

#[tokio::test]
async fn client_certificates_are_required_when_configured() {
    let pki = Pki::new();
    let data = TempDir::new().unwrap();
    let running = tls_server(&pki, &data, true).await;

    let accepted = connect(&running, &pki, Some(pki.identity("client")))
        .await
        .expect("mutual tls handshake");
    ingest_over(accepted).await.unwrap();

    // With TLS 1.3 the server checks the client's certificate after the
    // client considers the handshake done: the failure may come at connect
    // or at the first call.
    for identity in [None, Some(pki.identity("rogue"))] {
        if let Ok(channel) = connect(&running, &pki, identity).await {
            let status = ingest_over(channel).await.unwrap_err();
            assert!(format!("{status:?}").contains("alert"), "{status:?}");
        }
    }

    let (ca, cert, key) = (
        pki.path("ca.pem"),
        pki.path("client.pem"),
        pki.path("client.key"),
    );
    assert!(healthcheck(&running, &[&ca, &cert, &key]).await);
    assert!(!healthcheck(&running, &[&ca]).await);
    running.shutdown().await.unwrap();
}
