package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/fault"
	"kriya/internal/media"
	"kriya/internal/web/status"
)

// fail answers with the status that err's kind deserves (web/status):
// the site's page for it, 503 while the database cannot be reached, and
// for anything unclassified 500 with the details only in the log.
func (s *Server) fail(c *gin.Context, err error) {
	switch fault.KindOf(err) {
	case fault.NotFound:
		s.notFound(c)
	case fault.Forbidden:
		s.forbidden(c)
	case fault.Unavailable:
		c.Header("Retry-After", status.RetryAfter)
		if errors.Is(err, media.ErrBusy) {
			s.log.Warn("photo decoding busy", "id", c.GetString(ctxRequestID), "path", logPath(c))
			s.errorPageSaying(c, http.StatusServiceUnavailable, "error.unavailable.title", "errors/503", "error.busy.body")
			return
		}
		s.log.Warn("unavailable", "id", c.GetString(ctxRequestID), "path", logPath(c), "err", err)
		s.errorPage(c, http.StatusServiceUnavailable, "error.unavailable.title", "errors/503")
	case fault.Internal:
		s.log.Error("request failed", "id", c.GetString(ctxRequestID), "path", logPath(c), "err", err)
		s.internalError(c)
	default: // a refusal no form showed: say it plainly on the error page
		s.log.Info("request refused", "id", c.GetString(ctxRequestID), "path", logPath(c), "err", err)
		s.errorPage(c, status.Of(err), "error.refused.title", "errors/refused")
	}
}

// unavailable reports whether err means the database is out of reach for
// now.
func unavailable(err error) bool { return fault.KindOf(err) == fault.Unavailable }

func (s *Server) notFound(c *gin.Context) {
	s.errorPage(c, http.StatusNotFound, "error.notfound.title", "errors/404")
}

// forbidden refuses a user who is signed in but may not do this, or a form
// without its token.
func (s *Server) forbidden(c *gin.Context) {
	s.errorPage(c, http.StatusForbidden, "error.forbidden.title", "errors/403")
}

// errorPage ends a request with the site's error page.
func (s *Server) errorPage(c *gin.Context, status int, titleID, page string) {
	s.errorPageSaying(c, status, titleID, page, "")
}

// errorPageSaying is an error page whose explanation is the message
// bodyID rather than the page's own.
func (s *Server) errorPageSaying(c *gin.Context, status int, titleID, page, bodyID string) {
	if lang(c) == "" { // refused before the language middleware ran
		c.Set(ctxLang, requestLang(c.Request))
	}
	v := s.newView(c, s.i18n.For(lang(c)).T(titleID))
	v.NoIndex = true
	if bodyID != "" {
		v.Data = bodyID
	}
	s.render(c, status, page, v)
	c.Abort()
}

// refusal ends a request the site will not carry out as sent (a method
// the URL does not take, a body too large or malformed) with the styled
// "cannot be done" page, saying why.
func (s *Server) refusal(c *gin.Context, status int, titleID, bodyID string) {
	s.errorPageSaying(c, status, titleID, "errors/refused", bodyID)
}

func (s *Server) methodNotAllowed(c *gin.Context) {
	s.refusal(c, http.StatusMethodNotAllowed, "error.method.title", "error.method.body")
}

// internalError shows the site's 500 page without a word about the cause:
// that is in the log, under the request id.
func (s *Server) internalError(c *gin.Context) {
	s.errorPage(c, http.StatusInternalServerError, "error.internal.title", "errors/500")
}
