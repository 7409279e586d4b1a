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
