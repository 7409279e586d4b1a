package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
)

// Keys of values the middleware leaves in the gin context.
const (
	ctxUser    = "user"
	ctxArtisan = "artisan"
)

// currentUser is the token holder of the request, or nil.
func currentUser(c *gin.Context) *account.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*account.User)
	return user
}

// authenticate finds the token holder: Authorization: Bearer TOKEN. A
// request without the header is anonymous; a bad token is refused.
func (api *API) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	if h == "" {
		c.Next()
		return
	}
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		api.refuse(c, http.StatusUnauthorized, codeUnauthorized, "use Authorization: Bearer TOKEN", nil)
		return
	}
	u, err := api.store.TokenUser(c.Request.Context(), account.HashSecret(strings.TrimSpace(token)))
	if errors.Is(err, account.ErrTokenInvalid) {
		api.refuse(c, http.StatusUnauthorized, codeUnauthorized, "the token is invalid, expired or revoked", nil)
		return
	}
	if err != nil {
		api.fail(c, err)
		return
	}
	c.Set(ctxUser, &u)
	c.Next()
}

// requireRole lets a request through when the token holder has one of
// roles.
func (api *API) requireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			api.refuse(c, http.StatusUnauthorized, codeUnauthorized, "sign in first: POST /api/v1/tokens", nil)
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		api.refuse(c, http.StatusForbidden, "forbidden", "not allowed for this account", nil)
	}
}

// ownArtisan loads the artisan whose account holds the token: the API's
// artisan routes only ever see that shop.
func (api *API) ownArtisan(c *gin.Context) {
	u := currentUser(c)
	if u.ArtisanID == nil {
		api.refuse(c, http.StatusForbidden, "forbidden", "not allowed for this account", nil)
		return
	}
	a, err := api.store.ArtisanByID(c.Request.Context(), *u.ArtisanID)
	if err != nil {
		api.fail(c, err)
		return
	}
	c.Set(ctxArtisan, a)
	c.Next()
}

// currentArtisan is the token holder's shop, set by ownArtisan.
func currentArtisan(c *gin.Context) catalog.Artisan {
	a, _ := c.Get(ctxArtisan)
	return a.(catalog.Artisan)
}

// lang is the language of texts in answers: ?lang=, else the site's
// language cookie, else Bahasa Indonesia.
func lang(c *gin.Context) string {
	if v := c.Query("lang"); i18n.Supported(v) {
		return v
	}
	if v, err := c.Cookie("lang"); err == nil && i18n.Supported(v) {
		return v
	}
	return i18n.Default
}
