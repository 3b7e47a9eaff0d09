//! Speaker identity across documents, written once for both stores.
//!
//! Each speaker of a document (a *mention*) is resolved to a global speaker
//! through indexed key tables, never a scan of speakers:
//!
//! 1. **Keys.** `speaker_keys` maps a key to one speaker (primary key, so
//!    concurrent writers cannot create one person twice: the loser of the
//!    race reads the winner's row). A full name's key is
//!    [`PersonName::full_key`] (transliteration, spelling variants and
//!    given-name equivalents folded); a body's is `o:` and its name key; an
//!    operator may pin a lone name (`=surname`). The mention's own key, else
//!    exactly one owner among its aliases' keys, wins.
//! 2. **Lone surnames.** "Peskov" alone joins the one full-named speaker with
//!    that surname and a compatible given name or initial
//!    (`speaker_surnames`); with none or several it goes to the surname's
//!    own speaker, claimed under the slot key `~surname`.
//! 3. **New full names.** A full name seen for the first time adopts the
//!    surname's own speaker when no other full name has that surname (so a
//!    bare "Peskov" seen before "Dmitry Peskov" ends up with him), else a
//!    new speaker is made; when that makes a surname ambiguous, lone
//!    mentions that were joined automatically are revisited from the
//!    mention evidence (`speaker_mentions`) and moved back to the surname's
//!    own speaker. The result does not depend on ingestion order.
//!
//! On PostgreSQL, speakers are resolved in short transactions before the
//! document's own (see `postgres.rs`), serialized per surname by an
//! advisory lock; a mention is recorded with its document, so a revisit
//! running between the two misses it (it stays where it was resolved).
//!
//! Display names are the best written form seen ([`display_score`], then
//! alphabetical): a maximum over all mentions, so also order independent,
//! unless an operator pinned one. Corrections (see the `correct_*`
//! functions) pin keys and mentions and block keys, which resolution
//! respects, so re-ingesting never undoes them; each is logged in
//! `speaker_corrections`.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, FromRow, PgConnection, SqliteConnection};
use verbatim_core::names::{PersonName, display_score, name_key};

use crate::{CorrectionRecord, DirectoryEntry, SpeakerCorrection, StoreError};

/// A bound value.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Text(String),
    OptText(Option<String>),
    Bool(bool),
}

impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Int(v)
    }
}

impl From<&str> for Arg {
    fn from(v: &str) -> Arg {
        Arg::Text(v.to_string())
    }
}

impl From<&String> for Arg {
    fn from(v: &String) -> Arg {
        Arg::Text(v.clone())
    }
}

impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Arg {
        Arg::OptText(v.map(str::to_string))
    }
}

impl From<bool> for Arg {
    fn from(v: bool) -> Arg {
        Arg::Bool(v)
    }
}

/// Bound values from a list of anything that converts.
macro_rules! args {
    ($($v:expr),* $(,)?) => { vec![$(Arg::from($v)),*] };
}

/// A connection (usually inside a transaction) of either store, running
/// SQL written once with `?` placeholders (numbered for PostgreSQL).
pub(crate) enum Db<'a> {
    Sqlite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

/// `?` placeholders to `$1, $2...`; the SQL here never holds a literal `?`.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(ch);
        }
    }
    out
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Int(v) => query.bind(v),
                Arg::Text(v) => query.bind(v),
                Arg::OptText(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
            };
        }
        query
    }};
}

impl Db<'_> {
    /// Runs a statement; returns the number of rows it changed.
    pub(crate) async fn exec(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Db::Sqlite(c) => bind_all!(sqlx::query(sql), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
            Db::Pg(c) => bind_all!(sqlx::query(AssertSqlSafe(numbered(sql))), args)
                .execute(&mut **c)
                .await?
                .rows_affected(),
        })
    }

    /// Runs a query and decodes every row.
    pub(crate) async fn rows<T>(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        match self {
            Db::Sqlite(c) => {
                bind_all!(sqlx::query_as::<_, T>(sql), args)
                    .fetch_all(&mut **c)
                    .await
            }
            Db::Pg(c) => {
                bind_all!(sqlx::query_as::<_, T>(AssertSqlSafe(numbered(sql))), args)
                    .fetch_all(&mut **c)
                    .await
            }
        }
    }

    /// The first column of the first row, if any.
    pub(crate) async fn int(
        &mut self,
        sql: &'static str,
        args: Vec<Arg>,
    ) -> Result<Option<i64>, sqlx::Error> {
        Ok(self.rows::<(i64,)>(sql, args).await?.first().map(|r| r.0))
    }

    /// Serializes the resolution of names sharing `surname` until the end of
    /// the transaction (PostgreSQL; SQLite writers are serialized already),
    /// so that a lone surname and a full name arriving together see each
    /// other: one adopts or joins the other's speaker.
    pub(crate) async fn lock_surname(&mut self, surname: &str) -> Result<(), sqlx::Error> {
        if let Db::Pg(c) = self {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext('verbatim surname ' || $1))")
                .bind(surname)
                .execute(&mut **c)
                .await?;
        }
        Ok(())
    }

    /// Locks speaker rows in id order (PostgreSQL; SQLite writers hold the
    /// database lock), the order every writer takes them in.
    pub(crate) async fn lock_speakers(&mut self, ids: &[i64]) -> Result<(), sqlx::Error> {
        if let Db::Pg(c) = self {
            let mut ids = ids.to_vec();
            ids.sort_unstable();
            ids.dedup();
            sqlx::query("SELECT id FROM speakers WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
                .bind(ids)
                .execute(&mut **c)
                .await?;
        }
        Ok(())
    }
}

