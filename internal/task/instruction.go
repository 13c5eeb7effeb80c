package task

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// maxInstruction is the longest instruction or reply, in characters.
const maxInstruction = 2000

// Instruction is a leader's instruction (领导批示) on a task and the lead
// unit's reply to it.
type Instruction struct {
	ID          int64
	TaskID      int64
	TaskTitle   string
	LeaderID    int64 // whose instruction it is
	LeaderName  string
	WriterID    int64 // who recorded it: the leader, or a secretary on the leader's behalf
	WriterName  string
	Body        string
	CreatedAt   time.Time
	Reply       string
	ReplierName string
	RepliedAt   time.Time // zero while it awaits the reply (待回复)
}

// OnBehalf reports whether someone else recorded the instruction for the leader.
func (i Instruction) OnBehalf() bool { return i.WriterID != i.LeaderID }

// Awaiting reports whether the lead unit has not answered yet.
func (i Instruction) Awaiting() bool { return i.RepliedAt.IsZero() }

// InstructionInput is a new instruction as submitted. LeaderID names the
// leader when an office user records it on the leader's behalf; a leader
// writing their own leaves it 0.
type InstructionInput struct {
	Body     string
	LeaderID int64
}

// CanInstruct reports whether p may write an instruction: a leader in their
// own name, or the office on a leader's behalf.
func CanInstruct(p *auth.Principal) bool { return p.HasAny(auth.RoleLeader, auth.RoleOffice) }

// CanReplyInstruction reports whether p answers for t's lead unit (its
// liaison or unit head, 兼职 included).
func CanReplyInstruction(p *auth.Principal, t *Task) bool {
	return p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) && slices.Contains(p.Units, t.LeadUnitID)
}

// instructionText trims and checks an instruction or reply body into errs[field].
func instructionText(s string, field string, errs ui.Errors) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		errs[field] = "form.required"
	case utf8.RuneCountInString(s) > maxInstruction:
		errs[field] = "form.too_long"
	}
	return s
}

// Instruct records an instruction on task id as p: scope first (another
// unit's task is store.ErrNotFound), then the role (ui.ErrForbidden), then
// the task's state (closed tasks take none: ErrInvalidState), then the input
// (ui.Errors). The timeline, the audit log and the lead unit's liaisons'
// notifications are written in the same transaction.
func (s *Store) Instruct(ctx context.Context, p *auth.Principal, taskID int64, in InstructionInput) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.InstructIn(ctx, tx, p, taskID, in)
		return err
	})
	return id, err
}

// InstructIn is Instruct inside the caller's transaction (the demo loader).
func (s *Store) InstructIn(ctx context.Context, tx *store.Tx, p *auth.Principal, taskID int64, in InstructionInput) (int64, error) {
	var id int64
	err := func() error {
		t, err := s.get(ctx, tx, p, taskID)
		if err != nil {
			return err
		}
		if !CanInstruct(p) {
			return forbidden("instruct")
		}
		if t.State.Final() {
			return fmt.Errorf("instruct on %s task: %w", t.State, ErrInvalidState)
		}
		leader, err := s.instructingLeader(ctx, tx, p, in.LeaderID)
		if err != nil {
			return err
		}
		errs := ui.Errors{}
		body := instructionText(in.Body, "body", errs)
		if leader.ID == 0 {
			errs["leader"] = "instruction.err.leader"
		}
		if len(errs) > 0 {
			return errs
		}
		now := s.now().UTC()
		id, err = store.InsertID(ctx, tx, `INSERT INTO task_instructions (task_id, written_by, on_behalf_of, body, created_at)
			VALUES (?, ?, ?, ?, ?)`, t.ID, p.ID, onBehalf(p, leader.ID), body, now)
		if err != nil {
			return fmt.Errorf("insert instruction: %w", err)
		}
		comment := leader.Name + "：" + body
		if leader.ID != p.ID {
			comment = leader.Name + "（" + p.Name + " 代录）：" + body
		}
		if err := s.event(ctx, tx, p, t.ID, "instruction", t.State, t.State, comment); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Entity: "task_instruction", EntityID: itoa(id), Action: "create",
			After: map[string]any{"task": t.ID, "leader": leader.ID, "written_by": p.ID, "on_behalf": leader.ID != p.ID, "body": body}}); err != nil {
			return err
		}
		return notifyInstruction(ctx, tx, now, &t, id, leader.Name, body)
	}()
	return id, err
}

// onBehalf is the on_behalf_of column: NULL when the leader wrote it.
func onBehalf(p *auth.Principal, leader int64) any {
	if leader == p.ID {
		return nil
	}
	return leader
}

// instructingLeader is whose instruction p records: a leader's own (a
// leader cannot write in another leader's name), or, for the office, the
// named enabled leader; an unknown one comes back as a zero Choice.
func (s *Store) instructingLeader(ctx context.Context, q store.Querier, p *auth.Principal, named int64) (Choice, error) {
	if p.Has(auth.RoleLeader) {
		return Choice{ID: p.ID, Name: p.Name}, nil
	}
	var c Choice
	err := q.QueryRow(ctx, `SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = ?
		WHERE u.id = ? AND NOT u.disabled`, auth.RoleLeader, named).Scan(&c.ID, &c.Name)
	if err == sql.ErrNoRows {
		return Choice{}, nil
	}
	if err != nil {
		return Choice{}, fmt.Errorf("instructing leader: %w", err)
	}
	return c, nil
}

