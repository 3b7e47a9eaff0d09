//! The tonic services. Handlers validate requests, call the core (parsing)
//! or the store, and convert results; they hold no parsing or storage logic.

mod documents;
mod speakers;
mod statements;

use std::sync::Arc;

pub(crate) use documents::DocumentApi;
pub(crate) use speakers::SpeakerApi;
pub(crate) use statements::StatementApi;
use verbatim_store::{PageRequest, Store};

use crate::convert;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::page_token::PageTokens;

/// What every service shares.
#[derive(Clone)]
pub(crate) struct AppState {
    /// The store every request reads and writes.
    pub(crate) store: Arc<dyn Store>,
    /// Signs and checks page tokens.
    pub(crate) tokens: PageTokens,
    /// Largest document accepted, in bytes.
    pub(crate) max_document_bytes: usize,
    /// Ingest and parse metrics.
    pub(crate) metrics: Metrics,
}

impl AppState {
    /// The store page a List or Search request asks for. `params` names the
    /// request's parameters (all but page size and token), so that a token
    /// is accepted only with the parameters it was issued for.
    pub(crate) fn page_request(
        &self,
        params: &str,
        page_size: i32,
        page_token: &str,
        default_size: usize,
        max_size: usize,
    ) -> Result<PageRequest, ApiError> {
        Ok(PageRequest {
            size: convert::page_size(page_size, default_size, max_size)?,
            cursor: self.tokens.decode(params, page_token)?,
        })
    }

    /// The `next_page_token` for a store cursor; empty at the end.
    pub(crate) fn next_page_token(&self, params: &str, cursor: Option<String>) -> String {
        cursor
            .map(|cursor| self.tokens.encode(params, &cursor))
            .unwrap_or_default()
    }
}

/// Runs a handler body and turns its error into a status: the handlers'
/// single exit, so every error goes through `From<ApiError> for Status`.
pub(crate) fn respond<T>(result: Result<T, ApiError>) -> Result<tonic::Response<T>, tonic::Status> {
    result.map(tonic::Response::new).map_err(Into::into)
}
