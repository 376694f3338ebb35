// Package placements keeps the enterprise placements (实习, domain.md §3.7–3.9):
// the office proposes a placement, checks it against the placement rules
// (services/rules), activates it once no Block finding stands and every Warn has
// a reason, and ends it; the enterprise confirms it, names its mentor, confirms
// the weeks worked and evaluates the student in the portal. A placement is one
// document with its agreement, consent, insurance, pay, mentors, weeks and rule
// checks embedded (architecture.md, Storage); every write goes through
// records.Repo (optimistic version, audit) and every read is limited to the
// caller's scope here, whatever the handler asked for.
package placements

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/cohorts"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Placement is a placement as the service stores and returns it: the record
// (models.Placement) and what the service keeps beside it so that one document
// answers every read. Student and EnterpriseName are copied when the student or
// the enterprise is set: the enterprise user may not read student records, and a
// list needs no second query (on the embedded store every query but an _id
// lookup reads a whole collection, stack.md §4).
type Placement struct {
	models.Placement `bson:",inline"`
	Student          StudentRef `bson:"student" json:"student"`
	EnterpriseName   string     `bson:"enterpriseName" json:"enterpriseName"`
	// SchoolName names the school the placement comes from, for the enterprise
	// (which may not read schools) as for everyone. It is looked up when the
	// placement is read, never stored: schools are a handful of documents read
	// in one query per request, and a stored copy would have to be rewritten in
	// every placement when a school is renamed, without a transaction.
	SchoolName string `bson:"-" json:"schoolName"`
	// EndDate is the last day: the actual end once recorded, else the planned
	// one. It is stored so that overlaps are one query.
	EndDate models.Date `bson:"endDate" json:"endDate"`
	// Compliance sums up the latest check (Compliance* constants).
	Compliance string `bson:"compliance" json:"compliance"`
	// OpenRules are the rules with a Block or Warn finding in the latest check
	// (a Warn accepted with a reason included: its condition still stands).
	OpenRules []string `bson:"openRules" json:"openRules"`
	// Verdict is the check the placement was activated on; it never changes
	// afterwards, whatever later checks find.
	Verdict *Verdict `bson:"verdict,omitempty" json:"verdict,omitempty"`
	// Stop says why the placement is suspended or was terminated.
	Stop *Stop `bson:"stop,omitempty" json:"stop,omitempty"`
}

// Summaries of the latest check.
const (
	ComplianceUnchecked = "unchecked" // never checked
	ComplianceClear     = "clear"     // no Block or Warn finding
	ComplianceWarn      = "warn"      // Warn findings, no Block
	ComplianceBlock     = "block"     // at least one Block finding
)

// StudentRef is who the student is, as the placement shows it. The ID number is
// kept masked only (first 4 and last 4 characters): the full number stays in the
// student record, and the rules read it from there.
type StudentRef struct {
	Name      string `bson:"name" json:"name"`
	StudentNo string `bson:"studentNo" json:"studentNo,omitempty"`
	ClassName string `bson:"className" json:"className,omitempty"`
	MajorCode string `bson:"majorCode" json:"majorCode,omitempty"`
	IDNumber  string `bson:"idNumber" json:"idNumber,omitempty"`
}

// Verdict is the activation: which check it rested on, under which rule set,
// who activated it and how many Warn findings were accepted with a reason.
type Verdict struct {
	CheckID        bson.ObjectID `bson:"checkId" json:"checkId"`
	RuleSetVersion string        `bson:"ruleSetVersion" json:"ruleSetVersion"`
	At             time.Time     `bson:"at" json:"at"`
	By             bson.ObjectID `bson:"by,omitempty" json:"by,omitzero"`
	Warnings       int           `bson:"warnings" json:"warnings"`
}

// Stop is a suspension or termination: the reason and, when a rule was the
// cause, its id (for the "placements stopped for a rule" figure).
type Stop struct {
	Status string        `bson:"status" json:"status"`
	Reason string        `bson:"reason" json:"reason"`
	RuleID string        `bson:"ruleId,omitempty" json:"ruleId,omitempty"`
	At     time.Time     `bson:"at" json:"at"`
	By     bson.ObjectID `bson:"by,omitempty" json:"by,omitzero"`
}

