-- +goose Up
-- The outside channels the system admin configures on /admin/channels. The
-- delivery job reads them on every run, so a change applies without a
-- restart. Secrets (the SMTP password, a robot's webhook URL — WeCom's holds
-- its key — and signing secret) are sealed with the configured crypto suite.
CREATE TABLE notify_smtp (
    id INTEGER PRIMARY KEY,
    host TEXT NOT NULL DEFAULT '',
    port INTEGER NOT NULL DEFAULT 25,
    starttls BOOLEAN NOT NULL DEFAULT TRUE,
    username TEXT NOT NULL DEFAULT '',
    password_sealed TEXT NOT NULL DEFAULT '',
    from_addr TEXT NOT NULL DEFAULT '',
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at {{ts}} NOT NULL
);

CREATE TABLE notify_robots (
    id {{id}},
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    url_sealed TEXT NOT NULL,
    secret_sealed TEXT NOT NULL DEFAULT '',
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX notify_robots_name ON notify_robots(name);

-- +goose Down
DROP TABLE notify_robots;
DROP TABLE notify_smtp;
