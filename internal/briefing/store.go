package briefing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/store"
	"tongchou/internal/task"
	"tongchou/internal/ui"
)

// Kinds of document.
const (
	KindBriefing = "briefing" // 调度通报, published with a 发文字号
	KindOutline  = "outline"  // 讲话提纲, a draft the office refines
)

// Statuses of a briefing.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Limits on edited text, in characters.
const (
	maxSectionText = 20000
	maxTitle       = 200
)

// ErrPublished is returned when a published briefing is edited.
var ErrPublished = fmt.Errorf("briefing: published briefings are frozen: %w", store.ErrConflict)

// Briefing is a generated document with its figures.
type Briefing struct {
	ID           int64
	CampaignID   int64
	CampaignName string
	Kind         string
	Status       string
	From, To     string
	Title        string
	Sections     []Section
	Figures      Figures
	Basis        Basis
	Number       string
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
	PublishedAt  *time.Time
}

// Published reports whether the briefing is frozen.
func (b Briefing) Published() bool { return b.Status == StatusPublished }

// Store keeps briefings. Only the office writes them; leaders read them.
type Store struct {
	db    *store.DB
	audit *audit.Log
	now   func() time.Time
}

// New returns a Store.
func New(db *store.DB, log *audit.Log, now func() time.Time) *Store {
	return &Store{db: db, audit: log, now: now}
}

// Today is the current civil date in Shanghai.
func (s *Store) Today() string { return s.now().In(ui.Shanghai).Format(dateLayout) }

// canWrite reports whether p may generate, edit and publish.
func canWrite(p *auth.Principal) bool { return p != nil && p.Has(auth.RoleOffice) }

// canRead reports whether p may read briefings (office and leaders).
func canRead(p *auth.Principal) bool { return p != nil && p.HasAny(auth.RoleOffice, auth.RoleLeader) }

// Generate computes the figures and drafts a briefing or an outline.
func (s *Store) Generate(ctx context.Context, p *auth.Principal, campaign int64, kind, from, to string) (int64, error) {
	if !canWrite(p) {
		return 0, ui.ErrForbidden
	}
	// The figures are computed on the read pool, outside the write
	// transaction: on SQLite a long computation inside it would hold up
	// every other write.
	d, err := s.draft(ctx, s.db, campaign, kind, from, to)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = s.insertDraft(ctx, tx, p, d)
		return err
	})
	return id, err
}

// GenerateIn is Generate inside the caller's transaction (the demo loader's).
func (s *Store) GenerateIn(ctx context.Context, tx *store.Tx, p *auth.Principal, campaign int64, kind, from, to string) (int64, error) {
	if !canWrite(p) {
		return 0, ui.ErrForbidden
	}
	d, err := s.draft(ctx, tx, campaign, kind, from, to)
	if err != nil {
		return 0, err
	}
	return s.insertDraft(ctx, tx, p, d)
}

// draftRow is a generated draft before it is stored.
type draftRow struct {
	campaign              int64
	kind, from, to, title string
	sections, figures     string
	basis                 string
}

// draft computes the figures and drafts the text.
func (s *Store) draft(ctx context.Context, q store.Querier, campaign int64, kind, from, to string) (draftRow, error) {
	if kind != KindBriefing && kind != KindOutline {
		return draftRow{}, ui.Errors{"kind": "briefing.err.kind"}
	}
	f, err := Compute(ctx, q, campaign, from, to)
	if errors.Is(err, ErrPeriod) {
		return draftRow{}, ui.Errors{"to": "briefing.err.period"}
	}
	if errors.Is(err, store.ErrNotFound) {
		return draftRow{}, ui.Errors{"campaign": "briefing.err.campaign"}
	}
	if err != nil {
		return draftRow{}, err
	}
	title, sections := Title(f), Sections(f)
	if kind == KindOutline {
		title, sections = OutlineTitle(f), OutlineSections(f)
	}
	figs, _ := json.Marshal(f)
	secs, _ := json.Marshal(sections)
	basis, _ := json.Marshal(s.basis(ctx, q, f))
	return draftRow{campaign: campaign, kind: kind, from: from, to: to, title: title, sections: string(secs),
		figures: string(figs), basis: string(basis)}, nil
}

