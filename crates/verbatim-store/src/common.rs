//! What both stores share: limits, migrations lists, row decoding and the
//! preparation of a document for ingestion (validation, offsets, speaker
//! keys, index terms), so that both store exactly the same records.

use std::borrow::Cow;
use std::collections::HashMap;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{ColumnIndex, Decode, Row, SqlStr, Type};
use verbatim_core::names::name_key;
use verbatim_core::offsets::{OffsetIndex, OffsetUnit};
use verbatim_core::{DocumentForm, StatementKind, analysis};

use crate::cursor::{self, Cursor};
use crate::resolve::Identity;
use crate::{
    DocumentRecord, DocumentView, NewDocument, Offsets, PageRequest, SearchOrder, StatementRecord,
    StoreError,
};

/// Deepest hit a relevance-ordered search pages to; past it, order by time.
pub const MAX_RELEVANCE_WINDOW: i64 = 10_000;

/// Most matches a relevance-ordered search ranks: when a search matches
/// more statements, only the `RANK_WINDOW` most recent ones (highest ids)
/// are scored and returned, so that ranking work stays bounded however
/// common the words are. Both stores pick the same window.
pub const RANK_WINDOW: i64 = 10_000;

/// Largest search total counted exactly; beyond it `total_size` is an
/// estimate and `total_is_estimate` is set (see the crate docs for the
/// formula).
pub const EXACT_COUNT_LIMIT: i64 = 10_000;

// The counting walk (EXACT_COUNT_LIMIT + 1 matches) also finds the window.
const _: () = assert!(RANK_WINDOW >= 1 && RANK_WINDOW <= EXACT_COUNT_LIMIT + 1);

/// How many matches the newest-first walk of a search's first page reads.
pub(crate) const WALK_LIMIT: i64 = EXACT_COUNT_LIMIT + 1;

/// What the newest-first walk over a search's matches (at most
/// [`WALK_LIMIT`] of them, by id descending) found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct MatchWalk {
    /// Matches read: all of them when at most [`EXACT_COUNT_LIMIT`].
    pub(crate) count: i64,
    /// Highest id among them.
    pub(crate) newest: Option<i64>,
    /// Lowest id among them.
    pub(crate) oldest: Option<i64>,
    /// Id of the [`RANK_WINDOW`]-th newest match, when there is one.
    pub(crate) window_bound: Option<i64>,
}

impl MatchWalk {
    /// True when the walk saw every match.
    pub(crate) fn is_exact(&self) -> bool {
        self.count <= EXACT_COUNT_LIMIT
    }

    /// The total: the count when exact, else the estimate
    /// `k * (newest - lowest + 1) / (newest - oldest + 1)` (rounded down, at
    /// least `k`), `k` being the matches read and `lowest` the lowest
    /// statement id of the snapshot: the matches' density among the newest
    /// ids, extrapolated over the whole id range.
    pub(crate) fn total(&self, lowest: i64) -> i64 {
        if self.is_exact() {
            return self.count;
        }
        let (Some(newest), Some(oldest)) = (self.newest, self.oldest) else {
            return self.count;
        };
        let k = i128::from(self.count);
        let span = i128::from(newest) - i128::from(oldest) + 1;
        let range = i128::from(newest) - i128::from(lowest.min(oldest)) + 1;
        if span <= 0 {
            return self.count;
        }
        i64::try_from(k * range / span)
            .unwrap_or(i64::MAX)
            .max(self.count)
    }
}

/// Whether a search total is an estimate: exact totals never exceed
/// [`EXACT_COUNT_LIMIT`], estimates always do.
pub(crate) fn is_estimate(total: i64) -> bool {
    total > EXACT_COUNT_LIMIT
}

/// Largest page the store returns, whatever the request says.
pub const MAX_PAGE_SIZE: usize = 1_000;

