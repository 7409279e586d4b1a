package order

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"kriya/internal/fault"
)

// Shipping zones: the council prices delivery by how far a parcel travels
// from Denpasar, not by courier, so buyers see one fee at checkout.
const (
	ZonePickup        = "pickup" // collected at the council's gallery; chosen by the buyer
	ZoneDenpasar      = "denpasar"
	ZoneBali          = "bali"
	ZoneJava          = "java"
	ZoneIndonesia     = "indonesia"
	ZoneInternational = "international"
)

// Zones lists every zone, nearest first, as the rate editor and reports
// show them.
var Zones = []string{ZonePickup, ZoneDenpasar, ZoneBali, ZoneJava, ZoneIndonesia, ZoneInternational}

// ErrNoRate means the rate table has no price for a destination, so checkout
// tells the buyer delivery is not available there instead of shipping free.
var ErrNoRate error = fault.New(fault.Invalid, "no_rate", "no shipping rate for this destination")

// ErrInvalidRate marks a rate table the council cannot save; each problem is
// wrapped with it and says which tier is wrong.
var ErrInvalidRate error = fault.New(fault.Invalid, "", "invalid shipping rate")

// javaProvinces are the codes of the provinces on Java, one zone because
// couriers price them alike from Bali.
var javaProvinces = []string{"31", "32", "33", "34", "35", "36"}

// ZoneOf derives the delivery zone of an address. Pickup is never derived:
// only the buyer can choose to collect.
func ZoneOf(a Address) string {
	if !a.domestic() {
		return ZoneInternational
	}
	p, _ := findProvince(a.Province)
	switch {
	case p.Code == baliCode && strings.Contains(strings.ToLower(a.City), "denpasar"):
		return ZoneDenpasar
	case p.Code == baliCode:
		return ZoneBali
	case slices.Contains(javaProvinces, p.Code):
		return ZoneJava
	default:
		return ZoneIndonesia
	}
}

// Rate is a weight tier of a zone: a parcel of up to MaxGrams costs Fee
// rupiah to ship there. Tiers are data the council edits, not code.
type Rate struct {
	ID       int64
	Zone     string
	MaxGrams int
	Fee      int64
}

// RateTable is every tier of every zone, in any order; it prices delivery
// at checkout.
type RateTable []Rate

// Fee is the shipping fee of a parcel of grams to zone. Pickup is free. A
// parcel pays the smallest tier of its zone that holds it; one heavier than
// every tier ships as several parcels of the largest tier. A weight of zero
// or less counts as 1 g, because a listing without a weight still ships. A
// zone without tiers gives ErrNoRate.
func (t RateTable) Fee(zone string, grams int) (int64, error) {
	if zone == ZonePickup {
		return 0, nil
	}
	grams = max(grams, 1)
	var fit, largest *Rate
	for i := range t {
		r := &t[i]
		// A tier without a weight limit is invalid (Validate rejects it);
		// skipping it here keeps a bad stored table from dividing by zero.
		if r.Zone != zone || r.MaxGrams <= 0 {
			continue
		}
		if r.MaxGrams >= grams && (fit == nil || r.MaxGrams < fit.MaxGrams) {
			fit = r
		}
		if largest == nil || r.MaxGrams > largest.MaxGrams {
			largest = r
		}
	}
	switch {
	case fit != nil:
		return fit.Fee, nil
	case largest != nil:
		parcels := (grams + largest.MaxGrams - 1) / largest.MaxGrams
		return largest.Fee * int64(parcels), nil
	default:
		return 0, fmt.Errorf("zone %q: %w", zone, ErrNoRate)
	}
}

// Validate checks a table before it is saved, so checkout never meets a
// tier it cannot price: fees are not negative, limits are positive, zones
// are known (pickup takes no tier, it is always free), and no zone has two
// tiers with the same limit. Every problem is reported, wrapped with
// ErrInvalidRate.
func (t RateTable) Validate() error {
	var errs []error
	bad := func(i int, r Rate, problem string) {
		errs = append(errs, fmt.Errorf("%w: tier %d (%s, %d g): %s", ErrInvalidRate, i+1, r.Zone, r.MaxGrams, problem))
	}
	type key struct {
		zone  string
		grams int
	}
	seen := map[key]bool{}
	for i, r := range t {
		switch {
		case r.Zone == ZonePickup:
			bad(i, r, "pickup is always free")
		case !slices.Contains(Zones, r.Zone):
			bad(i, r, "unknown zone")
		}
		if r.MaxGrams <= 0 {
			bad(i, r, "weight limit must be positive")
		}
		if r.Fee < 0 {
			bad(i, r, "negative fee")
		}
		k := key{r.Zone, r.MaxGrams}
		if seen[k] {
			bad(i, r, "another tier of the zone has the same weight limit")
		}
		seen[k] = true
	}
	return errors.Join(errs...)
}

// HandlingDays is how long an artisan has to pack and hand a ready item to
// the courier once it is paid; made-to-order items add their processing
// days. Buyers see the promise on the product page, artisans the day it
// falls on in the paid-order notification.
const HandlingDays = 2

// ShipsWithin is how many days after payment an item of a product with
// processingDays is handed to the courier, at the latest.
func ShipsWithin(processingDays int) int { return HandlingDays + processingDays }
