package appeal

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/audit"
	"tongchou/internal/auth"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Intake is a new appeal as the public form, Open311, or staff registering
// a call, visit or symposium opinion give it. Name and Phone are optional;
// they are sealed before they are stored.
type Intake struct {
	CategoryID     int64
	RegionID       int64 // the village or community; 0 only for Open311 (the office places it)
	Address        string
	Lat, Lon       *float64
	Description    string
	Name, Phone    string
	Source         string // public|open311 for Submit; phone|visit|forum for Register
	IdempotencyKey string // the form's one-time token: a retry returns the first appeal's code
	Photos         []files.Blob
	Class          string // optional: overrides the category's default class (staff only)
}

// Input limits.
const (
	MaxDescription = 2000 // characters
	MaxAddress     = 200
	MaxName        = 40
	MaxPhotos      = 5
	maxKey         = 100
)

// checked is an Intake after validation, with the personal data normalised.
type checked struct {
	Intake
	class string
	phone string // normalised
}

// validate checks in against the categories and regions in q and returns
// the form errors (ui.Errors) or nil.
func (s *Store) validate(ctx context.Context, q store.Querier, in Intake, staff bool) (checked, error) {
	errs := ui.Errors{}
	c := checked{Intake: in}
	c.Description = strings.TrimSpace(in.Description)
	c.Address = strings.TrimSpace(in.Address)
	c.Name = strings.TrimSpace(in.Name)
	for field, v := range map[string]string{"description": in.Description, "address": in.Address, "name": in.Name,
		"phone": in.Phone, "idempotency_key": in.IdempotencyKey} {
		if !cleanText(v) {
			errs[field] = "appeal.err.text"
		}
	}
	switch n := utf8.RuneCountInString(c.Description); {
	case errs["description"] != "":
	case n == 0:
		errs["description"] = "appeal.err.description_required"
	case n > MaxDescription:
		errs["description"] = "appeal.err.description_long"
	}
	if errs["address"] == "" && utf8.RuneCountInString(c.Address) > MaxAddress {
		errs["address"] = "appeal.err.address_long"
	}
	if errs["name"] == "" && utf8.RuneCountInString(c.Name) > MaxName {
		errs["name"] = "appeal.err.name_long"
	}
	if p := strings.TrimSpace(in.Phone); p != "" && errs["phone"] == "" {
		n, ok := NormalisePhone(p)
		if !ok {
			errs["phone"] = "appeal.err.phone"
		}
		c.phone = n
	}
	if len(in.IdempotencyKey) > maxKey {
		errs["idempotency_key"] = "appeal.err.text"
	}
	if !validLatLon(in.Lat, in.Lon) {
		errs["location"] = "appeal.err.location"
	}
	if len(in.Photos) > MaxPhotos {
		errs["photos"] = "appeal.err.photos_many"
	}
	for _, p := range in.Photos {
		if p.ContentType != "image/png" && p.ContentType != "image/jpeg" || len(p.SHA256) != 64 {
			errs["photos"] = "appeal.err.photo_type"
		}
	}
	switch {
	case staff && (in.Source == SourcePhone || in.Source == SourceVisit || in.Source == SourceForum):
	case !staff && (in.Source == SourcePublic || in.Source == SourceOpen311 || in.Source == ""):
		if c.Source == "" {
			c.Source = SourcePublic
		}
	default:
		errs["source"] = "appeal.err.source"
	}
	refs, err := s.refsFor(ctx, q)
	if err != nil {
		return c, err
	}
	class, ok := refs.classes[in.CategoryID]
	if !ok {
		errs["category"] = "appeal.err.category"
	}
	c.class = class
	if in.Class != "" {
		if !staff || !validClass(in.Class) {
			errs["class"] = "appeal.err.class"
		}
		c.class = in.Class
	}
	if in.RegionID == 0 && c.Source != SourceOpen311 {
		errs["region"] = "appeal.err.region"
	} else if in.RegionID != 0 && !refs.regions[in.RegionID] {
		errs["region"] = "appeal.err.region"
	}
	if len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// cleanText refuses what the database or a page could choke on: invalid
// UTF-8 and NUL or other control characters except tab and line breaks.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return false
		}
	}
	return true
}

func validLatLon(lat, lon *float64) bool {
	if (lat == nil) != (lon == nil) {
		return false
	}
	if lat == nil {
		return true
	}
	for _, v := range []float64{*lat, *lon} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180
}

