//! The `verbatim` command: `serve`, `parse`, `healthcheck`.

/// The parser allocates many small strings (names, keys, statement texts):
/// mimalloc serves them markedly faster than the system allocator (see
/// BENCHMARKS.md). `RUSTFLAGS="--cfg system_alloc"` keeps the system one.
#[cfg(not(system_alloc))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    verbatim_server::cli::run()
}