/// How a document speaker is matched: computed before the write
/// transaction, from its name and aliases.
#[derive(Debug, Clone)]
pub(crate) struct Identity {
    /// The mention's own key: full-name key, `=surname` for a lone name,
    /// `o:name` for a body.
    pub(crate) key: String,
    /// The split name; `None` for a body.
    pub(crate) person: Option<PersonName>,
    /// Keys of the aliases that are full names (or of a body's aliases).
    pub(crate) alias_keys: Vec<String>,
}

impl Identity {
    /// The identity of a speaker named `name` with `aliases`; `None` when
    /// the name has no letters or digits.
    pub(crate) fn of(name: &str, aliases: &[String], organization: bool) -> Option<Identity> {
        if organization {
            let key = name_key(name);
            if key.is_empty() {
                return None;
            }
            let alias_keys = aliases
                .iter()
                .map(|a| name_key(a))
                .filter(|k| !k.is_empty() && *k != key)
                .map(|k| format!("o:{k}"))
                .collect();
            return Some(Identity {
                key: format!("o:{key}"),
                person: None,
                alias_keys,
            });
        }
        let person = PersonName::parse(name)?;
        let mut alias_keys: Vec<String> = Vec::new();
        for alias in aliases {
            if let Some(key) = PersonName::parse(alias).and_then(|p| p.full_key())
                && same_surname_full_name(&person, alias)
                && !alias_keys.contains(&key)
            {
                alias_keys.push(key);
            }
        }
        Some(Identity {
            key: mention_key(&person),
            person: Some(person),
            alias_keys,
        })
    }

    fn surname(&self) -> &str {
        self.person.as_ref().map_or("", |p| p.surname.as_str())
    }

    fn lone(&self) -> bool {
        self.person.as_ref().is_some_and(|p| p.given.is_none())
    }
}

/// An alias counts as a key of the mention only when it names the same
/// surname: "President Macron" is an alias of Emmanuel Macron but its
/// "given name" is a title.
fn same_surname_full_name(person: &PersonName, alias: &str) -> bool {
    PersonName::parse(alias).is_some_and(|a| a.surname == person.surname && a.given.is_some())
}

/// The key of a person's name: the full key, else `=surname`.
pub(crate) fn mention_key(person: &PersonName) -> String {
    person
        .full_key()
        .unwrap_or_else(|| format!("={}", person.surname))
}

/// The slot key of a surname's own speaker.
fn slot(surname: &str) -> String {
    format!("~{surname}")
}

/// A document speaker to resolve.
pub(crate) struct Mention<'a> {
    pub(crate) name: &'a str,
    pub(crate) identity: &'a Identity,
    pub(crate) organization: bool,
    pub(crate) language: &'a str,
}

/// The owner of `key`, unless the key is blocked for it.
async fn owner(db: &mut Db<'_>, key: &str) -> Result<Option<i64>, sqlx::Error> {
    db.int(
        "SELECT k.speaker_id FROM speaker_keys k WHERE k.key = ? AND NOT EXISTS \
         (SELECT 1 FROM speaker_blocks b WHERE b.speaker_id = k.speaker_id AND b.key = k.key)",
        args![key],
    )
    .await
}

/// Full-named speakers with `surname`: (id, given-name key). Bounded: more
/// than a few is as ambiguous as two.
async fn full_named(db: &mut Db<'_>, surname: &str) -> Result<Vec<(i64, String)>, sqlx::Error> {
    db.rows(
        "SELECT s.speaker_id, s.given FROM speaker_surnames s WHERE s.surname = ? \
         AND s.given <> '' AND NOT EXISTS (SELECT 1 FROM speaker_blocks b \
         WHERE b.speaker_id = s.speaker_id AND b.key = ?) ORDER BY s.speaker_id LIMIT 8",
        args![surname, &format!("={surname}")],
    )
    .await
}

/// Full-named speakers a person with only a surname (maybe an initial) can be.
fn compatible(person: &PersonName, candidates: &[(i64, String)]) -> Vec<i64> {
    candidates
        .iter()
        .filter(|(_, given)| {
            person.compatible(&PersonName {
                given: Some(given.clone()),
                initial: None,
                surname: person.surname.clone(),
            })
        })
        .map(|(id, _)| *id)
        .collect()
}

/// Creates a speaker; its `name_key` is an opaque unique token (matching
/// goes through `speaker_keys`).
async fn create(
    db: &mut Db<'_>,
    name: &str,
    organization: bool,
    language: &str,
) -> Result<i64, sqlx::Error> {
    let token = format!("#{:032x}", rand::random::<u128>());
    let id = db
        .int(
            "INSERT INTO speakers (display_name, name_key, organization, display_score) \
             VALUES (?, ?, ?, ?) RETURNING id",
            args![name, &token, organization, display_score(name, language)],
        )
        .await?;
    id.ok_or(sqlx::Error::RowNotFound)
}

