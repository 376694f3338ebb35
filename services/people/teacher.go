package people

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
)

var teacherSortable = map[string]string{
	"staffNo": "staffNo", "name": "name", "courseType": "courseType", "employment": "employment",
	"hireDate": "hireDate", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// teacherScope: enterprise users see the part-time teachers they employ.
func teacherScope(p *models.Principal, school string) (bson.D, error) {
	if p.Role == models.RoleEnterprise {
		return bson.D{{Key: "employerEnterpriseId", Value: p.EnterpriseID}}, nil
	}
	return schools.ReadFilter(p, school)
}

// teacherSees is teacherScope for one loaded record. Teachers without an employer
// store none (omitempty), so the scope's filter never matches them for an
// enterprise user; neither does this.
func teacherSees(p *models.Principal, t *models.Teacher) bool {
	if p.Role == models.RoleEnterprise {
		return !t.EmployerEnterpriseID.IsZero() && t.EmployerEnterpriseID == p.EnterpriseID
	}
	return p.CanReadSchool(t.SchoolID)
}

// teacherList is the filter of a teacher list: the caller's scope and f's fields.
func teacherList(p *models.Principal, f models.TeacherFilter) (bson.D, error) {
	filter, err := teacherScope(p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{{"courseType", f.CourseType}, {"employment", f.Employment}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	return filter, nil
}

var teacherSearch = []string{"staffNo", "name"}

// FindTeachers lists teachers; ID numbers are masked for enterprise and auditor users.
func (s *Service) FindTeachers(ctx context.Context, f models.TeacherFilter) (models.Page[models.Teacher], error) {
	return findMasked(ctx, s.teachers, f, f.ListParams, teacherList, teacherSortable, teacherSearch)
}

// EachTeacher calls fn with every teacher FindTeachers(f) would list, in the same
// order and masked the same way, ignoring paging, from one query. An error from fn
// stops it and is returned.
func (s *Service) EachTeacher(ctx context.Context, f models.TeacherFilter, fn func(*models.Teacher) error) error {
	return eachMasked(ctx, s.teachers, f, f.ListParams, teacherList, teacherSortable, teacherSearch, fn)
}

// FindTeacherByID returns a teacher the caller may read, or ErrNotFound.
func (s *Service) FindTeacherByID(ctx context.Context, id bson.ObjectID) (*models.Teacher, error) {
	return readable(ctx, s.teachers, teacherScope, teacherSees, id)
}

// CreateTeacher adds a teacher to the caller's school; a duplicate 工号 is a
// ConflictError.
func (s *Service) CreateTeacher(ctx context.Context, f models.TeacherFields) (*models.Teacher, error) {
	return scoped.Create(ctx, s.schools, s.teachers, f.SchoolID, func(school bson.ObjectID) (*models.Teacher, error) {
		t := &models.Teacher{SchoolID: school}
		return t, s.checkTeacher(ctx, f, t)
	})
}

// UpdateTeacher changes a teacher; ErrStaleVersion when the named version is old.
func (s *Service) UpdateTeacher(ctx context.Context, id bson.ObjectID, f models.TeacherFields) (*models.Teacher, error) {
	return scoped.Update(ctx, s.teachers, id, f.Version, f.SchoolID, func(_, t *models.Teacher) error {
		return s.checkTeacher(ctx, f, t)
	})
}

// DeleteTeacher removes a teacher.
func (s *Service) DeleteTeacher(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.teachers, id, func(rec *models.Teacher) error { return s.teacherUsers.CheckUnused(ctx, rec.ID) })
}

// checkTeacher applies f to t and validates it: an enterprise part-time teacher
// names an existing employer, a full-time teacher none; sex and birth date follow
// the ID number when one is given.
func (s *Service) checkTeacher(ctx context.Context, f models.TeacherFields, t *models.Teacher) error {
	var errs models.ValidationError
	f.Apply(t, &errs)
	t.Sex, t.BirthDate = "", models.Date{}
	if info, msg := models.ParseIDNumber(t.IDNumber, s.now()); t.IDNumber != "" && msg == "" {
		t.IDNumber, t.Sex, t.BirthDate = info.Normalized, info.Sex, info.BirthDate
	}
	if t.HireDate.IsZero() {
		errs.Add("hireDate", "入职日期为必填项")
	}
	switch {
	case t.Employment == models.EmploymentEnterprisePartTime && t.EmployerEnterpriseID.IsZero():
		errs.Add("employerEnterpriseId", "企业兼职教师须填写所在企业")
	case t.Employment == models.EmploymentFullTime && !t.EmployerEnterpriseID.IsZero():
		errs.Add("employerEnterpriseId", "专任教师不填写所在企业")
	case !t.EmployerEnterpriseID.IsZero():
		ok, err := s.enterprises.Exists(ctx, t.EmployerEnterpriseID)
		if err != nil {
			return err
		}
		if !ok {
			errs.Add("employerEnterpriseId", "所在企业不存在")
		}
	}
	return models.MergeValidation(s.v.Struct(t), &errs)
}
