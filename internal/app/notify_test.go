package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/i18n"
	"kriya/internal/mail"
	"kriya/internal/monev"
	"kriya/internal/notify"
	"kriya/internal/order"
	"kriya/internal/sales"
)

// artisanAccount gives an artisan an account that writes in lang.
func (s *shop) artisanAccount(a catalog.Artisan, email, lang string) {
	s.t.Helper()
	id := a.ID
	u := account.User{Email: email, Name: a.Name, Role: account.RoleArtisan, ArtisanID: &id, Lang: lang, Active: true, PasswordHash: "x"}
	if err := s.st.CreateUser(s.ctx, &u); err != nil {
		s.t.Fatal(err)
	}
}

// mailsTo are the e-mails waiting in the outbox for one address.
func (s *shop) mailsTo(email string) []mail.Message {
	s.t.Helper()
	all, err := s.st.PendingEmails(s.ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []mail.Message
	for _, m := range all {
		if m.To == email {
			out = append(out, m.Message)
		}
	}
	return out
}

// told are an artisan's notifications of kind, oldest first.
func (s *shop) told(artisanID int64, kind string) []notify.Notification {
	s.t.Helper()
	ns, err := s.st.Notifications(s.ctx, artisanID, 100)
	if err != nil {
		s.t.Fatal(err)
	}
	var out []notify.Notification
	for i := len(ns) - 1; i >= 0; i-- {
		if ns[i].Kind == kind {
			out = append(out, ns[i])
		}
	}
	return out
}

func (s *shop) choose(artisanID int64, settings notify.Settings) {
	s.t.Helper()
	if err := s.at(0).SaveNotifySettings(s.ctx, app.Workspace{Artisan: catalog.Artisan{ID: artisanID}}, settings); err != nil {
		s.t.Fatal(err)
	}
}

// A paid order is told to each of its artisans once, by e-mail at once,
// in the artisan's language, with what to pack and by when: not when it
// was paid short, once when the rest came; a card event delivered twice
// tells nobody twice.
func TestArtisansAreToldOfAPaidOrderOnce(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := withStripe(t, dialect)
		s.artisanAccount(s.ayu, "ayu@example.id", "id")
		s.artisanAccount(s.sari, "sari@example.id", "en")
		endek, ring := s.sku("kain-endek", 0, 10), s.sku("cincin-jawan", 0, 10)

		o := s.place(order.MethodManual, item{endek, 2}, item{ring, 1})
		if got := len(s.mailsTo("ayu@example.id")) + len(s.mailsTo("sari@example.id")); got != 0 {
			t.Fatalf("%d artisan e-mails before payment", got)
		}
		s.transfer(o, o.Total-10_000, 0) // short: not paid yet
		s.transfer(o, 10_000, 0)         // the rest: paid, once

		ayu, sari := s.mailsTo("ayu@example.id"), s.mailsTo("sari@example.id")
		if len(ayu) != 1 || len(sari) != 1 {
			t.Fatalf("e-mails: Ayu %d, Sari %d; want one each", len(ayu), len(sari))
		}
		shipBy := s.now.AddDate(0, 0, order.HandlingDays)
		for _, want := range []string{"Pesanan " + o.Number + " sudah dibayar", "2 × ", "paling lambat", "http://kriya.test/artisan/orders/"} {
			if !strings.Contains(ayu[0].Subject+ayu[0].Text, want) {
				t.Errorf("Ayu's e-mail lacks %q:\n%s\n%s", want, ayu[0].Subject, ayu[0].Text)
			}
		}
		if strings.Contains(ayu[0].Text, "Cincin") {
			t.Errorf("Ayu is asked to pack Sari's ring:\n%s", ayu[0].Text)
		}
		if !strings.Contains(sari[0].Subject, "Order "+o.Number+" is paid") || !strings.Contains(sari[0].Text, "1 × ") ||
			!strings.Contains(sari[0].Text, shipBy.In(time.FixedZone("WITA", 8*3600)).Format("2 Jan 2006")) {
			t.Errorf("Sari's e-mail, in English with the day to ship by:\n%s\n%s", sari[0].Subject, sari[0].Text)
		}
		if n := len(s.told(s.ayu.ID, notify.OrderPaid)); n != 1 {
			t.Errorf("Ayu's workspace has %d paid-order notifications, want 1", n)
		}

		// By card: the provider's event arrives twice; Ayu is told once.
		card := s.place(order.MethodStripe, item{endek, 1})
		s.cardPaid(card, card.Total, 0, "pi_twice")
		s.cardPaid(card, card.Total, 0, "pi_twice")
		if n := len(s.told(s.ayu.ID, notify.OrderPaid)); n != 2 {
			t.Errorf("after a card order paid (event delivered twice): %d notifications, want 2", n)
		}
		if n := len(s.mailsTo("ayu@example.id")); n != 2 {
			t.Errorf("after a card order paid (event delivered twice): %d e-mails, want 2", n)
		}
	})
}

