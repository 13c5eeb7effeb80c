package task

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"tongchou/internal/auth"
	"tongchou/internal/docx"
	"tongchou/internal/store"
	"tongchou/internal/ui"
)

// NoticePages serve the ladder's notices: the printable 催办单 / 督办单, its
// DOCX, and a task's list of notices. Scope is checked in the store.
type NoticePages struct {
	s  *Store
	ui *ui.UI
}

// NewNoticePages returns the notice handlers.
func NewNoticePages(s *Store, u *ui.UI) *NoticePages { return &NoticePages{s: s, ui: u} }

type noticePage struct {
	Notice Notice
}

type noticeListPage struct {
	Task    Task
	Notices []Notice
}

// Notice is GET /notices/{ref}: ref "12" is the print view, "12.docx" the
// Word file.
func (h *NoticePages) Notice(w http.ResponseWriter, r *http.Request) error {
	ref := r.PathValue("ref")
	asDocx := strings.HasSuffix(ref, ".docx")
	id, err := strconv.ParseInt(strings.TrimSuffix(ref, ".docx"), 10, 64)
	if err != nil || id <= 0 {
		return store.ErrNotFound
	}
	n, err := h.s.Notice(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	if asDocx {
		return h.docx(w, r, n)
	}
	return h.ui.Render(w, r, http.StatusOK, "notice_print", noticePage{Notice: n})
}

// TaskNotices is GET /tasks/{id}/notices.
func (h *NoticePages) TaskNotices(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r, "id")
	if err != nil {
		return err
	}
	t, ns, err := h.s.TaskNotices(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		return err
	}
	return h.ui.Render(w, r, http.StatusOK, "notice_list", noticeListPage{Task: t, Notices: ns})
}

// docx writes the notice as an official document (Chinese: the form is).
func (h *NoticePages) docx(w http.ResponseWriter, r *http.Request, n Notice) error {
	var buf bytes.Buffer
	if err := docx.Write(&buf, noticeDocument(n)); err != nil {
		return fmt.Errorf("notice %d docx: %w", n.ID, err)
	}
	name := n.Number + ".docx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", "attachment; filename=\"notice-"+itoa(n.ID)+".docx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, err := w.Write(buf.Bytes())
	return err
}

// noticeTitles are the forms' titles by rung.
var noticeTitles = map[string]string{RungBlue: "工作提醒单", RungYellow: "催办单", RungOrange: "督办单", RungRed: "通报点名单"}

// noticeDocument lays the notice out as the paper form.
func noticeDocument(n Notice) docx.Document {
	what, verb := "办结期限", "办结"
	if n.ItemKind == ItemReport {
		what, verb = "进展报送日期", "报送"
	}
	issued := day(n.IssuedOn)
	body := []docx.Block{
		docx.P("你单位牵头承办的“" + n.TaskTitle + "”，" + what + "为" + n.DueDate + "。" + situation(n)),
		docx.P("请于" + n.ReplyBy + "前" + verb + "，并将情况报" + n.IssuerName + "。"),
	}
	return docx.Document{Number: n.Number, Title: noticeTitles[n.Rung], To: n.UnitName + "：", Blocks: body,
		Signer: n.IssuerName, SignDate: issued, Issuer: n.IssuerName, IssueDate: issued}
}

// situation says where the item stands on the form.
func situation(n Notice) string {
	switch n.Rung {
	case RungBlue:
		return "即将到期。"
	case RungRed:
		return "经催办、督办仍未完成，将在下期调度通报中点名。"
	}
	return "现已逾期。"
}
