//! The embedded store: one SQLite file in WAL mode, FTS5 for search,
//! versioned migrations run at open.
//!
//! Writes of one document run in one `BEGIN IMMEDIATE` transaction, so a
//! crash or a cancelled request leaves no half document. Speakers are created
//! with `INSERT ... ON CONFLICT (name_key) DO NOTHING` and documents with
//! `ON CONFLICT (content_sha256) DO NOTHING`, so the same statements stay
//! race-safe on PostgreSQL, where writers do not serialize. Triggers keep
//! the FTS rows and `speakers.statement_count` in step with `statements`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};
use verbatim_core::names::name_key;

use crate::DirectoryEntry;
use crate::common::{
    Candidate, DOCUMENT_COLUMNS, MatchWalk, OldStatement, PreparedSpeaker, PreparedStatement,
    RANK_WINDOW, STATEMENT_COLUMNS, SearchPosition, WALK_LIMIT, add_roles, document_columns,
    document_from_row, document_speaker_count, facet_groups_sql, facet_row, facets_from_rows,
    is_estimate, limit, migrator, next_search_cursor, page_size, plan_statements,
    prepare_off_thread, push_alias, rank_by_recency, resume_search, sort_rows_by_ids,
    speaker_search_keys, statement_from_row,
};
use crate::cursor::{self, Cursor};
use crate::resolve::{self, Db, Mention};
use crate::{
    CorrectionRecord, DocumentFilter, DocumentRecord, DocumentView, Facets, IngestOutcome,
    NewDocument, Page, PageRequest, ReparseOutcome, SearchHit, SearchOrder, SearchRequest,
    SpeakerCorrection, SpeakerOrder, SpeakerQuery, SpeakerRecord, StatementRecord, Store,
    StoreError, fts,
};

/// How long a write waits for another writer before failing as unavailable.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The SQL migrations of `migrations/sqlite`, listed by `build.rs`:
/// (version, description, SQL).
const MIGRATIONS: &[(i64, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/sqlite_migrations.rs"));

/// The embedded [`Store`]: one SQLite file (WAL journal, foreign keys on,
/// busy timeout), FTS5 over analysed statement text. Cheap to clone: clones
/// share one connection pool.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

/// A value bound to a dynamically built statement.
enum Value {
    Int(i64),
    Text(String),
}

type SqlQuery<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments>;

/// A dynamically built statement: SQL text made only of constants written
/// here, and its bound values.
fn build(sql: String, values: Vec<Value>) -> SqlQuery<'static> {
    let mut query = sqlx::query(AssertSqlSafe(sql));
    for value in values {
        query = match value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
        };
    }
    query
}

/// A JSON array of values, bound once and read with `json_each`.
fn json_list<T: serde::Serialize>(values: &[T]) -> Value {
    Value::Text(serde_json::to_string(values).unwrap_or_else(|_| "[]".into()))
}

/// Copies bound values.
fn copy_values(values: &[Value]) -> Vec<Value> {
    values
        .iter()
        .map(|v| match v {
            Value::Int(i) => Value::Int(*i),
            Value::Text(s) => Value::Text(s.clone()),
        })
        .collect()
}

/// The structured filters of a search on `statements s`, each as
/// ` AND condition`, with their values.
fn statement_filters(request: &SearchRequest) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut values = Vec::new();
    match request.speakers.as_slice() {
        [] => {}
        // One speaker: an equality, so that its index gives time order.
        [speaker] => {
            sql.push_str(" AND s.speaker_id = ?");
            values.push(Value::Int(*speaker));
        }
        speakers => {
            sql.push_str(" AND s.speaker_id IN (SELECT value FROM json_each(?))");
            values.push(json_list(speakers));
        }
    }
    if !request.documents.is_empty() {
        sql.push_str(" AND s.document_id IN (SELECT value FROM json_each(?))");
        values.push(json_list(&request.documents));
    }
    if !request.languages.is_empty() {
        sql.push_str(" AND s.language IN (SELECT value FROM json_each(?))");
        values.push(json_list(&request.languages));
    }
    if !request.kinds.is_empty() {
        let kinds: Vec<&str> = request.kinds.iter().map(|k| k.as_str()).collect();
        sql.push_str(" AND s.kind IN (SELECT value FROM json_each(?))");
        values.push(json_list(&kinds));
    }
    if let Some(t) = request.time_from {
        sql.push_str(" AND s.time >= ?");
        values.push(Value::Int(t));
    }
    if let Some(t) = request.time_to {
        sql.push_str(" AND s.time < ?");
        values.push(Value::Int(t));
    }
    (sql, values)
}

/// Most statements (summed over the requested speakers) for which a text
/// search filtered by speakers alone tests the speaker against a set of the
/// speakers' statement ids rather than by reading each match's `statements`
/// row. Building the set reads the speakers' `(speaker_id, time, id)` index
/// entries once; each FTS match then costs an in-memory lookup instead of a
/// table b-tree descent. Past this size, building the set (a few ms per
/// 10,000 ids) costs more than a rare word's few joined rows would; below
/// it, a common word's walk pays for it many times over (a speaker with
/// 80,000 of 1M statements and a common word: see BENCHMARKS.md).
const SPEAKER_SET_LIMIT: i64 = 100_000;

/// For a text search whose only structured filter is its speakers: the
/// speaker test as a condition on the FTS rowid, with its values.
///
/// The unary `+` keeps the condition away from FTS5's `xBestIndex`: offered
/// `rowid IN (...)`, SQLite would restart the FTS cursor once per id, and
/// every restart makes `bm25()` recount its phrases over the whole index.
fn speaker_set_filter(request: &SearchRequest) -> Option<(String, Vec<Value>)> {
    let only_speakers = !request.speakers.is_empty()
        && request.documents.is_empty()
        && request.languages.is_empty()
        && request.kinds.is_empty()
        && request.time_from.is_none()
        && request.time_to.is_none();
    if !only_speakers {
        return None;
    }
    Some(match request.speakers.as_slice() {
        [speaker] => (
            " AND +statement_fts.rowid IN (SELECT id FROM statements WHERE speaker_id = ?)"
                .to_string(),
            vec![Value::Int(*speaker)],
        ),
        speakers => (
            " AND +statement_fts.rowid IN (SELECT id FROM statements \
             WHERE speaker_id IN (SELECT value FROM json_each(?)))"
                .to_string(),
            vec![json_list(speakers)],
        ),
    })
}

