-- +goose Up
-- A campaign (专项活动) run by the office's unit; the light thresholds and the
-- escalation delays are per campaign (defaults are those local governments use).
CREATE TABLE campaigns (
    id {{id}},
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    owner_unit_id BIGINT NOT NULL REFERENCES units(id),
    light_lag_red INTEGER NOT NULL DEFAULT 30,
    light_lag_yellow INTEGER NOT NULL DEFAULT 10,
    light_due_days INTEGER NOT NULL DEFAULT 3,
    escalate_orange_days INTEGER NOT NULL DEFAULT 2,
    escalate_red_days INTEGER NOT NULL DEFAULT 3,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX campaigns_start ON campaigns(start_date);

-- Phases of a campaign in order (动员部署 → 调研摸底 → 集中攻坚 → 总结提升).
CREATE TABLE campaign_phases (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL
);
CREATE INDEX campaign_phases_campaign ON campaign_phases(campaign_id, seq);

-- Tasks form a tree inside one campaign. deadline is the one in force;
-- original_deadline is the first one, kept for statistics when an extension
-- was approved. version guards against lost updates (optimistic locking).
CREATE TABLE tasks (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    parent_id BIGINT REFERENCES tasks(id),
    phase_id BIGINT REFERENCES campaign_phases(id),
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    weight INTEGER NOT NULL DEFAULT 1,
    source TEXT NOT NULL,
    lead_unit_id BIGINT NOT NULL REFERENCES units(id),
    responsible_id BIGINT REFERENCES users(id),
    leader_id BIGINT REFERENCES users(id),
    start_date TEXT NOT NULL,
    deadline TEXT NOT NULL,
    original_deadline TEXT NOT NULL,
    sign_due TEXT NOT NULL DEFAULT '',
    report_cycle TEXT NOT NULL DEFAULT 'none',
    state TEXT NOT NULL DEFAULT 'draft',
    progress INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    signed_at {{ts}},
    done_at {{ts}}
);
CREATE INDEX tasks_campaign ON tasks(campaign_id, deadline);
CREATE INDEX tasks_lead_unit ON tasks(lead_unit_id);
CREATE INDEX tasks_parent ON tasks(parent_id);
CREATE INDEX tasks_state ON tasks(campaign_id, state);

-- Co-units (配合单位) of a task.
CREATE TABLE task_co_units (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_co_units_unit ON task_co_units(unit_id);

CREATE TABLE task_tags (
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (task_id, tag)
);
CREATE INDEX task_tags_tag ON task_tags(tag);

CREATE TABLE task_milestones (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    title TEXT NOT NULL,
    due_date TEXT NOT NULL
);
CREATE INDEX task_milestones_task ON task_milestones(task_id);

-- The task's timeline: every transition and change, who, when and why.
CREATE TABLE task_events (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    at {{ts}} NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_events_task ON task_events(task_id, at);

-- A co-unit's own part of the work, which the lead unit sees (one per unit).
CREATE TABLE task_parts (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    body TEXT NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    updated_by BIGINT REFERENCES users(id),
    updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX task_parts_unit ON task_parts(task_id, unit_id);

-- Deadline extension requests (延期申请): state pending | approved | refused.
CREATE TABLE task_extensions (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    requested_deadline TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    requested_by BIGINT REFERENCES users(id),
    requested_at {{ts}} NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at {{ts}},
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX task_extensions_task ON task_extensions(task_id, state);

-- +goose Down
DROP TABLE task_extensions;
DROP TABLE task_parts;
DROP TABLE task_events;
DROP TABLE task_milestones;
DROP TABLE task_tags;
DROP TABLE task_co_units;
DROP TABLE tasks;
DROP TABLE campaign_phases;
DROP TABLE campaigns;
