//! Measures parse throughput over the files named on the command line
//! (words/s and MB/s, one core, best of three passes after a warm-up pass):
//! `cargo run --release --example throughput -- FILE...`

use std::time::Instant;

use verbatim_core::{ParseOptions, parse};

/// The allocator the `verbatim` binary runs with (`--cfg system_alloc`
/// measures the system allocator instead; see BENCHMARKS.md).
#[cfg(not(system_alloc))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let files: Vec<(String, Vec<u8>)> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let words: usize = files
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).split_whitespace().count())
        .sum();
    let options = ParseOptions::default();
    // One untimed pass builds every lazily built table (the lexicons of each
    // language met, built once per process); the best of three timed passes
    // is reported.
    let pass = || {
        let mut statements = 0;
        for (_, b) in &files {
            if let Ok(doc) = parse(b, &options) {
                statements += doc.statements.len();
            }
        }
        statements
    };
    pass();
    let mut statements = 0;
    let mut secs = f64::MAX;
    // `THROUGHPUT_PASSES` changes the number of timed passes (profilers
    // compare runs with different counts to isolate one warm pass).
    let passes = std::env::var("THROUGHPUT_PASSES")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3);
    for _ in 0..passes {
        let start = Instant::now();
        statements = pass();
        secs = secs.min(start.elapsed().as_secs_f64());
    }
    let secs = secs.max(1e-9);
    println!(
        "{} files, {:.1} MB, {} words, {} statements in {:.3} s: {:.2} M words/s, {:.1} MB/s",
        files.len(),
        bytes as f64 / 1e6,
        words,
        statements,
        secs,
        words as f64 / secs / 1e6,
        bytes as f64 / secs / 1e6
    );
}