/// Claims `key` for `speaker` unless another speaker has it; returns the
/// owner.
async fn claim(db: &mut Db<'_>, key: &str, speaker: i64, pinned: bool) -> Result<i64, sqlx::Error> {
    db.exec(
        "INSERT INTO speaker_keys (key, speaker_id, pinned) VALUES (?, ?, ?) \
         ON CONFLICT (key) DO NOTHING",
        args![key, speaker, pinned],
    )
    .await?;
    Ok(db
        .int(
            "SELECT speaker_id FROM speaker_keys WHERE key = ?",
            args![key],
        )
        .await?
        .unwrap_or(speaker))
}

/// Offers `name` as the display name of `speaker`: kept when it scores
/// higher than the current one (alphabetically first on a tie) and the
/// name is not pinned.
pub(crate) async fn offer_display(
    db: &mut Db<'_>,
    speaker: i64,
    name: &str,
    language: &str,
) -> Result<(), sqlx::Error> {
    let score = display_score(name, language);
    db.exec(
        "UPDATE speakers SET display_name = ?, display_score = ? WHERE id = ? \
         AND NOT display_pinned AND (display_score < ? OR (display_score = ? AND display_name > ?))",
        args![name, score, speaker, score, score, name],
    )
    .await?;
    Ok(())
}

/// Resolves one document speaker to a speaker id, creating or adopting one
/// as needed (see the module docs).
pub(crate) async fn resolve(db: &mut Db<'_>, mention: &Mention<'_>) -> Result<i64, sqlx::Error> {
    let identity = mention.identity;
    if let Some(person) = &identity.person {
        db.lock_surname(&person.surname).await?;
    }
    if let Some(id) = owner(db, &identity.key).await? {
        offer_display(db, id, mention.name, mention.language).await?;
        return Ok(id);
    }
    let mut owners = Vec::new();
    for key in &identity.alias_keys {
        if let Some(id) = owner(db, key).await?
            && !owners.contains(&id)
        {
            owners.push(id);
        }
    }
    if let [id] = owners[..] {
        // A lone name's own key is only ever pinned by an operator.
        if !identity.lone() {
            claim(db, &identity.key, id, false).await?;
        }
        offer_display(db, id, mention.name, mention.language).await?;
        return Ok(id);
    }
    let Some(person) = &identity.person else {
        let id = create(db, mention.name, mention.organization, mention.language).await?;
        let winner = claim(db, &identity.key, id, false).await?;
        if winner != id {
            db.exec("DELETE FROM speakers WHERE id = ?", args![id])
                .await?;
        }
        return Ok(winner);
    };
    let surname = person.surname.as_str();
    let fulls = full_named(db, surname).await?;
    if person.given.is_none() {
        if let [id] = compatible(person, &fulls)[..] {
            offer_display(db, id, mention.name, mention.language).await?;
            return Ok(id);
        }
        return own_speaker(db, surname, mention.name, mention.language).await;
    }
    // A full name seen for the first time.
    let given = person.given.clone().unwrap_or_default();
    let lone = lone_owner(db, surname).await?;
    let mut adopted = None;
    if let Some(lone) = lone
        && fulls.is_empty()
        && lone_mentions_fit(db, lone, person).await?
    {
        // Only the writer that frees the slot adopts its speaker.
        let freed = db
            .exec(
                "DELETE FROM speaker_keys WHERE key = ? AND speaker_id = ? AND NOT pinned",
                args![&slot(surname), lone],
            )
            .await?;
        if freed == 1 {
            adopted = Some(lone);
        }
    }
    let id = match adopted {
        Some(id) => id,
        None => create(db, mention.name, mention.organization, mention.language).await?,
    };
    let winner = claim(db, &identity.key, id, false).await?;
    if winner != id {
        // A concurrent writer created this person first.
        if adopted.is_none() {
            db.exec("DELETE FROM speakers WHERE id = ?", args![id])
                .await?;
        }
        offer_display(db, winner, mention.name, mention.language).await?;
        return Ok(winner);
    }
    for key in &identity.alias_keys {
        claim(db, key, id, false).await?;
    }
    db.exec(
        "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, ?) \
         ON CONFLICT (surname, speaker_id) DO UPDATE SET given = excluded.given",
        args![surname, id, &given],
    )
    .await?;
    if !fulls.is_empty() {
        revisit(db, surname).await?;
    }
    offer_display(db, id, mention.name, mention.language).await?;
    Ok(id)
}

/// True when every mention of the surname's own speaker `lone` can be
/// `person` (no "I. Peskov" among them when "Dmitry Peskov" arrives).
async fn lone_mentions_fit(
    db: &mut Db<'_>,
    lone: i64,
    person: &PersonName,
) -> Result<bool, sqlx::Error> {
    let names: Vec<(String,)> = db
        .rows(
            "SELECT DISTINCT name FROM speaker_mentions WHERE speaker_id = ? LIMIT 64",
            args![lone],
        )
        .await?;
    Ok(names
        .iter()
        .filter_map(|(name,)| PersonName::parse(name))
        .all(|mention| mention.compatible(person)))
}

/// The surname's own speaker (holder of its slot key), if it has one.
async fn lone_owner(db: &mut Db<'_>, surname: &str) -> Result<Option<i64>, sqlx::Error> {
    owner(db, &slot(surname)).await
}

