package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/practice"
)

// teacherView is what teacher.html shows: the teacher, and for the school's
// users (not enterprise users) where the teacher stands under the 5-year rule,
// the window as a timeline, the practice history and the recognitions.
type teacherView struct {
	detailView
	Practice   *teacherPractice
	Dispatches *teacherDispatches
}

// teacherDispatches are the teacher's dispatches abroad for the Luban
// Workshops (鲁班工坊派出), with the days abroad in total.
type teacherDispatches struct {
	Items []historyItem
	Days  int
}

type teacherPractice struct {
	TeacherID, AsOf      string
	Status               badge
	Facts                []pair
	Requirement, Source  string
	Held                 bool // the number applies (or will, once five years in post)
	Timeline             timeline
	History              historyTable
	Recognitions         historyTable
	CanWrite             bool // offer to record practice and a recognition
	PracticeHref, DQHref string
}

// historyTable is the teacher's practice records or recognitions, each row
// ending in its status.
type historyTable struct {
	Columns []string
	Items   []historyItem
	Empty   string
}

// historyItem is one practice record or recognition of the teacher.
type historyItem struct {
	Href  string
	Cells []string
	Badge badge
}

// showTeacher renders a teacher's page: the record, then the practice part.
func (w *Handler) showTeacher(c *fiber.Ctx, t *models.Teacher, d detailView) error {
	v := teacherView{detailView: d}
	if p, _ := models.PrincipalFrom(c.UserContext()); p.Role != models.RoleEnterprise {
		tp, err := w.teacherPractice(c, t, p)
		if err != nil {
			return err
		}
		v.Practice = tp
		if v.Dispatches, err = w.teacherDispatches(c, t); err != nil {
			return err
		}
	}
	return w.render(c, fiber.StatusOK, "teacher", View{Title: "教师：" + d.Title, Data: v})
}

// teacherPractice is the practice part of the page, as of ?asOf= (today when
// absent).
func (w *Handler) teacherPractice(c *fiber.Ctx, t *models.Teacher, p *models.Principal) (*teacherPractice, error) {
	asOf, err := api.AsOf(c)
	if err != nil {
		return nil, err
	}
	ts, err := w.Practice.StandingOf(c.UserContext(), t.ID, asOf)
	if err != nil {
		return nil, err
	}
	id := t.ID.Hex()
	req := w.Practice.Requirement()
	tp := &teacherPractice{TeacherID: id, AsOf: ts.AsOf.String(), Status: standingBadge(ts.Standing), Facts: standingFacts(ts.Standing),
		Requirement: requirementText(req), Source: req.Source, Held: ts.Status != practice.StandingNotRequired,
		CanWrite: p.CanWriteSchool(t.SchoolID), PracticeHref: "/teacher-practices/new?teacherId=" + id, DQHref: "/dual-recognitions/new?teacherId=" + id}
	records, err := w.teacherRecords(c, id)
	if err != nil {
		return nil, err
	}
	inside := map[string]float64{}
	for _, in := range ts.Periods {
		inside[in.ID.Hex()] = in.Days
	}
	tp.Timeline = timelineOf(ts.Standing, records, inside)
	tp.History = historyTable{Columns: []string{"实践企业", "实践形式", "实践期间", "实践天数", "窗口内计入", "状态"}, Empty: "暂无企业实践记录"}
	for i := range records {
		tp.History.Items = append(tp.History.Items, practiceItem(&records[i], inside))
	}
	tp.Recognitions = historyTable{Columns: []string{"等级", "认定机构", "认定日期", "有效期至", "证书编号", "状态"}, Empty: "暂无双师型认定"}
	if tp.Recognitions.Items, err = w.teacherRecognitions(c, id); err != nil {
		return nil, err
	}
	return tp, nil
}

// standingFacts say where the teacher stands, in the order a reader asks.
func standingFacts(st practice.Standing) []pair {
	if st.Status == practice.StandingNotRequired {
		return []pair{{"天数要求", "公共基础课教师和企业兼职教师不作天数要求，定期到企业考察、调研即可（TEP-03）"}}
	}
	out := []pair{{"5年窗口", st.WindowFrom.String() + " 至 " + st.AsOf.String()},
		{"已计天数", days(st.Counted) + " 天（要求 " + strconv.Itoa(st.Required) + " 天）"}}
	if g := gap(st); g > 0 {
		out = append(out, pair{"差额", days(g) + " 天"})
	}
	out = append(out, pair{"不足日期", shortOn(st)})
	if !st.DueFrom.IsZero() {
		out = append(out, pair{"天数要求适用自", st.DueFrom.String() + "（入职满5年）"})
	}
	return append(out, pair{"新教师未先实践", newHire(st)})
}

// teacherRecords are all the teacher's practice records, newest first.
func (w *Handler) teacherRecords(c *fiber.Ctx, teacher string) ([]models.Practice, error) {
	var out []models.Practice
	for page := 1; ; page++ {
		res, err := w.Practice.FindPractices(c.UserContext(), models.PracticeFilter{TeacherID: teacher,
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "-startDate"}})
		if err != nil {
			return nil, err
		}
		out = append(out, res.Items...)
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return out, nil
		}
	}
}

// practiceItem is a practice record in the teacher's history, with what of it
// the window counts.
func practiceItem(pr *models.Practice, inside map[string]float64) historyItem {
	counted := "—"
	if d, ok := inside[pr.ID.Hex()]; ok {
		counted = days(d) + " 天"
	}
	return historyItem{Href: "/teacher-practices/" + pr.ID.Hex(), Badge: practiceBadge(pr),
		Cells: []string{pr.EnterpriseName, labelOf(practiceForms, pr.Form), practicePeriod(pr), strconv.Itoa(pr.PracticeDays) + " 天", counted}}
}

// teacherRecognitions are the teacher's 双师型 recognitions, newest first.
func (w *Handler) teacherRecognitions(c *fiber.Ctx, teacher string) ([]historyItem, error) {
	res, err := w.Practice.FindRecognitions(c.UserContext(), models.RecognitionFilter{TeacherID: teacher,
		ListParams: models.ListParams{PageSize: models.MaxPageSize, Sort: "-recognizedAt"}})
	if err != nil {
		return nil, err
	}
	var out []historyItem
	for i := range res.Items {
		r := &res.Items[i]
		out = append(out, historyItem{Href: "/dual-recognitions/" + r.ID.Hex(), Badge: recognitionBadge(r),
			Cells: []string{labelOf(dualLevels, r.Level), authorityText(r), r.RecognizedAt.String(), validUntil(r), dash(r.CertNo)}})
	}
	return out, nil
}

// teacherDispatches lists where the teacher was sent abroad, newest first, so
// that the days abroad show on the teacher's page.
func (w *Handler) teacherDispatches(c *fiber.Ctx, t *models.Teacher) (*teacherDispatches, error) {
	ds, err := w.Luban.TeacherDispatches(c.UserContext(), t.ID)
	if err != nil {
		return nil, err
	}
	out := &teacherDispatches{}
	for _, d := range ds {
		out.Days += d.Days
		out.Items = append(out.Items, historyItem{Href: "/luban-activities/" + d.ActivityID.Hex(),
			Cells: []string{d.Title, d.WorkshopName, d.StartDate.String(), d.EndDate.String(), strconv.Itoa(d.Days) + " 天"}})
	}
	return out, nil
}
