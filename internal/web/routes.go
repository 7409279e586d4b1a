package web

import (
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/media"
)

// routes lists every URL of the site, grouped by who may use it. Every
// route is also listed, with who may reach it, in the authorization test.
func (s *Server) routes() *gin.Engine {
	r := gin.New()
	r.RedirectTrailingSlash = true
	r.HandleMethodNotAllowed = true
	// Client addresses come from the connection, or from X-Forwarded-For
	// when the connection is from a configured proxy.
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		panic(err) // validated in config.Load
	}
	r.MaxMultipartMemory = formMemory
	// Routes that take files add their body limits here as they are
	// declared below; the middleware reads the map only once serving.
	limits := bodyLimits{}
	r.Use(s.requestID, s.logRequests, s.recoverPanics, s.securityHeaders, s.limitBody(limits))

	// The JSON API (web/api) answers for itself under /api/v1: bearer
	// tokens, JSON errors, no session or form token.
	r.Any(apiPrefix+"*path", gin.WrapH(s.api))

	r.Use(s.language, s.authenticate, s.checkCSRF)
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
	public := r.Group("/", s.countViews, s.cachePages)
	public.GET("/", s.home)
	public.GET("/products", s.productList)
	public.GET("/products/:slug", s.productPage)
	public.GET("/artisans", s.artisanList)
	public.GET("/artisans/:slug", s.artisanPage)

	// Buying, for anyone: cart, checkout, and the order by its signed link.
	r.GET("/cart", s.cartPage)
	r.POST("/cart", s.updateCart)
	r.POST("/cart/items", s.addToCart)
	r.GET("/checkout", s.checkoutForm)
	r.POST("/checkout", s.checkout)
	r.GET("/orders/:number", s.orderPage)
	r.POST("/orders/:number/cancel", s.cancelOrder)
	r.POST("/orders/:number/transfer", s.promiseTransfer)
	r.POST("/orders/:number/pay", s.payOrder)

	// Stripe's events, verified by signature (no session, no cookie).
	r.POST("/webhooks/stripe", s.stripeWebhook)

	// Signing up and in, for anyone.
	r.GET("/lang/:lang", s.switchLanguage)
	r.GET("/signup", s.signupForm)
	r.POST("/signup", s.signup)
	r.GET("/login", s.loginForm)
	r.POST("/login", s.login)
	r.POST("/logout", s.logout)
	r.GET("/password/forgot", s.forgotForm)
	r.POST("/password/forgot", s.forgot)
	r.GET("/password/reset/:token", s.resetForm)
	r.POST("/password/reset/:token", s.reset)

	// Any signed-in user.
	signedIn := r.Group("/account", s.requireRole(account.Roles...))
	signedIn.GET("", s.accountPage)
	signedIn.POST("/password", s.changePassword)
	signedIn.POST("/tokens", s.createToken)
	signedIn.POST("/tokens/:id/revoke", s.revokeToken)

	// Applying to become a binaan artisan, and the applicant's documents.
	signedInRoot := r.Group("/", s.requireRole(account.Roles...))
	signedInRoot.GET("/apply", s.applyPage)
	limits.post(signedInRoot, "/apply", applyBody, s.apply)
	signedInRoot.GET("/permits/:artisan/:permit", s.permitDocument)

	// The artisan's workspace: its own shop only.
	artisanOnly := r.Group("/artisan", s.requireRole(account.RoleArtisan), s.ownWorkspace)
	artisanOnly.GET("", s.workspaceHome)
	artisanOnly.POST("/vacation", s.setVacation)
	artisanOnly.GET("/notifications", s.notifications)
	artisanOnly.POST("/notifications/settings", s.saveNotifySettings)
	artisanOnly.GET("/exhibitions", s.artisanExhibitions)
	artisanOnly.POST("/exhibitions/:id/apply", s.applyToExhibition)
	artisanOnly.POST("/exhibitions/:id/receipts", s.recordReceipt)
	artisanOnly.GET("/exhibitions/:id/receipts/:receipt", s.receiptPage)
	artisanOnly.POST("/exhibitions/:id/receipts/:receipt", s.correctReceipt)
	artisanOnly.GET("/monev", s.artisanVisits)
	s.readVisitRoutes(artisanOnly.Group("/monev/:id"))
	s.listingRoutes(artisanOnly, limits)
	s.fulfilmentRoutes(artisanOnly)

	// Council staff: the supervision register, curation, and assisted mode
	// (an artisan's workspace, worked by staff).
	staffOnly := r.Group("/council", s.requireRole(account.RoleStaff, account.RoleAdmin))
	staffOnly.GET("/artisans", s.councilArtisans)
	staffOnly.GET("/reviews", s.reviewQueue)
	staffOnly.POST("/reviews/:kind/:id", s.decideReview)
	staffOnly.GET("/orders", s.councilOrders)
	staffOnly.GET("/orders/:number", s.councilOrder)
	staffOnly.POST("/orders/:number/payments", s.confirmPayment)
	staffOnly.POST("/orders/:number/refunds", s.refund)
	staffOnly.GET("/money", s.councilMoney)
	staffOnly.POST("/money/:id/retry", s.retryMovement)
	staffOnly.GET("/balances", s.councilBalances)
	staffOnly.GET("", s.councilDashboard)
	staffOnly.GET("/sales/export", s.salesExport)
	staffOnly.GET("/exhibitions", s.councilExhibitions)
	staffOnly.POST("/exhibitions", s.createExhibition)
	staffOnly.GET("/exhibitions/:id", s.councilExhibition)
	staffOnly.POST("/exhibitions/:id/participants", s.setParticipant)
	staffOnly.POST("/exhibitions/:id/receipts", s.recordReceipt)
	staffOnly.GET("/exhibitions/:id/receipts/:receipt", s.receiptPage)
	staffOnly.POST("/exhibitions/:id/receipts/:receipt", s.correctReceipt)
	staffOnly.GET("/exhibitions/:id/recap", s.exhibitionRecap)
	staffOnly.GET("/monev", s.councilVisits)
	staffOnly.POST("/monev", s.createVisit)
	staffOnly.GET("/monev/due", s.monevDue)
	staffOnly.GET("/monev/summary", s.monevSummary)
	visit := staffOnly.Group("/monev/:id")
	s.readVisitRoutes(visit)
	visit.GET("/edit", s.editVisitForm)
	visit.POST("", s.saveVisit)
	visit.POST("/status", s.changeVisitStatus)
	visit.POST("/follow-ups/:fid", s.updateFollowUp)
	limits.post(visit, "/attachments", attachmentBody, s.addAttachment)
	staffOnly.GET("/rates", s.ratesPage)
	staffOnly.POST("/rates", s.saveRates)
	assisted := staffOnly.Group("/artisans/:artisan", s.assistedWorkspace)
	assisted.GET("", s.councilArtisan)
	assisted.POST("/status", s.changeArtisanStatus)
	s.listingRoutes(assisted, limits)
	s.fulfilmentRoutes(assisted)
	assisted.POST("/balance/settle", s.settle)

	// Admins.
	adminOnly := r.Group("/admin", s.requireRole(account.RoleAdmin))
	adminOnly.GET("/users", s.adminUsers)
	adminOnly.POST("/users", s.createStaff)
	adminOnly.POST("/users/:id", s.updateUser)
	adminOnly.GET("/audit", s.adminAudit)
	adminOnly.GET("/council", s.councilSettings)
	limits.post(adminOnly, "/council", councilBody, s.saveCouncilSettings)

	for route := range limits {
		if !slices.ContainsFunc(r.Routes(), func(ri gin.RouteInfo) bool { return ri.Method+" "+ri.Path == route }) {
			panic("web: body limit for an unknown route " + route) // a typo in bodyLimits.post
		}
	}
	return r
}

