package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/store"
)

const testPassword = "kembang-jepun-42"

// as returns a second browser on the same site, signed in as a new user of
// the role (anonymous for "").
func (s *site) as(role string, artisanSlug string) *site {
	s.t.Helper()
	jar, _ := cookiejar.New(nil)
	b := *s
	b.client = &http.Client{Jar: jar, CheckRedirect: s.client.CheckRedirect}
	if role == "" {
		return &b
	}
	email := s.addUser(role, artisanSlug)
	if status := b.login(email, testPassword); status != http.StatusSeeOther {
		s.t.Fatalf("login as %s: status %d", role, status)
	}
	return &b
}

var userCount struct {
	sync.Mutex
	n int
}

// addUser creates a user of the role with testPassword and returns its
// e-mail.
func (s *site) addUser(role, artisanSlug string) string {
	s.t.Helper()
	userCount.Lock()
	userCount.n++
	email := role + "-" + strings.Repeat("x", userCount.n%3) + time.Now().Format("150405.000000000") + "@kriya.test"
	userCount.Unlock()
	hash, err := account.HashPassword(testPassword)
	if err != nil {
		s.t.Fatal(err)
	}
	u := account.User{Email: email, Name: role, Role: role, PasswordHash: hash, Lang: "id", Active: true}
	if artisanSlug != "" {
		a, err := s.store.ArtisanBySlug(context.Background(), artisanSlug)
		if err != nil {
			s.t.Fatal(err)
		}
		u.ArtisanID = &a.ID
	}
	if err := s.store.CreateUser(context.Background(), &u); err != nil {
		s.t.Fatal(err)
	}
	return email
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]*)"`)

// csrf fetches a page with a form and returns its token.
func (s *site) csrf(page string) string {
	s.t.Helper()
	_, body, _ := s.get(page)
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		s.t.Fatalf("no form token on %s", page)
	}
	return m[1]
}

// post submits a form as the browser would, from this site's own pages.
func (s *site) post(path string, form url.Values, header ...string) (int, string, http.Header) {
	s.t.Helper()
	return s.send("POST", path, form, header...)
}

func (s *site) send(method, path string, form url.Values, header ...string) (int, string, http.Header) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(form.Encode()))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req, header...)
}

// do sends a request as this site's own pages would (same origin), with
// extra header pairs, and returns the status, body and headers.
func (s *site) do(req *http.Request, header ...string) (int, string, http.Header) {
	s.t.Helper()
	req.Header.Set("Origin", s.url)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header
}

func (s *site) login(email, password string) int {
	s.t.Helper()
	status, _, _ := s.post("/login", url.Values{"csrf_token": {s.csrf("/login")}, "email": {email}, "password": {password}})
	return status
}

