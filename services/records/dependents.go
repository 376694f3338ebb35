package records

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Dependent counts the records of another area that refer to a record, so that a
// record still in use is not deleted.
type Dependent struct {
	Label string // Chinese name of the referring records, e.g. "学生"
	Count func(ctx context.Context, id bson.ObjectID) (int64, error)
}

// Dependents is the set of areas that refer to one kind of record.
type Dependents struct {
	what string // Chinese name of the referred record, e.g. "学校"
	list []Dependent
}

// NewDependents returns an empty set for records called what.
func NewDependents(what string) *Dependents { return &Dependents{what: what} }

// Add registers d.
func (ds *Dependents) Add(d Dependent) { ds.list = append(ds.list, d) }

// CheckUnused returns a ConflictError naming the first area that still refers to id.
func (ds *Dependents) CheckUnused(ctx context.Context, id bson.ObjectID) error {
	for _, d := range ds.list {
		n, err := d.Count(ctx, id)
		if err != nil {
			return fmt.Errorf("records: dependents: %w", err)
		}
		if n > 0 {
			return models.NewConflict("id", fmt.Sprintf("该%s仍有%d条%s记录，不能删除", ds.what, n, d.Label))
		}
	}
	return nil
}
