-- +goose Up
-- Former names of a region, so old and new names stay findable after a rename.
CREATE TABLE region_names (
    id {{id}},
    region_id BIGINT NOT NULL REFERENCES regions(id),
    name TEXT NOT NULL,
    valid_to TEXT NOT NULL
);
CREATE INDEX region_names_region ON region_names(region_id);
CREATE INDEX region_names_name ON region_names(name);
CREATE INDEX regions_name ON regions(name);

-- Where a leader (or anyone) is stationed (蹲点): one region per user.
CREATE TABLE user_stations (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    region_id BIGINT NOT NULL REFERENCES regions(id)
);

-- +goose Down
DROP TABLE user_stations;
DROP INDEX regions_name;
DROP TABLE region_names;