// ReplyInstruction records the lead unit's answer to instruction id and
// returns its task. Only the lead unit's liaison or head answers, once: a
// second answer is ErrInvalidState.
func (s *Store) ReplyInstruction(ctx context.Context, p *auth.Principal, id int64, reply string) (int64, error) {
	var taskID int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		taskID, err = s.ReplyInstructionIn(ctx, tx, p, id, reply)
		return err
	})
	return taskID, err
}

// ReplyInstructionIn is ReplyInstruction inside the caller's transaction.
func (s *Store) ReplyInstructionIn(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, reply string) (int64, error) {
	var taskID int64
	err := func() error {
		in, err := instructionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		taskID = in.TaskID
		t, err := s.get(ctx, tx, p, in.TaskID)
		if err != nil {
			return err
		}
		if !CanReplyInstruction(p, &t) {
			return forbidden("reply_instruction")
		}
		if !in.Awaiting() {
			return fmt.Errorf("instruction %d already answered: %w", id, ErrInvalidState)
		}
		errs := ui.Errors{}
		text := instructionText(reply, "reply", errs)
		if len(errs) > 0 {
			return errs
		}
		now := s.now().UTC()
		res, err := tx.Exec(ctx, `UPDATE task_instructions SET reply = ?, replied_by = ?, replied_at = ? WHERE id = ? AND replied_at IS NULL`,
			text, p.ID, now, id)
		if err := oneRow(res, err, t.ID); err != nil {
			return err
		}
		if err := s.event(ctx, tx, p, t.ID, "instruction_reply", t.State, t.State, text); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, tx, audit.Entry{Entity: "task_instruction", EntityID: itoa(id), Action: "reply",
			Before: map[string]any{"reply": ""}, After: map[string]any{"task": t.ID, "replied_by": p.ID, "reply": text}}); err != nil {
			return err
		}
		return notifyReply(ctx, tx, now, &t, in, p.Name)
	}()
	return taskID, err
}

// instructionCols and instructionFrom read an Instruction (alias i).
const instructionCols = `i.id, i.task_id, t.title, COALESCE(i.on_behalf_of, i.written_by), le.name, i.written_by, wr.name,
	i.body, i.created_at, i.reply, COALESCE(rp.name, ''), i.replied_at`

const instructionFrom = ` FROM task_instructions i JOIN tasks t ON t.id = i.task_id
	JOIN users wr ON wr.id = i.written_by JOIN users le ON le.id = COALESCE(i.on_behalf_of, i.written_by)
	LEFT JOIN users rp ON rp.id = i.replied_by`

func scanInstruction(sc interface{ Scan(...any) error }) (Instruction, error) {
	var i Instruction
	var replied sql.NullTime
	err := sc.Scan(&i.ID, &i.TaskID, &i.TaskTitle, &i.LeaderID, &i.LeaderName, &i.WriterID, &i.WriterName,
		&i.Body, &i.CreatedAt, &i.Reply, &i.ReplierName, &replied)
	i.RepliedAt = replied.Time
	return i, err
}

func instructionByID(ctx context.Context, q store.Querier, id int64) (Instruction, error) {
	i, err := scanInstruction(q.QueryRow(ctx, `SELECT `+instructionCols+instructionFrom+` WHERE i.id = ?`, id))
	return i, store.NotFound(err, "instruction")
}

// Instructions lists a task's instructions, newest first (the caller has
// checked scope).
func (s *Store) Instructions(ctx context.Context, taskID int64) ([]Instruction, error) {
	return s.instructions(ctx, `WHERE i.task_id = ? ORDER BY i.id DESC`, taskID)
}

// AwaitingInstructions lists the instructions p's units must still answer
// on their open tasks, oldest first.
func (s *Store) AwaitingInstructions(ctx context.Context, p *auth.Principal, limit int) ([]Instruction, error) {
	if len(p.Units) == 0 || !p.HasAny(auth.RoleLiaison, auth.RoleUnitHead) {
		return nil, nil
	}
	args := append(store.IDArgs(p.Units), StateDone, StateCancelled, limit)
	return s.instructions(ctx, `WHERE i.replied_at IS NULL AND t.lead_unit_id IN (`+store.Placeholders(len(p.Units))+`)
		AND t.state NOT IN (?, ?) ORDER BY i.id LIMIT ?`, args...)
}

// LeaderAwaiting lists the leader's own instructions still awaiting a reply.
func (s *Store) LeaderAwaiting(ctx context.Context, leader int64, limit int) ([]Instruction, error) {
	return s.instructions(ctx, `WHERE i.replied_at IS NULL AND COALESCE(i.on_behalf_of, i.written_by) = ? ORDER BY i.id LIMIT ?`,
		leader, limit)
}

func (s *Store) instructions(ctx context.Context, where string, args ...any) ([]Instruction, error) {
	var out []Instruction
	err := eachRow(ctx, s.db, `SELECT `+instructionCols+instructionFrom+` `+where, args, func(rows *sql.Rows) error {
		i, err := scanInstruction(rows)
		out = append(out, i)
		return err
	})
	return out, err
}
