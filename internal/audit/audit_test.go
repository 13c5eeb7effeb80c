package audit_test

import (
	"context"
	"strings"
	"testing"

	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/store/storetest"
)

func TestMaskPhone(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Mobile", "13812341234", "138****1234"},
		{"Landline", "02388886666", "023****6666"},
		{"WithCountryCode", "+8613812341234", "+86*******1234"},
		{"SevenDigitLandline", "8888666", "***8666"},
		{"EightDigitLandline", "88886666", "****6666"},
		{"ShortAllHidden", "12345", "*****"},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := audit.MaskPhone(tc.in); got != tc.want {
				t.Fatalf("MaskPhone(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMaskEmail(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Address", "zhang@example.gov.cn", "z***@example.gov.cn"},
		{"ChineseLocalPart", "张三@例子.cn", "张***@例子.cn"},
		{"NoAtAllHidden", "x", "***"},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := audit.MaskEmail(tc.in); got != tc.want {
				t.Fatalf("MaskEmail(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"TwoCharacters", "张三", "张*"},
		{"ThreeCharacters", "欧阳娜", "欧**"},
		{"OneCharacterKept", "李", "李"},
		{"Empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := audit.MaskName(tc.in); got != tc.want {
				t.Fatalf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// citizen is personal data as a feature would log it.
type citizen struct {
	Name  string
	Phone string
	Issue string
}

func (c citizen) AuditView() any {
	return map[string]string{"name": audit.MaskName(c.Name), "phone": audit.MaskPhone(c.Phone), "issue": c.Issue}
}

func TestMaskerHidesPersonalData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := audit.New(db, suite(t, "std", testKeys), clock())
		before := citizen{Name: "王小明", Phone: "13812341234", Issue: "就业"}
		after := &citizen{Name: "王小明", Phone: "13900005678", Issue: "住房"}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return l.Record(ctx, tx, audit.Entry{Entity: "appeal", EntityID: "1", Action: "update", Before: before, After: after})
		}); err != nil {
			t.Fatal(err)
		}
		var b, a string
		if err := db.QueryRow(ctx, "SELECT before_value, after_value FROM audit_log WHERE id = 1").Scan(&b, &a); err != nil {
			t.Fatal(err)
		}
		for _, raw := range []string{"王小明", "小明", "13812341234", "13900005678"} {
			if strings.Contains(b, raw) || strings.Contains(a, raw) {
				t.Fatalf("personal data %q logged: before %s, after %s", raw, b, a)
			}
		}
		for _, want := range []string{"王**", "138****1234", "就业"} {
			if !strings.Contains(b, want) {
				t.Fatalf("before %s lacks %q", b, want)
			}
		}
		if !strings.Contains(a, "139****5678") || !strings.Contains(a, "住房") {
			t.Fatalf("after %s not masked as expected", a)
		}
		if res := verify(t, l); !res.OK() {
			t.Fatalf("chain: %+v", res)
		}
	})
}

func TestActorFromDefaultsToSystem(t *testing.T) {
	if a := audit.ActorFrom(context.Background()); a.Name != "system" || a.ID != 0 {
		t.Fatalf("ActorFrom(empty) = %+v, want system", a)
	}
	ctx := audit.WithActor(context.Background(), audit.Actor{ID: 3, Name: "auditor", IP: "10.1.1.1"})
	if a := audit.ActorFrom(ctx); a.ID != 3 || a.IP != "10.1.1.1" {
		t.Fatalf("ActorFrom = %+v", a)
	}
}
