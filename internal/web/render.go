package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/internal/order"
	"kriya/internal/sales"
	"kriya/internal/wilayah"
	"kriya/templates"
)

// pageTemplate is one page parsed with the layout and every partial.
type pageTemplate = template.Template

// view is what every page template receives: the frame's needs (language,
// SEO tags, navigation) and the page's own Data.
type view struct {
	L           *i18n.Localizer
	Title       string
	Description string
	Canonical   string // absolute URL of the page without tracking or paging noise
	Image       string // absolute URL of the Open Graph image
	OGType      string
	Path        string // the request URI, for the language switch to return to
	NoIndex     bool   // search results and error pages stay out of indexes
	Categories  []catalog.Category
	RequestID   string
	User        *account.User // the signed-in user, or nil
	CSRF        string        // the form token, on pages with forms
	Flash       string        // a message id left by the previous request: done
	Refusal     string        // likewise: not done, or needs attention
	CartCount   int           // pieces in the visitor's cart, for the header
	Data        any
}

// parsePages parses every page under templates/pages once, each with the
// base layout and all partials, keyed by its path without ".html"
// ("catalog/product").
func (s *Server) parsePages() (map[string]*pageTemplate, error) {
	funcs := template.FuncMap{
		"static":     s.assets.URL,
		"image":      func(key string, size int) string { return "/media/" + media.VariantKey(key, size) },
		"large":      func() int { return media.Large },
		"thumb":      func() int { return media.Thumb },
		"area":       wilayah.Name,
		"add":        func(a, b int) int { return a + b },
		"sub":        func(a, b int) int { return a - b },
		"neg":        func(n int64) int64 { return -n },
		"ledgerKind": ledgerKindText,
		"withQuery": func(u *url.URL, kv ...string) string {
			q := u.Query()
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i+1] == "" {
					q.Del(kv[i])
				} else {
					q.Set(kv[i], kv[i+1])
				}
			}
			return u.Path + "?" + q.Encode()
		},
		"itoa": itoa,
		// fieldMsg turns a field error into a message id: the domain's
		// short codes live under ws.error.
		"fieldMsg": func(code string) string {
			if strings.Contains(code, ".") {
				return code
			}
			return "ws.error." + code
		},
		"date": dateValue,
		"dict": dict,
		"list": func(items ...string) []string { return items },
		"now":  time.Now,
		"change": func(l *i18n.Localizer, now, before int64) string {
			pct, ok := sales.Change(now, before)
			return changeText(l, pct, ok)
		},
		// periodURL is a link to path for a period, grouping and format.
		// It is the whole href: a query string spliced into one after "?"
		// would be escaped by html/template as one value ("format%3dcsv…"),
		// and every export link would open this month's default.
		"periodURL": func(path string, p sales.Period, group, format string) string {
			v := url.Values{"period": {p.Kind}, "from": {sales.Day(p.From)}, "to": {sales.Day(p.Last())}}
			if group != "" {
				v.Set("group", group)
			}
			if format != "" {
				v.Set("format", format)
			}
			return path + "?" + v.Encode()
		},
		"whatsapp": whatsappURL,
		"deref":    func(t *time.Time) time.Time { return *t },
		// lastDay is the last day of a period whose end is exclusive.
		"lastDay":     func(until *time.Time) time.Time { return until.Add(-time.Second) },
		"shipsWithin": order.ShipsWithin,
		// ratio is part of whole as a percentage, or "—" when there is
		// no whole to take it of.
		"ratio": func(l *i18n.Localizer, part, whole int64) string {
			if whole <= 0 {
				return "—"
			}
			return l.Percent(float64(part) / float64(whole))
		},
		"timePtr": func(t time.Time) *time.Time { return &t },
		"toInt64": func(n int) int64 { return int64(n) },
		"cards":   newCardList,
		"i64":     i64,
		"day":     dayText,
		"lines":   func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n\n") },
	}
	pages := map[string]*pageTemplate{}
	err := fs.WalkDir(templates.FS, "pages", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		t, err := template.New("base").Funcs(funcs).ParseFS(templates.FS, "layouts/*.html", "partials/*.html", path)
		if err != nil {
			return err
		}
		pages[strings.TrimSuffix(strings.TrimPrefix(path, "pages/"), ".html")] = t
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	return pages, nil
}

