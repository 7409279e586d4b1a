package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/app"
	"kriya/internal/order"
	"kriya/internal/sales"
)

// sessionCart is the session key holding a guest's cart key.
const sessionCart = "cart"

// cartID finds the request's cart: a signed-in buyer's, else the guest
// session's; create makes one (and so a session) when there is none.
func (s *Server) cartID(c *gin.Context, create bool) (int64, error) {
	ctx := c.Request.Context()
	if u := currentUser(c); u != nil {
		return s.store.CartID(ctx, "", &u.ID, create)
	}
	key := s.sessions.GetString(ctx, sessionCart)
	if key == "" {
		if !create {
			return 0, nil
		}
		key = app.NewKey()
		s.sessions.Put(ctx, sessionCart, key)
	}
	return s.store.CartID(ctx, key, nil, create)
}

// mergeGuestCart moves the cart a visitor filled before signing in into
// their account's cart.
func (s *Server) mergeGuestCart(c *gin.Context, userID int64) error {
	ctx := c.Request.Context()
	key := s.sessions.GetString(ctx, sessionCart)
	if key == "" {
		return nil
	}
	guest, err := s.store.CartID(ctx, key, nil, false)
	if err != nil || guest == 0 {
		return err
	}
	mine, err := s.store.CartID(ctx, "", &userID, true)
	if err != nil {
		return err
	}
	s.sessions.Remove(ctx, sessionCart)
	return s.store.MergeCart(ctx, guest, mine)
}

// cartData is the cart page: the cart as it can be ordered now, and what
// changed since the buyer last looked.
type cartData struct {
	Cart    order.Cart
	Groups  []order.Group
	Notices []order.Notice
}

// checkedCart loads the cart and brings it up to date with the listings,
// saving the corrections, so the next step sees the same cart.
func (s *Server) checkedCart(c *gin.Context) (order.Cart, []order.Notice, error) {
	ctx := c.Request.Context()
	id, err := s.cartID(c, false)
	if err != nil || id == 0 {
		return order.Cart{}, nil, err
	}
	cart, err := s.store.Cart(ctx, id)
	if err != nil {
		return cart, nil, err
	}
	checked, notices := cart.Check(time.Now())
	if len(notices) > 0 {
		kept := map[int64]order.CartItem{}
		for _, it := range checked.Items {
			kept[it.SKU.ID] = it
		}
		for _, it := range cart.Items {
			now := kept[it.SKU.ID] // the zero item, quantity 0, removes it
			if err := s.store.SetCartQuantity(ctx, id, it.SKU.ID, now.Quantity, now.PriceSeen); err != nil {
				return cart, nil, err
			}
		}
	}
	return checked, notices, nil
}

func (s *Server) cartPage(c *gin.Context) {
	cart, notices, err := s.checkedCart(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, http.StatusOK, "checkout/cart", s.i18n.For(lang(c)).T("cart.title"), cartData{Cart: cart, Groups: cart.ByArtisan(), Notices: notices})
}

// addToCart puts a SKU in the cart from a product page.
func (s *Server) addToCart(c *gin.Context) {
	ctx := c.Request.Context()
	code := c.PostForm("sku")
	qty, err := order.ParseQuantity(c.DefaultPostForm("quantity", "1"))
	if err != nil || qty < 1 {
		qty = 1
	}
	items, err := s.store.SKUItems(ctx, []string{code})
	if err != nil {
		s.fail(c, err)
		return
	}
	it, ok := items[code]
	back := c.Request.Referer()
	if !ok {
		s.notFound(c)
		return
	}
	if _, notices := (order.Cart{Items: []order.CartItem{it}}).Check(time.Now()); len(notices) > 0 {
		s.refuse(c, "cart.unavailable")
		c.Redirect(http.StatusSeeOther, safeNext(pathOf(back), "/products/"+it.Product.Slug))
		return
	}
	id, err := s.cartID(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.store.AddToCart(ctx, id, it.SKU.ID, min(qty, it.SKU.Stock), it.Price); err != nil {
		s.fail(c, err)
		return
	}
	if !isBot(c.Request.UserAgent()) {
		// A statistic: its failure is logged, never the buyer's problem.
		if err := s.store.CountCartAdd(ctx, it.Product.ID, sales.Day(time.Now())); err != nil {
			s.log.Error("count cart add", "product", it.Product.ID, "err", err)
		}
	}
	s.flash(c, "cart.added")
	c.Redirect(http.StatusSeeOther, "/cart")
}

// updateCart changes the quantities in the cart; 0 removes an item.
func (s *Server) updateCart(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := s.cartID(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	cart, err := s.store.Cart(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, it := range cart.Items {
		v, ok := c.GetPostForm("qty_" + it.SKU.Code)
		if !ok {
			continue
		}
		qty, err := order.ParseQuantity(v)
		if err != nil {
			continue
		}
		if err := s.store.SetCartQuantity(ctx, id, it.SKU.ID, qty, it.PriceSeen); err != nil {
			s.fail(c, err)
			return
		}
	}
	c.Redirect(http.StatusSeeOther, "/cart")
}

// cartCount is the number of pieces in the visitor's cart, for the header.
func (s *Server) cartCount(c *gin.Context) int {
	var userID *int64
	if u := currentUser(c); u != nil {
		userID = &u.ID
	}
	n, err := s.store.CartCount(c.Request.Context(), s.sessions.GetString(c.Request.Context(), sessionCart), userID)
	if err != nil {
		s.log.Error("cart count", "err", err)
	}
	return n
}
