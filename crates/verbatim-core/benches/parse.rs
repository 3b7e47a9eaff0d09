//! Parser throughput over the seeds and synthetic inputs of 1, 2, 4 and 8 MB
//! (English and Russian prose, transcripts, and adversarial runs of quote
//! marks and labels). Time per byte must stay flat as sizes double.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use verbatim_core::{ParseOptions, parse};

const SEEDS: &[(&str, &[u8])] = &[
    (
        "000",
        include_bytes!("../../../seeds/000_0201beb214f53381.txt"),
    ),
    (
        "001",
        include_bytes!("../../../seeds/001_e968f895f1b3e531.txt"),
    ),
    (
        "002",
        include_bytes!("../../../seeds/002_dde7cbe10627c73c.txt"),
    ),
    (
        "003",
        include_bytes!("../../../seeds/003_e88fa2a7e3b332b6.txt"),
    ),
    (
        "004",
        include_bytes!("../../../seeds/004_e3dd04c419d25de4.txt"),
    ),
];

const MB: usize = 1 << 20;

/// Repeats `paragraphs` (cycling) until `size` bytes.
fn fill(paragraphs: &[&str], size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    let mut i = 0;
    while out.len() < size {
        out.push_str(paragraphs[i % paragraphs.len()]);
        out.push_str("\n\n");
        i += 1;
    }
    out
}

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

fn bench(c: &mut Criterion) {
    let options = ParseOptions::default();
    let mut seeds = c.benchmark_group("seeds");
    for (name, bytes) in SEEDS {
        seeds.throughput(Throughput::Bytes(bytes.len() as u64));
        seeds.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| parse(black_box(bytes), &options))
        });
    }
    seeds.finish();

    for (lang, paragraphs) in [("english", ENGLISH), ("russian", RUSSIAN)] {
        let mut group = c.benchmark_group(format!("{lang}_words"));
        group.sample_size(10);
        for size in [1, 2, 4, 8] {
            let text = fill(paragraphs, size * MB);
            group.throughput(Throughput::Elements(words(&text)));
            group.bench_with_input(
                BenchmarkId::from_parameter(format!("{size}MB")),
                &text,
                |b, text| b.iter(|| parse(black_box(text.as_bytes()), &options)),
            );
        }
        group.finish();
    }

    let mut adversarial = c.benchmark_group("adversarial");
    adversarial.sample_size(10);
    for size in [1, 2, 4, 8] {
        let quotes = "\"«“„'‘»”".repeat(size * MB / 20);
        adversarial.throughput(Throughput::Bytes(quotes.len() as u64));
        adversarial.bench_with_input(
            BenchmarkId::new("quote_marks", format!("{size}MB")),
            &quotes,
            |b, t| b.iter(|| parse(black_box(t.as_bytes()), &options)),
        );
    }
    let labels: String = (0..100_000)
        .map(|i| format!("Speaker Number{}: turn {i}.\n", i % 7))
        .collect();
    adversarial.throughput(Throughput::Bytes(labels.len() as u64));
    adversarial.bench_function("100k_labels", |b| {
        b.iter(|| parse(black_box(labels.as_bytes()), &options))
    });
    let run_on = "said said he said that according to ".repeat(8 * MB / 36);
    adversarial.throughput(Throughput::Bytes(run_on.len() as u64));
    adversarial.bench_function("8MB_run_on_cues", |b| {
        b.iter(|| parse(black_box(run_on.as_bytes()), &options))
    });
    adversarial.finish();
}

// The macro generates an undocumented function.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