/// The surname's own speaker, created when missing.
async fn own_speaker(
    db: &mut Db<'_>,
    surname: &str,
    name: &str,
    language: &str,
) -> Result<i64, sqlx::Error> {
    if let Some(id) = lone_owner(db, surname).await? {
        offer_display(db, id, name, language).await?;
        return Ok(id);
    }
    let id = create(db, name, false, language).await?;
    let winner = claim(db, &slot(surname), id, false).await?;
    if winner != id {
        db.exec("DELETE FROM speakers WHERE id = ?", args![id])
            .await?;
        offer_display(db, winner, name, language).await?;
        return Ok(winner);
    }
    db.exec(
        "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, '') \
         ON CONFLICT (surname, speaker_id) DO NOTHING",
        args![surname, id],
    )
    .await?;
    Ok(id)
}

/// Re-decides the lone mentions of `surname` that were joined to a
/// full-named speaker automatically, now that more full names share the
/// surname: each goes to the one compatible speaker, else to the surname's
/// own speaker.
async fn revisit(db: &mut Db<'_>, surname: &str) -> Result<(), sqlx::Error> {
    let fulls = full_named(db, surname).await?;
    let mentions: Vec<(i64, i64, i64, String)> = db
        .rows(
            "SELECT m.document_id, m.mention, m.speaker_id, m.name FROM speaker_mentions m \
             WHERE m.surname = ? AND m.lone AND NOT m.pinned \
             AND EXISTS (SELECT 1 FROM speaker_surnames s WHERE s.speaker_id = m.speaker_id \
             AND s.surname = m.surname AND s.given <> '') ORDER BY m.document_id, m.mention",
            args![surname],
        )
        .await?;
    for (document, mention, from, name) in mentions {
        let Some(person) = PersonName::parse(&name) else {
            continue;
        };
        let to = match compatible(&person, &fulls)[..] {
            [id] => id,
            _ => own_speaker(db, surname, &name, "").await?,
        };
        if to != from {
            move_mention(db, document, mention, from, to).await?;
            tracing::info!(
                document_id = document,
                mention,
                from,
                to,
                "lone mention revisited"
            );
        }
    }
    Ok(())
}

/// Moves one mention (its statements, roles and evidence) from a speaker
/// to another.
pub(crate) async fn move_mention(
    db: &mut Db<'_>,
    document: i64,
    mention: i64,
    from: i64,
    to: i64,
) -> Result<(), sqlx::Error> {
    db.lock_speakers(&[from, to]).await?;
    let moved = db
        .exec(
            "UPDATE statements SET speaker_id = ? WHERE document_id = ? AND mention = ? \
             AND speaker_id = ?",
            args![to, document, mention, from],
        )
        .await? as i64;
    add_count(db, from, -moved).await?;
    add_count(db, to, moved).await?;
    db.exec(
        "UPDATE speaker_mentions SET speaker_id = ? WHERE document_id = ? AND mention = ?",
        args![to, document, mention],
    )
    .await?;
    db.exec(
        "INSERT INTO speaker_roles (speaker_id, role, document_id) \
         SELECT ?, role, document_id FROM speaker_roles WHERE speaker_id = ? AND document_id = ? \
         ON CONFLICT DO NOTHING",
        args![to, from, document],
    )
    .await?;
    db.exec(
        "DELETE FROM speaker_roles WHERE speaker_id = ? AND document_id = ?",
        args![from, document],
    )
    .await?;
    Ok(())
}

/// Adds to a speaker's statement count (statements moved by an update, which
/// no trigger counts).
async fn add_count(db: &mut Db<'_>, speaker: i64, delta: i64) -> Result<(), sqlx::Error> {
    if delta != 0 {
        db.exec(
            "UPDATE speakers SET statement_count = statement_count + ? WHERE id = ?",
            args![delta, speaker],
        )
        .await?;
    }
    Ok(())
}

/// Adds written forms of a speaker's name (`(alias, name_key)` pairs).
pub(crate) async fn add_aliases(
    db: &mut Db<'_>,
    speaker: i64,
    aliases: &[(String, String)],
) -> Result<(), sqlx::Error> {
    for (alias, key) in aliases {
        db.exec(
            "INSERT INTO speaker_aliases (speaker_id, alias, alias_key) VALUES (?, ?, ?) \
             ON CONFLICT (speaker_id, alias_key) DO NOTHING",
            args![speaker, alias, key],
        )
        .await?;
    }
    Ok(())
}

/// Records the mentions of a stored document: the evidence resolution
/// revisits. `speakers` are (mention ordinal, speaker id, name, identity);
/// mentions with a key in `pinned` (a correction placed them, before a
/// re-parse) stay pinned.
pub(crate) async fn record_mentions(
    db: &mut Db<'_>,
    document: i64,
    speakers: &[(usize, i64, &str, &Identity)],
    pinned: &[String],
) -> Result<(), sqlx::Error> {
    for (mention, speaker, name, identity) in speakers {
        db.exec(
            "INSERT INTO speaker_mentions (document_id, mention, speaker_id, name, key, surname, \
             lone, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            args![
                document,
                *mention as i64,
                *speaker,
                *name,
                &identity.key,
                identity.surname(),
                identity.lone(),
                pinned.contains(&identity.key)
            ],
        )
        .await?;
    }
    Ok(())
}

