package task

import (
	"net/http"

	"tongchou/internal/api"
	"tongchou/internal/auth"
)

// campaigns is GET /api/v1/campaigns: every campaign with the number of
// tasks the caller can see in it.
func (h *APIHandlers) campaigns(w http.ResponseWriter, r *http.Request) error {
	cs, err := h.s.Campaigns(r.Context(), auth.From(r.Context()))
	if err != nil {
		return err
	}
	out := make([]apiCampaign, len(cs))
	for i, c := range cs {
		out[i] = campaignJSON(c)
		out[i].TaskCount = &cs[i].TaskCount
	}
	return api.JSON(w, http.StatusOK, map[string]any{"items": out})
}

// campaign is GET /api/v1/campaigns/{id}.
func (h *APIHandlers) campaign(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	c, err := h.s.Campaign(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, campaignJSON(c))
}

// apiPaging is the paging part of a list answer.
type apiPaging struct {
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	Total   int `json:"total"`
	Pages   int `json:"pages"`
}

// tasks is GET /api/v1/campaigns/{id}/tasks: one page of the board.
func (h *APIHandlers) tasks(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	p := auth.From(r.Context())
	if _, err := h.s.Campaign(r.Context(), p, id); err != nil {
		return err
	}
	q, err := parseAPIQuery(r, id)
	if err != nil {
		return err
	}
	pg, err := h.s.apiList(r.Context(), p, q)
	if err != nil {
		return err
	}
	reasons, err := h.s.lightReasons(r.Context(), pg.Tasks)
	if err != nil {
		return err
	}
	lang := apiLang(r)
	items := make([]apiTaskItem, len(pg.Tasks))
	for i := range pg.Tasks {
		items[i] = taskItemJSON(&pg.Tasks[i], h.reasonsJSON(lang, reasons[pg.Tasks[i].ID]))
	}
	return api.JSON(w, http.StatusOK, map[string]any{"items": items, "paging": apiPaging{Page: q.Filter.Page,
		PerPage: q.PerPage, Total: pg.Total, Pages: max((pg.Total+q.PerPage-1)/q.PerPage, 1)}})
}