/// How many collected and sorted matches one full-text probe along the time
/// index costs (FTS5 sets up a cursor per probe; measured on the benchmark
/// corpus, release build).
const PROBE_COST: i64 = 40;

/// The budget of a probing scan, in candidate rows, as a multiple of the
/// probes expected when matches are spread evenly over time.
const PROBE_SLACK: i64 = 4;

/// Fewest candidate rows a probing scan may read before giving up.
const MIN_PROBE_BUDGET: i64 = 500;

/// Whether a time-ordered text search of `total` matches among about
/// `statements` ids should walk the time index and probe the full-text index
/// row by row (about `limit * statements / total` probes) rather than
/// collect and sort every match; if so, how many candidate rows the walk may
/// read before falling back to collecting (matches bunched at the other end
/// of time would otherwise make it read everything).
fn probe_budget(total: i64, statements: i64, limit: i64) -> Option<i64> {
    if total <= 0 {
        return None;
    }
    let expected = (i128::from(limit) * i128::from(statements.max(1)) + i128::from(total) - 1)
        / i128::from(total);
    if expected * i128::from(PROBE_COST) >= i128::from(total) {
        return None;
    }
    let budget = expected * i128::from(PROBE_SLACK) + i128::from(MIN_PROBE_BUDGET);
    Some(i64::try_from(budget).unwrap_or(i64::MAX))
}

/// How a time-ordered page is read.
#[derive(Debug, Clone, Copy)]
enum Scan {
    /// Collect every match (FTS first when there is text) and sort.
    Collect,
    /// Walk the time index (or a speaker's), probing the full-text index
    /// per row, up to this (time, id), inclusive.
    Probe { until: Option<(i64, i64)> },
}

/// A time-ordered search page.
struct ByTime<'a> {
    matches: &'a Matches<'a>,
    descending: bool,
    /// The (time, id) the page continues after.
    after: Option<(i64, i64)>,
    /// Rows to read.
    limit: i64,
}

impl ByTime<'_> {
    /// The comparison past the cursor and the sort direction.
    fn direction(&self) -> (&'static str, &'static str) {
        if self.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        }
    }

    /// Appends the structured filters and the cursor's position.
    fn push_filters(&self, sql: &mut String, values: &mut Vec<Value>) {
        sql.push_str(self.matches.filter_sql);
        values.extend(copy_values(self.matches.filter_values));
        if let Some((t, id)) = self.after {
            sql.push_str(&format!(
                " AND (s.time, s.id) {} (?, ?)",
                self.direction().0
            ));
            values.extend([Value::Int(t), Value::Int(id)]);
        }
    }

    /// The page's statement.
    fn sql(&self, scan: Scan) -> (String, Vec<Value>) {
        let m = self.matches;
        let (_, dir) = self.direction();
        let mut values = Vec::new();
        let mut sql = format!("SELECT {STATEMENT_COLUMNS}, 0.0 AS rank FROM ");
        match (m.expression, scan) {
            (Some(expression), Scan::Collect) => {
                // FTS first (CROSS JOIN), sorting only (time, id); the
                // page's rows are read afterwards.
                sql.push_str(
                    "(SELECT s.id AS id, s.time AS time \
                     FROM statement_fts CROSS JOIN statements s ON s.id = statement_fts.rowid \
                     WHERE statement_fts MATCH ? AND statement_fts.rowid <= ?",
                );
                values.push(Value::Text(expression.to_string()));
                values.push(Value::Int(m.snapshot));
                self.push_filters(&mut sql, &mut values);
                sql.push_str(&format!(
                    " ORDER BY s.time {dir}, s.id {dir} LIMIT ?) c \
                     JOIN statements s ON s.id = c.id \
                     LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                     ORDER BY c.time {dir}, c.id {dir}"
                ));
                values.push(Value::Int(self.limit));
                return (sql, values);
            }
            (expression, _) => {
                sql.push_str(
                    "statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                     WHERE s.id <= ?",
                );
                values.push(Value::Int(m.snapshot));
                if let Some(expression) = expression {
                    sql.push_str(
                        " AND EXISTS (SELECT 1 FROM statement_fts \
                         WHERE statement_fts MATCH ? AND statement_fts.rowid = s.id)",
                    );
                    values.push(Value::Text(expression.to_string()));
                }
            }
        }
        self.push_filters(&mut sql, &mut values);
        if let Scan::Probe {
            until: Some((t, id)),
        } = scan
        {
            let cmp = if self.descending { ">=" } else { "<=" };
            sql.push_str(&format!(" AND (s.time, s.id) {cmp} (?, ?)"));
            values.extend([Value::Int(t), Value::Int(id)]);
        }
        sql.push_str(&format!(" ORDER BY s.time {dir}, s.id {dir} LIMIT ?"));
        values.push(Value::Int(self.limit));
        (sql, values)
    }

    /// The (time, id) of the `budget`-th statement past the cursor that
    /// passes the structured filters, in page order: how far a probing scan
    /// may read.
    fn boundary_sql(&self, budget: i64) -> (String, Vec<Value>) {
        let (_, dir) = self.direction();
        let mut sql = "SELECT s.time, s.id FROM statements s WHERE s.id <= ?".to_string();
        let mut values = vec![Value::Int(self.matches.snapshot)];
        self.push_filters(&mut sql, &mut values);
        sql.push_str(&format!(
            " ORDER BY s.time {dir}, s.id {dir} LIMIT 1 OFFSET ?"
        ));
        values.push(Value::Int(budget - 1));
        (sql, values)
    }
}

/// The statements a search matches: its text, snapshot and filters.
struct Matches<'a> {
    expression: Option<&'a str>,
    snapshot: i64,
    filter_sql: &'a str,
    filter_values: &'a [Value],
    /// The same filters as a condition on `statement_fts.rowid` alone (see
    /// [`speaker_set_filter`]), when the matches are to be read that way.
    fts_filter: Option<&'a (String, Vec<Value>)>,
}

