//! Records and requests exchanged with a [`crate::Store`].
//!
//! Times are Unix microseconds (UTC). Statement offsets are kept in the three
//! units the API offers, computed once at ingestion, so that no read has to
//! load a document's text to convert them.

use std::ops::Range;

use verbatim_core::query::Query;
use verbatim_core::{DocumentForm, ParsedDocument, StatementKind};

/// A document to store: the parse result plus what the caller said about it.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// The parser's output for `original`.
    pub parsed: ParsedDocument,
    /// The original bytes exactly as received.
    pub original: Vec<u8>,
    /// Lowercase hex SHA-256 of `original`: the idempotency key.
    pub content_sha256: String,
    /// The source URL given by the caller.
    pub source_url: Option<String>,
    /// The outlet given by the caller, else the one the parser found.
    pub outlet: Option<String>,
    /// Publication time given by the caller.
    pub publish_time: Option<i64>,
    /// When the document is being stored.
    pub ingest_time: i64,
    /// Version of the parser that produced `parsed`.
    pub parser_version: String,
}

/// How much of a document to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentView {
    /// Metadata only.
    #[default]
    Basic,
    /// Metadata and the normalized text.
    Full,
    /// Metadata, the normalized text and the original bytes.
    WithOriginal,
}

/// A stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRecord {
    /// The document id (`documents/{id}`).
    pub id: i64,
    /// The headline; empty when there is none.
    pub title: String,
    /// ISO 639-1 language code.
    pub language: String,
    /// The document's layout.
    pub form: DocumentForm,
    /// The outlet, if known.
    pub outlet: Option<String>,
    /// The source URL, if given.
    pub source_url: Option<String>,
    /// Publication time, if given.
    pub publish_time: Option<i64>,
    /// When the document was stored.
    pub ingest_time: i64,
    /// Lowercase hex SHA-256 of the original bytes.
    pub content_sha256: String,
    /// Charset the original bytes were decoded from.
    pub charset: String,
    /// Number of statements.
    pub statement_count: i64,
    /// Number of distinct speakers of the statements, unnamed ones counted once.
    pub speaker_count: i64,
    /// Version of the parser that produced the statements.
    pub parser_version: String,
    /// Length of the normalized text in each unit.
    pub text_length: Offsets,
    /// The normalized text, in the full views.
    pub text: Option<String>,
    /// The original bytes, in the `WithOriginal` view.
    pub original: Option<Vec<u8>>,
}

/// One offset in the three units of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Offsets {
    /// UTF-8 bytes.
    pub utf8: i64,
    /// UTF-16 code units.
    pub utf16: i64,
    /// Unicode code points.
    pub code_points: i64,
}

/// A stored statement.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementRecord {
    /// The statement id (`statements/{id}`).
    pub id: i64,
    /// The document it comes from.
    pub document_id: i64,
    /// Its position among the document's statements, from 0, in reading order.
    pub ordinal: i64,
    /// The speaker id; `None` for an unnamed speaker.
    pub speaker_id: Option<i64>,
    /// The speaker's canonical name; `None` for an unnamed speaker.
    pub speaker_name: Option<String>,
    /// The speaker as the document wrote it here.
    pub speaker_label: String,
    /// Turn, quotation or reported speech.
    pub kind: StatementKind,
    /// The document's language.
    pub language: String,
    /// The statement text.
    pub text: String,
    /// Start of the statement in the document text.
    pub begin: Offsets,
    /// End (exclusive) of the statement in the document text.
    pub end: Offsets,
    /// The attribution cue as written (speech verb, `according to`, label).
    pub cue: String,
    /// The document's publication time, else its ingest time.
    pub time: i64,
}

impl StatementRecord {
    /// UTF-8 byte range of the statement in its document's text.
    pub fn byte_range(&self) -> Range<usize> {
        self.begin.utf8 as usize..self.end.utf8 as usize
    }
}

