package audit

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

var sortable = map[string]string{"at": "at", "entity": "entity", "action": "action", "actorName": "actorName"}

// FindEntries lists the log, newest first by default. The system admin sees every
// entry; an office admin only its school's. Returns ErrForbidden for other roles and
// a ValidationError for malformed filters.
func (l *Log) FindEntries(ctx context.Context, f models.AuditFilter) (models.Page[models.AuditEntry], error) {
	var zero models.Page[models.AuditEntry]
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return zero, err
	}
	filter := bson.D{}
	switch p.Role {
	case models.RoleSystemAdmin:
		if f.SchoolID != "" {
			id, err := models.ParseID(f.SchoolID)
			if err != nil {
				return zero, err
			}
			filter = append(filter, bson.E{Key: "schoolId", Value: id})
		}
	case models.RoleOfficeAdmin:
		if f.SchoolID != "" && f.SchoolID != p.SchoolID.Hex() {
			return zero, models.ErrForbidden
		}
		filter = append(filter, bson.E{Key: "schoolId", Value: p.SchoolID})
	default:
		return zero, models.ErrForbidden
	}
	more, err := entryFilter(f)
	if err != nil {
		return zero, err
	}
	filter = append(filter, more...)
	if f.Sort == "" {
		f.Sort = "-at"
	}
	return store.FindPage[models.AuditEntry](ctx, l.c, filter, f.ListParams, sortable, []string{"entity", "action", "actorName"})
}

func entryFilter(f models.AuditFilter) (bson.D, error) {
	filter := bson.D{}
	for _, kv := range [][2]string{{"entity", f.Entity}, {"action", f.Action}} {
		if kv[1] != "" {
			filter = append(filter, bson.E{Key: kv[0], Value: kv[1]})
		}
	}
	for _, kv := range [][2]string{{"entityId", f.EntityID}, {"actorId", f.ActorID}} {
		if kv[1] == "" {
			continue
		}
		id, err := models.ParseID(kv[1])
		if err != nil {
			return nil, err
		}
		filter = append(filter, bson.E{Key: kv[0], Value: id})
	}
	var errs models.ValidationError
	at := bson.D{}
	if f.From != "" {
		d, err := models.ParseDate(f.From)
		if err != nil {
			errs.Add("from", "日期格式须为YYYY-MM-DD")
		}
		at = append(at, bson.E{Key: "$gte", Value: d.StartInChina()})
	}
	if f.To != "" {
		d, err := models.ParseDate(f.To)
		if err != nil {
			errs.Add("to", "日期格式须为YYYY-MM-DD")
		}
		at = append(at, bson.E{Key: "$lt", Value: d.StartInChina().AddDate(0, 0, 1)})
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	return filter, nil
}
