package sheets

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// area is one record area as the sheets see it. It is built per request: it
// holds the existing records loaded for one Parse.
type area interface {
	// load reads the records already in the import's scope, once per Parse.
	load(ctx context.Context) error
	// owner returns the natural key of the loaded record whose unique field has
	// value, or "".
	owner(field, value string) string
	// check matches row to a loaded record (setting Action, ID and Version) and
	// validates it through the service in a dry run. nil or records.ErrDryRun
	// means the row is good.
	check(ctx context.Context, row *Row) error
	// save creates or updates row through the service and returns what it did.
	save(ctx context.Context, row Row) (string, error)
	// each calls fn with every record the list filter shows, as a JSON map.
	each(ctx context.Context, filter any, fn func(map[string]any) error) error
}

// binding implements area for records R with writable fields F.
type binding[F any, R any, P interface {
	*R
	M() *models.Meta
}] struct {
	spec   *kindSpec
	school *string // school of an import, passed to the service; nil for enterprises
	scoped any     // list filter of the import's scope
	// all calls fn with every record the list filter shows, through the service's
	// Each method: scope and masking are the service's, and it is one query.
	all    func(ctx context.Context, filter any, fn func(P) error) error
	key    func(P) string
	apply  func(P, F) // F.Apply, for the unchanged check
	create func(ctx context.Context, f F) error
	update func(ctx context.Context, id bson.ObjectID, f F) error
	set    func(f *F, version *int64, school *string)

	byKey  map[string]P
	owners map[string]map[string]string // unique field -> value -> natural key
}

func (b *binding[F, R, P]) load(ctx context.Context) error {
	b.byKey = map[string]P{}
	b.owners = map[string]map[string]string{}
	for _, u := range b.spec.unique {
		b.owners[u] = map[string]string{}
	}
	return b.all(ctx, b.scoped, func(rec P) error {
		k := b.key(rec)
		b.byKey[k] = rec
		if len(b.spec.unique) == 0 {
			return nil
		}
		m, err := asMap(rec)
		if err != nil {
			return err
		}
		for _, u := range b.spec.unique {
			if v, _ := m[u].(string); v != "" {
				b.owners[u][v] = k
			}
		}
		return nil
	})
}

func (b *binding[F, R, P]) owner(field, value string) string { return b.owners[field][value] }

func (b *binding[F, R, P]) check(ctx context.Context, row *Row) error {
	f, err := decode[F](row.Fields)
	if err != nil {
		return err
	}
	dry := records.DryRun(ctx)
	rec, ok := b.byKey[row.Key]
	if !ok || row.Key == "" {
		row.Action = ActionCreate
		b.set(&f, nil, b.school)
		return b.create(dry, f)
	}
	m := rec.M()
	row.ID, row.Version, row.Action = m.ID.Hex(), m.Version, ActionUpdate
	if b.same(rec, f) {
		// Nothing will be written, so there is nothing to validate.
		row.Action = ActionUnchanged
		return nil
	}
	v := m.Version
	b.set(&f, &v, b.school)
	return b.update(dry, m.ID, f)
}

// same reports whether applying f to rec would change nothing.
func (b *binding[F, R, P]) same(rec P, f F) bool {
	after := P(new(R))
	*after = *rec
	b.apply(after, f)
	return reflect.DeepEqual(*after, *rec)
}

func (b *binding[F, R, P]) save(ctx context.Context, row Row) (string, error) {
	f, err := decode[F](row.Fields)
	if err != nil {
		return "", err
	}
	switch row.Action {
	case ActionUnchanged:
		return ActionUnchanged, nil
	case ActionUpdate:
		id, err := models.ParseID(row.ID)
		if err != nil {
			return "", err
		}
		v := row.Version
		b.set(&f, &v, b.school)
		return ActionUpdate, b.update(ctx, id, f)
	}
	b.set(&f, nil, b.school)
	return ActionCreate, b.create(ctx, f)
}

func (b *binding[F, R, P]) each(ctx context.Context, filter any, fn func(map[string]any) error) error {
	return b.all(ctx, filter, func(rec P) error {
		m, err := asMap(rec)
		if err != nil {
			return err
		}
		return fn(m)
	})
}

// eachOf adapts a service's Each method to a list filter given as any (see
// filterAs).
func eachOf[T any, P any](each func(context.Context, T, func(P) error) error) func(context.Context, any, func(P) error) error {
	return func(ctx context.Context, filter any, fn func(P) error) error {
		f, err := filterAs[T](filter)
		if err != nil {
			return err
		}
		return each(ctx, f, fn)
	}
}

// decode turns a row's field map into the service's *Fields struct.
func decode[F any](fields map[string]any) (F, error) {
	var f F
	b, err := json.Marshal(fields)
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	if err != nil {
		return f, fmt.Errorf("sheets: fields: %w", models.BadRequest("预览数据格式不正确"))
	}
	return f, nil
}

// asMap renders a record as its JSON object, so columns can be read by JSON name.
func asMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("sheets: record: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("sheets: record: %w", err)
	}
	return m, nil
}

// filterAs returns filter as T: nil is the zero filter, T or *T is taken as is.
func filterAs[T any](filter any) (T, error) {
	var zero T
	switch f := filter.(type) {
	case nil:
		return zero, nil
	case T:
		return f, nil
	case *T:
		if f != nil {
			return *f, nil
		}
		return zero, nil
	}
	return zero, fmt.Errorf("sheets: filter of type %T, want %T", filter, zero)
}