/// A speaker resolved across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerRecord {
    /// The speaker id (`speakers/{id}`).
    pub id: i64,
    /// The canonical name.
    pub display_name: String,
    /// Other forms of the name seen in documents, sorted.
    pub aliases: Vec<String>,
    /// Roles and titles seen with the speaker (or given by the speaker
    /// directory), sorted.
    pub roles: Vec<String>,
    /// Each role seen in documents, with the most recent documents (at most
    /// [`crate::MAX_ROLE_DOCUMENTS`]) where it was seen.
    pub role_evidence: Vec<RoleEvidence>,
    /// The Wikidata id the speaker directory gives, if any.
    pub wikidata_id: Option<String>,
    /// Languages of the speaker's statements, sorted.
    pub languages: Vec<String>,
    /// Number of statements.
    pub statement_count: i64,
    /// Number of documents with statements of the speaker.
    pub document_count: i64,
    /// Time of the earliest statement.
    pub first_seen: Option<i64>,
    /// Time of the latest statement.
    pub last_seen: Option<i64>,
}

/// What [`crate::Store::ingest`] did.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestOutcome {
    /// The stored document (basic view).
    pub document: DocumentRecord,
    /// Its statements in reading order.
    pub statements: Vec<StatementRecord>,
    /// True when the same bytes were stored before and nothing was written.
    pub already_existed: bool,
}

/// Filters of [`crate::Store::list_documents`]; `None` means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct DocumentFilter {
    /// Only this language.
    pub language: Option<String>,
    /// Only this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Only documents published at or after this time.
    pub published_from: Option<i64>,
    /// Only documents published before this time.
    pub published_to: Option<i64>,
}

/// Order of [`crate::Store::list_speakers`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SpeakerOrder {
    /// Most statements first, then by name.
    #[default]
    StatementCountDesc,
    /// By canonical name.
    DisplayName,
}

/// Parameters of [`crate::Store::list_speakers`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SpeakerQuery {
    /// Only speakers whose name or an alias contains this text, compared
    /// after case, accent and punctuation folding.
    pub text: Option<String>,
    /// Result order.
    pub order: SpeakerOrder,
}

/// Order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum SearchOrder {
    /// Best match first (BM25 on SQLite, `ts_rank` on PostgreSQL: the same
    /// hits, scored differently). Ranking is bounded: when more than
    /// [`crate::RANK_WINDOW`] statements match, only the most recent
    /// `RANK_WINDOW` of them (the highest statement ids among the matches,
    /// filters applied, within the first page's snapshot) are ranked and
    /// returned; older matches are reached by ordering by time. The window
    /// is fixed at the first page, so later pages rank the same hits.
    #[default]
    Relevance,
    /// Newest first.
    TimeDesc,
    /// Oldest first.
    TimeAsc,
}

/// Parameters of [`crate::Store::search_statements`]. Empty lists mean no
/// filter.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// The parsed text query; may be empty (filters alone).
    pub query: Query,
    /// Only these speakers.
    pub speakers: Vec<i64>,
    /// Only these documents.
    pub documents: Vec<i64>,
    /// Only these languages.
    pub languages: Vec<String>,
    /// Only these kinds.
    pub kinds: Vec<StatementKind>,
    /// Only statements at or after this time.
    pub time_from: Option<i64>,
    /// Only statements before this time.
    pub time_to: Option<i64>,
    /// Result order.
    pub order: SearchOrder,
    /// With relevance order: favour recent statements. Each statement's
    /// relevance is multiplied by `2^((time - newest) / half_life)`, where
    /// `newest` is the latest time among the ranked matches, so a statement
    /// one half-life older needs twice the text relevance to rank level.
    /// Seconds, at least 1; `None` ranks by text relevance alone.
    pub recency_half_life: Option<i64>,
}

/// One search hit.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The matching statement.
    pub statement: StatementRecord,
    /// Relevance (higher is better, comparable within one store only); 0
    /// when ordering by time.
    pub score: f64,
}

/// Counts of a search's matches by speaker and by language (facets), so a
/// client can show "who said it, in which language" next to the results.
///
/// Counted over the newest matches only, at most
/// [`crate::EXACT_COUNT_LIMIT`] of them (by statement id, filters applied):
/// the counts are exact when fewer statements match, and a sample of the
/// most recent matches otherwise (`is_estimate`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Matches per speaker, most first (ties by speaker id); `None` counts
    /// the statements without a speaker.
    pub speakers: Vec<SpeakerFacet>,
    /// Matches per statement language, most first (ties by language code).
    pub languages: Vec<LanguageFacet>,
    /// How many matches were counted.
    pub counted: i64,
    /// More statements match than were counted.
    pub is_estimate: bool,
}

