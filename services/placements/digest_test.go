package placements_test

import (
	"context"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/services/store"
)

// TestDigestsFollowTheRecords: the figures read the digests, every write keeps
// them in step, and the start-up check rebuilds digests that are missing, stale
// or left over, so the figures come back to what the records say.
func TestDigestsFollowTheRecords(t *testing.T) {
	f := newFigureFixture(t)
	ctx := context.Background()
	digests := f.st.Collection(store.PlacementDigests)
	summary := func() string {
		t.Helper()
		var s string
		for _, year := range []int{2023, 2024, 2025} {
			rep, err := f.figs.Compute(f.admin, "", year)
			must(t, err)
			for _, fig := range rep.Figures {
				s += fmt.Sprintf("%d %s %v %d/%d %s\n", year, fig.ID, fig.Value, fig.Numerator, fig.Denominator, parts(fig))
			}
		}
		return s
	}
	check := func(want int) {
		t.Helper()
		done := make(chan error, 1)
		f.svc.CheckDigests(ctx, func(fixed int, err error) {
			if err == nil && fixed != want {
				err = fmt.Errorf("rewrote %d digests, want %d", fixed, want)
			}
			done <- err
		})
		// The figures wait for the check: this compute sees the repaired digests.
		_ = summary()
		must(t, <-done)
	}
	records, err := f.st.Collection(store.Placements).Count(ctx, bson.D{})
	must(t, err)
	n, err := digests.Count(ctx, bson.D{})
	must(t, err)
	if n != records || n == 0 {
		t.Fatalf("%d digests for %d placements", n, records)
	}
	want := summary()
	check(0)

	// Gone: the figures lose the placements, and the check brings them back.
	_, err = digests.DeleteMany(ctx, bson.D{})
	must(t, err)
	if summary() == want {
		t.Fatal("figures unchanged without digests: they do not read them")
	}
	check(int(records))
	if got := summary(); got != want {
		t.Fatalf("after rebuilding the digests:\n%s\nwant\n%s", got, want)
	}

	// Stale (an older version without its weeks), of an older shape, and left
	// over (no record).
	p1 := f.pl["P1"].ID
	_, err = digests.UpdateOne(ctx, bson.D{{Key: "_id", Value: p1}}, bson.D{{Key: "$set", Value: bson.D{{Key: "version", Value: 1}, {Key: "weeks", Value: bson.A{}}}}})
	must(t, err)
	_, err = digests.UpdateOne(ctx, bson.D{{Key: "_id", Value: f.pl["P3"].ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "shape", Value: 1}, {Key: "kind", Value: "cognitive"}}}})
	must(t, err)
	must(t, digests.InsertOne(ctx, bson.D{{Key: "_id", Value: bson.NewObjectID()}, {Key: "version", Value: 3}, {Key: "shape", Value: 2}, {Key: "schoolId", Value: f.schoolA},
		{Key: "status", Value: "active"}, {Key: "kind", Value: "position"}}))
	if summary() == want {
		t.Fatal("figures unchanged by a stale, an old-shaped and a left-over digest")
	}
	check(3)
	if got := summary(); got != want {
		t.Fatalf("after repairing the digests:\n%s\nwant\n%s", got, want)
	}
}

// TestPutNewerKeepsTheNewest: a digest written late for an older version never
// replaces a newer one.
func TestPutNewerKeepsTheNewest(t *testing.T) {
	f := newFigureFixture(t)
	ctx := context.Background()
	c := f.st.Collection("digest_race")
	id := bson.NewObjectID()
	for _, v := range []int64{2, 1, 3, 3} {
		must(t, c.PutNewer(ctx, id, v, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: v}, {Key: "note", Value: fmt.Sprint("v", v)}}))
	}
	var got struct {
		Version int64  `bson:"version"`
		Note    string `bson:"note"`
	}
	must(t, c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &got))
	if got.Version != 3 || got.Note != "v3" {
		t.Fatalf("got %+v, want version 3", got)
	}
	must(t, c.PutNewer(ctx, id, 2, bson.D{{Key: "_id", Value: id}, {Key: "version", Value: 2}, {Key: "note", Value: "late"}}))
	must(t, c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, &got))
	if got.Note != "v3" {
		t.Fatalf("an older write replaced the newest: %+v", got)
	}
}
