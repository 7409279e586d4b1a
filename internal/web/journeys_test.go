package web_test

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"kriya/internal/account"
)

// The journeys of issue 9, each walked at every screen size: see
// browser_test.go for the helpers and where the screenshots go.
func TestBrowserJourneys(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journeys take a while; not in -short mode")
	}
	walkJourneys(t, []journey{
		{"checkout", keyboardCheckout, nil},
		{"fulfilment", paidPackedShipped, nil},
		{"new-artisan", applyApproveListCurate, nil},
		{"monev", monevVisit, nil},
		{"exports", councilExports, nil},
		{"artisan-told", artisanToldOnPhone, []screen{smallPhone}},
	})
}

// keyboardCheckout: a buyer searches for a silver ring, picks a size and
// checks out as a guest, paying by bank transfer — with the keyboard only
// (Tab, arrows, Enter and typing), the focus visible all the way.
func keyboardCheckout(tr *tour) {
	buyer := tr.person("buyer")
	buyer.open("home", "/")

	buyer.tabTo("#site-search")
	buyer.press("silver ring")
	buyer.pressToLoad("search", kb.Enter)
	buyer.see("1 produk", "Cincin Perak Motif Jawan")

	buyer.skipToContent()
	buyer.tabTo(`a.card-link[href="/products/cincin-jawan"]`)
	buyer.pressToLoad("product", kb.Enter)
	buyer.see("Ukuran 6", "Ukuran 8", "Stok habis")

	// The sizes are radio buttons: Tab reaches the chosen one, the arrow
	// moves to the next size in stock (size 7 is sold out, so size 8).
	buyer.skipToContent()
	buyer.tabTo(`input[name="sku"]:checked`)
	buyer.press(kb.ArrowDown)
	if size, _ := buyer.value(`document.querySelector('input[name="sku"]:checked').labels[0].textContent`); !strings.HasPrefix(size, "Ukuran 8") {
		buyer.fail("choosing size 8", fmt.Errorf("the chosen size is %q", size))
	}
	buyer.see("Rp 475.000") // the price of the chosen size
	buyer.shot("size-chosen")
	buyer.tabTo("#f-qty")
	buyer.tabTo(`form.buy button[type="submit"]`)
	buyer.pressToLoad("cart", kb.Enter)
	buyer.see("Keranjang (1)", "Cincin Perak Motif Jawan — Ukuran 8", "Rp 475.000")

	buyer.skipToContent()
	buyer.tabTo(`a.button[href="/checkout"]`)
	buyer.pressToLoad("checkout", kb.Enter)
	for _, f := range []struct{ field, text string }{
		{"#f-email", "wayan@example.id"},
		{"#f-name", "Wayan Sudarsana"},
		{"#f-phone", "0812 3456 7890"},
		{"#f-kecamatan", "Denpasar Timur"},
		{"#f-kelurahan", "Sumerta"},
		{"#f-postal_code", "80235"},
		{"#f-street", "Jl. Hayam Wuruk 1"},
	} {
		buyer.tabTo(f.field)
		buyer.press(f.text)
	}
	buyer.tabTo("#p-manual:checked") // bank transfer is already chosen
	buyer.shot("checkout-filled")
	buyer.tabTo(`form.form button[type="submit"]`)
	buyer.pressToLoad("checkout-total", kb.Enter)
	buyer.see("Rp 475.000", "Total")

	buyer.tabTo(`form.form button[type="submit"]`)
	buyer.pressToLoad("order-placed", kb.Enter)
	buyer.see("Menunggu pembayaran", "Transfer tepat")
	loc, _ := buyer.value(`location.pathname`)
	number := orderNumber.FindString(loc)
	if number == "" {
		buyer.fail("placing the order", fmt.Errorf("no order number in %s", loc))
	}
	buyer.see(number)
}

