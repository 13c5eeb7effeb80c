-- +goose Up
-- The public portal (internal/portal). A campaign the office published shows
-- its progress on /public/campaigns/{id}: every task when all_tasks, else
-- only the tasks listed in portal_tasks.
CREATE TABLE portal_campaigns (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id),
    all_tasks BOOLEAN NOT NULL DEFAULT TRUE,
    published_at {{ts}} NOT NULL,
    published_by BIGINT REFERENCES users(id)
);
CREATE TABLE portal_tasks (
    task_id BIGINT PRIMARY KEY REFERENCES tasks(id),
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id)
);
CREATE INDEX portal_tasks_campaign ON portal_tasks(campaign_id);

-- Portal settings: the SMS gateway (URL, sealed token) and the office phone
-- number shown when no gateway is configured.
CREATE TABLE portal_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Open311 API keys, issued by the system admin; only the SHA-256 of a key is
-- kept (prefix is its first characters, to tell keys apart on the page).
CREATE TABLE open311_keys (
    id {{id}},
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    revoked_at {{ts}}
);
-- Which key filed which appeal: a client lists only its own requests.
CREATE TABLE open311_requests (
    appeal_id BIGINT PRIMARY KEY REFERENCES appeals(id),
    key_id BIGINT NOT NULL REFERENCES open311_keys(id),
    created_at {{ts}} NOT NULL
);
CREATE INDEX open311_requests_key ON open311_requests(key_id, created_at);

-- +goose Down
DROP TABLE open311_requests;
DROP TABLE open311_keys;
DROP TABLE portal_settings;
DROP TABLE portal_tasks;
DROP TABLE portal_campaigns;
