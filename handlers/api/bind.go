package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/records"
)

// bind decodes a JSON object body into v. Malformed JSON, and a body that is not
// an object (null included), is a 400. Fields that may not be written, also
// inside objects (encoding/json would drop them silently: {"site": {"$gt": ""}}
// would read as an empty site), values of the wrong type and text with control
// characters are a 422 naming every such field, so nothing is written when a
// client sends, say, a derived field.
func bind(c *fiber.Ctx, v any) error {
	raw, err := bodyObject(c)
	if err != nil {
		return err
	}
	if raw == nil {
		return models.BadRequest("请求体不能为空，须为JSON对象")
	}
	var errs models.ValidationError
	fields := jsonFieldTypes(reflect.TypeOf(v))
	for k := range raw {
		if _, ok := fields[k]; !ok {
			errs.Add(k, unknownFieldMessage(k))
		}
	}
	// encoding/json keeps decoding after a type error and reports the first one; the
	// loop decodes field by field so that every mistyped field is named.
	for k, msg := range raw {
		t, ok := fields[k]
		if !ok {
			continue
		}
		one, _ := json.Marshal(map[string]json.RawMessage{k: msg})
		var te *json.UnmarshalTypeError
		if err := json.Unmarshal(one, v); errors.As(err, &te) {
			errs.Add(k, "类型不正确，应为"+jsonTypeName(te.Type.String()))
		} else if err != nil {
			errs.Add(k, "格式不正确")
		} else {
			checkValue(t, msg, k, &errs)
		}
	}
	return errs.Err()
}

// bodyObject reads the body as a JSON object: nil for an empty body, a 400 for
// anything else that is not an object.
func bodyObject(c *fiber.Ctx) (map[string]json.RawMessage, error) {
	body := bytes.TrimSpace(c.Body())
	if len(body) == 0 {
		return nil, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, models.BadRequest("请求体须为有效的JSON对象：" + err.Error())
	}
	if raw == nil { // null
		return nil, models.BadRequest("请求体须为JSON对象，不能为null")
	}
	return raw, nil
}

// noBody refuses a body on a route that takes none (a delete, an action without
// fields) with a 400: whatever the client meant by it, the route would not do
// it. No body, or an empty object, is fine.
func noBody(c *fiber.Ctx) error {
	raw, err := bodyObject(c)
	if err != nil || len(raw) == 0 {
		return err
	}
	return models.BadRequest("该接口不接受请求体，请勿提交数据")
}

// jsonFields lists the JSON names of a struct's fields.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for name := range jsonFieldTypes(t) {
		out[name] = true
	}
	return out
}

func unknownFieldMessage(field string) string {
	switch field {
	case "sex", "birthDate":
		return "性别和出生日期由身份证号自动推导，不能单独填写"
	case "id", "createdAt", "updatedAt", "createdBy", "updatedBy":
		return "该字段由系统维护，不能填写"
	}
	return "不支持的字段"
}

func jsonTypeName(goType string) string {
	switch {
	case strings.Contains(goType, "int"):
		return "整数"
	case strings.Contains(goType, "bool"):
		return "true或false"
	case strings.Contains(goType, "[]"):
		return "数组"
	}
	return "字符串"
}

// pathID parses the :id path parameter.
func pathID(c *fiber.Ctx) (bson.ObjectID, error) { return models.ParseID(c.Params("id")) }

// listParams reads ?page=&pageSize=&sort=&q=.
func listParams(c *fiber.Ctx) (models.ListParams, error) {
	var errs models.ValidationError
	p := models.ListParams{Sort: c.Query("sort"), Q: c.Query("q")}
	p.Page = queryInt(c, "page", &errs)
	p.PageSize = queryInt(c, "pageSize", &errs)
	if p.PageSize > models.MaxPageSize {
		errs.Add("pageSize", "每页条数不能超过"+strconv.Itoa(models.MaxPageSize))
	}
	if len([]rune(p.Q)) > 100 {
		errs.Add("q", "搜索内容不能超过100个字符")
	}
	return p, errs.Err()
}

// queryInt reads an optional positive integer query parameter.
func queryInt(c *fiber.Ctx, name string, errs *models.ValidationError) int {
	s := c.Query(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		errs.Add(name, "须为正整数")
		return 0
	}
	return n
}

// created answers 201 with the new record.
func created(c *fiber.Ctx, v any) error { return c.Status(fiber.StatusCreated).JSON(v) }

// render answers 200 with v, or the error.
func render(c *fiber.Ctx, v any, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(v)
}

// deleted parses :id, refuses a body, calls del and answers 204.
func deleted(c *fiber.Ctx, del func(ctx context.Context, id bson.ObjectID) error) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := noBody(c); err != nil {
		return err
	}
	if err := del(c.UserContext(), id); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// fetched parses :id, calls get and renders the record.
func fetched[T any](c *fiber.Ctx, get func(ctx context.Context, id bson.ObjectID) (T, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := get(c.UserContext(), id)
	return render(c, v, err)
}

// boundCall binds a body of F and calls call with it; a body refused for its
// shape is answered with every failing field named (withServiceErrors).
func boundCall[F, T any](c *fiber.Ctx, call func(ctx context.Context, f F) (T, error)) (T, error) {
	var f F
	if bindErr := bind(c, &f); bindErr != nil {
		var zero T
		return zero, withServiceErrors(c, bindErr, func(ctx context.Context) error { _, err := call(ctx, f); return err })
	}
	return call(c.UserContext(), f)
}

// createdFrom binds a body of F, calls create and answers 201.
func createdFrom[F, T any](c *fiber.Ctx, create func(ctx context.Context, f F) (T, error)) error {
	v, err := boundCall(c, create)
	if err != nil {
		return err
	}
	return created(c, v)
}

// updatedFrom parses :id, binds a body of F, calls update and renders the record.
func updatedFrom[F, T any](c *fiber.Ctx, update func(ctx context.Context, id bson.ObjectID, f F) (T, error)) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	v, err := boundCall(c, func(ctx context.Context, f F) (T, error) { return update(ctx, id, f) })
	return render(c, v, err)
}

// withServiceErrors answers a body already refused for its shape (unknown or
// mistyped fields) with every failing field named: it runs the service on what
// could be read, in a dry run that writes nothing, and merges its validation
// errors. A 403 or 404 from the service wins over the 422.
func withServiceErrors(c *fiber.Ctx, bindErr error, call func(ctx context.Context) error) error {
	var ve *models.ValidationError
	if !errors.As(bindErr, &ve) {
		return bindErr
	}
	err := call(records.DryRun(c.UserContext()))
	var sve *models.ValidationError
	switch {
	case err == nil, errors.Is(err, records.ErrDryRun):
		return bindErr
	case errors.As(err, &sve):
		return models.MergeValidation(bindErr, err)
	case errors.Is(err, models.ErrForbidden), errors.Is(err, models.ErrNotFound), errors.Is(err, models.ErrUnauthorized):
		return err
	}
	return bindErr
}
