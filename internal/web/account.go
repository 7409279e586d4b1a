package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"kriya/internal/account"
	"kriya/internal/i18n"
	"kriya/internal/mail"
	"kriya/internal/order"
)

// How long secrets handed to users stay valid.
const (
	resetTokenLifetime = time.Hour
	apiTokenLifetime   = 90 * 24 * time.Hour
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
	f.Check(validEmail(email), "email", "form.email.invalid")
	f.Check(name != "", "name", "form.required")
	f.Check(len(name) <= 200, "name", "form.too_long")
	if err := account.CheckPassword(password, email); err != nil {
		f.Check(false, "password", passwordMessage(err))
	}
	f.Check(password == f.Values.Get("password_confirm"), "password_confirm", "form.password.mismatch")
	if !f.Valid() {
		s.formPage(c, http.StatusUnprocessableEntity, "account/signup", "signup.title", formData{Form: f})
		return
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := account.User{Email: email, Name: name, PasswordHash: hash, Role: account.RoleBuyer, Lang: lang(c), Active: true}
	err = s.store.CreateUser(ctx, &u)
	switch {
	case errors.Is(err, account.ErrEmailTaken):
		existing, err := s.store.UserByEmail(ctx, email)
		if err != nil {
			s.fail(c, err)
			return
		}
		err = s.email(c, existing.Email, existing.Lang, "email.signup_taken", "Name", existing.Name, "URL", s.cfg.BaseURL+"/password/forgot")
		if err != nil {
			s.fail(c, err)
			return
		}
	case err != nil:
		s.fail(c, err)
		return
	default:
		if err := s.email(c, u.Email, u.Lang, "email.welcome", "Name", u.Name, "URL", s.cfg.BaseURL+"/login"); err != nil {
			s.fail(c, err)
			return
		}
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
	u, err := s.checkPassword(c, f.Get("email"), f.Values.Get("password"))
	switch {
	case errors.Is(err, errThrottled):
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

var errThrottled = errors.New("too many failed sign-ins")

// checkPassword is the one password check of the site, for pages and the
// API alike.
func (s *Server) checkPassword(c *gin.Context, email, password string) (account.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	client := c.ClientIP()
	if s.loginThrottle.blocked(email) || s.clientThrottle.blocked(client) {
		return account.User{}, errThrottled
	}
	u, err := s.store.UserByEmail(c.Request.Context(), email)
	if err != nil && !errors.Is(err, account.ErrNotFound) {
		return u, err
	}
	ok := false
	if err == nil {
		if ok, err = account.VerifyPassword(u.PasswordHash, password); err != nil {
			return u, err
		}
	} else {
		account.DummyVerify(password)
	}
	if !ok || !u.Active {
		s.loginThrottle.failed(email)
		s.clientThrottle.failed(client)
		return account.User{}, account.ErrBadCredentials
	}
	return u, nil
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
	f.Check(validEmail(email), "email", "form.email.invalid")
	if !f.Valid() {
		s.formPage(c, http.StatusUnprocessableEntity, "account/forgot", "forgot.title", formData{Form: f})
		return
	}
	if s.resetThrottle.blocked("reset:" + email) {
		f.Check(false, "email", "forgot.throttled")
		s.formPage(c, http.StatusTooManyRequests, "account/forgot", "forgot.title", formData{Form: f})
		return
	}
	s.resetThrottle.failed("reset:" + email)
	u, err := s.store.UserByEmail(ctx, email)
	if err == nil && u.Active {
		plain, hash := account.NewSecret()
		t := account.Token{UserID: u.ID, Purpose: account.TokenPasswordReset, Hash: hash, ExpiresAt: time.Now().Add(resetTokenLifetime)}
		if err := s.store.CreateToken(ctx, &t); err != nil {
			s.fail(c, err)
			return
		}
		if err := s.email(c, u.Email, u.Lang, "email.reset", "Name", u.Name, "URL", s.cfg.BaseURL+"/password/reset/"+plain); err != nil {
			s.fail(c, err)
			return
		}
	} else if err != nil && !errors.Is(err, account.ErrNotFound) {
		s.fail(c, err)
		return
	}
	s.flash(c, "forgot.sent")
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) resetForm(c *gin.Context) {
	s.formPage(c, http.StatusOK, "account/reset", "reset.title", formData{Form: emptyForm()})
}

// reset sets a new password with a reset link, once.
func (s *Server) reset(c *gin.Context) {
	ctx := c.Request.Context()
	f := newForm(c)
	password := f.Values.Get("password")
	f.Check(password == f.Values.Get("password_confirm"), "password_confirm", "form.password.mismatch")
	if err := account.CheckPassword(password, ""); err != nil {
		f.Check(false, "password", passwordMessage(err))
	}
	if !f.Valid() {
		s.formPage(c, http.StatusUnprocessableEntity, "account/reset", "reset.title", formData{Form: f})
		return
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.store.UseToken(ctx, account.TokenPasswordReset, account.HashSecret(c.Param("token")))
	if errors.Is(err, account.ErrTokenInvalid) {
		f.Check(false, "password", "reset.invalid")
		s.formPage(c, http.StatusGone, "account/reset", "reset.title", formData{Form: f})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.store.UserByID(ctx, t.UserID)
	if err != nil {
		s.fail(c, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.UpdateUser(ctx, &u); err != nil {
		s.fail(c, err)
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

// changePassword needs the current password, and renews the session.
func (s *Server) changePassword(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	f := newForm(c)
	ok, err := account.VerifyPassword(u.PasswordHash, f.Values.Get("current_password"))
	if err != nil {
		s.fail(c, err)
		return
	}
	f.Check(ok, "current_password", "account.password.wrong")
	password := f.Values.Get("password")
	if err := account.CheckPassword(password, u.Email); err != nil {
		f.Check(false, "password", passwordMessage(err))
	}
	f.Check(password == f.Values.Get("password_confirm"), "password_confirm", "form.password.mismatch")
	if !f.Valid() {
		s.showAccount(c, http.StatusUnprocessableEntity, f, "")
		return
	}
	hash, err := account.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	u.PasswordHash = hash
	if err := s.store.UpdateUser(ctx, u); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.flash(c, "account.password.changed")
	c.Redirect(http.StatusSeeOther, "/account")
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
	plain, err := s.newAPIToken(c, *u, name)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showAccount(c, http.StatusCreated, emptyForm(), plain)
}

func (s *Server) newAPIToken(c *gin.Context, u account.User, name string) (string, error) {
	plain, hash := account.NewSecret()
	t := account.Token{UserID: u.ID, Purpose: account.TokenAPI, Hash: hash, Name: name, ExpiresAt: time.Now().Add(apiTokenLifetime)}
	return plain, s.store.CreateToken(c.Request.Context(), &t)
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

// email queues a message in the recipient's language; the outbox worker
// sends it.
func (s *Server) email(c *gin.Context, to, lang, messageID string, pairs ...any) error {
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	l := s.i18n.For(lang)
	return s.store.Enqueue(c.Request.Context(), mail.Message{
		To: to, Subject: l.T(messageID + ".subject"), Text: l.T(messageID+".body", pairs...),
	})
}

// passwordMessage names what is wrong with a new password.
func passwordMessage(err error) string {
	switch {
	case errors.Is(err, account.ErrPasswordTooShort):
		return "form.password.short"
	case errors.Is(err, account.ErrPasswordTooLong):
		return "form.password.long"
	default:
		return "form.password.common"
	}
}
