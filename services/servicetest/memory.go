package servicetest

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// PeakLive runs f and returns how far the live heap (what the last collection
// kept: runtime/metrics /gc/heap/live:bytes) rose above its level before, at
// most, sampling it every 5 ms. The live heap, not the heap allocated, is what
// a benchmark's "memory stays flat" means: a report or an import allocates
// gigabytes of garbage (much of it the embedded store's decoding, in the same
// process), and how much of it sits in the heap between two collections
// follows GOGC, not the records. Call it with the benchmark's timer stopped
// around what is not measured.
func PeakLive(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var top uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				metrics.Read(s)
				done <- max(top, s[0].Value.Uint64())
				return
			case <-tick.C:
				metrics.Read(s)
				top = max(top, s[0].Value.Uint64())
			}
		}
	}()
	f()
	close(stop)
	top := <-done
	if top < base {
		return 0
	}
	return top - base
}
