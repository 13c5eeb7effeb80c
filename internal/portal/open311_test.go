package portal_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"tongchou/internal/auth/authtest"
)

// childNames lists, in order, the element names inside the first element
// called parent in an XML document.
func childNames(t *testing.T, doc, parent string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(doc))
	var names []string
	depth, in := 0, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("xml: %v\n%s", err, doc)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			depth++
			if !in && e.Name.Local == parent {
				in, depth = true, 0
			} else if in && depth == 1 {
				names = append(names, e.Name.Local)
			}
		case xml.EndElement:
			if in && depth == 0 {
				return names
			}
			depth--
		}
	}
	return names
}

var reJSONKey = regexp.MustCompile(`"(\w+)"\s*:`)

// jsonKeys lists the keys of the first object in a JSON list (the spec's
// examples are not valid JSON: leading zeros).
func jsonKeys(doc string) []string {
	first, _, _ := strings.Cut(doc, "}")
	var keys []string
	for _, m := range reJSONKey.FindAllStringSubmatch(first, -1) {
		keys = append(keys, m[1])
	}
	slices.Sort(keys)
	return keys
}

func spec(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/georeport/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var reNewKey = regexp.MustCompile(`<code id="new-key">([^<]+)</code>`)

func issueKey(t *testing.T, env *authtest.Env) string {
	t.Helper()
	admin := env.Client("198.51.100.40")
	admin.MustLogin("admin")
	r := admin.Post("/admin/portal/keys/create", url.Values{"name": {"12345 热线平台"}})
	m := reNewKey.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("issue key: %d\n%s", r.Code, r.Body)
	}
	return m[1]
}

