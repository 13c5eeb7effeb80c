package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tongchou/internal/abuse"
	"tongchou/internal/appeal"
	"tongchou/internal/audit"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// Open311 GeoReport v2 under /open311/v2/. Categories are the services
// (service_code = the category's id); our states map to open (everything
// before 办结) and closed. service_request_id is the appeal's tracking code,
// so a client can hand it to the citizen for the tracker.
//
// Deviations from the spec, for the citizens' privacy: GET requests and GET
// requests/{id} also need the api_key, and a key sees only the requests it
// filed. media_url is not fetched (no outgoing requests to addresses a
// client chooses). Service definitions do not exist (metadata is false).

// maxO311Description is the spec's limit; appeal.MaxDescription applies too.
const maxO311Description = 4000

// Open311Get is GET /open311/v2/{file}: services.{xml,json} and requests.{xml,json}.
func (p *Portal) Open311Get(w http.ResponseWriter, r *http.Request) error {
	base, ext := format(r.PathValue("file"))
	if ext != "xml" && ext != "json" {
		return writeErr(w, "xml", http.StatusNotFound, "unknown format: use .xml or .json")
	}
	switch base {
	case "services":
		return p.o311Services(w, r, ext)
	case "requests":
		return p.o311List(w, r, ext, nil)
	}
	return writeErr(w, ext, http.StatusNotFound, "no such resource")
}

// Open311GetOne is GET /open311/v2/requests/{file}: one request by its id.
func (p *Portal) Open311GetOne(w http.ResponseWriter, r *http.Request) error {
	id, ext := format(r.PathValue("file"))
	if ext != "xml" && ext != "json" {
		return writeErr(w, "xml", http.StatusNotFound, "unknown format: use .xml or .json")
	}
	code, ok := appeal.NormaliseCode(id)
	if !ok {
		return writeErr(w, ext, http.StatusNotFound, "service_request_id not found")
	}
	return p.o311List(w, r, ext, []string{code})
}

func (p *Portal) o311Services(w http.ResponseWriter, r *http.Request, ext string) error {
	cats, err := p.Appeals.Categories(r.Context())
	if err != nil {
		return err
	}
	out := make([]o311Service, 0, len(cats))
	for _, c := range cats {
		out = append(out, o311Service{Code: strconv.FormatInt(c.ID, 10), Name: c.Name, Description: c.Name + " " + c.NameEn,
			Type: "realtime", Keywords: c.NameEn, Group: c.Class})
	}
	return writeDoc(w, ext, http.StatusOK, o311Services{Services: out}, out)
}

// o311List answers GET requests (codes nil: the query's filters) and GET
// requests/{id} (one code: 404 when the key did not file it).
func (p *Portal) o311List(w http.ResponseWriter, r *http.Request, ext string, codes []string) error {
	key, err := p.keyID(r.Context(), r.URL.Query().Get("api_key"))
	if errors.Is(err, errBadKey) {
		return writeErr(w, ext, http.StatusForbidden, "api_key missing or not valid")
	}
	if err != nil {
		return err
	}
	f, msg := o311Filter(r, key, codes)
	if msg != "" {
		return writeErr(w, ext, http.StatusBadRequest, msg)
	}
	if codes == nil && f.From == nil && len(f.Codes) == 0 {
		from := p.Now().Add(-90 * 24 * time.Hour) // the spec's default window
		f.From = &from
	}
	rows, err := p.Appeals.FiledVia311(r.Context(), f)
	if err != nil {
		return err
	}
	if codes != nil && len(rows) == 0 {
		return writeErr(w, ext, http.StatusNotFound, "service_request_id not found")
	}
	out := make([]o311Request, 0, len(rows))
	for _, a := range rows {
		out = append(out, toO311(a))
	}
	return writeDoc(w, ext, http.StatusOK, o311Requests{Requests: out}, out)
}

