package people

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
)

var studentSortable = map[string]string{
	"studentNo": "studentNo", "name": "name", "majorCode": "majorCode", "className": "className",
	"cohortYear": "cohortYear", "status": "status", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// PlacedStudents lists the students with a placement the enterprise may see,
// by id. services/placements provides it (people may not import placements).
type PlacedStudents func(ctx context.Context, enterprise bson.ObjectID) ([]bson.ObjectID, error)

// ShowPlacedStudents lets enterprise users read the students placed with their
// enterprise, as placed lists them; until it is called they see no student.
func (s *Service) ShowPlacedStudents(placed PlacedStudents) { s.placed = placed }

// studentAccess decides, for one call, which students the caller may read:
// office users and auditors those of their schools, an enterprise user those
// placed with its enterprise, read once with one projected query of the
// placements rather than per student.
type studentAccess struct {
	ctx    context.Context
	placed PlacedStudents
	ids    map[bson.ObjectID]bool // the enterprise's placed students, once read
}

func (s *Service) studentAccess(ctx context.Context) *studentAccess {
	return &studentAccess{ctx: ctx, placed: s.placed}
}

// scope limits a student query to what the caller may read; an enterprise user
// naming a school narrows its students to those of that school.
func (a *studentAccess) scope(p *models.Principal, school string) (bson.D, error) {
	if p.Role != models.RoleEnterprise {
		return schools.ReadFilter(p, school)
	}
	if err := a.load(p); err != nil {
		return nil, err
	}
	ids := bson.A{}
	for id := range a.ids {
		ids = append(ids, id)
	}
	return schools.Narrow(bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, school)
}

// load reads the enterprise's placed students, once.
func (a *studentAccess) load(p *models.Principal) error {
	if a.ids != nil {
		return nil
	}
	a.ids = map[bson.ObjectID]bool{}
	if a.placed == nil || p.EnterpriseID.IsZero() {
		return nil
	}
	ids, err := a.placed(a.ctx, p.EnterpriseID)
	if err != nil {
		return fmt.Errorf("people: placed students: %w", err)
	}
	for _, id := range ids {
		a.ids[id] = true
	}
	return nil
}

// sees is scope for one loaded record (readable runs scope first).
func (a *studentAccess) sees(p *models.Principal, st *models.Student) bool {
	if p.Role == models.RoleEnterprise {
		return a.ids[st.ID]
	}
	return p.CanReadSchool(st.SchoolID)
}

// list is the filter of a student list: the caller's scope and f's fields.
func (a *studentAccess) list(p *models.Principal, f models.StudentFilter) (bson.D, error) {
	filter, err := a.scope(p, f.SchoolID)
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

// FindStudents lists students: office users and auditors those of their
// schools, enterprise users those placed with their enterprise. ID numbers are
// masked for enterprise and auditor users.
func (s *Service) FindStudents(ctx context.Context, f models.StudentFilter) (models.Page[models.Student], error) {
	return findMasked(ctx, s.students, f, f.ListParams, s.studentAccess(ctx).list, studentSortable, studentSearch)
}

// EachStudent calls fn with every student FindStudents(f) would list, in the same
// order and masked the same way, ignoring paging, from one query (imports and
// exports read a whole school at once). An error from fn stops it and is returned.
func (s *Service) EachStudent(ctx context.Context, f models.StudentFilter, fn func(*models.Student) error) error {
	return eachMasked(ctx, s.students, f, f.ListParams, s.studentAccess(ctx).list, studentSortable, studentSearch, fn)
}

// FindStudentByID returns a student the caller may read (as FindStudents), or
// ErrNotFound.
func (s *Service) FindStudentByID(ctx context.Context, id bson.ObjectID) (*models.Student, error) {
	a := s.studentAccess(ctx)
	return readable(ctx, s.students, a.scope, a.sees, id)
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
	CheckStudentFields(st, s.now(), errs)
	if _, msg := models.MajorCodeLevel(st.MajorCode); msg == "" {
		ok, err := s.majors.Exists(ctx, bson.D{{Key: "schoolId", Value: st.SchoolID}, {Key: "code", Value: st.MajorCode}})
		if err != nil {
			return err
		}
		if !ok {
			errs.Add("majorCode", msgNoMajor)
		}
	}
	return models.MergeValidation(s.v.Struct(st), errs)
}

const msgNoMajor = "本校未开设该专业，请先在专业管理中添加"

// CheckStudentFields derives sex and birth date from a valid ID number and adds
// to errs what the validate tags cannot say as of now: an entry year at most next
// year, and a graduation date for graduated students only, not in the future and
// not before the entry year.
func CheckStudentFields(st *models.Student, now time.Time, errs *models.ValidationError) {
	if info, msg := models.ParseIDNumber(st.IDNumber, now); msg == "" {
		st.IDNumber, st.Sex, st.BirthDate = info.Normalized, info.Sex, info.BirthDate
	}
	today := models.DateOf(now.In(models.China))
	if st.CohortYear > today.Time().Year()+1 {
		errs.Add("cohortYear", "入学年份不能晚于明年")
	}
	if _, bad := errs.Fields["graduationDate"]; !bad && st.Status == models.StudentGraduated {
		switch {
		case st.GraduationDate.IsZero():
			errs.Add("graduationDate", "毕业学生须填写毕业日期")
		case st.GraduationDate.After(today):
			errs.Add("graduationDate", "毕业日期不能晚于今天")
		case st.GraduationDate.Time().Year() < st.CohortYear:
			errs.Add("graduationDate", "毕业日期不能早于入学年份")
		}
	}
}

// InsertStudents writes students whose history the caller replayed (the demo:
// each created on its enrolment day and, once graduated or withdrawn, changed
// on that day, its Meta saying so), in one bulk write. Each is checked as
// CreateStudent checks it, as of now, with the schools' majors read once; the
// first refused student stops the load before anything is written (its 学号
// prefixes the error). Office users of the students' school and the system
// admin may; anyone else gets ErrForbidden. A 学号 or ID number already used
// in the school is a ConflictError.
func (s *Service) InsertStudents(ctx context.Context, sts []*models.Student) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	offered := map[string]bool{}
	for _, st := range sts {
		if !p.CanWriteSchool(st.SchoolID) {
			return models.ErrForbidden
		}
		offered[st.SchoolID.Hex()] = false
	}
	if err := s.offeredMajors(ctx, offered); err != nil {
		return err
	}
	for _, st := range sts {
		var errs models.ValidationError
		CheckStudentFields(st, s.now(), &errs)
		if _, msg := models.MajorCodeLevel(st.MajorCode); msg == "" && !offered[st.SchoolID.Hex()+"|"+st.MajorCode] {
			errs.Add("majorCode", msgNoMajor)
		}
		if err := models.MergeValidation(s.v.Struct(st), &errs); err != nil {
			return fmt.Errorf("学号%s: %w", st.StudentNo, err)
		}
	}
	return s.students.InsertHistory(ctx, sts)
}

// offeredMajors adds "school|code" for every major of the schools keyed in
// offered (by hex id), from one query.
func (s *Service) offeredMajors(ctx context.Context, offered map[string]bool) error {
	ids := bson.A{}
	for hex := range offered {
		id, err := bson.ObjectIDFromHex(hex)
		if err != nil {
			return err
		}
		ids = append(ids, id)
	}
	filter := bson.D{{Key: "schoolId", Value: bson.D{{Key: "$in", Value: ids}}}}
	return s.majors.Each(ctx, filter, models.ListParams{}, nil, nil, func(m *models.Major) error {
		offered[m.SchoolID.Hex()+"|"+m.Code] = true
		return nil
	})
}
