// Package api is Kriya's JSON API under /api/v1, for integrations (a
// province's system, reporting tools) and tests. It authenticates by
// bearer token only — never by cookie, so no request can be forged from a
// browser — answers every error as {"error":{"code","message","fields"}},
// and calls the same use cases (app) as the HTML site, which it does not
// know. The JSON shapes are a public contract: extend them, never rename
// or remove a field.
package api

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/config"
	"kriya/internal/i18n"
	"kriya/internal/store"
)

// API serves /api/v1. Build it with New.
type API struct {
	cfg    config.Config
	app    *app.App
	store  *store.Store // reads
	log    *slog.Logger
	i18n   *i18n.Bundle
	engine *gin.Engine
}

// Deps is what the API is built from; run wires it.
type Deps struct {
	Config config.Config
	App    *app.App
	Store  *store.Store
	Log    *slog.Logger
}

// New prepares the API and its routes.
func New(d Deps) (*API, error) {
	bundle, err := i18n.NewBundle()
	if err != nil {
		return nil, err
	}
	api := &API{cfg: d.Config, app: d.App, store: d.Store, log: d.Log, i18n: bundle}
	api.engine = api.routes()
	// The client address (per-client order limits, sign-in throttling)
	// comes from X-Forwarded-For only when a trusted proxy sent it, as on
	// the site; gin's default trusts every sender, so anyone could claim
	// any address.
	if err := api.engine.SetTrustedProxies(d.Config.TrustedProxies); err != nil {
		return nil, fmt.Errorf("api: trusted proxies: %w", err)
	}
	return api, nil
}

// ServeHTTP answers a request under /api/v1. The site mounts the API
// behind its request id, logging, panic recovery and body limit.
func (api *API) ServeHTTP(w http.ResponseWriter, r *http.Request) { api.engine.ServeHTTP(w, r) }

// routes lists every URL of the API, grouped by who may use it.
func (api *API) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(api.recoverPanics, api.authenticate)
	r.NoRoute(func(c *gin.Context) { api.refuse(c, http.StatusNotFound, "not_found", "no such API endpoint", nil) })
	r.NoMethod(func(c *gin.Context) {
		api.refuse(c, http.StatusMethodNotAllowed, "method_not_allowed", "method not allowed", nil)
	})

	// Anyone: the public catalog, tokens, placing and reading one's order.
	v1 := r.Group("/api/v1")
	v1.GET("/products", api.products)
	v1.GET("/products/:slug", api.product)
	v1.GET("/artisans", api.artisans)
	v1.GET("/artisans/:slug", api.artisan)
	v1.POST("/tokens", api.createToken)
	v1.POST("/orders", api.placeOrder)
	v1.GET("/orders/:number", api.getOrder)

	// The holder of any token.
	v1.GET("/me", api.requireRole(account.Roles...), api.me)

	// Council staff.
	staffOnly := v1.Group("/council", api.requireRole(account.RoleStaff, account.RoleAdmin))
	staffOnly.POST("/orders/:number/payments", api.confirmPayment)
	staffOnly.GET("/sales", api.sales)
	staffOnly.GET("/visits", api.councilVisits)

	// An artisan: its own shop only.
	artisanOnly := v1.Group("/artisan", api.requireRole(account.RoleArtisan), api.ownArtisan)
	artisanOnly.GET("/products", api.artisanProducts)
	artisanOnly.POST("/products", api.createListing)
	artisanOnly.PATCH("/skus/:sku", api.patchSKU)
	artisanOnly.GET("/orders", api.artisanOrders)
	artisanOnly.GET("/visits", api.artisanVisits)
	return r
}

// Routes lists every "METHOD /path" the API serves, for the test that
// checks each against the authorization table.
func (api *API) Routes() []string {
	var out []string
	for _, r := range api.engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}
