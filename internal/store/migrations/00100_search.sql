-- +goose Up
-- Full-text search documents (internal/search): one row per searchable thing
-- (kind 'task': a task's title, content and report texts), its text as
-- space-separated tokens made in Go (overlapping CJK bigrams, lowercased
-- words). SQLite indexes them with an external-content FTS5 table kept in
-- step by Go (rowid = search_docs.id); PostgreSQL with a GIN index. The
-- {{sqlite}}/{{postgres}} lines are for that engine only (store/dialect.go).
CREATE TABLE search_docs (
    id {{id}},
    kind TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    tokens TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX search_docs_ref ON search_docs(kind, ref_id);
{{sqlite}}CREATE VIRTUAL TABLE search_docs_fts USING fts5(tokens, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
{{postgres}}CREATE INDEX search_docs_tokens ON search_docs USING GIN (to_tsvector('simple', tokens));

-- +goose Down
{{sqlite}}DROP TABLE search_docs_fts;
{{postgres}}DROP INDEX search_docs_tokens;
DROP TABLE search_docs;
