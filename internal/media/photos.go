package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // registers PNG with image.DecodeConfig
	"io"
	"net/http"
	"runtime"
	"time"

	"github.com/disintegration/imaging"
	_ "golang.org/x/image/webp" // registers WebP with image.DecodeConfig

	"kriya/internal/fault"
)

// MaxPhotoBytes is the largest photo upload accepted. Artisans photograph
// their work with phones whose full-resolution JPEGs reach 12 MB, so the
// limit sits above that rather than forcing them to shrink files first.
const MaxPhotoBytes = 15 << 20

// MaxPhotoPixels caps width×height as read from the image header, before
// any pixels are decoded: a few-kilobyte PNG can claim 100000×100000 pixels
// and would otherwise make the decoder allocate tens of gigabytes. Decoding
// time and memory grow with pixels, not bytes (a 130 kB PNG of 40 MP takes
// over a second of CPU), so the cap is what a product photo needs: a 12 MP
// phone photo, and the 24 MP (5712×4284) of recent iPhones, with room to
// spare; the pages show at most 1000 pixels a side.
const MaxPhotoPixels = 25_000_000

// maxPhotoSide caps either side on its own, so a strip such as 40000×1000
// that passes MaxPhotoPixels is still refused.
const maxPhotoSide = 12000

// Upload errors. Each message tells the uploader what to do, so the web
// layer can show it as is; match them with errors.Is.
var (
	// ErrTooLarge means the upload has more bytes than its limit.
	ErrTooLarge = errors.New("media: the file is too large; upload a smaller file")
	// ErrNotImage means the content is not a JPEG, PNG or WebP image,
	// whatever the file's name or declared type says.
	ErrNotImage = errors.New("media: the file is not a JPEG, PNG or WebP image")
	// ErrTooManyPixels means the image header claims more pixels than
	// MaxPhotoPixels or a side longer than 12000 pixels.
	ErrTooManyPixels = errors.New("media: the image has too many pixels; resize it to at most 25 megapixels and 12000 pixels a side")
	// ErrUnreadable means the file starts like an image but cannot be
	// decoded, typically because the upload was cut short or the file is
	// damaged.
	ErrUnreadable = errors.New("media: the image is damaged or incomplete; export or save it again and retry")
	// ErrBusy means every decoding slot stayed taken for as long as an
	// upload may wait; it is Unavailable, so the uploader is told to come
	// back in a moment (503 with Retry-After).
	ErrBusy error = fault.New(fault.Unavailable, "busy", "media: the server is busy with other photos; try again in a minute")
)

// decodeSlots bounds how many photos are decoded at once: one decode keeps
// a core busy for up to a second or two and holds up to 100 MB of pixels,
// so more at once than there are cores only adds memory, not speed.
var decodeSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

// decodeWait is how long an upload waits for a decoding slot before it is
// refused with ErrBusy: long enough to ride out a burst, short enough that
// a queue cannot build up behind a flood.
const decodeWait = 5 * time.Second

// takeDecodeSlot waits for a decoding slot, at most decodeWait or until
// ctx ends. A caller that has gone (ctx cancelled) gets ctx's error; one
// that waited its time, ErrBusy.
func takeDecodeSlot(ctx context.Context) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	wait, cancel := context.WithTimeout(ctx, decodeWait)
	defer cancel()
	select {
	case decodeSlots <- struct{}{}:
		return func() { <-decodeSlots }, nil
	case <-wait.Done():
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		return nil, ErrBusy
	}
}

// Photo is a stored photo: Key names it for VariantKey, and Width and
// Height are those of the Large variant, so pages can reserve its space
// before it loads.
type Photo struct {
	Key           string
	Width, Height int
}

