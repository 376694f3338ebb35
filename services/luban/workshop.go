package luban

import (
	"context"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var workshopSortable = map[string]string{
	"nameZh": "nameZh", "country": "country", "status": "status", "openedDate": "openedDate",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindWorkshops lists the workshops of the caller's schools (the system admin
// also sees those not yet assigned to a school), narrowed by school, country
// and status. Enterprise users may not (ErrForbidden).
func (s *Service) FindWorkshops(ctx context.Context, f models.WorkshopFilter) (models.Page[models.Workshop], error) {
	var zero models.Page[models.Workshop]
	_, filter, err := schools.ListFilter(ctx, f.SchoolID)
	if err != nil {
		return zero, err
	}
	if c := strings.ToUpper(strings.TrimSpace(f.Country)); c != "" {
		filter = append(filter, bson.E{Key: "country", Value: c})
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	return store.FindPage[models.Workshop](ctx, s.workshops.C, filter, f.ListParams, workshopSortable, []string{"nameZh", "nameEn", "nameLocal", "code", "city"})
}

// FindWorkshopByID returns a workshop the caller may read, or ErrNotFound.
func (s *Service) FindWorkshopByID(ctx context.Context, id bson.ObjectID) (*models.Workshop, error) {
	_, rec, err := scoped.Readable(ctx, s.workshops, id)
	return rec, err
}

// CreateWorkshop registers a workshop of the caller's school (the system admin
// names the school). A workshop with the same country, principal host and lead
// Chinese institution is a ConflictError.
func (s *Service) CreateWorkshop(ctx context.Context, f models.WorkshopFields) (*models.Workshop, error) {
	return scoped.Create(ctx, s.schools, s.workshops, f.SchoolID, func(school bson.ObjectID) (*models.Workshop, error) {
		w := &models.Workshop{SchoolID: school}
		var errs models.ValidationError
		f.Apply(w, &errs)
		s.startHistory(w, f, &errs)
		return w, s.checkWorkshop(w, &errs)
	})
}

// UpdateWorkshop changes a workshop; a new status is added to its history,
// dated statusSince (default today). A workshop keeps its school, except that
// the system admin assigns one to a workshop seeded without.
func (s *Service) UpdateWorkshop(ctx context.Context, id bson.ObjectID, f models.WorkshopFields) (*models.Workshop, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	before, err := scoped.Writable(ctx, s.workshops, id)
	if err != nil {
		return nil, err
	}
	after := *before
	after.StatusHistory = append([]models.WorkshopStatusChange(nil), before.StatusHistory...)
	var errs models.ValidationError
	if before.SchoolID.IsZero() && f.SchoolID != nil && strings.TrimSpace(*f.SchoolID) != "" {
		school, err := s.schools.WriteSchool(ctx, p, f.SchoolID)
		if err != nil {
			return nil, err
		}
		after.SchoolID = school
	} else if err := schools.CheckMove(before.SchoolID, f.SchoolID); err != nil {
		return nil, err
	}
	f.Apply(&after, &errs)
	s.extendHistory(before, &after, f, &errs)
	if err := models.MergeValidation(s.checkWorkshop(&after, &errs), records.CheckVersion(f.Version)); err != nil {
		return nil, err
	}
	if err := s.workshops.Replace(ctx, before, &after, *f.Version); err != nil {
		return nil, err
	}
	return &after, nil
}

// DeleteWorkshop removes a workshop that has no activities.
func (s *Service) DeleteWorkshop(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.workshops, id, func(w *models.Workshop) error {
		n, err := s.activities.C.Count(ctx, bson.D{{Key: "workshopId", Value: w.ID}})
		if err != nil {
			return err
		}
		if n > 0 {
			return models.NewConflict("id", "该鲁班工坊仍有活动记录，不能删除")
		}
		return nil
	})
}

// checkWorkshop validates the fields and keys the record.
func (s *Service) checkWorkshop(w *models.Workshop, errs *models.ValidationError) error {
	w.Key = w.NaturalKey()
	if w.HostInstitutions == nil {
		w.HostInstitutions = []string{}
	}
	for _, l := range []*[]string{&w.Enterprises, &w.Fields, &w.Majors, &w.Unconfirmed} {
		if *l == nil {
			*l = []string{}
		}
	}
	return models.MergeValidation(errs, s.v.Struct(w))
}

// startHistory opens a new workshop's history with its status, dated
// statusSince, else the opening date for a workshop operating, else today.
func (s *Service) startHistory(w *models.Workshop, f models.WorkshopFields, errs *models.ValidationError) {
	since := s.statusSince(f, errs)
	if since.IsZero() {
		since = s.today()
		if !w.OpenedDate.IsZero() && w.Status == models.WorkshopOperating {
			since = w.OpenedDate
		}
		if !w.AcceptedDate.IsZero() && w.Status == models.WorkshopAccepted {
			since = w.AcceptedDate
		}
	}
	if w.Status != "" {
		w.StatusHistory = []models.WorkshopStatusChange{{Status: w.Status, Since: since, Note: deref(f.StatusNote)}}
	}
}

// extendHistory adds a changed status to the history; the change may not be
// dated before the last one, and a date without a change is refused.
func (s *Service) extendHistory(before, after *models.Workshop, f models.WorkshopFields, errs *models.ValidationError) {
	since := s.statusSince(f, errs)
	if after.Status == before.Status {
		if !since.IsZero() {
			errs.Add("statusSince", "状态未变更，不填写状态变更日期")
		}
		return
	}
	if since.IsZero() {
		since = s.today()
		if after.Status == models.WorkshopAccepted && !after.AcceptedDate.IsZero() {
			since = after.AcceptedDate
		}
	}
	if n := len(after.StatusHistory); n > 0 && since.Before(after.StatusHistory[n-1].Since) {
		errs.Add("statusSince", "状态变更日期不能早于上一次状态变更（"+after.StatusHistory[n-1].Since.String()+"）")
		return
	}
	after.StatusHistory = append(after.StatusHistory, models.WorkshopStatusChange{Status: after.Status, Since: since, Note: deref(f.StatusNote)})
}

func (s *Service) statusSince(f models.WorkshopFields, errs *models.ValidationError) models.Date {
	if f.StatusSince == nil || strings.TrimSpace(*f.StatusSince) == "" {
		return models.Date{}
	}
	d, err := models.ParseDate(strings.TrimSpace(*f.StatusSince))
	if err != nil {
		errs.Add("statusSince", "日期须为有效日期，格式为YYYY-MM-DD")
		return models.Date{}
	}
	if d.After(s.today()) {
		errs.Add("statusSince", "状态变更日期不能晚于今天")
		return models.Date{}
	}
	return d
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// WorkshopLabel is how lists and forms name a workshop.
func WorkshopLabel(w *models.Workshop) string {
	return w.NameZH + "（" + CountryName(w.Country) + "）"
}