/// Forgets a document's mentions before a re-parse records new ones;
/// returns the keys of those a correction pinned.
pub(crate) async fn forget_mentions(
    db: &mut Db<'_>,
    document: i64,
) -> Result<Vec<String>, sqlx::Error> {
    let pinned: Vec<(String,)> = db
        .rows(
            "SELECT key FROM speaker_mentions WHERE document_id = ? AND pinned",
            args![document],
        )
        .await?;
    db.exec(
        "DELETE FROM speaker_mentions WHERE document_id = ?",
        args![document],
    )
    .await?;
    db.exec(
        "DELETE FROM speaker_roles WHERE document_id = ?",
        args![document],
    )
    .await?;
    Ok(pinned.into_iter().map(|(k,)| k).collect())
}

/// The mentions of a prepared document that resolved to a speaker.
pub(crate) fn mentions_of<'a>(
    speakers: &'a [crate::common::PreparedSpeaker],
    ids: &[Option<i64>],
) -> Vec<(usize, i64, &'a str, &'a Identity)> {
    speakers
        .iter()
        .enumerate()
        .filter_map(|(i, sp)| Some((i, ids[i]?, sp.name.as_str(), sp.identity.as_ref()?)))
        .collect()
}

/// Microseconds since the Unix epoch.
fn now_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

/// Appends a correction to the log.
async fn log_correction(
    db: &mut Db<'_>,
    actor: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    db.exec(
        "INSERT INTO speaker_corrections (actor, time, action, detail) VALUES (?, ?, ?, ?)",
        args![actor, now_micros(), action, &detail.to_string()],
    )
    .await?;
    tracing::info!(actor, action, %detail, "speaker corrected");
    Ok(())
}

/// The speaker's display name and whether it is a body; NotFound when
/// there is no such speaker.
pub(crate) async fn speaker_row(db: &mut Db<'_>, id: i64) -> Result<(String, bool), StoreError> {
    db.rows::<(String, bool)>(
        "SELECT display_name, organization FROM speakers WHERE id = ?",
        args![id],
    )
    .await?
    .pop()
    .ok_or(StoreError::NotFound {
        kind: "speaker",
        id,
    })
}

/// The key a written name has for a speaker (a body's, or a person's).
fn key_for(name: &str, organization: bool) -> Option<String> {
    if organization {
        let key = name_key(name);
        return (!key.is_empty()).then(|| format!("o:{key}"));
    }
    PersonName::parse(name).map(|p| mention_key(&p))
}

/// Merges `sources` into `target`: statements, mentions, roles, aliases and
/// keys move (pinned, so later ingests keep them together) and the sources
/// are deleted.
pub(crate) async fn merge(
    db: &mut Db<'_>,
    target: i64,
    sources: &[i64],
    actor: &str,
) -> Result<(), StoreError> {
    speaker_row(db, target).await?;
    for &source in sources {
        if source == target {
            return Err(StoreError::InvalidField {
                field: "source_speakers",
                reason: format!(
                    "speakers/{source} is the target; a speaker cannot merge into itself"
                ),
            });
        }
        speaker_row(db, source).await?;
    }
    let mut all = sources.to_vec();
    all.push(target);
    db.lock_speakers(&all).await?;
    for &source in sources {
        let moved = db
            .exec(
                "UPDATE statements SET speaker_id = ? WHERE speaker_id = ?",
                args![target, source],
            )
            .await? as i64;
        add_count(db, target, moved).await?;
        db.exec(
            "UPDATE speaker_mentions SET speaker_id = ?, pinned = TRUE WHERE speaker_id = ?",
            args![target, source],
        )
        .await?;
        for sql in [
            "INSERT INTO speaker_roles (speaker_id, role, document_id) \
             SELECT ?, role, document_id FROM speaker_roles WHERE speaker_id = ? \
             ON CONFLICT DO NOTHING",
            "INSERT INTO speaker_aliases (speaker_id, alias, alias_key) \
             SELECT ?, alias, alias_key FROM speaker_aliases WHERE speaker_id = ? \
             ON CONFLICT DO NOTHING",
            "UPDATE speaker_keys SET speaker_id = ?, pinned = TRUE WHERE speaker_id = ?",
            "INSERT INTO speaker_titles (speaker_id, role) \
             SELECT ?, role FROM speaker_titles WHERE speaker_id = ? ON CONFLICT DO NOTHING",
            "INSERT INTO speaker_surnames (surname, speaker_id, given) \
             SELECT surname, ?, given FROM speaker_surnames WHERE speaker_id = ? \
             ON CONFLICT (surname, speaker_id) DO UPDATE SET given = CASE \
             WHEN speaker_surnames.given = '' THEN excluded.given ELSE speaker_surnames.given END",
        ] {
            db.exec(sql, args![target, source]).await?;
        }
        db.exec(
            "UPDATE speakers SET wikidata_id = \
             (SELECT s.wikidata_id FROM speakers s WHERE s.id = ?) \
             WHERE id = ? AND wikidata_id IS NULL",
            args![source, target],
        )
        .await?;
        // The target's keys are its own now, whatever the source blocked.
        db.exec(
            "DELETE FROM speaker_blocks WHERE speaker_id = ? AND key IN \
             (SELECT key FROM speaker_keys WHERE speaker_id = ?)",
            args![target, target],
        )
        .await?;
        let (name, score): (String, i64) = db
            .rows(
                "SELECT display_name, display_score FROM speakers WHERE id = ?",
                args![source],
            )
            .await?
            .pop()
            .ok_or(StoreError::NotFound {
                kind: "speaker",
                id: source,
            })?;
        db.exec(
            "UPDATE speakers SET display_name = ?, display_score = ? WHERE id = ? \
             AND NOT display_pinned AND (display_score < ? OR (display_score = ? AND display_name > ?))",
            args![&name, score, target, score, score, &name],
        )
        .await?;
        db.exec("DELETE FROM speakers WHERE id = ?", args![source])
            .await?;
    }
    log_correction(
        db,
        actor,
        "merge",
        serde_json::json!({ "target": target, "sources": sources }),
    )
    .await?;
    Ok(())
}

