package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kriya/internal/account"
	"kriya/internal/monev"
	"kriya/internal/report/reporttest"
)

// apiVisitRow is a record as GET /api/v1/.../visits gives it.
type apiVisitRow struct {
	ID       int64  `json:"id"`
	Artisan  string `json:"artisan"`
	Status   string `json:"status"`
	Frozen   bool   `json:"frozen"`
	Measured *struct {
		Online, Exhibition, Total apiFigures
	} `json:"measured"`
}

type apiFigures struct {
	Orders, Units, Gross, Refunds, Net int64
}

// startVisit has staff start a draft for an artisan and returns its id.
func startVisit(t *testing.T, staff *site, artisanID int64, day string) int64 {
	t.Helper()
	status, _, h := staff.post("/council/monev", url.Values{"csrf_token": {staff.csrf("/council/monev")},
		"artisan": {fmt.Sprint(artisanID)}, "day": {day}, "kind": {monev.KindRoutine}})
	if status != http.StatusSeeOther {
		t.Fatalf("start a visit = %d", status)
	}
	var id int64
	if _, err := fmt.Sscanf(h.Get("Location"), "/council/monev/%d/edit", &id); err != nil {
		t.Fatalf("start a visit went to %q", h.Get("Location"))
	}
	return id
}

// visitForm is a whole record as staff fill it in.
func visitForm(staff *site, officerID int64) url.Values {
	return url.Values{
		"csrf_token": {staff.csrf("/council/monev")},
		"day":        {"2026-11-27"}, "kind": {monev.KindRoutine},
		"period_from": {"2026-11-01"}, "period_to": {"2026-11-26"},
		fmt.Sprintf("team_%d", officerID): {"lead"},
		"workers_total":                   {"6"}, "workers_women": {"4"}, "workers_paid": {"5"}, "workers_family": {"2"},
		"capacity_amount": {"120"}, "capacity_unit": {"pcs"}, "output_amount": {"90"}, "output_unit": {"pcs"},
		"production_value": {"45.000.000"}, "turnover_own_shop": {"20.000.000"}, "turnover_gallery": {"5.000.000"},
		"turnover_exhibitions": {"3.000.000"}, "turnover_marketplaces": {"2.000.000"}, "turnover_export": {""},
		"market_bali": {"1"}, "social_media": {"Instagram"}, "qris": {"1"}, "permit_status": {"NIB ada, PIRT belum"},
		"material_type": {"Perak 925", ""}, "material_origin": {"Surabaya", ""}, "material_price": {"14.500", ""}, "material_unit": {"gram", ""},
		"constraint_category": {"materials", ""}, "constraint_severity": {"high", "low"},
		"constraint_description": {"Harga perak naik dan pasokan terlambat dua minggu", ""},
		"recommendations":        {"Ikut pameran Dekranasda bulan depan."},
		"fu_id":                  {""}, "fu_action": {"training"}, "fu_owner": {"Bidang Pemasaran"}, "fu_due": {"2026-12-15"},
		"fu_status": {"open"}, "fu_note": {""},
	}
}

// visitsOf reads a visit list from the API.
func visitsOf(t *testing.T, s *site, token, path string) map[int64]apiVisitRow {
	t.Helper()
	var out struct{ Items []apiVisitRow }
	apiGet(t, s, token, path, &out)
	m := map[int64]apiVisitRow{}
	for _, v := range out.Items {
		m[v.ID] = v
	}
	return m
}

// salesOf is the dashboard's row for one artisan over days, from the API.
func salesOf(t *testing.T, s *site, token string, artisanID int64, from, to string) apiFigures {
	t.Helper()
	var out struct {
		Rows []struct {
			Key string
			apiFigures
		}
	}
	apiGet(t, s, token, "/api/v1/council/sales?group=artisan&from="+from+"&to="+to, &out)
	for _, r := range out.Rows {
		if r.Key == fmt.Sprint(artisanID) {
			return r.apiFigures
		}
	}
	return apiFigures{}
}

