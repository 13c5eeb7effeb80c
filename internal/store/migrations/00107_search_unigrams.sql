-- +goose Up
-- Search documents now hold each CJK character alone besides the bigrams
-- (internal/search Doc), so a one-character search finds words. The old
-- documents are dropped here; start-up rebuilds every missing one
-- (task.ReindexSearch), so no document keeps the old tokens.
{{sqlite}}INSERT INTO search_docs_fts (search_docs_fts) VALUES ('delete-all');
DELETE FROM search_docs;

-- +goose Down
-- The documents stay valid for the older code (extra tokens only widen
-- one-character matches), so nothing is undone.
SELECT 1;
