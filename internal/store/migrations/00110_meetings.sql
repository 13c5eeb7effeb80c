-- +goose Up
-- Meetings of a campaign: 调度会 (dispatch), 座谈会 (forum), 专题协调会
-- (coordination), 推进会 (progress). state: planned | held. version guards
-- against lost updates when two office users edit the same meeting.
CREATE TABLE meetings (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    held_at {{ts}} NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    chair_id BIGINT REFERENCES users(id),
    agenda TEXT NOT NULL DEFAULT '',
    statement_due {{ts}},
    minutes TEXT NOT NULL DEFAULT '',
    minutes_published_at {{ts}},
    decisions_published_at {{ts}},
    state TEXT NOT NULL DEFAULT 'planned',
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX meetings_campaign_held ON meetings(campaign_id, held_at);
CREATE INDEX meetings_kind_held ON meetings(campaign_id, kind, held_at);

-- Attending units and their statements (汇报材料).
CREATE TABLE meeting_units (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    statement_requested BOOLEAN NOT NULL DEFAULT FALSE,
    statement TEXT NOT NULL DEFAULT '',
    statement_by BIGINT REFERENCES users(id),
    statement_at {{ts}},
    PRIMARY KEY (meeting_id, unit_id)
);
CREATE INDEX meeting_units_unit ON meeting_units(unit_id);

-- Attendance: status '' (not recorded) | present | absent | substitute.
CREATE TABLE meeting_attendees (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    unit_id BIGINT REFERENCES units(id),
    user_id BIGINT REFERENCES users(id),
    name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    substitute TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_attendees_meeting ON meeting_attendees(meeting_id);

-- Decisions (议定事项); task_id is set when the decisions are published.
CREATE TABLE meeting_decisions (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    lead_unit_id BIGINT REFERENCES units(id),
    deadline TEXT,
    task_id BIGINT REFERENCES tasks(id)
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id, seq);
CREATE INDEX meeting_decisions_task ON meeting_decisions(task_id);

CREATE TABLE meeting_decision_co_units (
    decision_id BIGINT NOT NULL REFERENCES meeting_decisions(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (decision_id, unit_id)
);

-- Symposium (座谈会) opinions by participant group; appeal_id has no FK
-- because the appeals table belongs to another part.
CREATE TABLE meeting_opinions (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    group_name TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    task_id BIGINT REFERENCES tasks(id),
    appeal_id BIGINT,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL
);
CREATE INDEX meeting_opinions_meeting ON meeting_opinions(meeting_id);
CREATE INDEX meeting_opinions_task ON meeting_opinions(task_id);

-- +goose Down
DROP TABLE meeting_opinions;
DROP TABLE meeting_decision_co_units;
DROP TABLE meeting_decisions;
DROP TABLE meeting_attendees;
DROP TABLE meeting_units;
DROP TABLE meetings;
