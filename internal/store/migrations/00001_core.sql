-- +goose Up
-- Regions keep stable ids; codes and parent links carry validity dates
-- (valid_from inclusive, valid_to exclusive, 'YYYY-MM-DD'; NULL = still valid).
CREATE TABLE regions (
    id {{id}},
    level TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at {{ts}} NOT NULL
);

CREATE TABLE region_codes (
    id {{id}},
    region_id BIGINT NOT NULL REFERENCES regions(id),
    code TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    predecessor_code TEXT
);
CREATE INDEX region_codes_code ON region_codes(code);
CREATE INDEX region_codes_region ON region_codes(region_id);

CREATE TABLE region_parents (
    id {{id}},
    region_id BIGINT NOT NULL REFERENCES regions(id),
    parent_id BIGINT NOT NULL REFERENCES regions(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT
);
CREATE INDEX region_parents_region ON region_parents(region_id);
CREATE INDEX region_parents_parent ON region_parents(parent_id);

CREATE TABLE units (
    id {{id}},
    name TEXT NOT NULL,
    short_name TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    region_id BIGINT REFERENCES regions(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX units_name ON units(name);

CREATE TABLE users (
    id {{id}},
    username TEXT NOT NULL,
    name TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    position TEXT NOT NULL DEFAULT '',
    phone_enc TEXT NOT NULL DEFAULT '',
    phone_mask TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'zh-CN',
    password_hash TEXT NOT NULL,
    password_changed_at {{ts}},
    must_change BOOLEAN NOT NULL DEFAULT TRUE,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {{ts}},
    totp_secret_enc TEXT NOT NULL DEFAULT '',
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX users_username ON users(username);

-- Roles a user holds; the three admin roles are mutually exclusive (checked in code).
CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Further units a user serves (兼职); scope is the union with users.unit_id.
CREATE TABLE user_units (
    user_id BIGINT NOT NULL REFERENCES users(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (user_id, unit_id)
);

CREATE TABLE password_history (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    password_hash TEXT NOT NULL,
    created_at {{ts}} NOT NULL
);

CREATE TABLE recovery_codes (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    code_hash TEXT NOT NULL,
    used_at {{ts}}
);

CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    data {{blob}} NOT NULL,
    expiry {{ts}} NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The audit log is append-only; each row's hash covers the previous row's hash.
CREATE TABLE audit_log (
    id {{id}},
    at {{ts}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    ip TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    before_value TEXT NOT NULL,
    after_value TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);

-- The single row that serialises appends to the chain on every engine.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    last_id BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, hash) VALUES (1, 0, '');

CREATE TABLE login_log (
    id {{id}},
    at {{ts}} NOT NULL,
    username TEXT NOT NULL,
    user_id BIGINT,
    ip TEXT NOT NULL,
    success BOOLEAN NOT NULL,
    reason TEXT NOT NULL
);
CREATE INDEX login_log_at ON login_log(at);

-- +goose Down
DROP TABLE login_log;
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE settings;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE password_history;
DROP TABLE user_units;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE units;
DROP TABLE region_parents;
DROP TABLE region_codes;
DROP TABLE regions;
