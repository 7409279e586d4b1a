package order

import (
	"strings"
	"unicode/utf8"
)

// Address is where an order ships: what the buyer typed at checkout, and what
// the packing slip, the courier and the reports by region read later.
// Country is an ISO 3166-1 alpha-2 code ("ID" for Indonesia). For Indonesia,
// Province is a name from Provinces and Kelurahan/Kecamatan are required,
// because Indonesian couriers route by them; abroad, Province and City are
// free text and Kelurahan/Kecamatan are usually empty.
type Address struct {
	Street     string
	Notes      string // delivery instructions for the courier ("gang kecil, rumah cat biru")
	Kelurahan  string
	Kecamatan  string
	City       string
	Province   string
	PostalCode string
	Country    string
}

// Province is an Indonesian province with its two-digit Kemendagri/BPS code,
// the prefix of every regency, kecamatan and desa code inside it, so an
// address can be tied to the wilayah reference data and to shipping zones.
type Province struct {
	Code string
	Name string
}

// Provinces lists Indonesia's 38 provinces in code order, as the address form
// offers them; Address.Normalize accepts only these names (ignoring case).
// Codes and order match Kepmendagri 300.2.2-2138/2025 (the wilayah reference
// data), which includes the four Papua provinces created in 2022 (93–96);
// names use the usual short forms DKI Jakarta and DI Yogyakarta.
var Provinces = []Province{
	{"11", "Aceh"},
	{"12", "Sumatera Utara"},
	{"13", "Sumatera Barat"},
	{"14", "Riau"},
	{"15", "Jambi"},
	{"16", "Sumatera Selatan"},
	{"17", "Bengkulu"},
	{"18", "Lampung"},
	{"19", "Kepulauan Bangka Belitung"},
	{"21", "Kepulauan Riau"},
	{"31", "DKI Jakarta"},
	{"32", "Jawa Barat"},
	{"33", "Jawa Tengah"},
	{"34", "DI Yogyakarta"},
	{"35", "Jawa Timur"},
	{"36", "Banten"},
	{"51", "Bali"},
	{"52", "Nusa Tenggara Barat"},
	{"53", "Nusa Tenggara Timur"},
	{"61", "Kalimantan Barat"},
	{"62", "Kalimantan Tengah"},
	{"63", "Kalimantan Selatan"},
	{"64", "Kalimantan Timur"},
	{"65", "Kalimantan Utara"},
	{"71", "Sulawesi Utara"},
	{"72", "Sulawesi Tengah"},
	{"73", "Sulawesi Selatan"},
	{"74", "Sulawesi Tenggara"},
	{"75", "Gorontalo"},
	{"76", "Sulawesi Barat"},
	{"81", "Maluku"},
	{"82", "Maluku Utara"},
	{"91", "Papua"},
	{"92", "Papua Barat"},
	{"93", "Papua Selatan"},
	{"94", "Papua Tengah"},
	{"95", "Papua Pegunungan"},
	{"96", "Papua Barat Daya"},
}

// provinceAliases maps other names buyers and the wilayah reference data use
// (lower case) to the code of the province they mean, so "Daerah Istimewa
// Yogyakarta" or "Jakarta" is stored as the one canonical name.
var provinceAliases = map[string]string{
	"daerah khusus ibukota jakarta": "31",
	"daerah khusus jakarta":         "31", // the name since UU 2/2024
	"jakarta":                       "31",
	"daerah istimewa yogyakarta":    "34",
	"yogyakarta":                    "34",
	"diy":                           "34",
}

// Country is a destination a buyer can choose, by ISO 3166-1 alpha-2 code.
type Country struct {
	Code string
	Name string
}

// Countries lists the destinations the shop ships to: Indonesia first because
// most buyers are local, then the countries craft buyers and tourists come
// from, by English name. An address in any other country is rejected, so
// nobody pays for an order the council cannot send.
var Countries = []Country{
	{"ID", "Indonesia"},
	{"AU", "Australia"},
	{"AT", "Austria"},
	{"BE", "Belgium"},
	{"BR", "Brazil"},
	{"BN", "Brunei"},
	{"CA", "Canada"},
	{"CN", "China"},
	{"CZ", "Czechia"},
	{"DK", "Denmark"},
	{"FI", "Finland"},
	{"FR", "France"},
	{"DE", "Germany"},
	{"HK", "Hong Kong"},
	{"IN", "India"},
	{"IE", "Ireland"},
	{"IT", "Italy"},
	{"JP", "Japan"},
	{"MY", "Malaysia"},
	{"MX", "Mexico"},
	{"NL", "Netherlands"},
	{"NZ", "New Zealand"},
	{"NO", "Norway"},
	{"PH", "Philippines"},
	{"PL", "Poland"},
	{"PT", "Portugal"},
	{"QA", "Qatar"},
	{"RU", "Russia"},
	{"SA", "Saudi Arabia"},
	{"SG", "Singapore"},
	{"ZA", "South Africa"},
	{"KR", "South Korea"},
	{"ES", "Spain"},
	{"SE", "Sweden"},
	{"CH", "Switzerland"},
	{"TW", "Taiwan"},
	{"TH", "Thailand"},
	{"TL", "Timor-Leste"},
	{"AE", "United Arab Emirates"},
	{"GB", "United Kingdom"},
	{"US", "United States"},
	{"VN", "Vietnam"},
}

