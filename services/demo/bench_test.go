package demo_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/chanjiao/chanjiao/handlers/api"
	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/auth"
	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

// BenchmarkReport computes the full figures report of 红星职专 for 2025 on the
// demo scaled to five statistical years (2021–2025), at one and two times the
// students, so that the time and the memory of a report can be compared as the
// records double. The load is not timed. Besides ns/op and the allocations,
// peak-heap-MB is the most the heap grew above its size before the report
// (sampled every 5 ms; the embedded store runs in the same process, so its
// decoding is included). Run it once:
//
//	go test ./services/demo/ -run '^$' -bench Report -benchtime 1x
func BenchmarkReport(b *testing.B) {
	for _, scale := range []int{1, 2} {
		b.Run(fmt.Sprintf("students=%dx", scale), func(b *testing.B) {
			st := storetest.Open(b)
			sum, err := demo.Load(context.Background(), st, demo.Options{Seed: 1, Years: 5, Scale: scale, BcryptCost: 4})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s", sum)
			h := api.NewHandler(st, after, auth.DefaultConfig())
			office := models.WithPrincipal(context.Background(), &models.Principal{Username: "office", Role: models.RoleOfficeAdmin, SchoolID: sum.MainSchool()})
			b.ReportAllocs()
			b.ResetTimer()
			var peak uint64
			for range b.N {
				peak = max(peak, peakHeap(b, func() error {
					_, err := h.Figures.Compute(office, "", 2025)
					return err
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(sum.Students), "students")
		})
	}
}

// peakHeap runs f and returns how far the heap grew above what it held
// before, at most, sampling it every 5 ms.
func peakHeap(b *testing.B, f func() error) uint64 {
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var top uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				done <- top
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				top = max(top, m.HeapAlloc)
			}
		}
	}()
	b.StartTimer()
	err := f()
	b.StopTimer()
	close(stop)
	top := <-done
	b.StartTimer()
	if err != nil {
		b.Fatal(err)
	}
	if top < base {
		return 0
	}
	return top - base
}