// paidPackedShipped: an order paid by bank transfer is confirmed by staff,
// packed and shipped with a tracking number by the artisan, and the buyer
// sees it shipped. The order itself is placed through the API, as the
// checkout journey already walks the pages.
func paidPackedShipped(tr *tour) {
	s := tr.site
	ring := setStock(tr.t, s, "cincin-jawan", 3)
	placed := orderFor(tr.t, s, ring.Code, 1, "made@example.id")
	orderLink := strings.TrimPrefix(placed.Payment.RedirectURL, s.url)

	staff := tr.person("staff")
	staff.login(s.addUser(account.RoleStaff, ""), testPassword)
	staff.follow("staff-council", `header a[href="/council"]`)
	staff.follow("staff-orders", `nav.ws-nav a[href="/council/orders"]`)
	staff.follow("staff-order", fmt.Sprintf(`a[href="/council/orders/%s"]`, placed.Number))
	staff.see("Menunggu pembayaran")
	staff.typeIn("#f-amount", fmt.Sprint(placed.Total))
	staff.typeIn("#f-reference", "BPD 2611-889")
	staff.set("#f-paid_at", "2026-11-27")
	staff.shot("staff-payment-filled")
	staff.follow("staff-payment-confirmed", `form[action$="/payments"] button[type="submit"]`)
	staff.see("Dibayar", "BPD 2611-889", "Kembalikan dana", "Unit dikembalikan") // the refund form, line by line
	if amount, _ := staff.value(`document.querySelector("#r-amount").value`); amount != "" {
		tr.t.Errorf("the refund form starts at %q; it must start empty, never at the whole total", amount)
	}
	staff.follow("staff-money", `nav.ws-nav a[href="/council/money"]`)
	staff.see("Semua pengembalian dana dan transfer sudah dikonfirmasi Stripe")

	artisan := tr.person("artisan")
	artisan.login(s.addUser(account.RoleArtisan, "perak-sari"), testPassword)
	artisan.follow("artisan-workspace", `header a[href="/artisan"]`)
	artisan.follow("artisan-orders", `nav.ws-nav a[href="/artisan/orders"]`)
	artisan.see(placed.Number, "Perlu dikemas (1)") // the tabs say how many
	artisan.follow("artisan-order", `table a[href^="/artisan/orders/"]`)
	artisan.see(placed.Number, "Perlu dikemas", "Jl. Hayam Wuruk 1")
	orderPage, _ := artisan.value(`location.pathname`)
	artisan.follow("artisan-packing-slip", `a[href$="/slip"]`)
	artisan.see("Jl. Hayam Wuruk 1", "80235")
	artisan.open("artisan-order-to-ship", orderPage)
	artisan.choose("#f-courier", "JNE")
	artisan.typeIn("#f-tracking", "JNE1234567890")
	artisan.shot("artisan-shipping-filled")
	artisan.follow("artisan-shipped", `form[action$="/ship"] button[type="submit"]`)
	artisan.see("Dikirim", "JNE1234567890")

	buyer := tr.person("buyer")
	buyer.open("buyer-order", orderLink)
	buyer.see(placed.Number, "Dibayar", "Dikirim", "JNE1234567890")
}