// Service manages placements.
type Service struct {
	repo        *records.Repo[Placement, *Placement]
	schools     *schools.Service
	people      *people.Service
	enterprises *enterprises.Service
	rules       *rules.Service
	cohorts     *cohorts.Service // the programmes and classes placements belong to
	v           *validate.Validator
	now         func() time.Time
	// w is where the operations find what a placement names: the store, or
	// what a Replay holds when it runs them.
	w world
}

func schoolOf(p *Placement) bson.ObjectID { return p.SchoolID }

// New returns the placements service. It registers placements as dependents of
// schools, students, teachers (as school mentors), enterprises, apprenticeship
// programmes and order classes, so none of those is deleted while a placement
// refers to it (409), and tells people which students an enterprise user may
// read: those of the placements it sees.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, pp *people.Service, ent *enterprises.Service, rs *rules.Service,
	co *cohorts.Service, now func() time.Time) *Service {
	svc := &Service{schools: sc, people: pp, enterprises: ent, rules: rs, cohorts: co, v: v, now: now,
		repo: &records.Repo[Placement, *Placement]{C: s.Collection(store.Placements), Audit: a, Entity: "placement", Now: now, School: schoolOf,
			Digest: newDigest(s)},
	}
	svc.w = storeWorld{svc}
	count := func(field string) func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return svc.repo.C.Count(ctx, bson.D{{Key: field, Value: id}})
		}
	}
	sc.AddDependent(records.Dependent{Label: "实习", Count: count("schoolId")})
	pp.AddStudentDependent(records.Dependent{Label: "实习", Count: count("studentId")})
	pp.AddTeacherDependent(records.Dependent{Label: "实习指导", Count: count("mentors.schoolMentorTeacherId")})
	ent.AddDependent(records.Dependent{Label: "实习", Count: count("enterpriseId")})
	co.AddProgrammeDependent(records.Dependent{Label: "实习", Count: count("contextId")})
	co.AddClassDependent(records.Dependent{Label: "实习", Count: count("contextId")})
	co.AddContractUse(cohorts.ContractUse{Label: "学徒制实习", Count: func(ctx context.Context, programme, student bson.ObjectID) (int64, error) {
		return svc.repo.C.Count(ctx, bson.D{{Key: "context", Value: models.ContextApprenticeship}, {Key: "contextId", Value: programme}, {Key: "studentId", Value: student}})
	}})
	pp.ShowPlacedStudents(svc.placedStudents)
	return svc
}

// CheckDigests starts, in the background, the check that every placement's
// digest matches it (records.Repo.CheckDigests), and returns at once; the
// figures wait for it. done gets how many digests were rewritten, or the error.
// The server runs it at start-up, which also builds the digests of a database
// written before they existed.
func (s *Service) CheckDigests(ctx context.Context, done func(fixed int, err error)) {
	s.repo.LockDigests()
	go func() { done(s.repo.CheckDigests(ctx)) }()
}

// today is the current calendar date in China.
func (s *Service) today() models.Date { return models.DateOf(s.now().In(models.China)) }

// stamp is the current time as stored (UTC, milliseconds; stack.md §3 rule 9).
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }

// clone copies a placement deeply enough that changing the copy's slices and
// pointers leaves the original alone.
func clone(p *Placement) *Placement {
	c := *p
	c.Checks = append([]models.PlacementCheck{}, p.Checks...)
	c.Weeks = append([]models.Week{}, p.Weeks...)
	c.OpenRules = append([]string{}, p.OpenRules...)
	c.Fees.Charges = append([]models.Charge{}, p.Fees.Charges...)
	if p.Verdict != nil {
		v := *p.Verdict
		c.Verdict = &v
	}
	if p.Stop != nil {
		st := *p.Stop
		c.Stop = &st
	}
	return &c
}

