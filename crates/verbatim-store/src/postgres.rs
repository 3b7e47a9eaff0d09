//! The shared store: PostgreSQL, for several replicas over one database.
//!
//! # Distribution plan (Citus)
//!
//! Documents and their statements are distributed by document id:
//! `documents` by `id`, and `statements` and `speaker_roles` by
//! `document_id`, colocated with it, so that ingesting, listing or deleting
//! one document touches one shard and runs on one worker. Every table keyed
//! by a document carries `document_id` in its primary key already; the
//! SHA-256 idempotency key lives in `document_shas`, distributed by
//! `content_sha256` (a unique constraint on `documents` would have to include
//! `id`). `speakers` and `speaker_aliases` are small and global: reference
//! tables, with `statement_count` moved to a per-shard rollup if its row
//! updates ever contend. Searches fan out to every shard (GIN per shard) and
//! merge by time or rank; `commit_counter` stays one coordinator row.
//! `document_shas` has no foreign key and `statements (id)` is indexed
//! without a unique constraint, as distributed tables require.
//!
//! # Writes
//!
//! Speakers are resolved first, each in its own short transaction
//! (`ON CONFLICT (name_key) DO NOTHING`, then read back), with the same rules
//! as SQLite. A speaker row is shared by all documents: created inside the
//! document's transaction, two documents naming the same new speakers in
//! different orders would deadlock on each other's uncommitted rows. A
//! failed ingest may thus leave a speaker without statements, which is
//! hidden like one whose documents were all deleted.
//!
//! Then the document is written in one transaction: claim its SHA-256 in
//! `document_shas` (`ON CONFLICT DO NOTHING`: a concurrent ingest of the same
//! bytes waits on the claim, then finds the stored document), insert the
//! document and the speakers' roles, take the next commit sequence number,
//! insert the statements in one `INSERT ... SELECT FROM UNNEST`, and add to
//! the speakers' statement counts, locking their rows in id order (deletes
//! lock them in the same order). Deadlocks and serialization failures are
//! retried.
//!
//! # Search snapshots
//!
//! Pages of a search must neither repeat nor skip hits when statements
//! arrive between pages. SQLite serializes writers, so the largest statement
//! id is a sound snapshot there; here ids are drawn before commit and commit
//! out of order (a reader may see id 12 committed while id 10 is still in
//! flight and shows up later), so `max(id)` is not. Instead each ingest
//! increments the single row of `commit_counter` inside its transaction and
//! stamps its statements with the value (`commit_seq`). The row lock is held
//! until commit and released only after the commit is visible, so values are
//! taken and become visible in order: a reader that sees value `n` committed
//! also sees every ingest with a smaller value. The first page reads the
//! committed counter as its snapshot; every page filters `commit_seq <=
//! snapshot`, so later pages see exactly the first page's statements (minus
//! deletions). The cost: the tail of ingests (statement insert to commit)
//! is serialized, which keeps them short.
//!
//! # Search plans
//!
//! The first page of a search walks its matches newest first (`ORDER BY id
//! DESC LIMIT EXACT_COUNT_LIMIT + 1`) to count them and find the ranking
//! window, then ranks with `id >= bound` (see the crate docs). With
//! statistics the planner reads common words off `statements_by_id`
//! backwards and stops at the limit, and rare ones off the GIN index; time
//! order uses `statements_by_time`, or `statements_by_speaker (speaker_id,
//! time, id)` for one speaker. Connections set `plan_cache_mode =
//! force_custom_plan`: a generic plan of these prepared statements cannot
//! tell a rare word from a common one and scanned the whole table for rare
//! words. The GIN index has `fastupdate` off, so searches never scan a
//! pending list (ingests write the index directly, somewhat slower).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use async_trait::async_trait;
use sqlx::migrate::{Migrate, MigrateError};
use sqlx::postgres::{PgArguments, PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, Postgres, Row, Transaction};
use verbatim_core::names::name_key;

use crate::common::{
    Candidate, DOCUMENT_COLUMNS, MatchWalk, OldStatement, Prepared, PreparedSpeaker,
    PreparedStatement, RANK_WINDOW, STATEMENT_COLUMNS, SearchPosition, WALK_LIMIT, add_roles,
    document_columns, document_from_row, document_speaker_count, facet_groups_sql, facet_row,
    facets_from_rows, is_estimate, limit, migrator, next_search_cursor, page_size, plan_statements,
    prepare_off_thread, push_alias, rank_by_recency, resume_search, sort_rows_by_ids,
    speaker_search_keys, statement_from_row,
};
use crate::cursor::{self, Cursor};
use crate::resolve::{self, Db, Mention};
use crate::{
    CorrectionRecord, DocumentFilter, DocumentRecord, DocumentView, Facets, IngestOutcome,
    NewDocument, Page, PageRequest, SearchHit, SearchOrder, SearchRequest, SpeakerCorrection,
    SpeakerOrder, SpeakerQuery, SpeakerRecord, StatementRecord, Store, StoreError, pg_fts,
};
use crate::{DirectoryEntry, ReparseOutcome};

/// The SQL migrations of `migrations/postgres`, listed by `build.rs`:
/// (version, description, SQL).
const MIGRATIONS: &[(i64, &str, &str)] =
    include!(concat!(env!("OUT_DIR"), "/postgres_migrations.rs"));

/// First key of the advisory lock held while migrating (`vrbm`); the second
/// is the hash of the schema, so that stores in different schemas of one
/// database migrate independently.
const MIGRATION_LOCK: i32 = 0x7672_626d;

/// How many times a write transaction is retried after a deadlock or a
/// serialization failure.
const WRITE_RETRIES: usize = 3;

/// Settings of [`PostgresStore::open_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostgresOptions {
    /// Most connections the pool opens.
    pub max_connections: u32,
    /// How long a request waits for a free connection before failing as
    /// unavailable.
    pub acquire_timeout: Duration,
}

