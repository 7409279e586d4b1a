package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"

	"kriya/internal/council"
	"kriya/internal/media"
)

// seedCouncil sets the council up as Dekranasda Kota Denpasar's office
// would — letterhead, emblem, signatory, report numbering — over first,
// the marketplace's first-run settings (the environment's bank account
// and commission), unless the council is set up already. The address and
// contacts are the demo's own.
func seedCouncil(ctx context.Context, st Store, files media.Storage, first council.Council) error {
	if _, err := st.Council(ctx, first.ID); !errors.Is(err, council.ErrNotFound) {
		return err
	}
	c := first
	c.Name, c.City = "Dekranasda Kota Denpasar", "Denpasar"
	c.Letterhead = []string{"PEMERINTAH KOTA DENPASAR", "DEWAN KERAJINAN NASIONAL DAERAH KOTA DENPASAR"}
	c.Address = "Jalan Contoh No. 1, Denpasar 80111 (alamat demo)"
	c.Phone, c.Email = "(0361) 000 000", "dekranasda@kriya.test"
	c.HeadName, c.HeadPosition = "Ni Made Sri Wahyuni", "Ketua Harian"
	c.NumberScheme = "{seq:03}/MONEV/DEKRANASDA-DPS/{month_roman}/{year}"
	var logo bytes.Buffer
	if err := png.Encode(&logo, emblem(480)); err != nil {
		return fmt.Errorf("demo: emblem: %w", err)
	}
	photo, err := media.SavePhoto(ctx, files, "council", &logo)
	if err != nil {
		return fmt.Errorf("demo: emblem: %w", err)
	}
	c.LogoKey = photo.Key
	return st.EnsureCouncil(ctx, c)
}

// emblem is the demo council's emblem: a gold lotus of eight petals in a
// red ring, on white — no real council's.
func emblem(size int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	red, gold, white := color.RGBA{165, 28, 36, 255}, color.RGBA{212, 160, 40, 255}, color.RGBA{255, 255, 255, 255}
	half := float64(size) / 2
	for y := range size {
		for x := range size {
			dx, dy := (float64(x)+0.5-half)/half, (float64(y)+0.5-half)/half
			r, a := math.Hypot(dx, dy), math.Atan2(dy, dx)
			petal := 0.35 + 0.27*math.Abs(math.Cos(4*a))
			c := white
			switch {
			case r > 0.98:
			case r > 0.8:
				c = red
			case r < 0.12 || r < petal:
				c = gold
			}
			img.Set(x, y, c)
		}
	}
	return img
}
