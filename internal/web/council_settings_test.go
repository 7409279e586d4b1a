package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/council"
	"kriya/internal/ledger"
	"kriya/internal/store"
)

// councilSettings are the settings an admin of Dekranasda Kota Denpasar
// types in, as the settings form's fields.
func councilSettings(admin *site) url.Values {
	return url.Values{
		"csrf_token": {admin.csrf("/admin/council")},
		"name":       {"Dekranasda Kota Denpasar"},
		"letterhead": {"PEMERINTAH KOTA DENPASAR\r\nDEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR"},
		"address":    {"Jl. Surapati No. 7, Dangin Puri Kangin, Denpasar Utara 80232"},
		"phone":      {"(0361) 222 333"}, "email": {"dekranasda@denpasarkota.go.id"}, "city": {"Denpasar"},
		"head_name": {"Ni Made Sri Wahyuni"}, "head_position": {"Ketua Harian"},
		"number_scheme": {"{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}"},
		"bank_accounts": {"BPD Bali 010.02.02.12345-6 a.n. Dekranasda Kota Denpasar\r\nBRI 0123-01-000456-30-7 a.n. Dekranasda Kota Denpasar"},
		"commission":    {"0"},
	}
}

// logoPNG is a council emblem: a gold disc with a red ring, on white.
func logoPNG(t *testing.T) []byte {
	t.Helper()
	const size = 240
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			dx, dy := float64(x-size/2), float64(y-size/2)
			switch r := dx*dx + dy*dy; {
			case r < 80*80:
				img.Set(x, y, color.RGBA{212, 160, 40, 255})
			case r < 110*110:
				img.Set(x, y, color.RGBA{170, 20, 30, 255})
			default:
				img.Set(x, y, color.White)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The settings page is the admins' alone: staff and everyone else are
// refused, and nothing changes.
func TestCouncilSettingsAreForAdminsOnly(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	if status, _, _ := staff.get("/admin/council"); status != http.StatusForbidden {
		t.Errorf("staff GET /admin/council = %d, want 403", status)
	}
	form := councilSettings(s.as(account.RoleAdmin, ""))
	form.Set("csrf_token", staff.csrf("/account"))
	form.Set("bank_accounts", "Rekening palsu 666")
	if status, _, _ := staff.postMultipart("/admin/council", form); status != http.StatusForbidden {
		t.Errorf("staff POST /admin/council = %d, want 403", status)
	}
	co, err := s.store.Council(context.Background(), council.Home)
	if err != nil || strings.Contains(strings.Join(co.BankAccounts, ""), "palsu") {
		t.Errorf("a staff member changed the settings: %+v, %v", co, err)
	}
	// The admin menu leads to the page.
	_, users, _ := s.as(account.RoleAdmin, "").get("/admin/users")
	if !strings.Contains(users, `href="/admin/council"`) {
		t.Error("the admin menu does not link to the council's settings")
	}
}

// An admin changes the bank accounts and the commission: the change is in
// the audit log; the next buyer is told the new accounts, on the order
// page and in the order's e-mail; the next sale credited is charged the
// new commission, and the sale credited before keeps its own.
func TestCouncilSettingsTakeEffectAndAreAudited(t *testing.T) {
	s := newSite(t, store.SQLite)
	ctx := context.Background()
	admin := s.as(account.RoleAdmin, "")
	staff := s.as(account.RoleStaff, "")
	pay := func(number string, total int64) {
		page := "/council/orders/" + number
		if status, _, _ := staff.post(page+"/payments", url.Values{"csrf_token": {staff.csrf(page)}, "amount": {fmt.Sprint(total)},
			"reference": {"BPD " + number}, "paid_at": {time.Now().Format("2006-01-02")}}); status != http.StatusSeeOther {
			t.Fatalf("confirm the payment of %s = %d", number, status)
		}
	}
	before, beforeTotal := placeOrder(t, s, "kain-endek", 1, "manual")
	pay(before, beforeTotal) // credited at the first-run commission, 0

	form := councilSettings(admin)
	form.Set("commission", "12,5")
	if status, body, _ := admin.postMultipart("/admin/council", form); status != http.StatusSeeOther {
		t.Fatalf("save the settings = %d\n%s", status, body)
	}
	_, page, _ := admin.get("/admin/council")
	if !strings.Contains(page, "Pengaturan Dekranasda tersimpan") || !strings.Contains(page, `value="12,5"`) || !strings.Contains(page, "BRI 0123-01-000456-30-7") {
		t.Error("the settings page does not show what was saved")
	}
	_, audit, _ := admin.get("/admin/audit?action=council.")
	for _, want := range []string{"council.update", "BRI 0123-01-000456-30-7", "commission 0% → 12.5%", adminEmailOf(t, admin)} {
		if !strings.Contains(audit, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}

	// A buyer orders, and follows the link the shop gives to the order.
	sku := setStock(t, s, "kain-endek", 5)
	placed := orderFor(t, s, sku.Code, 1, "komang@example.id")
	link, _ := url.Parse(placed.Payment.RedirectURL)
	_, orderPage, _ := s.as("", "").get(link.RequestURI())
	for _, want := range []string{"BPD Bali 010.02.02.12345-6 a.n. Dekranasda Kota Denpasar", "BRI 0123-01-000456-30-7 a.n. Dekranasda Kota Denpasar"} {
		if !strings.Contains(orderPage, want) {
			t.Errorf("the buyer's order page lacks the account %q", want)
		}
	}
	if strings.Contains(orderPage, testBankAccount) {
		t.Error("the buyer's order page shows the account of the environment, not of the settings")
	}
	mails, err := s.store.PendingEmails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	told := false
	for _, m := range mails {
		told = told || (m.To == "komang@example.id" && strings.Contains(m.Text, "BRI 0123-01-000456-30-7") && !strings.Contains(m.Text, testBankAccount))
	}
	if !told {
		t.Error("the order's e-mail does not give the accounts of the settings")
	}

	pay(placed.Number, placed.Total)
	ayu := mustArtisan(t, s, "tenun-ayu")
	entries, err := s.store.Ledger(ctx, ayu.ID)
	if err != nil {
		t.Fatal(err)
	}
	sale, commission := map[string]int64{}, map[string]int64{}
	for _, e := range entries {
		switch e.Kind {
		case ledger.KindSale:
			sale[e.OrderNumber] += e.Amount
		case ledger.KindCommission:
			commission[e.OrderNumber] += e.Amount
		}
	}
	if sale[placed.Number] == 0 || commission[placed.Number] != -ledger.Commission(sale[placed.Number], 1250) {
		t.Errorf("the sale after the change: sale %d, commission %d; want 12.5%% of the sale", sale[placed.Number], commission[placed.Number])
	}
	if commission[before] != 0 {
		t.Errorf("the sale credited before the change was charged %d; its rate was 0", commission[before])
	}
}

// A logo that is no image is refused with a message beside its field;
// everything else typed stays in the form, and nothing is saved. A good
// logo then goes on the letterhead; another field refused with it keeps
// the uploaded logo, which is saved with the corrected form.
func TestCouncilSettingsRefuseABadLogoAndKeepTheForm(t *testing.T) {
	s := newSite(t, store.SQLite)
	admin := s.as(account.RoleAdmin, "")
	form := councilSettings(admin)
	form.Set("head_name", "Ni Made Sri Wahyuni")
	status, body, _ := admin.postMultipart("/admin/council", form, upload{"logo", "logo.png", []byte("GIF89a, or rather not an image at all")})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-logo"`) || !strings.Contains(body, "bukan gambar JPEG, PNG atau WebP") {
		t.Fatalf("a bad logo = %d, want 422 with the message by the field", status)
	}
	for _, kept := range []string{`value="Ni Made Sri Wahyuni"`, "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR", "BRI 0123-01-000456-30-7",
		`value="{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}"`, `value="dekranasda@denpasarkota.go.id"`} {
		if !strings.Contains(body, kept) {
			t.Errorf("the refused form lost %q", kept)
		}
	}
	if co, _ := s.store.Council(context.Background(), council.Home); co.HeadName != "" {
		t.Error("a refused form was saved")
	}

	// A good logo with a refused scheme: the scheme is refused, the logo
	// kept for the next try.
	form.Set("number_scheme", "MONEV/{year}")
	status, body, _ = admin.postMultipart("/admin/council", form, upload{"logo", "logo.png", logoPNG(t)})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-number_scheme"`) || !strings.Contains(body, "Logo baru ini disimpan") {
		t.Fatalf("a bad scheme with a good logo = %d, want 422 keeping the logo", status)
	}
	pending := hiddenValue(body, "logo_key")
	if !strings.HasPrefix(pending, "council/") {
		t.Fatalf("the refused form does not keep the uploaded logo: %q", pending)
	}
	form.Set("number_scheme", "{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}")
	form.Set("logo_key", pending)
	if status, _, _ := admin.postMultipart("/admin/council", form); status != http.StatusSeeOther {
		t.Fatalf("the corrected form = %d", status)
	}
	co, _ := s.store.Council(context.Background(), council.Home)
	if co.LogoKey != pending || co.HeadName != "Ni Made Sri Wahyuni" {
		t.Errorf("saved %+v, want the kept logo %q", co, pending)
	}
	// A logo key typed by hand is no logo.
	form.Set("logo_key", "products/someone-elses.jpg")
	admin.postMultipart("/admin/council", form)
	if co, _ := s.store.Council(context.Background(), council.Home); co.LogoKey != pending {
		t.Errorf("the logo became %q", co.LogoKey)
	}
}

// hiddenValue reads a hidden field's value from a page.
func hiddenValue(body, name string) string {
	_, after, ok := strings.Cut(body, `name="`+name+`" value="`)
	if !ok {
		return ""
	}
	value, _, _ := strings.Cut(after, `"`)
	return value
}