impl Default for PostgresOptions {
    /// 10 connections, 30 seconds.
    fn default() -> Self {
        PostgresOptions {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(30),
        }
    }
}

/// The shared [`Store`] on PostgreSQL: a connection pool, versioned
/// migrations under an advisory lock, full text in a GIN-indexed `tsvector`.
/// Cheap to clone: clones share one pool.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// A value bound to a dynamically built statement.
#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
    Ints(Vec<i64>),
    Texts(Vec<String>),
}

type PgQuery = sqlx::query::Query<'static, Postgres, PgArguments>;

/// A dynamically built statement: SQL text made only of constants written
/// here, with `$n` placeholders for its bound values.
#[derive(Debug, Clone, Default)]
struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    /// Appends the placeholder of a new bound value.
    fn bind(&mut self, value: Value) -> &mut Sql {
        self.values.push(value);
        self.text.push_str(&format!("${}", self.values.len()));
        self
    }

    fn query(self) -> PgQuery {
        let mut query = sqlx::query(AssertSqlSafe(self.text));
        for value in self.values {
            query = match value {
                Value::Int(v) => query.bind(v),
                Value::Text(v) => query.bind(v),
                Value::Ints(v) => query.bind(v),
                Value::Texts(v) => query.bind(v),
            };
        }
        query
    }
}

/// Deadlocks and serialization failures: the transaction may succeed when
/// run again.
fn retryable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("40001" | "40P01")),
        _ => false,
    }
}

/// Resolves a document speaker to a speaker (see [`crate::resolve`]);
/// `None` when its name has no key (no letters or digits). Adds its aliases.
async fn resolve_speaker(
    tx: &mut PgConnection,
    speaker: &PreparedSpeaker,
    language: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let Some(identity) = &speaker.identity else {
        return Ok(None);
    };
    let mut db = Db::Pg(tx);
    let mention = Mention {
        name: &speaker.name,
        identity,
        organization: speaker.organization,
        language,
    };
    let id = resolve::resolve(&mut db, &mention).await?;
    resolve::add_aliases(&mut db, id, &speaker.aliases).await?;
    Ok(Some(id))
}

