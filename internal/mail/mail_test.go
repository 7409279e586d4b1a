package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

const testFrom = "Kriya <no-reply@kriya.example.id>"

func TestNewSenderURL(t *testing.T) {
	tests := []struct {
		url     string
		want    smtpConfig
		wantErr string // a fragment of the error; "" for none
	}{
		{url: "smtp://user:pass@mail.example.id:587",
			want: smtpConfig{host: "mail.example.id", port: 587, tls: tlsStartTLS, user: "user", password: "pass"}},
		{url: "smtp://mail.example.id",
			want: smtpConfig{host: "mail.example.id", port: 587, tls: tlsStartTLS}},
		{url: "smtps://user:pass@mail.example.id:465",
			want: smtpConfig{host: "mail.example.id", port: 465, tls: tlsImplicit, user: "user", password: "pass"}},
		{url: "smtps://mail.example.id",
			want: smtpConfig{host: "mail.example.id", port: 465, tls: tlsImplicit}},
		{url: "smtp://localhost:25?starttls=off",
			want: smtpConfig{host: "localhost", port: 25, tls: tlsNone}},
		{url: "smtp://localhost?starttls=off",
			want: smtpConfig{host: "localhost", port: 25, tls: tlsNone}},
		{url: "smtp://127.0.0.1:1025/?starttls=off",
			want: smtpConfig{host: "127.0.0.1", port: 1025, tls: tlsNone}},
		{url: "smtp://mail.example.id:2525?starttls=on",
			want: smtpConfig{host: "mail.example.id", port: 2525, tls: tlsStartTLS}},
		// A password with reserved characters arrives percent-encoded.
		{url: "smtp://apikey:p%40ss%2Fw0rd@smtp.example.id:587",
			want: smtpConfig{host: "smtp.example.id", port: 587, tls: tlsStartTLS, user: "apikey", password: "p@ss/w0rd"}},

		{url: "http://mail.example.id", wantErr: `scheme "http"`},
		{url: "mail.example.id:587", wantErr: "scheme"},
		{url: "smtp://", wantErr: "no host"},
		{url: "smtp://:587", wantErr: "no host"},
		{url: "smtp://user:secret@mail.example.id:99999", wantErr: "port"},
		{url: "smtp://user:secret@mail.example.id:smtp", wantErr: "port"},
		{url: "smtp://mail.example.id/inbox", wantErr: "path"},
		{url: "smtp://mail.example.id?tls=off", wantErr: `"tls" unknown`},
		{url: "smtp://mail.example.id?starttls=no", wantErr: "want on or off"},
		{url: "smtps://mail.example.id?starttls=off", wantErr: "contradicts"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := NewSender(tt.url, testFrom, slog.New(slog.DiscardHandler))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("NewSender(%q) error = %v, want one containing %q", tt.url, err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error %q repeats the password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("NewSender(%q): %v", tt.url, err)
			}
			ss, ok := s.(*smtpSender)
			if !ok {
				t.Fatalf("NewSender(%q) = %T, want *smtpSender", tt.url, s)
			}
			if ss.cfg != tt.want {
				t.Errorf("NewSender(%q) config = %+v, want %+v", tt.url, ss.cfg, tt.want)
			}
		})
	}
}

