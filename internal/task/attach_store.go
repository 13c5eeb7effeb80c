package task

import (
	"context"
	"database/sql"
	"fmt"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

const attachCols = `a.id, a.task_id, a.file_id, a.kind, COALESCE(a.report_id, 0), un.name, f.original_name, f.size,
	f.content_type, u.name, f.uploaded_at`

const attachFrom = ` FROM task_attachments a JOIN files f ON f.id = a.file_id JOIN users u ON u.id = f.uploaded_by
	JOIN units un ON un.id = a.unit_id`

func scanAttachment(rows *sql.Rows) (Attachment, error) {
	var a Attachment
	err := rows.Scan(&a.ID, &a.TaskID, &a.FileID, &a.Kind, &a.ReportID, &a.UnitName, &a.Name, &a.Size,
		&a.ContentType, &a.UploadedBy, &a.UploadedAt)
	return a, err
}

// TaskAttachments lists the task's own attachments (documents and evidence,
// not the reports' files), oldest first.
func (s *Store) TaskAttachments(ctx context.Context, taskID int64) ([]Attachment, error) {
	var out []Attachment
	err := eachRow(ctx, s.db, `SELECT `+attachCols+attachFrom+` WHERE a.task_id = ? AND a.report_id IS NULL ORDER BY a.id`,
		[]any{taskID}, func(rows *sql.Rows) error {
			a, err := scanAttachment(rows)
			out = append(out, a)
			return err
		})
	return out, err
}

// reportAttachments maps each report of the task to its files.
func reportAttachments(ctx context.Context, q store.Querier, taskID int64) (map[int64][]Attachment, error) {
	out := map[int64][]Attachment{}
	err := eachRow(ctx, q, `SELECT `+attachCols+attachFrom+` WHERE a.task_id = ? AND a.report_id IS NOT NULL ORDER BY a.id`,
		[]any{taskID}, func(rows *sql.Rows) error {
			a, err := scanAttachment(rows)
			out[a.ReportID] = append(out[a.ReportID], a)
			return err
		})
	return out, err
}

// CheckAttachToTask is the permission check made before an upload is read:
// another unit's task is store.ErrNotFound, a viewer who may not attach
// gets ui.ErrForbidden.
func (s *Store) CheckAttachToTask(ctx context.Context, p *auth.Principal, taskID int64) error {
	t, err := s.Get(ctx, p, taskID)
	if err != nil {
		return err
	}
	if k, _ := attachKind(p, &t); k == "" {
		return fmt.Errorf("attach to task %d: %w", taskID, ui.ErrForbidden)
	}
	return nil
}

// AttachToTask records blob b (already stored by fs) as an attachment of the
// task, checking scope and role again inside the transaction.
func (s *Store) AttachToTask(ctx context.Context, fs *files.Store, p *auth.Principal, taskID int64, b files.Blob) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		t, err := s.GetIn(ctx, tx, p, taskID)
		if err != nil {
			return err
		}
		kind, unit := attachKind(p, &t)
		if kind == "" {
			return fmt.Errorf("attach to task %d: %w", taskID, ui.ErrForbidden)
		}
		id, err = s.attach(ctx, tx, fs, p, taskID, 0, kind, unit, b)
		return err
	})
	return id, err
}

// CheckAttachToReport returns the report's task when p may add files to the
// report; see CheckAttachToTask for the errors.
func (s *Store) CheckAttachToReport(ctx context.Context, p *auth.Principal, reportID int64) (int64, error) {
	r, err := s.reportForAttach(ctx, s.db, p, reportID)
	return r.TaskID, err
}

// AttachToReport records blob b as a file of the report.
func (s *Store) AttachToReport(ctx context.Context, fs *files.Store, p *auth.Principal, reportID int64, b files.Blob) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		r, err := s.reportForAttach(ctx, tx, p, reportID)
		if err != nil {
			return err
		}
		id, err = s.attach(ctx, tx, fs, p, r.TaskID, r.ID, AttachReport, r.UnitID, b)
		return err
	})
	return id, err
}

func (s *Store) reportForAttach(ctx context.Context, q store.Querier, p *auth.Principal, reportID int64) (Report, error) {
	r, err := scanReport(q.QueryRow(ctx, `SELECT `+reportCols+reportFrom+` WHERE r.id = ?`, reportID))
	if err := store.NotFound(err, "report"); err != nil {
		return Report{}, err
	}
	if _, err := s.get(ctx, q, p, r.TaskID); err != nil {
		return Report{}, err
	}
	if !canAttachToReport(p, &r) {
		return Report{}, fmt.Errorf("attach to report %d: %w", reportID, ui.ErrForbidden)
	}
	return r, nil
}

// attach writes the files row, the attachment row and the audit entry.
func (s *Store) attach(ctx context.Context, tx *store.Tx, fs *files.Store, p *auth.Principal,
	taskID, reportID int64, kind string, unit int64, b files.Blob) (int64, error) {
	f, err := fs.Record(ctx, tx, b, p.ID)
	if err != nil {
		return 0, err
	}
	var report any
	if reportID > 0 {
		report = reportID
	}
	id, err := store.InsertID(ctx, tx, `INSERT INTO task_attachments (task_id, file_id, kind, report_id, unit_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, taskID, f.ID, kind, report, unit, s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("attach file: %w", err)
	}
	return id, s.audit.Record(ctx, tx, audit.Entry{Entity: "task", EntityID: itoa(taskID), Action: "attach",
		After: map[string]any{"attachment": id, "file": f.ID, "kind": kind, "report": reportID, "unit": unit,
			"name": f.OriginalName, "size": f.Size, "sha256": f.SHA256}})
}

// AttachedFile returns the file id for download when p may see one of the
// tasks it is attached to; otherwise store.ErrNotFound, exactly as a missing file.
func (s *Store) AttachedFile(ctx context.Context, p *auth.Principal, fileID int64) (files.File, error) {
	var tasks []int64
	err := eachRow(ctx, s.db, `SELECT DISTINCT task_id FROM task_attachments WHERE file_id = ?`, []any{fileID},
		func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			tasks = append(tasks, id)
			return err
		})
	if err != nil {
		return files.File{}, err
	}
	for _, t := range tasks {
		if _, err := s.Get(ctx, p, t); err == nil {
			return files.Get(ctx, s.db, fileID)
		}
	}
	return files.File{}, fmt.Errorf("file %d: %w", fileID, store.ErrNotFound)
}
