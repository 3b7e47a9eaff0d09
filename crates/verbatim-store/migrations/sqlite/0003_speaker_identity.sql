-- Speakers as entities (see src/resolve.rs). Matching goes through
-- speaker_keys and speaker_surnames (indexed lookups, never a scan of
-- speakers); speakers.name_key is kept unique but new rows get an opaque
-- token in it. Mentions (one per document speaker) are the evidence that
-- resolution revisits; corrections are logged and pinned.

ALTER TABLE speakers ADD COLUMN display_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE speakers ADD COLUMN display_pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statements ADD COLUMN mention INTEGER;

-- A key names one speaker: a full-name key ("dmitri peskov"), a body's
-- key ("o:reuters"), the slot of a lone surname's own speaker ("~peskov"),
-- or a lone name an operator pinned ("=peskov").
CREATE TABLE speaker_keys (
    key         TEXT    PRIMARY KEY,
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    pinned      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX speaker_keys_by_speaker ON speaker_keys (speaker_id);

-- Surnames of speakers, with the given-name key ('' for a lone surname).
CREATE TABLE speaker_surnames (
    surname     TEXT    NOT NULL,
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    given       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (surname, speaker_id)
);
CREATE INDEX speaker_surnames_by_speaker ON speaker_surnames (speaker_id);

-- Keys an operator took away from a speaker: never matched to it again.
CREATE TABLE speaker_blocks (
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,
    PRIMARY KEY (speaker_id, key)
);

-- One row per speaker of a document: how it was named and where it went.
CREATE TABLE speaker_mentions (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    mention      INTEGER NOT NULL,
    speaker_id   INTEGER NOT NULL REFERENCES speakers (id),
    name         TEXT    NOT NULL,
    key          TEXT    NOT NULL,
    surname      TEXT    NOT NULL,
    lone         INTEGER NOT NULL,
    pinned       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, mention)
);
CREATE INDEX speaker_mentions_by_speaker ON speaker_mentions (speaker_id);
CREATE INDEX speaker_mentions_by_key ON speaker_mentions (key);
CREATE INDEX speaker_mentions_by_surname ON speaker_mentions (surname);

-- A speaker directory (an operator's file) pins names, a Wikidata id and
-- titles for known people.
ALTER TABLE speakers ADD COLUMN wikidata_id TEXT;
CREATE TABLE speaker_titles (
    speaker_id  INTEGER NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    PRIMARY KEY (speaker_id, role)
);

CREATE TABLE speaker_corrections (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    actor   TEXT    NOT NULL,
    time    INTEGER NOT NULL,
    action  TEXT    NOT NULL,
    detail  TEXT    NOT NULL
);
