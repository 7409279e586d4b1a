package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kriya/internal/account"
)

// An artisan selected for an event open to artisan entry records their
// own stand's sales from their workspace and sees them under their name.
func TestArtisanRecordsOwnStandSales(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		staff.post("/council/exhibitions", url.Values{"csrf_token": {staff.csrf("/council/exhibitions")}, "name": {"Pameran Kriya Denpasar"},
			"place": {"Lapangan Puputan"}, "starts_on": {"2026-11-20"}, "ends_on": {"2026-11-22"}, "artisan_entry": {"1"}})
		exs, err := s.store.Exhibitions(t.Context())
		if err != nil || len(exs) != 1 {
			t.Fatalf("exhibitions = %v, %v", exs, err)
		}
		sari := mustArtisan(t, s, "perak-sari")
		exPage := fmt.Sprintf("/council/exhibitions/%d", exs[0].ID)
		staff.post(exPage+"/participants", url.Values{"csrf_token": {staff.csrf(exPage)}, "artisan": {fmt.Sprint(sari.ID)}, "status": {"selected"}})

		a := s.as(account.RoleArtisan, "perak-sari")
		_, body, _ := a.get("/artisan/exhibitions")
		action := fmt.Sprintf("/artisan/exhibitions/%d/sales", exs[0].ID)
		if !strings.Contains(body, `action="`+action+`"`) {
			t.Fatalf("the workspace has no stand sales form posting to %s", action)
		}
		status, _, _ := a.post(action, url.Values{"csrf_token": {a.csrf("/artisan/exhibitions")},
			"day": {"2026-11-21"}, "units": {"2"}, "amount": {"450.000"}, "method": {"cash"}})
		if status != http.StatusSeeOther {
			t.Fatalf("own stand sale = %d", status)
		}
		if _, body, _ = a.get("/artisan/exhibitions"); !strings.Contains(body, "<td>2026-11-21</td><td>"+html.EscapeString(sari.Name)+"</td><td>2</td>") {
			t.Fatalf("the sale is not listed under %s", sari.Name)
		}
	})
}
