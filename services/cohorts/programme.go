package cohorts

import (
	"context"
	"fmt"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var programmeSortable = map[string]string{
	"name": "name", "majorCode": "majorCode", "cohortYear": "cohortYear", "startDate": "startDate",
	"createdAt": "createdAt", "updatedAt": "updatedAt",
}

// FindProgrammes lists the apprenticeship programmes of the caller's schools,
// narrowed by school, enterprise and the statistical year their period
// overlaps. Enterprise users may not (ErrForbidden).
func (s *Service) FindProgrammes(ctx context.Context, f models.ProgrammeFilter) (models.Page[models.Programme], error) {
	var zero models.Page[models.Programme]
	_, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"enterpriseIds", f.EnterpriseID})
	if err != nil {
		return zero, err
	}
	filter = overlapFilter(filter, "startDate", "endDate", f.Year)
	return store.FindPage[models.Programme](ctx, s.programmes.C, filter, f.ListParams, programmeSortable, []string{"name", "majorCode"})
}

// FindProgrammeByID returns a programme of the caller's schools, or ErrNotFound.
func (s *Service) FindProgrammeByID(ctx context.Context, id bson.ObjectID) (*models.Programme, error) {
	_, rec, err := scoped.Readable(ctx, s.programmes, id)
	return rec, err
}

// CreateProgramme records an apprenticeship programme: a name, one or more
// existing enterprises, the major and cohort, the period. An enterprise that
// already has a programme for the same major and cohort at the school is a
// ConflictError on enterpriseIds.
func (s *Service) CreateProgramme(ctx context.Context, f models.ProgrammeFields) (*models.Programme, error) {
	return scoped.Create(ctx, s.schools, s.programmes, f.SchoolID, func(school bson.ObjectID) (*models.Programme, error) {
		pr := &models.Programme{SchoolID: school}
		var errs models.ValidationError
		f.Apply(pr, &errs)
		return pr, s.checkProgramme(ctx, pr, &errs)
	})
}

// UpdateProgramme changes a programme; ErrStaleVersion when the named version is
// old. An enterprise still named by a contract cannot be dropped.
func (s *Service) UpdateProgramme(ctx context.Context, id bson.ObjectID, f models.ProgrammeFields) (*models.Programme, error) {
	return scoped.Update(ctx, s.programmes, id, f.Version, f.SchoolID, func(before, pr *models.Programme) error {
		var errs models.ValidationError
		f.Apply(pr, &errs)
		if err := s.keepContractEnterprises(ctx, before, pr, &errs); err != nil {
			return err
		}
		return s.checkProgramme(ctx, pr, &errs)
	})
}

// DeleteProgramme removes a programme that has no contracts and no placement
// naming it (a ConflictError saying what uses it).
func (s *Service) DeleteProgramme(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.programmes, id, func(pr *models.Programme) error {
		return s.programmeUsers.CheckUnused(ctx, pr.ID)
	})
}

// checkProgramme checks the enterprises exist and that none of them already has
// a programme for the same major and cohort at the school.
func (s *Service) checkProgramme(ctx context.Context, pr *models.Programme, errs *models.ValidationError) error {
	for _, id := range pr.EnterpriseIDs {
		if _, err := s.enterprise(ctx, id, "enterpriseIds", errs); err != nil {
			return err
		}
	}
	if err := models.MergeValidation(errs, s.v.Struct(pr)); err != nil {
		return err
	}
	filter := bson.D{{Key: "schoolId", Value: pr.SchoolID}, {Key: "majorCode", Value: pr.MajorCode}, {Key: "cohortYear", Value: pr.CohortYear},
		{Key: "enterpriseIds", Value: bson.D{{Key: "$in", Value: pr.EnterpriseIDs}}}, {Key: "_id", Value: bson.D{{Key: "$ne", Value: pr.ID}}}}
	var other models.Programme
	err := s.programmes.C.FindOne(ctx, filter, &other, options.FindOne().SetProjection(bson.D{{Key: "name", Value: 1}}))
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cohorts: programme key: %w", err)
	}
	return models.NewConflict("enterpriseIds", fmt.Sprintf("本校已有该企业%s专业%d级的学徒制项目（%s）", pr.MajorCode, pr.CohortYear, other.Name))
}

// keepContractEnterprises refuses to drop an enterprise a contract of the
// programme names.
func (s *Service) keepContractEnterprises(ctx context.Context, before, pr *models.Programme, errs *models.ValidationError) error {
	var dropped []bson.ObjectID
	for _, id := range before.EnterpriseIDs {
		if !pr.HasEnterprise(id) {
			dropped = append(dropped, id)
		}
	}
	if len(dropped) == 0 {
		return nil
	}
	n, err := s.contracts.C.Count(ctx, bson.D{{Key: "programmeId", Value: pr.ID}, {Key: "enterpriseId", Value: bson.D{{Key: "$in", Value: dropped}}}})
	if err != nil {
		return fmt.Errorf("cohorts: programme contracts: %w", err)
	}
	if n > 0 {
		errs.Add("enterpriseIds", fmt.Sprintf("有%d份学徒合同的培养企业是被移除的企业，请先修改这些合同", n))
	}
	return nil
}

// ProgrammeLabel is how lists and forms name a programme.
func ProgrammeLabel(pr *models.Programme) string {
	return strings.TrimSpace(fmt.Sprintf("%s（%s %d级）", pr.Name, pr.MajorCode, pr.CohortYear))
}
