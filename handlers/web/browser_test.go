//go:build browser

// Browser tests: headless Chromium (Debian's chromium package) driven by chromedp
// against the real app on an embedded store. Run by .ci/run:
//
//	go test -tags browser ./handlers/web/ -run Browser -count=1
//
// Screenshots of every page visited go to $SCREENSHOT_DIR (default
// ./artifacts/screenshots at the repository root).
package web_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/sheets"
)

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serve runs the site on a random loopback port.
func serve(t *testing.T, s *site) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = s.app.Listener(ln) }()
	t.Cleanup(func() { _ = s.app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// chrome starts headless Chromium with the flags this machine needs (no sandbox as
// root, no background networking on a closed network).
func chrome(t *testing.T, width, height int) context.Context {
	t.Helper()
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(width, height), chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	// The window size alone is not the page's size: the headless window keeps
	// room for its frame and is never narrower than 500 px. Set the viewport
	// itself, as a phone when it is phone-sized.
	var phone []chromedp.EmulateViewportOption
	if width < 600 {
		phone = append(phone, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height), phone...)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// shot saves a full-page screenshot named after the step.
func shot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg) // quality 100 gives PNG; lower gives JPEG
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), buf, 0o644)
	})
}

// text reads the text of sel into *dst.
func text(sel string, dst *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Text(sel)(ctx, tg)
		*dst = strings.TrimSpace(v)
		return err
	})
}

// location reads the page's URL into *dst.
func location(dst *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Location()(ctx, tg)
		*dst = v
		return err
	})
}

func loginAs(base, user string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(`#username`),
		chromedp.SendKeys(`#username`, user),
		chromedp.SendKeys(`#password`, "Passw0rd1"),
		chromedp.Submit(`#password`),
		chromedp.WaitVisible(`header.top`), // only pages after login have the shell
	)
}

func TestBrowserEachRoleLandsOnItsHome(t *testing.T) {
	s := newSite(t)
	base := serve(t, s)
	for _, tt := range []struct{ user, path, heading string }{
		{"admin", "/admin", "系统管理首页"}, {"office", "/office", "教务处首页"},
		{"ent", "/portal", "企业门户首页"}, {"auditor", "/audit", "教育局审计首页"},
	} {
		t.Run(tt.user, func(t *testing.T) {
			w, h := 1366, 768
			if tt.user == "ent" {
				w, h = 390, 844 // mentors use phones
			}
			ctx := chrome(t, w, h)
			var heading, url string
			err := chromedp.Do(ctx, loginAs(base, tt.user), text(`h1`, &heading),
				location(&url), shot(t, "home-"+tt.user))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(url, tt.path) || heading != tt.heading {
				t.Fatalf("landed on %s with %q, want %s with %q", url, heading, tt.path, tt.heading)
			}
		})
	}
}