/// How many matches one speaker has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerFacet {
    /// The speaker, or `None` for unattributed statements.
    pub speaker_id: Option<i64>,
    /// The speaker's display name (empty without a speaker).
    pub display_name: String,
    /// Matching statements of this speaker.
    pub count: i64,
}

/// How many matches are in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageFacet {
    /// ISO 639-1 code.
    pub language: String,
    /// Matching statements in this language.
    pub count: i64,
}

/// One page to read: a size and where to resume.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// Maximum number of items (at least 1; the server bounds it).
    pub size: usize,
    /// Where to resume: a cursor from a previous [`Page`] of the same query.
    pub cursor: Option<String>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// Where the next page starts; `None` at the end. Opaque to callers; the
    /// server authenticates it before handing it out as a page token.
    pub next_cursor: Option<String>,
    /// Number of items matching the query across all pages: exact up to
    /// [`crate::EXACT_COUNT_LIMIT`], an estimate beyond it (see
    /// `total_is_estimate` and the crate docs). Searches keep the first
    /// page's figure on every later page.
    pub total_size: i64,
    /// True when `total_size` is an estimate: a search matched more than
    /// [`crate::EXACT_COUNT_LIMIT`] statements. Other listings count
    /// exactly.
    pub total_is_estimate: bool,
}

/// A role seen with a speaker and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleEvidence {
    /// The role or title as written.
    pub role: String,
    /// Ids of documents where it was seen, most recent first.
    pub documents: Vec<i64>,
}

/// One known person of a speaker directory.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DirectoryEntry {
    /// The canonical name, pinned as display name.
    pub name: String,
    /// Other names of the person, pinned to it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The Wikidata id (`Q` and digits).
    #[serde(default)]
    pub wikidata: Option<String>,
    /// Titles of the person.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// What a re-parse did to one document's statements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReparseOutcome {
    /// Statements found again (same span, kind and text): ids kept.
    pub kept: usize,
    /// New statements.
    pub added: usize,
    /// Statements the new parse no longer finds.
    pub removed: usize,
}

/// An operator's correction of speaker resolution. Corrections are logged
/// and durable: later ingests and re-parses resolve to the corrected
/// speakers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerCorrection {
    /// Moves everything of `sources` (statements, aliases, roles, names)
    /// to `target` and deletes them.
    Merge {
        /// The speaker that remains.
        target: i64,
        /// The speakers merged into it.
        sources: Vec<i64>,
    },
    /// Sets and pins the display name.
    Rename {
        /// The speaker.
        speaker: i64,
        /// Its new display name.
        display_name: String,
    },
    /// Adds a name under which later mentions resolve to the speaker.
    AddAlias {
        /// The speaker.
        speaker: i64,
        /// The name.
        alias: String,
    },
    /// Removes a name; mentions written so no longer join the speaker.
    RemoveAlias {
        /// The speaker.
        speaker: i64,
        /// The name.
        alias: String,
    },
    /// Moves the mentions written with `alias` (and their statements) to a
    /// new speaker named so.
    Split {
        /// The speaker.
        speaker: i64,
        /// The alias split off.
        alias: String,
    },
}

/// One entry of the speaker correction log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionRecord {
    /// Position in the log.
    pub id: i64,
    /// Who made it (`anonymous` when unknown).
    pub actor: String,
    /// When it was made.
    pub time: i64,
    /// `merge`, `rename`, `add_alias`, `remove_alias` or `split`.
    pub action: String,
    /// What was done, as a JSON object.
    pub detail: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The named resource does not exist.
    #[error("{kind} {id} not found")]
    NotFound {
        /// `document`, `speaker` or `statement`.
        kind: &'static str,
        /// The id that was asked for.
        id: i64,
    },
    /// A cursor that this store did not produce, or that belongs to another
    /// query.
    #[error("invalid cursor: {0}")]
    InvalidCursor(String),
    /// The database cannot be reached or is shutting down; retrying later may
    /// succeed.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// The database refused the write for lack of space.
    #[error("storage full: {0}")]
    StorageFull(String),
    /// A request field the store found wrong (an alias the speaker does
    /// not have, a speaker merged into itself).
    #[error("invalid {field}: {reason}")]
    InvalidField {
        /// The request field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The request contradicts the stored state (an alias that names
    /// another speaker, removing a display name).
    #[error("{0}")]
    Conflict(String),
    /// Anything else: a bug or a corrupt database.
    #[error("internal storage error: {0}")]
    Internal(String),
}
