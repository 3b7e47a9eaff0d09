//! Embeds the seed documents of `seeds/` in the binary, so that a fresh
//! server (or container) can load them without any file beside it.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seeds_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    println!("cargo:rerun-if-changed={}", seeds_dir.display());
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&seeds_dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .collect();
    seeds.sort();
    let mut code =
        String::from("/// The bundled seed documents: (file name, bytes), in name order.\n");
    code.push_str("pub(crate) const SEEDS: &[(&str, &[u8])] = &[\n");
    for path in &seeds {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or("seed name is not UTF-8")?;
        let absolute = path.canonicalize()?;
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        )?;
    }
    code.push_str("];\n");
    std::fs::write(
        PathBuf::from(std::env::var("OUT_DIR")?).join("seeds.rs"),
        code,
    )?;
    Ok(())
}
