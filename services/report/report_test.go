package report_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/report"
	"github.com/chanjiao/chanjiao/services/schools"
	tk "github.com/chanjiao/chanjiao/services/servicetest"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var clock = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

func now() time.Time { return clock }

// world is school A with a teacher and a Luban Workshop whose activities feed
// the figures (the report mechanism is the same whatever the area), school B,
// and callers: a staff member who prepares, two office admins, an auditor of A.
type world struct {
	svc                     *report.Service
	luban                   *luban.Service
	store                   *store.Store
	audit                   *audit.Log
	staff, admin1, admin2   context.Context
	auditor, officeB        context.Context
	schoolA, schoolB        bson.ObjectID
	teacher                 *models.Teacher
	training, book, journey *models.Activity
}

func setup(t testing.TB) *world {
	t.Helper()
	s := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(s, now)
	sc := schools.New(s, a, v, now)
	ent := enterprises.New(s, a, v, now)
	pp := people.New(s, a, v, sc, ent, now)
	w := &world{store: s, audit: a, luban: luban.New(s, a, v, sc, pp, now)}
	reg := figures.NewRegistry()
	reg.Register(luban.NewFigures(w.luban, now))
	w.svc = report.New(s, a, figures.New(reg, now), sc, pp, now)
	admin := tk.As(models.RoleSystemAdmin, bson.NilObjectID)
	for i, name := range []string{"天津市某职业学校", "学校B"} {
		school, err := sc.CreateSchool(admin, models.SchoolFields{Code: tk.Str(string(rune('A' + i))), Name: tk.Str(name), District: tk.Str("红桥区"), Level: tk.Str("secondary")})
		tk.Must(t, err)
		if i == 0 {
			w.schoolA = school.ID
		} else {
			w.schoolB = school.ID
		}
	}
	w.staff, w.admin1, w.admin2 = tk.As(models.RoleOfficeStaff, w.schoolA), tk.As(models.RoleOfficeAdmin, w.schoolA), tk.As(models.RoleOfficeAdmin, w.schoolA)
	w.auditor, w.officeB = tk.Auditor(w.schoolA), tk.As(models.RoleOfficeAdmin, w.schoolB)
	var err error
	w.teacher, err = pp.CreateTeacher(w.staff, models.TeacherFields{StaffNo: tk.Str("T1"), Name: tk.Str("李一"), CourseType: tk.Str(models.CourseProfessional),
		Employment: tk.Str(models.EmploymentFullTime), HireDate: tk.Str("2015-09-01")})
	tk.Must(t, err)
	ws, err := w.luban.CreateWorkshop(w.staff, models.WorkshopFields{NameZH: tk.Str("印尼鲁班工坊"), Country: tk.Str("ID"), LocalLang: tk.Str("id"),
		HostInstitutions:    &[]string{"SMK Negeri 2 Ponorogo"},
		ChineseInstitutions: &[]models.ChineseInstitution{{Name: "天津市某职业学校", Role: models.InstitutionLead, IsThisSchool: true}},
		OpenedDate:          tk.Str("2017-12-12"), Status: tk.Str(models.WorkshopOperating)})
	tk.Must(t, err)
	act := func(f models.ActivityFields) *models.Activity {
		f.WorkshopID = tk.Str(ws.ID.Hex())
		x, err := w.luban.CreateActivity(w.staff, f)
		tk.Must(t, err)
		return x
	}
	w.training = act(models.ActivityFields{Type: tk.Str(models.ActivityShortTraining), Title: tk.Str("汽修短训"), StartDate: tk.Str("2025-10-08"), EndDate: tk.Str("2025-10-12"), Persons: tk.Num(8)})
	act(models.ActivityFields{Type: tk.Str(models.ActivityShortTraining), Title: tk.Str("上年短训"), StartDate: tk.Str("2024-10-08"), EndDate: tk.Str("2024-10-09"), Persons: tk.Num(5)})
	w.book = act(models.ActivityFields{Type: tk.Str(models.ActivityTextbook), Title: tk.Str("双语教材"), StartDate: tk.Str("2025-09-01"), EndDate: tk.Str("2026-01-10"), Items: tk.Num(2)})
	w.journey = act(models.ActivityFields{Type: tk.Str(models.ActivityTeacherDispatch), Title: tk.Str("赴印尼指导"), StartDate: tk.Str("2026-03-01"), EndDate: tk.Str("2026-03-10"),
		Teachers: &[]models.DispatchField{{StaffNo: "T1"}}})
	return w
}

