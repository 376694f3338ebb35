package web

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/figures"
)

// recordsPageSize is how many records behind a figure one page lists.
const recordsPageSize = 50

// registerFigures mounts the figures of a statistical year and the records
// behind each number. Office users see their school, auditors their schools
// rolled up or one of them, the system admin any; enterprise users get 403 from
// the service.
func (w *Handler) registerFigures(r fiber.Router) {
	r.Get("/figures", w.figuresPage)
	r.Get("/figures/:id/records", w.figureRecordsPage)
}

// figureScope is the year and school a figures page is for, as chosen.
type figureScope struct {
	Year     int
	SchoolID string
	Years    []option
	Schools  []option // empty when the caller has one school
}

// Query is the scope as a query string, with part when not empty.
func (s figureScope) Query(part string) string {
	q := url.Values{"year": {strconv.Itoa(s.Year)}}
	if s.SchoolID != "" {
		q.Set("schoolId", s.SchoolID)
	}
	if part != "" {
		q.Set("part", part)
	}
	return q.Encode()
}

// auditYear is the statistical year that ended last, the one the bureau
// audits: the figures, the report and the dashboard open on it, since the
// year under way is still being recorded.
func (w *Handler) auditYear() int { return w.statYear() - 1 }

func (w *Handler) figureScope(c *fiber.Ctx) (figureScope, error) {
	s := figureScope{Year: w.auditYear(), SchoolID: c.Query("schoolId"), Years: w.yearOptions()}
	if y, err := strconv.Atoi(c.Query("year")); err == nil {
		s.Year = y
	}
	schools, err := w.schoolOptions(c)
	if err != nil {
		return s, err
	}
	if len(schools) > 1 {
		s.Schools = append([]option{{"", "全部学校（汇总）"}}, schools...)
	}
	return s, nil
}

type figuresView struct {
	figureScope
	YearLabel, From, To string
	Rows                []figureRow
}

// figureRow is one figure or one of its parts, every number with the link to
// its records.
type figureRow struct {
	ID, Label, Definition, Unit string
	Value, Numerator, Denom     string
	Href                        string
	Part                        bool
}

func (w *Handler) figuresPage(c *fiber.Ctx) error {
	s, err := w.figureScope(c)
	if err != nil {
		return err
	}
	rep, err := w.Figures.Compute(c.UserContext(), s.SchoolID, s.Year)
	if err != nil {
		return err
	}
	v := figuresView{figureScope: s, YearLabel: rep.YearLabel, From: rep.From, To: rep.To}
	for _, f := range rep.Figures {
		href := "/figures/" + url.PathEscape(f.ID) + "/records?" + s.Query("")
		v.Rows = append(v.Rows, figureRow{ID: f.ID, Label: f.LabelZH, Definition: f.Definition, Unit: f.Unit, Href: href,
			Value: figureValue(f.Value, f.Unit, f.NoData), Numerator: strconv.FormatInt(f.Numerator, 10), Denom: denominator(f.Unit, f.Denominator)})
		for _, pt := range f.Parts {
			v.Rows = append(v.Rows, figureRow{ID: f.ID, Label: pt.Label, Unit: f.Unit, Part: true,
				Href:      "/figures/" + url.PathEscape(f.ID) + "/records?" + s.Query(pt.Key),
				Value:     figureValue(pt.Value, f.Unit, f.Unit == figures.UnitPercent && pt.Denominator == 0),
				Numerator: strconv.FormatInt(pt.Numerator, 10), Denom: denominator(f.Unit, pt.Denominator)})
		}
	}
	return w.render(c, fiber.StatusOK, "figures", View{Title: "指标 · " + rep.YearLabel, Data: v})
}

