package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/fault"
	"kriya/internal/web/status"
)

// errorBody is the body of every JSON error.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// Codes of the API's own refusals; errors from the use cases bring theirs
// (fault.CodeOf).
const (
	codeInvalid      = "invalid_parameters"
	codeUnauthorized = "unauthorized"
	codeBadRequest   = "bad_request"
	codeOutOfStock   = "out_of_stock"
	codePriceChanged = "price_changed"
	codeOrderState   = "order_state"
	codeUnavailable  = "unavailable"
	codeThrottled    = "too_many_requests"
)

// refuse ends a request with an error the API decided on itself.
func (api *API) refuse(c *gin.Context, status int, code, message string, fields map[string]string) {
	c.AbortWithStatusJSON(status, errorBody{errorDetail{Code: code, Message: message, Fields: fields}})
}

// fail answers err with the status of its kind (web/status) and its code.
// Field messages of an Invalid error are message ids, given in English.
// Anything internal is "internal error" with the request id, and the cause
// goes to the log.
func (api *API) fail(c *gin.Context, err error) {
	code := status.Of(err)
	id := c.Writer.Header().Get("X-Request-Id") // set by the site's middleware, which mounts the API
	switch code {
	case http.StatusInternalServerError:
		api.log.Error("request failed", "id", id, "path", c.Request.URL.Path, "err", err)
		api.refuse(c, code, fault.CodeOf(err), "internal error, request "+id, nil)
		return
	case http.StatusServiceUnavailable:
		api.log.Warn("database unavailable", "id", id, "path", c.Request.URL.Path, "err", err)
		c.Header("Retry-After", status.RetryAfter)
		api.refuse(c, code, fault.CodeOf(err), "temporarily unavailable, try again in a minute", nil)
		return
	}
	var fields map[string]string
	if fs := fault.FieldsOf(err); len(fs) > 0 {
		en := api.i18n.For("en")
		fields = map[string]string{}
		for k, v := range fs {
			fields[k] = en.T(v)
		}
	}
	message := err.Error()
	var fe *fault.Error
	if errors.As(err, &fe) {
		message = fe.Message // the domain's words, without the layers' context
	}
	api.refuse(c, code, fault.CodeOf(err), message, fields)
}

// notFound is the answer for anything that does not exist for the caller.
func (api *API) notFound(c *gin.Context) {
	api.refuse(c, http.StatusNotFound, "not_found", "not found", nil)
}

// recoverPanics turns a panic in a handler into a JSON 500 with the
// request id, and a log line.
func (api *API) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			id := c.Writer.Header().Get("X-Request-Id")
			api.log.Error("panic", "id", id, "panic", v)
			api.refuse(c, http.StatusInternalServerError, "internal", "internal error, request "+id, nil)
		}
	}()
	c.Next()
}

// errNotJSON is a request body that is not application/json: the API
// reads nothing else, so a browser form (which cannot send JSON across
// sites without a preflight) never reaches a handler.
var errNotJSON = errors.New("not application/json")

// readJSON reads a request's JSON body into v; a body of another type, or
// JSON that does not fit v, is refused with 415 or 400 and false.
func (api *API) readJSON(c *gin.Context, v any, hint string) bool {
	if c.ContentType() != "application/json" {
		api.refuse(c, http.StatusUnsupportedMediaType, "unsupported_media_type", "send "+errNotJSON.Error()+": "+hint, nil)
		return false
	}
	if err := c.ShouldBindJSON(v); err != nil {
		api.refuse(c, http.StatusBadRequest, codeBadRequest, "send JSON: "+hint, nil)
		return false
	}
	return true
}
