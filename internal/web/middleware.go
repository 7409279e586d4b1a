package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/i18n"
)

// Keys of values the middleware leaves in the gin context.
const (
	ctxRequestID = "request_id"
	ctxLang      = "lang"
)

// langCookie remembers the visitor's chosen language.
const langCookie = "lang"

// requestID tags each request with an id, taken from a proxy's
// X-Request-Id when it sends one, so a user's report and the log line meet.
// Anyone can send that header, and the id is echoed back, logged and shown
// on error pages, so only a short id of letters, digits, '-', '_' and '.'
// is kept; anything else is replaced by a fresh one.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if !safeRequestID(id) {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

// safeRequestID reports whether a client's request id may be kept.
func safeRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// logRequests writes one structured line per request. It logs the route
// ("/password/reset/:token"), not the path: a path may hold a secret, such
// as a reset link's token, and logs are read by more people than may use
// it. Requests that match no route log their path.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	status := c.Writer.Status()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("id", c.GetString(ctxRequestID)),
		slog.String("method", c.Request.Method),
		slog.String("path", logPath(c)),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.Int("bytes", c.Writer.Size()),
	)
}

// logPath is what the log says a request was for: its route, or the path
// of one that matched no route.
func logPath(c *gin.Context) string {
	if p := c.FullPath(); p != "" {
		return p
	}
	return c.Request.URL.Path
}

// recoverPanics turns a panic into the site's 500 page and a log line with
// the request id, instead of a dropped connection.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "id", c.GetString(ctxRequestID), "panic", v)
			s.internalError(c)
		}
	}()
	c.Next()
}

// securityHeaders keeps the pages from being framed, sniffed or made to run
// scripts from anywhere but this site. A site served over https also tells
// browsers to use nothing else for a year (HSTS), so that a first plain
// http request cannot be intercepted; it leaves subdomains alone, which
// the council may serve otherwise.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	if strings.HasPrefix(s.cfg.BaseURL, "https://") {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
		"script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// language picks the visitor's language: the one chosen with the switch
// (a cookie), else Bahasa Indonesia. The API also takes ?lang=.
func (s *Server) language(c *gin.Context) {
	lang := i18n.Default
	if v, err := c.Cookie(langCookie); err == nil && i18n.Supported(v) {
		lang = v
	}
	if v := c.Query("lang"); i18n.Supported(v) {
		lang = v
	}
	c.Set(ctxLang, lang)
	c.Next()
}

// lang is the language of the request, set by the language middleware.
func lang(c *gin.Context) string { return c.GetString(ctxLang) }

// Upload limits of a form: a whole request, and the photos of a listing.
const maxUploadRequest = 100 << 20

// limitBody bounds every request body before anything reads it: forms
// with files get room for several phone photos, everything else 1 MB.
func (s *Server) limitBody(c *gin.Context) {
	limit := int64(1 << 20)
	if strings.HasPrefix(c.ContentType(), "multipart/form-data") {
		limit = maxUploadRequest
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	c.Next()
}
