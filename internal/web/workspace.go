package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/order"
	"kriya/internal/sales"
)

// workspace is the shop being managed by a request: the artisan's own,
// under /artisan, or one staff manage for an artisan (assisted mode),
// under /council/artisans/:artisan. The listing handlers serve both.
type workspace struct {
	Artisan catalog.Artisan
	Base    string        // URL prefix of the workspace's pages
	Staff   *account.User // set in assisted mode
	Unread  int64         // the artisan's unread notifications (its own workspace only)
}

const ctxWorkspace = "workspace"

// worker is the workspace as the use cases know it: who works the shop,
// and whether staff do it on the artisan's behalf.
func (ws workspace) worker(c *gin.Context) app.Workspace {
	return app.Workspace{Artisan: ws.Artisan, By: *currentUser(c), Assisted: ws.Staff != nil}
}

func currentWorkspace(c *gin.Context) workspace {
	ws, _ := c.Get(ctxWorkspace)
	return ws.(workspace)
}

// ownWorkspace opens the signed-in artisan's own shop. Ownership is the
// user's link to the artisan; nothing in the URL names an artisan.
func (s *Server) ownWorkspace(c *gin.Context) {
	u := currentUser(c)
	if u.ArtisanID == nil {
		s.forbidden(c)
		return
	}
	a, err := s.store.ArtisanByID(c.Request.Context(), *u.ArtisanID)
	if err != nil {
		s.fail(c, err) // ends the chain: error pages abort
		return
	}
	unread, err := s.store.UnreadNotifications(c.Request.Context(), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxWorkspace, workspace{Artisan: a, Base: "/artisan", Unread: unread})
	c.Next()
}

// assistedWorkspace opens an artisan's shop for staff working on its
// behalf; every change they make is audited and shown to the artisan.
func (s *Server) assistedWorkspace(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("artisan"), 10, 64)
	a, err := s.store.ArtisanByID(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err) // ends the chain: error pages abort
		return
	}
	c.Set(ctxWorkspace, workspace{Artisan: a, Base: "/council/artisans/" + c.Param("artisan"), Staff: currentUser(c)})
	c.Next()
}

// dashboardData is the artisan's home: what needs attention.
type dashboardData struct {
	WS       workspace
	Pending  []catalog.Product
	Rejected []catalog.Product
	LowStock []lowStock
	Listings int
	ToShip   int   // paid parts waiting to be packed
	MonthNet int64 // this month's net sales
	Vacation *form
}

type lowStock struct {
	Product catalog.Product
	SKU     catalog.SKU
}

// lowStockLevel is the stock at which a SKU shows on the dashboard.
const lowStockLevel = 2

func (s *Server) workspaceHome(c *gin.Context) {
	s.showWorkspaceHome(c, http.StatusOK, emptyForm())
}

func (s *Server) showWorkspaceHome(c *gin.Context, status int, vacation *form) {
	ws := currentWorkspace(c)
	listings, err := s.store.ArtisanListings(c.Request.Context(), ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := dashboardData{WS: ws, Vacation: vacation}
	toShip, err := s.store.ArtisanOrders(c.Request.Context(), ws.Artisan.ID, order.FulfilmentToPack)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.ToShip = len(toShip)
	month, _ := sales.ParsePeriod(sales.PeriodMonth, "", "", time.Now())
	total, err := s.app.SalesTotal(c.Request.Context(), s.i18n.For(lang(c)), month, ws.Artisan.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.MonthNet = total.Net()
	for _, p := range listings {
		switch p.Status {
		case catalog.ProductPending:
			d.Pending = append(d.Pending, p)
		case catalog.ProductRejected:
			d.Rejected = append(d.Rejected, p)
		case catalog.ProductActive:
			d.Listings++
			for _, k := range p.SKUs {
				if k.Stock <= lowStockLevel {
					d.LowStock = append(d.LowStock, lowStock{p, k})
				}
			}
		}
	}
	if len(vacation.Values) == 0 {
		vacation.Values.Set("from", dateValue(ws.Artisan.VacationFrom))
		vacation.Values.Set("until", dateValue(ws.Artisan.VacationUntil))
		vacation.Values.Set("message", ws.Artisan.VacationMessage)
	}
	s.privatePage(c, status, "workspace/home", ws.Artisan.Name, d)
}

// setVacation saves the shop's vacation dates and message; empty dates end
// the vacation.
func (s *Server) setVacation(c *gin.Context) {
	ws := currentWorkspace(c)
	f := newForm(c)
	a := ws.Artisan
	a.VacationFrom, a.VacationUntil, a.VacationMessage = nil, nil, f.Get("message")
	if f.Get("from") != "" || f.Get("until") != "" {
		from, err1 := time.ParseInLocation("2006-01-02", f.Get("from"), i18n.WITA)
		until, err2 := time.ParseInLocation("2006-01-02", f.Get("until"), i18n.WITA)
		f.Check(err1 == nil, "from", "ws.error.date")
		f.Check(err2 == nil, "until", "ws.error.date")
		f.Check(err1 != nil || err2 != nil || !until.Before(from), "until", "ws.error.date_order")
		a.VacationFrom, a.VacationUntil = &from, &until
	}
	f.Check(len(a.VacationMessage) <= 500, "message", "form.too_long")
	if !f.Valid() {
		s.showWorkspaceHome(c, http.StatusUnprocessableEntity, f)
		return
	}
	if err := s.store.SetVacation(c.Request.Context(), &a); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "ws.vacation.saved")
	c.Redirect(http.StatusSeeOther, ws.Base)
}

func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(i18n.WITA).Format("2006-01-02")
}
