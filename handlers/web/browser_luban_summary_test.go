//go:build browser

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// printMedia makes the page render as it prints (the print stylesheet).
func printMedia() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
}

func TestBrowserLubanSummary(t *testing.T) {
	s := newSite(t)
	id := seedLuban(t, s)
	base := serve(t, s)
	ctx := chrome(t, 1366, 768)
	var nav string
	err := do(ctx, loginAs(base, "office"),
		chromedp.Navigate(base+"/luban-workshops/"+id+"/summary?year=2025"),
		heading("鲁班工坊年度活动汇总 Ringkasan Kegiatan Tahunan Luban Workshop"),
		shot(t, "luban-summary"),
		printMedia(),
		js(`getComputedStyle(document.querySelector("header.top")).display === "none" && getComputedStyle(document.querySelector("form.filters")).display === "none"`),
		shot(t, "luban-summary-print"),
		text(`#totals tfoot th`, &nav),
	)
	if err != nil {
		t.Fatal(err)
	}
	if nav == "" {
		t.Error("the printed page has no totals row")
	}
}