/// Adds `delta` (per speaker id) to the speakers' statement counts, locking
/// their rows in id order so that concurrent writers cannot deadlock.
async fn add_statement_counts(
    tx: &mut Transaction<'static, Postgres>,
    delta: &BTreeMap<i64, i64>,
) -> Result<(), sqlx::Error> {
    if delta.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = delta.keys().copied().collect();
    let counts: Vec<i64> = delta.values().copied().collect();
    sqlx::query("SELECT id FROM speakers WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
        .bind(&ids)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE speakers SET statement_count = speakers.statement_count + c.n \
         FROM UNNEST($1::bigint[], $2::bigint[]) AS c (id, n) WHERE speakers.id = c.id",
    )
    .bind(&ids)
    .bind(&counts)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a write transaction of an ingest did.
enum Written {
    /// The document was stored under this id.
    Stored { id: i64, speaker_count: i64 },
    /// The same bytes were stored (maybe concurrently); nothing was written.
    Existing,
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://user:password@host:port/database`,
    /// with the options PostgreSQL URLs take, for example
    /// `?options=-csearch_path%3Dverbatim` to use a schema) with the default
    /// [`PostgresOptions`], and brings its schema up to date.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        PostgresStore::open_with(url, &PostgresOptions::default()).await
    }

    /// Connects to the database at `url` with `options`, and brings its
    /// schema up to date. Replicas may open one database at the same time:
    /// migrations run one replica at a time, under an advisory lock.
    pub async fn open_with(
        url: &str,
        options: &PostgresOptions,
    ) -> Result<PostgresStore, StoreError> {
        let connect: PgConnectOptions = url
            .parse()
            .map_err(|e| StoreError::Unavailable(format!("invalid postgresql url: {e}")))?;
        // Plan every statement for its values: a search's cost depends on
        // how common its words are, and a generic plan (chosen after a few
        // runs of a prepared statement) walks the id or time index hoping
        // to stop early, reading the whole table for a rare word.
        let connect = connect.options([("plan_cache_mode", "force_custom_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(options.max_connections.max(1))
            .min_connections(0)
            .acquire_timeout(options.acquire_timeout)
            .idle_timeout(Duration::from_secs(600))
            .connect_with(connect.clone())
            .await?;
        migrate(&pool).await?;
        {
            let mut tx = pool.begin().await?;
            resolve::backfill_keys(&mut Db::Pg(&mut tx)).await?;
            tx.commit().await?;
        }
        tracing::info!(
            host = connect.get_host(),
            port = connect.get_port(),
            database = connect.get_database().unwrap_or_default(),
            max_connections = options.max_connections,
            "postgresql store opened"
        );
        Ok(PostgresStore { pool })
    }

    /// Closes every connection; later calls fail as unavailable.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn document_id_by_sha(&self, sha: &str) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT document_id FROM document_shas WHERE content_sha256 = $1")
                .bind(sha)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn all_statements(&self, document_id: i64) -> Result<Vec<StatementRecord>, StoreError> {
        let mut sql = Sql::new(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements s \
             LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.document_id = "
        ));
        sql.bind(Value::Int(document_id))
            .push(" ORDER BY s.ordinal");
        let rows = sql.query().fetch_all(&self.pool).await?;
        rows.iter().map(statement_from_row).collect()
    }

    async fn outcome(&self, id: i64, already_existed: bool) -> Result<IngestOutcome, StoreError> {
        Ok(IngestOutcome {
            document: self.get_document(id, DocumentView::Basic).await?,
            statements: self.all_statements(id).await?,
            already_existed,
        })
    }

    /// Resolves the document's speakers to speaker ids, each in its own
    /// transaction.
    async fn resolve_speakers(&self, prepared: &Prepared) -> Result<Vec<Option<i64>>, sqlx::Error> {
        let mut ids = Vec::with_capacity(prepared.speakers.len());
        let language = &prepared.doc.parsed.language;
        for speaker in &prepared.speakers {
            let mut attempt = 0;
            let id = loop {
                let mut tx = self.pool.begin().await?;
                match resolve_speaker(&mut tx, speaker, language).await {
                    Ok(id) => {
                        tx.commit().await?;
                        break id;
                    }
                    // Moves of revisited mentions lock several speakers.
                    Err(e) if retryable(&e) && attempt < WRITE_RETRIES => {
                        attempt += 1;
                        tracing::debug!(attempt, error = %e, "speaker resolution retried");
                    }
                    Err(e) => return Err(e),
                }
            };
            ids.push(id);
        }
        Ok(ids)
    }

    /// The write transaction of an ingest.
    async fn write_document(
        &self,
        prepared: &Prepared,
        speaker_ids: &[Option<i64>],
    ) -> Result<Written, sqlx::Error> {
        let doc = &prepared.doc;
        let parsed = &doc.parsed;
        let mut tx = self.pool.begin().await?;
        let claimed: Option<i64> = sqlx::query_scalar(
            "INSERT INTO document_shas (content_sha256, document_id) \
             VALUES ($1, nextval('document_ids')) \
             ON CONFLICT (content_sha256) DO NOTHING RETURNING document_id",
        )
        .bind(&doc.content_sha256)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(document_id) = claimed else {
            tx.rollback().await?;
            return Ok(Written::Existing);
        };

        let statement_speakers: Vec<Option<i64>> = prepared
            .statements
            .iter()
            .map(|s| s.speaker.and_then(|i| speaker_ids[i]))
            .collect();
        let mut delta: BTreeMap<i64, i64> = BTreeMap::new();
        for id in statement_speakers.iter().flatten() {
            *delta.entry(*id).or_default() += 1;
        }
        let unnamed = statement_speakers.iter().any(Option::is_none);
        let speaker_count = delta.len() as i64 + i64::from(unnamed);

        let outlet = doc.outlet.clone().or_else(|| parsed.outlet.clone());
        sqlx::query(
            "INSERT INTO documents (id, content_sha256, title, language, form, outlet, \
             outlet_key, source_url, publish_time, ingest_time, charset, parser_version, text, \
             original, text_len_utf8, text_len_utf16, text_len_code_points, statement_count, \
             speaker_count) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
             $17, $18, $19)",
        )
        .bind(document_id)
        .bind(&doc.content_sha256)
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
        .bind(speaker_count)
        .execute(&mut *tx)
        .await?;

        for (speaker, id) in prepared.speakers.iter().zip(speaker_ids) {
            let Some(id) = id else { continue };
            for role in &speaker.roles {
                sqlx::query(
                    "INSERT INTO speaker_roles (document_id, speaker_id, role) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(document_id)
                .bind(id)
                .bind(role)
                .execute(&mut *tx)
                .await?;
            }
        }

        // From here to commit, ingests run one at a time (see the module
        // documentation): keep this tail short.
        let seq: i64 = sqlx::query_scalar("UPDATE commit_counter SET seq = seq + 1 RETURNING seq")
            .fetch_one(&mut *tx)
            .await?;
        if !prepared.statements.is_empty() {
            let st = &prepared.statements;
            let ints =
                |f: &dyn Fn(&PreparedStatement) -> i64| -> Vec<i64> { st.iter().map(f).collect() };
            let texts = |f: &dyn Fn(&PreparedStatement) -> String| -> Vec<String> {
                st.iter().map(f).collect()
            };
            sqlx::query(
                "INSERT INTO statements (document_id, ordinal, speaker_id, speaker_label, kind, \
                 language, text, begin_utf8, begin_utf16, begin_code_points, end_utf8, \
                 end_utf16, end_code_points, cue, time, commit_seq, terms, mention) \
                 SELECT $1, u.ordinal, u.speaker_id, u.label, u.kind, $2, u.text, u.b8, u.b16, \
                 u.bcp, u.e8, u.e16, u.ecp, u.cue, $3, $4, u.terms::tsvector, u.mention \
                 FROM UNNEST($5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], \
                 $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], \
                 $15::bigint[], $16::text[], $17::text[], $18::bigint[]) \
                 AS u (ordinal, speaker_id, label, kind, text, b8, b16, bcp, e8, e16, ecp, cue, \
                 terms, mention) ORDER BY u.ordinal",
            )
            .bind(document_id)
            .bind(&parsed.language)
            .bind(doc.publish_time.unwrap_or(doc.ingest_time))
            .bind(seq)
            .bind((0..st.len() as i64).collect::<Vec<i64>>())
            .bind(&statement_speakers)
            .bind(texts(&|s| s.label.clone()))
            .bind(texts(&|s| s.kind.as_str().to_string()))
            .bind(texts(&|s| s.text.clone()))
            .bind(ints(&|s| s.begin.utf8))
            .bind(ints(&|s| s.begin.utf16))
            .bind(ints(&|s| s.begin.code_points))
            .bind(ints(&|s| s.end.utf8))
            .bind(ints(&|s| s.end.utf16))
            .bind(ints(&|s| s.end.code_points))
            .bind(texts(&|s| s.cue.clone()))
            .bind(texts(&|s| pg_fts::tsvector(&s.terms)))
            .bind(
                st.iter()
                    .map(|s| s.speaker.map(|i| i as i64))
                    .collect::<Vec<Option<i64>>>(),
            )
            .execute(&mut *tx)
            .await?;
        }
        add_statement_counts(&mut tx, &delta).await?;
        let mentions = resolve::mentions_of(&prepared.speakers, speaker_ids);
        resolve::record_mentions(&mut Db::Pg(&mut tx), document_id, &mentions, &[]).await?;
        tx.commit().await?;
        Ok(Written::Stored {
            id: document_id,
            speaker_count,
        })
    }

    /// The write transaction of a re-parse; `None` when there is no such
    /// document.
    async fn rewrite_document(
        &self,
        id: i64,
        prepared: &Prepared,
        speaker_ids: &[Option<i64>],
    ) -> Result<Option<ReparseOutcome>, sqlx::Error> {
        let parsed = &prepared.doc.parsed;
        let mut tx = self.pool.begin().await?;
        let time: Option<i64> = sqlx::query_scalar(
            "SELECT COALESCE(publish_time, ingest_time) FROM documents WHERE id = $1 FOR UPDATE",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(time) = time else {
            tx.rollback().await?;
            return Ok(None);
        };
        let rows: Vec<(i64, i64, i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, begin_utf8, end_utf8, kind, text, speaker_id FROM statements \
             WHERE document_id = $1",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let previous: HashMap<i64, Option<i64>> = rows.iter().map(|r| (r.0, r.5)).collect();
        let old: Vec<OldStatement> = rows
            .into_iter()
            .map(|(i, b, e, k, t, _)| (i, b, e, k, t))
            .collect();
        let pinned = resolve::forget_mentions(&mut Db::Pg(&mut tx), id).await?;
        for (speaker, sid) in prepared.speakers.iter().zip(speaker_ids) {
            let Some(sid) = sid else { continue };
            for role in &speaker.roles {
                sqlx::query(
                    "INSERT INTO speaker_roles (document_id, speaker_id, role) \
                     VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(sid)
                .bind(role)
                .execute(&mut *tx)
                .await?;
            }
        }
        let plan = plan_statements(&old, &prepared.statements);
        let new_speaker = |i: usize| prepared.statements[i].speaker.and_then(|k| speaker_ids[k]);
        let mut delta: BTreeMap<i64, i64> = BTreeMap::new();
        for old_id in &plan.delete {
            if let Some(Some(sid)) = previous.get(old_id) {
                *delta.entry(*sid).or_default() -= 1;
            }
        }
        for &(old_id, i) in &plan.keep {
            let before = previous.get(&old_id).copied().flatten();
            if before != new_speaker(i) {
                if let Some(sid) = before {
                    *delta.entry(sid).or_default() -= 1;
                }
                if let Some(sid) = new_speaker(i) {
                    *delta.entry(sid).or_default() += 1;
                }
            }
        }
        for &i in &plan.insert {
            if let Some(sid) = new_speaker(i) {
                *delta.entry(sid).or_default() += 1;
            }
        }
        sqlx::query("DELETE FROM statements WHERE id = ANY($1)")
            .bind(&plan.delete)
            .execute(&mut *tx)
            .await?;
        // Kept statements take their new ordinals: move them out of the way.
        sqlx::query("UPDATE statements SET ordinal = -1 - ordinal WHERE document_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        for &(old_id, i) in &plan.keep {
            let s = &prepared.statements[i];
            sqlx::query(
                "UPDATE statements SET ordinal = $1, speaker_id = $2, speaker_label = $3, \
                 cue = $4, mention = $5, language = $6, begin_utf16 = $7, \
                 begin_code_points = $8, end_utf16 = $9, end_code_points = $10, \
                 terms = $11::tsvector WHERE id = $12",
            )
            .bind(i as i64)
            .bind(new_speaker(i))
            .bind(&s.label)
            .bind(&s.cue)
            .bind(s.speaker.map(|k| k as i64))
            .bind(&parsed.language)
            .bind(s.begin.utf16)
            .bind(s.begin.code_points)
            .bind(s.end.utf16)
            .bind(s.end.code_points)
            .bind(pg_fts::tsvector(&s.terms))
            .bind(old_id)
            .execute(&mut *tx)
            .await?;
        }
        if !plan.insert.is_empty() {
            // New statements join searches after the pages already taken.
            let seq: i64 =
                sqlx::query_scalar("UPDATE commit_counter SET seq = seq + 1 RETURNING seq")
                    .fetch_one(&mut *tx)
                    .await?;
            for &i in &plan.insert {
                let s = &prepared.statements[i];
                sqlx::query(
                    "INSERT INTO statements (document_id, ordinal, speaker_id, speaker_label, \
                     kind, language, text, begin_utf8, begin_utf16, begin_code_points, end_utf8, \
                     end_utf16, end_code_points, cue, time, commit_seq, terms, mention) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
                     $16, $17::tsvector, $18)",
                )
                .bind(id)
                .bind(i as i64)
                .bind(new_speaker(i))
                .bind(&s.label)
                .bind(s.kind.as_str())
                .bind(&parsed.language)
                .bind(&s.text)
                .bind(s.begin.utf8)
                .bind(s.begin.utf16)
                .bind(s.begin.code_points)
                .bind(s.end.utf8)
                .bind(s.end.utf16)
                .bind(s.end.code_points)
                .bind(&s.cue)
                .bind(time)
                .bind(seq)
                .bind(pg_fts::tsvector(&s.terms))
                .bind(s.speaker.map(|k| k as i64))
                .execute(&mut *tx)
                .await?;
            }
        }
        add_statement_counts(&mut tx, &delta).await?;
        sqlx::query(
            "UPDATE documents SET title = $1, language = $2, form = $3, charset = $4, \
             parser_version = $5, text = $6, text_len_utf8 = $7, text_len_utf16 = $8, \
             text_len_code_points = $9, statement_count = $10, speaker_count = $11 WHERE id = $12",
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
        .bind(document_speaker_count(prepared, speaker_ids))
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let mentions = resolve::mentions_of(&prepared.speakers, speaker_ids);
        resolve::record_mentions(&mut Db::Pg(&mut tx), id, &mentions, &pinned).await?;
        tx.commit().await?;
        Ok(Some(ReparseOutcome {
            kept: plan.keep.len(),
            added: plan.insert.len(),
            removed: plan.delete.len(),
        }))
    }

    /// The write transaction of a delete; false when there is no such
    /// document.
    async fn remove_document(&self, id: i64) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // The row lock makes a concurrent delete of the same document wait,
        // then find nothing, so counts are decremented once.
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM documents WHERE id = $1 FOR UPDATE")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if found.is_none() {
            tx.rollback().await?;
            return Ok(false);
        }
        let counts: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT speaker_id, COUNT(*) FROM statements \
             WHERE document_id = $1 AND speaker_id IS NOT NULL GROUP BY speaker_id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let delta: BTreeMap<i64, i64> = counts.into_iter().map(|(s, n)| (s, -n)).collect();
        add_statement_counts(&mut tx, &delta).await?;
        sqlx::query("DELETE FROM document_shas WHERE document_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Statements and roles go by cascade.
        sqlx::query("DELETE FROM documents WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Speaker records of `ids`, in that order, with or without statements.
    async fn speakers_by_id(&self, ids: &[i64]) -> Result<Vec<SpeakerRecord>, StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut conn = self.pool.acquire().await?;
            let (name, _) = resolve::speaker_row(&mut Db::Pg(&mut conn), id).await?;
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
        let pairs = |sql: &'static str| {
            sqlx::query_as::<_, (i64, String)>(sql)
                .bind(ids.clone())
                .fetch_all(&self.pool)
        };
        for (id, alias) in pairs(
            "SELECT speaker_id, alias FROM speaker_aliases \
             WHERE speaker_id = ANY($1) ORDER BY speaker_id, alias",
        )
        .await?
        {
            push_alias(&mut records[position[&id]], alias);
        }
        let seen = sqlx::query_as::<_, (i64, String, i64)>(
            "SELECT speaker_id, role, document_id FROM speaker_roles \
             WHERE speaker_id = ANY($1) ORDER BY speaker_id, role, document_id DESC",
        )
        .bind(ids.clone())
        .fetch_all(&self.pool)
        .await?;
        let titles = pairs(
            "SELECT speaker_id, role FROM speaker_titles \
             WHERE speaker_id = ANY($1) ORDER BY speaker_id, role",
        )
        .await?;
        add_roles(&mut records, &position, seen, titles);
        for (id, wikidata) in pairs(
            "SELECT id, wikidata_id FROM speakers WHERE id = ANY($1) AND wikidata_id IS NOT NULL",
        )
        .await?
        {
            records[position[&id]].wikidata_id = Some(wikidata);
        }
        for (id, language) in pairs(
            "SELECT DISTINCT speaker_id, language FROM statements \
             WHERE speaker_id = ANY($1) ORDER BY speaker_id, language",
        )
        .await?
        {
            records[position[&id]].languages.push(language);
        }
        let stats = sqlx::query_as::<_, (i64, i64, i64, Option<i64>, Option<i64>)>(
            "SELECT speaker_id, COUNT(*), COUNT(DISTINCT document_id), MIN(time), MAX(time) \
             FROM statements WHERE speaker_id = ANY($1) GROUP BY speaker_id",
        )
        .bind(ids.clone())
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

/// Brings the schema up to date on one dedicated session holding an advisory
/// lock, so that replicas starting together migrate one after the other.
/// sqlx's own migration lock is not used: it is per database (stores in
/// separate schemas would wait on each other) and stays held by a pooled
/// connection when a migration fails. The session is closed at the end, or
/// when this future is dropped, which releases the lock in every case.
async fn migrate(pool: &PgPool) -> Result<(), StoreError> {
    let mut conn = pool.acquire().await?;
    conn.close_on_drop();
    sqlx::query("SELECT pg_advisory_lock($1, hashtext(coalesce(current_schema(), '')))")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    let result = apply_migrations(&mut conn).await;
    if let Err(e) = conn.close().await {
        tracing::debug!(error = %e, "closing the migration session failed");
    }
    result.map_err(StoreError::from)
}

/// What sqlx's `Migrator::run` does, on one connection: record table, then
/// every migration not applied yet, each in its own transaction with its
/// record; a checksum that changed, or an applied version this build does
/// not know, is an error.
async fn apply_migrations(conn: &mut PgConnection) -> Result<(), MigrateError> {
    const TABLE: &str = "_sqlx_migrations";
    conn.ensure_migrations_table(TABLE).await?;
    if let Some(version) = conn.dirty_version(TABLE).await? {
        return Err(MigrateError::Dirty(version));
    }
    let applied: HashMap<i64, Vec<u8>> = conn
        .list_applied_migrations(TABLE)
        .await?
        .into_iter()
        .map(|m| (m.version, m.checksum.into_owned()))
        .collect();
    let migrator = migrator(MIGRATIONS);
    if let Some(unknown) = applied
        .keys()
        .find(|v| !migrator.iter().any(|m| m.version == **v))
    {
        return Err(MigrateError::VersionMissing(*unknown));
    }
    for migration in migrator.iter() {
        match applied.get(&migration.version) {
            Some(checksum) if *checksum != *migration.checksum => {
                return Err(MigrateError::VersionMismatch(migration.version));
            }
            Some(_) => {}
            None => {
                let took = conn.apply(TABLE, migration).await?;
                tracing::info!(
                    version = migration.version,
                    description = %migration.description,
                    millis = took.as_millis() as u64,
                    "postgresql migration applied"
                );
            }
        }
    }
    Ok(())
}

/// Appends the search filters of `request` within `snapshot` (`s` being
/// statements).
fn search_filter(sql: &mut Sql, request: &SearchRequest, snapshot: i64, tsquery: Option<&str>) {
    sql.push("s.commit_seq <= ").bind(Value::Int(snapshot));
    if let Some(q) = tsquery {
        sql.push(" AND s.terms @@ ")
            .bind(Value::Text(q.to_string()))
            .push("::tsquery");
    }
    match request.speakers.as_slice() {
        [] => {}
        // One speaker: an equality, so that its index gives time order.
        [speaker] => {
            sql.push(" AND s.speaker_id = ").bind(Value::Int(*speaker));
        }
        speakers => {
            sql.push(" AND s.speaker_id = ANY(")
                .bind(Value::Ints(speakers.to_vec()))
                .push(")");
        }
    }
    if !request.documents.is_empty() {
        sql.push(" AND s.document_id = ANY(")
            .bind(Value::Ints(request.documents.clone()))
            .push(")");
    }
    if !request.languages.is_empty() {
        sql.push(" AND s.language = ANY(")
            .bind(Value::Texts(request.languages.clone()))
            .push(")");
    }
    if !request.kinds.is_empty() {
        let kinds = request
            .kinds
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        sql.push(" AND s.kind = ANY(")
            .bind(Value::Texts(kinds))
            .push(")");
    }
    if let Some(t) = request.time_from {
        sql.push(" AND s.time >= ").bind(Value::Int(t));
    }
    if let Some(t) = request.time_to {
        sql.push(" AND s.time < ").bind(Value::Int(t));
    }
}

impl PostgresStore {
    /// Walks the matches of a search newest first (by id), at most
    /// [`WALK_LIMIT`] of them: their count, id range and, for `window`, the
    /// lower bound of the ranking window.
    async fn walk(
        &self,
        request: &SearchRequest,
        snapshot: i64,
        tsquery: Option<&str>,
        window: bool,
    ) -> Result<MatchWalk, StoreError> {
        let mut sql = Sql::new("WITH m AS MATERIALIZED (SELECT s.id FROM statements s WHERE ");
        search_filter(&mut sql, request, snapshot, tsquery);
        sql.push(" ORDER BY s.id DESC LIMIT ")
            .bind(Value::Int(WALK_LIMIT))
            .push(") SELECT COUNT(*), MAX(id), MIN(id), ");
        if window {
            sql.push("(SELECT id FROM m ORDER BY id DESC OFFSET ")
                .bind(Value::Int(RANK_WINDOW - 1))
                .push(" LIMIT 1)");
        } else {
            sql.push("NULL::bigint");
        }
        sql.push(" FROM m");
        let row = sql.query().fetch_one(&self.pool).await?;
        Ok(MatchWalk {
            count: row.try_get(0)?,
            newest: row.try_get(1)?,
            oldest: row.try_get(2)?,
            window_bound: row.try_get(3)?,
        })
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn ingest(&self, document: NewDocument) -> Result<IngestOutcome, StoreError> {
        let sha = document.content_sha256.clone();
        if let Some(id) = self.document_id_by_sha(&sha).await? {
            tracing::debug!(document_id = id, sha256 = %sha, "document already stored");
            return self.outcome(id, true).await;
        }
        let prepared = prepare_off_thread(document).await?;
        let mut attempt = 0;
        let written = loop {
            let result = match self.resolve_speakers(&prepared).await {
                Ok(speaker_ids) => self.write_document(&prepared, &speaker_ids).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(written) => break written,
                Err(e) if retryable(&e) && attempt < WRITE_RETRIES => {
                    attempt += 1;
                    tracing::warn!(sha256 = %sha, attempt, error = %e, "ingest retried");
                }
                Err(e) => return Err(e.into()),
            }
        };
        match written {
            Written::Existing => {
                let id = self
                    .document_id_by_sha(&sha)
                    .await?
                    .ok_or_else(|| StoreError::Internal("conflicting document vanished".into()))?;
                tracing::debug!(document_id = id, sha256 = %sha, "document stored concurrently");
                self.outcome(id, true).await
            }
            Written::Stored { id, speaker_count } => {
                tracing::info!(
                    document_id = id,
                    sha256 = %sha,
                    statements = prepared.statements.len(),
                    speakers = speaker_count,
                    "document ingested"
                );
                self.outcome(id, false).await
            }
        }
    }

    async fn get_document(
        &self,
        id: i64,
        view: DocumentView,
    ) -> Result<DocumentRecord, StoreError> {
        let mut sql = Sql::new(&format!(
            "SELECT {} FROM documents WHERE id = ",
            document_columns(view)
        ));
        sql.bind(Value::Int(id));
        let row = sql
            .query()
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
        let where_clause = |sql: &mut Sql| {
            sql.push(" WHERE TRUE");
            if let Some(language) = &filter.language {
                sql.push(" AND language = ")
                    .bind(Value::Text(language.clone()));
            }
            if let Some(outlet) = &filter.outlet {
                sql.push(" AND outlet_key = ")
                    .bind(Value::Text(outlet.to_lowercase()));
            }
            if let Some(from) = filter.published_from {
                sql.push(" AND publish_time >= ").bind(Value::Int(from));
            }
            if let Some(to) = filter.published_to {
                sql.push(" AND publish_time < ").bind(Value::Int(to));
            }
        };
        let mut count = Sql::new("SELECT COUNT(*) FROM documents");
        where_clause(&mut count);
        let total: i64 = count.query().fetch_one(&self.pool).await?.try_get(0)?;
        let mut sql = Sql::new(&format!("SELECT {DOCUMENT_COLUMNS} FROM documents"));
        where_clause(&mut sql);
        if let Some((t, id)) = after {
            sql.push(" AND (ingest_time < ")
                .bind(Value::Int(t))
                .push(" OR (ingest_time = ")
                .bind(Value::Int(t))
                .push(" AND id < ")
                .bind(Value::Int(id))
                .push("))");
        }
        sql.push(" ORDER BY ingest_time DESC, id DESC LIMIT ")
            .bind(Value::Int(limit(size)));
        let rows = sql.query().fetch_all(&self.pool).await?;
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
        let mut attempt = 0;
        let deleted = loop {
            match self.remove_document(id).await {
                Ok(deleted) => break deleted,
                Err(e) if retryable(&e) && attempt < WRITE_RETRIES => {
                    attempt += 1;
                    tracing::warn!(document_id = id, attempt, error = %e, "delete retried");
                }
                Err(e) => return Err(e.into()),
            }
        };
        if !deleted {
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
            "SELECT id, display_name FROM speakers WHERE id = $1 AND statement_count > 0",
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
        let key = query.text.as_deref().map(name_key).unwrap_or_default();
        // A written form, or the surname or full name under any
        // transliteration ("Песков" finds Dmitry Peskov).
        let (surname, person_key) = speaker_search_keys(query.text.as_deref().unwrap_or(""));
        let where_clause = |sql: &mut Sql| {
            sql.push(" WHERE statement_count > 0");
            if !key.is_empty() {
                sql.push(" AND (strpos(name_key, ")
                    .bind(Value::Text(key.clone()))
                    .push(
                        ") > 0 OR EXISTS (SELECT 1 FROM speaker_aliases a \
                         WHERE a.speaker_id = speakers.id AND strpos(a.alias_key, ",
                    )
                    .bind(Value::Text(key.clone()))
                    .push(") > 0) OR EXISTS (SELECT 1 FROM speaker_surnames su WHERE su.speaker_id = speakers.id AND su.surname = ")
                    .bind(Value::Text(surname.clone()))
                    .push(") OR EXISTS (SELECT 1 FROM speaker_keys k WHERE k.speaker_id = speakers.id AND k.key = ")
                    .bind(Value::Text(person_key.clone()))
                    .push("))");
            }
        };
        let mut count = Sql::new("SELECT COUNT(*) FROM speakers");
        where_clause(&mut count);
        let total: i64 = count.query().fetch_one(&self.pool).await?.try_get(0)?;
        let mut sql = Sql::new("SELECT id, display_name, statement_count FROM speakers");
        where_clause(&mut sql);
        match (query.order, cursor) {
            (_, None) => {}
            (SpeakerOrder::StatementCountDesc, Some(Cursor::SpeakersByCount { c, n, id })) => {
                sql.push(" AND (statement_count < ")
                    .bind(Value::Int(c))
                    .push(" OR (statement_count = ")
                    .bind(Value::Int(c))
                    .push(" AND (display_name > ")
                    .bind(Value::Text(n.clone()))
                    .push(" OR (display_name = ")
                    .bind(Value::Text(n))
                    .push(" AND id > ")
                    .bind(Value::Int(id))
                    .push("))))");
            }
            (SpeakerOrder::DisplayName, Some(Cursor::SpeakersByName { n, id })) => {
                sql.push(" AND (display_name > ")
                    .bind(Value::Text(n.clone()))
                    .push(" OR (display_name = ")
                    .bind(Value::Text(n))
                    .push(" AND id > ")
                    .bind(Value::Int(id))
                    .push("))");
            }
            (_, Some(_)) => return Err(cursor::wrong_kind()),
        }
        sql.push(match query.order {
            SpeakerOrder::StatementCountDesc => {
                " ORDER BY statement_count DESC, display_name, id LIMIT "
            }
            SpeakerOrder::DisplayName => " ORDER BY display_name, id LIMIT ",
        })
        .bind(Value::Int(limit(size)));
        let rows = sql.query().fetch_all(&self.pool).await?;
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
        Ok(resolve::document_ids(&mut Db::Pg(&mut conn), outdated, after, limit).await?)
    }

    async fn reparse_document(
        &self,
        id: i64,
        document: NewDocument,
    ) -> Result<ReparseOutcome, StoreError> {
        let prepared = prepare_off_thread(document).await?;
        let mut attempt = 0;
        let outcome = loop {
            let result = match self.resolve_speakers(&prepared).await {
                Ok(speaker_ids) => self.rewrite_document(id, &prepared, &speaker_ids).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(outcome) => break outcome,
                Err(e) if retryable(&e) && attempt < WRITE_RETRIES => {
                    attempt += 1;
                    tracing::warn!(document_id = id, attempt, error = %e, "re-parse retried");
                }
                Err(e) => return Err(e.into()),
            }
        };
        let outcome = outcome.ok_or(StoreError::NotFound {
            kind: "document",
            id,
        })?;
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
            let mut tx = self.pool.begin().await?;
            ids.push(resolve::pin_entry(&mut Db::Pg(&mut tx), entry).await?);
            tx.commit().await?;
        }
        Ok(ids)
    }

    async fn correct_speakers(
        &self,
        correction: &SpeakerCorrection,
        actor: &str,
    ) -> Result<Vec<SpeakerRecord>, StoreError> {
        let mut attempt = 0;
        let ids = loop {
            let mut tx = self.pool.begin().await?;
            match resolve::apply(&mut Db::Pg(&mut tx), correction, actor).await {
                Ok(ids) => {
                    tx.commit().await?;
                    break ids;
                }
                // Deadlocks (merges lock several speakers) map to Unavailable.
                Err(StoreError::Unavailable(e)) if attempt < WRITE_RETRIES => {
                    attempt += 1;
                    tracing::debug!(attempt, error = %e, "speaker correction retried");
                }
                Err(e) => return Err(e),
            }
        };
        self.speakers_by_id(&ids).await
    }

    async fn list_speaker_corrections(
        &self,
        page: &PageRequest,
    ) -> Result<Page<CorrectionRecord>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        resolve::corrections(&mut Db::Pg(&mut conn), page).await
    }

    async fn get_statement(&self, id: i64) -> Result<StatementRecord, StoreError> {
        let mut sql = Sql::new(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements s \
             LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = "
        ));
        sql.bind(Value::Int(id));
        let row = sql
            .query()
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
            sqlx::query_scalar("SELECT statement_count FROM documents WHERE id = $1")
                .bind(document_id)
                .fetch_optional(&self.pool)
                .await?;
        let total = total.ok_or(StoreError::NotFound {
            kind: "document",
            id: document_id,
        })?;
        let mut sql = Sql::new(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM statements s \
             LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.document_id = "
        ));
        sql.bind(Value::Int(document_id))
            .push(" AND s.ordinal > ")
            .bind(Value::Int(after))
            .push(" ORDER BY s.ordinal LIMIT ")
            .bind(Value::Int(limit(size)));
        let rows = sql.query().fetch_all(&self.pool).await?;
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

    async fn search_facets(
        &self,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Facets, StoreError> {
        let tsquery = pg_fts::compile(&request.query);
        let mut sql = Sql::new("WITH m AS MATERIALIZED (SELECT s.id FROM statements s WHERE ");
        search_filter(&mut sql, request, i64::MAX, tsquery.as_deref());
        sql.push(" ORDER BY s.id DESC LIMIT ")
            .bind(Value::Int(WALK_LIMIT))
            .push(")")
            .push(&facet_groups_sql());
        let rows = sql.query().fetch_all(&self.pool).await?;
        let rows = rows.iter().map(facet_row).collect::<Result<_, _>>()?;
        Ok(facets_from_rows(rows, limit))
    }

    async fn search_statements(
        &self,
        request: &SearchRequest,
        page: &PageRequest,
    ) -> Result<Page<SearchHit>, StoreError> {
        let size = page_size(page);
        let tsquery = pg_fts::compile(&request.query);
        // Without text there is no relevance: list newest first.
        let order = match (&tsquery, request.order) {
            (None, SearchOrder::Relevance) => SearchOrder::TimeDesc,
            (_, order) => order,
        };
        let resume = resume_search(page.cursor.as_deref(), order)?;
        let snapshot = match resume.first {
            Some((s, _)) => s,
            None => {
                sqlx::query_scalar("SELECT seq FROM commit_counter")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        let (total, bound) = match resume.first {
            Some((_, n)) => (n, resume.bound),
            None => {
                let walk = self
                    .walk(
                        request,
                        snapshot,
                        tsquery.as_deref(),
                        order == SearchOrder::Relevance,
                    )
                    .await?;
                let total = if walk.is_exact() {
                    walk.count
                } else {
                    let lowest: Option<i64> =
                        sqlx::query_scalar("SELECT MIN(id) FROM statements WHERE commit_seq <= $1")
                            .bind(snapshot)
                            .fetch_one(&self.pool)
                            .await?;
                    walk.total(lowest.unwrap_or(0))
                };
                (total, walk.window_bound)
            }
        };

        let offset = resume.offset;
        let mut weighted = None;
        let rows = if let (Some(q), SearchOrder::Relevance, Some(half_life)) =
            (&tsquery, order, request.recency_half_life)
        {
            let mut sql = Sql::new("SELECT s.id, ts_rank(s.terms, ");
            sql.bind(Value::Text(q.clone()))
                .push("::tsquery)::float8, s.time FROM statements s WHERE ");
            search_filter(&mut sql, request, snapshot, tsquery.as_deref());
            if let Some(bound) = bound {
                sql.push(" AND s.id >= ").bind(Value::Int(bound));
            }
            let candidates = sql
                .query()
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|row| {
                    Ok(Candidate {
                        id: row.try_get(0)?,
                        relevance: row.try_get(1)?,
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
            let mut sql = Sql::new(&format!(
                "SELECT {STATEMENT_COLUMNS}, 0::float8 AS rank FROM statements s \
                 LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ANY("
            ));
            sql.bind(Value::Ints(ids.clone())).push(")");
            let mut rows = sql.query().fetch_all(&self.pool).await?;
            sort_rows_by_ids(&mut rows, &ids);
            weighted = Some(
                ranked
                    .into_iter()
                    .map(|(_, score)| score)
                    .collect::<Vec<_>>(),
            );
            rows
        } else {
            let mut sql = Sql::new(&format!("SELECT {STATEMENT_COLUMNS}, "));
            match (&tsquery, order) {
                (Some(q), SearchOrder::Relevance) => {
                    sql.push("ts_rank(s.terms, ")
                        .bind(Value::Text(q.clone()))
                        .push("::tsquery)::float8 AS rank");
                }
                _ => {
                    sql.push("0::float8 AS rank");
                }
            }
            sql.push(" FROM statements s LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE ");
            search_filter(&mut sql, request, snapshot, tsquery.as_deref());
            match order {
                SearchOrder::Relevance => {
                    if let Some(bound) = bound {
                        sql.push(" AND s.id >= ").bind(Value::Int(bound));
                    }
                    sql.push(" ORDER BY rank DESC, s.id DESC LIMIT ")
                        .bind(Value::Int(limit(size)))
                        .push(" OFFSET ")
                        .bind(Value::Int(offset));
                }
                SearchOrder::TimeDesc | SearchOrder::TimeAsc => {
                    let (cmp, dir) = if order == SearchOrder::TimeDesc {
                        (" < ", "DESC")
                    } else {
                        (" > ", "ASC")
                    };
                    if let Some((t, id)) = resume.after {
                        sql.push(&format!(" AND (s.time, s.id){cmp}("))
                            .bind(Value::Int(t))
                            .push(", ")
                            .bind(Value::Int(id))
                            .push(")");
                    }
                    sql.push(&format!(" ORDER BY s.time {dir}, s.id {dir} LIMIT "))
                        .bind(Value::Int(limit(size)));
                }
            }
            sql.query().fetch_all(&self.pool).await?
        };
        let mut items = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let rank: f64 = row.try_get("rank")?;
            let score = match &weighted {
                Some(scores) => scores.get(i).copied().unwrap_or(0.0),
                None => rank,
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

    async fn document_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents")
            .fetch_one(&self.pool)
            .await?;
        Ok(count.max(0) as u64)
    }

    async fn secret(&self, name: &str, create: Vec<u8>) -> Result<Vec<u8>, StoreError> {
        // A concurrent first insert makes this one wait, then do nothing; the
        // next statement reads the winner's value.
        sqlx::query(
            "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(create)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM secrets WHERE name = $1")
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

    #[test]
    fn migrations_are_embedded_in_order() {
        assert_eq!(MIGRATIONS[0].0, 1);
        assert_eq!(MIGRATIONS[0].1, "initial");
        assert!(MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(MIGRATIONS[0].2.contains("USING gin (terms)"));
    }

    #[test]
    fn statements_number_their_placeholders() {
        let mut sql = Sql::new("SELECT ");
        sql.bind(Value::Int(1))
            .push(" + ")
            .bind(Value::Text("x".into()));
        assert_eq!(sql.text, "SELECT $1 + $2");
        assert_eq!(sql.values.len(), 2);
    }
}
