package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/description"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/chanjiao/chanjiao/models"
)

// Client defaults, set before the URI is applied so that a MONGODB_URI may still
// override them (serverSelectionTimeoutMS, connectTimeoutMS,
// heartbeatFrequencyMS, timeoutMS). The driver's own defaults (30 s selection and
// connect, 10 s heartbeat) make every request wait half a minute when the
// database is gone (docs/reliability-store.md).
const (
	// operationTimeout bounds one operation, server selection included.
	operationTimeout = 30 * time.Second
	// selectionTimeout is how long an operation waits for a server it may use:
	// long enough for a replica set to elect a primary only when the election is
	// quick; past it the request fails with 503 instead of waiting.
	selectionTimeout = 5 * time.Second
	// connectTimeout bounds opening a connection, and a heartbeat, so that a
	// server that stops answering without closing is noticed within seconds.
	connectTimeout = 5 * time.Second
	// heartbeat is how often the driver checks each server; it is how soon a
	// returning store is seen again when no request is trying it.
	heartbeat = 2 * time.Second
)

// health follows one client's view of the deployment from the driver's server
// discovery events. The store is down when the client knew a server it could
// use and now knows none: every server is Unknown because a heartbeat or an
// operation failed to reach it. It is up again as soon as a heartbeat (or a
// Ping) reaches one. Until the first server is known (at start) it counts as up,
// so that the first Ping waits for server selection as usual.
//
// Going down ends the context gone, and with it every operation under way
// (healths.begin): a read the driver retries after a broken connection would
// otherwise wait out server selection first.
type health struct {
	mu    sync.Mutex
	known bool // some server was ever reachable
	gone  context.Context
	fall  context.CancelCauseFunc
}

func newHealth() *health {
	h := &health{}
	h.gone, h.fall = context.WithCancelCause(context.Background())
	return h
}

// monitor reports topology changes to h.
func (h *health) monitor() *event.ServerMonitor {
	return &event.ServerMonitor{
		TopologyDescriptionChanged: func(e *event.TopologyDescriptionChangedEvent) {
			h.observe(e.NewDescription)
		},
	}
}

func (h *health) observe(t event.TopologyDescription) {
	reachable := slices.ContainsFunc(t.Servers, func(s event.ServerDescription) bool {
		return s.Kind != description.UnknownStr
	})
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case reachable && h.gone.Err() != nil:
		h.gone, h.fall = context.WithCancelCause(context.Background())
	case reachable:
		h.known = true
	case h.known:
		h.fall(errDown)
	}
}

// current is the context that ends when the store goes down (ended already
// while it is down).
func (h *health) current() context.Context {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.gone
}

var errDown = fmt.Errorf("store: %w", models.ErrUnavailable)

// healths is the state of the store's clients (one, or the reader and the
// serialized writer); the store is down when any of them is.
type healths []*health

// check returns models.ErrUnavailable while a client sees no server. Ping does
// not check: readiness probes it, and its server selection makes the driver
// look for the returning store at once.
func (hs healths) check() error {
	for _, h := range hs {
		if h.current().Err() != nil {
			return errDown
		}
	}
	return nil
}

// begin starts an operation. It fails at once while the store is down; else it
// returns a context that also ends when the store goes down, and end, which the
// caller calls with the operation's outcome and returns: an error caused by the
// store going down is then models.ErrUnavailable.
func (hs healths) begin(ctx context.Context) (context.Context, func(error) error, error) {
	if err := hs.check(); err != nil {
		return ctx, nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stops := make([]func() bool, 0, len(hs))
	for _, h := range hs {
		gone := h.current()
		stops = append(stops, context.AfterFunc(gone, func() { cancel(context.Cause(gone)) }))
	}
	return ctx, func(err error) error {
		for _, stop := range stops {
			stop()
		}
		if err != nil && !errors.Is(err, models.ErrUnavailable) && errors.Is(context.Cause(ctx), models.ErrUnavailable) {
			err = fmt.Errorf("%w: %w", errDown, err)
		}
		cancel(nil)
		return err
	}, nil
}

// Down reports whether the store is known to be unreachable.
func (s *Store) Down() bool { return s.health.check() != nil }

// IsUnavailable reports an error that means the database could not be reached:
// the store's own short-circuit (models.ErrUnavailable), no server found in
// time, or a connection that broke. A request failing with it gets 503, not
// 500; the same request may succeed once the store is back.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, models.ErrUnavailable) || mongo.IsNetworkError(err) {
		return true
	}
	var se topology.ServerSelectionError
	return errors.As(err, &se)
}