/// A migrator over embedded `(version, description, SQL)` migrations.
pub(crate) fn migrator(migrations: &'static [(i64, &'static str, &'static str)]) -> Migrator {
    Migrator::with_migrations(
        migrations
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    SqlStr::from_static(sql),
                    false,
                )
            })
            .collect(),
    )
}

/// The page size to use: the request's, within 1..=[`MAX_PAGE_SIZE`].
pub(crate) fn page_size(page: &PageRequest) -> usize {
    page.size.clamp(1, MAX_PAGE_SIZE)
}

/// Number of rows to fetch for a page: one more tells whether another follows.
pub(crate) fn limit(size: usize) -> i64 {
    size as i64 + 1
}

/// The error for a row the store cannot have written.
pub(crate) fn corrupt(what: &str) -> StoreError {
    StoreError::Internal(format!("corrupt row: {what}"))
}

/// Columns of the basic document view.
pub(crate) const DOCUMENT_COLUMNS: &str = "id, title, language, form, outlet, source_url, publish_time, \
    ingest_time, content_sha256, charset, statement_count, speaker_count, parser_version, \
    text_len_utf8, text_len_utf16, text_len_code_points";

/// Columns of a document view.
pub(crate) fn document_columns(view: DocumentView) -> String {
    match view {
        DocumentView::Basic => DOCUMENT_COLUMNS.to_string(),
        DocumentView::Full => format!("{DOCUMENT_COLUMNS}, text"),
        DocumentView::WithOriginal => format!("{DOCUMENT_COLUMNS}, text, original"),
    }
}

/// Decodes a document row of the given view.
pub(crate) fn document_from_row<R>(
    row: &R,
    view: DocumentView,
) -> Result<DocumentRecord, StoreError>
where
    R: Row,
    for<'r> &'r str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let form: String = row.try_get("form")?;
    Ok(DocumentRecord {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        language: row.try_get("language")?,
        form: DocumentForm::from_name(&form).ok_or_else(|| corrupt("unknown document form"))?,
        outlet: row.try_get("outlet")?,
        source_url: row.try_get("source_url")?,
        publish_time: row.try_get("publish_time")?,
        ingest_time: row.try_get("ingest_time")?,
        content_sha256: row.try_get("content_sha256")?,
        charset: row.try_get("charset")?,
        statement_count: row.try_get("statement_count")?,
        speaker_count: row.try_get("speaker_count")?,
        parser_version: row.try_get("parser_version")?,
        text_length: Offsets {
            utf8: row.try_get("text_len_utf8")?,
            utf16: row.try_get("text_len_utf16")?,
            code_points: row.try_get("text_len_code_points")?,
        },
        text: match view {
            DocumentView::Basic => None,
            _ => Some(row.try_get("text")?),
        },
        original: match view {
            DocumentView::WithOriginal => Some(row.try_get("original")?),
            _ => None,
        },
    })
}

/// Columns of a statement record, `s` being statements and `sp` speakers.
pub(crate) const STATEMENT_COLUMNS: &str = "s.id, s.document_id, s.ordinal, s.speaker_id, \
    sp.display_name AS speaker_name, s.speaker_label, s.kind, s.language, s.text, \
    s.begin_utf8, s.begin_utf16, s.begin_code_points, s.end_utf8, s.end_utf16, \
    s.end_code_points, s.cue, s.time";

/// Decodes a statement row of [`STATEMENT_COLUMNS`].
pub(crate) fn statement_from_row<R>(row: &R) -> Result<StatementRecord, StoreError>
where
    R: Row,
    for<'r> &'r str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
{
    let kind: String = row.try_get("kind")?;
    Ok(StatementRecord {
        id: row.try_get("id")?,
        document_id: row.try_get("document_id")?,
        ordinal: row.try_get("ordinal")?,
        speaker_id: row.try_get("speaker_id")?,
        speaker_name: row.try_get("speaker_name")?,
        speaker_label: row.try_get("speaker_label")?,
        kind: StatementKind::from_name(&kind).ok_or_else(|| corrupt("unknown statement kind"))?,
        language: row.try_get("language")?,
        text: row.try_get("text")?,
        begin: Offsets {
            utf8: row.try_get("begin_utf8")?,
            utf16: row.try_get("begin_utf16")?,
            code_points: row.try_get("begin_code_points")?,
        },
        end: Offsets {
            utf8: row.try_get("end_utf8")?,
            utf16: row.try_get("end_utf16")?,
            code_points: row.try_get("end_code_points")?,
        },
        cue: row.try_get("cue")?,
        time: row.try_get("time")?,
    })
}

