//! The behaviour every [`Store`] must have, as async test functions taking a
//! fresh store, instantiated per backend by [`conformance_suite!`] (in
//! `tests/sqlite.rs` and `tests/postgres.rs`), plus the fixtures that open
//! fresh stores: SQLite in a temporary directory, PostgreSQL in a new schema
//! of the database at `VERBATIM_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`), dropped afterwards.
//!
//! When PostgreSQL cannot be reached, its tests print `SKIPPED: ...` and
//! pass, unless `CI=true`, where a skip is a failure.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashSet;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::FutureExt;
use sqlx::Connection;
use tempfile::TempDir;
use verbatim_core::query::Query;
use verbatim_core::{DocumentForm, ParsedDocument, Speaker, Statement, StatementKind};
use verbatim_store::{
    DirectoryEntry, DocumentFilter, DocumentView, EXACT_COUNT_LIMIT, NewDocument, Offsets,
    PageRequest, PostgresStore, RANK_WINDOW, SearchHit, SearchOrder, SearchRequest,
    SpeakerCorrection, SpeakerOrder, SpeakerQuery, SqliteStore, Store, StoreError,
};

/// Instantiates every conformance test for one backend: `$open` is an
/// expression giving a future of `Option<Fixture>` (`None`: skipped).
#[allow(unused_macros)]
macro_rules! conformance_suite {
    ($open:expr) => {
        conformance_suite!(@tests $open;
            ingest_get_list_and_delete,
            reingesting_the_same_bytes_returns_the_stored_document,
            concurrent_ingests_of_the_same_bytes_store_one_document,
            concurrent_documents_naming_the_same_speaker_share_it,
            concurrent_documents_with_new_speakers_in_any_order,
            concurrent_deletes_of_one_document_count_once,
            speakers_resolve_through_aliases_and_filter_by_text,
            offsets_are_stored_in_three_units,
            search_matches_words_phrases_exclusions_and_or,
            search_filters_and_orders_by_time,
            a_common_word_by_a_speaker_with_few_statements,
            search_pages_neither_repeat_nor_skip_under_inserts,
            search_pages_stay_consistent_under_concurrent_ingests,
            malformed_or_foreign_cursors_are_invalid,
            documents_list_newest_first_with_filters,
            invalid_spans_are_refused_whole,
            nul_characters_are_refused_whole,
            very_long_statements_are_stored_and_searchable,
            secrets_first_writer_wins,
            no_query_reaches_the_engine_as_syntax,
            searches_beyond_the_limits_rank_the_window_and_estimate,
            search_facets_count_matches_by_speaker_and_language,
            recency_weighting_lets_newer_statements_outrank_older_ones,
            transliterated_names_resolve_to_one_speaker,
            lone_surnames_join_only_an_unambiguous_person_in_any_order,
            people_sharing_a_surname_stay_apart,
            corrections_merge_rename_and_survive_reingest,
            corrections_alias_and_split_survive_reingest,
            concurrent_lone_and_full_names_make_one_speaker,
            reparse_keeps_unchanged_statement_ids_and_corrections,
            directory_pins_known_people_and_roles_keep_their_documents,
        );
    };
    (@tests $open:expr; $($name:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                conformance::run($open, conformance::$name).await;
            }
        )*
    };
}

/// A fresh store and what to clean up after the test.
pub struct Fixture {
    pub store: Arc<dyn Store>,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(TempDir),
    Postgres { admin_url: String, schema: String },
}

/// A fresh SQLite store in a temporary directory.
pub async fn sqlite() -> Option<Fixture> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("nested/dir/verbatim.db"))
        .await
        .unwrap();
    Some(Fixture {
        store: Arc::new(store),
        cleanup: Cleanup::Sqlite(dir),
    })
}

/// The PostgreSQL URL the tests use.
pub fn postgres_url() -> String {
    std::env::var("VERBATIM_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// The URL with any password hidden, for messages.
fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_string(),
    }
}

static POSTGRES_UNREACHABLE: AtomicBool = AtomicBool::new(false);

/// A fresh, empty schema of the test database: its name and a URL whose
/// connections use it. `None` (after printing why) when PostgreSQL cannot be
/// reached and `CI` is not `true`.
pub async fn postgres_schema() -> Option<(String, String)> {
    let url = postgres_url();
    let skip = |why: String| {
        let message = format!(
            "SKIPPED: PostgreSQL not reachable at {}: {why}",
            redacted(&url)
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message} (CI=true: a skip is a failure)");
        }
        eprintln!("{message}");
        POSTGRES_UNREACHABLE.store(true, Ordering::Relaxed);
    };
    if POSTGRES_UNREACHABLE.load(Ordering::Relaxed) {
        skip("an earlier test could not connect".into());
        return None;
    }
    let mut admin =
        match tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(&url)).await
        {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                skip(e.to_string());
                return None;
            }
            Err(_) => {
                skip("connection timed out".into());
                return None;
            }
        };
    let schema = format!("verbatim_test_{:016x}", rand::random::<u64>());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    let separator = if url.contains('?') { '&' } else { '?' };
    let store_url = format!("{url}{separator}options=-csearch_path%3D{schema}");
    Some((schema, store_url))
}

/// Drops a schema made by [`postgres_schema`].
pub async fn drop_postgres_schema(schema: &str) {
    match sqlx::PgConnection::connect(&postgres_url()).await {
        Ok(mut admin) => {
            if let Err(e) = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(&mut admin)
            .await
            {
                eprintln!("could not drop test schema {schema}: {e}");
            }
            let _ = admin.close().await;
        }
        Err(e) => eprintln!("could not drop test schema {schema}: {e}"),
    }
}

/// A fresh PostgreSQL store in a new schema; `None` when skipped.
pub async fn postgres() -> Option<Fixture> {
    let (schema, url) = postgres_schema().await?;
    let store = PostgresStore::open(&url).await.unwrap();
    Some(Fixture {
        store: Arc::new(store),
        cleanup: Cleanup::Postgres {
            admin_url: postgres_url(),
            schema,
        },
    })
}

impl Fixture {
    /// Removes what the fixture made.
    pub async fn cleanup(self) {
        let Fixture { store, cleanup } = self;
        drop(store);
        match cleanup {
            Cleanup::Sqlite(dir) => drop(dir),
            Cleanup::Postgres { schema, .. } => drop_postgres_schema(&schema).await,
        }
    }
}

