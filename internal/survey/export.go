package survey

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tongchou/internal/ui"
)

// Table is the responses, one row per response: number, time, (masked name,)
// then one column per question (a matrix one per row).
type Table struct {
	Header []string
	Rows   [][]string
}

// Fixed names the first columns in the reader's language.
type Fixed struct{ ID, Time, Name string }

// column is where a question's answer goes in a row.
type column struct {
	q    Question
	item string
}

// Export builds the table of every response.
func (st *Store) Export(ctx context.Context, s Survey, places []Place, fixed Fixed) (Table, error) {
	t := Table{Header: []string{fixed.ID, fixed.Time}}
	if !s.Anonymous {
		t.Header = append(t.Header, fixed.Name)
	}
	lead := len(t.Header)
	var cols []column
	pos := map[[2]string]int{}
	for _, q := range s.Questions {
		if q.Type != Matrix {
			pos[[2]string{q.Key, ""}] = len(cols)
			cols, t.Header = append(cols, column{q: q}), append(t.Header, q.Title)
			continue
		}
		for i, r := range q.Rows {
			item := strconv.Itoa(i + 1)
			pos[[2]string{q.Key, item}] = len(cols)
			cols, t.Header = append(cols, column{q: q, item: item}), append(t.Header, q.Title+" - "+r)
		}
	}
	rowOf, err := st.exportResponses(ctx, s, lead+len(cols), &t)
	if err != nil {
		return t, err
	}
	labels := map[string]map[string]string{}
	for _, q := range s.Questions {
		_, labels[q.Key] = choices(q, places)
	}
	rows, err := st.db.Query(ctx, `SELECT response_id, question, item, choice, num, text FROM survey_answers
		WHERE survey_id = ? ORDER BY response_id, id`, s.ID)
	if err != nil {
		return t, fmt.Errorf("export answers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Answer
		var resp int64
		if err := rows.Scan(&resp, &a.Question, &a.Item, &a.Choice, &a.Num, &a.Text); err != nil {
			return t, fmt.Errorf("export answers: %w", err)
		}
		c, ok := pos[[2]string{a.Question, a.Item}]
		r, okR := rowOf[resp]
		if !ok || !okR {
			continue
		}
		cell := &t.Rows[r][lead+c]
		*cell = joinCell(*cell, cellValue(a, labels[a.Question]))
	}
	return t, rows.Err()
}

// exportResponses adds one empty row per response and returns response id → row.
func (st *Store) exportResponses(ctx context.Context, s Survey, width int, t *Table) (map[int64]int, error) {
	rows, err := st.db.Query(ctx, `SELECT id, created_at, name_mask FROM survey_responses WHERE survey_id = ? ORDER BY id`, s.ID)
	if err != nil {
		return nil, fmt.Errorf("export responses: %w", err)
	}
	defer rows.Close()
	rowOf := map[int64]int{}
	for rows.Next() {
		var id int64
		var at time.Time
		var name string
		if err := rows.Scan(&id, &at, &name); err != nil {
			return nil, fmt.Errorf("export responses: %w", err)
		}
		row := make([]string, width)
		row[0], row[1] = strconv.FormatInt(id, 10), at.In(ui.Shanghai).Format("2006-01-02 15:04")
		if !s.Anonymous {
			row[2] = name
		}
		rowOf[id] = len(t.Rows)
		t.Rows = append(t.Rows, row)
	}
	return rowOf, rows.Err()
}

func cellValue(a Answer, labels map[string]string) string {
	switch {
	case a.Num != nil:
		return strconv.FormatFloat(*a.Num, 'f', -1, 64)
	case a.Text != "":
		return a.Text
	case labels[a.Choice] != "":
		return labels[a.Choice]
	}
	return a.Choice
}

// joinCell puts a multiple choice's options in one cell.
func joinCell(cell, v string) string {
	if cell == "" {
		return v
	}
	return cell + "；" + v
}

// WriteCSV writes the table as UTF-8 CSV with a byte-order mark, which Excel
// needs to read Chinese. Cells that a spreadsheet would run as a formula get
// a leading apostrophe.
func (t Table) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, row := range append([][]string{t.Header}, t.Rows...) {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = defuse(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func defuse(c string) string {
	if _, err := strconv.ParseFloat(c, 64); err == nil {
		return c // a negative number stays a number
	}
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}

// WriteXLSX writes the table as one sheet; every cell is a string, so no
// answer is ever read as a formula.
func (t Table) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, row := range append([][]string{t.Header}, t.Rows...) {
		cells := make([]any, len(row))
		for j, c := range row {
			cells[j] = excelize.Cell{Value: c}
		}
		axis, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(axis, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
