package placements

import (
	"context"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// Response is the enterprise's answer to a proposed placement: confirmed or
// declined, with a note (required when declining).
type Response struct {
	Version  *int64  `json:"version"`
	Decision *string `json:"decision"`
	Note     *string `json:"note"`
}

// MentorFields names the enterprise's mentor (企业指导人员).
type MentorFields struct {
	Version *int64  `json:"version"`
	Name    *string `json:"name"`
	Phone   *string `json:"phone"`
}

// mentor is a named mentor as validated.
type mentor struct {
	Name  string `json:"name" validate:"required,max=50" label:"企业指导人员姓名"`
	Phone string `json:"phone" validate:"omitempty,phone" label:"联系电话"`
}

// Evaluation is the assessment at the end: the enterprise mentor's evaluation
// (the enterprise's part) and the school's grade, score and credits.
type Evaluation struct {
	Version          *int64   `json:"version"`
	MentorEvaluation *string  `json:"mentorEvaluation"`
	Grade            *string  `json:"grade"`
	Score            *int     `json:"score"`
	Credits          *float64 `json:"credits"`
}

// Respond records the enterprise's answer to a proposed placement (a draft):
// its enterprise's user in the portal, or the office of its school on its
// behalf. A declined placement cannot be activated until the office changes the
// enterprise. ValidationError on decision or note (a note is required when
// declining); ConflictError on status past the draft. An enterprise user gets
// ErrForbidden for any placement not of its enterprise.
func (s *Service) Respond(ctx context.Context, id bson.ObjectID, r Response) (*Placement, error) {
	return s.write(ctx, s.portal, id, r.Version, s.respond(ctx, r))
}

// respond is Respond's change of a loaded placement.
func (s *Service) respond(ctx context.Context, r Response) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status != models.PlacementDraft {
			return models.NewConflict("status", "只能对尚未生效的实习表示确认或拒绝（当前为"+statusName(before.Status)+"）")
		}
		var errs models.ValidationError
		decision, note := trimmed(r.Decision), trimmed(r.Note)
		if decision != models.UnitConfirmed && decision != models.UnitDeclined {
			errs.Add("decision", "请选择确认（confirmed）或拒绝（declined）")
		}
		switch n := utf8.RuneCountInString(note); {
		case n == 0 && decision == models.UnitDeclined:
			errs.Add("note", "拒绝时须填写原因")
		case n > maxReason:
			errs.Add("note", "说明长度不能超过500个字符")
		}
		after.UnitResponse = models.UnitResponse{Decision: decision, At: s.stamp(), By: s.caller(ctx), Reason: note}
		return errs.Err()
	}
}

// NameMentor names the enterprise's mentor of a placement that has not ended
// (its enterprise's user, or the office of its school). ValidationError on name
// or phone; ConflictError on status once it has ended.
func (s *Service) NameMentor(ctx context.Context, id bson.ObjectID, m MentorFields) (*Placement, error) {
	return s.write(ctx, s.portal, id, m.Version, s.nameMentor(m))
}

// nameMentor is NameMentor's change of a loaded placement.
func (s *Service) nameMentor(m MentorFields) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status == models.PlacementCompleted || before.Status == models.PlacementTerminated {
			return models.NewConflict("status", "实习已结束，不能更换企业指导人员")
		}
		in := mentor{Name: trimmed(m.Name), Phone: trimmed(m.Phone)}
		after.Mentors.EnterpriseMentorName, after.Mentors.EnterpriseMentorPhone = in.Name, in.Phone
		return s.v.Struct(in)
	}
}

// Evaluate records the assessment of a placement that was activated: its
// enterprise's user gives the mentor's evaluation; the office of its school
// also (or on the enterprise's behalf) the grade, score and credits. An
// enterprise user giving grade, score or credits, or nothing given, is a
// ValidationError naming the fields; ConflictError on status for a draft.
func (s *Service) Evaluate(ctx context.Context, id bson.ObjectID, e Evaluation) (*Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, s.portal, id, e.Version, s.evaluate(p, e))
}

// evaluate is Evaluate's change of a loaded placement by caller p.
func (s *Service) evaluate(p *models.Principal, e Evaluation) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status == models.PlacementDraft {
			return models.NewConflict("status", "实习生效后才能考核评价")
		}
		var errs models.ValidationError
		if p.Role == models.RoleEnterprise {
			for name, given := range map[string]bool{"grade": e.Grade != nil, "score": e.Score != nil, "credits": e.Credits != nil} {
				if given {
					errs.Add(name, "考核等级、成绩和学分由学校评定")
				}
			}
		}
		if e.MentorEvaluation == nil && e.Grade == nil && e.Score == nil && e.Credits == nil {
			errs.Add("mentorEvaluation", "请填写企业指导人员评价或考核结果")
		}
		a := &after.Assessment
		if e.MentorEvaluation != nil {
			a.MentorEvaluation = strings.TrimSpace(*e.MentorEvaluation)
		}
		if e.Grade != nil {
			a.Grade = strings.TrimSpace(*e.Grade)
		}
		if e.Score != nil {
			score := *e.Score
			a.Score = &score
		}
		if e.Credits != nil {
			if bad(*e.Credits) {
				errs.Add("credits", "学分须为有效数字")
			} else {
				a.Credits = *e.Credits
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		return s.v.Struct(after.Assessment)
	}
}

// caller is the id of the user in ctx, or none.
func (s *Service) caller(ctx context.Context) bson.ObjectID {
	if p, err := models.PrincipalFrom(ctx); err == nil {
		return p.UserID
	}
	return bson.NilObjectID
}
