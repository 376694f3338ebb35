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
	if q := strings.TrimSpace(p.Q); q != "" && len(search) > 0 {
		filter = append(filter, SearchFilter(q, search))
	}
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
