package auth

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP parameters (RFC 6238 defaults every authenticator app understands).
const (
	totpIssuer = "Tongchou"
	totpPeriod = 30
	totpSkew   = 1 // steps either side accepted for clock drift
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// newTOTPKey returns a fresh 160-bit secret for username.
func newTOTPKey(username string) (*otp.Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: username, Period: totpPeriod})
	if err != nil {
		return nil, fmt.Errorf("generate totp key: %w", err)
	}
	return k, nil
}

// totpStep returns the time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// matchTOTP returns the time step the code belongs to within the allowed
// skew, or 0 when it matches none. Returning the step lets the caller refuse
// a code whose step was already used.
func matchTOTP(secret, code string, now time.Time) int64 {
	code = strings.TrimSpace(code)
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0
	}
	cur := totpStep(now)
	for step := cur - totpSkew; step <= cur+totpSkew; step++ {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totpOpts)
		if err == nil && want == code {
			return step
		}
	}
	return 0
}

// TOTPCode returns the code of secret at t; tests and the enrolment page's
// own checks use it.
func TOTPCode(secret string, t time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, t, totpOpts)
	return c
}

// qrDataURL renders the key's otpauth URL as an inline PNG, so the page needs
// no external service and the strict CSP (img-src data:) allows it.
func qrDataURL(k *otp.Key) (template.URL, error) {
	img, err := k.Image(200, 200)
	if err != nil {
		return "", fmt.Errorf("qr image: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", fmt.Errorf("qr png: %w", err)
	}
	// The content is our own PNG, not user input, so marking it safe is sound.
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}
