package web

import (
	"bytes"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// Excel import: download the template, upload it filled in, see every bad row and
// the good ones on a preview page, then commit the good rows or cancel. The
// preview is kept in the store (sheets.Previews) between the two requests.
// Registrations and results are uploaded from their batch's page (batchId in the
// form) and lead back to it; the preview and commit pages are the same.

// previewPageSize is how many good rows one preview page shows.
const previewPageSize = 100

// maxShownErrors bounds the bad-row table; the counts always cover every row.
const maxShownErrors = 2000

func (w *Handler) registerImports(r fiber.Router) {
	r.Get("/imports", w.importsPage)
	r.Get("/imports/previews/:id", w.previewPage)
	r.Post("/imports/previews/:id/commit", w.csrf, w.commitImport)
	r.Post("/imports/previews/:id/cancel", w.csrf, w.cancelImport)
	r.Get("/imports/:kind/template.xlsx", w.importTemplate)
	r.Get("/imports/:kind/export.xlsx", w.exportBatchSheet)
	r.Get("/imports/:kind", w.importsPage)
	r.Post("/imports/:kind", w.csrf, w.uploadImport)
}

func kindFromPath(c *fiber.Ctx) (sheets.Kind, error) {
	k := sheets.Kind(c.Params("kind"))
	if !k.Valid() {
		return "", models.ErrNotFound
	}
	return k, nil
}

type importCard struct {
	Kind, Label string
	Columns     []sheets.Column
	NeedsSchool bool
	Error       string
}

type importsView struct {
	Cards   []importCard
	Schools []option
	School  string
}

// importsPage shows an upload form per kind, or one kind's when the path names it.
func (w *Handler) importsPage(c *fiber.Ctx) error {
	return w.renderImports(c, fiber.StatusOK, "", "")
}

func (w *Handler) renderImports(c *fiber.Ctx, status int, failedKind sheets.Kind, msg string) error {
	p, _ := models.PrincipalFrom(c.UserContext())
	if !officeOrAdmin(p) {
		return models.ErrForbidden
	}
	var kinds []sheets.Kind
	for _, k := range sheets.Kinds {
		if k != sheets.CertEntries || catalogueWriters(p) {
			kinds = append(kinds, k)
		}
	}
	if c.Params("kind") != "" {
		k, err := kindFromPath(c)
		if err != nil {
			return err
		}
		switch {
		case k.PerBatch(): // imported from the batch's page
			flash(c, "考生报名和考核结果请在考核批次页面导入")
			return c.Redirect("/batches", fiber.StatusSeeOther)
		case k == sheets.CertEntries && !catalogueWriters(p):
			return models.ErrForbidden
		}
		kinds = []sheets.Kind{k}
	}
	schools, err := w.schoolOptions(c)
	if err != nil {
		return err
	}
	v := importsView{Schools: schools, School: c.FormValue("schoolId")}
	for _, k := range kinds {
		cols, err := sheets.Columns(k)
		if err != nil {
			return err
		}
		card := importCard{Kind: string(k), Label: k.Label(), Columns: cols, NeedsSchool: schools != nil && k.PerSchool()}
		if k == failedKind {
			card.Error = msg
		}
		v.Cards = append(v.Cards, card)
	}
	return w.render(c, status, "imports", View{Title: "Excel导入", Data: v})
}

func (w *Handler) importTemplate(c *fiber.Ctx) error {
	k, err := kindFromPath(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := sheets.Template(k, &buf); err != nil {
		return err
	}
	return sendXLSX(c, k.FileName("导入模板"), buf.Bytes())
}

// exportBatchSheet sends a batch's registrations or results (?batchId=) in
// their import template's columns: the results sheet lists every candidate, to
// be filled in and uploaded again.
func (w *Handler) exportBatchSheet(c *fiber.Ctx) error {
	k, err := kindFromPath(c)
	if err != nil {
		return err
	}
	if !k.PerBatch() {
		return models.ErrNotFound
	}
	var buf bytes.Buffer
	if err := w.Sheets.Export(c.UserContext(), k, sheets.Target{BatchID: c.Query("batchId")}, &buf); err != nil {
		return err
	}
	return sendXLSX(c, k.FileName(""), buf.Bytes())
}

// uploadImport parses the upload, keeps the preview and shows it. A file the
// parser refuses as a whole comes back on the upload form with the reason: the
// imports page, or the batch's page for its registrations and results.
func (w *Handler) uploadImport(c *fiber.Ctx) error {
	k, err := kindFromPath(c)
	if err != nil {
		return err
	}
	t := sheets.Target{SchoolID: c.FormValue("schoolId"), BatchID: c.FormValue("batchId")}
	refuse := func(msg string) error {
		if k.PerBatch() {
			return w.batchImportRefused(c, t.BatchID, k, msg)
		}
		return w.renderImports(c, fiber.StatusUnprocessableEntity, k, msg)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return refuse("请选择要上传的.xlsx文件")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	pv, err := w.Sheets.ParseFor(c.UserContext(), k, t, f)
	if fe := fieldErrors(err, nil); fe != nil {
		msg := fe["file"]
		if msg == "" {
			for _, m := range fe {
				msg = m
			}
		}
		return refuse(msg)
	}
	if err != nil {
		return err
	}
	id, err := w.Previews.Save(c.UserContext(), pv, fh.Filename)
	if err != nil {
		return err
	}
	return c.Redirect("/imports/previews/"+id.Hex(), fiber.StatusSeeOther)
}

type previewView struct {
	ID, Kind, Label, FileName string
	Batch, BatchURL           string // the batch of registrations and results
	Columns                   []sheets.Column
	Good, Bad                 int
	Created, Updated, Same    int
	Errors                    []previewError
	More                      int // errors not shown
	Rows                      []previewRow
	Page, Pages               int
	// Checked: the kind's good rows carry the rule findings their drafts will
	// get (placements); Blocked and Warned count the good rows with a Block
	// finding and those with a Warn finding (a row may be both).
	Checked         bool
	Blocked, Warned int
}

// previewRow is a good row as the preview shows it: the cells of the columns
// shown and, for placements, what the rules find.
type previewRow struct {
	Number   int
	Action   string
	Cells    []string
	RuleSet  string
	Findings []findingRow
}

type previewError struct {
	sheets.CellError
	Key string
}

// Actions labels a row's action.
func (previewView) Action(a string) string {
	return map[string]string{sheets.ActionCreate: "新增", sheets.ActionUpdate: "更新", sheets.ActionUnchanged: "无变化"}[a]
}

// PageURL is another page of good rows.
func (v previewView) PageURL(page int) string {
	return "/imports/previews/" + v.ID + "?page=" + strconv.Itoa(page)
}

func (w *Handler) previewPage(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	doc, pv, err := w.Previews.Load(c.UserContext(), id)
	if err != nil {
		return err
	}
	cols, err := sheets.Columns(pv.Kind)
	if err != nil {
		return err
	}
	shown := shownColumns(cols)
	v := previewView{ID: id.Hex(), Kind: string(pv.Kind), Label: pv.Kind.Label(), FileName: doc.FileName, Columns: pick(cols, shown),
		Good: pv.Good, Bad: pv.Bad, Page: max(c.QueryInt("page", 1), 1), Checked: pv.Kind == sheets.Placements}
	if pv.BatchID != "" {
		if v.Batch, err = w.batchName(c, pv.BatchID); err != nil {
			return err
		}
		v.BatchURL = "/batches/" + pv.BatchID
	}
	var good []sheets.Row
	for _, row := range pv.Rows {
		if len(row.Errors) > 0 {
			for _, e := range row.Errors {
				if len(v.Errors) < maxShownErrors {
					v.Errors = append(v.Errors, previewError{e, row.Key})
				} else {
					v.More++
				}
			}
			continue
		}
		v.count(row)
		good = append(good, row)
	}
	v.Pages = max((len(good)+previewPageSize-1)/previewPageSize, 1)
	v.Page = min(v.Page, v.Pages)
	from := (v.Page - 1) * previewPageSize
	for _, row := range good[from:min(from+previewPageSize, len(good))] {
		v.Rows = append(v.Rows, previewRow{Number: row.Number, Action: row.Action, Cells: pick(row.Cells, shown),
			RuleSet: row.RuleSet, Findings: findingRows(row.Findings)})
	}
	return w.render(c, fiber.StatusOK, "preview", View{Title: "导入预览：" + v.Label, Data: v})
}

// count adds a good row to the preview's counts.
func (v *previewView) count(row sheets.Row) {
	switch row.Action {
	case sheets.ActionCreate:
		v.Created++
	case sheets.ActionUpdate:
		v.Updated++
	default:
		v.Same++
	}
	if len(rules.Blocking(row.Findings)) > 0 {
		v.Blocked++
	}
	if len(rules.Warnings(row.Findings)) > 0 {
		v.Warned++
	}
}

// shownColumns are the positions of the columns a preview shows: those marked
// Preview when the sheet is too wide to show all, else all.
func shownColumns(cols []sheets.Column) []int {
	var marked, all []int
	for i, c := range cols {
		all = append(all, i)
		if c.Preview {
			marked = append(marked, i)
		}
	}
	if len(marked) > 0 {
		return marked
	}
	return all
}

// pick returns the items of s at the positions at.
func pick[T any](s []T, at []int) []T {
	out := make([]T, 0, len(at))
	for _, i := range at {
		if i < len(s) {
			out = append(out, s[i])
		}
	}
	return out
}

// commitImport writes the good rows of the preview once, then shows what was done.
func (w *Handler) commitImport(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	doc, pv, err := w.Previews.Take(c.UserContext(), id)
	if err != nil {
		return err
	}
	res, err := w.Sheets.Commit(c.UserContext(), pv)
	if err != nil {
		return err
	}
	v := importedView{Result: res, FileName: doc.FileName, Back: "/" + string(pv.Kind), BackText: "查看" + pv.Kind.Label() + "列表", Again: "/imports"}
	if pv.Kind == sheets.Placements {
		v.Note = "导入的实习为草稿，已按实习规则检查：请在实习列表中按“规则检查”筛选，逐条处理禁止项和警告后启用。"
	}
	if pv.BatchID != "" {
		v.Back, v.BackText, v.Again = "/batches/"+pv.BatchID, "返回考核批次", "/batches/"+pv.BatchID+"#imports"
	}
	return w.render(c, fiber.StatusOK, "imported", View{Title: "导入完成：" + pv.Kind.Label(), Data: v})
}

// importedView is what a commit did and where to go next.
type importedView struct {
	Result                          sheets.Result
	FileName, Back, BackText, Again string
	Note                            string // what to do next with what was imported
}

func (w *Handler) cancelImport(c *fiber.Ctx) error {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return err
	}
	doc, _, err := w.Previews.Load(c.UserContext(), id)
	if err != nil {
		return err
	}
	if err := w.Previews.Discard(c.UserContext(), id); err != nil {
		return err
	}
	flash(c, "已取消导入，没有写入任何数据")
	if doc.BatchID != "" {
		return c.Redirect("/batches/"+doc.BatchID+"#imports", fiber.StatusSeeOther)
	}
	return c.Redirect("/imports/"+string(doc.Kind), fiber.StatusSeeOther)
}
