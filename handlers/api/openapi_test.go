package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/luban"
	"github.com/chanjiao/chanjiao/services/practice"
	"github.com/chanjiao/chanjiao/services/report"
)

// openAPIMethods are the path-item keys of OpenAPI 3.0 that are operations; the
// others ("parameters", "summary", "description", "servers", "$ref") are not.
var openAPIMethods = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true,
	"options": true, "head": true, "patch": true, "trace": true,
}

// routeMethods are the methods the route table is compared on. HEAD is left out:
// Fiber registers a HEAD route for every GET by itself.
var routeMethods = map[string]bool{
	fiber.MethodGet: true, fiber.MethodPost: true, fiber.MethodPut: true,
	fiber.MethodPatch: true, fiber.MethodDelete: true,
}

var fiberParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// openAPIDoc is the part of the document the tests read.
type openAPIDoc struct {
	OpenAPI    string                                `json:"openapi"`
	Security   []map[string][]string                 `json:"security"`
	Paths      map[string]map[string]json.RawMessage `json:"paths"`
	Components struct {
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
		Schemas         map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Summary     string                     `json:"summary"`
	Tags        []string                   `json:"tags"`
	Security    *[]map[string][]string     `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
}

func parseOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}
	return doc
}

// documentedOperations returns "METHOD /path" -> operation for every operation.
func documentedOperations(t *testing.T, doc openAPIDoc) map[string]openAPIOperation {
	t.Helper()
	ops := map[string]openAPIOperation{}
	for path, item := range doc.Paths {
		for key, raw := range item {
			if !openAPIMethods[key] {
				continue
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", strings.ToUpper(key), path, err)
			}
			ops[strings.ToUpper(key)+" "+path] = op
		}
	}
	return ops
}

// registeredRoutes builds the route table without a database and returns
// "METHOD /path" (path in OpenAPI form) -> handler function name. Middleware added
// with Use shows up in GetRoutes under every method with the group's path
// ("/api/v1"); those entries are dropped both by GetRoutes(true) and by the path
// filter below, so that only routes with a real handler remain.
func registeredRoutes(t *testing.T) map[string]string {
	t.Helper()
	h := &Handler{}
	app := fiber.New()
	h.Register(app)
	routes := map[string]string{}
	for _, r := range app.GetRoutes(true) {
		if !routeMethods[r.Method] || r.Path == "/" || r.Path == "/api/v1" || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		if len(r.Handlers) == 0 {
			t.Fatalf("%s %s has no handler", r.Method, r.Path)
		}
		key := r.Method + " " + fiberParam.ReplaceAllString(r.Path, "{$1}")
		routes[key] = handlerName(r.Handlers[len(r.Handlers)-1])
	}
	if len(routes) == 0 {
		t.Fatal("Register mounted no routes")
	}
	return routes
}

// handlerName returns a method value's method name: h.listStudents is compiled to
// "…/handlers/api.(*Handler).listStudents-fm".
func handlerName(fn fiber.Handler) string {
	name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	name = strings.TrimSuffix(name, "-fm")
	return name[strings.LastIndex(name, ".")+1:]
}

// TestOpenAPIMatchesRoutes keeps openapi.json and the route table of Register in
// step: every route is documented and every documented operation is routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := parseOpenAPI(t)
	ops := documentedOperations(t, doc)
	routes := registeredRoutes(t)

	var missingFromDoc, missingFromRoutes []string
	for key := range routes {
		if _, ok := ops[key]; !ok {
			missingFromDoc = append(missingFromDoc, key)
		}
	}
	for key := range ops {
		if _, ok := routes[key]; !ok {
			missingFromRoutes = append(missingFromRoutes, key)
		}
	}
	sort.Strings(missingFromDoc)
	sort.Strings(missingFromRoutes)
	if len(missingFromDoc) > 0 {
		t.Errorf("routes registered in Register but missing from openapi.json:\n  %s", strings.Join(missingFromDoc, "\n  "))
	}
	if len(missingFromRoutes) > 0 {
		t.Errorf("operations in openapi.json that Register does not route:\n  %s", strings.Join(missingFromRoutes, "\n  "))
	}

	// operationId names the handler method, so a reader can go from one to the other.
	keys := make([]string, 0, len(routes))
	for key := range routes {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		if op, ok := ops[key]; ok && op.OperationID != routes[key] {
			t.Errorf("%s: operationId %q, but the route's handler is %q", key, op.OperationID, routes[key])
		}
	}
}

// TestOpenAPIDocument checks the document's own consistency.
func TestOpenAPIDocument(t *testing.T) {
	doc := parseOpenAPI(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if len(doc.Paths) == 0 {
		t.Fatal("openapi.json has no paths")
	}
	if _, ok := doc.Components.SecuritySchemes["bearerAuth"]; !ok {
		t.Error("components.securitySchemes.bearerAuth is missing")
	}
	if len(doc.Security) != 1 || doc.Security[0]["bearerAuth"] == nil {
		t.Errorf("global security = %v, want [{bearerAuth: []}]", doc.Security)
	}
	for _, name := range []string{"School", "Major", "Student", "Teacher", "Enterprise", "User", "AuditEntry",
		"Change", "LoginRequest", "LoginResult", "Error", "SchoolPage", "MajorPage", "StudentPage",
		"TeacherPage", "EnterprisePage", "UserPage", "AuditEntryPage",
		"CertEntry", "CertEntryFields", "CertEntryPage", "Pilot", "PilotFields", "PilotPage", "Batch", "Candidate",
		"BatchFields", "BatchPage", "Registration", "ResultFields", "Training", "TrainingFields", "TrainingPage",
		"FigureReport", "Figure", "FigureRecords", "FigureRef",
		"PersonRef", "Programme", "ProgrammeFields", "ProgrammePatch", "ProgrammePage", "Contract", "ContractFields",
		"ContractPatch", "ContractPage", "OrderClass", "OrderMember", "OrderHire", "OrderClassFields", "OrderClassPatch",
		"OrderClassPage", "MemberInput", "HireInput"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}

	ops := documentedOperations(t, doc)
	public := map[string]bool{
		"POST /api/v1/auth/login": true, "GET /api/v1/openapi.json": true,
		"GET /healthz": true, "GET /readyz": true,
	}
	seen := map[string]string{}
	keys := make([]string, 0, len(ops))
	for key := range ops {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		op := ops[key]
		switch {
		case op.OperationID == "":
			t.Errorf("%s has no operationId", key)
		case seen[op.OperationID] != "":
			t.Errorf("operationId %q is used by both %s and %s", op.OperationID, seen[op.OperationID], key)
		default:
			seen[op.OperationID] = key
		}
		if op.Summary == "" {
			t.Errorf("%s has no summary", key)
		}
		if len(op.Tags) == 0 {
			t.Errorf("%s has no tags", key)
		}
		success := false
		for code := range op.Responses {
			if strings.HasPrefix(code, "2") {
				success = true
			}
		}
		if !success {
			t.Errorf("%s documents no 2xx response", key)
		}
		isPublic := op.Security != nil && len(*op.Security) == 0
		if isPublic != public[key] {
			t.Errorf("%s: public (security: []) = %v, want %v", key, isPublic, public[key])
		}
	}

	// Every path template parameter is declared as a path parameter.
	for path, item := range doc.Paths {
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1) {
			if !declaresPathParam(t, item, m[1]) {
				t.Errorf("%s: path parameter %q is not declared", path, m[1])
			}
		}
	}

	// Every $ref resolves inside the document.
	var root any
	if err := json.Unmarshal(OpenAPI, &root); err != nil {
		t.Fatal(err)
	}
	for _, r := range collectRefs(root, "#", nil) {
		if !strings.HasPrefix(r.ref, "#/components/") {
			t.Errorf("%s: $ref %q does not point into components", r.at, r.ref)
			continue
		}
		if _, err := resolvePointer(root, strings.TrimPrefix(r.ref, "#")); err != nil {
			t.Errorf("%s: $ref %q does not resolve: %v", r.at, r.ref, err)
		}
	}
}

// declaresPathParam reports whether a path item, or every operation in it, declares
// the path parameter name (directly or through a $ref).
func declaresPathParam(t *testing.T, item map[string]json.RawMessage, name string) bool {
	t.Helper()
	var root any
	if err := json.Unmarshal(OpenAPI, &root); err != nil {
		t.Fatal(err)
	}
	declared := func(raw json.RawMessage) bool {
		var params []map[string]any
		if len(raw) == 0 || json.Unmarshal(raw, &params) != nil {
			return false
		}
		for _, p := range params {
			if ref, ok := p["$ref"].(string); ok {
				v, err := resolvePointer(root, strings.TrimPrefix(ref, "#"))
				if err != nil {
					continue
				}
				p, _ = v.(map[string]any)
			}
			if p["in"] == "path" && p["name"] == name && p["required"] == true {
				return true
			}
		}
		return false
	}
	if declared(item["parameters"]) {
		return true
	}
	hasOps := false
	for key, raw := range item {
		if !openAPIMethods[key] {
			continue
		}
		hasOps = true
		var op struct {
			Parameters json.RawMessage `json:"parameters"`
		}
		if json.Unmarshal(raw, &op) != nil || !declared(op.Parameters) {
			return false
		}
	}
	return hasOps
}

type refAt struct{ at, ref string }

// collectRefs walks v and returns every "$ref" with the JSON pointer where it sits.
func collectRefs(v any, at string, out []refAt) []refAt {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if s, ok := x[k].(string); ok && k == "$ref" {
				out = append(out, refAt{at, s})
				continue
			}
			out = collectRefs(x[k], at+"/"+escapePointer(k), out)
		}
	case []any:
		for i, e := range x {
			out = collectRefs(e, fmt.Sprintf("%s/%d", at, i), out)
		}
	}
	return out
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// resolvePointer follows a JSON pointer (RFC 6901) such as "/components/schemas/Error".
func resolvePointer(root any, pointer string) (any, error) {
	if pointer == "" {
		return root, nil
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, fmt.Errorf("not a JSON pointer")
	}
	cur := root
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("no %q", tok)
		}
	}
	return cur, nil
}

// TestOpenAPISchemasMatchModels keeps the cohorts' schemas and their Go types
// in step: a schema lists exactly the JSON fields its type reads or writes.
func TestOpenAPISchemasMatchModels(t *testing.T) {
	doc := parseOpenAPI(t)
	for name, v := range map[string]any{
		"Programme": models.Programme{}, "ProgrammeFields": models.ProgrammeFields{},
		"Contract": models.Contract{}, "ContractFields": models.ContractFields{}, "PersonRef": models.PersonRef{},
		"OrderClass": models.OrderClass{}, "OrderClassFields": models.OrderClassFields{},
		"OrderMember": models.OrderMember{}, "OrderHire": models.OrderHire{},
		"MemberInput": models.MemberInput{}, "HireInput": models.HireInput{},
		"Practice": models.Practice{}, "PracticeFields": models.PracticeFields{}, "PracticeDecision": models.PracticeDecision{},
		"StaffRef": models.StaffRef{}, "PracticeDecisionRequest": practice.Decision{}, "Requirement": practice.Requirement{},
		"StandingPeriod": practice.Inside{}, "TeacherStanding": practice.TeacherStanding{}, "WarningList": practice.WarningList{},
		"Recognition": models.Recognition{}, "RecognitionFields": models.RecognitionFields{},
		"Workshop": models.Workshop{}, "WorkshopFields": models.WorkshopFields{}, "ChineseInstitution": models.ChineseInstitution{},
		"WorkshopStatusChange": models.WorkshopStatusChange{}, "Activity": models.Activity{}, "ActivityFields": models.ActivityFields{},
		"Dispatch": models.Dispatch{}, "DispatchField": models.DispatchField{}, "WorkshopSummary": luban.Summary{}, "SummaryLine": luban.SummaryLine{},
		"Snapshot": models.Snapshot{}, "FrozenFigure": models.FrozenFigure{}, "FrozenValue": models.FrozenValue{}, "FrozenPart": models.FrozenPart{},
		"FrozenRef": models.FrozenRef{}, "Signature": models.Signature{}, "PrepareSnapshot": models.PrepareSnapshot{}, "SnapshotDecision": models.SnapshotDecision{},
		"AnnualReport": report.Annual{}, "ReportTable": report.Table{}, "MissingRow": report.MissingRow{}, "SnapshotRecords": SnapshotRecords{},
		"Drift": report.Drift{}, "FigureDrift": report.FigureDrift{}, "DriftRecord": report.DriftRecord{}, "Verification": report.Verification{},
	} {
		var schema struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(doc.Components.Schemas[name], &schema); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for p := range schema.Properties {
			got = append(got, p)
		}
		want := jsonNames(reflect.TypeOf(v))
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("components.schemas.%s has properties %v, the Go type %v", name, got, want)
		}
	}
	for _, name := range []string{"PracticePatch", "PracticePage", "RecognitionPatch", "RecognitionPage", "WorkshopPatch", "WorkshopPage", "ActivityPatch", "ActivityPage"} {
		if _, ok := doc.Components.Schemas[name]; !ok {
			t.Errorf("components.schemas.%s is missing", name)
		}
	}
}

// jsonNames lists the JSON names of a struct's fields, those of inlined
// (embedded, untagged) structs included.
func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			out = append(out, jsonNames(f.Type)...)
			continue
		}
		if name := strings.Split(tag, ",")[0]; name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}
