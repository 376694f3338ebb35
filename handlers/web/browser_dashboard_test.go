//go:build browser

package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/chanjiao/chanjiao/models"
)

// pageErrors collects what pages report as errors from now on: uncaught
// exceptions, console.error, and the browser's own error entries, which is
// where CSP violations (an inline style, an inline script) are reported.
func pageErrors(t *testing.T, ctx context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var errs []string
	err := chromedp.Listen(ctx, func(ev any) {
		msg := ""
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Text
			if ex := ev.ExceptionDetails.Exception; ex != nil {
				msg += " " + ex.Description
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				msg = string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
			}
		}
		if msg != "" && !strings.Contains(msg, "favicon.ico") {
			mu.Lock()
			errs = append(errs, msg)
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// chartIDs are the dashboard's charts.
var chartIDs = []string{"chart-trend", "chart-x-pass", "chart-placements", "chart-findings", "chart-standing", "chart-luban"}

// chartsDrawn waits until ECharts has drawn every chart: an SVG in each (six in
// the trend, a small chart per figure), each inside its card.
func chartsDrawn() chromedp.Action[chromedp.Void] {
	return waitJS(fmt.Sprintf(`(() => {
		const ids = %q.split(" ");
		if (document.querySelectorAll("#chart-trend svg").length !== 6) return false;
		return ids.every(id => [...document.querySelectorAll("#" + id + " svg")].every(svg => {
			const r = svg.getBoundingClientRect(), card = svg.closest(".card").getBoundingClientRect();
			return r.width > 100 && r.height > 100 && r.left >= card.left && r.right <= card.right;
		}));
	})()`, strings.Join(chartIDs, " ")))
}

// waitJS waits until script evaluates to true, asking every 100 ms.
func waitJS(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for {
			ok, err := chromedp.Evaluate[bool](script)(ctx, tg)
			if err == nil && ok {
				return nil
			}
			if ctx.Err() != nil {
				return fmt.Errorf("never true: %s: %w", script, ctx.Err())
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}

// hover moves the mouse to the middle of sel, scrolled into view.
func hover(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		xy, err := chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
			const e = document.querySelector(%q);
			e.scrollIntoView({block: "center"});
			const r = e.getBoundingClientRect();
			return [r.left + r.width / 2, r.top + r.height / 2];
		})()`, sel))(ctx, tg)
		if err != nil {
			return err
		}
		_, err = chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, xy[0], xy[1])(ctx, tg)
		return err
	})
}

// viewShot saves what the window shows (a full-page screenshot resizes the
// page, and a tooltip under the mouse goes away).
func viewShot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.CaptureScreenshot()(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), buf, 0o644)
	})
}

// TestBrowserDashboard opens the dashboard as the office (on a laptop, as it
// prints, and on a phone) and as the auditor, waits for every chart, and
// checks that no page error or CSP violation was reported.
func TestBrowserDashboard(t *testing.T) {
	s := newSite(t)
	d := seedDashboard(t, s)
	base := serve(t, s)
	title := "数据看板 · " + models.StatYear{Start: d.year}.Label()
	for _, c := range []struct {
		user, name    string
		width, height int
	}{
		{"office", "dashboard-office", 1366, 900},
		{"office", "dashboard-phone", 390, 844},
		{"auditor", "dashboard-auditor", 1366, 900},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := chrome(t, c.width, c.height)
			errs := pageErrors(t, ctx)
			steps := []chromedp.Action[chromedp.Void]{loginAs(base, c.user), chromedp.Navigate(base + "/dashboard?year=" + strconv.Itoa(d.year)), heading(title), chartsDrawn(),
				// the numbers stay in the tables, and the page is no wider than the screen
				js(`document.querySelectorAll("table.chart-table").length === 6 && document.documentElement.scrollWidth <= window.innerWidth`),
				shot(t, c.name)}
			if c.name == "dashboard-office" {
				// a tooltip (drawn as rich text: HTML tooltips carry inline styles the CSP refuses)
				steps = append(steps, hover(`#chart-placements svg`), chromedp.Sleep(300*time.Millisecond), viewShot(t, c.name+"-tooltip"),
					chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 1, 1))
				// as printed on A4: 186 mm between the margins
				steps = append(steps, chromedp.EmulateViewport(703, 1000), printMedia(), chartsDrawn(),
					js(`getComputedStyle(document.querySelector("header.top")).display === "none" && getComputedStyle(document.querySelector("form.filters")).display === "none"`),
					js(`getComputedStyle(document.querySelector(".chart-card")).breakInside === "avoid"`),
					shot(t, c.name+"-print"))
			}
			if err := do(ctx, steps...); err != nil {
				t.Fatal(err)
			}
			if e := errs(); len(e) > 0 {
				t.Errorf("the page reported errors:\n%s", strings.Join(e, "\n"))
			}
		})
	}
}

// scriptsOff turns the page's JavaScript off, as a browser with scripts
// disabled.
func scriptsOff() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
}

// TestBrowserDashboardWithoutScript: with JavaScript off, the tables are the
// dashboard, and no empty chart boxes take room.
func TestBrowserDashboardWithoutScript(t *testing.T) {
	s := newSite(t)
	d := seedDashboard(t, s)
	base := serve(t, s)
	ctx := chrome(t, 1366, 900)
	err := do(ctx, loginAs(base, "office"),
		scriptsOff(),
		chromedp.Navigate(base+"/dashboard?year="+strconv.Itoa(d.year)), heading("数据看板 · "+models.StatYear{Start: d.year}.Label()),
		js(`[...document.querySelectorAll(".chart")].every(c => c.offsetHeight === 0) && document.querySelectorAll("table.chart-table").length === 6`),
		shot(t, "dashboard-noscript"))
	if err != nil {
		t.Fatal(err)
	}
}
