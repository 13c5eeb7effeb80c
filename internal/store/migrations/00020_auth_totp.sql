-- +goose Up
-- The last TOTP time step accepted for a user, so a code cannot be used twice
-- within its 30-second window (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
CREATE INDEX password_history_user ON password_history(user_id, id);
CREATE INDEX recovery_codes_user ON recovery_codes(user_id);

-- +goose Down
DROP INDEX recovery_codes_user;
DROP INDEX password_history_user;
ALTER TABLE users DROP COLUMN totp_last_step;