/// A document speaker ready to resolve.
pub(crate) struct PreparedSpeaker {
    pub(crate) name: String,
    /// How it is matched; `None` when the name has no letters or digits.
    pub(crate) identity: Option<Identity>,
    /// Aliases with their keys, the canonical name first.
    pub(crate) aliases: Vec<(String, String)>,
    pub(crate) roles: Vec<String>,
    pub(crate) organization: bool,
}

/// A document's speaker count: distinct speakers of its statements,
/// unnamed ones counted once.
pub(crate) fn document_speaker_count(prepared: &Prepared, speaker_ids: &[Option<i64>]) -> i64 {
    let mut distinct = std::collections::BTreeSet::new();
    let mut unnamed = false;
    for s in &prepared.statements {
        match s.speaker.and_then(|i| speaker_ids[i]) {
            Some(id) => {
                distinct.insert(id);
            }
            None => unnamed = true,
        }
    }
    distinct.len() as i64 + i64::from(unnamed)
}

/// A stored statement as a re-parse compares it: (id, begin, end, kind,
/// text).
pub(crate) type OldStatement = (i64, i64, i64, String, String);

/// How a re-parse changes a document's statements.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct StatementPlan {
    /// (old id, new index): the same span, kind and text; the id is kept.
    pub(crate) keep: Vec<(i64, usize)>,
    /// New statements without an old one.
    pub(crate) insert: Vec<usize>,
    /// Old statements without a new one.
    pub(crate) delete: Vec<i64>,
}

/// Matches old statements to new ones by span, kind and text, so that
/// unchanged statements keep their ids (and resource names).
pub(crate) fn plan_statements(old: &[OldStatement], new: &[PreparedStatement]) -> StatementPlan {
    let mut unused: HashMap<(i64, i64, &str, &str), Vec<i64>> = HashMap::new();
    for (id, begin, end, kind, text) in old.iter().rev() {
        unused
            .entry((*begin, *end, kind.as_str(), text.as_str()))
            .or_default()
            .push(*id);
    }
    let mut plan = StatementPlan::default();
    for (i, s) in new.iter().enumerate() {
        let key = (s.begin.utf8, s.end.utf8, s.kind.as_str(), s.text.as_str());
        match unused.get_mut(&key).and_then(Vec::pop) {
            Some(id) => plan.keep.push((id, i)),
            None => plan.insert.push(i),
        }
    }
    let mut delete: Vec<i64> = unused.into_values().flatten().collect();
    delete.sort_unstable();
    plan.delete = delete;
    plan
}

/// Most documents listed per role in [`crate::RoleEvidence`].
pub const MAX_ROLE_DOCUMENTS: usize = 20;

/// Adds `(speaker, role, document)` rows (ordered by speaker, role, then
/// document descending) to the records' roles and evidence, and `(speaker,
/// role)` titles of the directory to their roles.
pub(crate) fn add_roles(
    records: &mut [crate::SpeakerRecord],
    position: &HashMap<i64, usize>,
    seen: Vec<(i64, String, i64)>,
    titles: Vec<(i64, String)>,
) {
    for (id, role, document) in seen {
        let record = &mut records[position[&id]];
        match record.role_evidence.last_mut() {
            Some(last) if last.role == role => {
                if last.documents.len() < MAX_ROLE_DOCUMENTS {
                    last.documents.push(document);
                }
            }
            _ => record.role_evidence.push(crate::RoleEvidence {
                role,
                documents: vec![document],
            }),
        }
    }
    for (id, role) in titles {
        records[position[&id]].roles.push(role);
    }
    for record in records {
        record
            .roles
            .extend(record.role_evidence.iter().map(|e| e.role.clone()));
        record.roles.sort();
        record.roles.dedup();
    }
}

