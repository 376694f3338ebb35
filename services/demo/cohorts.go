package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/chanjiao/chanjiao/models"
)

// apprentice is a student's apprenticeship: the enterprise and master their
// contract names, for the company period (a 岗位实习 in the programme).
type apprentice struct {
	programme *models.Programme
	firm      *firm
	master    mentor
}

// member is a student's order class, for the company period.
type member struct {
	class *models.OrderClass
	firm  *firm
}

// The main school trains its 汽车运用与维修 students with two car-service
// companies under 现代学徒制, and its 电子商务 students in an order class of an
// e-commerce company.
const (
	apprenticeMajor = "700206"
	orderMajor      = "730701"
)

// apprenticeships creates, for every entry cohort of 汽车运用与维修 at 红星, a
// programme with 天津远航汽车服务 and 天津捷安新能源汽车维修 and contracts for the
// first twenty students of the cohort (times Options.Scale), each with one of
// the cohort's five masters (three at the first company, two at the second);
// contracts end when their students graduate and are terminated when a
// student leaves the school.
func (g *gen) apprenticeships() error {
	m := g.main.major(apprenticeMajor)
	firms := []*firm{g.firmByKey["yuanhang"], g.firmByKey["jiean"]}
	g.apprentices = map[*student]*apprentice{}
	for c := g.firstCohort(); c <= LastYear; c++ {
		ctx := g.at(on(day(c, time.October, 8), 10, 0), g.main.office)
		pr, err := g.svc.cohorts.CreateProgramme(ctx, models.ProgrammeFields{
			Name: ptr(fmt.Sprintf("汽车运用与维修现代学徒制试点班（%d级）", c)), EnterpriseIDs: &[]string{firms[0].rec.ID.Hex(), firms[1].rec.ID.Hex()},
			MajorCode: ptr(apprenticeMajor), CohortYear: ptr(c), StartDate: ptr(day(c, time.October, 8).String()),
			EndDate: ptr(day(c+3, time.June, 30).String()), TrainingPlanDoc: ptr(fmt.Sprintf("汽车运用与维修专业现代学徒制人才培养方案（%d版）", c)),
			SchoolLead: ptr(m.teachers[0].rec.Name), EnterpriseLead: ptr(firms[0].mentors[0].name)})
		if err != nil {
			return err
		}
		g.sum.Programmes++
		cohort := m.cohorts[c]
		for i := 0; i < 20*g.opts.Scale && i < len(cohort); i++ {
			f := firms[i%2]
			a := &apprentice{programme: pr, firm: f, master: f.mentors[(3*c+(i/2)%(3-i%2))%len(f.mentors)]}
			if err := g.contract(c, i+1, cohort[i], a); err != nil {
				return err
			}
			g.apprentices[cohort[i]] = a
		}
	}
	return nil
}

// contract signs one apprentice's contract and, when the calendar gets there,
// ends it at graduation or terminates it when the student leaves.
func (g *gen) contract(c, n int, s *student, a *apprentice) error {
	signed := day(c, time.October, 15)
	f := models.ContractFields{ProgrammeID: ptr(a.programme.ID.Hex()), StudentID: ptr(s.rec.ID.Hex()), EnterpriseID: ptr(a.firm.rec.ID.Hex()),
		SignedAt: ptr(signed.String()), StartDate: ptr(day(c, time.November, 1).String()), EndDate: ptr(a.programme.EndDate.String()),
		Post: ptr("汽车机电维修学徒"), MasterName: ptr(a.master.name), MasterPhone: ptr(a.master.phone), WageFen: ptr(int64(60000)),
		GuardianName: ptr(s.guardian), InsurancePolicyNo: ptr(fmt.Sprintf("XTBX%d%03d", c, n)), Doc: ptr(fmt.Sprintf("XT-%d-%03d", c, n))}
	rec, err := g.svc.cohorts.CreateContract(g.at(on(signed, 14, 0), g.main.office), f)
	if err != nil {
		return err
	}
	g.sum.Contracts++
	var change models.ContractFields
	var when time.Time
	switch {
	case s.rec.Status == models.StudentGraduated:
		change, when = models.ContractFields{Status: ptr(models.ContractEnded)}, on(a.programme.EndDate.AddDays(1), 9, 0)
	case s.rec.Status == models.StudentWithdrawn:
		change = models.ContractFields{Status: ptr(models.ContractTerminated), TerminationReason: ptr("学生退学，合同解除"), TerminatedAt: ptr(s.left.String())}
		when = on(s.left, 11, 0)
	default:
		return nil
	}
	change.Version = &rec.Version
	_, err = g.svc.cohorts.UpdateContract(g.at(when, g.main.office), rec.ID, change)
	return err
}