// dict gathers key/value pairs into the one value a partial template
// receives, so a page passes a partial what it needs by name
// ({{template "pager" (dict "L" $L "URL" .URL "Listing" .Listing)}}) and no
// partial needs a helper of its own to bundle its arguments.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: %d arguments, want key/value pairs", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is a %T, want a string", kv[i], kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// newView starts a page's view with what the frame needs.
func (s *Server) newView(c *gin.Context, title string) view {
	v := view{
		L:         s.i18n.For(lang(c)),
		Title:     title,
		OGType:    "website",
		Path:      c.Request.URL.RequestURI(),
		Canonical: s.cfg.BaseURL + c.Request.URL.Path,
		RequestID: c.GetString(ctxRequestID),
		User:      currentUser(c),
	}
	// Forms need the session's token; a visitor without a session gets
	// none (see checkCSRF), so pages for them stay cacheable.
	if v.User != nil || hasSessionCookie(c.Request) {
		v.CSRF = s.csrfToken(c)
		v.Flash = s.sessions.PopString(c.Request.Context(), sessionFlash)
		v.Refusal = s.sessions.PopString(c.Request.Context(), sessionRefusal)
		v.CartCount = s.cartCount(c)
	}
	if cats, err := s.store.Categories(c.Request.Context()); err == nil {
		v.Categories = cats
	}
	return v
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 page rather than half a page.
func (s *Server) render(c *gin.Context, status int, page string, v view) {
	t, ok := s.pages[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		s.internalError(c)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", v); err != nil {
		s.log.Error("render", "page", page, "id", c.GetString(ctxRequestID), "err", err)
		if page == "errors/500" {
			c.String(http.StatusInternalServerError, "internal error")
			return
		}
		s.internalError(c)
		return
	}
	c.Header("Content-Language", v.L.Lang)
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// productCard is a product as a card shows it, prepared in Go: a listing
// shows dozens of cards, and a template reads fields far faster than it
// calls methods.
type productCard struct {
	URL, Title, Artisan, Price, Image string
	PriceVaries, OutOfStock           bool
}

// cardList is a grid of product cards with the words they share.
type cardList struct {
	Cards                     []productCard
	From, OutOfStock, NoImage string
}

func newCardList(l *i18n.Localizer, ps []catalog.Product) cardList {
	list := cardList{
		Cards: make([]productCard, len(ps)),
		From:  l.T("product.from"), OutOfStock: l.T("product.outofstock"), NoImage: l.T("product.noimage"),
	}
	for i, p := range ps {
		c := productCard{
			URL: "/products/" + p.Slug, Title: p.Title.In(l.Lang), Price: l.Rupiah(p.PriceFrom),
			PriceVaries: p.PriceVaries(), OutOfStock: !p.InStock(),
		}
		if p.Artisan != nil {
			c.Artisan = p.Artisan.Name
		}
		if img := p.Cover(); img != nil {
			c.Image = "/media/" + media.VariantKey(img.Key, media.Thumb)
		}
		list.Cards[i] = c
	}
	return list
}

// privatePage renders a page that is nobody's business but its reader's:
// kept out of search indexes, with the session's form token.
func (s *Server) privatePage(c *gin.Context, status int, page, title string, data any) {
	v := s.newView(c, title)
	v.NoIndex = true
	v.CSRF = s.csrfToken(c)
	v.Data = data
	s.render(c, status, page, v)
}

// whatsappURL opens a WhatsApp chat with an Indonesian phone number with
// text written in (wa.me wants the number with its country code, digits
// only: 0812… is 62812…), or is "" when the phone has too few digits to be
// one. Artisans and their buyers live on WhatsApp more than on e-mail.
func whatsappURL(phone, text string) string {
	var digits strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits.WriteRune(r)
		}
	}
	n := digits.String()
	switch {
	case strings.HasPrefix(n, "0"):
		n = "62" + n[1:]
	case strings.HasPrefix(n, "8"):
		n = "62" + n
	}
	if len(n) < 9 {
		return ""
	}
	return "https://wa.me/" + n + "?" + url.Values{"text": {text}}.Encode()
}