// insertDraft stores a draft with its audit entry.
func (s *Store) insertDraft(ctx context.Context, tx *store.Tx, p *auth.Principal, d draftRow) (int64, error) {
	now := s.now().UTC()
	id, err := store.InsertID(ctx, tx, `INSERT INTO briefings (campaign_id, kind, status, period_from, period_to, title, sections, figures,
		basis, created_by, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.campaign, d.kind, d.from, d.to, d.title, d.sections, d.figures, d.basis, p.ID, now, now)
	if err != nil {
		return 0, fmt.Errorf("insert briefing: %w", err)
	}
	return id, s.audit.Record(ctx, tx, audit.Entry{Entity: "briefing", EntityID: strconv.FormatInt(id, 10), Action: "generate",
		After: map[string]any{"campaign": d.campaign, "kind": d.kind, "from": d.from, "to": d.to}})
}

// basis lists the tasks and units the figures were computed from.
func (s *Store) basis(ctx context.Context, q store.Querier, f Figures) Basis {
	b := BasisOf(f, []int64{})
	rows, err := q.Query(ctx, `SELECT id FROM tasks WHERE campaign_id = ? AND state NOT IN (?, ?) ORDER BY id`,
		f.CampaignID, task.StateDraft, task.StateCancelled)
	if err != nil {
		return b
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if rows.Scan(&id) == nil {
			b.Tasks = append(b.Tasks, id)
		}
	}
	return b
}

// Get returns a briefing for a reader.
func (s *Store) Get(ctx context.Context, p *auth.Principal, id int64) (Briefing, error) {
	if !canRead(p) {
		return Briefing{}, ui.ErrForbidden
	}
	return get(ctx, s.db, id)
}

const briefingCols = `b.id, b.campaign_id, c.name, b.kind, b.status, b.period_from, b.period_to, b.title, b.sections, b.figures, b.basis,
	b.number, b.version, b.created_at, b.updated_at, b.published_at FROM briefings b JOIN campaigns c ON c.id = b.campaign_id`

func scanBriefing(sc interface{ Scan(...any) error }, full bool) (Briefing, error) {
	var b Briefing
	var secs, figs, basis string
	if err := sc.Scan(&b.ID, &b.CampaignID, &b.CampaignName, &b.Kind, &b.Status, &b.From, &b.To, &b.Title, &secs, &figs, &basis,
		&b.Number, &b.Version, &b.CreatedAt, &b.UpdatedAt, &b.PublishedAt); err != nil {
		return b, err
	}
	if !full {
		return b, nil
	}
	if err := errors.Join(json.Unmarshal([]byte(secs), &b.Sections), json.Unmarshal([]byte(figs), &b.Figures),
		json.Unmarshal([]byte(basis), &b.Basis)); err != nil {
		return b, fmt.Errorf("briefing %d: %w", b.ID, err)
	}
	return b, nil
}

func get(ctx context.Context, q store.Querier, id int64) (Briefing, error) {
	b, err := scanBriefing(q.QueryRow(ctx, `SELECT `+briefingCols+` WHERE b.id = ?`, id), true)
	return b, store.NotFound(err, "briefing")
}

// List returns the briefings and outlines, newest first, without their texts.
func (s *Store) List(ctx context.Context, p *auth.Principal) ([]Briefing, error) {
	if !canRead(p) {
		return nil, ui.ErrForbidden
	}
	rows, err := s.db.Query(ctx, `SELECT `+briefingCols+` ORDER BY b.period_to DESC, b.id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("list briefings: %w", err)
	}
	defer rows.Close()
	var out []Briefing
	for rows.Next() {
		b, err := scanBriefing(rows, false)
		if err != nil {
			return nil, fmt.Errorf("list briefings: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Edit replaces a draft's title and section texts (keys and headings stay
// as generated). version guards against two editors overwriting each other.
func (s *Store) Edit(ctx context.Context, p *auth.Principal, id int64, version int, title string, texts map[string]string) error {
	if !canWrite(p) {
		return ui.ErrForbidden
	}
	title = strings.TrimSpace(title)
	errs := ui.Errors{}
	if n := utf8.RuneCountInString(title); n == 0 || n > maxTitle {
		errs["title"] = "briefing.err.title"
	}
	for k, t := range texts {
		if utf8.RuneCountInString(t) > maxSectionText || !utf8.ValidString(t) {
			errs["section_"+k] = "briefing.err.text"
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		b, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if b.Published() {
			return ErrPublished
		}
		if b.Version != version {
			return store.ErrConflict
		}
		before := b.Sections
		after := make([]Section, len(b.Sections))
		for i, sec := range b.Sections {
			after[i] = sec
			if t, ok := texts[sec.Key]; ok {
				after[i].Text = strings.TrimSpace(strings.ReplaceAll(t, "\r\n", "\n"))
			}
		}
		secs, _ := json.Marshal(after)
		res, err := tx.Exec(ctx, `UPDATE briefings SET title = ?, sections = ?, version = version + 1, updated_at = ?
			WHERE id = ? AND version = ? AND status = 'draft'`, title, string(secs), s.now().UTC(), id, version)
		if err != nil {
			return fmt.Errorf("edit briefing %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return store.ErrConflict
		}
		return s.audit.Record(ctx, tx, audit.Entry{Entity: "briefing", EntityID: strconv.FormatInt(id, 10), Action: "edit",
			Before: map[string]any{"title": b.Title, "sections": len(before)}, After: map[string]any{"title": title, "version": version + 1}})
	})
}
