package web

import (
	"bytes"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// pageTTL bounds how long a cached page is served when only other server
// processes change the database; this process's writes expire it at once.
const pageTTL = 5 * time.Second

// pageCacheSize bounds the cache: past it, the cache starts afresh, so a
// crawler walking every filter combination cannot grow memory.
const pageCacheSize = 2000

// pageCache keeps rendered public pages for visitors without a session.
// Entries remember the store generation they were rendered at, so this
// process's own writes show at once; changes by other processes show within
// pageTTL. The popular pages — the home page, the first pages of
// each category — are then served without a query or a template.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]cachedPage
}

type cachedPage struct {
	header     http.Header
	body       []byte
	generation uint64
	at         time.Time
}

// teeWriter copies what a handler writes, to keep it.
type teeWriter struct {
	gin.ResponseWriter
	buf bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) WriteString(s string) (int, error) {
	w.buf.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}

// cachePages serves a public page from the cache when it can, and keeps
// successful pages that set no cookie.
func (s *Server) cachePages(c *gin.Context) {
	if c.Request.Method != http.MethodGet || hasSession(c.Request) {
		c.Next()
		return
	}
	key := lang(c) + " " + c.Request.URL.RequestURI()
	gen := s.store.Generation()
	s.cache.mu.Lock()
	p, ok := s.cache.entries[key]
	s.cache.mu.Unlock()
	if ok && p.generation == gen && time.Since(p.at) < pageTTL {
		h := c.Writer.Header()
		for k, v := range p.header {
			h[k] = v
		}
		c.Data(http.StatusOK, p.header.Get("Content-Type"), p.body)
		c.Abort()
		return
	}
	w := &teeWriter{ResponseWriter: c.Writer}
	c.Writer = w
	c.Next()
	if w.Status() != http.StatusOK || w.Header().Get("Set-Cookie") != "" {
		return
	}
	page := cachedPage{header: http.Header{}, body: w.buf.Bytes(), generation: gen, at: time.Now()}
	for _, k := range []string{"Content-Type", "Content-Language"} {
		page.header.Set(k, w.Header().Get(k))
	}
	s.cache.mu.Lock()
	if len(s.cache.entries) >= pageCacheSize {
		s.cache.entries = map[string]cachedPage{}
	}
	s.cache.entries[key] = page
	s.cache.mu.Unlock()
}

// hasSession reports whether the visitor carries any cookie but the
// language choice: such a visitor may see a page made for them alone.
func hasSession(r *http.Request) bool {
	for _, c := range r.Cookies() {
		if c.Name != langCookie {
			return true
		}
	}
	return false
}
