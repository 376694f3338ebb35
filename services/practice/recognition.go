package practice

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var recognitionSortable = map[string]string{
	"recognizedAt": "recognizedAt", "level": "level", "status": "status", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindRecognitions lists the 双师型 recognitions of the caller's schools,
// narrowed by school, teacher, level and status. Enterprise users may not.
func (s *Service) FindRecognitions(ctx context.Context, f models.RecognitionFilter) (models.Page[models.Recognition], error) {
	var zero models.Page[models.Recognition]
	_, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"teacherId", f.TeacherID})
	if err != nil {
		return zero, err
	}
	for _, kv := range [][2]string{{"level", f.Level}, {"status", f.Status}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	return store.FindPage[models.Recognition](ctx, s.recognitions.C, filter, f.ListParams, recognitionSortable, []string{"certNo", "authority"})
}

// FindRecognitionByID returns a recognition of the caller's schools.
func (s *Service) FindRecognitionByID(ctx context.Context, id bson.ObjectID) (*models.Recognition, error) {
	_, rec, err := scoped.Readable(ctx, s.recognitions, id)
	return rec, err
}

// CreateRecognition records a recognition decision for a teacher of the school.
// Its evidence may link the teacher's approved practice; a second valid
// recognition of the same teacher at the same level is a ConflictError.
func (s *Service) CreateRecognition(ctx context.Context, f models.RecognitionFields) (*models.Recognition, error) {
	return scoped.Create(ctx, s.schools, s.recognitions, f.SchoolID, func(school bson.ObjectID) (*models.Recognition, error) {
		r := &models.Recognition{SchoolID: school, Status: models.RecognitionValid, PracticeIDs: []bson.ObjectID{}, Evidence: []string{}}
		return r, s.checkRecognition(ctx, r, f)
	})
}

// UpdateRecognition changes a recognition (expiry and revocation included).
func (s *Service) UpdateRecognition(ctx context.Context, id bson.ObjectID, f models.RecognitionFields) (*models.Recognition, error) {
	return scoped.Update(ctx, s.recognitions, id, f.Version, f.SchoolID, func(_, r *models.Recognition) error {
		return s.checkRecognition(ctx, r, f)
	})
}

// DeleteRecognition removes a recognition entered in error.
func (s *Service) DeleteRecognition(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.recognitions, id, nil)
}

func (s *Service) checkRecognition(ctx context.Context, r *models.Recognition, f models.RecognitionFields) error {
	var errs models.ValidationError
	f.Apply(r, &errs)
	if !r.TeacherID.IsZero() {
		t, err := s.people.FindTeacherByID(ctx, r.TeacherID)
		switch {
		case isNotFound(err) || (err == nil && t.SchoolID != r.SchoolID):
			errs.Add("teacherId", "本校没有该教师")
		case err != nil:
			return fmt.Errorf("practice: teacher: %w", err)
		}
	}
	for i, id := range r.PracticeIDs {
		pr, err := s.practices.ByID(ctx, id)
		switch {
		case isNotFound(err) || (err == nil && (pr.TeacherID != r.TeacherID || !pr.Counts())):
			errs.Add(fmt.Sprintf("practiceIds[%d]", i), "佐证的企业实践须为该教师已审批的实践记录")
		case err != nil:
			return fmt.Errorf("practice: evidence: %w", err)
		}
	}
	if err := models.MergeValidation(&errs, s.v.Struct(r)); err != nil {
		return err
	}
	if r.Status != models.RecognitionValid {
		return nil
	}
	n, err := s.recognitions.C.Count(ctx, bson.D{{Key: "teacherId", Value: r.TeacherID}, {Key: "level", Value: r.Level},
		{Key: "status", Value: models.RecognitionValid}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: r.ID}}}})
	if err != nil {
		return fmt.Errorf("practice: recognition key: %w", err)
	}
	if n > 0 {
		return models.NewConflict("level", "该教师已有同一等级的有效双师型认定；请先将原认定改为已过期或已撤销")
	}
	return nil
}

// TeacherStanding is one teacher's standing as the early-warning list shows it.
type TeacherStanding struct {
	TeacherID  bson.ObjectID `json:"teacherId"`
	SchoolID   bson.ObjectID `json:"schoolId"`
	StaffNo    string        `json:"staffNo"`
	Name       string        `json:"name"`
	CourseType string        `json:"courseType"`
	Standing
}

// WarningList is the early-warning list: the day it is computed for, the
// requirement applied and one row per teacher.
type WarningList struct {
	AsOf        models.Date       `json:"asOf"`
	Requirement Requirement       `json:"requirement"`
	Items       []TeacherStanding `json:"items"`
}

// Warnings lists, as of asOf (zero: today), the standing of every teacher of the
// caller's schools (narrowed to school) held to the 5-year rule, and of those
// flagged as new hires without practice; status narrows to one standing
// ("new_hire" for the TEP-02 flag). Enterprise users may not.
func (s *Service) Warnings(ctx context.Context, school string, asOf models.Date, status string) (*WarningList, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := readable(p, school)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.today()
	}
	periods, err := s.approved(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &WarningList{AsOf: asOf, Requirement: s.req, Items: []TeacherStanding{}}
	err = s.people.EachStaff(ctx, ids, func(t people.Staff) {
		st := Assess(teacherOf(t), periods[t.ID], asOf, s.req)
		if st.Status == StandingNotRequired && !st.NewHireUnpractised {
			return
		}
		if status != "" && status != st.Status && !(status == "new_hire" && st.NewHireUnpractised) {
			return
		}
		out.Items = append(out.Items, TeacherStanding{TeacherID: t.ID, SchoolID: t.SchoolID, StaffNo: t.StaffNo, Name: t.Name, CourseType: t.CourseType, Standing: st})
	})
	return out, err
}

// StandingOf is one teacher's standing as of asOf (zero: today); enterprise
// users may not (ErrForbidden).
func (s *Service) StandingOf(ctx context.Context, teacherID bson.ObjectID, asOf models.Date) (*TeacherStanding, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleEnterprise { // as for the warnings: a school's matter
		return nil, models.ErrForbidden
	}
	t, err := s.people.FindTeacherByID(ctx, teacherID)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.today()
	}
	periods, err := s.approvedOf(ctx, bson.D{{Key: "teacherId", Value: t.ID}})
	if err != nil {
		return nil, err
	}
	staff := people.Staff{ID: t.ID, SchoolID: t.SchoolID, StaffNo: t.StaffNo, Name: t.Name, CourseType: t.CourseType, Employment: t.Employment,
		HireDate: t.HireDate, EnterpriseExperienceMonths: t.EnterpriseExperienceMonths}
	st := Assess(teacherOf(staff), periods[t.ID], asOf, s.req)
	return &TeacherStanding{TeacherID: t.ID, SchoolID: t.SchoolID, StaffNo: t.StaffNo, Name: t.Name, CourseType: t.CourseType, Standing: st}, nil
}
