package practice

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
)

// readable resolves the schools the caller reads (narrowed to school): nil for
// every school. Enterprise users get ErrForbidden.
func readable(p *models.Principal, school string) ([]bson.ObjectID, error) {
	if p.Role == models.RoleEnterprise {
		return nil, models.ErrForbidden
	}
	filter, err := schools.ReadFilter(p, school)
	if err != nil {
		return nil, err
	}
	if school != "" {
		return []bson.ObjectID{filter[0].Value.(bson.ObjectID)}, nil
	}
	ids, all := p.ReadableSchools()
	if all {
		return nil, nil
	}
	return ids, nil
}

// approved reads the approved practice of schools (nil: all) by teacher.
func (s *Service) approved(ctx context.Context, schools []bson.ObjectID) (map[bson.ObjectID][]Period, error) {
	filter := bson.D{}
	if schools != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: schools}}})
	}
	return s.approvedOf(ctx, filter)
}

// approvedRow is what the rule and the figures read of a practice record.
type approvedRow struct {
	ID             bson.ObjectID   `bson:"_id"`
	SchoolID       bson.ObjectID   `bson:"schoolId"`
	TeacherID      bson.ObjectID   `bson:"teacherId"`
	Teacher        models.StaffRef `bson:"teacher"`
	EnterpriseID   bson.ObjectID   `bson:"enterpriseId"`
	EnterpriseName string          `bson:"enterpriseName"`
	StartDate      models.Date     `bson:"startDate"`
	EndDate        models.Date     `bson:"endDate"`
	PracticeDays   int             `bson:"practiceDays"`
}

var approvedProjection = bson.D{{Key: "schoolId", Value: 1}, {Key: "teacherId", Value: 1}, {Key: "teacher", Value: 1},
	{Key: "enterpriseId", Value: 1}, {Key: "enterpriseName", Value: 1}, {Key: "startDate", Value: 1}, {Key: "endDate", Value: 1},
	{Key: "practiceDays", Value: 1}}

// eachApproved streams the approved practice matching filter.
func (s *Service) eachApproved(ctx context.Context, filter bson.D, fn func(approvedRow)) error {
	filter = append(filter, bson.E{Key: "status", Value: models.PracticeApproved})
	cur, err := s.practices.C.Find(ctx, filter, options.Find().SetProjection(approvedProjection).SetSort(bson.D{{Key: "startDate", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("practice: approved: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var r approvedRow
		if err := cur.Decode(&r); err != nil {
			return fmt.Errorf("practice: approved: %w", err)
		}
		fn(r)
	}
	return cur.Err()
}

// approvedOf reads the approved practice matching filter, by teacher.
func (s *Service) approvedOf(ctx context.Context, filter bson.D) (map[bson.ObjectID][]Period, error) {
	out := map[bson.ObjectID][]Period{}
	err := s.eachApproved(ctx, filter, func(r approvedRow) {
		out[r.TeacherID] = append(out[r.TeacherID], Period{ID: r.ID, Start: r.StartDate, End: r.EndDate, Days: r.PracticeDays})
	})
	return out, err
}

// teacherOf is what the rule reads of a teacher.
func teacherOf(t people.Staff) Teacher {
	return Teacher{CourseType: t.CourseType, Employment: t.Employment, HireDate: t.HireDate, ExperienceMonths: t.EnterpriseExperienceMonths}
}
