package demo

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/sync/errgroup"

	"kriya/internal/media"
)

// picture is a placeholder photo: a pattern in the colours of its craft,
// varied by its key so neighbouring cards differ, with the name of what it
// stands for written across it, so a demo catalog reads like a real one.
type picture struct {
	key     string
	motif   string // category slug
	caption string
}

// jpegQuality keeps the files small; the patterns hide the artefacts.
const jpegQuality = 82

// putPictures draws and stores every picture, spread over the CPUs:
// drawing is most of the time seeding takes.
func putPictures(ctx context.Context, files media.Storage, pics []picture) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range pics {
		g.Go(func() error { return p.put(ctx, files) })
	}
	return g.Wait()
}

// put stores the picture at each size media serves. Each size is drawn
// afresh rather than scaled down, which keeps the caption crisp in the
// thumbnail.
func (p picture) put(ctx context.Context, files media.Storage) error {
	for _, size := range []int{media.Large, media.Thumb} {
		img, err := p.render(size)
		if err != nil {
			return fmt.Errorf("picture %s: %w", p.key, err)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return fmt.Errorf("picture %s: %w", p.key, err)
		}
		if err := files.Put(ctx, media.VariantKey(p.key, size), &buf); err != nil {
			return err
		}
	}
	return nil
}

func (p picture) render(size int) (*image.RGBA, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	painter(p.motif)(img, newLook(p.key))
	if err := caption(img, p.caption); err != nil {
		return nil, err
	}
	return img, nil
}

// look is what varies between pictures of one craft: numbers in [0, 1)
// that shift hues, offsets and densities, and n for discrete choices.
type look struct {
	a, b, c float64
	n       uint64
}

func newLook(key string) look {
	h := fnv.New64a()
	h.Write([]byte(key))
	seed := h.Sum64()
	r := rand.New(rand.NewPCG(seed, seed>>7))
	return look{a: r.Float64(), b: r.Float64(), c: r.Float64(), n: r.Uint64()}
}

// rgb is a colour with channels in 0–255, as floats so patterns can mix
// and scale colours freely before the result is clamped.
type rgb struct{ r, g, b float64 }

func (c rgb) scale(k float64) rgb { return rgb{c.r * k, c.g * k, c.b * k} }

func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// shade sets every pixel of a square image from f, which gets the pixel's
// position both in pixels and as fractions of the side (so a pattern looks
// the same at every size). Writing Pix directly is what makes drawing a
// thousand-pixel picture cheap.
func shade(img *image.RGBA, f func(x, y int, u, v float64) rgb) {
	size := img.Rect.Dx()
	inv := 1 / float64(size)
	for y := range size {
		v := (float64(y) + 0.5) * inv
		row := img.Pix[y*img.Stride : y*img.Stride+4*size]
		for x := range size {
			c := f(x, y, (float64(x)+0.5)*inv, v)
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = clamp(c.r), clamp(c.g), clamp(c.b), 255
		}
	}
}

func clamp(f float64) uint8 {
	switch {
	case f <= 0:
		return 0
	case f >= 255:
		return 255
	}
	return uint8(f)
}

func frac(f float64) float64 { return f - math.Floor(f) }

// ridge is 1 at distance r and falls to 0 at r±w: the cross-section of a
// round wire.
func ridge(d, r, w float64) float64 { return max(0, 1-math.Abs(d-r)/w) }

// wave is a cheap stand-in for math.Sin, within 0.06 of it: textures
// need its shape, not its precision, on millions of pixels.
func wave(x float64) float64 {
	t := x/(2*math.Pi) + 0.5
	t = 2*(t-math.Floor(t)) - 1 // x as a fraction of π, in [-1, 1)
	return 4 * t * (1 - math.Abs(t))
}

// painter picks the pattern of a craft. Crafts added later get the painted
// bands until they have their own.
func painter(motif string) func(*image.RGBA, look) {
	switch motif {
	case "perak":
		return paintSilver
	case "tenun":
		return paintWeaving
	case "ukiran":
		return paintCarving
	case "anyaman":
		return paintBasketry
	case "topeng":
		return paintMask
	default:
		return paintBrushwork
	}
}

