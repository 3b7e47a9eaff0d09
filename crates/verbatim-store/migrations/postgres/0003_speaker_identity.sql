-- Speakers as entities (see src/resolve.rs). Matching goes through
-- speaker_keys and speaker_surnames (indexed lookups, never a scan of
-- speakers); speakers.name_key is kept unique but new rows get an opaque
-- token in it. Mentions (one per document speaker) are the evidence that
-- resolution revisits; corrections are logged and pinned. The new speaker
-- tables are small and global (reference tables under Citus);
-- speaker_mentions is keyed by document_id and colocates with documents.

ALTER TABLE speakers ADD COLUMN display_score bigint NOT NULL DEFAULT 0;
ALTER TABLE speakers ADD COLUMN display_pinned boolean NOT NULL DEFAULT false;
ALTER TABLE statements ADD COLUMN mention bigint;

CREATE TABLE speaker_keys (
    key         text    PRIMARY KEY,
    speaker_id  bigint  NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    pinned      boolean NOT NULL DEFAULT false
);
CREATE INDEX speaker_keys_by_speaker ON speaker_keys (speaker_id);

CREATE TABLE speaker_surnames (
    surname     text   NOT NULL,
    speaker_id  bigint NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    given       text   NOT NULL DEFAULT '',
    PRIMARY KEY (surname, speaker_id)
);
CREATE INDEX speaker_surnames_by_speaker ON speaker_surnames (speaker_id);

CREATE TABLE speaker_blocks (
    speaker_id  bigint NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    key         text   NOT NULL,
    PRIMARY KEY (speaker_id, key)
);

CREATE TABLE speaker_mentions (
    document_id  bigint  NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    mention      bigint  NOT NULL,
    speaker_id   bigint  NOT NULL REFERENCES speakers (id),
    name         text    NOT NULL,
    key          text    NOT NULL,
    surname      text    NOT NULL,
    lone         boolean NOT NULL,
    pinned       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (document_id, mention)
);
CREATE INDEX speaker_mentions_by_speaker ON speaker_mentions (speaker_id);
CREATE INDEX speaker_mentions_by_key ON speaker_mentions (key);
CREATE INDEX speaker_mentions_by_surname ON speaker_mentions (surname);

-- A speaker directory (an operator's file) pins names, a Wikidata id and
-- titles for known people.
ALTER TABLE speakers ADD COLUMN wikidata_id text;
CREATE TABLE speaker_titles (
    speaker_id  bigint NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
    role        text NOT NULL,
    PRIMARY KEY (speaker_id, role)
);

CREATE TABLE speaker_corrections (
    id      bigserial PRIMARY KEY,
    actor   text   NOT NULL,
    time    bigint NOT NULL,
    action  text   NOT NULL,
    detail  text   NOT NULL
);