/// Adds a written form to a speaker record's aliases unless it is the
/// display name (aliases hold every form seen, the display name included).
pub(crate) fn push_alias(record: &mut crate::SpeakerRecord, alias: String) {
    if name_key(&alias) != name_key(&record.display_name) {
        record.aliases.push(alias);
    }
}

/// What a speaker search for `text` also matches: the surname key and the
/// person key of the text read as a name (empty when it is none).
pub(crate) fn speaker_search_keys(text: &str) -> (String, String) {
    match verbatim_core::names::PersonName::parse(text) {
        Some(person) => (person.surname.clone(), crate::resolve::mention_key(&person)),
        None => (String::new(), String::new()),
    }
}

/// A statement ready to insert.
pub(crate) struct PreparedStatement {
    pub(crate) speaker: Option<usize>,
    pub(crate) label: String,
    pub(crate) kind: StatementKind,
    pub(crate) text: String,
    pub(crate) begin: Offsets,
    pub(crate) end: Offsets,
    pub(crate) cue: String,
    pub(crate) terms: String,
}

/// Everything computed from a document before the write transaction.
pub(crate) struct Prepared {
    pub(crate) doc: NewDocument,
    pub(crate) length: Offsets,
    pub(crate) speakers: Vec<PreparedSpeaker>,
    pub(crate) statements: Vec<PreparedStatement>,
}

pub(crate) fn offsets(index: &OffsetIndex<'_>, byte: usize) -> Offsets {
    Offsets {
        utf8: byte as i64,
        utf16: index.convert(byte, OffsetUnit::Utf16) as i64,
        code_points: index.convert(byte, OffsetUnit::CodePoints) as i64,
    }
}