/// Runs one conformance test on a fresh store (unless skipped), cleaning up
/// even when the test fails.
pub async fn run<O, T, F>(open: O, test: T)
where
    O: Future<Output = Option<Fixture>>,
    T: FnOnce(Arc<dyn Store>) -> F,
    F: Future<Output = ()>,
{
    let Some(fixture) = open.await else {
        return;
    };
    let outcome = AssertUnwindSafe(test(fixture.store.clone()))
        .catch_unwind()
        .await;
    fixture.cleanup().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

pub const T0: i64 = 1_700_000_000_000_000;
pub const HOUR: i64 = 3_600_000_000;

pub fn speaker(name: &str, aliases: &[&str], roles: &[&str]) -> Speaker {
    Speaker {
        name: name.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        roles: roles.iter().map(|s| s.to_string()).collect(),
        organization: false,
    }
}

/// A parse result whose statements are the given substrings, found in order.
pub fn parsed(
    text: &str,
    language: &str,
    speakers: Vec<Speaker>,
    statements: &[(&str, Option<usize>, StatementKind)],
) -> ParsedDocument {
    let mut from = 0;
    let statements = statements
        .iter()
        .map(|&(quote, speaker, kind)| {
            let start = from
                + text[from..]
                    .find(quote)
                    .expect("statement text in document");
            from = start + quote.len();
            Statement {
                kind,
                span: start..start + quote.len(),
                speaker,
                speaker_label: speaker
                    .map(|i| speakers[i].name.clone())
                    .unwrap_or_default(),
                cue: None,
            }
        })
        .collect();
    ParsedDocument {
        text: text.into(),
        title: format!("title of {}", text.chars().take(10).collect::<String>()),
        language: language.into(),
        form: DocumentForm::Article,
        outlet: Some("Example Times".into()),
        charset: "UTF-8".into(),
        speakers,
        statements,
        source_map: Default::default(),
    }
}

pub fn new_doc(parsed: ParsedDocument, publish_time: Option<i64>, ingest_time: i64) -> NewDocument {
    let mut h = DefaultHasher::new();
    parsed.text.hash(&mut h);
    parsed.language.hash(&mut h);
    let sha = format!("{:064x}", h.finish());
    NewDocument {
        original: parsed.text.as_bytes().to_vec(),
        content_sha256: sha,
        source_url: Some("https://example.com/a".into()),
        outlet: None,
        publish_time,
        ingest_time,
        parser_version: "test/1".into(),
        parsed,
    }
}

pub fn page(size: usize) -> PageRequest {
    PageRequest { size, cursor: None }
}

pub fn search(query: &str) -> SearchRequest {
    SearchRequest {
        query: Query::parse(query).unwrap(),
        ..SearchRequest::default()
    }
}

pub async fn texts(store: &dyn Store, request: &SearchRequest) -> Vec<String> {
    let page = store.search_statements(request, &page(100)).await.unwrap();
    assert_eq!(page.total_size, page.items.len() as i64);
    assert!(!page.total_is_estimate);
    page.items.into_iter().map(|h| h.statement.text).collect()
}

pub async fn ingest_get_list_and_delete(store: Arc<dyn Store>) {
    let text = "Putin said: \"We are ready.\" Peskov added that talks would go on. \
                A reporter asked: \"When?\"";
    let doc = parsed(
        text,
        "en",
        vec![
            speaker("Vladimir Putin", &["Putin"], &["President"]),
            speaker("Dmitry Peskov", &["Peskov"], &["Kremlin spokesman"]),
        ],
        &[
            ("We are ready.", Some(0), StatementKind::Quote),
            ("talks would go on", Some(1), StatementKind::Indirect),
            ("When?", None, StatementKind::Quote),
        ],
    );
    let outcome = store
        .ingest(new_doc(doc, Some(T0), T0 + HOUR))
        .await
        .unwrap();
    assert!(!outcome.already_existed);
    let d = &outcome.document;
    assert_eq!(d.statement_count, 3);
    assert_eq!(d.speaker_count, 3);
    assert_eq!(d.language, "en");
    assert_eq!(d.outlet.as_deref(), Some("Example Times"));
    assert_eq!(d.publish_time, Some(T0));
    assert_eq!(d.ingest_time, T0 + HOUR);
    assert_eq!(d.text_length.utf8, text.len() as i64);
    assert_eq!(d.text, None);
    let st = &outcome.statements;
    assert_eq!(st.len(), 3);
    assert_eq!(st.iter().map(|s| s.ordinal).collect::<Vec<_>>(), [0, 1, 2]);
    assert_eq!(st[0].text, "We are ready.");
    assert_eq!(st[0].speaker_name.as_deref(), Some("Vladimir Putin"));
    assert_eq!(st[1].speaker_name.as_deref(), Some("Dmitry Peskov"));
    assert_eq!(st[1].kind, StatementKind::Indirect);
    assert_eq!(st[2].speaker_id, None);
    assert_eq!(st[2].speaker_name, None);
    assert!(st.iter().all(|s| s.time == T0 && s.document_id == d.id));

    // Views.
    let full = store.get_document(d.id, DocumentView::Full).await.unwrap();
    assert_eq!(full.text.as_deref(), Some(text));
    assert_eq!(full.original, None);
    let with = store
        .get_document(d.id, DocumentView::WithOriginal)
        .await
        .unwrap();
    assert_eq!(with.original.as_deref(), Some(text.as_bytes()));
    assert_eq!(store.get_statement(st[1].id).await.unwrap(), st[1]);

    // Statements listing in reading order, paged.
    let p1 = store.list_statements(d.id, &page(2)).await.unwrap();
    assert_eq!(p1.total_size, 3);
    assert_eq!(p1.items, st[..2].to_vec());
    let p2 = store
        .list_statements(
            d.id,
            &PageRequest {
                size: 2,
                cursor: p1.next_cursor.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(p2.items, st[2..].to_vec());
    assert_eq!(p2.next_cursor, None);

    // Speakers.
    let putin = store.get_speaker(st[0].speaker_id.unwrap()).await.unwrap();
    assert_eq!(putin.display_name, "Vladimir Putin");
    assert_eq!(putin.aliases, ["Putin"]);
    assert_eq!(putin.roles, ["President"]);
    assert_eq!(putin.languages, ["en"]);
    assert_eq!(putin.statement_count, 1);
    assert_eq!(putin.document_count, 1);
    assert_eq!(putin.first_seen, Some(T0));
    assert_eq!(putin.last_seen, Some(T0));

    // A second document quoting Peskov twice.
    let doc2 = parsed(
        "Peskov: \"No comment.\" Then Peskov said \"Later.\"",
        "en",
        vec![speaker("Dmitry Peskov", &[], &["spokesman"])],
        &[
            ("No comment.", Some(0), StatementKind::Quote),
            ("Later.", Some(0), StatementKind::Quote),
        ],
    );
    let second = store
        .ingest(new_doc(doc2, None, T0 + 2 * HOUR))
        .await
        .unwrap();
    assert_eq!(second.document.speaker_count, 1);
    assert!(second.statements.iter().all(|s| s.time == T0 + 2 * HOUR));
    let peskov_id = st[1].speaker_id.unwrap();
    assert_eq!(second.statements[0].speaker_id, Some(peskov_id));
    let peskov = store.get_speaker(peskov_id).await.unwrap();
    assert_eq!(peskov.statement_count, 3);
    assert_eq!(peskov.document_count, 2);
    assert_eq!(peskov.roles, ["Kremlin spokesman", "spokesman"]);
    assert_eq!(peskov.last_seen, Some(T0 + 2 * HOUR));

    let speakers = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(speakers.total_size, 2);
    assert_eq!(
        speakers
            .items
            .iter()
            .map(|s| s.display_name.as_str())
            .collect::<Vec<_>>(),
        ["Dmitry Peskov", "Vladimir Putin"]
    );

    // Delete the first document: Putin loses his only statement.
    store.delete_document(d.id).await.unwrap();
    assert!(matches!(
        store.get_speaker(putin.id).await,
        Err(StoreError::NotFound {
            kind: "speaker",
            ..
        })
    ));
    let peskov = store.get_speaker(peskov_id).await.unwrap();
    assert_eq!(peskov.statement_count, 2);
    assert_eq!(peskov.document_count, 1);
    assert_eq!(peskov.roles, ["spokesman"]);
    assert_eq!(peskov.first_seen, Some(T0 + 2 * HOUR));
    let speakers = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(speakers.total_size, 1);
    assert_eq!(speakers.items[0].id, peskov_id);
    assert!(matches!(
        store.get_statement(st[0].id).await,
        Err(StoreError::NotFound {
            kind: "statement",
            ..
        })
    ));
    assert!(matches!(
        store.get_document(d.id, DocumentView::Basic).await,
        Err(StoreError::NotFound {
            kind: "document",
            ..
        })
    ));
    assert!(matches!(
        store.list_statements(d.id, &page(10)).await,
        Err(StoreError::NotFound {
            kind: "document",
            ..
        })
    ));
    assert!(matches!(
        store.delete_document(d.id).await,
        Err(StoreError::NotFound {
            kind: "document",
            ..
        })
    ));
    // The deleted statements are gone from the index too.
    assert!(texts(&*store, &search("ready")).await.is_empty());
    assert_eq!(texts(&*store, &search("comment")).await, ["No comment."]);
    assert_eq!(store.document_count().await.unwrap(), 1);
}

pub async fn reingesting_the_same_bytes_returns_the_stored_document(store: Arc<dyn Store>) {
    let make = || {
        new_doc(
            parsed(
                "Macron said \"Yes.\"",
                "en",
                vec![speaker("Emmanuel Macron", &[], &[])],
                &[("Yes.", Some(0), StatementKind::Quote)],
            ),
            None,
            T0,
        )
    };
    let first = store.ingest(make()).await.unwrap();
    let mut again = make();
    again.ingest_time = T0 + HOUR;
    let second = store.ingest(again).await.unwrap();
    assert!(second.already_existed);
    assert_eq!(second.document, first.document);
    assert_eq!(second.statements, first.statements);
    assert_eq!(second.document.ingest_time, T0);
    assert_eq!(store.document_count().await.unwrap(), 1);
    let speaker = store
        .get_speaker(first.statements[0].speaker_id.unwrap())
        .await
        .unwrap();
    assert_eq!(speaker.statement_count, 1);
}

pub async fn concurrent_ingests_of_the_same_bytes_store_one_document(store: Arc<dyn Store>) {
    let doc = new_doc(
        parsed(
            "Scholz said \"Ja.\" and \"Nein.\"",
            "de",
            vec![speaker("Olaf Scholz", &[], &[])],
            &[
                ("Ja.", Some(0), StatementKind::Quote),
                ("Nein.", Some(0), StatementKind::Quote),
            ],
        ),
        None,
        T0,
    );
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let store = store.clone();
            let doc = doc.clone();
            tokio::spawn(async move { store.ingest(doc).await.unwrap() })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    assert_eq!(outcomes.iter().filter(|o| !o.already_existed).count(), 1);
    let ids: HashSet<i64> = outcomes.iter().map(|o| o.document.id).collect();
    assert_eq!(ids.len(), 1);
    assert!(outcomes.iter().all(|o| o.statements.len() == 2));
    assert_eq!(store.document_count().await.unwrap(), 1);
    let speakers = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(speakers.total_size, 1);
    assert_eq!(speakers.items[0].statement_count, 2);
}

pub async fn concurrent_documents_naming_the_same_speaker_share_it(store: Arc<dyn Store>) {
    let names = [
        "Dmitry Peskov",
        "DMITRY PESKOV",
        "Mr. Dmitry Peskov",
        "Dmitry  Peskov,",
    ];
    let tasks: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let store = store.clone();
            let text = format!("Statement number {i}: \"Words {i}.\"");
            let doc = new_doc(
                parsed(
                    &text,
                    "en",
                    vec![speaker(name, &[], &[])],
                    &[(&format!("Words {i}."), Some(0), StatementKind::Quote)],
                ),
                None,
                T0 + i as i64,
            );
            tokio::spawn(async move { store.ingest(doc).await.unwrap() })
        })
        .collect();
    let mut speaker_ids = HashSet::new();
    for t in tasks {
        let outcome = t.await.unwrap();
        speaker_ids.insert(outcome.statements[0].speaker_id.unwrap());
    }
    assert_eq!(speaker_ids.len(), 1);
    let id = *speaker_ids.iter().next().unwrap();
    let speaker = store.get_speaker(id).await.unwrap();
    assert_eq!(speaker.statement_count, 4);
    assert_eq!(speaker.document_count, 4);
    // Forms that fold to the same key are not aliases.
    assert!(speaker.aliases.is_empty(), "{:?}", speaker.aliases);
    let all = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(all.total_size, 1);
}

pub async fn speakers_resolve_through_aliases_and_filter_by_text(store: Arc<dyn Store>) {
    let one = |text: &str, sp: Speaker, t: i64| {
        let quote = text.split('"').nth(1).unwrap().to_string();
        new_doc(
            parsed(
                text,
                "en",
                vec![sp],
                &[(&quote, Some(0), StatementKind::Quote)],
            ),
            None,
            t,
        )
    };
    let a = store
        .ingest(one(
            "Putin said \"A.\"",
            speaker("Vladimir Putin", &["Putin", "President Putin"], &[]),
            T0,
        ))
        .await
        .unwrap();
    let putin = a.statements[0].speaker_id.unwrap();
    // The name is a known alias.
    let b = store
        .ingest(one("He said \"B.\"", speaker("Putin", &[], &[]), T0 + 1))
        .await
        .unwrap();
    assert_eq!(b.statements[0].speaker_id, Some(putin));
    // An alias is the known name.
    let c = store
        .ingest(one(
            "Then \"C.\"",
            speaker("Vladimir Vladimirovich Putin", &["Vladimir Putin"], &[]),
            T0 + 2,
        ))
        .await
        .unwrap();
    assert_eq!(c.statements[0].speaker_id, Some(putin));
    // Another speaker with a shared surname alias is not merged.
    let d = store
        .ingest(one(
            "Also \"D.\"",
            speaker("Lyudmila Putina", &["Putin"], &[]),
            T0 + 3,
        ))
        .await
        .unwrap();
    let other = d.statements[0].speaker_id.unwrap();
    assert_ne!(other, putin);
    let e = store
        .ingest(one(
            "And \"E.\"",
            speaker("Élise Lucet", &["Lucet"], &[]),
            T0 + 4,
        ))
        .await
        .unwrap();
    let lucet = e.statements[0].speaker_id.unwrap();

    let record = store.get_speaker(putin).await.unwrap();
    assert_eq!(
        record.aliases,
        ["President Putin", "Putin", "Vladimir Vladimirovich Putin"]
    );
    assert_eq!(record.statement_count, 3);

    let find = |text: &str, order: SpeakerOrder| SpeakerQuery {
        text: Some(text.into()),
        order,
    };
    let ids = |page: verbatim_store::Page<verbatim_store::SpeakerRecord>| {
        page.items.iter().map(|s| s.id).collect::<Vec<_>>()
    };
    let hits = store
        .list_speakers(&find("PUTIN", SpeakerOrder::StatementCountDesc), &page(10))
        .await
        .unwrap();
    assert_eq!(ids(hits), [putin, other]);
    let hits = store
        .list_speakers(&find("vladimirovich", SpeakerOrder::DisplayName), &page(10))
        .await
        .unwrap();
    assert_eq!(ids(hits), [putin]);
    let hits = store
        .list_speakers(&find("elise", SpeakerOrder::DisplayName), &page(10))
        .await
        .unwrap();
    assert_eq!(ids(hits), [lucet]);
    let hits = store
        .list_speakers(&find("nobody", SpeakerOrder::DisplayName), &page(10))
        .await
        .unwrap();
    assert_eq!(hits.total_size, 0);

    // By name, paged one at a time.
    let mut names = Vec::new();
    let mut request = page(1);
    let order = SpeakerQuery {
        text: None,
        order: SpeakerOrder::DisplayName,
    };
    loop {
        let p = store.list_speakers(&order, &request).await.unwrap();
        assert_eq!(p.total_size, 3);
        names.extend(p.items.into_iter().map(|s| s.display_name));
        match p.next_cursor {
            Some(c) => request.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(names, ["Lyudmila Putina", "Vladimir Putin", "Élise Lucet"]);
}

pub async fn offsets_are_stored_in_three_units(store: Arc<dyn Store>) {
    let text = "😀 «Да», — сказал он. Élan: \"Ça va 𝄞 bien\".";
    let doc = parsed(
        text,
        "ru",
        vec![speaker("Он", &[], &[])],
        &[
            ("Да", Some(0), StatementKind::Quote),
            ("Ça va 𝄞 bien", None, StatementKind::Quote),
        ],
    );
    let outcome = store.ingest(new_doc(doc, None, T0)).await.unwrap();
    let expect = |byte: usize| Offsets {
        utf8: byte as i64,
        utf16: text[..byte].encode_utf16().count() as i64,
        code_points: text[..byte].chars().count() as i64,
    };
    let da = text.find("Да").unwrap();
    let s0 = &outcome.statements[0];
    assert_eq!(s0.begin, expect(da));
    assert_eq!(
        s0.begin,
        Offsets {
            utf8: 7,
            utf16: 4,
            code_points: 3
        }
    );
    assert_eq!(
        s0.end,
        Offsets {
            utf8: 11,
            utf16: 6,
            code_points: 5
        }
    );
    let ca = text.find("Ça").unwrap();
    let s1 = &outcome.statements[1];
    assert_eq!(s1.begin, expect(ca));
    assert_eq!(s1.end, expect(ca + "Ça va 𝄞 bien".len()));
    assert_eq!(s1.end.utf16 - s1.begin.utf16, 13);
    assert_eq!(s1.end.code_points - s1.begin.code_points, 12);
    assert_eq!(outcome.document.text_length, expect(text.len()));
    assert_eq!(&text[s1.byte_range()], "Ça va 𝄞 bien");
}

/// Five documents in three languages, one hour apart.
pub async fn corpus(store: &dyn Store) -> Vec<verbatim_store::IngestOutcome> {
    let docs = vec![
        parsed(
            "Putin said: \"We are ready for peace talks.\" He added \"The war goes on.\"",
            "en",
            vec![speaker("Vladimir Putin", &[], &[])],
            &[
                (
                    "We are ready for peace talks.",
                    Some(0),
                    StatementKind::Quote,
                ),
                ("The war goes on.", Some(0), StatementKind::Quote),
            ],
        ),
        parsed(
            "Macron a déclaré : « Les négociations de paix avancent. » L'Élysée confirme.",
            "fr",
            vec![speaker("Emmanuel Macron", &[], &[])],
            &[
                (
                    "Les négociations de paix avancent.",
                    Some(0),
                    StatementKind::Quote,
                ),
                ("L'Élysée confirme.", None, StatementKind::Indirect),
            ],
        ),
        parsed(
            "Песков: «Переговоры о мире возможны». Путин говорил о войне.",
            "ru",
            vec![speaker("Dmitry Peskov", &["Песков"], &[])],
            &[
                ("Переговоры о мире возможны", Some(0), StatementKind::Quote),
                ("Путин говорил о войне.", None, StatementKind::Indirect),
            ],
        ),
        parsed(
            "Q: Are talks planned? PUTIN: Talks are planned, but no peace yet. Talking helps.",
            "en",
            vec![speaker("Vladimir Putin", &[], &[])],
            &[
                ("Are talks planned?", None, StatementKind::Turn),
                (
                    "Talks are planned, but no peace yet.",
                    Some(0),
                    StatementKind::Turn,
                ),
                ("Talking helps.", Some(0), StatementKind::Turn),
            ],
        ),
        parsed(
            "Macron told reporters the Elysee would host talks.",
            "en",
            vec![speaker("Emmanuel Macron", &[], &[])],
            &[(
                "the Elysee would host talks",
                Some(0),
                StatementKind::Indirect,
            )],
        ),
    ];
    let mut out = Vec::new();
    for (i, d) in docs.into_iter().enumerate() {
        let t = T0 + i as i64 * HOUR;
        out.push(store.ingest(new_doc(d, Some(t), t)).await.unwrap());
    }
    out
}

pub async fn search_matches_words_phrases_exclusions_and_or(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let by_relevance = |q: &str| {
        let store = &store;
        let request = search(q);
        async move {
            let mut t = texts(&**store, &request).await;
            t.sort();
            t
        }
    };
    // All words must match; stems match inflections in the statement's
    // language ("talk" finds "talks" and "Talking").
    assert_eq!(
        by_relevance("talk").await,
        [
            "Are talks planned?",
            "Talking helps.",
            "Talks are planned, but no peace yet.",
            "We are ready for peace talks.",
            "the Elysee would host talks",
        ]
    );
    assert_eq!(
        by_relevance("peace talks").await,
        [
            "Talks are planned, but no peace yet.",
            "We are ready for peace talks."
        ]
    );
    // Phrase: consecutive words only.
    assert_eq!(
        by_relevance("\"peace talks\"").await,
        ["We are ready for peace talks."]
    );
    // Exclusion.
    assert_eq!(
        by_relevance("talks -peace -\"host talks\"").await,
        ["Are talks planned?", "Talking helps."]
    );
    // OR.
    assert_eq!(
        by_relevance("war OR avancent").await,
        ["Les négociations de paix avancent.", "The war goes on."]
    );
    // Accents fold: "elysee" finds "L'Élysée" (fr) and "Elysee" (en).
    assert_eq!(
        by_relevance("ÉLYSÉE").await,
        ["L'Élysée confirme.", "the Elysee would host talks"]
    );
    // French stemming: "négociation" finds "négociations".
    assert_eq!(
        by_relevance("negociation").await,
        ["Les négociations de paix avancent."]
    );
    // Russian stemming: "переговор" finds "Переговоры", "войны" finds "войне".
    assert_eq!(
        by_relevance("переговор").await,
        ["Переговоры о мире возможны"]
    );
    assert_eq!(by_relevance("войны").await, ["Путин говорил о войне."]);
    // Exact names match across languages.
    assert_eq!(by_relevance("Путин").await, ["Путин говорил о войне."]);
    assert!(by_relevance("nothingmatches").await.is_empty());

    // Relevance: scores descend; ties broken by id.
    let hits = store
        .search_statements(&search("talks"), &page(10))
        .await
        .unwrap();
    assert_eq!(hits.total_size, 5);
    assert!(hits.items.iter().all(|h| h.score > 0.0));
    assert!(hits.items.windows(2).all(|w| w[0].score >= w[1].score));

    // Syntax-looking input never reaches FTS5 as syntax.
    for q in [
        "NEAR(talks peace)",
        "talks*",
        "^talks",
        "terms:talks",
        "talks AND peace",
        "talks NOT peace",
        "\"talks\" + (peace",
        "{terms}: talks",
        "talks'",
        "talks; DROP TABLE statements --",
    ] {
        let request = search(q);
        store
            .search_statements(&request, &page(10))
            .await
            .unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    assert_eq!(by_relevance("talks*").await.len(), 5);
    let _ = docs;
}

pub async fn search_filters_and_orders_by_time(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let putin = docs[0].statements[0].speaker_id.unwrap();
    assert_eq!(docs[3].statements[1].speaker_id, Some(putin));
    let macron = docs[1].statements[0].speaker_id.unwrap();

    let mut request = search("talks OR paix OR мире");
    request.speakers = vec![putin];
    assert_eq!(
        texts(&*store, &request).await.len(),
        3,
        "Putin's three statements about talks (talking stems to talk)"
    );
    request.speakers = vec![putin, macron];
    request.order = SearchOrder::TimeAsc;
    assert_eq!(
        texts(&*store, &request).await,
        [
            "We are ready for peace talks.",
            "Les négociations de paix avancent.",
            "Talks are planned, but no peace yet.",
            "Talking helps.",
            "the Elysee would host talks",
        ]
    );
    request.order = SearchOrder::TimeDesc;
    assert_eq!(
        texts(&*store, &request).await,
        [
            "the Elysee would host talks",
            "Talking helps.",
            "Talks are planned, but no peace yet.",
            "Les négociations de paix avancent.",
            "We are ready for peace talks.",
        ]
    );
    request.time_from = Some(T0 + HOUR);
    request.time_to = Some(T0 + 4 * HOUR);
    assert_eq!(
        texts(&*store, &request).await,
        [
            "Talking helps.",
            "Talks are planned, but no peace yet.",
            "Les négociations de paix avancent.",
        ]
    );

    let mut request = search("");
    request.languages = vec!["ru".into()];
    assert_eq!(
        texts(&*store, &request).await,
        ["Путин говорил о войне.", "Переговоры о мире возможны"]
    );
    let mut request = search("");
    request.kinds = vec![StatementKind::Indirect];
    request.documents = vec![docs[1].document.id, docs[4].document.id];
    assert_eq!(
        texts(&*store, &request).await,
        ["the Elysee would host talks", "L'Élysée confirme."]
    );
    let mut request = search("talks");
    request.kinds = vec![StatementKind::Turn];
    request.languages = vec!["en".into(), "fr".into()];
    request.order = SearchOrder::TimeAsc;
    assert_eq!(
        texts(&*store, &request).await,
        [
            "Are talks planned?",
            "Talks are planned, but no peace yet.",
            "Talking helps.",
        ]
    );

    // Empty query: every statement, newest first.
    let all = store
        .search_statements(&SearchRequest::default(), &page(100))
        .await
        .unwrap();
    assert_eq!(all.total_size, 10);
    assert_eq!(all.items[0].statement.text, "the Elysee would host talks");
    assert!(all.items.iter().all(|h| h.score == 0.0));
}

/// A word most statements use, filtered by a speaker who said little: the
/// SQLite store reads such a search through a set of the speaker's statement
/// ids instead of each match's row (filtered by speakers alone), and through
/// the row otherwise (with another filter too); both stores and both ways
/// must find the same statements in the same order.
pub async fn a_common_word_by_a_speaker_with_few_statements(store: Arc<dyn Store>) {
    let mut ids = Vec::new();
    for d in 0..6i64 {
        let quotes: Vec<String> = (0..10)
            .map(|i| format!("The budget item {d}-{i} is settled."))
            .collect();
        let mut text = String::new();
        for q in &quotes {
            text.push_str(&format!("Chief Talker said: \"{q}\" "));
        }
        let rare = if d % 3 == 0 {
            format!("The budget is too small, number {d}.")
        } else {
            format!("Nothing to add, number {d}.")
        };
        text.push_str(&format!("Quiet Person said: \"{rare}\""));
        let mut statements: Vec<(&str, Option<usize>, StatementKind)> = quotes
            .iter()
            .map(|q| (q.as_str(), Some(0), StatementKind::Quote))
            .collect();
        statements.push((rare.as_str(), Some(1), StatementKind::Quote));
        let speakers = vec![
            speaker("Chief Talker", &[], &[]),
            speaker("Quiet Person", &[], &[]),
        ];
        let doc = new_doc(
            parsed(&text, "en", speakers, &statements),
            Some(T0 + d * HOUR),
            T0 + d * HOUR,
        );
        ids.push(store.ingest(doc).await.unwrap());
    }
    let chief = ids[0].statements[0].speaker_id.unwrap();
    let quiet = ids[0].statements[10].speaker_id.unwrap();

    let mut request = search("budget");
    request.speakers = vec![quiet];
    for order in [SearchOrder::Relevance, SearchOrder::TimeAsc] {
        request.order = order;
        let mut found = texts(&*store, &request).await;
        if order == SearchOrder::Relevance {
            found.sort();
        }
        assert_eq!(
            found,
            [
                "The budget is too small, number 0.",
                "The budget is too small, number 3.",
            ],
            "{order:?}"
        );
    }
    // Another filter besides the speaker: the row is read for it.
    request.languages = vec!["en".into()];
    request.order = SearchOrder::TimeDesc;
    assert_eq!(
        texts(&*store, &request).await,
        [
            "The budget is too small, number 3.",
            "The budget is too small, number 0.",
        ]
    );
    let mut request = search("budget -small");
    request.speakers = vec![quiet];
    assert!(texts(&*store, &request).await.is_empty());

    // Both speakers, paged by relevance and by time: every match once.
    let mut request = search("budget");
    request.speakers = vec![chief, quiet];
    let (hits, total, estimate) = all_hits(&*store, &request, 7).await;
    assert_eq!((total, estimate), (62, false));
    let mut seen: Vec<i64> = hits.iter().map(|h| h.statement.id).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 62);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let mut with_language = request.clone();
    with_language.languages = vec!["en".into()];
    let (same, _, _) = all_hits(&*store, &with_language, 7).await;
    let mut same: Vec<i64> = same.iter().map(|h| h.statement.id).collect();
    same.sort();
    assert_eq!(same, seen);
    request.order = SearchOrder::TimeDesc;
    let (by_time, _, _) = all_hits(&*store, &request, 7).await;
    assert_eq!(by_time.len(), 62);
    assert!(by_time.windows(2).all(
        |w| (w[0].statement.time, w[0].statement.id) > (w[1].statement.time, w[1].statement.id)
    ));

    let mut request = search("budget");
    request.speakers = vec![quiet];
    let facets = store.search_facets(&request, 10).await.unwrap();
    assert_eq!(
        facets.speakers.iter().map(|f| f.count).sum::<i64>(),
        2,
        "{facets:?}"
    );
}

pub async fn search_facets_count_matches_by_speaker_and_language(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let putin = docs[0].statements[0].speaker_id.unwrap();
    let macron = docs[1].statements[0].speaker_id.unwrap();

    let facets = store
        .search_facets(&search("talks OR paix"), 10)
        .await
        .unwrap();
    assert_eq!(facets.counted, 6);
    assert!(!facets.is_estimate);
    let speakers: Vec<(Option<i64>, &str, i64)> = facets
        .speakers
        .iter()
        .map(|f| (f.speaker_id, f.display_name.as_str(), f.count))
        .collect();
    assert_eq!(
        speakers,
        [
            (Some(putin), "Vladimir Putin", 3),
            (Some(macron), "Emmanuel Macron", 2),
            (None, "", 1),
        ],
        "most first; the unattributed question counts under no speaker"
    );
    let languages: Vec<(&str, i64)> = facets
        .languages
        .iter()
        .map(|f| (f.language.as_str(), f.count))
        .collect();
    assert_eq!(languages, [("en", 5), ("fr", 1)]);

    // Filters apply, and `limit` keeps the largest values.
    let mut request = search("");
    request.kinds = vec![StatementKind::Indirect];
    let facets = store.search_facets(&request, 1).await.unwrap();
    assert_eq!(facets.counted, 3);
    assert_eq!(facets.speakers.len(), 1);
    assert_eq!(
        facets.speakers[0].speaker_id, None,
        "two of three unattributed"
    );
    assert_eq!(facets.speakers[0].count, 2);
    assert_eq!(
        facets.languages,
        [verbatim_store::LanguageFacet {
            language: "en".into(),
            count: 1
        }]
    );

    let facets = store
        .search_facets(&search("nothingmatchesthis"), 10)
        .await
        .unwrap();
    assert_eq!(facets, verbatim_store::Facets::default());
}

pub async fn recency_weighting_lets_newer_statements_outrank_older_ones(store: Arc<dyn Store>) {
    let strong = "Peace, peace and peace.";
    let weak = "The minister spoke at length about roads, schools, taxes and, briefly, peace.";
    for (text, time) in [(strong, T0), (weak, T0 + 30 * 24 * HOUR)] {
        let doc = parsed(
            text,
            "en",
            vec![speaker("Anna Berg", &[], &[])],
            &[(text, Some(0), StatementKind::Quote)],
        );
        store.ingest(new_doc(doc, Some(time), time)).await.unwrap();
    }
    let ranked = |half_life: Option<i64>| {
        let store = &store;
        async move {
            let mut request = search("peace");
            request.recency_half_life = half_life;
            // One hit a page, so that paging follows the weighted order too.
            let mut cursor = None;
            let mut hits = Vec::new();
            loop {
                let page = store
                    .search_statements(&request, &PageRequest { size: 1, cursor })
                    .await
                    .unwrap();
                hits.extend(page.items);
                match page.next_cursor {
                    Some(c) => cursor = Some(c),
                    None => break,
                }
            }
            hits
        }
    };
    let texts_of = |hits: &[SearchHit]| -> Vec<String> {
        hits.iter().map(|h| h.statement.text.clone()).collect()
    };
    assert_eq!(texts_of(&ranked(None).await), [strong, weak]);
    let fresh = ranked(Some(24 * HOUR)).await;
    assert_eq!(
        texts_of(&fresh),
        [weak, strong],
        "a day's half-life favours the new one"
    );
    assert!(fresh[0].score > fresh[1].score);
    assert!(fresh[1].score > 0.0);
    let slow = ranked(Some(100_000 * 24 * HOUR)).await;
    assert_eq!(
        texts_of(&slow),
        [strong, weak],
        "a long half-life keeps text relevance"
    );
}

pub async fn search_pages_neither_repeat_nor_skip_under_inserts(store: Arc<dyn Store>) {
    let add = |i: usize| {
        let text = format!("Speaker {i} said \"The budget number {i} is fine.\"");
        new_doc(
            parsed(
                &text,
                "en",
                vec![speaker("Anna Budget", &[], &[])],
                &[(
                    &format!("The budget number {i} is fine."),
                    Some(0),
                    StatementKind::Quote,
                )],
            ),
            Some(T0 + (i as i64 % 4) * HOUR),
            T0 + i as i64,
        )
    };
    let mut expected = HashSet::new();
    for i in 0..23 {
        let o = store.ingest(add(i)).await.unwrap();
        expected.insert(o.statements[0].id);
    }
    for order in [
        SearchOrder::TimeDesc,
        SearchOrder::TimeAsc,
        SearchOrder::Relevance,
    ] {
        let mut request = search("budget fine");
        request.order = order;
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut extra = 1000 + order as usize * 100;
        let mut arrived = Vec::new();
        loop {
            let p = store
                .search_statements(
                    &request,
                    &PageRequest {
                        size: 5,
                        cursor: cursor.clone(),
                    },
                )
                .await
                .unwrap();
            assert_eq!(p.total_size, expected.len() as i64, "{order:?}");
            if order == SearchOrder::TimeDesc {
                assert!(
                    p.items
                        .windows(2)
                        .all(|w| w[0].statement.time >= w[1].statement.time)
                );
            }
            if order == SearchOrder::TimeAsc {
                assert!(
                    p.items
                        .windows(2)
                        .all(|w| w[0].statement.time <= w[1].statement.time)
                );
            }
            seen.extend(p.items.iter().map(|h| h.statement.id));
            // Matching statements arrive between pages, at every time.
            if order != SearchOrder::Relevance {
                let o = store.ingest(add(extra)).await.unwrap();
                arrived.push(o.statements[0].id);
                extra += 1;
            }
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), expected.len(), "{order:?}: no repeats");
        assert_eq!(
            seen.iter().copied().collect::<HashSet<_>>(),
            expected,
            "{order:?}"
        );
        // Later searches see the statements that arrived meanwhile.
        expected.extend(arrived);
    }
}

pub async fn malformed_or_foreign_cursors_are_invalid(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let doc = docs[0].document.id;
    let with = |c: &str| PageRequest {
        size: 2,
        cursor: Some(c.to_string()),
    };
    for bad in [
        "",
        "garbage",
        "{}",
        "{\"k\":\"d\"}",
        "[1,2]",
        "{\"k\":\"qt\",\"s\":\"x\"}",
    ] {
        assert!(matches!(
            store
                .list_documents(&DocumentFilter::default(), &with(bad))
                .await,
            Err(StoreError::InvalidCursor(_))
        ));
        assert!(matches!(
            store.search_statements(&search("talks"), &with(bad)).await,
            Err(StoreError::InvalidCursor(_))
        ));
        assert!(matches!(
            store.list_statements(doc, &with(bad)).await,
            Err(StoreError::InvalidCursor(_))
        ));
        assert!(matches!(
            store
                .list_speakers(&SpeakerQuery::default(), &with(bad))
                .await,
            Err(StoreError::InvalidCursor(_))
        ));
    }
    // A cursor of another listing.
    let docs_page = store
        .list_documents(&DocumentFilter::default(), &page(1))
        .await
        .unwrap();
    let foreign = docs_page.next_cursor.unwrap();
    assert!(matches!(
        store
            .search_statements(&search("talks"), &with(&foreign))
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    // A cursor of the same search in the other time direction.
    let mut newest = search("talks");
    newest.order = SearchOrder::TimeDesc;
    let first = store.search_statements(&newest, &page(1)).await.unwrap();
    let mut oldest = newest.clone();
    oldest.order = SearchOrder::TimeAsc;
    assert!(matches!(
        store
            .search_statements(&oldest, &with(first.next_cursor.as_ref().unwrap()))
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    assert!(
        store
            .search_statements(&newest, &with(first.next_cursor.as_ref().unwrap()))
            .await
            .is_ok()
    );
    // A cursor of another document's statements.
    let st = store.list_statements(doc, &page(1)).await.unwrap();
    assert!(matches!(
        store
            .list_statements(docs[1].document.id, &with(&st.next_cursor.unwrap()))
            .await,
        Err(StoreError::InvalidCursor(_))
    ));
    // Relevance paging stops at the window and says why.
    let deep = r#"{"k":"qr","s":100,"n":20000,"o":10000}"#;
    match store.search_statements(&search("talks"), &with(deep)).await {
        Err(StoreError::InvalidCursor(m)) => assert!(m.contains("order by time"), "{m}"),
        other => panic!("{other:?}"),
    }
}

pub async fn documents_list_newest_first_with_filters(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let ids: Vec<i64> = docs.iter().map(|d| d.document.id).rev().collect();
    let mut listed = Vec::new();
    let mut request = page(2);
    loop {
        let p = store
            .list_documents(&DocumentFilter::default(), &request)
            .await
            .unwrap();
        assert_eq!(p.total_size, 5);
        listed.extend(p.items.iter().map(|d| d.id));
        match p.next_cursor {
            Some(c) => request.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(listed, ids);
    let en = DocumentFilter {
        language: Some("en".into()),
        ..DocumentFilter::default()
    };
    let p = store.list_documents(&en, &page(10)).await.unwrap();
    assert_eq!(
        p.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [
            docs[4].document.id,
            docs[3].document.id,
            docs[0].document.id
        ]
    );
    let window = DocumentFilter {
        outlet: Some("EXAMPLE times".into()),
        published_from: Some(T0 + HOUR),
        published_to: Some(T0 + 3 * HOUR),
        ..DocumentFilter::default()
    };
    let p = store.list_documents(&window, &page(10)).await.unwrap();
    assert_eq!(
        p.items.iter().map(|d| d.id).collect::<Vec<_>>(),
        [docs[2].document.id, docs[1].document.id]
    );
    let other = DocumentFilter {
        outlet: Some("Other".into()),
        ..DocumentFilter::default()
    };
    assert_eq!(
        store
            .list_documents(&other, &page(10))
            .await
            .unwrap()
            .total_size,
        0
    );
}

pub async fn invalid_spans_are_refused_whole(store: Arc<dyn Store>) {
    let mut doc = parsed(
        "Да, сказал он.",
        "ru",
        vec![speaker("Он", &[], &[])],
        &[("Да", Some(0), StatementKind::Quote)],
    );
    doc.statements.push(Statement {
        kind: StatementKind::Quote,
        span: 1..3, // inside "Д"
        speaker: Some(0),
        speaker_label: String::new(),
        cue: None,
    });
    assert!(matches!(
        store.ingest(new_doc(doc, None, T0)).await,
        Err(StoreError::Internal(_))
    ));
    assert_eq!(store.document_count().await.unwrap(), 0);
    let speakers = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(speakers.total_size, 0);
}

pub async fn no_query_reaches_the_engine_as_syntax(store: Arc<dyn Store>) {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    corpus(&*store).await;
    let pieces = [
        "\"", "-", "OR", "AND", "NOT", "NEAR", "(", ")", "*", ":", "^", "+", "{", "}", "'", ",",
        "talks", "peace", "мир", "Élysée", "terms", "rowid", "_", "en_talk", "\\", ";", "--",
        "\u{0}", "😀", "ﬁ", " ",
    ];
    let mut rng = StdRng::seed_from_u64(7);
    let mut parsed = 0;
    for _ in 0..400 {
        let n = rng.random_range(1..8);
        let input: String = (0..n)
            .map(|_| {
                let piece = pieces[rng.random_range(0..pieces.len())];
                if rng.random_bool(0.5) {
                    format!("{piece} ")
                } else {
                    piece.to_string()
                }
            })
            .collect();
        let Ok(query) = Query::parse(&input) else {
            continue;
        };
        parsed += 1;
        for order in [SearchOrder::Relevance, SearchOrder::TimeDesc] {
            let request = SearchRequest {
                query: query.clone(),
                order,
                ..SearchRequest::default()
            };
            if let Err(e) = store.search_statements(&request, &page(3)).await {
                panic!("query {input:?} failed: {e}");
            }
        }
    }
    assert!(parsed > 100, "{parsed}");
}

pub async fn concurrent_documents_with_new_speakers_in_any_order(store: Arc<dyn Store>) {
    let names = ["Ursula von der Leyen", "Charles Michel", "Kaja Kallas"];
    let tasks: Vec<_> = (0..9)
        .map(|i| {
            let store = store.clone();
            // Every document names the three, in a different order.
            let mut order = names.to_vec();
            order.rotate_left(i % 3);
            if i % 2 == 1 {
                order.reverse();
            }
            let text = format!("Meeting {i}: \"One {i}.\" \"Two {i}.\" \"Three {i}.\"");
            let one = format!("One {i}.");
            let two = format!("Two {i}.");
            let three = format!("Three {i}.");
            let doc = new_doc(
                parsed(
                    &text,
                    "en",
                    order.iter().map(|n| speaker(n, &[], &["EU"])).collect(),
                    &[
                        (&one, Some(0), StatementKind::Quote),
                        (&two, Some(1), StatementKind::Quote),
                        (&three, Some(2), StatementKind::Quote),
                    ],
                ),
                None,
                T0 + i as i64,
            );
            tokio::spawn(async move { store.ingest(doc).await.unwrap() })
        })
        .collect();
    for t in tasks {
        let outcome = t.await.unwrap();
        assert_eq!(outcome.document.speaker_count, 3);
    }
    let speakers = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    assert_eq!(speakers.total_size, 3);
    for s in &speakers.items {
        assert_eq!(s.statement_count, 9, "{}", s.display_name);
        assert_eq!(s.document_count, 9);
        assert_eq!(s.roles, ["EU"]);
    }
}

pub async fn concurrent_deletes_of_one_document_count_once(store: Arc<dyn Store>) {
    let docs = corpus(&*store).await;
    let putin = docs[0].statements[0].speaker_id.unwrap();
    assert_eq!(store.get_speaker(putin).await.unwrap().statement_count, 4);
    let id = docs[3].document.id;
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.delete_document(id).await })
        })
        .collect();
    let mut deleted = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => deleted += 1,
            Err(StoreError::NotFound {
                kind: "document", ..
            }) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(deleted, 1);
    let record = store.get_speaker(putin).await.unwrap();
    assert_eq!(record.statement_count, 2);
    assert_eq!(record.document_count, 1);
    let listed = store
        .list_speakers(&SpeakerQuery::default(), &page(10))
        .await
        .unwrap();
    let counted = listed.items.iter().find(|s| s.id == putin).unwrap();
    assert_eq!(counted.statement_count, 2);
    assert_eq!(store.document_count().await.unwrap(), 4);
    // The same bytes can be stored again after a delete.
    let again = store
        .ingest(new_doc(
            parsed(
                "Q: Are talks planned? PUTIN: Talks are planned, but no peace yet. Talking helps.",
                "en",
                vec![speaker("Vladimir Putin", &[], &[])],
                &[("Are talks planned?", None, StatementKind::Turn)],
            ),
            Some(T0),
            T0,
        ))
        .await
        .unwrap();
    assert!(!again.already_existed);
    assert_ne!(again.document.id, id);
}

pub async fn search_pages_stay_consistent_under_concurrent_ingests(store: Arc<dyn Store>) {
    let add = |i: usize| {
        let text = format!("Reporter {i} wrote \"The harbour number {i} reopened.\"");
        new_doc(
            parsed(
                &text,
                "en",
                vec![speaker(&format!("Writer {}", i % 5), &[], &[])],
                &[(
                    &format!("The harbour number {i} reopened."),
                    Some(0),
                    StatementKind::Quote,
                )],
            ),
            Some(T0 + (i as i64 % 7) * HOUR),
            T0 + i as i64,
        )
    };
    let mut before = HashSet::new();
    for i in 0..20 {
        before.insert(store.ingest(add(i)).await.unwrap().statements[0].id);
    }
    // Writers keep ingesting matching statements while pages are read.
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let store = store.clone();
            let docs: Vec<_> = (0..12).map(|j| add(1000 + w * 100 + j)).collect();
            tokio::spawn(async move {
                for doc in docs {
                    store.ingest(doc).await.unwrap();
                    tokio::task::yield_now().await;
                }
            })
        })
        .collect();
    for order in [
        SearchOrder::TimeDesc,
        SearchOrder::TimeAsc,
        SearchOrder::Relevance,
    ] {
        let mut request = search("harbour reopened");
        request.order = order;
        let mut seen = Vec::new();
        let mut cursor = None;
        let mut total = None;
        loop {
            let p = store
                .search_statements(
                    &request,
                    &PageRequest {
                        size: 3,
                        cursor: cursor.clone(),
                    },
                )
                .await
                .unwrap();
            assert_eq!(*total.get_or_insert(p.total_size), p.total_size);
            seen.extend(p.items.iter().map(|h| h.statement.id));
            tokio::task::yield_now().await;
            match p.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "{order:?}: no repeats");
        assert_eq!(seen.len() as i64, total.unwrap(), "{order:?}: no skips");
        assert!(unique.is_superset(&before), "{order:?}");
    }
    for w in writers {
        w.await.unwrap();
    }
    let all = store
        .search_statements(&search("harbour"), &page(100))
        .await
        .unwrap();
    assert_eq!(all.total_size, 20 + 36);
}

pub async fn nul_characters_are_refused_whole(store: Arc<dyn Store>) {
    let doc = parsed(
        "Nul said \"a\u{0}b\".",
        "en",
        vec![speaker("Nul", &[], &[])],
        &[("a\u{0}b", Some(0), StatementKind::Quote)],
    );
    assert!(matches!(
        store.ingest(new_doc(doc, None, T0)).await,
        Err(StoreError::Internal(m)) if m.contains("nul")
    ));
    let doc = parsed(
        "Fine said \"ok\".",
        "en",
        vec![speaker("Fine\u{0}", &[], &[])],
        &[("ok", Some(0), StatementKind::Quote)],
    );
    assert!(store.ingest(new_doc(doc, None, T0)).await.is_err());
    assert_eq!(store.document_count().await.unwrap(), 0);
}

pub async fn secrets_first_writer_wins(store: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..8u8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.secret("page-token-key", vec![i; 32]).await.unwrap() })
        })
        .collect();
    let mut values = HashSet::new();
    for t in tasks {
        values.insert(t.await.unwrap());
    }
    assert_eq!(values.len(), 1);
    let value = values.into_iter().next().unwrap();
    assert_eq!(
        store.secret("page-token-key", vec![9]).await.unwrap(),
        value
    );
    assert_eq!(store.secret("other", vec![1, 2]).await.unwrap(), [1, 2]);
    store.ping().await.unwrap();
}

