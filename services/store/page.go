package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/chanjiao/chanjiao/models"
)

// FindPage returns one page of documents matching filter. sortable maps the API's
// sort names to stored fields; search lists the fields q is matched against,
// literally and case-insensitively (escaped, never a pattern or an operator).
func FindPage[T any](ctx context.Context, c *Collection, filter bson.D, p models.ListParams, sortable map[string]string, search []string) (models.Page[T], error) {
	p.Normalize()
	out := models.Page[T]{Items: []T{}, Page: p.Page, PageSize: p.PageSize}
	order, err := SortSpec(p.Sort, sortable)
	if err != nil {
		return out, err
	}
	filter = withSearch(filter, p.Q, search)
	// The count and the page are two scans on the embedded store; run them side by
	// side on the read pool instead of one after the other.
	counted := make(chan error, 1)
	go func() {
		n, err := c.Count(ctx, filter)
		out.Total = n
		counted <- err
	}()
	opts := options.Find().SetSort(order).SetSkip(int64((p.Page - 1) * p.PageSize)).SetLimit(int64(p.PageSize))
	cur, err := c.Find(ctx, filter, opts)
	if err == nil {
		err = cur.All(ctx, &out.Items)
	}
	if cerr := <-counted; cerr != nil {
		return out, fmt.Errorf("store: count: %w", cerr)
	}
	if err != nil {
		return out, fmt.Errorf("store: find: %w", err)
	}
	return out, nil
}

// Each calls fn with every document FindPage would list for filter and p, in the
// same order, ignoring paging. It reads them through one cursor, one query however
// many there are (a page at a time would be a sorted count and find per page,
// each a scan of the collection on the embedded store), and decodes one document
// at a time, so memory stays flat. An error from fn stops it and is returned as is.
func Each[T any](ctx context.Context, c *Collection, filter bson.D, p models.ListParams, sortable map[string]string, search []string, fn func(*T) error) error {
	order, err := SortSpec(p.Sort, sortable)
	if err != nil {
		return err
	}
	cur, err := c.Find(ctx, withSearch(filter, p.Q, search), options.Find().SetSort(order))
	if err != nil {
		return fmt.Errorf("store: find: %w", err)
	}
	defer cur.Close(context.WithoutCancel(ctx))
	for cur.Next(ctx) {
		v := new(T)
		if err := cur.Decode(v); err != nil {
			return fmt.Errorf("store: decode: %w", err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("store: find: %w", err)
	}
	return nil
}

// withSearch adds the search for q to filter when q and search are not empty.
func withSearch(filter bson.D, q string, search []string) bson.D {
	if q = strings.TrimSpace(q); q != "" && len(search) > 0 {
		return append(filter, SearchFilter(q, search))
	}
	return filter
}

// SortSpec turns "name" or "-name" into a sort document, with _id last so that pages
// are stable. An unknown name is a validation error naming "sort".
func SortSpec(s string, sortable map[string]string) (bson.D, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return bson.D{{Key: "_id", Value: 1}}, nil
	}
	dir := 1
	if strings.HasPrefix(s, "-") {
		dir, s = -1, s[1:]
	}
	field, ok := sortable[s]
	if !ok {
		names := make([]string, 0, len(sortable))
		for k := range sortable {
			names = append(names, k)
		}
		return nil, models.Invalid("sort", "不支持按此字段排序，可用："+strings.Join(sortedStrings(names), "、"))
	}
	return bson.D{{Key: field, Value: dir}, {Key: "_id", Value: dir}}, nil
}

// SearchFilter matches q literally, case-insensitively, in any of fields.
func SearchFilter(q string, fields []string) bson.E {
	pattern := regexp.QuoteMeta(q)
	or := bson.A{}
	for _, f := range fields {
		or = append(or, bson.D{{Key: f, Value: bson.D{{Key: "$regex", Value: pattern}, {Key: "$options", Value: "i"}}}})
	}
	return bson.E{Key: "$or", Value: or}
}

func sortedStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}
