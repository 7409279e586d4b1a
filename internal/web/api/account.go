package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/app"
)

type apiTokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type apiMe struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

// createToken trades an e-mail and password for a bearer token, under the
// same throttling as the login page.
func (api *API) createToken(c *gin.Context) {
	var req apiTokenRequest
	if !api.readJSON(c, &req, "send JSON: {\"email\":…, \"password\":…}") {
		return
	}
	u, err := api.app.SignIn(c.Request.Context(), req.Email, req.Password, c.ClientIP())
	switch {
	case errors.Is(err, app.ErrThrottled):
		c.Header("Retry-After", strconv.Itoa(app.RetryAfter(err)))
		api.refuse(c, http.StatusTooManyRequests, codeThrottled, "too many failed attempts; try again in a few minutes", nil)
		return
	case errors.Is(err, account.ErrBadCredentials):
		api.refuse(c, http.StatusUnauthorized, codeUnauthorized, "wrong email or password", nil)
		return
	case err != nil:
		api.fail(c, err)
		return
	}
	plain, err := api.app.NewAPIToken(c.Request.Context(), u, "API "+time.Now().UTC().Format("2006-01-02 15:04"))
	if err != nil {
		api.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"token": plain, "expires_in_days": int(app.APITokenLifetime.Hours() / 24)})
}

// me tells a token's holder who it stands for.
func (api *API) me(c *gin.Context) {
	u := currentUser(c)
	c.JSON(http.StatusOK, apiMe{Email: u.Email, Name: u.Name, Role: u.Role})
}