func prepare(t testing.TB, w *world, ctx context.Context, reason string) *models.Snapshot {
	t.Helper()
	in := models.PrepareSnapshot{Year: tk.Num(2025)}
	if reason != "" {
		in.Reason = tk.Str(reason)
	}
	snap, err := w.svc.Prepare(ctx, in)
	tk.Must(t, err)
	return snap
}

func figure(t testing.TB, s *models.Snapshot, id string) *models.FrozenFigure {
	t.Helper()
	f, ok := s.Figure(id)
	if !ok {
		t.Fatalf("snapshot has no figure %s", id)
	}
	return f
}

func wantConflict(t testing.TB, err error, field string) {
	t.Helper()
	var ce *models.ConflictError
	if !errors.As(err, &ce) || ce.Field != field {
		t.Fatalf("got %v, want a ConflictError on %s", err, field)
	}
}

func refusals(t testing.TB, w *world, id bson.ObjectID) int {
	t.Helper()
	page, err := w.audit.FindEntries(tk.As(models.RoleSystemAdmin, bson.NilObjectID), models.AuditFilter{Entity: "snapshot", EntityID: id.Hex(), Action: report.ActionRefused})
	tk.Must(t, err)
	return int(page.Total)
}

func TestPrepareFreezesTheReport(t *testing.T) {
	w := setup(t)
	live, err := w.svc.Live(w.staff, "", 2025)
	tk.Must(t, err)
	snap := prepare(t, w, w.staff, "")
	if snap.State != models.SnapshotPrepared || snap.Revision != 1 || len(snap.Manifest) != 64 || snap.SchoolName != "天津市某职业学校" {
		t.Fatalf("snapshot = %+v", snap)
	}
	// 8 trainees × 5 days in 2025, and the previous year's 5 × 2 beside it.
	f := figure(t, snap, "intl_training_person_days")
	if f.Value != 40 || f.Prior.Value != 10 || f.DefinitionVersion == "" || f.Definition == "" {
		t.Fatalf("intl_training_person_days = %+v", f)
	}
	if d := figure(t, snap, "teacher_abroad_person_days"); d.Value != 10 || d.RecordCount != 1 {
		t.Fatalf("teacher_abroad_person_days = %+v", d)
	}
	var rows int
	for _, tb := range live.Tables {
		rows += len(tb.Rows)
	}
	if rows != len(snap.Figures) {
		t.Fatalf("the live report has %d figures, the snapshot %d", rows, len(snap.Figures))
	}
	// The records behind a figure are frozen with their hashes; the teacher is
	// named to the office.
	_, _, refs, err := w.svc.FrozenRecords(w.staff, snap.ID, "teacher_abroad_person_days", "")
	tk.Must(t, err)
	if len(refs) != 1 || refs[0].ID != w.journey.ID.Hex() || len(refs[0].Hash) != 64 || !strings.Contains(refs[0].Label, "李一") {
		t.Fatalf("records = %+v", refs)
	}
	// A second snapshot of the year while one waits is a 409.
	_, err = w.svc.Prepare(w.admin1, models.PrepareSnapshot{Year: tk.Num(2025)})
	wantConflict(t, err, "year")
}

