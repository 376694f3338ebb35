package store

import (
	"context"
	"fmt"
	"time"
)

// writeLock serializes the embedded store's writes inside the process. The write
// client's pool of one already keeps single operations from interleaving
// (stack.md §3 rule 2); the lock also lets a read and the write that depends on it
// run as one step (Collection.ReplaceVersion). A nil *writeLock does nothing:
// MongoDB needs none.
type writeLock struct {
	ch   chan struct{}
	wait time.Duration // longest wait, as the clients' own operation timeout
}

func newWriteLock(wait time.Duration) *writeLock {
	return &writeLock{ch: make(chan struct{}, 1), wait: wait}
}

// acquire waits for the lock until ctx ends or l.wait has passed.
func (l *writeLock) acquire(ctx context.Context) error {
	if l == nil {
		return nil
	}
	select {
	case l.ch <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("store: waiting to write: %w", ctx.Err())
	case <-t.C:
		return fmt.Errorf("store: waiting to write: %w", context.DeadlineExceeded)
	}
}

func (l *writeLock) release() {
	if l != nil {
		<-l.ch
	}
}
