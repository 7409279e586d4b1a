package app_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/exhibition"
	"kriya/internal/fault"
	"kriya/internal/sales"
	"kriya/internal/store"
)

// artisanUser is the account of the artisan with the slug.
func artisanUser(t *testing.T, st *store.Store, slug string) account.User {
	t.Helper()
	a, err := st.ArtisanBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	u := account.User{Email: slug + "@perajin.test", Name: a.Name, Role: account.RoleArtisan, ArtisanID: &a.ID, Active: true, PasswordHash: "x"}
	if err := st.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

// Who may enter and correct which receipts, and that every change is
// audited: an artisan its own stand's only (another's receipt is not
// found), staff any; two corrections of one receipt at once make exactly
// one version.
func TestReceiptsAreCorrectedByWhoMayAndAudited(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		a, st, _ := open(t, dialect)
		staff := staffMember(t, st)
		sari, ayu := artisanUser(t, st, "perak-sari"), artisanUser(t, st, "tenun-ayu")
		e := exhibition.Exhibition{Name: "Gelar Produk Potensial", Place: "Taman Budaya", StartsOn: "2026-11-20", EndsOn: "2026-11-22", ArtisanEntry: true}
		if err := a.CreateExhibition(ctx, staff, &e); err != nil {
			t.Fatal(err)
		}
		if err := a.SetParticipant(ctx, staff, exhibition.Participant{ExhibitionID: e.ID, ArtisanID: *sari.ArtisanID, Status: exhibition.Selected}); err != nil {
			t.Fatal(err)
		}
		sale := func(artisanID int64, amount int64) *exhibition.Receipt {
			r := &exhibition.Receipt{ArtisanID: artisanID, Units: 1, Amount: amount, Method: "qris"}
			r.At(time.Date(2026, 11, 21, 11, 0, 0, 0, sales.WITA))
			return r
		}
		own := sale(*sari.ArtisanID, 450_000)
		if err := a.RecordReceipt(ctx, sari, e, own); err != nil {
			t.Fatalf("the artisan's own receipt: %v", err)
		}
		if own.EnteredByID != sari.ID || own.EnteredBy != sari.Name {
			t.Errorf("entered by %d %q, want the artisan's account", own.EnteredByID, own.EnteredBy)
		}
		if err := a.RecordReceipt(ctx, ayu, e, sale(*sari.ArtisanID, 1)); fault.KindOf(err) != fault.Forbidden {
			t.Errorf("another artisan entering a receipt for the stand = %v, want forbidden", err)
		}
		if _, err := a.CorrectReceipt(ctx, ayu, e, own.ID, exhibition.Receipt{Voided: true, Reason: "x"}); !errors.Is(err, exhibition.ErrReceiptNotFound) {
			t.Errorf("another artisan correcting the receipt = %v, want not found", err)
		}
		if _, err := a.ReceiptHistory(ctx, ayu, e, own.ID); !errors.Is(err, exhibition.ErrReceiptNotFound) {
			t.Errorf("another artisan reading the receipt = %v, want not found", err)
		}

		// Two staff correct it at once.
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				next := *sale(0, int64(500_000+i*100_000))
				next.Reason = fmt.Sprint("koreksi meja ", i)
				<-start
				_, errs[i] = a.CorrectReceipt(ctx, staff, e, own.ID, next)
			})
		}
		close(start)
		wg.Wait()
		made := 0
		for _, err := range errs {
			switch {
			case err == nil:
				made++
			case !errors.Is(err, exhibition.ErrSuperseded) || fault.KindOf(err) != fault.Conflict:
				t.Errorf("a concurrent correction failed with %v, want a conflict saying it was corrected already", err)
			}
		}
		h, err := a.ReceiptHistory(ctx, sari, e, own.ID)
		if made != 1 || err != nil || len(h.Earlier) != 1 || h.Number() != own.ID {
			t.Fatalf("%d corrections made, history %+v, %v; want exactly one new version", made, h, err)
		}

		if _, err := a.CorrectReceipt(ctx, sari, e, h.Receipt.ID, exhibition.Receipt{Voided: true, Reason: "pembeli batal"}); err != nil {
			t.Fatalf("the artisan voiding its receipt: %v", err)
		}
		for _, action := range []string{"exhibition.receipt.add", "exhibition.receipt.correct", "exhibition.receipt.void"} {
			log, err := st.AuditLog(ctx, account.AuditFilter{Action: action})
			if err != nil || len(log) != 1 {
				t.Errorf("audit entries of %s = %+v, %v; want one", action, log, err)
			}
		}
	})
}