pub async fn very_long_statements_are_stored_and_searchable(store: Arc<dyn Store>) {
    // 120 000 words: beyond PostgreSQL's tsvector positions and size.
    let quote: String = (0..120_000)
        .map(|i| format!("alpha{i}"))
        .collect::<Vec<_>>()
        .join(" ");
    let text = format!("He said \"{quote}\" and \"omega\".");
    let doc = parsed(
        &text,
        "en",
        vec![speaker("Long Talker", &[], &[])],
        &[
            (&quote, Some(0), StatementKind::Quote),
            ("omega", Some(0), StatementKind::Quote),
        ],
    );
    let outcome = store.ingest(new_doc(doc, None, T0)).await.unwrap();
    assert_eq!(outcome.statements[0].text.len(), quote.len());
    for q in ["alpha7", "\"alpha7 alpha8\"", "alpha16000", "omega"] {
        assert_eq!(texts(&*store, &search(q)).await.len(), 1, "{q}");
    }
    assert!(
        texts(&*store, &search("\"alpha8 alpha7\""))
            .await
            .is_empty()
    );
}

/// Statements of [`window_corpus`].
pub const WINDOW_CORPUS: usize = EXACT_COUNT_LIMIT as usize + 2_000;
const WINDOW_DOCUMENT: usize = 250;

