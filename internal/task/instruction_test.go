package task_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// TestInstruct covers who may write a leader instruction, on which task,
// and with what input; a success is on the timeline, audited and notified
// to the lead unit's liaisons only.
func TestInstruct(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		leader := f.users[asLeader].ID
		for _, tc := range []struct {
			name   string
			as     string
			state  task.State
			in     task.InstructionInput
			want   error
			field  string
			behalf bool
		}{
			{"LeaderWritesOwn", asLeader, task.StateInProgress, task.InstructionInput{Body: "请加快进度"}, nil, "", false},
			{"OfficeRecordsForLeader", asOffice, task.StateSigned, task.InstructionInput{Body: "请一周内回复", LeaderID: leader}, nil, "", true},
			{"OfficeWithoutLeaderRefused", asOffice, task.StateSigned, task.InstructionInput{Body: "x"}, ui.Errors{}, "leader", false},
			{"OfficeNamingNonLeaderRefused", asOffice, task.StateSigned, task.InstructionInput{Body: "x", LeaderID: f.users[asLiaison].ID}, ui.Errors{}, "leader", false},
			{"EmptyBodyRefused", asLeader, task.StateSigned, task.InstructionInput{Body: "  \n "}, ui.Errors{}, "body", false},
			{"HugeBodyRefused", asLeader, task.StateSigned, task.InstructionInput{Body: strings.Repeat("批", 1<<20)}, ui.Errors{}, "body", false},
			{"LiaisonForbidden", asLiaison, task.StateSigned, task.InstructionInput{Body: "x"}, ui.ErrForbidden, "", false},
			{"OtherUnitNotFound", asOther, task.StateSigned, task.InstructionInput{Body: "x"}, store.ErrNotFound, "", false},
			{"DoneTaskRefused", asLeader, task.StateDone, task.InstructionInput{Body: "x"}, task.ErrInvalidState, "", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				id := f.newTask(t, tc.state, false)
				before := count(t, db, `SELECT COUNT(*) FROM audit_log`)
				iid, err := f.s.Instruct(ctx, f.users[tc.as], id, tc.in)
				switch {
				case tc.field != "":
					if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
						t.Fatalf("Instruct = %v, want an error on %s", err, tc.field)
					}
				case !errors.Is(err, tc.want):
					t.Fatalf("Instruct = %v, want %v", err, tc.want)
				}
				if err != nil {
					if n := count(t, db, `SELECT COUNT(*) FROM task_instructions WHERE task_id = ?`, id); n != 0 {
						t.Fatalf("refused instruction stored %d rows", n)
					}
					if after := count(t, db, `SELECT COUNT(*) FROM audit_log`); after != before {
						t.Fatalf("refused instruction audited: %d → %d", before, after)
					}
					return
				}
				list, err := f.s.Instructions(ctx, id)
				if err != nil || len(list) != 1 {
					t.Fatalf("Instructions = %v, %v", list, err)
				}
				got := list[0]
				if got.LeaderID != leader || got.WriterID != f.users[tc.as].ID || got.OnBehalf() != tc.behalf || !got.Awaiting() {
					t.Fatalf("instruction = %+v, want leader %d written by %s (on behalf %v), awaiting", got, leader, tc.as, tc.behalf)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM task_events WHERE task_id = ? AND action = 'instruction'`, id); n != 1 {
					t.Fatalf("timeline events = %d, want 1", n)
				}
				if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'task_instruction' AND entity_id = ? AND action = 'create'`, itoa(iid)); n != 1 {
					t.Fatalf("audit entries = %d, want 1", n)
				}
				notified := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'task.instruction' AND user_id = ? AND link = ?`,
					f.users[asLiaison].ID, "/tasks/"+itoa(id)+"/instructions")
				head := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'task.instruction' AND user_id IN (?, ?)`,
					f.users[asHead].ID, f.users[asCoUnit].ID)
				if notified != 1 || head != 0 {
					t.Fatalf("notified lead liaison %d times, head or co-unit %d times; want 1 and 0", notified, head)
				}
			})
		}
	})
}

