-- +goose Up
-- Indexes for the lists at scale (docs/benchmarks.md §3, issue 3).
-- The lights of a page read the reports of its tasks in this order with
-- these columns: a covering index answers without touching the table or
-- sorting. It starts with (task_id, due_date), so it replaces that index.
CREATE INDEX task_reports_outcome ON task_reports(task_id, due_date, submitted_at, id, late, status);
DROP INDEX task_reports_task;

-- +goose Down
CREATE INDEX task_reports_task ON task_reports(task_id, due_date);
DROP INDEX task_reports_outcome;
