package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/sales"
	"kriya/internal/store"
)

var hrefs = regexp.MustCompile(`href="([^"]*)"`)

// Every link the pages show, followed as a browser follows it, from each
// kind of visitor's start pages: none leads to an error, and every
// download is the file its link says — of the period and grouping the
// page showed (issue 15: 35 export links were written as escaped strings
// and downloaded this month's default, unseen by tests that built the URLs
// by hand).
func TestEveryLinkLeadsSomewhere(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	number, total := placeOrder(t, s, "kain-endek", 1, "manual")
	page := "/council/orders/" + number
	staff.post(page+"/payments", url.Values{"csrf_token": {staff.csrf(page)}, "amount": {fmt.Sprint(total)}, "reference": {"BPD 1"}, "paid_at": {time.Now().Format("2006-01-02")}})
	// An exhibition with receipts, one corrected: its page, receipts,
	// recap and the recap's files, for staff and for the artisan.
	event := createEvent(t, staff, "Pameran Kriya Denpasar", witaDay(-2), witaDay(0), true)
	decide(t, staff, event, "Tenun Ayu", "Terpilih")
	receipt(t, staff, event, "Tenun Ayu", witaDay(-1), "10:00", "1", "850.000", "Tunai")
	receipt(t, staff, event, "Tenun Ayu", witaDay(-1), "11:00", "1", "650.000", "QRIS")
	_, body, _ := staff.get(event)
	_, body, _ = staff.get(linkTo(t, body, "Buka", "Rp 650.000"))
	formWith(t, body, "Simpan koreksi").Set("amount", "560.000").Set("reason", "salah ketik").Submit(staff)

	visitors := []struct {
		name  string
		b     *site
		start []string
	}{
		{"visitor", s.as("", ""), []string{"/"}},
		{"buyer", s.as(account.RoleBuyer, ""), []string{"/", "/account"}},
		{"artisan", s.as(account.RoleArtisan, "tenun-ayu"), []string{"/artisan"}},
		{"staff", staff, []string{"/council"}},
		{"admin", s.as(account.RoleAdmin, ""), []string{"/admin/users", "/council"}},
	}
	base, _ := url.Parse(s.url)
	for _, v := range visitors {
		t.Run(v.name, func(t *testing.T) {
			seen := map[string]bool{}
			queue := append([]string(nil), v.start...)
			downloads := 0
			for len(queue) > 0 && len(seen) < 400 {
				link := queue[0]
				queue = queue[1:]
				if seen[link] {
					continue
				}
				seen[link] = true
				status, body, h := v.b.get(link)
				if loc := h.Get("Location"); status >= 300 && status < 400 && loc != "" {
					queue = append(queue, loc)
					continue
				}
				if status >= 400 {
					t.Errorf("%s → %d", link, status)
					continue
				}
				if format := formatOf(link); format != "" {
					downloads++
					checkDownload(t, link, format, h)
					continue
				}
				if strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
					t.Errorf("%s downloads %s, but the link does not say which file: it was written wrong", link, h.Get("Content-Disposition"))
					continue
				}
				if !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
					continue
				}
				for _, m := range hrefs.FindAllStringSubmatch(body, -1) {
					target, err := base.Parse(html.UnescapeString(m[1]))
					if err != nil {
						t.Errorf("%s links to %q, which is no URL", link, m[1])
						continue
					}
					if target.Host != base.Host || target.Scheme != base.Scheme || strings.HasPrefix(target.Path, "/lang/") {
						continue // another site, or the language switch (it changes every page after it)
					}
					target.Fragment = ""
					if !seen[target.RequestURI()] {
						queue = append(queue, target.RequestURI())
					}
				}
			}
			if v.name == "staff" && downloads == 0 {
				t.Error("staff found no download to follow")
			}
		})
	}
}

// formatOf is the file a link asks for, if any.
func formatOf(link string) string {
	u, _ := url.Parse(link)
	switch f := u.Query().Get("format"); {
	case f != "":
		return f
	case strings.HasSuffix(u.Path, "/pdf"):
		return "pdf"
	case strings.HasSuffix(u.Path, ".csv"):
		return "csv"
	}
	return ""
}

// checkDownload checks that a download is the kind of file its link asks
// for, and, for sales exports, of the link's period and grouping.
func checkDownload(t *testing.T, link, format string, h http.Header) {
	t.Helper()
	types := map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, types[format]) {
		t.Errorf("%s downloads %q, want %s", link, ct, types[format])
	}
	u, _ := url.Parse(link)
	if !strings.Contains(u.Path, "/export") {
		return
	}
	name := h.Get("Content-Disposition")
	q := u.Query()
	for _, want := range []string{q.Get("from"), q.Get("to"), q.Get("group"), "." + format} {
		if !strings.Contains(name, want) {
			t.Errorf("%s downloads %s, not of its %q", link, name, want)
		}
	}
}

// The dashboard says what its changes compare: this month so far with the
// same days of last month (issue 15: "this month" set 4 days of December
// beside all of November).
func TestDashboardSaysWhatItCompares(t *testing.T) {
	s := newSite(t, store.SQLite)
	staff := s.as(account.RoleStaff, "")
	_, page, _ := staff.get("/council")
	today := time.Now().In(sales.WITA)
	last := time.Date(today.Year(), today.Month(), 1, 12, 0, 0, 0, sales.WITA).AddDate(0, -1, 0)
	if !strings.Contains(page, "Perubahan dihitung dari") || (today.Day() > 1 && !strings.Contains(page, fmt.Sprintf("1 %s %d – ", monthID(last), last.Year()))) {
		t.Errorf("the dashboard does not say it compares this month so far with the start of last month")
	}
}

func monthID(t time.Time) string {
	return [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}[t.Month()-1]
}
