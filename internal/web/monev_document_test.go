package web_test

import (
	"fmt"
	"image/color"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/monev"
	"kriya/internal/store"
)

// poppler finds a tool of Debian's poppler-utils (pdftoppm, pdftotext),
// which read a PDF as its readers' viewers do. Under CI=true a missing
// tool fails the test (.ci/run installs the package); elsewhere the test
// is skipped with the reason.
func poppler(t *testing.T, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not installed: the PDF cannot be read as a reader sees it (.ci/run installs Debian's poppler-utils)", tool)
	}
	t.Skipf("%s is not installed (apt-get install poppler-utils): skipping the look at the PDF", tool)
	return ""
}

// officer is a staff member as the admin creates them, with a name and a
// position, signed in on a browser of their own.
func officer(t *testing.T, s, admin *site, name, position string) (*site, account.User) {
	t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@dekranasda.test"
	status, _, _ := admin.post("/admin/users", url.Values{"csrf_token": {admin.csrf("/admin/users")}, "name": {name}, "position": {position},
		"email": {email}, "role": {account.RoleStaff}, "password": {testPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("create %s = %d", name, status)
	}
	b := s.as("", "")
	if status := b.login(email, testPassword); status != http.StatusSeeOther {
		t.Fatalf("%s signs in = %d", name, status)
	}
	return b, mustUser(t, s, email)
}

var romanMonths = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"}

// The record an office files: a visit is recorded by one officer with a
// colleague, photographed, submitted, verified by the colleague and
// locked by an admin. Its PDF — downloaded from the link on the record's
// page — carries the council's letterhead, the number the verification
// gave it, the visit's date written out, who submitted and verified it,
// the photographs' captions and the signature blocks, and no system
// words; an unanswered question prints "—". The PDF's pages are saved as
// PNG beside the browser journeys' screenshots, to look at. The print
// page shows the same.
func TestMonevReportIsAnOfficeDocument(t *testing.T) {
	pdftoppm, pdftotext := poppler(t, "pdftoppm"), poppler(t, "pdftotext")
	s := newSite(t, store.SQLite)
	admin := s.as(account.RoleAdmin, "")
	settings := councilSettings(admin)
	if status, body, _ := admin.postMultipart("/admin/council", settings, upload{"logo", "lambang.png", logoPNG(t)}); status != http.StatusSeeOther {
		t.Fatalf("set the council up = %d\n%s", status, body)
	}
	wayanB, wayan := officer(t, s, admin, "I Wayan Darmaputra", "Kepala Seksi Pembinaan Perajin")
	luhB, luh := officer(t, s, admin, "Ni Luh Putu Ayu Lestari", "Staf Bidang Pemasaran")

	sari := mustArtisan(t, s, "perak-sari")
	id := startVisit(t, wayanB, sari.ID, "2026-11-27")
	page := fmt.Sprintf("/council/monev/%d", id)
	form := visitForm(wayanB, wayan.ID)
	form.Set(fmt.Sprintf("team_%d", luh.ID), "member")
	form.Set("workers_family", "")   // not answered
	form.Del("market_national")      // not answered
	form.Set("turnover_export", "0") // answered: none
	if status, body, _ := wayanB.post(page, form); status != http.StatusSeeOther {
		t.Fatalf("save the record = %d\n%s", status, body)
	}
	for _, photo := range []struct {
		name, caption string
		colour        color.RGBA
	}{
		{"bengkel.jpg", "Proses pengecoran perak di bengkel Perak Sari", color.RGBA{170, 150, 120, 255}},
		{"etalase.jpg", "Etalase cincin dan anting motif Jawan", color.RGBA{120, 140, 170, 255}},
	} {
		status, _, _ := wayanB.postMultipart(page+"/attachments", url.Values{"csrf_token": {wayanB.csrf(page)}, "kind": {"photo"}, "caption": {photo.caption}},
			upload{"file", photo.name, jpegBytes(t, 640, photo.colour)})
		if status != http.StatusSeeOther {
			t.Fatalf("attach %s = %d", photo.name, status)
		}
	}
	act := func(b *site, action string) {
		t.Helper()
		if status, _, _ := b.post(page+"/status", url.Values{"csrf_token": {b.csrf(page)}, "action": {action}}); status != http.StatusSeeOther {
			t.Fatalf("%s = %d", action, status)
		}
	}
	act(wayanB, monev.ActionSubmit)
	act(luhB, monev.ActionVerify)
	act(admin, monev.ActionLock)

	verified := time.Now().In(time.FixedZone("WITA", 8*3600))
	number := fmt.Sprintf("001/MONEV/DEKRANASDA-DPS/%s/%d", romanMonths[verified.Month()-1], verified.Year())
	_, record, _ := wayanB.get(page)
	if !strings.Contains(record, number) {
		t.Errorf("the record's page does not show its number %s", number)
	}
	link := regexp.MustCompile(`href="([^"]*/pdf)"`).FindStringSubmatch(record)
	if link == nil {
		t.Fatal("the record's page has no link to its PDF")
	}
	status, pdf, h := wayanB.get(link[1])
	if status != http.StatusOK || h.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the PDF = %d %s", status, h.Get("Content-Type"))
	}

	// The PDF's pages as pictures, beside the journeys' screenshots.
	dir := screenshotDir(t)
	file := filepath.Join(dir, "monev-laporan.pdf")
	if err := os.WriteFile(file, []byte(pdf), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pdftoppm, "-png", "-r", "110", file, filepath.Join(dir, "monev-laporan")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	if pages, _ := filepath.Glob(filepath.Join(dir, "monev-laporan-*.png")); len(pages) == 0 {
		t.Error("pdftoppm wrote no page")
	} else {
		t.Logf("the report's pages: %s", strings.Join(pages, " "))
	}

	out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	// pdftotext -layout spaces columns out; one space is enough to match.
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR", "Jl. Surapati No. 7", "Telp. (0361) 222 333",
		"LAPORAN HASIL MONITORING DAN EVALUASI", "Nomor: " + number, "Perajin binaan: Perak Sari",
		"Jumat, 27 November 2026", // the visit's day, written out
		"I Wayan Darmaputra", "Kepala Seksi Pembinaan Perajin", "Ni Luh Putu Ayu Lestari", "Staf Bidang Pemasaran",
		"Disusun dan diajukan oleh : I Wayan Darmaputra,", "Diperiksa dan diverifikasi oleh : Ni Luh Putu Ayu Lestari,",
		"Foto 1. Proses pengecoran perak di bengkel Perak Sari", "Foto 2. Etalase cincin dan anting motif Jawan",
		"Pangsa Kriya dalam omzet perajin",
		"Keluarga : —", "Menjual ke luar Bali (nasional) : —", "Omzet ekspor : Rp 0",
		"Mengetahui,", "Ketua Harian Dekranasda Kota Denpasar", "Ni Made Sri Wahyuni", "Petugas,",
		"Denpasar, " + fmt.Sprintf("%d %s %d", verified.Day(), []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
			"Agustus", "September", "Oktober", "November", "Desember"}[verified.Month()-1], verified.Year()),
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF lacks %q; pdftotext reads:\n%s", want, text)
		}
	}
	for _, jargon := range []string{"Dikunci", "Draf", "draft", "locked", "verified", "submitted"} {
		if strings.Contains(text, jargon) {
			t.Errorf("the PDF speaks the system's language: %q", jargon)
		}
	}

	// The print page, from the record's link, is the same document.
	printLink := regexp.MustCompile(`href="([^"]*/print)"`).FindStringSubmatch(record)
	if printLink == nil {
		t.Fatal("the record's page has no link to its print")
	}
	_, printed, _ := wayanB.get(printLink[1])
	for _, want := range []string{"PEMERINTAH KOTA DENPASAR", ">Jl. Surapati No. 7, Dangin Puri Kangin, Denpasar Utara 80232<", number, "Jumat, 27 November 2026", "I Wayan Darmaputra", "Ni Luh Putu Ayu Lestari",
		"Etalase cincin dan anting motif Jawan", `<img src="/council/monev/`, "Mengetahui,", "Ni Made Sri Wahyuni", `class="letterhead-logo" src="/media/council/`} {
		if !strings.Contains(printed, want) {
			t.Errorf("the print page lacks %q", want)
		}
	}
	if strings.Contains(printed, "Dikunci") {
		t.Error("the print page says Dikunci")
	}
}
