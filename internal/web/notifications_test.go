package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/i18n"
	"kriya/internal/store"
)

// An artisan chooses how to hear of each kind on its notification page;
// a choice the page does not offer is refused with a message, and
// nothing is changed.
func TestArtisanChoosesNotifications(t *testing.T) {
	s := newSite(t, store.SQLite)
	artisan := s.as(account.RoleArtisan, "perak-sari")
	_, home, _ := artisan.get("/artisan")
	page := linkTo(t, home, "Pemberitahuan")
	_, body, _ := artisan.get(page)
	if status, _, to := formWith(t, body, "Simpan pilihan").Set("order_paid", "off").Set("low_stock", "immediate").Submit(artisan); status != http.StatusSeeOther || to != page {
		t.Fatalf("saving choices = %d → %q", status, to)
	}
	_, body, _ = artisan.get(page)
	for _, want := range []string{"Pilihan pemberitahuan tersimpan.", `name="order_paid" value="off" checked`, `name="low_stock" value="immediate" checked`,
		`name="payout" value="immediate" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("after saving, the page lacks %q", want)
		}
	}
	status, body, _ := formWith(t, body, "Simpan pilihan").Set("order_paid", "hourly").Submit(artisan) // a form tampered with
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Pilihan itu tidak dikenal.") {
		t.Errorf("an unknown choice = %d; want 422 with a message", status)
	}
	if _, body, _ = artisan.get(page); !strings.Contains(body, `name="order_paid" value="off" checked`) {
		t.Error("a refused form changed the choices")
	}
}

// writtenDay is a day as an Indonesian reader writes it, "10 Desember
// 2026": what pages show where a date is read, not filled in.
func writtenDay(t time.Time) string {
	months := []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// A shop on vacation says until when as people write a date, and says it
// once; the artisan's own words are set apart as theirs (issue 18: the
// banner showed "2026-12-10" and said "tidak menerima pesanan" twice).
func TestVacationSaysUntilWhen(t *testing.T) {
	s := newSite(t, store.SQLite)
	artisan := s.as(account.RoleArtisan, "perak-sari")
	from, until := time.Now().In(i18n.WITA), time.Now().In(i18n.WITA).AddDate(0, 0, 5)
	status, _, _ := artisan.post("/artisan/vacation", url.Values{"csrf_token": {artisan.csrf("/artisan")},
		"from": {from.Format("2006-01-02")}, "until": {until.Format("2006-01-02")}, "message": {"Kami sedang upacara di banjar."}})
	if status != http.StatusSeeOther {
		t.Fatalf("vacation = %d", status)
	}
	written := writtenDay(until)
	_, home, _ := artisan.get("/artisan")
	if !strings.Contains(home, "Toko sedang libur sampai "+written) || strings.Count(home, "tidak menerima pesanan") > 1 {
		t.Errorf("the workspace should say until %s, once", written)
	}
	_, page, _ := s.get("/products/cincin-jawan")
	if !strings.Contains(page, "sedang libur sampai "+written) || !strings.Contains(page, "Pesan dari Perak Sari: “Kami sedang upacara di banjar.”") {
		t.Errorf("the product page should say until %s and quote the artisan apart", written)
	}
}