fn valid_range(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// Validates a parse result and computes offsets, keys and index terms: the
/// CPU work of an ingest, done off the async runtime.
pub(crate) fn prepare(doc: NewDocument) -> Result<Prepared, StoreError> {
    let parsed = &doc.parsed;
    let text = parsed.text.as_str();
    let index = OffsetIndex::new(text);
    let mut statements = Vec::with_capacity(parsed.statements.len());
    for (i, s) in parsed.statements.iter().enumerate() {
        if !valid_range(text, &s.span) {
            return Err(StoreError::Internal(format!(
                "statement {i} has span {}..{}, not a range of the {}-byte document text",
                s.span.start,
                s.span.end,
                text.len()
            )));
        }
        if let Some(speaker) = s.speaker
            && speaker >= parsed.speakers.len()
        {
            return Err(StoreError::Internal(format!(
                "statement {i} names speaker {speaker} of {}",
                parsed.speakers.len()
            )));
        }
        let cue = match &s.cue {
            Some(range) if valid_range(text, range) => text[range.clone()].to_string(),
            Some(range) => {
                tracing::warn!(
                    statement = i,
                    cue.start = range.start,
                    cue.end = range.end,
                    "cue range outside the text ignored"
                );
                String::new()
            }
            None => String::new(),
        };
        let statement_text = &text[s.span.clone()];
        statements.push(PreparedStatement {
            speaker: s.speaker,
            label: s.speaker_label.clone(),
            kind: s.kind,
            text: statement_text.to_string(),
            begin: offsets(&index, s.span.start),
            end: offsets(&index, s.span.end),
            cue,
            terms: analysis::index_terms(statement_text, &parsed.language),
        });
    }
    let speakers = parsed
        .speakers
        .iter()
        .map(|sp| {
            let name = sp.name.trim().to_string();
            let identity = Identity::of(&name, &sp.aliases, sp.organization);
            let mut aliases: Vec<(String, String)> = Vec::new();
            for alias in std::iter::once(&sp.name).chain(&sp.aliases) {
                let alias = alias.trim();
                let alias_key = name_key(alias);
                if !alias_key.is_empty() && !aliases.iter().any(|(_, k)| *k == alias_key) {
                    aliases.push((alias.to_string(), alias_key));
                }
            }
            let mut roles: Vec<String> = sp
                .roles
                .iter()
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .collect();
            roles.sort();
            roles.dedup();
            PreparedSpeaker {
                name,
                identity,
                aliases,
                roles,
                organization: sp.organization,
            }
        })
        .collect();
    let prepared = Prepared {
        length: offsets(&index, text.len()),
        speakers,
        statements,
        doc,
    };
    check_no_nul(&prepared)?;
    Ok(prepared)
}

/// PostgreSQL text cannot hold U+0000: both stores refuse such a document
/// whole, before writing anything (the parser drops control characters, so
/// only a direct caller can send one).
fn check_no_nul(prepared: &Prepared) -> Result<(), StoreError> {
    let doc = &prepared.doc;
    let parsed = &doc.parsed;
    let mut fields: Vec<(&str, &str)> = vec![
        ("text", &parsed.text),
        ("title", &parsed.title),
        ("language", &parsed.language),
        ("charset", &parsed.charset),
        ("content_sha256", &doc.content_sha256),
        ("parser_version", &doc.parser_version),
    ];
    for (name, value) in [
        ("outlet", &doc.outlet),
        ("outlet", &parsed.outlet),
        ("source_url", &doc.source_url),
    ] {
        if let Some(value) = value {
            fields.push((name, value));
        }
    }
    for s in &prepared.statements {
        fields.push(("speaker label", &s.label));
    }
    for sp in &prepared.speakers {
        fields.push(("speaker name", &sp.name));
        fields.extend(
            sp.aliases
                .iter()
                .map(|(a, _)| ("speaker alias", a.as_str())),
        );
        fields.extend(sp.roles.iter().map(|r| ("speaker role", r.as_str())));
    }
    match fields.iter().find(|(_, value)| value.contains('\0')) {
        Some((name, _)) => Err(StoreError::Internal(format!(
            "document {name} holds a nul character, which postgresql cannot store"
        ))),
        None => Ok(()),
    }
}

/// Where a search page starts, read from its cursor.
#[derive(Debug, Default)]
pub(crate) struct SearchResume {
    /// The snapshot and total of the first page; `None` on the first page.
    pub(crate) first: Option<(i64, i64)>,
    /// Hits to skip, in relevance order.
    pub(crate) offset: i64,
    /// The (time, id) a time-ordered page continues after.
    pub(crate) after: Option<(i64, i64)>,
    /// The lowest id of the ranked window of a relevance search.
    pub(crate) bound: Option<i64>,
}

/// Reads the cursor of a search in `order` (the effective order: relevance
/// only with a text query).
pub(crate) fn resume_search(
    text: Option<&str>,
    order: SearchOrder,
) -> Result<SearchResume, StoreError> {
    match cursor::decode(text)? {
        None => Ok(SearchResume::default()),
        Some(Cursor::SearchByTime { s, n, a, t, id })
            if order != SearchOrder::Relevance && a == (order == SearchOrder::TimeAsc) =>
        {
            Ok(SearchResume {
                first: Some((s, n)),
                offset: 0,
                after: Some((t, id)),
                bound: None,
            })
        }
        Some(Cursor::SearchByRelevance { s, n, o, b }) if order == SearchOrder::Relevance => {
            if o < 0 {
                return Err(StoreError::InvalidCursor("negative offset".into()));
            }
            if o >= MAX_RELEVANCE_WINDOW {
                return Err(StoreError::InvalidCursor(format!(
                    "relevance order pages through the first {MAX_RELEVANCE_WINDOW} hits \
                     only: order by time to read further"
                )));
            }
            Ok(SearchResume {
                first: Some((s, n)),
                offset: o,
                after: None,
                bound: b,
            })
        }
        Some(_) => Err(cursor::wrong_kind()),
    }
}

/// Where a search page stands: what the cursor of the next page keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchPosition {
    /// The effective order.
    pub(crate) order: SearchOrder,
    /// The first page's snapshot.
    pub(crate) snapshot: i64,
    /// The first page's total.
    pub(crate) total: i64,
    /// Hits skipped before this page (relevance order).
    pub(crate) offset: i64,
    /// The lowest id of the ranked window (relevance order).
    pub(crate) bound: Option<i64>,
}