func TestWhoMayPrepareAndApprove(t *testing.T) {
	w := setup(t)
	for name, ctx := range map[string]context.Context{"auditor": w.auditor, "system admin": tk.As(models.RoleSystemAdmin, bson.NilObjectID)} {
		if _, err := w.svc.Prepare(ctx, models.PrepareSnapshot{Year: tk.Num(2025), SchoolID: tk.Str(w.schoolA.Hex())}); !errors.Is(err, models.ErrForbidden) {
			t.Fatalf("%s prepared: %v", name, err)
		}
	}
	_, err := w.svc.Prepare(w.staff, models.PrepareSnapshot{})
	tk.WantFields(t, err, "year")
	snap := prepare(t, w, w.admin1, "")
	// The auditor sees approved snapshots only; school B sees nothing of A's.
	if _, err := w.svc.Get(w.auditor, snap.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("auditor read a prepared snapshot: %v", err)
	}
	if _, err := w.svc.Get(w.officeB, snap.ID); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("school B read A's snapshot: %v", err)
	}
	ok := models.SnapshotDecision{Version: tk.Ver(snap.Version)}
	for name, ctx := range map[string]context.Context{"the preparer": w.admin1, "office staff": w.staff, "the auditor": w.auditor, "school B": w.officeB} {
		if _, err := w.svc.Approve(ctx, snap.ID, ok); !errors.Is(err, models.ErrForbidden) && !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("%s approved: %v", name, err)
		}
	}
	approved, err := w.svc.Approve(w.admin2, snap.ID, ok)
	tk.Must(t, err)
	if approved.State != models.SnapshotApproved || approved.Approved == nil || approved.Manifest != snap.Manifest {
		t.Fatalf("approved = %+v", approved)
	}
	if _, err := w.svc.Get(w.auditor, snap.ID); err != nil {
		t.Fatalf("auditor cannot read the approved snapshot: %v", err)
	}
	page, err := w.svc.List(w.auditor, models.SnapshotFilter{})
	tk.Must(t, err)
	if page.Total != 1 {
		t.Fatalf("auditor lists %d snapshots", page.Total)
	}
}

func TestApprovedSnapshotNeverChanges(t *testing.T) {
	w := setup(t)
	snap := prepare(t, w, w.staff, "")
	approved, err := w.svc.Approve(w.admin1, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version)})
	tk.Must(t, err)
	attempts := []func() error{
		func() error {
			_, err := w.svc.Approve(w.admin2, snap.ID, models.SnapshotDecision{Version: tk.Ver(approved.Version)})
			return err
		},
		func() error {
			_, err := w.svc.Return(w.admin2, snap.ID, models.SnapshotDecision{Version: tk.Ver(approved.Version), Comment: tk.Str("改")})
			return err
		},
		func() error { return w.svc.Delete(w.staff, snap.ID) },
	}
	for i, try := range attempts {
		wantConflict(t, try(), "state")
		if n := refusals(t, w, snap.ID); n != i+1 {
			t.Fatalf("after attempt %d the audit log has %d refusals", i+1, n)
		}
	}
	again, err := w.svc.Get(w.staff, snap.ID)
	tk.Must(t, err)
	if again.Version != approved.Version || again.Manifest != snap.Manifest || again.State != models.SnapshotApproved {
		t.Fatalf("the approved snapshot changed: %+v", again)
	}
	// A correction is a new revision that says why.
	_, err = w.svc.Prepare(w.staff, models.PrepareSnapshot{Year: tk.Num(2025)})
	tk.WantFields(t, err, "reason")
	_, err = w.luban.UpdateActivity(w.staff, w.training.ID, models.ActivityFields{Version: tk.Ver(w.training.Version), Persons: tk.Num(9)})
	tk.Must(t, err)
	fix := prepare(t, w, w.staff, "补录一名学员")
	if fix.Revision != 2 || fix.Supersedes != snap.ID || strings.Join(fix.Changed, " ") != "intl_training_person_days luban_short_training_persons" {
		t.Fatalf("correction = rev %d supersedes %v changed %v", fix.Revision, fix.Supersedes, fix.Changed)
	}
}

func TestReturnNeedsACommentAndAnotherPerson(t *testing.T) {
	w := setup(t)
	snap := prepare(t, w, w.admin1, "")
	_, err := w.svc.Return(w.admin2, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version)})
	tk.WantFields(t, err, "comment")
	if _, err := w.svc.Return(w.admin1, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version), Comment: tk.Str("自己退回")}); !errors.Is(err, models.ErrForbidden) {
		t.Fatalf("the preparer returned it: %v", err)
	}
	back, err := w.svc.Return(w.admin2, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version), Comment: tk.Str("教材数待核实")})
	tk.Must(t, err)
	if back.State != models.SnapshotReturned || back.Returned.Comment != "教材数待核实" {
		t.Fatalf("returned = %+v", back)
	}
	if _, err := w.svc.Approve(w.admin2, snap.ID, models.SnapshotDecision{Version: tk.Ver(back.Version)}); err == nil {
		t.Fatal("a returned snapshot was approved")
	}
	// A returned snapshot can be deleted, records and all, and the year prepared again.
	tk.Must(t, w.svc.Delete(w.staff, snap.ID))
	if n, err := w.store.Collection(store.SnapRecords).Count(context.Background(), bson.D{{Key: "recordsId", Value: back.RecordsID}}); err != nil || n != 0 {
		t.Fatalf("%d frozen record lists left (%v)", n, err)
	}
	prepare(t, w, w.staff, "")
}

