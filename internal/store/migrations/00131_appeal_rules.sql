-- +goose Up
-- Auto-dispatch rules set by the office: an appeal of the category (NULL: any)
-- from the region (NULL: any) goes to unit_id on receipt. The most specific
-- active rule wins (category and region, then region, then category).
CREATE TABLE appeal_dispatch_rules (
    id {{id}},
    category_id BIGINT REFERENCES appeal_categories(id),
    region_id BIGINT REFERENCES regions(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL
);
CREATE INDEX appeal_dispatch_rules_cat ON appeal_dispatch_rules(category_id, region_id);

-- Time limits overriding the documented defaults: kind is a class
-- (urgent|enquiry|complaint), 'sign' (签收) or 'callback' (回访); category_id
-- NULL applies to the whole class. unit is 'hours' (clock hours, holidays
-- included) or 'workdays' (counted from the day after).
CREATE TABLE appeal_limits (
    id {{id}},
    kind TEXT NOT NULL,
    category_id BIGINT REFERENCES appeal_categories(id),
    unit TEXT NOT NULL,
    amount INTEGER NOT NULL
);
CREATE INDEX appeal_limits_kind ON appeal_limits(kind, category_id);

-- Escalation rungs sent for an overdue appeal, once each (催办 to the unit
-- head, 督办 to the office).
CREATE TABLE appeal_escalations (
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    rung TEXT NOT NULL,
    at {{ts}} NOT NULL,
    PRIMARY KEY (appeal_id, rung)
);

-- Co-handling units (协办) the office added on the handling unit's request.
CREATE TABLE appeal_co_units (
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (appeal_id, unit_id)
);

-- +goose Down
DROP TABLE appeal_co_units;
DROP TABLE appeal_escalations;
DROP TABLE appeal_limits;
DROP TABLE appeal_dispatch_rules;