// Body limits of the routes that take files: their largest legal files,
// and a small form's worth for the fields.
const (
	// A listing's photos, all at once.
	listingBody = catalog.MaxPhotos*media.MaxPhotoBytes + smallBody
	// A monev attachment: one photo or document.
	attachmentBody = max(media.MaxPhotoBytes, media.MaxDocumentBytes) + smallBody
	// A CSV import, whose file the parser caps itself.
	importBody = catalog.MaxImportBytes + smallBody
)

// applyBody is an application's: the workshop photo and a document for
// every permit.
var applyBody = int64(media.MaxPhotoBytes + len(artisan.PermitKinds)*media.MaxDocumentBytes + smallBody)

// fulfilmentRoutes are a workspace's order pages: to pack, ship, deliver
// and cancel lines, for the artisan and for staff in assisted mode.
func (s *Server) fulfilmentRoutes(ws *gin.RouterGroup) {
	ws.GET("/balance", s.workspaceBalance)
	ws.GET("/balance/export", s.balanceExport)
	ws.GET("/balance/payouts/:entry/pdf", s.payoutStatement)
	ws.GET("/performance", s.performance)
	ws.GET("/performance/export", s.salesExport)
	ws.GET("/orders", s.workspaceOrders)
	ws.GET("/orders/:id", s.fulfilmentPage)
	ws.GET("/orders/:id/slip", s.packingSlip)
	ws.POST("/orders/:id/ship", s.shipFulfilment)
	ws.POST("/orders/:id/deliver", s.deliverFulfilment)
	ws.POST("/orders/:id/cancel-line", s.cancelLine)
}

// readVisitRoutes are a monev record's pages for its readers: staff, and
// the artisan it is about (visitOf checks which).
func (s *Server) readVisitRoutes(visit *gin.RouterGroup) {
	visit.GET("", s.visitPage)
	visit.GET("/print", s.visitPrint)
	visit.GET("/pdf", s.visitPDF)
	visit.GET("/attachments/:att", s.attachmentFile)
}

// listingRoutes are the listing pages of a workspace, mounted for the
// artisan and for staff in assisted mode.
func (s *Server) listingRoutes(ws *gin.RouterGroup, limits bodyLimits) {
	ws.GET("/products", s.workspaceListings)
	ws.POST("/products/bulk", s.bulkUpdate)
	ws.GET("/products/new", s.newListingForm)
	limits.post(ws, "/products/new", listingBody, s.createListing)
	ws.GET("/products/:id", s.editListingForm)
	limits.post(ws, "/products/:id", listingBody, s.updateListing)
	ws.POST("/products/:id/archive", s.archiveListing)
	ws.POST("/products/:id/duplicate", s.duplicateListing)
	ws.GET("/products/:id/preview", s.listingPreview)
	ws.GET("/import", s.importForm)
	limits.post(ws, "/import", importBody, s.importListings)
	ws.GET("/import/template.csv", s.importTemplate)
}

// apiPrefix is where the JSON API is mounted.
const apiPrefix = "/api/v1/"

// Routes lists every "METHOD /path" the site serves, the API's included,
// for the test that checks each against the authorization table.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.routes().Routes() {
		if !strings.HasPrefix(r.Path, apiPrefix) {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	if api, ok := s.api.(interface{ Routes() []string }); ok {
		out = append(out, api.Routes()...)
	}
	return out
}
