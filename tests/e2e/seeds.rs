//! The bundled seed corpus, loaded at first start, as a new user meets it.

use verbatim_proto::v1::{ListDocumentsRequest, ListSpeakersRequest, SearchStatementsRequest};

use crate::support::TestServer;

#[tokio::test]
async fn seeds_are_loaded_and_searchable() {
    let server = TestServer::seeded().await;
    let documents = server
        .documents()
        .list_documents(ListDocumentsRequest::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(documents.documents.len(), 5);

    let speakers = server
        .speakers()
        .list_speakers(ListSpeakersRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let names: Vec<&str> = speakers
        .speakers
        .iter()
        .map(|s| s.display_name.as_str())
        .collect();
    for expected in ["Dmitry Peskov", "Vladimir Putin", "Emmanuel Macron"] {
        assert_eq!(
            names.iter().filter(|n| **n == expected).count(),
            1,
            "{expected} listed once: {names:?}"
        );
    }
    for label_word in ["Question", "Q", "He", "Il"] {
        assert!(
            !names.contains(&label_word),
            "{label_word} is not a speaker: {names:?}"
        );
    }

    let hits = server
        .statements()
        .search_statements(SearchStatementsRequest {
            query: "Minsk agreements".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let speakers_found: Vec<&str> = hits
        .results
        .iter()
        .map(|r| r.statement.as_ref().unwrap().speaker_display_name.as_str())
        .collect();
    assert!(
        speakers_found.contains(&"Vladimir Putin"),
        "{speakers_found:?}"
    );
    assert!(
        speakers_found.contains(&"Emmanuel Macron"),
        "{speakers_found:?}"
    );
    assert!(
        hits.results.iter().all(|r| r.snippet.contains("**")),
        "snippets highlight"
    );
}

#[tokio::test]
async fn a_speaker_filter_alone_lists_everything_they_said_newest_first() {
    let server = TestServer::seeded().await;
    let peskov = server
        .speakers()
        .list_speakers(ListSpeakersRequest {
            query: "Peskov".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .speakers
        .into_iter()
        .find(|s| s.display_name == "Dmitry Peskov")
        .expect("Peskov is a speaker");
    let mut seen = 0;
    let mut token = String::new();
    let mut last_time = i64::MAX;
    loop {
        let page = server
            .statements()
            .search_statements(SearchStatementsRequest {
                speakers: vec![peskov.name.clone()],
                page_size: 7,
                page_token: token,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        for result in &page.results {
            let statement = result.statement.as_ref().unwrap();
            assert_eq!(statement.speaker, peskov.name);
            let time = statement.time.unwrap().seconds;
            assert!(time <= last_time, "newest first");
            last_time = time;
        }
        seen += page.results.len();
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(seen as i64, peskov.statement_count);
}

#[tokio::test]
async fn restart_keeps_data_and_page_tokens_and_does_not_reload_seeds() {
    let server = TestServer::seeded().await;
    let first = server
        .documents()
        .list_documents(ListDocumentsRequest {
            page_size: 2,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let server = server.restart().await;
    let second = server
        .documents()
        .list_documents(ListDocumentsRequest {
            page_size: 2,
            page_token: first.next_page_token,
            ..Default::default()
        })
        .await
        .expect("a page token survives a restart")
        .into_inner();
    assert_eq!(second.total_size, 5, "seeds are not loaded twice");
    assert_eq!(second.documents.len(), 2);
    assert!(
        second
            .documents
            .iter()
            .all(|d| !first.documents.contains(d))
    );
}

/// Relevance over the seeds, in English and French: the expected speaker
/// and words lead the results.
#[tokio::test]
async fn relevance_puts_the_expected_statements_first() {
    let server = TestServer::seeded().await;
    let cases: &[(&str, &[&str], &str)] = &[
        ("NATO expansion", &["Vladimir Putin"], "expansion"),
        (
            "Minsk agreements",
            &["Vladimir Putin", "Emmanuel Macron"],
            "Minsk agreements",
        ),
        ("Zelensky legitimacy", &["Dmitry Peskov"], "legitimacy"),
        ("sanctions blessing", &["Le Point"], "blessing"),
        ("coopération États-Unis", &["Dmitry Peskov"], "coopération"),
        (
            "relations bilatérales",
            &["Dmitry Peskov"],
            "relations bilatérales",
        ),
        ("rencontre Moscou", &["Volodymyr Zelensky"], "rencontre"),
    ];
    for (query, speakers, words) in cases {
        let results = server
            .statements()
            .search_statements(SearchStatementsRequest {
                query: query.to_string(),
                page_size: 3,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .results;
        assert!(!results.is_empty(), "{query}: no results");
        let top = results[0].statement.as_ref().unwrap();
        assert!(
            speakers.contains(&top.speaker_display_name.as_str()),
            "{query}: top speaker {:?}",
            top.speaker_display_name
        );
        assert!(top.text.contains(words), "{query}: top text {:?}", top.text);
        for result in &results {
            let speaker = result
                .statement
                .as_ref()
                .unwrap()
                .speaker_display_name
                .as_str();
            if *query == "Minsk agreements" {
                assert!(speakers.contains(&speaker), "{query}: {speaker}");
            }
        }
    }
}