func validClass(c string) bool {
	return c == ClassUrgent || c == ClassEnquiry || c == ClassComplaint
}

func regionExists(ctx context.Context, q store.Querier, id int64) error {
	var n int64
	err := q.QueryRow(ctx, `SELECT id FROM regions WHERE id = ?`, id).Scan(&n)
	return store.NotFound(err, "region")
}

// Submit records an appeal from the public (the form or Open311) and returns
// its tracking code. Bad input is a ui.Errors and stores nothing. A second
// submission with the same idempotency key (a double click, a mobile retry)
// returns the first one's code and creates nothing.
func (s *Store) Submit(ctx context.Context, in Intake) (string, error) {
	c, err := s.validate(ctx, s.db, in, false)
	if err != nil {
		return "", err
	}
	code, err := s.submitGrouped(ctx, c)
	if err != nil && in.IdempotencyKey != "" {
		// A retry: the unique key refused the second appeal (the group was
		// retried one by one); answer with the first one's code.
		if c, err2 := s.codeByKey(ctx, in.IdempotencyKey); err2 == nil {
			return c, nil
		}
	}
	return code, err
}

func (s *Store) codeByKey(ctx context.Context, key string) (string, error) {
	var code string
	err := s.db.QueryRow(ctx, `SELECT code FROM appeals WHERE idempotency_key = ?`, key).Scan(&code)
	return code, store.NotFound(err, "appeal")
}

// Register records an appeal staff took from a phone call, a research visit
// or a symposium (Source phone|visit|forum); the office only.
func (s *Store) Register(ctx context.Context, p *auth.Principal, in Intake) (id int64, code string, err error) {
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		id, code, err = s.RegisterIn(ctx, tx, p, in)
		return err
	})
	return id, code, err
}

// RegisterIn is Register inside the caller's transaction (a symposium
// opinion turned into an appeal together with its own update).
func (s *Store) RegisterIn(ctx context.Context, tx *store.Tx, p *auth.Principal, in Intake) (int64, string, error) {
	if !p.Has(auth.RoleOffice) {
		return 0, "", ui.ErrForbidden
	}
	c, err := s.validate(ctx, tx, in, true)
	if err != nil {
		return 0, "", err
	}
	return s.insert(ctx, tx, p, c)
}

// prepared is a checked appeal ready to write: its code, limit and
// sealed contact, computed before the write transaction.
type prepared struct {
	c                   checked
	code                string
	now, due            time.Time
	nameEnc, phoneEnc   any
	nameMask, phoneMask string
	actor, key          any
	ctx                 context.Context // the caller's (its audit actor and address)
}

// prepare seals and dates a checked appeal; q reads the cached limits.
func (s *Store) prepare(ctx context.Context, q store.Querier, p *auth.Principal, c checked) (prepared, error) {
	w := prepared{c: c, code: newCode(), now: s.now().UTC(), ctx: context.WithoutCancel(ctx)}
	var err error
	if w.due, err = s.dueFor(ctx, q, c.class, c.CategoryID, w.now); err != nil {
		return w, err
	}
	if w.nameEnc, w.nameMask, err = s.seal(c.Name, audit.MaskName(c.Name)); err != nil {
		return w, err
	}
	if w.phoneEnc, w.phoneMask, err = s.seal(c.phone, audit.MaskPhone(c.phone)); err != nil {
		return w, err
	}
	if p != nil {
		w.actor = p.ID
	}
	if c.IdempotencyKey != "" {
		w.key = c.IdempotencyKey
	}
	return w, nil
}

// insert stores one validated appeal (staff registration).
func (s *Store) insert(ctx context.Context, tx *store.Tx, p *auth.Principal, c checked) (int64, string, error) {
	w, err := s.prepare(ctx, tx, p, c)
	if err != nil {
		return 0, "", err
	}
	ids, err := s.write(ctx, tx, p, []prepared{w})
	if err != nil {
		return 0, "", err
	}
	return ids[0], w.code, nil
}

const appealInsertCols = `INSERT INTO appeals (code, category_id, class, region_id, address, lat, lon, description,
	name_enc, phone_enc, name_mask, phone_mask, phone_hash, source, state, received_at, due_at, idempotency_key,
	created_by, created_at, updated_at) VALUES `

