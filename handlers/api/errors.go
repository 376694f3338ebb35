package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/chanjiao/chanjiao/models"
	"github.com/chanjiao/chanjiao/services/store"
)

// ErrorBody is the one error shape of the whole API.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong: a machine code, a Chinese message and, for
// validation and conflicts, the fields concerned.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Classify maps an error to its HTTP status and body. It is the only place where
// service errors meet status codes; pages use it too.
func Classify(err error) (int, ErrorDetail) {
	var (
		ve *models.ValidationError
		ce *models.ConflictError
		be *models.BadRequestError
		xe *models.ForbiddenError
		fe *fiber.Error
	)
	switch {
	case errors.As(err, &ve):
		return fiber.StatusUnprocessableEntity, ErrorDetail{"validation_failed", "提交的数据未通过校验，请按提示修改", ve.Fields}
	case errors.As(err, &ce):
		d := ErrorDetail{Code: "conflict", Message: ce.Message}
		if ce.Field != "" {
			d.Fields = map[string]string{ce.Field: ce.Message}
		}
		return fiber.StatusConflict, d
	case errors.Is(err, models.ErrStaleVersion):
		return fiber.StatusConflict, ErrorDetail{Code: "stale_version", Message: err.Error(), Fields: map[string]string{"version": err.Error()}}
	case errors.As(err, &be):
		return fiber.StatusBadRequest, ErrorDetail{Code: "bad_request", Message: be.Message}
	case errors.Is(err, models.ErrNotFound):
		return fiber.StatusNotFound, ErrorDetail{Code: "not_found", Message: "记录不存在或无权查看"}
	case errors.As(err, &xe):
		return fiber.StatusForbidden, ErrorDetail{Code: "forbidden", Message: xe.Message}
	case errors.Is(err, models.ErrForbidden):
		return fiber.StatusForbidden, ErrorDetail{Code: "forbidden", Message: models.ErrForbidden.Error()}
	case errors.Is(err, models.ErrAccountDisabled):
		return fiber.StatusForbidden, ErrorDetail{Code: "account_disabled", Message: err.Error()}
	case errors.Is(err, models.ErrBadCredentials):
		return fiber.StatusUnauthorized, ErrorDetail{Code: "bad_credentials", Message: err.Error()}
	case errors.Is(err, models.ErrUnauthorized):
		return fiber.StatusUnauthorized, ErrorDetail{Code: "unauthorized", Message: err.Error()}
	case errors.Is(err, models.ErrTooManyAttempts):
		return fiber.StatusTooManyRequests, ErrorDetail{Code: "too_many_requests", Message: err.Error()}
	case errors.As(err, &fe):
		return fe.Code, fiberDetail(fe)
	case store.IsUnavailable(err):
		return fiber.StatusServiceUnavailable, ErrorDetail{Code: "unavailable", Message: models.ErrUnavailable.Error()}
	}
	return fiber.StatusInternalServerError, ErrorDetail{Code: "internal", Message: "服务器内部错误"}
}

func fiberDetail(fe *fiber.Error) ErrorDetail {
	switch fe.Code {
	case fiber.StatusNotFound:
		return ErrorDetail{Code: "not_found", Message: "接口不存在"}
	case fiber.StatusMethodNotAllowed:
		return ErrorDetail{Code: "method_not_allowed", Message: "不支持该请求方法"}
	case fiber.StatusRequestEntityTooLarge:
		return ErrorDetail{Code: "too_large", Message: "请求内容过大"}
	}
	if fe.Code == fiber.StatusForbidden {
		// Raised with our own Chinese message (the pages' CSRF check).
		return ErrorDetail{Code: "forbidden", Message: fe.Message}
	}
	if fe.Code < 500 {
		return ErrorDetail{Code: "bad_request", Message: "请求格式不正确"}
	}
	return ErrorDetail{Code: "internal", Message: "服务器内部错误"}
}

// HandleError is Fiber's ErrorHandler: it writes the error shape and logs server
// errors with the request id (the user sees only "服务器内部错误").
func HandleError(c *fiber.Ctx, err error) error {
	status, d := Classify(err)
	LogFailure(c, status, "request failed", err)
	return c.Status(status).JSON(ErrorBody{Error: d})
}

// LogFailure logs a server error with the request id: a database that cannot be
// reached (503) at Warn, since during an outage every request meets it and it
// is no bug; any other 5xx at Error. Client errors are not logged here.
func LogFailure(c *fiber.Ctx, status int, msg string, err error) {
	log := models.LoggerFrom(c.UserContext())
	switch {
	case status == fiber.StatusServiceUnavailable:
		log.Warn(msg, "err", err.Error())
	case status >= 500:
		log.Error(msg, "err", err.Error())
	}
}
