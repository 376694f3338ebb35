package metrics

import (
	"context"
	"strings"
	"sync"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
)

// commands remembers the collection of each command under way: the driver
// names it only when the command starts, and reports the duration when it ends.
type commands struct{ inflight sync.Map } // commandKey -> collection

type commandKey struct {
	conn string
	id   int64
}

// CommandMonitor times every command of a mongo client by command name and
// collection; give it to both of the store's clients (store.Config.Monitor).
// Of the command it reads only its name and the collection it names, never a
// filter, an update or a document.
func (m *Metrics) CommandMonitor() *event.CommandMonitor {
	if m == nil {
		return nil
	}
	return &event.CommandMonitor{
		Started: func(_ context.Context, e *event.CommandStartedEvent) {
			m.commands.inflight.Store(commandKey{e.ConnectionID, e.RequestID}, collectionOf(e.CommandName, e.Command))
		},
		Succeeded: func(_ context.Context, e *event.CommandSucceededEvent) {
			m.commandDone(&e.CommandFinishedEvent, false)
		},
		Failed: func(_ context.Context, e *event.CommandFailedEvent) {
			m.commandDone(&e.CommandFinishedEvent, true)
		},
	}
}

func (m *Metrics) commandDone(e *event.CommandFinishedEvent, failed bool) {
	coll := ""
	if v, ok := m.commands.inflight.LoadAndDelete(commandKey{e.ConnectionID, e.RequestID}); ok {
		coll = v.(string)
	}
	name := strings.Clone(e.CommandName)
	m.storeSeconds.WithLabelValues(name, coll).Observe(e.Duration.Seconds())
	if failed {
		m.storeFailures.WithLabelValues(name, coll).Inc()
	}
}

// collectionOf is the collection a command names: the value of its first
// element (find: "students") when that is a string, getMore's "collection"
// field, or "" for commands on the database (ping, listCollections). Redacted
// commands (authentication) have no elements.
func collectionOf(name string, cmd bson.Raw) string {
	first, err := cmd.IndexErr(0)
	if err != nil {
		return ""
	}
	v := first.Value()
	if name == "getMore" {
		v, err = cmd.LookupErr("collection")
		if err != nil {
			return ""
		}
	}
	if s, ok := v.StringValueOK(); ok {
		return strings.Clone(s)
	}
	return ""
}
