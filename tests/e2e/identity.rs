//! Speakers as entities over real gRPC: the seed corpus resolves to one
//! speaker per person whatever the ingestion order, and transliterated or
//! lone-surname mentions find their person.

use std::collections::{BTreeMap, BTreeSet};

use verbatim_proto::v1::{
    ListSpeakersRequest, ListStatementsRequest, RenameSpeakerRequest, ReparseDocumentsRequest,
};

use crate::support::{TestServer, raw_request};

/// The seed files of the repository, by file name.
fn seed_files() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy()[..3].to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "the five seeds");
    files
}

/// Ingests the seeds in `order` and returns, per speaker display name, the
/// seeds (by number) holding its statements and its statement count.
async fn resolve_seeds(order: &[(String, Vec<u8>)]) -> BTreeMap<String, (BTreeSet<String>, i64)> {
    let server = TestServer::empty().await;
    let mut documents = server.documents();
    let mut by_speaker: BTreeMap<String, (BTreeSet<String>, i64)> = BTreeMap::new();
    let mut names = Vec::new();
    for (seed, bytes) in order {
        let response = documents
            .ingest_document(raw_request(bytes.clone(), ""))
            .await
            .unwrap()
            .into_inner();
        names.push((seed.clone(), response.document.unwrap().name));
    }
    for (seed, document) in names {
        let statements = server
            .statements()
            .list_statements(ListStatementsRequest {
                document,
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .statements;
        for s in statements.into_iter().filter(|s| !s.speaker.is_empty()) {
            let entry = by_speaker.entry(s.speaker_display_name).or_default();
            entry.0.insert(seed.clone());
            entry.1 += 1;
        }
    }
    let listed = server
        .speakers()
        .list_speakers(ListSpeakersRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        listed.speakers.len(),
        by_speaker.len(),
        "one listed speaker per display name: {:?}",
        listed.speakers
    );
    by_speaker
}

#[tokio::test]
async fn seeds_give_one_speaker_per_person_in_any_order() {
    let seeds = seed_files();
    let forward = resolve_seeds(&seeds).await;
    let reversed: Vec<_> = seeds.iter().rev().cloned().collect();
    let backward = resolve_seeds(&reversed).await;
    assert_eq!(forward, backward, "the same speakers in both orders");

    let matching = |part: &str| -> Vec<(&String, &(BTreeSet<String>, i64))> {
        forward
            .iter()
            .filter(|(name, _)| name.to_lowercase().contains(part))
            .collect()
    };
    let peskov = matching("peskov");
    assert_eq!(peskov.len(), 1, "one Peskov: {forward:?}");
    assert_eq!(peskov[0].0, "Dmitry Peskov");
    assert_eq!(
        peskov[0].1.0,
        ["000", "001", "003", "004"].map(String::from).into()
    );
    for (part, name) in [
        ("putin", "Vladimir Putin"),
        ("macron", "Emmanuel Macron"),
        ("zelensk", "Volodymyr Zelensky"),
    ] {
        let found = matching(part);
        assert_eq!(found.len(), 1, "one {name}: {forward:?}");
        assert_eq!(found[0].0, name);
    }
    for word in ["question", "he", "il", "she", "elle", "q", "interviewer"] {
        assert!(
            !forward.keys().any(|k| k.to_lowercase() == word),
            "{word} is not a speaker: {forward:?}"
        );
    }
}

#[tokio::test]
async fn speakers_are_found_by_any_spelling() {
    let server = TestServer::empty().await;
    server
        .ingest("Kremlin spokesman Dmitry Peskov said on Monday: \"The talks will go on.\"\n")
        .await;
    server
        .ingest("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré : « Nous sommes prêts. »\n")
        .await;
    server
        .ingest("Новости\n\nДмитрий Песков сказал: «Мы готовы к диалогу».\n")
        .await;
    let mut speakers = server.speakers();
    for query in ["Песков", "Peskow", "dmitri peskov", "PESKOV"] {
        let found = speakers
            .list_speakers(ListSpeakersRequest {
                query: query.into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(found.speakers.len(), 1, "{query}: {:?}", found.speakers);
        let peskov = &found.speakers[0];
        assert_eq!(peskov.display_name, "Dmitry Peskov");
        assert_eq!(peskov.document_count, 3, "{peskov:?}");
    }
}

/// Every statement of the server: (name, speaker display name).
async fn all_statements(server: &TestServer) -> BTreeMap<String, String> {
    let documents = server
        .documents()
        .list_documents(verbatim_proto::v1::ListDocumentsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .documents;
    let mut all = BTreeMap::new();
    for document in documents {
        let statements = server
            .statements()
            .list_statements(ListStatementsRequest {
                document: document.name,
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .statements;
        all.extend(
            statements
                .into_iter()
                .map(|s| (s.name, s.speaker_display_name)),
        );
    }
    all
}

#[tokio::test]
async fn reparse_keeps_statements_and_corrections() {
    let server = TestServer::seeded().await;
    let mut speakers = server.speakers();
    let peskov = speakers
        .list_speakers(ListSpeakersRequest {
            query: "Peskov".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .speakers
        .remove(0);
    speakers
        .rename_speaker(RenameSpeakerRequest {
            name: peskov.name.clone(),
            display_name: "Dmitry S. Peskov".into(),
        })
        .await
        .unwrap();
    let before = all_statements(&server).await;
    assert!(before.values().any(|n| n == "Dmitry S. Peskov"));

    let mut documents = server.documents();
    let outdated = documents
        .reparse_documents(ReparseDocumentsRequest { all: false })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(outdated.documents_reparsed, 0, "every seed is current");
    let all = documents
        .reparse_documents(ReparseDocumentsRequest { all: true })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(all.documents_reparsed, 5);
    assert_eq!(all.documents_failed, 0);
    assert_eq!(
        (
            all.statements_kept,
            all.statements_added,
            all.statements_removed
        ),
        (before.len() as i64, 0, 0)
    );
    assert!(!all.parser_version.is_empty());
    assert_eq!(
        all_statements(&server).await,
        before,
        "same names, same speakers"
    );

    // The command line does the same on the same database.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_verbatim"))
        .args(["reparse", "--all", "--data-dir"])
        .arg(server.dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["documents_reparsed"], 5);
    assert_eq!(report["statements_kept"], before.len() as i64);
    assert_eq!(all_statements(&server).await, before);
}

#[tokio::test]
async fn speaker_directory_pins_names_at_start() {
    let dir = tempfile::TempDir::new().unwrap();
    let directory = dir.path().join("people.toml");
    std::fs::write(
        &directory,
        "[[speaker]]\nname = \"Volodymyr Zelensky\"\naliases = [\"Zelenskyy\"]\n\
         wikidata = \"Q3881408\"\nroles = [\"President of Ukraine\"]\n",
    )
    .unwrap();
    let path = directory.clone();
    let server = TestServer::start_in(dir, move |c| {
        c.no_seeds = true;
        c.speaker_directory = Some(path);
    })
    .await;
    let response = server
        .ingest("Peace talks resume\n\nUkrainian President Vladimir Zelensky said on Monday: \"We want peace now.\"\n")
        .await;
    let speaker = server
        .speakers()
        .get_speaker(verbatim_proto::v1::GetSpeakerRequest {
            name: response.statements[0].speaker.clone(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(speaker.display_name, "Volodymyr Zelensky");
    assert_eq!(speaker.wikidata_id, "Q3881408");
    assert!(speaker.roles.contains(&"President of Ukraine".to_string()));
    let document = response.document.unwrap().name;
    assert!(
        speaker
            .role_evidence
            .iter()
            .any(|r| r.documents == [document.clone()]),
        "{:?}",
        speaker.role_evidence
    );

    // A broken directory stops the server from starting.
    let bad = tempfile::TempDir::new().unwrap();
    let file = bad.path().join("people.toml");
    std::fs::write(&file, "[[speaker]]\nname = \"X Y\"\nwikidata = \"42\"\n").unwrap();
    let mut config = verbatim_server::config::ServeConfig::for_data_dir(bad.path());
    config.no_seeds = true;
    config.speaker_directory = Some(file);
    let error = verbatim_server::server::start(config).await.unwrap_err();
    assert!(error.to_string().contains("wikidata"), "{error}");
}

#[tokio::test]
async fn role_nouns_resolve_to_the_person_across_documents() {
    let server = TestServer::empty().await;
    let english = server
        .ingest(
            "Kremlin comments on talks\n\nKremlin spokesman Dmitry Peskov said on Monday: \
             \"The talks will go on.\"\n\nThe spokesman added that \"nothing has been decided yet.\"\n",
        )
        .await;
    let french = server
        .ingest(
            "Le Kremlin et les négociations\n\nLe porte-parole du Kremlin, Dmitri Peskov, a \
             déclaré lundi : « Les discussions continuent. »\n\nLe porte-parole a ajouté que \
             « rien n'est encore décidé ».\n",
        )
        .await;
    let speakers: BTreeSet<&str> = english
        .statements
        .iter()
        .chain(&french.statements)
        .map(|s| s.speaker.as_str())
        .collect();
    assert_eq!(
        speakers.len(),
        1,
        "every statement, role nouns included, is Peskov's"
    );
    let labels: Vec<&str> = english
        .statements
        .iter()
        .chain(&french.statements)
        .map(|s| s.speaker_label.as_str())
        .collect();
    assert!(
        labels.contains(&"spokesman") && labels.contains(&"porte-parole"),
        "{labels:?}"
    );
    let peskov = server
        .speakers()
        .get_speaker(verbatim_proto::v1::GetSpeakerRequest {
            name: speakers.into_iter().next().unwrap().to_string(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(peskov.display_name, "Dmitry Peskov");
    assert_eq!(peskov.statement_count, 4);
    assert_eq!(peskov.document_count, 2);
    let role = peskov
        .role_evidence
        .iter()
        .find(|r| r.role == "Kremlin spokesman")
        .expect("the English role is evidence");
    assert_eq!(role.documents, [english.document.unwrap().name]);
}
