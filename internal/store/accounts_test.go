package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/mail"
	"kriya/internal/store/storetest"
)

func TestUsers(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			u := account.User{Email: " Wayan@Example.COM ", Name: "Wayan", PasswordHash: "x", Role: account.RoleBuyer, Lang: "id", Active: true}
			if err := st.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			dup := account.User{Email: "wayan@example.com", PasswordHash: "x", Role: account.RoleBuyer, Active: true}
			if err := st.CreateUser(ctx, &dup); !errors.Is(err, account.ErrEmailTaken) {
				t.Errorf("duplicate e-mail error = %v, want ErrEmailTaken", err)
			}
			got, err := st.UserByEmail(ctx, "WAYAN@example.com")
			if err != nil || got.ID != u.ID || got.Email != "wayan@example.com" {
				t.Errorf("UserByEmail = %+v, %v", got, err)
			}
			if _, err := st.UserByEmail(ctx, "nobody@example.com"); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("unknown e-mail error = %v", err)
			}
			got.Role, got.Active = account.RoleStaff, false
			if err := st.UpdateUser(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if again, _ := st.UserByID(ctx, u.ID); again.Role != account.RoleStaff || again.Active {
				t.Errorf("after update: %+v", again)
			}
			list, err := st.Users(ctx, account.UserFilter{Role: account.RoleStaff, Query: "way"})
			if err != nil || len(list) != 1 {
				t.Errorf("Users(staff, way) = %d users, %v", len(list), err)
			}
			if list, _ := st.Users(ctx, account.UserFilter{Query: "%"}); len(list) != 0 {
				t.Errorf("a %% query matched %d users; LIKE patterns must be escaped", len(list))
			}
		})
	}
}

// Of many concurrent uses of one reset link, exactly one succeeds.
func TestTokenIsUsedOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			u := account.User{Email: "ketut@example.com", PasswordHash: "x", Role: account.RoleBuyer, Active: true}
			if err := st.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			plain, hash := account.NewSecret()
			tok := account.Token{UserID: u.ID, Purpose: account.TokenPasswordReset, Hash: hash, ExpiresAt: time.Now().Add(time.Hour)}
			if err := st.CreateToken(ctx, &tok); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			used := 0
			for range 10 {
				wg.Go(func() {
					_, err := st.UseToken(ctx, account.TokenPasswordReset, account.HashSecret(plain))
					if err == nil {
						mu.Lock()
						used++
						mu.Unlock()
					} else if !errors.Is(err, account.ErrTokenInvalid) {
						t.Errorf("UseToken: %v", err)
					}
				})
			}
			wg.Wait()
			if used != 1 {
				t.Errorf("token used %d times, want once", used)
			}
		})
	}
}

// Two workers claiming from one outbox never take the same e-mail.
func TestOutboxClaimsEachEmailOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			for i := range 30 {
				if err := st.Enqueue(ctx, mail.Message{To: fmt.Sprintf("b%d@example.com", i), Subject: "s", Text: "t"}); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			seen := map[int64]int{}
			var wg sync.WaitGroup
			for range 2 {
				wg.Go(func() {
					for {
						batch, err := st.ClaimEmails(ctx, 7, time.Minute)
						if err != nil {
							t.Error(err)
							return
						}
						if len(batch) == 0 {
							return
						}
						mu.Lock()
						for _, q := range batch {
							seen[q.ID]++
						}
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if len(seen) != 30 {
				t.Errorf("claimed %d distinct e-mails, want 30", len(seen))
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("e-mail %d claimed %d times", id, n)
				}
			}
		})
	}
}

func TestSessions(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			ss := st.Sessions()
			if err := ss.CommitCtx(ctx, "tok", []byte("one"), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := ss.CommitCtx(ctx, "tok", []byte("two"), time.Now().Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if err := ss.CommitCtx(ctx, "old", []byte("x"), time.Now().Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
			if b, ok, err := ss.FindCtx(ctx, "tok"); !ok || err != nil || string(b) != "two" {
				t.Errorf("Find(tok) = %q %v %v", b, ok, err)
			}
			if _, ok, _ := ss.FindCtx(ctx, "old"); ok {
				t.Error("an expired session was found")
			}
			if err := ss.DeleteExpired(ctx); err != nil {
				t.Fatal(err)
			}
			if err := ss.DeleteCtx(ctx, "tok"); err != nil {
				t.Fatal(err)
			}
			if _, ok, _ := ss.FindCtx(ctx, "tok"); ok {
				t.Error("a deleted session was found")
			}
		})
	}
}

