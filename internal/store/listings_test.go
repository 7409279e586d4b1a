package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/store/storetest"
)

func TestListingEditsAndCuration(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			sari, _ := st.ArtisanBySlug(ctx, "perak-sari")
			live, err := st.ProductBySlug(ctx, "cincin-jawan")
			if err != nil {
				t.Fatal(err)
			}
			// Edit: drop size 8, add size 9, change stock; a change of price waits.
			edited := live
			edited.SKUs = []catalog.SKU{live.SKUs[0], live.SKUs[1], {Label: "Ukuran 9", Price: 480_000, Stock: 2}}
			edited.SKUs[0].Stock = 7
			edited.SKUs[1].Price = 999_000
			saved, outcome, err := catalog.SaveListing(ctx, st, live, edited, true, false)
			if err != nil || outcome != catalog.OutcomeChangePending {
				t.Fatalf("save = %s, %v", outcome, err)
			}
			got, _ := st.ArtisanListing(ctx, sari.ID, saved.ID)
			if len(got.SKUs) != 2 || got.SKUs[0].Stock != 7 || got.SKUs[1].Price != 450_000 || got.SKUs[0].Code != live.SKUs[0].Code {
				t.Fatalf("live after edit: %+v", got.SKUs)
			}
			_, changes, err := st.ReviewQueue(ctx)
			if err != nil || len(changes) != 1 {
				t.Fatalf("queue: %d changes, %v", len(changes), err)
			}
			if _, err := st.DecideChange(ctx, changes[0].ID, true, "", "Ayu"); err != nil {
				t.Fatal(err)
			}
			got, _ = st.ArtisanListing(ctx, sari.ID, saved.ID)
			if len(got.SKUs) != 3 || got.SKUs[1].Price != 999_000 || got.SKUs[2].Label != "Ukuran 9" || got.SKUs[0].Stock != 7 || got.PriceFrom != 450_000 {
				t.Errorf("after approval: %+v price from %d", got.SKUs, got.PriceFrom)
			}
			if _, err := st.DecideChange(ctx, changes[0].ID, false, "late", "Ayu"); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("deciding a decided change: %v", err)
			}
			// Another artisan's listing is not found, whatever the id.
			ayu, _ := st.ArtisanBySlug(ctx, "tenun-ayu")
			if _, err := st.ArtisanListing(ctx, ayu.ID, saved.ID); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("cross-artisan lookup: %v", err)
			}
		})
	}
}

// Of two staff deciding the same application at once, one succeeds.
func TestStatusChangeIsDecidedOnce(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			u := account.User{Email: "wayan@example.id", Name: "Wayan", PasswordHash: "x", Role: account.RoleBuyer, Active: true}
			if err := st.CreateUser(ctx, &u); err != nil {
				t.Fatal(err)
			}
			cats, _ := st.Categories(ctx)
			a := catalog.Artisan{Slug: "perak-wayan", Name: "Perak Wayan", CategoryID: cats[0].ID}
			if err := st.CreateApplication(ctx, &a, []artisan.Permit{{Kind: artisan.PermitNIB, Number: "1", DocumentKey: "permits/x.pdf"}}, u); err != nil {
				t.Fatal(err)
			}
			if err := st.CreateApplication(ctx, &catalog.Artisan{Slug: "perak-wayan-2", Name: "Lagi", CategoryID: cats[0].ID}, nil, u); !errors.Is(err, artisan.ErrAlreadyOwner) {
				t.Errorf("a second application by the same user: %v", err)
			}
			decree := artisan.Decree{Number: "SK 7", Date: time.Now(), Supervisor: "Ayu"}
			var wg sync.WaitGroup
			var mu sync.Mutex
			ok := 0
			for range 4 {
				wg.Go(func() {
					_, err := st.ChangeArtisanStatus(ctx, a.ID, artisan.Change{Action: artisan.Approve, ByStaff: true, Decree: decree, ActorID: 1})
					if err == nil {
						mu.Lock()
						ok++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if ok != 1 {
				t.Errorf("approved %d times, want once", ok)
			}
			owner, _ := st.UserByID(ctx, u.ID)
			if owner.Role != account.RoleArtisan || owner.ArtisanID == nil || *owner.ArtisanID != a.ID {
				t.Errorf("the applicant did not become the artisan's account: %+v", owner)
			}
			history, _ := st.StatusHistory(ctx, a.ID)
			if len(history) != 2 || history[1].To != artisan.Active || history[1].From != artisan.Applied {
				t.Errorf("history: %+v", history)
			}
		})
	}
}
