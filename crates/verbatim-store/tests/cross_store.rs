//! SQLite and PostgreSQL side by side: the same documents and the same
//! queries give the same matches, in the same order when ordering by time,
//! and the same speakers and documents listings.

mod conformance;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures::FutureExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use verbatim_core::query::Query;
use verbatim_core::{ParsedDocument, StatementKind};
use verbatim_store::{
    DocumentFilter, IngestOutcome, PageRequest, SearchOrder, SearchRequest, SpeakerOrder,
    SpeakerQuery, Store,
};

use conformance::{HOUR, T0, new_doc, parsed, speaker};

/// Words per language, with inflections, accents, case and repeats, so that
/// folding, stemming and phrases all have something to do.
const VOCABULARY: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "talks",
            "talk",
            "talking",
            "talked",
            "peace",
            "Peace",
            "war",
            "wars",
            "the",
            "a",
            "president",
            "presidents",
            "presidential",
            "ready",
            "readiness",
            "reform",
            "reforms",
            "e-mail",
            "U.S.",
            "budget",
            "budgets",
            "running",
            "runs",
            "state",
            "state's",
            "Élysée",
        ],
    ),
    (
        "fr",
        &[
            "négociations",
            "négociation",
            "paix",
            "guerre",
            "guerres",
            "le",
            "la",
            "les",
            "président",
            "présidents",
            "l'État",
            "état",
            "réforme",
            "réformes",
            "Élysée",
            "talks",
            "prêt",
            "prêts",
            "budget",
            "budgets",
        ],
    ),
    (
        "de",
        &[
            "Verhandlungen",
            "Verhandlung",
            "Frieden",
            "Krieg",
            "Kriege",
            "der",
            "die",
            "das",
            "Präsident",
            "Präsidenten",
            "Straße",
            "Strasse",
            "Reform",
            "Reformen",
            "talks",
            "Haushalt",
            "Haushalte",
        ],
    ),
    (
        "ru",
        &[
            "переговоры",
            "переговоров",
            "мир",
            "мире",
            "мира",
            "война",
            "войны",
            "войне",
            "и",
            "в",
            "президент",
            "президента",
            "Ёлка",
            "елка",
            "реформа",
            "реформы",
            "бюджет",
        ],
    ),
    ("ja", &["平和", "交渉", "大統領", "talks", "peace"]),
];

const SPEAKERS: &[&str] = &[
    "Vladimir Putin",
    "Emmanuel Macron",
    "Olaf Scholz",
    "Dmitry Peskov",
    "Ursula von der Leyen",
];

fn sentence(rng: &mut StdRng, words: &[&str]) -> String {
    let n = rng.random_range(2..12);
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str(if rng.random_bool(0.1) { ", " } else { " " });
        }
        out.push_str(words[rng.random_range(0..words.len())]);
    }
    out.push('.');
    out
}

/// Deterministic random documents in several languages.
fn documents(count: usize) -> Vec<(ParsedDocument, Option<i64>, i64)> {
    let mut rng = StdRng::seed_from_u64(42);
    (0..count)
        .map(|i| {
            let (language, words) = VOCABULARY[rng.random_range(0..VOCABULARY.len())];
            let speakers: Vec<_> = (0..rng.random_range(1..3))
                .map(|_| SPEAKERS[rng.random_range(0..SPEAKERS.len())])
                .collect();
            let mut text = format!("Document {i}. ");
            let mut quotes = Vec::new();
            for _ in 0..rng.random_range(1..5) {
                let quote = sentence(&mut rng, words);
                let who = rng.random_range(0..=speakers.len());
                text.push_str(&format!("Someone said: \"{quote}\" "));
                quotes.push((quote, (who < speakers.len()).then_some(who)));
            }
            let kinds = [
                StatementKind::Quote,
                StatementKind::Indirect,
                StatementKind::Turn,
            ];
            let statements: Vec<(&str, Option<usize>, StatementKind)> = quotes
                .iter()
                .map(|(q, who)| (q.as_str(), *who, kinds[rng.random_range(0..3)]))
                .collect();
            let doc = parsed(
                &text,
                language,
                speakers.iter().map(|n| speaker(n, &[], &[])).collect(),
                &statements,
            );
            // Times collide often, so that ties are broken by id.
            let time = T0 + rng.random_range(0..6) * HOUR;
            let publish = rng.random_bool(0.8).then_some(time);
            (doc, publish, T0 + i as i64)
        })
        .collect()
}