/// Sets a speaker's display name and pins it; the name becomes an alias.
pub(crate) async fn rename(
    db: &mut Db<'_>,
    id: i64,
    display_name: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let (old, organization) = speaker_row(db, id).await?;
    db.exec(
        "UPDATE speakers SET display_name = ?, display_pinned = TRUE WHERE id = ?",
        args![display_name, id],
    )
    .await?;
    add_aliases(
        db,
        id,
        &[(display_name.to_string(), name_key(display_name))],
    )
    .await?;
    if let Some(key) = key_for(display_name, organization)
        && owner(db, &key).await?.is_none()
    {
        claim(db, &key, id, true).await?;
    }
    log_correction(
        db,
        actor,
        "rename",
        serde_json::json!({ "speaker": id, "from": old, "to": display_name }),
    )
    .await?;
    Ok(())
}

/// Adds an alias and pins its key to the speaker: later mentions written
/// so resolve to it. Conflict when the key names another speaker.
pub(crate) async fn add_alias(
    db: &mut Db<'_>,
    id: i64,
    alias: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let (_, organization) = speaker_row(db, id).await?;
    let key = key_for(alias, organization).ok_or_else(|| StoreError::InvalidField {
        field: "alias",
        reason: "an alias needs letters or digits".into(),
    })?;
    let current = db
        .int(
            "SELECT speaker_id FROM speaker_keys WHERE key = ?",
            args![&key],
        )
        .await?;
    match current {
        Some(other) if other != id => {
            return Err(StoreError::Conflict(format!(
                "`{alias}` already names speakers/{other}: merge the two speakers instead"
            )));
        }
        Some(_) => {
            db.exec(
                "UPDATE speaker_keys SET pinned = TRUE WHERE key = ?",
                args![&key],
            )
            .await?;
        }
        None => {
            claim(db, &key, id, true).await?;
        }
    }
    db.exec(
        "DELETE FROM speaker_blocks WHERE speaker_id = ? AND key = ?",
        args![id, &key],
    )
    .await?;
    add_aliases(db, id, &[(alias.to_string(), name_key(alias))]).await?;
    if let Some(person) = PersonName::parse(alias).filter(|_| !organization) {
        db.exec(
            "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, ?) \
             ON CONFLICT (surname, speaker_id) DO NOTHING",
            args![
                &person.surname,
                id,
                &person.given.clone().unwrap_or_default()
            ],
        )
        .await?;
    }
    log_correction(
        db,
        actor,
        "add_alias",
        serde_json::json!({ "speaker": id, "alias": alias }),
    )
    .await?;
    Ok(())
}

/// The written forms of a speaker with the same key as `alias`, checked to
/// include `alias` itself; refuses the display name.
async fn forms_of(
    db: &mut Db<'_>,
    id: i64,
    alias: &str,
    display: &str,
    organization: bool,
) -> Result<(String, Vec<String>), StoreError> {
    let alias_key = name_key(alias);
    let forms: Vec<(String, String)> = db
        .rows(
            "SELECT alias, alias_key FROM speaker_aliases WHERE speaker_id = ?",
            args![id],
        )
        .await?;
    if alias_key.is_empty() || !forms.iter().any(|(_, k)| *k == alias_key) {
        return Err(StoreError::InvalidField {
            field: "alias",
            reason: format!("`{alias}` is not an alias of speakers/{id}"),
        });
    }
    if name_key(display) == alias_key {
        return Err(StoreError::Conflict(format!(
            "`{alias}` is the display name of speakers/{id}: rename the speaker first"
        )));
    }
    let key = key_for(alias, organization).unwrap_or_default();
    let same: Vec<String> = forms
        .into_iter()
        .filter(|(a, _)| key_for(a, organization).as_deref() == Some(key.as_str()))
        .map(|(a, _)| a)
        .collect();
    Ok((key, same))
}

/// Removes an alias. When no other form of the speaker shares its key, the
/// key is released and blocked: later mentions written so no longer join
/// the speaker.
pub(crate) async fn remove_alias(
    db: &mut Db<'_>,
    id: i64,
    alias: &str,
    actor: &str,
) -> Result<(), StoreError> {
    let (display, organization) = speaker_row(db, id).await?;
    let (key, same) = forms_of(db, id, alias, &display, organization).await?;
    db.exec(
        "DELETE FROM speaker_aliases WHERE speaker_id = ? AND alias_key = ?",
        args![id, &name_key(alias)],
    )
    .await?;
    let display_key = key_for(&display, organization).unwrap_or_default();
    if same.len() <= 1 && key != display_key {
        db.exec(
            "DELETE FROM speaker_keys WHERE key = ? AND speaker_id = ?",
            args![&key, id],
        )
        .await?;
        db.exec(
            "INSERT INTO speaker_blocks (speaker_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING",
            args![id, &key],
        )
        .await?;
    }
    log_correction(
        db,
        actor,
        "remove_alias",
        serde_json::json!({ "speaker": id, "alias": alias }),
    )
    .await?;
    Ok(())
}