// figureValue prints a count as a whole number and a rate with one decimal; a
// rate without a denominator has no value.
func figureValue(v float64, unit string, noData bool) string {
	if noData {
		return "无数据"
	}
	if unit == figures.UnitPercent {
		return strconv.FormatFloat(v, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + " " + unit
}

// denominator is "" for counts, which have none.
func denominator(unit string, d int64) string {
	if unit != figures.UnitPercent {
		return ""
	}
	return strconv.FormatInt(d, 10)
}

type recordsView struct {
	figureScope
	Figure, Part, YearLabel string
	Rows                    []recordRow
	Total, Page, Pages      int
	Back, Path, PartKey     string
	Rate                    bool // the records are a rate's denominator
}

type recordRow struct {
	N                       int
	Label, Date, Kind, Href string
	Counted                 string // for a rate: 是 when the numerator counts it
}

// PageURL keeps the scope and part and changes the page.
func (v recordsView) PageURL(page int) string {
	return v.Path + "?" + v.Query(v.PartKey) + "&page=" + strconv.Itoa(page)
}

var refKinds = map[string]string{"candidate": "考核记录", "pilot": "试点", "training": "师资培训", "occupation": "工种", "student": "学生",
	"placement": "实习", "contract": "学徒合同", "order_class": "订单班", "teacher": "教师", "practice": "教师企业实践",
	"workshop": "鲁班工坊", "luban_activity": "鲁班工坊活动"}

func refKind(k string) string {
	if l, ok := refKinds[k]; ok {
		return l
	}
	return k
}

func (w *Handler) figureRecordsPage(c *fiber.Ctx) error {
	s, err := w.figureScope(c)
	if err != nil {
		return err
	}
	id, part := c.Params("id"), c.Query("part")
	f, refs, err := w.Figures.Records(c.UserContext(), id, part, s.SchoolID, s.Year)
	if err != nil {
		return err
	}
	v := recordsView{figureScope: s, Figure: f.LabelZH, YearLabel: models.StatYear{Start: s.Year}.Label(), Total: len(refs),
		Back: "/figures?" + s.Query(""), Path: "/figures/" + url.PathEscape(id) + "/records", PartKey: part, Rate: f.Denominator > 0 || f.NoData}
	for _, pt := range f.Parts {
		if pt.Key == part {
			v.Part = pt.Label
		}
	}
	v.Pages = max(1, (len(refs)+recordsPageSize-1)/recordsPageSize)
	v.Page, _ = strconv.Atoi(c.Query("page"))
	v.Page = min(max(v.Page, 1), v.Pages)
	from := (v.Page - 1) * recordsPageSize
	p, _ := models.PrincipalFrom(c.UserContext())
	for i, r := range refs[from:min(from+recordsPageSize, len(refs))] {
		row := recordRow{N: from + i + 1, Label: r.Label, Date: r.Date, Kind: refKind(r.Kind)}
		if v.Rate {
			row.Counted = map[bool]string{true: "是", false: "否"}[r.InNumerator]
		}
		row.Href = recordHref(p, r.Kind, r.ID, r.ParentID)
		v.Rows = append(v.Rows, row)
	}
	title := f.LabelZH
	if v.Part != "" {
		title += " · " + v.Part
	}
	return w.render(c, fiber.StatusOK, "figure_records", View{Title: title + " · 记录", Data: v})
}

// recordHref is the page of a record behind a figure, for the kinds that have
// one ("" for the rest).
func recordHref(p *models.Principal, kind, id, parent string) string {
	switch kind {
	case "pilot":
		return "/pilots/" + id
	case "training":
		return "/trainings/" + id
	case "candidate":
		return "/batches/" + parent
	case "placement":
		return "/placements/" + id
	case "contract":
		return "/apprenticeship-contracts/" + id
	case "order_class":
		return "/order-classes/" + id
	case "workshop":
		return "/luban-workshops/" + id
	case "luban_activity":
		return "/luban-activities/" + id
	case "student", "teacher", "practice":
		// Auditors read these records under pseudonyms here; the records'
		// own pages name the person.
		if officeOrAdmin(p) {
			return map[string]string{"student": "/students/", "teacher": "/teachers/", "practice": "/teacher-practices/"}[kind] + id
		}
	}
	return ""
}
