package crypt_test

import (
	"bytes"
	"errors"
	"testing"

	"tongchou/internal/crypt"
)

func TestSuites(t *testing.T) {
	keys := crypt.GenerateKeys()
	other := crypt.GenerateKeys()
	for _, name := range []string{"std", "gm"} {
		t.Run(name, func(t *testing.T) {
			s, err := crypt.New(name, keys)
			if err != nil {
				t.Fatal(err)
			}
			sealed, err := s.Seal([]byte("13812341234"))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := s.Open(sealed)
			if err != nil || !bytes.Equal(plain, []byte("13812341234")) {
				t.Fatalf("Open = %q, %v", plain, err)
			}
			wrong, _ := crypt.New(name, other)
			if _, err := wrong.Open(sealed); !errors.Is(err, crypt.ErrDecrypt) {
				t.Fatalf("Open with another key = %v, want ErrDecrypt", err)
			}
			if s.MAC([]byte("a")) == wrong.MAC([]byte("a")) {
				t.Fatal("MAC does not depend on the key")
			}
			if s.MAC([]byte("a")) == s.MAC([]byte("b")) {
				t.Fatal("MAC does not depend on the data")
			}
		})
	}
	std, _ := crypt.New("std", keys)
	gm, _ := crypt.New("gm", keys)
	if std.MAC([]byte("a")) == gm.MAC([]byte("a")) {
		t.Fatal("std and gm give the same MAC")
	}
	if _, err := crypt.New("rot13", keys); err == nil {
		t.Fatal("unknown suite accepted")
	}
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want bool
	}{
		{"Same", "ab12", "ab12", true},
		{"Different", "ab12", "ab13", false},
		{"Shorter", "ab1", "ab12", false},
		{"BothEmpty", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := crypt.Equal(tc.a, tc.b); got != tc.want {
				t.Fatalf("Equal(%q, %q) = %v", tc.a, tc.b, got)
			}
		})
	}
}
