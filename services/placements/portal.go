package placements

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
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

// WeekFields is one week's attendance as the enterprise confirms it: the
// Monday it starts on, the days worked, the hours, the hours at night and
// whether a statutory holiday was worked.
type WeekFields struct {
	WeekStart   string  `json:"weekStart"`
	DaysWorked  int     `json:"daysWorked"`
	Hours       float64 `json:"hours"`
	NightHours  float64 `json:"nightHours"`
	HolidayWork bool    `json:"holidayWork"`
}

// Weeks confirms one or more weeks at once.
type Weeks struct {
	Version *int64       `json:"version"`
	Weeks   []WeekFields `json:"weeks"`
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
	return s.write(ctx, s.portal, id, r.Version, func(before, after *Placement) error {
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
	})
}

// NameMentor names the enterprise's mentor of a placement that has not ended
// (its enterprise's user, or the office of its school). ValidationError on name
// or phone; ConflictError on status once it has ended.
func (s *Service) NameMentor(ctx context.Context, id bson.ObjectID, m MentorFields) (*Placement, error) {
	return s.write(ctx, s.portal, id, m.Version, func(before, after *Placement) error {
		if before.Status == models.PlacementCompleted || before.Status == models.PlacementTerminated {
			return models.NewConflict("status", "实习已结束，不能更换企业指导人员")
		}
		in := mentor{Name: trimmed(m.Name), Phone: trimmed(m.Phone)}
		after.Mentors.EnterpriseMentorName, after.Mentors.EnterpriseMentorPhone = in.Name, in.Phone
		return s.v.Struct(in)
	})
}

// ConfirmWeeks confirms one or more weeks of attendance of a placement that was
// activated: its enterprise's user in the portal (channel portal), or the
// office of its school entering them on the enterprise's behalf (channel
// office, enteredByOffice). A week already recorded is replaced (a
// correction). Each week must start on a Monday within the placement's period
// and not after today; days, hours and night hours must fit (a
// ValidationError names weeks[i].field by the position in the request).
// The confirmed weeks feed the hours rules: INT-09, INT-10 and INT-11 are run
// again over them under the placement's rule set, and when their findings
// change, the latest check's findings with theirs replaced are stored as a new
// check. ConflictError on status for a draft.
func (s *Service) ConfirmWeeks(ctx context.Context, id bson.ObjectID, w Weeks) (*Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, s.portal, id, w.Version, func(before, after *Placement) error {
		if before.Status == models.PlacementDraft {
			return models.NewConflict("status", "实习生效后才能确认周出勤")
		}
		var errs models.ValidationError
		if len(w.Weeks) == 0 {
			errs.Add("weeks", "请至少提交一周的出勤")
		}
		seen := map[models.Date]bool{}
		for i, in := range w.Weeks {
			wk, ok := s.week(before, in, fmt.Sprintf("weeks[%d].", i), seen, &errs)
			if !ok {
				continue
			}
			wk.ConfirmedBy, wk.ConfirmedAt = p.UserID, s.stamp()
			wk.Channel, wk.EnteredByOffice = models.ChannelPortal, p.Role != models.RoleEnterprise
			if wk.EnteredByOffice {
				wk.Channel = models.ChannelOffice
			}
			after.Weeks = upsertWeek(after.Weeks, wk)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		return s.recheckHours(ctx, after)
	})
}

