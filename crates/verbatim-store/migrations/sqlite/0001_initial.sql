-- Verbatim schema v1 (SQLite). Times are Unix microseconds (UTC).
-- Ids come from AUTOINCREMENT so that a deleted id is never reused: resource
-- names (`statements/{id}`) stay unique and search snapshots (`id <= max`)
-- stay sound. Every table below documents is keyed or foreign-keyed by
-- document_id so rows could be distributed by document.

CREATE TABLE documents (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    content_sha256        TEXT    NOT NULL UNIQUE,
    title                 TEXT    NOT NULL,
    language              TEXT    NOT NULL,
    form                  TEXT    NOT NULL,
    outlet                TEXT,
    outlet_key            TEXT,              -- lowercase outlet, for filters
    source_url            TEXT,
    publish_time          INTEGER,
    ingest_time           INTEGER NOT NULL,
    charset               TEXT    NOT NULL,
    parser_version        TEXT    NOT NULL,
    text                  TEXT    NOT NULL,
    original              BLOB    NOT NULL,
    text_len_utf8         INTEGER NOT NULL,
    text_len_utf16        INTEGER NOT NULL,
    text_len_code_points  INTEGER NOT NULL,
    statement_count       INTEGER NOT NULL,
    speaker_count         INTEGER NOT NULL
);
CREATE INDEX documents_by_ingest ON documents (ingest_time DESC, id DESC);
CREATE INDEX documents_by_language ON documents (language, ingest_time DESC, id DESC);

CREATE TABLE speakers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    display_name     TEXT    NOT NULL,
    name_key         TEXT    NOT NULL UNIQUE,
    organization     INTEGER NOT NULL DEFAULT 0,
    -- Maintained by the statements triggers; a speaker with 0 is hidden.
    statement_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX speakers_by_count ON speakers (statement_count DESC, display_name, id);
CREATE INDEX speakers_by_name ON speakers (display_name, id);

CREATE TABLE speaker_aliases (
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    alias       TEXT    NOT NULL,    -- first written form seen
    alias_key   TEXT    NOT NULL,    -- name_key(alias)
    PRIMARY KEY (speaker_id, alias_key)
);
CREATE INDEX speaker_aliases_by_key ON speaker_aliases (alias_key);

CREATE TABLE speaker_roles (
    speaker_id   INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    PRIMARY KEY (speaker_id, role, document_id)
);
CREATE INDEX speaker_roles_by_document ON speaker_roles (document_id);

CREATE TABLE statements (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal            INTEGER NOT NULL,
    speaker_id         INTEGER REFERENCES speakers (id),
    speaker_label      TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    language           TEXT    NOT NULL,
    text               TEXT    NOT NULL,
    begin_utf8         INTEGER NOT NULL,
    begin_utf16        INTEGER NOT NULL,
    begin_code_points  INTEGER NOT NULL,
    end_utf8           INTEGER NOT NULL,
    end_utf16          INTEGER NOT NULL,
    end_code_points    INTEGER NOT NULL,
    cue                TEXT    NOT NULL,
    time               INTEGER NOT NULL,
    UNIQUE (document_id, ordinal)
);
CREATE INDEX statements_by_speaker ON statements (speaker_id, time);
CREATE INDEX statements_by_time ON statements (time, id);

-- Full-text index over analysis::index_terms (pre-analysed tokens: the ascii
-- tokenizer only splits them at spaces). Contentless: rowid = statements.id.
CREATE VIRTUAL TABLE statement_fts USING fts5 (
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = "ascii tokenchars '_'"
);

CREATE TRIGGER statements_after_insert AFTER INSERT ON statements
WHEN new.speaker_id IS NOT NULL
BEGIN
    UPDATE speakers SET statement_count = statement_count + 1 WHERE id = new.speaker_id;
END;

CREATE TRIGGER statements_after_delete AFTER DELETE ON statements
BEGIN
    DELETE FROM statement_fts WHERE rowid = old.id;
    UPDATE speakers SET statement_count = statement_count - 1 WHERE id = old.speaker_id;
END;

CREATE TABLE secrets (
    name   TEXT PRIMARY KEY,
    value  BLOB NOT NULL
);