func TestNewSenderFrom(t *testing.T) {
	for _, from := range []string{"", "Kriya", "no-reply@", "Kriya <no-reply>"} {
		if _, err := NewSender("", from, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("NewSender(from %q) accepted a bad From address", from)
		}
	}
}

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	s, err := NewSender("", testFrom, slog.New(slog.NewJSONHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*LogSender); !ok {
		t.Fatalf("NewSender(\"\") = %T, want *LogSender", s)
	}
	m := Message{
		To:      "wayan@example.id",
		Subject: "Atur ulang kata sandi",
		Text:    "Buka tautan ini:\nhttps://kriya.example.id/reset/abc123\n",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}

	var line struct {
		Level, To, Subject, Text string
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("log output %q: %v", buf.String(), err)
	}
	if line.Level != "INFO" || line.To != m.To || line.Subject != m.Subject || line.Text != m.Text {
		t.Errorf("logged %+v, want level INFO and %+v", line, m)
	}

	if err := s.Send(context.Background(), Message{To: "not an address"}); err == nil {
		t.Error("LogSender accepted a bad recipient")
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration
	}{
		{0, time.Minute},
		{1, time.Minute},
		{2, 2 * time.Minute},
		{3, 4 * time.Minute},
		{4, 8 * time.Minute},
		{9, 256 * time.Minute},
		{10, 6 * time.Hour}, // 512 minutes, capped
		{11, 6 * time.Hour},
		{1000, 6 * time.Hour},
	}
	for _, tt := range tests {
		if got := Backoff(tt.attempts); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
}

func TestSMTPSenderDelivers(t *testing.T) {
	received := make(chan delivery, 1)
	addr, done := startSMTPServer(t, serveSMTP(received))
	s, err := NewSender("smtp://"+addr+"?starttls=off", testFrom, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	m := Message{
		To:      "Ketut <ketut@example.id>",
		Subject: "Pesanan KR-0042 — sudah dibayar",
		Text:    "Total Rp 1.250.000 — terima kasih!\nDekranasda Kota Denpasar\n",
	}
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	waitServer(t, done)

	var got delivery
	select {
	case got = <-received:
	default:
		t.Fatal("server received no message")
	}
	if got.from != "<no-reply@kriya.example.id>" || len(got.rcpt) != 1 || got.rcpt[0] != "<ketut@example.id>" {
		t.Errorf("envelope from %q to %q, want <no-reply@kriya.example.id> to [<ketut@example.id>]", got.from, got.rcpt)
	}

	msg, err := netmail.ReadMessage(strings.NewReader(got.data))
	if err != nil {
		t.Fatalf("parse received message: %v\n%s", err, got.data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject = %q (%v), want %q", subject, err, m.Subject)
	}
	if id := msg.Header.Get("Message-Id"); !strings.HasSuffix(id, "@kriya.example.id>") {
		t.Errorf("Message-Id = %q, want one in the From address's domain", id)
	}
	// go-mail sends UTF-8 text quoted-printable by default.
	body := io.Reader(msg.Body)
	if msg.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		body = quotedprintable.NewReader(body)
	}
	text, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "Rp 1.250.000 — terima kasih") {
		t.Errorf("body does not contain the UTF-8 text:\n%s\nraw message:\n%s", text, got.data)
	}
}

// An smtp:// URL without starttls=off must not fall back to plain text,
// and the refused connection must be closed, not left to the server's
// timeout.
func TestSMTPSenderRequiresSTARTTLS(t *testing.T) {
	received := make(chan delivery, 1)
	addr, done := startSMTPServer(t, serveSMTP(received))
	s, err := NewSender("smtp://"+addr, testFrom, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(t.Context(), Message{To: "ketut@example.id", Subject: "x", Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send to a server without STARTTLS = %v, want a STARTTLS error", err)
	}
	waitServer(t, done)
	if len(received) != 0 {
		t.Error("message sent without TLS")
	}
}

// A server that never answers must not hold Send past its context.
func TestSMTPSenderHonoursContext(t *testing.T) {
	addr, done := startSMTPServer(t, func(c *textproto.Conn) error {
		_, err := c.ReadLine() // no greeting; wait for the client to hang up
		if errors.Is(err, io.EOF) {
			return nil
		}
		return err
	})
	s, err := NewSender("smtp://"+addr+"?starttls=off", testFrom, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	err = s.Send(ctx, Message{To: "ketut@example.id", Subject: "x", Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Send = %v, want context.DeadlineExceeded", err)
	}
	waitServer(t, done)
}

// delivery is what the test SMTP server received in one transaction.
type delivery struct {
	from string
	rcpt []string
	data string
}

// startSMTPServer accepts one connection on a loopback port and runs serve
// on it. done receives serve's result once the client has hung up.
func startSMTPServer(t *testing.T, serve func(*textproto.Conn) error) (addr string, done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 1)
	errc := make(chan error, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			errc <- err
			return
		}
		conns <- conn
		errc <- serve(textproto.NewConn(conn))
	}()
	// Closing both ends keeps a failed test from hanging on the server.
	t.Cleanup(func() {
		ln.Close()
		select {
		case conn := <-conns:
			conn.Close()
		default:
		}
	})
	return ln.Addr().String(), errc
}

// waitServer fails the test unless the server's session ends cleanly:
// a session still open means the client left its connection open.
func waitServer(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("test SMTP server: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("client left the connection open")
	}
}

// serveSMTP answers one client, enough of RFC 5321 for a plain-text
// session without TLS or AUTH, and passes on each message it accepts.
func serveSMTP(received chan<- delivery) func(*textproto.Conn) error {
	return func(c *textproto.Conn) error {
		if err := c.PrintfLine("220 test.local ESMTP"); err != nil {
			return err
		}
		var d delivery
		for {
			line, err := c.ReadLine()
			if errors.Is(err, io.EOF) {
				return nil // the client hung up, as after a refusal
			}
			if err != nil {
				return err
			}
			verb, arg, _ := strings.Cut(line, " ")
			switch strings.ToUpper(verb) {
			case "EHLO", "HELO":
				err = c.PrintfLine("250-test.local\r\n250-8BITMIME\r\n250 SMTPUTF8")
			case "MAIL":
				d = delivery{from: strings.TrimPrefix(strings.Fields(arg)[0], "FROM:")}
				err = c.PrintfLine("250 OK")
			case "RCPT":
				d.rcpt = append(d.rcpt, strings.TrimPrefix(strings.Fields(arg)[0], "TO:"))
				err = c.PrintfLine("250 OK")
			case "DATA":
				if err = c.PrintfLine("354 go ahead"); err != nil {
					return err
				}
				var data []byte
				if data, err = c.ReadDotBytes(); err != nil {
					return err
				}
				d.data = string(data)
				received <- d
				err = c.PrintfLine("250 OK queued")
			case "NOOP", "RSET":
				err = c.PrintfLine("250 OK")
			case "QUIT":
				return c.PrintfLine("221 bye")
			default:
				err = c.PrintfLine("502 command not implemented")
			}
			if err != nil {
				return err
			}
		}
	}
}
