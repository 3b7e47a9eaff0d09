//! Verbatim's storage: the [`Store`] trait the server talks to, its
//! embedded default on SQLite ([`SqliteStore`]: one file, WAL, FTS5,
//! versioned migrations), and [`PostgresStore`] for several replicas sharing
//! one PostgreSQL database (connection pool, migrations under an advisory
//! lock, `tsvector` full text). Both behave the same, checked by one
//! conformance test suite; [`open_store`] opens either from a location. A
//! document's parse result is written in one transaction: a document is
//! stored whole or not at all.
//!
//! ```no_run
//! use verbatim_core::query::Query;
//! use verbatim_core::{DocumentForm, ParsedDocument, Speaker, Statement, StatementKind};
//! use verbatim_store::{NewDocument, PageRequest, SearchRequest, SqliteStore, Store};
//!
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! let store = SqliteStore::open(std::path::Path::new("data/verbatim.db")).await?;
//! let text = "Peskov said: \"We are ready to talk.\"".to_string();
//! let parsed = ParsedDocument {
//!     statements: vec![Statement {
//!         kind: StatementKind::Quote,
//!         span: 14..35,
//!         speaker: Some(0),
//!         speaker_label: "Peskov".into(),
//!         cue: Some(7..11),
//!     }],
//!     speakers: vec![Speaker { name: "Dmitry Peskov".into(), ..Speaker::default() }],
//!     text,
//!     title: String::new(),
//!     language: "en".into(),
//!     form: DocumentForm::Article,
//!     outlet: None,
//!     charset: "UTF-8".into(),
//!     source_map: Default::default(),
//! };
//! let outcome = store
//!     .ingest(NewDocument {
//!         parsed,
//!         original: b"...".to_vec(),
//!         content_sha256: "0f3a...".into(),
//!         source_url: None,
//!         outlet: None,
//!         publish_time: None,
//!         ingest_time: 1_700_000_000_000_000,
//!         parser_version: verbatim_core::PARSER_VERSION.into(),
//!     })
//!     .await?;
//! assert_eq!(outcome.statements.len(), 1);
//!
//! let request = SearchRequest { query: Query::parse("ready talk")?, ..SearchRequest::default() };
//! let page = store.search_statements(&request, &PageRequest { size: 10, cursor: None }).await?;
//! for hit in page.items {
//!     println!("{}: {}", hit.statement.speaker_name.unwrap_or_default(), hit.statement.text);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The store knows nothing of gRPC: it speaks in records and [`StoreError`]s,
//! and the server maps those to statuses in one place.
//!
//! # Pagination cursors
//!
//! A `next_cursor` is compact JSON naming the listing and the last sort key,
//! for example `{"k":"qt","s":120,"n":37,"a":false,"t":1700000000000000,"id":88}`
//! for a search newest first (`s`: the snapshot taken when the first page was
//! read, the largest statement id on SQLite, the last commit sequence number
//! on PostgreSQL; later pages only see statements up to it, so inserts
//! between pages neither repeat nor skip hits; `n`: the total counted at the
//! first page; `a`: ascending; `t` and `id`: the last hit's time and id).
//! Relevance-ordered searches page by offset within the snapshot, up to
//! [`MAX_RELEVANCE_WINDOW`] hits (`o`: the offset; `b`: the lowest id of the
//! ranked window, see below). Malformed cursors, or cursors of another
//! listing, give [`StoreError::InvalidCursor`].
//!
//! # Bounded search work
//!
//! Ranking and counting cost grows with the number of matches, so both are
//! bounded, identically in both stores:
//!
//! - **Relevance window.** When a search matches more than [`RANK_WINDOW`]
//!   statements (text, filters and snapshot applied), only the
//!   `RANK_WINDOW` most recent matches, those with the highest statement
//!   ids, are ranked (BM25 / `ts_rank`) and returned in relevance order;
//!   older matches are reached by ordering by time. The window's lowest id
//!   is found on the first page by walking the matches by id descending (an
//!   FTS5 doclist walk on SQLite, no ranking) and kept in the cursor.
//! - **Counts.** The same walk counts at most [`EXACT_COUNT_LIMIT`]` + 1`
//!   matches. Up to [`EXACT_COUNT_LIMIT`] matches, `total_size` is exact;
//!   beyond, it is the estimate `k * (newest - lowest + 1) / (newest -
//!   oldest + 1)`, rounded down, where `k = EXACT_COUNT_LIMIT + 1`, `newest`
//!   and `oldest` are the highest and lowest ids of those `k` newest
//!   matches and `lowest` is the lowest statement id of the snapshot: the
//!   density of matches among recent ids, extrapolated over all ids.
//!   [`Page::total_is_estimate`] tells which; an estimate always exceeds
//!   [`EXACT_COUNT_LIMIT`].
//! - **Time order.** Searches ordered by time read the page off the time
//!   index (or the speaker index for one speaker), checking the text match
//!   row by row when the words are common, and collect and sort the
//!   matches only when they are few.

mod common;
mod cursor;
mod error;
mod fts;
mod model;
mod pg_fts;
mod postgres;
mod resolve;
mod sqlite;

pub use common::{
    EXACT_COUNT_LIMIT, MAX_PAGE_SIZE, MAX_RELEVANCE_WINDOW, MAX_ROLE_DOCUMENTS, RANK_WINDOW,
};
pub use model::*;
pub use postgres::{PostgresOptions, PostgresStore};
pub use sqlite::SqliteStore;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;