/// The words of statement `g` (0 oldest) of [`window_corpus`]: every one
/// has `alpha`; `beta` every third; `delta` the newest `RANK_WINDOW`;
/// `epsilon` the newest `EXACT_COUNT_LIMIT + 1`; `early` the oldest 3000;
/// the oldest repeats `alpha`
/// (the best match of all, outside the window), and so does one inside it.
pub fn window_statement(g: usize) -> String {
    let mut words = vec![format!("n{g}"), "alpha".to_string()];
    if g.is_multiple_of(3) {
        words.push("beta".into());
    }
    if g < 3_000 {
        words.push("early".into());
    }
    if g >= WINDOW_CORPUS - RANK_WINDOW as usize {
        words.push("delta".into());
    }
    if g >= WINDOW_CORPUS - EXACT_COUNT_LIMIT as usize - 1 {
        words.push("epsilon".into());
    }
    if g == 0 {
        words.extend(["alpha", "alpha", "alpha", "omega"].map(String::from));
    }
    if g == WINDOW_CORPUS - 100 {
        words.extend(["alpha", "alpha", "alpha", "zeta"].map(String::from));
    }
    words.join(" ")
}

/// More statements than [`RANK_WINDOW`] and [`EXACT_COUNT_LIMIT`]: every
/// statement's text is [`window_statement`] of its position, ingested oldest
/// first (so ids grow with `g`), documents an hour apart.
pub async fn window_corpus(store: &dyn Store) {
    for d in 0..WINDOW_CORPUS.div_ceil(WINDOW_DOCUMENT) {
        let quotes: Vec<String> = (d * WINDOW_DOCUMENT
            ..((d + 1) * WINDOW_DOCUMENT).min(WINDOW_CORPUS))
            .map(window_statement)
            .collect();
        let text = quotes
            .iter()
            .map(|q| format!("\"{q}\""))
            .collect::<Vec<_>>()
            .join(" ");
        let statements: Vec<(&str, Option<usize>, StatementKind)> = quotes
            .iter()
            .map(|q| (q.as_str(), None, StatementKind::Quote))
            .collect();
        let doc = parsed(&text, "en", Vec::new(), &statements);
        store
            .ingest(new_doc(doc, Some(T0 + d as i64 * HOUR), T0 + d as i64))
            .await
            .unwrap();
    }
}

