package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/ledger"
	"kriya/internal/report/reporttest"
	"kriya/internal/store"
)

// The artisan's balance runs newest first with the balance after each
// entry, pages, filters by kind, downloads as CSV what it shows, and
// lists each payout with a PDF of what it paid for — which another
// artisan cannot open (issue 18: 146 rows oldest first, no running
// balance, no paging, no payout history).
func TestArtisanBalanceStatement(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	number, total := placeOrder(t, s, "kain-endek", 2, "manual")
	confirmPayment(t, s, apiToken(t, s, staff), number, total, time.Now())
	ayu := mustArtisan(t, s, "tenun-ayu")
	// Staff pay out in small amounts: enough entries for two pages.
	for i := range 55 {
		e := ledger.SettlementEntry(ayu.ID, 10_000, fmt.Sprintf("BPD %03d", i), time.Now().Add(time.Duration(i-100)*time.Second))
		if err := s.store.Settle(t.Context(), &e); err != nil {
			t.Fatal(err)
		}
	}
	page := fmt.Sprintf("/council/artisans/%d/balance", ayu.ID)
	if status, body, _ := staff.post(page+"/settle", url.Values{"csrf_token": {staff.csrf(page)}, "via": {"bank"}, "amount": {"25.000"}, "reference": {"BPD LAST"}}); status != http.StatusSeeOther {
		t.Fatalf("settling = %d %.300s", status, body)
	}
	entries, _ := s.store.Ledger(t.Context(), ayu.ID)
	owed := ledger.Balance(entries)

	artisan := s.as(account.RoleArtisan, "tenun-ayu")
	_, home, _ := artisan.get("/artisan")
	_, body, _ := artisan.get(linkTo(t, home, "Saldo"))
	first := regexp.MustCompile(`(?s)<ul class="ledger-lines">\s*<li>.*?</li>`).FindString(body)
	if !strings.Contains(first, "BPD LAST") || !strings.Contains(first, "Saldo sesudahnya: "+rupiah(owed)) {
		t.Errorf("the newest entry, first, should be the last payout with the balance after it (%s):\n%s", rupiah(owed), first)
	}
	if !strings.Contains(body, "Halaman 1 dari 2") {
		t.Error("58 entries are not on two pages")
	}
	_, older, _ := artisan.get(linkTo(t, body, "Lebih lama →"))
	if !strings.Contains(older, "Halaman 2 dari 2") || !strings.Contains(older, "Penjualan") {
		t.Error("the second page does not hold the oldest entries (the sale)")
	}

	// Only the sale: the form's kind filter.
	_, sales, _ := formWith(t, body, "Terapkan").Choose("kind", "Penjualan").Open(artisan)
	lines, _, _ := strings.Cut(sales, `id="payouts-h"`)
	if strings.Contains(lines, "BPD") || !strings.Contains(lines, "Penjualan") || !strings.Contains(sales, `<option value="sale" selected>`) {
		t.Error("filtered by sales, the page still lists payouts")
	}

	// The CSV the page offers holds every line of the period, newest first.
	status, file, h := artisan.get(linkTo(t, body, "CSV"))
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV = %d %s", status, h.Get("Content-Type"))
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimPrefix(file, "\ufeff"), "\r\n") {
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, `"#`) {
			continue
		}
		r, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 1+len(entries) || rows[1][5] != strconv.FormatInt(owed, 10) || rows[1][3] != "BPD LAST" {
		t.Errorf("CSV: %d rows for %d entries; first %v", len(rows), len(entries), rows[1])
	}

	// The last payout's statement.
	pdf := linkTo(t, body, "Rincian (PDF)")
	status, doc, h := artisan.get(pdf)
	if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("payout PDF = %d %s", status, h.Get("Content-Type"))
	}
	text := reporttest.PDFText(t, []byte(doc))
	for _, want := range []string{"Rincian pembayaran Rp 25.000 kepada Tenun Ayu", "BPD LAST", "Saldo sesudah pembayaran ini", rupiah(owed)} {
		if !strings.Contains(text, want) {
			t.Errorf("the payout PDF lacks %q:\n%s", want, text)
		}
	}
	if status, _, _ := s.as(account.RoleArtisan, "perak-sari").get(pdf); status != http.StatusNotFound {
		t.Errorf("another artisan opening Ayu's payout = %d, want 404", status)
	}
}
