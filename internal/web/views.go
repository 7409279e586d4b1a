package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/sales"
)

// viewCounter counts product page views in memory, by slug, for flush to
// write to the products' statistics every minute: a view costs a map
// increment, not a database write, so counting leaves the page (and the
// page cache) as fast as it was. Several processes each add their own
// counts; nothing is shared but the database.
type viewCounter struct {
	mu      sync.Mutex
	day     string
	views   map[string]int64
	pending []dayViews // earlier days' counts, not written yet
}

// add counts one view of the product page of slug.
func (v *viewCounter) add(slug string, now time.Time) {
	day := sales.Day(now)
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.day != day {
		// A new day in Bali: yesterday's counts wait for the next flush
		// under their own day, so each count lands on the day it happened.
		if len(v.views) > 0 {
			v.pending = append(v.pending, dayViews{v.day, v.views})
		}
		v.day, v.views = day, map[string]int64{}
	}
	v.views[slug]++
}

// dayViews are the counts of one day, ready to write.
type dayViews struct {
	day   string
	views map[string]int64
}

// take hands over everything counted so far.
func (v *viewCounter) take() []dayViews {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := append(v.pending, dayViews{v.day, v.views})
	v.pending, v.views = nil, map[string]int64{}
	return out
}

// countViews counts a person's successful view of a product page, served
// from the page cache or not. Crawlers and link previews are not people:
// see isBot. No cookie is read or set.
func (s *Server) countViews(c *gin.Context) {
	c.Next()
	if c.FullPath() == "/products/:slug" && c.Request.Method == http.MethodGet && c.Writer.Status() == http.StatusOK &&
		!isBot(c.Request.UserAgent()) {
		s.views.add(c.Param("slug"), time.Now())
	}
}

// botMarks are what crawlers, link previews, headless browsers and HTTP
// libraries put in their User-Agent; a person's browser names none.
var botMarks = []string{"bot", "crawl", "spider", "slurp", "preview", "headless", "lighthouse", "facebookexternalhit",
	"curl", "wget", "python", "go-http-client", "java/", "okhttp", "axios", "node-fetch", "vegeta"}

// isBot reports whether a User-Agent is a program's rather than a
// person's browser. An empty one is a program's.
func isBot(ua string) bool {
	ua = strings.ToLower(ua)
	if ua == "" {
		return true
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}

// FlushViews writes the views counted so far. serve calls it every minute
// and on the way out; tests call it to read what was counted.
func (s *Server) FlushViews(ctx context.Context) error {
	for _, d := range s.views.take() {
		if len(d.views) == 0 {
			continue
		}
		if err := s.store.AddProductViews(ctx, d.day, d.views); err != nil {
			return err
		}
	}
	return nil
}

// flushViewsEvery flushes the counts every interval until ctx ends, then
// once more.
func (s *Server) flushViewsEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-ctx.Done():
			if err := s.FlushViews(context.Background()); err != nil {
				s.log.Error("flush product views", "err", err)
			}
			return
		}
		if err := s.FlushViews(ctx); err != nil {
			s.log.Error("flush product views", "err", err)
		}
	}
}