/// The cursor of the search page after one of `size` hits ending at `last`.
pub(crate) fn next_search_cursor(
    position: &SearchPosition,
    size: usize,
    last: &StatementRecord,
) -> String {
    let SearchPosition {
        order,
        snapshot,
        total,
        offset,
        bound,
    } = *position;
    match order {
        SearchOrder::Relevance => Cursor::SearchByRelevance {
            s: snapshot,
            n: total,
            o: offset + size as i64,
            b: bound,
        },
        _ => Cursor::SearchByTime {
            s: snapshot,
            n: total,
            a: order == SearchOrder::TimeAsc,
            t: last.time,
            id: last.id,
        },
    }
    .encode()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_exact_up_to_the_limit_then_extrapolated() {
        let exact = MatchWalk {
            count: EXACT_COUNT_LIMIT,
            newest: Some(50_000),
            oldest: Some(40_001),
            window_bound: Some(40_001),
        };
        assert!(exact.is_exact());
        assert_eq!(exact.total(1), EXACT_COUNT_LIMIT);
        assert!(!is_estimate(exact.total(1)));
        // The newest EXACT_COUNT_LIMIT + 1 matches span a fifth of the ids.
        let walk = MatchWalk {
            count: WALK_LIMIT,
            newest: Some(100_000),
            oldest: Some(100_000 - 5 * WALK_LIMIT + 1),
            window_bound: None,
        };
        assert!(!walk.is_exact());
        assert_eq!(walk.total(1), 20_000);
        assert!(is_estimate(walk.total(1)));
        // Dense matches: never below what was counted.
        let dense = MatchWalk {
            count: WALK_LIMIT,
            newest: Some(WALK_LIMIT),
            oldest: Some(1),
            window_bound: None,
        };
        assert_eq!(dense.total(1), WALK_LIMIT);
        assert!(is_estimate(dense.total(1)));
    }
}

/// One grouped row of a facet query: 0 for a speaker group (speaker id and
/// display name), 1 for a language group (language in `value`), 2 for the
/// number of matches walked (up to [`WALK_LIMIT`]) in `count`.
pub(crate) struct FacetRow {
    pub(crate) field: i64,
    pub(crate) speaker_id: Option<i64>,
    pub(crate) value: String,
    pub(crate) count: i64,
}

/// Facets from grouped rows counted over at most [`EXACT_COUNT_LIMIT`]
/// matches: sorted (most first, then by key) and cut to `limit` values per field, the
/// same way for every store.
pub(crate) fn facets_from_rows(rows: Vec<FacetRow>, limit: usize) -> crate::Facets {
    let mut facets = crate::Facets::default();
    for row in rows {
        match row.field {
            0 => facets.speakers.push(crate::SpeakerFacet {
                speaker_id: row.speaker_id,
                display_name: row.value,
                count: row.count,
            }),
            1 => {
                facets.counted += row.count;
                facets.languages.push(crate::LanguageFacet {
                    language: row.value,
                    count: row.count,
                });
            }
            // The walk stops at WALK_LIMIT: one more than is counted says
            // that more statements match.
            _ => facets.is_estimate = row.count > EXACT_COUNT_LIMIT,
        }
    }
    debug_assert!(facets.counted <= EXACT_COUNT_LIMIT);
    facets
        .speakers
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.speaker_id.cmp(&b.speaker_id)));
    facets
        .languages
        .sort_by(|a, b| b.count.cmp(&a.count).then(a.language.cmp(&b.language)));
    facets.speakers.truncate(limit);
    facets.languages.truncate(limit);
    facets
}

