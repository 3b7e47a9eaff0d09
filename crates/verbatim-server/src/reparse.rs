//! Re-parsing stored documents with the current parser: the body of
//! `ReparseDocuments` and of `verbatim reparse`.

use verbatim_core::{PARSER_VERSION, ParseOptions};
use verbatim_store::{DocumentView, NewDocument, Store, StoreError};

use crate::error::ApiError;

/// Documents listed per store call.
const BATCH: i64 = 100;

/// What a re-parse run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct ReparseSummary {
    /// Documents re-parsed.
    pub(crate) reparsed: i64,
    /// Documents that failed and were left as they were.
    pub(crate) failed: i64,
    /// Statements whose ids were kept.
    pub(crate) kept: i64,
    /// Statements added.
    pub(crate) added: i64,
    /// Statements removed.
    pub(crate) removed: i64,
}

/// Re-parses every stored document (`all`), or those whose parser version
/// is not [`PARSER_VERSION`], one transaction per document. A document that
/// fails is logged and counted; a store that fails stops the run.
pub(crate) async fn reparse(store: &dyn Store, all: bool) -> Result<ReparseSummary, StoreError> {
    let mut summary = ReparseSummary::default();
    let outdated = (!all).then_some(PARSER_VERSION);
    let mut after = 0;
    loop {
        let ids = store.document_ids(outdated, after, BATCH).await?;
        let Some(&last) = ids.last() else {
            break;
        };
        after = last;
        for id in ids {
            match reparse_one(store, id).await {
                Ok(outcome) => {
                    summary.reparsed += 1;
                    summary.kept += outcome.kept as i64;
                    summary.added += outcome.added as i64;
                    summary.removed += outcome.removed as i64;
                }
                Err(ApiError::Store(
                    error @ (StoreError::Unavailable(_) | StoreError::StorageFull(_)),
                )) => return Err(error),
                Err(error) => {
                    summary.failed += 1;
                    let status = tonic::Status::from(error);
                    tracing::warn!(document_id = id, error = %status.message(), "re-parse failed");
                }
            }
        }
    }
    tracing::info!(
        reparsed = summary.reparsed,
        failed = summary.failed,
        kept = summary.kept,
        added = summary.added,
        removed = summary.removed,
        parser_version = PARSER_VERSION,
        "re-parse finished"
    );
    Ok(summary)
}

/// Re-parses one document from its stored original bytes, with its stored
/// charset and language.
async fn reparse_one(
    store: &dyn Store,
    id: i64,
) -> Result<verbatim_store::ReparseOutcome, ApiError> {
    let doc = store.get_document(id, DocumentView::WithOriginal).await?;
    let original = doc
        .original
        .ok_or_else(|| ApiError::Internal(format!("document {id} came without its bytes")))?;
    let options = ParseOptions {
        charset: Some(doc.charset.clone()),
        title: None,
        language: Some(doc.language.clone()),
    };
    let (parsed, original) = tokio::task::spawn_blocking(move || {
        verbatim_core::parse(&original, &options).map(|parsed| (parsed, original))
    })
    .await
    .map_err(|e| ApiError::Internal(format!("parse task failed: {e}")))?
    .map_err(ApiError::Parse)?;
    let new = NewDocument {
        parsed,
        original,
        content_sha256: doc.content_sha256,
        source_url: doc.source_url,
        outlet: doc.outlet,
        publish_time: doc.publish_time,
        ingest_time: doc.ingest_time,
        parser_version: PARSER_VERSION.to_string(),
    };
    Ok(store.reparse_document(id, new).await?)
}
