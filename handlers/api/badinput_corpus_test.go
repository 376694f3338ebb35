package api_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// The bad-input corpus: for one write route, every request below is the route's
// valid request with one thing wrong (or no request body a route could read),
// and each must be refused. TestBadInput sends it.

// badRequest is one request of the corpus: a name saying what is wrong, the
// body (a string is sent as is, anything else as JSON) and the status it must
// get; 0 accepts any refusal of the input (refusedStatus).
type badRequest struct {
	name string
	body any
	want int
}

// refusedStatus are the statuses a refusal of bad input may have: malformed
// (400), stale version (409), too large (413), invalid (422).
var refusedStatus = map[int]bool{400: true, 409: true, 413: true, 422: true}

// Values the corpus puts where a valid one was.
var (
	overlong = strings.Repeat("长", 10000)
	controls = "\x00\x07\x1b[2J\x7f\u0085"
	datePat  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// malformed are bodies no route can read as a JSON object, sent to every
// route: 400.
var malformed = []badRequest{
	{"malformed JSON: truncated", `{"name":`, 400},
	{"malformed JSON: trailing garbage", `{} {"a":1}`, 400},
	{"malformed JSON: single quotes", `{'name': 'x'}`, 400},
	{"malformed JSON: not UTF-8", "\xff\xfe{\x00}", 400},
	{"not an object: array", `[{"name":"x"}]`, 400},
	{"not an object: string", `"x"`, 400},
	{"not an object: number", `1`, 400},
	{"not an object: null", `null`, 400},
	{"form-encoded", `name=x&version=1`, 400},
	{"operator query: $where", `{"$where": "function() { return true }"}`, 0},
	{"operator update: $set", `{"$set": {"version": 1}}`, 0},
}

// bodyCorpus is malformed plus what can go wrong in base, the route's valid
// body: missing fields, unknown and system fields, operator objects at the top
// and inside, and for every field a wrong type and an operator object instead
// of its value; for text an overlong value and control characters, for dates
// impossible ones, for ID numbers and credit codes a wrong check character. A
// versioned body also gets a missing, stale and mistyped version.
func bodyCorpus(base map[string]any, skip map[string]string) []badRequest {
	out := append([]badRequest(nil), malformed...)
	add := func(name string, body any, want int) {
		if _, ok := skip[name]; !ok {
			out = append(out, badRequest{name, body, want})
		}
	}
	add("missing required fields: {}", map[string]any{}, 0)
	add("unknown field", with1(base, []any{"unknownField"}, "x"), 422)
	add("system fields", with1(with1(base, []any{"id"}, "0123456789abcdef01234567"), []any{"createdAt"}, "2025-01-01T00:00:00Z"), 422)
	add("$-key beside the fields: $set", with1(base, []any{"$set"}, map[string]any{"version": 1}), 422)
	add("everything under $set", map[string]any{"$set": base}, 422)
	if v, ok := base["version"].(int64); ok {
		add("version missing", without(base, "version"), 422)
		add("version stale", with1(base, []any{"version"}, v+100), 409)
		add("version as string", with1(base, []any{"version"}, fmt.Sprint(v)), 422)
		add("version operator", with1(base, []any{"version"}, map[string]any{"$gt": 0}), 422)
	}
	walk(base, nil, func(path []any, v any) {
		if len(path) == 1 && path[0] == "version" {
			return
		}
		at := pathName(path)
		add(at+": wrong type", with1(base, path, wrongType(v)), 0)
		add(at+": operator object", with1(base, path, map[string]any{"$gt": ""}), 0)
		switch s := v.(type) {
		case string:
			add(at+": overlong", with1(base, path, overlong), 0)
			add(at+": control characters", with1(base, path, s+controls), 0)
			if datePat.MatchString(s) {
				add(at+": 2025-02-30", with1(base, path, "2025-02-30"), 0)
				add(at+": 2025-13-01", with1(base, path, "2025-13-01"), 0)
			}
			if key := path[len(path)-1]; (key == "idNumber" || key == "creditCode") && len(s) == 18 {
				add(at+": wrong check character", with1(base, path, s[:17]+otherCheck(s[17])), 0)
			}
		case map[string]any:
			add(at+": unknown field inside", with1(base, append(append([]any{}, path...), "$where"), "1"), 0)
		case []any:
			if len(s) > 0 {
				add(at+": element of wrong type", with1(base, path, []any{wrongType(s[0])}), 0)
			}
		}
	})
	return out
}

// noBodyCorpus is what is sent to a route that takes no body: malformed bodies
// and any object with a field.
func noBodyCorpus() []badRequest {
	return append(append([]badRequest(nil), malformed...),
		badRequest{"a field", map[string]any{"version": 1}, 400},
		badRequest{"an operator", map[string]any{"$set": map[string]any{"disabled": false}}, 400},
	)
}

// walk calls fn with the path of every value in v: the fields of objects and
// the first element of arrays, down to three levels.
func walk(v any, path []any, fn func(path []any, v any)) {
	if len(path) > 0 {
		fn(path, v)
	}
	if len(path) == 3 {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(x[k], append(append([]any{}, path...), k), fn)
		}
	case []any:
		if len(x) > 0 {
			walk(x[0], append(append([]any{}, path...), 0), fn)
		}
	}
}

func pathName(path []any) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ".")
}

// wrongType is a value of another JSON type than v.
func wrongType(v any) any {
	switch v.(type) {
	case string:
		return 12345
	case bool:
		return "true"
	case []any:
		return "x"
	case map[string]any:
		return []any{"x"}
	case nil:
		return []any{}
	}
	return "12" // a number
}

// otherCheck is another check character than c.
func otherCheck(c byte) string {
	if c == '1' {
		return "2"
	}
	return "1"
}

// plain turns a body into plain JSON values (map[string]any, []any, float64
// as int64 when whole), so that the corpus can walk and change it.
func plain(body map[string]any) map[string]any {
	raw, err := json.Marshal(body)
	if err != nil {
		panic(err)
	}
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	var out map[string]any
	if err := d.Decode(&out); err != nil {
		panic(err)
	}
	return wholeNumbers(out).(map[string]any)
}

func wholeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = wholeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = wholeNumbers(e)
		}
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

// with1 is a deep copy of base with the value at path set to v.
func with1(base map[string]any, path []any, v any) map[string]any {
	out := deepCopy(base).(map[string]any)
	var cur any = out
	for i, p := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[p.(string)] = v
			} else {
				cur = c[p.(string)]
			}
		case []any:
			if last {
				c[p.(int)] = v
			} else {
				cur = c[p.(int)]
			}
		}
	}
	return out
}

func without(base map[string]any, key string) map[string]any {
	out := deepCopy(base).(map[string]any)
	delete(out, key)
	return out
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}
