package demo

import (
	"image"
	"math"
	"testing"

	"kriya/internal/media"
)

// A buyer should tell crafts apart at a glance in a grid of thumbnails.
func TestPlaceholdersDifferByCraft(t *testing.T) {
	silver := averageColour(t, picture{key: "products/a/1", motif: "perak", caption: "Cincin Perak Motif Jawan"})
	weaving := averageColour(t, picture{key: "products/a/1", motif: "tenun", caption: "Cincin Perak Motif Jawan"})
	if d := distance(silver, weaving); d < 30 {
		t.Errorf("silver %v and weaving %v placeholders differ by %.0f in average colour, want at least 30", silver, weaving, d)
	}
}

// Two pictures of the same craft should not look identical either.
func TestPlaceholdersVaryWithinACraft(t *testing.T) {
	a := render(t, picture{key: "products/a/1", motif: "anyaman", caption: "Keranjang"})
	b := render(t, picture{key: "products/b/1", motif: "anyaman", caption: "Keranjang"})
	same := 0
	for i := range a.Pix {
		if a.Pix[i] == b.Pix[i] {
			same++
		}
	}
	if same > len(a.Pix)*3/4 {
		t.Errorf("%d of %d bytes are the same in two different pictures", same, len(a.Pix))
	}
}

func render(t *testing.T, p picture) *image.RGBA {
	t.Helper()
	img, err := p.render(media.Thumb)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func averageColour(t *testing.T, p picture) rgb {
	img := render(t, p)
	var sum rgb
	for i := 0; i < len(img.Pix); i += 4 {
		sum.r += float64(img.Pix[i])
		sum.g += float64(img.Pix[i+1])
		sum.b += float64(img.Pix[i+2])
	}
	return sum.scale(4 / float64(len(img.Pix)))
}

func distance(a, b rgb) float64 {
	return math.Sqrt((a.r-b.r)*(a.r-b.r) + (a.g-b.g)*(a.g-b.g) + (a.b-b.b)*(a.b-b.b))
}
