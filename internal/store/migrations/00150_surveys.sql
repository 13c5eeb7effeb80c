-- +goose Up
-- Surveys (调查问卷). questions is a JSON list validated by internal/survey
-- (keys, types, options, skip conditions); state is draft|published|closed;
-- close_on is the last day answers are taken ('YYYY-MM-DD', Asia/Shanghai).
-- ip_limit caps responses per address per day (villages share NAT addresses,
-- so it is generous; 0 = no cap).
CREATE TABLE surveys (
    id {{id}},
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'draft',
    anonymous BOOLEAN NOT NULL DEFAULT TRUE,
    close_on TEXT NOT NULL DEFAULT '',
    ip_limit INTEGER NOT NULL DEFAULT 20,
    campaign_id BIGINT REFERENCES campaigns(id),
    questions TEXT NOT NULL DEFAULT '[]',
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    published_at {{ts}},
    closed_at {{ts}}
);

-- One response. device_hash is the keyed hash of the browser's cookie token
-- (one response per device), ip_hash the keyed hash of the address (the
-- per-address cap); a named survey's respondent name is sealed.
CREATE TABLE survey_responses (
    id {{id}},
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    device_hash TEXT NOT NULL,
    ip_hash TEXT NOT NULL,
    name_enc TEXT NOT NULL DEFAULT '',
    name_mask TEXT NOT NULL DEFAULT '',
    created_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX survey_responses_device ON survey_responses(survey_id, device_hash);
CREATE INDEX survey_responses_ip ON survey_responses(survey_id, ip_hash, created_at);

-- One answer value, so counts and cross-tabs are GROUP BYs: a single choice,
-- a rating or a village is one row (choice = option number, value or region
-- id); a multiple choice one row per option; a matrix one row per row (item)
-- with the scale value; a number in num; text in text.
CREATE TABLE survey_answers (
    id {{id}},
    response_id BIGINT NOT NULL REFERENCES survey_responses(id),
    survey_id BIGINT NOT NULL REFERENCES surveys(id),
    question TEXT NOT NULL,
    item TEXT NOT NULL DEFAULT '',
    choice TEXT NOT NULL DEFAULT '',
    num DOUBLE PRECISION,
    text TEXT NOT NULL DEFAULT ''
);
-- (survey, question, item, choice) serves the counts; (response, question,
-- choice) the cross-tab's join from one answer to the same response's other.
CREATE INDEX survey_answers_question ON survey_answers(survey_id, question, item, choice, response_id);
CREATE INDEX survey_answers_response ON survey_answers(response_id, question, choice);

-- +goose Down
DROP TABLE survey_answers;
DROP TABLE survey_responses;
DROP TABLE surveys;