// applyApproveListCurate: someone signs up and applies as an artisan, staff
// approve the application with its decree, the new artisan lists a product,
// staff approve it in the curation queue, and it is in the shop.
func applyApproveListCurate(tr *tour) {
	s := tr.site
	photo := jpegFile(tr.t, "bengkel.jpg", color.RGBA{150, 150, 160, 255})
	ringPhoto := jpegFile(tr.t, "gelang.jpg", color.RGBA{200, 200, 210, 255})
	permit := filepath.Join(tr.t.TempDir(), "nib.pdf")
	if err := os.WriteFile(permit, minimalPDF, 0o644); err != nil {
		tr.t.Fatal(err)
	}
	email := fmt.Sprintf("kembar-%s@example.id", tr.screen.name)

	applicant := tr.person("applicant")
	applicant.open("applicant-signup", "/signup")
	applicant.typeIn("#f-name", "I Nyoman Kembar")
	applicant.typeIn("#f-email", email)
	applicant.typeIn("#f-password", testPassword)
	applicant.typeIn("#f-password_confirm", testPassword)
	applicant.follow("applicant-signed-up", `form[action="/signup"] button[type="submit"]`)
	applicant.login(email, testPassword)
	applicant.follow("applicant-apply", `a[href="/apply"]`)
	applicant.typeIn("#f-name", "Perak Kembar Sanur")
	applicant.typeIn("#f-owner", "I Nyoman Kembar")
	applicant.choose("#f-category", "Perhiasan Perak")
	applicant.choose("#f-kecamatan", "Denpasar Selatan")
	applicant.choose("#f-kelurahan", "Sanur")
	applicant.typeIn("#f-street", "Jl. Danau Poso 12")
	applicant.typeIn("#f-phone", "0812 3456 7890")
	applicant.typeIn("#f-story_id", "Bengkel perak keluarga sejak 1985.")
	applicant.typeIn("#f-story_en", "A family silver workshop since 1985.")
	applicant.upload("#f-photo", photo)
	applicant.typeIn("#f-permit_nib-number", "9120001234567")
	applicant.upload("#f-permit_nib-file", permit)
	applicant.shot("applicant-form-filled")
	applicant.follow("applicant-applied", `form[action="/apply"] button[type="submit"]`)
	applicant.see("Menunggu tinjauan")

	staff := tr.person("staff")
	staff.login(s.addUser(account.RoleStaff, ""), testPassword)
	staff.follow("staff-council", `header a[href="/council"]`)
	staff.follow("staff-artisans", `nav.ws-nav a[href="/council/artisans"]`)
	staff.see("Perak Kembar Sanur")
	staff.follow("staff-application", `main a[href^="/council/artisans/"]:not([href$="/products"])`)
	staff.see("Perak Kembar Sanur", "Menunggu tinjauan", "9120001234567")
	staff.click("#act-approve")
	staff.typeIn("#f-decree_number", "SK 12/DEKRANASDA/2026")
	staff.set("#f-decree_date", "2026-11-20")
	staff.typeIn("#f-supervisor", "Ni Luh Ayu")
	staff.shot("staff-approval-filled")
	staff.follow("staff-approved", `form[action$="/status"] button[type="submit"]`)
	staff.see("Aktif (binaan)", "SK 12/DEKRANASDA/2026")

	applicant.open("artisan-status", "/apply")
	applicant.see("Aktif (binaan)")
	applicant.follow("artisan-workspace", `main a.button[href="/artisan"]`)
	applicant.follow("artisan-new-listing", `nav.ws-nav a[href="/artisan/products/new"]`)
	applicant.typeIn("#f-title_id", "Gelang Perak Ukir Kembar")
	applicant.typeIn("#f-title_en", "Carved Silver Bangle")
	applicant.typeIn("#f-description_id", "Gelang perak 925 diukir tangan.")
	applicant.choose("#f-category", "Perhiasan Perak")
	applicant.typeIn("#f-material_id", "Perak 925")
	applicant.typeIn("#sku-label-0", "Standar")
	applicant.typeIn("#sku-price-0", "650000")
	applicant.typeIn("#sku-stock-0", "3")
	applicant.upload("#f-photos", ringPhoto)
	applicant.shot("artisan-listing-filled")
	// Enter in a field saves, as the form's first button does — not the
	// options grid's "make the combinations" button above Save.
	applicant.click("#sku-stock-0")
	applicant.pressToLoad("artisan-listed", kb.Enter)
	applicant.see("Gelang Perak Ukir Kembar", "Menunggu kurasi")

	staff.follow("staff-reviews", `nav.ws-nav a[href="/council/reviews"]`)
	staff.see("Gelang Perak Ukir Kembar", "Perak Kembar Sanur")
	staff.follow("staff-curated", `form[action^="/council/reviews/listings/"] button[value="approve"]`)
	staff.see("Tidak ada yang menunggu kurasi.")

	visitor := tr.person("visitor")
	visitor.open("shop-home", "/")
	visitor.typeIn("#site-search", "gelang ukir")
	visitor.follow("shop-search", `form.search button[type="submit"]`)
	visitor.see("Gelang Perak Ukir Kembar", "Perak Kembar Sanur", "Rp 650.000")
	visitor.follow("shop-product", `a.card-link`)
	visitor.see("Gelang Perak Ukir Kembar", "Perak Kembar Sanur", "Bengkel perak keluarga sejak 1985.")
}