impl Matches<'_> {
    /// `FROM ... WHERE ...` of the matches, the id expression to order them
    /// by (the FTS rowid when there is text, so that FTS5 walks its doclist
    /// in rowid order), and the bound values.
    fn select(&self) -> (String, &'static str, Vec<Value>) {
        let mut values = Vec::new();
        let (sql, key) = match self.expression {
            Some(expression) => {
                values.push(Value::Text(expression.to_string()));
                values.push(Value::Int(self.snapshot));
                if let Some((fts_filter, fts_values)) = self.fts_filter {
                    values.extend(copy_values(fts_values));
                    return (
                        format!(
                            "FROM statement_fts WHERE statement_fts MATCH ? \
                             AND statement_fts.rowid <= ?{fts_filter}"
                        ),
                        "statement_fts.rowid",
                        values,
                    );
                }
                if self.filter_sql.is_empty() {
                    (
                        "FROM statement_fts WHERE statement_fts MATCH ? \
                         AND statement_fts.rowid <= ?"
                            .to_string(),
                        "statement_fts.rowid",
                    )
                } else {
                    (
                        // CROSS JOIN: FTS first. The other way round, every
                        // row of a filter would cost a full-text probe.
                        format!(
                            "FROM statement_fts CROSS JOIN statements s \
                             ON s.id = statement_fts.rowid \
                             WHERE statement_fts MATCH ? AND statement_fts.rowid <= ?{}",
                            self.filter_sql
                        ),
                        "statement_fts.rowid",
                    )
                }
            }
            None => {
                values.push(Value::Int(self.snapshot));
                (
                    format!("FROM statements s WHERE s.id <= ?{}", self.filter_sql),
                    "s.id",
                )
            }
        };
        values.extend(copy_values(self.filter_values));
        (sql, key, values)
    }
}

