package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// pilot is a certificate a school pilots for some of its majors, from a year
// on (0: every demo year): a 1+X certificate of the seeded catalogue, or a
// 职业技能等级认定 occupation (skill). Its certificate numbers start with
// prefix; a few students of the outside major register without the pilot.
type pilot struct {
	school  *school
	cert    string
	skill   *skillSpec
	majors  []string
	from    int
	prefix  string
	outside string
	entry   *models.CertEntry
}

// skillSpec is a 职业技能等级认定 occupation the schools assess their grade-3
// students in, at 四级, for the majors named.
type skillSpec struct {
	code, name string
	levels     []string
	majors     []string
}

var skillSpecs = []skillSpec{
	{code: "4-12-01-01", name: "汽车维修工", levels: []string{"四级", "三级"}, majors: []string{"700206"}},
	{code: "4-10-01-05", name: "养老护理员", levels: []string{"四级", "三级"}, majors: []string{"720201"}},
	{code: "4-01-02-02", name: "电子商务师", levels: []string{"四级"}, majors: []string{"730701"}},
	{code: "4-03-02-01", name: "中式烹调师", levels: []string{"四级", "三级"}, majors: []string{"740201"}},
}

// newPilots are the schools' pilots: one of the seeded first batch of 1+X
// certificates for each of 红星's majors (智能财税 added for 电子商务 in 2024,
// which a few 计算机应用 students take too), the automotive one at 东丽, and
// each school's skill occupations.
func (g *gen) newPilots() []*pilot {
	ps := []*pilot{
		{school: g.main, cert: "Web前端开发职业技能等级证书", majors: []string{"710201"}, prefix: "WEB"},
		{school: g.main, cert: "汽车运用与维修（含智能新能源汽车）职业技能等级证书", majors: []string{"700206"}, prefix: "QCYW"},
		{school: g.main, cert: "老年照护职业技能等级证书", majors: []string{"720201"}, prefix: "LNZH"},
		{school: g.main, cert: "物流管理职业技能等级证书", majors: []string{"730701"}, prefix: "WLGL"},
		{school: g.main, cert: "智能财税职业技能等级证书", majors: []string{"730701"}, from: 2024, prefix: "ZNCS", outside: "710201"},
		{school: g.second, cert: "汽车运用与维修（含智能新能源汽车）职业技能等级证书", majors: []string{"700206"}, prefix: "QCYW"},
	}
	for _, branch := range g.all[2:] { // 红星's branches pilot what 红星 pilots
		for _, p := range ps[:5] {
			c := *p
			c.school = branch
			ps = append(ps, &c)
		}
	}
	for i := range skillSpecs {
		s := &skillSpecs[i]
		for _, sc := range g.all {
			var majors []string
			for _, m := range sc.majors {
				if slices.Contains(s.majors, m.code) {
					majors = append(majors, m.code)
				}
			}
			if len(majors) > 0 {
				ps = append(ps, &pilot{school: sc, cert: s.name, skill: s, majors: majors, prefix: "JN" + strings.ReplaceAll(s.code, "-", "")})
			}
		}
	}
	return ps
}

// catalogue adds the skill occupations to the certificate catalogue and finds
// the entries the pilots name.
func (g *gen) catalogue() error {
	ctx := g.at(start(g.opts.Years).Add(4*time.Hour), g.system)
	skills := map[string]*models.CertEntry{}
	for _, s := range skillSpecs {
		e, err := g.svc.certs.CreateEntry(ctx, models.CertEntryFields{Type: ptr(models.CertSkill), OccupationCode: ptr(s.code),
			OccupationName: ptr(s.name), EvaluationOrg: ptr("天津市职业技能等级认定指导中心（示例）"), Levels: ptr(s.levels),
			Source: ptr("《中华人民共和国职业分类大典（2022年版）》")})
		if err != nil {
			return err
		}
		skills[s.code] = e
	}
	page, err := g.svc.certs.FindEntries(ctx, models.CertEntryFilter{Type: models.CertX, ListParams: models.ListParams{PageSize: models.MaxPageSize}})
	if err != nil {
		return err
	}
	g.pilotList = g.newPilots()
	for _, p := range g.pilotList {
		if p.skill != nil {
			p.entry = skills[p.skill.code]
			continue
		}
		i := slices.IndexFunc(page.Items, func(e models.CertEntry) bool { return e.Name == p.cert })
		if i < 0 {
			return fmt.Errorf("the catalogue has no %s", p.cert)
		}
		p.entry = &page.Items[i]
	}
	return nil
}

// pilots records, at the start of each demo year, the pilots of that year.
func (g *gen) pilots() error {
	for _, y := range g.years {
		for i, p := range g.pilotList {
			if p.from > y {
				continue
			}
			ctx := g.at(on(day(y, time.September, 20), 10, i), p.school.office)
			_, err := g.svc.certs.CreatePilot(ctx, models.PilotFields{EntryID: ptr(p.entry.ID.Hex()), SchoolYear: ptr(y), MajorCodes: &p.majors,
				ApprovalRef: ptr(fmt.Sprintf("津职教函〔%d〕%d号", y, 30+i)), AssessmentSite: ptr(p.school.spec.name + "考核站点")})
			if err != nil {
				return err
			}
			g.sum.Pilots++
		}
	}
	return nil
}

// trainings records each year's 1+X teacher training: for every pilot of 红星 and its branches,
// two of the major's teachers as trainers in October and one as assessor in
// July.
func (g *gen) trainings() error {
	for _, y := range g.years {
		for i, p := range g.pilotList {
			if p.from > y || p.school == g.second || p.skill != nil {
				continue
			}
			m := p.school.major(p.majors[0])
			short := strings.TrimSuffix(p.cert, "职业技能等级证书")
			runs := []struct {
				role  string
				start models.Date
				t     *teacher
			}{
				{models.TrainingTrainer, weekdayOnOrAfter(day(y, time.October, 12), time.Monday), m.teachers[(y+i)%len(m.teachers)]},
				{models.TrainingTrainer, weekdayOnOrAfter(day(y, time.October, 12), time.Monday), m.teachers[(y+i+1)%len(m.teachers)]},
				{models.TrainingAssessor, weekdayOnOrAfter(day(y+1, time.July, 6), time.Monday), m.teachers[(y+i+2)%len(m.teachers)]},
			}
			for n, run := range runs {
				ctx := g.at(on(run.start.AddDays(6), 15, n), p.school.office)
				_, err := g.svc.certs.CreateTraining(ctx, models.TrainingFields{TeacherID: ptr(run.t.rec.ID.Hex()), EntryID: ptr(p.entry.ID.Hex()),
					Event: ptr(fmt.Sprintf("%s师资培训（%d年）", short, run.start.Time().Year())), StartDate: ptr(run.start.String()),
					EndDate: ptr(run.start.AddDays(4).String()), Role: ptr(run.role), AttendanceRef: ptr(fmt.Sprintf("PX%d%02d%d", y, i, n))})
				if err != nil {
					return err
				}
				g.sum.Trainings++
			}
		}
	}
	return nil
}

// major is the school's major with code.
func (sc *school) major(code string) *major {
	for _, m := range sc.majors {
		if m.code == code {
			return m
		}
	}
	panic("demo: no major " + code)
}

// saturday is the first Saturday on or after y-m-d.
func saturday(y int, m time.Month, d int) models.Date {
	return weekdayOnOrAfter(day(y, m, d), time.Saturday)
}
