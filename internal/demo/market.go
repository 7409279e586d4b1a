package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"kriya/internal/catalog"
	"kriya/internal/media"
	"kriya/internal/wilayah"
)

// The demo's size and rhythm: products appear over about six months, a
// couple per category are the council's picks.
const (
	history           = 180 * 24 * time.Hour
	featuredPerCraft  = 2
	maxImages         = 3
	outOfStockPercent = 7 // of SKUs, so a few products sell out entirely
)

// market is the whole demo data set, built in memory before anything is
// stored. Artisans and products point at their category and artisan, so
// the IDs can be filled in as rows are created.
type market struct {
	categories []*catalog.Category
	artisans   []*catalog.Artisan
	products   []*catalog.Product
	pictures   []picture
}

// newMarket builds the data set. The random source has a fixed seed, so
// the same names, prices and pictures come out on every run.
func newMarket(now time.Time) *market {
	rng := rand.New(rand.NewPCG(51, 71))
	m := &market{}
	bySlug := map[string]*catalog.Category{}
	for i, c := range crafts {
		c.Position = i + 1
		m.categories = append(m.categories, &c)
		bySlug[c.Slug] = &c
	}
	usedTitles := map[string]bool{}
	joined := now.Add(-history - 30*24*time.Hour)
	for i, w := range workshops {
		a := w.artisan(bySlug[w.craft], joined.Add(time.Duration(i)*24*time.Hour))
		m.artisans = append(m.artisans, a)
		m.pictures = append(m.pictures, picture{key: a.PhotoKey, motif: w.craft, caption: a.Name})
		for n, l := range w.listings(rng, usedTitles) {
			p := l.product(rng, a, fmt.Sprintf("%s-%03d", w.prefix, n+1))
			m.products = append(m.products, p)
			for _, img := range p.Images {
				m.pictures = append(m.pictures, picture{key: img.Key, motif: w.craft, caption: p.Title.ID})
			}
		}
	}
	m.date(rng, now)
	m.feature(rng)
	return m
}

// artisan makes the catalog profile of a workshop.
func (w workshop) artisan(c *catalog.Category, joined time.Time) *catalog.Artisan {
	slug := slugify(w.name)
	area, _ := wilayah.Lookup(w.kelurahan) // the codes are checked by the tests
	return &catalog.Artisan{
		Slug:          slug,
		Name:          w.name,
		Owner:         w.owner,
		Category:      c,
		KecamatanCode: area.Parent,
		KelurahanCode: w.kelurahan,
		Story:         w.story,
		PhotoKey:      "artisans/" + slug,
		Featured:      w.featured,
		Status:        catalog.ArtisanActive,
		Since:         w.since,
		CreatedAt:     joined,
		UpdatedAt:     joined,
	}
}

// listing is one product to be: a kind of thing in one variant.
type listing struct {
	kind    *kind
	variant variant
}

