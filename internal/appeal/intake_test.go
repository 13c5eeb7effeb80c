package appeal_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"tongchou/internal/appeal"
	"tongchou/internal/files"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSubmitRefusesBadInput: each bad field gives its message key and
// nothing is stored.
func testSubmitRefusesBadInput(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	lat, bad := 30.0, 200.0
	for _, c := range []struct {
		name  string
		edit  func(*appeal.Intake)
		field string
	}{
		{"EmptyDescription", func(in *appeal.Intake) { in.Description = "  \n " }, "description"},
		{"HugeDescription", func(in *appeal.Intake) { in.Description = strings.Repeat("长", 1<<20) }, "description"},
		{"NULInDescription", func(in *appeal.Intake) { in.Description = "a\x00b" }, "description"},
		{"InvalidUTF8", func(in *appeal.Intake) { in.Description = "\xff\xfe" }, "description"},
		{"UnknownCategory", func(in *appeal.Intake) { in.CategoryID = 9999 }, "category"},
		{"NoVillage", func(in *appeal.Intake) { in.RegionID = 0 }, "region"},
		{"UnknownVillage", func(in *appeal.Intake) { in.RegionID = 9999 }, "region"},
		{"MalformedPhone", func(in *appeal.Intake) { in.Phone = "13800<script>" }, "phone"},
		{"ShortPhone", func(in *appeal.Intake) { in.Phone = "12345" }, "phone"},
		{"LongName", func(in *appeal.Intake) { in.Name = strings.Repeat("名", 41) }, "name"},
		{"LongAddress", func(in *appeal.Intake) { in.Address = strings.Repeat("路", 201) }, "address"},
		{"HalfLocation", func(in *appeal.Intake) { in.Lat = &lat }, "location"},
		{"LocationOutOfRange", func(in *appeal.Intake) { in.Lat, in.Lon = &bad, &lat }, "location"},
		{"StaffSourceOnPublicForm", func(in *appeal.Intake) { in.Source = appeal.SourcePhone }, "source"},
		{"ClassOnPublicForm", func(in *appeal.Intake) { in.Class = appeal.ClassUrgent }, "class"},
		{"PhotoNotImage", func(in *appeal.Intake) {
			in.Photos = []files.Blob{{SHA256: strings.Repeat("a", 64), ContentType: "application/pdf"}}
		}, "photos"},
		{"TooManyPhotos", func(in *appeal.Intake) {
			in.Photos = make([]files.Blob, 6)
			for i := range in.Photos {
				in.Photos[i] = files.Blob{SHA256: strings.Repeat("b", 64), ContentType: "image/png"}
			}
		}, "photos"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := f.intake()
			c.edit(&in)
			before := count(t, db, `SELECT COUNT(*) FROM appeals`)
			_, err := f.s.Submit(context.Background(), in)
			errs := ui.AsErrors(err)
			if errs[c.field] == "" {
				t.Fatalf("err = %v, want an error on %s", err, c.field)
			}
			if n := count(t, db, `SELECT COUNT(*) FROM appeals`); n != before {
				t.Fatalf("%d appeals stored", n-before)
			}
		})
	}
}

// TestSubmitStoresSealedContact: name and phone are sealed and masked, the
// hash matches the normalised number, script in the text is kept as text.
func testSubmitStoresSealedContact(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	in := f.intake()
	in.Description = `<script>alert(1)</script>'; DROP TABLE appeals; --`
	in.Phone = "+86 138-0013-8000"
	code, err := f.s.Submit(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != appeal.CodeLen || strings.ContainsAny(code, "ILOU") {
		t.Fatalf("code %q", code)
	}
	var nameEnc, phoneEnc []byte
	var nameMask, phoneMask, hash, desc string
	err = db.QueryRow(ctx, `SELECT name_enc, phone_enc, name_mask, phone_mask, phone_hash, description FROM appeals WHERE code = ?`,
		code).Scan(&nameEnc, &phoneEnc, &nameMask, &phoneMask, &hash, &desc)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(nameEnc), "张") || strings.Contains(string(phoneEnc), "13800138000") {
		t.Fatal("contact stored in clear")
	}
	if nameMask != "张**" || phoneMask != "138****8000" || desc != in.Description {
		t.Fatalf("masks %q %q desc %q", nameMask, phoneMask, desc)
	}
	if hash != appeal.PhoneHash(f.suite, "13800138000") {
		t.Fatal("phone hash does not match the normalised number")
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE after_value LIKE '%13800138000%' OR after_value LIKE '%张三丰%'
			OR before_value LIKE '%13800138000%'`); n != 0 {
		t.Fatalf("%d audit entries hold the contact in clear", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'appeal' AND after_value LIKE '%138****8000%'`); n == 0 {
		t.Fatal("no masked audit entry")
	}
}