// o311Filter reads GET requests' parameters; msg names a malformed one.
func o311Filter(r *http.Request, key int64, codes []string) (appeal.FiledFilter, string) {
	q := r.URL.Query()
	f := appeal.FiledFilter{KeyID: key, Codes: codes, Limit: 1000}
	if codes != nil {
		return f, ""
	}
	if s := q.Get("service_request_id"); s != "" {
		for _, c := range strings.Split(s, ",") {
			n, ok := appeal.NormaliseCode(c)
			if !ok {
				return f, "service_request_id not valid"
			}
			f.Codes = append(f.Codes, n)
		}
		if len(f.Codes) > 100 {
			return f, "too many service_request_id"
		}
		return f, "" // the spec: other parameters are ignored with ids
	}
	if s := q.Get("service_code"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, "service_code not valid"
		}
		f.CategoryID = id
	}
	for _, st := range strings.Split(q.Get("status"), ",") {
		switch strings.TrimSpace(st) {
		case "":
		case "open":
			f.States = append(f.States, openStates()...)
		case "closed":
			f.States = append(f.States, appeal.StateClosed)
		default:
			return f, "status must be open or closed"
		}
	}
	for name, dst := range map[string]**time.Time{"start_date": &f.From, "end_date": &f.To} {
		if s := q.Get(name); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				return f, name + " must be a W3C datetime such as 2010-01-01T00:00:00Z"
			}
			*dst = &t
		}
	}
	return f, ""
}

func openStates() []appeal.State {
	var out []appeal.State
	for _, s := range appeal.States {
		if s != appeal.StateClosed {
			out = append(out, s)
		}
	}
	return out
}

func toO311(a appeal.Filed) o311Request {
	status := "open"
	if a.State == appeal.StateClosed {
		status = "closed"
	}
	addr := a.Address
	if a.Village != "" {
		addr = strings.TrimSpace(addr + " " + a.Village)
	}
	return o311Request{ID: a.Code, Status: status, StatusNotes: a.Answer, ServiceName: a.Category,
		ServiceCode: strconv.FormatInt(a.CategoryID, 10), Description: a.Description, AgencyResponsible: a.Unit,
		RequestedDatetime: w3c(a.ReceivedAt), UpdatedDatetime: w3c(a.UpdatedAt), ExpectedDatetime: w3c(a.DueAt),
		Address: addr, Lat: a.Lat, Long: a.Lon}
}

// Open311Post is POST /open311/v2/requests.{xml,json}.
func (p *Portal) Open311Post(w http.ResponseWriter, r *http.Request) error {
	base, ext := format(r.PathValue("file"))
	if base != "requests" || (ext != "xml" && ext != "json") {
		return writeErr(w, "xml", http.StatusNotFound, "no such resource")
	}
	r.Body = http.MaxBytesReader(w, r.Body, FormMax)
	if err := r.ParseForm(); err != nil {
		return writeErr(w, ext, http.StatusBadRequest, "request body not valid or over 64 KB")
	}
	key, err := p.keyID(r.Context(), r.PostFormValue("api_key"))
	if errors.Is(err, errBadKey) {
		return writeErr(w, ext, http.StatusForbidden, "api_key missing or not valid")
	}
	if err != nil {
		return err
	}
	in, status, msg, dropped, err := p.o311Intake(r, key)
	if err != nil {
		return err
	}
	if msg != "" {
		return writeErr(w, ext, status, msg)
	}
	code, err := p.Appeals.Submit(r.Context(), in)
	if e := ui.AsErrors(err); e != nil {
		return writeErr(w, ext, http.StatusBadRequest, p.describe(e))
	}
	if err != nil {
		return err
	}
	if err := p.recordFiled(r.Context(), code, key); err != nil {
		return err
	}
	notice := "已受理，可凭查询码 " + code + " 在 /public/track 查询办理进度。"
	if dropped {
		notice += "电话号码无法识别，未保存。"
	}
	out := []o311Created{{ID: code, ServiceNotice: notice}}
	return writeDoc(w, ext, http.StatusCreated, o311CreatedList{Requests: out}, out)
}

