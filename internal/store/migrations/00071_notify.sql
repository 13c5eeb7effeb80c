-- +goose Up
-- In-app notifications: one per idempotency key, so a retried job never
-- notifies twice.
CREATE TABLE notifications (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL,
    read_at {{ts}},
    idempotency_key TEXT NOT NULL
);
CREATE UNIQUE INDEX notifications_key ON notifications(idempotency_key);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_unread ON notifications(user_id, read_at);

-- Deliveries outside Tongchou (mail, robots): at least once, with the key sent
-- along so the receiver can drop a repeat. Drained by the notify.deliver job
-- with exponential backoff; next_attempt_at NULL means given up.
CREATE TABLE notify_outbox (
    id {{id}},
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{ts}},
    delivered_at {{ts}},
    last_error TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX notify_outbox_key ON notify_outbox(idempotency_key);
CREATE INDEX notify_outbox_due ON notify_outbox(next_attempt_at);

-- +goose Down
DROP TABLE notify_outbox;
DROP TABLE notifications;
