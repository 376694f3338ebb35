package demo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/servicetest"
	"github.com/chanjiao/chanjiao/services/store"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// BenchmarkReport computes the annual report (2025 beside 2024) of 红星职专 in a
// district that grows: size k is the demo over five statistical years
// (2021–2025) with k−1 more schools like 红星, so the store holds k times
// 红星's records while the report's school stays the same. Each run measures, in
// the same process and moment, the report (ns/op) and the store's floor: the
// distinct reads the report made (store.Reads), streamed once more without
// decoding (floor-ms). x-floor is their ratio. peak-live-MB is the most the
// live heap rose during the report (servicetest.PeakLive; the embedded store runs in this
// process, so its share is included). Loads are not timed. One size (about 1.5 minutes with its load):
//
//	go test ./services/demo/ -run '^$' -bench 'Report/size=1x' -benchtime 3x
//
// All four sizes (scripts/bench.sh runs them):
//
//	go test ./services/demo/ -run '^$' -bench Report -benchtime 3x -timeout 60m
func BenchmarkReport(b *testing.B) {
	for _, size := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("size=%dx", size), func(b *testing.B) {
			d := district(b, size)
			office := models.WithPrincipal(context.Background(), &models.Principal{Username: "office", Role: models.RoleOfficeAdmin, SchoolID: d.sum.MainSchool()})
			b.ReportAllocs()
			b.ResetTimer()
			var peak uint64
			var floor, report time.Duration
			logged := false
			for range b.N {
				ctx, reads := store.ShareReads(office)
				var err error
				t0 := time.Now()
				peak = max(peak, servicetest.PeakLive(func() { _, err = d.h.Report.Live(ctx, "", 2025) }))
				report += time.Since(t0)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				f, err := reads.Replay(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				floor += f.Took
				if !logged {
					b.Logf("size %dx: the report's %d distinct reads returned %d documents: %s", size, f.Reads, f.Docs, strings.Join(reads.Describe(), ", "))
					logged = true
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-MB")
			b.ReportMetric(float64(floor.Milliseconds())/float64(b.N), "floor-ms")
			b.ReportMetric(float64(report)/float64(floor), "x-floor")
			b.ReportMetric(float64(d.sum.Students), "students")
			b.ReportMetric(float64(d.sum.Placements), "placements")
		})
	}
}

// loaded is a district loaded for the benchmarks, kept across their runs.
type loaded struct {
	h   *api.Handler
	sum *demo.Summary
}

var districts = map[int]*loaded{}

// district loads (once per process: Go calls a sub-benchmark with b.N = 1, then 3) the demo with size−1 branches of 红星.
func district(b *testing.B, size int) *loaded {
	if d, ok := districts[size]; ok {
		return d
	}
	st := storetest.OpenKept(b)
	sum, err := demo.Load(context.Background(), st, demo.Options{Seed: 1, Years: 5, District: size - 1, BcryptCost: 4})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("size %dx: %s", size, sum)
	d := &loaded{h: api.NewHandler(st, after, auth.DefaultConfig()), sum: sum}
	districts[size] = d
	return d
}
