package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/council"
	"kriya/internal/monev"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// The first start writes the council's settings from the environment;
// later starts leave what admins have set since.
func TestCouncilIsSeededOnceAndSaved(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			if _, err := st.Council(ctx, council.Home); !errors.Is(err, council.ErrNotFound) {
				t.Fatalf("a council before the first start: %v", err)
			}
			if err := st.EnsureCouncil(ctx, council.FirstRun("BPD Bali 010 (env)", 250)); err != nil {
				t.Fatal(err)
			}
			c, err := st.Council(ctx, council.Home)
			if err != nil || c.CommissionBP != 250 || !slices.Equal(c.BankAccounts, []string{"BPD Bali 010 (env)"}) || c.NumberScheme != council.DefaultScheme {
				t.Fatalf("first-run council = %+v, %v", c, err)
			}
			c.Letterhead = []string{"PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR"}
			c.BankAccounts = []string{"BPD Bali 010.02.02.12345-6", "BRI 0123-01-000456-30-7"}
			c.CommissionBP, c.HeadName = 0, "Ni Made Sari"
			if err := st.SaveCouncil(ctx, &c); err != nil {
				t.Fatal(err)
			}
			// A restart with other environment values changes nothing.
			if err := st.EnsureCouncil(ctx, council.FirstRun("BPD Bali 999 (env)", 1000)); err != nil {
				t.Fatal(err)
			}
			got, err := st.Council(ctx, council.Home)
			if err != nil || got.CommissionBP != 0 || len(got.BankAccounts) != 2 || got.BankAccounts[1] != "BRI 0123-01-000456-30-7" ||
				len(got.Letterhead) != 2 || got.HeadName != "Ni Made Sari" {
				t.Errorf("after saving and a restart = %+v, %v", got, err)
			}
		})
	}
}

// Verifying records gives them the council's numbers in order, one each,
// never twice, however many verifications run at once — and numbering
// starts again with a new year. A verification that fails gives its
// number back.
func TestDocumentNumbersAreSequentialPerYearUnderConcurrency(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			if err := st.EnsureCouncil(ctx, council.FirstRun("", 0)); err != nil {
				t.Fatal(err)
			}
			officer := account.User{Email: "made@dekranasda.test", Name: "Made", Role: account.RoleStaff, Active: true, Lang: "id"}
			if err := st.CreateUser(ctx, &officer); err != nil {
				t.Fatal(err)
			}
			sari, err := st.ArtisanBySlug(ctx, "perak-sari")
			if err != nil {
				t.Fatal(err)
			}
			submitted := func(n int) []int64 {
				var ids []int64
				for i := range n {
					v := monev.Visit{ArtisanID: sari.ID, Day: fmt.Sprintf("2026-11-%02d", i+1), Kind: monev.KindRoutine,
						PeriodFrom: "2026-08-01", PeriodTo: "2026-10-31", Team: []monev.TeamMember{{UserID: officer.ID, Role: "lead"}}}
					if err := st.CreateVisit(ctx, &v); err != nil {
						t.Fatal(err)
					}
					if err := st.ChangeVisitStatus(ctx, v.ID, monev.Draft, monev.Submitted, officer.ID, &monev.Measured{}); err != nil {
						t.Fatal(err)
					}
					ids = append(ids, v.ID)
				}
				return ids
			}
			// verify is what app.ChangeVisitStatus does: the number is
			// prepared outside, taken inside the verification's transaction.
			verify := func(id int64, at time.Time) (string, error) {
				if err := st.PrepareNumbers(ctx, council.Home, monev.DocumentKind, at.Year()); err != nil {
					return "", err
				}
				var number string
				err := st.Atomic(ctx, func(tx *store.Store) error {
					if err := tx.ChangeVisitStatus(ctx, id, monev.Submitted, monev.Verified, officer.ID+1, nil); err != nil {
						return err
					}
					c, err := tx.Council(ctx, council.Home)
					if err != nil {
						return err
					}
					seq, err := tx.NextNumber(ctx, c.ID, monev.DocumentKind, at.Year())
					if err != nil {
						return err
					}
					number = c.NumberScheme.Format(seq, at)
					return tx.NumberVisit(ctx, id, number)
				})
				return number, err
			}

			december := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
			ids := submitted(12)
			// Every record is verified by two officers at once: one of
			// each pair wins, the other finds the record moved.
			var mu sync.Mutex
			var wg sync.WaitGroup
			var numbers []string
			transitions := 0
			for _, id := range ids {
				for range 2 {
					wg.Go(func() {
						number, err := verify(id, december)
						mu.Lock()
						defer mu.Unlock()
						switch {
						case errors.Is(err, monev.ErrTransition):
							transitions++
						case err != nil:
							t.Errorf("verify %d: %v", id, err)
						default:
							numbers = append(numbers, number)
						}
					})
				}
			}
			wg.Wait()
			slices.Sort(numbers)
			var want []string
			for i := range ids {
				want = append(want, fmt.Sprintf("%03d/MONEV/DEKRANASDA/XII/2026", i+1))
			}
			if !slices.Equal(numbers, want) || transitions != len(ids) {
				t.Fatalf("numbers = %q (%d verifications refused), want %q and %d refused", numbers, transitions, want, len(ids))
			}
			for _, id := range ids {
				if v, err := st.Visit(ctx, id); err != nil || !slices.Contains(want, v.Number) {
					t.Errorf("record %d has number %q, %v", id, v.Number, err)
				}
			}

			// The next year starts again at 1; this year goes on.
			next := submitted(2)
			if n, err := verify(next[0], time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC)); err != nil || n != "001/MONEV/DEKRANASDA/I/2027" {
				t.Errorf("the first number of 2027 = %q, %v", n, err)
			}
			if n, err := verify(next[1], december); err != nil || n != "013/MONEV/DEKRANASDA/XII/2026" {
				t.Errorf("the next number of 2026 = %q, %v", n, err)
			}
		})
	}
}
