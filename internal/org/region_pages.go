package org

import (
	"net/http"
	"strconv"
	"strings"

	"tongchou/internal/ui"
)

// treeNode is a region with its current children, for the tree page.
type treeNode struct {
	Region   Region
	Children []treeNode
}

type regionsPage struct {
	Query    string
	Tree     []treeNode
	Found    []Region
	Codes    []CodeMatch
	Today    string
	Levels   []Level
	Searched bool
}

// Regions is GET /admin/regions: the current tree, or search results by name or code.
func (h *Handler) Regions(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := regionsPage{Query: strings.TrimSpace(r.URL.Query().Get("q")), Today: h.s.today()}
	if page.Query != "" {
		page.Searched = true
		var err error
		if page.Found, err = h.s.SearchRegions(ctx, page.Query); err != nil {
			return err
		}
		if page.Codes, err = h.s.FindByCode(ctx, page.Query); err != nil {
			return err
		}
		return h.ui.Render(w, r, http.StatusOK, "org_regions", page)
	}
	tops, err := h.s.TopRegions(ctx)
	if err != nil {
		return err
	}
	for _, t := range tops {
		n, err := h.subtree(r, t, 0)
		if err != nil {
			return err
		}
		page.Tree = append(page.Tree, n)
	}
	return h.ui.Render(w, r, http.StatusOK, "org_regions", page)
}

func (h *Handler) subtree(r *http.Request, reg Region, depth int) (treeNode, error) {
	n := treeNode{Region: reg}
	if depth > 3 {
		return n, nil
	}
	kids, err := h.s.ChildrenOn(r.Context(), reg.ID, h.s.today())
	if err != nil {
		return n, err
	}
	for _, k := range kids {
		c, err := h.subtree(r, k, depth+1)
		if err != nil {
			return n, err
		}
		n.Children = append(n.Children, c)
	}
	return n, nil
}

type regionPage struct {
	Region   Region
	Parent   *Region
	History  History
	Children []Region
	CanMove  bool
}

// Region is GET /admin/regions/{id}: the region with its parents, codes and names over time.
func (h *Handler) Region(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	reg, err := h.s.Region(ctx, id, "")
	if err != nil {
		return err
	}
	page := regionPage{Region: reg, CanMove: reg.Level == LevelTown || reg.Level == LevelTownship}
	if p, err := h.s.ParentOn(ctx, id, h.s.today()); err == nil {
		page.Parent = &p
	}
	if page.History, err = h.s.RegionHistory(ctx, id); err != nil {
		return err
	}
	if page.Children, err = h.s.ChildrenOn(ctx, id, h.s.today()); err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "org_region", page)
}

type regionFormPage struct {
	Form    NewRegion
	Parents []Region
	Levels  []Level
	Err     error
}

// RegionNew is GET /admin/regions/new.
func (h *Handler) RegionNew(w http.ResponseWriter, r *http.Request) error {
	return h.regionForm(w, r, http.StatusOK, NewRegion{From: h.s.today()}, nil)
}

func (h *Handler) regionForm(w http.ResponseWriter, r *http.Request, status int, f NewRegion, err error) error {
	parents, lerr := h.s.RegionsAt(r.Context(), LevelCounty, LevelDistrict, LevelTown, LevelTownship, LevelSubdistrict)
	if lerr != nil {
		return lerr
	}
	return h.ui.Render(w, r, status, "org_region_new", regionFormPage{Form: f, Parents: parents, Levels: Levels, Err: err})
}

// RegionCreate is POST /admin/regions/create.
func (h *Handler) RegionCreate(w http.ResponseWriter, r *http.Request) error {
	errs := ui.Errors{}
	f := NewRegion{Level: Level(r.PostFormValue("level")), Name: r.PostFormValue("name"), Code: r.PostFormValue("code"),
		From: r.PostFormValue("from"), ParentID: formID(r, "parent", errs)}
	var id int64
	var err error = errs
	if len(errs) == 0 {
		id, err = h.s.CreateRegion(r.Context(), f)
	}
	if invalid(err) {
		f.Name = clip(f.Name)
		return h.regionForm(w, r, http.StatusUnprocessableEntity, f, err)
	}
	if err != nil {
		return err
	}
	ui.Flash(w, "org.flash.saved")
	return ui.Redirect(w, r, "/admin/regions/"+strconv.FormatInt(id, 10))
}

// clip shortens a refused value before it is echoed back into a form.
func clip(s string) string {
	if r := []rune(s); len(r) > maxName {
		return string(r[:maxName])
	}
	return s
}
