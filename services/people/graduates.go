package people

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
)

// Graduate is what the graduate figures need of a student.
type Graduate struct {
	ID        bson.ObjectID `bson:"_id"`
	SchoolID  bson.ObjectID `bson:"schoolId"`
	StudentNo string        `bson:"studentNo"`
	Name      string        `bson:"name"`
}

// EachGraduate streams, for the figures, the students of schools (nil: every
// school) who graduated within y, projected to what a figure shows. It is the
// people area's read-only query helper for figures (architecture.md): the
// figures service has already checked that the caller may read these schools.
func (s *Service) EachGraduate(ctx context.Context, schools []bson.ObjectID, y models.StatYear, fn func(Graduate)) error {
	filter := bson.D{{Key: "status", Value: models.StudentGraduated},
		{Key: "graduationDate", Value: bson.D{{Key: "$gte", Value: y.From().Time()}, {Key: "$lte", Value: y.To().Time()}}}}
	if schools != nil {
		filter = append(filter, bson.E{Key: "schoolId", Value: bson.D{{Key: "$in", Value: schools}}})
	}
	proj := bson.D{{Key: "schoolId", Value: 1}, {Key: "studentNo", Value: 1}, {Key: "name", Value: 1}}
	cur, err := s.students.C.Find(ctx, filter, options.Find().SetProjection(proj))
	if err != nil {
		return fmt.Errorf("people: graduates: %w", err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var g Graduate
		if err := cur.Decode(&g); err != nil {
			return fmt.Errorf("people: graduates: %w", err)
		}
		fn(g)
	}
	return cur.Err()
}