/// Resolves a document speaker to a speaker (see [`crate::resolve`]);
/// `None` when its name has no key (no letters or digits). Adds its aliases
/// and roles.
async fn resolve_speaker(
    tx: &mut Transaction<'static, Sqlite>,
    speaker: &PreparedSpeaker,
    document_id: i64,
    language: &str,
) -> Result<Option<i64>, StoreError> {
    let Some(identity) = &speaker.identity else {
        return Ok(None);
    };
    let mut db = Db::Sqlite(tx);
    let mention = Mention {
        name: &speaker.name,
        identity,
        organization: speaker.organization,
        language,
    };
    let id = resolve::resolve(&mut db, &mention).await?;
    resolve::add_aliases(&mut db, id, &speaker.aliases).await?;
    for role in &speaker.roles {
        sqlx::query(
            "INSERT INTO speaker_roles (speaker_id, role, document_id) VALUES (?, ?, ?) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(role)
        .bind(document_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(Some(id))
}

/// Inserts one statement and its full-text row.
async fn insert_statement(
    tx: &mut Transaction<'static, Sqlite>,
    document_id: i64,
    ordinal: usize,
    speaker_id: Option<i64>,
    s: &PreparedStatement,
    language: &str,
    time: i64,
) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO statements (document_id, ordinal, speaker_id, speaker_label, kind, \
         language, text, begin_utf8, begin_utf16, begin_code_points, end_utf8, end_utf16, \
         end_code_points, cue, time, mention) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(document_id)
    .bind(ordinal as i64)
    .bind(speaker_id)
    .bind(&s.label)
    .bind(s.kind.as_str())
    .bind(language)
    .bind(&s.text)
    .bind(s.begin.utf8)
    .bind(s.begin.utf16)
    .bind(s.begin.code_points)
    .bind(s.end.utf8)
    .bind(s.end.utf16)
    .bind(s.end.code_points)
    .bind(&s.cue)
    .bind(time)
    .bind(s.speaker.map(|i| i as i64))
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO statement_fts (rowid, terms) VALUES (?, ?)")
        .bind(id)
        .bind(&s.terms)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

impl SqliteStore {
    /// Opens (creating it and its parent directories when missing) the
    /// database file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            tokio::fs::create_dir_all(parent).await.map_err(|e| {
                StoreError::Unavailable(format!(
                    "cannot create directory {}: {e}",
                    parent.display()
                ))
            })?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        migrator(MIGRATIONS).run(&pool).await?;
        {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
            resolve::backfill_keys(&mut Db::Sqlite(&mut tx)).await?;
            tx.commit().await?;
        }
        tracing::info!(path = %path.display(), "sqlite store opened");
        Ok(SqliteStore { pool })
    }

    /// Walks the matches newest first (by id), at most [`WALK_LIMIT`] of
    /// them: their count, id range and, for `window`, the lower bound of the
    /// ranking window. FTS5 reads its doclist in rowid order for this: no
    /// ranking and no sort.
    async fn walk(&self, matches: &Matches<'_>, window: bool) -> Result<MatchWalk, StoreError> {
        let (select, key, mut values) = matches.select();
        values.push(Value::Int(WALK_LIMIT));
        let bound = if window {
            values.push(Value::Int(RANK_WINDOW - 1));
            "(SELECT id FROM m ORDER BY id DESC LIMIT 1 OFFSET ?)"
        } else {
            "NULL"
        };
        let row = build(
            format!(
                "WITH m AS MATERIALIZED (SELECT {key} AS id {select} ORDER BY {key} DESC LIMIT ?) \
                 SELECT COUNT(*), MAX(id), MIN(id), {bound} FROM m"
            ),
            values,
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(MatchWalk {
            count: row.try_get(0)?,
            newest: row.try_get(1)?,
            oldest: row.try_get(2)?,
            window_bound: row.try_get(3)?,
        })
    }

    /// Reads a time-ordered page by probing the full-text index along the
    /// time index, reading at most `budget` candidate rows; `None` when the
    /// budget ran out before the page was full (collect instead).
    async fn search_by_time_probing(
        &self,
        by_time: &ByTime<'_>,
        budget: i64,
    ) -> Result<Option<Vec<SqliteRow>>, StoreError> {
        let (sql, values) = by_time.boundary_sql(budget);
        let until: Option<(i64, i64)> = build(sql, values)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| Ok::<_, sqlx::Error>((row.try_get(0)?, row.try_get(1)?)))
            .transpose()?;
        let (sql, values) = by_time.sql(Scan::Probe { until });
        let rows = build(sql, values).fetch_all(&self.pool).await?;
        if until.is_some() && (rows.len() as i64) < by_time.limit {
            return Ok(None);
        }
        Ok(Some(rows))
    }

    /// The speaker-set form of a text search's filters (see
    /// [`speaker_set_filter`]) when it applies and the speakers' statements
    /// are few enough for it to pay.
    async fn speaker_set(
        &self,
        request: &SearchRequest,
        has_text: bool,
    ) -> Result<Option<(String, Vec<Value>)>, StoreError> {
        let Some(filter) = speaker_set_filter(request).filter(|_| has_text) else {
            return Ok(None);
        };
        let statements: i64 = sqlx::query_scalar(
            "SELECT COALESCE(SUM(statement_count), 0) FROM speakers \
             WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(serde_json::to_string(&request.speakers).unwrap_or_default())
        .fetch_one(&self.pool)
        .await?;
        Ok((statements <= SPEAKER_SET_LIMIT).then_some(filter))
    }

    /// The lowest statement id (0 when there is none).
    async fn lowest_id(&self) -> Result<i64, StoreError> {
        let low: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM statements")
            .fetch_one(&self.pool)
            .await?;
        Ok(low.unwrap_or(0))
    }

    /// Closes every connection; later calls fail as unavailable.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn document_id_by_sha(&self, sha: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT id FROM documents WHERE content_sha256 = ?")
                .bind(sha)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn all_statements(&self, document_id: i64) -> Result<Vec<StatementRecord>, StoreError> {
        let rows = build(
            format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s \
                 LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                 WHERE s.document_id = ? ORDER BY s.ordinal"
            ),
            vec![Value::Int(document_id)],
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(statement_from_row).collect()
    }

    async fn outcome(&self, id: i64, already_existed: bool) -> Result<IngestOutcome, StoreError> {
        Ok(IngestOutcome {
            document: self.get_document(id, DocumentView::Basic).await?,
            statements: self.all_statements(id).await?,
            already_existed,
        })
    }

    /// Speaker records of `ids`, in that order, with or without statements.
    async fn speakers_by_id(&self, ids: &[i64]) -> Result<Vec<SpeakerRecord>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut conn = self.pool.acquire().await?;
            let (name, _) = resolve::speaker_row(&mut Db::Sqlite(&mut conn), id).await?;
            rows.push((id, name));
        }
        self.speaker_records(rows).await
    }

    /// Speaker records for `rows` of (id, display_name), in that order.
    async fn speaker_records(
        &self,
        rows: Vec<(i64, String)>,
    ) -> Result<Vec<SpeakerRecord>, StoreError> {
        let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
        let mut records: Vec<SpeakerRecord> = rows
            .into_iter()
            .map(|(id, display_name)| SpeakerRecord {
                id,
                display_name,
                aliases: Vec::new(),
                roles: Vec::new(),
                role_evidence: Vec::new(),
                wikidata_id: None,
                languages: Vec::new(),
                statement_count: 0,
                document_count: 0,
                first_seen: None,
                last_seen: None,
            })
            .collect();
        if ids.is_empty() {
            return Ok(records);
        }
        let position: HashMap<i64, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let list = serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into());
        let pairs = |sql: &'static str| {
            sqlx::query_as::<_, (i64, String)>(sql)
                .bind(list.clone())
                .fetch_all(&self.pool)
        };
        for (id, alias) in pairs(
            "SELECT speaker_id, alias FROM speaker_aliases \
             WHERE speaker_id IN (SELECT value FROM json_each(?)) ORDER BY speaker_id, alias",
        )
        .await?
        {
            push_alias(&mut records[position[&id]], alias);
        }
        let seen = sqlx::query_as::<_, (i64, String, i64)>(
            "SELECT speaker_id, role, document_id FROM speaker_roles \
             WHERE speaker_id IN (SELECT value FROM json_each(?)) ORDER BY speaker_id, role, document_id DESC",
        )
        .bind(list.clone())
        .fetch_all(&self.pool)
        .await?;
        let titles = pairs(
            "SELECT speaker_id, role FROM speaker_titles \
             WHERE speaker_id IN (SELECT value FROM json_each(?)) ORDER BY speaker_id, role",
        )
        .await?;
        add_roles(&mut records, &position, seen, titles);
        for (id, wikidata) in pairs(
            "SELECT id, wikidata_id FROM speakers WHERE id IN (SELECT value FROM json_each(?)) AND wikidata_id IS NOT NULL",
        )
        .await?
        {
            records[position[&id]].wikidata_id = Some(wikidata);
        }
        for (id, language) in pairs(
            "SELECT DISTINCT speaker_id, language FROM statements \
             WHERE speaker_id IN (SELECT value FROM json_each(?)) ORDER BY speaker_id, language",
        )
        .await?
        {
            records[position[&id]].languages.push(language);
        }
        let stats = sqlx::query_as::<_, (i64, i64, i64, Option<i64>, Option<i64>)>(
            "SELECT speaker_id, COUNT(*), COUNT(DISTINCT document_id), MIN(time), MAX(time) \
             FROM statements WHERE speaker_id IN (SELECT value FROM json_each(?)) \
             GROUP BY speaker_id",
        )
        .bind(list.clone())
        .fetch_all(&self.pool)
        .await?;
        for (id, statements, documents, first, last) in stats {
            let record = &mut records[position[&id]];
            record.statement_count = statements;
            record.document_count = documents;
            record.first_seen = first;
            record.last_seen = last;
        }
        Ok(records)
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ingest(&self, document: NewDocument) -> Result<IngestOutcome, StoreError> {
        let sha = document.content_sha256.clone();
        if let Some(id) = self.document_id_by_sha(&sha).await? {
            tracing::debug!(document_id = id, sha256 = %sha, "document already stored");
            return self.outcome(id, true).await;
        }
        let prepared = prepare_off_thread(document).await?;
        let doc = &prepared.doc;
        let parsed = &doc.parsed;

        // IMMEDIATE: take the write lock first, so the transaction never has
        // to upgrade a read lock (which fails at once under contention).
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let existing: Option<i64> =
            sqlx::query_scalar("SELECT id FROM documents WHERE content_sha256 = ?")
                .bind(&sha)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(id) = existing {
            tx.rollback().await?;
            tracing::debug!(document_id = id, sha256 = %sha, "document stored concurrently");
            return self.outcome(id, true).await;
        }

        let outlet = doc.outlet.clone().or_else(|| parsed.outlet.clone());
        let publish_or_ingest = doc.publish_time.unwrap_or(doc.ingest_time);
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO documents (content_sha256, title, language, form, outlet, outlet_key, \
             source_url, publish_time, ingest_time, charset, parser_version, text, original, \
             text_len_utf8, text_len_utf16, text_len_code_points, statement_count, speaker_count) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) \
             ON CONFLICT (content_sha256) DO NOTHING RETURNING id",
        )
        .bind(&sha)
        .bind(&parsed.title)
        .bind(&parsed.language)
        .bind(parsed.form.as_str())
        .bind(outlet.as_deref())
        .bind(outlet.as_deref().map(str::to_lowercase))
        .bind(doc.source_url.as_deref())
        .bind(doc.publish_time)
        .bind(doc.ingest_time)
        .bind(&parsed.charset)
        .bind(&doc.parser_version)
        .bind(&parsed.text)
        .bind(&doc.original)
        .bind(prepared.length.utf8)
        .bind(prepared.length.utf16)
        .bind(prepared.length.code_points)
        .bind(prepared.statements.len() as i64)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(document_id) = inserted else {
            tx.rollback().await?;
            let id = self
                .document_id_by_sha(&sha)
                .await?
                .ok_or_else(|| StoreError::Internal("conflicting document vanished".into()))?;
            return self.outcome(id, true).await;
        };

        let mut speaker_ids = Vec::with_capacity(prepared.speakers.len());
        for speaker in &prepared.speakers {
            speaker_ids
                .push(resolve_speaker(&mut tx, speaker, document_id, &parsed.language).await?);
        }
        let mentions = resolve::mentions_of(&prepared.speakers, &speaker_ids);
        resolve::record_mentions(&mut Db::Sqlite(&mut tx), document_id, &mentions, &[]).await?;
        let mut distinct = BTreeSet::new();
        let mut unnamed = false;
        for (ordinal, s) in prepared.statements.iter().enumerate() {
            let speaker_id = s.speaker.and_then(|i| speaker_ids[i]);
            match speaker_id {
                Some(id) => {
                    distinct.insert(id);
                }
                None => unnamed = true,
            }
            insert_statement(
                &mut tx,
                document_id,
                ordinal,
                speaker_id,
                s,
                &parsed.language,
                publish_or_ingest,
            )
            .await?;
        }
        let speaker_count = distinct.len() as i64 + i64::from(unnamed);
        sqlx::query("UPDATE documents SET speaker_count = ? WHERE id = ?")
            .bind(speaker_count)
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(
            document_id,
            sha256 = %sha,
            statements = prepared.statements.len(),
            speakers = speaker_count,
            "document ingested"
        );
        self.outcome(document_id, false).await
    }

    async fn get_document(
        &self,
        id: i64,
        view: DocumentView,
    ) -> Result<DocumentRecord, StoreError> {
        let row = build(
            format!(
                "SELECT {} FROM documents WHERE id = ?",
                document_columns(view)
            ),
            vec![Value::Int(id)],
        )
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id,
        })?;
        document_from_row(&row, view)
    }

    async fn list_documents(
        &self,
        filter: &DocumentFilter,
        page: &PageRequest,
    ) -> Result<Page<DocumentRecord>, StoreError> {
        let size = page_size(page);
        let after = match cursor::decode(page.cursor.as_deref())? {
            None => None,
            Some(Cursor::Documents { t, id }) => Some((t, id)),
            Some(_) => return Err(cursor::wrong_kind()),
        };
        let mut conditions = vec!["1 = 1".to_string()];
        let mut values = Vec::new();
        if let Some(language) = &filter.language {
            conditions.push("language = ?".into());
            values.push(Value::Text(language.clone()));
        }
        if let Some(outlet) = &filter.outlet {
            conditions.push("outlet_key = ?".into());
            values.push(Value::Text(outlet.to_lowercase()));
        }
        if let Some(from) = filter.published_from {
            conditions.push("publish_time >= ?".into());
            values.push(Value::Int(from));
        }
        if let Some(to) = filter.published_to {
            conditions.push("publish_time < ?".into());
            values.push(Value::Int(to));
        }
        let filter_sql = conditions.join(" AND ");
        let count_values = values
            .iter()
            .map(|v| match v {
                Value::Int(i) => Value::Int(*i),
                Value::Text(s) => Value::Text(s.clone()),
            })
            .collect();
        let total: i64 = build(
            format!("SELECT COUNT(*) FROM documents WHERE {filter_sql}"),
            count_values,
        )
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        let mut sql = format!("SELECT {DOCUMENT_COLUMNS} FROM documents WHERE {filter_sql}");
        if let Some((t, id)) = after {
            sql.push_str(" AND (ingest_time < ? OR (ingest_time = ? AND id < ?))");
            values.extend([Value::Int(t), Value::Int(t), Value::Int(id)]);
        }
        sql.push_str(" ORDER BY ingest_time DESC, id DESC LIMIT ?");
        values.push(Value::Int(limit(size)));
        let rows = build(sql, values).fetch_all(&self.pool).await?;
        let mut items = rows
            .iter()
            .map(|r| document_from_row(r, DocumentView::Basic))
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = if items.len() > size {
            items.truncate(size);
            items.last().map(|d| {
                Cursor::Documents {
                    t: d.ingest_time,
                    id: d.id,
                }
                .encode()
            })
        } else {
            None
        };
        Ok(Page {
            items,
            next_cursor,
            total_size: total,
            total_is_estimate: false,
        })
    }

    async fn delete_document(&self, id: i64) -> Result<(), StoreError> {
        // Statements go by cascade; their triggers drop the index rows and
        // decrement the speakers' counts, all in this one statement.
        let result = sqlx::query("DELETE FROM documents WHERE id = ?")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if result.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                kind: "document",
                id,
            });
        }
        tracing::info!(document_id = id, "document deleted");
        Ok(())
    }

    async fn get_speaker(&self, id: i64) -> Result<SpeakerRecord, StoreError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, display_name FROM speakers WHERE id = ? AND statement_count > 0",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let row = row.ok_or(StoreError::NotFound {
            kind: "speaker",
            id,
        })?;
        self.speaker_records(vec![row])
            .await?
            .pop()
            .ok_or(StoreError::NotFound {
                kind: "speaker",
                id,
            })
    }

    async fn list_speakers(
        &self,
        query: &SpeakerQuery,
        page: &PageRequest,
    ) -> Result<Page<SpeakerRecord>, StoreError> {
        let size = page_size(page);
        let cursor = cursor::decode(page.cursor.as_deref())?;
        let mut filter_sql = "statement_count > 0".to_string();
        let mut filter_values: Vec<String> = Vec::new();
        let key = query.text.as_deref().map(name_key).unwrap_or_default();
        if !key.is_empty() {
            // A written form, or the surname or full name under any
            // transliteration ("Песков" finds Dmitry Peskov).
            let (surname, person_key) = speaker_search_keys(query.text.as_deref().unwrap_or(""));
            filter_sql.push_str(
                " AND (instr(name_key, ?) > 0 OR EXISTS (SELECT 1 FROM speaker_aliases a \
                 WHERE a.speaker_id = speakers.id AND instr(a.alias_key, ?) > 0) \
                 OR EXISTS (SELECT 1 FROM speaker_surnames su \
                 WHERE su.speaker_id = speakers.id AND su.surname = ?) \
                 OR EXISTS (SELECT 1 FROM speaker_keys k \
                 WHERE k.speaker_id = speakers.id AND k.key = ?))",
            );
            filter_values.extend([key.clone(), key.clone(), surname, person_key]);
        }
        let text_values = |values: &[String]| -> Vec<Value> {
            values.iter().map(|k| Value::Text(k.clone())).collect()
        };
        let total: i64 = build(
            format!("SELECT COUNT(*) FROM speakers WHERE {filter_sql}"),
            text_values(&filter_values),
        )
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        let mut sql =
            format!("SELECT id, display_name, statement_count FROM speakers WHERE {filter_sql}");
        let mut values = text_values(&filter_values);
        match (query.order, cursor) {
            (_, None) => {}
            (SpeakerOrder::StatementCountDesc, Some(Cursor::SpeakersByCount { c, n, id })) => {
                sql.push_str(
                    " AND (statement_count < ? OR (statement_count = ? AND \
                     (display_name > ? OR (display_name = ? AND id > ?))))",
                );
                values.extend([
                    Value::Int(c),
                    Value::Int(c),
                    Value::Text(n.clone()),
                    Value::Text(n),
                    Value::Int(id),
                ]);
            }
            (SpeakerOrder::DisplayName, Some(Cursor::SpeakersByName { n, id })) => {
                sql.push_str(" AND (display_name > ? OR (display_name = ? AND id > ?))");
                values.extend([Value::Text(n.clone()), Value::Text(n), Value::Int(id)]);
            }
            (_, Some(_)) => return Err(cursor::wrong_kind()),
        }
        sql.push_str(match query.order {
            SpeakerOrder::StatementCountDesc => {
                " ORDER BY statement_count DESC, display_name, id LIMIT ?"
            }
            SpeakerOrder::DisplayName => " ORDER BY display_name, id LIMIT ?",
        });
        values.push(Value::Int(limit(size)));
        let rows = build(sql, values).fetch_all(&self.pool).await?;
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let name: String = row.try_get("display_name")?;
            let count: i64 = row.try_get("statement_count")?;
            keys.push((id, name, count));
        }
        let next_cursor = if keys.len() > size {
            keys.truncate(size);
            keys.last().map(|(id, n, c)| {
                match query.order {
                    SpeakerOrder::StatementCountDesc => Cursor::SpeakersByCount {
                        c: *c,
                        n: n.clone(),
                        id: *id,
                    },
                    SpeakerOrder::DisplayName => Cursor::SpeakersByName {
                        n: n.clone(),
                        id: *id,
                    },
                }
                .encode()
            })
        } else {
            None
        };
        let items = self
            .speaker_records(keys.into_iter().map(|(id, n, _)| (id, n)).collect())
            .await?;
        Ok(Page {
            items,
            next_cursor,
            total_size: total,
            total_is_estimate: false,
        })
    }

    async fn document_ids(
        &self,
        outdated: Option<&str>,
        after: i64,
        limit: i64,
    ) -> Result<Vec<i64>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        Ok(resolve::document_ids(&mut Db::Sqlite(&mut conn), outdated, after, limit).await?)
    }

    async fn reparse_document(
        &self,
        id: i64,
        document: NewDocument,
    ) -> Result<ReparseOutcome, StoreError> {
        let prepared = prepare_off_thread(document).await?;
        let parsed = &prepared.doc.parsed;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let time: i64 = sqlx::query_scalar(
            "SELECT COALESCE(publish_time, ingest_time) FROM documents WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound {
            kind: "document",
            id,
        })?;
        let old: Vec<OldStatement> = sqlx::query_as(
            "SELECT id, begin_utf8, end_utf8, kind, text FROM statements WHERE document_id = ?",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let pinned = resolve::forget_mentions(&mut Db::Sqlite(&mut tx), id).await?;
        let mut speaker_ids = Vec::with_capacity(prepared.speakers.len());
        for speaker in &prepared.speakers {
            speaker_ids.push(resolve_speaker(&mut tx, speaker, id, &parsed.language).await?);
        }
        let plan = plan_statements(&old, &prepared.statements);
        for old_id in &plan.delete {
            // The trigger drops its index row and decrements its speaker.
            sqlx::query("DELETE FROM statements WHERE id = ?")
                .bind(old_id)
                .execute(&mut *tx)
                .await?;
        }
        // Kept statements take their new ordinals: move them out of the way.
        sqlx::query("UPDATE statements SET ordinal = -1 - ordinal WHERE document_id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for &(old_id, i) in &plan.keep {
            let s = &prepared.statements[i];
            let speaker_id = s.speaker.and_then(|k| speaker_ids[k]);
            let previous: Option<i64> =
                sqlx::query_scalar("SELECT speaker_id FROM statements WHERE id = ?")
                    .bind(old_id)
                    .fetch_one(&mut *tx)
                    .await?;
            sqlx::query(
                "UPDATE statements SET ordinal = ?, speaker_id = ?, speaker_label = ?, cue = ?, \
                 mention = ?, language = ?, begin_utf16 = ?, begin_code_points = ?, \
                 end_utf16 = ?, end_code_points = ? WHERE id = ?",
            )
            .bind(i as i64)
            .bind(speaker_id)
            .bind(&s.label)
            .bind(&s.cue)
            .bind(s.speaker.map(|k| k as i64))
            .bind(&parsed.language)
            .bind(s.begin.utf16)
            .bind(s.begin.code_points)
            .bind(s.end.utf16)
            .bind(s.end.code_points)
            .bind(old_id)
            .execute(&mut *tx)
            .await?;
            if previous != speaker_id {
                // No trigger counts updates.
                for (speaker, delta) in [(previous, -1), (speaker_id, 1)] {
                    sqlx::query(
                        "UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?",
                    )
                    .bind(delta)
                    .bind(speaker)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            // The analysis may have changed with the parser.
            sqlx::query("DELETE FROM statement_fts WHERE rowid = ?")
                .bind(old_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO statement_fts (rowid, terms) VALUES (?, ?)")
                .bind(old_id)
                .bind(&s.terms)
                .execute(&mut *tx)
                .await?;
        }
        for &i in &plan.insert {
            let s = &prepared.statements[i];
            let speaker_id = s.speaker.and_then(|k| speaker_ids[k]);
            insert_statement(&mut tx, id, i, speaker_id, s, &parsed.language, time).await?;
        }
        let speaker_count = document_speaker_count(&prepared, &speaker_ids);
        sqlx::query(
            "UPDATE documents SET title = ?, language = ?, form = ?, charset = ?, \
             parser_version = ?, text = ?, text_len_utf8 = ?, text_len_utf16 = ?, \
             text_len_code_points = ?, statement_count = ?, speaker_count = ? WHERE id = ?",
        )
        .bind(&parsed.title)
        .bind(&parsed.language)
        .bind(parsed.form.as_str())
        .bind(&parsed.charset)
        .bind(&prepared.doc.parser_version)
        .bind(&parsed.text)
        .bind(prepared.length.utf8)
        .bind(prepared.length.utf16)
        .bind(prepared.length.code_points)
        .bind(prepared.statements.len() as i64)
        .bind(speaker_count)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let mentions = resolve::mentions_of(&prepared.speakers, &speaker_ids);
        resolve::record_mentions(&mut Db::Sqlite(&mut tx), id, &mentions, &pinned).await?;
        tx.commit().await?;
        let outcome = ReparseOutcome {
            kept: plan.keep.len(),
            added: plan.insert.len(),
            removed: plan.delete.len(),
        };
        tracing::info!(
            document_id = id,
            kept = outcome.kept,
            added = outcome.added,
            removed = outcome.removed,
            "document re-parsed"
        );
        Ok(outcome)
    }

    async fn apply_directory(&self, entries: &[DirectoryEntry]) -> Result<Vec<i64>, StoreError> {
        let mut ids = Vec::with_capacity(entries.len());
        for entry in entries {
            let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
            ids.push(resolve::pin_entry(&mut Db::Sqlite(&mut tx), entry).await?);
            tx.commit().await?;
        }
        Ok(ids)
    }

    async fn correct_speakers(
        &self,
        correction: &SpeakerCorrection,
        actor: &str,
    ) -> Result<Vec<SpeakerRecord>, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let ids = resolve::apply(&mut Db::Sqlite(&mut tx), correction, actor).await?;
        tx.commit().await?;
        self.speakers_by_id(&ids).await
    }

    async fn list_speaker_corrections(
        &self,
        page: &PageRequest,
    ) -> Result<Page<CorrectionRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        resolve::corrections(&mut Db::Sqlite(&mut conn), page).await
    }

    async fn get_statement(&self, id: i64) -> Result<StatementRecord, StoreError> {
        let row = build(
            format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s \
                 LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ?"
            ),
            vec![Value::Int(id)],
        )
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound {
            kind: "statement",
            id,
        })?;
        statement_from_row(&row)
    }

    async fn list_statements(
        &self,
        document_id: i64,
        page: &PageRequest,
    ) -> Result<Page<StatementRecord>, StoreError> {
        let size = page_size(page);
        let after = match cursor::decode(page.cursor.as_deref())? {
            None => -1,
            Some(Cursor::Statements { doc, o }) if doc == document_id => o,
            Some(_) => return Err(cursor::wrong_kind()),
        };
        let total: Option<i64> =
            sqlx::query_scalar("SELECT statement_count FROM documents WHERE id = ?")
                .bind(document_id)
                .fetch_optional(&self.pool)
                .await?;
        let total = total.ok_or(StoreError::NotFound {
            kind: "document",
            id: document_id,
        })?;
        let rows = build(
            format!(
                "SELECT {STATEMENT_COLUMNS} FROM statements s \
                 LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                 WHERE s.document_id = ? AND s.ordinal > ? ORDER BY s.ordinal LIMIT ?"
            ),
            vec![
                Value::Int(document_id),
                Value::Int(after),
                Value::Int(limit(size)),
            ],
        )
        .fetch_all(&self.pool)
        .await?;
        let mut items = rows
            .iter()
            .map(statement_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let next_cursor = if items.len() > size {
            items.truncate(size);
            items.last().map(|s| {
                Cursor::Statements {
                    doc: document_id,
                    o: s.ordinal,
                }
                .encode()
            })
        } else {
            None
        };
        Ok(Page {
            items,
            next_cursor,
            total_size: total,
            total_is_estimate: false,
        })
    }

    async fn search_statements(
        &self,
        request: &SearchRequest,
        page: &PageRequest,
    ) -> Result<Page<SearchHit>, StoreError> {
        let size = page_size(page);
        let expression = fts::compile(&request.query);
        // Without text there is no relevance: list newest first.
        let order = match (&expression, request.order) {
            (None, SearchOrder::Relevance) => SearchOrder::TimeDesc,
            (_, order) => order,
        };
        let resume = resume_search(page.cursor.as_deref(), order)?;
        let snapshot = match resume.first {
            Some((s, _)) => s,
            None => {
                let max: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM statements")
                    .fetch_one(&self.pool)
                    .await?;
                max.unwrap_or(0)
            }
        };
        let (filter_sql, filter_values) = statement_filters(request);
        let fts_filter = self.speaker_set(request, expression.is_some()).await?;
        let matches = Matches {
            expression: expression.as_deref(),
            snapshot,
            filter_sql: &filter_sql,
            filter_values: &filter_values,
            fts_filter: fts_filter.as_ref(),
        };
        let mut lowest = None;
        let (total, bound) = match resume.first {
            Some((_, n)) => (n, resume.bound),
            None => {
                let walk = self.walk(&matches, order == SearchOrder::Relevance).await?;
                let total = if walk.is_exact() {
                    walk.count
                } else {
                    let low = self.lowest_id().await?;
                    lowest = Some(low);
                    walk.total(low)
                };
                (total, walk.window_bound)
            }
        };

        let offset = resume.offset;
        let mut weighted = None;
        let rows = match order {
            SearchOrder::Relevance if request.recency_half_life.is_some() => {
                let half_life = request.recency_half_life.unwrap_or(1);
                let (select, key, mut values) = matches.select();
                let mut sql = format!(
                    "SELECT c.id, c.score, s.time FROM (\
                     SELECT {key} AS id, bm25(statement_fts) AS score {select}"
                );
                if let Some(bound) = bound {
                    sql.push_str(&format!(" AND {key} >= ?"));
                    values.push(Value::Int(bound));
                }
                sql.push_str(") c JOIN statements s ON s.id = c.id");
                let candidates = build(sql, values)
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|row| {
                        Ok(Candidate {
                            id: row.try_get(0)?,
                            // bm25() is negative, lower is better.
                            relevance: -row.try_get::<f64, _>(1)?,
                            time: row.try_get(2)?,
                        })
                    })
                    .collect::<Result<Vec<_>, sqlx::Error>>()?;
                let ranked = rank_by_recency(
                    &candidates,
                    half_life,
                    usize::try_from(offset).unwrap_or(usize::MAX),
                    usize::try_from(limit(size)).unwrap_or(usize::MAX),
                );
                let ids: Vec<i64> = ranked.iter().map(|&(id, _)| id).collect();
                let mut rows = build(
                    format!(
                        "SELECT {STATEMENT_COLUMNS}, 0.0 AS rank FROM statements s \
                         LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                         WHERE s.id IN (SELECT value FROM json_each(?))"
                    ),
                    vec![json_list(&ids)],
                )
                .fetch_all(&self.pool)
                .await?;
                sort_rows_by_ids(&mut rows, &ids);
                weighted = Some(
                    ranked
                        .into_iter()
                        .map(|(_, score)| score)
                        .collect::<Vec<_>>(),
                );
                rows
            }
            SearchOrder::Relevance => {
                let (select, key, mut values) = matches.select();
                let mut sql = format!(
                    "SELECT {STATEMENT_COLUMNS}, r.score AS rank FROM (\
                     SELECT {key} AS id, bm25(statement_fts) AS score {select}"
                );
                if let Some(bound) = bound {
                    sql.push_str(&format!(" AND {key} >= ?"));
                    values.push(Value::Int(bound));
                }
                sql.push_str(
                    " ORDER BY score, id DESC LIMIT ? OFFSET ?) r \
                     JOIN statements s ON s.id = r.id \
                     LEFT JOIN speakers sp ON sp.id = s.speaker_id \
                     ORDER BY r.score, r.id DESC",
                );
                values.push(Value::Int(limit(size)));
                values.push(Value::Int(offset));
                build(sql, values).fetch_all(&self.pool).await?
            }
            SearchOrder::TimeDesc | SearchOrder::TimeAsc => {
                let by_time = ByTime {
                    matches: &matches,
                    descending: order == SearchOrder::TimeDesc,
                    after: resume.after,
                    limit: limit(size),
                };
                // Common words are faster checked row by row along the time
                // index than collected whole and sorted.
                let budget = match &expression {
                    None => None,
                    Some(_) => {
                        let low = match lowest {
                            Some(low) => low,
                            None => self.lowest_id().await?,
                        };
                        probe_budget(total, snapshot - low + 1, limit(size))
                    }
                };
                let probed = match budget {
                    Some(budget) => self.search_by_time_probing(&by_time, budget).await?,
                    None => None,
                };
                match probed {
                    Some(rows) => rows,
                    None => {
                        let (sql, values) = by_time.sql(Scan::Collect);
                        build(sql, values).fetch_all(&self.pool).await?
                    }
                }
            }
        };
        let mut items = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let rank: f64 = row.try_get("rank")?;
            let score = match (&weighted, order) {
                (Some(scores), _) => scores.get(i).copied().unwrap_or(0.0),
                (None, SearchOrder::Relevance) => -rank,
                (None, _) => 0.0,
            };
            items.push(SearchHit {
                statement: statement_from_row(row)?,
                score,
            });
        }
        let position = SearchPosition {
            order,
            snapshot,
            total,
            offset,
            bound,
        };
        let next_cursor = if items.len() > size {
            items.truncate(size);
            let last = &items[items.len() - 1].statement;
            Some(next_search_cursor(&position, size, last))
        } else {
            None
        };
        tracing::debug!(
            query = %request.query,
            hits = items.len(),
            total,
            "statements searched"
        );
        Ok(Page {
            items,
            next_cursor,
            total_size: total,
            total_is_estimate: is_estimate(total),
        })
    }

    async fn search_facets(
        &self,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Facets, StoreError> {
        let expression = fts::compile(&request.query);
        let (filter_sql, filter_values) = statement_filters(request);
        let fts_filter = self.speaker_set(request, expression.is_some()).await?;
        let matches = Matches {
            expression: expression.as_deref(),
            snapshot: i64::MAX,
            filter_sql: &filter_sql,
            filter_values: &filter_values,
            fts_filter: fts_filter.as_ref(),
        };
        let (select, key, mut values) = matches.select();
        values.push(Value::Int(WALK_LIMIT));
        let sql = format!(
            "WITH m AS MATERIALIZED (SELECT {key} AS id {select} ORDER BY {key} DESC LIMIT ?){}",
            facet_groups_sql()
        );
        let rows = build(sql, values).fetch_all(&self.pool).await?;
        let rows = rows.iter().map(facet_row).collect::<Result<_, _>>()?;
        Ok(facets_from_rows(rows, limit))
    }

    async fn document_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
            .fetch_one(&self.pool)
            .await?;
        Ok(count.max(0) as u64)
    }

    async fn secret(&self, name: &str, create: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        sqlx::query(
            "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(create)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM secrets WHERE name = ?")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_database_maps_to_storage_full() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("full.db"))
            .await
            .unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        sqlx::query(AssertSqlSafe(format!("PRAGMA max_page_count = {pages}")))
            .execute(&mut *conn)
            .await
            .unwrap();
        let error = sqlx::query("INSERT INTO secrets (name, value) VALUES ('big', ?)")
            .bind(vec![0u8; 1 << 20])
            .execute(&mut *conn)
            .await
            .unwrap_err();
        let mapped = StoreError::from(error);
        assert!(matches!(mapped, StoreError::StorageFull(_)), "{mapped:?}");
    }

    #[test]
    fn migrations_are_embedded_in_order() {
        assert_eq!(MIGRATIONS[0].0, 1);
        assert_eq!(MIGRATIONS[0].1, "initial");
        assert!(MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            MIGRATIONS[0]
                .2
                .contains("CREATE VIRTUAL TABLE statement_fts")
        );
    }
}
