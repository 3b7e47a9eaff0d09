//! Prints the JSON parse of each file named on the command line, one object
//! per line: the same output as `verbatim parse --json`, without building the
//! server. `cargo run -p verbatim-core --release --example parse -- FILE...`

use verbatim_core::{ParseOptions, parse, report::ParseReport};

fn main() {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let outcome = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| parse(&bytes, &ParseOptions::default()).map_err(|e| e.to_string()));
        match outcome {
            Ok(doc) => match serde_json::to_string(&ParseReport::new(&doc)) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("{path}: {e}");
                    failed = true;
                }
            },
            Err(e) => {
                eprintln!("{path}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
