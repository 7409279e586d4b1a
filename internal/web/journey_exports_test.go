package web_test

import (
	"bufio"
	"os"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"kriya/internal/account"
)

// councilExports: staff pick last month on the dashboard and take its
// figures away, by artisan as a spreadsheet and by month as CSV, by
// clicking the links the page shows; the files they open are of the
// period and grouping the page showed (issue 15: the links once
// downloaded this month's CSV whatever they said).
func councilExports(tr *tour) {
	s := tr.site
	staffEmail := s.addUser(account.RoleStaff, "")
	api := s.as("", "")
	api.login(staffEmail, testPassword)
	token := apiToken(tr.t, s, api)
	now := time.Now()
	lastMonth := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, now.Location()).AddDate(0, -1, 0)
	number, total := placeOrder(tr.t, s, "kain-endek", 2, "manual") // Tenun Ayu, last month
	confirmPayment(tr.t, s, token, number, total, lastMonth)
	number, total = placeOrder(tr.t, s, "cincin-jawan", 1, "manual") // Perak Sari, this month
	confirmPayment(tr.t, s, token, number, total, now)

	staff := tr.person("staff")
	staff.login(staffEmail, testPassword)
	staff.follow("staff-council", `header a[href="/council"]`)
	staff.choose("#p-kind", "Bulan lalu")
	staff.follow("staff-last-month", `form.period button[type="submit"]`)
	period, err := staff.value(`document.querySelector("form.period + p.hint").textContent.split(" — ")[0]`)
	if err != nil || period == "" {
		staff.fail("reading the period the page shows", err)
	}

	// By artisan, as XLSX: Tenun Ayu sold last month, Perak Sari did not.
	file := staff.download("staff-xlsx-by-artisan", `section[aria-labelledby="b-artisan"] a[href*="format=xlsx"]`)
	book, err := excelize.OpenFile(file)
	if err != nil {
		staff.fail("opening the downloaded spreadsheet", err)
	}
	defer book.Close()
	rows, err := book.GetRows(book.GetSheetName(0))
	if err != nil {
		staff.fail("reading the downloaded spreadsheet", err)
	}
	var text []string
	for _, r := range rows {
		text = append(text, strings.Join(r, " | "))
	}
	sheet := strings.Join(text, "\n")
	for _, want := range []string{"Menurut perajin", period, "Menurut perajin | Pesanan | Unit", "Tenun Ayu | 1 | 2"} {
		if !strings.Contains(sheet, want) {
			staff.fail("reading the spreadsheet", &missing{want, sheet})
		}
	}
	if strings.Contains(sheet, "Perak Sari") {
		staff.fail("reading the spreadsheet", &missing{"only last month's sales", sheet})
	}

	// By month, as CSV: its heading says the period, its rows last month.
	file = staff.download("staff-csv-by-month", `section[aria-labelledby="trend-h"] a[href*="format=csv"]`)
	f, err := os.Open(file)
	if err != nil {
		staff.fail("opening the downloaded CSV", err)
	}
	defer f.Close()
	var lines []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		lines = append(lines, sc.Text())
	}
	csv := strings.Join(lines, "\n")
	if len(lines) == 0 || !strings.HasPrefix(strings.TrimPrefix(lines[0], "\ufeff"), "# ") || !strings.Contains(csv, period) {
		staff.fail("reading the CSV", &missing{"a heading with " + period, csv})
	}
}

// missing says what a downloaded file lacked, and what it held.
type missing struct{ want, got string }

func (m *missing) Error() string { return "no " + m.want + " in:\n" + m.got }
