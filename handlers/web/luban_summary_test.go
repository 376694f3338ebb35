package web_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/chanjiao/chanjiao/models"
)

// seedLuban registers an Indonesian workshop of 红星职专 with activities in
// the statistical years 2024 and 2025, among them a training from 2025-08-25
// to 2025-09-03 (10 days, 10 persons, 100 person-days: 7 days in 2024, 3 in
// 2025), and returns the workshop's id.
func seedLuban(t testing.TB, s *site) string {
	t.Helper()
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	num := func(n int) *int { return &n }
	ws, err := s.h.Luban.CreateWorkshop(office, models.WorkshopFields{Code: str("LW-ID-09"), NameZH: str("印尼鲁班工坊"),
		NameEN: str("Luban Workshop in Indonesia"), NameLocal: str("Bengkel Luban Indonesia"), LocalLang: str("id"), Country: str("ID"),
		City: str("Ponorogo"), HostInstitutions: &[]string{"SMK Negeri 2 Ponorogo"},
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "红星职专", Role: models.InstitutionLead, IsThisSchool: true}},
		Status:              str(models.WorkshopOperating), StatusSince: str("2017-12-12")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.People.CreateTeacher(office, models.TeacherFields{StaffNo: str("T101"), Name: str("王老师"), CourseType: str(models.CourseProfessional),
		Employment: str(models.EmploymentFullTime), HireDate: str("2015-09-01")}); err != nil {
		t.Fatal(err)
	}
	id := ws.ID.Hex()
	for _, f := range []models.ActivityFields{
		{Type: str(models.ActivityShortTraining), Title: str("跨学年汽车维修培训"), StartDate: str("2025-08-25"), EndDate: str("2025-09-03"), Persons: num(10)},
		{Type: str(models.ActivityShortTraining), Title: str("上一学年的无人机培训"), StartDate: str("2025-03-03"), EndDate: str("2025-03-07"), Persons: num(8)},
		{Type: str(models.ActivityLocalTeachers), Title: str("本土教师中餐烹饪培训"), StartDate: str("2025-10-13"), EndDate: str("2025-10-17"), Persons: num(6)},
		{Type: str(models.ActivityTeacherDispatch), Title: str("派出教师授课"), StartDate: str("2025-11-01"), EndDate: str("2025-11-10"),
			Teachers: &[]models.DispatchField{{StaffNo: "T101"}}},
		{Type: str(models.ActivityEquipment), Title: str("捐赠发动机实训台"), StartDate: str("2026-03-02"), EndDate: str("2026-03-02"), Items: num(3), ValueFen: ptr64(125000000)},
	} {
		f.WorkshopID = &id
		if _, err := s.h.Luban.CreateActivity(office, f); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func ptr64(n int64) *int64 { return &n }

func TestLubanSummaryPage(t *testing.T) {
	s := newSite(t)
	id := seedLuban(t, s)
	b := s.browser(t)
	b.login("office", "Passw0rd1")

	status, page, _ := b.do("GET", "/luban-workshops/"+id+"/summary?year=2025", nil)
	if status != 200 {
		t.Fatalf("status = %d\n%s", status, page)
	}
	for _, want := range []string{"鲁班工坊年度活动汇总", "Ringkasan Kegiatan Tahunan Luban Workshop", "印尼鲁班工坊", "Bengkel Luban Indonesia",
		"SMK Negeri 2 Ponorogo", "红星职专", "Indonesia", "2025—2026学年", "2025-09-01", "2026-08-31",
		"Pelatihan jangka pendek", "Pelatihan guru lokal", "Pengiriman guru", "Bantuan peralatan", "Hari-orang", "跨学年汽车维修培训",
		"王老师 10天 / 10 hari", "1,250,000.00"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "上一学年的无人机培训") {
		t.Error("page shows an activity of 2024")
	}
	// 短期培训 in 2025: one activity, 10 persons, 3 of its 10 days: 30 person-days.
	short := rowOf(t, page, "Pelatihan jangka pendek")
	if got := cellsOf(short); strings.Join(got, "|") != "1|10|30|0|0.00" {
		t.Errorf("短期培训 row = %v, want 1|10|30|0|0.00", got)
	}

	t.Run("PreviousYear", func(t *testing.T) {
		_, page, _ := b.do("GET", "/luban-workshops/"+id+"/summary?year=2024", nil)
		short := rowOf(t, page, "Pelatihan jangka pendek")
		// 8 persons × 5 days in March, and 7 of the 10 days of the August training.
		if got := strings.Join(cellsOf(short), "|"); got != "2|18|110|0|0.00" {
			t.Errorf("2024 短期培训 row = %s, want 2|18|110|0|0.00", got)
		}
	})

	t.Run("XLSX", func(t *testing.T) {
		status, body, h := b.do("GET", "/luban-workshops/"+id+"/summary.xlsx?year=2025", nil)
		if status != 200 {
			t.Fatalf("status = %d", status)
		}
		if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''") || !strings.Contains(cd, "LW-ID-09") {
			t.Errorf("Content-Disposition = %q", cd)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("汇总")
		if err != nil {
			t.Fatal(err)
		}
		var header, short, total []string
		for _, r := range rows {
			switch {
			case len(r) > 0 && r[0] == "活动类型 / Jenis kegiatan":
				header = r
			case len(r) > 0 && r[0] == "短期培训 / Pelatihan jangka pendek":
				short = r
			case len(r) > 0 && r[0] == "合计 / Total":
				total = r
			}
		}
		if strings.Join(header, "|") != "活动类型 / Jenis kegiatan|活动数 / Jumlah kegiatan|人数 / Jumlah orang|人日 / Hari-orang|数量 / Kuantitas|价值（元） / Nilai (yuan)" {
			t.Errorf("header = %q", header)
		}
		if strings.Join(short, "|") != "短期培训 / Pelatihan jangka pendek|1|10|30|0|0" {
			t.Errorf("短期培训 = %q", short)
		}
		// 10 + 6 + 1 persons; 30 + 30 + 10 person-days; 3 items worth 1,250,000 yuan.
		if strings.Join(total, "|") != "合计 / Total|4|17|70|3|1250000" {
			t.Errorf("total = %q", total)
		}
		acts, err := f.GetRows("活动")
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) != 5 || acts[0][3] != "活动名称 / Nama kegiatan" {
			t.Errorf("活动 = %q", acts)
		}
	})

	t.Run("OtherSchool404", func(t *testing.T) {
		admin := s.principal(t, "admin", "Passw0rd1")
		str := func(v string) *string { return &v }
		other, err := s.h.Schools.CreateSchool(admin, models.SchoolFields{Code: str("QT"), Name: str("其他职专"), District: str("红桥区"), Level: str("secondary")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.h.Auth.CreateUser(admin, models.UserFields{Username: str("office2"), Role: str("office_admin"), SchoolID: str(other.ID.Hex()),
			Password: str("Passw0rd1")}); err != nil {
			t.Fatal(err)
		}
		b2 := s.browser(t)
		b2.login("office2", "Passw0rd1")
		for _, path := range []string{"/luban-workshops/" + id + "/summary?year=2025", "/luban-workshops/" + id + "/summary.xlsx?year=2025"} {
			if status, _, _ := b2.do("GET", path, nil); status != 404 {
				t.Errorf("%s: status = %d, want 404", path, status)
			}
		}
	})

	t.Run("AuditorReads", func(t *testing.T) {
		a := s.browser(t)
		a.login("auditor", "Passw0rd1")
		if status, _, _ := a.do("GET", "/luban-workshops/"+id+"/summary?year=2025", nil); status != 200 {
			t.Errorf("auditor: status = %d, want 200", status)
		}
	})
}

// rowOf is the <tr> of page's totals table whose header holds label.
func rowOf(t *testing.T, page, label string) string {
	t.Helper()
	table := page[strings.Index(page, `id="totals"`):]
	table = table[:strings.Index(table, "</table>")]
	for _, tr := range strings.Split(table, "<tr>") {
		if strings.Contains(tr, label) {
			return tr
		}
	}
	t.Fatalf("no row %q in the totals", label)
	return ""
}

// cellsOf lists the text of a row's <td> cells.
func cellsOf(tr string) []string {
	var out []string
	for _, part := range strings.Split(tr, "<td")[1:] {
		part = part[strings.Index(part, ">")+1:]
		out = append(out, strings.TrimSpace(part[:strings.Index(part, "</td>")]))
	}
	return out
}
