package auth

import (
	"testing"
	"time"
)

func TestMatchTOTP(t *testing.T) {
	// The RFC 6238 test secret, so the codes are fixed and cannot collide by chance.
	const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
	if got := TOTPCode(secret, time.Unix(59, 0)); got != "287082" {
		t.Fatalf("RFC 6238 vector at T=59: %s, want 287082", got)
	}
	now := time.Date(2026, 5, 6, 9, 0, 10, 0, time.UTC)
	step := totpStep(now)
	for _, tc := range []struct {
		name string
		code string
		want int64
	}{
		{"CurrentCodeMatchesItsStep", TOTPCode(secret, now), step},
		{"PreviousStepAcceptedForDrift", TOTPCode(secret, now.Add(-30*time.Second)), step - 1},
		{"NextStepAcceptedForDrift", TOTPCode(secret, now.Add(30*time.Second)), step + 1},
		{"TwoStepsOldRefused", TOTPCode(secret, now.Add(-90*time.Second)), 0},
		{"EmptyRefused", "", 0},
		{"LettersRefused", "abcdef", 0},
		{"FiveDigitsRefused", "12345", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchTOTP(secret, tc.code, now); got != tc.want {
				t.Fatalf("matchTOTP(%q) = %d, want %d", tc.code, got, tc.want)
			}
		})
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := newRecoveryCodes()
	if len(codes) != 10 {
		t.Fatalf("%d codes, want 10", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
	}
	if got := normalizeRecovery(" abcde-fghjk "); got != "ABCDEFGHJK" {
		t.Fatalf("normalize = %q", got)
	}
}
