package cohorts

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
)

// PlacementContext is what a placement says of the programme or class its
// student's company period belongs to.
type PlacementContext struct {
	Context      string // models.ContextApprenticeship or models.ContextOrderClass
	ID           bson.ObjectID
	SchoolID     bson.ObjectID
	StudentID    bson.ObjectID
	EnterpriseID bson.ObjectID
	Start        models.Date
}

// CheckPlacementContext says, in Chinese, why a placement cannot belong to the
// programme or class it names ("" when it can): the programme must be the
// school's, include the placement's enterprise and hold a contract of the
// student that is not terminated; the class must be the school's, be the
// enterprise's, and have the student as a member on the start day.
func (s *Service) CheckPlacementContext(ctx context.Context, pc PlacementContext) (string, error) {
	switch pc.Context {
	case models.ContextApprenticeship:
		return s.checkApprenticeship(ctx, pc)
	case models.ContextOrderClass:
		return s.checkOrderClass(ctx, pc)
	}
	return "", nil
}

func (s *Service) checkApprenticeship(ctx context.Context, pc PlacementContext) (string, error) {
	pr, err := s.programmes.ByID(ctx, pc.ID)
	switch {
	case isNotFound(err) || (err == nil && pr.SchoolID != pc.SchoolID):
		return "本校没有该学徒制项目", nil
	case err != nil:
		return "", fmt.Errorf("cohorts: programme: %w", err)
	case !pc.EnterpriseID.IsZero() && !pr.HasEnterprise(pc.EnterpriseID):
		return "实习单位不是学徒制项目“" + pr.Name + "”的合作企业", nil
	case pc.StudentID.IsZero():
		return "", nil
	}
	var c models.Contract
	err = s.contracts.C.FindOne(ctx, bson.D{{Key: "programmeId", Value: pr.ID}, {Key: "studentId", Value: pc.StudentID}}, &c,
		options.FindOne().SetProjection(bson.D{{Key: "status", Value: 1}, {Key: "doc", Value: 1}}))
	switch {
	case isNotFound(err):
		return "该学生在学徒制项目“" + pr.Name + "”中没有学徒合同，请先登记合同", nil
	case err != nil:
		return "", fmt.Errorf("cohorts: contract: %w", err)
	case c.Status == models.ContractTerminated:
		return "该学生的学徒合同（" + c.Doc + "）已解除", nil
	}
	return "", nil
}

func (s *Service) checkOrderClass(ctx context.Context, pc PlacementContext) (string, error) {
	o, err := s.classes.ByID(ctx, pc.ID)
	switch {
	case isNotFound(err) || (err == nil && o.SchoolID != pc.SchoolID):
		return "本校没有该订单班", nil
	case err != nil:
		return "", fmt.Errorf("cohorts: order class: %w", err)
	case !pc.EnterpriseID.IsZero() && o.EnterpriseID != pc.EnterpriseID:
		return "实习单位须为订单班“" + o.Name + "”的订单企业（" + o.EnterpriseName + "）", nil
	case pc.StudentID.IsZero() || pc.Start.IsZero():
		return "", nil
	case o.MemberOn(pc.StudentID, pc.Start) == nil:
		return "实习开始日（" + pc.Start.String() + "）该学生不在订单班“" + o.Name + "”", nil
	}
	return "", nil
}

// Choice is a programme or class as a form offers it.
type Choice struct {
	ID    bson.ObjectID
	Label string
}

// Choices lists, for a placement form, the programmes (context apprenticeship)
// or order classes (order_class) of the caller's school, newest first.
func (s *Service) Choices(ctx context.Context, context, school string) ([]Choice, error) {
	lp := models.ListParams{Page: 1, PageSize: models.MaxPageSize, Sort: "-cohortYear"}
	var out []Choice
	switch context {
	case models.ContextApprenticeship:
		page, err := s.FindProgrammes(ctx, models.ProgrammeFilter{ListParams: lp, SchoolID: school})
		if err != nil {
			return nil, err
		}
		for i := range page.Items {
			out = append(out, Choice{page.Items[i].ID, "学徒制：" + ProgrammeLabel(&page.Items[i])})
		}
	case models.ContextOrderClass:
		page, err := s.FindOrderClasses(ctx, models.OrderClassFilter{ListParams: lp, SchoolID: school})
		if err != nil {
			return nil, err
		}
		for _, o := range page.Items {
			out = append(out, Choice{o.ID, fmt.Sprintf("订单班：%s（%s，%s %d级）", o.Name, o.EnterpriseName, o.MajorCode, o.CohortYear)})
		}
	}
	return out, nil
}
