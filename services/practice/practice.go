// Package practice keeps teachers' enterprise practice (教师企业实践, domain.md
// §3.14, §6) and 双师型 recognitions (§3.15): the office proposes a practice
// period, the enterprise confirms or rejects it in the portal (or the office
// records a stamped confirmation), the school approves it, and only approved
// practice counts toward the 5-year rule (standing.go) and the figures. Every
// write goes through records.Repo (optimistic version, audit); every read is
// limited to the caller's scope here.
package practice

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages practice records and recognitions.
type Service struct {
	practices    *records.Repo[models.Practice, *models.Practice]
	recognitions *records.Repo[models.Recognition, *models.Recognition]
	schools      *schools.Service
	people       *people.Service
	enterprises  *enterprises.Service
	req          Requirement
	v            *validate.Validator
	now          func() time.Time
	// w is where a practice record's teacher and enterprise are found: the
	// store, or what a Replay holds when it runs the operations.
	w world
}

// world finds the teacher and the enterprise a practice record names.
type world interface {
	teacher(ctx context.Context, id bson.ObjectID) (*models.Teacher, error)
	enterprise(ctx context.Context, id bson.ObjectID) (*models.Enterprise, error)
}

// storeWorld reads them through the people and enterprises services.
type storeWorld struct{ s *Service }

func (w storeWorld) teacher(ctx context.Context, id bson.ObjectID) (*models.Teacher, error) {
	return w.s.people.FindTeacherByID(ctx, id)
}

func (w storeWorld) enterprise(ctx context.Context, id bson.ObjectID) (*models.Enterprise, error) {
	return w.s.enterprises.FindEnterpriseByID(ctx, id)
}

func schoolOf[T interface{ SchoolOf() bson.ObjectID }](r T) bson.ObjectID { return r.SchoolOf() }

// New returns the practice service under requirement req, registering its
// records as dependents of schools, teachers and enterprises.
func New(s *store.Store, a *audit.Log, v *validate.Validator, sc *schools.Service, pp *people.Service, ent *enterprises.Service,
	req Requirement, now func() time.Time) *Service {
	svc := &Service{schools: sc, people: pp, enterprises: ent, req: req, v: v, now: now,
		practices: &records.Repo[models.Practice, *models.Practice]{
			C: s.Collection(store.Practices), Audit: a, Entity: "teacher_practice", Now: now, School: schoolOf[*models.Practice],
		},
		recognitions: &records.Repo[models.Recognition, *models.Recognition]{
			C: s.Collection(store.Recognitions), Audit: a, Entity: "dual_recognition", Now: now, School: schoolOf[*models.Recognition],
		},
	}
	svc.w = storeWorld{svc}
	count := func(c *store.Collection, field string) func(ctx context.Context, id bson.ObjectID) (int64, error) {
		return func(ctx context.Context, id bson.ObjectID) (int64, error) {
			return c.Count(ctx, bson.D{{Key: field, Value: id}})
		}
	}
	sc.AddDependent(records.Dependent{Label: "教师企业实践", Count: count(svc.practices.C, "schoolId")})
	sc.AddDependent(records.Dependent{Label: "双师型认定", Count: count(svc.recognitions.C, "schoolId")})
	pp.AddTeacherDependent(records.Dependent{Label: "企业实践", Count: count(svc.practices.C, "teacherId")})
	pp.AddTeacherDependent(records.Dependent{Label: "双师型认定", Count: count(svc.recognitions.C, "teacherId")})
	ent.AddDependent(records.Dependent{Label: "教师企业实践", Count: count(svc.practices.C, "enterpriseId")})
	return svc
}

// Requirement is the 5-year rule as configured.
func (s *Service) Requirement() Requirement { return s.req }

// today is the current calendar date in China.
func (s *Service) today() models.Date { return models.DateOf(s.now().In(models.China)) }

func isNotFound(err error) bool { return errors.Is(err, models.ErrNotFound) }

