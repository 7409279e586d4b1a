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

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzhttp"

	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/i18n"
	"kriya/internal/media"
	"kriya/static"
)

// Store is what the web layer reads and writes. *store.Store implements it;
// the interface keeps handlers independent of SQL.
type Store interface {
	Ping(ctx context.Context) error
	Generation() uint64
	Categories(ctx context.Context) ([]catalog.Category, error)
	CategoryBySlug(ctx context.Context, slug string) (catalog.Category, error)
	Artisans(ctx context.Context) ([]catalog.Artisan, error)
	ArtisanBySlug(ctx context.Context, slug string) (catalog.Artisan, error)
	Products(ctx context.Context, q catalog.Query) (catalog.Listing, error)
	ProductBySlug(ctx context.Context, slug string) (catalog.Product, error)
	SitemapProducts(ctx context.Context) ([]catalog.Product, error)
}

// Server holds what every handler needs. Build it with New.
type Server struct {
	cfg    config.Config
	store  Store
	files  media.Storage
	log    *slog.Logger
	i18n   *i18n.Bundle
	assets *static.Assets
	pages  map[string]*pageTemplate
	cache  pageCache
}

// New prepares a server: messages, assets and templates are loaded and
// parsed here, once, so a broken template stops the start, not a request.
func New(cfg config.Config, st Store, files media.Storage, log *slog.Logger) (*Server, error) {
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	assets, err := static.Load()
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	s := &Server{cfg: cfg, store: st, files: files, log: log, i18n: bundle, assets: assets,
		cache: pageCache{entries: map[string]cachedPage{}}}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the whole site: routes behind compression.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	return gzhttp.GzipHandler(s.routes())
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
