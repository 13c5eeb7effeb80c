-- +goose Up
-- The escalation ladder's notices (一事一单): one per missed item (the task's
-- deadline, or one report due date) per rung (blue reminder, yellow 催办,
-- orange 督办, red named in the next briefing). The unique key makes each
-- notice happen once however often the job runs. number is the official
-- 文号, e.g. 催办〔2026〕12号, counted per year and rung in
-- task_notice_counters. briefed_at stays NULL for a red notice until the
-- briefing that names the item marks it.
CREATE TABLE task_notices (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    item_kind TEXT NOT NULL,
    due_date TEXT NOT NULL,
    rung TEXT NOT NULL,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    issuer_unit_id BIGINT NOT NULL REFERENCES units(id),
    recipients TEXT NOT NULL DEFAULT '',
    reply_by TEXT NOT NULL DEFAULT '',
    issued_on TEXT NOT NULL,
    issued_at {{ts}} NOT NULL,
    briefed_at {{ts}}
);
CREATE UNIQUE INDEX task_notices_item ON task_notices(task_id, item_kind, due_date, rung);
CREATE UNIQUE INDEX task_notices_number ON task_notices(rung, year, seq);
CREATE INDEX task_notices_unit ON task_notices(unit_id, issued_on);

-- Who a notice went to (the in-app notification's recipients).
CREATE TABLE task_notice_recipients (
    notice_id BIGINT NOT NULL REFERENCES task_notices(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (notice_id, user_id)
);

-- The last number issued per rung and year.
CREATE TABLE task_notice_counters (
    rung TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (rung, year)
);

-- +goose Down
DROP TABLE task_notice_counters;
DROP TABLE task_notice_recipients;
DROP TABLE task_notices;
