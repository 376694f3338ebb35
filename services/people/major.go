package people

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var majorSortable = map[string]string{"code": "code", "name": "name", "level": "level", "createdAt": "createdAt"}

// majorList is the filter of a major list: the caller's schools and f's level.
func majorList(p *models.Principal, f models.MajorFilter) (bson.D, error) {
	filter, err := schools.ReadFilter(p, f.SchoolID)
	if err != nil {
		return nil, err
	}
	if f.Level != "" {
		filter = append(filter, bson.E{Key: "level", Value: f.Level})
	}
	return filter, nil
}

var majorSearch = []string{"code", "name"}

// FindMajors lists majors of the caller's schools. Enterprise users may not
// (ErrForbidden).
func (s *Service) FindMajors(ctx context.Context, f models.MajorFilter) (models.Page[models.Major], error) {
	var zero models.Page[models.Major]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter, err := majorList(p, f)
	if err != nil {
		return zero, err
	}
	return store.FindPage[models.Major](ctx, s.majors.C, filter, f.ListParams, majorSortable, majorSearch)
}

// EachMajor calls fn with every major FindMajors(f) would list, in the same
// order, ignoring paging, from one query. An error from fn stops it and is
// returned.
func (s *Service) EachMajor(ctx context.Context, f models.MajorFilter, fn func(*models.Major) error) error {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return err
	}
	filter, err := majorList(p, f)
	if err != nil {
		return err
	}
	return s.majors.Each(ctx, filter, f.ListParams, majorSortable, majorSearch, fn)
}

// FindMajorByID returns a major of the caller's schools, or ErrNotFound. Roles
// without schools get ErrForbidden, whatever the id.
func (s *Service) FindMajorByID(ctx context.Context, id bson.ObjectID) (*models.Major, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := schools.ReadFilter(p, ""); err != nil {
		return nil, err
	}
	// By _id alone, which the embedded store answers without a scan; the school
	// is checked here (stack.md §4).
	m, err := s.majors.ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.CanReadSchool(m.SchoolID) {
		return nil, models.ErrNotFound
	}
	return m, nil
}

// CreateMajor adds a major to the caller's school. The code must be of the 2021
// catalogue's format, its level must match the code's range and suit the school.
func (s *Service) CreateMajor(ctx context.Context, f models.MajorFields) (*models.Major, error) {
	return scoped.Create(ctx, s.schools, s.majors, f.SchoolID, func(school bson.ObjectID) (*models.Major, error) {
		m := &models.Major{SchoolID: school}
		f.Apply(m)
		return m, s.checkMajor(ctx, m)
	})
}

// UpdateMajor changes a major. Its code cannot change while students are enrolled
// in it (ConflictError).
func (s *Service) UpdateMajor(ctx context.Context, id bson.ObjectID, f models.MajorFields) (*models.Major, error) {
	return scoped.Update(ctx, s.majors, id, f.Version, f.SchoolID, func(before, after *models.Major) error {
		f.Apply(after)
		if err := s.checkMajor(ctx, after); err != nil {
			return err
		}
		if after.Code != before.Code {
			return s.majorUnused(ctx, before)
		}
		return nil
	})
}

// DeleteMajor removes a major no student is enrolled in.
func (s *Service) DeleteMajor(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.majors, id, func(m *models.Major) error { return s.majorUnused(ctx, m) })
}

func (s *Service) majorUnused(ctx context.Context, m *models.Major) error {
	n, err := s.students.C.Count(ctx, bson.D{{Key: "schoolId", Value: m.SchoolID}, {Key: "majorCode", Value: m.Code}})
	if err != nil {
		return fmt.Errorf("majors: %w", err)
	}
	if n > 0 {
		return models.NewConflict("code", fmt.Sprintf("该专业仍有%d名学生，不能删除或修改专业代码", n))
	}
	return nil
}

// checkMajor validates a major against its tags, the code's level range and the
// school's level (a 中职 school offers 中职 majors; a 高职 school 专科 or 本科 ones).
func (s *Service) checkMajor(ctx context.Context, m *models.Major) error {
	var errs models.ValidationError
	if lvl, msg := models.MajorCodeLevel(m.Code); msg == "" && m.Level != "" && lvl != m.Level {
		errs.Add("level", "专业层次与专业代码不符：代码"+m.Code+"属于"+levelName(lvl))
	}
	schoolLevel, err := s.schools.Level(ctx, m.SchoolID)
	if err != nil {
		return err
	}
	if m.Level != "" && (schoolLevel == models.SchoolSecondary) != (m.Level == models.LevelSecondary) {
		errs.Add("level", "专业层次与学校办学层次不符")
	}
	return models.MergeValidation(s.v.Struct(m), &errs)
}

func levelName(level string) string {
	switch level {
	case models.LevelSecondary:
		return "中职"
	case models.LevelHigher:
		return "高职专科"
	case models.LevelBachelor:
		return "职业本科"
	}
	return level
}
