package demo

import (
	"context"
	"fmt"

	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// demoInstructions are the leader instructions (领导批示) of the demo: the
// first answered by 教育局, the second recorded by the office on the
// leader's behalf and still awaiting its reply.
var demoInstructions = []struct {
	task, by, body, reply string
}{
	{"青石镇中心小学扩容改造", "leader", "请教育局会同住建、财政倒排工期，确保秋季开学前新增学位投入使用，每两周报一次进度。",
		"已会同住建局、财政局制定倒排工期表，8月20日前完成主体改造，每两周报送进度。"},
	{"柳溪乡学生就近入学与校车保障", "ducha", "群众反映校车线路覆盖不足，请教育局一周内拿出调整方案并回复。", ""},
}

// LoadInstructions adds the demo's leader instructions and, when the plan
// has none, one pending extension request, inside the demo's transaction.
func LoadInstructions(ctx context.Context, tx *store.Tx, d Deps, seeded Seeded) error {
	s := task.New(d.DB, d.Audit, d.Now)
	people := map[string]*auth.Principal{}
	for _, u := range []string{"leader", "ducha", "jiaoyu"} {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM users WHERE username = ?`, u).Scan(&id); err != nil {
			return fmt.Errorf("demo user %s: %w", u, err)
		}
		p, err := auth.LoadPrincipal(ctx, tx, id)
		if err != nil {
			return err
		}
		people[u] = p
	}
	for _, in := range demoInstructions {
		taskID := seededID(seeded, in.task)
		if taskID == 0 {
			return fmt.Errorf("demo instruction: no task %q", in.task)
		}
		id, err := s.InstructIn(ctx, tx, people[in.by], taskID, task.InstructionInput{Body: in.body, LeaderID: people["leader"].ID})
		if err != nil {
			return fmt.Errorf("demo instruction on %q: %w", in.task, err)
		}
		if in.reply != "" {
			if _, err := s.ReplyInstructionIn(ctx, tx, people["jiaoyu"], id, in.reply); err != nil {
				return fmt.Errorf("demo reply on %q: %w", in.task, err)
			}
		}
	}
	return pendingExtension(ctx, tx, d, seeded, people["jiaoyu"])
}

// pendingExtension files one extension request by 教育局 unless the demo
// already has a pending one (the plan may grow its own).
func pendingExtension(ctx context.Context, tx *store.Tx, d Deps, seeded Seeded, by *auth.Principal) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM task_extensions WHERE state = 'pending'`).Scan(&n); err != nil || n > 0 {
		return err
	}
	const title = "青石镇中心小学扩容改造"
	id := seededID(seeded, title)
	var deadline string
	if err := tx.QueryRow(ctx, `SELECT deadline FROM tasks WHERE id = ?`, id).Scan(&deadline); err != nil {
		return fmt.Errorf("demo extension task: %w", err)
	}
	now := d.Now().UTC()
	asked := d.Now().In(ui.Shanghai).AddDate(0, 0, 150).Format("2006-01-02")
	reason := "受雨季影响，主体工程需顺延一个月。"
	if _, err := tx.Exec(ctx, `INSERT INTO task_extensions (task_id, requested_deadline, reason, requested_by, requested_at)
		VALUES (?, ?, ?, ?, ?)`, id, asked, reason, by.ID, now); err != nil {
		return fmt.Errorf("demo extension: %w", err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO task_events (task_id, at, actor_id, actor, action, from_state, to_state, comment)
		VALUES (?, ?, ?, ?, 'request_extension', ?, ?, ?)`, id, now, by.ID, by.Name, task.StateInProgress, task.StateInProgress,
		asked+" · "+reason)
	return err
}

// seededID finds a seeded task by title (0 when absent).
func seededID(seeded Seeded, title string) int64 {
	for _, t := range seeded.Tasks {
		if t.Title == title {
			return t.ID
		}
	}
	return 0
}
