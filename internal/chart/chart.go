// Package chart draws the charts of briefings and pages from one definition, twice: SVG for
// web pages and PNG for documents (DOCX), with github.com/go-analyze/charts.
//
// PNG needs a TrueType-outline font with Chinese glyphs (the library's built-in fonts draw
// boxes; OpenType/CFF fonts such as Noto Sans CJK fail to load). It is found on the system
// (Debian fonts-wqy-microhei) or named by TONGCHOU_CHART_FONT / WithFont; without one PNG
// returns ErrNoFont and callers put tables only. SVG needs no font file: labels stay text and
// the browser draws them with its own fonts.
package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/go-analyze/charts"
	"github.com/golang/freetype/truetype"
)

// Series is one named row of values, one value per label.
type Series struct {
	Name   string
	Values []float64
}

type kind int

const (
	kindBar kind = iota
	kindLine
)

// Default size in pixels: fits a page column and, at 150 mm wide in a DOCX, prints sharp.
const (
	DefaultWidth  = 800
	DefaultHeight = 450
)

// Chart is a chart definition. It is a value: the With methods return changed copies.
type Chart struct {
	kind       kind
	title      string
	labels     []string
	series     []Series
	horizontal bool
	width      int
	height     int
	fontPath   string
}

// Bar returns a bar chart (vertical unless Horizontal is applied), e.g. a unit ranking.
func Bar(title string, labels []string, series []Series) Chart {
	return Chart{kind: kindBar, title: title, labels: labels, series: series, width: DefaultWidth, height: DefaultHeight}
}

// Line returns a line chart, e.g. a completion rate over weeks.
func Line(title string, labels []string, series []Series) Chart {
	return Chart{kind: kindLine, title: title, labels: labels, series: series, width: DefaultWidth, height: DefaultHeight}
}

// Horizontal lays a bar chart's bars horizontally: long unit names read better on the left.
func (c Chart) Horizontal() Chart { c.horizontal = true; return c }

// WithSize sets the size in pixels.
func (c Chart) WithSize(width, height int) Chart { c.width, c.height = width, height; return c }

// WithFont names the font file PNG uses, overriding TONGCHOU_CHART_FONT and the system search.
func (c Chart) WithFont(path string) Chart { c.fontPath = path; return c }

// ErrNoData is returned for a chart without labels or series.
var ErrNoData = errors.New("chart: no data")

// validate checks what the library would otherwise turn into a panic or an empty picture.
func (c Chart) validate() error {
	if len(c.labels) == 0 || len(c.series) == 0 {
		return ErrNoData
	}
	if c.width < 100 || c.height < 100 || c.width > 4000 || c.height > 4000 {
		return fmt.Errorf("chart: size %d×%d outside 100–4000 pixels", c.width, c.height)
	}
	for _, s := range c.series {
		if len(s.Values) != len(c.labels) {
			return fmt.Errorf("chart: series %q has %d values for %d labels", s.Name, len(s.Values), len(c.labels))
		}
		for _, v := range s.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("chart: series %q has a value that is not a number", s.Name)
			}
		}
	}
	return nil
}

// render draws the chart with font (nil: the library's default font) in the given format.
func (c Chart) render(format string, font *truetype.Font) ([]byte, error) {
	if err := c.validate(); err != nil {
		return nil, err
	}
	p := charts.NewPainter(charts.PainterOptions{
		OutputFormat: format, Width: c.width, Height: c.height, Font: font,
		Theme: charts.GetTheme(charts.ThemeLight),
	})
	labels, values, names := c.data()
	// The painter's font does not reach the axes, which keep the library's Latin font and
	// draw boxes for Chinese: every text element gets the font explicitly.
	fs := charts.FontStyle{Font: font}
	title := charts.TitleOption{Text: c.title, Offset: charts.OffsetCenter, FontStyle: fs}
	legend := charts.LegendOption{Show: charts.Ptr(false)}
	if len(c.series) > 1 || names[0] != "" {
		legend = charts.LegendOption{SeriesNames: names, Offset: charts.OffsetRight, FontStyle: fs}
		if c.title != "" {
			legend.Offset = charts.OffsetStr{Left: charts.PositionRight, Top: "25"}
		}
	}
	// Without a floor at 0 the library starts the value axis near the smallest value and a
	// small bar vanishes.
	values0 := []charts.ValueAxisOption{{Min: charts.Ptr(0.0), LabelFontStyle: fs, ValueFormatter: formatValue}}
	category := charts.CategoryAxisOption{Labels: labels, LabelFontStyle: fs}
	padding := charts.NewBox(20, 20, 30, 20)
	var err error
	switch c.kind {
	case kindBar:
		err = p.BarChart(charts.BarChartOption{
			Padding: padding, Horizontal: c.horizontal, Title: title, Legend: legend,
			SeriesList:   charts.NewSeriesListBar(values, charts.BarSeriesOption{Names: names}),
			CategoryAxis: category, ValueFormatter: formatValue,
			ValueAxis: values0,
		})
	case kindLine:
		err = p.LineChart(charts.LineChartOption{
			Padding: padding, Title: title, Legend: legend,
			SeriesList: charts.NewSeriesListLine(values, charts.LineSeriesOption{Names: names}),
			XAxis:      category, ValueFormatter: formatValue,
			YAxis: values0,
		})
	}
	if err != nil {
		return nil, fmt.Errorf("chart: render: %w", err)
	}
	b, err := p.Bytes()
	if err != nil {
		return nil, fmt.Errorf("chart: encode %s: %w", format, err)
	}
	return b, nil
}

// data returns labels, values and series names in drawing order. A horizontal bar chart
// draws its first category at the bottom, so the order is reversed to keep rank 1 on top.
func (c Chart) data() ([]string, [][]float64, []string) {
	labels := slices.Clone(c.labels)
	values := make([][]float64, len(c.series))
	names := make([]string, len(c.series))
	for i, s := range c.series {
		values[i], names[i] = slices.Clone(s.Values), s.Name
	}
	if c.kind == kindBar && c.horizontal {
		slices.Reverse(labels)
		for _, v := range values {
			slices.Reverse(v)
		}
	}
	return labels, values, names
}

// formatValue writes axis values without trailing zeros: 90, 12.5.
func formatValue(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
