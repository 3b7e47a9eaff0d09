//! Embeds the SQL migrations: lists `migrations/<backend>/*.sql` into
//! `OUT_DIR/<backend>_migrations.rs` and reruns when a folder changes.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn embed(backend: &str) {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("the migrations folder exists")
        .map(|e| e.expect("readable migrations folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let mut code = String::from("&[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 file name");
        let (version, description) = stem
            .split_once('_')
            .expect("migration files are named <version>_<description>.sql");
        let version: i64 = version.parse().expect("migration version is a number");
        writeln!(
            code,
            "    ({version}, {:?}, include_str!({:?})),",
            description.replace('_', " "),
            path.display().to_string()
        )
        .expect("write to a string");
    }
    code.push(']');
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join(format!("{backend}_migrations.rs"));
    fs::write(out, code).expect("write the migrations list to OUT_DIR");
}

fn main() {
    embed("sqlite");
    embed("postgres");
}