/// Every hit of `request` through pages of `size`, and the first page's
/// total and estimate flag.
pub async fn all_hits(
    store: &dyn Store,
    request: &SearchRequest,
    size: usize,
) -> (Vec<SearchHit>, i64, bool) {
    let mut hits = Vec::new();
    let mut cursor = None;
    let mut first = None;
    loop {
        let p = store
            .search_statements(request, &PageRequest { size, cursor })
            .await
            .unwrap();
        let (total, estimate) = *first.get_or_insert((p.total_size, p.total_is_estimate));
        assert_eq!((p.total_size, p.total_is_estimate), (total, estimate));
        hits.extend(p.items);
        match p.next_cursor {
            Some(c) => cursor = Some(c),
            None => return (hits, total, estimate),
        }
    }
}

/// The position `g` of a [`window_corpus`] statement.
fn window_position(hit: &SearchHit) -> usize {
    hit.statement
        .text
        .split(' ')
        .next()
        .and_then(|w| w.strip_prefix('n'))
        .and_then(|n| n.parse().ok())
        .expect("a window corpus statement")
}

pub async fn searches_beyond_the_limits_rank_the_window_and_estimate(store: Arc<dyn Store>) {
    window_corpus(&*store).await;
    let n = WINDOW_CORPUS;
    let window = RANK_WINDOW as usize;
    let newest_window: HashSet<usize> = (n - window..n).collect();

    // A word in every statement: the most recent window ranked, the best
    // match of all (the oldest statement) left out, the total estimated.
    // Ids are consecutive here, so the estimate is exact.
    let (hits, total, estimate) = all_hits(&*store, &search("alpha"), 1_000).await;
    assert!(estimate);
    assert_eq!(total, n as i64);
    assert_eq!(hits.len(), window);
    let positions: Vec<usize> = hits.iter().map(window_position).collect();
    assert_eq!(
        positions.iter().copied().collect::<HashSet<_>>(),
        newest_window
    );
    assert_eq!(positions[0], n - 100, "the best match of the window first");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert_eq!(
        texts(&*store, &search("omega")).await,
        [window_statement(0)]
    );

    // Facets count the newest EXACT_COUNT_LIMIT matches and say so.
    let facets = store.search_facets(&search("alpha"), 5).await.unwrap();
    assert!(facets.is_estimate);
    assert_eq!(facets.counted, verbatim_store::EXACT_COUNT_LIMIT);
    let counted: i64 = facets.languages.iter().map(|f| f.count).sum();
    assert_eq!(counted, facets.counted);

    // By time, every match, newest first, with the same estimate.
    let mut request = search("alpha");
    request.order = SearchOrder::TimeDesc;
    let (hits, total, estimate) = all_hits(&*store, &request, 1_000).await;
    assert!(estimate);
    assert_eq!(total, n as i64);
    let positions: Vec<usize> = hits.iter().map(window_position).collect();
    assert_eq!(positions, (0..n).rev().collect::<Vec<_>>());

    // Small pages by time, for common words (read along the time index)
    // and for words common only long ago (which that read gives up on).
    for (text, expected) in [
        ("alpha", (0..n).rev().collect::<Vec<_>>()),
        ("alpha -beta", (0..n).rev().filter(|g| g % 3 != 0).collect()),
        ("early", (0..3_000).rev().collect()),
    ] {
        for order in [SearchOrder::TimeDesc, SearchOrder::TimeAsc] {
            let mut request = search(text);
            request.order = order;
            let mut expected = expected.clone();
            if order == SearchOrder::TimeAsc {
                expected.reverse();
            }
            let mut cursor = None;
            let mut positions = Vec::new();
            for _ in 0..3 {
                let p = store
                    .search_statements(&request, &PageRequest { size: 10, cursor })
                    .await
                    .unwrap();
                positions.extend(p.items.iter().map(window_position));
                cursor = p.next_cursor;
            }
            assert_eq!(positions, expected[..30], "{text:?} {order:?}");
        }
    }

    // Exactly the window: exact, all ranked. One more: estimated, the
    // oldest left out of the ranking; the estimate extrapolates the density
    // of the newest matches (all of them) over every id.
    let (hits, total, estimate) = all_hits(&*store, &search("delta"), 1_000).await;
    assert_eq!((total, estimate), (RANK_WINDOW, false));
    assert_eq!(
        hits.iter().map(window_position).collect::<HashSet<_>>(),
        newest_window
    );
    let (hits, total, estimate) = all_hits(&*store, &search("epsilon"), 1_000).await;
    assert!(estimate);
    assert!(total > EXACT_COUNT_LIMIT);
    assert_eq!(total, n as i64);
    assert_eq!(
        hits.iter().map(window_position).collect::<HashSet<_>>(),
        newest_window
    );

    // Below the limits: exact, everything ranked.
    let (hits, total, estimate) = all_hits(&*store, &search("beta"), 1_000).await;
    let expected = n.div_ceil(3);
    assert_eq!((total, estimate), (expected as i64, false));
    assert_eq!(hits.len(), expected);
    assert!(hits.iter().any(|h| window_position(h) == 0));

    // Filters narrow the matches before the window and the count: a time
    // range holding the oldest documents only.
    let mut request = search("alpha");
    request.time_to = Some(T0 + 20 * HOUR);
    let (hits, total, estimate) = all_hits(&*store, &request, 1_000).await;
    assert_eq!((total, estimate), ((20 * WINDOW_DOCUMENT) as i64, false));
    assert_eq!(hits.len(), 20 * WINDOW_DOCUMENT);
    assert_eq!(window_position(&hits[0]), 0);

    // A listing without text counts the same way.
    let request = SearchRequest::default();
    let p = store.search_statements(&request, &page(10)).await.unwrap();
    assert_eq!((p.total_size, p.total_is_estimate), (n as i64, true));
    assert_eq!(window_position(&p.items[0]), n - 1);

    // The window is fixed at the first page: matches arriving later do not
    // enter it, and the next pages still hold the same window.
    let first = store
        .search_statements(&search("alpha"), &page(1_000))
        .await
        .unwrap();
    let text = "\"alpha alpha alpha alpha late\"";
    let late = parsed(
        text,
        "en",
        Vec::new(),
        &[("alpha alpha alpha alpha late", None, StatementKind::Quote)],
    );
    store
        .ingest(new_doc(late, Some(T0 + 1_000 * HOUR), T0 + 1_000))
        .await
        .unwrap();
    let mut seen: HashSet<usize> = first.items.iter().map(window_position).collect();
    let mut cursor = first.next_cursor;
    while let Some(c) = cursor {
        let p = store
            .search_statements(
                &search("alpha"),
                &PageRequest {
                    size: 1_000,
                    cursor: Some(c),
                },
            )
            .await
            .unwrap();
        assert_eq!((p.total_size, p.total_is_estimate), (n as i64, true));
        seen.extend(p.items.iter().map(window_position));
        cursor = p.next_cursor;
    }
    assert_eq!(seen, newest_window);
}

