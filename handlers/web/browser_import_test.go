//go:build browser

package web_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// validID completes first17 with its GB 11643 check character.
func validID(first17 string) string {
	return first17 + string(models.IDNumberCheckChar(first17))
}

// badCheckID is a valid ID number with its check character changed.
func badCheckID(first17 string) string {
	good := models.IDNumberCheckChar(first17)
	for _, c := range []byte("0123456789X") {
		if c != good {
			return first17 + string(c)
		}
	}
	panic("unreachable")
}

// studentsFile writes the real students template to dir with rows from row 2
// on, replacing the template's example row, and returns its path.
func studentsFile(t *testing.T, rows [][]any) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "学生导入.xlsx")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := sheets.Template(sheets.Students, out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow(sheets.DataSheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return path
}

// studentRows are three good rows (2, 4 and 6) and two bad ones: row 3's ID
// number has a wrong check character, row 5's major is not one the school has.
func studentRows() [][]any {
	return [][]any{
		{"2025101", "王小明", validID("11010520090315001"), "710201", "2025级计算机应用1班", 2025, "在籍"},
		{"2025102", "李四", badCheckID("11010520090420002"), "710201", "2025级计算机应用1班", 2025, "在籍"},
		{"2025103", "欧阳娜娜", validID("12010620081101002"), "710201", "2025级计算机应用1班", 2025, "在籍"},
		{"2025104", "赵六", validID("12010620080708003"), "710204", "2025级计算机应用2班", 2025, "在籍"},
		{"2025105", "阿依古丽·买买提", validID("65010220090909004"), "710201", "2025级计算机应用2班", 2025, "在籍"},
	}
}

// uploadStudents sends file through the students card of /imports and waits for the preview.
func uploadStudents(base, file string) chromedp.Action[chromedp.Void] {
	return uploadSheet(base, sheets.Students, file)
}

// uploadSheet sends file through kind's card of /imports and waits for the preview.
func uploadSheet(base string, kind sheets.Kind, file string) chromedp.Action[chromedp.Void] {
	input := "#file-" + string(kind)
	return chromedp.Steps(
		chromedp.Navigate(base+"/imports/"+string(kind)),
		chromedp.WaitVisible(input),
		chromedp.SetUploadFiles(input, []string{file}),
		chromedp.Submit(input),
		chromedp.WaitVisible(`#good`),
	)
}

// tableCells reads the cells of sel's body rows.
func tableCells(sel string, dst *[][]string) chromedp.Action[chromedp.Void] {
	return rowCells(sel+" tbody tr", dst)
}

// rowCells reads the cells of the table rows query selects.
func rowCells(query string, dst *[][]string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[[][]string](`[...document.querySelectorAll(`+jsString(query)+`)].map(tr => [...tr.cells].map(td => td.textContent.trim()))`)(ctx, tg)
		*dst = v
		return err
	})
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// listTotal reads the list page's "共 N 条".
func listTotal(dst *string) chromedp.Action[chromedp.Void] { return text(`p.toolbar span.muted`, dst) }

