package bulletin

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/auth"
	"tongchou/internal/ui"
)

// Library categories. The office manages the library: it files into every
// category. Units (heads and liaisons) may add documents only to
// "exchange" (经验交流: their own practice to share) and new versions only
// to documents their unit added; leaders read. The rule keeps policy,
// plans and templates authoritative while units can still share.
const (
	CatPolicy   = "policy"   // 政策文件
	CatPlan     = "plan"     // 工作方案
	CatTemplate = "template" // 模板
	CatExchange = "exchange" // 经验交流
)

// Categories in display order.
var Categories = []string{CatPolicy, CatPlan, CatTemplate, CatExchange}

// Doc is a library document with its latest version and, on its own page,
// every version.
type Doc struct {
	ID           int64
	CampaignID   int64
	CampaignName string
	Category     string
	Title        string
	UnitID       int64
	UnitName     string
	CreatedBy    string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Versions     int
	Latest       Version
	History      []Version // newest first
}

// Version is one uploaded version of a document.
type Version struct {
	DocID      int64
	Seq        int
	FileID     int64
	Name       string
	Size       int64
	Note       string
	UploadedBy string
	UploadedAt time.Time
}

// Href is the version's download address (the name is for the browser).
func (v Version) Href() string {
	return "/library/" + itoa(v.DocID) + "/versions/" + strconv.Itoa(v.Seq) + "/" + url.PathEscape(v.Name)
}

// SizeKB is the size in kilobytes, rounded up.
func (v Version) SizeKB() int64 { return (v.Size + 1023) / 1024 }

// CanReadLibrary reports whether p may open a campaign's library.
func CanReadLibrary(p *auth.Principal) bool {
	return p.HasAny(auth.RoleOffice, auth.RoleLeader, auth.RoleUnitHead, auth.RoleLiaison)
}

// UploadCategories are the categories p may add documents to.
func UploadCategories(p *auth.Principal) []string {
	switch {
	case p.Has(auth.RoleOffice):
		return Categories
	case p.HasAny(auth.RoleUnitHead, auth.RoleLiaison):
		return []string{CatExchange}
	}
	return nil
}

// MayAddVersion reports whether p may upload a new version of d.
func (d *Doc) MayAddVersion(p *auth.Principal) bool {
	return p.Has(auth.RoleOffice) || p.HasAny(auth.RoleUnitHead, auth.RoleLiaison) && containsUnit(p.Units, d.UnitID)
}

// Limits on a document's words.
const (
	maxDocTitle = 200
	maxNote     = 500
)

// DocInput is a new document (category, title) or a version's note.
type DocInput struct {
	Category string
	Title    string
	Note     string
}

// checkDoc validates a new document for p.
func (in *DocInput) checkDoc(p *auth.Principal) error {
	errs := ui.Errors{}
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	if !slices.Contains(UploadCategories(p), in.Category) {
		errs["category"] = "library.err.category"
	}
	switch {
	case in.Title == "":
		errs["title"] = "form.required"
	case utf8.RuneCountInString(in.Title) > maxDocTitle || !utf8.ValidString(in.Title):
		errs["title"] = "library.err.title_long"
	}
	if e := checkNote(in.Note); e != "" {
		errs["note"] = e
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func checkNote(note string) string {
	if utf8.RuneCountInString(note) > maxNote || !utf8.ValidString(note) {
		return "library.err.note_long"
	}
	return ""
}
