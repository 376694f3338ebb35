package web_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// filledTemplate is kind's template with the example row replaced by rows.
func filledTemplate(t testing.TB, kind sheets.Kind, rows [][]any) []byte {
	t.Helper()
	var tmpl bytes.Buffer
	if err := sheets.Template(kind, &tmpl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&tmpl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.RemoveRow(sheets.DataSheet, 2); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheets.DataSheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// uploadTo sends file for kind from the batch page, as its form does, and
// returns the preview page's address.
func (b *browser) uploadTo(batch string, kind sheets.Kind, file []byte) string {
	b.t.Helper()
	id := strings.TrimPrefix(batch, "/batches/")
	status, page, hdr := b.upload(batch, "/imports/"+string(kind), map[string]string{"batchId": id}, string(kind)+".xlsx", file)
	if status != fiber.StatusSeeOther {
		b.t.Fatalf("upload %s: %d\n%s", kind, status, page)
	}
	return hdr.Get("Location")
}

// commit commits a preview and returns the result page.
func (b *browser) commit(preview string) string {
	b.t.Helper()
	status, page, _ := b.post(preview, preview+"/commit", url.Values{})
	if status != fiber.StatusOK {
		b.t.Fatalf("commit: %d\n%s", status, page)
	}
	return page
}

func mustContain(t *testing.T, what, page string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(page, want) {
			t.Fatalf("%s lacks %q:\n%s", what, want, page)
		}
	}
}

// TestBatchImportPages: the office imports a batch's registrations and then its
// results from Excel, through the batch page's forms and the shared preview and
// commit pages; a bad row names its column, a re-upload changes nothing.
func TestBatchImportPages(t *testing.T) {
	s := newSite(t)
	certSeed(t, s)
	today := models.DateOf(time.Now().In(models.China)).String()
	year := strings.Split(models.StatYearOf(models.DateOf(time.Now().In(models.China))).Label(), "—")[0]
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	entry := b.created("/cert-entries/new", "/cert-entries", url.Values{"type": {"x_cert"}, "name": {"Web前端开发职业技能等级证书"},
		"evaluationOrg": {"北京新奥时代科技有限责任公司"}, "batch": {"1"}, "levels": {"初级"}, "status": {"active"}})
	entryID := strings.TrimPrefix(entry, "/cert-entries/")
	b.created("/pilots/new", "/pilots", url.Values{"entryId": {entryID}, "schoolYear": {year}, "majorCodes": {"710201"}})
	batch := b.created("/batches/new", "/batches", url.Values{"entryId": {entryID}, "level": {"初级"}, "label": {"秋季第1批"},
		"date": {today}, "site": {""}, "evaluationOrg": {""}})

	_, page, _ := b.do("GET", batch, nil)
	mustContain(t, "batch page", page, "从Excel导入报名", "从Excel导入成绩", `href="/imports/registrations/template.xlsx"`,
		`href="/imports/results/template.xlsx"`, `name="batchId" value="`+strings.TrimPrefix(batch, "/batches/")+`"`)
	if _, tmpl, _ := b.do("GET", "/imports/results/template.xlsx", nil); len(sheetRows(t, []byte(tmpl))) != 2 {
		t.Fatalf("the results template is not header + example row")
	}

	// S2's major is not piloted: without a reason the row is refused on its column.
	regs := filledTemplate(t, sheets.Registrations, [][]any{{"S1", "", ""}, {"S2", "", ""}})
	preview := b.uploadTo(batch, sheets.Registrations, regs)
	_, page, _ = b.do("GET", preview, nil)
	mustContain(t, "registrations preview", page, "导入到考核批次", "秋季第1批", "<td>3</td><td>S2</td><td>试点外报名原因</td>",
		"未对专业660101（电子信息技术）开展", "导入无误的 1 行")
	page = b.commit(preview)
	mustContain(t, "registrations result", page, "新增 <strong>1</strong> 行", `href="`+batch+`">返回考核批次`)

	regs = filledTemplate(t, sheets.Registrations, [][]any{{"S1", "", ""}, {"S2", "", "学生自愿报考"}})
	preview = b.uploadTo(batch, sheets.Registrations, regs)
	_, page, _ = b.do("GET", preview, nil)
	mustContain(t, "second registrations preview", page, "新增 1、更新 0、无变化 1")
	mustContain(t, "second registrations result", b.commit(preview), "新增 <strong>1</strong> 行，更新 <strong>0</strong> 行，无变化 1 行")

	results := filledTemplate(t, sheets.Results, [][]any{
		{"S1", "通过", 85, 90, "X2026-0001", today},
		{"S2", "缺考", "", "", "", ""},
		{"S9", "通过", 60, 60, "", ""},
	})
	preview = b.uploadTo(batch, sheets.Results, results)
	_, page, _ = b.do("GET", preview, nil)
	mustContain(t, "results preview", page, "<td>4</td><td>S9</td><td>学号</td><td class=\"error\">该学生未报名本批次", "导入无误的 2 行")
	mustContain(t, "results result", b.commit(preview), "新增 <strong>2</strong> 行")
	_, page, _ = b.do("GET", batch, nil)
	mustContain(t, "batch page after the imports", page, "学生自愿报考", "X2026-0001", "85 / 90", "缺考")

	preview = b.uploadTo(batch, sheets.Results, results)
	_, page, _ = b.do("GET", preview, nil)
	mustContain(t, "results re-upload", page, "新增 0、更新 0、无变化 2")
	if status, _, hdr := b.post(preview, preview+"/cancel", url.Values{}); status != fiber.StatusSeeOther || hdr.Get("Location") != batch+"#imports" {
		t.Fatalf("cancel: %d to %s", status, hdr.Get("Location"))
	}

	_, export, _ := b.do("GET", "/imports/results/export.xlsx?batchId="+strings.TrimPrefix(batch, "/batches/"), nil)
	if rows := sheetRows(t, []byte(export)); len(rows) != 3 || rows[1][0] != "S1" || rows[1][4] != "X2026-0001" || rows[2][1] != "缺考" {
		t.Fatalf("results export = %q", rows)
	}

	status, page, _ := b.upload(batch, "/imports/results", map[string]string{"batchId": strings.TrimPrefix(batch, "/batches/")}, "notes.txt", []byte("not a workbook"))
	if status != fiber.StatusUnprocessableEntity || !strings.Contains(page, `id="file-results-error" role="alert">无法读取文件`) {
		t.Fatalf("not a workbook: %d\n%s", status, page)
	}
	a := s.browser(t)
	a.login("auditor", "Passw0rd1")
	if _, page, _ := a.do("GET", batch, nil); strings.Contains(page, "从Excel导入") {
		t.Fatalf("the auditor is offered the imports")
	}
}

// TestCatalogueImportPages: the catalogue list offers import and export, and
// its import goes through the shared pages.
func TestCatalogueImportPages(t *testing.T) {
	s := newSite(t)
	b := s.browser(t)
	b.login("office", "Passw0rd1")
	_, page, _ := b.do("GET", "/cert-entries", nil)
	mustContain(t, "catalogue list", page, `href="/imports/cert-entries"`, "导出Excel")
	file := filledTemplate(t, sheets.CertEntries, [][]any{
		{"1+X", "Web前端开发职业技能等级证书", "示例教育科技有限公司", 1, "", "", "初级,中级", "有效", ""},
		{"职业技能等级认定", "", "", "", "6-31-01-03", "电工", "五级,四级", "", ""},
		{"1+X", "Web前端开发", "示例教育科技有限公司", 1, "", "", "初级", "", ""},
	})
	status, _, hdr := b.upload("/imports/cert-entries", "/imports/cert-entries", nil, "证书.xlsx", file)
	if status != fiber.StatusSeeOther {
		t.Fatalf("upload: %d", status)
	}
	_, page, _ = b.do("GET", hdr.Get("Location"), nil)
	mustContain(t, "catalogue preview", page, "<td>4</td><td>Web前端开发</td><td>证书名称</td>", "导入无误的 2 行")
	mustContain(t, "catalogue result", b.commit(hdr.Get("Location")), "新增 <strong>2</strong> 行", `href="/cert-entries">查看证书目录列表`)
	_, export, _ := b.do("GET", "/cert-entries/export.xlsx?sort=name", nil)
	if rows := sheetRows(t, []byte(export)); len(rows) != 3 || rows[2][1] != "电工" || rows[2][6] != "五级,四级" {
		t.Fatalf("catalogue export = %q", rows)
	}
}
