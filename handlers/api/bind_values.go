package api

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/chanjiao/chanjiao/models"
)

// The shape checks bind makes inside a field's value, after it decoded: keys
// of nested objects that the target struct does not have, keys of free-form
// objects (maps) that the store would read as operators, and text with control
// characters. Each is named by its path, as the validator names nested fields
// ("post.name", "weeks[0].hours").

const (
	msgControl  = "含有不可见的控制字符，请删除后重新提交"
	msgDollar   = "字段名不能以$开头"
	msgNotField = "不支持的字段"
)

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkValue checks raw, the JSON of a value decoded into type t, at path.
// A value whose JSON kind does not fit t was already reported as mistyped.
func checkValue(t reflect.Type, raw json.RawMessage, path string, errs *models.ValidationError) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil && hasControl(s) {
			errs.Add(path, msgControl)
		}
	case '{':
		checkObject(t, raw, path, errs)
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return
		}
		elem := t
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			elem = t.Elem()
		}
		for i, item := range items {
			checkValue(elem, item, path+"["+strconv.Itoa(i)+"]", errs)
		}
	}
}

// checkObject checks an object's keys against struct t's JSON fields, or, for
// a map or a free-form value, that no key starts with $.
func checkObject(t reflect.Type, raw json.RawMessage, path string, errs *models.ValidationError) {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	switch {
	case t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType):
		fields := jsonFieldTypes(t)
		for _, k := range keys {
			if ft, ok := fields[k]; ok {
				checkValue(ft, obj[k], path+"."+k, errs)
			} else {
				errs.Add(path+"."+k, msgNotField)
			}
		}
	case t.Kind() == reflect.Map || t.Kind() == reflect.Interface:
		elem := t
		if t.Kind() == reflect.Map {
			elem = t.Elem()
		}
		for _, k := range keys {
			if strings.HasPrefix(k, "$") {
				errs.Add(path+"."+k, msgDollar)
				continue
			}
			checkValue(elem, obj[k], path+"."+k, errs)
		}
	}
}

// hasControl reports text with a control character other than tab and line
// breaks (C0, DEL, C1): nothing a user types, and bytes that break logs,
// exports and terminals.
func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}

// jsonFieldTypes maps the JSON names of struct t's fields to their types, with
// the fields of embedded structs that have no JSON name of their own, as
// encoding/json promotes them.
func jsonFieldTypes(t reflect.Type) map[string]reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	out := map[string]reflect.Type{}
	if t.Kind() != reflect.Struct {
		return out
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		switch {
		case name == "-":
		case name == "" && f.Anonymous:
			for k, v := range jsonFieldTypes(f.Type) {
				if _, ok := out[k]; !ok {
					out[k] = v
				}
			}
		case name != "":
			out[name] = f.Type
		}
	}
	return out
}