func TestDriftAfterEditDeleteAndCreate(t *testing.T) {
	w := setup(t)
	snap := prepare(t, w, w.staff, "")
	snap, err := w.svc.Approve(w.admin1, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version)})
	tk.Must(t, err)
	d, err := w.svc.Drift(w.auditor, snap.ID)
	tk.Must(t, err)
	if !d.Intact || len(d.Figures) != 0 || d.Drifted != 0 {
		t.Fatalf("drift right after approval = %+v", d)
	}
	clock = clock.Add(time.Hour)
	defer func() { clock = clock.Add(-time.Hour) }()
	_, err = w.luban.UpdateActivity(w.staff, w.training.ID, models.ActivityFields{Version: tk.Ver(w.training.Version), Persons: tk.Num(10)})
	tk.Must(t, err)
	tk.Must(t, w.luban.DeleteActivity(w.staff, w.book.ID))
	ws := w.training.WorkshopID.Hex()
	fresh, err := w.luban.CreateActivity(w.staff, models.ActivityFields{WorkshopID: &ws, Type: tk.Str(models.ActivityTextbook), Title: tk.Str("新教材"),
		StartDate: tk.Str("2026-02-01"), EndDate: tk.Str("2026-03-01"), Items: tk.Num(1)})
	tk.Must(t, err)

	d, err = w.svc.Drift(w.auditor, snap.ID)
	tk.Must(t, err)
	got := map[string]report.FigureDrift{}
	for _, f := range d.Figures {
		got[f.ID] = f
	}
	pd := got["intl_training_person_days"]
	if !pd.Drifted || pd.Frozen.Value != 40 || pd.Now.Value != 50 || pd.Changes[report.ChangeEdited] != 1 {
		t.Fatalf("person-days drift = %+v", pd)
	}
	books := got["luban_textbooks"]
	if books.Changes[report.ChangeDeleted] != 1 || books.Changes[report.ChangeCreated] != 1 {
		t.Fatalf("textbook drift = %+v", books)
	}
	for _, r := range books.Records {
		if r.Change == report.ChangeCreated && r.ID != fresh.ID.Hex() || r.Change == report.ChangeDeleted && r.ID != w.book.ID.Hex() {
			t.Fatalf("textbook record %+v", r)
		}
	}
	if _, ok := got["teacher_abroad_person_days"]; ok {
		t.Fatal("an untouched figure shows drift")
	}
	// The approved numbers did not move.
	again, err := w.svc.Get(w.staff, snap.ID)
	tk.Must(t, err)
	if figure(t, again, "intl_training_person_days").Value != 40 || again.Manifest != snap.Manifest {
		t.Fatal("drift changed the snapshot")
	}
}

func TestTamperingInTheStoreIsSeen(t *testing.T) {
	w := setup(t)
	snap := prepare(t, w, w.staff, "")
	// Someone with database access raises a frozen value.
	_, err := w.store.Collection(store.Snapshots).UpdateOne(context.Background(), bson.D{{Key: "_id", Value: snap.ID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "figures.0.value", Value: 999.0}}}})
	tk.Must(t, err)
	_, err = w.svc.Approve(w.admin1, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version)})
	wantConflict(t, err, "manifest")
	d, err := w.svc.Drift(w.staff, snap.ID)
	tk.Must(t, err)
	if d.Intact {
		t.Fatal("a tampered snapshot reads as intact")
	}
}