// baliCode is the province code of Bali, the council's home, which reports
// and shipping zones single out.
const baliCode = "51"

// Indonesia is the country code of domestic addresses, whose rules differ.
const Indonesia = "ID"

// Message ids of address problems, translated by the web layer.
const (
	MsgAddressRequired   = "address.required"
	MsgAddressTooLong    = "address.too_long"
	MsgAddressPostalCode = "address.postal_code"
	MsgAddressProvince   = "address.province"
	MsgAddressCountry    = "address.country"
)

// Normalize trims every field, upper-cases the country and writes the
// canonical province name of an Indonesian address, then checks the result.
// It returns the normalised address, even when invalid, so a form can be
// shown again with tidy values, and the problems as field → message id
// (fields: street, notes, kelurahan, kecamatan, city, province, postal_code,
// country), or nil when the address can be shipped to. Lengths count
// characters, not bytes, because names may contain non-ASCII letters.
func (a Address) Normalize() (Address, map[string]string) {
	n := Address{
		Street:     strings.TrimSpace(a.Street),
		Notes:      strings.TrimSpace(a.Notes),
		Kelurahan:  strings.TrimSpace(a.Kelurahan),
		Kecamatan:  strings.TrimSpace(a.Kecamatan),
		City:       strings.TrimSpace(a.City),
		Province:   strings.TrimSpace(a.Province),
		PostalCode: strings.TrimSpace(a.PostalCode),
		Country:    strings.ToUpper(strings.TrimSpace(a.Country)),
	}
	errs := map[string]string{}
	// fail keeps the first problem of a field: it is the one to fix first.
	fail := func(field, msg string) {
		if errs[field] == "" {
			errs[field] = msg
		}
	}
	text := func(field, value string, required bool, limit int) {
		switch {
		case value == "" && required:
			fail(field, MsgAddressRequired)
		case utf8.RuneCountInString(value) > limit:
			fail(field, MsgAddressTooLong)
		}
	}
	text("street", n.Street, true, 300)
	text("notes", n.Notes, false, 500)
	text("city", n.City, true, 100)
	switch {
	case n.Country == "":
		fail("country", MsgAddressRequired)
	case countryName(n.Country) == "":
		fail("country", MsgAddressCountry)
	}
	if n.Country == Indonesia {
		text("kecamatan", n.Kecamatan, true, 100)
		text("kelurahan", n.Kelurahan, true, 100)
		if p, ok := findProvince(n.Province); ok {
			n.Province = p.Name
		} else if n.Province == "" {
			fail("province", MsgAddressRequired)
		} else {
			fail("province", MsgAddressProvince)
		}
		switch {
		case n.PostalCode == "":
			fail("postal_code", MsgAddressRequired)
		case !isDigits(n.PostalCode, 5):
			fail("postal_code", MsgAddressPostalCode)
		}
	} else {
		text("kecamatan", n.Kecamatan, false, 100)
		text("kelurahan", n.Kelurahan, false, 100)
		text("province", n.Province, false, 100)
		text("postal_code", n.PostalCode, false, 20)
	}
	if len(errs) == 0 {
		return n, nil
	}
	return n, errs
}

// Region groups an address for sales reports: "bali" for the council's own
// island, "indonesia" for the rest of the country, "abroad" for export.
func (a Address) Region() string {
	if !a.domestic() {
		return "abroad"
	}
	if p, ok := findProvince(a.Province); ok && p.Code == baliCode {
		return "bali"
	}
	return "indonesia"
}

// Lines formats the address for a packing slip or an e-mail, one line per
// element in the Indonesian order: street; kelurahan, kecamatan; city and
// postal code; province; country. Empty elements leave no blank line. Notes
// are instructions for the courier, not part of the address, so the caller
// shows them apart.
func (a Address) Lines() []string {
	var lines []string
	add := func(parts []string, sep string) {
		var kept []string
		for _, p := range parts {
			if p = strings.TrimSpace(p); p != "" {
				kept = append(kept, p)
			}
		}
		if len(kept) > 0 {
			lines = append(lines, strings.Join(kept, sep))
		}
	}
	country := strings.ToUpper(strings.TrimSpace(a.Country))
	if name := countryName(country); name != "" {
		country = name
	}
	add([]string{a.Street}, "")
	add([]string{a.Kelurahan, a.Kecamatan}, ", ")
	add([]string{a.City, a.PostalCode}, " ")
	add([]string{a.Province}, "")
	add([]string{country}, "")
	return lines
}

// domestic reports whether the address is in Indonesia, tolerating an
// address that has not been through Normalize.
func (a Address) domestic() bool {
	return strings.EqualFold(strings.TrimSpace(a.Country), Indonesia)
}

// findProvince finds an Indonesian province by its name or a known alias,
// ignoring case and surrounding spaces.
func findProvince(name string) (Province, bool) {
	name = strings.TrimSpace(name)
	code, aliased := provinceAliases[strings.ToLower(name)]
	for _, p := range Provinces {
		if strings.EqualFold(p.Name, name) || (aliased && p.Code == code) {
			return p, true
		}
	}
	return Province{}, false
}

// countryName returns the English name of a country in Countries, or "" when
// the shop does not ship there.
func countryName(code string) string {
	for _, c := range Countries {
		if c.Code == code {
			return c.Name
		}
	}
	return ""
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
