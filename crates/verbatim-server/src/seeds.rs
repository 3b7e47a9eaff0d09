//! The seed corpus bundled in the binary, loaded into an empty store at
//! first start so that a new user finds data to explore.

use verbatim_proto::v1;

use crate::service::DocumentApi;

include!(concat!(env!("OUT_DIR"), "/seeds.rs"));

/// Ingests every bundled seed through the same path as IngestDocument.
/// Returns how many were stored.
pub(crate) async fn load(api: &DocumentApi) -> usize {
    let mut stored = 0;
    for (name, bytes) in SEEDS {
        let request = v1::IngestDocumentRequest {
            content: Some(v1::DocumentContent {
                content: Some(v1::document_content::Content::Raw(bytes.to_vec())),
                charset: String::new(),
            }),
            ..Default::default()
        };
        match api.ingest(request).await {
            Ok(_) => stored += 1,
            Err(error) => {
                let status = tonic::Status::from(error);
                tracing::warn!(seed = name, error = %status.message(), "seed document not loaded");
            }
        }
    }
    stored
}
