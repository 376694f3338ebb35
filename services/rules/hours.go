package rules

import (
	"fmt"

	"github.com/chanjiao/chanjiao/models"
)

// hoursRules are INT-09 to INT-11: working time, from the agreed schedule and
// from every confirmed week (a confirmed week that breaks a limit is a finding
// of its own, "per shift" in domain.md §5).
func hoursRules() []Rule {
	return []Rule{
		{ID: "INT-09", Title: "不安排法定节假日实习", Severity: models.SeverityBlock, Params: []string{"includeRestDays"}, Check: checkHolidays},
		{ID: "INT-10", Title: "不安排加班和夜班", Severity: models.SeverityBlock, Params: []string{"nightStart", "nightEnd"}, Check: checkNights},
		{ID: "INT-11", Title: "工作时长符合国家工时规定", Severity: models.SeverityWarn, Params: []string{"maxDailyHours", "maxWeeklyHours"}, Check: checkHours},
	}
}

// breach is one piece of recorded data that breaks INT-09 or INT-10.
type breach struct {
	what string
	data map[string]any
}

// exceptOrBlock turns breaches into Block findings, or into one Info finding
// when an exception is filed.
func exceptOrBlock(c Context, id string, bs []breach) []models.Finding {
	if len(bs) == 0 {
		return nil
	}
	if e := c.Placement.ExceptionFiling; e.Filed() {
		return []models.Finding{filed(id, fmt.Sprintf("%s等%d项", bs[0].what, len(bs)), e)}
	}
	out := make([]models.Finding, 0, len(bs))
	for _, b := range bs {
		out = append(out, find(id, models.SeverityBlock, b.what+"，未登记例外备案", b.data))
	}
	return out
}

// checkHolidays: no work on statutory holidays; with includeRestDays, more than
// five days a week counts as rest-day work too.
func checkHolidays(c Context) []models.Finding {
	p, rest := c.Placement, c.Params.Bool("includeRestDays")
	var bs []breach
	if p.Schedule.HolidayWork {
		bs = append(bs, breach{"实习安排含法定节假日工作", map[string]any{"holidayWork": true}})
	}
	if rest && p.Schedule.DaysPerWeek > 5 {
		bs = append(bs, breach{fmt.Sprintf("实习安排每周工作%d天，含休息日工作", p.Schedule.DaysPerWeek),
			map[string]any{"daysPerWeek": p.Schedule.DaysPerWeek, "includeRestDays": true}})
	}
	for _, w := range p.Weeks {
		if !w.Confirmed() {
			continue
		}
		if w.HolidayWork {
			bs = append(bs, breach{fmt.Sprintf("%s起的一周有法定节假日工作", w.WeekStart),
				map[string]any{"weekStart": w.WeekStart.String(), "holidayWork": true}})
		}
		if rest && w.DaysWorked > 5 {
			bs = append(bs, breach{fmt.Sprintf("%s起的一周出勤%d天，含休息日工作", w.WeekStart, w.DaysWorked),
				map[string]any{"weekStart": w.WeekStart.String(), "daysWorked": w.DaysWorked, "includeRestDays": true}})
		}
	}
	return exceptOrBlock(c, "INT-09", bs)
}

// checkNights: no overtime and no night shifts (nightStart to nightEnd).
func checkNights(c Context) []models.Finding {
	p := c.Placement
	window := c.Params.String("nightStart") + "至次日" + c.Params.String("nightEnd")
	var bs []breach
	if p.Schedule.NightWork {
		bs = append(bs, breach{"实习安排含夜班（" + window + "）", map[string]any{"nightWork": true, "nightWindow": window}})
	}
	if p.Schedule.Overtime {
		bs = append(bs, breach{"实习安排含加班", map[string]any{"overtime": true}})
	}
	for _, w := range p.Weeks {
		if w.Confirmed() && w.NightHours > 0 {
			bs = append(bs, breach{fmt.Sprintf("%s起的一周夜间（%s）工作%s小时", w.WeekStart, window, num(w.NightHours)),
				map[string]any{"weekStart": w.WeekStart.String(), "nightHours": w.NightHours, "nightWindow": window}})
		}
	}
	return exceptOrBlock(c, "INT-10", bs)
}

// checkHours: hours per day and per week within the limits, as agreed and as
// confirmed (a week's daily hours are its hours over its days worked).
func checkHours(c Context) []models.Finding {
	p := c.Placement
	day, week := c.Params.Float("maxDailyHours"), c.Params.Float("maxWeeklyHours")
	s := p.Schedule
	if s.HoursPerDay == 0 || s.DaysPerWeek == 0 {
		return []models.Finding{find("INT-11", models.SeverityWarn, "无法核对：未填写每日工作时长和每周工作天数",
			map[string]any{"hoursPerDay": s.HoursPerDay, "daysPerWeek": s.DaysPerWeek})}
	}
	var out []models.Finding
	if s.HoursPerDay > day {
		out = append(out, find("INT-11", models.SeverityWarn,
			fmt.Sprintf("实习安排每日工作%s小时，超过%s小时", num(s.HoursPerDay), num(day)),
			map[string]any{"hoursPerDay": s.HoursPerDay, "maxDailyHours": day}))
	}
	if perWeek := s.HoursPerDay * float64(s.DaysPerWeek); perWeek > week {
		out = append(out, find("INT-11", models.SeverityWarn,
			fmt.Sprintf("实习安排每周工作%s小时（每日%s小时×%d天），超过%s小时", num(perWeek), num(s.HoursPerDay), s.DaysPerWeek, num(week)),
			map[string]any{"hoursPerWeek": perWeek, "maxWeeklyHours": week}))
	}
	for _, w := range p.Weeks {
		if !w.Confirmed() {
			continue
		}
		if w.Hours > week {
			out = append(out, find("INT-11", models.SeverityWarn,
				fmt.Sprintf("%s起的一周经确认工作%s小时，超过每周%s小时", w.WeekStart, num(w.Hours), num(week)),
				map[string]any{"weekStart": w.WeekStart.String(), "hours": w.Hours, "maxWeeklyHours": week}))
		}
		if w.DaysWorked > 0 && w.Hours/float64(w.DaysWorked) > day {
			avg := w.Hours / float64(w.DaysWorked)
			out = append(out, find("INT-11", models.SeverityWarn,
				fmt.Sprintf("%s起的一周经确认每日平均工作%s小时（%s小时÷%d天），超过%s小时", w.WeekStart, num(round2(avg)), num(w.Hours), w.DaysWorked, num(day)),
				map[string]any{"weekStart": w.WeekStart.String(), "hours": w.Hours, "daysWorked": w.DaysWorked, "maxDailyHours": day}))
		}
	}
	return out
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
