package portal

import (
	"net/http"
	"sort"

	"tongchou/internal/appeal"
	"tongchou/internal/survey"
)

// homePage is the data of portal_home.
type homePage struct {
	Campaigns []Progress
	Cases     []appeal.Case
	Surveys   []survey.PublicSurvey
}

// Home is GET /public: the published campaigns, the appeal form and tracker,
// the open surveys (internal/survey) and the latest typical cases.
func (p *Portal) Home(w http.ResponseWriter, r *http.Request) error {
	pub, err := publishedCampaigns(r.Context(), p.DB)
	if err != nil {
		return err
	}
	var pg homePage
	for id := range pub {
		pr, err := p.progress(r, id)
		if err != nil {
			return err
		}
		pr.Tasks = nil // the summary only; the list is on the campaign's page
		pg.Campaigns = append(pg.Campaigns, pr)
	}
	sort.Slice(pg.Campaigns, func(i, j int) bool { return pg.Campaigns[i].ID > pg.Campaigns[j].ID })
	if pg.Cases, err = p.Appeals.PublishedCases(r.Context(), 3); err != nil {
		return err
	}
	if pg.Surveys, err = survey.OpenSurveysOn(r.Context(), p.DB, p.Now()); err != nil {
		return err
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_home", pg)
}

// Cases is GET /public/cases: the typical cases the office published,
// anonymised by the office, without photos.
func (p *Portal) Cases(w http.ResponseWriter, r *http.Request) error {
	cs, err := p.Appeals.PublishedCases(r.Context(), 100)
	if err != nil {
		return err
	}
	return p.UI.Render(w, r, http.StatusOK, "portal_cases", cs)
}
