package mail_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kriya/internal/mail"
	"kriya/internal/store"
)

// E-mails wait in the outbox while the mail server is down, and go out,
// once each, when a later attempt succeeds.
func TestOutboxRetriesUntilSent(t *testing.T) {
	ctx := context.Background()
	clock := time.Now()
	st, err := store.Open(ctx, store.Options{Driver: store.SQLite, DSN: filepath.Join(t.TempDir(), "k.db"), Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"wayan@example.id", "ketut@example.id"} {
		if err := st.Enqueue(ctx, mail.Message{To: to, Subject: "Pesanan Anda", Text: "Total Rp 1.250.000"}); err != nil {
			t.Fatal(err)
		}
	}
	log := slog.New(slog.DiscardHandler)

	// A mail server that refuses connections.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	refusing, err := mail.NewSender("smtp://"+down+"?starttls=off", "Kriya <no-reply@kriya.test>", log)
	if err != nil {
		t.Fatal(err)
	}
	if sent, err := mail.DeliverDue(ctx, st, refusing, log); sent != 0 || err != nil {
		t.Fatalf("with the server down: sent %d, %v", sent, err)
	}
	pending, _ := st.PendingEmails(ctx)
	if len(pending) != 2 || pending[0].Attempts != 1 {
		t.Fatalf("after a failed attempt: %+v", pending)
	}

	var out bytes.Buffer
	working, err := mail.NewSender("", "Kriya <no-reply@kriya.test>", slog.New(slog.NewTextHandler(&out, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if sent, _ := mail.DeliverDue(ctx, st, working, log); sent != 0 {
		t.Errorf("sent %d before the retry was due", sent)
	}
	clock = clock.Add(mail.Backoff(1) + time.Second)
	if sent, err := mail.DeliverDue(ctx, st, working, log); sent != 2 || err != nil {
		t.Errorf("when due: sent %d, %v", sent, err)
	}
	if pending, _ := st.PendingEmails(ctx); len(pending) != 0 {
		t.Errorf("%d e-mails still pending", len(pending))
	}
	if !strings.Contains(out.String(), "wayan@example.id") || !strings.Contains(out.String(), "Rp 1.250.000") {
		t.Errorf("log sender output lacks the e-mail: %s", out.String())
	}
	if sent, _ := mail.DeliverDue(ctx, st, working, log); sent != 0 {
		t.Errorf("sent %d e-mails a second time", sent)
	}
}
