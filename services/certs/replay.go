package certs

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/scoped"
	"github.com/chanjiao/chanjiao/services/store"
)

// Replay runs the service's batch operations (CreateBatch, Register,
// RecordResult) on batches held in memory, in the order they happened, each at
// its own time and by the caller in its context, with the checks and derived
// fields of the service: for loads that bring years of assessments at once
// (the demo), where a call per candidate would read the store for every
// registration. What the service reads from the store it reads once, when the
// replay starts (the catalogue, the schools' pilots and majors); what it would
// read of the batches written before (passes, certificate numbers) it keeps as
// it goes. InsertReplayed writes the result.
//
// The replay starts from schools with no batch yet, and trusts the caller for
// one thing the store would otherwise say: the student as they were on the day
// they registered (enrolled then, graduated since).
type Replay struct {
	s       *Service
	entries map[bson.ObjectID]*models.CertEntry
	pilots  map[pilotKey]*models.Pilot
	majors  map[bson.ObjectID]map[string]string // by school, name by code
	passes  map[string]map[bson.ObjectID][]pass // by school|entry|level, by student
	numbers map[string]numberClaim              // by entry|number
	batches []*models.Batch
}

type pilotKey struct {
	school, entry bson.ObjectID
	year          int
}

// Replay starts a replay for schools that have no batch yet (a ConflictError
// otherwise), reading the catalogue and the schools' pilots and majors once.
// The caller must be able to read the schools.
func (s *Service) Replay(ctx context.Context, schools []bson.ObjectID) (*Replay, error) {
	r := &Replay{s: s, entries: map[bson.ObjectID]*models.CertEntry{}, pilots: map[pilotKey]*models.Pilot{},
		majors: map[bson.ObjectID]map[string]string{}, passes: map[string]map[bson.ObjectID][]pass{}, numbers: map[string]numberClaim{}}
	in := bson.D{{Key: "schoolId", Value: bson.D{{Key: "$in", Value: schools}}}}
	if found, err := s.batches.C.Exists(ctx, in); err != nil || found {
		if err != nil {
			return nil, fmt.Errorf("certs: replay: %w", err)
		}
		return nil, models.NewConflict("schoolId", "回放只能用于尚无考核批次的学校")
	}
	err := s.entries.Each(ctx, bson.D{}, models.ListParams{}, nil, nil, func(e *models.CertEntry) error {
		r.entries[e.ID] = e
		return nil
	})
	if err == nil {
		err = s.pilots.Each(ctx, in, models.ListParams{}, nil, nil, func(p *models.Pilot) error {
			r.pilots[pilotKey{p.SchoolID, p.EntryID, p.SchoolYear}] = p
			return nil
		})
	}
	for _, school := range schools {
		if err != nil {
			break
		}
		r.majors[school], err = s.schoolMajors(ctx, school)
	}
	if err != nil {
		return nil, fmt.Errorf("certs: replay: %w", err)
	}
	return r, nil
}

// Batches are the replayed batches, in the order they were created.
func (r *Replay) Batches() []*models.Batch { return r.batches }

// CreateBatch is CreateBatch at time at.
func (r *Replay) CreateBatch(ctx context.Context, at time.Time, f models.BatchFields) (*models.Batch, error) {
	by, err := models.PrincipalFrom(ctx)
	if err != nil {
		return nil, err
	}
	school, err := r.s.schools.WriteSchool(ctx, by, f.SchoolID)
	if err != nil {
		return nil, err
	}
	b := &models.Batch{SchoolID: school, Candidates: []models.Candidate{}}
	var errs models.ValidationError
	f.Apply(b, &errs)
	e := r.entries[b.EntryID]
	if e == nil {
		errs.Add("entryId", entryMissing(b.EntryID))
	}
	if err := r.s.checkBatchOf(e, nil, b, models.DateOf(at.In(models.China)), &errs); err != nil {
		return nil, err
	}
	b.Stamp(by.UserID, stampOf(at))
	r.batches = append(r.batches, b)
	return b, nil
}

// Register is Register at time at, for st as they were at that time; it
// returns the new candidate.
func (r *Replay) Register(ctx context.Context, at time.Time, b *models.Batch, st *models.Student, reg models.Registration) (*models.Candidate, error) {
	by, err := r.writer(ctx, b)
	if err != nil {
		return nil, err
	}
	var errs models.ValidationError
	st = admit(st, b.SchoolID, "studentId", &errs)
	if err := register(b, st, reg, at, func(major string) (string, error) { return r.outsidePilot(b, major), nil }, &errs); err != nil {
		return nil, err
	}
	r.touch(b, by, at)
	return &b.Candidates[len(b.Candidates)-1], nil
}

