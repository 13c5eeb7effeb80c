-- +goose Up
-- Personal API tokens; only a keyed hash of the token is stored.
CREATE TABLE api_tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    prefix TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    expires_at {{ts}},
    last_used_at {{ts}},
    revoked_at {{ts}}
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens(token_hash);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- +goose Down
DROP TABLE api_tokens;
