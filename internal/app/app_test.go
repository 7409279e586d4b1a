package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/config"
	"kriya/internal/exhibition"
	"kriya/internal/fault"
	"kriya/internal/order"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// open is a use-case layer on a fresh database with the test catalog.
func open(t *testing.T, dialect string) (*app.App, *store.Store, string) {
	t.Helper()
	ctx := context.Background()
	dsn := storetest.DSN(t, dialect)
	st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	a, err := app.New(ctx, app.Deps{Store: st, Config: config.Config{BankAccount: "BPD Bali (tes)"}})
	if err != nil {
		t.Fatal(err)
	}
	return a, st, dsn
}

func staffMember(t *testing.T, st *store.Store) account.User {
	t.Helper()
	u := account.User{Email: "staff@dekranasda.test", Name: "Staf", Role: account.RoleStaff, Active: true, PasswordHash: "x"}
	if err := st.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

// A change whose audit entry cannot be written is not made: the audit
// insert is the use case's last write, and it fails; then the same change
// succeeds with its entry once the audit log accepts it.
func TestChangeWithoutItsAuditEntryIsNotMade(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a, st, dsn := open(t, dialect)
			staff := staffMember(t, st)
			event := func() *exhibition.Exhibition {
				return &exhibition.Exhibition{Name: "Pameran Kriya Denpasar", Place: "Taman Budaya", StartsOn: "2026-12-10", EndsOn: "2026-12-13"}
			}

			restore := storetest.FailInserts(t, dialect, dsn, "audit_log")
			err := a.CreateExhibition(ctx, staff, event())
			if err == nil || fault.KindOf(err) != fault.Internal {
				t.Fatalf("creating an event whose audit entry fails = %v, want an internal error", err)
			}
			if es, _ := st.Exhibitions(ctx); len(es) != 0 {
				t.Fatalf("events after a failed audit entry = %+v, want none", es)
			}
			restore()

			if err := a.CreateExhibition(ctx, staff, event()); err != nil {
				t.Fatal(err)
			}
			if es, _ := st.Exhibitions(ctx); len(es) != 1 {
				t.Fatalf("events = %+v, want the one created", es)
			}
			log, err := st.AuditLog(ctx, account.AuditFilter{Action: "exhibition.create"})
			if err != nil || len(log) != 1 || log[0].ActorEmail != staff.Email {
				t.Fatalf("audit log = %+v, %v; want one entry by %s", log, err, staff.Email)
			}
		})
	}
}

// An order's confirmation e-mail is in the outbox exactly when the order
// is: placed, both are there; refused for stock, neither; and when the
// e-mail cannot be queued, the order is not placed and its stock is back.
func TestOrderMailExistsExactlyWhenTheOrderDoes(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			a, st, dsn := open(t, dialect)
			endek, err := st.ProductBySlug(ctx, "kain-endek") // 5 in stock
			if err != nil {
				t.Fatal(err)
			}
			sku := endek.SKUs[0]
			build := func(quantity int) order.Order {
				t.Helper()
				items, err := st.SKUItems(ctx, []string{sku.Code})
				if err != nil {
					t.Fatal(err)
				}
				item := items[sku.Code]
				item.Quantity = quantity
				o, err := a.BuildOrder(ctx, order.Cart{Items: []order.CartItem{item}}, app.Checkout{
					Email: "made@example.id", Name: "Made", Phone: "0812 3456 7890", Pickup: true,
					Method: order.MethodManual, Lang: "id"})
				if err != nil {
					t.Fatal(err)
				}
				return o
			}
			mailsAbout := func(number string) int {
				t.Helper()
				mails, err := st.PendingEmails(ctx)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, m := range mails {
					if strings.Contains(m.Subject, number) {
						n++
					}
				}
				return n
			}
			stock := func() int {
				k, err := st.ArtisanSKU(ctx, endek.ArtisanID, sku.Code)
				if err != nil {
					t.Fatal(err)
				}
				return k.Stock
			}

			placed := build(2)
			if err := a.PlaceOrder(ctx, &placed, 0); err != nil {
				t.Fatal(err)
			}
			if n := mailsAbout(placed.Number); n != 1 {
				t.Errorf("placed order %s: %d e-mails about it, want 1", placed.Number, n)
			}
			again := placed // the same checkout submitted twice: one order, one e-mail
			if err := a.PlaceOrder(ctx, &again, 0); err != nil || again.ID != placed.ID || mailsAbout(placed.Number) != 1 {
				t.Errorf("resubmitted checkout: order %d (first %d), %d e-mails, %v", again.ID, placed.ID, mailsAbout(placed.Number), err)
			}

			tooMany := build(4) // 3 left
			if err := a.PlaceOrder(ctx, &tooMany, 0); !errors.Is(err, order.ErrOutOfStock) {
				t.Fatalf("ordering 4 of 3 = %v, want out of stock", err)
			}
			if _, err := st.OrderByNumber(ctx, tooMany.Number); !errors.Is(err, order.ErrNotFound) || mailsAbout(tooMany.Number) != 0 {
				t.Errorf("refused order: lookup %v, %d e-mails; want neither", err, mailsAbout(tooMany.Number))
			}

			restore := storetest.FailInserts(t, dialect, dsn, "outbox")
			unmailed := build(1)
			if err := a.PlaceOrder(ctx, &unmailed, 0); err == nil {
				t.Fatal("the order was placed although its e-mail could not be queued")
			}
			restore()
			if _, err := st.OrderByNumber(ctx, unmailed.Number); !errors.Is(err, order.ErrNotFound) {
				t.Errorf("order without its e-mail: lookup = %v, want not found", err)
			}
			if got := stock(); got != 3 {
				t.Errorf("stock = %d, want 3: the unmailed order must give its unit back", got)
			}
		})
	}
}