// writer is the caller in ctx if it may change b (scoped.Writable).
func (r *Replay) writer(ctx context.Context, b *models.Batch) (*models.Principal, error) {
	p, err := models.PrincipalFrom(ctx)
	switch {
	case err != nil:
		return nil, err
	case !p.CanReadSchool(b.SchoolID):
		return nil, models.ErrNotFound
	case !p.CanWriteSchool(b.SchoolID):
		return nil, models.ErrForbidden
	}
	return p, nil
}

// outsidePilot is Service.outsidePilot from what the replay read.
func (r *Replay) outsidePilot(b *models.Batch, major string) string {
	year := models.StatYearOf(b.Date)
	if pilots(r.pilots[pilotKey{b.SchoolID, b.EntryID, year.Start}], major) {
		return ""
	}
	return pilotWarning(year, major, r.majors[b.SchoolID], r.entries[b.EntryID].Name)
}

// RecordResult is RecordResult at time at: the same checks, one pass per
// student, certificate and level across the replayed batches, and certificate
// numbers unique per certificate.
func (r *Replay) RecordResult(ctx context.Context, at time.Time, b *models.Batch, candidate bson.ObjectID, f models.ResultFields) error {
	by, err := r.writer(ctx, b)
	if err != nil {
		return err
	}
	i, err := candidateIndex(b, candidate)
	if err != nil {
		return err
	}
	next, err := resultOf(b, b.Candidates[i], f, at)
	if err != nil {
		return err
	}
	key := b.SchoolID.Hex() + "|" + b.EntryID.Hex() + "|" + b.Level
	if next.Result == models.ResultPass {
		if err := passedOnce(r.passes[key][next.StudentID], b); err != nil {
			return err
		}
	}
	if err := r.claim(b, next, b.Candidates[i].CertificateNo, at); err != nil {
		return err
	}
	b.Candidates[i] = next
	r.keepPass(key, b, next)
	r.touch(b, by, at)
	return nil
}

// claim holds c's certificate number for it, releasing the one it held (old).
func (r *Replay) claim(b *models.Batch, c models.Candidate, old string, at time.Time) error {
	if c.CertificateNo != "" && c.CertificateNo != old {
		key := numberKey(b.EntryID, c.CertificateNo)
		if held, ok := r.numbers[key]; ok && (held.BatchID != b.ID || held.CandidateID != c.ID) {
			return numberTaken()
		}
		r.numbers[key] = numberClaim{ID: key, EntryID: b.EntryID, CertificateNo: c.CertificateNo, BatchID: b.ID, CandidateID: c.ID, At: stampOf(at)}
	}
	if old != "" && old != c.CertificateNo {
		delete(r.numbers, numberKey(b.EntryID, old))
	}
	return nil
}

// keepPass notes c's result in b for later passes of the same level.
func (r *Replay) keepPass(key string, b *models.Batch, c models.Candidate) {
	if r.passes[key] == nil {
		r.passes[key] = map[bson.ObjectID][]pass{}
	}
	var kept []pass
	for _, o := range r.passes[key][c.StudentID] {
		if o.batch != b.ID {
			kept = append(kept, o)
		}
	}
	if c.Result == models.ResultPass {
		kept = append(kept, pass{batch: b.ID, label: b.Label, date: b.Date})
	}
	r.passes[key][c.StudentID] = kept
}

// touch is what a versioned replace does to the batch's Meta.
func (r *Replay) touch(b *models.Batch, by *models.Principal, at time.Time) {
	b.CandidateCount = len(b.Candidates)
	b.Touch(by.UserID, stampOf(at))
}

// InsertReplayed writes the replayed batches with their certificate numbers
// claimed, in bulk, each audited as created (records.InsertHistory). The caller
// must be able to change every batch's school (ErrForbidden otherwise); a number
// claimed meanwhile is a ConflictError on certificateNo, and then no batch is
// written.
func (s *Service) InsertReplayed(ctx context.Context, r *Replay) error {
	if err := scoped.CheckWritable(ctx, r.batches); err != nil {
		return err
	}
	claims := make([]any, 0, len(r.numbers))
	for _, b := range r.batches { // in batch and candidate order, not the map's
		for _, c := range b.Candidates {
			if c.CertificateNo != "" {
				claims = append(claims, r.numbers[numberKey(b.EntryID, c.CertificateNo)])
			}
		}
	}
	if err := s.numbers.InsertMany(ctx, claims); err != nil {
		if store.IsDuplicate(err) {
			return numberTaken()
		}
		return fmt.Errorf("certs: claim numbers: %w", err)
	}
	return s.batches.InsertHistory(ctx, r.batches)
}
