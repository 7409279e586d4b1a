package web_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kriya/internal/account"
	"kriya/internal/catalog"
	"kriya/internal/report/reporttest"
	"kriya/internal/sales"
)

// witaDay is the day n days from today in Bali, "2026-11-21".
func witaDay(n int) string { return time.Now().In(sales.WITA).AddDate(0, 0, n).Format("2006-01-02") }

// noonOf is noon in Bali on day.
func noonOf(day string) time.Time {
	d, _ := time.ParseInLocation("2006-01-02", day, sales.WITA)
	return d.Add(12 * time.Hour)
}

// createEvent has staff plan an event from the exhibitions page and
// returns its page.
func createEvent(t *testing.T, staff *site, name, from, to string, artisanEntry bool) string {
	t.Helper()
	_, page, _ := staff.get("/council/exhibitions")
	f := formWith(t, page, "Simpan pameran").Set("name", name).Set("place", "Taman Budaya Bali").Set("starts_on", from).Set("ends_on", to)
	if artisanEntry {
		f.Tick("artisan_entry")
	}
	status, body, event := f.Submit(staff)
	if status != http.StatusSeeOther {
		t.Fatalf("create the event = %d: %s", status, errorsOf(body))
	}
	return event
}

// decide has staff set an artisan's place at the event, from its page.
func decide(t *testing.T, staff *site, event, artisan, status string) {
	t.Helper()
	_, page, _ := staff.get(event)
	if code, _, _ := formWith(t, page, "Simpan").Choose("artisan", artisan).Choose("status", status).Submit(staff); code != http.StatusSeeOther {
		t.Fatalf("%s %s = %d", artisan, status, code)
	}
}

// receipt fills the new receipt form of page (an event's, or a workspace's)
// and submits it from browser b.
func receipt(t *testing.T, b *site, page, artisan, day, clock, units, amount, method string) {
	t.Helper()
	_, body, _ := b.get(page)
	f := formWith(t, body, "Catat nota")
	if artisan != "" {
		f.Choose("artisan", artisan)
	}
	f.Set("day", day).Set("time", clock).Set("units", units).Set("amount", amount).Choose("method", method)
	if status, body, _ := f.Submit(b); status != http.StatusSeeOther {
		t.Fatalf("receipt of %s %s = %d: %s", artisan, amount, status, errorsOf(body))
	}
}

