-- Verbatim schema v1 (PostgreSQL). Times are Unix microseconds (UTC).
-- Ids come from sequences and are never reused, so resource names
-- (`statements/{id}`) stay unique. Ordered text columns use the "C"
-- collation: byte order, the same as SQLite's BINARY.
--
-- Laid out for a later distribution by document id (Citus): documents,
-- statements and speaker_roles are keyed by document_id; the SHA-256
-- idempotency key lives in its own table (a unique constraint on documents
-- would have to include the distribution column); speakers and their
-- aliases are small and global.

CREATE SEQUENCE document_ids;

-- The idempotency key: claimed first in an ingest transaction, so a
-- concurrent ingest of the same bytes waits on this row and then sees it.
CREATE TABLE document_shas (
    content_sha256  text   PRIMARY KEY,
    document_id     bigint NOT NULL
);
CREATE INDEX document_shas_by_document ON document_shas (document_id);

CREATE TABLE documents (
    id                    bigint  PRIMARY KEY DEFAULT nextval('document_ids'),
    content_sha256        text    NOT NULL,
    title                 text    NOT NULL,
    language              text    NOT NULL COLLATE "C",
    form                  text    NOT NULL,
    outlet                text,
    outlet_key            text,              -- lowercase outlet, for filters
    source_url            text,
    publish_time          bigint,
    ingest_time           bigint  NOT NULL,
    charset               text    NOT NULL,
    parser_version        text    NOT NULL,
    text                  text    NOT NULL,
    original              bytea   NOT NULL,
    text_len_utf8         bigint  NOT NULL,
    text_len_utf16        bigint  NOT NULL,
    text_len_code_points  bigint  NOT NULL,
    statement_count       bigint  NOT NULL,
    speaker_count         bigint  NOT NULL
);
ALTER SEQUENCE document_ids OWNED BY documents.id;
CREATE INDEX documents_by_ingest ON documents (ingest_time DESC, id DESC);
CREATE INDEX documents_by_language ON documents (language, ingest_time DESC, id DESC);
CREATE INDEX documents_by_outlet ON documents (outlet_key, ingest_time DESC, id DESC);

CREATE TABLE speakers (
    id               bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name     text    NOT NULL COLLATE "C",
    name_key         text    NOT NULL UNIQUE,
    organization     boolean NOT NULL DEFAULT false,
    -- Maintained by ingest and delete; a speaker with 0 is hidden.
    statement_count  bigint  NOT NULL DEFAULT 0
);
CREATE INDEX speakers_by_count ON speakers (statement_count DESC, display_name, id);
CREATE INDEX speakers_by_name ON speakers (display_name, id);

CREATE TABLE speaker_aliases (
    speaker_id  bigint NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    alias       text   NOT NULL COLLATE "C",  -- first written form seen
    alias_key   text   NOT NULL,              -- name_key(alias)
    PRIMARY KEY (speaker_id, alias_key)
);
CREATE INDEX speaker_aliases_by_key ON speaker_aliases (alias_key);

CREATE TABLE speaker_roles (
    document_id  bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    speaker_id   bigint NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    role         text   NOT NULL COLLATE "C",
    PRIMARY KEY (document_id, speaker_id, role)
);
CREATE INDEX speaker_roles_by_speaker ON speaker_roles (speaker_id);

-- The commit sequence of search snapshots: every ingest increments the one
-- row inside its transaction, after everything but the statements is
-- written, and keeps its row lock until commit. Values therefore become
-- visible in order: a reader that sees value n also sees every ingest that
-- took a value below n. See src/postgres.rs.
CREATE TABLE commit_counter (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    seq        bigint  NOT NULL
);
INSERT INTO commit_counter (singleton, seq) VALUES (true, 0);

CREATE TABLE statements (
    document_id        bigint   NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    id                 bigint   GENERATED ALWAYS AS IDENTITY,
    ordinal            bigint   NOT NULL,
    speaker_id         bigint   REFERENCES speakers (id),
    speaker_label      text     NOT NULL,
    kind               text     NOT NULL,
    language           text     NOT NULL COLLATE "C",
    text               text     NOT NULL,
    begin_utf8         bigint   NOT NULL,
    begin_utf16        bigint   NOT NULL,
    begin_code_points  bigint   NOT NULL,
    end_utf8           bigint   NOT NULL,
    end_utf16          bigint   NOT NULL,
    end_code_points    bigint   NOT NULL,
    cue                text     NOT NULL,
    time               bigint   NOT NULL,
    -- commit_counter.seq of the ingest that wrote the statement.
    commit_seq         bigint   NOT NULL,
    -- analysis::index_terms as positioned lexemes, taken whole (no parser):
    -- folded words at positions 1..n, then the stem tokens.
    terms              tsvector NOT NULL,
    PRIMARY KEY (document_id, id),
    UNIQUE (document_id, ordinal)
);
-- Unique by the identity sequence; not a unique index, which a distributed
-- table could only have with document_id.
CREATE INDEX statements_by_id ON statements (id);
CREATE INDEX statements_by_speaker ON statements (speaker_id, time);
CREATE INDEX statements_by_time ON statements (time, id);
CREATE INDEX statements_terms ON statements USING gin (terms);

CREATE TABLE secrets (
    name   text  PRIMARY KEY,
    value  bytea NOT NULL
);
