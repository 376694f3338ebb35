package certs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var pilotSortable = map[string]string{"schoolYear": "schoolYear", "createdAt": "createdAt", "updatedAt": "updatedAt"}

// FindPilots lists pilots of the caller's schools, narrowed by school, entry and
// school year. Enterprise users may not (ErrForbidden).
func (s *Service) FindPilots(ctx context.Context, f models.PilotFilter) (models.Page[models.Pilot], error) {
	var zero models.Page[models.Pilot]
	_, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"entryId", f.EntryID})
	if err != nil {
		return zero, err
	}
	if f.SchoolYear != 0 {
		filter = append(filter, bson.E{Key: "schoolYear", Value: f.SchoolYear})
	}
	return store.FindPage[models.Pilot](ctx, s.pilots.C, filter, f.ListParams, pilotSortable, []string{"approvalRef", "assessmentSite"})
}

// FindPilotByID returns a pilot of the caller's schools, or ErrNotFound.
func (s *Service) FindPilotByID(ctx context.Context, id bson.ObjectID) (*models.Pilot, error) {
	_, rec, err := scoped.Readable(ctx, s.pilots, id)
	return rec, err
}

// CreatePilot records that the school pilots a certificate in a school year for
// some of its majors. Office users of the school and the system admin may (who
// must name the school); a second pilot of the same certificate in the same
// school year is a ConflictError on entryId.
func (s *Service) CreatePilot(ctx context.Context, f models.PilotFields) (*models.Pilot, error) {
	return scoped.Create(ctx, s.schools, s.pilots, f.SchoolID, func(school bson.ObjectID) (*models.Pilot, error) {
		pl := &models.Pilot{SchoolID: school}
		var errs models.ValidationError
		f.Apply(pl, &errs)
		return pl, s.checkPilot(ctx, pl, &errs)
	})
}

// UpdatePilot changes a pilot; ErrStaleVersion when the named version is old.
// Candidates already registered keep the pilot check they were registered under.
func (s *Service) UpdatePilot(ctx context.Context, id bson.ObjectID, f models.PilotFields) (*models.Pilot, error) {
	return scoped.Update(ctx, s.pilots, id, f.Version, f.SchoolID, func(_, pl *models.Pilot) error {
		var errs models.ValidationError
		f.Apply(pl, &errs)
		return s.checkPilot(ctx, pl, &errs)
	})
}

// DeletePilot removes a pilot.
func (s *Service) DeletePilot(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.pilots, id, nil)
}

// checkPilot validates a pilot: a catalogue entry, a school year, and majors the
// school offers.
func (s *Service) checkPilot(ctx context.Context, pl *models.Pilot, errs *models.ValidationError) error {
	if _, err := s.entry(ctx, pl.EntryID, "entryId"); collect(errs, err) != nil {
		return err
	}
	if len(pl.MajorCodes) > 0 {
		offered, err := s.schoolMajors(ctx, pl.SchoolID)
		if err != nil {
			return err
		}
		var missing []string
		for _, c := range pl.MajorCodes {
			if _, ok := offered[c]; !ok {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			errs.Add("majorCodes", "本校未开设专业"+strings.Join(missing, "、")+"，请先在专业管理中添加")
		}
	}
	return models.MergeValidation(s.v.Struct(pl), errs)
}

// schoolMajors maps the codes of the majors a school offers to their names,
// read through the people service page by page.
func (s *Service) schoolMajors(ctx context.Context, school bson.ObjectID) (map[string]string, error) {
	out := map[string]string{}
	for page := 1; ; page++ {
		res, err := s.people.FindMajors(ctx, models.MajorFilter{SchoolID: school.Hex(),
			ListParams: models.ListParams{Page: page, PageSize: models.MaxPageSize, Sort: "code"}})
		if err != nil {
			return nil, fmt.Errorf("certs: majors: %w", err)
		}
		for _, m := range res.Items {
			out[m.Code] = m.Name
		}
		if len(res.Items) < models.MaxPageSize || int64(page*models.MaxPageSize) >= res.Total {
			return out, nil
		}
	}
}

// pilotFor returns the school's pilot of entry in the school year, or nil.
func (s *Service) pilotFor(ctx context.Context, school, entry bson.ObjectID, year int) (*models.Pilot, error) {
	pl, err := s.pilots.Get(ctx, bson.D{{Key: "schoolId", Value: school}, {Key: "entryId", Value: entry}, {Key: "schoolYear", Value: year}})
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("certs: pilot: %w", err)
	}
	return pl, nil
}

// collect adds the fields of a validation error to errs and returns nil; any
// other error is returned as is.
func collect(errs *models.ValidationError, err error) error {
	var ve *models.ValidationError
	if errors.As(err, &ve) {
		for k, v := range ve.Fields {
			errs.Add(k, v)
		}
		return nil
	}
	return err
}
