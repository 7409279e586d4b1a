package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
		pay := func(number string, total int64, at time.Time) {
			req, _ := http.NewRequest("POST", s.url+"/api/v1/council/orders/"+number+"/payments",
				strings.NewReader(fmt.Sprintf(`{"amount":%d,"reference":"BPD","paid_at":%q}`, total, at.Format(time.RFC3339))))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("pay %s: %v %v", number, err, res.StatusCode)
			}
			res.Body.Close()
		}
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
