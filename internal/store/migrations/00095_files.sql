-- +goose Up
-- Uploaded files. The content lives on disk under its SHA-256 (stored once
-- however often it is uploaded); each upload is a row with the name it came
-- under and who sent it. content_type is detected from the content.
CREATE TABLE files (
    id {{id}},
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    original_name TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users(id),
    uploaded_at {{ts}} NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);

-- Attachments of a task: the office's task documents (kind task), the units'
-- completion evidence (evidence), and a report's files (report, report_id set).
CREATE TABLE task_attachments (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    file_id BIGINT NOT NULL REFERENCES files(id),
    kind TEXT NOT NULL,
    report_id BIGINT REFERENCES task_reports(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    created_at {{ts}} NOT NULL
);
CREATE INDEX task_attachments_task ON task_attachments(task_id, id);
CREATE INDEX task_attachments_file ON task_attachments(file_id);
CREATE INDEX task_attachments_report ON task_attachments(report_id);

-- +goose Down
DROP TABLE task_attachments;
DROP TABLE files;
