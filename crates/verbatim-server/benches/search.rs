//! Search benchmark: generates a synthetic multilingual corpus (many
//! speakers, Zipf-distributed vocabulary, rare words for selective queries),
//! ingests it through the store, then measures SearchStatements latency
//! through gRPC for several query classes, next to the same queries run
//! directly on the store (the engine) to show the service's own overhead.
//!
//! ```sh
//! cargo bench -p verbatim-server --bench search -- --statements 100000
//! cargo bench -p verbatim-server --bench search -- --statements 1000000 --database postgres://postgres@127.0.0.1:5432/test
//! ```
//!
//! Prints one table; loopback only, bounded in queries.

#![allow(missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use verbatim_core::query::Query;
use verbatim_core::{DocumentForm, ParsedDocument, Speaker, Statement, StatementKind};
use verbatim_proto::v1::statement_service_client::StatementServiceClient;
use verbatim_proto::v1::{self, SearchStatementsRequest};
use verbatim_server::config::ServeConfig;
use verbatim_server::server;
use verbatim_store::{NewDocument, PageRequest, SearchOrder, SearchRequest, Store};

const STATEMENTS_PER_DOCUMENT: usize = 20;
const SPEAKERS: usize = 5_000;
const QUERIES_PER_CLASS: usize = 200;

/// Common words per language; the first ones are drawn most often (Zipf), so
/// the first word of each list matches a large share of that language.
const VOCABULARY: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "people",
            "government",
            "country",
            "security",
            "minister",
            "president",
            "economy",
            "talks",
            "agreement",
            "military",
            "sanctions",
            "energy",
            "europe",
            "war",
            "peace",
            "budget",
            "election",
            "parliament",
            "reform",
            "taxes",
            "police",
            "court",
            "border",
            "trade",
            "market",
            "health",
            "school",
            "workers",
            "price",
            "growth",
            "inflation",
            "defence",
            "alliance",
            "treaty",
            "crisis",
            "dialogue",
            "negotiations",
            "pressure",
            "support",
            "future",
            "history",
            "decision",
            "question",
            "answer",
            "problem",
            "solution",
            "region",
            "city",
            "water",
            "climate",
        ],
    ),
    (
        "fr",
        &[
            "gouvernement",
            "pays",
            "sécurité",
            "ministre",
            "président",
            "économie",
            "négociations",
            "accord",
            "militaire",
            "sanctions",
            "énergie",
            "europe",
            "guerre",
            "paix",
            "budget",
            "élection",
            "assemblée",
            "réforme",
            "impôts",
            "police",
            "justice",
            "frontière",
            "commerce",
            "marché",
            "santé",
            "école",
            "travailleurs",
            "prix",
            "croissance",
            "inflation",
            "défense",
            "alliance",
            "traité",
            "crise",
            "dialogue",
            "pression",
            "soutien",
            "avenir",
            "histoire",
            "décision",
        ],
    ),
    (
        "ru",
        &[
            "правительство",
            "страна",
            "безопасность",
            "министр",
            "президент",
            "экономика",
            "переговоры",
            "соглашение",
            "военные",
            "санкции",
            "энергетика",
            "европа",
            "война",
            "мир",
            "бюджет",
            "выборы",
            "парламент",
            "реформа",
            "налоги",
            "полиция",
            "суд",
            "граница",
            "торговля",
            "рынок",
            "здоровье",
            "школа",
            "рабочие",
            "цены",
            "рост",
            "инфляция",
            "оборона",
            "альянс",
            "договор",
            "кризис",
            "диалог",
            "давление",
            "поддержка",
            "будущее",
            "история",
            "решение",
        ],
    ),
    (
        "de",
        &[
            "regierung",
            "land",
            "sicherheit",
            "minister",
            "präsident",
            "wirtschaft",
            "verhandlungen",
            "abkommen",
            "militär",
            "sanktionen",
            "energie",
            "europa",
            "krieg",
            "frieden",
            "haushalt",
            "wahl",
            "parlament",
            "reform",
            "steuern",
            "polizei",
            "gericht",
            "grenze",
            "handel",
            "markt",
            "gesundheit",
        ],
    ),
    (
        "es",
        &[
            "gobierno",
            "país",
            "seguridad",
            "ministro",
            "presidente",
            "economía",
            "negociaciones",
            "acuerdo",
            "militar",
            "sanciones",
            "energía",
            "europa",
            "guerra",
            "paz",
            "presupuesto",
            "elecciones",
            "parlamento",
            "reforma",
            "impuestos",
            "policía",
            "tribunal",
            "frontera",
        ],
    ),
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ven", "dor", "sel", "tu", "pek", "an", "bri", "sto", "mar", "nel",
    "vo", "zan", "kir", "lu", "ta", "gor",
];

/// A small deterministic generator (xorshift64*), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// An index in `0..n` drawn with probability ~ 1/(rank+1).
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let x = ((n as f64 + 1.0).powf(u) - 1.0) as usize;
        x.min(n - 1)
    }
}

