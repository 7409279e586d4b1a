package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/media"
)

// homeData is the front page: the council's picks and what is new.
type homeData struct {
	Artisans []catalog.Artisan
	Featured []catalog.Product
	Newest   []catalog.Product
}

func (s *Server) home(c *gin.Context) {
	ctx := c.Request.Context()
	var d homeData
	artisans, err := s.store.Artisans(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, a := range artisans {
		if a.Featured && len(d.Artisans) < 4 {
			d.Artisans = append(d.Artisans, a)
		}
	}
	featured, err := s.store.Products(ctx, catalog.Query{Featured: true, Sort: catalog.SortNewest, Page: 1, PerPage: 8})
	if err != nil {
		s.fail(c, err)
		return
	}
	newest, err := s.store.Products(ctx, catalog.Query{Sort: catalog.SortNewest, Page: 1, PerPage: 8})
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Featured, d.Newest = featured.Products, newest.Products
	v := s.newView(c, "Kriya — "+s.i18n.For(lang(c)).T("site.tagline"))
	v.Description = v.L.T("home.description")
	v.Image = s.absoluteImage(firstImage(d.Featured))
	v.Data = d
	s.render(c, http.StatusOK, "catalog/home", v)
}

// listData is a page of the catalog with the filters that produced it.
type listData struct {
	Query    catalog.Query
	URL      *url.URL
	Listing  catalog.Listing
	Artisans []catalog.Artisan
	Notices  []string // parameters that could not be used, in words
}

func (s *Server) productList(c *gin.Context) {
	ctx := c.Request.Context()
	l := s.i18n.For(lang(c))
	q, errs := catalog.ParseQuery(c.Request.URL.Query())
	d := listData{URL: c.Request.URL}
	for field := range errs {
		d.Notices = append(d.Notices, l.T("catalog.invalid."+field))
	}
	var err error
	var unknown []string
	if q, unknown, err = s.app.CheckFilters(c.Request.Context(), q); err != nil {
		s.fail(c, err)
		return
	}
	for _, field := range unknown {
		d.Notices = append(d.Notices, l.T("catalog.unknown."+field))
	}
	if d.Listing, err = s.store.Products(ctx, q); err != nil {
		s.fail(c, err)
		return
	}
	if d.Artisans, err = s.store.Artisans(ctx); err != nil {
		s.fail(c, err)
		return
	}
	d.Query = q
	v := s.newView(c, l.T("catalog.title"))
	if q.Category != "" {
		for _, cat := range v.Categories {
			if cat.Slug == q.Category {
				v.Title = cat.Name.In(l.Lang)
				v.Canonical += "?category=" + url.QueryEscape(cat.Slug)
			}
		}
	}
	if q.Text != "" {
		v.Title = l.T("catalog.search.title", "Query", q.Text)
		v.NoIndex = true
	}
	v.Description = l.T("catalog.description")
	v.Data = d
	s.render(c, http.StatusOK, "catalog/products", v)
}

// productData is a product page: the product and more from its maker.
type productData struct {
	Product catalog.Product
	More    []catalog.Product
	// EditedAt is, in an artisan's preview of a listing as it will be
	// once approved, where it is edited; a preview has nothing to buy.
	EditedAt string
}

func (s *Server) productPage(c *gin.Context) {
	ctx := c.Request.Context()
	p, err := s.store.ProductBySlug(ctx, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	more, err := s.store.Products(ctx, catalog.Query{Artisan: p.Artisan.Slug, Sort: catalog.SortNewest, Page: 1, PerPage: 5})
	if err != nil {
		s.fail(c, err)
		return
	}
	d := productData{Product: p}
	for _, m := range more.Products {
		if m.ID != p.ID && len(d.More) < 4 {
			d.More = append(d.More, m)
		}
	}
	l := s.i18n.For(lang(c))
	v := s.newView(c, p.Title.In(l.Lang)+" — "+p.Artisan.Name)
	v.Description = summary(p.Description.In(l.Lang))
	v.OGType = "product"
	if len(p.Images) > 0 {
		v.Image = s.absoluteImage(p.Images[0].Key)
	}
	v.Data = d
	s.render(c, http.StatusOK, "catalog/product", v)
}

func (s *Server) artisanList(c *gin.Context) {
	artisans, err := s.store.Artisans(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	v := s.newView(c, s.i18n.For(lang(c)).T("artisans.title"))
	v.Description = v.L.T("artisans.description")
	v.Data = artisans
	s.render(c, http.StatusOK, "catalog/artisans", v)
}

// artisanData is an artisan's page: the profile and a page of its products.
type artisanData struct {
	Artisan catalog.Artisan
	URL     *url.URL
	Listing catalog.Listing
}

func (s *Server) artisanPage(c *gin.Context) {
	ctx := c.Request.Context()
	a, err := s.store.ArtisanBySlug(ctx, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	q, _ := catalog.ParseQuery(url.Values{"page": {c.Query("page")}})
	q.Artisan = a.Slug
	d := artisanData{Artisan: a, URL: c.Request.URL}
	if d.Listing, err = s.store.Products(ctx, q); err != nil {
		s.fail(c, err)
		return
	}
	l := s.i18n.For(lang(c))
	v := s.newView(c, a.Name+" — "+a.Category.Name.In(l.Lang))
	v.Description = summary(a.Story.In(l.Lang))
	v.OGType = "profile"
	v.Image = s.absoluteImage(a.PhotoKey)
	v.Data = d
	s.render(c, http.StatusOK, "catalog/artisan", v)
}

// switchLanguage remembers the chosen language for a year and returns the
// visitor to the page they were on (only ever a path on this site).
func (s *Server) switchLanguage(c *gin.Context) {
	l := c.Param("lang")
	if !i18n.Supported(l) {
		s.notFound(c)
		return
	}
	s.setLanguage(c, l)
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next"), "/"))
}

func (s *Server) setLanguage(c *gin.Context, l string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.cfg.SecureCookies(), SameSite: http.SameSiteLaxMode,
	})
}

// summary shortens copy to a meta description's length at a word boundary.
func summary(text string) string {
	text = strings.Join(strings.Fields(text), " ")
	if len([]rune(text)) <= 160 {
		return text
	}
	r := []rune(text)[:157]
	if i := strings.LastIndex(string(r), " "); i > 80 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

func firstImage(ps []catalog.Product) string {
	for _, p := range ps {
		if len(p.Images) > 0 {
			return p.Images[0].Key
		}
	}
	return ""
}

// absoluteImage is the full URL of an image's large variant, as Open Graph
// wants it.
func (s *Server) absoluteImage(key string) string {
	if key == "" {
		return ""
	}
	return s.cfg.BaseURL + "/media/" + media.VariantKey(key, media.Large)
}
