package web

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzip"
)

// pageTTL bounds how long a cached page is served when only other server
// processes change the database; this process's writes expire it at once.
const pageTTL = 5 * time.Second

// pageCacheSize and pageCacheBytes bound the cache: past either, the cache
// starts afresh, so a crawler walking every filter combination cannot grow
// memory beyond a small server's means.
const (
	pageCacheSize  = 2000
	pageCacheBytes = 16 << 20
)

// pageCache keeps rendered public pages for visitors without a session.
// Entries remember the store generation they were rendered at, so this
// process's own writes show at once; changes by other processes show within
// pageTTL. The popular pages — the home page, the first pages of
// each category — are then served without a query or a template.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]cachedPage
	bytes   int // of the bodies kept
}

type cachedPage struct {
	header     http.Header
	body       []byte
	gzipped    []byte // the body compressed once, for the many clients that take gzip
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
		body := p.body
		h.Add("Vary", "Accept-Encoding")
		if p.gzipped != nil && strings.Contains(c.GetHeader("Accept-Encoding"), "gzip") {
			// Already compressed, the compression middleware passes it on.
			h.Set("Content-Encoding", "gzip")
			body = p.gzipped
		}
		c.Data(http.StatusOK, p.header.Get("Content-Type"), body)
		c.Abort()
		return
	}
	w := &teeWriter{ResponseWriter: c.Writer}
	c.Writer = w
	c.Next()
	if w.Status() != http.StatusOK || w.Header().Get("Set-Cookie") != "" {
		return
	}
	// A copy keeps the page's bytes, not the buffer's spare capacity.
	page := cachedPage{header: http.Header{}, body: bytes.Clone(w.buf.Bytes()), generation: gen, at: time.Now()}
	for _, k := range []string{"Content-Type", "Content-Language"} {
		page.header.Set(k, w.Header().Get(k))
	}
	// Compressing a page costs more than everything else a cache hit does.
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	if _, err := zw.Write(page.body); err == nil && zw.Close() == nil {
		page.gzipped = z.Bytes()
	}
	size := len(page.body) + len(page.gzipped)
	s.cache.mu.Lock()
	if old, ok := s.cache.entries[key]; ok {
		s.cache.bytes -= len(old.body) + len(old.gzipped)
	}
	if len(s.cache.entries) >= pageCacheSize || s.cache.bytes+size > pageCacheBytes {
		s.cache.entries, s.cache.bytes = map[string]cachedPage{}, 0
	}
	s.cache.entries[key] = page
	s.cache.bytes += size
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