// The council's issue: two sales of one stand on one day, Rp 3.400.000 and
// Rp 650.000. Both count everywhere the council reads its sales — the
// dashboard, its CSV and XLSX downloads, the API, a monev record and the
// exhibition's recap (page, PDF, XLSX) — and a correction of one keeps
// both versions on the event's page, with only the latest counted.
func TestTwoReceiptsOfOneDayCountEverywhere(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		token := apiToken(t, s, staff)
		ayu, sari := mustArtisan(t, s, "tenun-ayu"), mustArtisan(t, s, "perak-sari")
		// An event that ended five days ago: the month after it is still
		// running, so the recap compares five days with five.
		first, second, last := witaDay(-7), witaDay(-6), witaDay(-5)
		event := createEvent(t, staff, "Gelar Produk Potensial", first, last, false)
		decide(t, staff, event, "Tenun Ayu", "Terpilih")
		decide(t, staff, event, "Perak Sari", "Terpilih")
		made := &catalog.Artisan{Slug: "ukir-made", Name: "Ukir Made", CategoryID: sari.CategoryID, Status: catalog.ArtisanActive}
		if err := s.store.CreateArtisan(t.Context(), made); err != nil {
			t.Fatal(err)
		}
		decide(t, staff, event, "Ukir Made", "Tidak terpilih")
		receipt(t, staff, event, "Tenun Ayu", second, "10:15", "1", "3.400.000", "Transfer")
		receipt(t, staff, event, "Tenun Ayu", second, "14:40", "1", "650.000", "Tunai")
		receipt(t, staff, event, "Perak Sari", first, "11:00", "1", "450.000", "QRIS")
		// Online sales: Tenun Ayu before the event and after it, Perak Sari after.
		for _, o := range []struct {
			slug string
			day  string
		}{{"kain-endek", witaDay(-9)}, {"songket-emas", witaDay(-3)}, {"cincin-jawan", witaDay(-2)}} {
			number, total := placeOrder(t, s, o.slug, 1, "manual")
			confirmPayment(t, s, token, number, total, noonOf(o.day))
		}

		// The dashboard for the event's days, from its period picker.
		_, dash, _ := staff.get("/council")
		status, dash, _ := formWith(t, dash, "Terapkan").Choose("period", "Pilih tanggal").Set("from", first).Set("to", last).Open(staff)
		if status != http.StatusOK {
			t.Fatalf("dashboard = %d", status)
		}
		cells := regexp.MustCompile(` data-label="[^"]*"`).ReplaceAllString(dash, "") // the phone's labels of each cell
		for _, want := range []string{"Pameran: Gelar Produk Potensial</td><td>0</td><td>3</td><td>Rp 4.500.000</td>",
			"Tenun Ayu</td><td>0</td><td>2</td><td>Rp 4.050.000</td>"} {
			if !strings.Contains(cells, want) {
				t.Errorf("the dashboard lacks %q", want)
			}
		}
		// Its downloads, by artisan, as its links say.
		_, body, _ := staff.get(linkTo(t, dash, "CSV", "Menurut perajin"))
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		r.FieldsPerRecord = -1
		records, _ := r.ReadAll()
		if !slices.ContainsFunc(records, func(rec []string) bool { return rec[0] == "Tenun Ayu" && rec[len(rec)-1] == "4050000" }) {
			t.Errorf("the CSV by artisan has no row Tenun Ayu 4050000:\n%s", body)
		}
		_, body, _ = staff.get(linkTo(t, dash, "XLSX", "Menurut perajin"))
		if !xlsxHasRow(t, body, "", "Tenun Ayu", "4050000") {
			t.Error("the XLSX by artisan has no row Tenun Ayu 4050000")
		}
		// The API.
		if f := salesOf(t, s, token, ayu.ID, first, last); f.Gross != 4_050_000 || f.Units != 2 {
			t.Errorf("API: Tenun Ayu over the event = %+v, want both receipts, Rp 4.050.000", f)
		}
		// A monev record of Tenun Ayu started today measures both receipts.
		_, monevPage, _ := staff.get("/council/monev")
		status, body, edit := formWith(t, monevPage, "Mulai catatan").Choose("artisan", "Tenun Ayu").Set("day", witaDay(0)).Submit(staff)
		if status != http.StatusSeeOther {
			t.Fatalf("start a monev record = %d: %s", status, errorsOf(body))
		}
		_, body, _ = staff.get(edit)
		_, record, _ := staff.get(linkTo(t, body, "Batal"))
		if !strings.Contains(record, "<dt>Penjualan pameran</dt><dd>Rp 4.050.000</dd>") {
			t.Errorf("the monev record does not measure Rp 4.050.000 of exhibition sales")
		}

		// The recap, from the event's page, and its files.
		_, page, _ := staff.get(event)
		recap := linkTo(t, page, "Rekap pameran (PDF, XLSX)")
		_, body, _ = staff.get(recap)
		for _, want := range []string{
			"<dt>Peserta terpilih</dt><dd>2</dd>", "<dt>Pendaftar tidak terpilih</dt><dd>1</dd>", "<dt>Penjualan stan</dt><dd>Rp 4.500.000</dd>",
			"<td>Tenun Ayu</td><td>2</td><td>2</td><td>Rp 4.050.000</td>",
			"<td>Tenun</td><td>2</td><td>2</td><td>Rp 4.050.000</td>", "<td>Perhiasan Perak</td><td>1</td><td>1</td><td>Rp 450.000</td>",
			"<td>Transfer</td><td>1</td><td>1</td><td>Rp 3.400.000</td>", "<td>Tunai</td><td>1</td><td>1</td><td>Rp 650.000</td>",
			"<td>Tenun Ayu</td><td>1</td><td>Rp 850.000</td><td>1</td><td>Rp 2.500.000</td><td>&#43;194%</td>",
			"<td>Perak Sari</td><td>0</td><td>Rp 0</td><td>1</td><td>Rp 450.000</td><td>—</td>",
			"masih berjalan: baru 5 dari 30 hari",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the recap page lacks %q", want)
			}
		}
		status, pdf, h := staff.get(linkTo(t, body, "PDF"))
		if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" {
			t.Fatalf("recap PDF = %d %s", status, h.Get("Content-Type"))
		}
		text := strings.Join(strings.Fields(reporttest.PDFText(t, []byte(pdf))), " ") // as read, not as wrapped
		for _, want := range []string{"Rekap Pameran Gelar Produk Potensial", "Rp 4.050.000", "Rp 3.400.000", "Rp 650.000", "Rp 2.500.000", "+194%", "masih berjalan: baru 5 dari 30 hari"} {
			if !strings.Contains(text, want) {
				t.Errorf("the recap PDF lacks %q; it reads:\n%s", want, text)
			}
		}
		_, xlsx, _ := staff.get(linkTo(t, body, "XLSX"))
		if !xlsxHasRow(t, xlsx, "Per perajin", "Tenun Ayu", "4050000") || !xlsxHasRow(t, xlsx, "Daftar nota", "Tenun Ayu", "3400000") ||
			!xlsxHasRow(t, xlsx, "Daftar nota", "Tenun Ayu", "650000") {
			t.Error("the recap workbook lacks Tenun Ayu's Rp 4.050.000, or one of its receipts")
		}

		// The Rp 650.000 was Rp 560.000: corrected from its receipt's page.
		receiptPage := linkTo(t, page, "Buka", "Rp 650.000")
		_, body, _ = staff.get(receiptPage)
		stale := formWith(t, body, "Simpan koreksi") // a second desk has the receipt open too
		status, body, _ = formWith(t, body, "Simpan koreksi").Set("amount", "560.000").Set("reason", "salah ketik").Submit(staff)
		if status != http.StatusSeeOther {
			t.Fatalf("correct the receipt = %d: %s", status, errorsOf(body))
		}
		_, page, _ = staff.get(event)
		for _, want := range []string{"<s>Rp 650.000</s> (dikoreksi)", "<td>Rp 560.000</td>", "(Alasan: salah ketik)", "<td>Tenun Ayu</td><td>2</td><td>2</td><td>Rp 3.960.000</td>"} {
			if !strings.Contains(page, want) {
				t.Errorf("after the correction the event's page lacks %q", want)
			}
		}
		if f := salesOf(t, s, token, ayu.ID, first, last); f.Gross != 3_960_000 {
			t.Errorf("API after the correction: Tenun Ayu = %+v, want only the latest version counted, Rp 3.960.000", f)
		}
		_, body, _ = staff.get(recap)
		if !strings.Contains(body, "<dt>Penjualan stan</dt><dd>Rp 4.410.000</dd>") || !strings.Contains(body, "Riwayat koreksi") || !strings.Contains(body, "salah ketik (staff)") {
			t.Error("the recap does not count the correction, or does not show its history")
		}
		// The second desk's correction of the version that is gone.
		status, body, _ = stale.Set("amount", "600.000").Set("reason", "salah ketik juga").Submit(staff)
		if status != http.StatusConflict || !strings.Contains(body, "sudah dikoreksi orang lain") || !strings.Contains(body, "560000") {
			t.Errorf("a correction of a corrected version = %d, want 409 saying so with the latest version", status)
		}
		if f := salesOf(t, s, token, sari.ID, first, last); f.Gross != 450_000 {
			t.Errorf("Perak Sari = %+v, want its receipt untouched by the corrections", f)
		}
	})
}

