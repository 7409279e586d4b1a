package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kriya/internal/account"
	"kriya/internal/store"
)

// An artisan chooses how to hear of each kind on its notification page;
// a choice the page does not offer is refused with a message, and
// nothing is changed.
func TestArtisanChoosesNotifications(t *testing.T) {
	s := newSite(t, store.SQLite)
	artisan := s.as(account.RoleArtisan, "perak-sari")
	page := "/artisan/notifications"
	_, body, _ := artisan.get("/artisan")
	if !strings.Contains(body, `href="`+page+`"`) {
		t.Fatal("the workspace has no link to its notifications")
	}
	form := url.Values{"csrf_token": {artisan.csrf(page)}, "order_paid": {"off"}, "low_stock": {"immediate"}}
	if status, _, h := artisan.post(page+"/settings", form); status != http.StatusSeeOther || h.Get("Location") != page {
		t.Fatalf("saving choices = %d → %q", status, h.Get("Location"))
	}
	_, body, _ = artisan.get(page)
	for _, want := range []string{"Pilihan pemberitahuan tersimpan.", `name="order_paid" value="off" checked`, `name="low_stock" value="immediate" checked`,
		`name="payout" value="immediate" checked`} {
		if !strings.Contains(body, want) {
			t.Errorf("after saving, the page lacks %q", want)
		}
	}
	form.Set("order_paid", "hourly")
	status, body, _ := artisan.post(page+"/settings", form)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Pilihan itu tidak dikenal.") {
		t.Errorf("an unknown choice = %d; want 422 with a message", status)
	}
	if _, body, _ = artisan.get(page); !strings.Contains(body, `name="order_paid" value="off" checked`) {
		t.Error("a refused form changed the choices")
	}
}
