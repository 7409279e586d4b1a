// Package council is the crafts council (Dekranasda) that runs the
// marketplace, as its office sets it up: the name and letterhead its
// documents carry, who signs them, how they are numbered, where buyers
// transfer money and the commission the council takes. Admins change it
// on its settings page; the environment only gives the first values.
package council

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kriya/internal/fault"
	"kriya/internal/validate"
)

// Home is the council this marketplace serves: the first row of councils,
// created at the first start. (Councils become a tree — city, province,
// national — each a row of its own; this one stays the marketplace's.)
const Home int64 = 1

// ErrNotFound means there is no such council.
var ErrNotFound error = fault.New(fault.NotFound, "", "council: no such council")

// Council is a council's settings.
type Council struct {
	ID      int64
	Name    string // "Dekranasda Kota Denpasar"
	City    string // where its documents are signed: "Denpasar"
	Address string
	Phone   string
	Email   string
	// LogoKey names the logo among stored photos (media.VariantKey gives
	// its sizes); empty when there is none.
	LogoKey string
	// Letterhead is the letterhead's lines above the address, e.g.
	// "PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA
	// DENPASAR"; none prints the name.
	Letterhead []string
	// HeadName and HeadPosition sign documents as the council's head
	// ("Ketua Harian").
	HeadName, HeadPosition string
	// NumberScheme numbers the council's documents (see Scheme).
	NumberScheme Scheme
	// BankAccounts are where buyers may send bank transfers, one account
	// a line; bank transfer is offered only when there is one.
	BankAccounts []string
	// CommissionBP is the council's share of artisans' sales, in basis
	// points, charged on each sale as it is credited.
	CommissionBP int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// DefaultScheme numbers documents until the office sets its own.
const DefaultScheme Scheme = "{seq:03}/MONEV/DEKRANASDA/{month_roman}/{year}"

// FirstRun is the council as the marketplace starts with it, before any
// admin has set it up: its account and commission come from the
// environment (KRIYA_BANK_ACCOUNT, KRIYA_COMMISSION_PERCENT).
func FirstRun(bankAccount string, commissionBP int) Council {
	c := Council{ID: Home, Name: "Dekranasda Kota Denpasar", City: "Denpasar", NumberScheme: DefaultScheme, CommissionBP: commissionBP}
	if bankAccount != "" {
		c.BankAccounts = []string{bankAccount}
	}
	return c
}

// BankTransfers reports whether buyers can pay by bank transfer: the
// council has an account for them.
func (c Council) BankTransfers() bool { return len(c.BankAccounts) > 0 }

// Limits of the settings: what a letterhead and a form can hold.
const (
	MaxLetterheadLines = 4
	MaxBankAccounts    = 5
)

// Validate names the problems of the settings by field, as message ids.
func (c Council) Validate() map[string]string {
	errs := map[string]string{}
	check := func(ok bool, field, msg string) {
		if !ok && errs[field] == "" {
			errs[field] = msg
		}
	}
	short := func(s string, n int) bool { return utf8.RuneCountInString(s) <= n && !strings.ContainsAny(s, "\r\n") }
	check(c.Name != "", "name", "form.required")
	check(short(c.Name, 200), "name", "form.too_long")
	check(short(c.City, 100), "city", "form.too_long")
	check(utf8.RuneCountInString(c.Address) <= 300, "address", "form.too_long")
	check(short(c.Phone, 60), "phone", "form.too_long")
	check(c.Email == "" || validate.Email(c.Email), "email", "form.email.invalid")
	check(len(c.Letterhead) <= MaxLetterheadLines, "letterhead", "council.error.letterhead")
	for _, line := range c.Letterhead {
		check(short(line, 100), "letterhead", "council.error.letterhead")
	}
	check(short(c.HeadName, 200), "head_name", "form.too_long")
	check(short(c.HeadPosition, 200), "head_position", "form.too_long")
	check(c.NumberScheme.Validate() == nil, "number_scheme", "council.error.scheme")
	check(len(c.BankAccounts) <= MaxBankAccounts, "bank_accounts", "council.error.bank_accounts")
	for _, a := range c.BankAccounts {
		check(short(a, 200), "bank_accounts", "council.error.bank_accounts")
	}
	check(c.CommissionBP >= 0 && c.CommissionBP <= 10_000, "commission", "council.error.commission")
	return errs
}

// Lines splits text typed one item a line (letterhead, bank accounts)
// into its non-blank lines, trimmed.
func Lines(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// ParsePercent reads a percentage as people type it — "2,5", "2.5",
// "10%" — into basis points (250, 1000), from 0 to 100 with at most two
// decimals. It is how the settings page and KRIYA_COMMISSION_PERCENT read
// the commission.
func ParsePercent(s string) (bp int, ok bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, _ := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if whole == "" || len(whole) > 3 || len(frac) > 2 || strings.ContainsAny(whole+frac, "+-") {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil {
		return 0, false
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi(frac); err != nil {
			return 0, false
		}
		if len(frac) == 1 {
			f *= 10
		}
	}
	bp = w*100 + f
	return bp, bp <= 10_000
}

// PercentText writes basis points as the settings page shows them: "2,5"
// (Indonesian) or "2.5".
func PercentText(bp int, decimalComma bool) string {
	s := strconv.Itoa(bp / 100)
	if f := bp % 100; f != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%02d", f), "0")
	}
	if decimalComma {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
