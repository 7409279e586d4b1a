package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/store/storetest"
)

var newTokenOnPage = regexp.MustCompile(`<p class="secret">([^<]+)</p>`)

// apiToken makes an API token with the account page's form and returns it.
func (s *site) apiToken() string {
	s.t.Helper()
	status, page, _ := s.post("/account/tokens", url.Values{"csrf_token": {s.csrf("/account")}, "name": {"toko"}})
	m := newTokenOnPage.FindStringSubmatch(page)
	if status != http.StatusCreated || m == nil {
		s.t.Fatalf("create token = %d, no token on the page", status)
	}
	return m[1]
}

// apiMe is the status of GET /api/v1/me with a bearer token.
func (s *site) apiMe(token string) int {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.url+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// signedIn reports whether the browser is still signed in.
func (s *site) signedIn() bool {
	s.t.Helper()
	status, _, _ := s.get("/account")
	return status == http.StatusOK
}

// Finding 14.3: a changed password left every other session working for
// up to 7 days and every API token for 90. Now they end; the browser that
// changed it stays signed in and is told.
func TestPasswordChangeEndsOtherSessionsAndTokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		email := s.addUser(account.RoleBuyer, "")
		here, elsewhere := s.as("", ""), s.as("", "")
		for _, b := range []*site{here, elsewhere} {
			if status := b.login(email, testPassword); status != http.StatusSeeOther {
				t.Fatalf("login = %d", status)
			}
		}
		token := elsewhere.apiToken()
		if status := s.apiMe(token); status != http.StatusOK {
			t.Fatalf("new token = %d", status)
		}
		_, page, _ := here.get("/account")
		if !strings.Contains(page, `action="/account/password"`) {
			t.Fatal("the account page has no password form")
		}
		status, _, h := here.post("/account/password", url.Values{"csrf_token": {csrfField.FindStringSubmatch(page)[1]},
			"current_password": {testPassword}, "password": {"sawah-hijau-ubud"}, "password_confirm": {"sawah-hijau-ubud"}})
		if status != http.StatusSeeOther || h.Get("Location") != "/account" {
			t.Fatalf("change password = %d to %q", status, h.Get("Location"))
		}
		if _, page, _ := here.get("/account"); !strings.Contains(page, "Anda telah dikeluarkan dari semua perangkat lain") {
			t.Error("the user is not told that other sessions ended")
		}
		if !here.signedIn() {
			t.Error("the browser that changed the password was signed out")
		}
		if elsewhere.signedIn() {
			t.Error("another session still works after a password change")
		}
		if status := s.apiMe(token); status != http.StatusUnauthorized {
			t.Errorf("an API token after a password change = %d, want 401", status)
		}
		if status := s.as("", "").login(email, "sawah-hijau-ubud"); status != http.StatusSeeOther {
			t.Errorf("login with the new password = %d", status)
		}
	})
}

// Finding 14.3, by reset: a reset ends every session and token of the
// account (the person resetting may be the owner locking a thief out).
func TestPasswordResetEndsSessionsAndTokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		email := s.addUser(account.RoleBuyer, "")
		thief := s.as("", "")
		if status := thief.login(email, testPassword); status != http.StatusSeeOther {
			t.Fatalf("login = %d", status)
		}
		token := thief.apiToken()
		owner := s.as("", "")
		link := resetLinkFor(t, s, owner, email)
		if status, _, _ := owner.post(link, url.Values{"csrf_token": {owner.csrf(link)}, "password": {"sawah-hijau-ubud"}, "password_confirm": {"sawah-hijau-ubud"}}); status != http.StatusSeeOther {
			t.Fatalf("reset = %d", status)
		}
		if _, page, _ := owner.get("/login"); !strings.Contains(page, "semua sesi serta token API akun Anda telah diakhiri") {
			t.Error("the owner is not told that sessions and tokens ended")
		}
		if thief.signedIn() {
			t.Error("a session from before the reset still works")
		}
		if status := s.apiMe(token); status != http.StatusUnauthorized {
			t.Errorf("an API token after a reset = %d, want 401", status)
		}
	})
}