// Finding 14.11, per-process counters: failures were counted in each
// process's memory. They are rows now, counted by one statement, so
// concurrent attempts from any number of connections all count; a quiet
// count starts over, and a cleared one is gone.
func TestAttemptsAreCountedInTheDatabase(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
			const key = "sign-in\x00wayan@example.com\x00203.0.113.7"
			if hits, _, err := st.Attempts(ctx, key); hits != 0 || err != nil {
				t.Fatalf("a new key has %d hits, %v", hits, err)
			}
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					if err := st.Attempt(ctx, key, t0, time.Hour); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			hits, last, err := st.Attempts(ctx, key)
			if hits != 20 || !last.Equal(t0) || err != nil {
				t.Errorf("after 20 concurrent attempts: %d hits, last %v, %v", hits, last, err)
			}
			if hits, _, _ := st.Attempts(ctx, key+"x"); hits != 0 {
				t.Errorf("another key has %d hits", hits)
			}
			if err := st.Attempt(ctx, key, t0.Add(59*time.Minute), time.Hour); err != nil {
				t.Fatal(err)
			}
			if hits, _, _ := st.Attempts(ctx, key); hits != 21 {
				t.Errorf("an attempt within the hour makes %d hits, want 21", hits)
			}
			if err := st.Attempt(ctx, key, t0.Add(3*time.Hour), time.Hour); err != nil {
				t.Fatal(err)
			}
			if hits, last, _ := st.Attempts(ctx, key); hits != 1 || !last.Equal(t0.Add(3*time.Hour)) {
				t.Errorf("an attempt after a quiet hour makes %d hits at %v, want 1", hits, last)
			}
			if err := st.Attempt(ctx, "other", t0, time.Hour); err != nil {
				t.Fatal(err)
			}
			if err := st.DeleteOldAttempts(ctx, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			if hits, _, _ := st.Attempts(ctx, "other"); hits != 0 {
				t.Error("an old count survived DeleteOldAttempts")
			}
			if err := st.ClearAttempts(ctx, key); err != nil {
				t.Fatal(err)
			}
			if hits, _, _ := st.Attempts(ctx, key); hits != 0 {
				t.Errorf("a cleared key has %d hits", hits)
			}
		})
	}
}

// Finding 14.3, sessions and tokens outliving a password: EndSessions
// moves the user's session epoch on (and a stale copy of the user saved
// later does not move it back); EndTokens ends every live token for good.
func TestEndSessionsAndTokens(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			ctx := context.Background()
			u := account.User{Email: "putu@example.com", PasswordHash: "x", Role: account.RoleBuyer, Active: true}
			other := account.User{Email: "komang@example.com", PasswordHash: "x", Role: account.RoleBuyer, Active: true}
			for _, x := range []*account.User{&u, &other} {
				if err := st.CreateUser(ctx, x); err != nil {
					t.Fatal(err)
				}
			}
			stale := u
			epoch, err := st.EndSessions(ctx, u.ID)
			if err != nil || epoch != 1 {
				t.Fatalf("EndSessions = %d, %v; want 1", epoch, err)
			}
			stale.Name = "Putu"
			if err := st.UpdateUser(ctx, &stale); err != nil {
				t.Fatal(err)
			}
			if again, _ := st.UserByID(ctx, u.ID); again.SessionEpoch != 1 {
				t.Errorf("after saving a stale copy the epoch is %d, want 1", again.SessionEpoch)
			}
			if _, err := st.EndSessions(ctx, 1_000_000); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("EndSessions of nobody = %v, want ErrNotFound", err)
			}

			plainAPI, hashAPI := account.NewSecret()
			_, hashReset := account.NewSecret()
			_, hashOther := account.NewSecret()
			for _, tok := range []*account.Token{
				{UserID: u.ID, Purpose: account.TokenAPI, Hash: hashAPI, ExpiresAt: time.Now().Add(time.Hour)},
				{UserID: u.ID, Purpose: account.TokenPasswordReset, Hash: hashReset, ExpiresAt: time.Now().Add(time.Hour)},
				{UserID: other.ID, Purpose: account.TokenAPI, Hash: hashOther, ExpiresAt: time.Now().Add(time.Hour)},
			} {
				if err := st.CreateToken(ctx, tok); err != nil {
					t.Fatal(err)
				}
			}
			if err := st.EndTokens(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.TokenUser(ctx, account.HashSecret(plainAPI)); !errors.Is(err, account.ErrTokenInvalid) {
				t.Errorf("an ended API token still works: %v", err)
			}
			if _, err := st.UseToken(ctx, account.TokenPasswordReset, hashReset); !errors.Is(err, account.ErrTokenInvalid) {
				t.Errorf("an ended reset link still works: %v", err)
			}
			if _, err := st.TokenUser(ctx, hashOther); err != nil {
				t.Errorf("another user's token was ended: %v", err)
			}
		})
	}
}
