package luban_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

// now is 2026-11-26 in China.
func now() time.Time { return time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC) }

// env is school A (红星职专 by name) with full-time teachers T1, T2 and a
// part-time teacher P1, school B with a teacher, and a workshop of A in
// Indonesia.
type env struct {
	svc                    *luban.Service
	schools                *schools.Service
	figs                   *figures.Service
	admin, office, officeB context.Context
	auditor                context.Context
	schoolA, schoolB       bson.ObjectID
	t1, t2, p1, tb         *models.Teacher
	ws                     *models.Workshop
}

func setup(t testing.TB) *env {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	e := &env{svc: luban.New(s, a, v, sc, pp, now), schools: sc}
	reg := figures.NewRegistry()
	reg.Register(luban.NewFigures(e.svc, now))
	e.figs = figures.New(reg, now)
	e.admin = tk.As(models.RoleSystemAdmin, bson.NilObjectID)
	for i, name := range []string{"天津市某职业学校", "学校B"} {
		school, err := sc.CreateSchool(e.admin, models.SchoolFields{Code: tk.Str(string(rune('A' + i))), Name: tk.Str(name), District: tk.Str("红桥区"), Level: tk.Str("secondary")})
		tk.Must(t, err)
		if i == 0 {
			e.schoolA = school.ID
		} else {
			e.schoolB = school.ID
		}
	}
	e.office, e.officeB, e.auditor = tk.As(models.RoleOfficeStaff, e.schoolA), tk.As(models.RoleOfficeAdmin, e.schoolB), tk.Auditor(e.schoolA)
	ent1, err := ent.CreateEnterprise(e.admin, models.EnterpriseFields{CreditCode: tk.Str("9144030071526726XG"), Name: tk.Str("甲公司")})
	tk.Must(t, err)
	teacher := func(office context.Context, no, name, employment string) *models.Teacher {
		f := models.TeacherFields{StaffNo: tk.Str(no), Name: tk.Str(name), CourseType: tk.Str(models.CourseProfessional), Employment: tk.Str(employment),
			HireDate: tk.Str("2015-09-01")}
		if employment == models.EmploymentEnterprisePartTime {
			f.EmployerEnterpriseID = tk.Str(ent1.ID.Hex())
		}
		te, err := pp.CreateTeacher(office, f)
		tk.Must(t, err)
		return te
	}
	e.t1 = teacher(e.office, "T1", "李一", models.EmploymentFullTime)
	e.t2 = teacher(e.office, "T2", "李二", models.EmploymentFullTime)
	e.p1 = teacher(e.office, "P1", "赵兼", models.EmploymentEnterprisePartTime)
	e.tb = teacher(e.officeB, "T1", "王一", models.EmploymentFullTime)
	e.ws, err = e.svc.CreateWorkshop(e.office, indonesia())
	tk.Must(t, err)
	return e
}

func indonesia() models.WorkshopFields {
	return models.WorkshopFields{NameZH: tk.Str("印尼鲁班工坊"), NameLocal: tk.Str("Bengkel Luban Indonesia"), LocalLang: tk.Str("id"), Country: tk.Str("id"),
		HostInstitutions:    &[]string{"SMK Negeri 2 Ponorogo", " "},
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "天津市某职业学校", Role: models.InstitutionLead, IsThisSchool: true}},
		OpenedDate:          tk.Str("2017-12-12"), Status: tk.Str(models.WorkshopOperating)}
}

func wantConflict(t testing.TB, err error, field string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Field != field {
		t.Fatalf("got %v, want a ConflictError on %s", err, field)
	}
}