/// Random query inputs from the vocabulary: words, phrases, OR, exclusions.
fn queries(count: usize) -> Vec<String> {
    let mut rng = StdRng::seed_from_u64(7);
    let all: Vec<&str> = VOCABULARY
        .iter()
        .flat_map(|(_, w)| w.iter().copied())
        .collect();
    let mut out: Vec<String> = [
        "talk",
        "talks peace",
        "\"peace talks\"",
        "\"the president\"",
        "war OR guerre OR войне",
        "talks -peace",
        "elysee",
        "ÉLYSÉE",
        "strasse",
        "\"l etat\"",
        "l'état",
        "e-mail",
        "en_talk",
        "president -\"the president\"",
        "елка",
        "平和",
        "nothingmatches",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    while out.len() < count {
        let mut parts = Vec::new();
        for _ in 0..rng.random_range(1..4) {
            let word = all[rng.random_range(0..all.len())];
            let part = match rng.random_range(0..6) {
                0 => format!("\"{word} {}\"", all[rng.random_range(0..all.len())]),
                1 => format!("{word} OR {}", all[rng.random_range(0..all.len())]),
                2 if !parts.is_empty() => format!("-{word}"),
                _ => word.to_string(),
            };
            parts.push(part);
        }
        out.push(parts.join(" "));
    }
    out
}

/// A statement named independently of the store: (document index, ordinal).
type Key = (usize, i64);

struct Side {
    store: Arc<dyn Store>,
    /// Statement id to key.
    keys: BTreeMap<i64, Key>,
    /// Speaker display name to id.
    speakers: BTreeMap<String, i64>,
    outcomes: Vec<IngestOutcome>,
}

impl Side {
    async fn load(store: Arc<dyn Store>, docs: &[(ParsedDocument, Option<i64>, i64)]) -> Side {
        let mut side = Side {
            store,
            keys: BTreeMap::new(),
            speakers: BTreeMap::new(),
            outcomes: Vec::new(),
        };
        for (i, (doc, publish, ingest)) in docs.iter().enumerate() {
            let outcome = side
                .store
                .ingest(new_doc(doc.clone(), *publish, *ingest))
                .await
                .unwrap();
            for s in &outcome.statements {
                side.keys.insert(s.id, (i, s.ordinal));
                if let (Some(id), Some(name)) = (s.speaker_id, &s.speaker_name) {
                    side.speakers.insert(name.clone(), id);
                }
            }
            side.outcomes.push(outcome);
        }
        side
    }

    /// Every hit of `request`, through pages of `size`, as keys and the total.
    async fn all(&self, request: &SearchRequest, size: usize) -> (Vec<Key>, i64) {
        let mut keys = Vec::new();
        let mut cursor = None;
        let total = loop {
            let page = self
                .store
                .search_statements(request, &PageRequest { size, cursor })
                .await
                .unwrap_or_else(|e| panic!("{request:?}: {e}"));
            keys.extend(page.items.iter().map(|h| self.keys[&h.statement.id]));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break page.total_size,
            }
        };
        (keys, total)
    }
}

async fn compare(lite: &Side, pg: &Side, inputs: &[String]) -> usize {
    let mut matched = 0;
    for input in inputs {
        let Ok(query) = Query::parse(input) else {
            continue;
        };
        for order in [
            SearchOrder::Relevance,
            SearchOrder::TimeDesc,
            SearchOrder::TimeAsc,
        ] {
            let request = SearchRequest {
                query: query.clone(),
                order,
                ..SearchRequest::default()
            };
            let (a, a_total) = lite.all(&request, 7).await;
            let (b, b_total) = pg.all(&request, 7).await;
            assert_eq!(a_total, b_total, "{input:?} {order:?}: totals");
            assert_eq!(a.len() as i64, a_total, "{input:?} {order:?}");
            if order == SearchOrder::Relevance {
                let a: BTreeSet<Key> = a.into_iter().collect();
                let b: BTreeSet<Key> = b.into_iter().collect();
                assert_eq!(a, b, "{input:?}: the same matches");
            } else {
                assert_eq!(
                    a, b,
                    "{input:?} {order:?}: the same matches in the same order"
                );
            }
            matched += a_total as usize;
        }
    }
    matched
}

