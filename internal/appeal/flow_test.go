package appeal_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"strconv"
	"strings"
	"testing"
	"time"

	"tongchou/internal/appeal"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// TestUnsatisfiedReopensOnce: the first 不满意 (with its reason) reopens the
// appeal to the same unit with a fresh limit; the second rating closes it
// whatever it is; the first rating is kept.
func testUnsatisfiedReopensOnce(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	id := f.to(t, appeal.StateRating)
	code := f.get(t, id).Code
	if err := f.s.RateByCode(ctx, code, appeal.RatingUnsatisfied, ""); !ui.IsInvalid(err) {
		t.Fatalf("unsatisfied without reason: %v", err)
	}
	if err := f.s.RateByCode(ctx, code, "great", "x"); !ui.IsInvalid(err) {
		t.Fatalf("unknown rating: %v", err)
	}
	f.clock = f.clock.Add(48 * time.Hour)
	if err := f.s.RateByCode(ctx, code, appeal.RatingUnsatisfied, "校车只恢复了一周"); err != nil {
		t.Fatal(err)
	}
	a := f.get(t, id)
	if a.State != appeal.StateSigned || a.Reopened != 1 || a.UnitID != f.units["教育局"] || a.RatingFirst != appeal.RatingUnsatisfied ||
		!a.DueAt.After(f.clock) || a.RatingFinal != "" {
		t.Fatalf("after first rating: %+v", a)
	}
	if err := f.s.RateByCode(ctx, code, appeal.RatingSatisfied, ""); !errors.Is(err, appeal.ErrInvalidState) {
		t.Fatalf("rating while reopened: %v", err)
	}
	f.act(t, asLiaison, id, appeal.ActAnswer, appeal.ActInput{Reason: "校车长期恢复", Solved: "yes"})
	f.act(t, asOffice, id, appeal.ActApprove, appeal.ActInput{})
	if err := f.s.RateByCode(ctx, code, appeal.RatingUnsatisfied, "仍不满意"); err != nil {
		t.Fatal(err)
	}
	a = f.get(t, id)
	if a.State != appeal.StateClosed || a.RatingFirst != appeal.RatingUnsatisfied || a.RatingFinal != appeal.RatingUnsatisfied ||
		a.ClosedAt == nil || a.Reopened != 1 {
		t.Fatalf("after second rating: %+v", a)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM appeal_ratings WHERE appeal_id = ?`, id); n != 2 {
		t.Fatalf("%d ratings", n)
	}
	if err := f.s.RateByCode(ctx, code, appeal.RatingSatisfied, ""); !errors.Is(err, appeal.ErrInvalidState) {
		t.Fatalf("rating a closed appeal: %v", err)
	}
}

// TestAcceptedBackDoesNotCountAgainstUnit: the accepted 退单 is marked on its
// dispatch row and the re-dispatch starts the next unit's clock.
func testAcceptedBackDoesNotCountAgainstUnit(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	id := f.to(t, appeal.StateBack)
	f.act(t, asOffice, id, appeal.ActAcceptBack, appeal.ActInput{})
	if a := f.get(t, id); a.State != appeal.StateReceived || a.UnitID != 0 {
		t.Fatalf("after accepting: %+v", a)
	}
	f.clock = f.clock.Add(time.Hour)
	f.act(t, asOffice, id, appeal.ActDispatch, appeal.ActInput{UnitID: f.units["卫生健康局"]})
	f.act(t, asOther, id, appeal.ActSign, appeal.ActInput{})
	rows := []struct {
		unit     int64
		accepted *bool
		signed   bool
	}{}
	r, err := db.Query(context.Background(), `SELECT unit_id, back_accepted, signed_at IS NOT NULL FROM appeal_dispatches
			WHERE appeal_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var row struct {
			unit     int64
			accepted *bool
			signed   bool
		}
		if err := r.Scan(&row.unit, &row.accepted, &row.signed); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
	r.Close()
	if len(rows) != 2 || rows[0].unit != f.units["教育局"] || rows[0].accepted == nil || !*rows[0].accepted ||
		rows[1].unit != f.units["卫生健康局"] || !rows[1].signed || rows[1].accepted != nil {
		t.Fatalf("dispatches %+v", rows)
	}
	// The first unit still sees the appeal it once had (its history), but may not act.
	if err := f.s.Act(context.Background(), f.users[asLiaison], id, appeal.ActAnswer,
		appeal.ActInput{Reason: "x", Solved: "yes"}); !errors.Is(err, ui.ErrForbidden) {
		t.Fatalf("former unit answering: %v", err)
	}
}

// TestExtensionOnlyBeforeLimit: a request after the limit, or to an earlier
// date, is refused; an approved one moves the due date the tracker shows.
func testExtensionOnlyBeforeLimit(t *testing.T, f *fixture) {
	db := f.db
	ctx := context.Background()
	id := f.to(t, appeal.StateSigned)
	a := f.get(t, id)
	for _, c := range []struct{ name, date, want string }{
		{"Malformed", "next week", "appeal.err.date"},
		{"Earlier", "2026-05-07", "appeal.err.ext_date"},
		{"TooFar", "2028-01-01", "appeal.err.ext_date"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := f.s.Act(ctx, f.users[asLiaison], id, appeal.ActRequestExtension, appeal.ActInput{Reason: "r", Date: c.date})
			if ui.AsErrors(err)["date"] != c.want {
				t.Fatalf("err = %v", err)
			}
		})
	}
	f.act(t, asLiaison, id, appeal.ActRequestExtension, appeal.ActInput{Reason: "需协调住建局", Date: "2026-06-30"})
	f.act(t, asOffice, id, appeal.ActApproveExtension, appeal.ActInput{})
	p, err := f.s.Track(ctx, a.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Extended || p.DueAt.In(shanghai).Format(time.DateOnly) != "2026-06-30" {
		t.Fatalf("tracker: %+v", p)
	}
	// The citizen left a number: the new limit goes out by SMS, queued with
	// the sealed number (never the number in clear).
	var target, body string
	if err := db.QueryRow(ctx, `SELECT target, body FROM notify_outbox WHERE channel = 'sms' AND idempotency_key LIKE ?`,
		"appeal-ext:"+strconv.FormatInt(id, 10)+":%").Scan(&target, &body); err != nil {
		t.Fatalf("extension SMS not queued: %v", err)
	}
	if phone, err := f.suite.Open(target); err != nil || string(phone) != "13800138000" || strings.Contains(target, "13800138000") {
		t.Fatalf("SMS target opens to %q (%v); want the sealed normalised number", phone, err)
	}
	if !strings.Contains(body, a.Code) || !strings.Contains(body, "2026年6月30日") {
		t.Fatalf("SMS text %q lacks the code or the new date", body)
	}
	f.clock = p.DueAt.Add(time.Hour)
	err = f.s.Act(ctx, f.users[asLiaison], id, appeal.ActRequestExtension, appeal.ActInput{Reason: "r", Date: "2026-08-01"})
	if ui.AsErrors(err)["date"] != "appeal.err.ext_late" {
		t.Fatalf("late request: %v", err)
	}
}

// TestScopeAndReveal: another unit cannot read the appeal; only the handler
// (who signed) and the office during 回访 see the contact, and each viewing
// is audited with masks only.
func testScopeAndReveal(t *testing.T, f *fixture) {
	db := f.db
	ctx := context.Background()
	id := f.to(t, appeal.StateSigned)
	if _, err := f.s.Get(ctx, f.users[asOther], id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("other unit reads: %v", err)
	}
	if _, err := f.s.Get(ctx, f.users[asGrid], id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("grid worker reads: %v", err)
	}
	for _, who := range []string{asHead, asOffice, asLeader} {
		if _, err := f.s.Reveal(ctx, f.users[who], id); !errors.Is(err, ui.ErrForbidden) {
			t.Fatalf("%s reveals while handling: %v", who, err)
		}
	}
	c, err := f.s.Reveal(ctx, f.users[asLiaison], id)
	if err != nil || c.Name != "张三丰" || c.Phone != "13800138000" {
		t.Fatalf("handler reveal: %+v %v", c, err)
	}
	f.act(t, asLiaison, id, appeal.ActAnswer, appeal.ActInput{Reason: "好", Solved: "yes"})
	f.act(t, asOffice, id, appeal.ActApprove, appeal.ActInput{})
	if _, err := f.s.Reveal(ctx, f.users[asOffice], id); err != nil {
		t.Fatalf("office during callback: %v", err)
	}
	if _, err := f.s.Reveal(ctx, f.users[asLiaison], id); !errors.Is(err, ui.ErrForbidden) {
		t.Fatalf("handler after answer approved: %v", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'reveal_contact' AND after_value LIKE '%138****8000%'
			AND after_value NOT LIKE '%13800138000%'`); n != 2 {
		t.Fatalf("%d masked reveal entries", n)
	}
}

// TestAutoDispatchRule: the most specific rule dispatches on receipt.
func testAutoDispatchRule(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	insertID(t, db, `INSERT INTO appeal_dispatch_rules (category_id, region_id, unit_id, active, created_at) VALUES (?, NULL, ?, TRUE, ?)`,
		f.cats["教育"], f.units["卫生健康局"], f.clock)
	insertID(t, db, `INSERT INTO appeal_dispatch_rules (category_id, region_id, unit_id, active, created_at) VALUES (?, ?, ?, TRUE, ?)`,
		f.cats["教育"], f.village, f.units["教育局"], f.clock)
	f.s.ForgetCache() // rules written behind the store's back (the settings page drops the cache itself)
	id, _ := f.submit(t)
	a := f.get(t, id)
	if a.State != appeal.StateDispatched || a.UnitID != f.units["教育局"] {
		t.Fatalf("auto-dispatched to %d in %s", a.UnitID, a.State)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM appeal_dispatches WHERE appeal_id = ? AND by_rule = TRUE`, id); n != 1 {
		t.Fatalf("%d rule dispatches", n)
	}
	in := f.intake()
	in.CategoryID = f.cats["住房"]
	code, err := f.s.Submit(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := f.s.Track(context.Background(), code); p.State != appeal.StateReceived {
		t.Fatalf("unmatched appeal %s", p.State)
	}
	if _, err := db.Exec(context.Background(), `DELETE FROM appeal_dispatch_rules`); err != nil {
		t.Fatal(err)
	}
	f.s.ForgetCache()
}

// TestToTask: the office turns an appeal into a draft task of source appeal.
func testToTask(t *testing.T, f *fixture) {
	db := f.db
	ctx := context.Background()
	id := f.to(t, appeal.StateSigned)
	err := f.s.Act(ctx, f.users[asOffice], id, appeal.ActToTask, appeal.ActInput{CampaignID: 999})
	if ui.AsErrors(err)["campaign"] == "" {
		t.Fatalf("unknown campaign: %v", err)
	}
	f.act(t, asOffice, id, appeal.ActToTask, appeal.ActInput{CampaignID: f.campaign})
	a := f.get(t, id)
	var source, title string
	var lead int64
	if err := db.QueryRow(ctx, `SELECT source, title, lead_unit_id FROM tasks WHERE id = ?`, a.TaskID).Scan(&source, &title, &lead); err != nil {
		t.Fatal(err)
	}
	if source != "appeal" || !strings.Contains(title, a.Code) || lead != f.units["教育局"] {
		t.Fatalf("task %q %q %d", source, title, lead)
	}
}

// TestCleanPhotoDropsMetadata: an EXIF block inside a JPEG does not survive,
// and a non-image is refused.
func TestCleanPhotoDropsMetadata(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x16}, []byte("Exif\x00\x00GPS 31.2N 121.4E")...)
	withExif := append(append(append([]byte{}, raw[:2]...), exif...), raw[2:]...)
	for _, c := range []struct {
		name string
		in   []byte
		err  error
	}{
		{"JPEGWithExif", withExif, nil},
		{"NotAnImage", []byte("<html><script>alert(1)</script></html>"), appeal.ErrPhotoType},
		{"TruncatedJPEG", raw[:20], appeal.ErrPhotoType},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, ext, err := appeal.CleanPhoto(bytes.NewReader(c.in))
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if err == nil && (ext != "jpg" || bytes.Contains(out, []byte("Exif")) || bytes.Contains(out, []byte("GPS"))) {
				t.Fatalf("metadata kept (ext %s)", ext)
			}
		})
	}
}