/// Ingests one quote by `name` (with `aliases`) in `language`; returns the
/// speaker id of the quote.
pub async fn quote(store: &dyn Store, name: &str, aliases: &[&str], language: &str, n: i64) -> i64 {
    let text = format!("{name} said: \"Words number {n}.\"");
    let doc = new_doc(
        parsed(
            &text,
            language,
            vec![speaker(name, aliases, &["spokesman"])],
            &[(&format!("Words number {n}."), Some(0), StatementKind::Quote)],
        ),
        None,
        T0 + n,
    );
    store.ingest(doc).await.unwrap().statements[0]
        .speaker_id
        .unwrap()
}

pub fn find(text: &str) -> SpeakerQuery {
    SpeakerQuery {
        text: Some(text.into()),
        order: SpeakerOrder::DisplayName,
    }
}

pub async fn found(store: &dyn Store, text: &str) -> Vec<i64> {
    let page = store.list_speakers(&find(text), &page(50)).await.unwrap();
    page.items.iter().map(|s| s.id).collect()
}

pub async fn transliterated_names_resolve_to_one_speaker(store: Arc<dyn Store>) {
    let forms = [
        ("Dmitri Peskov", "fr"),
        ("Дмитрий Песков", "ru"),
        ("Dmitrij Peskow", "de"),
        ("Dmitry Peskov", "en"),
        ("M. Peskov", "fr"),
        ("г-н Песков", "ru"),
    ];
    let mut ids = HashSet::new();
    for (n, (name, language)) in forms.iter().enumerate() {
        ids.insert(quote(&*store, name, &[], language, n as i64).await);
    }
    assert_eq!(ids.len(), 1, "one speaker for {forms:?}");
    let id = *ids.iter().next().unwrap();
    let record = store.get_speaker(id).await.unwrap();
    assert_eq!(record.display_name, "Dmitry Peskov", "the English form");
    assert_eq!(record.statement_count, 6);
    assert_eq!(record.document_count, 6);
    assert!(record.aliases.contains(&"Дмитрий Песков".to_string()));
    assert_eq!(record.languages, ["de", "en", "fr", "ru"]);
    assert_eq!(record.roles, ["spokesman"]);
    for text in ["Песков", "peskow", "Dmitri Peskov", "PESKOV"] {
        assert_eq!(found(&*store, text).await, [id], "search {text}");
    }
    // Volodymyr and Vladimir are one given name; Zelensky's spellings one surname.
    let z1 = quote(&*store, "Vladimir Zelensky", &[], "en", 10).await;
    let z2 = quote(&*store, "Volodymyr Zelenskyy", &[], "en", 11).await;
    let z3 = quote(&*store, "Wolodymyr Selenskyj", &["Selenskyj"], "de", 12).await;
    let z4 = quote(&*store, "Владимир Зеленский", &[], "ru", 13).await;
    assert!(z1 == z2 && z2 == z3 && z3 == z4);
    assert_ne!(z1, id);
    let putin = quote(&*store, "Vladimir Putin", &["Putin"], "en", 20).await;
    assert_eq!(
        quote(&*store, "Vladimir Poutine", &[], "fr", 21).await,
        putin
    );
    assert_eq!(quote(&*store, "Путин", &[], "ru", 22).await, putin);
    assert_ne!(putin, z1);
}

