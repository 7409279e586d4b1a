// Package mail sends Kriya's e-mails — order confirmations, password
// resets — through an SMTP server, or into the log when none is
// configured. The outbox worker calls it and retries with Backoff, so a
// Send only has to try once.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one plain-text e-mail to one recipient: plain text renders
// the same in every client and in the log.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Sender delivers a Message; the outbox worker depends on this interface
// so that tests and development need no SMTP server.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// timeout bounds each step of an SMTP session, so that a stuck server
// cannot hold the outbox worker.
const timeout = 15 * time.Second

// NewSender returns the Sender that KRIYA_SMTP_URL asks for: a LogSender
// when smtpURL is empty, else an SMTP sender for URLs such as
// smtp://user:pass@host:587 (STARTTLS required), smtps://user:pass@host:465
// (implicit TLS) or smtp://host:25?starttls=off (no TLS, for a local relay).
// from is the From address, such as "Kriya <no-reply@kriya.example.id>";
// log receives a LogSender's messages.
func NewSender(smtpURL, from string, log *slog.Logger) (Sender, error) {
	fromAddr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: From address %q: %w", from, err)
	}
	if smtpURL == "" {
		return &LogSender{log: log, from: fromAddr.String()}, nil
	}
	cfg, err := parseURL(smtpURL)
	if err != nil {
		return nil, err
	}
	s := &smtpSender{cfg: cfg, from: fromAddr}
	// Build one client now so that a configuration go-mail rejects fails at
	// start-up, not at the first e-mail.
	if _, err := s.client(); err != nil {
		return nil, err
	}
	return s, nil
}

// LogSender writes each message to the log instead of sending it, so that
// in development a password-reset link can be copied from the log.
type LogSender struct {
	log  *slog.Logger
	from string
}

// Send logs m at Info level, with its whole text.
func (s *LogSender) Send(ctx context.Context, m Message) error {
	if err := checkMessage(m); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "mail: not sent, no SMTP server configured",
		"from", s.from, "to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}

// checkMessage rejects what an SMTP server would, so that LogSender fails
// in development where the SMTP sender would fail in production.
func checkMessage(m Message) error {
	if _, err := netmail.ParseAddress(m.To); err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	return nil
}

// TLS modes of an SMTP URL.
const (
	tlsStartTLS = "starttls" // smtp://: upgrade with STARTTLS, refuse servers that cannot
	tlsImplicit = "implicit" // smtps://: TLS from the first byte
	tlsNone     = "none"     // smtp://…?starttls=off: plain text, for a relay on the same host
)

// smtpConfig is an SMTP URL taken apart.
type smtpConfig struct {
	host     string
	port     int
	tls      string
	user     string
	password string
}

// parseURL reads an SMTP URL. Its errors never quote the URL, which may
// hold a password.
func parseURL(raw string) (smtpConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error's text repeats the URL, password and all
		}
		return smtpConfig{}, fmt.Errorf("mail: parse SMTP URL: %w", err)
	}
	var cfg smtpConfig
	switch u.Scheme {
	case "smtp":
		cfg.tls, cfg.port = tlsStartTLS, 587
	case "smtps":
		cfg.tls, cfg.port = tlsImplicit, 465
	default:
		return smtpConfig{}, fmt.Errorf("mail: SMTP URL scheme %q, want smtp or smtps", u.Scheme)
	}
	cfg.host = u.Hostname()
	if cfg.host == "" {
		return smtpConfig{}, errors.New("mail: SMTP URL has no host")
	}
	if u.Path != "" && u.Path != "/" {
		return smtpConfig{}, fmt.Errorf("mail: SMTP URL has a path %q; it takes none", u.Path)
	}
	for key, values := range u.Query() {
		if key != "starttls" {
			return smtpConfig{}, fmt.Errorf("mail: SMTP URL parameter %q unknown; only starttls=off exists", key)
		}
		switch {
		case len(values) == 1 && values[0] == "on":
		case len(values) == 1 && values[0] == "off" && cfg.tls == tlsStartTLS:
			// A relay without TLS listens on the traditional port.
			cfg.tls, cfg.port = tlsNone, 25
		case len(values) == 1 && values[0] == "off":
			return smtpConfig{}, errors.New("mail: starttls=off contradicts smtps://, which is TLS from the start")
		default:
			return smtpConfig{}, fmt.Errorf("mail: SMTP URL starttls=%q, want on or off", strings.Join(values, ","))
		}
	}
	if p := u.Port(); p != "" {
		cfg.port, err = strconv.Atoi(p)
		if err != nil || cfg.port < 1 || cfg.port > 65535 {
			return smtpConfig{}, fmt.Errorf("mail: SMTP URL port %q out of range", p)
		}
	}
	if u.User != nil {
		cfg.user = u.User.Username()
		cfg.password, _ = u.User.Password()
	}
	return cfg, nil
}