// o311Intake reads POST requests' parameters into an appeal; status and msg
// describe a request the spec's rules refuse.
func (p *Portal) o311Intake(r *http.Request, key int64) (in appeal.Intake, status int, msg string, dropped bool, err error) {
	v := r.PostForm
	in = appeal.Intake{Source: appeal.SourceOpen311, Address: strings.TrimSpace(v.Get("address_string")),
		Description: v.Get("description"), Phone: strings.TrimSpace(v.Get("phone")),
		Name: strings.TrimSpace(strings.TrimSpace(v.Get("last_name")) + strings.TrimSpace(v.Get("first_name")))}
	sc := v.Get("service_code")
	if sc == "" {
		return in, http.StatusBadRequest, "service_code not provided", false, nil
	}
	cat, perr := strconv.ParseInt(sc, 10, 64)
	if perr != nil || !p.activeCategory(r.Context(), cat) {
		return in, http.StatusNotFound, "service_code not found", false, nil
	}
	in.CategoryID = cat
	if utf8.RuneCountInString(in.Description) > maxO311Description {
		return in, http.StatusBadRequest, "description over 4,000 characters", false, nil
	}
	lat, lon := v.Get("lat"), v.Get("long")
	if lat != "" || lon != "" {
		la, e1 := strconv.ParseFloat(lat, 64)
		lo, e2 := strconv.ParseFloat(lon, 64)
		if e1 != nil || e2 != nil {
			return in, http.StatusBadRequest, "lat and long must both be numbers (WGS84)", false, nil
		}
		in.Lat, in.Lon = &la, &lo
	}
	if in.Lat == nil && in.Address == "" && v.Get("address_id") == "" {
		return in, http.StatusBadRequest, "a location is required: lat and long, address_string or address_id", false, nil
	}
	if in.Address != "" {
		vs, verr := Villages(r.Context(), p.DB, p.today())
		if verr != nil {
			err = verr
			return in, 0, "", false, err
		}
		in.RegionID = MatchVillage(vs, in.Address) // 0: left for the office to place
	}
	if in.Phone != "" {
		if _, ok := appeal.NormalisePhone(in.Phone); !ok {
			// A client abroad or a test system sends numbers we cannot call;
			// the request stands without it and the notice says so.
			in.Phone = ""
			dropped = true
		}
	}
	if k := r.Header.Get("Idempotency-Key"); abuse.ValidKey(k) {
		in.IdempotencyKey = fmt.Sprintf("o311:%d:%s", key, k)
	}
	return in, 0, "", dropped, nil
}

func (p *Portal) activeCategory(ctx context.Context, id int64) bool {
	cats, err := p.Appeals.Categories(ctx)
	if err != nil {
		return false
	}
	for _, c := range cats {
		if c.ID == id {
			return true
		}
	}
	return false
}

// describe turns form errors into one English line for the API client.
func (p *Portal) describe(e ui.Errors) string {
	var parts []string
	for f, k := range e {
		parts = append(parts, f+": "+p.UI.Catalog.T("en", k))
	}
	sort.Strings(parts)
	return strings.Join(parts, "; ")
}

// recordFiled notes which key filed the appeal with code (once: a retry
// with the same Idempotency-Key answers the same code).
func (p *Portal) recordFiled(ctx context.Context, code string, key int64) error {
	return p.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := p.Appeals.IDByCode(ctx, tx, code)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `INSERT INTO open311_requests (appeal_id, key_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT (appeal_id) DO NOTHING`, id, key, p.Now().UTC())
		if err != nil {
			return fmt.Errorf("record open311 request: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // a retry: recorded the first time
		}
		return p.Audit.Record(ctx, tx, audit.Entry{Entity: "open311_request", EntityID: strconv.FormatInt(id, 10), Action: "file",
			After: map[string]any{"key_id": key, "code": code}})
	})
}

// MatchVillage finds the village an address names: the villages whose
// current or former name appears in it, narrowed by the town when one is
// named too. It returns 0 unless exactly one remains (the office places it).
func MatchVillage(vs []Village, address string) int64 {
	var hits []Village
	for _, v := range vs {
		for _, n := range append([]string{v.Name}, v.Former...) {
			if utf8.RuneCountInString(n) >= 2 && strings.Contains(address, n) {
				hits = append(hits, v)
				break
			}
		}
	}
	if len(hits) > 1 {
		var inTown []Village
		for _, v := range hits {
			if strings.Contains(address, v.Town) {
				inTown = append(inTown, v)
			}
		}
		hits = inTown
	}
	if len(hits) != 1 {
		return 0
	}
	return hits[0].ID
}
