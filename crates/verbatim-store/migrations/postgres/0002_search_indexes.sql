-- Bounded search (v2). A speaker's statements in time order with the id tie
-- break, so that a speaker listing reads its page off the index without
-- sorting, and newest first by id: the walk that counts a search's matches
-- and finds its ranking window.
DROP INDEX statements_by_speaker;
CREATE INDEX statements_by_speaker ON statements (speaker_id, time, id);
CREATE INDEX statements_by_speaker_id ON statements (speaker_id, id);

-- Write full-text entries straight into the GIN index: with the pending
-- list (fastupdate), every search scans up to gin_pending_list_limit of
-- unsorted entries until a vacuum merges them.
ALTER INDEX statements_terms SET (fastupdate = off);
SELECT gin_clean_pending_list('statements_terms'::regclass);