fn rare_word(index: usize) -> String {
    let mut word = String::new();
    let mut i = index;
    for _ in 0..4 {
        word.push_str(SYLLABLES[i % SYLLABLES.len()]);
        i /= SYLLABLES.len();
    }
    word
}

fn speaker_name(index: usize) -> String {
    let given = [
        "Anna", "Boris", "Claire", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    ];
    let mut surname = rare_word(index * 7919 + 13);
    surname[..1].make_ascii_uppercase();
    format!("{} {}", given[index % given.len()], surname)
}

/// One synthetic document: one language, a few speakers, quotes and turns.
fn document(rng: &mut Rng, number: usize, rare_words: usize) -> NewDocument {
    let (language, words) = VOCABULARY[rng.below(VOCABULARY.len())];
    let speakers: Vec<usize> = (0..3).map(|_| rng.zipf(SPEAKERS)).collect();
    let mut text = String::new();
    let mut statements = Vec::new();
    for ordinal in 0..STATEMENTS_PER_DOCUMENT {
        let length = 12 + rng.below(28);
        let mut sentence = Vec::with_capacity(length);
        for _ in 0..length {
            if rng.below(20) == 0 {
                sentence.push(rare_word(rng.zipf(rare_words)));
            } else {
                sentence.push(words[rng.zipf(words.len())].to_string());
            }
        }
        let body = format!("{}.", sentence.join(" "));
        text.push('"');
        let start = text.len();
        text.push_str(&body);
        let end = text.len();
        text.push_str("\" said someone.\n");
        statements.push(Statement {
            kind: if ordinal % 3 == 0 {
                StatementKind::Turn
            } else {
                StatementKind::Quote
            },
            span: start..end,
            speaker: Some(ordinal % speakers.len()),
            speaker_label: String::new(),
            cue: None,
        });
    }
    let parsed = ParsedDocument {
        text,
        title: format!("Synthetic report {number}"),
        language: language.to_string(),
        form: DocumentForm::Article,
        outlet: None,
        charset: "UTF-8".into(),
        speakers: speakers
            .iter()
            .map(|&s| Speaker {
                name: speaker_name(s),
                ..Speaker::default()
            })
            .collect(),
        statements,
        source_map: Default::default(),
    };
    // Two years of publication times, so time ranges and recency matter.
    let publish = 1_700_000_000_000_000 + (rng.below(730 * 24) as i64) * 3_600_000_000;
    NewDocument {
        original: format!("synthetic {number}").into_bytes(),
        content_sha256: format!("{number:064x}"),
        parsed,
        source_url: None,
        outlet: None,
        publish_time: Some(publish),
        ingest_time: publish,
        parser_version: "synthetic".into(),
    }
}

/// One benchmark query: text, speaker filter, order.
type QuerySpec = (String, Vec<i64>, SearchOrder, Extra);

/// What a query class asks beyond the first page of hits.
#[derive(Clone, Copy, PartialEq)]
enum Extra {
    Nothing,
    /// Facet counts by speaker and language.
    Facets,
    /// Relevance weighted by recency (30-day half-life).
    Recency,
}

const RECENCY_HALF_LIFE_SECS: i64 = 30 * 86_400;

struct Args {
    statements: usize,
    database: Option<String>,
    /// Keep the SQLite store here and reuse it when it already holds the
    /// corpus, so that before/after runs of a change query the same data
    /// without paying a 1M-statement ingest each time.
    data_dir: Option<std::path::PathBuf>,
    /// Run only the query classes whose name contains this.
    only: Option<String>,
}