// smtpSender delivers through an SMTP server, one connection per message:
// the outbox worker sends a few messages a minute, too few to keep a
// connection open for.
type smtpSender struct {
	cfg  smtpConfig
	from *netmail.Address
}

// client builds a go-mail client for one delivery. A fresh client per
// Send keeps concurrent Sends apart: go-mail's Client keeps per-session
// state, such as the negotiated auth mechanism.
func (s *smtpSender) client(extra ...gomail.Option) (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.port), gomail.WithTimeout(timeout)}
	switch s.cfg.tls {
	case tlsStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case tlsImplicit:
		opts = append(opts, gomail.WithSSL())
	case tlsNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.user != "" {
		// PLAIN and LOGIN cover every common provider; go-mail refuses both
		// over an unencrypted connection unless the server is localhost,
		// so a password never crosses the network in clear.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.cfg.user), gomail.WithPassword(s.cfg.password))
	}
	c, err := gomail.NewClient(s.cfg.host, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client for %s:%d: %w", s.cfg.host, s.cfg.port, err)
	}
	return c, nil
}

// dial connects as go-mail's own dialer would: go-mail uses it only when
// no dial function is given, and for smtps:// wraps it in TLS.
func (s *smtpSender) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	if s.cfg.tls == tlsImplicit {
		td := &tls.Dialer{NetDialer: d, Config: &tls.Config{ServerName: s.cfg.host, MinVersion: tls.VersionTLS12}}
		return td.DialContext(ctx, network, addr)
	}
	return d.DialContext(ctx, network, addr)
}

// Send delivers m, or returns why not; the caller decides whether to retry.
func (s *smtpSender) Send(ctx context.Context, m Message) error {
	if err := checkMessage(m); err != nil {
		return err
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("mail: recipient %q: %w", m.To, err)
	}
	msg.Subject(m.Subject)
	// go-mail names the Message-ID after the local host name, which
	// spam filters hold against a message from another domain.
	msg.SetMessageIDWithValue(rand.Text() + "@" + domain(s.from.Address))
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)

	// go-mail v0.8.1 leaves the connection open when EHLO, STARTTLS or AUTH
	// fails, and reads ctx only while dialling. Holding the connection
	// here lets Send close it in every case, and as soon as ctx is done.
	var conn net.Conn
	stop := func() bool { return false }
	defer func() {
		stop()
		if conn != nil {
			conn.Close()
		}
	}()
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		c, err := s.dial(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		conn = c
		stop = context.AfterFunc(ctx, func() { c.Close() })
		return c, nil
	}

	c, err := s.client(gomail.WithDialContextFunc(dial))
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			err = cause // the closed connection's error says less
		}
		return fmt.Errorf("mail: send to %s via %s:%d: %w", m.To, s.cfg.host, s.cfg.port, err)
	}
	return nil
}

// domain returns the part of an address after its last "@".
func domain(addr string) string {
	return addr[strings.LastIndex(addr, "@")+1:]
}

// Backoff returns how long an outbox waits before retry number attempts
// (1-based): 1 minute, then 2, 4, 8… capped at 6 hours, so that a short
// outage costs minutes and a long one costs few connections. The e-mail
// outbox and the money outbox (app.SendMovements) both use it.
func Backoff(attempts int) time.Duration {
	const maxDelay = 6 * time.Hour
	d := time.Minute
	for i := 1; i < attempts; i++ {
		d *= 2
		if d >= maxDelay {
			return maxDelay
		}
	}
	return d
}