func TestWorkshopRegister(t *testing.T) {
	e := setup(t)
	if e.ws.Country != "ID" || e.ws.Host() != "SMK Negeri 2 Ponorogo" || len(e.ws.HostInstitutions) != 1 {
		t.Fatalf("workshop = %+v", e.ws)
	}
	if h := e.ws.StatusHistory; len(h) != 1 || h[0].Since.String() != "2017-12-12" {
		t.Fatalf("history = %+v (an operating workshop's status dates from its opening)", h)
	}
	// The same country, host and lead is a duplicate; another host in the same
	// country is another workshop (there are two Indonesian Luban Workshops).
	_, err := e.svc.CreateWorkshop(e.office, indonesia())
	wantConflict(t, err, "hostInstitutions")
	other := indonesia()
	other.HostInstitutions = &[]string{"Universitas Muhammadiyah Jakarta"}
	_, err = e.svc.CreateWorkshop(e.office, other)
	tk.Must(t, err)

	for _, c := range []struct {
		name   string
		change func(f *models.WorkshopFields)
		want   string
	}{
		{"no lead", func(f *models.WorkshopFields) {
			f.ChineseInstitutions = &[]models.ChineseInstitution{{Name: "某校", Role: models.InstitutionCoBuilder}}
		}, "chineseInstitutions"},
		{"two leads", func(f *models.WorkshopFields) {
			f.ChineseInstitutions = &[]models.ChineseInstitution{{Name: "甲", Role: models.InstitutionLead}, {Name: "乙", Role: models.InstitutionLead}}
		}, "chineseInstitutions"},
		{"country not a code", func(f *models.WorkshopFields) { f.Country = tk.Str("印尼") }, "country"},
		{"accepted without a date, opened before the agreement", func(f *models.WorkshopFields) {
			f.Status, f.AgreementDate = tk.Str(models.WorkshopAccepted), tk.Str("2018-01-01")
		}, "acceptedDate openedDate"},
		{"unknown language and status", func(f *models.WorkshopFields) { f.LocalLang, f.Status = tk.Str("xx"), tk.Str("DONE") }, "localLang status"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := indonesia()
			f.HostInstitutions = &[]string{"Host " + c.name}
			c.change(&f)
			_, err := e.svc.CreateWorkshop(e.office, f)
			tk.WantFields(t, err, c.want)
		})
	}
	page, err := e.svc.FindWorkshops(e.office, models.WorkshopFilter{})
	tk.Must(t, err)
	if page.Total != 2 {
		t.Errorf("total = %d, want 2: refused workshops are not written", page.Total)
	}
}

func TestWorkshopStatusAndScope(t *testing.T) {
	e := setup(t)
	ws, err := e.svc.UpdateWorkshop(e.office, e.ws.ID, models.WorkshopFields{Version: tk.Ver(e.ws.Version), Status: tk.Str(models.WorkshopAccepted),
		AcceptedDate: tk.Str("2021-12-20"), StatusSince: tk.Str("2021-12-20")})
	tk.Must(t, err)
	if len(ws.StatusHistory) != 2 || ws.StatusOn(models.DateOf(time.Date(2021, 12, 19, 0, 0, 0, 0, time.UTC))) != models.WorkshopOperating ||
		ws.StatusOn(models.DateOf(time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC))) != models.WorkshopAccepted {
		t.Errorf("history = %+v", ws.StatusHistory)
	}
	_, err = e.svc.UpdateWorkshop(e.office, ws.ID, models.WorkshopFields{Version: tk.Ver(ws.Version), Status: tk.Str(models.WorkshopSuspended), StatusSince: tk.Str("2020-01-01")})
	tk.WantFields(t, err, "statusSince")

	// Another school's office does not see the workshop; an auditor reads but
	// does not write; enterprise users see no workshops.
	if _, err := e.svc.UpdateWorkshop(e.officeB, ws.ID, models.WorkshopFields{Version: tk.Ver(ws.Version), City: tk.Str("x")}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("office B update: %v, want not found", err)
	}
	if _, err := e.svc.FindWorkshopByID(e.auditor, ws.ID); err != nil {
		t.Errorf("auditor read: %v", err)
	}
	if _, err := e.svc.UpdateWorkshop(e.auditor, ws.ID, models.WorkshopFields{Version: tk.Ver(ws.Version), City: tk.Str("x")}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("auditor update: %v, want forbidden", err)
	}
	if _, err := e.svc.FindWorkshops(tk.EnterpriseUser(bson.NewObjectID()), models.WorkshopFilter{}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("enterprise list: %v, want forbidden", err)
	}
	if _, err := e.svc.CreateActivity(e.officeB, training(ws.ID, "2026-03-01", "2026-03-05", 10)); err == nil {
		t.Error("office B recorded an activity on school A's workshop")
	} else {
		tk.WantFields(t, err, "workshopId")
	}
}