async fn both_stores_agree(lite: Arc<dyn Store>, pg: Arc<dyn Store>) {
    let docs = documents(80);
    let lite = Side::load(lite, &docs).await;
    let pg = Side::load(pg, &docs).await;
    for (a, b) in lite.outcomes.iter().zip(&pg.outcomes) {
        assert_eq!(a.document.statement_count, b.document.statement_count);
        assert_eq!(a.document.speaker_count, b.document.speaker_count);
        assert_eq!(a.document.text_length, b.document.text_length);
        let strip = |o: &IngestOutcome| {
            o.statements
                .iter()
                .map(|s| {
                    (
                        s.ordinal,
                        s.speaker_name.clone(),
                        s.kind,
                        s.text.clone(),
                        s.begin,
                        s.end,
                        s.time,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(a), strip(b));
    }

    // Text queries in every order.
    let inputs = queries(150);
    let matched = compare(&lite, &pg, &inputs).await;
    assert!(
        matched > 500,
        "the queries match enough to compare: {matched}"
    );

    // Filters, with and without text.
    let names: Vec<&String> = lite.speakers.keys().collect();
    for (i, text) in ["", "talks OR paix OR мир", "president", "\"peace talks\""]
        .iter()
        .enumerate()
    {
        for order in [SearchOrder::TimeDesc, SearchOrder::TimeAsc] {
            let mut a = SearchRequest {
                query: Query::parse(text).unwrap(),
                order,
                languages: if i % 2 == 0 {
                    vec!["en".into(), "ru".into()]
                } else {
                    Vec::new()
                },
                kinds: vec![StatementKind::Quote, StatementKind::Turn],
                time_from: Some(T0 + HOUR),
                time_to: Some(T0 + 5 * HOUR),
                documents: if i == 3 {
                    Vec::new()
                } else {
                    (0..40).map(|d| lite.outcomes[d].document.id).collect()
                },
                ..SearchRequest::default()
            };
            let mut b = a.clone();
            b.documents = if i == 3 {
                Vec::new()
            } else {
                (0..40).map(|d| pg.outcomes[d].document.id).collect()
            };
            a.speakers = names[..2].iter().map(|n| lite.speakers[*n]).collect();
            b.speakers = names[..2].iter().map(|n| pg.speakers[*n]).collect();
            let (x, _) = lite.all(&a, 5).await;
            let (y, _) = pg.all(&b, 5).await;
            assert_eq!(x, y, "filters with {text:?} {order:?}");
        }
    }

    // Speakers, in both orders, with and without a name filter.
    for order in [SpeakerOrder::StatementCountDesc, SpeakerOrder::DisplayName] {
        for text in [None, Some("putin"), Some("LEYEN"), Some("o")] {
            let query = SpeakerQuery {
                text: text.map(String::from),
                order,
            };
            let mut lists = Vec::new();
            for side in [&lite, &pg] {
                let mut list = Vec::new();
                let mut cursor = None;
                loop {
                    let page = side
                        .store
                        .list_speakers(&query, &PageRequest { size: 2, cursor })
                        .await
                        .unwrap();
                    list.extend(page.items.into_iter().map(|mut s| {
                        s.id = 0;
                        s
                    }));
                    match page.next_cursor {
                        Some(c) => cursor = Some(c),
                        None => break,
                    }
                }
                lists.push(list);
            }
            assert_eq!(lists[0], lists[1], "speakers {text:?} {order:?}");
        }
    }

    // Documents, newest ingested first, with filters.
    for filter in [
        DocumentFilter::default(),
        DocumentFilter {
            language: Some("fr".into()),
            ..DocumentFilter::default()
        },
        DocumentFilter {
            outlet: Some("example TIMES".into()),
            published_from: Some(T0 + 2 * HOUR),
            published_to: Some(T0 + 4 * HOUR),
            ..DocumentFilter::default()
        },
    ] {
        let mut lists = Vec::new();
        for side in [&lite, &pg] {
            let page = side
                .store
                .list_documents(
                    &filter,
                    &PageRequest {
                        size: 1000,
                        cursor: None,
                    },
                )
                .await
                .unwrap();
            let index: BTreeMap<i64, usize> = side
                .outcomes
                .iter()
                .enumerate()
                .map(|(i, o)| (o.document.id, i))
                .collect();
            lists.push(page.items.iter().map(|d| index[&d.id]).collect::<Vec<_>>());
        }
        assert_eq!(lists[0], lists[1], "{filter:?}");
    }

    // Deleting the same documents keeps them in step.
    for i in [3usize, 17, 42] {
        lite.store
            .delete_document(lite.outcomes[i].document.id)
            .await
            .unwrap();
        pg.store
            .delete_document(pg.outcomes[i].document.id)
            .await
            .unwrap();
    }
    compare(&lite, &pg, &inputs[..40]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_and_postgres_give_the_same_results() {
    let Some(pg) = conformance::postgres().await else {
        return;
    };
    let lite = conformance::sqlite().await.unwrap();
    let outcome = AssertUnwindSafe(both_stores_agree(lite.store.clone(), pg.store.clone()))
        .catch_unwind()
        .await;
    lite.cleanup().await;
    pg.cleanup().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conformance_corpus_matches_alike() {
    let Some(pg) = conformance::postgres().await else {
        return;
    };
    let lite = conformance::sqlite().await.unwrap();
    let outcome = AssertUnwindSafe(async {
        let a = conformance::corpus(&*lite.store).await;
        let b = conformance::corpus(&*pg.store).await;
        for q in [
            "talk",
            "\"peace talks\"",
            "переговор",
            "negociation",
            "elysee",
        ] {
            let request = conformance::search(q);
            let x = conformance::texts(&*lite.store, &request).await;
            let y = conformance::texts(&*pg.store, &request).await;
            assert_eq!(
                x.iter().collect::<BTreeSet<_>>(),
                y.iter().collect::<BTreeSet<_>>(),
                "{q}"
            );
        }
        assert_eq!(a.len(), b.len());
    })
    .catch_unwind()
    .await;
    lite.cleanup().await;
    pg.cleanup().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_and_estimates_match_alike() {
    let Some(pg) = conformance::postgres().await else {
        return;
    };
    let lite = conformance::sqlite().await.unwrap();
    let outcome = AssertUnwindSafe(async {
        let started = std::time::Instant::now();
        conformance::window_corpus(&*lite.store).await;
        eprintln!("TIMING ingest lite {:?}", started.elapsed());
        conformance::window_corpus(&*pg.store).await;
        eprintln!("TIMING ingest pg {:?}", started.elapsed());
        for text in [
            "alpha",
            "epsilon",
            "beta",
            "alpha -beta",
            "delta OR beta",
            "",
        ] {
            for order in [SearchOrder::Relevance, SearchOrder::TimeDesc] {
                let mut request = conformance::search(text);
                request.order = order;
                let mut sides = Vec::new();
                for store in [&lite.store, &pg.store] {
                    let started = std::time::Instant::now();
                    let (hits, total, estimate) =
                        conformance::all_hits(&**store, &request, 1_000).await;
                    eprintln!("TIMING {text:?} {order:?} {:?}", started.elapsed());
                    let texts: Vec<String> = hits.into_iter().map(|h| h.statement.text).collect();
                    sides.push((texts, total, estimate));
                }
                let (b, a) = (sides.pop().unwrap(), sides.pop().unwrap());
                assert_eq!((a.1, a.2), (b.1, b.2), "{text:?} {order:?}: totals");
                if order == SearchOrder::Relevance && !text.is_empty() {
                    assert_eq!(
                        a.0.iter().collect::<BTreeSet<_>>(),
                        b.0.iter().collect::<BTreeSet<_>>(),
                        "{text:?}: the same window"
                    );
                } else {
                    assert_eq!(a.0, b.0, "{text:?} {order:?}: the same hits in order");
                }
            }
        }
    })
    .catch_unwind()
    .await;
    lite.cleanup().await;
    pg.cleanup().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
