-- +goose Up
-- Per-campaign settings of the dispatch briefing (调度通报): the ranking's
-- weights (percent, summing to 100), the target score for 红榜 / 黑榜, how
-- many units each list names, and the 发文字号 prefix (河西督通〔2026〕3号).
CREATE TABLE briefing_settings (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id),
    weight_reports INTEGER NOT NULL DEFAULT 40,
    weight_completion INTEGER NOT NULL DEFAULT 40,
    weight_lights INTEGER NOT NULL DEFAULT 20,
    target_score INTEGER NOT NULL DEFAULT 80,
    board_size INTEGER NOT NULL DEFAULT 3,
    number_prefix TEXT NOT NULL DEFAULT '督通',
    issuer TEXT NOT NULL DEFAULT '',
    cc TEXT NOT NULL DEFAULT '',
    updated_at {{ts}} NOT NULL
);

-- Briefings and speech outlines (kind 'briefing' | 'outline'). sections is
-- the editable text (JSON); figures and basis are what the text was computed
-- from (JSON), frozen with the text when a briefing is published (status
-- 'draft' | 'published'). number is the 发文字号, unique per prefix and year.
CREATE TABLE briefings (
    id {{id}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    title TEXT NOT NULL,
    sections TEXT NOT NULL,
    figures TEXT NOT NULL,
    basis TEXT NOT NULL DEFAULT '{}',
    number_prefix TEXT NOT NULL DEFAULT '',
    year INTEGER,
    seq INTEGER,
    number TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at {{ts}} NOT NULL,
    updated_at {{ts}} NOT NULL,
    published_by BIGINT REFERENCES users(id),
    published_at {{ts}}
);
CREATE INDEX briefings_campaign ON briefings(campaign_id, kind, status, period_to);
CREATE UNIQUE INDEX briefings_number ON briefings(number_prefix, year, seq);

-- The last 发文字号 sequence issued per prefix and year.
CREATE TABLE briefing_counters (
    prefix TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- +goose Down
DROP TABLE briefing_counters;
DROP TABLE briefings;
DROP TABLE briefing_settings;
