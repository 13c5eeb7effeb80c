-- +goose Up
-- Notices (通知公告): sent by a unit (the office or any unit) to chosen units,
-- optionally within a campaign. "To all" is expanded into one recipient row
-- per active unit when the notice is published, so every receipt is a row.
CREATE TABLE bulletins (
    id {{id}},
    campaign_id BIGINT REFERENCES campaigns(id),
    sender_unit_id BIGINT NOT NULL REFERENCES units(id),
    sender_id BIGINT NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    to_all BOOLEAN NOT NULL DEFAULT FALSE,
    published_at {{ts}} NOT NULL
);
CREATE INDEX bulletins_sender ON bulletins(sender_unit_id, published_at);
CREATE INDEX bulletins_campaign ON bulletins(campaign_id);

-- One read receipt (已读回执) per recipient unit: who confirmed and when;
-- reminders counts the 催 the sender sent while it was unconfirmed.
CREATE TABLE bulletin_recipients (
    bulletin_id BIGINT NOT NULL REFERENCES bulletins(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    confirmed_by BIGINT REFERENCES users(id),
    confirmed_at {{ts}},
    reminders INTEGER NOT NULL DEFAULT 0,
    reminded_at {{ts}},
    PRIMARY KEY (bulletin_id, unit_id)
);
CREATE INDEX bulletin_recipients_unit ON bulletin_recipients(unit_id, bulletin_id);

CREATE TABLE bulletin_attachments (
    id {{id}},
    bulletin_id BIGINT NOT NULL REFERENCES bulletins(id),
    file_id BIGINT NOT NULL REFERENCES files(id)
);
CREATE INDEX bulletin_attachments_bulletin ON bulletin_attachments(bulletin_id, id);
CREATE INDEX bulletin_attachments_file ON bulletin_attachments(file_id);

-- +goose Down
DROP TABLE bulletin_attachments;
DROP TABLE bulletin_recipients;
DROP TABLE bulletins;