pub async fn lone_surnames_join_only_an_unambiguous_person_in_any_order(store: Arc<dyn Store>) {
    // Lone surname first, then the full name: one speaker.
    let lone = quote(&*store, "Lavrov", &[], "en", 1).await;
    let full = quote(&*store, "Sergei Lavrov", &["Lavrov"], "en", 2).await;
    assert_eq!(lone, full);
    assert_eq!(
        store.get_speaker(full).await.unwrap().display_name,
        "Sergei Lavrov"
    );
    assert_eq!(store.get_speaker(full).await.unwrap().statement_count, 2);
    // The other order: one speaker too, named the same way.
    let full2 = quote(&*store, "Maria Zakharova", &[], "en", 3).await;
    let lone2 = quote(&*store, "Zakharova", &[], "en", 4).await;
    assert_eq!(lone2, full2);

    // A second person with the surname: earlier lone mentions are
    // revisited and no longer joined to either.
    let other = quote(&*store, "Ivan Lavrov", &[], "en", 5).await;
    assert_ne!(other, full);
    let sergei = store.get_speaker(full).await.unwrap();
    assert_eq!(sergei.statement_count, 1, "the lone mention moved away");
    let ambiguous = quote(&*store, "Lavrov", &[], "en", 6).await;
    assert!(ambiguous != full && ambiguous != other);
    assert_eq!(
        store.get_speaker(ambiguous).await.unwrap().statement_count,
        2
    );
    // An initial tells them apart again.
    assert_eq!(quote(&*store, "S. Lavrov", &[], "en", 7).await, full);
    assert_eq!(quote(&*store, "I. Lavrov", &[], "en", 8).await, other);
    // A full name does not adopt lone mentions with another initial.
    let initial = quote(&*store, "A. Sokolov", &[], "en", 30).await;
    let boris = quote(&*store, "Boris Sokolov", &[], "en", 31).await;
    assert_ne!(initial, boris);
    assert_eq!(store.get_speaker(initial).await.unwrap().statement_count, 1);

    // The same documents in the reverse order end up the same way.
    // (The first lone "Orlov" joins Ivan Orlov while he is the only one.)
    let other_b = quote(&*store, "Ivan Orlov", &[], "en", 9).await;
    assert_eq!(quote(&*store, "Orlov", &[], "en", 10).await, other_b);
    let full_b = quote(&*store, "Sergei Orlov", &["Orlov"], "en", 11).await;
    let lone_b = quote(&*store, "Orlov", &[], "en", 12).await;
    assert!(full_b != other_b && full_b != lone_b && other_b != lone_b);
    assert_eq!(store.get_speaker(lone_b).await.unwrap().statement_count, 2);
    assert_eq!(store.get_speaker(full_b).await.unwrap().statement_count, 1);
    assert_eq!(store.get_speaker(other_b).await.unwrap().statement_count, 1);
    assert_eq!(
        store.get_speaker(lone_b).await.unwrap().display_name,
        "Orlov"
    );
}

pub async fn people_sharing_a_surname_stay_apart(store: Arc<dyn Store>) {
    let george = quote(&*store, "George Bush", &[], "en", 1).await;
    let jeb = quote(&*store, "Jeb Bush", &[], "en", 2).await;
    assert_ne!(george, jeb);
    let alexander = quote(&*store, "Alexander Novak", &[], "en", 3).await;
    let alexei = quote(&*store, "Alexei Novak", &[], "en", 4).await;
    assert_ne!(alexander, alexei);
    // Equivalent given names across languages are one person.
    assert_eq!(
        quote(&*store, "Oleksandr Novak", &[], "uk", 5).await,
        alexander
    );
    assert_eq!(
        quote(&*store, "Alexandre Novak", &[], "fr", 6).await,
        alexander
    );
    let lone = quote(&*store, "Bush", &[], "en", 7).await;
    assert!(lone != george && lone != jeb);
    assert_eq!(store.get_speaker(george).await.unwrap().statement_count, 1);
    let page = store.list_speakers(&find("bush"), &page(10)).await.unwrap();
    assert_eq!(page.total_size, 3);
}

pub async fn corrections_merge_rename_and_survive_reingest(store: Arc<dyn Store>) {
    let text = |n: i64| format!("Lina Duarte-Reyes said: \"Words number {n}.\"");
    let doc = |n: i64| {
        new_doc(
            parsed(
                &text(n),
                "en",
                vec![speaker("Lina Duarte-Reyes", &[], &["mayor"])],
                &[(&format!("Words number {n}."), Some(0), StatementKind::Quote)],
            ),
            None,
            T0 + n,
        )
    };
    let duarte = quote(&*store, "Lina Duarte", &[], "en", 1).await;
    let outcome = store.ingest(doc(2)).await.unwrap();
    let reyes = outcome.statements[0].speaker_id.unwrap();
    assert_ne!(duarte, reyes);

    let merged = store
        .correct_speakers(
            &SpeakerCorrection::Merge {
                target: duarte,
                sources: vec![reyes],
            },
            "editor@example.com",
        )
        .await
        .unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].id, duarte);
    assert_eq!(merged[0].statement_count, 2);
    assert!(merged[0].aliases.contains(&"Lina Duarte-Reyes".to_string()));
    assert!(merged[0].roles.contains(&"mayor".to_string()));
    assert!(matches!(
        store.get_speaker(reyes).await,
        Err(StoreError::NotFound { .. })
    ));
    assert_eq!(
        store
            .get_statement(outcome.statements[0].id)
            .await
            .unwrap()
            .speaker_id,
        Some(duarte)
    );
    // Re-ingesting after a delete, or a new document naming the merged
    // form, lands on the merge target.
    store.delete_document(outcome.document.id).await.unwrap();
    let again = store.ingest(doc(2)).await.unwrap();
    assert_eq!(again.statements[0].speaker_id, Some(duarte));
    assert_eq!(
        quote(&*store, "Lina Duarte-Reyes", &[], "es", 3).await,
        duarte
    );

    let renamed = store
        .correct_speakers(
            &SpeakerCorrection::Rename {
                speaker: duarte,
                display_name: "Lina M. Duarte".into(),
            },
            "anonymous",
        )
        .await
        .unwrap();
    assert_eq!(renamed[0].display_name, "Lina M. Duarte");
    assert_eq!(quote(&*store, "Lina Duarte", &[], "en", 4).await, duarte);
    assert_eq!(
        store.get_speaker(duarte).await.unwrap().display_name,
        "Lina M. Duarte",
        "a pinned name stays"
    );

    // Errors.
    assert!(matches!(
        store
            .correct_speakers(
                &SpeakerCorrection::Merge {
                    target: duarte,
                    sources: vec![duarte]
                },
                "a"
            )
            .await,
        Err(StoreError::InvalidField {
            field: "source_speakers",
            ..
        })
    ));
    assert!(matches!(
        store
            .correct_speakers(
                &SpeakerCorrection::Merge {
                    target: duarte,
                    sources: vec![reyes]
                },
                "a"
            )
            .await,
        Err(StoreError::NotFound {
            kind: "speaker",
            ..
        })
    ));

    let log = store.list_speaker_corrections(&page(10)).await.unwrap();
    assert_eq!(log.total_size, 2);
    assert!(log.next_cursor.is_none());
    // One at a time, the same entries.
    let first = store.list_speaker_corrections(&page(1)).await.unwrap();
    let second = store
        .list_speaker_corrections(&PageRequest {
            size: 1,
            cursor: first.next_cursor.clone(),
        })
        .await
        .unwrap();
    assert_eq!(
        [first.items[0].id, second.items[0].id],
        [log.items[0].id, log.items[1].id]
    );
    assert!(second.next_cursor.is_none());
    let log = log.items;
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|c| (c.action.as_str(), c.actor.as_str()))
        .collect();
    assert_eq!(
        actions,
        [("rename", "anonymous"), ("merge", "editor@example.com")]
    );
    let detail: serde_json::Value = serde_json::from_str(&log[1].detail).unwrap();
    assert_eq!(detail["target"], duarte);
    assert_eq!(detail["sources"][0], reyes);
    assert!(log[0].time >= log[1].time && log[1].time > 0);
}

