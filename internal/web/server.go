// Package web serves Kriya over HTTP: HTML pages for people and a JSON API
// under /api/v1. It is the only package that imports gin. Every URL is
// listed in routes.go.
package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"kriya/internal/app"
	"kriya/internal/config"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/web/status"
	"kriya/static"
)

// Deps is what the server is built from; run wires it.
type Deps struct {
	Config   config.Config
	App      *app.App      // the use cases: every change goes through it
	Store    *store.Store  // reads for pages
	Sessions scs.CtxStore  // server-side sessions, in the same database
	Files    media.Storage // public: product and artisan photos
	Private  media.Storage // permit documents, served only to their artisan and staff
	Log      *slog.Logger
	// Webhooks verifies the card provider's events (Stripe); nil when not
	// configured, and the store sells by bank transfer only.
	Webhooks payment.Webhooks
	// API serves /api/v1 (web/api); the site mounts it without knowing it.
	API http.Handler
}

// Server holds what every handler needs. Build it with New.
type Server struct {
	cfg      config.Config
	app      *app.App
	store    *store.Store
	files    media.Storage
	private  media.Storage
	webhooks payment.Webhooks
	api      http.Handler
	log      *slog.Logger
	i18n     *i18n.Bundle
	assets   *static.Assets
	pages    map[string]*pageTemplate
	cache    pageCache
	views    viewCounter

	sessions *scs.SessionManager
}

// New prepares a server: messages, assets and templates are loaded and
// parsed here, once, so a broken template stops the start, not a request.
func New(d Deps) (*Server, error) {
	cfg, st, files, log := d.Config, d.Store, d.Files, d.Log
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	assets, err := static.Load()
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	s := &Server{cfg: cfg, app: d.App, store: st, files: files, private: d.Private, webhooks: d.Webhooks, api: d.API,
		log: log, i18n: bundle, assets: assets,
		cache:    pageCache{entries: map[string]cachedPage{}},
		sessions: newSessions(d.Sessions, cfg),
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	s.sessions.ErrorFunc = s.sessionFailed
	return s, nil
}

// Handler is the whole site: routes behind sessions, browsers' cross-origin
// protection and compression.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	cop := http.NewCrossOriginProtection()
	return gzhttp.GzipHandler(cop.Handler(s.sessions.LoadAndSave(s.routes())))
}

// sessionCookie names the cookie holding the session token.
const sessionCookie = "kriya_session"

// newSessions configures server-side sessions: the cookie holds only a
// random token; a session ends after a day unused or a week in all.
func newSessions(store scs.CtxStore, cfg config.Config) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = 24 * time.Hour
	sm.Lifetime = 7 * 24 * time.Hour
	sm.Cookie.Name = sessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies()
	return sm
}

// sessionFailed answers a request whose session could not be loaded or
// saved with the site's 503 page (the database is out of reach) or 500
// page. It runs outside the router, before the session exists, so its
// page is the signed-out frame with the request's id and language.
func (s *Server) sessionFailed(w http.ResponseWriter, r *http.Request, err error) {
	id := newRequestID(r)
	code, title, page := http.StatusInternalServerError, "error.internal.title", "errors/500"
	if unavailable(err) {
		s.log.Warn("session: database unavailable", "id", id, "path", r.URL.Path, "err", err)
		w.Header().Set("Retry-After", status.RetryAfter)
		code, title, page = http.StatusServiceUnavailable, "error.unavailable.title", "errors/503"
	} else {
		s.log.Error("session", "id", id, "path", r.URL.Path, "err", err)
	}
	l := s.i18n.For(requestLang(r))
	v := view{L: l, Title: l.T(title), RequestID: id, NoIndex: true, Path: r.URL.RequestURI(), OGType: "website"}
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, "base", v); err != nil {
		s.log.Error("render", "page", page, "id", id, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	s.setSecurityHeaders(w.Header())
	w.Header().Set("X-Request-Id", id)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", l.Lang)
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// ListenAndServe serves until ctx is cancelled, then stops taking new
// connections and lets requests in flight finish.
func (s *Server) ListenAndServe(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads of large photos on slow phones
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	counting, stopCounting := context.WithCancel(ctx)
	flushed := make(chan struct{})
	go func() { s.flushViewsEvery(counting, time.Minute); close(flushed) }()
	defer func() { stopCounting(); <-flushed }() // the last counts are written before serve returns
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