// A record's sales figures are live while it is a draft and frozen when
// it is submitted: at that moment they equal the dashboard's for the
// artisan and period; a refund afterwards changes the dashboard, not the
// record, which then says its figures differ from today's.
func TestMonevRecordFreezesSalesAtSubmission(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *site) {
		staff := s.as(account.RoleStaff, "")
		token := apiToken(t, s, staff)
		officer := userOf(t, s, staff)
		sari := mustArtisan(t, s, "perak-sari")
		paidAt := time.Date(2026, 11, 10, 3, 0, 0, 0, time.UTC)
		number, total := placeOrder(t, s, "cincin-jawan", 2, "manual")
		confirmPayment(t, s, token, number, total, paidAt)

		id := startVisit(t, staff, sari.ID, "2026-11-27")
		page := fmt.Sprintf("/council/monev/%d", id)
		if status, body, _ := staff.post(page, visitForm(staff, officer.ID)); status != http.StatusSeeOther {
			t.Fatalf("save the record = %d\n%s", status, body)
		}
		_, body, _ := staff.get(page)
		for _, want := range []string{"Draf: angka terkini", "Harga perak naik", "NIB ada, PIRT belum", "Rp 20.000.000", "Bidang Pemasaran"} {
			if !strings.Contains(body, want) {
				t.Errorf("the draft's page lacks %q", want)
			}
		}
		if v := visitsOf(t, s, token, "/api/v1/council/visits")[id]; v.Frozen || v.Measured != nil {
			t.Errorf("a draft has frozen figures: %+v", v)
		}

		staff.post(page+"/status", url.Values{"csrf_token": {staff.csrf(page)}, "action": {monev.ActionSubmit}})
		dashboard := salesOf(t, s, token, sari.ID, "2026-11-01", "2026-11-26")
		if dashboard.Net == 0 {
			t.Fatal("the dashboard shows no sales for the period; the test's order did not count")
		}
		v := visitsOf(t, s, token, "/api/v1/council/visits")[id]
		if v.Status != monev.Submitted || v.Measured == nil || v.Measured.Total != dashboard {
			t.Fatalf("submitted record = %+v, want its total to equal the dashboard's %+v", v, dashboard)
		}

		// A refund after submission.
		order := "/council/orders/" + number
		staff.post(order+"/refunds", url.Values{"csrf_token": {staff.csrf(order)}, "artisan": {"all"}, "amount": {"100000"}, "reason": {"retur"}, "reference": {"BPD R"}})
		after := salesOf(t, s, token, sari.ID, "2026-11-01", "2026-11-26")
		if after.Net != dashboard.Net-100_000 {
			t.Fatalf("the dashboard after the refund = %+v, want net %d", after, dashboard.Net-100_000)
		}
		if v := visitsOf(t, s, token, "/api/v1/council/visits")[id]; v.Measured == nil || v.Measured.Total != dashboard {
			t.Errorf("the refund changed the submitted record: %+v, want %+v", v.Measured, dashboard)
		}
		_, body, _ = staff.get(page)
		if !strings.Contains(body, "sejak itu penjualan periode ini berubah") {
			t.Error("the record does not say its figures differ from today's")
		}

		// The PDF, in Bahasa Indonesia with rupiah amounts.
		status, pdfBody, h := staff.get(page + "/pdf")
		if status != 200 || h.Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF = %d %s", status, h.Get("Content-Type"))
		}
		text := reporttest.PDFText(t, []byte(pdfBody))
		for _, want := range []string{"LAPORAN HASIL MONITORING DAN EVALUASI", "Perajin binaan: Perak Sari", "Omzet daring (bersih)", rupiah(dashboard.Net), "Pangsa Kriya", "Kendala", "Bahan baku",
			"Harga perak naik dan pasokan terlambat", "Pelatihan", "Bidang Pemasaran", "Rp 20.000.000", "Ikut pameran Dekranasda"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q; it reads:\n%s", want, text)
			}
		}
	})
}

