//! The `verbatim` command: `serve`, `parse`, `healthcheck`.

fn main() -> std::process::ExitCode {
    verbatim_server::cli::run()
}
