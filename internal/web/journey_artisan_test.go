package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"kriya/internal/account"
)

// artisanToldOnPhone: a buyer's payment is confirmed; the artisan gets
// the e-mail, opens its link on a 360 px phone, sees the news in the
// workspace, and packs and ships from there, the page never wider than
// the phone (issue 18: artisans were never told about their orders).
func artisanToldOnPhone(tr *tour) {
	s := tr.site
	artisanEmail := s.addUser(account.RoleArtisan, "perak-sari")
	ring := setStock(tr.t, s, "cincin-jawan", 3)
	placed := orderFor(tr.t, s, ring.Code, 1, "made@example.id")
	staff := s.as(account.RoleStaff, "")
	confirmPayment(tr.t, s, apiToken(tr.t, s, staff), placed.Number, placed.Total, time.Now())

	link := mailedLink(tr, artisanEmail, placed.Number)
	artisan := tr.person("artisan")
	artisan.login(artisanEmail, testPassword)
	artisan.open("artisan-from-mail", strings.TrimPrefix(link, s.url))
	artisan.see(placed.Number, "Perlu dikemas", "Jl. Hayam Wuruk 1", "Kirim pesan WhatsApp ke pembeli",
		"Pemberitahuan 2 baru") // the order, and the ring's stock now at its threshold
	artisan.follow("artisan-notifications", `nav.ws-nav a[href="/artisan/notifications"]`)
	artisan.see("Pesanan "+placed.Number+" sudah dibayar", "Kemas dan kirim paling lambat", "Stok menipis: 1 varian")
	artisan.follow("artisan-order-again", `.notifications a[href^="/artisan/orders/"]`)
	artisan.choose("#f-courier", "JNE")
	artisan.typeIn("#f-tracking", "JNE1234567890")
	artisan.shot("artisan-shipping-filled")
	artisan.follow("artisan-shipped", `form[action$="/ship"] button[type="submit"]`)
	artisan.see("Dikirim", "JNE1234567890")
	// The rest of the workspace fits the phone too: the orders' tabs, the
	// listings as cards, the balance with its running total.
	artisan.follow("artisan-orders", `nav.ws-nav a[href="/artisan/orders"]`)
	artisan.see("Dikirim (1)")
	artisan.follow("artisan-listings", `nav.ws-nav a[href="/artisan/products"]`)
	artisan.see("Ingatkan bila stok tinggal")
	artisan.follow("artisan-balance", `nav.ws-nav a[href="/artisan/balance"]`)
	artisan.see("Saldo sesudahnya")
	artisan.follow("artisan-performance", `nav.ws-nav a[href="/artisan/performance"]`)
	artisan.see("Minat pembeli", "Asal pembeli")
	artisan.follow("artisan-exhibitions", `nav.ws-nav a[href="/artisan/exhibitions"]`)
	// A new listing in sizes × colours: the form makes the six options.
	artisan.follow("artisan-new-listing", `nav.ws-nav a[href="/artisan/products/new"]`)
	artisan.typeIn("#sku-price-0", "250.000")
	artisan.typeIn("#f-options_1", "S, M, L")
	artisan.typeIn("#f-options_2", "Merah, Biru")
	artisan.follow("artisan-option-grid", `button[name="grid"]`)
	artisan.see("Varian, harga dan stok")
	if n, err := artisan.value(`String(document.querySelectorAll('input[name="sku_label"]').length) + " " + document.querySelector('#sku-label-3').value`); err != nil || n != "8 M / Biru" {
		artisan.fail("making the combinations", fmt.Errorf("rows %q (six options and two empty rows wanted, the fourth M / Biru)", n))
	}
}

var mailLink = regexp.MustCompile(`https?://\S+/artisan/orders/\d+`)

// mailedLink is the link to the order in the e-mail an address was sent
// about it.
func mailedLink(tr *tour, to, number string) string {
	tr.t.Helper()
	mails, err := tr.site.store.PendingEmails(tr.t.Context())
	if err != nil {
		tr.t.Fatal(err)
	}
	for _, m := range mails {
		if m.To == to && strings.Contains(m.Subject, number) {
			if link := mailLink.FindString(m.Text); link != "" {
				return link
			}
			tr.t.Fatalf("the e-mail about %s has no link to it:\n%s", number, m.Text)
		}
	}
	tr.t.Fatalf("no e-mail to %s about %s", to, number)
	return ""
}