/// Opens the store at `location` and brings its schema up to date:
///
/// - `postgres://...` or `postgresql://...`: a [`PostgresStore`] with the
///   default [`PostgresOptions`] (the URL is passed to PostgreSQL as is, so
///   it may carry `sslmode`, `options=-csearch_path%3D<schema>` and the like);
/// - `sqlite://PATH`: a [`SqliteStore`] in the file `PATH`
///   (`sqlite:///var/lib/verbatim.db` is absolute, `sqlite://data/v.db`
///   relative);
/// - anything else without a `scheme://`: a [`SqliteStore`] in that file.
///
/// Another scheme gives [`StoreError::Unavailable`].
///
/// ```no_run
/// # async fn example() -> Result<(), verbatim_store::StoreError> {
/// let store = verbatim_store::open_store("postgres://verbatim@db:5432/verbatim").await?;
/// store.ping().await?;
/// let local = verbatim_store::open_store("data/verbatim.db").await?;
/// # let _ = local;
/// # Ok(())
/// # }
/// ```
pub async fn open_store(location: &str) -> Result<Arc<dyn Store>, StoreError> {
    if location.starts_with("postgres://") || location.starts_with("postgresql://") {
        return Ok(Arc::new(PostgresStore::open(location).await?));
    }
    if let Some(path) = location.strip_prefix("sqlite://") {
        return Ok(Arc::new(SqliteStore::open(Path::new(path)).await?));
    }
    if let Some((scheme, _)) = location.split_once("://")
        && !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err(StoreError::Unavailable(format!(
            "unsupported store location scheme `{scheme}`: use postgres://, postgresql://, \
             sqlite:// or a file path"
        )));
    }
    Ok(Arc::new(SqliteStore::open(Path::new(location)).await?))
}

/// Everything the server needs from storage. Implementations are safe to share
/// between tasks and must make every write atomic per document.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Stores a parsed document with its statements, resolving its speakers
    /// to existing speakers or new ones, in one transaction. Idempotent on
    /// the SHA-256 of the original bytes: storing the same bytes again
    /// returns the existing document with `already_existed` set.
    async fn ingest(&self, document: NewDocument) -> Result<IngestOutcome, StoreError>;

    /// Returns one document; `view` decides whether the text and the original
    /// bytes are loaded.
    async fn get_document(&self, id: i64, view: DocumentView)
    -> Result<DocumentRecord, StoreError>;

    /// Lists documents, newest ingested first.
    async fn list_documents(
        &self,
        filter: &DocumentFilter,
        page: &PageRequest,
    ) -> Result<Page<DocumentRecord>, StoreError>;

    /// Deletes a document and its statements; speakers left without
    /// statements no longer appear in listings.
    async fn delete_document(&self, id: i64) -> Result<(), StoreError>;

    /// Returns one speaker that has at least one statement.
    async fn get_speaker(&self, id: i64) -> Result<SpeakerRecord, StoreError>;

    /// Lists speakers with at least one statement.
    async fn list_speakers(
        &self,
        query: &SpeakerQuery,
        page: &PageRequest,
    ) -> Result<Page<SpeakerRecord>, StoreError>;

    /// Ids of stored documents above `after`, ascending, at most `limit`;
    /// with `outdated`, only those whose parser version differs from it.
    async fn document_ids(
        &self,
        outdated: Option<&str>,
        after: i64,
        limit: i64,
    ) -> Result<Vec<i64>, StoreError>;

    /// Replaces a stored document's parse with `document` (a new parse of
    /// its stored original bytes, with its stored metadata) in one
    /// transaction: speakers are resolved again (corrections apply), and
    /// statements with the same span, kind and text keep their ids.
    async fn reparse_document(
        &self,
        id: i64,
        document: NewDocument,
    ) -> Result<ReparseOutcome, StoreError>;

    /// Pins the known people of a speaker directory (see
    /// [`DirectoryEntry`]), each in its own transaction; returns their
    /// speaker ids. Idempotent.
    async fn apply_directory(&self, entries: &[DirectoryEntry]) -> Result<Vec<i64>, StoreError>;

    /// Applies a correction to speaker resolution in one transaction,
    /// logging it under `actor`; returns the speakers it leaves (the merge
    /// target; the speaker and the new one of a split), with or without
    /// statements. NotFound for a missing speaker, InvalidField or Conflict
    /// for a correction that does not apply.
    async fn correct_speakers(
        &self,
        correction: &SpeakerCorrection,
        actor: &str,
    ) -> Result<Vec<SpeakerRecord>, StoreError>;

    /// Lists the speaker correction log, newest first.
    async fn list_speaker_corrections(
        &self,
        page: &PageRequest,
    ) -> Result<Page<CorrectionRecord>, StoreError>;

    /// Returns one statement.
    async fn get_statement(&self, id: i64) -> Result<StatementRecord, StoreError>;

    /// Lists one document's statements in reading order; NotFound when the
    /// document does not exist.
    async fn list_statements(
        &self,
        document_id: i64,
        page: &PageRequest,
    ) -> Result<Page<StatementRecord>, StoreError>;

    /// Searches statements: full text (already parsed into a query) plus
    /// structured filters.
    async fn search_statements(
        &self,
        request: &SearchRequest,
        page: &PageRequest,
    ) -> Result<Page<SearchHit>, StoreError>;

    /// Counts a search's matches by speaker and by language: the `limit`
    /// largest values of each, over the newest
    /// [`EXACT_COUNT_LIMIT`] matches (see [`Facets`]). The order field of
    /// `request` is ignored.
    async fn search_facets(
        &self,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Facets, StoreError>;

    /// Number of stored documents.
    async fn document_count(&self) -> Result<u64, StoreError>;

    /// Returns the secret stored under `name`, creating it from `create` on
    /// first use; the first writer wins, so replicas sharing one database
    /// agree on the value.
    async fn secret(&self, name: &str, create: Vec<u8>) -> Result<Vec<u8>, StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;
}