func TestSeed(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	// The register is not empty (the Indonesian workshop of setup): nothing is
	// seeded there. A fresh store gets the three workshops, once.
	tk.Must(t, e.svc.Seed(ctx))
	page, err := e.svc.FindWorkshops(e.admin, models.WorkshopFilter{})
	tk.Must(t, err)
	if page.Total != 1 {
		t.Fatalf("seed wrote into a register that had a workshop: %d", page.Total)
	}
	tk.Must(t, e.svc.DeleteWorkshop(e.office, e.ws.ID))
	tk.Must(t, e.svc.Seed(ctx))
	tk.Must(t, e.svc.Seed(ctx))
	page, err = e.svc.FindWorkshops(e.admin, models.WorkshopFilter{})
	tk.Must(t, err)
	if page.Total != 3 {
		t.Fatalf("seeded %d workshops, want 3", page.Total)
	}
	byCountry := map[string]models.Workshop{}
	for _, w := range page.Items {
		byCountry[w.Country] = w
		if !w.SchoolID.IsZero() {
			t.Errorf("%s assigned to a school that does not exist", w.NameZH)
		}
	}
	if ml := byCountry["ML"]; ml.AreaM2 != 400 || ml.AgreementDate.String() != "2019-10-15" || ml.Lead() != "天津医学高等专科学校" {
		t.Errorf("Mali = %+v", ml)
	}
	if ch := byCountry["CH"]; !ch.IsUnconfirmed("hostInstitutions") || ch.Status != models.WorkshopPreparing {
		t.Errorf("Switzerland = %+v", ch)
	}
	if id := byCountry["ID"]; id.Host() != "SMK Negeri 2 Ponorogo" || id.StatusOn(id.AcceptedDate) != models.WorkshopAccepted {
		t.Errorf("Indonesia = %+v", id)
	}
	// Once 红星职专 exists, its two workshops become its own at the next start.
	hx, err := e.schools.CreateSchool(e.admin, models.SchoolFields{Code: tk.Str("HX"), Name: tk.Str("天津市红星职业中等专业学校"), District: tk.Str("红桥区"), Level: tk.Str("secondary")})
	tk.Must(t, err)
	tk.Must(t, e.svc.Seed(ctx))
	own, err := e.svc.FindWorkshops(tk.As(models.RoleOfficeAdmin, hx.ID), models.WorkshopFilter{})
	tk.Must(t, err)
	var names []string
	for _, w := range own.Items {
		names = append(names, w.Country)
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "CH,ML" {
		t.Errorf("红星职专 owns %v, want CH and ML", names)
	}
}

func training(ws bson.ObjectID, start, end string, persons int) models.ActivityFields {
	return models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str(models.ActivityShortTraining), Title: tk.Str("汽修短期培训"),
		StartDate: tk.Str(start), EndDate: tk.Str(end), Persons: tk.Num(persons)}
}

func dispatch(ws bson.ObjectID, title, start, end string, teachers ...models.DispatchField) models.ActivityFields {
	return models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str(models.ActivityTeacherDispatch), Title: tk.Str(title),
		StartDate: tk.Str(start), EndDate: tk.Str(end), Teachers: &teachers}
}

