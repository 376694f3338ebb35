package sheets_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

func TestCertEntries(t *testing.T) {
	e := setup(t)
	web := []any{"1+X", "Web前端开发职业技能等级证书", "示例教育科技有限公司", 1, "", "", "初级,中级,高级", "有效", ""}
	electrician := []any{"职业技能等级认定", "", "", "", "6-31-01-03", "电工", "三级，五级、四级", "", "人社部公告"}
	data := book(t, headers(t, sheets.CertEntries),
		web,
		electrician,
		[]any{"1+X", "Web前端开发", "某组织", 1, "", "", "初级", "", ""},                 // not the official name
		[]any{"1+X", "Web前端开发职业技能等级证书", "另一组织", 2, "", "", "初级", "", ""},        // twice in the file
		[]any{"职业技能等级认定", "", "", "", "6-31-01-03", "电工", "初级", "", ""},         // twice; a 1+X level
		[]any{"职业技能等级认定", "维修电工", "", 2, "6-31-01-04", "维修电工", "四级", "停用", ""},  // a batch; an unknown status
		[]any{"1+X证书", "大数据应用开发（Java）职业技能等级证书", "某组织", 3, "", "", "中级", "", ""}, // type not as listed
	)
	p := e.parse(t, e.office, sheets.CertEntries, data)
	want := []sheets.CellError{
		{Row: 4, Column: "证书名称", Field: "name", Message: "1+X证书名称须为官方名称，以“职业技能等级证书”结尾"},
		{Row: 5, Column: "证书名称", Field: "name", Message: "与第2行的证书名称重复"},
		{Row: 6, Column: "工种代码", Field: "occupationCode", Message: "与第3行的工种代码和工种名称重复"},
		{Row: 6, Column: "等级", Field: "levels", Message: "等级只能是五级、四级、三级、二级、一级"},
		{Row: 7, Column: "批次", Field: "batch", Message: "职业技能等级认定没有批次"},
		{Row: 7, Column: "状态", Field: "status", Message: "状态须为以下之一：有效、已退出、已合并"},
		{Row: 8, Column: "证书类型", Field: "type", Message: "证书类型须为以下之一：1+X、职业技能等级认定"},
	}
	if got := errorsOf(p); !reflect.DeepEqual(got, want) {
		t.Fatalf("errors = %+v\nwant %+v", got, want)
	}
	if got := []string{p.Rows[0].Key, p.Rows[1].Key}; !reflect.DeepEqual(got, []string{"Web前端开发职业技能等级证书", "6-31-01-03 电工"}) {
		t.Fatalf("keys = %q", got)
	}
	if res := e.commit(t, e.office, p); res.Created != 2 || res.Skipped != 5 {
		t.Fatalf("result = %+v", res)
	}
	page, err := e.certs.FindEntries(e.office, models.CertEntryFilter{Type: models.CertSkill})
	if err != nil || page.Total != 1 || page.Items[0].Name != "电工" || !reflect.DeepEqual(page.Items[0].Levels, []string{"五级", "四级", "三级"}) {
		t.Fatalf("skill entries = %+v, %v", page.Items, err)
	}
	audits, err := e.audit.FindEntries(e.admin, models.AuditFilter{Entity: "cert_entry", Action: models.ActionCreate})
	if err != nil || audits.Total != 2 {
		t.Fatalf("%d audit entries, %v; want one per entry", audits.Total, err)
	}

	t.Run("Re-upload changes nothing", func(t *testing.T) {
		again := e.parse(t, e.office, sheets.CertEntries, book(t, headers(t, sheets.CertEntries), web, electrician))
		if got := actions(again); !reflect.DeepEqual(got, []string{"unchanged", "unchanged"}) || again.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(again))
		}
	})
	t.Run("Export reads back unchanged", func(t *testing.T) {
		rows := export(t, e, e.office, sheets.CertEntries, models.CertEntryFilter{ListParams: models.ListParams{Sort: "type"}})
		if len(rows) != 3 || rows[2][0] != "1+X" || rows[2][3] != "1" || rows[2][6] != "初级,中级,高级" || rows[1][6] != "五级,四级,三级" || rows[1][7] != "有效" {
			t.Fatalf("rows = %q", rows)
		}
		again := e.parse(t, e.office, sheets.CertEntries, exportBytes(t, e, e.office, sheets.CertEntries, nil))
		if got := actions(again); !reflect.DeepEqual(got, []string{"unchanged", "unchanged"}) || again.Bad != 0 {
			t.Fatalf("actions = %v, errors = %+v", got, errorsOf(again))
		}
	})
	t.Run("OK update by key", func(t *testing.T) {
		withdrawn := append([]any(nil), web...)
		withdrawn[7] = "已退出"
		again := e.parse(t, e.admin, sheets.CertEntries, book(t, headers(t, sheets.CertEntries), withdrawn))
		if res := e.commit(t, e.admin, again); res.Updated != 1 || res.Created != 0 {
			t.Fatalf("result = %+v", res)
		}
		page, err := e.certs.FindEntries(e.office, models.CertEntryFilter{Status: models.CertWithdrawn})
		if err != nil || page.Total != 1 || page.Items[0].Version != 2 {
			t.Fatalf("withdrawn = %+v, %v", page.Items, err)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		for name, ctx := range map[string]context.Context{"office_staff": principal(models.RoleOfficeStaff, e.schoolA), "auditor": e.auditor} {
			_, err := e.sheets.Parse(ctx, sheets.CertEntries, "", bytes.NewReader(data))
			if !errors.Is(err, models.ErrForbidden) {
				t.Fatalf("%s: err = %v, want ErrForbidden", name, err)
			}
		}
	})
}
