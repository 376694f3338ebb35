package demo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// school is a school as loaded, with what later steps need of it.
type school struct {
	spec     schoolSpec
	id       bson.ObjectID
	office   *models.Principal // the demo acting as the school's office admin
	majors   []*major
	teachers []*teacher // in 工号 order
	students []*student // in 学号 order
}

// major is one of a school's majors, with its students by entry year and its
// teachers.
type major struct {
	majorSpec
	school   *school
	cohorts  map[int][]*student
	teachers []*teacher // its professional-course teachers and 实习指导教师
}

// firm is an enterprise as loaded, with its staff mentors (企业指导人员),
// who are named on placements but have no record of their own.
type firm struct {
	firmSpec
	rec     *models.Enterprise
	mentors []mentor
}

type mentor struct{ name, phone string }

// schools creates the two schools, as the system admin would, on the day the
// demo's calendar starts.
func (g *gen) schools() error {
	ctx := g.at(start(g.opts.Years), g.system)
	for _, spec := range append([]schoolSpec{hongxing, dongli}, branches(g.opts.District)...) {
		rec, err := g.svc.schools.CreateSchool(ctx, models.SchoolFields{Code: &spec.code, Name: &spec.name, District: &spec.district,
			Level: ptr(models.SchoolSecondary)})
		if err != nil {
			return err
		}
		sc := &school{spec: spec, id: rec.ID, office: principal(models.RoleOfficeAdmin, rec.ID)}
		switch spec.code {
		case hongxing.code:
			g.main = sc
		case dongli.code:
			g.second = sc
		}
		g.all = append(g.all, sc)
		g.sum.Schools++
	}
	g.sum.mainSchool, g.sum.secondSchool = g.main.id, g.second.id
	return nil
}

// branches are n schools like 红星 for a larger district: the same majors and
// teachers under their own code, name and 学号 prefix.
func branches(n int) []schoolSpec {
	out := make([]schoolSpec, n)
	for i := range out {
		s := hongxing
		s.code = fmt.Sprintf("HX12010600%02d", i+2)
		s.name = fmt.Sprintf("天津市红星职业中等专业学校第%d分校", i+1)
		s.prefix = fmt.Sprintf("H%c", 'A'+i%26)
		if i >= 26 {
			s.prefix = fmt.Sprintf("H%02d", i)
		}
		out[i] = s
	}
	return out
}

// ids are the ids of every school loaded.
func (g *gen) ids() []bson.ObjectID {
	out := make([]bson.ObjectID, len(g.all))
	for i, sc := range g.all {
		out[i] = sc.id
	}
	return out
}

// seeds runs the start-up seeds, which do nothing when the server has run
// them; the Luban seed also gives the seeded workshops to the schools now
// that they exist (Mali and Switzerland to 红星, Indonesia to 东丽).
func (g *gen) seeds() error {
	ctx := g.at(start(g.opts.Years), g.system)
	if err := g.svc.certs.Seed(ctx); err != nil {
		return err
	}
	if err := g.svc.rules.Seed(ctx); err != nil {
		return err
	}
	if err := g.ruleSet2016(ctx); err != nil {
		return err
	}
	return g.svc.luban.Seed(ctx)
}

// ruleSet2016 adds the parameters of the regulation the 2021 one replaced, for
// placements that began before 31 December 2021 (a load of five years starts
// in 2021): the same defaults, but the guardian's consent asked for minors only.
func (g *gen) ruleSet2016(ctx context.Context) error {
	_, err := g.svc.rules.CreateRuleSet(ctx, models.RuleSetFields{Version: ptr("2016"), EffectiveFrom: ptr("2016-04-11"),
		Source: ptr("《职业学校学生实习管理规定》（教职成〔2016〕3号），2021年12月31日起由教职成〔2021〕4号替代；" +
			"参数沿用2021.1的默认值，惟2016年版只要求未成年学生的监护人知情同意"),
		Params: map[string]any{"consentAdultExempt": true}})
	return err
}

