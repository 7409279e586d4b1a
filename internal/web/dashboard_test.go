package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kriya/internal/account"
	"kriya/internal/i18n"
	"kriya/internal/ledger"
	"kriya/internal/order"
	"kriya/internal/sales"
	"kriya/internal/store"
)

// apiGet fetches a JSON API path with a bearer token.
func apiGet(t *testing.T, s *site, token, path string, into any) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(into); err != nil {
		t.Fatal(err)
	}
}

// The dashboard, the CSV and XLSX exports and the API give the same
// figures for a period, and they equal a computation straight from the
// orders: refunds, exhibition sales and payments a second either side of
// midnight in Bali included.
func TestSalesFiguresAgreeEverywhere(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		ctx := context.Background()
		staff := s.as(account.RoleStaff, "")
		token := apiToken(t, s, staff)
		pay := func(number string, total int64, at time.Time) { confirmPayment(t, s, token, number, total, at) }
		// 23:59:59 WITA on 30 November, and one second later: December.
		midnight := time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)
		a, ta := placeOrder(t, s, "kain-endek", 2, "manual")
		pay(a, ta, midnight.Add(-time.Second))
		b, tb := placeOrder(t, s, "cincin-jawan", 1, "manual")
		pay(b, tb, midnight)
		c, tc := placeOrder(t, s, "songket-emas", 1, "manual")
		pay(c, tc, midnight.Add(-3*24*time.Hour))
		// A refund of part of the first order, and exhibition sales.
		page := "/council/orders/" + a
		staff.post(page+"/refunds", url.Values{"csrf_token": {staff.csrf(page)}, "artisan": {"all"}, "amount": {"300000"}, "reason": {"retur"}, "reference": {"BPD R"}})
		staff.post("/council/exhibitions", url.Values{"csrf_token": {staff.csrf("/council/exhibitions")}, "name": {"Pameran Kriya Denpasar"},
			"place": {"Lapangan Puputan"}, "starts_on": {"2026-11-20"}, "ends_on": {"2026-11-22"}})
		exs, _ := s.store.Exhibitions(ctx)
		ayu := mustArtisan(t, s, "tenun-ayu")
		exPage := fmt.Sprintf("/council/exhibitions/%d", exs[0].ID)
		staff.post(exPage+"/participants", url.Values{"csrf_token": {staff.csrf(exPage)}, "artisan": {fmt.Sprint(ayu.ID)}, "status": {"selected"}})
		receipt(t, staff, exPage, "Tenun Ayu", "2026-11-21", "15:00", "3", "1.200.000", "QRIS")

		// The direct computation, from the orders and the ledger.
		from, to := time.Date(2026, 11, 1, 0, 0, 0, 0, i18n.WITA), time.Date(2026, 12, 1, 0, 0, 0, 0, i18n.WITA)
		want := map[string]sales.Figures{}
		orders, _ := s.store.Orders(ctx, order.Filter{})
		for _, o := range orders {
			full, _ := s.store.OrderByNumber(ctx, o.Number)
			if full.PaidAt == nil || full.PaidAt.Before(from) || !full.PaidAt.Before(to) {
				continue
			}
			for _, f := range full.Fulfilments {
				k := strconv.FormatInt(f.ArtisanID, 10)
				fig := want[k]
				fig.Orders++
				for _, l := range full.Lines {
					if l.FulfilmentID == f.ID && l.Paid {
						fig.Units += int64(l.Quantity)
						fig.Gross += l.Amount()
					}
				}
				entries, _ := s.store.Ledger(ctx, f.ArtisanID)
				for _, e := range entries {
					if e.OrderNumber == full.Number && e.Kind == ledger.KindRefund && e.Note == "items" {
						fig.Refunds -= e.Amount
					}
				}
				want[k] = fig
			}
		}
		k := strconv.FormatInt(ayu.ID, 10)
		fig := want[k]
		fig.Units, fig.Gross = fig.Units+3, fig.Gross+1_200_000
		want[k] = fig
		var wantTotal sales.Figures
		for _, f := range want {
			wantTotal = wantTotal.Add(f)
		}
		wantTotal.Orders = 2 // the first and third orders; the second was paid in December in Bali
		if wantTotal.Net() != 1_700_000-300_000+2_500_000+1_200_000 {
			t.Fatalf("the direct computation itself is off: %+v", wantTotal)
		}

		// The API.
		var api struct {
			Rows []struct {
				Key                                string
				Orders, Units, Gross, Refunds, Net int64
			}
			Totals struct{ Orders, Units, Gross, Refunds, Net int64 }
		}
		apiGet(t, s, token, "/api/v1/council/sales?group=artisan&from=2026-11-01&to=2026-11-30", &api)
		got := map[string]sales.Figures{}
		for _, r := range api.Rows {
			got[r.Key] = sales.Figures{Orders: r.Orders, Units: r.Units, Gross: r.Gross, Refunds: r.Refunds}
		}
		for key, w := range want {
			if got[key] != w {
				t.Errorf("API artisan %s = %+v, want %+v", key, got[key], w)
			}
		}
		if api.Totals.Net != wantTotal.Net() || api.Totals.Orders != wantTotal.Orders || api.Totals.Units != wantTotal.Units {
			t.Errorf("API totals = %+v, want %+v", api.Totals, wantTotal)
		}

		// The CSV export.
		q := "period=custom&from=2026-11-01&to=2026-11-30&group=artisan"
		_, body, _ := staff.get("/council/sales/export?" + q + "&format=csv")
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
		r.FieldsPerRecord = -1
		all, err := r.ReadAll()
		var records [][]string
		for _, rec := range all {
			if len(rec) > 1 || (len(rec) == 1 && rec[0] != "" && !strings.HasPrefix(rec[0], "#")) {
				records = append(records, rec)
			}
		}
		if err != nil || len(records) < 2 {
			t.Fatalf("CSV: %v %q", err, body)
		}
		last := records[len(records)-1]
		if last[len(last)-1] != strconv.FormatInt(wantTotal.Net(), 10) {
			t.Errorf("CSV total row = %v, want net %d", last, wantTotal.Net())
		}
		if !strings.Contains(body, "Omzet bersih = subtotal") {
			t.Error("the CSV does not say what its figures mean")
		}

		// The XLSX export.
		_, xbody, _ := staff.get("/council/sales/export?" + q + "&format=xlsx")
		x, err := excelize.OpenReader(bytes.NewReader([]byte(xbody)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
		found := false
		for _, r := range rows {
			for _, cell := range r {
				found = found || cell == strconv.FormatInt(wantTotal.Net(), 10)
			}
		}
		if !found {
			t.Errorf("the XLSX has no cell with the net total %d", wantTotal.Net())
		}

		// The dashboard.
		_, dash, _ := staff.get("/council?" + q)
		if !strings.Contains(dash, "Rp "+dots(wantTotal.Net())) || !strings.Contains(dash, "Pameran: Pameran Kriya Denpasar") {
			t.Errorf("the dashboard lacks the net total Rp %s or the exhibition channel", dots(wantTotal.Net()))
		}
	})
}

