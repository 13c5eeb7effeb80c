-- +goose Up
-- The audit admin searches both logs by date and by who; keep those fast on
-- a log that only grows.
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX login_log_username ON login_log(username);

-- +goose Down
DROP INDEX login_log_username;
DROP INDEX audit_log_action;
DROP INDEX audit_log_at;