// paintSilver draws rows of filigree rosettes on brushed grey metal: a
// raised wire ring, an inner ring, a central boss and jawan granules.
func paintSilver(img *image.RGBA, l look) {
	cells := float64(3 + l.n%3)
	tint := rgb{-8 + 16*l.a, 0, 8 - 16*l.a} // cool or warm silver
	shade(img, func(_, _ int, u, v float64) rgb {
		k := 105 + 70*(1-v) + 22*wave((u+v)*6+l.b*6)
		cu, cv := u*cells+l.b, v*cells+l.c
		fx, fy := frac(cu)-0.5, frac(cv)-0.5
		d := math.Sqrt(fx*fx + fy*fy)
		k += 95*ridge(d, 0.30, 0.04) - 55*ridge(d, 0.355, 0.02)
		k += 75*ridge(d, 0.17, 0.03) - 40*ridge(d, 0.205, 0.015)
		k += 110 * max(0, 1-d/0.07)
		if d > 0.36 {
			gx, gy := frac(cu*5)-0.5, frac(cv*5)-0.5
			k += 85 * max(0, 1-math.Sqrt(gx*gx+gy*gy)/0.24) * smoothstep(0.36, 0.42, d)
		}
		return rgb{k + tint.r, k + tint.g, k + tint.b}
	})
}

var weavingPalettes = [][]rgb{
	{{128, 20, 30}, {206, 156, 46}, {32, 38, 96}, {28, 22, 24}},
	{{30, 40, 100}, {232, 214, 170}, {150, 28, 36}, {198, 146, 40}},
	{{92, 16, 42}, {212, 168, 60}, {22, 92, 96}, {24, 20, 22}},
	{{160, 60, 24}, {40, 30, 70}, {226, 190, 96}, {110, 20, 28}},
}

// paintWeaving draws ikat cloth: coloured bands, alternate bands carrying
// diamonds whose edges bleed row by row as tied-and-dyed yarn does, and a
// fine cross-thread texture.
func paintWeaving(img *image.RGBA, l look) {
	pal := weavingPalettes[l.n%uint64(len(weavingPalettes))]
	bands := float64(5 + (l.n>>8)%3)
	shade(img, func(x, y int, u, v float64) rgb {
		bv := v*bands + l.b
		i := int(bv)
		fv := bv - float64(i)
		c := pal[i%len(pal)]
		if i%2 == 1 {
			bleed := 0.02*wave(v*613) + 0.012*wave(v*1790+l.a*9)
			dx := frac((u+bleed)*bands+l.a) - 0.5
			m := math.Abs(dx) + math.Abs(fv-0.5)
			switch {
			case m < 0.13:
				c = pal[(i+2)%len(pal)]
			case m > 0.27 && m < 0.4:
				c = pal[(i+1)%len(pal)]
			}
		}
		if fv < 0.05 || fv > 0.95 {
			c = pal[(i+3)%len(pal)]
		}
		if (x>>1+y>>1)&1 == 0 {
			c = c.scale(0.9)
		}
		return c
	})
}

// paintCarving draws carved wood: rows of spiral curls (the patra punggel
// of Balinese carving) raised from the ground, lit from the top left, on
// grained wood. Heights are looked up first and lit from their slope.
func paintCarving(img *image.RGBA, l look) {
	size := img.Rect.Dx()
	cells := 2.5 + 1.5*l.a
	tile := curlTile()
	height := make([]float32, size*size)
	for y := range size {
		cv := (float64(y)+0.5)/float64(size)*cells + l.c
		for x := range size {
			cu := (float64(x)+0.5)/float64(size)*cells + l.b
			i, j := math.Floor(cu), math.Floor(cv)
			tx, ty := int((cu-i)*curlRes), int((cv-j)*curlRes)
			if (int(i)+int(j))&1 == 1 {
				ty = curlRes - 1 - ty // every other curl turns the other way
			}
			height[y*size+x] = tile[ty*curlRes+tx]
		}
	}
	light, dark := rgb{190, 128, 72}, rgb{98, 58, 28}
	if l.c > 0.65 {
		light, dark = rgb{128, 84, 52}, rgb{52, 30, 18} // a darker wood
	}
	grainX := make([]float64, size)
	for x := range grainX {
		grainX[x] = 4 * math.Sin((float64(x)+0.5)/float64(size)*3+l.b*5)
	}
	slope := float64(size) / 40 // the same relief at every size
	shade(img, func(x, y int, u, v float64) rgb {
		h := float64(height[y*size+x])
		lit := 0.0
		if x > 0 && y > 0 {
			lit = (h - float64(height[(y-1)*size+x-1])) * slope
		}
		grain := wave(v*70 + grainX[x])
		c := mix(dark, light, 0.35+0.55*h+0.06*grain)
		return c.scale(1 + max(-0.45, min(0.45, lit)))
	})
}

// curlRes is the side of the precomputed curl, in samples: finer than a
// curl ever is in pixels, so lookups need no interpolation.
const curlRes = 512

// curlTile is the height, 0 to 1, of one carved spiral ribbon filling a
// square cell. Every curl of every carving picture is this one, so it is
// computed once.
var curlTile = sync.OnceValue(func() []float32 {
	tile := make([]float32, curlRes*curlRes)
	for ty := range curlRes {
		fy := (float64(ty)+0.5)/curlRes - 0.5
		for tx := range curlRes {
			fx := (float64(tx)+0.5)/curlRes - 0.5
			r := math.Sqrt(fx*fx + fy*fy)
			turn := math.Atan2(fy, fx) / (2 * math.Pi)
			ribbon := 0.5 + 0.5*math.Cos(2*math.Pi*(r*5.5-turn))
			tile[ty*curlRes+tx] = float32(ribbon * smoothstep(0.5, 0.36, r))
		}
	}
	return tile
})

