// Package models holds the plain types shared by every layer: entities with their
// bson/json/validate tags, enums, list parameters, the error values services return
// and the principal carried in a request context. It imports nothing of ours.
package models

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors. Services wrap them with %w; one function in handlers maps them to
// HTTP status codes, so callers test with errors.Is / errors.As.
var (
	// ErrNotFound: the record does not exist or lies outside the caller's scope (404).
	ErrNotFound = errors.New("记录不存在")
	// ErrForbidden: the caller's role may not do this (403).
	ErrForbidden = errors.New("无权执行此操作")
	// ErrUnauthorized: no, unknown, expired or revoked credentials (401).
	ErrUnauthorized = errors.New("未登录或登录已过期")
	// ErrBadCredentials: wrong user name or password; deliberately the same for both (401).
	ErrBadCredentials = errors.New("用户名或密码错误")
	// ErrTooManyAttempts: login rate limit reached (429).
	ErrTooManyAttempts = errors.New("登录尝试过于频繁，请稍后再试")
	// ErrStaleVersion: the update named a version that is no longer current (409).
	ErrStaleVersion = errors.New("记录已被他人修改，请刷新后重试")
	// ErrUnavailable: the database cannot be reached at the moment; the same
	// request may succeed once it is back (503).
	ErrUnavailable = errors.New("数据库暂时无法访问，请稍后重试")
)

// ForbiddenError is ErrForbidden with the reason said (the preparer of a
// snapshot may not approve it): errors.Is(err, ErrForbidden) holds.
type ForbiddenError struct{ Message string }

func (e *ForbiddenError) Error() string { return e.Message }

// Is makes a ForbiddenError an ErrForbidden.
func (e *ForbiddenError) Is(target error) bool { return target == ErrForbidden }

// Forbidden returns a *ForbiddenError with a Chinese message.
func Forbidden(message string) error { return &ForbiddenError{Message: message} }

// BadRequestError reports input that is not of the expected shape: malformed JSON,
// an id that is not an id, an unknown query parameter value (400).
type BadRequestError struct{ Message string }

func (e *BadRequestError) Error() string { return e.Message }

// BadRequest returns a *BadRequestError with a Chinese message.
func BadRequest(message string) error { return &BadRequestError{Message: message} }

// ConflictError reports a duplicate natural key or a record still in use (409).
type ConflictError struct {
	Field   string // JSON name of the field that conflicts
	Message string // Chinese message
}

func (e *ConflictError) Error() string { return e.Message }

// NewConflict returns a *ConflictError for field.
func NewConflict(field, message string) error {
	return &ConflictError{Field: field, Message: message}
}

// ValidationError names every failing field with a Chinese message (422).
type ValidationError struct {
	Fields map[string]string // JSON field name -> Chinese message
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+e.Fields[k])
	}
	return "数据校验未通过：" + strings.Join(parts, "；")
}

// Invalid returns a ValidationError for one field.
func Invalid(field, message string) error {
	return &ValidationError{Fields: map[string]string{field: message}}
}

// Add records a failing field on e, keeping the first message per field.
func (e *ValidationError) Add(field, message string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = message
	}
}

// Err returns e when it holds at least one field, else nil.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// MergeValidation joins validation errors; any other error is returned as is.
func MergeValidation(errs ...error) error {
	var out ValidationError
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for k, v := range ve.Fields {
			out.Add(k, v)
		}
	}
	return out.Err()
}

// ErrAccountDisabled: the password was right but the account is disabled (403). It
// is only ever said after a correct password, so it reveals nothing to a guesser.
var ErrAccountDisabled = errors.New("账号已停用，请联系管理员")