// SavePhoto checks an uploaded photo and stores its Large and Thumb JPEG
// variants under a new random key below prefix. Only the content decides
// whether it is accepted; the key never contains anything from the upload.
//
// A 25-megapixel photo decodes to about 100 MB of pixels, and turning it
// upright can copy it once more, so decoding waits for one of a few slots
// (decodeSlots) and fails with ErrBusy when none frees up in time.
func SavePhoto(ctx context.Context, s Storage, prefix string, r io.Reader) (Photo, error) {
	b, err := readAtMost(r, MaxPhotoBytes)
	if err != nil {
		return Photo{}, fmt.Errorf("media: save photo: %w", err)
	}
	if !photoTypes[http.DetectContentType(b)] {
		return Photo{}, fmt.Errorf("media: save photo: %w", ErrNotImage)
	}
	if err := checkPixels(b); err != nil {
		return Photo{}, fmt.Errorf("media: save photo: %w", err)
	}
	largeJPEG, thumbJPEG, w, h, err := variants(ctx, b)
	if err != nil {
		return Photo{}, fmt.Errorf("media: save photo: %w", err)
	}

	// A Put never leaves half a file; if the Thumb cannot be stored (the
	// disk filled up in between), the Large variant is taken back, so a
	// failed upload leaves no photo without its thumbnail.
	key := prefix + "/" + randomID()
	if err := s.Put(ctx, VariantKey(key, Large), bytes.NewReader(largeJPEG)); err != nil {
		return Photo{}, fmt.Errorf("media: save photo: %w", err)
	}
	if err := s.Put(ctx, VariantKey(key, Thumb), bytes.NewReader(thumbJPEG)); err != nil {
		return Photo{}, errors.Join(fmt.Errorf("media: save photo: %w", err), s.Delete(ctx, VariantKey(key, Large)))
	}
	return Photo{Key: key, Width: w, Height: h}, nil
}

// variants decodes a checked photo and encodes its Large and Thumb JPEGs,
// in one of the decoding slots. Both are encoded before either is stored,
// so a failure here stores nothing.
func variants(ctx context.Context, b []byte) (large, thumb []byte, w, h int, err error) {
	// Decoding is the expensive step; skip it for a client that has gone,
	// and wait for a slot for it.
	release, err := takeDecodeSlot(ctx)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	defer release()
	// Phones store pixels as the sensor saw them and an EXIF Orientation
	// tag saying how to turn them; imaging reads that tag from JPEGs so
	// the variants come out upright.
	img, err := imaging.Decode(bytes.NewReader(b), imaging.AutoOrientation(true))
	if err != nil {
		return nil, nil, 0, 0, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	// Re-encoding from pixels writes no metadata, which strips EXIF and
	// with it the GPS location of the artisan's workshop or home that
	// phones record in every photo.
	largeImg := onWhite(imaging.Fit(img, Large, Large, imaging.Lanczos))
	// Resizing the Large variant rather than the original is much cheaper
	// and looks the same at thumbnail size.
	thumbImg := imaging.Fit(largeImg, Thumb, Thumb, imaging.Lanczos)
	if large, err = encodeJPEG(largeImg); err != nil {
		return nil, nil, 0, 0, err
	}
	if thumb, err = encodeJPEG(thumbImg); err != nil {
		return nil, nil, 0, 0, err
	}
	return large, thumb, largeImg.Bounds().Dx(), largeImg.Bounds().Dy(), nil
}

// DeletePhoto removes both variants of a stored photo: the web layer takes
// back the photos of a form that is refused after they were stored.
func DeletePhoto(ctx context.Context, s Storage, key string) error {
	return errors.Join(s.Delete(ctx, VariantKey(key, Large)), s.Delete(ctx, VariantKey(key, Thumb)))
}

// readAtMost reads all of r, or fails with ErrTooLarge once it has seen
// more than limit bytes, so an endless upload costs no more memory than
// the largest legal one.
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w (the limit is %d MB)", ErrTooLarge, limit>>20)
	}
	return b, nil
}

// photoTypes are the content types SavePhoto accepts, as
// http.DetectContentType names them; its WebP rule ("RIFF....WEBPVP")
// matches every WebP flavour, lossy, lossless and extended.
var photoTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true}

// checkPixels reads only the image header and refuses dimensions that
// would make decoding the pixels exhaust memory.
func checkPixels(b []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	// Each side is at most maxPhotoSide before multiplying, so the product
	// cannot overflow.
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxPhotoSide || cfg.Height > maxPhotoSide ||
		cfg.Width*cfg.Height > MaxPhotoPixels {
		return fmt.Errorf("%w (%d×%d)", ErrTooManyPixels, cfg.Width, cfg.Height)
	}
	return nil
}

// onWhite flattens transparency onto white: JPEG has no alpha channel, and
// the cut-out product shots artisans make with phone apps would otherwise
// show on black.
func onWhite(img *image.NRGBA) *image.NRGBA {
	bg := imaging.New(img.Bounds().Dx(), img.Bounds().Dy(), color.White)
	return imaging.Overlay(bg, img, image.Point{}, 1)
}

// encodeJPEG encodes at quality 85, which keeps craft detail such as
// filigree and weave sharp while pages stay quick to load.
func encodeJPEG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}

// randomID returns 16 hex characters from crypto/rand, so keys reveal
// nothing about the upload and cannot be guessed from one another.
func randomID() string {
	var b [8]byte
	// crypto/rand.Read never returns an error since Go 1.24; it crashes
	// the program instead if the system has no randomness.
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
