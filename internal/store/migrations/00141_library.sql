-- +goose Up
-- A campaign's document library (资料共享): documents by category, each with
-- its versions (the latest is shown, the older ones stay downloadable).
-- unit_id is the unit that added the document: a unit may add versions to
-- its own documents only; the office to any.
CREATE TABLE library_docs (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    versions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX library_docs_campaign ON library_docs(campaign_id, category, updated_at);

CREATE TABLE library_versions (
    id {{id}},
    doc_id BIGINT NOT NULL REFERENCES library_docs(id),
    seq INTEGER NOT NULL,
    file_id BIGINT NOT NULL REFERENCES files(id),
    note TEXT NOT NULL DEFAULT '',
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at {{ts}} NOT NULL,
    UNIQUE (doc_id, seq)
);
CREATE INDEX library_versions_file ON library_versions(file_id);

-- +goose Down
DROP TABLE library_versions;
DROP TABLE library_docs;