/// Splits an alias off into a new speaker: the mentions named so (with
/// their statements) and the forms sharing the alias' key move to it, the
/// key is pinned to it and blocked for the old speaker. Returns the new id.
pub(crate) async fn split(
    db: &mut Db<'_>,
    id: i64,
    alias: &str,
    actor: &str,
) -> Result<i64, StoreError> {
    let (display, organization) = speaker_row(db, id).await?;
    let (key, forms) = forms_of(db, id, alias, &display, organization).await?;
    if key_for(&display, organization).as_deref() == Some(key.as_str()) {
        return Err(StoreError::Conflict(format!(
            "`{alias}` is a spelling of the display name of speakers/{id}: rename the speaker first"
        )));
    }
    let new = create(db, alias, organization, "").await?;
    db.exec(
        "UPDATE speakers SET display_pinned = TRUE WHERE id = ?",
        args![new],
    )
    .await?;
    let mentions: Vec<(i64, i64)> = db
        .rows(
            "SELECT document_id, mention FROM speaker_mentions WHERE speaker_id = ? AND key = ? \
             ORDER BY document_id, mention",
            args![id, &key],
        )
        .await?;
    for (document, mention) in &mentions {
        move_mention(db, *document, *mention, id, new).await?;
        db.exec(
            "UPDATE speaker_mentions SET pinned = TRUE WHERE document_id = ? AND mention = ?",
            args![*document, *mention],
        )
        .await?;
    }
    for form in &forms {
        db.exec(
            "DELETE FROM speaker_aliases WHERE speaker_id = ? AND alias_key = ?",
            args![id, &name_key(form)],
        )
        .await?;
        add_aliases(db, new, &[(form.clone(), name_key(form))]).await?;
    }
    db.exec("DELETE FROM speaker_keys WHERE key = ?", args![&key])
        .await?;
    claim(db, &key, new, true).await?;
    db.exec(
        "INSERT INTO speaker_blocks (speaker_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING",
        args![id, &key],
    )
    .await?;
    if let Some(person) = PersonName::parse(alias).filter(|_| !organization) {
        db.exec(
            "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, ?) \
             ON CONFLICT (surname, speaker_id) DO NOTHING",
            args![
                &person.surname,
                new,
                &person.given.clone().unwrap_or_default()
            ],
        )
        .await?;
    }
    log_correction(
        db,
        actor,
        "split",
        serde_json::json!({ "speaker": id, "alias": alias, "new_speaker": new,
            "mentions": mentions.len() }),
    )
    .await?;
    Ok(new)
}

/// A page of the correction log, newest first.
pub(crate) async fn corrections(
    db: &mut Db<'_>,
    page: &crate::PageRequest,
) -> Result<crate::Page<CorrectionRecord>, StoreError> {
    let size = crate::common::page_size(page);
    let before = match crate::cursor::decode(page.cursor.as_deref())? {
        None => i64::MAX,
        Some(crate::cursor::Cursor::Corrections { id }) => id,
        Some(_) => return Err(crate::cursor::wrong_kind()),
    };
    let total = db
        .int("SELECT COUNT(*) FROM speaker_corrections", Vec::new())
        .await?
        .unwrap_or(0);
    let rows: Vec<(i64, String, i64, String, String)> = db
        .rows(
            "SELECT id, actor, time, action, detail FROM speaker_corrections WHERE id < ? \
             ORDER BY id DESC LIMIT ?",
            args![before, crate::common::limit(size)],
        )
        .await?;
    let mut items: Vec<CorrectionRecord> = rows
        .into_iter()
        .map(|(id, actor, time, action, detail)| CorrectionRecord {
            id,
            actor,
            time,
            action,
            detail,
        })
        .collect();
    let next_cursor = if items.len() > size {
        items.truncate(size);
        items
            .last()
            .map(|c| crate::cursor::Cursor::Corrections { id: c.id }.encode())
    } else {
        None
    };
    Ok(crate::Page {
        items,
        next_cursor,
        total_size: total,
        total_is_estimate: false,
    })
}

/// Applies one correction; returns the ids of the speakers it leaves (the
/// target of a merge; the speaker and the new one of a split).
pub(crate) async fn apply(
    db: &mut Db<'_>,
    correction: &SpeakerCorrection,
    actor: &str,
) -> Result<Vec<i64>, StoreError> {
    match correction {
        SpeakerCorrection::Merge { target, sources } => {
            merge(db, *target, sources, actor).await?;
            Ok(vec![*target])
        }
        SpeakerCorrection::Rename {
            speaker,
            display_name,
        } => {
            rename(db, *speaker, display_name, actor).await?;
            Ok(vec![*speaker])
        }
        SpeakerCorrection::AddAlias { speaker, alias } => {
            add_alias(db, *speaker, alias, actor).await?;
            Ok(vec![*speaker])
        }
        SpeakerCorrection::RemoveAlias { speaker, alias } => {
            remove_alias(db, *speaker, alias, actor).await?;
            Ok(vec![*speaker])
        }
        SpeakerCorrection::Split { speaker, alias } => {
            let new = split(db, *speaker, alias, actor).await?;
            Ok(vec![*speaker, new])
        }
    }
}

