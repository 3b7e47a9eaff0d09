-- Bounded search (v2). A speaker's statements newest first by id: the walk
-- that counts a search's matches and finds its ranking window. Time order
-- within a speaker is served by statements_by_speaker (speaker_id, time),
-- whose entries end with the rowid.
CREATE INDEX statements_by_speaker_id ON statements (speaker_id, id);

-- Merge FTS5 segments as soon as two of a level exist (default 4): every
-- lookup of a rowid (the per-row probes of time-ordered searches) seeks in
-- every segment, so fewer segments make probes several times cheaper, for
-- a little more merge work per ingest.
INSERT INTO statement_fts (statement_fts, rank) VALUES ('automerge', 2);
