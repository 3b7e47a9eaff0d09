//! Compiles `proto/verbatim/v1/*.proto` with protox (no system `protoc`) and
//! generates prost messages plus tonic clients and servers from the result.

use std::path::PathBuf;

use prost::Message;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let proto_root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../proto");
    let api_dir = proto_root.join("verbatim/v1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&api_dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "proto"))
        .collect();
    // Sorted so the descriptor set, and with it the generated code, is
    // reproducible whatever order the file system lists.
    files.sort();

    // tonic-prost-build no longer prints these, and without them cargo would
    // rebuild on every change anywhere in the package.
    println!("cargo:rerun-if-changed={}", api_dir.display());
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }

    let descriptors = protox::compile(&files, [&proto_root])?;
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out_dir.join("verbatim_descriptor.bin"),
        descriptors.encode_to_vec(),
    )?;

    tonic_prost_build::configure()
        .build_client(true)
        .build_server(true)
        .compile_fds(descriptors)?;
    Ok(())
}
