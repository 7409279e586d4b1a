package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/fault"
	"kriya/internal/i18n"
	"kriya/internal/order"
)

type apiAddress struct {
	Line1      string `json:"line1"`
	Notes      string `json:"notes,omitempty"`
	Kelurahan  string `json:"kelurahan"`
	Kecamatan  string `json:"kecamatan"`
	City       string `json:"city"`
	Province   string `json:"province"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
}

type apiOrderRequest struct {
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	Phone         string     `json:"phone"`
	Address       apiAddress `json:"address"`
	Pickup        bool       `json:"pickup"`
	PaymentMethod string     `json:"payment_method"`
	Items         []struct {
		SKU      string `json:"sku"`
		Quantity int    `json:"quantity"`
	} `json:"items"`
}

type apiOrder struct {
	Number      string          `json:"number"`
	Status      string          `json:"status"`
	Subtotal    int64           `json:"subtotal"`
	Shipping    int64           `json:"shipping"`
	Total       int64           `json:"total"`
	Currency    string          `json:"currency"`
	Items       []apiOrderItem  `json:"items"`
	Fulfilments []apiFulfilment `json:"fulfilments"`
	Payment     apiOrderPayment `json:"payment"`
	ExpiresAt   *time.Time      `json:"expires_at,omitempty"`
	PaidAt      *time.Time      `json:"paid_at,omitempty"`
}

type apiOrderItem struct {
	SKU       string `json:"sku"`
	Title     string `json:"title"`
	Label     string `json:"label"`
	Price     int64  `json:"price"`
	Quantity  int    `json:"quantity"`
	Cancelled bool   `json:"cancelled,omitempty"`
}

type apiFulfilment struct {
	ID       int64  `json:"id"`
	Artisan  string `json:"artisan"`
	Status   string `json:"status"`
	Shipping int64  `json:"shipping"`
	Courier  string `json:"courier,omitempty"`
	Tracking string `json:"tracking,omitempty"`
}

type apiOrderPayment struct {
	Method      string `json:"method"`
	RedirectURL string `json:"redirect_url"`
}

func (api *API) order1(o order.Order) apiOrder {
	out := apiOrder{Number: o.Number, Status: o.Status, Subtotal: o.Subtotal, Shipping: o.Shipping, Total: o.Total, Currency: "IDR",
		Items: []apiOrderItem{}, Fulfilments: []apiFulfilment{}, PaidAt: o.PaidAt,
		Payment: apiOrderPayment{Method: o.PaymentMethod, RedirectURL: api.cfg.BaseURL + api.app.OrderLink(o.Number)}}
	if o.Status == order.PendingPayment {
		out.ExpiresAt = &o.ExpiresAt
	}
	for _, l := range o.Lines {
		out.Items = append(out.Items, apiOrderItem{SKU: l.SKUCode, Title: l.Title, Label: l.Label, Price: l.Price, Quantity: l.Quantity, Cancelled: l.Cancelled})
	}
	for _, f := range o.Fulfilments {
		out.Fulfilments = append(out.Fulfilments, apiFulfilment{ID: f.ID, Artisan: f.ArtisanName, Status: f.Status, Shipping: f.Shipping, Courier: f.Courier, Tracking: f.Tracking})
	}
	return out
}

// placeOrder places an order for SKUs by code. An Idempotency-Key header
// makes retries of the same order by the same requester (the token's
// holder, else the e-mail) return the first order; the key with another
// body is a 422. Out of stock → 409; over the limits on unpaid orders
// (app.PlaceOrder) → 429.
func (api *API) placeOrder(c *gin.Context) {
	var req apiOrderRequest
	if !api.readJSON(c, &req, "send a JSON order: see /api/v1 documentation in the README") {
		return
	}
	if len(req.Items) == 0 || len(req.Items) > 100 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "the order needs 1 to 100 items", map[string]string{"items": "required"})
		return
	}
	codes := make([]string, len(req.Items))
	for i, it := range req.Items {
		codes[i] = it.SKU
	}
	found, err := api.store.SKUItems(c.Request.Context(), codes)
	if err != nil {
		api.fail(c, err)
		return
	}
	fields := map[string]string{}
	var cart order.Cart
	for i, it := range req.Items {
		item, ok := found[it.SKU]
		switch {
		case !ok:
			fields["items."+strconv.Itoa(i)+".sku"] = "no such SKU"
			continue
		case it.Quantity < 1 || it.Quantity > order.MaxQuantity:
			fields["items."+strconv.Itoa(i)+".quantity"] = "must be 1 to 99"
			continue
		}
		item.Quantity = it.Quantity
		cart.Items = append(cart.Items, item)
	}
	if len(fields) > 0 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "some items cannot be ordered", fields)
		return
	}
	checked, notices := cart.Check(time.Now())
	for _, n := range notices {
		if n.Kind != order.NoticePrice {
			api.refuse(c, http.StatusConflict, codeOutOfStock, "not enough stock for "+n.Title+" "+n.Label, nil)
			return
		}
	}
	r := app.Checkout{Email: strings.ToLower(strings.TrimSpace(req.Email)), Name: strings.TrimSpace(req.Name), Phone: strings.TrimSpace(req.Phone),
		Address: order.Address{Street: req.Address.Line1, Notes: req.Address.Notes, Kelurahan: req.Address.Kelurahan, Kecamatan: req.Address.Kecamatan,
			City: req.Address.City, Province: req.Address.Province, PostalCode: req.Address.PostalCode, Country: strings.ToUpper(req.Address.Country)},
		Pickup: req.Pickup, Method: req.PaymentMethod, Key: c.GetHeader("Idempotency-Key"), Lang: lang(c), Client: c.ClientIP()}
	if u := currentUser(c); u != nil {
		r.Requester = fmt.Sprintf("token-user:%d", u.ID) // the key is the token holder's; without a token, the e-mail's
	}
	if r.Address.Country == "" {
		r.Address.Country = order.Indonesia
	}
	o, err := api.app.BuildOrder(c.Request.Context(), checked, r)
	if errs := fault.FieldsOf(err); len(errs) > 0 {
		for k, v := range errs {
			if k == "street" {
				k = "address.line1"
			} else if k == "cart" {
				k = "items"
			} else if k != "email" && k != "name" && k != "phone" && k != "payment_method" && k != "delivery" {
				k = "address." + k
			}
			fields[k] = api.i18n.For("en").T(v)
		}
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "the order cannot be placed", fields)
		return
	}
	if err != nil {
		api.fail(c, err)
		return
	}
	err = api.app.PlaceOrder(c.Request.Context(), &o, 0)
	var stockErr *order.StockError
	switch {
	case errors.As(err, &stockErr):
		api.refuse(c, http.StatusConflict, codeOutOfStock, "not enough stock for "+stockErr.Title, map[string]string{"sku": stockErr.SKU})
		return
	case errors.Is(err, order.ErrPriceChanged):
		api.refuse(c, http.StatusConflict, codePriceChanged, "a price changed; fetch the product and order again", nil)
		return
	case err != nil:
		api.fail(c, err)
		return
	}
	out := api.order1(o)
	if o.PaymentMethod == order.MethodStripe && o.Status == order.PendingPayment {
		url, err := api.app.StartCard(c.Request.Context(), o)
		if err != nil {
			api.log.Error("card checkout", "order", o.Number, "err", err)
			api.refuse(c, http.StatusBadGateway, codeUnavailable, "the order is placed but card payment is unavailable; pay from "+out.Payment.RedirectURL, nil)
			return
		}
		out.Payment.RedirectURL = url
	}
	c.JSON(http.StatusCreated, out)
}

// getOrder shows an order to the buyer who placed it: the e-mail given
// must match. Any other combination is simply not found.
func (api *API) getOrder(c *gin.Context) {
	o, err := api.store.OrderByNumber(c.Request.Context(), c.Param("number"))
	if err != nil || !strings.EqualFold(o.Email, strings.TrimSpace(c.Query("email"))) {
		api.notFound(c)
		return
	}
	c.JSON(http.StatusOK, api.order1(o))
}

// artisanOrders lists the artisan's parts of orders.
func (api *API) artisanOrders(c *gin.Context) {
	orders, err := api.store.ArtisanOrders(c.Request.Context(), currentArtisan(c).ID, c.Query("status"))
	if err != nil {
		api.fail(c, err)
		return
	}
	out := struct {
		Items []apiOrder `json:"items"`
	}{Items: []apiOrder{}}
	for _, o := range orders {
		o.Totals() // this artisan's part only
		a := api.order1(o)
		a.Payment.RedirectURL = ""
		out.Items = append(out.Items, a)
	}
	c.JSON(http.StatusOK, out)
}

type apiPaymentRequest struct {
	Amount    int64  `json:"amount"`
	Reference string `json:"reference"`
	PaidAt    string `json:"paid_at"`
}

// confirmPayment lets staff confirm a bank transfer.
func (api *API) confirmPayment(c *gin.Context) {
	var req apiPaymentRequest
	if !api.readJSON(c, &req, `send JSON: {"amount", "reference", "paid_at"}`) {
		return
	}
	fields := map[string]string{}
	if req.Amount <= 0 {
		fields["amount"] = "must be a positive number of rupiah"
	}
	if req.Reference == "" || len(req.Reference) > 200 {
		fields["reference"] = "required"
	}
	paidAt, err := time.Parse(time.RFC3339, req.PaidAt)
	if err != nil {
		if paidAt, err = time.ParseInLocation("2006-01-02", req.PaidAt, i18n.WITA); err != nil {
			fields["paid_at"] = "a date (2026-11-27) or time (RFC 3339)"
		}
	}
	if len(fields) > 0 {
		api.refuse(c, http.StatusUnprocessableEntity, codeInvalid, "the payment cannot be recorded", fields)
		return
	}
	o, err := api.app.RecordTransfer(c.Request.Context(), *currentUser(c), c.Param("number"), app.Transfer{Amount: req.Amount, Reference: req.Reference, PaidAt: paidAt})
	switch {
	case errors.Is(err, order.ErrState):
		api.refuse(c, http.StatusConflict, codeOrderState, "the order is not waiting for payment", nil)
		return
	case err != nil:
		api.fail(c, err)
		return
	}
	o, err = api.store.OrderByNumber(c.Request.Context(), o.Number)
	if err != nil {
		api.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, api.order1(o))
}
