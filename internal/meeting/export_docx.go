package meeting

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/docx"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// minutesDocument is the minutes (会议纪要) of m as an official document:
// the meeting's facts, the minutes' text and the decisions as a table.
func minutesDocument(m *Meeting, ds []Decision, issuer string) docx.Document {
	var names []string
	for _, u := range m.Units {
		names = append(names, u.Name)
	}
	facts := fmt.Sprintf("%s，%s在%s召开%s", m.HeldAt.In(ui.Shanghai).Format("2006年1月2日"), chairPhrase(m.ChairName),
		orDash(m.Place), m.Title)
	blocks := []docx.Block{docx.P(facts + "。参会单位：" + orDash(strings.Join(names, "、")) + "。")}
	for _, para := range strings.Split(m.Minutes, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			blocks = append(blocks, docx.P(para))
		}
	}
	if len(ds) > 0 {
		blocks = append(blocks, docx.H1("会议议定事项"))
		rows := [][]string{{"序号", "议定事项", "牵头单位", "配合单位", "完成时限"}}
		for _, d := range ds {
			var co []string
			for _, u := range d.CoUnits {
				co = append(co, u.Name)
			}
			rows = append(rows, []string{fmt.Sprint(d.Seq), d.Text, orDash(d.LeadUnitName), orDash(strings.Join(co, "、")),
				orDash(d.Deadline)})
		}
		blocks = append(blocks, docx.Table(rows))
	}
	doc := docx.Document{Title: m.Title + "纪要", Blocks: blocks, Issuer: issuer}
	if m.MinutesPublishedAt != nil {
		doc.IssueDate = *m.MinutesPublishedAt
	}
	return doc
}

func chairPhrase(chair string) string {
	if chair == "" {
		return ""
	}
	return chair + "主持，"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// MinutesDocx is GET /meetings/{id}/minutes.docx: the office and leaders at
// any time, the attending units once the minutes are published.
func (h *Pages) MinutesDocx(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meeting(r)
	if err != nil {
		return err
	}
	me := auth.From(r.Context())
	if !me.SeesAllUnits() && m.MinutesPublishedAt == nil {
		return fmt.Errorf("minutes of meeting %d not published: %w", m.ID, store.ErrNotFound)
	}
	ds, err := h.visibleDecisions(r, &m)
	if err != nil {
		return err
	}
	var issuer string
	if err := h.s.db.QueryRow(r.Context(), `SELECT u.name FROM campaigns c JOIN units u ON u.id = c.owner_unit_id WHERE c.id = ?`,
		m.CampaignID).Scan(&issuer); err != nil {
		return fmt.Errorf("minutes issuer: %w", err)
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, minutesDocument(&m, ds, issuer)); err != nil {
		return fmt.Errorf("minutes docx: %w", err)
	}
	name := m.Title + "纪要.docx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"minutes.docx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err = w.Write(buf.Bytes())
	return err
}
