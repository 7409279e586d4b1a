package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/store/storetest"
)

// Finding 14.11, the backoff itself: after five failures of an account
// from a client, that client waits a minute, then twice as long after
// each further failure; a success forgets the failures, and so does a
// quiet day.
func TestSignInBackoffGrowsAndForgets(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
			a, err := app.New(ctx, app.Deps{Store: st, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			hash, err := account.HashPassword("perak celuk sepuluh")
			if err != nil {
				t.Fatal(err)
			}
			if err := st.CreateUser(ctx, &account.User{Email: "wayan@example.com", PasswordHash: hash, Role: account.RoleBuyer, Active: true}); err != nil {
				t.Fatal(err)
			}
			const client = "203.0.113.7"
			signIn := func(password string) error {
				_, err := a.SignIn(ctx, "wayan@example.com", password, client)
				return err
			}
			fail := func(n int) {
				t.Helper()
				for i := range n {
					if err := signIn("wrong password"); !errors.Is(err, account.ErrBadCredentials) {
						t.Fatalf("failure %d = %v", i+1, err)
					}
				}
			}
			fail(5)
			err = signIn("perak celuk sepuluh")
			if !errors.Is(err, app.ErrThrottled) || app.RetryAfter(err) != 60 {
				t.Fatalf("after five failures = %v, retry after %d; want throttled for 60 s", err, app.RetryAfter(err))
			}
			now = now.Add(time.Minute)
			fail(1)
			now = now.Add(time.Minute + 59*time.Second)
			if err := signIn("perak celuk sepuluh"); app.RetryAfter(err) != 1 {
				t.Errorf("119 s after the sixth failure = %v; want throttled for 1 s more", err)
			}
			now = now.Add(time.Second)
			if err := signIn("perak celuk sepuluh"); err != nil {
				t.Fatalf("two minutes after the sixth failure = %v", err)
			}
			fail(5) // the success forgot the earlier failures
			now = now.Add(24 * time.Hour)
			fail(5) // so did the quiet day
			if err := signIn("perak celuk sepuluh"); !errors.Is(err, app.ErrThrottled) {
				t.Errorf("five failures after a quiet day, then = %v; want throttled", err)
			}
		})
	}
}