func TestBrowserCreateStudentFixingTheIDNumber(t *testing.T) {
	s := newSite(t)
	base := serve(t, s)
	ctx := chrome(t, 1366, 768)
	var fieldErr, list string
	err := chromedp.Do(ctx,
		loginAs(base, "office"),
		chromedp.Navigate(base+"/students/new"),
		chromedp.WaitVisible(`#studentNo`),
		chromedp.SendKeys(`#studentNo`, "S2025001"),
		chromedp.SendKeys(`#name`, "欧阳娜娜·阿依古丽·买买提"),
		chromedp.SendKeys(`#idNumber`, "110105194912310021"),
		chromedp.SendKeys(`#majorCode`, "710201"),
		chromedp.SendKeys(`#className`, "2025级计算机应用1班"),
		chromedp.SendKeys(`#cohortYear`, "2025"),
		shot(t, "student-form-filled"),
		chromedp.Submit(`#studentNo`),
		chromedp.WaitVisible(`#idNumber-error`),
		text(`#idNumber-error`, &fieldErr),
		shot(t, "student-form-error"),
		chromedp.SetValue(`#idNumber`, "11010519491231002X"),
		chromedp.Submit(`#idNumber`),
		chromedp.WaitVisible(`.flash`),
		shot(t, "student-detail"),
		chromedp.Navigate(base+"/students"),
		chromedp.WaitVisible(`table`),
		text(`table`, &list),
		shot(t, "students-list"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if fieldErr != "身份证号校验位不正确" {
		t.Fatalf("field error = %q", fieldErr)
	}
	if !strings.Contains(list, "S2025001") || !strings.Contains(list, "欧阳娜娜") {
		t.Fatalf("list does not show the student:\n%s", list)
	}
}

func TestBrowserEnterpriseRefusedOnOfficePages(t *testing.T) {
	s := newSite(t)
	base := serve(t, s)
	ctx := chrome(t, 390, 844)
	var heading string
	err := chromedp.Do(ctx, loginAs(base, "ent"), chromedp.Navigate(base+"/office"),
		chromedp.WaitVisible(`h1`), text(`h1`, &heading), shot(t, "enterprise-403"))
	if err != nil {
		t.Fatal(err)
	}
	if heading != "无权访问" {
		t.Fatalf("heading = %q", heading)
	}
}

// do runs actions like chromedp.Do and, when one fails, says which: a timeout
// alone does not tell which wait never ended.
func do(ctx context.Context, actions ...chromedp.Action[chromedp.Void]) error {
	for i, a := range actions {
		if err := chromedp.Do(ctx, a); err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
	}
	return nil
}

// heading waits for the page whose h1 reads title.
//
// It asks the page afresh every 50 ms rather than waiting on a node: a wait
// begun just as a form's submit replaces the document can stay bound to the
// old one and never end (seen in CI as a 90 s timeout).
func heading(title string) chromedp.Action[chromedp.Void] {
	script := fmt.Sprintf(`(() => { const h = document.querySelector('h1'); return !!h && h.offsetParent !== null && h.textContent.trim() === %q })()`, title)
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for {
			try, cancel := context.WithTimeout(ctx, 2*time.Second)
			ok, err := chromedp.Evaluate[bool](script)(try, tg)
			cancel()
			if err == nil && ok {
				return nil
			}
			if ctx.Err() != nil {
				return fmt.Errorf("heading %q never showed: %w", title, ctx.Err())
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// js runs a script for its effect; the script must evaluate to true.
func js(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		ok, err := chromedp.Evaluate[bool](script)(ctx, tg)
		if err == nil && !ok {
			err = fmt.Errorf("script returned false: %s", script)
		}
		return err
	})
}

// secondEnterprise is another enterprise than the ent user's; its name is long
// on purpose, to see how pages wrap it.
func secondEnterprise(t *testing.T, s *site) *models.Enterprise {
	t.Helper()
	str := func(v string) *string { return &v }
	e, err := s.h.Enterprises.CreateEnterprise(s.principal(t, "admin", "Passw0rd1"), models.EnterpriseFields{
		CreditCode: str("91110000600037341L"), Name: str("天津市红桥区新质生产力智能制造装备与工业互联网应用技术研究院有限责任公司第一分公司"),
		Industry: str("软件和信息技术服务业"), Size: str(models.SizeMedium), Address: str("天津市红桥区示例路1号创新大厦B座1708室"),
		ContactName: str("王经理"), ContactPhone: str("022-12345678")})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestBrowserEnterpriseSeesOnlyItsOwnRecord(t *testing.T) {
	s := newSite(t)
	other := secondEnterprise(t, s)
	base := serve(t, s)
	ctx := chrome(t, 390, 844)
	var own, refused, msg string
	err := chromedp.Do(ctx,
		loginAs(base, "ent"),
		chromedp.Click(`//header//nav//a[normalize-space()='企业信息']`),
		chromedp.WaitVisible(`table.pairs`),
		text(`table.pairs`, &own),
		page(t, "enterprise-own-phone"),
		chromedp.Click(`//main//a[normalize-space()='编辑']`),
		chromedp.WaitVisible(`#contactPhone`),
		page(t, "enterprise-own-edit-phone"),
		chromedp.Navigate(base+"/enterprises/"+other.ID.Hex()),
		chromedp.WaitVisible(`h1`),
		text(`h1`, &refused),
		text(`main .card p`, &msg),
		shot(t, "enterprise-other-403-phone"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(own, "示例企业") || !strings.Contains(own, "9144030071526726XG") {
		t.Errorf("own page does not show the enterprise:\n%s", own)
	}
	if refused != "无权访问" || strings.Contains(msg, other.Name) {
		t.Errorf("other enterprise: h1 %q, message %q", refused, msg)
	}
}

func TestBrowserFormWithoutCSRFIsRefused(t *testing.T) {
	s := newSite(t)
	base := serve(t, s)
	ctx := chrome(t, 1366, 768)
	var msg, home string
	err := do(ctx,
		loginAs(base, "office"),
		chromedp.Navigate(base+"/students/new"),
		chromedp.WaitVisible(`#studentNo`),
		chromedp.SendKeys(`#studentNo`, "S2025009"),
		chromedp.SendKeys(`#name`, "张三"),
		chromedp.SendKeys(`#idNumber`, "11010519491231002X"),
		chromedp.SendKeys(`#majorCode`, "710201"),
		chromedp.SendKeys(`#cohortYear`, "2025"),
		js(`(() => { const f = document.querySelector('main form input[name=_csrf]'); f.remove(); return true })()`),
		chromedp.Submit(`#studentNo`),
		heading("无权访问"),
		text(`main .card p`, &msg),
		shot(t, "csrf-student-form-403"),
		// The logout form too: without its token the session stays.
		chromedp.Navigate(base+"/office"),
		heading("教务处首页"),
		js(`(() => { document.querySelector('header form input[name=_csrf]').remove(); return true })()`),
		chromedp.Submit(`//header//form//button`),
		heading("无权访问"),
		chromedp.Navigate(base+"/office"),
		chromedp.WaitVisible(`h1`),
		text(`h1`, &home),
	)
	if err != nil {
		t.Fatal(err)
	}
	if msg != "表单已过期或来源不明，请刷新页面后重试" {
		t.Errorf("message = %q", msg)
	}
	stored, err := s.h.People.FindStudents(s.principal(t, "office", "Passw0rd1"), models.StudentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if stored.Total != 0 {
		t.Errorf("a student was written: total %d", stored.Total)
	}
	if home != "教务处首页" {
		t.Errorf("after the refused logout /office shows %q, want the office still logged in", home)
	}
}

// sidewaysJS lists up to five elements that stick out past the right edge of
// the window, leaving out tables, which scroll inside .table-wrap on purpose.
const sidewaysJS = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll('body *')) {
		if (el.closest('.table-wrap')) continue;
		const r = el.getBoundingClientRect();
		if (r.width > 0 && r.right > w + 1 && out.length < 5) {
			const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
			out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' +' + Math.round(r.right - w) + 'px');
		}
	}
	return out.join(', ');
})()`

// sideways reads into *dst what sticks out of the window ("" when nothing does).
func sideways(dst *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		v, err := chromedp.Evaluate[string](sidewaysJS)(ctx, tg)
		*dst = v
		return err
	})
}

// visit opens path, wants 200 and a heading, notes anything wider than the
// window and saves a screenshot as name.
func visit(t *testing.T, base, path, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		res, err := chromedp.NavigateResponse(base+path)(ctx, tg)
		if err != nil {
			return err
		}
		if res.Status != 200 {
			return fmt.Errorf("%s: status %d", path, res.Status)
		}
		_, err = page(t, name)(ctx, tg)
		return err
	})
}

// page checks the page now shown: a heading, nothing sticking out, a screenshot.
func page(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	var wide string
	return chromedp.Steps(
		chromedp.WaitVisible(`main h1`),
		sideways(&wide),
		chromedp.Func(func(context.Context, *chromedp.Target) error {
			if wide != "" {
				t.Logf("layout: %s is wider than the window: %s", name, wide)
			}
			return nil
		}),
		shot(t, name),
	)
}

// exportLink wants the list's 导出Excel link to point at path/export.xlsx when
// the list has a sheet (majors, students, teachers, enterprises), and no such
// link otherwise. It reads the page with a script so that a missing link fails
// at once instead of waiting for the test's deadline.
func exportLink(path string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		href, err := chromedp.Evaluate[string](`[...document.querySelectorAll('a')].filter(a => a.textContent.trim() === '导出Excel').map(a => a.getAttribute('href')).join(' ')`)(ctx, tg)
		if err != nil {
			return err
		}
		sheet := sheets.Kind(strings.Trim(path, "/")).Valid()
		switch {
		case sheet && !strings.HasPrefix(href, path+"/export.xlsx"):
			return fmt.Errorf("%s: export link %q, want %s/export.xlsx?…", path, href, path)
		case !sheet && href != "":
			return fmt.Errorf("%s: unexpected export link %q", path, href)
		}
		return nil
	})
}

// tourSeed adds records with long Chinese names, so that the tour shows how
// the pages wrap them: an enterprise, a teacher employed there and a student.
func tourSeed(t *testing.T, s *site) {
	t.Helper()
	e := secondEnterprise(t, s)
	office := s.principal(t, "office", "Passw0rd1")
	str := func(v string) *string { return &v }
	year, months := 2025, 36
	if _, err := s.h.People.CreateStudent(office, models.StudentFields{StudentNo: str("S2025001"), Name: str("欧阳娜娜·阿依古丽·买买提·热合曼"),
		IDNumber: str("11010519491231002X"), MajorCode: str("710201"), ClassName: str("2025级计算机应用（工业互联网与智能制造方向）订单班"),
		CohortYear: &year}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.h.People.CreateTeacher(office, models.TeacherFields{StaffNo: str("T2020001"), Name: str("司马相如"),
		CourseType: str(models.CourseProfessional), Employment: str(models.EmploymentEnterprisePartTime),
		EmployerEnterpriseID: str(e.ID.Hex()), HireDate: str("2020-09-01"), EnterpriseExperienceMonths: &months}); err != nil {
		t.Fatal(err)
	}
}

// tourList visits a list page, checks its export link and opens its first record.
func tourList(t *testing.T, base, prefix, path string) chromedp.Action[chromedp.Void] {
	name := prefix + "-" + strings.Trim(path, "/")
	return chromedp.Steps(
		visit(t, base, path, name),
		exportLink(path),
		chromedp.Click(`table tbody tr:first-child a`),
		chromedp.WaitVisible(`table.pairs`),
		page(t, name+"-detail"),
	)
}

// TestBrowserTour visits, as the system admin and as the office, every list
// (with a record's page), a form sent with errors, the imports page, the audit
// log and the users, with a screenshot of each.
func TestBrowserTour(t *testing.T) {
	s := newSite(t)
	tourSeed(t, s)
	base := serve(t, s)
	for _, tt := range []struct {
		user  string
		lists []string
		form  chromedp.Action[chromedp.Void] // fills the enterprise form wrongly
		want  string                         // the message beside the credit code
	}{
		{"admin", []string{"/schools", "/users", "/majors", "/students", "/teachers", "/enterprises", "/audit-log"},
			chromedp.Steps(chromedp.SendKeys(`#creditCode`, "91440300715267260G"), chromedp.SendKeys(`#name`, "某")),
			"统一社会信用代码校验位不正确"},
		{"office", []string{"/majors", "/students", "/teachers", "/enterprises", "/users", "/audit-log"},
			chromedp.Steps(chromedp.SendKeys(`#creditCode`, "9144030071526726XG"), chromedp.SendKeys(`#name`, "重复的示例企业")),
			"已存在"},
	} {
		t.Run(tt.user, func(t *testing.T) {
			ctx := chrome(t, 1366, 768)
			steps := []chromedp.Action[chromedp.Void]{loginAs(base, tt.user), page(t, "tour-"+tt.user+"-home")}
			for _, l := range tt.lists {
				if l == "/audit-log" {
					steps = append(steps, visit(t, base, l, "tour-"+tt.user+"-audit-log"))
					continue
				}
				steps = append(steps, tourList(t, base, "tour-"+tt.user, l))
			}
			var formErr string
			steps = append(steps,
				visit(t, base, "/imports", "tour-"+tt.user+"-imports"),
				visit(t, base, "/enterprises/new", "tour-"+tt.user+"-enterprise-form"),
				tt.form,
				chromedp.Submit(`#creditCode`),
				chromedp.WaitVisible(`#creditCode-error`),
				text(`#creditCode-error`, &formErr),
				page(t, "tour-"+tt.user+"-enterprise-form-errors"),
			)
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(formErr, tt.want) {
				t.Errorf("credit code message = %q, want %q", formErr, tt.want)
			}
		})
	}
}