// derive recomputes the stored fields that follow from the others.
func derive(p *Placement) {
	p.EndDate = p.Placement.EndDate()
	if p.Checks == nil {
		p.Checks = []models.PlacementCheck{}
	}
	if p.Weeks == nil {
		p.Weeks = []models.Week{}
	}
	if p.Fees.Charges == nil {
		p.Fees.Charges = []models.Charge{}
	}
	p.Compliance, p.OpenRules = ComplianceUnchecked, []string{}
	if last := p.LastCheck(); last != nil {
		p.Compliance, p.OpenRules = summarize(last.Findings)
	}
}

// summarize sums up a check's findings: its compliance, and the rules with a
// Block or Warn finding (a Warn accepted with a reason included), in order.
func summarize(fs []models.Finding) (compliance string, open []string) {
	compliance, open = ComplianceClear, []string{}
	seen := map[string]bool{}
	for _, f := range fs {
		switch f.Severity {
		case models.SeverityBlock:
			compliance = ComplianceBlock
		case models.SeverityWarn:
			if compliance != ComplianceBlock {
				compliance = ComplianceWarn
			}
		default:
			continue
		}
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			open = append(open, f.RuleID)
		}
	}
	return compliance, open
}

// world is where an operation finds the records a placement names and the
// rule sets it is judged under.
type world interface {
	student(ctx context.Context, id bson.ObjectID) (*models.Student, error)
	enterprise(ctx context.Context, id bson.ObjectID) (*models.Enterprise, error)
	teacher(ctx context.Context, id bson.ObjectID) (*models.Teacher, error)
	placementContext(ctx context.Context, pc cohorts.PlacementContext) (string, error)
	ruleSetOn(ctx context.Context, d models.Date) (*models.RuleSet, error)
	ruleSet(ctx context.Context, version string) (*models.RuleSet, error)
	// studentPositions are the student's other 岗位实习 overlapping pl, of any
	// status (checkOverlap).
	studentPositions(ctx context.Context, pl *Placement) ([]position, error)
	// enterprisePositions are the 岗位实习 of every school at pl's enterprise
	// that overlap pl and were activated (the caps of INT-12/13).
	enterprisePositions(ctx context.Context, pl *Placement) ([]position, error)
}

// storeWorld reads the store, through the other areas' services.
type storeWorld struct{ s *Service }

func (w storeWorld) student(ctx context.Context, id bson.ObjectID) (*models.Student, error) {
	return w.s.people.FindStudentByID(ctx, id)
}

func (w storeWorld) enterprise(ctx context.Context, id bson.ObjectID) (*models.Enterprise, error) {
	return w.s.enterprises.FindEnterpriseByID(ctx, id)
}

func (w storeWorld) teacher(ctx context.Context, id bson.ObjectID) (*models.Teacher, error) {
	return w.s.people.FindTeacherByID(ctx, id)
}

func (w storeWorld) placementContext(ctx context.Context, pc cohorts.PlacementContext) (string, error) {
	return w.s.cohorts.CheckPlacementContext(ctx, pc)
}

func (w storeWorld) ruleSetOn(ctx context.Context, d models.Date) (*models.RuleSet, error) {
	return w.s.rules.RuleSetFor(ctx, d)
}

func (w storeWorld) ruleSet(ctx context.Context, version string) (*models.RuleSet, error) {
	return w.s.rules.FindRuleSetByVersion(ctx, version)
}

func (w storeWorld) studentPositions(ctx context.Context, pl *Placement) ([]position, error) {
	filter := bson.D{{Key: "studentId", Value: pl.StudentID}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: pl.ID}}}}
	return w.s.positions(ctx, pl, filter, bson.D{{Key: "schoolId", Value: pl.SchoolID}}, func(p position) bool {
		return p.StudentID == pl.StudentID && p.ID != pl.ID
	})
}

func (w storeWorld) enterprisePositions(ctx context.Context, pl *Placement) ([]position, error) {
	at := bson.D{{Key: "enterpriseId", Value: pl.EnterpriseID}, {Key: "status", Value: bson.D{{Key: "$in", Value: counted}}}}
	return w.s.positions(ctx, pl, at, at, nil)
}
