package web_test

import (
	"image/color"
	"os"
	"path/filepath"
	"time"

	"kriya/internal/account"
)

// monevVisit: the office sets up its letterhead; a sale is paid; staff
// start a monev record for the artisan, fill in what the artisan reports,
// a constraint and a follow-up, see the sale among the measured figures,
// attach a captioned photo, and submit, which freezes the figures; the
// print is the council's report under its letterhead; the artisan then
// reads the record with the sale in it.
func monevVisit(tr *tour) {
	s := tr.site
	office := tr.person("admin")
	office.login(s.addUser(account.RoleAdmin, ""), testPassword)
	office.follow("admin-users", `header a[href="/admin/users"]`)
	office.follow("admin-council", `nav.ws-nav a[href="/admin/council"]`)
	office.typeIn("#f-letterhead", "PEMERINTAH KOTA DENPASAR\nDEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR")
	office.typeIn("#f-address", "Jl. Surapati No. 7, Denpasar")
	office.typeIn("#f-head_name", "Ni Made Sri Wahyuni")
	office.typeIn("#f-head_position", "Ketua Harian")
	office.typeIn("#f-number_scheme", "{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}")
	logo := filepath.Join(tr.t.TempDir(), "lambang.png")
	if err := os.WriteFile(logo, logoPNG(tr.t), 0o644); err != nil {
		tr.t.Fatal(err)
	}
	office.upload("#f-logo", logo)
	office.shot("admin-council-filled")
	office.follow("admin-council-saved", `form.council-form > button[type="submit"]`)
	office.see("Pengaturan Dekranasda tersimpan.", "DEKRANASDA-DPS")

	ring := setStock(tr.t, s, "cincin-jawan", 3)
	placed := orderFor(tr.t, s, ring.Code, 2, "made@example.id")
	staffEmail := s.addUser(account.RoleStaff, "")
	staffBrowser := s.as("", "")
	staffBrowser.login(staffEmail, testPassword)
	confirmPayment(tr.t, s, apiToken(tr.t, s, staffBrowser), placed.Number, placed.Total, time.Now().Add(-48*time.Hour))
	sale := rupiah(2 * ring.Price) // items only: the record counts no shipping

	staff := tr.person("staff")
	staff.login(staffEmail, testPassword)
	staff.follow("staff-council", `header a[href="/council"]`)
	staff.follow("staff-monev", `nav.ws-nav a[href="/council/monev"]`)
	staff.choose("#f-artisan", "Perak Sari")
	staff.choose("#f-kind", "Monev rutin")
	staff.shot("staff-new-visit")
	staff.follow("staff-record-form", `form[method="post"][action="/council/monev"] button[type="submit"]`)
	staff.typeIn("#f-workers_total", "5")
	staff.typeIn("#f-workers_women", "3")
	staff.typeIn("#f-turnover_own_shop", "12.000.000")
	staff.typeIn("#f-turnover_marketplaces", "1.500.000")
	staff.choose("#cc-0", "Bahan baku")
	staff.choose("#cs-0", "tinggi")
	staff.typeIn("#cd-0", "Harga perak naik; pasokan dari Surabaya terlambat")
	staff.typeIn("#f-recommendations", "Ikut pameran Dekranasda bulan depan.")
	staff.choose("#fa-0", "Pelatihan")
	staff.typeIn("#fo-0", "Bidang Pemasaran")
	staff.set("#fd-0", time.Now().AddDate(0, 1, 0).Format("2006-01-02"))
	staff.shot("staff-record-filled")
	staff.follow("staff-record-saved", `form.monev-form button[type="submit"]`)
	staff.see("Catatan monev disimpan.", "Draf: angka terkini", sale, "Rp 12.000.000", "Harga perak naik", "Bidang Pemasaran")
	staff.upload("#f-file", jpegFile(tr.t, "bengkel.jpg", color.RGBA{170, 150, 120, 255}))
	staff.typeIn("#f-caption", "Bengkel Perak Sari di Celuk")
	staff.follow("staff-record-photo", `form[action$="/attachments"] button[type="submit"]`)
	staff.see("Berkas dilampirkan.", "Bengkel Perak Sari di Celuk")
	staff.follow("staff-record-submitted", `form[action$="/status"] button[value="submit"]`)
	staff.see("Angka dibekukan", sale)
	staff.follow("staff-record-print", `a[href$="/print"]`)
	staff.see("PEMERINTAH KOTA DENPASAR", "LAPORAN HASIL MONITORING DAN EVALUASI", "Perajin binaan: Perak Sari", sale,
		"Foto 1. Bengkel Perak Sari di Celuk", "Ketua Harian Dekranasda Kota Denpasar", "Ni Made Sri Wahyuni")

	artisan := tr.person("artisan")
	artisan.login(s.addUser(account.RoleArtisan, "perak-sari"), testPassword)
	artisan.follow("artisan-workspace", `header a[href="/artisan"]`)
	artisan.follow("artisan-monev", `nav.ws-nav a[href="/artisan/monev"]`)
	artisan.see("Pelatihan", "Bidang Pemasaran")
	artisan.follow("artisan-record", `main a[href^="/artisan/monev/"]`)
	artisan.see("Catatan Monev Perak Sari", sale, "Rp 12.000.000", "Harga perak naik")
}