// week reads one week of a request, adding its problems to errs under prefix.
func (s *Service) week(pl *Placement, in WeekFields, prefix string, seen map[models.Date]bool, errs *models.ValidationError) (models.Week, bool) {
	n := len(errs.Fields)
	d, err := models.ParseDate(strings.TrimSpace(in.WeekStart))
	first := monday(pl.StartDate)
	switch {
	case err != nil:
		errs.Add(prefix+"weekStart", "日期须为有效日期，格式为YYYY-MM-DD")
	case d.Time().Weekday() != time.Monday:
		errs.Add(prefix+"weekStart", "周起始日期须为星期一")
	case d.Before(first) || d.After(pl.EndDate):
		errs.Add(prefix+"weekStart", fmt.Sprintf("该周不在实习期间（%s至%s）内", pl.StartDate, pl.EndDate))
	case d.After(s.today()):
		errs.Add(prefix+"weekStart", "该周尚未开始，不能确认")
	case seen[d]:
		errs.Add(prefix+"weekStart", "同一周只能提交一次")
	}
	seen[d] = true
	if in.DaysWorked < 0 || in.DaysWorked > 7 {
		errs.Add(prefix+"daysWorked", "出勤天数须在0到7之间")
	}
	badHours := bad(in.Hours) || in.Hours < 0 || in.Hours > float64(in.DaysWorked)*24
	if badHours {
		errs.Add(prefix+"hours", "工作小时数不能为负，也不能超过出勤天数×24")
	}
	if bad(in.NightHours) || in.NightHours < 0 || (!badHours && in.NightHours > in.Hours) {
		errs.Add(prefix+"nightHours", "夜间工作小时数不能为负，也不能超过工作小时数")
	}
	wk := models.Week{ID: bson.NewObjectID(), WeekStart: d, DaysWorked: in.DaysWorked, Hours: in.Hours, NightHours: in.NightHours, HolidayWork: in.HolidayWork}
	return wk, len(errs.Fields) == n
}

// bad reports NaN and ±Inf, which the store cannot hold (stack.md §3 rule 6).
func bad(f float64) bool { return math.IsNaN(f) || math.IsInf(f, 0) }

// monday is the Monday of d's week.
func monday(d models.Date) models.Date {
	back := (int(d.Time().Weekday()) + 6) % 7
	return models.DateOf(d.Time().AddDate(0, 0, -back))
}

// upsertWeek puts wk in weeks, replacing (and keeping the id of) a week with
// the same start; weeks stay in order.
func upsertWeek(weeks []models.Week, wk models.Week) []models.Week {
	for i := range weeks {
		if weeks[i].WeekStart == wk.WeekStart {
			wk.ID = weeks[i].ID
			weeks[i] = wk
			return weeks
		}
	}
	weeks = append(weeks, wk)
	slices.SortFunc(weeks, func(a, b models.Week) int { return a.WeekStart.Time().Compare(b.WeekStart.Time()) })
	return weeks
}

// hoursRules are the rules that read the confirmed weeks.
var hoursRules = map[string]bool{"INT-09": true, "INT-10": true, "INT-11": true}

// recheckHours runs the hours rules over pl's weeks under its rule set and,
// when their findings differ from the latest check's, stores the latest
// check's other findings with the new ones as a new check (no other rule is
// re-judged).
func (s *Service) recheckHours(ctx context.Context, pl *Placement) error {
	rs, err := s.ruleSetFor(ctx, pl, "")
	if err != nil {
		return err
	}
	c := rules.Context{Placement: &pl.Placement, Params: rules.Params(rs.Params), Today: s.today()}
	var prev []models.Finding
	if last := pl.LastCheck(); last != nil {
		prev = last.Findings
	}
	var fs, was, now []models.Finding
	for _, r := range rules.All() {
		if !hoursRules[r.ID] {
			for _, f := range prev {
				if f.RuleID == r.ID {
					fs = append(fs, f)
				}
			}
			continue
		}
		for _, f := range prev {
			if f.RuleID == r.ID {
				was = append(was, f)
			}
		}
		if pl.Kind == models.PlacementPosition || r.Cognitive {
			found := r.Check(c)
			now = append(now, found...)
			fs = append(fs, found...)
		}
	}
	if sameFindings(was, now) {
		return nil
	}
	s.appendCheck(ctx, pl, rs.Version, fs)
	return nil
}

// sameFindings compares findings by rule, severity and message.
func sameFindings(a, b []models.Finding) bool {
	return slices.EqualFunc(a, b, func(x, y models.Finding) bool {
		return x.RuleID == y.RuleID && x.Severity == y.Severity && x.Message == y.Message
	})
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
	return s.write(ctx, s.portal, id, e.Version, func(before, after *Placement) error {
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
	})
}

// caller is the id of the user in ctx, or none.
func (s *Service) caller(ctx context.Context) bson.ObjectID {
	if p, err := models.PrincipalFrom(ctx); err == nil {
		return p.UserID
	}
	return bson.NilObjectID
}
