package audit

import (
	"embed"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Bundle holds the audit pages' templates and messages.
//
//go:embed templates/*.html locales/*.json
var Bundle embed.FS

// PageSize is how many entries a search page shows.
const PageSize = 50

// Pages serves the audit admin's read-only pages over both logs. Mount them
// for auth.RoleAuditor only; they change nothing.
type Pages struct {
	db    *store.DB
	ui    *ui.UI
	log   *Log
	limit int // rows per export
}

// NewPages returns the audit pages.
func NewPages(db *store.DB, u *ui.UI, log *Log) *Pages {
	return &Pages{db: db, ui: u, log: log, limit: ExportLimit}
}

type entryView struct {
	Row
	When string
}

type listPage struct {
	Filter   Filter
	Err      error
	Entries  []entryView
	HeadID   int64
	HeadHash string
	Export   string // link to the export of this filter
	First    string // link to the newest page when paged, else empty
	Next     string // link to the next (older) page; empty on the last
	Entities []string
	Actions  []string
}

// List is GET /audit: the search over the audit log, newest first, with the
// chain head shown so the auditor can record it elsewhere.
func (p *Pages) List(w http.ResponseWriter, r *http.Request) error {
	f, ferr := ParseFilter(r.URL.Query())
	return p.renderList(w, r, f, ferr)
}

func (p *Pages) renderList(w http.ResponseWriter, r *http.Request, f Filter, ferr error) error {
	page := listPage{Filter: f, Err: ferr}
	page.Export, page.First = links("/audit", "/audit/export.xlsx", f.Query(), f.Before)
	var err error
	if page.HeadID, page.HeadHash, err = p.log.Head(r.Context()); err != nil {
		return err
	}
	if page.Entities, err = Distinct(r.Context(), p.db, "entity"); err != nil {
		return err
	}
	if page.Actions, err = Distinct(r.Context(), p.db, "action"); err != nil {
		return err
	}
	if ferr != nil {
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "audit_list", page)
	}
	err = EachEntry(r.Context(), p.db, f, PageSize+1, func(row Row) error {
		page.Entries = append(page.Entries, entryView{Row: row, When: when(row.At)})
		return nil
	})
	if err != nil {
		return err
	}
	if len(page.Entries) > PageSize {
		page.Entries = page.Entries[:PageSize]
		page.Next = nextPage("/audit", f.Query(), page.Entries[PageSize-1].ID)
	}
	return p.ui.Render(w, r, http.StatusOK, "audit_list", page)
}

type loginView struct {
	LoginEntry
	When string
}

type loginsPage struct {
	Filter  LoginFilter
	Err     error
	Entries []loginView
	Export  string
	First   string
	Next    string
}

// Logins is GET /audit/logins: the search over sign-in attempts.
func (p *Pages) Logins(w http.ResponseWriter, r *http.Request) error {
	f, ferr := ParseLoginFilter(r.URL.Query())
	page := loginsPage{Filter: f, Err: ferr}
	page.Export, page.First = links("/audit/logins", "/audit/logins/export.xlsx", f.Query(), f.Before)
	if ferr != nil {
		return p.ui.Render(w, r, http.StatusUnprocessableEntity, "audit_logins", page)
	}
	err := EachLogin(r.Context(), p.db, f, PageSize+1, func(e LoginEntry) error {
		page.Entries = append(page.Entries, loginView{LoginEntry: e, When: when(e.At)})
		return nil
	})
	if err != nil {
		return err
	}
	if len(page.Entries) > PageSize {
		page.Entries = page.Entries[:PageSize]
		page.Next = nextPage("/audit/logins", f.Query(), page.Entries[PageSize-1].ID)
	}
	return p.ui.Render(w, r, http.StatusOK, "audit_logins", page)
}

type verifyPage struct {
	Result  Result
	Checked string
	See     int64 // keyset position that lists the broken entry first
}

// Verify is GET /audit/verify: it walks the chain now (reading only) and shows
// the outcome and the head.
func (p *Pages) Verify(w http.ResponseWriter, r *http.Request) error {
	res, err := p.log.Verify(r.Context())
	if err != nil {
		return err
	}
	return p.ui.Render(w, r, http.StatusOK, "audit_verify", verifyPage{Result: res, Checked: when(p.log.now()), See: res.BrokenID + 1})
}

// Links are whole paths: html/template would escape & and = in a query
// inserted after a literal "?".
func nextPage(path string, q url.Values, lastID int64) string {
	q.Set("before", strconv.FormatInt(lastID, 10))
	return path + "?" + q.Encode()
}

// links returns the export link for the filter and, on a later page, the
// link back to the newest.
func links(path, export string, q url.Values, before int64) (exportHref, first string) {
	exportHref = export
	if enc := q.Encode(); enc != "" {
		exportHref += "?" + enc
		path += "?" + enc
	}
	if before > 0 {
		first = path
	}
	return exportHref, first
}

// when shows a stored UTC time in Asia/Shanghai, to the second.
func when(t time.Time) string { return t.In(ui.Shanghai).Format("2006-01-02 15:04:05") }