func TestActivityChecks(t *testing.T) {
	e := setup(t)
	ws := e.ws.ID
	for _, c := range []struct {
		name string
		f    models.ActivityFields
		want string
	}{
		{"person-days over persons × days", func() models.ActivityFields {
			f := training(ws, "2026-03-01", "2026-03-05", 10)
			f.PersonDays = tk.Num(51)
			return f
		}(), "personDays"},
		{"training without persons, with a prize", func() models.ActivityFields {
			f := training(ws, "2026-03-01", "2026-03-05", 0)
			f.Award = tk.Str("一等奖")
			return f
		}(), "award persons"},
		{"dispatch with typed counts and an unknown teacher", func() models.ActivityFields {
			f := dispatch(ws, "派出", "2026-03-01", "2026-03-05", models.DispatchField{StaffNo: "T9"})
			f.Persons, f.PersonDays = tk.Num(1), tk.Num(5)
			return f
		}(), "personDays persons teachers[0].staffNo"},
		{"dispatch dates outside the activity, teacher twice", dispatch(ws, "派出", "2026-03-01", "2026-03-05",
			models.DispatchField{StaffNo: "T1", StartDate: "2026-02-28"}, models.DispatchField{StaffNo: "T2"}, models.DispatchField{StaffNo: "T2"}),
			"teachers[0].startDate teachers[2].teacherId"},
		{"another school's teacher", dispatch(ws, "派出", "2026-03-01", "2026-03-05", models.DispatchField{TeacherID: e.tb.ID.Hex()}), "teachers[0].teacherId"},
		{"adopted without a date, no kind", models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str(models.ActivityStandard), Title: tk.Str("汽修专业教学标准"),
			StartDate: tk.Str("2026-01-01"), EndDate: tk.Str("2026-06-30"), Items: tk.Num(1), RecognizedBy: tk.Str("印尼教育部")}, "adoptedOn standardKind"},
		{"enrolment over two days, unknown type", models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str("DEGREE"), Title: tk.Str("x"),
			StartDate: tk.Str("2026-01-01")}, "type"},
		{"enrolment over two days", models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str(models.ActivityDegree), Title: tk.Str("在籍"),
			StartDate: tk.Str("2026-01-01"), EndDate: tk.Str("2026-01-02"), Persons: tk.Num(30)}, "endDate"},
		{"impossible date, no workshop", models.ActivityFields{Type: tk.Str(models.ActivityVisitIn), Title: tk.Str("来访"),
			StartDate: tk.Str("2026-02-30"), EndDate: tk.Str("2026-03-01"), Persons: tk.Num(3)}, "startDate workshopId"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.svc.CreateActivity(e.office, c.f)
			tk.WantFields(t, err, c.want)
		})
	}
	page, err := e.svc.FindActivities(e.office, models.ActivityFilter{})
	tk.Must(t, err)
	if page.Total != 0 {
		t.Fatalf("%d activities written by refused requests", page.Total)
	}
	// Person-days default to persons × days.
	a, err := e.svc.CreateActivity(e.office, training(ws, "2026-03-01", "2026-03-05", 10))
	tk.Must(t, err)
	if a.PersonDays != 50 || a.WorkshopName != "印尼鲁班工坊" || a.SchoolID != e.schoolA {
		t.Errorf("activity = %+v", a)
	}
	// An auditor reads but may not change it; office B does not see it.
	if _, err := e.svc.UpdateActivity(e.auditor, a.ID, models.ActivityFields{Version: tk.Ver(a.Version), Title: tk.Str("x")}); !errors.Is(err, models.ErrForbidden) {
		t.Errorf("auditor update: %v", err)
	}
	if _, err := e.svc.UpdateActivity(e.officeB, a.ID, models.ActivityFields{Version: tk.Ver(a.Version), Title: tk.Str("x")}); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("office B update: %v", err)
	}
}

func TestDispatchDays(t *testing.T) {
	e := setup(t)
	ws := e.ws.ID
	// T1 across the year boundary: 20 Aug – 10 Sep 2026 is 22 days, 12 in
	// 2025-2026 and 10 in 2026-2027; T2 only the first week.
	a, err := e.svc.CreateActivity(e.office, dispatch(ws, "第一次派出", "2026-08-20", "2026-09-10",
		models.DispatchField{StaffNo: "T1"}, models.DispatchField{TeacherID: e.t2.ID.Hex(), StartDate: "2026-08-20", EndDate: "2026-08-26"}))
	tk.Must(t, err)
	if a.Persons != 2 || a.PersonDays != 29 || a.Teachers[0].Days != 22 || a.Teachers[1].Days != 7 {
		t.Fatalf("dispatch = persons %d, person-days %d, %+v", a.Persons, a.PersonDays, a.Teachers)
	}
	// T1 again later: both count. Overlapping the first: refused, nothing written.
	_, err = e.svc.CreateActivity(e.office, dispatch(ws, "第二次派出", "2027-03-01", "2027-03-10", models.DispatchField{StaffNo: "T1"}))
	tk.Must(t, err)
	_, err = e.svc.CreateActivity(e.office, dispatch(ws, "重叠派出", "2026-09-10", "2026-09-12", models.DispatchField{StaffNo: "T1"}))
	wantConflict(t, err, "teachers[0].teacherId")
	// A part-time teacher's days are recorded but not counted as 专任教师's.
	_, err = e.svc.CreateActivity(e.office, dispatch(ws, "兼职教师派出", "2026-10-01", "2026-10-05", models.DispatchField{StaffNo: "P1"}))
	tk.Must(t, err)

	for _, c := range []struct {
		year int
		want float64
	}{{2025, 12 + 7}, {2026, 10 + 10}} {
		f := figure(t, e, c.year, "teacher_abroad_person_days")
		if f.Value != c.want {
			t.Errorf("%d: teacher_abroad_person_days = %v, want %v (records %+v)", c.year, f.Value, c.want, f.Records)
		}
	}
	ds, err := e.svc.TeacherDispatches(e.office, e.t1.ID)
	tk.Must(t, err)
	if len(ds) != 2 || ds[0].Title != "第二次派出" || ds[0].Days != 10 || ds[1].Days != 22 {
		t.Errorf("T1's dispatches = %+v", ds)
	}
}