// TestReplyInstruction: only the lead unit answers, once, with a text; the
// reply is on the timeline, audited, and the leader hears of it.
func TestReplyInstruction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		id := f.newTask(t, task.StateInProgress, false)
		iid, err := f.s.Instruct(ctx, f.users[asOffice], id, task.InstructionInput{Body: "请回复", LeaderID: f.users[asLeader].ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := f.s.AwaitingInstructions(ctx, f.users[asLiaison], 10); err != nil || len(got) != 1 {
			t.Fatalf("awaiting before reply = %v, %v; want 1", got, err)
		}
		if got, _ := f.s.AwaitingInstructions(ctx, f.users[asCoUnit], 10); len(got) != 0 {
			t.Fatalf("co-unit sees %d instructions awaiting its reply, want 0", len(got))
		}
		for _, tc := range []struct {
			name  string
			as    string
			reply string
			want  error
			field string
		}{
			{"OtherUnitNotFound", asOther, "好", store.ErrNotFound, ""},
			{"CoUnitForbidden", asCoUnit, "好", ui.ErrForbidden, ""},
			{"OfficeForbidden", asOffice, "好", ui.ErrForbidden, ""},
			{"LeaderForbidden", asLeader, "好", ui.ErrForbidden, ""},
			{"EmptyRefused", asLiaison, " ", nil, "reply"},
			{"HugeRefused", asLiaison, strings.Repeat("复", 2001), nil, "reply"},
			{"LeadLiaisonAnswers", asLiaison, "已落实 <b>方案</b>", nil, ""},
			{"SecondAnswerConflict", asHead, "再答", task.ErrInvalidState, ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := f.s.ReplyInstruction(ctx, f.users[tc.as], iid, tc.reply)
				if tc.field != "" {
					if e := ui.AsErrors(err); e == nil || e[tc.field] == "" {
						t.Fatalf("Reply = %v, want an error on %s", err, tc.field)
					}
					return
				}
				if !errors.Is(err, tc.want) {
					t.Fatalf("Reply = %v, want %v", err, tc.want)
				}
				if err == nil && got != id {
					t.Fatalf("Reply returned task %d, want %d", got, id)
				}
			})
		}
		list, _ := f.s.Instructions(ctx, id)
		if len(list) != 1 || list[0].Awaiting() || list[0].Reply != "已落实 <b>方案</b>" || list[0].ReplierName != f.users[asLiaison].Name {
			t.Fatalf("after reply = %+v", list)
		}
		if got, _ := f.s.AwaitingInstructions(ctx, f.users[asLiaison], 10); len(got) != 0 {
			t.Fatalf("awaiting after reply = %d, want 0", len(got))
		}
		for q, want := range map[string]int{
			`SELECT COUNT(*) FROM task_events WHERE task_id = ? AND action = 'instruction_reply'`:                     1,
			`SELECT COUNT(*) FROM audit_log WHERE entity = 'task_instruction' AND entity_id = ? AND action = 'reply'`: 1,
		} {
			arg := any(id)
			if strings.Contains(q, "audit_log") {
				arg = itoa(iid)
			}
			if n := count(t, db, q, arg); n != want {
				t.Fatalf("%s = %d, want %d", q, n, want)
			}
		}
		// The leader and the secretary who recorded it both hear of the reply.
		if n := count(t, db, `SELECT COUNT(*) FROM notifications WHERE kind = 'task.instruction_reply' AND user_id IN (?, ?)`,
			f.users[asLeader].ID, f.users[asOffice].ID); n != 2 {
			t.Fatalf("reply notifications = %d, want 2", n)
		}
		if got, _ := f.s.LeaderAwaiting(ctx, f.users[asLeader].ID, 10); len(got) != 0 {
			t.Fatalf("leader awaiting after reply = %d, want 0", len(got))
		}
	})
}
