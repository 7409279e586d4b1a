package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"kriya/internal/account"
	"kriya/internal/store"
)

// lockedBuffer collects log lines written from the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// withLog sends every log line of the site, from Info up, to buf.
func withLog(buf *lockedBuffer) func(*siteDeps) {
	return func(d *siteDeps) {
		d.Log = slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
}

// resetLinkFor asks for a reset link for email from b's forgot page and
// returns the link from the e-mail.
func resetLinkFor(t *testing.T, s, b *site, email string) string {
	t.Helper()
	if status, _, _ := b.post("/password/forgot", url.Values{"csrf_token": {b.csrf("/password/forgot")}, "email": {email}}); status != http.StatusSeeOther {
		t.Fatalf("forgot = %d", status)
	}
	emails, err := s.store.PendingEmails(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	link := ""
	for _, e := range emails {
		if m := resetLink.FindString(e.Text); e.To == email && m != "" {
			link = m
		}
	}
	if link == "" {
		t.Fatalf("no reset e-mail to %s", email)
	}
	return link
}

// Finding 14.13, a reset token in the request log: the log named the path,
// token and all. It now names the route.
func TestResetTokenIsNotLogged(t *testing.T) {
	var log lockedBuffer
	s := newSite(t, store.SQLite, withLog(&log))
	email := s.addUser(account.RoleBuyer, "")
	b := s.as("", "")
	link := resetLinkFor(t, s, b, email)
	token := link[strings.LastIndex(link, "/")+1:]
	if status, _, _ := b.post(link, url.Values{"csrf_token": {b.csrf(link)}, "password": {"sawah-hijau-ubud"}, "password_confirm": {"sawah-hijau-ubud"}}); status != http.StatusSeeOther {
		t.Fatalf("reset = %d", status)
	}
	if strings.Contains(log.String(), token) {
		t.Errorf("the log holds the reset token:\n%s", log.String())
	}
	if !strings.Contains(log.String(), "path=/password/reset/:token") {
		t.Errorf("the log does not name the reset route:\n%s", log.String())
	}
}

// Finding 14.13, a client's X-Request-Id trusted as is: any 64 bytes were
// echoed, logged and shown. Only a short id of a safe alphabet is kept.
func TestClientRequestIDIsChecked(t *testing.T) {
	s := newSite(t, store.SQLite)
	generated := regexp.MustCompile(`^[0-9a-f]{16}$`)
	for id, kept := range map[string]bool{
		"req-42_a.b":                   true,
		`x" onmouseover="alert(1)`:     false,
		"id with spaces":               false,
		"<script>":                     false,
		"ünïcode":                      false,
		strings.Repeat("a", 65):        false,
		"9f1c2e7a-9a1b-4c1d-8e7f-1234": true,
	} {
		_, _, h := s.get("/", "X-Request-Id", id)
		got := h.Get("X-Request-Id")
		if kept && got != id {
			t.Errorf("X-Request-Id %q came back as %q, want it kept", id, got)
		}
		if !kept && !generated.MatchString(got) {
			t.Errorf("X-Request-Id %q came back as %q, want a fresh id", id, got)
		}
	}
}

// Finding 14.13, no HSTS: a site whose base URL is https tells browsers to
// keep to https; one on plain http (a laptop's demo) does not.
func TestHSTSWhenBaseURLIsHTTPS(t *testing.T) {
	plain := newSite(t, store.SQLite)
	if _, _, h := plain.get("/"); h.Get("Strict-Transport-Security") != "" {
		t.Errorf("an http site sends HSTS %q", h.Get("Strict-Transport-Security"))
	}
	secure := newSite(t, store.SQLite, func(d *siteDeps) { d.Config.BaseURL = "https://kriya.example" })
	if _, _, h := secure.get("/"); !strings.HasPrefix(h.Get("Strict-Transport-Security"), "max-age=31536000") {
		t.Errorf("an https site sends HSTS %q, want max-age=31536000", h.Get("Strict-Transport-Security"))
	}
}