// TestSubmitIdempotent: the same key, even concurrently, gives one appeal
// and one code.
func testSubmitIdempotent(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	in := f.intake()
	in.IdempotencyKey = "form-token-1"
	codes := make([]string, 8)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.s.Submit(context.Background(), in)
			if err != nil {
				t.Errorf("submit %d: %v", i, err)
			}
			codes[i] = c
		}()
	}
	wg.Wait()
	for _, c := range codes {
		if c != codes[0] || c == "" {
			t.Fatalf("codes differ: %v", codes)
		}
	}
	if n := count(t, db, `SELECT COUNT(*) FROM appeals WHERE idempotency_key = 'form-token-1'`); n != 1 {
		t.Fatalf("%d appeals", n)
	}
}

// TestTrackShowsNoPersonalData: the public view carries state, category,
// village, dates and, once approved, the answer; never the contact or text.
func testTrackShowsNoPersonalData(t *testing.T, f *fixture) {
	db := f.db
	_ = db
	ctx := context.Background()
	id := f.to(t, appeal.StateAnswered)
	a := f.get(t, id)
	p, err := f.s.Track(ctx, strings.ToLower(a.Code[:5])+"-"+a.Code[5:])
	if err != nil {
		t.Fatal(err)
	}
	if p.State != appeal.StateAnswered || p.Category != "教育" || p.Village != "石桥村" || p.Answer != "" || p.CanRate {
		t.Fatalf("before approval: %+v", p)
	}
	f.act(t, asOffice, id, appeal.ActApprove, appeal.ActInput{})
	p, _ = f.s.Track(ctx, a.Code)
	if p.Answer != "已恢复校车。" || !p.CanRate || p.Solved == nil || !*p.Solved {
		t.Fatalf("after approval: %+v", p)
	}
	dump := strings.Join([]string{p.Code, p.Category, p.Village, p.Unit, p.Answer}, "|")
	for _, secret := range []string{"张", "138", "校车停运"} {
		if strings.Contains(dump, secret) {
			t.Fatalf("public view shows %q: %s", secret, dump)
		}
	}
	for _, bad := range []string{"", "x", strings.Repeat("A", 100), "ABCDEFGHJK", "<script>"} {
		if _, err := f.s.Track(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("track %q: %v", bad, err)
		}
	}
}

func TestNormalise(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"13800138000", "13800138000", true},
		{"+86 138 0013 8000", "13800138000", true},
		{"0086-13800138000", "13800138000", true},
		{"010-6512 3456", "01065123456", true},
		{"12345", "", false},
		{"1380013800a", "", false},
		{"12800138000", "", false},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, ok := appeal.NormalisePhone(c.in)
			if got != c.want || ok != c.ok {
				t.Fatalf("NormalisePhone = %q %v", got, ok)
			}
		})
	}
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"abcd-efgh-jk", "ABCDEFGHJK", true},
		{"0o1iL2345 6", "0011123456", true},
		{"ABCDEFGHJ", "", false},
		{"ABCDEFGHJU", "", false},
	} {
		t.Run("code/"+c.in, func(t *testing.T) {
			got, ok := appeal.NormaliseCode(c.in)
			if got != c.want || ok != c.ok {
				t.Fatalf("NormaliseCode = %q %v", got, ok)
			}
		})
	}
}
