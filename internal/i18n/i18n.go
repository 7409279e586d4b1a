// Package i18n speaks the storefront's two languages: Bahasa Indonesia, the
// default, and English. Messages live in locales/*.json; amounts and dates
// are formatted the way each language writes them.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales/*.json
var locales embed.FS

// Languages the storefront speaks; the first is the default.
var Languages = []string{"id", "en"}

// Default is the language of a visitor who has not chosen one.
const Default = "id"

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return lang == "id" || lang == "en" }

// WITA is Bali's time zone: times are stored in UTC and shown in WITA.
var WITA = time.FixedZone("WITA", 8*60*60)

// Bundle holds every message in every language, loaded once at start.
type Bundle struct {
	bundle     *i18n.Bundle
	localizers map[string]*Localizer
}

// NewBundle loads the embedded messages.
func NewBundle() (*Bundle, error) {
	b := i18n.NewBundle(language.Indonesian)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	for _, lang := range Languages {
		if _, err := b.LoadMessageFileFS(locales, "locales/"+lang+".json"); err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
	}
	bundle := &Bundle{bundle: b, localizers: map[string]*Localizer{}}
	for _, lang := range Languages {
		tag := language.Make(lang)
		bundle.localizers[lang] = &Localizer{
			Lang:    lang,
			l:       i18n.NewLocalizer(b, lang),
			printer: message.NewPrinter(tag),
		}
	}
	return bundle, nil
}

// For returns the localizer of lang, or of the default language.
func (b *Bundle) For(lang string) *Localizer {
	if l, ok := b.localizers[lang]; ok {
		return l
	}
	return b.localizers[Default]
}

// Localizer writes messages, amounts and dates in one language.
type Localizer struct {
	Lang    string
	l       *i18n.Localizer
	printer *message.Printer
}

// T returns the message id with its {{.Name}} placeholders filled from
// name/value pairs: T("results", "Count", 12). A missing message shows its
// id, which a test catches before users do.
func (l *Localizer) T(id string, pairs ...any) string {
	var data map[string]any
	var count any
	if len(pairs) > 0 {
		data = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			name := fmt.Sprint(pairs[i])
			data[name] = pairs[i+1]
			if name == "Count" {
				count = pairs[i+1]
			}
		}
	}
	s, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether a message exists in this language.
func (l *Localizer) Has(id string) bool {
	_, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// Rupiah formats an amount as Indonesians write it: "Rp 1.250.000". English
// pages group thousands with commas, as their readers expect.
func (l *Localizer) Rupiah(amount int64) string {
	return l.printer.Sprintf("Rp %d", amount)
}

// Percent formats a fraction as a percentage with one decimal, in the
// language's notation: 0.125 is "12,5%" in Indonesian, "12.5%" in English.
func (l *Localizer) Percent(f float64) string { return l.printer.Sprintf("%.1f%%", f*100) }

// Number formats a count with the language's thousands separator.
func (l *Localizer) Number(n int64) string { return l.printer.Sprintf("%d", n) }

// Decimal formats a measure with one decimal in the language's notation:
// 2.5 is "2,5" in Indonesian.
func (l *Localizer) Decimal(f float64) string { return l.printer.Sprintf("%.1f", f) }

// Date formats a time as a day in Bali: "27 Nov 2026".
func (l *Localizer) Date(t time.Time) string { return l.day(t, monthsID, monthsEN) }

// day writes a day in Bali with the language's month names.
func (l *Localizer) day(t time.Time, id, en [12]string) string {
	t = t.In(WITA)
	months := id
	if l.Lang == "en" {
		months = en
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DateTime formats a time in Bali to the minute: "27 Nov 2026 14:05".
func (l *Localizer) DateTime(t time.Time) string {
	return l.Date(t) + t.In(WITA).Format(" 15:04")
}

// LongDate writes a day in Bali out in full, as reports date what
// happened: "Kamis, 4 Agustus 2022", "Thursday, 4 August 2022".
func (l *Localizer) LongDate(t time.Time) string {
	days := daysID
	if l.Lang == "en" {
		days = daysEN
	}
	return days[t.In(WITA).Weekday()] + ", " + l.FullDate(t)
}

// FullDate writes a day in Bali with its month in full, as a letter is
// dated under its place: "4 Agustus 2022", "4 August 2022".
func (l *Localizer) FullDate(t time.Time) string { return l.day(t, longMonthsID, longMonthsEN) }

// LongDateTime writes a moment in Bali out in full, to the minute, as an
// office records when something was done: "Kamis, 4 Agustus 2022 pukul
// 14.05 WITA" (Indonesian writes hours and minutes with a dot),
// "Thursday, 4 August 2022, 14:05 WITA".
func (l *Localizer) LongDateTime(t time.Time) string {
	t = t.In(WITA)
	if l.Lang == "en" {
		return l.LongDate(t) + t.Format(", 15:04 WITA")
	}
	return l.LongDate(t) + t.Format(" pukul 15.04 WITA")
}

var (
	monthsID     = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
	monthsEN     = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	longMonthsID = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	longMonthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	daysID       = [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"}
	daysEN       = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
)
