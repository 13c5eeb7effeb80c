-- +goose Up
-- Progress reports (进展报送) for a task's due dates. A returned report stays
-- as it was (status 'returned') and the unit submits a new row for the same
-- due date, so the history is kept; at most one live (submitted or accepted)
-- report per due date, which also stops a double submission.
CREATE TABLE task_reports (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    due_date TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    author_id BIGINT NOT NULL REFERENCES users(id),
    work_done TEXT NOT NULL,
    progress INTEGER NOT NULL,
    problems TEXT NOT NULL DEFAULT '',
    needs_coordination BOOLEAN NOT NULL DEFAULT FALSE,
    coord_unit_id BIGINT REFERENCES units(id),
    coord_leader_id BIGINT REFERENCES users(id),
    next_steps TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'submitted',
    submitted_at {{ts}} NOT NULL,
    late BOOLEAN NOT NULL DEFAULT FALSE,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at {{ts}},
    review_comment TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_reports_task ON task_reports(task_id, due_date);
CREATE UNIQUE INDEX task_reports_live ON task_reports(task_id, due_date) WHERE status <> 'returned';
CREATE INDEX task_reports_status ON task_reports(status, submitted_at);

-- Whether a campaign's report due dates follow the working-day calendar
-- (the last working day of the week or month) or plain calendar days.
ALTER TABLE campaigns ADD COLUMN report_workdays BOOLEAN NOT NULL DEFAULT TRUE;

-- +goose Down
ALTER TABLE campaigns DROP COLUMN report_workdays;
DROP TABLE task_reports;
