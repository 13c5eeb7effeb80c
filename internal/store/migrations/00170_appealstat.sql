-- +goose Up
-- The office's settings for the three rates (三率): weights and definitions, one row per key
-- (internal/appealstat/settings.go lists the keys and the defaults used without a row).
CREATE TABLE appealstat_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at {{ts}} NOT NULL
);

-- Hot-issue aggregates, kept up to date incrementally by the appealstat.aggregate job so the
-- hot-issue page never scans the appeals. day is the Asia/Shanghai date of receipt;
-- category_id and region_id are 0 when the appeal has none; repeat_* count the appeals that
-- repeat an earlier one by phone hash, by place and category (30 days), or either.
-- SQLite keeps both tables WITHOUT ROWID, clustered by their key, so a range of days or weeks
-- is read in key order without a lookup per row (the hot page's two big reads).
{{sqlite}}CREATE TABLE appealstat_daily (day TEXT NOT NULL, category_id BIGINT NOT NULL, region_id BIGINT NOT NULL, n BIGINT NOT NULL, repeat_phone BIGINT NOT NULL DEFAULT 0, repeat_place BIGINT NOT NULL DEFAULT 0, repeat_any BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (day, category_id, region_id)) WITHOUT ROWID;
{{postgres}}CREATE TABLE appealstat_daily (day TEXT NOT NULL, category_id BIGINT NOT NULL, region_id BIGINT NOT NULL, n BIGINT NOT NULL, repeat_phone BIGINT NOT NULL DEFAULT 0, repeat_place BIGINT NOT NULL DEFAULT 0, repeat_any BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (day, category_id, region_id));

-- Term counts per ISO week ('2026-W09'): in how many appeals of the week the term occurs.
{{sqlite}}CREATE TABLE appealstat_terms (week TEXT NOT NULL, term TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (week, term)) WITHOUT ROWID;
{{postgres}}CREATE TABLE appealstat_terms (week TEXT NOT NULL, term TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (week, term));

-- Every appeal the job has counted (so a late-committed lower id is not missed or counted twice).
CREATE TABLE appealstat_seen (
    appeal_id BIGINT PRIMARY KEY
);

-- Appeals flagged as repeats, with the earlier appeal they repeat.
CREATE TABLE appealstat_repeats (
    appeal_id BIGINT PRIMARY KEY,
    day TEXT NOT NULL,
    phone_of BIGINT,
    place_of BIGINT
);
CREATE INDEX appealstat_repeats_day ON appealstat_repeats(day, appeal_id);

-- The job's watermark: the highest appeal id counted.
CREATE TABLE appealstat_marks (
    name TEXT PRIMARY KEY,
    last_id BIGINT NOT NULL,
    updated_at {{ts}} NOT NULL
);

-- Lookups the rates and the repeat detection make on the appeal tables.
CREATE INDEX appealstat_appeals_phone ON appeals(phone_hash, received_at);
CREATE INDEX appealstat_appeals_place ON appeals(region_id, category_id, received_at);
CREATE INDEX appealstat_appeals_closed ON appeals(closed_at);
CREATE INDEX appealstat_dispatches_at ON appeal_dispatches(dispatched_at);

-- +goose Down
DROP INDEX appealstat_dispatches_at;
DROP INDEX appealstat_appeals_closed;
DROP INDEX appealstat_appeals_place;
DROP INDEX appealstat_appeals_phone;
DROP TABLE appealstat_marks;
DROP TABLE appealstat_repeats;
DROP TABLE appealstat_seen;
DROP TABLE appealstat_terms;
DROP TABLE appealstat_daily;
DROP TABLE appealstat_settings;
