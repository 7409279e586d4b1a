package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// staticFile serves an embedded asset by its fingerprinted name. The name
// changes with the content, so browsers may keep it for a year.
func (s *Server) staticFile(c *gin.Context) {
	name, ok := s.assets.Name(strings.TrimPrefix(c.Param("file"), "/"))
	if !ok {
		s.notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=31536000, immutable")
	c.FileFromFS(name, http.FS(s.assets.FS))
}

// mediaFile serves stored photos. Their keys never change content, so they
// are cached for a day without revalidation.
func (s *Server) mediaFile(c *gin.Context) {
	key := strings.TrimPrefix(c.Param("key"), "/")
	f, err := s.files.Open(key)
	if err != nil {
		s.notFound(c)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		s.notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=86400")
	http.ServeFileFS(c.Writer, c.Request, s.files, key)
}

// healthz tells load balancers whether this process can reach its database.
func (s *Server) healthz(c *gin.Context) {
	if err := s.store.Ping(c.Request.Context()); err != nil {
		s.log.Error("health check", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "error": gin.H{"code": "unavailable", "message": "database unavailable"}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) robots(c *gin.Context) {
	c.String(http.StatusOK, "User-agent: *\nDisallow: /api/\nDisallow: /lang/\nSitemap: %s/sitemap.xml\n", s.cfg.BaseURL)
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

// sitemap lists every public page for search engines.
func (s *Server) sitemap(c *gin.Context) {
	ctx := c.Request.Context()
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	add := func(path string, t time.Time) {
		u := sitemapURL{Loc: s.cfg.BaseURL + path}
		if !t.IsZero() {
			u.LastMod = t.UTC().Format("2006-01-02")
		}
		set.URLs = append(set.URLs, u)
	}
	add("/", time.Time{})
	add("/products", time.Time{})
	add("/artisans", time.Time{})
	cats, err := s.store.Categories(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, cat := range cats {
		add("/products?category="+cat.Slug, time.Time{})
	}
	artisans, err := s.store.Artisans(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, a := range artisans {
		add("/artisans/"+a.Slug, a.UpdatedAt)
	}
	products, err := s.store.SitemapProducts(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, p := range products {
		add("/products/"+p.Slug, p.UpdatedAt)
	}
	b, err := xml.Marshal(set)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), b...))
}
