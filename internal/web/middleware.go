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
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

// logRequests writes one structured line per request.
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
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.Int("bytes", c.Writer.Size()),
	)
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
// scripts from anywhere but this site.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
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