// write stores prepared appeals as received — the appeals and their
// timeline rows with one multi-row INSERT each, then each one's photos,
// audit entry (masks only) and auto-dispatch rule — and returns their ids
// in order.
func (s *Store) write(ctx context.Context, tx *store.Tx, p *auth.Principal, list []prepared) ([]int64, error) {
	vals := make([]string, len(list))
	args := make([]any, 0, len(list)*21)
	for i, w := range list {
		c := w.c
		vals[i] = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		args = append(args, w.code, c.CategoryID, c.class, store.NullID(c.RegionID), c.Address, nullFloat(c.Lat), nullFloat(c.Lon),
			c.Description, w.nameEnc, w.phoneEnc, w.nameMask, w.phoneMask, PhoneHash(s.suite, c.phone), c.Source,
			StateReceived, w.now, w.due, w.key, w.actor, w.now, w.now)
	}
	rows, err := tx.Query(ctx, appealInsertCols+strings.Join(vals, ", ")+` RETURNING id, code`, args...)
	if err != nil {
		return nil, fmt.Errorf("insert appeals: %w", err)
	}
	byCode := make(map[string]int64, len(list))
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, fmt.Errorf("insert appeals: %w", err)
		}
		byCode[code] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("insert appeals: %w", err)
	}
	ids := make([]int64, len(list))
	evals := make([]string, len(list))
	eargs := make([]any, 0, len(list)*5)
	for i, w := range list {
		if ids[i] = byCode[w.code]; ids[i] == 0 {
			return nil, fmt.Errorf("insert appeals: no id for %s", w.code)
		}
		evals[i] = "(?, ?, ?, 'receive', '', ?, ?)"
		eargs = append(eargs, ids[i], w.now, w.actor, string(StateReceived), w.c.Source)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO appeal_events (appeal_id, at, actor_id, action, from_state, to_state, comment) VALUES `+
		strings.Join(evals, ", "), eargs...); err != nil {
		return nil, fmt.Errorf("appeal events: %w", err)
	}
	for i, w := range list {
		if err := s.written(ctx, tx, ids[i], w); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// written finishes one stored appeal: photos, audit entry, auto-dispatch.
func (s *Store) written(ctx context.Context, tx *store.Tx, id int64, w prepared) error {
	c := w.c
	for _, ph := range c.Photos {
		if _, err := tx.Exec(ctx, `INSERT INTO appeal_photos (appeal_id, sha256, content_type, size) VALUES (?, ?, ?, ?)`,
			id, ph.SHA256, ph.ContentType, ph.Size); err != nil {
			return fmt.Errorf("appeal photo: %w", err)
		}
	}
	// The entry carries its own caller's actor and address, not the group leader's.
	if err := s.audit.Record(w.ctx, tx, audit.Entry{Entity: "appeal", EntityID: strconv.FormatInt(id, 10), Action: "receive",
		After: map[string]any{"code": w.code, "category_id": c.CategoryID, "region_id": c.RegionID, "source": c.Source,
			"class": c.class, "name": w.nameMask, "phone": w.phoneMask, "photos": len(c.Photos)}}); err != nil {
		return err
	}
	return s.autoDispatch(ctx, tx, id, c.CategoryID, c.RegionID, w.now)
}

// seal encrypts a personal value; the empty value stays empty (NULL).
func (s *Store) seal(v, mask string) (any, string, error) {
	if v == "" {
		return nil, "", nil
	}
	enc, err := s.suite.Seal([]byte(v))
	if err != nil {
		return nil, "", fmt.Errorf("seal personal data: %w", err)
	}
	return []byte(enc), mask, nil
}

// open decrypts a sealed value read from the database ("" when none).
func (s *Store) open(enc []byte) (string, error) {
	if len(enc) == 0 {
		return "", nil
	}
	b, err := s.suite.Open(string(enc))
	if err != nil {
		return "", fmt.Errorf("open personal data: %w", err)
	}
	return string(b), nil
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

// event appends a timeline entry.
func (s *Store) event(ctx context.Context, tx *store.Tx, id int64, p *auth.Principal, action string, from, to State,
	unit int64, comment string, at time.Time) error {
	var actor sql.NullInt64
	if p != nil {
		actor = sql.NullInt64{Int64: p.ID, Valid: true}
	}
	_, err := tx.Exec(ctx, `INSERT INTO appeal_events (appeal_id, at, actor_id, action, from_state, to_state, unit_id, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, at, actor, action, string(from), string(to), store.NullID(unit), comment)
	if err != nil {
		return fmt.Errorf("appeal event: %w", err)
	}
	return nil
}
