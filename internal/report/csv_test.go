package report

import (
	"bytes"
	"testing"
)

func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)":      "'=SUM(A1)",
		"+6281234":      "'+6281234",
		"-2+3":          "'-2+3",
		"@SUM(A1)":      "'@SUM(A1)",
		"\t=1":          "'\t=1",
		"\r=1":          "'\r=1",
		"Café":          "Café",
		"":              "",
		"I Made = Kayu": "I Made = Kayu",
		"'quoted":       "'quoted",
	} {
		if got := Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// Amounts stay numbers a spreadsheet sums, negative ones too; text that
// would run as a formula does not.
func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, []string{"Saldo, Perak Sari", "1 Nov 2026 – 30 Nov 2026"}, []string{"Jenis", "Jumlah (Rp)"},
		[][]string{{"Komisi", "-17000"}, {"=HYPERLINK(\"x\")", "250000"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFF\"# Saldo, Perak Sari\"\r\n# 1 Nov 2026 – 30 Nov 2026\r\n\r\nJenis,Jumlah (Rp)\r\nKomisi,-17000\r\n\"'=HYPERLINK(\"\"x\"\")\",250000\r\n"
	if got := buf.String(); got != want {
		t.Errorf("WriteCSV =\n%q\nwant\n%q", got, want)
	}
}
