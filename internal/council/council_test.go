package council_test

import (
	"testing"
	"time"

	"kriya/internal/council"
)

func TestSchemeNumbersDocuments(t *testing.T) {
	december := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		scheme council.Scheme
		seq    int
		want   string
	}{
		{"{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}", 5, "005/MONEV/DEKRANASDA-DPS/XII/2026"},
		{"{seq}/MONEV/{month:02}.{year}", 12, "12/MONEV/12.2026"},
		{"B-{seq:04}/{month}/{year}", 1234, "B-1234/12/2026"},
		{"{seq:02}/{year}", 123, "123/2026"}, // a width is a minimum, never a cut
		{council.DefaultScheme, 1, "001/MONEV/DEKRANASDA/XII/2026"},
	}
	for _, tt := range tests {
		if err := tt.scheme.Validate(); err != nil {
			t.Errorf("%q: %v", tt.scheme, err)
			continue
		}
		if got := tt.scheme.Format(tt.seq, december); got != tt.want {
			t.Errorf("%q with %d = %q, want %q", tt.scheme, tt.seq, got, tt.want)
		}
	}
	for _, bad := range []council.Scheme{
		"", "MONEV/{year}", "{seq}/MONEV", "{seq}/{seq}/{year}", "{seq}/{yaer}", "{seq:3}/{year}", "{seq:07}/{year}",
		"{seq}/{month:2}/{year}", "{seq}/{year", "{seq}}/{year}", "{seq}/{{year}}", "{seq}/{month_roman:02}/{year}",
		"{seq}/\n{year}", council.Scheme("{seq}/{year}/" + string(make([]byte, 100))),
	} {
		if bad.Validate() == nil {
			t.Errorf("%q is accepted", bad)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "2,5": 250, "2.5": 250, "2.25": 225, "10%": 1000, " 7 ": 700, "100": 10_000, "0,05": 5} {
		if bp, ok := council.ParsePercent(in); !ok || bp != want {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", in, bp, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "-1", "+5", "100.01", "101", "2.555", "2,5,1", "1e1", ",5"} {
		if bp, ok := council.ParsePercent(in); ok {
			t.Errorf("ParsePercent(%q) = %d, accepted", in, bp)
		}
	}
	for bp, want := range map[int]string{0: "0", 250: "2,5", 225: "2,25", 1000: "10", 5: "0,05"} {
		if got := council.PercentText(bp, true); got != want {
			t.Errorf("PercentText(%d) = %q, want %q", bp, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := council.FirstRun("BPD Bali 010.02.02.12345-6 a.n. Dekranasda Kota Denpasar", 250)
	if errs := good.Validate(); len(errs) != 0 {
		t.Fatalf("the first-run council is refused: %v", errs)
	}
	tests := map[string]struct {
		change func(*council.Council)
		field  string
	}{
		"no name":          {func(c *council.Council) { c.Name = "" }, "name"},
		"bad e-mail":       {func(c *council.Council) { c.Email = "dekranasda@" }, "email"},
		"bad scheme":       {func(c *council.Council) { c.NumberScheme = "MONEV/{year}" }, "number_scheme"},
		"long letterhead":  {func(c *council.Council) { c.Letterhead = []string{"A", "B", "C", "D", "E"} }, "letterhead"},
		"many accounts":    {func(c *council.Council) { c.BankAccounts = []string{"1", "2", "3", "4", "5", "6"} }, "bank_accounts"},
		"commission > 100": {func(c *council.Council) { c.CommissionBP = 10_001 }, "commission"},
	}
	for name, tt := range tests {
		c := good
		tt.change(&c)
		if errs := c.Validate(); errs[tt.field] == "" {
			t.Errorf("%s: no problem on %s (%v)", name, tt.field, errs)
		}
	}
	if !good.BankTransfers() || council.FirstRun("", 0).BankTransfers() {
		t.Error("bank transfer is offered exactly when there is an account")
	}
	if got := council.Lines(" PEMERINTAH KOTA DENPASAR \r\n\n DEKRANASDA \n"); len(got) != 2 || got[1] != "DEKRANASDA" {
		t.Errorf("Lines = %q", got)
	}
}
