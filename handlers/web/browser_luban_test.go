//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
)

// TestBrowserLuban walks the Luban Workshop pages on screen at 1366×768: the
// office registers a workshop through the form, then from its page a training
// and a dispatch (first with a 工号 the school does not have), and reads both on
// the workshop's timeline and the dispatch on the teacher's page. Screenshots
// of each page.
func TestBrowserLuban(t *testing.T) {
	s := newSite(t)
	teacher := lubanSeed(t, s)
	base := serve(t, s)
	office := chrome(t, 1366, 768)

	var wsURL string
	err := do(office,
		loginAs(base, "office"),
		chromedp.Click(`//header//nav//a[normalize-space()='鲁班工坊']`),
		heading("鲁班工坊"),
		chromedp.Click(`//a[normalize-space()='新增鲁班工坊']`),
		heading("新增鲁班工坊"),
		chromedp.SendKeys(`#code`, "LB-ML-01"),
		chromedp.SendKeys(`#nameZh`, "马里鲁班工坊"),
		chromedp.SendKeys(`#nameEn`, "Luban Workshop in Mali"),
		chromedp.SetValue(`#localLang`, "fr"),
		chromedp.SendKeys(`#country`, "ML"),
		chromedp.SendKeys(`#city`, "巴马科"),
		chromedp.SetValue(`#hostInstitutions`, "Université des Sciences, des Techniques et des Technologies de Bamako"),
		chromedp.SetValue(`#chineseInstitutions`, "天津职业技术师范大学|牵头|本校\n天津某职业学院|共建"),
		chromedp.SetValue(`#fields`, "新能源\n电气自动化"),
		chromedp.SetValue(`#openedDate`, "2023-10-01"),
		chromedp.SetValue(`#status`, models.WorkshopOperating),
		chromedp.Click(`input[name=unconfirmed][value=city]`),
		shot(t, "luban-workshop-form"),
		chromedp.Click(`form.card button[type=submit]`),
		heading("鲁班工坊：马里鲁班工坊（马里）"),
		location(&wsURL),
		chromedp.Click(`//a[normalize-space()='登记活动']`),
		heading("新增鲁班工坊活动"),
		chromedp.SetValue(`#type`, models.ActivityShortTraining),
		chromedp.SendKeys(`#title`, "光伏运维短期培训"),
		chromedp.SetValue(`#startDate`, "2025-10-08"),
		chromedp.SetValue(`#endDate`, "2025-10-12"),
		chromedp.SendKeys(`#persons`, "20"),
		chromedp.Click(`form.card button[type=submit]`),
		heading("鲁班工坊活动：光伏运维短期培训"),
	)
	if err != nil {
		t.Fatal(err)
	}

	var timeline, dispatches string
	err = do(office,
		chromedp.Navigate(wsURL),
		chromedp.Click(`//a[normalize-space()='登记活动']`),
		heading("新增鲁班工坊活动"),
		chromedp.SetValue(`#type`, models.ActivityTeacherDispatch),
		chromedp.SendKeys(`#title`, "2025年春季派出教师"),
		chromedp.SetValue(`#startDate`, "2025-03-01"),
		chromedp.SetValue(`#endDate`, "2025-03-20"),
		chromedp.SetValue(`#teachers`, "T001,2025-03-01,2025-03-10\nT999"),
		chromedp.Click(`form.card button[type=submit]`),
		chromedp.WaitVisible(`#teachers-error`),
		page(t, "luban-activity-form-error"),
		chromedp.SetValue(`#teachers`, "T001,2025-03-01,2025-03-10"),
		chromedp.Click(`form.card button[type=submit]`),
		heading("鲁班工坊活动：2025年春季派出教师"),
		page(t, "luban-activity-detail"),
		chromedp.Navigate(wsURL),
		chromedp.WaitVisible(`ol.activity-list`),
		text(`#activities`, &timeline),
		page(t, "luban-workshop-detail"),
		visit(t, base, "/luban-workshops", "luban-workshop-list"),
		visit(t, base, "/luban-activities", "luban-activity-list"),
		visit(t, base, "/teachers/"+teacher, "luban-teacher-dispatches"),
		text(`#dispatches`, &dispatches),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"光伏运维短期培训", "短期培训", "2025年春季派出教师", "派出1人，共10人日", models.StatYear{Start: 2024}.Label()} {
		if !strings.Contains(timeline, want) {
			t.Errorf("timeline lacks %q: %q", want, timeline)
		}
	}
	if !strings.Contains(dispatches, "2025年春季派出教师") || !strings.Contains(dispatches, "在外共 10 天") {
		t.Errorf("teacher's dispatches: %q", dispatches)
	}
}
