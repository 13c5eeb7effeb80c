package org

import "regexp"

// Mainland mobile numbers (1[3-9] and nine digits) and landlines with an area
// code (0 + 2–3 digits, optional hyphen, 7–8 digits, optional extension).
var (
	mobileRe   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRe = regexp.MustCompile(`^0\d{2,3}-?\d{7,8}(-\d{1,6})?$`)
)

// ValidPhone reports whether p is a mainland mobile or landline number.
func ValidPhone(p string) bool { return mobileRe.MatchString(p) || landlineRe.MatchString(p) }

// maskPhone hides the middle of a number for lists: 138****1234.
func maskPhone(p string) string {
	if p == "" {
		return ""
	}
	r := []rune(p)
	if len(r) < 8 {
		return "****"
	}
	return string(r[:3]) + "****" + string(r[len(r)-4:])
}