// Finding 14.3, by deactivation: a deactivated user's tokens and sessions
// end for good; reactivating the account brings neither back (before, a
// session that made no request while the account was off, and every API
// token, worked again).
func TestDeactivationEndsTokensForGood(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		admin := s.as(account.RoleAdmin, "")
		email := s.addUser(account.RoleBuyer, "")
		buyer := s.as("", "")
		if status := buyer.login(email, testPassword); status != http.StatusSeeOther {
			t.Fatalf("login = %d", status)
		}
		token := buyer.apiToken()
		toggle := func(change string) {
			t.Helper()
			_, page, _ := admin.get("/admin/users?q=" + url.QueryEscape(email))
			m := regexp.MustCompile(`action="(/admin/users/\d+)" class="inline">\s*<input type="hidden" name="csrf_token" value="([^"]+)">\s*<input type="hidden" name="change" value="` + change + `"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no %s form for %s on the users page", change, email)
			}
			if status, _, _ := admin.post(m[1], url.Values{"csrf_token": {m[2]}, "change": {change}}); status != http.StatusSeeOther {
				t.Fatalf("%s = %d", change, status)
			}
		}
		toggle("deactivate")
		toggle("activate")
		if status := s.apiMe(token); status != http.StatusUnauthorized {
			t.Errorf("an API token after deactivation and reactivation = %d, want 401", status)
		}
		if buyer.signedIn() {
			t.Error("a session from before the deactivation works after reactivation")
		}
		if status := s.as("", "").login(email, testPassword); status != http.StatusSeeOther {
			t.Errorf("the reactivated user cannot sign in: %d", status)
		}
	})
}

// behindProxy trusts X-Forwarded-For from the test's loopback client, so
// that each browser can come from its own address.
func behindProxy(d *siteDeps) { d.Config.TrustedProxies = []string{"127.0.0.1", "::1"} }

// from posts a form from the page that shows it, as a browser at the
// client address ip.
func (s *site) from(ip, page, action string, form url.Values) (int, string, http.Header) {
	s.t.Helper()
	_, body, _ := s.get(page, "X-Forwarded-For", ip)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		s.t.Fatalf("no form token on %s", page)
	}
	form.Set("csrf_token", m[1])
	return s.post(action, form, "X-Forwarded-For", ip)
}

// Finding 14.11, lock-out: five wrong passwords for an account locked out
// the right one too, from anywhere, and the counts were per process. Now
// failures hold back only the account from the client that made them, and
// are counted in the database, which every process shares.
func TestLockoutIsPerAccountAndClient(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			s := newSite(t, dialect, behindProxy)
			email, colleague := s.addUser(account.RoleAdmin, ""), s.addUser(account.RoleStaff, "")
			const office, home = "198.51.100.9", "203.0.113.7"
			guesser := s.as("", "")
			for i := range 5 {
				status, body, _ := guesser.from(office, "/login", "/login", url.Values{"email": {email}, "password": {"wrong-password-" + string(rune('a'+i))}})
				if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Email atau kata sandi salah") {
					t.Fatalf("failure %d = %d", i+1, status)
				}
			}
			status, body, h := guesser.from(office, "/login", "/login", url.Values{"email": {email}, "password": {testPassword}})
			if status != http.StatusTooManyRequests || !strings.Contains(body, "Terlalu banyak percobaan") || h.Get("Retry-After") == "" {
				t.Errorf("sixth try from the same client = %d, Retry-After %q; want 429 with a message and Retry-After", status, h.Get("Retry-After"))
			}
			if status, _, _ := s.as("", "").from(home, "/login", "/login", url.Values{"email": {email}, "password": {testPassword}}); status != http.StatusSeeOther {
				t.Errorf("the owner from home = %d, want 303: locked out by someone else's failures", status)
			}
			if status, _, _ := s.as("", "").from(office, "/login", "/login", url.Values{"email": {colleague}, "password": {testPassword}}); status != http.StatusSeeOther {
				t.Errorf("a colleague at the same office = %d, want 303", status)
			}
			// Another process on the same database sees the same counts.
			other, err := app.New(context.Background(), app.Deps{Store: s.store})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := other.SignIn(context.Background(), email, testPassword, office); !errors.Is(err, app.ErrThrottled) {
				t.Errorf("another process lets the throttled client try again: %v", err)
			}
		})
	}
}

// Finding 14.10, sign-up: unthrottled, each one a password hash, and
// every sign-up with a taken address mailed its owner. Now one client gets
// a few sign-ups an hour, one address a few a day, and the owner of a
// taken address one e-mail in six hours.
func TestSignUpIsThrottled(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			s := newSite(t, dialect, behindProxy)
			signUp := func(ip, email string) (int, string, http.Header) {
				return s.as("", "").from(ip, "/signup", "/signup", url.Values{"email": {email}, "name": {"Made"},
					"password": {"sawah-hijau-ubud"}, "password_confirm": {"sawah-hijau-ubud"}})
			}
			const flood = "192.0.2.10"
			for i := range 10 {
				if status, _, _ := signUp(flood, "made"+itoa(int64(i))+"@kriya.test"); status != http.StatusSeeOther {
					t.Fatalf("sign-up %d = %d", i+1, status)
				}
			}
			status, body, h := signUp(flood, "made-last@kriya.test")
			if status != http.StatusTooManyRequests || !strings.Contains(body, "Terlalu banyak pendaftaran") || h.Get("Retry-After") == "" {
				t.Errorf("eleventh sign-up from one client = %d, Retry-After %q; want 429 with a message and Retry-After", status, h.Get("Retry-After"))
			}
			if status, _, _ := signUp("192.0.2.11", "made-other@kriya.test"); status != http.StatusSeeOther {
				t.Errorf("a sign-up from another client = %d, want 303", status)
			}

			owner := s.addUser(account.RoleBuyer, "")
			for i, ip := range []string{"192.0.2.20", "192.0.2.21", "192.0.2.22"} {
				if status, _, _ := signUp(ip, owner); status != http.StatusSeeOther {
					t.Fatalf("sign-up %d with a taken address = %d, want the same answer as a free one", i+1, status)
				}
			}
			if status, _, _ := signUp("192.0.2.23", owner); status != http.StatusTooManyRequests {
				t.Errorf("fourth sign-up for one address = %d, want 429", status)
			}
			emails, err := s.store.PendingEmails(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, e := range emails {
				if e.To == owner {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the owner of a taken address got %d e-mails for three sign-ups, want 1", n)
			}
		})
	}
}
