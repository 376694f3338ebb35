package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Reads shares the reads of one computation, such as a report's two years: a
// Find the same as one made before with the same Reads (same collection,
// filter, projection and sort), by any goroutine, is served from the documents
// that first Find fetched. Every document the store sends is decoded by the
// store at its full size (stack.md §4), so each distinct read is paid once. The
// documents are kept until the computation drops its context; a computation
// shares only reads of its own scope, which do not grow with other schools'
// records.
//
// Reads also lists the distinct reads, so that a benchmark can replay them as
// the store's floor (Replay).
type Reads struct {
	mu    sync.Mutex
	byKey map[string]*read
	order []*read
}

type read struct {
	c      *Collection
	filter any
	opts   []options.Lister[options.FindOptions]
	done   chan struct{}
	docs   []any // bson.Raw
	err    error
}

type readsKey struct{}

// ShareReads returns ctx carrying a new Reads, and the Reads; a ctx that
// already carries one is returned with it.
func ShareReads(ctx context.Context) (context.Context, *Reads) {
	if r, ok := ctx.Value(readsKey{}).(*Reads); ok {
		return ctx, r
	}
	r := &Reads{byKey: map[string]*read{}}
	return context.WithValue(ctx, readsKey{}, r), r
}

// find serves c.Find for a computation sharing its reads.
func (r *Reads) find(ctx context.Context, c *Collection, filter any, opts []options.Lister[options.FindOptions]) (*mongo.Cursor, error) {
	key, err := readKey(c, filter, opts)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	rd, seen := r.byKey[key]
	if !seen {
		rd = &read{c: c, filter: filter, opts: opts, done: make(chan struct{})}
		r.byKey[key] = rd
		r.order = append(r.order, rd)
	}
	r.mu.Unlock()
	if !seen {
		rd.docs, rd.err = fetch(ctx, c, filter, opts)
		close(rd.done)
	}
	select {
	case <-rd.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if rd.err != nil {
		return nil, rd.err
	}
	return mongo.NewCursorFromDocuments(rd.docs, nil, nil)
}

// fetch reads every document of a Find, undecoded.
func fetch(ctx context.Context, c *Collection, filter any, opts []options.Lister[options.FindOptions]) ([]any, error) {
	cur, err := c.find(ctx, filter, opts...)
	if err != nil {
		return nil, err
	}
	defer cur.Close(ctx)
	var docs []any
	for cur.Next(ctx) {
		docs = append(docs, bson.Raw(append([]byte(nil), cur.Current...)))
	}
	return docs, cur.Err()
}

// readKey names a read by what decides its result.
func readKey(c *Collection, filter any, opts []options.Lister[options.FindOptions]) (string, error) {
	var o options.FindOptions
	for _, l := range opts {
		for _, set := range l.List() {
			if err := set(&o); err != nil {
				return "", err
			}
		}
	}
	if filter == nil {
		filter = bson.D{}
	}
	b, err := bson.Marshal(bson.D{{Key: "f", Value: filter}, {Key: "p", Value: o.Projection}, {Key: "s", Value: o.Sort},
		{Key: "l", Value: o.Limit}, {Key: "k", Value: o.Skip}})
	if err != nil {
		return "", fmt.Errorf("store: read key: %w", err)
	}
	return c.r.Name() + "\x00" + string(b), nil
}

// Floor is what the store alone spent on a computation's reads: Replay streamed
// each distinct read once, in the order they were first made, decoding nothing.
type Floor struct {
	Reads, Docs int
	Took        time.Duration
}

// Replay streams each distinct read once more, skipping over the documents,
// and reports how long the store took: the least any computation over those
// reads could take.
func (r *Reads) Replay(ctx context.Context) (Floor, error) {
	r.mu.Lock()
	reads := append([]*read(nil), r.order...)
	r.mu.Unlock()
	f := Floor{Reads: len(reads)}
	start := time.Now()
	for _, rd := range reads {
		cur, err := rd.c.find(ctx, rd.filter, rd.opts...)
		if err != nil {
			return f, err
		}
		for cur.Next(ctx) {
			f.Docs++
		}
		if err := cur.Err(); err != nil {
			return f, err
		}
		_ = cur.Close(ctx)
	}
	f.Took = time.Since(start)
	return f, nil
}

// Describe lists the distinct reads as "collection: documents", for a log.
func (r *Reads) Describe() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.order))
	for i, rd := range r.order {
		out[i] = fmt.Sprintf("%s: %d", rd.c.r.Name(), len(rd.docs))
	}
	return out
}