var practiceSortable = map[string]string{
	"startDate": "startDate", "endDate": "endDate", "status": "status", "teacherName": "teacher.name",
	"enterpriseName": "enterpriseName", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// practiceScope limits a practice query: enterprise users to their enterprise's
// practice (a named school is ignored: they see every school's), others to
// their schools.
func practiceScope(p *models.Principal, school string) (bson.D, error) {
	if p.Role == models.RoleEnterprise {
		return bson.D{{Key: "enterpriseId", Value: p.EnterpriseID}}, nil
	}
	return schools.ReadFilter(p, school)
}

// FindPractices lists practice records the caller may read, narrowed by school,
// teacher, enterprise, status and the statistical year they overlap.
func (s *Service) FindPractices(ctx context.Context, f models.PracticeFilter) (models.Page[models.Practice], error) {
	var zero models.Page[models.Practice]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter, err := practiceScope(p, f.SchoolID)
	if err != nil {
		return zero, err
	}
	for _, kv := range [][2]string{{"teacherId", f.TeacherID}, {"enterpriseId", f.EnterpriseID}} {
		if kv[1] == "" {
			continue
		}
		id, err := models.ParseID(kv[1])
		if err != nil {
			return zero, err
		}
		if kv[0] == "enterpriseId" && p.Role == models.RoleEnterprise && id != p.EnterpriseID {
			return zero, models.ErrForbidden
		}
		filter = append(filter, bson.E{Key: kv[0], Value: id})
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	if f.Year != 0 {
		y := models.StatYear{Start: f.Year}
		filter = append(filter, bson.E{Key: "startDate", Value: bson.D{{Key: "$lte", Value: y.To()}}},
			bson.E{Key: "endDate", Value: bson.D{{Key: "$gte", Value: y.From()}}})
	}
	return store.FindPage[models.Practice](ctx, s.practices.C, filter, f.ListParams, practiceSortable, []string{"teacher.name", "teacher.staffNo", "enterpriseName", "post"})
}

// FindPracticeByID returns a practice record the caller may read: ErrNotFound
// for another school's, ErrForbidden for an enterprise user asking for any
// record not of its enterprise, whether it exists or not, so that the answer
// does not tell another enterprise's record from none (as placements do).
func (s *Service) FindPracticeByID(ctx context.Context, id bson.ObjectID) (*models.Practice, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role != models.RoleEnterprise {
		_, rec, err := scoped.Readable(ctx, s.practices, id)
		return rec, err
	}
	rec, err := s.practices.ByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && rec.EnterpriseID != p.EnterpriseID) {
		return nil, models.ErrForbidden
	}
	return rec, err
}

// CreatePractice proposes a practice period of a teacher of the school at an
// enterprise; the enterprise then confirms it.
func (s *Service) CreatePractice(ctx context.Context, f models.PracticeFields) (*models.Practice, error) {
	return scoped.Create(ctx, s.schools, s.practices, f.SchoolID, func(school bson.ObjectID) (*models.Practice, error) {
		pr := &models.Practice{SchoolID: school, Status: models.PracticeProposed, Outputs: []string{}}
		return pr, s.checkPractice(ctx, nil, pr, f)
	})
}

// UpdatePractice changes a practice record that is not yet approved. A change
// of the teacher, enterprise, dates, days or post voids the enterprise's answer:
// the record is proposed again. Approved practice is what the 5-year rule
// counted; it is a ConflictError to change it.
func (s *Service) UpdatePractice(ctx context.Context, id bson.ObjectID, f models.PracticeFields) (*models.Practice, error) {
	return scoped.Update(ctx, s.practices, id, f.Version, f.SchoolID, func(before, pr *models.Practice) error {
		if before.Status == models.PracticeApproved {
			return models.NewConflict("status", "已审批的企业实践记录不能修改")
		}
		return s.checkPractice(ctx, before, pr, f)
	})
}

// DeletePractice removes a practice record that is not approved.
func (s *Service) DeletePractice(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.practices, id, func(pr *models.Practice) error {
		if pr.Status == models.PracticeApproved {
			return models.NewConflict("status", "已审批的企业实践记录不能删除")
		}
		return nil
	})
}

// checkPractice applies f and checks the teacher and enterprise.
func (s *Service) checkPractice(ctx context.Context, before, pr *models.Practice, f models.PracticeFields) error {
	var errs models.ValidationError
	f.Apply(pr, &errs)
	if !pr.TeacherID.IsZero() && (before == nil || before.TeacherID != pr.TeacherID) {
		t, err := s.w.teacher(ctx, pr.TeacherID)
		switch {
		case isNotFound(err) || (err == nil && t.SchoolID != pr.SchoolID):
			errs.Add("teacherId", "本校没有该教师")
		case err != nil:
			return fmt.Errorf("practice: teacher: %w", err)
		default:
			pr.Teacher = models.StaffRef{Name: t.Name, StaffNo: t.StaffNo}
		}
	}
	if !pr.EnterpriseID.IsZero() && (before == nil || before.EnterpriseID != pr.EnterpriseID) {
		e, err := s.w.enterprise(ctx, pr.EnterpriseID)
		switch {
		case isNotFound(err):
			errs.Add("enterpriseId", "实践企业不存在")
		case err != nil:
			return fmt.Errorf("practice: enterprise: %w", err)
		default:
			pr.EnterpriseName = e.Name
		}
	}
	if before != nil && answered(before) && changedTerms(before, pr) {
		pr.Status, pr.Confirmation = models.PracticeProposed, models.PracticeDecision{}
	}
	return models.MergeValidation(&errs, s.v.Struct(pr))
}

func answered(p *models.Practice) bool {
	return p.Status == models.PracticeConfirmed || p.Status == models.PracticeRejected
}

// changedTerms reports whether what the enterprise confirmed changed.
func changedTerms(a, b *models.Practice) bool {
	return a.TeacherID != b.TeacherID || a.EnterpriseID != b.EnterpriseID || a.StartDate != b.StartDate || a.EndDate != b.EndDate ||
		a.PracticeDays != b.PracticeDays || a.Post != b.Post || a.Form != b.Form
}

