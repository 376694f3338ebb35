// Package store connects to MongoDB, or starts the embedded FerretDB store, creates
// indexes and translates driver errors into models errors. All other services reach
// the database through its Collection type, which sends every write down the one
// serialized path the embedded store needs (stack.md §3 rule 2).
package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/event"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
)

// Config says which store to use.
type Config struct {
	URI     string       // MongoDB URI; empty starts the embedded store
	DB      string       // database name
	DataDir string       // embedded store's directory
	Logger  *slog.Logger // the embedded store logs errors only through it
	// Monitor, when not nil, sees every command of the store's clients (metrics).
	Monitor *event.CommandMonitor
}

// Store is an open database: a read client and a write client. On MongoDB they are
// the same client; on the embedded store the write client has a pool of one so that
// FerretDB's read-modify-write updates never interleave.
type Store struct {
	read     *mongo.Database
	write    *mongo.Database
	Embedded bool
	closers  []func()
	// writes is held around every write on the embedded store, so that a read
	// followed by a write can be made atomic (Collection.ReplaceVersion); nil on
	// MongoDB.
	writes *writeLock
	// health says whether the clients can reach a server (health.go).
	health healths
}

// Open connects to cfg.URI, or starts the embedded store under cfg.DataDir when no
// URI is given, and pings it.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.DB == "" {
		return nil, errors.New("store: no database name")
	}
	if cfg.URI != "" {
		return connect(ctx, cfg.URI, cfg.DB, false, cfg.Monitor, nil)
	}
	emb, err := StartEmbedded(cfg.DataDir, cfg.Logger)
	if err != nil {
		return nil, err
	}
	s, err := connect(ctx, emb.URI, cfg.DB, true, cfg.Monitor, emb.Close)
	if err != nil {
		emb.Close()
		return nil, err
	}
	return s, nil
}

// Connect opens a store on an already running server. serialized selects the
// embedded store's single write connection; monitor, when not nil, sees every
// command of both clients (metrics).
func Connect(ctx context.Context, uri, db string, serialized bool, monitor *event.CommandMonitor) (*Store, error) {
	return connect(ctx, uri, db, serialized, monitor, nil)
}

func connect(ctx context.Context, uri, db string, serialized bool, monitor *event.CommandMonitor, after func()) (*Store, error) {
	s := &Store{Embedded: serialized}
	reader, err := s.newClient(uri, monitor, 0)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s.read, s.write = reader.Database(db), reader.Database(db)
	s.closers = append(s.closers, func() { _ = reader.Disconnect(context.Background()) })
	if serialized {
		writer, err := s.newClient(uri, monitor, 1)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("store: connect writer: %w", err)
		}
		s.write = writer.Database(db)
		s.writes = newWriteLock(operationTimeout)
		s.closers = append(s.closers, func() { _ = writer.Disconnect(context.Background()) })
	}
	if after != nil {
		s.closers = append(s.closers, after)
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// newClient connects a client to uri with the store's timeouts (health.go),
// following its health, with a pool of maxPool connections (0: the driver's
// default).
func (s *Store) newClient(uri string, monitor *event.CommandMonitor, maxPool uint64) (*mongo.Client, error) {
	h := newHealth()
	opts := options.Client().SetTimeout(operationTimeout).SetServerSelectionTimeout(selectionTimeout).
		SetConnectTimeout(connectTimeout).SetHeartbeatInterval(heartbeat).
		ApplyURI(uri).SetServerMonitor(h.monitor())
	if monitor != nil {
		opts.SetMonitor(monitor)
	}
	if maxPool > 0 {
		opts.SetMaxPoolSize(maxPool)
	}
	c, err := mongo.Connect(opts)
	if err != nil {
		return nil, err
	}
	s.health = append(s.health, h)
	return c, nil
}

// WithDatabase returns a store on another database sharing s's clients (tests use
// one database per test). Closing it closes nothing.
func (s *Store) WithDatabase(name string) *Store {
	return &Store{
		read:     s.read.Client().Database(name),
		write:    s.write.Client().Database(name),
		Embedded: s.Embedded,
		writes:   s.writes,
		health:   s.health,
	}
}

// Name is the database name.
func (s *Store) Name() string { return s.read.Name() }

// CollectionNames lists the database's collections, sorted.
func (s *Store) CollectionNames(ctx context.Context) ([]string, error) {
	names, err := s.read.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("store: collections: %w", err)
	}
	slices.Sort(names)
	return names, nil
}

// Drop drops the database (tests).
func (s *Store) Drop(ctx context.Context) error { return s.write.Drop(ctx) }

// Ping checks that the database answers both clients. It never short-circuits
// while the store is down (health.go): its server selection is what makes each
// client look for a returning store at once.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.Client().Ping(ctx, nil); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if s.write.Client() != s.read.Client() {
		if err := s.write.Client().Ping(ctx, nil); err != nil {
			return fmt.Errorf("store: ping writer: %w", err)
		}
	}
	return nil
}

// Close disconnects the clients and then stops the embedded store, in that order,
// so FerretDB does not wait out its grace period for open connections.
func (s *Store) Close() {
	for _, c := range s.closers {
		c()
	}
	s.closers = nil
}

// Embedded is a running in-process FerretDB.
type Embedded struct {
	URI   string
	Close func()
}

// StartEmbedded starts FerretDB with its SQLite backend in dir, listening on a random
// loopback port (it has no authentication, so never on another interface).
func StartEmbedded(dir string, logger *slog.Logger) (*Embedded, error) {
	return StartEmbeddedOn(dir, "127.0.0.1:0", logger)
}

// StartEmbeddedOn is StartEmbedded on a given loopback address, so that a stopped
// store can be started again where its clients look for it (the store-gone drill,
// docs/reliability-store.md). An address on another interface is refused.
func StartEmbeddedOn(dir, addr string, logger *slog.Logger) (*Embedded, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("store: embedded address: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("store: embedded address %q is not a loopback IP", addr)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store: data dir: %w", err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("store: data dir: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: addr},
		Handler:   "sqlite",
		SQLiteURL: "file:" + strings.TrimSuffix(abs, "/") + "/",
		// Below Error FerretDB logs every connection and whole wire messages, and at
		// Debug it is ten times slower (stack.md §2).
		Logger: slog.New(levelFloor{logger.Handler(), slog.LevelError}),
	})
	if err != nil {
		return nil, fmt.Errorf("store: embedded: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = f.Run(ctx) }()
	return &Embedded{URI: f.MongoDBURI(), Close: func() { cancel(); <-done }}, nil
}

// levelFloor passes on only records at or above min.
type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(_ context.Context, l slog.Level) bool { return l >= h.min }

func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(a), h.min}
}

func (h levelFloor) WithGroup(n string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(n), h.min}
}

// NotFound translates mongo.ErrNoDocuments to models.ErrNotFound.
func NotFound(err error) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return models.ErrNotFound
	}
	return err
}

// IsDuplicate reports a unique-index violation on both stores: MongoDB and FerretDB
// inserts answer E11000, but a FerretDB update answers an InternalError naming the
// SQLite constraint (stack.md §3 rule 5).
func IsDuplicate(err error) bool {
	if err == nil {
		return false
	}
	if mongo.IsDuplicateKeyError(err) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
