//! Parser throughput (criterion): the seeds and the project's own annotated
//! test documents; the real corpus when `VERBATIM_CORPUS` names it; realistic
//! English and Russian text of 1, 2, 4 and 8 MB; and adversarial inputs of the
//! same sizes (runs of mixed quote marks, `NAME:` label lines, deeply nested
//! quotations) plus one 10 MB line. Time per byte must stay flat as sizes
//! double: the parser is linear in its input.
//!
//! `cargo bench -p verbatim-core --bench parse`, with
//! `VERBATIM_CORPUS=/path/to/corpus` for the corpus groups.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_main};
use verbatim_core::{ParseOptions, parse};

/// The allocator the `verbatim` binary runs with (`--cfg system_alloc`
/// measures the system allocator instead; see BENCHMARKS.md).
#[cfg(not(system_alloc))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MB: usize = 1 << 20;

/// Synthetic sizes, in MB.
const SIZES: [usize; 4] = [1, 2, 4, 8];

/// Repeats `paragraphs` (cycling), each followed by `separator`, until `size`
/// bytes.
fn fill(paragraphs: &[&str], separator: &str, size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    for p in paragraphs.iter().cycle() {
        if out.len() >= size {
            break;
        }
        out.push_str(p);
        out.push_str(separator);
    }
    out
}

/// Speaker labels for the label-lines input.
const LABELS: &[&str] = &[
    "ANNA BERG",
    "Tom Hughes",
    "Q",
    "MARIA LOPEZ",
    "Secretary Daniel Okafor",
    "A",
];

const ENGLISH: &[&str] = &[
    "Port workers ended their strike on Sunday after nine days, union leaders said.",
    "\"This is a fair deal for every worker on these docks,\" union chairman Daniel Okafor told reporters. \"Nobody got everything they wanted.\"",
    "Okafor said the agreement includes a six percent raise over two years. \"We will be back at work on Tuesday,\" he said.",
    "The port director, Amelia Grant, said in a statement that the authority would review its safety procedures before the end of the year.",
    "According to the Transport Ministry, more than two hundred ships were delayed during the strike, and the city lost millions in fees.",
    "THE PRESIDENT. I expect progress on the trade talks. I do not expect miracles, and I would not promise any to anyone here today.",
    "Q. Mr. President, will the Secretary report to you directly from Lisbon every evening of the talks?",
];

const RUSSIAN: &[&str] = &[
    "Министр транспорта Олег Сафронов заявил, что новая линия метро откроется в декабре этого года.",
    "«Мы завершили проходку тоннелей и сейчас монтируем оборудование станций», — сказал Сафронов журналистам.",
    "По словам министра, стоимость проекта не превысит утверждённую смету, а работы идут по графику.",
    "А.Смирнов: Андрей Викторович, добрый день. Давайте начнём с ситуации на дорогах после зимы.",
    "А.Котов: Добрый день. Мы отремонтировали большую часть трасс, остальные закончим к маю.",
];

fn words(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

/// `*.txt` files directly under `dir`, sorted by name.
fn text_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Benchmarks parsing each document of `docs` on its own, one id per document.
fn bench_each(c: &mut Criterion, group: &str, docs: &[(String, Vec<u8>)]) {
    let options = ParseOptions::default();
    let mut g = c.benchmark_group(group);
    g.measurement_time(Duration::from_secs(2));
    for (name, bytes) in docs {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| parse(black_box(bytes), &options))
        });
    }
    g.finish();
}

/// The seeds and the annotated test documents, each document on its own.
fn project_documents(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (group, dir) in [
        ("seeds", root.join("seeds")),
        ("test_documents", root.join("tests/documents")),
    ] {
        let docs: Vec<(String, Vec<u8>)> = text_files(&dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .filter_map(|p| {
                let name = p.file_stem()?.to_string_lossy().into_owned();
                Some((name, std::fs::read(&p).ok()?))
            })
            .collect();
        bench_each(c, group, &docs);
    }
}

/// Every file of each corpus folder, parsed one after the other per
/// iteration; throughput in words.
fn corpus(c: &mut Criterion) {
    let Some(root) = std::env::var_os("VERBATIM_CORPUS").map(PathBuf::from) else {
        eprintln!("note: VERBATIM_CORPUS is not set, the corpus groups are skipped");
        return;
    };
    let options = ParseOptions::default();
    let mut g = c.benchmark_group("corpus");
    g.sample_size(10);
    g.sampling_mode(SamplingMode::Flat);
    for folder in ["presidential-speeches", "kremlin-ru"] {
        let files: Vec<Vec<u8>> = text_files(&root.join(folder))
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        if files.is_empty() {
            eprintln!(
                "note: no files under {}, skipped",
                root.join(folder).display()
            );
            continue;
        }
        let total: u64 = files
            .iter()
            .map(|b| words(&String::from_utf8_lossy(b)))
            .sum();
        g.throughput(Throughput::Elements(total));
        g.bench_with_input(BenchmarkId::from_parameter(folder), &files, |b, files| {
            b.iter(|| {
                for bytes in files {
                    let _ = black_box(parse(black_box(bytes), &options));
                }
            })
        });
    }
    g.finish();
}

/// `NAME: turn` label lines (about 50 bytes each: 20,000 labels per MB, so
/// the 8 MB input holds about 160,000), every one a real turn.
fn labels(size: usize) -> String {
    let mut out = String::with_capacity(size + 64);
    let mut i = 0;
    while out.len() < size {
        out.push_str(&format!(
            "{}: we will answer question {i} tomorrow.\n",
            LABELS[i % LABELS.len()]
        ));
        i += 1;
    }
    out
}

/// Quotations nested 8 deep in every style, closed, then again.
fn nested(size: usize) -> String {
    let unit = "He said “she said «they said „we said ‘you said ‹one said \"I said 'no' then\" more› again’ and“ so» back” out. ";
    unit.repeat(size / unit.len() + 1)
}

/// Synthetic inputs with words as throughput; `flat` inputs (documents,
/// one line) are generated at each size.
fn synthetic(c: &mut Criterion) {
    let options = ParseOptions::default();
    type Make = fn(usize) -> String;
    let inputs: [(&str, Make); 6] = [
        ("english_prose", |n| fill(ENGLISH, "\n\n", n)),
        ("russian_prose", |n| fill(RUSSIAN, "\n\n", n)),
        ("quote_marks", |n| "\"«“„'‘»”’‹›「」".repeat(n / 36 + 1)),
        ("labels", labels),
        ("nested_quotes", nested),
        ("one_line", |n| fill(ENGLISH, " ", n)),
    ];
    for (name, make) in inputs {
        let mut g = c.benchmark_group(name);
        g.sample_size(10);
        g.sampling_mode(SamplingMode::Flat);
        let sizes: &[usize] = if name == "one_line" { &[10] } else { &SIZES };
        for &size in sizes {
            let text = make(size * MB);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_with_input(
                BenchmarkId::from_parameter(format!("{size}MB")),
                &text,
                |b, text| b.iter(|| parse(black_box(text.as_bytes()), &options)),
            );
        }
        g.finish();
    }
}

fn benches(c: &mut Criterion) {
    project_documents(c);
    corpus(c);
    synthetic(c);
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::benches);
}
criterion_main!(group::benches);