func TestWorkbookVerifies(t *testing.T) {
	w := setup(t)
	snap := prepare(t, w, w.staff, "")
	snap, err := w.svc.Approve(w.admin1, snap.ID, models.SnapshotDecision{Version: tk.Ver(snap.Version)})
	tk.Must(t, err)
	var buf bytes.Buffer
	_, err = w.svc.Workbook(w.auditor, snap.ID, &buf)
	tk.Must(t, err)
	v, err := w.svc.VerifyWorkbook(w.auditor, bytes.NewReader(buf.Bytes()))
	tk.Must(t, err)
	if !v.Valid || v.ComputedHash != snap.Manifest || v.CoverHash != snap.Manifest || v.StoredHash != snap.Manifest {
		t.Fatalf("verification = %+v", v)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	tk.Must(t, err)
	cover := cellNext(t, x, "封面", "清单根哈希（SHA-256）")
	if cover != snap.Manifest {
		t.Fatalf("cover hash %q", cover)
	}
	// The international table has this year's and last year's person-days.
	row := tableRow(t, x, "国际影响表", "intl_training_person_days")
	if row[5] != "10" || row[6] != "40" || row[7] != "40" {
		t.Fatalf("table row = %q", row)
	}
	// The auditor's records sheet shows a pseudonym, not the teacher.
	defs, _ := x.GetRows("指标定义")
	var sheet string
	for _, r := range defs {
		if r[0] == "teacher_abroad_person_days" {
			sheet = r[8]
		}
	}
	recs, err := x.GetRows(sheet)
	tk.Must(t, err)
	if len(recs) != 3 || strings.Contains(recs[2][7], "李一") || !strings.Contains(recs[2][7], figures.Pseudonym(w.teacher.ID, 2025)) {
		t.Fatalf("records sheet %s = %q", sheet, recs)
	}

	// Change one number and the file no longer verifies.
	tk.Must(t, x.SetCellValue("国际影响表", cellOf(t, x, "国际影响表", "intl_training_person_days", 6), 41))
	var tampered bytes.Buffer
	tk.Must(t, x.Write(&tampered))
	v, err = w.svc.VerifyWorkbook(w.auditor, &tampered)
	tk.Must(t, err)
	if v.Valid || v.ComputedHash == v.CoverHash {
		t.Fatalf("a tampered workbook verified: %+v", v)
	}
	// Rewriting the cover's hash to match does not help: the stored hash differs.
	tk.Must(t, x.SetCellValue("封面", cellOf(t, x, "封面", "清单根哈希（SHA-256）", 1), v.ComputedHash))
	tampered.Reset()
	tk.Must(t, x.Write(&tampered))
	v, err = w.svc.VerifyWorkbook(w.auditor, &tampered)
	tk.Must(t, err)
	if v.Valid || v.StoredHash != snap.Manifest {
		t.Fatalf("a re-hashed workbook verified: %+v", v)
	}
	_, err = w.svc.VerifyWorkbook(w.auditor, strings.NewReader("not a workbook"))
	tk.WantFields(t, err, "file")
}

func TestTablesPlaceEveryFigure(t *testing.T) {
	w := setup(t)
	a, err := w.svc.Live(w.staff, "", 2025)
	tk.Must(t, err)
	names := map[string]bool{}
	for _, tb := range a.Tables {
		names[tb.Name] = true
	}
	for _, want := range []string{"计分卡", "教学资源表", "国际影响表", "国际影响表（鲁班工坊）", "服务贡献表", "落实政策表", "产教融合", "内部管理"} {
		if !names[want] {
			t.Errorf("no table %s", want)
		}
	}
	if len(names) != 8 {
		t.Errorf("tables = %v: a figure names a table the layout does not know", names)
	}
}

// cellOf is the cell in column col (0-based) of the row whose first or second
// cell is key.
func cellOf(t testing.TB, x *excelize.File, sheet, key string, col int) string {
	t.Helper()
	rows, err := x.GetRows(sheet)
	tk.Must(t, err)
	for i, r := range rows {
		if len(r) > 1 && (r[0] == key || r[1] == key) {
			name, err := excelize.CoordinatesToCellName(col+1, i+1)
			tk.Must(t, err)
			return name
		}
	}
	t.Fatalf("%s has no row %s", sheet, key)
	return ""
}

func cellNext(t testing.TB, x *excelize.File, sheet, key string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cellOf(t, x, sheet, key, 1))
	tk.Must(t, err)
	return v
}

func tableRow(t testing.TB, x *excelize.File, sheet, id string) []string {
	t.Helper()
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	tk.Must(t, err)
	for _, r := range rows {
		if len(r) > 1 && r[0] == "指标" && r[1] == id {
			return r
		}
	}
	t.Fatalf("%s has no row %s", sheet, id)
	return nil
}
