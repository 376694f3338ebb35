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

	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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
