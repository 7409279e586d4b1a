package order

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// denpasarAddress is a complete, valid domestic address to vary in tests.
func denpasarAddress() Address {
	return Address{
		Street:     "Jl. Gajah Mada No. 12",
		Notes:      "Rumah pintu hijau",
		Kelurahan:  "Dauh Puri Kangin",
		Kecamatan:  "Denpasar Barat",
		City:       "Kota Denpasar",
		Province:   "Bali",
		PostalCode: "80112",
		Country:    "ID",
	}
}

// sydneyAddress is a complete, valid foreign address to vary in tests.
func sydneyAddress() Address {
	return Address{
		Street:     "1 Macquarie Street",
		City:       "Sydney",
		Province:   "NSW",
		PostalCode: "2000",
		Country:    "AU",
	}
}

func TestNormalizeValid(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want Address
	}{
		{"denpasar", denpasarAddress(), denpasarAddress()},
		{"sydney", sydneyAddress(), sydneyAddress()},
		{"trims spaces and upper-cases the country",
			Address{Street: "  Jl. Raya Ubud 5 ", Kelurahan: " Ubud", Kecamatan: "Ubud ", City: " Gianyar ",
				Province: " bali ", PostalCode: " 80571 ", Country: " id "},
			Address{Street: "Jl. Raya Ubud 5", Kelurahan: "Ubud", Kecamatan: "Ubud", City: "Gianyar",
				Province: "Bali", PostalCode: "80571", Country: "ID"}},
		{"lower-case province", with(denpasarAddress(), func(a *Address) { a.Province = "dki jakarta" }),
			with(denpasarAddress(), func(a *Address) { a.Province = "DKI Jakarta" })},
		{"official long province name", with(denpasarAddress(), func(a *Address) { a.Province = "Daerah Istimewa Yogyakarta" }),
			with(denpasarAddress(), func(a *Address) { a.Province = "DI Yogyakarta" })},
		{"foreign without postal code or province", Address{Street: "Jalan 1", City: "Hong Kong", Country: "hk"},
			Address{Street: "Jalan 1", City: "Hong Kong", Country: "HK"}},
		{"foreign province is free text", with(sydneyAddress(), func(a *Address) { a.Province = "bali" }),
			with(sydneyAddress(), func(a *Address) { a.Province = "bali" })},
		{"limits are inclusive and count characters",
			with(denpasarAddress(), func(a *Address) {
				a.Street = strings.Repeat("é", 300)
				a.Notes = strings.Repeat("n", 500)
				a.City = strings.Repeat("c", 100)
			}),
			with(denpasarAddress(), func(a *Address) {
				a.Street = strings.Repeat("é", 300)
				a.Notes = strings.Repeat("n", 500)
				a.City = strings.Repeat("c", 100)
			})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := tt.in.Normalize()
			if errs != nil {
				t.Fatalf("errors %v, want none", errs)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNormalizeErrors(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		in   Address
		want map[string]string
	}{
		{"empty domestic", Address{Country: "ID"}, map[string]string{
			"street": MsgAddressRequired, "city": MsgAddressRequired, "kecamatan": MsgAddressRequired,
			"kelurahan": MsgAddressRequired, "province": MsgAddressRequired, "postal_code": MsgAddressRequired}},
		{"blank is empty", with(denpasarAddress(), func(a *Address) { a.Street = "   " }),
			map[string]string{"street": MsgAddressRequired}},
		{"no country", with(sydneyAddress(), func(a *Address) { a.Country = "" }),
			map[string]string{"country": MsgAddressRequired}},
		{"unknown country", with(sydneyAddress(), func(a *Address) { a.Country = "XX" }),
			map[string]string{"country": MsgAddressCountry}},
		{"country by name", with(sydneyAddress(), func(a *Address) { a.Country = "Australia" }),
			map[string]string{"country": MsgAddressCountry}},
		{"unknown province", with(denpasarAddress(), func(a *Address) { a.Province = "Bali Utara" }),
			map[string]string{"province": MsgAddressProvince}},
		{"postal code too short", with(denpasarAddress(), func(a *Address) { a.PostalCode = "8011" }),
			map[string]string{"postal_code": MsgAddressPostalCode}},
		{"postal code too long", with(denpasarAddress(), func(a *Address) { a.PostalCode = "801120" }),
			map[string]string{"postal_code": MsgAddressPostalCode}},
		{"postal code not digits", with(denpasarAddress(), func(a *Address) { a.PostalCode = "8011a" }),
			map[string]string{"postal_code": MsgAddressPostalCode}},
		{"postal code with non-ASCII digits", with(denpasarAddress(), func(a *Address) { a.PostalCode = "٨٠١١٢" }),
			map[string]string{"postal_code": MsgAddressPostalCode}},
		{"domestic too long", with(denpasarAddress(), func(a *Address) {
			a.Street, a.Notes, a.City, a.Kecamatan, a.Kelurahan = long(301), long(501), long(101), long(101), long(101)
		}), map[string]string{"street": MsgAddressTooLong, "notes": MsgAddressTooLong, "city": MsgAddressTooLong,
			"kecamatan": MsgAddressTooLong, "kelurahan": MsgAddressTooLong}},
		{"foreign too long", with(sydneyAddress(), func(a *Address) {
			a.Province, a.PostalCode, a.Kecamatan, a.Kelurahan = long(101), long(21), long(101), long(101)
		}), map[string]string{"province": MsgAddressTooLong, "postal_code": MsgAddressTooLong,
			"kecamatan": MsgAddressTooLong, "kelurahan": MsgAddressTooLong}},
		{"foreign needs street and city", Address{Country: "SG"},
			map[string]string{"street": MsgAddressRequired, "city": MsgAddressRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := tt.in.Normalize()
			if !maps.Equal(errs, tt.want) {
				t.Errorf("errors %v, want %v", errs, tt.want)
			}
		})
	}
}

func TestNormalizeKeepsValuesWhenInvalid(t *testing.T) {
	got, errs := Address{Street: " Jl. Sudirman ", Province: "jawa barat", Country: "id"}.Normalize()
	if errs == nil {
		t.Fatal("want errors")
	}
	if got.Street != "Jl. Sudirman" || got.Province != "Jawa Barat" || got.Country != "ID" {
		t.Errorf("got %+v, want trimmed values to re-show in the form", got)
	}
}

func TestRegion(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want string
	}{
		{"denpasar", denpasarAddress(), "bali"},
		{"not normalised", with(denpasarAddress(), func(a *Address) { a.Province, a.Country = " bali", "id" }), "bali"},
		{"surabaya", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Kota Surabaya", "Jawa Timur" }), "indonesia"},
		{"sydney", sydneyAddress(), "abroad"},
		{"abroad with a province named bali", with(sydneyAddress(), func(a *Address) { a.Province = "Bali" }), "abroad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Region(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want []string
	}{
		{"denpasar", denpasarAddress(), []string{
			"Jl. Gajah Mada No. 12", "Dauh Puri Kangin, Denpasar Barat", "Kota Denpasar 80112", "Bali", "Indonesia"}},
		{"sydney", sydneyAddress(), []string{"1 Macquarie Street", "Sydney 2000", "NSW", "Australia"}},
		{"no blank lines", Address{Street: "Jalan 1", City: "Hong Kong", Country: "HK"},
			[]string{"Jalan 1", "Hong Kong", "Hong Kong"}},
		{"only a kecamatan", Address{Street: "Jalan 1", Kecamatan: "Kuta", City: "Badung", Country: "ID"},
			[]string{"Jalan 1", "Kuta", "Badung", "Indonesia"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProvinces(t *testing.T) {
	if len(Provinces) != 38 {
		t.Errorf("%d provinces, want 38", len(Provinces))
	}
	if !slices.IsSortedFunc(Provinces, func(a, b Province) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("provinces not in code order")
	}
	for _, p := range Provinces {
		if !isDigits(p.Code, 2) {
			t.Errorf("province %q has code %q", p.Name, p.Code)
		}
	}
	for alias, code := range provinceAliases {
		if p, ok := findProvince(alias); !ok || p.Code != code {
			t.Errorf("alias %q finds %v, want code %s", alias, p, code)
		}
	}
}

func TestCountries(t *testing.T) {
	if Countries[0].Code != Indonesia {
		t.Errorf("first country %v, want Indonesia", Countries[0])
	}
	rest := Countries[1:]
	if !sort.SliceIsSorted(rest, func(i, j int) bool { return rest[i].Name < rest[j].Name }) {
		t.Error("countries after Indonesia not sorted by name")
	}
	seen := map[string]bool{}
	for _, c := range Countries {
		if len(c.Code) != 2 || strings.ToUpper(c.Code) != c.Code || seen[c.Code] {
			t.Errorf("bad or repeated code %q", c.Code)
		}
		seen[c.Code] = true
	}
}

// with returns a copy of a changed by change, to vary a valid address one
// field at a time.
func with(a Address, change func(*Address)) Address {
	change(&a)
	return a
}
