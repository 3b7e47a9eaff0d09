//! The speaker directory: an operator's file of known people (canonical
//! name, aliases, optional Wikidata id, titles), applied to the store at
//! start so that their names resolve as pinned.
//!
//! TOML:
//!
//! ```toml
//! [[speaker]]
//! name = "Volodymyr Zelensky"
//! aliases = ["Zelenskyy", "Володимир Зеленський"]
//! wikidata = "Q3881408"
//! roles = ["President of Ukraine"]
//! ```
//!
//! JSON: `{"speaker": [{"name": "...", "aliases": [...]}]}`.

use std::path::Path;

use serde::Deserialize;
use verbatim_store::{DirectoryEntry, Store};

use crate::server::ServeError;

/// The file's shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    #[serde(default)]
    speaker: Vec<DirectoryEntry>,
}

/// Reads and checks a directory file.
fn read(path: &Path) -> Result<Vec<DirectoryEntry>, ServeError> {
    let error = |reason: String| {
        ServeError::Config(format!("speaker directory {}: {reason}", path.display()))
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let file: DirectoryFile = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).map_err(|e| error(e.to_string()))?,
        Some("toml") => toml::from_str(&text).map_err(|e| error(e.to_string()))?,
        _ => return Err(error("use a .toml or .json file".into())),
    };
    for (i, entry) in file.speaker.iter().enumerate() {
        if !entry.name.chars().any(char::is_alphanumeric) {
            return Err(error(format!("speaker {i} has no name")));
        }
        if let Some(id) = &entry.wikidata
            && !(id.len() > 1 && id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(error(format!(
                "speaker {i} ({}): wikidata must be Q and digits, got {id:?}",
                entry.name
            )));
        }
    }
    Ok(file.speaker)
}

/// Reads the directory at `path` and pins its people in the store.
pub(crate) async fn apply(path: &Path, store: &dyn Store) -> Result<(), ServeError> {
    let entries = read(path)?;
    let ids = store
        .apply_directory(&entries)
        .await
        .map_err(|e| ServeError::Config(format!("speaker directory {}: {e}", path.display())))?;
    tracing::info!(path = %path.display(), speakers = ids.len(), "speaker directory applied");
    Ok(())
}