// xlsxHasRow reports whether a workbook's sheet (the first, for "") has a
// row with both cells, numbers read as numbers.
func xlsxHasRow(t *testing.T, body, sheet, a, b string) bool {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if sheet == "" {
		sheet = x.GetSheetName(0)
	}
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %q: %v (sheets %v)", sheet, err, x.GetSheetList())
	}
	for _, r := range rows {
		if slices.Contains(r, a) && slices.Contains(r, b) {
			return true
		}
	}
	return false
}

// An artisan selected for an event open to artisan entry records its own
// stand's receipts from its workspace, any number a day, corrects and
// voids them there; another artisan cannot see them.
func TestArtisanRecordsOwnReceipts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		today := witaDay(0)
		event := createEvent(t, staff, "Pameran Kriya Denpasar", witaDay(-1), witaDay(1), true)
		decide(t, staff, event, "Perak Sari", "Terpilih")

		a := s.as(account.RoleArtisan, "perak-sari")
		// Sold as it is entered: no day, no time.
		_, page, _ := a.get("/artisan/exhibitions")
		if status, body, _ := formWith(t, page, "Catat nota").Set("units", "2").Set("amount", "900.000").Choose("method", "QRIS").Submit(a); status != http.StatusSeeOther {
			t.Fatalf("own receipt = %d: %s", status, errorsOf(body))
		}
		receipt(t, a, "/artisan/exhibitions", "", today, "09:30", "1", "450.000", "Kartu debit/kredit")
		// Another day needs its time.
		_, page, _ = a.get("/artisan/exhibitions")
		status, body, _ := formWith(t, page, "Catat nota").Set("day", witaDay(-1)).Set("units", "1").Set("amount", "100.000").Submit(a)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Isi jam penjualan") {
			t.Errorf("a receipt of yesterday without its time = %d, want the time asked for", status)
		}

		_, page, _ = a.get("/artisan/exhibitions")
		for _, want := range []string{"<td>Perak Sari</td><td>2</td><td>Rp 900.000</td><td>QRIS</td>", "<td>Perak Sari</td><td>1</td><td>Rp 450.000</td><td>Kartu debit/kredit</td>",
			"<td>3</td><td>Rp 1.350.000</td></tr></tbody>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the workspace lacks %q", want)
			}
		}
		own := linkTo(t, page, "Buka", "Rp 450.000")
		_, body, _ = a.get(own)
		if status, body, _ := formWith(t, body, "Batalkan nota").Submit(a); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Tuliskan alasan") {
			t.Errorf("a void without a reason = %d, want the reason asked for", status)
		}
		if status, _, _ := formWith(t, body, "Batalkan nota").Set("reason", "pembeli batal").Submit(a); status != http.StatusSeeOther {
			t.Fatalf("void = %d", status)
		}
		_, page, _ = a.get("/artisan/exhibitions")
		if !strings.Contains(page, "Dibatalkan") || !strings.Contains(page, "<td>2</td><td>Rp 900.000</td></tr></tbody>") {
			t.Error("the workspace does not show the void, or still counts the voided receipt")
		}
		_, body, _ = a.get(own)
		if strings.Contains(body, "Simpan koreksi") {
			t.Error("a voided receipt can still be corrected")
		}

		// Another artisan, and staff.
		other := s.as(account.RoleArtisan, "tenun-ayu")
		if status, _, _ := other.get(own); status != http.StatusNotFound {
			t.Errorf("another artisan opening the receipt = %d, want 404", status)
		}
		_, page, _ = staff.get(event)
		if !strings.Contains(page, "<td>Perak Sari</td><td>2</td><td>Rp 900.000</td>") || !strings.Contains(page, ">Perak Sari<") {
			t.Error("staff do not see the artisan's receipt on the event's page")
		}
	})
}
