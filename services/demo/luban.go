package demo

import (
	"fmt"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// activity is one Luban activity as the office records it once it is over.
type activity struct {
	kind, title         string
	from, to            models.Date // to zero for a stock taken on one day
	persons, items      int
	valueFen            int64
	teachers            []*teacher // dispatched, the last one home after two weeks
	standard, adoptedBy string
	adopted             models.Date
	award               string
	workshop            *models.Workshop
	school              *school
}

// luban records each demo year's activities of the schools' workshops: at 红星
// the Mali workshop (运营) teaches traditional Chinese medicine and nursing and
// the Switzerland one (运营准备) is being prepared; at 东丽 the Indonesia one
// (验收通过) teaches automotive maintenance.
func (g *gen) luban() error {
	for _, sc := range []*school{g.main, g.second} {
		page, err := g.svc.luban.FindWorkshops(g.as(sc.office), models.WorkshopFilter{ListParams: models.ListParams{PageSize: models.MaxPageSize}})
		if err != nil {
			return err
		}
		for i := range page.Items {
			w := &page.Items[i]
			for _, y := range g.years {
				for _, a := range g.activities(sc, w, y) {
					if err := g.record(a); err != nil {
						return fmt.Errorf("%s %s: %w", w.NameZH, a.title, err)
					}
				}
			}
		}
	}
	return nil
}

// activities are workshop w's activities in year y, by its country.
func (g *gen) activities(sc *school, w *models.Workshop, y int) []activity {
	var out []activity
	switch w.Country {
	case "ML":
		out = g.mali(y)
	case "CH":
		out = []activity{
			{kind: models.ActivityVisitOut, title: "赴瑞士洽谈鲁班工坊建设合作", from: day(y+1, time.May, 18), to: day(y+1, time.May, 24), persons: 4},
			{kind: models.ActivityCourseResource, title: "健康照护课程资源（德文版）建设", from: day(y, time.October, 8), to: day(y+1, time.June, 30), items: 5},
		}
	case "ID":
		out = g.indonesia(y)
	}
	for i := range out {
		out[i].workshop, out[i].school = w, sc
	}
	return out
}

// mali is a year of the Mali workshop (中医药, 护理).
func (g *gen) mali(y int) []activity {
	nurses := g.main.major("720201").teachers
	kind, name := models.StandardTeaching, "中医推拿专业教学标准（法文版）"
	if y%2 == 1 {
		kind, name = models.StandardCurriculum, "针灸推拿课程标准（法文版）"
	}
	return []activity{
		{kind: models.ActivityDegree, title: fmt.Sprintf("%d—%d学年中医药专业学历教育在籍人数", y, y+1), from: day(y, time.October, 15), persons: 48 + 12*(y-2019)},
		{kind: models.ActivityShortTraining, title: fmt.Sprintf("中医适宜技术短期培训班（%d年）", y), from: day(y, time.November, 10), to: day(y, time.November, 21), persons: 30 + y%5},
		{kind: models.ActivityLocalTeachers, title: "马里本土教师来津研修", from: day(y+1, time.April, 7), to: day(y+1, time.April, 26), persons: 4},
		{kind: models.ActivityTeacherDispatch, title: "赴马里开展中医护理教学指导", from: day(y+1, time.March, 2), to: day(y+1, time.March, 29),
			teachers: []*teacher{nurses[y%len(nurses)], nurses[(y+3)%len(nurses)]}},
		{kind: models.ActivityStandard, title: name, from: day(y, time.September, 15), to: day(y+1, time.March, 31), items: 1,
			standard: kind, adoptedBy: "马里高等教育与科学研究部", adopted: day(y+1, time.May, 20)},
		{kind: models.ActivityTextbook, title: "中法双语教材《中医护理基础》等", from: day(y, time.September, 1), to: day(y+1, time.June, 30), items: 2},
		{kind: models.ActivityCourseResource, title: "中医护理在线课程资源", from: day(y, time.October, 1), to: day(y+1, time.June, 30), items: 12},
		{kind: models.ActivityEquipment, title: "中医康复实训设备援助", from: day(y+1, time.May, 10), to: day(y+1, time.May, 20), items: 15, valueFen: 68_000_000},
		{kind: models.ActivityCompetition, title: "马里全国职业技能大赛（传统医学赛项）", from: day(y+1, time.June, 6), to: day(y+1, time.June, 7), items: 1, award: "二等奖"},
		{kind: models.ActivityVisitIn, title: "马里卫生部代表团来校交流", from: day(y+1, time.April, 20), to: day(y+1, time.April, 24), persons: 8},
		{kind: models.ActivityVisitOut, title: "学校代表团赴马里工坊调研", from: day(y, time.December, 1), to: day(y, time.December, 7), persons: 5},
		{kind: models.ActivityEnterpriseServed, title: "为在马中资企业员工提供健康服务", from: day(y, time.September, 1), to: day(y+1, time.August, 20), items: 3},
	}
}

// indonesia is a year of the Indonesia workshop (汽车运用与维修).
func (g *gen) indonesia(y int) []activity {
	mechanics := g.second.major("700206").teachers
	return []activity{
		{kind: models.ActivityDegree, title: fmt.Sprintf("%d—%d学年汽车运用与维修专业学历教育在籍人数", y, y+1), from: day(y, time.September, 20), persons: 540 + 20*(y-2022)},
		{kind: models.ActivityShortTraining, title: "新能源汽车维修技术短期培训", from: day(y, time.October, 13), to: day(y, time.October, 22), persons: 25},
		{kind: models.ActivityTeacherDispatch, title: "赴印尼开展汽车维修实训教学", from: day(y+1, time.April, 6), to: day(y+1, time.April, 30),
			teachers: []*teacher{mechanics[y%len(mechanics)], mechanics[(y+1)%len(mechanics)]}},
		{kind: models.ActivityTextbook, title: "中印尼双语教材《汽车发动机维修》等", from: day(y, time.September, 1), to: day(y+1, time.June, 30), items: 2},
		{kind: models.ActivityStandard, title: "汽车运用与维修专业教学标准（印尼文版）修订", from: day(y, time.October, 1), to: day(y+1, time.March, 31), items: 1,
			standard: models.StandardTeaching, adoptedBy: "印度尼西亚东爪哇省教育厅", adopted: day(y+1, time.June, 10)},
		{kind: models.ActivityCompetition, title: "东爪哇省职业技能大赛汽车维修项目", from: day(y+1, time.May, 14), to: day(y+1, time.May, 15), items: 1, award: "一等奖"},
	}
}

// record enters an activity as the school's office, a few days after it is
// over (after the adoption, for a standard), within the calendar.
func (g *gen) record(a activity) error {
	last := a.to
	if last.IsZero() {
		last = a.from
	}
	if a.adopted.After(last) {
		last = a.adopted
	}
	at := on(last.AddDays(3), 10, 0)
	if at.After(end()) {
		at = end()
	}
	f := models.ActivityFields{WorkshopID: ptr(a.workshop.ID.Hex()), Type: ptr(a.kind), Title: ptr(a.title), StartDate: ptr(a.from.String()),
		Evidence: &[]string{"活动照片", "签到表"}}
	if !a.to.IsZero() {
		f.EndDate = ptr(a.to.String())
	}
	if a.persons > 0 {
		f.Persons = ptr(a.persons)
	}
	if a.items > 0 {
		f.Items = ptr(a.items)
	}
	if a.valueFen > 0 {
		f.ValueFen = ptr(a.valueFen)
	}
	if a.standard != "" {
		f.StandardKind, f.RecognizedBy, f.AdoptedOn = ptr(a.standard), ptr(a.adoptedBy), ptr(a.adopted.String())
	}
	if a.award != "" {
		f.Award = ptr(a.award)
	}
	if len(a.teachers) > 0 {
		ds := make([]models.DispatchField, len(a.teachers))
		for i, t := range a.teachers {
			ds[i] = models.DispatchField{TeacherID: t.rec.ID.Hex()}
		}
		ds[len(ds)-1].EndDate = a.from.AddDays(13).String() // home after two weeks
		f.Teachers = &ds
	}
	if _, err := g.svc.luban.CreateActivity(g.at(at, a.school.office), f); err != nil {
		return err
	}
	g.sum.Activities++
	return nil
}