// smoothstep goes smoothly from 0 at a to 1 at b.
func smoothstep(a, b, x float64) float64 {
	t := max(0, min(1, (x-a)/(b-a)))
	return t * t * (3 - 2*t)
}

var strawTones = []rgb{{216, 180, 120}, {196, 156, 94}, {228, 198, 142}, {182, 138, 80}}

// paintBasketry draws a plain weave of rounded straw strands, sometimes
// on the diagonal, with fibres along each strand and gaps between them.
func paintBasketry(img *image.RGBA, l look) {
	strands := float64(9 + l.n%5)
	diagonal := (l.n>>4)&1 == 1
	smoked := 1.0
	if l.c > 0.6 {
		smoked = 0.78
	}
	shade(img, func(_, _ int, u, v float64) rgb {
		if diagonal {
			u, v = (u+v)*math.Sqrt2/2, (u-v)*math.Sqrt2/2+1
		}
		su, sv := u*strands+l.a, v*strands+l.b
		i, j := math.Floor(su), math.Floor(sv)
		across, along, strand := sv-j, su-i, j
		if (int(i)+int(j))&1 == 1 {
			across, along, strand = su-i, sv-j, i
		}
		c := strawTones[int(strand+100)%len(strawTones)]
		k := (0.55 + 0.45*wave(math.Pi*across)) * (0.82 + 0.18*wave(math.Pi*along))
		k *= 1 + 0.07*wave(along*55+strand*7)
		if across < 0.06 || across > 0.94 {
			k *= 0.4
		}
		return c.scale(k * smoked)
	})
}

var brushColours = []rgb{
	{22, 150, 160}, {214, 54, 110}, {244, 140, 36}, {250, 206, 60}, {70, 160, 70},
	{36, 70, 170}, {230, 90, 70}, {120, 60, 150}, {250, 236, 200},
}

// paintBrushwork draws wavy bands of bright colour with brush-stroke
// streaks and a sun, like a Young Artists landscape.
func paintBrushwork(img *image.RGBA, l look) {
	size := img.Rect.Dx()
	r := rand.New(rand.NewPCG(l.n, 3))
	bands := 5 + r.IntN(3)
	pal := make([]rgb, bands)
	for i, k := range r.Perm(len(brushColours))[:bands] {
		pal[i] = brushColours[k]
	}
	// Band edges are waves along x: compute them once per column.
	edges := make([][]float64, size)
	for x := range size {
		u := (float64(x) + 0.5) / float64(size)
		edges[x] = make([]float64, bands-1)
		for k := range edges[x] {
			edges[x][k] = float64(k+1)/float64(bands) + 0.06*math.Sin(u*float64(k+2)*math.Pi+float64(k)*1.7+l.a*6)
		}
	}
	streak := make([]float64, size)
	for x := range size {
		streak[x] = 3 * math.Sin((float64(x)+0.5)/float64(size)*11)
	}
	sunU, sunV, sunR := 0.2+0.6*l.a, 0.14+0.18*l.b, 0.08+0.06*l.c
	sun := rgb{255, 236, 170}
	shade(img, func(x, _ int, u, v float64) rgb {
		k := 0
		for k < len(edges[x]) && v > edges[x][k] {
			k++
		}
		c := pal[k].scale(0.9 + 0.12*wave(u*37+v*260+streak[x]))
		du, dv := u-sunU, v-sunV
		if d := math.Sqrt(du*du+dv*dv) / sunR; d < 1.25 {
			c = mix(c, sun, min(1, 1.25-d)*0.9+0.1*max(0, 1-d))
		}
		return c
	})
}

var maskFaces = []rgb{{238, 230, 210}, {178, 34, 30}, {214, 162, 54}, {130, 78, 42}}

