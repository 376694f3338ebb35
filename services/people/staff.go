package people

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
)

// Staff is what the teacher figures and the 5-year rule need of a teacher.
type Staff struct {
	ID                         bson.ObjectID `bson:"_id"`
	SchoolID                   bson.ObjectID `bson:"schoolId"`
	StaffNo                    string        `bson:"staffNo"`
	Name                       string        `bson:"name"`
	CourseType                 string        `bson:"courseType"`
	Employment                 string        `bson:"employment"`
	HireDate                   models.Date   `bson:"hireDate"`
	EnterpriseExperienceMonths int           `bson:"enterpriseExperienceMonths"`
}

// EachStaff streams the teachers of schools (nil: every school), projected to
// what the practice figures and warnings need. Like EachGraduate it is a
// read-only helper: the caller has already checked that these schools may be
// read.
func (s *Service) EachStaff(ctx context.Context, schools []bson.ObjectID, fn func(Staff)) error {
	filter := bson.D{}
	if schools != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: schools}}})
	}
	proj := bson.D{{Key: "schoolId", Value: 1}, {Key: "staffNo", Value: 1}, {Key: "name", Value: 1}, {Key: "courseType", Value: 1},
		{Key: "employment", Value: 1}, {Key: "hireDate", Value: 1}, {Key: "enterpriseExperienceMonths", Value: 1}}
	cur, err := s.teachers.C.Find(ctx, filter, options.Find().SetProjection(proj).SetSort(bson.D{{Key: "staffNo", Value: 1}}))
	if err != nil {
		return fmt.Errorf("people: staff: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var st Staff
		if err := cur.Decode(&st); err != nil {
			return fmt.Errorf("people: staff: %w", err)
		}
		fn(st)
	}
	return cur.Err()
}
