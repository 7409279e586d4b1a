package app

import (
	"context"
	"errors"
	"time"

	"kriya/internal/fault"
	"kriya/internal/store"
)

// ErrThrottled refuses a sign-in, a sign-up or a reset e-mail asked for
// too often. The error it comes wrapped in says how long to wait
// (RetryAfter).
var ErrThrottled error = fault.New(fault.TooMany, "too_many_requests", "too many attempts; wait a few minutes")

// throttled is ErrThrottled with the wait.
type throttled struct{ wait time.Duration }

func (e throttled) Error() string { return ErrThrottled.Error() }
func (e throttled) Unwrap() error { return ErrThrottled }

// RetryAfter is how long a throttled client should wait, in whole seconds
// (at least one), for a Retry-After header; 0 for any other error.
func RetryAfter(err error) int {
	var t throttled
	if !errors.As(err, &t) {
		return 0
	}
	return max(1, int((t.wait+time.Second-1)/time.Second))
}

// backoff is a rule for how often one party may try one thing. Counts live
// in the database (store.Attempts), so every server process sees every
// try. After free tries a key waits base, then twice as long after each
// further try, up to most; a key quiet for forget starts over.
type backoff struct {
	name       string // what is counted; the key is name, then the party
	free       int
	base, most time.Duration
	forget     time.Duration
}

// The rules.
var (
	// Failed sign-ins to one account from one client: the owner, from
	// their usual place, is never locked out by failures from elsewhere,
	// nor an office by one colleague's typos.
	signInFailures = backoff{name: "sign-in", free: 5, base: time.Minute, most: time.Hour, forget: 24 * time.Hour}
	// Failed sign-ins from one client to any account: password spraying.
	// An office shares one address, so it is generous.
	clientFailures = backoff{name: "sign-in client", free: 50, base: time.Minute, most: time.Hour, forget: time.Hour}
	// Sign-ups from one client, and for one address: each costs a hash.
	signUps        = backoff{name: "sign-up client", free: 10, base: time.Minute, most: time.Hour, forget: time.Hour}
	signUpsOfEmail = backoff{name: "sign-up", free: 3, base: 10 * time.Minute, most: 6 * time.Hour, forget: 24 * time.Hour}
	// "Someone tried to sign up with your address" e-mails: one per six
	// hours, however often the address is tried.
	takenMails = backoff{name: "sign-up mail", free: 1, base: 6 * time.Hour, most: 6 * time.Hour, forget: 6 * time.Hour}
	// Reset e-mails to one address.
	resetMails = backoff{name: "reset", free: 3, base: 20 * time.Minute, most: time.Hour, forget: time.Hour}
)

// try is a party's try under a rule: a client's failed sign-ins, an
// address's sign-ups.
type try struct {
	rule  backoff
	party string
}

// key is the name of the try's count.
func (t try) key() string { return t.rule.name + "\x00" + t.party }

// wait is how long t's party must wait before trying again, 0 if it may
// try now.
func (a *App) wait(ctx context.Context, st *store.Store, t try) (time.Duration, error) {
	hits, last, err := st.Attempts(ctx, t.key())
	if err != nil {
		return 0, err
	}
	b, now := t.rule, a.now()
	if hits < b.free || now.Sub(last) >= b.forget {
		return 0, nil
	}
	d := b.most
	if n := hits - b.free; n < 30 && b.base<<n < b.most {
		d = b.base << n
	}
	return max(0, last.Add(d).Sub(now)), nil
}

// throttle gives ErrThrottled, with the longest wait, when any of tries
// must wait.
func (a *App) throttle(ctx context.Context, tries ...try) error {
	var longest time.Duration
	for _, t := range tries {
		d, err := a.wait(ctx, a.store, t)
		if err != nil {
			return err
		}
		longest = max(longest, d)
	}
	if longest > 0 {
		return throttled{longest}
	}
	return nil
}

// count counts each of tries once, in st (a transaction or the store).
func (a *App) count(ctx context.Context, st *store.Store, tries ...try) error {
	for _, t := range tries {
		if err := st.Attempt(ctx, t.key(), a.now(), t.rule.forget); err != nil {
			return err
		}
	}
	return nil
}

// ForgetOldAttempts deletes the counts that every rule has forgotten, so
// that a spray of addresses does not grow the table for good; the server
// runs it now and then.
func (a *App) ForgetOldAttempts(ctx context.Context) error {
	var longest time.Duration
	for _, b := range []backoff{signInFailures, clientFailures, signUps, signUpsOfEmail, takenMails, resetMails} {
		longest = max(longest, b.forget)
	}
	return a.store.DeleteOldAttempts(ctx, a.now().Add(-longest))
}
