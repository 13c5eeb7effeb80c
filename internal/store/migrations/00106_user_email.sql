-- +goose Up
-- An optional e-mail address per account, for notices by mail. Personal data:
-- shown masked in lists and in the audit log.
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN email;
