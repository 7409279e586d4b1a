package i18n

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func messageIDs(t *testing.T, lang string) map[string]bool {
	t.Helper()
	b, err := locales.ReadFile("locales/" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for id := range m {
		ids[id] = true
	}
	return ids
}

// Both languages have every message.
func TestLanguagesHaveTheSameMessages(t *testing.T) {
	id, en := messageIDs(t, "id"), messageIDs(t, "en")
	for k := range id {
		if !en[k] {
			t.Errorf("%s is missing in English", k)
		}
	}
	for k := range en {
		if !id[k] {
			t.Errorf("%s is missing in Bahasa Indonesia", k)
		}
	}
}

// Every message a template or handler asks for by a literal id exists, so
// no page shows a bare id to a buyer.
func TestEveryUsedMessageExists(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`\.T "([a-z_.]+)"|\.T\("([a-z_.]+)"`)
	prefixes := regexp.MustCompile(`\.T\("([a-z_.]+\.)"\s*\+`)
	root := "../.."
	ids := messageIDs(t, "id")
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".go")) || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range used.FindAllStringSubmatch(string(src), -1) {
			id := m[1] + m[2]
			if strings.HasSuffix(id, ".") {
				continue // a prefix, checked below
			}
			checked++
			for _, lang := range Languages {
				if !b.For(lang).Has(id) {
					t.Errorf("%s uses %q, missing in %s", path, id, lang)
				}
			}
		}
		for _, m := range prefixes.FindAllStringSubmatch(string(src), -1) {
			found := false
			for id := range ids {
				found = found || strings.HasPrefix(id, m[1])
			}
			if !found {
				t.Errorf("%s builds ids from %q, and none exists", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Errorf("found only %d message uses; is the pattern still right?", checked)
	}
}

func TestFormats(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	id, en := b.For("id"), b.For("en")
	tests := []struct{ got, want string }{
		{id.Rupiah(1_250_000), "Rp 1.250.000"},
		{id.Rupiah(0), "Rp 0"},
		{en.Rupiah(1_250_000), "Rp 1,250,000"},
		{id.Number(12345), "12.345"},
		// 23:30 UTC is already the next day in Bali.
		{id.Date(time.Date(2026, 8, 16, 23, 30, 0, 0, time.UTC)), "17 Agu 2026"},
		{en.Date(time.Date(2026, 8, 16, 23, 30, 0, 0, time.UTC)), "17 Aug 2026"},
		{id.LongDate(time.Date(2022, 8, 4, 9, 0, 0, 0, time.UTC)), "Kamis, 4 Agustus 2022"},
		{en.LongDate(time.Date(2022, 8, 4, 9, 0, 0, 0, time.UTC)), "Thursday, 4 August 2022"},
		{id.FullDate(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)), "5 Desember 2026"},
		// Sunday 31 December in UTC is already Monday 1 January in Bali.
		{id.LongDate(time.Date(2023, 12, 31, 16, 0, 0, 0, time.UTC)), "Senin, 1 Januari 2024"},
		{id.LongDateTime(time.Date(2022, 8, 4, 6, 5, 0, 0, time.UTC)), "Kamis, 4 Agustus 2022 pukul 14.05 WITA"},
		{en.LongDateTime(time.Date(2022, 8, 4, 6, 5, 0, 0, time.UTC)), "Thursday, 4 August 2022, 14:05 WITA"},
		{id.T("catalog.results", "Count", 3), "3 produk"},
		{en.T("catalog.results", "Count", 1), "1 product"},
		{en.T("catalog.results", "Count", 3), "3 products"},
		{b.For("fr").T("nav.all"), "Semua produk"},
		{id.T("no.such.message"), "no.such.message"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
