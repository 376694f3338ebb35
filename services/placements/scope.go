package placements

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/rules"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
)

// scope limits a placement query to what the caller may read: office users
// their school, auditors their schools, the system admin every school, an
// enterprise user its own enterprise's placements of every school (narrowed to
// school when named).
func scope(p *models.Principal, school string) (bson.D, error) {
	if p.Role != models.RoleEnterprise {
		return schools.ReadFilter(p, school)
	}
	return schools.Narrow(bson.D{{Key: "enterpriseId", Value: p.EnterpriseID}}, school)
}

// placedStudents lists the students of the placements an enterprise's user
// sees (scope: every placement at the enterprise, of every school and status,
// as the portal lists them), from one query over the digests.
func (s *Service) placedStudents(ctx context.Context, enterprise bson.ObjectID) ([]bson.ObjectID, error) {
	filter, err := scope(&models.Principal{Role: models.RoleEnterprise, EnterpriseID: enterprise}, "")
	if err != nil {
		return nil, err
	}
	cur, err := s.repo.Digest.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "studentId", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("placements: placed students: %w", err)
	}
	var rows []struct {
		StudentID bson.ObjectID `bson:"studentId"`
	}
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("placements: placed students: %w", err)
	}
	ids := make([]bson.ObjectID, len(rows))
	for i, r := range rows {
		ids[i] = r.StudentID
	}
	return ids, nil
}

// readable loads a placement the caller may read, by _id alone (the one filter
// the embedded store answers without reading the whole collection). A placement
// of another school is ErrNotFound, as if it did not exist; an enterprise user
// gets ErrForbidden for any placement not of its enterprise, whether it exists
// or not, as for another enterprise's record (enterprises.FindEnterpriseByID).
func (s *Service) readable(ctx context.Context, id bson.ObjectID) (*models.Principal, *Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, nil, err
	}
	if p.Role != models.RoleEnterprise {
		return scoped.Readable(ctx, s.repo, id)
	}
	rec, err := s.repo.ByID(ctx, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && rec.EnterpriseID != p.EnterpriseID) {
		return nil, nil, models.ErrForbidden
	}
	if err != nil {
		return nil, nil, err
	}
	return p, rec, nil
}

// portal loads a placement for one of the enterprise's operations (respond,
// mentor, weeks, evaluation): its enterprise's user, or an office user of its
// school (or the system admin) acting on the enterprise's behalf. Auditors get
// ErrForbidden.
func (s *Service) portal(ctx context.Context, id bson.ObjectID) (*Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role == models.RoleEnterprise {
		_, pl, err := s.readable(ctx, id)
		return pl, err
	}
	return scoped.Writable(ctx, s.repo, id)
}

// personalRules are the rules whose findings tell the student's age, sex or
// grade (INT-01 to INT-04): enterprise and auditor users see that such a rule
// found something, not the data.
var personalRules = map[string]bool{"INT-01": true, "INT-02": true, "INT-03": true, "INT-04": true}

// present hides from a returned placement what the caller may not see. It works
// on a copy of what was stored, after any write. Enterprise users do not see the
// guardian's name nor the personal findings' data; auditors see rows
// pseudonymised (domain.md §2: a per-year pseudonym, no name, no 学号, no ID
// number), as certs shows assessment candidates.
func present(p *models.Principal, pl *Placement) {
	if !p.MasksIDNumbers() {
		return
	}
	pl.Student.IDNumber = models.MaskIDNumber(pl.Student.IDNumber)
	pl.Consent.GuardianName = ""
	checks := make([]models.PlacementCheck, len(pl.Checks))
	for i, c := range pl.Checks {
		c.Findings = impersonal(c.Findings)
		checks[i] = c
	}
	pl.Checks = checks
	if p.Role == models.RoleAuditor {
		pl.Student = StudentRef{Name: figures.Pseudonym(pl.StudentID, models.StatYearOf(pl.StartDate).Start), MajorCode: pl.Student.MajorCode}
	}
}

// impersonal replaces the personal rules' findings by the rule's title.
func impersonal(fs []models.Finding) []models.Finding {
	out := make([]models.Finding, len(fs))
	for i, f := range fs {
		if personalRules[f.RuleID] {
			title := f.RuleID
			if r, ok := rules.ByID(f.RuleID); ok {
				title += " " + r.Title
			}
			f.Message, f.Data = title+"（详情仅学校教务处可见）", nil
		}
		out[i] = f
	}
	return out
}
