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

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/exhibition"
	"kriya/internal/i18n"
	"kriya/internal/ledger"
	"kriya/internal/mail"
	"kriya/internal/media"
	"kriya/internal/monev"
	"kriya/internal/order"
	"kriya/internal/payment"
	"kriya/internal/sales"
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

	CreateUser(ctx context.Context, u *account.User) error
	UserByEmail(ctx context.Context, email string) (account.User, error)
	UserByID(ctx context.Context, id int64) (account.User, error)
	Users(ctx context.Context, f account.UserFilter) ([]account.User, error)
	UpdateUser(ctx context.Context, u *account.User) error
	CreateToken(ctx context.Context, t *account.Token) error
	UseToken(ctx context.Context, purpose string, hash []byte) (account.Token, error)
	TokenUser(ctx context.Context, hash []byte) (account.User, error)
	APITokens(ctx context.Context, userID int64) ([]account.Token, error)
	RevokeToken(ctx context.Context, userID, tokenID int64) error
	Audit(ctx context.Context, e *account.AuditEntry) error
	AuditLog(ctx context.Context, f account.AuditFilter) ([]account.AuditEntry, error)
	Enqueue(ctx context.Context, m mail.Message) error

	ArtisanByID(ctx context.Context, id int64) (catalog.Artisan, error)
	ArtisanByApplicant(ctx context.Context, userID int64) (catalog.Artisan, error)
	ArtisansByStatus(ctx context.Context, status string) ([]catalog.Artisan, error)
	CreateApplication(ctx context.Context, a *catalog.Artisan, permits []artisan.Permit, applicant account.User) error
	UpdateApplication(ctx context.Context, a *catalog.Artisan, newPermits []artisan.Permit) error
	ChangeArtisanStatus(ctx context.Context, id int64, c artisan.Change) (string, error)
	StatusHistory(ctx context.Context, artisanID int64) ([]artisan.StatusChange, error)
	Permits(ctx context.Context, artisanID int64) ([]artisan.Permit, error)
	Permit(ctx context.Context, artisanID, permitID int64) (artisan.Permit, error)
	SetVacation(ctx context.Context, a *catalog.Artisan) error
	ArtisanListings(ctx context.Context, artisanID int64) ([]catalog.Product, error)
	ArtisanListing(ctx context.Context, artisanID, productID int64) (catalog.Product, error)
	ArtisanSKU(ctx context.Context, artisanID int64, code string) (catalog.SKU, error)
	SaveListing(ctx context.Context, p *catalog.Product) error
	ProposeChange(ctx context.Context, productID int64, prop catalog.Proposal) error
	LatestChange(ctx context.Context, productID int64) (catalog.ListingChange, error)
	ReviewQueue(ctx context.Context) ([]catalog.Product, []catalog.ListingChange, error)
	DecideListing(ctx context.Context, productID int64, approve bool, reason string) error
	DecideChange(ctx context.Context, changeID int64, approve bool, reason, staff string) (int64, error)

	Secret(ctx context.Context, name string) ([]byte, error)
	CartID(ctx context.Context, sessionKey string, userID *int64, create bool) (int64, error)
	Cart(ctx context.Context, cartID int64) (order.Cart, error)
	CartCount(ctx context.Context, sessionKey string, userID *int64) (int, error)
	SKUItems(ctx context.Context, codes []string) (map[string]order.CartItem, error)
	AddToCart(ctx context.Context, cartID, skuID int64, quantity int, priceSeen int64) error
	SetCartQuantity(ctx context.Context, cartID, skuID int64, quantity int, priceSeen int64) error
	MergeCart(ctx context.Context, fromCartID, intoCartID int64) error
	ShippingRates(ctx context.Context) (order.RateTable, error)
	SaveShippingRates(ctx context.Context, t order.RateTable) error
	PlaceOrder(ctx context.Context, o *order.Order, cartID int64, notify order.Notify) (bool, error)
	PlacedOrder(ctx context.Context, key string) (order.Order, error)
	OrderByNumber(ctx context.Context, number string) (order.Order, error)
	Orders(ctx context.Context, f order.Filter) ([]order.Order, error)
	ExpireDue(ctx context.Context, notify order.Notify) (int, error)
	CancelUnpaid(ctx context.Context, orderID int64, actor string, notify order.Notify) error
	RecordPayment(ctx context.Context, orderID int64, p order.Payment, bp int, notify order.Notify) (string, error)
	SetCheckoutSession(ctx context.Context, orderID int64, sessionID string) error
	ApplyCardEvent(ctx context.Context, ev payment.Event, bp int, paid, expired order.Notify) (bool, error)
	FlagOrder(ctx context.Context, orderID int64, kind, note string) error
	RecordRefund(ctx context.Context, r order.Refund, restock bool, bp int, notify order.Notify) error
	Ledger(ctx context.Context, artisanID int64) ([]ledger.Entry, error)
	Balances(ctx context.Context) (map[int64]int64, error)
	Settle(ctx context.Context, e ledger.Entry) error
	OrderPayments(ctx context.Context, orderID int64) ([]order.Payment, error)

	SalesRows(ctx context.Context, group, from, to string, artisanID int64) ([]sales.Row, error)
	ProductTitles(ctx context.Context, ids []int64) (map[int64]catalog.Text, error)
	FulfilmentStats(ctx context.Context, artisanID int64, from, to time.Time) (order.Stats, error)
	CreateExhibition(ctx context.Context, e *exhibition.Exhibition) error
	Exhibitions(ctx context.Context) ([]exhibition.Exhibition, error)
	Exhibition(ctx context.Context, id int64) (exhibition.Exhibition, error)
	SetParticipant(ctx context.Context, p exhibition.Participant) error
	Participants(ctx context.Context, exhibitionID int64) ([]exhibition.Participant, error)
	ArtisanExhibitions(ctx context.Context, artisanID int64) ([]exhibition.Participant, error)
	RecordStandSale(ctx context.Context, sale *exhibition.Sale) error
	StandSales(ctx context.Context, exhibitionID int64) ([]exhibition.Sale, error)
	ArtisanOrders(ctx context.Context, artisanID int64, status string) ([]order.Order, error)
	ArtisanOrder(ctx context.Context, artisanID, fulfilmentID int64) (order.Order, error)
	ShipFulfilment(ctx context.Context, artisanID, fulfilmentID int64, courier, tracking string, notify order.Notify) error
	DeliverFulfilment(ctx context.Context, artisanID, fulfilmentID int64) error
	CancelLine(ctx context.Context, artisanID, lineID int64, reason string, restock bool, notify order.Notify) error

	CreateVisit(ctx context.Context, v *monev.Visit) error
	SaveVisit(ctx context.Context, v *monev.Visit, opened []monev.FollowUp) error
	Visit(ctx context.Context, id int64) (monev.Visit, error)
	Visits(ctx context.Context, f monev.Filter) ([]monev.Visit, error)
	ChangeVisitStatus(ctx context.Context, id int64, from, to string, userID int64, measured *monev.Measured) error
	FollowUps(ctx context.Context, f monev.FollowUpFilter) ([]monev.FollowUp, error)
	FollowUpCounts(ctx context.Context, p sales.Period) (opened, closed int64, err error)
	UpdateFollowUp(ctx context.Context, visitID int64, f monev.FollowUp) error
	AddAttachment(ctx context.Context, a *monev.Attachment) error
	Attachments(ctx context.Context, visitID int64) ([]monev.Attachment, error)
	LastVisits(ctx context.Context) (map[int64]string, error)
}

