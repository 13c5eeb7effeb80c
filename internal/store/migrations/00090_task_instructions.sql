-- +goose Up
-- Leader instructions (领导批示) on a task. written_by is who typed it; when a
-- secretary in the office records it for a leader, on_behalf_of names that
-- leader (NULL when the leader wrote it). The lead unit answers once: reply,
-- replied_by and replied_at stay empty while the instruction awaits a reply.
CREATE TABLE task_instructions (
    id {{id}},
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    written_by BIGINT NOT NULL REFERENCES users(id),
    on_behalf_of BIGINT REFERENCES users(id),
    body TEXT NOT NULL,
    created_at {{ts}} NOT NULL,
    reply TEXT NOT NULL DEFAULT '',
    replied_by BIGINT REFERENCES users(id),
    replied_at {{ts}}
);
CREATE INDEX task_instructions_task ON task_instructions(task_id, id);
CREATE INDEX task_instructions_open ON task_instructions(replied_at, task_id);

-- +goose Down
DROP TABLE task_instructions;