// paintMask draws a Balinese dance mask on a red and gold ground: crown,
// face with bulging eyes, brows, nose and a toothed mouth.
func paintMask(img *image.RGBA, l look) {
	face := maskFaces[l.n%uint64(len(maskFaces))]
	ground, gold, black := rgb{100, 14, 20}, rgb{222, 172, 60}, rgb{24, 16, 14}
	lattice := 6 + 4*l.a
	shade(img, func(_, _ int, u, v float64) rgb {
		fx, fy := (u-0.5)/0.25, (v-0.43)/0.3
		e := fx*fx + fy*fy
		if e < 1 {
			return maskFeature(u, v, face.scale(1.08-0.38*e), black)
		}
		if v > 0.04 && v < 0.17 && math.Abs(u-0.5) < 0.27 {
			if t := frac((u - 0.5) * 11); v > 0.04+0.1*math.Abs(t-0.5)*2 {
				return gold.scale(0.85 + 0.25*(1-math.Abs(t-0.5)*2))
			}
		}
		for _, ex := range []float64{0.22, 0.78} {
			if dx, dy := u-ex, v-0.46; dx*dx+dy*dy < 0.0016 {
				return gold
			}
		}
		if a, b := frac(u*lattice+v*lattice), frac(u*lattice-v*lattice); a < 0.05 || b < 0.05 {
			return gold.scale(0.8)
		}
		return ground.scale(1.15 - 0.5*((u-0.5)*(u-0.5)+(v-0.5)*(v-0.5)))
	})
}

// maskFeature colours a point inside the mask's face.
func maskFeature(u, v float64, skin, black rgb) rgb {
	white, lips := rgb{246, 242, 230}, rgb{120, 10, 16}
	for _, cx := range []float64{0.395, 0.605} {
		ex, ey := (u-cx)/0.068, (v-0.36)/0.045
		switch e := ex*ex + ey*ey; {
		case (u-cx)*(u-cx)+(v-0.36)*(v-0.36) < 0.024*0.024:
			return black
		case e < 1:
			return white
		case e < 1.45:
			return black
		}
		if bx := (u - cx) / 0.09; math.Abs(bx) < 1 && math.Abs(v-(0.3-0.02*(1-bx*bx))) < 0.012 {
			return black
		}
	}
	if nx, ny := (u-0.5)/0.04, (v-0.46)/0.06; nx*nx+ny*ny < 1 {
		return skin.scale(0.8 + 0.3*ny)
	}
	if mx, my := (u-0.5)/0.11, (v-0.57)/0.04; mx*mx+my*my < 1 {
		if v < 0.57 && frac((u-0.5)/0.03) > 0.12 {
			return white
		}
		return lips
	}
	return skin
}

// boldFont is parsed once; faces made from it are per picture, since a
// face is not safe for concurrent use.
var boldFont = sync.OnceValues(func() (*opentype.Font, error) { return opentype.Parse(gobold.TTF) })

// Caption layout, as fractions of the picture's side.
const (
	captionWidth   = 0.88
	captionPadding = 0.035
	captionLines   = 3
)

// captionSizes are the text heights tried, largest first, until the
// caption fits in captionLines lines.
var captionSizes = []float64{0.078, 0.068, 0.06, 0.052}

// caption writes text in white on a dark band across the bottom of img,
// word-wrapped and centred, large enough to read on a 400 px thumbnail.
func caption(img *image.RGBA, text string) error {
	f, err := boldFont()
	if err != nil {
		return err
	}
	side := float64(img.Rect.Dx())
	var face font.Face
	var lines []string
	for _, px := range captionSizes {
		face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: px * side, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return err
		}
		if lines = wrap(face, text, captionWidth*side); len(lines) <= captionLines {
			break
		}
	}
	if len(lines) > captionLines {
		lines = append(lines[:captionLines-1], lines[captionLines-1]+"…")
	}
	m := face.Metrics()
	lineH := float64(m.Height.Ceil())
	pad := captionPadding * side
	top := int(side - float64(len(lines))*lineH - 2*pad)
	darken(img, top)
	d := font.Drawer{Dst: img, Src: image.White, Face: face}
	for i, line := range lines {
		w := d.MeasureString(line)
		baseline := float64(top) + pad + float64(i)*lineH + (lineH+float64(m.Ascent.Ceil()-m.Descent.Ceil()))/2
		d.Dot = fixed.Point26_6{X: (fixed.I(img.Rect.Dx()) - w) / 2, Y: fixed.I(int(baseline))}
		d.DrawString(line)
	}
	return nil
}

// wrap breaks text into lines no wider than width, at spaces.
func wrap(face font.Face, text string, width float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		next := strings.TrimSpace(line + " " + word)
		if line != "" && float64(font.MeasureString(face, next))/64 > width {
			lines = append(lines, line)
			next = word
		}
		line = next
	}
	return append(lines, line)
}

// darken dims the image from row top down, leaving a gold rule on top:
// the band the caption is written on.
func darken(img *image.RGBA, top int) {
	size := img.Rect.Dx()
	rule := max(2, size/160)
	for y := max(0, top-rule); y < size; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*size]
		for x := 0; x < len(row); x += 4 {
			if y < top {
				row[x], row[x+1], row[x+2] = 214, 168, 72
				continue
			}
			row[x], row[x+1], row[x+2] = row[x]/6+12, row[x+1]/6+10, row[x+2]/6+10
		}
	}
}
