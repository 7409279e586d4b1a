// Package web serves Kriya over HTTP: HTML pages for people and a JSON API
// under /api/v1. It is the only package that imports gin. Every URL is
// listed in routes.go.
package web

import (
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
		sessions: newSessions(d.Sessions, cfg, log),
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
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
func newSessions(store scs.CtxStore, cfg config.Config, log *slog.Logger) *scs.SessionManager {
	sm := scs.New()
	sm.Store = store
	sm.IdleTimeout = 24 * time.Hour
	sm.Lifetime = 7 * 24 * time.Hour
	sm.Cookie.Name = sessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies()
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		if unavailable(err) {
			log.Warn("session: database unavailable", "path", r.URL.Path, "err", err)
			w.Header().Set("Retry-After", status.RetryAfter)
			http.Error(w, "temporarily unavailable, try again in a minute", http.StatusServiceUnavailable)
			return
		}
		log.Error("session", "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
	return sm
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