// Low stock is told once per fall to the threshold, in the next day's
// digest (its default); restocked above it, the next fall is news again.
// A digest gathers a day's events into one e-mail, sent once.
func TestLowStockAndTheDailyDigest(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		s.artisanAccount(s.ayu, "ayu@example.id", "id")
		s.choose(s.ayu.ID, notify.Settings{notify.OrderPaid: notify.Digest})
		endek := s.sku("kain-endek", 0, 3) // threshold 2 by default

		o := s.place(order.MethodManual, item{endek, 1})
		s.transfer(o, o.Total, 0) // 2 left: low
		o = s.place(order.MethodManual, item{endek, 1})
		s.transfer(o, o.Total, 0) // 1 left: still low, not news
		if n := len(s.told(s.ayu.ID, notify.LowStock)); n != 1 {
			t.Fatalf("low stock told %d times, want once", n)
		}
		if n := len(s.mailsTo("ayu@example.id")); n != 0 {
			t.Fatalf("%d e-mails on the day, want none: everything waits for the digest", n)
		}

		if err := s.at(0).SendDigests(s.ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(s.mailsTo("ayu@example.id")); n != 0 {
			t.Fatalf("a digest went out the same day (%d e-mails)", n)
		}
		s.now = s.now.Add(24 * time.Hour)
		for range 2 { // the job runs every hour: the second run finds nothing
			if err := s.at(0).SendDigests(s.ctx); err != nil {
				t.Fatal(err)
			}
		}
		mails := s.mailsTo("ayu@example.id")
		if len(mails) != 1 {
			t.Fatalf("%d digests, want one", len(mails))
		}
		d := mails[0]
		if !strings.Contains(d.Subject, "Ringkasan Kriya") || strings.Count(d.Text, "sudah dibayar — siap dikemas") != 2 || !strings.Contains(d.Text, "Stok menipis") {
			t.Errorf("the digest should hold the paid order and the low stock:\n%s\n%s", d.Subject, d.Text)
		}

		// Restocked, then sold down again: told again.
		endek = s.sku("kain-endek", 0, 5)
		o = s.place(order.MethodManual, item{endek, 4})
		s.transfer(o, o.Total, 0)
		if n := len(s.told(s.ayu.ID, notify.LowStock)); n != 2 {
			t.Errorf("after restocking and selling down: low stock told %d times, want 2", n)
		}
	})
}

// What an artisan turned off stays in its workspace but sends no e-mail;
// listing decisions, payouts and monev records are told as they happen.
func TestArtisansChooseAndAreToldOfDecisionsPayoutsAndRecords(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		s.artisanAccount(s.sari, "sari@example.id", "id")
		s.choose(s.sari.ID, notify.Settings{notify.OrderPaid: notify.Off})
		if err := s.at(0).SaveNotifySettings(s.ctx, app.Workspace{Artisan: s.sari}, notify.Settings{notify.Payout: "hourly"}); !isInvalid(err) {
			t.Errorf("an unknown frequency = %v, want refused", err)
		}

		ring := s.sku("cincin-jawan", 0, 10)
		o := s.place(order.MethodManual, item{ring, 1})
		s.transfer(o, o.Total, 0)
		if n, m := len(s.told(s.sari.ID, notify.OrderPaid)), len(s.mailsTo("sari@example.id")); n != 1 || m != 0 {
			t.Fatalf("paid orders turned off: %d notifications (want 1), %d e-mails (want 0)", n, m)
		}

		// Staff send a new listing back, then approve it.
		draft, err := s.st.ProductBySlug(s.ctx, "cincin-jawan")
		if err != nil {
			t.Fatal(err)
		}
		l, _ := s.st.ArtisanListing(s.ctx, s.sari.ID, draft.ID)
		l.ID, l.Slug, l.Status = 0, "cincin-baru", catalog.ProductPending
		for i := range l.SKUs {
			l.SKUs[i].ID, l.SKUs[i].Code = 0, ""
		}
		if err := s.st.SaveListing(s.ctx, &l); err != nil {
			t.Fatal(err)
		}
		if err := s.at(0).DecideReview(s.ctx, s.staff, app.ReviewListing, l.ID, false, "Foto kurang terang"); err != nil {
			t.Fatal(err)
		}
		// Settle what the sale earned, and submit a monev record.
		if _, err := s.at(0).Settle(s.ctx, s.staff, s.sari, app.Settlement{Amount: 100_000, Reference: "BPD 991"}); err != nil {
			t.Fatal(err)
		}
		today := s.now.In(time.FixedZone("WITA", 8*3600)).Format("2006-01-02")
		v := monev.Visit{ArtisanID: s.sari.ID, Kind: monev.KindRoutine, Day: today, PeriodFrom: today, PeriodTo: today,
			Team: []monev.TeamMember{{UserID: s.staff.ID, Name: s.staff.Name, Role: "lead"}}}
		if err := s.at(0).CreateVisit(s.ctx, s.staff, &v); err != nil {
			t.Fatal(err)
		}
		v, _ = s.st.Visit(s.ctx, v.ID)
		if err := s.at(0).ChangeVisitStatus(s.ctx, s.staff, v, monev.ActionSubmit); err != nil {
			t.Fatal(err)
		}

		mails := s.mailsTo("sari@example.id")
		var subjects []string
		for _, m := range mails {
			subjects = append(subjects, m.Subject)
		}
		for _, want := range []string{"Perlu perbaikan: ", "Dekranasda membayar Rp 100.000", "Catatan monev kunjungan"} {
			found := 0
			for _, m := range mails {
				if strings.Contains(m.Subject, want) {
					found++
				}
			}
			if found != 1 {
				t.Errorf("%d e-mails titled %q; want 1 (subjects: %q)", found, want, subjects)
			}
		}
		for _, m := range mails {
			if strings.Contains(m.Subject, "Perlu perbaikan") && !strings.Contains(m.Text, "Foto kurang terang") {
				t.Errorf("the returned listing's e-mail does not say why:\n%s", m.Text)
			}
		}
		for _, kind := range []string{notify.Listing, notify.Payout, notify.Monev} {
			if n := len(s.told(s.sari.ID, kind)); n != 1 {
				t.Errorf("%s told %d times in the workspace, want once", kind, n)
			}
		}
	})
}

