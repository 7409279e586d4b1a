package mail

import (
	"context"
	"log/slog"
	"time"
)

// Queued is an e-mail taken from the outbox, with the attempts made so far.
type Queued struct {
	ID       int64
	Attempts int
	Message
}

// Outbox is where e-mails wait; the store implements it. Writing an e-mail
// to the outbox in the same transaction as the change it reports, and
// sending it afterwards, means no e-mail is lost when the mail server is
// down and none is sent for a change that was rolled back.
type Outbox interface {
	ClaimEmails(ctx context.Context, limit int, lease time.Duration) ([]Queued, error)
	EmailSent(ctx context.Context, id int64) error
	// EmailFailed records a failed attempt, to retry after retryIn by the
	// outbox's own clock, the one ClaimEmails tells what is due by.
	EmailFailed(ctx context.Context, id int64, reason string, retryIn time.Duration) error
}

// claimLease is how long a claimed e-mail stays hidden from other workers:
// longer than one send may take, so it is not sent twice.
const claimLease = 5 * time.Minute

// DeliverDue sends every e-mail that is due, once, and reports how many
// were sent. A failure is recorded for a retry after Backoff.
func DeliverDue(ctx context.Context, box Outbox, sender Sender, log *slog.Logger) (int, error) {
	sent := 0
	for {
		batch, err := box.ClaimEmails(ctx, 20, claimLease)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		for _, q := range batch {
			if err := sender.Send(ctx, q.Message); err != nil {
				log.Warn("e-mail not sent; will retry", "id", q.ID, "attempt", q.Attempts+1, "err", err)
				if err := box.EmailFailed(ctx, q.ID, err.Error(), Backoff(q.Attempts+1)); err != nil {
					return sent, err
				}
				continue
			}
			if err := box.EmailSent(ctx, q.ID); err != nil {
				return sent, err
			}
			sent++
		}
	}
}

// Deliver sends due e-mails every interval until ctx ends. It is safe to
// run in every server process.
func Deliver(ctx context.Context, box Outbox, sender Sender, interval time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := DeliverDue(ctx, box, sender, log); err != nil && ctx.Err() == nil {
			log.Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
