package web

import (
	"github.com/gin-gonic/gin"
)

// routes lists every URL of the site, grouped by who may use it.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	r.RedirectTrailingSlash = true
	r.HandleMethodNotAllowed = true
	r.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders, s.language)
	r.NoRoute(s.notFound)
	r.NoMethod(s.methodNotAllowed)

	// Files: long-cached assets and stored media.
	r.GET("/static/*file", s.staticFile)
	r.HEAD("/static/*file", s.staticFile)
	r.GET("/media/*key", s.mediaFile)
	r.HEAD("/media/*key", s.mediaFile)

	// Operators and crawlers.
	r.GET("/healthz", s.healthz)
	r.GET("/robots.txt", s.robots)
	r.GET("/sitemap.xml", s.sitemap)

	// Public storefront; its pages are the same for every visitor without a
	// session, so they are cached.
	public := r.Group("/", s.cachePages)
	public.GET("/", s.home)
	public.GET("/products", s.productList)
	public.GET("/products/:slug", s.productPage)
	public.GET("/artisans", s.artisanList)
	public.GET("/artisans/:slug", s.artisanPage)
	r.GET("/lang/:lang", s.switchLanguage)

	// Public JSON API.
	api := r.Group("/api/v1")
	api.GET("/products", s.apiProducts)
	api.GET("/products/:slug", s.apiProduct)
	api.GET("/artisans", s.apiArtisans)
	api.GET("/artisans/:slug", s.apiArtisan)
	return r
}
