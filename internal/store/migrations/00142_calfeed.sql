-- +goose Up
-- A user's private calendar feed: the secret is shown once and kept only as
-- a keyed hash; rotating replaces the row, revoking deletes it.
CREATE TABLE calfeed_tokens (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    secret_hash TEXT NOT NULL,
    prefix TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    last_used_at {{ts}}
);
CREATE UNIQUE INDEX calfeed_tokens_hash ON calfeed_tokens(secret_hash);

-- +goose Down
DROP TABLE calfeed_tokens;
