package certs

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/audit"
	"github.com/chanjiao/chanjiao/services/enterprises"
	"github.com/chanjiao/chanjiao/services/people"
	"github.com/chanjiao/chanjiao/services/schools"
	"github.com/chanjiao/chanjiao/services/store/storetest"
	"github.com/chanjiao/chanjiao/services/validate"
)

// TestClaimLeftOver: a claim whose candidate does not hold the number (a write
// that failed after claiming) blocks the number only for claimGrace.
func TestClaimLeftOver(t *testing.T) {
	clock := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	st := storetest.Open(t)
	v := validate.New(now)
	a := audit.New(st, now)
	sc := schools.New(st, a, v, now)
	s := New(st, a, v, sc, people.New(st, a, v, sc, enterprises.New(st, a, v, now), now), now)
	ctx := context.Background()
	entry, orphanBatch, orphanCand := bson.NewObjectID(), bson.NewObjectID(), bson.NewObjectID()
	if err := s.claimNumber(ctx, entry, "N1", orphanBatch, orphanCand); err != nil {
		t.Fatal(err)
	}
	batch, cand := bson.NewObjectID(), bson.NewObjectID()
	var ce *models.ConflictError
	if err := s.claimNumber(ctx, entry, "N1", batch, cand); !errors.As(err, &ce) || ce.Field != "certificateNo" {
		t.Fatalf("fresh claim: err = %v, want a conflict on certificateNo", err)
	}
	if err := s.claimNumber(ctx, entry, "N1", orphanBatch, orphanCand); err != nil {
		t.Fatalf("own claim again: %v", err)
	}
	clock = clock.Add(claimGrace)
	if err := s.claimNumber(ctx, entry, "N1", batch, cand); err != nil {
		t.Fatalf("left-over claim: %v", err)
	}
	var held numberClaim
	if err := s.numbers.FindOne(ctx, bson.D{{Key: "_id", Value: numberKey(entry, "N1")}}, &held); err != nil {
		t.Fatal(err)
	}
	if held.BatchID != batch || held.CandidateID != cand {
		t.Fatalf("claim = %+v", held)
	}
	s.releaseNumber(ctx, entry, "N1", orphanBatch, orphanCand) // not the holder: no effect
	if err := s.numbers.FindOne(ctx, bson.D{{Key: "_id", Value: numberKey(entry, "N1")}}, &held); err != nil {
		t.Fatalf("released by a former holder: %v", err)
	}
	s.releaseNumber(ctx, entry, "N1", batch, cand)
	if err := s.numbers.FindOne(ctx, bson.D{{Key: "_id", Value: numberKey(entry, "N1")}}, &held); !errors.Is(err, models.ErrNotFound) {
		t.Fatalf("after release: err = %v", err)
	}
}