// majors adds each school's majors.
func (g *gen) majors() error {
	for _, sc := range g.all {
		ctx := g.at(start(g.opts.Years), sc.office)
		for _, spec := range sc.spec.majors {
			_, err := g.svc.people.CreateMajor(ctx, models.MajorFields{Code: ptr(spec.code), Name: ptr(spec.name), Level: ptr(models.LevelSecondary)})
			if err != nil {
				return err
			}
			sc.majors = append(sc.majors, &major{majorSpec: spec, school: sc, cohorts: map[int][]*student{}})
			g.sum.Majors++
		}
	}
	return nil
}

// enterprises registers the enterprises the schools work with, each with a
// contact and a few staff who mentor interns.
func (g *gen) enterprises() error {
	r := g.rand("enterprises")
	ctx := g.at(start(g.opts.Years).Add(time.Hour), g.system)
	asOf := day(LastYear-g.opts.Years-1, time.June, 30).String()
	for i := range firmSpecs {
		f := &firm{firmSpec: firmSpecs[i]}
		contact := name(r, r.IntN(2) == 0)
		rec, err := g.svc.enterprises.CreateEnterprise(ctx, models.EnterpriseFields{
			CreditCode: ptr(creditCode(r, f.kind, f.division)), Name: ptr(f.name), Industry: ptr(f.industry), Size: ptr(f.size),
			Address: ptr(f.address), OnPostStaff: ptr(f.staff), OnPostStaffAsOf: ptr(asOf), ContactName: ptr(contact), ContactPhone: ptr(mobile(r)),
		})
		if err != nil {
			return err
		}
		f.rec = rec
		for range 4 + f.staff/400 {
			f.mentors = append(f.mentors, mentor{name: name(r, r.IntN(2) == 0), phone: mobile(r)})
		}
		g.firmByKey[f.key] = f
		g.sum.Enterprises++
	}
	return nil
}

// users creates the demo's accounts, all with the demo password: office1
// prepares (教务处 staff), office2 approves (教务处 admin, another person),
// admin2 runs the second school's office, auditor reads both schools for the
// bureau, ent1 is the portal user of 天津远航汽车服务有限公司, which hosts
// interns of both schools.
func (g *gen) users() error {
	ctx := g.at(start(g.opts.Years).Add(2*time.Hour), g.system)
	g.portalFirm = g.firmByKey["yuanhang"]
	for _, u := range []struct {
		username, display, what string
		f                       models.UserFields
	}{
		{"office1", "刘敏（教务处）", "红星职专教务处，录入与准备", models.UserFields{Role: ptr(string(models.RoleOfficeStaff)), SchoolID: ptr(g.main.id.Hex())}},
		{"office2", "王建华（教务处处长）", "红星职专教务处管理员，审批", models.UserFields{Role: ptr(string(models.RoleOfficeAdmin)), SchoolID: ptr(g.main.id.Hex())}},
		{"admin2", "赵立新（东丽职教中心教务处）", "东丽职教中心教务处管理员", models.UserFields{Role: ptr(string(models.RoleOfficeAdmin)), SchoolID: ptr(g.second.id.Hex())}},
		{"auditor", "教育局督导审计", "教育局审计，两校只读", models.UserFields{Role: ptr(string(models.RoleAuditor)), SchoolIDs: &[]string{g.main.id.Hex(), g.second.id.Hex()}}},
		{"ent1", "孙芳（远航汽车人力资源部）", "企业用户：天津远航汽车服务有限公司", models.UserFields{Role: ptr(string(models.RoleEnterprise)), EnterpriseID: ptr(g.portalFirm.rec.ID.Hex())}},
	} {
		u.f.Username, u.f.DisplayName, u.f.Password = ptr(u.username), ptr(u.display), ptr(g.opts.Password)
		rec, err := g.svc.auth.CreateUser(ctx, u.f)
		if err != nil {
			return err
		}
		if rec.Role == models.RoleEnterprise {
			g.portalUser = &models.Principal{UserID: rec.ID, Username: rec.Username, Role: rec.Role, EnterpriseID: rec.EnterpriseID}
		}
		g.sum.Users++
		g.sum.UserNames = append(g.sum.UserNames, u.username+"（"+u.what+"）")
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