func TestOpen311(t *testing.T) {
	env := authtest.New(t)
	key := issueKey(t, env)
	c := env.Client("198.51.100.41")
	var cat string
	t.Run("ServicesMatchSpec", func(t *testing.T) {
		x := c.Get("/open311/v2/services.xml")
		if x.Code != http.StatusOK || !strings.HasPrefix(x.Header().Get("Content-Type"), "text/xml") {
			t.Fatalf("services.xml: %d %s", x.Code, x.Header().Get("Content-Type"))
		}
		if got, want := childNames(t, x.Body, "service"), childNames(t, spec(t, "services.xml"), "service"); !slices.Equal(got, want) {
			t.Fatalf("service elements %v, spec %v", got, want)
		}
		if !strings.Contains(x.Body, "<service_name>教育</service_name>") {
			t.Fatalf("categories are not the services:\n%s", x.Body)
		}
		j := c.Get("/open311/v2/services.json")
		if got, want := jsonKeys(j.Body), jsonKeys(spec(t, "services.json")); !slices.Equal(got, want) {
			t.Fatalf("service keys %v, spec %v", got, want)
		}
		cat = regexp.MustCompile(`<service_code>(\d+)</service_code>`).FindStringSubmatch(x.Body)[1]
	})
	post := func(body, ext string) *authtest.Response {
		req := strings.NewReader(body)
		_ = req
		v, err := url.ParseQuery(body)
		if err != nil {
			t.Fatal(err)
		}
		return c.Post("/open311/v2/requests."+ext, v)
	}
	example := strings.Replace(strings.Replace(spec(t, "post_request.txt"), "api_key=xyz", "api_key="+key, 1),
		"service_code=001", "service_code="+cat, 1)
	var code string
	t.Run("SpecExamplePostAccepted", func(t *testing.T) {
		r := post(example, "xml")
		if r.Code != http.StatusCreated {
			t.Fatalf("POST requests.xml: %d\n%s", r.Code, r.Body)
		}
		if got, want := childNames(t, r.Body, "request"), childNames(t, spec(t, "post_response.xml"), "request"); !slices.Equal(got, want) {
			t.Fatalf("response elements %v, spec %v", got, want)
		}
		code = regexp.MustCompile(`<service_request_id>([0-9A-Z]{10})</service_request_id>`).FindStringSubmatch(r.Body)[1]
		j := post(strings.Replace(example, "description=A+large", "description=Another+large", 1), "json")
		if got, want := jsonKeys(j.Body), jsonKeys(spec(t, "post_response.json")); j.Code != http.StatusCreated || !slices.Equal(got, want) {
			t.Fatalf("POST requests.json: %d keys %v, spec %v", j.Code, got, want)
		}
	})
	t.Run("GetRequestMatchesSpec", func(t *testing.T) {
		r := c.Get("/open311/v2/requests/" + code + ".xml?api_key=" + url.QueryEscape(key))
		if r.Code != http.StatusOK {
			t.Fatalf("GET request: %d %s", r.Code, r.Body)
		}
		if got, want := childNames(t, r.Body, "request"), childNames(t, spec(t, "requests.xml"), "request"); !slices.Equal(got, want) {
			t.Fatalf("request elements %v, spec %v", got, want)
		}
		for _, want := range []string{"<status>open</status>", "<service_code>" + cat + "</service_code>",
			"<description>A large sinkhole is destroying the street</description>", "<lat>37.76524078</lat>", "<address>1234 5th street</address>"} {
			if !strings.Contains(r.Body, want) {
				t.Fatalf("request lacks %s:\n%s", want, r.Body)
			}
		}
		if strings.Contains(r.Body, "111111111") || strings.Contains(r.Body, "smith") {
			t.Fatal("request shows the reporter's phone or name")
		}
		when := regexp.MustCompile(`<requested_datetime>([^<]+)<`).FindStringSubmatch(r.Body)[1]
		if _, err := time.Parse(time.RFC3339, when); err != nil {
			t.Fatalf("requested_datetime %q is not W3C: %v", when, err)
		}
		j := c.Get("/open311/v2/requests.json?status=open&api_key=" + url.QueryEscape(key))
		if got, want := jsonKeys(j.Body), jsonKeys(spec(t, "requests.json")); !slices.Equal(got, want) {
			t.Fatalf("request keys %v, spec %v", got, want)
		}
		if strings.Count(j.Body, `"service_request_id"`) != 2 {
			t.Fatalf("list has not both requests:\n%s", j.Body)
		}
		if c := c.Get("/open311/v2/requests.json?status=closed&api_key=" + url.QueryEscape(key)); strings.Contains(c.Body, code) {
			t.Fatal("open request listed as closed")
		}
	})
	t.Run("VillageMatchedByName", func(t *testing.T) {
		body := "api_key=" + url.QueryEscape(key) + "&service_code=" + cat + "&address_string=" + url.QueryEscape("青石镇石门村村委会旁") +
			"&description=" + url.QueryEscape("路面塌陷")
		r := post(body, "json")
		got := regexp.MustCompile(`"service_request_id":"([0-9A-Z]{10})"`).FindStringSubmatch(r.Body)
		if r.Code != http.StatusCreated || got == nil {
			t.Fatalf("POST: %d %s", r.Code, r.Body)
		}
		if p := c.Get("/public/track/" + got[1]); !strings.Contains(p.Body, "石门村") {
			t.Fatal("address not matched to 石门村")
		}
	})
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"PostWithoutKey", "POST", "/open311/v2/requests.xml", strings.Replace(example, "api_key="+key, "api_key=", 1), http.StatusForbidden},
		{"PostWrongKey", "POST", "/open311/v2/requests.xml", strings.Replace(example, "api_key="+key, "api_key=o311_guess", 1), http.StatusForbidden},
		{"UnknownService", "POST", "/open311/v2/requests.xml", strings.Replace(example, "service_code="+cat, "service_code=999999", 1), http.StatusNotFound},
		{"NoService", "POST", "/open311/v2/requests.json", strings.Replace(example, "service_code="+cat, "service_code=", 1), http.StatusBadRequest},
		{"NoLocation", "POST", "/open311/v2/requests.json", "api_key=" + url.QueryEscape(key) + "&service_code=" + cat + "&description=x", http.StatusBadRequest},
		{"BadLatitude", "POST", "/open311/v2/requests.json", strings.Replace(example, "lat=37.76524078", "lat=north", 1), http.StatusBadRequest},
		{"ScriptDescriptionStoredAsText", "POST", "/open311/v2/requests.json", strings.Replace(example, "description=A+large", "description=%3Cscript%3E", 1), http.StatusCreated},
		{"HugeDescription", "POST", "/open311/v2/requests.json", strings.Replace(example, "description=A+large", "description="+strings.Repeat("a", 5000), 1), http.StatusBadRequest},
		{"ListWithoutKey", "GET", "/open311/v2/requests.xml", "", http.StatusForbidden},
		{"OtherKeysRequestIs404", "GET", "/open311/v2/requests/0000000000.json?api_key=" + url.QueryEscape(key), "", http.StatusNotFound},
		{"BadStatus", "GET", "/open311/v2/requests.json?status=pending&api_key=" + url.QueryEscape(key), "", http.StatusBadRequest},
		{"BadDate", "GET", "/open311/v2/requests.json?start_date=yesterday&api_key=" + url.QueryEscape(key), "", http.StatusBadRequest},
		{"UnknownFormat", "GET", "/open311/v2/services.html", "", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *authtest.Response
			if tc.method == "POST" {
				r = post(tc.body, "json")
				if strings.Contains(tc.path, ".xml") {
					r = post(tc.body, "xml")
				}
			} else {
				r = c.Get(tc.path)
			}
			if r.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.Code, tc.status, r.Body)
			}
			if tc.status >= 400 && strings.HasSuffix(strings.Split(tc.path, "?")[0], ".xml") {
				if got, want := childNames(t, r.Body, "error"), childNames(t, spec(t, "errors.xml"), "error"); !slices.Equal(got, want) {
					t.Fatalf("error elements %v, spec %v", got, want)
				}
			}
		})
	}
	t.Run("RevokedKeyRefused", func(t *testing.T) {
		admin := env.Client("198.51.100.40")
		admin.MustLogin("admin")
		env.Exec(`UPDATE open311_keys SET revoked_at = created_at`)
		if r := c.Get("/open311/v2/requests.json?api_key=" + url.QueryEscape(key)); r.Code != http.StatusForbidden {
			t.Fatalf("revoked key: %d", r.Code)
		}
	})
}
