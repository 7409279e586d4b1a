package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/order"
)

// Error codes of the JSON API, stable for integrations.
const (
	codeNotFound         = "not_found"
	codeInvalid          = "invalid_parameters"
	codeInternal         = "internal"
	codeMethodNotAllowed = "method_not_allowed"
	codeUnavailable      = "unavailable"
	codeUnauthorized     = "unauthorized"
	codeForbidden        = "forbidden"
	codeBadRequest       = "bad_request"
	codeThrottled        = "too_many_requests"
	codeOutOfStock       = "out_of_stock"
	codePriceChanged     = "price_changed"
	codeOrderState       = "order_state"
)

// apiError is the body of every JSON error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

// fail answers with the status that err deserves: 404 for anything not
// found, 503 while the database cannot be reached, else 500 with the
// details only in the log.
func (s *Server) fail(c *gin.Context, err error) {
	if errors.Is(err, catalog.ErrNotFound) || errors.Is(err, account.ErrNotFound) || errors.Is(err, order.ErrNotFound) {
		s.notFound(c)
		return
	}
	if unavailable(err) {
		s.log.Warn("database unavailable", "id", c.GetString(ctxRequestID), "path", c.Request.URL.Path, "err", err)
		c.Header("Retry-After", retryAfter)
		s.errorPage(c, http.StatusServiceUnavailable, codeUnavailable, "temporarily unavailable, try again in a minute",
			"error.unavailable.title", "errors/503")
		return
	}
	s.log.Error("request failed", "id", c.GetString(ctxRequestID), "path", c.Request.URL.Path, "err", err)
	s.internalError(c)
}

// unavailable reports whether err means the database is out of reach for
// now. The store marks such errors (store.ErrUnavailable); web knows them by
// their Unavailable method, as it knows no SQL.
func unavailable(err error) bool {
	var u interface{ Unavailable() bool }
	return errors.As(err, &u) && u.Unavailable()
}

// retryAfter is how many seconds a client is asked to wait after a 503: a
// database restart or failover takes about that long.
const retryAfter = "30"

func (s *Server) notFound(c *gin.Context) {
	s.errorPage(c, http.StatusNotFound, codeNotFound, "not found", "error.notfound.title", "errors/404")
}

// forbidden refuses a user who is signed in but may not do this, or a form
// without its token.
func (s *Server) forbidden(c *gin.Context) {
	s.errorPage(c, http.StatusForbidden, codeForbidden, "not allowed for this account", "error.forbidden.title", "errors/403")
}

// errorPage ends a request with an error: JSON for the API, the site's
// error page for people.
func (s *Server) errorPage(c *gin.Context, status int, code, apiMessage, titleID, page string) {
	if isAPI(c) {
		s.apiFail(c, status, code, apiMessage, nil)
		return
	}
	v := s.newView(c, s.i18n.For(lang(c)).T(titleID))
	v.NoIndex = true
	s.render(c, status, page, v)
	c.Abort()
}

func (s *Server) methodNotAllowed(c *gin.Context) {
	if isAPI(c) {
		s.apiFail(c, http.StatusMethodNotAllowed, codeMethodNotAllowed, "method not allowed", nil)
		return
	}
	c.String(http.StatusMethodNotAllowed, "method not allowed")
}

// internalError shows the site's 500 page (or the API's error) without a
// word about the cause: that is in the log, under the request id.
func (s *Server) internalError(c *gin.Context) {
	s.errorPage(c, http.StatusInternalServerError, codeInternal, "internal error, request "+c.GetString(ctxRequestID),
		"error.internal.title", "errors/500")
}

func (s *Server) apiFail(c *gin.Context, status int, code, message string, fields map[string]string) {
	c.AbortWithStatusJSON(status, apiError{apiErrorBody{Code: code, Message: message, Fields: fields}})
}