/// Ids of documents above `after`, ascending, at most `limit`; with
/// `outdated`, only those whose parser version differs from it.
pub(crate) async fn document_ids(
    db: &mut Db<'_>,
    outdated: Option<&str>,
    after: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let version = outdated.unwrap_or("");
    let rows: Vec<(i64,)> = db
        .rows(
            "SELECT id FROM documents WHERE id > ? AND (? = '' OR parser_version <> ?) \
             ORDER BY id LIMIT ?",
            args![after, version, version, limit],
        )
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Pins a known person of the speaker directory: finds the speaker of its
/// name (or creates one), pins the display name, the aliases (unless one
/// names another speaker: logged and skipped), the Wikidata id and the
/// titles. Idempotent, so the directory is applied at every start.
pub(crate) async fn pin_entry(db: &mut Db<'_>, entry: &DirectoryEntry) -> Result<i64, StoreError> {
    let invalid = |reason: &str| StoreError::InvalidField {
        field: "name",
        reason: format!("directory entry `{}`: {reason}", entry.name),
    };
    let person = PersonName::parse(&entry.name).ok_or_else(|| invalid("no letters or digits"))?;
    let key = mention_key(&person);
    db.lock_surname(&person.surname).await?;
    let id = match owner(db, &key).await? {
        Some(id) => id,
        None => {
            let id = create(db, &entry.name, false, "en").await?;
            claim(db, &key, id, true).await?;
            db.exec(
                "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, ?) \
                 ON CONFLICT (surname, speaker_id) DO NOTHING",
                args![
                    &person.surname,
                    id,
                    &person.given.clone().unwrap_or_default()
                ],
            )
            .await?;
            id
        }
    };
    db.exec(
        "UPDATE speakers SET display_name = ?, display_pinned = TRUE, wikidata_id = ? WHERE id = ?",
        args![&entry.name, entry.wikidata.as_deref(), id],
    )
    .await?;
    for name in std::iter::once(&entry.name).chain(&entry.aliases) {
        let Some(alias_key) = PersonName::parse(name).map(|p| mention_key(&p)) else {
            continue;
        };
        match db
            .int(
                "SELECT speaker_id FROM speaker_keys WHERE key = ?",
                args![&alias_key],
            )
            .await?
        {
            Some(other) if other != id => {
                tracing::warn!(name = %name, speaker = other, directory_entry = %entry.name,
                    "directory alias names another speaker: merge them to apply it");
                continue;
            }
            Some(_) => {
                db.exec(
                    "UPDATE speaker_keys SET pinned = TRUE WHERE key = ?",
                    args![&alias_key],
                )
                .await?;
            }
            None => {
                claim(db, &alias_key, id, true).await?;
            }
        }
        add_aliases(db, id, &[(name.clone(), name_key(name))]).await?;
    }
    for role in &entry.roles {
        db.exec(
            "INSERT INTO speaker_titles (speaker_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING",
            args![id, role],
        )
        .await?;
    }
    Ok(id)
}

/// Gives speakers stored before speaker identity (schema v3) their keys
/// and surnames, so that new mentions find them. Runs at open; a no-op once
/// done (new speakers get an opaque `#` name key and their keys at once).
/// Their documents get mention evidence when re-parsed (`verbatim reparse`).
pub(crate) async fn backfill_keys(db: &mut Db<'_>) -> Result<usize, sqlx::Error> {
    let legacy: Vec<(i64, String, bool)> = db
        .rows(
            "SELECT s.id, s.display_name, s.organization FROM speakers s \
             WHERE s.name_key NOT LIKE '#%' AND NOT EXISTS \
             (SELECT 1 FROM speaker_keys k WHERE k.speaker_id = s.id) AND NOT EXISTS \
             (SELECT 1 FROM speaker_surnames n WHERE n.speaker_id = s.id) ORDER BY s.id",
            Vec::new(),
        )
        .await?;
    for (id, name, organization) in &legacy {
        let Some(identity) = Identity::of(name, &[], *organization) else {
            continue;
        };
        match &identity.person {
            Some(person) if person.given.is_none() => {
                claim(db, &slot(&person.surname), *id, false).await?;
            }
            _ => {
                claim(db, &identity.key, *id, false).await?;
            }
        }
        if let Some(person) = &identity.person {
            db.exec(
                "INSERT INTO speaker_surnames (surname, speaker_id, given) VALUES (?, ?, ?) \
                 ON CONFLICT (surname, speaker_id) DO NOTHING",
                args![
                    &person.surname,
                    *id,
                    &person.given.clone().unwrap_or_default()
                ],
            )
            .await?;
        }
        db.exec(
            "INSERT INTO speaker_aliases (speaker_id, alias, alias_key) VALUES (?, ?, ?) \
             ON CONFLICT (speaker_id, alias_key) DO NOTHING",
            args![*id, name, &name_key(name)],
        )
        .await?;
    }
    if !legacy.is_empty() {
        tracing::info!(speakers = legacy.len(), "speaker keys backfilled");
    }
    Ok(legacy.len())
}