// dots writes an amount as Indonesians do: 5.100.000.
func dots(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Every tile says what the tables under it add up to: the orders and
// units of the dashboard's and an artisan's performance tiles equal the
// total row of each table, and the rows of each table add up to it (each
// test order is one artisan's, so no order is counted under two keys).
// The artisan's table by channel once said "Toko daring: 0 pesanan"
// beside a tile of 5 orders.
func TestTilesAgreeWithTables(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		token := apiToken(t, s, staff)
		now := time.Now()
		for _, o := range []struct {
			slug string
			qty  int
		}{{"kain-endek", 2}, {"songket-emas", 1}, {"kain-endek", 1}, {"cincin-jawan", 3}} {
			number, total := placeOrder(t, s, o.slug, o.qty, "manual")
			confirmPayment(t, s, token, number, total, now)
		}
		// Stand sales: units without orders.
		staff.post("/council/exhibitions", url.Values{"csrf_token": {staff.csrf("/council/exhibitions")}, "name": {"Gelar Produk"},
			"starts_on": {sales.Day(now)}, "ends_on": {sales.Day(now)}})
		exs, _ := s.store.Exhibitions(t.Context())
		ayu := mustArtisan(t, s, "tenun-ayu")
		exPage := fmt.Sprintf("/council/exhibitions/%d", exs[0].ID)
		staff.post(exPage+"/participants", url.Values{"csrf_token": {staff.csrf(exPage)}, "artisan": {fmt.Sprint(ayu.ID)}, "status": {"selected"}})
		receipt(t, staff, exPage, "Tenun Ayu", sales.Day(now), "10:00", "4", "400.000", "Tunai")

		artisan := s.as(account.RoleArtisan, "tenun-ayu")
		for _, p := range []struct {
			who          *site
			page         string
			orders, unit int64
		}{{staff, "/council", 4, 11}, {artisan, "/artisan/performance", 3, 8}} {
			_, body, _ := p.who.get(p.page)
			tiles := tileFigures(body)
			if tiles["Pesanan"] != p.orders || tiles["Unit"] != p.unit {
				t.Errorf("%s: tiles say %d orders, %d units; want %d and %d", p.page, tiles["Pesanan"], tiles["Unit"], p.orders, p.unit)
			}
			tables := tableFigures(t, body)
			if len(tables) < 2 {
				t.Fatalf("%s: %d tables of figures", p.page, len(tables))
			}
			for _, tb := range tables {
				if tb.total != [2]int64{tiles["Pesanan"], tiles["Unit"]} {
					t.Errorf("%s, table %q: total row %v, tiles %d orders %d units", p.page, tb.title, tb.total, tiles["Pesanan"], tiles["Unit"])
				}
				if tb.rows != tb.total {
					t.Errorf("%s, table %q: rows add up to %v, total row says %v", p.page, tb.title, tb.rows, tb.total)
				}
			}
		}
		// Nothing shipped yet: the tile says so, not "0.0 days".
		if _, body, _ := artisan.get("/artisan/performance"); !strings.Contains(body, `<h2>Hari bayar → kirim</h2><p class="big">—</p>`) {
			t.Error("the artisan's days-to-ship tile shows a number although nothing was shipped")
		}
	})
}

