package schools

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// ReadFilter returns the filter that limits a query on school-owned records to the
// schools the caller may read, narrowed to requested when given. Naming a school
// outside the caller's set is ErrForbidden; roles without schools get ErrForbidden.
func ReadFilter(p *models.Principal, requested string) (bson.D, error) {
	ids, all := p.ReadableSchools()
	requested = strings.TrimSpace(requested)
	if requested != "" {
		id, err := models.ParseID(requested)
		if err != nil {
			return nil, err
		}
		if !p.CanReadSchool(id) {
			return nil, models.ErrForbidden
		}
		return bson.D{{Key: "schoolId", Value: id}}, nil
	}
	if all {
		return bson.D{}, nil
	}
	switch len(ids) {
	case 0:
		return nil, models.ErrForbidden
	case 1:
		return bson.D{{Key: "schoolId", Value: ids[0]}}, nil
	}
	return bson.D{{Key: "schoolId", Value: bson.D{{Key: "$in", Value: ids}}}}, nil
}

// Narrow narrows filter to the school requested, when one is: for enterprise
// users, whose scope is their enterprise's records of every school rather than
// a set of schools.
func Narrow(filter bson.D, requested string) (bson.D, error) {
	requested = strings.TrimSpace(requested)
	if requested == "" {
		return filter, nil
	}
	id, err := models.ParseID(requested)
	if err != nil {
		return nil, err
	}
	return append(filter, bson.E{Key: "schoolId", Value: id}), nil
}

// WriteSchool resolves the school a new record belongs to. Office users write to
// their own school (naming another is ErrForbidden); the system admin must name an
// existing school; other roles may not write (ErrForbidden).
func (s *Service) WriteSchool(ctx context.Context, p *models.Principal, requested *string) (bson.ObjectID, error) {
	req := ""
	if requested != nil {
		req = strings.TrimSpace(*requested)
	}
	switch {
	case p.Role.IsOffice():
		if req != "" && req != p.SchoolID.Hex() {
			return bson.NilObjectID, models.ErrForbidden
		}
		return p.SchoolID, nil
	case p.Role == models.RoleSystemAdmin:
		if req == "" {
			return bson.NilObjectID, models.Invalid("schoolId", "所属学校为必填项")
		}
		id, err := bson.ObjectIDFromHex(req)
		if err != nil {
			return bson.NilObjectID, models.Invalid("schoolId", "所属学校编号格式不正确")
		}
		ok, err := s.Exists(ctx, id)
		if err != nil {
			return bson.NilObjectID, err
		}
		if !ok {
			return bson.NilObjectID, models.Invalid("schoolId", "所属学校不存在")
		}
		return id, nil
	}
	return bson.NilObjectID, models.ErrForbidden
}

// CheckMove refuses moving a record to another school: a record keeps the school it
// was created in.
func CheckMove(current bson.ObjectID, requested *string) error {
	if requested == nil || strings.TrimSpace(*requested) == "" || strings.TrimSpace(*requested) == current.Hex() {
		return nil
	}
	return models.Invalid("schoolId", "记录所属学校不能修改")
}

// ListFilter is the start of a list of school-owned records: the caller, the
// filter of the schools it may read (narrowed to school), and field = id for
// each pair {field, id} whose id is given (a malformed id is a bad request).
func ListFilter(ctx context.Context, school string, ids ...[2]string) (*models.Principal, bson.D, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, nil, err
	}
	filter, err := ReadFilter(p, school)
	if err != nil {
		return nil, nil, err
	}
	for _, kv := range ids {
		if kv[1] == "" {
			continue
		}
		id, err := models.ParseID(kv[1])
		if err != nil {
			return nil, nil, err
		}
		filter = append(filter, bson.E{Key: kv[0], Value: id})
	}
	return p, filter, nil
}
