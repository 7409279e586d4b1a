package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/order"
	"kriya/internal/validate"
)

// formData is what every account form page shows: the form and where to go
// after it.
type formData struct {
	Form *form
	Next string
}

func (s *Server) formPage(c *gin.Context, status int, page, titleID string, d any) {
	s.privatePage(c, status, page, s.i18n.For(lang(c)).T(titleID), d)
}

func (s *Server) signupForm(c *gin.Context) {
	s.formPage(c, http.StatusOK, "account/signup", "signup.title", formData{Form: emptyForm()})
}

// signup creates a buyer account. Its answer is the same whether or not
// the address was free, so it cannot be used to learn who has an account;
// the owner of a taken address is told by e-mail instead.
func (s *Server) signup(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	email, name, password := strings.ToLower(f.Get("email")), f.Get("name"), f.Values.Get("password")
	f.Check(validate.Email(email), "email", "form.email.invalid")
	f.Check(name != "", "name", "form.required")
	f.Check(len(name) <= 200, "name", "form.too_long")
	if err := account.CheckPassword(password, email); err != nil {
		f.Check(false, "password", app.PasswordMessage(err))
	}
	f.Check(password == f.Values.Get("password_confirm"), "password_confirm", "form.password.mismatch")
	if !f.Valid() {
		s.formPage(c, http.StatusUnprocessableEntity, "account/signup", "signup.title", formData{Form: f})
		return
	}
	err := s.app.SignUp(ctx, email, name, password, lang(c), c.ClientIP())
	if errors.Is(err, app.ErrThrottled) {
		retryAfter(c, err)
		f.Check(false, "email", "signup.throttled")
		s.formPage(c, http.StatusTooManyRequests, "account/signup", "signup.title", formData{Form: f})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "signup.done")
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) loginForm(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/account")
		return
	}
	f := emptyForm()
	s.formPage(c, http.StatusOK, "account/login", "login.title", formData{Form: f, Next: safeNext(c.Query("next"), "")})
}

// login signs a person in. Unknown address, wrong password and deactivated
// account get the same message and take the same time; repeated failures
// for one address or from one client are refused for a while.
func (s *Server) login(c *gin.Context) {
	f := newForm(c)
	d := formData{Form: f, Next: safeNext(f.Get("next"), "")}
	u, err := s.app.SignIn(c.Request.Context(), f.Get("email"), f.Values.Get("password"), c.ClientIP())
	switch {
	case errors.Is(err, app.ErrThrottled):
		retryAfter(c, err)
		f.Check(false, "email", "login.throttled")
		s.formPage(c, http.StatusTooManyRequests, "account/login", "login.title", d)
		return
	case errors.Is(err, account.ErrBadCredentials):
		f.Check(false, "email", "login.failed")
		s.formPage(c, http.StatusUnprocessableEntity, "account/login", "login.title", d)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	if err := s.signIn(c, u); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, safeNext(d.Next, homeOf(u)))
}

// homeOf is where a user lands after signing in.
func homeOf(u account.User) string {
	if u.Role == account.RoleAdmin {
		return "/admin/users"
	}
	return "/account"
}

func (s *Server) logout(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/")
}

func (s *Server) forgotForm(c *gin.Context) {
	s.formPage(c, http.StatusOK, "account/forgot", "forgot.title", formData{Form: emptyForm()})
}

// forgot e-mails a single-use reset link. The answer never says whether the
// address has an account.
func (s *Server) forgot(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	email := strings.ToLower(f.Get("email"))
	f.Check(validate.Email(email), "email", "form.email.invalid")
	if !f.Valid() {
		s.formPage(c, http.StatusUnprocessableEntity, "account/forgot", "forgot.title", formData{Form: f})
		return
	}
	err := s.app.SendPasswordReset(ctx, email)
	if errors.Is(err, app.ErrThrottled) {
		retryAfter(c, err)
		f.Check(false, "email", "forgot.throttled")
		s.formPage(c, http.StatusTooManyRequests, "account/forgot", "forgot.title", formData{Form: f})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "forgot.sent")
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) resetForm(c *gin.Context) {
	s.formPage(c, http.StatusOK, "account/reset", "reset.title", formData{Form: emptyForm()})
}

// reset sets a new password with a reset link, once; every session and
// API token of the account ends, which the sign-in page then says.
func (s *Server) reset(c *gin.Context) {
	f := newForm(c)
	err := s.app.ResetPassword(c.Request.Context(), c.Param("token"), f.Values.Get("password"), f.Values.Get("password_confirm"))
	switch {
	case errors.Is(err, account.ErrTokenInvalid):
		f.Check(false, "password", "reset.invalid")
		s.formPage(c, http.StatusGone, "account/reset", "reset.title", formData{Form: f})
		return
	case !f.Problems(err):
		s.fail(c, err)
		return
	case !f.Valid():
		s.formPage(c, http.StatusUnprocessableEntity, "account/reset", "reset.title", formData{Form: f})
		return
	}
	s.flash(c, "reset.done")
	c.Redirect(http.StatusSeeOther, "/login")
}

// accountData is the account page: the user and their API tokens.
type accountData struct {
	User     *account.User
	Orders   []order.Order
	Tokens   []account.Token
	NewToken string // shown once, right after it is made
	Form     *form
}

func (s *Server) accountPage(c *gin.Context) {
	s.showAccount(c, http.StatusOK, emptyForm(), "")
}

func (s *Server) showAccount(c *gin.Context, status int, f *form, newToken string) {
	u := currentUser(c)
	tokens, err := s.store.APITokens(c.Request.Context(), u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	orders, err := s.store.Orders(c.Request.Context(), order.Filter{UserID: u.ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.privatePage(c, status, "account/account", s.i18n.For(lang(c)).T("account.title"), accountData{User: u, Orders: orders, Tokens: tokens, NewToken: newToken, Form: f})
}

// changePassword needs the current password. Every other session and
// every API token of the user ends; this one goes on under a new token.
func (s *Server) changePassword(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	u, err := s.app.ChangePassword(ctx, *currentUser(c), f.Values.Get("current_password"), f.Values.Get("password"), f.Values.Get("password_confirm"))
	if !f.Problems(err) {
		s.fail(c, err)
		return
	}
	if !f.Valid() {
		s.showAccount(c, http.StatusUnprocessableEntity, f, "")
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, sessionEpoch, u.SessionEpoch)
	s.flash(c, "account.password.changed")
	c.Redirect(http.StatusSeeOther, "/account")
}

// retryAfter tells a throttled client how long to wait.
func retryAfter(c *gin.Context, err error) {
	if n := app.RetryAfter(err); n > 0 {
		c.Header("Retry-After", strconv.Itoa(n))
	}
}

// createToken makes an API token and shows it once.
func (s *Server) createToken(c *gin.Context) {
	u := currentUser(c)
	f := newForm(c)
	name := f.Get("name")
	f.Check(name != "" && len(name) <= 100, "name", "form.required")
	if !f.Valid() {
		s.showAccount(c, http.StatusUnprocessableEntity, f, "")
		return
	}
	plain, err := s.app.NewAPIToken(c.Request.Context(), *u, name)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showAccount(c, http.StatusCreated, emptyForm(), plain)
}

func (s *Server) revokeToken(c *gin.Context) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	err := s.store.RevokeToken(c.Request.Context(), currentUser(c).ID, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "account.token.revoked")
	c.Redirect(http.StatusSeeOther, "/account")
}