func TestBrowserImportStudentsWithTwoBadRows(t *testing.T) {
	s := newSite(t)
	base := serve(t, s)
	file := studentsFile(t, studentRows())
	ctx := chrome(t, 1366, 768)

	var tmplHref string
	var bad, good [][]string
	var counts, result, list, total string
	err := chromedp.Do(ctx,
		loginAs(base, "office"),
		chromedp.Navigate(base+"/imports"),
		chromedp.WaitVisible(`#file-students`),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			r, err := chromedp.AttributeValue(`#students a[download]`, "href")(ctx, tg)
			tmplHref = r.Value
			return err
		}),
		shot(t, "import-office-imports"),
		uploadStudents(base, file),
		tableCells(`#errors`, &bad),
		tableCells(`#good`, &good),
		text(`p.counts`, &counts),
		shot(t, "import-preview-two-errors"),
		chromedp.Click(`//button[starts-with(normalize-space(), '导入无误的')]`),
		chromedp.WaitVisible(`.card[role=status]`),
		text(`.card[role=status]`, &result),
		shot(t, "import-result"),
		chromedp.Navigate(base+"/students"),
		chromedp.WaitVisible(`table`),
		text(`table`, &list),
		listTotal(&total),
		shot(t, "import-students-list"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if tmplHref != "/imports/students/template.xlsx" {
		t.Errorf("template link = %q", tmplHref)
	}
	checkBadRows(t, bad)
	if len(good) != 3 || good[0][0] != "2" || good[1][0] != "4" || good[2][0] != "6" {
		t.Errorf("good rows = %q, want rows 2, 4 and 6", good)
	}
	for _, r := range good {
		if r[1] != "新增" {
			t.Errorf("row %s: action %q, want 新增", r[0], r[1])
		}
	}
	if got := unspaced(counts); !strings.Contains(got, "有错误2行") || !strings.Contains(got, "无误3行（新增3、更新0、无变化0）") {
		t.Errorf("counts = %q", counts)
	}
	if got := unspaced(result); !strings.Contains(got, "新增3行，更新0行，无变化0行，因有错误未导入2行") {
		t.Errorf("result = %q", result)
	}
	for _, name := range []string{"王小明", "欧阳娜娜", "阿依古丽·买买提"} {
		if !strings.Contains(list, name) {
			t.Errorf("list lacks %s:\n%s", name, list)
		}
	}
	for _, name := range []string{"李四", "赵六"} {
		if strings.Contains(list, name) {
			t.Errorf("list shows bad row %s", name)
		}
	}
	if total != "共 3 条" {
		t.Errorf("list total = %q, want 共 3 条", total)
	}

	t.Run("SameFileAgain", func(t *testing.T) {
		var again [][]string
		var counts, after string
		err := chromedp.Do(ctx,
			uploadStudents(base, file),
			tableCells(`#good`, &again),
			text(`p.counts`, &counts),
			shot(t, "import-preview-again"),
			chromedp.Click(`//button[starts-with(normalize-space(), '导入无误的')]`),
			chromedp.WaitVisible(`.card[role=status]`),
			chromedp.Navigate(base+"/students"),
			chromedp.WaitVisible(`table`),
			listTotal(&after),
		)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 3 {
			t.Fatalf("good rows = %q", again)
		}
		for _, r := range again {
			if r[1] != "无变化" {
				t.Errorf("row %s: action %q, want 无变化", r[0], r[1])
			}
		}
		if got := unspaced(counts); !strings.Contains(got, "（新增0、更新0、无变化3）") {
			t.Errorf("counts = %q", counts)
		}
		if after != "共 3 条" {
			t.Errorf("after the second import the list says %q, want 共 3 条", after)
		}
		office := s.principal(t, "office", "Passw0rd1")
		stored, err := s.h.People.FindStudents(office, models.StudentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if stored.Total != 3 {
			t.Errorf("store holds %d students, want 3", stored.Total)
		}
	})
}

// checkBadRows wants exactly the two planted errors, each on its own row.
func checkBadRows(t *testing.T, bad [][]string) {
	t.Helper()
	want := [][]string{
		{"3", "2025102", "身份证号", "身份证号校验位不正确"},
		{"5", "2025104", "专业代码", "本校未开设该专业"},
	}
	if len(bad) != len(want) {
		t.Fatalf("error rows = %q, want %q", bad, want)
	}
	for i, w := range want {
		got := bad[i]
		if len(got) != 4 || got[0] != w[0] || got[1] != w[1] || got[2] != w[2] || !strings.HasPrefix(got[3], w[3]) {
			t.Errorf("error row %d = %q, want %q", i, got, w)
		}
	}
}

var whiteSpace = regexp.MustCompile(`\s+`)

// unspaced drops white space so that counts read the same however the page wraps them.
func unspaced(s string) string { return whiteSpace.ReplaceAllString(s, "") }
