package order

import (
	"errors"
	"strings"
	"testing"
)

func TestZoneOf(t *testing.T) {
	tests := []struct {
		name string
		in   Address
		want string
	}{
		{"denpasar", denpasarAddress(), ZoneDenpasar},
		{"denpasar, any case", with(denpasarAddress(), func(a *Address) { a.City = "DENPASAR" }), ZoneDenpasar},
		{"badung", with(denpasarAddress(), func(a *Address) { a.City = "Kabupaten Badung" }), ZoneBali},
		{"surabaya", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Kota Surabaya", "Jawa Timur" }), ZoneJava},
		{"jakarta", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Jakarta Selatan", "DKI Jakarta" }), ZoneJava},
		{"banten", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Kota Tangerang", "Banten" }), ZoneJava},
		{"makassar", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Kota Makassar", "Sulawesi Selatan" }), ZoneIndonesia},
		{"lombok", with(denpasarAddress(), func(a *Address) { a.City, a.Province = "Kota Mataram", "Nusa Tenggara Barat" }), ZoneIndonesia},
		{"sydney", sydneyAddress(), ZoneInternational},
		{"a Denpasar abroad", with(sydneyAddress(), func(a *Address) { a.City, a.Province = "Denpasar", "Bali" }), ZoneInternational},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ZoneOf(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// testRates is a full table: three tiers in every zone but pickup.
func testRates() RateTable {
	return RateTable{
		{Zone: ZoneDenpasar, MaxGrams: 1000, Fee: 15_000},
		{Zone: ZoneDenpasar, MaxGrams: 3000, Fee: 25_000},
		{Zone: ZoneDenpasar, MaxGrams: 10_000, Fee: 50_000},
		{Zone: ZoneBali, MaxGrams: 1000, Fee: 25_000},
		{Zone: ZoneBali, MaxGrams: 3000, Fee: 40_000},
		{Zone: ZoneBali, MaxGrams: 10_000, Fee: 80_000},
		{Zone: ZoneJava, MaxGrams: 1000, Fee: 35_000},
		{Zone: ZoneJava, MaxGrams: 3000, Fee: 70_000},
		{Zone: ZoneJava, MaxGrams: 10_000, Fee: 180_000},
		{Zone: ZoneIndonesia, MaxGrams: 1000, Fee: 55_000},
		{Zone: ZoneIndonesia, MaxGrams: 3000, Fee: 120_000},
		{Zone: ZoneIndonesia, MaxGrams: 10_000, Fee: 320_000},
		{Zone: ZoneInternational, MaxGrams: 1000, Fee: 350_000},
		{Zone: ZoneInternational, MaxGrams: 3000, Fee: 650_000},
		{Zone: ZoneInternational, MaxGrams: 10_000, Fee: 1_600_000},
	}
}

func TestFee(t *testing.T) {
	rates := testRates()
	tests := []struct {
		name  string
		zone  string
		grams int
		want  int64
	}{
		{"light", ZoneDenpasar, 200, 15_000},
		{"exactly 1 kg", ZoneDenpasar, 1000, 15_000},
		{"just over 1 kg", ZoneDenpasar, 1001, 25_000},
		{"exactly 10 kg", ZoneJava, 10_000, 180_000},
		{"middle tier", ZoneBali, 2500, 40_000},
		{"zero weight counts as 1 g", ZoneIndonesia, 0, 55_000},
		{"negative weight counts as 1 g", ZoneIndonesia, -5, 55_000},
		{"25 kg ships as three 10 kg parcels", ZoneInternational, 25_000, 3 * 1_600_000},
		{"20 kg is exactly two parcels", ZoneBali, 20_000, 2 * 80_000},
		{"pickup is free", ZonePickup, 25_000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rates.Fee(tt.zone, tt.grams)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func TestFeeTiersInAnyOrder(t *testing.T) {
	rates := RateTable{
		{Zone: ZoneBali, MaxGrams: 5000, Fee: 60_000},
		{Zone: ZoneJava, MaxGrams: 500, Fee: 1},
		{Zone: ZoneBali, MaxGrams: 2000, Fee: 30_000},
	}
	for grams, want := range map[int]int64{500: 30_000, 2001: 60_000, 12_000: 3 * 60_000} {
		if got, err := rates.Fee(ZoneBali, grams); err != nil || got != want {
			t.Errorf("%d g: got %d, %v; want %d", grams, got, err, want)
		}
	}
}

func TestFeeNoRate(t *testing.T) {
	rates := RateTable{{Zone: ZoneBali, MaxGrams: 1000, Fee: 25_000}}
	for _, zone := range []string{ZoneInternational, "mars"} {
		if _, err := rates.Fee(zone, 500); !errors.Is(err, ErrNoRate) {
			t.Errorf("zone %q: err %v, want ErrNoRate", zone, err)
		}
	}
	bad := RateTable{{Zone: ZoneBali, MaxGrams: 0, Fee: 25_000}}
	if _, err := bad.Fee(ZoneBali, 500); !errors.Is(err, ErrNoRate) {
		t.Errorf("tier without a limit: err %v, want ErrNoRate", err)
	}
}

func TestRateTableValidate(t *testing.T) {
	if err := testRates().Validate(); err != nil {
		t.Errorf("a full table: %v", err)
	}
	if err := (RateTable{}).Validate(); err != nil {
		t.Errorf("empty table: %v", err)
	}
	tests := []struct {
		name string
		rate Rate
		want string
	}{
		{"negative fee", Rate{Zone: ZoneBali, MaxGrams: 1000, Fee: -1}, "negative fee"},
		{"zero limit", Rate{Zone: ZoneBali, MaxGrams: 0, Fee: 1}, "weight limit must be positive"},
		{"negative limit", Rate{Zone: ZoneBali, MaxGrams: -1, Fee: 1}, "weight limit must be positive"},
		{"unknown zone", Rate{Zone: "mars", MaxGrams: 1000, Fee: 1}, "unknown zone"},
		{"pickup", Rate{Zone: ZonePickup, MaxGrams: 1000, Fee: 1}, "pickup is always free"},
		{"same limit twice", Rate{Zone: ZoneDenpasar, MaxGrams: 3000, Fee: 30_000}, "same weight limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := append(testRates(), tt.rate).Validate()
			if !errors.Is(err, ErrInvalidRate) {
				t.Fatalf("err %v, want ErrInvalidRate", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "tier 16") {
				t.Errorf("err %q, want %q about tier 16", err, tt.want)
			}
		})
	}
	err := RateTable{{Zone: "mars", MaxGrams: 0, Fee: -1}}.Validate()
	for _, want := range []string{"unknown zone", "positive", "negative fee"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err %v, want every problem reported, including %q", err, want)
		}
	}
}