// orderClasses records, for every entry cohort of 电子商务 at 红星, the order
// class of 天津云采电子商务 that thirty of its students (times Options.Scale)
// joined at the start of their second year, under an agreement signed in June:
// two left the class in January of their third year, those who left the school
// left it too, and the company hired most of the others when they graduated.
// The office enters each class once, with its members and hires, when the last
// of that has happened (or at the calendar's end): one call, whose members are
// named by 学号 so that the service reads the school's students once.
func (g *gen) orderClasses() error {
	yuncai := g.firmByKey["yuncai"]
	g.members = map[*student]*member{}
	r := g.rand("order classes")
	for c := g.firstCohort(); c <= LastYear; c++ {
		joined := day(c+1, time.September, 1)
		if joined.After(models.DateOf(end())) {
			break
		}
		var in []*student
		for _, s := range g.main.major(orderMajor).cohorts[c] {
			if len(in) < 30*g.opts.Scale && s.enrolledOn(joined) {
				in = append(in, s)
			}
		}
		entered := minDate(day(c+3, time.July, 5), models.DateOf(end()))
		ms, hires := classHistory(r, c, in, entered)
		f := models.OrderClassFields{Name: ptr(fmt.Sprintf("云采电商订单班（%d级）", c)), EnterpriseID: ptr(yuncai.rec.ID.Hex()),
			MajorCode: ptr(orderMajor), CohortYear: ptr(c), AgreementDoc: ptr(fmt.Sprintf("DD-%d-01", c)),
			AgreementSignedAt: ptr(day(c+1, time.June, 20).String()), JointCourses: &[]string{"网店运营实务", "直播电商", "跨境电商基础"},
			EmploymentCommitment: ptr("学生毕业考核合格者由企业优先录用"), Members: &ms, Hires: &hires}
		o, err := g.svc.cohorts.CreateOrderClass(g.at(on(entered, 15, 0), g.main.office), f)
		if err != nil {
			return err
		}
		g.sum.OrderClasses++
		for _, s := range in {
			g.members[s] = &member{class: o, firm: yuncai}
		}
	}
	return nil
}

// classHistory is an order class's members and hires as of asOf: each joined
// on 1 September of their second year; two left in January of their third,
// and those who left the school left the class that day; six in ten of the
// others were hired on 5 July after graduating.
func classHistory(r *rand.Rand, c int, in []*student, asOf models.Date) ([]models.MemberInput, []models.HireInput) {
	ms := make([]models.MemberInput, len(in))
	var hires []models.HireInput
	hired := day(c+3, time.July, 5)
	for i, s := range in {
		left := s.left
		if left.IsZero() && (i == 3 || i == 11) {
			left = day(c+2, time.January, 15)
		}
		ms[i] = models.MemberInput{StudentNo: s.rec.StudentNo, JoinedAt: day(c+1, time.September, 1).String()}
		if !left.IsZero() && !left.After(asOf) {
			ms[i].LeftAt = left.String()
			continue
		}
		if s.rec.Status == models.StudentGraduated && !hired.After(asOf) && r.IntN(10) < 6 {
			hires = append(hires, models.HireInput{StudentNo: s.rec.StudentNo, HiredAt: hired.String(), Doc: fmt.Sprintf("YC-%d-%03d", c, i+1)})
		}
	}
	return ms, hires
}

func minDate(a, b models.Date) models.Date {
	if a.Before(b) {
		return a
	}
	return b
}
