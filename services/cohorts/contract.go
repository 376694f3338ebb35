package cohorts

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

var contractSortable = map[string]string{
	"signedAt": "signedAt", "startDate": "startDate", "endDate": "endDate", "status": "status",
	"studentName": "student.name", "studentNo": "student.studentNo", "createdAt": "createdAt", "updatedAt": "updatedAt",
}

// contractSearch lists what ?q= looks in; auditors, who see pseudonyms, cannot
// search by name or 学号.
func contractSearch(p *models.Principal) []string {
	if p.Role == models.RoleAuditor {
		return []string{"doc", "post"}
	}
	return []string{"student.name", "student.studentNo", "doc", "masterName"}
}

// FindContracts lists apprenticeship contracts of the caller's schools, narrowed
// by school, programme, student, enterprise, status and the statistical year
// their period overlaps. Auditors see pseudonyms and no guardian; enterprise
// users may not (ErrForbidden).
func (s *Service) FindContracts(ctx context.Context, f models.ContractFilter) (models.Page[models.Contract], error) {
	var zero models.Page[models.Contract]
	p, filter, err := schools.ListFilter(ctx, f.SchoolID, [2]string{"programmeId", f.ProgrammeID}, [2]string{"studentId", f.StudentID},
		[2]string{"enterpriseId", f.EnterpriseID})
	if err != nil {
		return zero, err
	}
	if f.Status != "" {
		filter = append(filter, bson.E{Key: "status", Value: f.Status})
	}
	filter = overlapFilter(filter, "startDate", "endDate", f.Year)
	page, err := store.FindPage[models.Contract](ctx, s.contracts.C, filter, f.ListParams, contractSortable, contractSearch(p))
	for i := range page.Items {
		presentContract(p, &page.Items[i])
	}
	return page, err
}

// FindContractByID returns a contract of the caller's schools, or ErrNotFound.
func (s *Service) FindContractByID(ctx context.Context, id bson.ObjectID) (*models.Contract, error) {
	p, c, err := scoped.Readable(ctx, s.contracts, id)
	if err != nil {
		return nil, err
	}
	presentContract(p, c)
	return c, nil
}

// CreateContract records an apprentice's contract in a programme of the school:
// a student of the school in the programme's major, one of the programme's
// enterprises, signed on or before the start, a master, a contract number, and
// the guardian's name when the student is under 18 on the signing day. A second
// contract of the same student in the same programme is a ConflictError.
func (s *Service) CreateContract(ctx context.Context, f models.ContractFields) (*models.Contract, error) {
	return scoped.Create(ctx, s.schools, s.contracts, f.SchoolID, func(school bson.ObjectID) (*models.Contract, error) {
		c := &models.Contract{SchoolID: school, Status: models.ContractActive}
		var errs models.ValidationError
		f.Apply(c, &errs)
		return c, s.checkContract(ctx, c, &errs)
	})
}

// UpdateContract changes a contract (ending or terminating it too);
// ErrStaleVersion when the named version is old.
func (s *Service) UpdateContract(ctx context.Context, id bson.ObjectID, f models.ContractFields) (*models.Contract, error) {
	return scoped.Update(ctx, s.contracts, id, f.Version, f.SchoolID, func(_, c *models.Contract) error {
		var errs models.ValidationError
		f.Apply(c, &errs)
		return s.checkContract(ctx, c, &errs)
	})
}

// DeleteContract removes a contract entered in error; not while a placement
// stands on it (the student's company period in the programme).
func (s *Service) DeleteContract(ctx context.Context, id bson.ObjectID) error {
	return scoped.Remove(ctx, s.contracts, id, func(c *models.Contract) error {
		for _, use := range s.contractUsers {
			n, err := use.Count(ctx, c.ProgrammeID, c.StudentID)
			if err != nil {
				return fmt.Errorf("cohorts: contract users: %w", err)
			}
			if n > 0 {
				return models.NewConflict("id", fmt.Sprintf("该学生在本项目中有%d条%s记录，不能删除学徒合同", n, use.Label))
			}
		}
		return nil
	})
}

// ContractUse counts the records that stand on a student's contract in a
// programme (placements register one).
type ContractUse struct {
	Label string
	Count func(ctx context.Context, programme, student bson.ObjectID) (int64, error)
}

// AddContractUse registers u.
func (s *Service) AddContractUse(u ContractUse) { s.contractUsers = append(s.contractUsers, u) }

// checkContract checks the contract against its programme and student.
func (s *Service) checkContract(ctx context.Context, c *models.Contract, errs *models.ValidationError) error {
	if !c.ProgrammeID.IsZero() {
		pr, err := s.programmes.ByID(ctx, c.ProgrammeID)
		switch {
		case isNotFound(err) || (err == nil && pr.SchoolID != c.SchoolID):
			errs.Add("programmeId", "本校没有该学徒制项目")
		case err != nil:
			return err
		default:
			if !c.EnterpriseID.IsZero() && !pr.HasEnterprise(c.EnterpriseID) {
				errs.Add("enterpriseId", "培养企业须为该学徒制项目的合作企业")
			}
			if err := s.checkApprentice(ctx, pr, c, errs); err != nil {
				return err
			}
		}
	}
	return models.MergeValidation(errs, s.v.Struct(c))
}

// checkApprentice requires a student of the school in the programme's major and
// a guardian for a minor, and copies who the student is.
func (s *Service) checkApprentice(ctx context.Context, pr *models.Programme, c *models.Contract, errs *models.ValidationError) error {
	if c.StudentID.IsZero() {
		return nil
	}
	st, err := s.student(ctx, c.SchoolID, c.StudentID, "studentId", errs)
	if err != nil || st == nil {
		return err
	}
	c.Student = personOf(st)
	if st.MajorCode != pr.MajorCode {
		errs.Add("studentId", "该学生的专业（"+st.MajorCode+"）不是本学徒制项目的专业（"+pr.MajorCode+"）")
	}
	if !c.SignedAt.IsZero() && !st.BirthDate.IsZero() && c.SignedAt.Before(adult(st.BirthDate)) && c.GuardianName == "" {
		errs.Add("guardianName", "签订合同时学生未满18周岁，须由监护人签字并填写监护人姓名")
	}
	return nil
}

// adult is the 18th birthday of someone born on birth (29 February: 1 March).
func adult(birth models.Date) models.Date {
	return models.DateOf(birth.Time().AddDate(18, 0, 0))
}

// presentContract hides the apprentice from auditors: a pseudonym, no 学号 and
// no guardian.
func presentContract(p *models.Principal, c *models.Contract) {
	if p.Role != models.RoleAuditor {
		return
	}
	c.Student = models.PersonRef{Name: figures.Pseudonym(c.StudentID, models.StatYearOf(c.StartDate).Start)}
	c.GuardianName = ""
}
