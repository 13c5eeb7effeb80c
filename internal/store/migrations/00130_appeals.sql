-- +goose Up
-- Citizens' appeals (诉求, 接诉即办). Categories are editable by the admin;
-- class is the category's default time-limit class (urgent|enquiry|complaint).
CREATE TABLE appeal_categories (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL DEFAULT '',
    class TEXT NOT NULL DEFAULT 'complaint',
    seq INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO appeal_categories (name, name_en, class, seq, active) VALUES
    ('就业', 'Employment', 'enquiry', 1, TRUE),
    ('住房', 'Housing', 'complaint', 2, TRUE),
    ('教育', 'Education', 'complaint', 3, TRUE),
    ('医疗', 'Health care', 'complaint', 4, TRUE),
    ('社保', 'Social security', 'enquiry', 5, TRUE),
    ('交通', 'Transport', 'complaint', 6, TRUE),
    ('环境', 'Environment', 'complaint', 7, TRUE),
    ('治安', 'Public security', 'complaint', 8, TRUE),
    ('其他', 'Other', 'complaint', 9, TRUE);

-- One appeal. Name and phone are sealed with the configured cipher (name_enc,
-- phone_enc) and kept masked for display; phone_hash is the keyed hash of the
-- normalised number (repeat detection, code recovery). due_at is the limit in
-- force (extended_due_at once an extension was approved, copied into due_at);
-- all timestamps are UTC.
CREATE TABLE appeals (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    category_id BIGINT NOT NULL REFERENCES appeal_categories(id),
    class TEXT NOT NULL,
    region_id BIGINT REFERENCES regions(id),
    address TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    description TEXT NOT NULL,
    name_enc {{blob}},
    phone_enc {{blob}},
    name_mask TEXT NOT NULL DEFAULT '',
    phone_mask TEXT NOT NULL DEFAULT '',
    phone_hash TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    handler_id BIGINT REFERENCES users(id),
    received_at {{ts}} NOT NULL,
    due_at {{ts}} NOT NULL,
    extended_due_at {{ts}},
    answered_at {{ts}},
    closed_at {{ts}},
    callback_due_at {{ts}},
    answer_text TEXT NOT NULL DEFAULT '',
    solved BOOLEAN,
    reopened INTEGER NOT NULL DEFAULT 0,
    rating_first TEXT NOT NULL DEFAULT '',
    rating_final TEXT NOT NULL DEFAULT '',
    case_published BOOLEAN NOT NULL DEFAULT FALSE,
    case_text TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT UNIQUE,
    task_id BIGINT REFERENCES tasks(id),
    ext_requested_due {{ts}},
    ext_reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE INDEX appeals_state_due ON appeals(state, due_at);
CREATE INDEX appeals_unit_state ON appeals(unit_id, state);
CREATE INDEX appeals_received ON appeals(received_at);
CREATE INDEX appeals_region_received ON appeals(region_id, received_at);
CREATE INDEX appeals_category_received ON appeals(category_id, received_at);
CREATE INDEX appeals_phone_hash ON appeals(phone_hash);

-- One row per dispatch to a unit: the unit's response clock runs from
-- dispatched_at to signed_at; a 退单 the office accepted (back_accepted TRUE)
-- does not count against the unit.
CREATE TABLE appeal_dispatches (
    id {{id}},
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    dispatched_at {{ts}} NOT NULL,
    sign_due_at {{ts}} NOT NULL,
    signed_at {{ts}},
    back_at {{ts}},
    back_reason TEXT NOT NULL DEFAULT '',
    back_accepted BOOLEAN,
    by_rule BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX appeal_dispatches_appeal ON appeal_dispatches(appeal_id);
CREATE INDEX appeal_dispatches_unit ON appeal_dispatches(unit_id, dispatched_at);

-- The timeline.
CREATE TABLE appeal_events (
    id {{id}},
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    at {{ts}} NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    unit_id BIGINT REFERENCES units(id),
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX appeal_events_appeal ON appeal_events(appeal_id, at);

-- Ratings: round 1 is the first answer's, round 2 the one after 重办.
CREATE TABLE appeal_ratings (
    id {{id}},
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    round INTEGER NOT NULL,
    rating TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    via TEXT NOT NULL,
    at {{ts}} NOT NULL
);
CREATE INDEX appeal_ratings_appeal ON appeal_ratings(appeal_id, round);
CREATE INDEX appeal_ratings_at ON appeal_ratings(at);

-- Photos, re-encoded without metadata, kept as blobs of internal/files.
-- file_id links the files row when staff uploaded the photo; a citizen has no
-- user account for files.uploaded_by, so public photos keep only the blob.
CREATE TABLE appeal_photos (
    id {{id}},
    appeal_id BIGINT NOT NULL REFERENCES appeals(id),
    file_id BIGINT REFERENCES files(id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL
);
CREATE INDEX appeal_photos_appeal ON appeal_photos(appeal_id);

-- +goose Down
DROP TABLE appeal_photos;
DROP TABLE appeal_ratings;
DROP TABLE appeal_events;
DROP TABLE appeal_dispatches;
DROP TABLE appeals;
DROP TABLE appeal_categories;