// A sale sells at its price while it runs and at the usual price after;
// the order keeps the price paid and sales count it; an order built
// during the sale and placed after it is refused as a price change.
func TestSalePriceWhileTheSaleRuns(t *testing.T) {
	forDialects(t, func(t *testing.T, dialect string) {
		s := newShop(t, dialect, nil)
		ring := s.sku("cincin-jawan", 0, 10) // Rp 450.000
		p, _ := s.st.ProductBySlug(s.ctx, "cincin-jawan")
		l, _ := s.st.ArtisanListing(s.ctx, s.sari.ID, p.ID)
		from, until := s.now.Add(-time.Hour), s.now.Add(48*time.Hour)
		l.SaleFrom, l.SaleUntil = &from, &until
		l.SKUs[0].SalePrice = 360_000
		if err := s.st.SaveListing(s.ctx, &l); err != nil {
			t.Fatal(err)
		}
		o := s.place(order.MethodManual, item{ring, 2})
		if o.Lines[0].Price != 360_000 {
			t.Fatalf("bought during the sale at %d, want 360000", o.Lines[0].Price)
		}
		s.transfer(o, o.Total, 0)
		bundle, err := i18n.NewBundle()
		if err != nil {
			t.Fatal(err)
		}
		l10n := bundle.For("id")
		day := sales.Period{Kind: sales.PeriodCustom, From: s.now.Add(-24 * time.Hour), To: s.now.Add(24 * time.Hour)}
		if fig, err := s.at(0).SalesTotal(s.ctx, l10n, day, s.sari.ID); err != nil || fig.Gross != 720_000 {
			t.Errorf("sales count %+v (%v), want gross 720000: the price paid", fig, err)
		}

		// Built during the sale, placed after it: the price changed.
		codes, _ := s.st.SKUItems(s.ctx, []string{ring.Code})
		it := codes[ring.Code]
		it.Quantity = 1
		built, err := s.at(0).BuildOrder(s.ctx, order.Cart{Items: []order.CartItem{it}}, app.Checkout{Email: "made@example.id", Name: "Made",
			Phone: "0812 3456 7890", Pickup: true, Method: order.MethodManual, Lang: "id"})
		if err != nil {
			t.Fatal(err)
		}
		s.now = until.Add(time.Minute)
		if err := s.at(0).PlaceOrder(s.ctx, &built, 0); !errors.Is(err, order.ErrPriceChanged) {
			t.Errorf("placing a sale-price order after the sale = %v, want a price change", err)
		}
		if after := s.place(order.MethodManual, item{ring, 1}); after.Lines[0].Price != 450_000 {
			t.Errorf("after the sale the ring sells at %d, want 450000", after.Lines[0].Price)
		}
	})
}
