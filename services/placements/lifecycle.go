package placements

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/rules"
)

// maxReason is the longest reason (for a Warn finding, a suspension or a
// termination), in characters.
const maxReason = 500

// Activation asks to activate a placement: the version the caller saw and a
// reason for every rule with a Warn finding, by rule id.
type Activation struct {
	Version *int64            `json:"version"`
	Reasons map[string]string `json:"reasons"`
}

// Completion ends a placement as completed; the actual end date defaults to
// the planned one, or today when that is later than today.
type Completion struct {
	Version       *int64  `json:"version"`
	ActualEndDate *string `json:"actualEndDate"`
}

// Termination stops a placement for good, with a reason and, when a rule was
// the cause, its id; the actual end date defaults to today (within the period).
type Termination struct {
	Version       *int64  `json:"version"`
	Reason        *string `json:"reason"`
	RuleID        *string `json:"ruleId"`
	ActualEndDate *string `json:"actualEndDate"`
}

// Suspension pauses an active placement, with a reason and, when a rule was the
// cause, its id.
type Suspension struct {
	Version *int64  `json:"version"`
	Reason  *string `json:"reason"`
	RuleID  *string `json:"ruleId"`
}

// Activate makes a draft active (office users of its school, the system
// admin). It checks the draft afresh under the rule set in effect on its start
// date and refuses, with a ValidationError, while a Block finding stands (one
// field "findings.INT-xx" per rule, with the findings' messages) or a Warn
// finding has no reason (one field "reasons.INT-xx" per rule); a reason keyed by
// something that is not a rule id is refused too, as is a placement the
// enterprise declined. Nothing is written when refused. Otherwise the check,
// the reasons on its Warn findings and the rule-set version are stored as the
// placement's verdict, which later checks never replace.
//
// A suspended placement is resumed the same way, on its latest stored check
// (no re-judging): a Block found since (e.g. in a confirmed week) must be dealt
// with first, by correcting the week or filing an exception and checking again.
// Other statuses are a ConflictError on status. ErrStaleVersion when the named
// version is old.
func (s *Service) Activate(ctx context.Context, id bson.ObjectID, a Activation) (*Placement, error) {
	return s.write(ctx, s.office, id, a.Version, s.activate(ctx, a))
}

// activate is Activate's change of a loaded placement.
func (s *Service) activate(ctx context.Context, a Activation) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		var fs []models.Finding
		var version string
		switch before.Status {
		case models.PlacementDraft:
			rs, err := s.w.ruleSetOn(ctx, before.StartDate)
			if err != nil {
				return err
			}
			if fs, err = s.judge(ctx, before, rs); err != nil {
				return err
			}
			version = rs.Version
		case models.PlacementSuspended:
			version = before.RuleSetVersion
			if last := before.LastCheck(); last != nil {
				fs, version = slices.Clone(last.Findings), last.RuleSetVersion
			}
		default:
			return models.NewConflict("status", "只有草稿或暂停中的实习可以生效（当前为"+statusName(before.Status)+"）")
		}
		var errs models.ValidationError
		if before.UnitResponse.Decision == models.UnitDeclined {
			errs.Add("unitResponse", "实习单位已拒绝该实习，不能生效；请更换实习单位或删除该实习")
		}
		accept(fs, a.Reasons, &errs)
		if err := errs.Err(); err != nil {
			return err
		}
		chk := s.appendCheck(ctx, after, version, fs)
		if before.Status == models.PlacementDraft {
			after.Verdict = &Verdict{CheckID: chk.ID, RuleSetVersion: version, At: chk.At, By: chk.By, Warnings: len(rules.Warnings(fs))}
		}
		after.Status, after.Stop = models.PlacementActive, nil
		return nil
	}
}

// accept records the given reasons on the Warn findings of fs and names in
// errs every rule with a Block finding and every rule with a Warn finding
// still without a reason.
func accept(fs []models.Finding, reasons map[string]string, errs *models.ValidationError) {
	for id, r := range reasons {
		if _, ok := rules.ByID(id); !ok {
			errs.Add("reasons."+id, "没有该规则编号")
		} else if utf8.RuneCountInString(strings.TrimSpace(r)) > maxReason {
			errs.Add("reasons."+id, "理由长度不能超过500个字符")
		}
	}
	blocks, missing := map[string][]string{}, map[string][]string{}
	var order []string
	for i := range fs {
		f := &fs[i]
		switch {
		case f.Severity == models.SeverityBlock:
			blocks[f.RuleID] = append(blocks[f.RuleID], f.Message)
		case f.NeedsReason:
			if r := strings.TrimSpace(reasons[f.RuleID]); r != "" && utf8.RuneCountInString(r) <= maxReason {
				f.Reason = r
			}
			if f.Reason == "" {
				missing[f.RuleID] = append(missing[f.RuleID], f.Message)
			}
		default:
			continue
		}
		if !slices.Contains(order, f.RuleID) {
			order = append(order, f.RuleID)
		}
	}
	for _, id := range order {
		if msgs := blocks[id]; len(msgs) > 0 {
			errs.Add("findings."+id, "存在禁止项，不能生效："+strings.Join(msgs, "；"))
		}
		if msgs := missing[id]; len(msgs) > 0 {
			errs.Add("reasons."+id, "存在警告，须填写理由后才能生效："+strings.Join(msgs, "；"))
		}
	}
}

