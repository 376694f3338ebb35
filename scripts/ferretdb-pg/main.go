// Command ferretdb-pg runs FerretDB v1.24 (the library the embedded store is
// built on) with its PostgreSQL backend, on a loopback address, until
// interrupted: a MongoDB-protocol store other than the embedded default, for
// comparing the benchmarks (docs/performance.md). PostgreSQL itself comes from
// Debian's postgresql package:
//
//	apt-get install -y postgresql && pg_ctlcluster 15 main start
//	su postgres -c "psql -c \"CREATE USER ferret WITH PASSWORD 'ferret' SUPERUSER\"" && su postgres -c "createdb -O ferret ferretdb"
//	go run ./scripts/ferretdb-pg &
//	CHANJIAO_TEST_MONGODB_URI=mongodb://127.0.0.1:27018/ go test ./services/demo/ -run '^$' -bench 'Report/size=1x' -benchtime 3x
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:27018", "loopback address to listen on (FerretDB has no authentication here)")
	pg := flag.String("postgresql", "postgres://ferret:ferret@127.0.0.1:5432/ferretdb", "PostgreSQL URL")
	flag.Parse()
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *addr},
		Handler:       "postgresql",
		PostgreSQLURL: *pg,
		Logger:        slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-pg:", err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	fmt.Println("ferretdb-pg: listening on", f.MongoDBURI())
	if err := f.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb-pg:", err)
		os.Exit(1)
	}
}