// userOf is the user signed in to browser b.
func userOf(t *testing.T, s *site, b *site) account.User {
	t.Helper()
	_, body, _ := b.get("/account")
	email := regexp.MustCompile(`[a-z]+-x*[0-9.]+@kriya\.test`).FindString(body)
	if email == "" {
		t.Fatal("no e-mail on the account page")
	}
	return mustUser(t, s, email)
}

// rupiah writes an amount as pages do: "Rp 1.250.000".
func rupiah(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return "Rp " + b.String()
}

// confirmPayment records a bank transfer through the staff API.
func confirmPayment(t *testing.T, s *site, token, number string, total int64, at time.Time) {
	t.Helper()
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

// The lifecycle: another officer verifies; a verified record's content is
// closed; a locked record refuses every change.
func TestMonevLifecycle(t *testing.T) {
	s := newSite(t, "sqlite")
	staff := s.as(account.RoleStaff, "")
	admin := s.as(account.RoleAdmin, "")
	officer := userOf(t, s, staff)
	sari := mustArtisan(t, s, "perak-sari")
	id := startVisit(t, staff, sari.ID, "2026-11-27")
	page := fmt.Sprintf("/council/monev/%d", id)
	staff.post(page, visitForm(staff, officer.ID))
	act := func(b *site, action string) {
		b.post(page+"/status", url.Values{"csrf_token": {b.csrf(page)}, "action": {action}})
	}
	statusOf := func() string {
		v, err := s.store.Visit(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return v.Status
	}
	act(staff, monev.ActionLock) // not yet
	if got := statusOf(); got != monev.Draft {
		t.Fatalf("a draft was locked: %s", got)
	}
	act(staff, monev.ActionSubmit)
	act(staff, monev.ActionVerify) // by the officer who submitted it
	if got := statusOf(); got != monev.Submitted {
		t.Fatalf("the submitter verified their own record: %s", got)
	}
	// The refusal is said as one, not in the green box that says "done".
	_, body, _ := staff.get(page)
	if !strings.Contains(body, `<p class="flash refusal" role="alert">Catatan diverifikasi oleh petugas lain`) {
		_, flash, _ := strings.Cut(body, `class="flash`)
		t.Errorf("the refused verification is not shown as a refusal: %.120q", flash)
	}
	act(admin, monev.ActionVerify)
	if got := statusOf(); got != monev.Verified {
		t.Fatalf("after another officer's verification: %s", got)
	}
	form := visitForm(staff, officer.ID)
	form.Set("csrf_token", staff.csrf(page))
	form.Set("recommendations", "changed after verification")
	staff.post(page, form)
	if v, _ := s.store.Visit(t.Context(), id); strings.Contains(v.Recommendations, "changed") {
		t.Fatal("a verified record's content changed")
	}
	act(admin, monev.ActionLock)
	if got := statusOf(); got != monev.Locked {
		t.Fatalf("after locking: %s", got)
	}
	status, _, _ := staff.postMultipart(page+"/attachments", url.Values{"csrf_token": {staff.csrf(page)}, "kind": {"photo"}},
		upload{"file", "bengkel.png", pngImage(t, 64, 48)})
	fus, _ := s.store.FollowUps(t.Context(), monev.FollowUpFilter{VisitID: id})
	staff.post(fmt.Sprintf("%s/follow-ups/%d", page, fus[0].ID), url.Values{"csrf_token": {staff.csrf(page)}, "status": {"done"}})
	as, _ := s.store.Attachments(t.Context(), id)
	fus2, _ := s.store.FollowUps(t.Context(), monev.FollowUpFilter{VisitID: id})
	if status != http.StatusSeeOther || len(as) != 0 || fus2[0].Status != monev.FollowUpOpen {
		t.Errorf("a locked record changed: upload %d, %d attachments, follow-up %s", status, len(as), fus2[0].Status)
	}
	if status, _, h := staff.get(page + "/edit"); status != http.StatusSeeOther || h.Get("Location") != page {
		t.Errorf("the edit form of a locked record = %d → %s", status, h.Get("Location"))
	}
}

// Artisans read their own records once submitted, never a draft and never
// another artisan's, in pages, files and the API; only staff write.
func TestMonevPermissions(t *testing.T) {
	s := newSite(t, "sqlite")
	staff := s.as(account.RoleStaff, "")
	officer := userOf(t, s, staff)
	sari, ayu := mustArtisan(t, s, "perak-sari"), mustArtisan(t, s, "tenun-ayu")
	mine := startVisit(t, staff, sari.ID, "2026-11-27")
	theirs := startVisit(t, staff, ayu.ID, "2026-11-27")
	draft := startVisit(t, staff, sari.ID, "2026-11-28")
	for _, id := range []int64{mine, theirs, draft} {
		page := fmt.Sprintf("/council/monev/%d", id)
		staff.post(page, visitForm(staff, officer.ID))
		if id != draft {
			staff.post(page+"/status", url.Values{"csrf_token": {staff.csrf(page)}, "action": {monev.ActionSubmit}})
		}
		staff.postMultipart(page+"/attachments", url.Values{"csrf_token": {staff.csrf(page)}, "kind": {"photo"}},
			upload{"file", "bengkel.png", pngImage(t, 64, 48)})
	}
	attachment := func(id int64) int64 {
		as, err := s.store.Attachments(t.Context(), id)
		if err != nil || len(as) != 1 {
			t.Fatalf("attachments of %d: %v %v", id, as, err)
		}
		return as[0].ID
	}
	artisan := s.as(account.RoleArtisan, "perak-sari")
	for path, want := range map[string]int{
		fmt.Sprintf("/artisan/monev/%d", mine):                                      200,
		fmt.Sprintf("/artisan/monev/%d/pdf", mine):                                  200,
		fmt.Sprintf("/artisan/monev/%d/print", mine):                                200,
		fmt.Sprintf("/artisan/monev/%d/attachments/%d", mine, attachment(mine)):     200,
		fmt.Sprintf("/artisan/monev/%d", theirs):                                    404,
		fmt.Sprintf("/artisan/monev/%d/pdf", theirs):                                404,
		fmt.Sprintf("/artisan/monev/%d/attachments/%d", theirs, attachment(theirs)): 404,
		fmt.Sprintf("/artisan/monev/%d/attachments/%d", mine, attachment(theirs)):   404,
		fmt.Sprintf("/artisan/monev/%d", draft):                                     404,
		fmt.Sprintf("/artisan/monev/%d/pdf", draft):                                 404,
		fmt.Sprintf("/council/monev/%d", mine):                                      403,
		fmt.Sprintf("/council/monev/%d/attachments/%d", theirs, attachment(theirs)): 403,
	} {
		if status, _, _ := artisan.get(path); status != want {
			t.Errorf("artisan GET %s = %d, want %d", path, status, want)
		}
	}
	token := apiToken(t, s, artisan)
	req, _ := http.NewRequest("GET", s.url+"/api/v1/council/visits", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Errorf("artisan's token GET /api/v1/council/visits = %v %v, want 403", res.Status, err)
	}
	got := visitsOf(t, s, token, "/api/v1/artisan/visits")
	if len(got) != 1 || got[mine].Artisan != "perak-sari" || !got[mine].Frozen {
		t.Errorf("the artisan's API lists %+v, want only its submitted record %d", got, mine)
	}
	// Writing is for staff only, whatever the record.
	page := fmt.Sprintf("/council/monev/%d", mine)
	form := visitForm(staff, officer.ID)
	form.Set("csrf_token", artisan.csrf("/artisan/monev"))
	form.Set("recommendations", "written by the artisan")
	artisan.post(page, form)
	artisan.post(page+"/status", url.Values{"csrf_token": {artisan.csrf("/artisan/monev")}, "action": {monev.ActionVerify}})
	if v, _ := s.store.Visit(t.Context(), mine); strings.Contains(v.Recommendations, "artisan") || v.Status != monev.Submitted {
		t.Errorf("an artisan changed a record: %+v", v)
	}
	_, body, _ := artisan.get("/artisan/monev")
	if !strings.Contains(body, "Bidang Pemasaran") || strings.Contains(body, fmt.Sprintf("/monev/%d\"", theirs)) {
		t.Error("the artisan's monev page does not show its open follow-ups, or shows another's record")
	}
}

// Files attached to a record follow the upload rules: a text file dressed
// as a PDF is refused with a message and nothing is kept.
func TestMonevAttachmentsRefused(t *testing.T) {
	s := newSite(t, "sqlite")
	staff := s.as(account.RoleStaff, "")
	sari := mustArtisan(t, s, "perak-sari")
	id := startVisit(t, staff, sari.ID, "2026-11-27")
	page := fmt.Sprintf("/council/monev/%d", id)
	status, body, _ := staff.postMultipart(page+"/attachments", url.Values{"csrf_token": {staff.csrf(page)}, "kind": {"document"}},
		upload{"file", "laporan.pdf", []byte("just text, not a PDF at all")})
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="e-file"`) {
		t.Errorf("a fake PDF = %d, want 422 with the message by the field", status)
	}
	if as, _ := s.store.Attachments(t.Context(), id); len(as) != 0 {
		t.Errorf("a refused file was kept: %+v", as)
	}
	if status, _, _ := staff.postMultipart(page+"/attachments", url.Values{"csrf_token": {staff.csrf(page)}, "kind": {"document"}},
		upload{"file", "izin.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")}); status != http.StatusSeeOther {
		t.Errorf("a real PDF = %d", status)
	}
}

// The council's lists: artisans without a recent visit, overdue
// follow-ups, visits by officer; and the period summary as PDF and XLSX,
// of submitted records only (a draft is an officer's working copy), with
// amounts in rupiah and each table on a sheet of its own name.
func TestMonevListsAndSummary(t *testing.T) {
	s := newSite(t, "sqlite")
	staff := s.as(account.RoleStaff, "")
	officer := userOf(t, s, staff)
	sari := mustArtisan(t, s, "perak-sari")
	today := time.Now().In(time.FixedZone("WITA", 8*3600))
	day := today.AddDate(0, 0, -40).Format("2006-01-02")
	id := startVisit(t, staff, sari.ID, day)
	page := fmt.Sprintf("/council/monev/%d", id)
	form := visitForm(staff, officer.ID)
	form.Set("day", day)
	form.Set("period_from", today.AddDate(0, 0, -70).Format("2006-01-02"))
	form.Set("period_to", today.AddDate(0, 0, -41).Format("2006-01-02"))
	form["fu_due"] = []string{today.AddDate(0, 0, -5).Format("2006-01-02")}
	if status, body, _ := staff.post(page, form); status != http.StatusSeeOther {
		t.Fatalf("save = %d\n%s", status, body)
	}
	staff.post(page+"/status", url.Values{"csrf_token": {staff.csrf(page)}, "action": {monev.ActionSubmit}})
	_, due, _ := staff.get("/council/monev/due")
	if !strings.Contains(due, "Tenun Ayu") || !strings.Contains(due, "belum pernah dikunjungi") || !strings.Contains(due, "Bidang Pemasaran") {
		t.Error("the due page lacks the unvisited artisan or the overdue follow-up")
	}
	if strings.Contains(due, "/council/artisans/"+fmt.Sprint(sari.ID)+"\"") {
		t.Error("an artisan visited 40 days ago is listed as due (6 months)")
	}
	other := s.as(account.RoleStaff, "")
	otherOfficer := userOf(t, s, other)
	_, mine, _ := staff.get(fmt.Sprintf("/council/monev?officer=%d", officer.ID))
	_, none, _ := staff.get(fmt.Sprintf("/council/monev?officer=%d", otherOfficer.ID))
	if !strings.Contains(mine, page+"\"") || strings.Contains(none, page+"\"") {
		t.Error("the officer filter does not select the officer's visits")
	}

	// A draft of the same period, with a constraint of its own, is no
	// part of the summary.
	draft := fmt.Sprintf("/council/monev/%d", startVisit(t, staff, mustArtisan(t, s, "tenun-ayu").ID, day))
	form.Set("csrf_token", staff.csrf(draft))
	form.Set("constraint_category", "capital")
	if status, body, _ := staff.post(draft, form); status != http.StatusSeeOther {
		t.Fatalf("save the draft = %d\n%s", status, body)
	}
	query := "/council/monev/summary?period=custom&from=" + today.AddDate(0, 0, -60).Format("2006-01-02") + "&to=" + today.Format("2006-01-02")
	status, body, _ := staff.get(query + "&format=pdf")
	if status != 200 {
		t.Fatalf("summary PDF = %d", status)
	}
	text := reporttest.PDFText(t, []byte(body))
	for _, want := range []string{"Ringkasan monev", "1 kunjungan; 1 tindak lanjut dibuka dan 0 diselesaikan", "Bahan baku", "Perak Sari", "Rp 0"} {
		if !strings.Contains(text, want) {
			t.Errorf("summary PDF lacks %q; it reads:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Tenun Ayu") {
		t.Error("the summary counts a draft")
	}
	_, summary, _ := staff.get(query)
	if !strings.Contains(summary, "Rp 0") || strings.Contains(summary, "Tenun Ayu") {
		t.Error("the summary page does not write rupiah, or counts a draft")
	}
	status, body, _ = staff.get(query + "&format=xlsx")
	f, err := excelize.OpenReader(strings.NewReader(body))
	if status != 200 || err != nil {
		t.Fatalf("summary XLSX = %d, %v", status, err)
	}
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"Ringkasan", "Kunjungan", "Kendala", "Omzet sebelum-sesudah"}) {
		t.Errorf("the summary's sheets are %q", sheets)
	}
	rows, _ := f.GetRows("Kendala")
	found := false
	for _, r := range rows {
		found = found || (len(r) >= 3 && r[0] == "Bahan baku" && r[1] == "1" && r[2] == "1")
		if len(r) >= 2 && r[0] == "Permodalan" && r[1] != "0" {
			t.Errorf("the summary counts the draft's constraint: %q", r)
		}
	}
	if !found {
		t.Errorf("the summary's Kendala sheet lacks one high raw-materials constraint: %q", rows)
	}
	if v, _ := f.GetCellValue("Omzet sebelum-sesudah", "C2"); v != "Rp 0" {
		t.Errorf("the amount before the visit shows as %q, want Rp 0", v)
	}
}

// A team is made of officers: a buyer's account cannot be put on it, and
// the refused form shows everything typed again.
func TestMonevTeamIsOfficersOnly(t *testing.T) {
	s := newSite(t, "sqlite")
	staff := s.as(account.RoleStaff, "")
	buyer := userOf(t, s, s.as(account.RoleBuyer, ""))
	sari := mustArtisan(t, s, "perak-sari")
	id := startVisit(t, staff, sari.ID, "2026-11-27")
	form := visitForm(staff, buyer.ID)
	form.Set("workers_total", "enam")
	status, body, _ := staff.post(fmt.Sprintf("/council/monev/%d", id), form)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("a buyer on the team = %d, want 422", status)
	}
	for _, want := range []string{"Pilih minimal satu petugas", "Tulis angka bulat", `value="enam"`, "Harga perak naik dan pasokan terlambat", "Bidang Pemasaran"} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if v, _ := s.store.Visit(t.Context(), id); len(v.Constraints) != 0 {
		t.Error("a refused form was saved")
	}
}
