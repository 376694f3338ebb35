package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
)

// The partner-facing summary of a Luban Workshop's statistical year
// (鲁班工坊年度活动汇总): a printable page and an .xlsx, every label in Chinese
// and in the partner's language (lubanLabels). The Luban service decides who
// may read it: office users and auditors of the workshop's school and the
// system admin; anyone else gets its ErrNotFound or ErrForbidden.

func init() { pages = append(pages, "luban_summary") }

// registerLubanSummary mounts the summary. Its paths have a literal last
// segment (summary, summary.xlsx), so a generic /luban-workshops/:id page
// cannot shadow them: Fiber's :id never spans a slash. They are registered
// before the workshop pages all the same, so that a catch-all route added
// there later would still come second.
func (w *Handler) registerLubanSummary(r fiber.Router) {
	r.Get("/luban-workshops/:id/summary.xlsx", w.lubanSummaryXLSX)
	r.Get("/luban-workshops/:id/summary", w.lubanSummaryPage)
}

// lubanSummary reads the workshop's summary for ?year= (default: the
// statistical year of today).
func (w *Handler) lubanSummary(c *fiber.Ctx) (*luban.Summary, error) {
	id, err := models.ParseID(c.Params("id"))
	if err != nil {
		return nil, err
	}
	year := models.StatYearOf(models.DateOf(w.now().In(models.China))).Start
	if v := c.Query("year"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < 2000 || year > 2100 {
			return nil, models.Invalid("year", "统计学年须为2000至2100之间的年份，如2025表示2025年9月1日至2026年8月31日")
		}
	}
	return w.Luban.Summary(c.UserContext(), id, year)
}

func (w *Handler) lubanSummaryPage(c *fiber.Ctx) error {
	sum, err := w.lubanSummary(c)
	if err != nil {
		return err
	}
	v := newSummaryView(sum, w.now().Year())
	return w.render(c, fiber.StatusOK, "luban_summary", View{Title: v.L["title"].ZH, Data: v})
}

func (w *Handler) lubanSummaryXLSX(c *fiber.Ctx) error {
	sum, err := w.lubanSummary(c)
	if err != nil {
		return err
	}
	body, err := summaryXLSX(newSummaryView(sum, w.now().Year()))
	if err != nil {
		return err
	}
	name := sum.Workshop.Code
	if name == "" {
		name = sum.Workshop.NameZH
	}
	return sendXLSX(c, "鲁班工坊活动汇总-"+name+"-"+sum.YearLabel+".xlsx", body)
}

// summaryView is what the summary page and the .xlsx show.
type summaryView struct {
	ID, Lang            string
	L                   map[string]bilingual
	Names               []string // Chinese name, the partner's-language name, the English name
	Country, Status     bilingual
	City                string
	Hosts               []string
	Chinese             []institutionView
	Year                int
	Years               []int
	YearLabel, From, To string
	Lines               []summaryLine
	Total               summaryLine
	Activities          []activityLine
}

type institutionView struct {
	Name string
	Role bilingual
}

// summaryLine is one activity type's totals, or the total of all.
type summaryLine struct {
	Type                       bilingual
	Activities, Persons, Items int
	PersonDays                 float64
	ValueFen                   int64
}

// activityLine is one activity as the list shows it.
type activityLine struct {
	From, To   string
	Type       bilingual
	Title      string
	Persons    int
	PersonDays int
	Items      int
	ValueFen   int64
	Teachers   []string // 王老师 10天 / 10 hari
}

func newSummaryView(sum *luban.Summary, thisYear int) *summaryView {
	ws, lang := sum.Workshop, sum.Workshop.LocalLang
	v := &summaryView{ID: ws.ID.Hex(), Lang: lang, L: map[string]bilingual{}, City: ws.City, Hosts: ws.HostInstitutions,
		Year: sum.Year, YearLabel: sum.YearLabel, From: sum.From, To: sum.To,
		Country: lubanLabel(ws.Country, lang), Status: lubanLabel(ws.Status, lang)}
	for key := range lubanLabels {
		v.L[key] = lubanLabel(key, lang)
	}
	if _, known := lubanLabels[ws.Country]; !known {
		v.Country = bilingual{ZH: luban.CountryName(ws.Country), Local: ws.Country}
	}
	for _, n := range []string{ws.NameZH, ws.NameLocal, ws.NameEN} {
		if n != "" && !contains(v.Names, n) {
			v.Names = append(v.Names, n)
		}
	}
	for _, ci := range ws.ChineseInstitutions {
		role := lubanLabel("cobuilder", lang)
		if ci.Role == models.InstitutionLead {
			role = lubanLabel("lead", lang)
		}
		v.Chinese = append(v.Chinese, institutionView{Name: ci.Name, Role: role})
	}
	for y := max(thisYear, sum.Year); y >= min(thisYear-6, sum.Year); y-- {
		v.Years = append(v.Years, y)
	}
	v.Total.Type = v.L["total"]
	for _, l := range sum.Lines {
		line := summaryLine{Type: lubanLabel(l.Type, lang), Activities: l.Activities, Persons: l.Persons, Items: l.Items,
			PersonDays: l.PersonDays, ValueFen: l.ValueFen}
		v.Lines = append(v.Lines, line)
		v.Total.Activities += l.Activities
		v.Total.Persons += l.Persons
		v.Total.Items += l.Items
		v.Total.PersonDays += l.PersonDays
		v.Total.ValueFen += l.ValueFen
	}
	days := v.L["days"]
	for _, a := range sum.Activities {
		al := activityLine{From: a.StartDate.String(), To: a.EndDate.String(), Type: lubanLabel(a.Type, lang), Title: a.Title,
			Persons: a.Persons, PersonDays: a.PersonDays, Items: a.Items, ValueFen: a.ValueFen}
		for _, d := range a.Teachers {
			n := strconv.Itoa(d.Days)
			al.Teachers = append(al.Teachers, d.Teacher.Name+" "+n+days.ZH+" / "+n+" "+days.Local)
		}
		v.Activities = append(v.Activities, al)
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// yuan shows an amount in fen as yuan with two decimals and thousands
// separators, e.g. 1,250,000.00.
func yuan(fen int64) string {
	s := strconv.FormatInt(fen/100, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10)
}

// decimal shows person-days with at most one decimal.
func decimal(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Value is the line's value in yuan, for the page.
func (l summaryLine) Value() string { return yuan(l.ValueFen) }

// Days is the line's person-days inside the year, for the page.
func (l summaryLine) Days() string { return decimal(l.PersonDays) }

// Value is the activity's value in yuan, "" when it records none.
func (a activityLine) Value() string {
	if a.ValueFen == 0 {
		return ""
	}
	return yuan(a.ValueFen)
}