// listings picks the workshop's products among every variant of the kinds
// it makes, skipping titles another workshop already sells, so that every
// title and slug in the market is unique.
func (w workshop) listings(rng *rand.Rand, used map[string]bool) []listing {
	var all []listing
	for _, k := range w.kinds {
		for _, v := range k.variants {
			all = append(all, listing{k, v})
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var picked []listing
	for _, l := range all {
		if len(picked) == w.products {
			break
		}
		if title := l.title().ID; !used[title] {
			used[title] = true
			picked = append(picked, l)
		}
	}
	return picked
}

func (l listing) title() catalog.Text {
	return catalog.Text{
		ID: fmt.Sprintf(l.kind.title.ID, l.variant.name.ID),
		EN: fmt.Sprintf(l.kind.title.EN, l.variant.name.EN),
	}
}

// product writes the listing out in full. code prefixes its SKU codes.
func (l listing) product(rng *rand.Rand, a *catalog.Artisan, code string) *catalog.Product {
	k := l.kind
	p := &catalog.Product{
		Artisan:     a,
		Category:    a.Category,
		Title:       l.title(),
		Description: k.describe(rng, l.variant, a.Name),
		Material:    k.material(rng, l.variant),
		WeightGrams: k.grams[0] + rng.IntN(k.grams[1]-k.grams[0]+1),
		Status:      catalog.ProductActive,
		SKUs:        k.skus(rng, code),
	}
	p.Slug = slugify(p.Title.ID)
	for i := range 1 + rng.IntN(maxImages) {
		p.Images = append(p.Images, catalog.ProductImage{
			Position: i + 1,
			Key:      fmt.Sprintf("products/%s/%d", p.Slug, i+1),
			Width:    media.Large,
			Height:   media.Large,
		})
	}
	return p
}

// describe writes two or three sentences: the variant, how the artisan
// makes it, and sometimes how to look after it.
func (k *kind) describe(rng *rand.Rand, v variant, artisan string) catalog.Text {
	parts := []catalog.Text{
		format(k.intro, v.detail.ID, v.detail.EN),
		format(pick(rng, k.notes.technique), artisan, artisan),
	}
	if rng.IntN(5) < 3 {
		parts = append(parts, pick(rng, k.notes.care))
	}
	var d catalog.Text
	for _, p := range parts {
		d.ID = strings.TrimSpace(d.ID + " " + p.ID)
		d.EN = strings.TrimSpace(d.EN + " " + p.EN)
	}
	return d
}

func (k *kind) material(rng *rand.Rand, v variant) catalog.Text {
	if v.material.ID != "" {
		return v.material
	}
	return pick(rng, k.materials)
}

// skus offers a run of the kind's choices, or a single unlabelled SKU.
// Codes are readable and stable ("PSK-004-2"), so demo scripts and the
// people trying the demo can refer to them.
func (k *kind) skus(rng *rand.Rand, code string) []catalog.SKU {
	base := k.basePrice(rng)
	choices := []choice{{label: "", factor: 1}}
	if len(k.choices) > 0 {
		n := k.pick[0] + rng.IntN(k.pick[1]-k.pick[0]+1)
		start := rng.IntN(len(k.choices) - n + 1)
		choices = k.choices[start : start+n]
	}
	skus := make([]catalog.SKU, len(choices))
	for i, c := range choices {
		skus[i] = catalog.SKU{
			Code:     fmt.Sprintf("%s-%d", code, i+1),
			Label:    c.label,
			Price:    roundPrice(float64(base) * c.factor),
			Stock:    k.stockLevel(rng),
			Position: i + 1,
		}
	}
	return skus
}

// basePrice leans towards the low end of the range, as craft prices do:
// many affordable pieces, a few masterworks.
func (k *kind) basePrice(rng *rand.Rand) int64 {
	f := rng.Float64()
	return int64(float64(k.price[0]) + float64(k.price[1]-k.price[0])*f*f)
}

func (k *kind) stockLevel(rng *rand.Rand) int {
	if rng.IntN(100) < outOfStockPercent {
		return 0
	}
	return 1 + rng.IntN(k.stock)
}

// roundPrice rounds to what a shop would write on a tag: to Rp 5.000
// below a million, to Rp 50.000 above.
func roundPrice(p float64) int64 {
	step := 5_000.0
	if p >= 1_000_000 {
		step = 50_000
	}
	return int64(math.Round(p/step) * step)
}

// date spreads the products' creation over the past months in a shuffled
// order, so "newest first" mixes artisans and crafts. Every product gets
// its own slot, so no two share a creation time.
func (m *market) date(rng *rand.Rand, now time.Time) {
	slot := history / time.Duration(len(m.products))
	for i, n := range rng.Perm(len(m.products)) {
		p := m.products[i]
		jitter := time.Duration(rng.Int64N(int64(slot / 2)))
		p.CreatedAt = now.Add(-history + time.Duration(n)*slot + jitter).Truncate(time.Second)
		p.UpdatedAt = p.CreatedAt.Add(time.Duration(rng.IntN(72)) * time.Hour)
		if p.UpdatedAt.After(now) {
			p.UpdatedAt = p.CreatedAt
		}
	}
}

// feature makes a few in-stock products of every craft the council's
// picks, so the home page shows the whole range and nothing sold out.
func (m *market) feature(rng *rand.Rand) {
	for _, c := range m.categories {
		var candidates []*catalog.Product
		for _, p := range m.products {
			if p.Category == c && p.InStock() {
				candidates = append(candidates, p)
			}
		}
		for _, i := range rng.Perm(len(candidates))[:min(featuredPerCraft, len(candidates))] {
			candidates[i].Featured = true
		}
	}
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// format fills a two-language format with one argument per language.
func format(f catalog.Text, id, en string) catalog.Text {
	return catalog.Text{ID: fmt.Sprintf(f.ID, id), EN: fmt.Sprintf(f.EN, en)}
}

// slugify makes a URL segment of a name: lower-case ASCII letters and
// digits separated by single hyphens.
func slugify(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		} else {
			hyphen = true
		}
	}
	return b.String()
}
