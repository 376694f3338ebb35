package certs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
	"github.com/chanjiao/chanjiao/services/store"
)

// A certificate number is unique per entry (domain.md §3.6). Candidates live
// embedded in many batch documents, so no unique index over them can say so;
// instead a number is claimed before the batch is written by inserting one
// document whose _id is "<entryId>|<number>" (the insert is atomic on both
// stores, stack.md §3 rule 1), and released after the batch no longer holds it.

// claimGrace is how long a claim whose batch does not (yet) hold the number is
// taken to belong to a write in progress. Older, it is left over from a write
// that failed half-way and may be taken over.
const claimGrace = 10 * time.Minute

// numberClaim is one issued certificate number and who holds it.
type numberClaim struct {
	ID            string        `bson:"_id"`
	EntryID       bson.ObjectID `bson:"entryId"`
	CertificateNo string        `bson:"certificateNo"`
	BatchID       bson.ObjectID `bson:"batchId"`
	CandidateID   bson.ObjectID `bson:"candidateId"`
	At            time.Time     `bson:"at"`
}

func numberKey(entry bson.ObjectID, no string) string { return entry.Hex() + "|" + no }

func numberTaken() error {
	return models.NewConflict("certificateNo", "该证书编号已登记给其他考生，同一证书的编号不能重复")
}

// checkNumber says, without writing, whether claim could be made: a dry run
// (validating an import row) must leave no claim behind.
func (s *Service) checkNumber(ctx context.Context, claim numberClaim) error {
	var held numberClaim
	err := s.numbers.FindOne(ctx, bson.D{{Key: "_id", Value: claim.ID}}, &held)
	if errors.Is(err, models.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("certs: check number: %w", err)
	}
	if held.BatchID == claim.BatchID && held.CandidateID == claim.CandidateID {
		return nil
	}
	stale, err := s.claimStale(ctx, &held)
	if err != nil || stale {
		return err
	}
	return numberTaken()
}

// claimNumber claims certificate number no of entry for a candidate, or returns
// a ConflictError on certificateNo when another candidate holds it.
func (s *Service) claimNumber(ctx context.Context, entry bson.ObjectID, no string, batch, candidate bson.ObjectID) error {
	claim := numberClaim{ID: numberKey(entry, no), EntryID: entry, CertificateNo: no, BatchID: batch, CandidateID: candidate, At: s.stamp()}
	if records.IsDryRun(ctx) {
		return s.checkNumber(ctx, claim)
	}
	err := s.numbers.InsertOne(ctx, claim)
	if err == nil {
		return nil
	}
	if !store.IsDuplicate(err) {
		return fmt.Errorf("certs: claim number: %w", err)
	}
	var held numberClaim
	if err := s.numbers.FindOne(ctx, bson.D{{Key: "_id", Value: claim.ID}}, &held); err != nil {
		if errors.Is(err, models.ErrNotFound) {
			return numberTaken() // released this instant; the user may simply retry
		}
		return fmt.Errorf("certs: claim number: %w", err)
	}
	if held.BatchID == batch && held.CandidateID == candidate {
		return nil // left by an earlier attempt of this very change
	}
	stale, err := s.claimStale(ctx, &held)
	if err != nil {
		return err
	}
	if !stale {
		return numberTaken()
	}
	n, err := s.numbers.UpdateOne(ctx,
		bson.D{{Key: "_id", Value: held.ID}, {Key: "batchId", Value: held.BatchID}, {Key: "candidateId", Value: held.CandidateID}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "batchId", Value: batch}, {Key: "candidateId", Value: candidate}, {Key: "at", Value: claim.At}}}})
	if err != nil {
		return fmt.Errorf("certs: claim number: %w", err)
	}
	if n == 0 {
		return numberTaken()
	}
	return nil
}

// claimStale reports whether a claim is older than claimGrace and its candidate
// does not hold the number: left over from a write that failed.
func (s *Service) claimStale(ctx context.Context, held *numberClaim) (bool, error) {
	if s.now().Sub(held.At) < claimGrace {
		return false, nil
	}
	b, err := s.batches.Get(ctx, bson.D{{Key: "_id", Value: held.BatchID}})
	if errors.Is(err, models.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("certs: claim number: %w", err)
	}
	i, err := candidateIndex(b, held.CandidateID)
	if err != nil {
		return true, nil
	}
	return b.Candidates[i].CertificateNo != held.CertificateNo, nil
}

// releaseNumber gives up a candidate's claim on a number. A failure is logged,
// not returned: the batch is already written, and the claim left behind is taken
// over once stale.
func (s *Service) releaseNumber(ctx context.Context, entry bson.ObjectID, no string, batch, candidate bson.ObjectID) {
	_, err := s.numbers.DeleteOne(context.WithoutCancel(ctx), bson.D{
		{Key: "_id", Value: numberKey(entry, no)}, {Key: "batchId", Value: batch}, {Key: "candidateId", Value: candidate},
	})
	if err != nil {
		models.LoggerFrom(ctx).Error("certificate number not released", "entry", entry.Hex(), "certificateNo", no, "err", err)
	}
}
