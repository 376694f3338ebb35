// Package schools keeps the schools an installation serves and decides, for every
// school-owned record, which schools a caller may read and write.
package schools

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/validate"
)

// Service manages schools.
type Service struct {
	repo       *records.Repo[models.School, *models.School]
	v          *validate.Validator
	dependents *records.Dependents
}

// New returns the schools service.
func New(s *store.Store, a *audit.Log, v *validate.Validator, now func() time.Time) *Service {
	return &Service{v: v, dependents: records.NewDependents("学校"), repo: &records.Repo[models.School, *models.School]{
		C: s.Collection(store.Schools), Audit: a, Entity: "school", Now: now,
		Keys:   []store.UniqueKey{{Fields: []string{"code"}, Field: "code", Message: "学校代码已存在"}},
		School: func(s *models.School) bson.ObjectID { return s.ID },
	}}
}

// AddDependent registers records that keep a school from being deleted.
func (s *Service) AddDependent(d records.Dependent) { s.dependents.Add(d) }

var schoolSortable = map[string]string{"code": "code", "name": "name", "district": "district", "level": "level", "createdAt": "createdAt"}

// FindSchools lists the schools the caller may read. Enterprise users may not list
// schools (ErrForbidden).
func (s *Service) FindSchools(ctx context.Context, f models.SchoolFilter) (models.Page[models.School], error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return models.Page[models.School]{}, err
	}
	ids, all := p.ReadableSchools()
	if !all && len(ids) == 0 {
		return models.Page[models.School]{}, models.ErrForbidden
	}
	filter := bson.D{}
	if !all {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}})
	}
	for _, kv := range [][2]string{{"district", f.District}, {"level", f.Level}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	return store.FindPage[models.School](ctx, s.repo.C, filter, f.ListParams, schoolSortable, []string{"code", "name", "district"})
}

// FindSchoolByID returns a school the caller may read, or ErrNotFound.
func (s *Service) FindSchoolByID(ctx context.Context, id bson.ObjectID) (*models.School, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if !p.CanReadSchool(id) {
		return nil, models.ErrNotFound
	}
	return s.repo.Get(ctx, bson.D{{Key: "_id", Value: id}})
}

// Exists reports whether a school exists, whoever asks (used to check references).
func (s *Service) Exists(ctx context.Context, id bson.ObjectID) (bool, error) {
	return s.repo.C.Exists(ctx, bson.D{{Key: "_id", Value: id}})
}

// Names returns the names of the schools with the given ids, whoever asks: a
// school's name is no secret, and an enterprise user, who may not list schools,
// is shown which school each of its placements comes from. Ids of no school are
// left out. The schools are a handful of documents, read in one projected query.
func (s *Service) Names(ctx context.Context, ids []bson.ObjectID) (map[bson.ObjectID]string, error) {
	out := map[bson.ObjectID]string{}
	seen, wanted := map[bson.ObjectID]bool{}, bson.A{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			wanted = append(wanted, id)
		}
	}
	if len(wanted) == 0 {
		return out, nil
	}
	cur, err := s.repo.C.Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: wanted}}}},
		options.Find().SetProjection(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("schools: names: %w", err)
	}
	var rows []struct {
		ID   bson.ObjectID `bson:"_id"`
		Name string        `bson:"name"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("schools: names: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}

// IDsByName returns every school's id by its name, whoever asks, for the
// start-up seeds that attach records to a school by name.
func (s *Service) IDsByName(ctx context.Context) (map[string]bson.ObjectID, error) {
	cur, err := s.repo.C.Find(ctx, bson.D{}, options.Find().SetProjection(bson.D{{Key: "name", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("schools: by name: %w", err)
	}
	var rows []struct {
		ID   bson.ObjectID `bson:"_id"`
		Name string        `bson:"name"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("schools: by name: %w", err)
	}
	out := make(map[string]bson.ObjectID, len(rows))
	for _, r := range rows {
		out[r.Name] = r.ID
	}
	return out, nil
}

// CreateSchool adds a school. Only the system admin may (ErrForbidden); a duplicate
// code is a ConflictError.
func (s *Service) CreateSchool(ctx context.Context, f models.SchoolFields) (*models.School, error) {
	if err := requireSystemAdmin(ctx); err != nil {
		return nil, err
	}
	sc := &models.School{}
	f.Apply(sc)
	if err := s.v.Struct(sc); err != nil {
		return nil, err
	}
	if err := s.repo.Insert(ctx, sc); err != nil {
		return nil, err
	}
	return sc, nil
}

// UpdateSchool changes a school (system admin only); ErrStaleVersion when the named
// version is not current.
func (s *Service) UpdateSchool(ctx context.Context, id bson.ObjectID, f models.SchoolFields) (*models.School, error) {
	if err := requireSystemAdmin(ctx); err != nil {
		return nil, err
	}
	before, err := s.repo.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return nil, err
	}
	after := *before
	f.Apply(&after)
	if err := models.MergeValidation(s.v.Struct(&after), records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if err := s.repo.Replace(ctx, before, &after, *f.Version); err != nil {
		return nil, err
	}
	return &after, nil
}

// DeleteSchool removes a school that no user or record refers to (system admin only);
// a school in use is a ConflictError.
func (s *Service) DeleteSchool(ctx context.Context, id bson.ObjectID) error {
	if err := requireSystemAdmin(ctx); err != nil {
		return err
	}
	sc, err := s.repo.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return err
	}
	if err := s.dependents.CheckUnused(ctx, id); err != nil {
		return err
	}
	return s.repo.Delete(ctx, sc)
}

func requireSystemAdmin(ctx context.Context) error {
	_, err := models.RequireRole(ctx, models.RoleSystemAdmin)
	return err
}

// Level returns a school's level (中职 or 高职) whoever asks; used to check majors.
func (s *Service) Level(ctx context.Context, id bson.ObjectID) (string, error) {
	sc, err := s.repo.Get(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return "", err
	}
	return sc.Level, nil
}
