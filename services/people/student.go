package people

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
)

var studentSortable = map[string]string{
	"studentNo": "studentNo", "name": "name", "majorCode": "majorCode", "className": "className",
	"cohortYear": "cohortYear", "status": "status", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// studentScope limits a student query to what the caller may read. Enterprise
// users see the students placed with them; until placements are recorded that is
// nobody.
func studentScope(p *models.Principal, school string) (bson.D, error) {
	if p.Role == models.RoleEnterprise {
		return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{}}}}}, nil
	}
	return schools.ReadFilter(p, school)
}

// studentSees is studentScope for one loaded record.
func studentSees(p *models.Principal, st *models.Student) bool {
	return p.Role != models.RoleEnterprise && p.CanReadSchool(st.SchoolID)
}

// studentList is the filter of a student list: the caller's scope and f's fields.
func studentList(p *models.Principal, f models.StudentFilter) (bson.D, error) {
	filter, err := studentScope(p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	for _, kv := range [][2]string{{"majorCode", f.MajorCode}, {"className", f.ClassName}, {"status", f.Status}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	if f.CohortYear != 0 {
		filter = append(filter, bson.E{Key: "cohortYear", Value: f.CohortYear})
	}
	return filter, nil
}

var studentSearch = []string{"studentNo", "name", "className"}

// FindStudents lists students; ID numbers are masked for enterprise and auditor users.
func (s *Service) FindStudents(ctx context.Context, f models.StudentFilter) (models.Page[models.Student], error) {
	return findMasked(ctx, s.students, f, f.ListParams, studentList, studentSortable, studentSearch)
}

// EachStudent calls fn with every student FindStudents(f) would list, in the same
// order and masked the same way, ignoring paging, from one query (imports and
// exports read a whole school at once). An error from fn stops it and is returned.
func (s *Service) EachStudent(ctx context.Context, f models.StudentFilter, fn func(*models.Student) error) error {
	return eachMasked(ctx, s.students, f, f.ListParams, studentList, studentSortable, studentSearch, fn)
}

// FindStudentByID returns a student the caller may read, or ErrNotFound.
func (s *Service) FindStudentByID(ctx context.Context, id bson.ObjectID) (*models.Student, error) {
	return readable(ctx, s.students, studentScope, studentSees, id)
}

// CreateStudent adds a student to the caller's school. Duplicate 学号 or ID number
// within the school is a ConflictError.
func (s *Service) CreateStudent(ctx context.Context, f models.StudentFields) (*models.Student, error) {
	return scoped.Create(ctx, s.schools, s.students, f.SchoolID, func(school bson.ObjectID) (*models.Student, error) {
		st := &models.Student{SchoolID: school}
		var errs models.ValidationError
		f.Apply(st, &errs)
		return st, s.checkStudent(ctx, st, &errs)
	})
}

// UpdateStudent changes a student; ErrStaleVersion when the named version is old.
func (s *Service) UpdateStudent(ctx context.Context, id bson.ObjectID, f models.StudentFields) (*models.Student, error) {
	return scoped.Update(ctx, s.students, id, f.Version, f.SchoolID, func(_, st *models.Student) error {
		var errs models.ValidationError
		f.Apply(st, &errs)
		return s.checkStudent(ctx, st, &errs)
	})
}

// DeleteStudent removes a student.
func (s *Service) DeleteStudent(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.students, id, func(rec *models.Student) error { return s.studentUsers.CheckUnused(ctx, rec.ID) })
}

// checkStudent validates a student, derives sex and birth date from the ID number
// and checks that the major is one the school offers.
func (s *Service) checkStudent(ctx context.Context, st *models.Student, errs *models.ValidationError) error {
	if info, msg := models.ParseIDNumber(st.IDNumber, s.now()); msg == "" {
		st.IDNumber, st.Sex, st.BirthDate = info.Normalized, info.Sex, info.BirthDate
	}
	if st.CohortYear > s.today().Time().Year()+1 {
		errs.Add("cohortYear", "入学年份不能晚于明年")
	}
	if _, bad := errs.Fields["graduationDate"]; !bad && st.Status == models.StudentGraduated {
		switch {
		case st.GraduationDate.IsZero():
			errs.Add("graduationDate", "毕业学生须填写毕业日期")
		case st.GraduationDate.After(s.today()):
			errs.Add("graduationDate", "毕业日期不能晚于今天")
		case st.GraduationDate.Time().Year() < st.CohortYear:
			errs.Add("graduationDate", "毕业日期不能早于入学年份")
		}
	}
	if _, msg := models.MajorCodeLevel(st.MajorCode); msg == "" {
		ok, err := s.majors.Exists(ctx, bson.D{{Key: "schoolId", Value: st.SchoolID}, {Key: "code", Value: st.MajorCode}})
		if err != nil {
			return err
		}
		if !ok {
			errs.Add("majorCode", "本校未开设该专业，请先在专业管理中添加")
		}
	}
	return models.MergeValidation(s.v.Struct(st), errs)
}
