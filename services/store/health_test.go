package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/chanjiao/chanjiao/models"
)

func topologyOf(kinds ...string) event.TopologyDescription {
	t := event.TopologyDescription{Kind: "Single"}
	for _, k := range kinds {
		t.Servers = append(t.Servers, event.ServerDescription{Kind: k})
	}
	return t
}

// TestHealth walks one client through start, outage and return.
func TestHealth(t *testing.T) {
	h := newHealth()
	hs := healths{h}

	t.Run("UnknownAtStartIsNotDown", func(t *testing.T) {
		h.observe(topologyOf("Unknown"))
		if err := hs.check(); err != nil {
			t.Fatalf("check = %v before any server was known", err)
		}
	})

	h.observe(topologyOf("Standalone"))
	ctx, end, err := hs.begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("GoneEndsOperationsUnderWay", func(t *testing.T) {
		h.observe(topologyOf("Unknown"))
		<-ctx.Done()
		err := end(fmt.Errorf("driver: %w", ctx.Err()))
		if !errors.Is(err, models.ErrUnavailable) {
			t.Fatalf("end = %v, want ErrUnavailable", err)
		}
		if err := end(nil); err != nil {
			t.Fatalf("end(nil) = %v", err)
		}
	})

	t.Run("ErrUnavailableWhileDown", func(t *testing.T) {
		if _, _, err := hs.begin(context.Background()); !errors.Is(err, models.ErrUnavailable) {
			t.Fatalf("begin = %v, want ErrUnavailable", err)
		}
	})

	t.Run("UpAgain", func(t *testing.T) {
		h.observe(topologyOf("Unknown", "RSSecondary"))
		ctx, end, err := hs.begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ctx.Err() != nil {
			t.Fatalf("new operation's context ended: %v", ctx.Err())
		}
		if err := end(mongo.ErrNoDocuments); !errors.Is(err, mongo.ErrNoDocuments) || errors.Is(err, models.ErrUnavailable) {
			t.Fatalf("end = %v, want the operation's own error", err)
		}
	})

	t.Run("CallerCancelIsNotUnavailable", func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		ctx, end, err := hs.begin(parent)
		if err != nil {
			t.Fatal(err)
		}
		cancel()
		if err := end(ctx.Err()); errors.Is(err, models.ErrUnavailable) {
			t.Fatalf("end = %v: a cancelled request is not an unavailable store", err)
		}
	})
}

func TestIsUnavailable(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"Nil", nil, false},
		{"Sentinel", fmt.Errorf("people: find: %w", errDown), true},
		{"ServerSelection", fmt.Errorf("store: ping: %w", topology.ServerSelectionError{Wrapped: context.DeadlineExceeded}), true},
		{"NotFound", models.ErrNotFound, false},
		{"NoDocuments", mongo.ErrNoDocuments, false},
		{"Deadline", context.DeadlineExceeded, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsUnavailable(tc.err); got != tc.want {
				t.Fatalf("IsUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}
