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

// WeekCorrection corrects a week already confirmed: the Monday it starts on,
// the values as they should have been and why (更正原因).
type WeekCorrection struct {
	Version     *int64  `json:"version"`
	WeekStart   string  `json:"weekStart"`
	DaysWorked  int     `json:"daysWorked"`
	Hours       float64 `json:"hours"`
	NightHours  float64 `json:"nightHours"`
	HolidayWork bool    `json:"holidayWork"`
	Reason      *string `json:"reason"`
}

// ConfirmWeeks confirms one or more weeks of attendance of a placement that was
// activated: its enterprise's user in the portal (channel portal), or the
// office of its school entering them on the enterprise's behalf (channel
// office, enteredByOffice). Each week must start on a Monday within the
// placement's period and not after today, and must not be confirmed yet (a
// confirmed week is changed by CorrectWeek, with a reason, so that no
// confirmation is overwritten unseen); days, hours and night hours must fit (a
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
	return s.write(ctx, s.portal, id, w.Version, s.confirmWeeks(ctx, p, w))
}

// confirmWeeks is ConfirmWeeks's change of a loaded placement by caller p.
func (s *Service) confirmWeeks(ctx context.Context, p *models.Principal, w Weeks) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status == models.PlacementDraft {
			return models.NewConflict("status", "实习生效后才能确认周出勤")
		}
		var errs models.ValidationError
		if len(w.Weeks) == 0 {
			errs.Add("weeks", "请至少提交一周的出勤")
		}
		seen := map[models.Date]bool{}
		for i, in := range w.Weeks {
			prefix := fmt.Sprintf("weeks[%d].", i)
			wk, ok := s.week(before, in, prefix, seen, &errs)
			if !ok {
				continue
			}
			if done := confirmedWeek(before, wk.WeekStart); done != nil {
				errs.Add(prefix+"weekStart", "该周已确认（"+channelName(done.WeekConfirmation)+"），如需修改请更正并填写更正原因")
				continue
			}
			wk.WeekConfirmation = s.confirmation(p, wk.WeekConfirmation)
			after.Weeks = upsertWeek(after.Weeks, wk)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		return s.recheckHours(ctx, after)
	}
}

// CorrectWeek corrects a confirmed week of an active or suspended placement:
// its enterprise's user in the portal, or the office of its school on the
// enterprise's behalf (channel office, enteredByOffice, shown as 教务处代录).
// The corrected values are stored as the week's confirmation, by the caller,
// now, with the reason; the confirmation they replace is kept in the week's
// previous confirmations, and the audit log records the change. As for a
// confirmation, INT-09, INT-10 and INT-11 are run again over the weeks, and the
// figures count the corrected days. ValidationError on weekStart (not a
// confirmed week of the placement), daysWorked, hours, nightHours and reason
// (required, at most 500 characters). ConflictError on status for any other
// status: a draft has no weeks, and an ended placement was completed or
// terminated on the weeks as they stood. An enterprise user gets ErrForbidden
// for a placement not of its enterprise.
func (s *Service) CorrectWeek(ctx context.Context, id bson.ObjectID, c WeekCorrection) (*Placement, error) {
	p, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	return s.write(ctx, s.portal, id, c.Version, s.correctWeek(ctx, p, c))
}

// correctWeek is CorrectWeek's change of a loaded placement by caller p.
func (s *Service) correctWeek(ctx context.Context, p *models.Principal, c WeekCorrection) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status != models.PlacementActive && before.Status != models.PlacementSuspended {
			return models.NewConflict("status", "只有进行中或暂停中的实习可以更正周出勤（当前为"+statusName(before.Status)+"）")
		}
		var errs models.ValidationError
		in := WeekFields{WeekStart: c.WeekStart, DaysWorked: c.DaysWorked, Hours: c.Hours, NightHours: c.NightHours, HolidayWork: c.HolidayWork}
		wk, _ := s.week(before, in, "", map[models.Date]bool{}, &errs)
		done := confirmedWeek(after, wk.WeekStart)
		if _, bad := errs.Fields["weekStart"]; !bad && done == nil {
			errs.Add("weekStart", "该周尚未确认出勤，不能更正；请先确认")
		}
		reason := trimmed(c.Reason)
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			errs.Add("reason", "更正原因为必填项")
		case n > maxReason:
			errs.Add("reason", "更正原因长度不能超过500个字符")
		}
		if err := errs.Err(); err != nil {
			return err
		}
		done.Previous = append(slices.Clone(done.Previous), done.WeekConfirmation)
		done.WeekConfirmation = s.confirmation(p, wk.WeekConfirmation)
		done.CorrectionReason = reason
		return s.recheckHours(ctx, after)
	}
}

// confirmation stamps a week's values as confirmed by the caller now: in the
// portal by the enterprise's user, else by the office on its behalf.
func (s *Service) confirmation(p *models.Principal, c models.WeekConfirmation) models.WeekConfirmation {
	c.ConfirmedBy, c.ConfirmedAt = p.UserID, s.stamp()
	c.Channel, c.EnteredByOffice = models.ChannelPortal, p.Role != models.RoleEnterprise
	if c.EnteredByOffice {
		c.Channel = models.ChannelOffice
	}
	return c
}

// confirmedWeek is the placement's confirmed week starting on d, or nil.
func confirmedWeek(pl *Placement, d models.Date) *models.Week {
	for i := range pl.Weeks {
		if pl.Weeks[i].WeekStart == d && pl.Weeks[i].Confirmed() {
			return &pl.Weeks[i]
		}
	}
	return nil
}

// channelName says who confirmed a week and when, for a message.
func channelName(c models.WeekConfirmation) string {
	by := "实习单位确认"
	if c.EnteredByOffice {
		by = "教务处代录"
	}
	return by + "，" + c.ConfirmedAt.In(models.China).Format("2006-01-02 15:04")
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
	wk := models.Week{ID: bson.NewObjectID(), WeekStart: d, WeekConfirmation: models.WeekConfirmation{
		DaysWorked: in.DaysWorked, Hours: in.Hours, NightHours: in.NightHours, HolidayWork: in.HolidayWork}}
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
// the same start that nobody confirmed (as an import may leave one); weeks
// stay in order.
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
