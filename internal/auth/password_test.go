package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestHashPasswordFormat(t *testing.T) {
	SetHashCost(DefaultHashCost) // the production cost, once
	defer SetHashCost(TestHashCost)
	h, err := HashPassword("Correct-Horse-9")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != "v=19" || parts[3] != "m=65536,t=3,p=2" {
		t.Fatalf("hash %q is not an argon2id PHC string with the expected parameters", h)
	}
	h2, _ := HashPassword("Correct-Horse-9")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name string
		hash string
		pw   string
		want bool
	}{
		{"RightPasswordMatches", h, "Correct-Horse-9", true},
		{"WrongPasswordFails", h, "Correct-Horse-8", false},
		{"EmptyPasswordFails", h, "", false},
		{"OtherAlgorithmFails", strings.Replace(h, "argon2id", "argon2i", 1), "Correct-Horse-9", false},
		{"GarbledHashFails", "$argon2id$v=19$m=x$salt$key", "Correct-Horse-9", false},
		{"EmptyHashFails", "", "Correct-Horse-9", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckPassword(tc.hash, tc.pw); got != tc.want {
				t.Fatalf("CheckPassword = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCheckPolicy(t *testing.T) {
	for _, tc := range []struct {
		name string
		pw   string
		want error
	}{
		{"SevenCharsRefused", "Ab1#xyz", ErrPasswordShort},
		{"EmptyRefused", "", ErrPasswordShort},
		{"TwoClassesRefused", "abcdefgh12", ErrPasswordClasses},
		{"LowerAndSymbolsRefused", "abcd-efgh", ErrPasswordClasses},
		{"ThreeClassesAccepted", "abcdEFGH12", nil},
		{"ThreeClassesWithSymbolAccepted", "abcd-efg9", nil},
		{"FourClassesAccepted", "Ab1#Ab1#", nil},
		{"EightCJKRunesOneClassRefused", "统筹统筹统筹统筹", ErrPasswordClasses},
		{"UnicodeUpperLowerDigitAccepted", "ÄÖÜäöü12", nil},
		{"CJKCountsAsSymbolClass", "统筹abcd12", nil},
		{"SevenRunesOfMultibyteRefused", "统筹Ab1统筹", ErrPasswordShort},
		{"OverLongRefused", strings.Repeat("Ab1#", 40), ErrPasswordLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CheckPolicy(tc.pw); !errors.Is(got, tc.want) {
				t.Fatalf("CheckPolicy(%q) = %v, want %v", tc.pw, got, tc.want)
			}
		})
	}
}

func TestGeneratePasswordMeetsPolicy(t *testing.T) {
	for range 20 {
		if pw := GeneratePassword(); CheckPolicy(pw) != nil {
			t.Fatalf("generated %q fails the policy", pw)
		}
	}
}