// Complete ends an active placement as completed (office users of its school,
// the system admin). The actual end date must not be before the start nor
// after today (ValidationError on actualEndDate). A Block finding standing in
// the latest check (a confirmed week broke a rule) must be dealt with first:
// ValidationError naming "findings.INT-xx". Other statuses are a ConflictError
// on status.
func (s *Service) Complete(ctx context.Context, id bson.ObjectID, c Completion) (*Placement, error) {
	return s.write(ctx, s.office, id, c.Version, s.complete(c))
}

// complete is Complete's change of a loaded placement.
func (s *Service) complete(c Completion) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status != models.PlacementActive {
			return models.NewConflict("status", "只有进行中的实习可以结束（当前为"+statusName(before.Status)+"）")
		}
		var errs models.ValidationError
		end := before.PlannedEndDate
		if today := s.today(); today.Before(end) {
			end = today
		}
		end = s.endDate(c.ActualEndDate, end, &errs)
		if last := before.LastCheck(); last != nil {
			for _, f := range rules.Blocking(last.Findings) {
				errs.Add("findings."+f.RuleID, "存在未解决的禁止项，请更正周出勤记录或登记例外备案并重新核对后再结束："+f.Message)
			}
		}
		after.Status, after.ActualEndDate = models.PlacementCompleted, end
		return models.MergeValidation(&errs, after.CheckFields())
	}
}

// Terminate stops an active or suspended placement for good (office users of
// its school, the system admin), with a reason (ValidationError on reason when
// missing or longer than 500 characters) and optionally the id of the rule that
// caused it (ValidationError on ruleId when unknown). The actual end date
// defaults to today, kept within the period; it must not be after today. Other
// statuses are a ConflictError on status (a draft is deleted instead).
func (s *Service) Terminate(ctx context.Context, id bson.ObjectID, t Termination) (*Placement, error) {
	return s.write(ctx, s.office, id, t.Version, s.terminate(ctx, t))
}

// terminate is Terminate's change of a loaded placement.
func (s *Service) terminate(ctx context.Context, t Termination) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status != models.PlacementActive && before.Status != models.PlacementSuspended {
			return models.NewConflict("status", "只有进行中或暂停中的实习可以终止（当前为"+statusName(before.Status)+"）；草稿可直接删除")
		}
		var errs models.ValidationError
		end := s.today()
		if end.After(before.PlannedEndDate) {
			end = before.PlannedEndDate
		}
		if end.Before(before.StartDate) {
			end = before.StartDate
		}
		end = s.endDate(t.ActualEndDate, end, &errs)
		stop := s.stop(ctx, models.PlacementTerminated, t.Reason, t.RuleID, &errs)
		after.Status, after.ActualEndDate, after.TerminationReason, after.Stop = models.PlacementTerminated, end, stop.Reason, stop
		if stop.Reason == "" {
			return errs.Err() // CheckFields would name the missing reason again, as terminationReason
		}
		return models.MergeValidation(&errs, after.CheckFields())
	}
}

// Suspend pauses an active placement (office users of its school, the system
// admin) with a reason and optionally the id of the rule that caused it, as
// Terminate. Activate resumes it. Other statuses are a ConflictError on status.
func (s *Service) Suspend(ctx context.Context, id bson.ObjectID, sp Suspension) (*Placement, error) {
	return s.write(ctx, s.office, id, sp.Version, s.suspend(ctx, sp))
}

// suspend is Suspend's change of a loaded placement.
func (s *Service) suspend(ctx context.Context, sp Suspension) func(before, after *Placement) error {
	return func(before, after *Placement) error {
		if before.Status != models.PlacementActive {
			return models.NewConflict("status", "只有进行中的实习可以暂停（当前为"+statusName(before.Status)+"）")
		}
		var errs models.ValidationError
		after.Status, after.Stop = models.PlacementSuspended, s.stop(ctx, models.PlacementSuspended, sp.Reason, sp.RuleID, &errs)
		return errs.Err()
	}
}

// endDate parses a given actual end date, or returns def; it may not be after
// today.
func (s *Service) endDate(given *string, def models.Date, errs *models.ValidationError) models.Date {
	end := def
	if given != nil && strings.TrimSpace(*given) != "" {
		d, err := models.ParseDate(strings.TrimSpace(*given))
		if err != nil {
			errs.Add("actualEndDate", "日期须为有效日期，格式为YYYY-MM-DD")
			return def
		}
		end = d
	}
	if end.After(s.today()) {
		errs.Add("actualEndDate", "实际结束日期不能晚于今天")
	}
	return end
}

// stop builds a suspension or termination by the caller.
func (s *Service) stop(ctx context.Context, status string, reason, ruleID *string, errs *models.ValidationError) *Stop {
	st := &Stop{Status: status, Reason: trimmed(reason), RuleID: strings.ToUpper(trimmed(ruleID)), At: s.stamp()}
	switch n := utf8.RuneCountInString(st.Reason); {
	case n == 0:
		errs.Add("reason", "须填写原因")
	case n > maxReason:
		errs.Add("reason", "原因长度不能超过500个字符")
	}
	knownRule(st.RuleID, errs)
	st.By = s.caller(ctx)
	return st
}

func trimmed(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// statusName is a status in Chinese.
func statusName(status string) string {
	switch status {
	case models.PlacementDraft:
		return "草稿"
	case models.PlacementActive:
		return "进行中"
	case models.PlacementCompleted:
		return "已完成"
	case models.PlacementTerminated:
		return "已终止"
	case models.PlacementSuspended:
		return "暂停中"
	}
	return status
}
