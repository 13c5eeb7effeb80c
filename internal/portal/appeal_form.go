package portal

import (
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongchou/internal/abuse"
	"tongchou/internal/appeal"
	"tongchou/internal/ui"
)

// appealForm is the public appeal form as typed (photos are not kept
// between renders: the browser cannot be given files back).
type appealForm struct {
	Category    int64
	Region      int64
	Address     string
	Description string
	Name        string
	Phone       string
	Key         string // idempotency key
}

// appealPage is the data of portal_appeal.
type appealPage struct {
	Form       appealForm
	Err        error
	Categories []appeal.Category
	Villages   []Village
	Q          string // the village search
	Challenge  abuse.Challenge
	Exempt     bool // allow-listed client: no challenge shown
	MaxPhotos  int
	MaxText    int
}

// AppealForm is GET /public/appeal; ?q= narrows the village list by any
// current or former name or code.
func (p *Portal) AppealForm(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 40 {
		q = ""
	}
	f := appealForm{Key: abuse.NewKey()}
	if id, err := strconv.ParseInt(r.URL.Query().Get("region"), 10, 64); err == nil {
		f.Region = id
	}
	return p.renderAppeal(w, r, http.StatusOK, f, q, nil)
}

func (p *Portal) renderAppeal(w http.ResponseWriter, r *http.Request, status int, f appealForm, q string, err error) error {
	cats, e := p.Appeals.Categories(r.Context())
	if e != nil {
		return e
	}
	all, e := Villages(r.Context(), p.DB, p.today())
	if e != nil {
		return e
	}
	pg := appealPage{Form: f, Err: err, Categories: cats, Q: q, Exempt: p.Guard.Exempt(r),
		MaxPhotos: appeal.MaxPhotos, MaxText: appeal.MaxDescription}
	for _, v := range all {
		if v.Matches(q) || v.ID == f.Region {
			pg.Villages = append(pg.Villages, v)
		}
	}
	if !pg.Exempt {
		pg.Challenge = p.Challenge.Issue()
	}
	return p.UI.Render(w, r, status, "portal_appeal", pg)
}

// AppealSubmit is POST /public/appeal/submit: the challenge, the photos
// (cleaned of metadata), then appeal.Submit. The same idempotency key twice
// gives the first submission's code.
func (p *Portal) AppealSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, UploadMax)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return p.renderAppeal(w, r, http.StatusRequestEntityTooLarge, appealForm{Key: abuse.NewKey()}, "",
				ui.Errors{"photos": "portal.err.too_large"})
		}
		return p.renderAppeal(w, r, http.StatusBadRequest, appealForm{Key: abuse.NewKey()}, "", ui.Errors{"form": "portal.err.form"})
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := readAppealForm(r.PostForm)
	if !abuse.ValidKey(f.Key) {
		f.Key = abuse.NewKey()
		return p.renderAppeal(w, r, http.StatusUnprocessableEntity, f, "", ui.Errors{"form": "portal.err.form"})
	}
	if !p.Guard.Exempt(r) {
		err := p.Challenge.Verify(r.PostFormValue("pow_token"), r.PostFormValue("pow_solution"), r.PostFormValue("pow_answer"), f.Key)
		if err != nil {
			return p.renderAppeal(w, r, http.StatusUnprocessableEntity, f, "", ui.Errors{"challenge": challengeKey(err)})
		}
	}
	var photos []*multipart.FileHeader
	if r.MultipartForm != nil {
		photos = r.MultipartForm.File["photos"]
	}
	blobs, bad, err := p.storePhotos(photos, appeal.MaxPhotos)
	if err != nil {
		return err
	}
	if bad != "" {
		return p.renderAppeal(w, r, http.StatusUnprocessableEntity, f, "", ui.Errors{"photos": bad})
	}
	code, err := p.Appeals.Submit(r.Context(), appeal.Intake{CategoryID: f.Category, RegionID: f.Region, Address: f.Address,
		Description: f.Description, Name: f.Name, Phone: f.Phone, Source: appeal.SourcePublic, IdempotencyKey: f.Key, Photos: blobs})
	if ui.IsInvalid(err) {
		return p.renderAppeal(w, r, http.StatusUnprocessableEntity, f, "", err)
	}
	if err != nil {
		return err
	}
	return ui.Redirect(w, r, "/public/appeal/sent/"+url.PathEscape(code))
}

func readAppealForm(v url.Values) appealForm {
	f := appealForm{Address: v.Get("address"), Description: v.Get("description"), Name: v.Get("name"),
		Phone: v.Get("phone"), Key: v.Get("key")}
	f.Category, _ = strconv.ParseInt(v.Get("category"), 10, 64)
	f.Region, _ = strconv.ParseInt(v.Get("region"), 10, 64)
	return f
}

// challengeKey is the message for a refused challenge.
func challengeKey(err error) string {
	switch {
	case errors.Is(err, abuse.ErrChallengeMissing):
		return "portal.err.challenge_missing"
	case errors.Is(err, abuse.ErrChallengeExpired), errors.Is(err, abuse.ErrChallengeUsed):
		return "portal.err.challenge_expired"
	}
	return "portal.err.challenge_wrong"
}

// sentPage is the data of portal_sent.
type sentPage struct {
	Appeal appeal.Public
}

// Sent is GET /public/appeal/sent/{code}: the tracking code, large, with
// the advice to keep it.
func (p *Portal) Sent(w http.ResponseWriter, r *http.Request) error {
	a, err := p.Appeals.Track(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_sent", sentPage{Appeal: a})
}
