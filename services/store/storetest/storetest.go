// Package storetest gives each test package one embedded store and each test a
// fresh database on it (stack.md §5).
package storetest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sync/atomic"
	"testing"

	"github.com/chanjiao/chanjiao/services/store"
)

var (
	shared *store.Store
	seq    atomic.Int64
)

var nonWord = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// Main starts the embedded store, runs the package's tests and stops it. Call it
// from TestMain: os.Exit(storetest.Main(m)). With CHANJIAO_TEST_MONGODB_URI set,
// the tests use that server instead (MongoDB, or FerretDB on PostgreSQL as
// scripts/ferretdb-pg starts it), each test on its own database.
func Main(m *testing.M) int {
	dir, err := os.MkdirTemp("", "chanjiao-test-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	s, err := store.Open(context.Background(), store.Config{URI: os.Getenv("CHANJIAO_TEST_MONGODB_URI"), DB: "t", DataDir: dir})
	if err != nil {
		panic(err)
	}
	shared = s
	defer s.Close()
	return m.Run()
}

// Open returns a store on a new, indexed database that is dropped after the test.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s := OpenKept(t)
	t.Cleanup(func() { _ = s.Drop(context.Background()) })
	return s
}

// OpenKept returns a store on a new, indexed database that stays until the
// package's tests end (Main removes the store's directory). A benchmark that
// loads data once for all its runs needs it: Go runs a benchmark's cleanups
// after each of its runs.
func OpenKept(t testing.TB) *store.Store {
	t.Helper()
	if shared == nil {
		t.Fatal("storetest: call storetest.Main from TestMain")
	}
	name := fmt.Sprintf("t%d_%s", seq.Add(1), nonWord.ReplaceAllString(t.Name(), "_"))
	if len(name) > 63 { // FerretDB: ^[a-zA-Z0-9_-]{1,63}$
		name = name[:63]
	}
	s := shared.WithDatabase(name)
	if err := s.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
