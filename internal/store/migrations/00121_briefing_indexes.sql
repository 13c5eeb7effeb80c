-- +goose Up
-- The briefing reads the reports of a campaign's tasks due in a window, in
-- task, due date and submission order: this index holds every column it
-- reads, so the million-report scan never visits the table.
CREATE INDEX task_reports_briefing ON task_reports(task_id, due_date, id, late, status);
-- Reports flagged as needing coordination, by submission time (few rows).
CREATE INDEX task_reports_coordination ON task_reports(submitted_at) WHERE needs_coordination = TRUE;

-- +goose Down
DROP INDEX task_reports_coordination;
DROP INDEX task_reports_briefing;
