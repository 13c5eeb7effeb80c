package bulletin

import (
	"context"
	"fmt"
	"strings"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Library is a campaign's documents, by category.
type Library struct {
	CampaignID   int64
	CampaignName string
	Docs         []Doc
}

// InCategory lists the documents of one category, for the page.
func (l Library) InCategory(cat string) []Doc {
	var out []Doc
	for _, d := range l.Docs {
		if d.Category == cat {
			out = append(out, d)
		}
	}
	return out
}

const docCols = `d.id, d.campaign_id, c.name, d.category, d.title, d.unit_id, n.name, cu.name, d.created_at, d.updated_at, d.versions,
	v.seq, v.file_id, f.original_name, f.size, v.note, vu.name, v.uploaded_at`

const docFrom = ` FROM library_docs d JOIN campaigns c ON c.id = d.campaign_id JOIN units n ON n.id = d.unit_id
	JOIN users cu ON cu.id = d.created_by JOIN library_versions v ON v.doc_id = d.id AND v.seq = d.versions
	JOIN files f ON f.id = v.file_id JOIN users vu ON vu.id = v.uploaded_by`

func scanDoc(sc scanner) (Doc, error) {
	var d Doc
	v := &d.Latest
	err := sc.Scan(&d.ID, &d.CampaignID, &d.CampaignName, &d.Category, &d.Title, &d.UnitID, &d.UnitName, &d.CreatedBy,
		&d.CreatedAt, &d.UpdatedAt, &d.Versions, &v.Seq, &v.FileID, &v.Name, &v.Size, &v.Note, &v.UploadedBy, &v.UploadedAt)
	v.DocID = d.ID
	return d, err
}

// Library returns campaign's documents, latest change first within each
// category. Every business role but grid workers reads it; a missing
// campaign is store.ErrNotFound.
func (s *Store) Library(ctx context.Context, p *auth.Principal, campaign int64) (Library, error) {
	if !CanReadLibrary(p) {
		return Library{}, store.ErrNotFound
	}
	l := Library{CampaignID: campaign}
	err := s.db.QueryRow(ctx, `SELECT name FROM campaigns WHERE id = ?`, campaign).Scan(&l.CampaignName)
	if err := store.NotFound(err, "campaign"); err != nil {
		return Library{}, err
	}
	err = eachRow(ctx, s.db, `SELECT `+docCols+docFrom+` WHERE d.campaign_id = ? ORDER BY d.updated_at DESC, d.id DESC`,
		[]any{campaign}, func(sc scanner) error {
			d, err := scanDoc(sc)
			l.Docs = append(l.Docs, d)
			return err
		})
	return l, err
}

// MayAddDoc checks that the campaign exists and p may add documents to its
// library at all; the handler asks before it reads the upload.
func (s *Store) MayAddDoc(ctx context.Context, p *auth.Principal, campaign int64) error {
	if _, err := s.Library(ctx, p, campaign); err != nil {
		return err
	}
	if len(UploadCategories(p)) == 0 {
		return ui.ErrForbidden
	}
	return nil
}

// CheckAddDoc validates a new document before its file is read.
func (s *Store) CheckAddDoc(ctx context.Context, p *auth.Principal, campaign int64, in DocInput) error {
	if err := s.MayAddDoc(ctx, p, campaign); err != nil {
		return err
	}
	return in.checkDoc(p)
}

// AddDoc files a new document with b as its first version.
func (s *Store) AddDoc(ctx context.Context, p *auth.Principal, campaign int64, in DocInput, b files.Blob) (int64, error) {
	if err := s.CheckAddDoc(ctx, p, campaign, in); err != nil {
		return 0, err
	}
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	var id int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		now := s.now().UTC()
		var err error
		id, err = store.InsertID(ctx, tx, `INSERT INTO library_docs (campaign_id, category, title, unit_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, campaign, in.Category, in.Title, p.UnitID, p.ID, now, now)
		if err != nil {
			return fmt.Errorf("insert document: %w", err)
		}
		if _, err := s.addVersion(ctx, tx, p, id, in.Note, b); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "library_doc", EntityID: itoa(id), Action: "create",
			After: map[string]any{"campaign": campaign, "category": in.Category, "title": in.Title, "name": b.Name}})
	})
	return id, err
}

// Doc returns a document with its whole history, for readers of the library.
func (s *Store) Doc(ctx context.Context, p *auth.Principal, id int64) (Doc, error) {
	return s.doc(ctx, s.db, p, id)
}

func (s *Store) doc(ctx context.Context, q store.Querier, p *auth.Principal, id int64) (Doc, error) {
	if !CanReadLibrary(p) {
		return Doc{}, store.ErrNotFound
	}
	d, err := scanDoc(q.QueryRow(ctx, `SELECT `+docCols+docFrom+` WHERE d.id = ?`, id))
	if err := store.NotFound(err, "document"); err != nil {
		return Doc{}, err
	}
	err = eachRow(ctx, q, `SELECT v.seq, v.file_id, f.original_name, f.size, v.note, u.name, v.uploaded_at FROM library_versions v
		JOIN files f ON f.id = v.file_id JOIN users u ON u.id = v.uploaded_by WHERE v.doc_id = ? ORDER BY v.seq DESC`,
		[]any{id}, func(sc scanner) error {
			v := Version{DocID: id}
			err := sc.Scan(&v.Seq, &v.FileID, &v.Name, &v.Size, &v.Note, &v.UploadedBy, &v.UploadedAt)
			d.History = append(d.History, v)
			return err
		})
	return d, err
}

// CheckAddVersion validates a new version before its file is read.
func (s *Store) CheckAddVersion(ctx context.Context, p *auth.Principal, id int64, note string) error {
	d, err := s.Doc(ctx, p, id)
	if err != nil {
		return err
	}
	if !d.MayAddVersion(p) {
		return ui.ErrForbidden
	}
	if e := checkNote(strings.TrimSpace(note)); e != "" {
		return ui.Errors{"note": e}
	}
	return nil
}

// AddVersion uploads b as the document's next version; the older versions
// stay and remain downloadable. It returns the new version's number.
func (s *Store) AddVersion(ctx context.Context, p *auth.Principal, id int64, note string, b files.Blob) (int, error) {
	if err := s.CheckAddVersion(ctx, p, id, note); err != nil {
		return 0, err
	}
	var seq int
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if seq, err = s.addVersion(ctx, tx, p, id, strings.TrimSpace(note), b); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "library_doc", EntityID: itoa(id), Action: "version",
			After: map[string]any{"seq": seq, "name": b.Name, "sha256": b.SHA256}})
	})
	return seq, err
}

// addVersion records b and makes it the document's latest version. The
// counter is bumped first, so two uploads at once get distinct numbers.
func (s *Store) addVersion(ctx context.Context, tx *store.Tx, p *auth.Principal, id int64, note string, b files.Blob) (int, error) {
	now := s.now().UTC()
	var seq int
	err := tx.QueryRow(ctx, `UPDATE library_docs SET versions = versions + 1, updated_at = ? WHERE id = ? RETURNING versions`,
		now, id).Scan(&seq)
	if err := store.NotFound(err, "document"); err != nil {
		return 0, err
	}
	f, err := s.files.Record(ctx, tx, b, p.ID)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO library_versions (doc_id, seq, file_id, note, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, seq, f.ID, note, p.ID, now); err != nil {
		return 0, fmt.Errorf("insert version: %w", err)
	}
	return seq, nil
}

// VersionFile returns the file of version seq of a document p may read;
// anything else is store.ErrNotFound.
func (s *Store) VersionFile(ctx context.Context, p *auth.Principal, id int64, seq int) (files.File, error) {
	d, err := s.Doc(ctx, p, id)
	if err != nil {
		return files.File{}, err
	}
	for _, v := range d.History {
		if v.Seq == seq {
			return files.Get(ctx, s.db, v.FileID)
		}
	}
	return files.File{}, fmt.Errorf("document %d version %d: %w", id, seq, store.ErrNotFound)
}