func (s *site) cookie(name string) string {
	u, _ := url.Parse(s.url)
	for _, c := range s.client.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// access levels of the authorization table.
const (
	public    = "public"
	signedIn  = "signed in"
	artisanly = "artisan"
	staffly   = "staff or admin"
	admin     = "admin"
)

// routeAccess says who may reach every route. A route missing here fails
// TestEveryRouteIsAuthorized: adding a URL means deciding who may use it.
var routeAccess = map[string]string{
	"GET /static/*file":               public,
	"HEAD /static/*file":              public,
	"GET /media/*key":                 public,
	"HEAD /media/*key":                public,
	"GET /healthz":                    public,
	"GET /robots.txt":                 public,
	"GET /sitemap.xml":                public,
	"GET /":                           public,
	"GET /products":                   public,
	"GET /products/:slug":             public,
	"GET /artisans":                   public,
	"GET /artisans/:slug":             public,
	"GET /lang/:lang":                 public,
	"GET /signup":                     public,
	"POST /signup":                    public,
	"GET /login":                      public,
	"POST /login":                     public,
	"POST /logout":                    public,
	"GET /password/forgot":            public,
	"POST /password/forgot":           public,
	"GET /password/reset/:token":      public,
	"POST /password/reset/:token":     public,
	"GET /account":                    signedIn,
	"POST /account/password":          signedIn,
	"POST /account/tokens":            signedIn,
	"POST /account/tokens/:id/revoke": signedIn,
	"GET /admin/users":                admin,
	"POST /admin/users":               admin,
	"POST /admin/users/:id":           admin,
	"GET /admin/audit":                admin,
	"GET /admin/council":              admin,
	"POST /admin/council":             admin,
	"GET /api/v1/products":            public,
	"GET /api/v1/products/:slug":      public,
	"GET /api/v1/artisans":            public,
	"GET /api/v1/artisans/:slug":      public,
	"POST /api/v1/tokens":             public,
	"GET /api/v1/me":                  signedIn,
	"GET /apply":                      signedIn,
	"POST /apply":                     signedIn,
	"GET /permits/:artisan/:permit":   signedIn,

	"GET /artisan":                         artisanly,
	"POST /artisan/vacation":               artisanly,
	"GET /artisan/notifications":           artisanly,
	"POST /artisan/notifications/settings": artisanly,
	"GET /artisan/products":                artisanly,
	"POST /artisan/products/bulk":          artisanly,
	"GET /artisan/products/new":            artisanly,
	"POST /artisan/products/new":           artisanly,
	"GET /artisan/products/:id":            artisanly,
	"POST /artisan/products/:id":           artisanly,
	"POST /artisan/products/:id/archive":   artisanly,
	"POST /artisan/products/:id/duplicate": artisanly,
	"GET /artisan/products/:id/preview":    artisanly,
	"GET /artisan/import":                  artisanly,
	"POST /artisan/import":                 artisanly,
	"GET /artisan/import/template.csv":     artisanly,
	"GET /api/v1/artisan/products":         artisanly,
	"POST /api/v1/artisan/products":        artisanly,
	"PATCH /api/v1/artisan/skus/:sku":      artisanly,

	"GET /cart":                                                 public,
	"POST /cart":                                                public,
	"POST /cart/items":                                          public,
	"GET /checkout":                                             public,
	"POST /checkout":                                            public,
	"GET /orders/:number":                                       public,
	"POST /orders/:number/cancel":                               public,
	"POST /orders/:number/transfer":                             public,
	"POST /api/v1/orders":                                       public,
	"GET /council":                                              staffly,
	"GET /council/sales/export":                                 staffly,
	"GET /api/v1/council/sales":                                 staffly,
	"GET /council/exhibitions":                                  staffly,
	"POST /council/exhibitions":                                 staffly,
	"GET /council/exhibitions/:id":                              staffly,
	"POST /council/exhibitions/:id/participants":                staffly,
	"POST /council/exhibitions/:id/receipts":                    staffly,
	"GET /council/exhibitions/:id/receipts/:receipt":            staffly,
	"POST /council/exhibitions/:id/receipts/:receipt":           staffly,
	"GET /council/exhibitions/:id/recap":                        staffly,
	"GET /council/artisans/:artisan/performance":                staffly,
	"GET /council/artisans/:artisan/performance/export":         staffly,
	"GET /artisan/performance":                                  artisanly,
	"GET /artisan/performance/export":                           artisanly,
	"GET /artisan/exhibitions":                                  artisanly,
	"POST /artisan/exhibitions/:id/apply":                       artisanly,
	"POST /artisan/exhibitions/:id/receipts":                    artisanly,
	"GET /artisan/exhibitions/:id/receipts/:receipt":            artisanly,
	"POST /artisan/exhibitions/:id/receipts/:receipt":           artisanly,
	"POST /orders/:number/pay":                                  public,
	"POST /webhooks/stripe":                                     public,
	"POST /council/orders/:number/refunds":                      staffly,
	"GET /council/money":                                        staffly,
	"POST /council/money/:id/retry":                             staffly,
	"GET /council/balances":                                     staffly,
	"POST /council/artisans/:artisan/balance/settle":            staffly,
	"GET /council/artisans/:artisan/balance":                    staffly,
	"GET /artisan/balance":                                      artisanly,
	"GET /artisan/balance/export":                               artisanly,
	"GET /artisan/balance/payouts/:entry/pdf":                   artisanly,
	"GET /council/artisans/:artisan/balance/export":             staffly,
	"GET /council/artisans/:artisan/balance/payouts/:entry/pdf": staffly,
	"GET /api/v1/orders/:number":                                public,
	"GET /artisan/orders":                                       artisanly,
	"GET /artisan/orders/:id":                                   artisanly,
	"GET /artisan/orders/:id/slip":                              artisanly,
	"POST /artisan/orders/:id/ship":                             artisanly,
	"POST /artisan/orders/:id/deliver":                          artisanly,
	"POST /artisan/orders/:id/cancel-line":                      artisanly,
	"GET /api/v1/artisan/orders":                                artisanly,
	"GET /council/orders":                                       staffly,
	"GET /council/orders/:number":                               staffly,
	"POST /council/orders/:number/payments":                     staffly,
	"POST /api/v1/council/orders/:number/payments":              staffly,
	"GET /council/rates":                                        staffly,
	"POST /council/rates":                                       staffly,
	"GET /council/artisans/:artisan/orders":                     staffly,
	"GET /council/artisans/:artisan/orders/:id":                 staffly,
	"GET /council/artisans/:artisan/orders/:id/slip":            staffly,
	"POST /council/artisans/:artisan/orders/:id/ship":           staffly,
	"POST /council/artisans/:artisan/orders/:id/deliver":        staffly,
	"POST /council/artisans/:artisan/orders/:id/cancel-line":    staffly,
	"GET /council/artisans":                                     staffly,
	"GET /council/reviews":                                      staffly,
	"POST /council/reviews/:kind/:id":                           staffly,
	"GET /council/artisans/:artisan":                            staffly,
	"POST /council/artisans/:artisan/status":                    staffly,
	"GET /council/artisans/:artisan/products":                   staffly,
	"POST /council/artisans/:artisan/products/bulk":             staffly,
	"GET /council/artisans/:artisan/products/new":               staffly,
	"POST /council/artisans/:artisan/products/new":              staffly,
	"GET /council/artisans/:artisan/products/:id":               staffly,
	"POST /council/artisans/:artisan/products/:id":              staffly,
	"POST /council/artisans/:artisan/products/:id/archive":      staffly,
	"POST /council/artisans/:artisan/products/:id/duplicate":    staffly,
	"GET /council/artisans/:artisan/products/:id/preview":       staffly,
	"GET /council/artisans/:artisan/import":                     staffly,
	"POST /council/artisans/:artisan/import":                    staffly,
	"GET /council/artisans/:artisan/import/template.csv":        staffly,
	"GET /council/monev":                                        staffly,
	"POST /council/monev":                                       staffly,
	"GET /council/monev/due":                                    staffly,
	"GET /council/monev/summary":                                staffly,
	"GET /council/monev/:id":                                    staffly,
	"GET /council/monev/:id/print":                              staffly,
	"GET /council/monev/:id/pdf":                                staffly,
	"GET /council/monev/:id/attachments/:att":                   staffly,
	"GET /council/monev/:id/edit":                               staffly,
	"POST /council/monev/:id":                                   staffly,
	"POST /council/monev/:id/status":                            staffly,
	"POST /council/monev/:id/follow-ups/:fid":                   staffly,
	"POST /council/monev/:id/attachments":                       staffly,
	"GET /api/v1/council/visits":                                staffly,
	"GET /artisan/monev":                                        artisanly,
	"GET /artisan/monev/:id":                                    artisanly,
	"GET /artisan/monev/:id/print":                              artisanly,
	"GET /artisan/monev/:id/pdf":                                artisanly,
	"GET /artisan/monev/:id/attachments/:att":                   artisanly,
	"GET /api/v1/artisan/visits":                                artisanly,
}

// Every route, for every kind of visitor, is allowed or refused as the
// table says.
func TestEveryRouteIsAuthorized(t *testing.T) {
	s := newSite(t, store.SQLite)
	routes := s.server.Routes()
	for _, r := range routes {
		if _, ok := routeAccess[r]; !ok {
			t.Errorf("route %s has no entry in routeAccess: decide who may use it", r)
		}
	}
	for r := range routeAccess {
		if !slices.Contains(routes, r) {
			t.Errorf("routeAccess lists %s, which the router does not serve", r)
		}
	}
	visitors := []struct {
		name, role, artisan string
	}{
		{"anonymous", "", ""},
		{"buyer", account.RoleBuyer, ""},
		{"artisan A", account.RoleArtisan, "perak-sari"},
		{"artisan B", account.RoleArtisan, "tenun-ayu"},
		{"staff", account.RoleStaff, ""},
		{"admin", account.RoleAdmin, ""},
	}
	sari, err := s.store.ArtisanBySlug(context.Background(), "perak-sari")
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer(":slug", "cincin-jawan", ":id", "999999", ":token", "no-such-token", ":lang", "en",
		"*file", "css/app.css", "*key", "nothing.jpg", ":artisan", itoa(sari.ID), ":permit", "999999",
		":kind", "listings", ":sku", "NOSUCHSKU", ":number", "KR-NOSUCH", ":fid", "999999", ":att", "999999", ":receipt", "999999")
	for _, v := range visitors {
		b := s.as(v.role, v.artisan)
		formPage := "/login"
		if v.role != "" {
			formPage = "/account"
		}
		token := b.csrf(formPage)
		bearer := "" // the API knows people by their token, never their session
		if v.role != "" {
			bearer = apiToken(t, s, b)
		}
		for _, r := range routes {
			method, path, _ := strings.Cut(r, " ")
			if path == "/logout" {
				continue // would end the visitor's session for the next routes
			}
			path = fill.Replace(path)
			var status int
			var h http.Header
			if strings.HasPrefix(path, "/api/") {
				req, _ := http.NewRequest(method, b.url+path, nil)
				if bearer != "" {
					req.Header.Set("Authorization", "Bearer "+bearer)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				status, h = res.StatusCode, res.Header
			} else if method == "POST" || method == "PATCH" {
				status, _, h = b.send(method, path, url.Values{"csrf_token": {token}})
			} else {
				req, _ := http.NewRequest(method, b.url+path, nil)
				res, err := b.client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				status, h = res.StatusCode, res.Header
			}
			denied := status == 401 || status == 403 || (status == 303 && strings.HasPrefix(h.Get("Location"), "/login?next="))
			access := routeAccess[r]
			want := access == public ||
				(access == signedIn && v.role != "") ||
				(access == artisanly && v.role == account.RoleArtisan) ||
				(access == staffly && (v.role == account.RoleStaff || v.role == account.RoleAdmin)) ||
				(access == admin && v.role == account.RoleAdmin)
			if denied == want {
				t.Errorf("%s: %s %s = %d (Location %q); want allowed=%v", v.name, method, path, status, h.Get("Location"), want)
			}
		}
	}
}

// A form posted from another site is refused and changes nothing; so is a
// form without its token.
func TestCSRFRefusal(t *testing.T) {
	s := newSite(t, store.SQLite)
	b := s.as(account.RoleBuyer, "")
	token := b.csrf("/account")
	form := url.Values{"csrf_token": {token}, "name": {"laptop"}}

	status, _, _ := b.post("/account/tokens", form, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if status != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", status)
	}
	status, _, _ = b.post("/account/tokens", url.Values{"name": {"laptop"}})
	if status != http.StatusForbidden {
		t.Errorf("POST without token = %d, want 403", status)
	}
	status, _, _ = b.post("/account/tokens", url.Values{"name": {"laptop"}, "csrf_token": {token + "x"}})
	if status != http.StatusForbidden {
		t.Errorf("POST with a wrong token = %d, want 403", status)
	}
	_, body, _ := b.get("/account")
	if strings.Contains(body, "laptop") {
		t.Error("a refused form created a token")
	}
	if status, _, _ := b.post("/account/tokens", form); status != http.StatusCreated {
		t.Errorf("same-site POST with token = %d, want 201", status)
	}
}

// Signing in gives a new session token, so one planted before is useless.
func TestSessionRenewedAtLogin(t *testing.T) {
	s := newSite(t, store.SQLite)
	email := s.addUser(account.RoleBuyer, "")
	b := s.as("", "")
	sku := setStock(t, s, "kain-endek", 5)
	b.post("/cart/items", url.Values{"sku": {sku.Code}, "quantity": {"1"}}) // a cart starts an anonymous session
	before := b.cookie("kriya_session")
	if before == "" {
		t.Fatal("no session before login")
	}
	if status := b.login(email, testPassword); status != http.StatusSeeOther {
		t.Fatalf("login = %d", status)
	}
	after := b.cookie("kriya_session")
	if after == "" || after == before {
		t.Errorf("session token not renewed at login: %q → %q", before, after)
	}
	// The planted token is not signed in.
	planted := s.as("", "")
	u, _ := url.Parse(s.url)
	planted.client.Jar.SetCookies(u, []*http.Cookie{{Name: "kriya_session", Value: before, Path: "/"}})
	if status, _, h := planted.get("/account"); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("old session token still signed in: %d", status)
	}
	if status, body, _ := b.get("/account"); status != 200 || !strings.Contains(body, email) {
		t.Errorf("renewed session is not signed in: %d", status)
	}
}

// Repeated failures lock an account out for a while, with a clear message;
// the message is the same for addresses that exist and those that do not.
func TestLoginThrottling(t *testing.T) {
	s := newSite(t, store.SQLite)
	email := s.addUser(account.RoleBuyer, "")
	b := s.as("", "")
	for i := range 5 {
		status, body, _ := b.post("/login", url.Values{"csrf_token": {b.csrf("/login")}, "email": {email}, "password": {"wrong-password-" + string(rune('a'+i))}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Email atau kata sandi salah") {
			t.Fatalf("failure %d = %d", i+1, status)
		}
	}
	status, body, _ := b.post("/login", url.Values{"csrf_token": {b.csrf("/login")}, "email": {email}, "password": {testPassword}})
	if status != http.StatusTooManyRequests || !strings.Contains(body, "Terlalu banyak percobaan") {
		t.Errorf("sixth try, right password = %d; want 429 with a clear message", status)
	}
	c := s.as("", "")
	_, unknown, _ := c.post("/login", url.Values{"csrf_token": {c.csrf("/login")}, "email": {"nobody@kriya.test"}, "password": {"whatever-123"}})
	if strings.Contains(unknown, "tidak terdaftar") || !strings.Contains(unknown, "Email atau kata sandi salah") {
		t.Error("an unknown address gets a different message")
	}
}

var resetLink = regexp.MustCompile(`/password/reset/([A-Za-z0-9_-]{43})`)

// A reset link works once, and not after it expires.
func TestPasswordResetIsSingleUseAndExpires(t *testing.T) {
	s := newSite(t, store.SQLite)
	email := s.addUser(account.RoleBuyer, "")
	b := s.as("", "")
	status, _, h := b.post("/password/forgot", url.Values{"csrf_token": {b.csrf("/password/forgot")}, "email": {email}})
	if status != http.StatusSeeOther || h.Get("Location") != "/login" {
		t.Fatalf("forgot = %d", status)
	}
	_, page, _ := b.get("/login")
	if !strings.Contains(page, "Jika ada akun dengan email itu") {
		t.Error("no neutral confirmation after asking for a reset")
	}
	emails, err := s.store.PendingEmails(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var link string
	for _, e := range emails {
		if e.To == email {
			if m := resetLink.FindString(e.Text); m != "" {
				link = m
			}
		}
	}
	if link == "" {
		t.Fatalf("no reset e-mail to %s in the outbox: %+v", email, emails)
	}
	newPassword := url.Values{"csrf_token": {b.csrf(link)}, "password": {"sawah-hijau-ubud"}, "password_confirm": {"sawah-hijau-ubud"}}
	if status, _, _ := b.post(link, newPassword); status != http.StatusSeeOther {
		t.Fatalf("first use = %d", status)
	}
	if status, _, _ := b.post(link, newPassword); status != http.StatusGone {
		t.Errorf("second use = %d, want 410", status)
	}
	if status := s.as("", "").login(email, "sawah-hijau-ubud"); status != http.StatusSeeOther {
		t.Errorf("login with the new password = %d", status)
	}
	if status := s.as("", "").login(email, testPassword); status == http.StatusSeeOther {
		t.Error("the old password still works")
	}

	// An expired link is refused.
	u, err := s.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	plain, hash := account.NewSecret()
	expired := account.Token{UserID: u.ID, Purpose: account.TokenPasswordReset, Hash: hash, ExpiresAt: time.Now().Add(-time.Minute)}
	if err := s.store.CreateToken(context.Background(), &expired); err != nil {
		t.Fatal(err)
	}
	path := "/password/reset/" + plain
	if status, _, _ := b.post(path, url.Values{"csrf_token": {b.csrf(path)}, "password": {"pantai-sanur-pagi"}, "password_confirm": {"pantai-sanur-pagi"}}); status != http.StatusGone {
		t.Errorf("expired link = %d, want 410", status)
	}
}

// An API token works until its owner revokes it.
func TestAPITokenRevocation(t *testing.T) {
	s := newSite(t, store.SQLite)
	email := s.addUser(account.RoleBuyer, "")
	req, _ := http.NewRequest("POST", s.url+"/api/v1/tokens", strings.NewReader(`{"email":"`+email+`","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ Token string }
	json.NewDecoder(res.Body).Decode(&created)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated || created.Token == "" {
		t.Fatalf("POST /api/v1/tokens = %d", res.StatusCode)
	}
	me := func() int {
		req, _ := http.NewRequest("GET", s.url+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+created.Token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Set-Cookie") != "" {
			t.Error("a bearer request was given a cookie")
		}
		return res.StatusCode
	}
	if status := me(); status != 200 {
		t.Fatalf("GET /api/v1/me with the token = %d", status)
	}
	b := s.as("", "")
	b.login(email, testPassword)
	_, page, _ := b.get("/account")
	m := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the account page lists no token to revoke")
	}
	if status, _, _ := b.post(m[1], url.Values{"csrf_token": {b.csrf("/account")}}); status != http.StatusSeeOther {
		t.Fatalf("revoke = %d", status)
	}
	if status := me(); status != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/me with a revoked token = %d, want 401", status)
	}
	// Another user cannot revoke someone else's token by guessing its id.
	other := s.as(account.RoleBuyer, "")
	if status, _, _ := other.post(m[1], url.Values{"csrf_token": {other.csrf("/account")}}); status != http.StatusNotFound {
		t.Errorf("revoking another user's token = %d, want 404", status)
	}
}

// An admin creates a staff account and deactivates a buyer; both actions
// are in the audit log, and the deactivated buyer is signed out at once,
// on pages and in the API.
func TestAdminActionsAreAuditedAndTakeEffect(t *testing.T) {
	s := newSite(t, store.SQLite)
	admin := s.as(account.RoleAdmin, "")
	token := admin.csrf("/admin/users")
	status, _, _ := admin.post("/admin/users", url.Values{"csrf_token": {token}, "name": {"Ni Kadek Sari"},
		"email": {"kadek@dekranasda.test"}, "role": {"staff"}, "password": {"ukiran-batubulan-7"}})
	if status != http.StatusSeeOther {
		t.Fatalf("create staff = %d", status)
	}
	if st := s.as("", "").login("kadek@dekranasda.test", "ukiran-batubulan-7"); st != http.StatusSeeOther {
		t.Errorf("the new staff member cannot sign in: %d", st)
	}
	status, body, _ := admin.post("/admin/users", url.Values{"csrf_token": {token}, "name": {"x"},
		"email": {"not-an-email"}, "role": {"buyer"}, "password": {"short"}})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Masukkan alamat email yang benar") ||
		!strings.Contains(body, "Kata sandi minimal 10 karakter") || !strings.Contains(body, `value="not-an-email"`) {
		t.Errorf("invalid staff form = %d; want 422 with each problem and the typed values kept", status)
	}

	buyerEmail := s.addUser(account.RoleBuyer, "")
	buyer := s.as("", "")
	buyer.login(buyerEmail, testPassword)
	u, _ := s.store.UserByEmail(context.Background(), buyerEmail)
	status, _, _ = admin.post("/admin/users/"+itoa(u.ID), url.Values{"csrf_token": {token}, "change": {"deactivate"}})
	if status != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", status)
	}
	if status, _, h := buyer.get("/account"); status != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("deactivated buyer still signed in: %d", status)
	}
	if st := s.as("", "").login(buyerEmail, testPassword); st == http.StatusSeeOther {
		t.Error("a deactivated account can sign in")
	}

	_, audit, _ := admin.get("/admin/audit?action=user.")
	for _, want := range []string{"user.create", "kadek@dekranasda.test as staff", "user.deactivate", buyerEmail} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
	_, filtered, _ := admin.get("/admin/audit?action=user.deactivate")
	if strings.Contains(filtered, "user.create") {
		t.Error("the action filter does not filter")
	}
	// Admins cannot lock themselves out.
	me, _ := s.store.UserByEmail(context.Background(), adminEmailOf(t, admin))
	admin.post("/admin/users/"+itoa(me.ID), url.Values{"csrf_token": {token}, "change": {"deactivate"}})
	if status, _, _ := admin.get("/admin/users"); status != http.StatusOK {
		t.Errorf("an admin deactivated themselves: %d", status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// adminEmailOf reads the signed-in user's e-mail from their account page.
func adminEmailOf(t *testing.T, b *site) string {
	_, body, _ := b.get("/account")
	m := regexp.MustCompile(`admin-[x]*[0-9.]+@kriya\.test`).FindString(body)
	if m == "" {
		t.Fatal("no e-mail on the account page")
	}
	return m
}

func mustDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Finding 14.2, open redirect: a tab after the first slash ("/\t/host",
// which browsers read as "//host") was followed by the language switch and
// kept in the sign-in form's hidden next. Both now go to their fallback.
func TestOpenRedirect(t *testing.T) {
	s := newSite(t, store.SQLite)
	for _, next := range []string{"/%09/evil.example/x", "/%0A/evil.example/x", "/%5Cevil.example/x", "https://evil.example/"} {
		if status, _, h := s.get("/lang/en?next=" + next); status != http.StatusSeeOther || h.Get("Location") != "/" {
			t.Errorf("/lang/en?next=%s went to %q (%d), want /", next, h.Get("Location"), status)
		}
	}
	email := s.addUser(account.RoleBuyer, "")
	b := s.as("", "")
	_, page, _ := b.get("/login?next=/%09/evil.example/x")
	m := regexp.MustCompile(`name="next" value="([^"]*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the sign-in form has no next field")
	}
	if m[1] != "" {
		t.Errorf("the sign-in form keeps next %q", m[1])
	}
	status, _, h := b.post("/login", url.Values{"csrf_token": {b.csrf("/login")}, "email": {email}, "password": {testPassword}, "next": {"/\t/evil.example/x"}})
	if status != http.StatusSeeOther || h.Get("Location") != "/account" {
		t.Errorf("sign-in with a tabbed next went to %q (%d), want /account", h.Get("Location"), status)
	}
}