func figure(t testing.TB, e *env, year int, id string) figures.Figure {
	t.Helper()
	rep, err := e.figs.Compute(e.office, "", year)
	tk.Must(t, err)
	for _, f := range rep.Figures {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no figure %s", id)
	return figures.Figure{}
}

func part(f figures.Figure, key string) float64 {
	for _, p := range f.Parts {
		if p.Key == key {
			return p.Value
		}
	}
	return -1
}

func TestFigures(t *testing.T) {
	e := setup(t)
	ws := e.ws.ID
	create := func(f models.ActivityFields) {
		t.Helper()
		_, err := e.svc.CreateActivity(e.office, f)
		tk.Must(t, err)
	}
	act := func(typ, title, start, end string, set func(f *models.ActivityFields)) {
		t.Helper()
		f := models.ActivityFields{WorkshopID: tk.Str(ws.Hex()), Type: tk.Str(typ), Title: tk.Str(title), StartDate: tk.Str(start), EndDate: tk.Str(end)}
		set(&f)
		create(f)
	}
	// 2025-2026: a training over the year's end (10 persons, 27 Aug – 5 Sep
	// 2026: 100 person-days, 50 inside), local teachers (4 × 5 days), two
	// enrolment counts (the later one stands), two standards of which one is
	// adopted, a prize and a competition without one, equipment, visits.
	create(training(ws, "2026-08-27", "2026-09-05", 10))
	act(models.ActivityLocalTeachers, "本土教师来津培训", "2026-04-01", "2026-04-05", func(f *models.ActivityFields) { f.Persons = tk.Num(4) })
	act(models.ActivityDegree, "秋季在籍", "2025-10-01", "", func(f *models.ActivityFields) { f.Persons = tk.Num(500) })
	act(models.ActivityDegree, "春季在籍", "2026-03-01", "", func(f *models.ActivityFields) { f.Persons = tk.Num(540) })
	act(models.ActivityStandard, "汽车专业教学标准", "2025-09-01", "2026-01-31", func(f *models.ActivityFields) {
		f.Items, f.StandardKind, f.RecognizedBy, f.AdoptedOn = tk.Num(1), tk.Str(models.StandardTeaching), tk.Str("印尼教育与文化部"), tk.Str("2026-05-10")
	})
	act(models.ActivityStandard, "无人机课程标准", "2025-09-01", "2026-06-30", func(f *models.ActivityFields) {
		f.Items, f.StandardKind = tk.Num(2), tk.Str(models.StandardCurriculum)
	})
	act(models.ActivityCompetition, "东爪哇职业技能大赛", "2026-05-01", "2026-05-03", func(f *models.ActivityFields) { f.Items, f.Award = tk.Num(2), tk.Str("一等奖1项、二等奖1项") })
	act(models.ActivityCompetition, "雅加达技能大赛", "2026-06-01", "2026-06-02", func(f *models.ActivityFields) {})
	act(models.ActivityEquipment, "汽修实训设备", "2026-02-01", "2026-02-01", func(f *models.ActivityFields) {
		v := int64(123456789)
		f.Items, f.ValueFen = tk.Num(3), &v
	})
	act(models.ActivityVisitIn, "印尼校长来访", "2026-04-10", "2026-04-12", func(f *models.ActivityFields) { f.Persons = tk.Num(6) })
	act(models.ActivityVisitOut, "赴印尼交流", "2026-07-10", "2026-07-15", func(f *models.ActivityFields) { f.Persons = tk.Num(3) })
	// Switzerland is only preparing: counted by status, not as operating.
	ch, err := e.svc.CreateWorkshop(e.office, models.WorkshopFields{NameZH: tk.Str("瑞士鲁班工坊"), LocalLang: tk.Str("de"), Country: tk.Str("CH"),
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "天津市某职业学校", Role: models.InstitutionLead, IsThisSchool: true}},
		Status:              tk.Str(models.WorkshopPreparing), StatusSince: tk.Str("2021-12-10")})
	tk.Must(t, err)

	for _, c := range []struct {
		id   string
		want float64
	}{
		{"luban_workshop_count", 1},
		{"luban_workshop_status_count", 2},
		{"luban_degree_students", 540},
		{"intl_training_person_days", 50 + 20},
		{"luban_short_training_persons", 10},
		{"luban_local_teachers_trained", 4},
		{"intl_standards_adopted", 1},
		{"luban_standards_developed", 3},
		{"intl_competition_awards", 2},
		{"luban_equipment_value", 123.46},
		{"luban_visits", 9},
		{"teacher_abroad_person_days", 0},
		{"luban_activity_count", 11}, // every activity above, each once
	} {
		if f := figure(t, e, 2025, c.id); f.Value != c.want {
			t.Errorf("2025 %s = %v, want %v", c.id, f.Value, c.want)
		}
	}
	if f := figure(t, e, 2025, "luban_workshop_status_count"); part(f, models.WorkshopPreparing) != 1 || part(f, models.WorkshopOperating) != 1 {
		t.Errorf("by status = %+v", f.Parts)
	}
	if f := figure(t, e, 2025, "intl_standards_adopted"); part(f, models.StandardTeaching) != 1 || part(f, "ws:"+ws.Hex()) != 1 {
		t.Errorf("adopted parts = %+v", f.Parts)
	}
	if f := figure(t, e, 2025, "luban_standards_developed"); part(f, "adopted") != 1 || part(f, "not_adopted") != 2 {
		t.Errorf("developed parts = %+v", f.Parts)
	}
	if f := figure(t, e, 2025, "luban_visits"); part(f, "in") != 6 || part(f, "out") != 3 {
		t.Errorf("visit parts = %+v", f.Parts)
	}
	if f := figure(t, e, 2025, "luban_activity_count"); part(f, "ws:"+ws.Hex()) != 11 || part(f, "ws:"+ws.Hex()+"/"+models.ActivityDegree) != 2 ||
		part(f, "ws:"+ws.Hex()+"/"+models.ActivityVisitOut) != 1 || len(f.Parts) != 1+8 || f.Parts[1].Label != e.ws.NameZH+" · 学历教育" {
		t.Errorf("activities by workshop and type = %+v", f.Parts)
	}
	if f := figure(t, e, 2026, "luban_activity_count"); f.Value != 1 || f.Records[0].Label != e.ws.NameZH+" · 短期培训 · "+f.Records[0].Label[strings.LastIndex(f.Records[0].Label, " · ")+len(" · "):] {
		t.Errorf("2026 activities = %v %+v, want the training only", f.Value, f.Records)
	}
	// 2026-2027 gets the training's other half only.
	if f := figure(t, e, 2026, "intl_training_person_days"); f.Value != 50 || f.RecordCount != 1 {
		t.Errorf("2026 intl_training_person_days = %v (%d records)", f.Value, f.RecordCount)
	}
	// Records open to the workshop and the activities behind the figure.
	f, refs, err := e.figs.Records(e.office, "luban_workshop_status_count", "", "", 2025)
	tk.Must(t, err)
	if f.Value != 2 || len(refs) != 2 || !slices.ContainsFunc(refs, func(r figures.Ref) bool { return r.ID == ch.ID.Hex() && r.Kind == "workshop" }) {
		t.Errorf("records = %+v", refs)
	}
	// School B has none of it.
	rep, err := e.figs.Compute(e.officeB, "", 2025)
	tk.Must(t, err)
	for _, f := range rep.Figures {
		if f.Value != 0 {
			t.Errorf("school B %s = %v", f.ID, f.Value)
		}
	}
}

func TestSummary(t *testing.T) {
	e := setup(t)
	_, err := e.svc.CreateActivity(e.office, training(e.ws.ID, "2026-08-27", "2026-09-05", 10))
	tk.Must(t, err)
	_, err = e.svc.CreateActivity(e.office, training(e.ws.ID, "2026-10-01", "2026-10-02", 5))
	tk.Must(t, err)
	sum, err := e.svc.Summary(e.office, e.ws.ID, 2026)
	tk.Must(t, err)
	if len(sum.Activities) != 2 || len(sum.Lines) != 1 || sum.Lines[0].PersonDays != 50+10 || sum.Lines[0].Persons != 15 {
		t.Errorf("summary = %+v", sum.Lines)
	}
	if _, err := e.svc.Summary(e.officeB, e.ws.ID, 2026); !errors.Is(err, models.ErrNotFound) {
		t.Errorf("office B summary: %v", err)
	}
}