// Decision is an answer to a practice record: the enterprise's confirmation
// (confirmed or rejected, a comment required when rejecting; from the office a
// document reference is required, the stamped certificate it copies) or the
// school's approval (approved, or rejected back to the teacher with a comment).
type Decision struct {
	Version  *int64  `json:"version"`
	Decision *string `json:"decision"`
	Comment  *string `json:"comment"`
	Doc      *string `json:"doc"`
}

// Confirm records the enterprise's answer to a proposed practice: an enterprise
// user of that enterprise in the portal, or the office from a stamped
// certificate (ByOffice).
func (s *Service) Confirm(ctx context.Context, id bson.ObjectID, d Decision) (*models.Practice, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	before, err := s.writableBy(ctx, p, id)
	if err != nil {
		return nil, err
	}
	after := *before
	errs := s.confirm(p, before, &after, d)
	return s.decide(ctx, before, &after, d.Version, &errs)
}

// confirm is Confirm's change of a loaded record by caller p; it returns the
// problems found.
func (s *Service) confirm(p *models.Principal, before, after *models.Practice, d Decision) models.ValidationError {
	var errs models.ValidationError
	decision, comment, doc := deref(d.Decision), deref(d.Comment), deref(d.Doc)
	if decision != models.PracticeConfirmed && decision != models.PracticeRejected {
		errs.Add("decision", "请选择确认或不予确认")
	}
	if decision == models.PracticeRejected && comment == "" {
		errs.Add("comment", "不予确认时须说明原因")
	}
	byOffice := p.Role != models.RoleEnterprise
	if byOffice && doc == "" {
		errs.Add("doc", "教务处代为登记企业确认时须填写企业盖章证明的编号")
	}
	checkLength(&errs, "comment", "意见", comment, maxComment)
	checkLength(&errs, "doc", "盖章证明编号", doc, maxDoc)
	if before.Status != models.PracticeProposed {
		errs.Add("decision", "只有待企业确认的实践记录可以确认")
	}
	after.Status = decision
	after.Confirmation = models.PracticeDecision{By: p.UserID, At: s.today(), Comment: comment, Doc: doc, ByOffice: byOffice}
	return errs
}

// Approve records the school's decision on a confirmed practice: approved (it
// counts from now on) or sent back as proposed with a comment. Office users of
// the school and the system admin may.
func (s *Service) Approve(ctx context.Context, id bson.ObjectID, d Decision) (*models.Practice, error) {
	before, err := scoped.Writable(ctx, s.practices, id)
	if err != nil {
		return nil, err
	}
	p, _ := models.PrincipalFrom(ctx)
	after := *before
	errs := s.approve(p, before, &after, d)
	return s.decide(ctx, before, &after, d.Version, &errs)
}

// approve is Approve's change of a loaded record by caller p; it returns the
// problems found.
func (s *Service) approve(p *models.Principal, before, after *models.Practice, d Decision) models.ValidationError {
	var errs models.ValidationError
	decision, comment := deref(d.Decision), deref(d.Comment)
	if decision != models.PracticeApproved && decision != models.PracticeProposed {
		errs.Add("decision", "请选择审批通过或退回")
	}
	if decision == models.PracticeProposed && comment == "" {
		errs.Add("comment", "退回时须说明原因")
	}
	checkLength(&errs, "comment", "意见", comment, maxComment)
	if before.Status != models.PracticeConfirmed {
		errs.Add("decision", "只有企业已确认的实践记录可以审批")
	}
	after.Status = decision
	after.Approval = models.PracticeDecision{By: p.UserID, At: s.today(), Comment: comment}
	if decision == models.PracticeProposed {
		after.Confirmation = models.PracticeDecision{}
	}
	return errs
}

// writableBy loads a practice the caller may answer for the enterprise.
func (s *Service) writableBy(ctx context.Context, p *models.Principal, id bson.ObjectID) (*models.Practice, error) {
	if p.Role == models.RoleEnterprise {
		return s.FindPracticeByID(ctx, id)
	}
	return scoped.Writable(ctx, s.practices, id)
}

func (s *Service) decide(ctx context.Context, before, after *models.Practice, version *int64, errs *models.ValidationError) (*models.Practice, error) {
	if err := models.MergeValidation(errs, records.CheckVersion(version)); err != nil {
		return nil, err
	}
	if err := s.practices.Replace(ctx, before, after, *version); err != nil {
		return nil, err
	}
	return after, nil
}

// The longest comment and document reference of a decision, in characters:
// the record's other texts have their limits in validate tags, a decision is
// checked here.
const (
	maxComment = 500
	maxDoc     = 100
)

func checkLength(errs *models.ValidationError, field, label, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		errs.Add(field, fmt.Sprintf("%s长度不能超过%d个字符", label, max))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
