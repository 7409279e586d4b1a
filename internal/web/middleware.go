package web

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
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
	id := newRequestID(c.Request)
	c.Set(ctxRequestID, id)
	c.Header("X-Request-Id", id)
	c.Next()
}

// newRequestID is the proxy's X-Request-Id when it is safe to keep, or a
// new random id.
func newRequestID(r *http.Request) string {
	id := r.Header.Get("X-Request-Id")
	if !safeRequestID(id) {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	return id
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
	s.setSecurityHeaders(c.Writer.Header())
	c.Next()
}

// setSecurityHeaders sets the headers of securityHeaders, also on pages
// answered outside the router.
func (s *Server) setSecurityHeaders(h http.Header) {
	if strings.HasPrefix(s.cfg.BaseURL, "https://") {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
		"script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
}

// language picks the visitor's language: the one chosen with the switch
// (a cookie), else Bahasa Indonesia. The API also takes ?lang=.
func (s *Server) language(c *gin.Context) {
	c.Set(ctxLang, requestLang(c.Request))
	c.Next()
}

// requestLang is the language a request asks for, as the language
// middleware reads it; pages answered before it runs use it directly.
func requestLang(r *http.Request) string {
	lang := i18n.Default
	if v, err := r.Cookie(langCookie); err == nil && i18n.Supported(v.Value) {
		lang = v.Value
	}
	if v := r.URL.Query().Get("lang"); i18n.Supported(v) {
		lang = v
	}
	return lang
}

// lang is the language of the request, set by the language middleware.
func lang(c *gin.Context) string { return c.GetString(ctxLang) }

// Request body limits. A route that takes files declares its own limit
// beside it in routes.go (bodyLimits.post); every other request, the JSON
// API's included, is a small form or document.
const smallBody = 1 << 20

// formMemory is how much of a form with files is held in memory; the rest
// of its files wait in temporary files until the request ends.
const formMemory = 4 << 20

// bodyLimits are the body limits of the routes that take files, by
// "METHOD /full/path" as gin names the route.
type bodyLimits map[string]int64

// post adds a POST route whose body may hold up to limit bytes.
func (l bodyLimits) post(g *gin.RouterGroup, relativePath string, limit int64, handlers ...gin.HandlerFunc) {
	l["POST "+path.Join(g.BasePath(), relativePath)] = limit
	g.POST(relativePath, handlers...)
}

// limitBody bounds each request body to its route's limit before anything
// reads it: a request that declares a longer body is refused at once with
// 413, and one that sends more than it declared fails when read. The
// handlers' forms with files are parsed into temporary files, which are
// removed here when the request ends (net/http removes only those of the
// request it made, not of the copy the session layer passes on).
func (s *Server) limitBody(limits bodyLimits) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit, upload := limits[c.Request.Method+" "+c.FullPath()]
		if !upload {
			limit = smallBody
		}
		if c.Request.ContentLength > limit {
			s.tooLarge(c)
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		if !upload && c.Request.ContentLength != 0 {
			// A small body is read whole now, so one sent without a length
			// is refused here too, whatever its handler reads of it.
			b, err := io.ReadAll(c.Request.Body)
			if err != nil {
				s.badBody(c, err)
				return
			}
			c.Request.Body = io.NopCloser(bytes.NewReader(b))
		}
		c.Next()
		if f := c.Request.MultipartForm; f != nil {
			f.RemoveAll()
		}
	}
}

// tooLarge refuses a body over its route's limit: the site's page, or the
// API's JSON error under /api/v1.
func (s *Server) tooLarge(c *gin.Context) {
	c.Header("Connection", "close") // the rest of the body is not read
	if strings.HasPrefix(c.Request.URL.Path, apiPrefix) {
		c.AbortWithStatusJSON(http.StatusRequestEntityTooLarge, gin.H{"error": gin.H{
			"code": "too_large", "message": "the request body is larger than this endpoint accepts"}})
		return
	}
	s.refusal(c, http.StatusRequestEntityTooLarge, "error.too_large.title", "error.too_large.body")
}

// badBody answers a body that could not be read: 413 when it was over its
// limit, 400 when it was malformed.
func (s *Server) badBody(c *gin.Context, err error) {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		s.tooLarge(c)
		return
	}
	s.log.Info("unreadable request body", "id", c.GetString(ctxRequestID), "path", c.Request.URL.Path, "err", err)
	s.refusal(c, http.StatusBadRequest, "error.bad_request.title", "error.bad_request.body")
}

// tokenPrefix is how much of a form with files is read to find its form
// token: the fields that come before the first file, which in Kriya's
// forms start with the token itself.
const tokenPrefix = 64 << 10

// formToken reads a state-changing request's form token. A form with files
// is not parsed for it: only its parts before the first file are read, at
// most tokenPrefix bytes, and put back in front of the rest of the body for
// the handler. So a request without a token is refused before its files
// are read. Browsers send parts in the form's order, and every form puts
// csrf_token first.
func formToken(c *gin.Context) (string, error) {
	r := c.Request
	mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType != "multipart/form-data" {
		// A malformed query is no reason to refuse the form; a body over
		// its limit is.
		if err := r.ParseForm(); err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return "", err
			}
		}
		return r.PostForm.Get("csrf_token"), nil
	}
	var read bytes.Buffer
	body := r.Body
	token, err := tokenPart(multipart.NewReader(io.TeeReader(io.LimitReader(body, tokenPrefix), &read), params["boundary"]))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(&read, body), body}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return "", err
	}
	// Parts that end early, or no token among the first tokenPrefix
	// bytes: no token, so the form is refused as forged.
	return token, nil
}

// tokenPart finds the csrf_token field among the parts before the first
// file.
func tokenPart(mr *multipart.Reader) (string, error) {
	for {
		p, err := mr.NextPart()
		if err != nil {
			return "", fmt.Errorf("form token: %w", err)
		}
		if p.FileName() != "" {
			return "", nil
		}
		if p.FormName() == "csrf_token" {
			b, err := io.ReadAll(io.LimitReader(p, 256))
			return string(b), err
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return "", fmt.Errorf("form token: %w", err)
		}
	}
}