pub async fn corrections_alias_and_split_survive_reingest(store: Arc<dyn Store>) {
    let peskov = quote(&*store, "Dmitry Peskov", &[], "en", 1).await;
    let lone_doc = |n: i64| {
        let text = format!("Peskov said: \"Words number {n}.\"");
        new_doc(
            parsed(
                &text,
                "en",
                vec![speaker("Peskov", &[], &[])],
                &[(&format!("Words number {n}."), Some(0), StatementKind::Quote)],
            ),
            None,
            T0 + n,
        )
    };
    let lone = store.ingest(lone_doc(2)).await.unwrap();
    assert_eq!(lone.statements[0].speaker_id, Some(peskov));

    // Split the lone surname off: its statements move to a new speaker.
    let split = store
        .correct_speakers(
            &SpeakerCorrection::Split {
                speaker: peskov,
                alias: "Peskov".into(),
            },
            "ops",
        )
        .await
        .unwrap();
    let new = split[1].id;
    assert_eq!(split[0].id, peskov);
    assert_eq!(split[0].statement_count, 1);
    assert_eq!(split[1].display_name, "Peskov");
    assert_eq!(split[1].statement_count, 1);
    assert!(!split[0].aliases.contains(&"Peskov".to_string()));
    // Durable: re-ingested and new lone mentions go to the split speaker.
    store.delete_document(lone.document.id).await.unwrap();
    let again = store.ingest(lone_doc(2)).await.unwrap();
    assert_eq!(again.statements[0].speaker_id, Some(new));
    assert_eq!(quote(&*store, "Peskov", &[], "en", 3).await, new);
    assert_eq!(quote(&*store, "Dmitri Peskov", &[], "fr", 4).await, peskov);

    // An added alias pins a name to a speaker.
    let added = store
        .correct_speakers(
            &SpeakerCorrection::AddAlias {
                speaker: peskov,
                alias: "Kremlin Spokesman Peskov".into(),
            },
            "ops",
        )
        .await
        .unwrap();
    assert!(
        added[0]
            .aliases
            .contains(&"Kremlin Spokesman Peskov".to_string())
    );
    assert_eq!(
        quote(&*store, "Kremlin Spokesman Peskov", &[], "en", 5).await,
        peskov
    );
    // An alias naming another speaker is a conflict; an unknown one invalid.
    assert!(matches!(
        store
            .correct_speakers(
                &SpeakerCorrection::AddAlias {
                    speaker: new,
                    alias: "Dmitry Peskov".into()
                },
                "ops"
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .correct_speakers(
                &SpeakerCorrection::RemoveAlias {
                    speaker: peskov,
                    alias: "Nobody".into()
                },
                "ops"
            )
            .await,
        Err(StoreError::InvalidField { field: "alias", .. })
    ));
    assert!(matches!(
        store
            .correct_speakers(
                &SpeakerCorrection::RemoveAlias {
                    speaker: peskov,
                    alias: "Dmitry Peskov".into()
                },
                "ops"
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    // A removed alias no longer resolves to the speaker.
    store
        .correct_speakers(
            &SpeakerCorrection::RemoveAlias {
                speaker: peskov,
                alias: "Kremlin Spokesman Peskov".into(),
            },
            "ops",
        )
        .await
        .unwrap();
    assert!(
        !store
            .get_speaker(peskov)
            .await
            .unwrap()
            .aliases
            .contains(&"Kremlin Spokesman Peskov".to_string())
    );
    assert_ne!(
        quote(&*store, "Kremlin Spokesman Peskov", &[], "en", 6).await,
        peskov
    );
    let actions: Vec<String> = store
        .list_speaker_corrections(&page(10))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.action)
        .collect();
    assert_eq!(actions, ["remove_alias", "add_alias", "split"]);
}

pub async fn concurrent_lone_and_full_names_make_one_speaker(store: Arc<dyn Store>) {
    let names = [
        "Peskov",
        "Dmitry Peskov",
        "Dmitri Peskov",
        "M. Peskov",
        "Песков",
        "Dmitrij Peskow",
    ];
    let tasks: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let store = store.clone();
            let name = name.to_string();
            tokio::spawn(async move { quote(&*store, &name, &[], "en", i as i64).await })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in tasks {
        ids.insert(t.await.unwrap());
    }
    // Lone mentions may race ahead of the full name, but they are adopted
    // or joined: never two full-named Peskovs.
    let page = store
        .list_speakers(&find("peskov"), &page(10))
        .await
        .unwrap();
    assert_eq!(page.total_size, 1, "{:?}", page.items);
    assert_eq!(page.items[0].statement_count, 6);
    assert_eq!(page.items[0].display_name, "Dmitry Peskov");
}

pub async fn reparse_keeps_unchanged_statement_ids_and_corrections(store: Arc<dyn Store>) {
    let text = "Dmitry Peskov said: \"One.\" He added: \"Two.\" Sergei Lavrov said: \"Three.\"";
    let v1 = parsed(
        text,
        "en",
        vec![speaker("Dmitry Peskov", &[], &["spokesman"])],
        &[
            ("One.", Some(0), StatementKind::Quote),
            ("Two.", Some(0), StatementKind::Quote),
        ],
    );
    let outcome = store.ingest(new_doc(v1, None, T0)).await.unwrap();
    let document = outcome.document.id;
    let (one, two) = (outcome.statements[0].id, outcome.statements[1].id);
    let peskov = outcome.statements[0].speaker_id.unwrap();
    store
        .correct_speakers(
            &SpeakerCorrection::Rename {
                speaker: peskov,
                display_name: "Dmitry S. Peskov".into(),
            },
            "ops",
        )
        .await
        .unwrap();
    assert_eq!(
        store.document_ids(Some("test/2"), 0, 10).await.unwrap(),
        [document]
    );
    assert_eq!(
        store.document_ids(Some("test/1"), 0, 10).await.unwrap(),
        Vec::<i64>::new()
    );
    assert_eq!(
        store.document_ids(None, document, 10).await.unwrap(),
        Vec::<i64>::new()
    );

    let v2 = parsed(
        text,
        "en",
        vec![
            speaker("Sergei Lavrov", &[], &[]),
            speaker("Dmitry Peskov", &[], &[]),
        ],
        &[
            ("One.", Some(1), StatementKind::Quote),
            ("Three.", Some(0), StatementKind::Quote),
        ],
    );
    let mut doc = new_doc(v2, None, T0);
    doc.parser_version = "test/2".into();
    let result = store.reparse_document(document, doc.clone()).await.unwrap();
    assert_eq!((result.kept, result.added, result.removed), (1, 1, 1));

    let kept = store.get_statement(one).await.unwrap();
    assert_eq!(kept.speaker_id, Some(peskov), "the id and speaker stay");
    assert_eq!(
        kept.speaker_name.as_deref(),
        Some("Dmitry S. Peskov"),
        "the rename stays"
    );
    assert_eq!(kept.ordinal, 0);
    assert!(matches!(
        store.get_statement(two).await,
        Err(StoreError::NotFound {
            kind: "statement",
            ..
        })
    ));
    let listed = store.list_statements(document, &page(10)).await.unwrap();
    let texts_of: Vec<&str> = listed.items.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(texts_of, ["One.", "Three."]);
    let lavrov = listed.items[1].speaker_id.unwrap();
    assert_ne!(lavrov, peskov);
    let peskov_record = store.get_speaker(peskov).await.unwrap();
    assert_eq!(peskov_record.statement_count, 1);
    assert!(peskov_record.roles.is_empty(), "roles follow the new parse");
    assert_eq!(store.get_speaker(lavrov).await.unwrap().statement_count, 1);
    let stored = store
        .get_document(document, DocumentView::Basic)
        .await
        .unwrap();
    assert_eq!(stored.parser_version, "test/2");
    assert_eq!((stored.statement_count, stored.speaker_count), (2, 2));
    assert_eq!(texts(&*store, &search("three")).await, ["Three."]);
    assert!(texts(&*store, &search("two")).await.is_empty());
    assert_eq!(
        store.document_ids(Some("test/2"), 0, 10).await.unwrap(),
        Vec::<i64>::new()
    );

    // Re-parsing the same way again changes nothing.
    let again = store.reparse_document(document, doc.clone()).await.unwrap();
    assert_eq!((again.kept, again.added, again.removed), (2, 0, 0));
    assert_eq!(store.get_speaker(peskov).await.unwrap().statement_count, 1);
    assert!(matches!(
        store.reparse_document(document + 1000, doc).await,
        Err(StoreError::NotFound {
            kind: "document",
            ..
        })
    ));
}

pub async fn directory_pins_known_people_and_roles_keep_their_documents(store: Arc<dyn Store>) {
    let entries = vec![DirectoryEntry {
        name: "Volodymyr Zelensky".into(),
        aliases: vec!["Zelenskyy".into(), "Ze".into()],
        wikidata: Some("Q3881408".into()),
        roles: vec!["President of Ukraine".into()],
    }];
    let ids = store.apply_directory(&entries).await.unwrap();
    assert_eq!(
        store.apply_directory(&entries).await.unwrap(),
        ids,
        "idempotent"
    );
    let pinned = ids[0];
    let text = "Vladimir Zelensky said: \"Words.\"";
    let outcome = store
        .ingest(new_doc(
            parsed(
                text,
                "en",
                vec![speaker("Vladimir Zelensky", &[], &["Ukrainian President"])],
                &[("Words.", Some(0), StatementKind::Quote)],
            ),
            None,
            T0,
        ))
        .await
        .unwrap();
    assert_eq!(outcome.statements[0].speaker_id, Some(pinned));
    // A lone alias of the directory resolves too.
    assert_eq!(quote(&*store, "Ze", &[], "en", 1).await, pinned);
    let record = store.get_speaker(pinned).await.unwrap();
    assert_eq!(
        record.display_name, "Volodymyr Zelensky",
        "the directory's name stays"
    );
    assert_eq!(record.wikidata_id.as_deref(), Some("Q3881408"));
    assert_eq!(
        record.roles,
        ["President of Ukraine", "Ukrainian President", "spokesman"]
    );
    let evidence: Vec<(&str, &[i64])> = record
        .role_evidence
        .iter()
        .map(|e| (e.role.as_str(), e.documents.as_slice()))
        .collect();
    assert_eq!(
        evidence[0],
        ("Ukrainian President", &[outcome.document.id][..])
    );
    assert_eq!(evidence.len(), 2);
    assert!(record.aliases.contains(&"Zelenskyy".to_string()));
}