// Deps is what the server is built from; run wires it.
type Deps struct {
	Config   config.Config
	Store    Store
	Sessions scs.CtxStore  // server-side sessions, in the same database
	Files    media.Storage // public: product and artisan photos
	Private  media.Storage // permit documents, served only to their artisan and staff
	Log      *slog.Logger
	// Card and Webhooks take card payments (Stripe); nil when not
	// configured, and the store sells by bank transfer only.
	Card     payment.Card
	Webhooks payment.Webhooks
}

// Server holds what every handler needs. Build it with New.
type Server struct {
	cfg      config.Config
	store    Store
	files    media.Storage
	private  media.Storage
	card     payment.Card
	webhooks payment.Webhooks
	log      *slog.Logger
	i18n     *i18n.Bundle
	assets   *static.Assets
	pages    map[string]*pageTemplate
	cache    pageCache

	sessions       *scs.SessionManager
	linkKey        []byte    // signs buyers' order links; loaded at start, never inside a transaction
	loginThrottle  *throttle // failed sign-ins per account
	clientThrottle *throttle // failed sign-ins per client address, which may be a whole office
	resetThrottle  *throttle // reset e-mails per address
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
	s := &Server{cfg: cfg, store: st, files: files, private: d.Private, card: d.Card, webhooks: d.Webhooks, log: log, i18n: bundle, assets: assets,
		cache:          pageCache{entries: map[string]cachedPage{}},
		sessions:       newSessions(d.Sessions, cfg, log),
		loginThrottle:  newThrottle(5, 3*time.Minute),
		clientThrottle: newThrottle(30, 20*time.Second),
		resetThrottle:  newThrottle(3, 20*time.Minute),
	}
	if s.pages, err = s.parsePages(); err != nil {
		return nil, err
	}
	if s.linkKey, err = st.Secret(context.Background(), "order-links"); err != nil {
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
			w.Header().Set("Retry-After", retryAfter)
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
