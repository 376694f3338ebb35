package certs

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var trainingSortable = map[string]string{
	"startDate": "startDate", "endDate": "endDate", "event": "event", "role": "role",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindTrainings lists teachers' 1+X trainings of the caller's schools, narrowed
// by school, teacher and the statistical year the start date falls in.
// Enterprise users may not (ErrForbidden).
func (s *Service) FindTrainings(ctx context.Context, f models.TrainingFilter) (models.Page[models.Training], error) {
	var zero models.Page[models.Training]
	_, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"teacherId", f.TeacherID})
	if err != nil {
		return zero, err
	}
	filter = yearFilter(filter, "startDate", f.Year)
	return store.FindPage[models.Training](ctx, s.trainings.C, filter, f.ListParams, trainingSortable, []string{"event", "attendanceRef"})
}

// FindTrainingByID returns a training of the caller's schools, or ErrNotFound.
func (s *Service) FindTrainingByID(ctx context.Context, id bson.ObjectID) (*models.Training, error) {
	_, rec, err := scoped.Readable(ctx, s.trainings, id)
	return rec, err
}

// CreateTraining records a teacher's 1+X training: a teacher of the school, a
// 1+X certificate of the catalogue, an event, start on or before end, and the
// teacher's role (trainer or assessor). Office users of the school and the
// system admin may (who must name the school).
func (s *Service) CreateTraining(ctx context.Context, f models.TrainingFields) (*models.Training, error) {
	return scoped.Create(ctx, s.schools, s.trainings, f.SchoolID, func(school bson.ObjectID) (*models.Training, error) {
		t := &models.Training{SchoolID: school}
		var errs models.ValidationError
		f.Apply(t, &errs)
		return t, s.checkTraining(ctx, t, &errs)
	})
}

// UpdateTraining changes a training; ErrStaleVersion when the named version is old.
func (s *Service) UpdateTraining(ctx context.Context, id bson.ObjectID, f models.TrainingFields) (*models.Training, error) {
	return scoped.Update(ctx, s.trainings, id, f.Version, f.SchoolID, func(_, t *models.Training) error {
		var errs models.ValidationError
		f.Apply(t, &errs)
		return s.checkTraining(ctx, t, &errs)
	})
}

// DeleteTraining removes a training.
func (s *Service) DeleteTraining(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.trainings, id, nil)
}

// checkTraining validates a training against its teacher, entry and dates.
func (s *Service) checkTraining(ctx context.Context, t *models.Training, errs *models.ValidationError) error {
	e, err := s.entry(ctx, t.EntryID, "entryId")
	if collect(errs, err) != nil {
		return err
	}
	if e != nil && e.Type != models.CertX {
		errs.Add("entryId", "师资培训只记录1+X证书的培训")
	}
	if err := s.checkTeacher(ctx, t, errs); err != nil {
		return err
	}
	if t.StartDate.IsZero() {
		errs.Add("startDate", "开始日期为必填项")
	}
	if t.EndDate.IsZero() {
		errs.Add("endDate", "结束日期为必填项")
	}
	if !t.StartDate.IsZero() && t.EndDate.Before(t.StartDate) {
		errs.Add("endDate", "结束日期不能早于开始日期")
	}
	return models.MergeValidation(s.v.Struct(t), errs)
}

// checkTeacher requires a teacher of the training's school, looked up through
// the people service.
func (s *Service) checkTeacher(ctx context.Context, t *models.Training, errs *models.ValidationError) error {
	if t.TeacherID.IsZero() {
		errs.Add("teacherId", "教师为必填项")
		return nil
	}
	teacher, err := s.people.FindTeacherByID(ctx, t.TeacherID)
	if errors.Is(err, models.ErrNotFound) || (err == nil && teacher.SchoolID != t.SchoolID) {
		errs.Add("teacherId", "本校没有该教师")
		return nil
	}
	if err != nil {
		return fmt.Errorf("certs: teacher: %w", err)
	}
	return nil
}
