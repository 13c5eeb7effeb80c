package task

import (
	"context"
	"database/sql"
	"time"

	"tongchou/internal/auth"
	"tongchou/internal/notify"
	"tongchou/internal/store"
)

// unitLiaisons lists the enabled liaisons serving unit (own unit or 兼职).
func unitLiaisons(ctx context.Context, q store.Querier, unit int64) ([]int64, error) {
	var out []int64
	err := eachRow(ctx, q, `SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ?
		WHERE NOT u.disabled AND (u.unit_id = ? OR EXISTS (SELECT 1 FROM user_units uu WHERE uu.user_id = u.id AND uu.unit_id = ?))
		ORDER BY u.id`, []any{auth.RoleLiaison, unit, unit}, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// notifyInstruction tells the lead unit's liaisons that an instruction
// awaits their reply; one notification per instruction and person, ever.
// The stored text is Chinese, the working language of the notices.
func notifyInstruction(ctx context.Context, tx *store.Tx, now time.Time, t *Task, id int64, leader, body string) error {
	to, err := unitLiaisons(ctx, tx, t.LeadUnitID)
	if err != nil {
		return err
	}
	for _, u := range to {
		_, err := notify.Notify(ctx, tx, now, u, notify.Notification{Kind: "task.instruction",
			Title: "领导批示待回复：" + t.Title, Body: leader + "：" + body, Link: "/tasks/" + itoa(t.ID) + "/instructions",
			Key: "task.instruction:" + itoa(id) + ":" + itoa(u)})
		if err != nil {
			return err
		}
	}
	return nil
}

// notifyReply tells the leader (and a secretary who recorded it) that the
// lead unit has answered.
func notifyReply(ctx context.Context, tx *store.Tx, now time.Time, t *Task, in Instruction, unitUser string) error {
	to := []int64{in.LeaderID}
	if in.OnBehalf() {
		to = append(to, in.WriterID)
	}
	for _, u := range to {
		_, err := notify.Notify(ctx, tx, now, u, notify.Notification{Kind: "task.instruction_reply",
			Title: "批示已回复：" + t.Title, Body: t.LeadUnitName + " " + unitUser, Link: "/tasks/" + itoa(t.ID) + "/instructions",
			Key: "task.instruction_reply:" + itoa(in.ID) + ":" + itoa(u)})
		if err != nil {
			return err
		}
	}
	return nil
}
