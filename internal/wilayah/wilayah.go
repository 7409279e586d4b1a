// Package wilayah knows Bali's administrative areas (kecamatan and
// kelurahan/desa) by their official codes, for addresses, artisan locations
// and reports by kecamatan.
//
// The data comes from the open dataset cahyadsn/wilayah (MIT licence, see
// data/LICENSE), compiled from Kepmendagri No 300.2.2-2138 Tahun 2025.
package wilayah

import (
	"embed"
	"encoding/csv"
	"sort"
)

//go:embed data/*.csv
var files embed.FS

// Denpasar is the regency code of Kota Denpasar.
const Denpasar = "51.71"

// Area is a kecamatan (code PP.RR.DD) or a kelurahan/desa (PP.RR.DD.VVVV).
type Area struct {
	Code   string
	Parent string // the regency of a kecamatan, the kecamatan of a kelurahan
	Kind   string // "kecamatan", "kelurahan" or "desa"
	Name   string
}

var areas = load()

func load() map[string]Area {
	m := map[string]Area{}
	read := func(name string, row func([]string) Area) {
		f, err := files.Open("data/" + name)
		if err != nil {
			panic(err) // embedded at build time; cannot be missing
		}
		defer f.Close()
		records, err := csv.NewReader(f).ReadAll()
		if err != nil {
			panic(err)
		}
		for _, r := range records[1:] {
			a := row(r)
			m[a.Code] = a
		}
	}
	read("bali_districts.csv", func(r []string) Area { return Area{Code: r[0], Parent: r[1], Kind: "kecamatan", Name: r[2]} })
	read("bali_villages.csv", func(r []string) Area { return Area{Code: r[0], Parent: r[1], Kind: r[2], Name: r[3]} })
	return m
}

// Lookup returns the area with the given code.
func Lookup(code string) (Area, bool) {
	a, ok := areas[code]
	return a, ok
}

// Name returns the name of the area with the given code, or "" if unknown.
func Name(code string) string { return areas[code].Name }

// Children lists the areas directly inside parent, by name.
func Children(parent string) []Area {
	var out []Area
	for _, a := range areas {
		if a.Parent == parent {
			out = append(out, a)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