var tileRe = regexp.MustCompile(`<section class="tile"><h2>([^<]+)</h2><p class="big">([^<]+)</p>`)

// tileFigures reads the counting tiles of a page: title → number.
func tileFigures(body string) map[string]int64 {
	out := map[string]int64{}
	for _, m := range tileRe.FindAllStringSubmatch(body, -1) {
		if n, err := strconv.ParseInt(strings.ReplaceAll(m[2], ".", ""), 10, 64); err == nil {
			out[m[1]] = n
		}
	}
	return out
}

// figuresTable is a sales table as a reader adds it up: orders and units
// of its rows, and of its total row.
type figuresTable struct {
	title       string
	rows, total [2]int64
}

var (
	salesTableRe = regexp.MustCompile(`(?s)<table class="list stack">\s*<thead><tr><th scope="col">([^<]*)</th><th scope="col">Pesanan</th>.*?</table>`)
	salesRowRe   = regexp.MustCompile(`<tr(?: class="total")?><(?:td|th scope="row")>[^<]*</(?:td|th)><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>`)
)

func tableFigures(t *testing.T, body string) []figuresTable {
	var out []figuresTable
	for _, m := range salesTableRe.FindAllStringSubmatch(body, -1) {
		tb := figuresTable{title: m[1]}
		for _, r := range salesRowRe.FindAllStringSubmatch(m[0], -1) {
			orders, err1 := strconv.ParseInt(strings.ReplaceAll(r[1], ".", ""), 10, 64)
			units, err2 := strconv.ParseInt(strings.ReplaceAll(r[2], ".", ""), 10, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("table %q: row %q", m[1], r[0])
			}
			if strings.Contains(r[0], `class="total"`) {
				tb.total = [2]int64{orders, units}
			} else {
				tb.rows[0], tb.rows[1] = tb.rows[0]+orders, tb.rows[1]+units
			}
		}
		out = append(out, tb)
	}
	return out
}

// An artisan sees how buyers met each listing: views by people (a
// crawler's are not counted, a cached page's are), carts, units sold and
// the rates between them, and where its buyers live.
func TestArtisanSeesBuyersInterest(t *testing.T) {
	s := newSite(t, store.SQLite)
	browser := "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"
	for range 4 {
		s.as("", "").get("/products/kain-endek", "User-Agent", browser) // visitors without a session: the page cache
	}
	s.get("/products/kain-endek", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)")
	s.get("/products/kain-endek") // Go's own client: a program
	buyer := s.as("", "")
	_, page, _ := buyer.get("/products/kain-endek", "User-Agent", browser)
	code := regexp.MustCompile(`name="sku" value="([^"]+)"`).FindStringSubmatch(page)
	if code == nil {
		t.Fatal("no SKU to buy on the product page")
	}
	buyer.post("/cart/items", url.Values{"sku": {code[1]}, "quantity": {"1"}}, "User-Agent", browser) // as the page's form: a visitor has no session, so no token
	staff := s.as(account.RoleStaff, "")
	number, total := placeOrder(t, s, "kain-endek", 2, "manual")
	confirmPayment(t, s, apiToken(t, s, staff), number, total, time.Now())
	if err := s.server.FlushViews(t.Context()); err != nil {
		t.Fatal(err)
	}

	_, body, _ := s.as(account.RoleArtisan, "tenun-ayu").get("/artisan/performance")
	row := regexp.MustCompile(`(?s)Kain Tenun Endek Cepuk</a></td>.*?</tr>`).FindString(body)
	for _, want := range []string{`data-label="Dilihat">5<`, `data-label="Masuk keranjang">1<`, `data-label="Terjual (unit)">2<`,
		`data-label="Keranjang per dilihat">20,0%<`, `data-label="Terjual per dilihat">40,0%<`} {
		if !strings.Contains(row, want) {
			t.Errorf("the listing's row lacks %s:\n%s", want, row)
		}
	}
	if !strings.Contains(body, "5 kali dilihat") || !strings.Contains(body, "Asal pembeli") {
		t.Error("the page does not sum up the views or say where buyers live")
	}
}