fn args() -> Args {
    let mut parsed = Args {
        statements: 100_000,
        database: None,
        data_dir: None,
        only: None,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--statements" => {
                parsed.statements = iter.next().and_then(|v| v.parse().ok()).unwrap_or(100_000)
            }
            "--database" => parsed.database = iter.next(),
            "--data-dir" => parsed.data_dir = iter.next().map(Into::into),
            "--only" => parsed.only = iter.next(),
            _ => {} // cargo bench passes --bench
        }
    }
    parsed
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let args = args();
    let dir = tempfile::TempDir::new().expect("temp dir");
    let data_dir = args
        .data_dir
        .clone()
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mut config = ServeConfig::for_data_dir(&data_dir);
    config.no_seeds = true;
    if let Some(url) = &args.database {
        config.database = Some(url.clone());
    }
    let store: Arc<dyn Store> = verbatim_server::server::open_store(&config)
        .await
        .expect("store opens");

    let documents = args.statements.div_ceil(STATEMENTS_PER_DOCUMENT);
    let rare_words = (args.statements / 4).max(1000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    let existing = store.document_count().await.expect("count") as usize;
    if existing != 0 && existing != documents {
        panic!(
            "{} holds {existing} documents, not {documents}",
            data_dir.display()
        );
    }
    for number in (0..documents).filter(|_| existing == 0) {
        store
            .ingest(document(&mut rng, number, rare_words))
            .await
            .expect("ingest");
    }
    let ingest_secs = started.elapsed().as_secs_f64();
    println!(
        "corpus: {} statements in {documents} documents, {SPEAKERS} speakers, 5 languages; store: {}",
        documents * STATEMENTS_PER_DOCUMENT,
        args.database.as_deref().map_or("sqlite", |_| "postgres")
    );
    println!(
        "ingest: {:.1} s, {:.0} statements/s, {:.0} documents/s",
        ingest_secs,
        (documents * STATEMENTS_PER_DOCUMENT) as f64 / ingest_secs,
        documents as f64 / ingest_secs
    );

    let running = server::start(config).await.expect("server starts");
    let mut client = StatementServiceClient::connect(format!("http://{}", running.local_addr()))
        .await
        .expect("client connects");

    // Query classes: (name, query, speaker filter, order).
    let en = VOCABULARY[0].1;
    let mut classes: Vec<(&str, Vec<QuerySpec>)> = Vec::new();
    let mut picks = Rng(42);
    classes.push((
        "selective word",
        (0..QUERIES_PER_CLASS)
            // Zipf ranks 500..5000 of the rare words: a handful to a few
            // dozen hits each at 100k statements.
            .map(|_| {
                (
                    rare_word(500 + picks.below(4500)),
                    vec![],
                    SearchOrder::Relevance,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));
    classes.push((
        "common word (relevance)",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    en[i % 2].to_string(),
                    vec![],
                    SearchOrder::Relevance,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));
    classes.push((
        "common word (time desc)",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    en[i % 2].to_string(),
                    vec![],
                    SearchOrder::TimeDesc,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));
    classes.push((
        "common word (recency)",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    en[i % 2].to_string(),
                    vec![],
                    SearchOrder::Relevance,
                    Extra::Recency,
                )
            })
            .collect(),
    ));
    classes.push((
        "common word + facets",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    en[i % 2].to_string(),
                    vec![],
                    SearchOrder::Relevance,
                    Extra::Facets,
                )
            })
            .collect(),
    ));
    classes.push((
        "phrase",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    format!("\"{} {}\"", en[i % 5], en[(i / 5) % 5]),
                    vec![],
                    SearchOrder::Relevance,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));
    classes.push((
        "word + speaker filter",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    en[i % 10].to_string(),
                    vec![1 + (i % 50) as i64],
                    SearchOrder::Relevance,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));
    classes.push((
        "speaker filter only",
        (0..QUERIES_PER_CLASS)
            .map(|i| {
                (
                    String::new(),
                    vec![1 + (i % 50) as i64],
                    SearchOrder::TimeDesc,
                    Extra::Nothing,
                )
            })
            .collect(),
    ));

    println!(
        "{:26} {:>9} {:>9} {:>9} {:>9} {:>10}",
        "query class (top 20)", "grpc p50", "grpc p99", "store p50", "store p99", "hits avg"
    );
    for (name, queries) in classes {
        if args
            .only
            .as_deref()
            .is_some_and(|only| !name.contains(only))
        {
            continue;
        }
        let mut grpc = Vec::with_capacity(queries.len());
        let mut direct = Vec::with_capacity(queries.len());
        let mut hits = 0i64;
        for (text, speakers, order, extra) in &queries {
            let request = SearchStatementsRequest {
                query: text.clone(),
                speakers: speakers.iter().map(|s| format!("speakers/{s}")).collect(),
                order_by: match order {
                    SearchOrder::Relevance => "relevance",
                    SearchOrder::TimeDesc => "time desc",
                    SearchOrder::TimeAsc => "time",
                }
                .into(),
                page_size: 20,
                encoding: v1::EncodingType::Utf16 as i32,
                facets: if *extra == Extra::Facets {
                    vec![
                        v1::FacetField::Speaker as i32,
                        v1::FacetField::Language as i32,
                    ]
                } else {
                    Vec::new()
                },
                recency_half_life: (*extra == Extra::Recency).then_some(prost_types::Duration {
                    seconds: RECENCY_HALF_LIFE_SECS,
                    nanos: 0,
                }),
                ..Default::default()
            };
            let t = Instant::now();
            let response = client
                .search_statements(request)
                .await
                .expect("search")
                .into_inner();
            grpc.push(t.elapsed());
            hits += response.total_size;

            let search = SearchRequest {
                query: Query::parse(text).expect("query parses"),
                speakers: speakers.clone(),
                order: *order,
                recency_half_life: (*extra == Extra::Recency).then_some(RECENCY_HALF_LIFE_SECS),
                ..SearchRequest::default()
            };
            let t = Instant::now();
            if *extra == Extra::Facets {
                store
                    .search_facets(&search, 10)
                    .await
                    .expect("direct facets");
            }
            store
                .search_statements(
                    &search,
                    &PageRequest {
                        size: 20,
                        cursor: None,
                    },
                )
                .await
                .expect("direct search");
            direct.push(t.elapsed());
        }
        grpc.sort();
        direct.sort();
        println!(
            "{:26} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>10}",
            name,
            ms(percentile(&grpc, 0.5)),
            ms(percentile(&grpc, 0.99)),
            ms(percentile(&direct, 0.5)),
            ms(percentile(&direct, 0.99)),
            hits / queries.len() as i64
        );
    }
    running.shutdown().await.expect("clean shutdown");
}
