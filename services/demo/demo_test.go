package demo_test

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/chanjiao/chanjiao/services/demo"
	"github.com/chanjiao/chanjiao/services/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

func TestLoad(t *testing.T) {
	st := storetest.Open(t)
	sum, err := demo.Load(context.Background(), st, demo.Options{Seed: 1, BcryptCost: 4, Log: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(sum)
}
