package sheets_test

import (
	"testing"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

// workshop registers an Indonesian Luban Workshop of school A.
func (e *env) workshop(t testing.TB, code, name string) *models.Workshop {
	t.Helper()
	w, err := e.luban.CreateWorkshop(e.office, models.WorkshopFields{Code: str(code), NameZH: str(name), LocalLang: str("id"), Country: str("ID"),
		HostInstitutions:    &[]string{"SMK Negeri 2 Ponorogo"},
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "学校A", Role: models.InstitutionLead, IsThisSchool: true}},
		Status:              str(models.WorkshopOperating), StatusSince: str("2017-12-12")})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (e *env) activities(t testing.TB) []models.Activity {
	t.Helper()
	page, err := e.luban.FindActivities(e.office, models.ActivityFilter{ListParams: models.ListParams{Sort: "startDate"}})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

// activityRow is a row of the activity sheet: the example row with changes
// by header.
func activityRow(t testing.TB, change map[string]any) []any {
	t.Helper()
	cols, err := sheets.Columns(sheets.LubanActivities)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]any, len(cols))
	for i, c := range cols {
		row[i] = c.Example
		if v, ok := change[c.Header]; ok {
			row[i] = v
		}
	}
	return row
}

func TestLubanActivityImport(t *testing.T) {
	e := setup(t)
	e.workshop(t, "LW-ID-01", "印尼鲁班工坊")
	for _, no := range []string{"T001", "T002"} {
		if _, err := e.people.CreateTeacher(e.office, models.TeacherFields{StaffNo: str(no), Name: str("教师" + no), CourseType: str(models.CourseProfessional),
			Employment: str(models.EmploymentFullTime), HireDate: str("2020-09-01")}); err != nil {
			t.Fatal(err)
		}
	}
	data := book(t, headers(t, sheets.LubanActivities),
		activityRow(t, nil), // 短期培训, 20 persons, 12 days
		activityRow(t, map[string]any{"工坊编号或名称": "印尼鲁班工坊", "活动类型": "派出教师", "活动名称": "派出教师赴印尼授课",
			"开始日期": "2025-11-01", "结束日期": "2025-11-10", "人数": "", "派出教师": "T001、T002"}),
		activityRow(t, map[string]any{"工坊编号或名称": "LW-XX-09", "活动名称": "不存在的工坊"}),
		activityRow(t, map[string]any{"活动类型": "派出教师", "活动名称": "工号有误", "人数": "", "派出教师": "T001,T999",
			"开始日期": "2026-03-01", "结束日期": "2026-03-05"}),
		activityRow(t, map[string]any{"活动类型": "开发标准", "活动名称": "汽车专业教学标准", "数量": 1}),
		activityRow(t, nil), // the first row again
	)

	p := e.parse(t, e.office, sheets.LubanActivities, data)
	if p.Good != 2 || p.Bad != 4 {
		t.Fatalf("good, bad = %d, %d, want 2, 4; rows %+v", p.Good, p.Bad, errorsOf(p))
	}
	want := map[int]map[string]string{
		4: {"工坊编号或名称": "本校没有编号或中文名称为LW-XX-09的鲁班工坊"},
		5: {"派出教师": "第2位：本校没有工号为T999的教师"},
		6: {"人数": "开发标准不填写此项", "标准类别": "标准类别为必填项（专业教学标准或课程标准）"},
		7: {"活动名称": "与第2行的工坊、活动类型、活动名称和开始日期重复"},
	}
	for _, r := range p.Rows {
		got := map[string]string{}
		for _, ce := range r.Errors {
			got[ce.Column] = ce.Message
		}
		for col, msg := range want[r.Number] {
			if got[col] != msg {
				t.Errorf("row %d %s = %q, want %q (all: %v)", r.Number, col, got[col], msg, got)
			}
		}
		if len(want[r.Number]) == 0 && len(got) > 0 {
			t.Errorf("row %d: errors %v, want none", r.Number, got)
		}
	}
	if n := len(e.activities(t)); n != 0 {
		t.Fatalf("the preview wrote %d activities", n)
	}

	res := e.commit(t, e.office, roundTrip(t, p))
	if res.Created != 2 || res.Skipped != 4 || len(res.Failed) != 0 {
		t.Fatalf("result = %+v", res)
	}
	acts := e.activities(t)
	if len(acts) != 2 {
		t.Fatalf("activities = %d, want 2", len(acts))
	}
	training, dispatch := acts[0], acts[1]
	if training.Persons != 20 || training.PersonDays != 240 || training.WorkshopName != "印尼鲁班工坊" {
		t.Errorf("training = %d persons, %d person-days, %q", training.Persons, training.PersonDays, training.WorkshopName)
	}
	if dispatch.Persons != 2 || dispatch.PersonDays != 20 || len(dispatch.Teachers) != 2 || dispatch.Teachers[1].Teacher.StaffNo != "T002" ||
		dispatch.Teachers[1].StartDate.String() != "2025-11-01" || dispatch.Teachers[1].Days != 10 {
		t.Errorf("dispatch = %+v", dispatch)
	}

	t.Run("ReuploadWritesNothingTwice", func(t *testing.T) {
		p := e.parse(t, e.office, sheets.LubanActivities, data)
		if got := actions(p); got[0] != sheets.ActionUnchanged || got[1] != sheets.ActionUnchanged {
			t.Fatalf("actions = %v, want the good rows unchanged", got)
		}
		res := e.commit(t, e.office, p)
		if res.Created != 0 || res.Unchanged != 2 {
			t.Fatalf("result = %+v", res)
		}
		if n := len(e.activities(t)); n != 2 {
			t.Fatalf("activities = %d, want 2", n)
		}
	})

	t.Run("ChangedRowUpdates", func(t *testing.T) {
		p := e.parse(t, e.office, sheets.LubanActivities, book(t, headers(t, sheets.LubanActivities), activityRow(t, map[string]any{"人数": 25})))
		if got := actions(p); got[0] != sheets.ActionUpdate {
			t.Fatalf("actions = %v, want update (errors %v)", got, errorsOf(p))
		}
		if res := e.commit(t, e.office, p); res.Updated != 1 {
			t.Fatalf("result = %+v", res)
		}
		if a := e.activities(t)[0]; a.Persons != 25 || a.PersonDays != 300 {
			t.Errorf("training = %d persons, %d person-days, want 25, 300", a.Persons, a.PersonDays)
		}
	})

	t.Run("OtherSchoolsWorkshop", func(t *testing.T) {
		p := e.parse(t, e.officeB, sheets.LubanActivities, book(t, headers(t, sheets.LubanActivities), activityRow(t, nil)))
		if p.Bad != 1 || len(p.Rows[0].Errors) == 0 || p.Rows[0].Errors[0].Column != "工坊编号或名称" {
			t.Fatalf("preview = %+v", errorsOf(p))
		}
	})
}
