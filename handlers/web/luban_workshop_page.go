package web

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
)

// workshopView is what luban_workshop.html shows: every field, each marked
// when it is 待核实, the status history and the activities by statistical
// year.
type workshopView struct {
	detailView
	Facts                 []workshopFact
	Status                badge
	History               []models.WorkshopStatusChange
	Years                 []activityYear
	ActivityHref          string // 登记活动, when the caller may
	SummaryHref, YearText string
}

// workshopFact is one field of the workshop; Unconfirmed when no source
// confirms it yet.
type workshopFact struct {
	Label, Value string
	Unconfirmed  bool
}

// activityYear is a statistical year of the timeline, newest first.
type activityYear struct {
	Label string
	Items []timelineActivity
}

// timelineActivity is one activity as the timeline shows it.
type timelineActivity struct {
	Href, Type, Title, Dates, Count string
}

// showWorkshop renders a workshop's page.
func (w *Handler) showWorkshop(c *fiber.Ctx, ws *models.Workshop, d detailView) error {
	year := w.statYear()
	v := workshopView{detailView: d, Facts: workshopFacts(ws), Status: workshopBadge(ws), History: ws.StatusHistory,
		SummaryHref: "/luban-workshops/" + ws.ID.Hex() + "/summary?year=" + strconv.Itoa(year), YearText: models.StatYear{Start: year}.Label()}
	if p, _ := models.PrincipalFrom(c.UserContext()); !ws.SchoolID.IsZero() && p.CanWriteSchool(ws.SchoolID) {
		v.ActivityHref = "/luban-activities/new?workshopId=" + ws.ID.Hex()
	}
	years, err := w.workshopTimeline(c, ws)
	if err != nil {
		return err
	}
	v.Years = years
	return w.render(c, fiber.StatusOK, "luban_workshop", View{Title: "鲁班工坊：" + d.Title, Data: v})
}

// workshopTimeline is the workshop's activities, newest first, grouped by the
// statistical year they start in.
func (w *Handler) workshopTimeline(c *fiber.Ctx, ws *models.Workshop) ([]activityYear, error) {
	var years []activityYear
	f := models.ActivityFilter{WorkshopID: ws.ID.Hex(), ListParams: models.ListParams{Sort: "-startDate"}}
	err := w.Luban.EachActivity(c.UserContext(), f, func(a *models.Activity) error {
		label := models.StatYearOf(a.StartDate).Label()
		if n := len(years); n == 0 || years[n-1].Label != label {
			years = append(years, activityYear{Label: label})
		}
		y := &years[len(years)-1]
		y.Items = append(y.Items, timelineActivity{Href: "/luban-activities/" + a.ID.Hex(), Type: activityTypeLabel(a.Type),
			Title: a.Title, Dates: activityDates(a), Count: activityCount(a)})
		return nil
	})
	return years, err
}

// workshopFacts are every field of the workshop, in the order of the form.
func workshopFacts(ws *models.Workshop) []workshopFact {
	insts := make([]string, len(ws.ChineseInstitutions))
	for i, c := range ws.ChineseInstitutions {
		insts[i] = c.Name + "（" + institutionRole(c.Role) + "）"
		if c.IsThisSchool {
			insts[i] += "·本校"
		}
	}
	area := ""
	if ws.AreaM2 > 0 {
		area = strconv.Itoa(ws.AreaM2) + " 平方米"
	}
	facts := []workshopFact{{"工坊编号", dash(ws.Code), false}, {"中文名称", ws.NameZH, false}, {"英文名称", dash(ws.NameEN), false}}
	for _, f := range []struct{ field, value string }{
		{"nameLocal", ws.NameLocal}, {"localLang", labelOf(workshopLangs, ws.LocalLang)},
		{"country", luban.CountryName(ws.Country) + "（" + ws.Country + "）"}, {"city", ws.City},
		{"hostInstitutions", strings.Join(ws.HostInstitutions, "；")}, {"chineseInstitutions", strings.Join(insts, "；")},
		{"enterprises", strings.Join(ws.Enterprises, "；")}, {"fields", strings.Join(ws.Fields, "；")},
		{"majors", strings.Join(ws.Majors, "；")}, {"agreementDate", dateText(ws.AgreementDate)},
		{"openedDate", dateText(ws.OpenedDate)}, {"acceptedDate", dateText(ws.AcceptedDate)}, {"phase", ws.Phase},
		{"areaM2", area}, {"status", luban.StatusLabel(ws.Status)},
	} {
		label := labelOf(workshopFieldLabels, f.field)
		if f.field == "country" {
			label = "国家"
		}
		facts = append(facts, workshopFact{label, dash(f.value), ws.IsUnconfirmed(f.field)})
	}
	facts = append(facts, workshopFact{"备注与来源", dash(ws.Notes), false})
	for _, p := range stamp(&ws.Meta) {
		facts = append(facts, workshopFact{p.Label, p.Value, false})
	}
	return facts
}
