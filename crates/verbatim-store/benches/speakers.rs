//! Speaker resolution benchmark: ingest speed of documents naming known and
//! new people (full names in other spellings, lone surnames, new names)
//! into a store that already holds 10, then 100,000 speakers. Resolution
//! goes through indexed key tables, so the two should be close.
//!
//! ```sh
//! cargo bench -p verbatim-store --bench speakers
//! cargo bench -p verbatim-store --bench speakers -- --database postgres://postgres@127.0.0.1:5432/test
//! ```
//!
//! With `--database`, each run uses a fresh schema of that database.

#![allow(missing_docs)]

use std::time::{Duration, Instant};

use verbatim_core::{DocumentForm, ParsedDocument, Speaker, Statement, StatementKind};
use verbatim_store::{NewDocument, PostgresStore, SqliteStore, Store};

/// Speakers named by one preload document.
const SPEAKERS_PER_PRELOAD: usize = 100;
/// Documents ingested and timed per run.
const MEASURED: usize = 300;
/// Statements per timed document.
const STATEMENTS: usize = 10;

const GIVEN: &[&str] = &[
    "Anna",
    "Boris",
    "Claire",
    "Dmitry",
    "Elena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Sergei",
    "Yury",
    "Alexander",
    "Vladimir",
    "Olga",
    "Maria",
    "Pavel",
    "Nikolai",
];
/// Other spellings of `GIVEN` (same index), as other languages write them.
const GIVEN_VARIANTS: &[&str] = &[
    "Anne",
    "Borys",
    "Claire",
    "Dmitri",
    "Olena",
    "Farid",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Serguei",
    "Iouri",
    "Oleksandr",
    "Volodymyr",
    "Olha",
    "Marie",
    "Paul",
    "Mykola",
];
const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ren", "sto", "vad", "ber", "gun", "tor", "lin", "mar", "pel", "dos", "fin",
    "hal", "nor",
];

fn surname(index: usize) -> String {
    let mut word = String::new();
    let mut i = index;
    for _ in 0..5 {
        word.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
    }
    word.push_str("ov");
    word[..1].to_ascii_uppercase() + &word[1..]
}

fn name(index: usize, variant: bool) -> String {
    let given = if variant { GIVEN_VARIANTS } else { GIVEN };
    format!("{} {}", given[index % given.len()], surname(index))
}

/// A document quoting `speakers`, each once (or only the first, `quiet`).
fn document(number: usize, speakers: Vec<Speaker>, statements: usize) -> NewDocument {
    let mut text = String::new();
    let mut list = Vec::new();
    for i in 0..statements {
        let who = i % speakers.len();
        let quote = format!("Statement {i} of document {number} on the budget.");
        text.push_str(&format!("{} said: \"", speakers[who].name));
        let start = text.len();
        text.push_str(&quote);
        list.push(Statement {
            kind: StatementKind::Quote,
            span: start..text.len(),
            speaker: Some(who),
            speaker_label: speakers[who].name.clone(),
            cue: None,
        });
        text.push_str("\"\n");
    }
    NewDocument {
        parsed: ParsedDocument {
            text,
            title: format!("Document {number}"),
            language: "en".into(),
            form: DocumentForm::Article,
            outlet: None,
            charset: "UTF-8".into(),
            speakers,
            statements: list,
            source_map: Default::default(),
        },
        original: format!("document {number}").into_bytes(),
        content_sha256: format!("{number:064x}"),
        source_url: None,
        outlet: None,
        publish_time: None,
        ingest_time: 1_700_000_000_000_000 + number as i64,
        parser_version: "bench".into(),
    }
}

fn person(name: String) -> Speaker {
    Speaker {
        name,
        ..Speaker::default()
    }
}

/// Stores `existing` speakers, `SPEAKERS_PER_PRELOAD` per document.
async fn preload(store: &dyn Store, existing: usize) -> usize {
    let mut number = 0;
    for chunk in (0..existing)
        .collect::<Vec<_>>()
        .chunks(SPEAKERS_PER_PRELOAD)
    {
        let speakers = chunk.iter().map(|&i| person(name(i, false))).collect();
        store.ingest(document(number, speakers, 1)).await.unwrap();
        number += 1;
    }
    number
}

/// Ingests `MEASURED` documents, each naming two known people in other
/// spellings, one known lone surname and two new people; returns the
/// per-document latencies, sorted.
async fn measure(store: &dyn Store, existing: usize, first: usize) -> Vec<Duration> {
    let mut latencies = Vec::with_capacity(MEASURED);
    for n in 0..MEASURED {
        let known = |k: usize| (n * 7919 + k * 104_729) % existing;
        let fresh = |k: usize| existing + 1_000_000 + n * 2 + k;
        let speakers = vec![
            person(name(known(1), true)),
            person(name(known(2), true)),
            person(surname(known(3))),
            person(name(fresh(0), false)),
            person(name(fresh(1), false)),
        ];
        let doc = document(first + n, speakers, STATEMENTS);
        let start = Instant::now();
        store.ingest(doc).await.unwrap();
        latencies.push(start.elapsed());
    }
    latencies.sort();
    latencies
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let database = args
        .iter()
        .position(|a| a == "--database")
        .and_then(|i| args.get(i + 1))
        .cloned();
    println!("| existing speakers | docs/s | p50 ms | p95 ms | speaker resolutions/s |");
    println!("|---|---|---|---|---|");
    for existing in [10, 100_000] {
        let dir = tempfile::tempdir().unwrap();
        let schema = format!("bench_speakers_{}_{existing}", std::process::id());
        let store: Box<dyn Store> = match &database {
            Some(url) => {
                admin(url, &format!("CREATE SCHEMA {schema}")).await;
                let sep = if url.contains('?') { '&' } else { '?' };
                let url = format!("{url}{sep}options=-csearch_path%3D{schema}");
                Box::new(PostgresStore::open(&url).await.unwrap())
            }
            None => Box::new(
                SqliteStore::open(&dir.path().join("bench.db"))
                    .await
                    .unwrap(),
            ),
        };
        let loaded = Instant::now();
        let first = preload(store.as_ref(), existing).await;
        eprintln!(
            "preloaded {existing} speakers in {:.1} s",
            loaded.elapsed().as_secs_f64()
        );
        if let Some(url) = &database {
            // As autovacuum would after a bulk load: plan with statistics.
            let sep = if url.contains('?') { '&' } else { '?' };
            admin(
                &format!("{url}{sep}options=-csearch_path%3D{schema}"),
                "ANALYZE",
            )
            .await;
        }
        let start = Instant::now();
        let latencies = measure(store.as_ref(), existing, first).await;
        let total = start.elapsed().as_secs_f64();
        println!(
            "| {existing} | {:.0} | {:.2} | {:.2} | {:.0} |",
            MEASURED as f64 / total,
            ms(latencies[MEASURED / 2]),
            ms(latencies[MEASURED * 95 / 100]),
            (MEASURED * 5) as f64 / total,
        );
        drop(store);
        if let Some(url) = &database {
            admin(url, &format!("DROP SCHEMA {schema} CASCADE")).await;
        }
    }
}

/// Runs one statement on a separate PostgreSQL connection.
async fn admin(url: &str, sql: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
}