/// The grouping part of a facet query over `m`, a CTE of match ids (newest
/// first, at most [`WALK_LIMIT`]): the same SQL on SQLite and PostgreSQL.
pub(crate) fn facet_groups_sql() -> String {
    format!(
        ", c AS (SELECT id FROM m ORDER BY id DESC LIMIT {EXACT_COUNT_LIMIT}) \
         SELECT CAST(0 AS BIGINT) AS field, s.speaker_id AS speaker_id, \
         COALESCE(MAX(sp.display_name), '') AS value, COUNT(*) AS n \
         FROM c JOIN statements s ON s.id = c.id \
         LEFT JOIN speakers sp ON sp.id = s.speaker_id GROUP BY s.speaker_id \
         UNION ALL SELECT CAST(1 AS BIGINT), NULL, s.language, COUNT(*) \
         FROM c JOIN statements s ON s.id = c.id GROUP BY s.language \
         UNION ALL SELECT CAST(2 AS BIGINT), NULL, '', COUNT(*) FROM m"
    )
}

/// A facet row from a query built with [`facet_groups_sql`].
pub(crate) fn facet_row<R: sqlx::Row>(row: &R) -> Result<FacetRow, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(FacetRow {
        field: row.try_get(0)?,
        speaker_id: row.try_get(1)?,
        value: row.try_get(2)?,
        count: row.try_get(3)?,
    })
}

/// A match of a recency-weighted relevance search, before ranking.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub(crate) id: i64,
    /// Text relevance, higher is better.
    pub(crate) relevance: f64,
    pub(crate) time: i64,
}

/// One page of candidates ranked by relevance weighted by recency (see
/// [`crate::SearchRequest::recency_half_life`]): ids with their weighted
/// scores, best first, ties newest id first. Ranking happens here, in Rust,
/// so that every store orders the same candidates the same way.
pub(crate) fn rank_by_recency(
    candidates: &[Candidate],
    half_life: i64,
    offset: usize,
    limit: usize,
) -> Vec<(i64, f64)> {
    debug_assert!(half_life > 0);
    let Some(newest) = candidates.iter().map(|c| c.time).max() else {
        return Vec::new();
    };
    // Logarithms keep weights of very old statements from underflowing to
    // zero, which would make their order arbitrary.
    let per_second = std::f64::consts::LN_2 / half_life.max(1) as f64;
    let mut keyed: Vec<(f64, i64)> = candidates
        .iter()
        .map(|c| {
            let key =
                c.relevance.max(f64::MIN_POSITIVE).ln() - (newest - c.time) as f64 * per_second;
            (key, c.id)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    keyed
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|(key, id)| (id, key.exp()))
        .collect()
}

/// Puts rows fetched by id (`s.id` first column) in the order of `ids`.
pub(crate) fn sort_rows_by_ids<R: sqlx::Row>(rows: &mut [R], ids: &[i64])
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let position: std::collections::HashMap<i64, usize> =
        ids.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    rows.sort_by_key(|row| {
        row.try_get::<i64, _>(0)
            .ok()
            .and_then(|id| position.get(&id).copied())
    });
}

/// [`prepare`] on the blocking pool: analysing a large document's statements
/// (terms, offsets in three units) must not stall the async workers.
pub(crate) async fn prepare_off_thread(document: NewDocument) -> Result<Prepared, StoreError> {
    tokio::task::spawn_blocking(move || prepare(document))
        .await
        .map_err(|e| StoreError::Internal(format!("document preparation failed: {e}")))?
}
