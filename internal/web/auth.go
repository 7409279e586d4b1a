package web

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"kriya/internal/account"
)

// Session keys.
const (
	sessionUserID  = "user_id"
	sessionEpoch   = "epoch" // the user's SessionEpoch at sign-in
	sessionCSRF    = "csrf"
	sessionFlash   = "flash"
	sessionRefusal = "refusal"
)

const ctxUser = "user"

// currentUser is the signed-in user of the request, or nil.
func currentUser(c *gin.Context) *account.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*account.User)
	return user
}

// authenticate finds who is asking by their session. A deactivated
// account is signed out on its next request, and so is a session from
// before the user's sessions were ended (a password change or reset, a
// deactivation): its epoch is not the user's. One comparison with the
// user row already read, where keeping a list of each user's sessions
// would mean decoding every session the store writes.
func (s *Server) authenticate(c *gin.Context) {
	ctx := c.Request.Context()
	id := s.sessions.GetInt64(ctx, sessionUserID)
	if id == 0 {
		c.Next()
		return
	}
	u, err := s.store.UserByID(ctx, id)
	switch {
	case errors.Is(err, account.ErrNotFound) || (err == nil && (!u.Active || s.sessions.GetInt64(ctx, sessionEpoch) != u.SessionEpoch)):
		if err := s.sessions.Destroy(ctx); err != nil {
			s.fail(c, err)
			return
		}
	case err != nil:
		s.fail(c, err)
		return
	default:
		c.Set(ctxUser, &u)
	}
	c.Next()
}

// requireRole lets a request through when the user holds one of roles;
// others are sent to sign in.
func (s *Server) requireRole(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		u := currentUser(c)
		if u == nil {
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		for _, r := range roles {
			if u.Role == r {
				c.Next()
				return
			}
		}
		s.forbidden(c)
	}
}

// csrfToken returns the session's form token, creating it on first use in
// a session that exists (or that this request is writing). A visitor
// without a session gets none: their forms carry no credentials to forge
// (checkCSRF lets them through, after CrossOriginProtection refused other
// sites), and a page view must not write a session row for every
// anonymous visitor.
func (s *Server) csrfToken(c *gin.Context) string {
	ctx := c.Request.Context()
	t := s.sessions.GetString(ctx, sessionCSRF)
	if t == "" && (hasSessionCookie(c.Request) || s.sessions.Status(ctx) == scs.Modified) {
		t, _ = account.NewSecret()
		s.sessions.Put(ctx, sessionCSRF, t)
	}
	return t
}

// checkCSRF refuses a state-changing form whose token is not the
// session's. Browsers' cross-origin requests are already refused by
// http.CrossOriginProtection; the token also covers old browsers. (The
// API, mounted before this, authenticates by bearer token, never by
// cookie, so it has nothing to forge.)
func (s *Server) checkCSRF(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	if !hasSessionCookie(c.Request) {
		// Nothing to forge: without a session the request carries no
		// credentials, and cross-site requests were refused above. Public
		// forms (add to cart) then work from cached pages, which hold no
		// per-visitor token.
		c.Next()
		return
	}
	want := s.sessions.GetString(c.Request.Context(), sessionCSRF)
	if want == "" && currentUser(c) == nil {
		// An anonymous session that no page gave a token yet (a cart, a
		// notice): like no session, nothing to forge. Pages viewed without
		// a session carry no token (csrfToken), and a second click of such
		// a form must not be refused because the first one started a
		// session.
		c.Next()
		return
	}
	got, err := formToken(c)
	if err != nil {
		s.badBody(c, err)
		return
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		s.forbidden(c)
		return
	}
	c.Next()
}

// flash leaves a message for the next page the user sees: what was done.
func (s *Server) flash(c *gin.Context, messageID string) {
	s.sessions.Put(c.Request.Context(), sessionFlash, messageID)
}

// refuse leaves a message for the next page the user sees: what was not
// done, or needs their attention. It is shown apart from flash's green
// box, so nobody reads a refusal as a success.
func (s *Server) refuse(c *gin.Context, messageID string) {
	s.sessions.Put(c.Request.Context(), sessionRefusal, messageID)
}

// signIn starts a signed-in session under a new token, so a token planted
// before login (session fixation) is worthless after it.
func (s *Server) signIn(c *gin.Context, u account.User) error {
	ctx := c.Request.Context()
	if err := s.sessions.RenewToken(ctx); err != nil {
		return err
	}
	s.sessions.Put(ctx, sessionUserID, u.ID)
	s.sessions.Put(ctx, sessionEpoch, u.SessionEpoch)
	if err := s.mergeGuestCart(c, u.ID); err != nil {
		return err
	}
	if u.Lang != "" {
		s.setLanguage(c, u.Lang)
	}
	return nil
}

// safeNext returns next when it is a path on this site, else fallback.
// Browsers drop tabs and newlines from a Location and read a backslash as
// a slash, so "/\t/evil.example" and "/\\evil.example" lead elsewhere: a
// path with a control character or a backslash is refused, and what is
// left must parse as a path with no scheme, no host and one leading slash.
func safeNext(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return fallback
	}
	for _, r := range next {
		if r == '\\' || unicode.IsControl(r) {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return next
}

// hasSessionCookie reports whether the request carries a session cookie.
func hasSessionCookie(r *http.Request) bool {
	_, err := r.Cookie(sessionCookie)
	return err == nil
}
