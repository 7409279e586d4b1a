package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"kriya/internal/fault"
	"kriya/internal/media"
)

var photoKey = regexp.MustCompile(`^products/[0-9a-f]{16}$`)

func TestSavePhotoResizesLargeJPEG(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	photo, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(gradientJPEG(t, 4000, 3000)))
	if err != nil {
		t.Fatal(err)
	}
	if !photoKey.MatchString(photo.Key) {
		t.Errorf("key %q does not match %v", photo.Key, photoKey)
	}
	if photo.Width != 1000 || photo.Height != 750 {
		t.Errorf("photo is %d×%d, want 1000×750", photo.Width, photo.Height)
	}
	assertVariant(t, disk, photo.Key, media.Large, 1000, 750)
	assertVariant(t, disk, photo.Key, media.Thumb, 400, 300)
}

func TestSavePhotoAcceptsPNGAndWebP(t *testing.T) {
	t.Parallel()
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, gradient(1200, 800)); err != nil {
		t.Fatal(err)
	}
	webp, err := os.ReadFile("testdata/small.webp") // 64×48 lossless, made with cwebp
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		file           []byte
		largeW, largeH int
		thumbW, thumbH int
	}{
		{"png", pngBytes.Bytes(), 1000, 666, 400, 266},
		// Smaller than both sizes: kept as is, never upscaled.
		{"webp", webp, 64, 48, 64, 48},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			disk, _ := newDisk(t)
			photo, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if photo.Width != tt.largeW || photo.Height != tt.largeH {
				t.Errorf("photo is %d×%d, want %d×%d", photo.Width, photo.Height, tt.largeW, tt.largeH)
			}
			assertVariant(t, disk, photo.Key, media.Large, tt.largeW, tt.largeH)
			assertVariant(t, disk, photo.Key, media.Thumb, tt.thumbW, tt.thumbH)
		})
	}
}

// A 12 MB phone photo must pass; padding after the end-of-image marker
// gives a real JPEG that size without a slow encode.
func TestSavePhotoAccepts12MB(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	b := gradientJPEG(t, 400, 300)
	b = append(b, make([]byte, 12<<20-len(b))...)
	if _, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}

func TestSavePhotoFlattensTransparencyOnWhite(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, 50, 50))); err != nil { // fully transparent
		t.Fatal(err)
	}
	photo, err := media.SavePhoto(context.Background(), disk, "products", &b)
	if err != nil {
		t.Fatal(err)
	}
	img := assertVariant(t, disk, photo.Key, media.Large, 50, 50)
	if r, g, bl, _ := img.At(25, 25).RGBA(); r>>8 < 250 || g>>8 < 250 || bl>>8 < 250 {
		t.Errorf("transparent pixel became %v, want white", img.At(25, 25))
	}
}

func TestSavePhotoHonoursEXIFOrientationAndStripsEXIF(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	// Left half red, right half blue, stored 400×200 with Orientation 6:
	// shown upright it is 200×400 with red on top.
	img := image.NewRGBA(image.Rect(0, 0, 400, 200))
	for y := range 200 {
		for x := range 400 {
			c := color.RGBA{R: 255, A: 255}
			if x >= 200 {
				c = color.RGBA{B: 255, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	withEXIF := insertAfterSOI(enc.Bytes(), app1(exifOrientation6WithGPS()))

	photo, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(withEXIF))
	if err != nil {
		t.Fatal(err)
	}
	large := assertVariant(t, disk, photo.Key, media.Large, 200, 400)
	if r, _, b, _ := large.At(100, 50).RGBA(); r>>8 < 200 || b>>8 > 60 {
		t.Errorf("top is %v, want red", large.At(100, 50))
	}
	if r, _, b, _ := large.At(100, 350).RGBA(); b>>8 < 200 || r>>8 > 60 {
		t.Errorf("bottom is %v, want blue", large.At(100, 350))
	}
	for _, size := range []int{media.Large, media.Thumb} {
		stored, err := fs.ReadFile(disk, media.VariantKey(photo.Key, size))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range jpegMarkers(t, stored) {
			if m == 0xE1 {
				t.Errorf("variant %d keeps an APP1 (EXIF) segment", size)
			}
		}
		if bytes.Contains(stored, []byte("Exif")) {
			t.Errorf("variant %d contains EXIF", size)
		}
	}
}

func TestSavePhotoRefusals(t *testing.T) {
	t.Parallel()
	good := gradientJPEG(t, 400, 300)
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"text named photo.jpg", []byte("hello"), media.ErrNotImage},
		{"empty", nil, media.ErrNotImage},
		{"gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), media.ErrNotImage},
		{"16 MB", append(bytes.Clone(good), make([]byte, 16<<20)...), media.ErrTooLarge},
		{"one byte over the limit", append(bytes.Clone(good), make([]byte, media.MaxPhotoBytes+1-len(good))...), media.ErrTooLarge},
		{"100000×100000 PNG", pngBomb(100000, 100000), media.ErrTooManyPixels},
		{"side over 12000", pngBomb(12001, 10), media.ErrTooManyPixels},
		{"truncated JPEG", good[:len(good)/2], media.ErrUnreadable},
		{"JPEG signature only", []byte("\xFF\xD8\xFF\xE0garbage"), media.ErrUnreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			disk, root := newDisk(t)
			_, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(tt.file))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			assertEmpty(t, root)
		})
	}
}

// The bomb must be refused from its header, before the decoder allocates
// the 30 GB its pixels would take. The test is not parallel so that other
// tests' allocations do not count.
func TestSavePhotoRefusesBombWithoutDecoding(t *testing.T) {
	disk, root := newDisk(t)
	bomb := pngBomb(100000, 100000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(bomb))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, media.ErrTooManyPixels) {
		t.Fatalf("err = %v, want ErrTooManyPixels", err)
	}
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
		t.Errorf("refusing the bomb allocated %d bytes", allocated)
	}
	assertEmpty(t, root)
}

func TestSavePhotoReadsNoMoreThanTheLimit(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	r := &countingReader{r: io.LimitReader(zeros{}, 1<<30)}
	_, err := media.SavePhoto(context.Background(), disk, "products", r)
	if !errors.Is(err, media.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if r.n > media.MaxPhotoBytes+1 {
		t.Errorf("read %d bytes of an endless upload", r.n)
	}
}

func newDisk(t *testing.T) (*media.Disk, string) {
	t.Helper()
	root := t.TempDir()
	disk, err := media.NewDisk(root)
	if err != nil {
		t.Fatal(err)
	}
	return disk, root
}

// assertVariant checks that a stored variant is a JPEG of the given size
// and returns its pixels.
func assertVariant(t *testing.T, disk *media.Disk, key string, size, w, h int) image.Image {
	t.Helper()
	b, err := fs.ReadFile(disk, media.VariantKey(key, size))
	if err != nil {
		t.Fatal(err)
	}
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("variant %d: %v", size, err)
	}
	if format != "jpeg" {
		t.Errorf("variant %d is %s, want jpeg", size, format)
	}
	if got := img.Bounds().Size(); got != image.Pt(w, h) {
		t.Errorf("variant %d is %d×%d, want %d×%d", size, got.X, got.Y, w, h)
	}
	return img
}

// assertEmpty fails if anything at all, even a temporary file, was
// written under root.
func assertEmpty(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != root {
			t.Errorf("left behind: %s", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func gradient(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	return img
}

func gradientJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gradient(w, h), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngBomb is a valid PNG header claiming w×h RGB pixels, followed by a
// tiny IDAT: the whole file is under 100 bytes.
func pngBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB, deflate, no filter, no interlace
	writePNGChunk(&b, "IHDR", ihdr)
	writePNGChunk(&b, "IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01}) // zlib of one zero byte
	writePNGChunk(&b, "IEND", nil)
	return b.Bytes()
}

func writePNGChunk(b *bytes.Buffer, typ string, data []byte) {
	b.Write(binary.BigEndian.AppendUint32(nil, uint32(len(data))))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	b.Write(binary.BigEndian.AppendUint32(nil, crc.Sum32()))
}

// exifOrientation6WithGPS is a little-endian TIFF structure as phones
// write it: IFD0 with Orientation = 6 (rotate 90° clockwise to display)
// and a pointer to a GPS IFD holding a latitude reference.
func exifOrientation6WithGPS() []byte {
	le := binary.LittleEndian
	b := []byte("II*\x00")
	b = le.AppendUint32(b, 8) // IFD0 right after the header
	b = le.AppendUint16(b, 2) // two entries
	// Orientation, SHORT, count 1, value 6 (left-justified in the 4 bytes).
	b = le.AppendUint16(b, 0x0112)
	b = le.AppendUint16(b, 3)
	b = le.AppendUint32(b, 1)
	b = le.AppendUint16(b, 6)
	b = le.AppendUint16(b, 0)
	// GPSInfo IFD pointer, LONG, count 1, offset of the GPS IFD:
	// header 8 + count 2 + two entries 24 + next-IFD offset 4 = 38.
	b = le.AppendUint16(b, 0x8825)
	b = le.AppendUint16(b, 4)
	b = le.AppendUint32(b, 1)
	b = le.AppendUint32(b, 38)
	b = le.AppendUint32(b, 0) // no IFD1
	// GPS IFD: GPSLatitudeRef, ASCII, count 2, "S\x00" (Bali is south).
	b = le.AppendUint16(b, 1)
	b = le.AppendUint16(b, 0x0001)
	b = le.AppendUint16(b, 2)
	b = le.AppendUint32(b, 2)
	b = append(b, 'S', 0, 0, 0)
	b = le.AppendUint32(b, 0)
	return b
}

// app1 wraps a TIFF structure in a JPEG APP1 EXIF segment.
func app1(tiff []byte) []byte {
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	return append(seg, payload...)
}

func insertAfterSOI(jpg, segment []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, segment...)
	return append(out, jpg[2:]...)
}

// jpegMarkers lists the markers of the segments before the image data.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	if len(b) < 2 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("not a JPEG")
	}
	var markers []byte
	for i := 2; ; {
		if i+4 > len(b) || b[i] != 0xFF {
			t.Fatalf("bad segment at %d", i)
		}
		m := b[i+1]
		markers = append(markers, m)
		if m == 0xDA { // start of scan: entropy-coded data follows
			return markers
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// Finding 9: pixels, not bytes, decide what a photo costs to decode. A
// real PNG of 27 megapixels, a few hundred kilobytes on the wire, is
// refused from its header with a message that says the limit; before the
// limit was lowered to 25 MP it was decoded and stored.
func TestSmallImagesCostALot_OverPixelLimitRefused(t *testing.T) {
	t.Parallel()
	disk, root := newDisk(t)
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, image.NewGray(image.Rect(0, 0, 6000, 4500))); err != nil {
		t.Fatal(err)
	}
	_, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(b.Bytes()))
	if !errors.Is(err, media.ErrTooManyPixels) || !strings.Contains(err.Error(), "25 megapixels") {
		t.Fatalf("err = %v, want ErrTooManyPixels saying the limit", err)
	}
	assertEmpty(t, root)
}

// Finding 9, the other side of the limit: a 12 MP phone photo (4000×3000)
// still passes. (A guard for the new limit: it passed before too.)
func TestSmallImagesCostALot_12MPPhonePhotoPasses(t *testing.T) {
	t.Parallel()
	disk, _ := newDisk(t)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 4000, 3000)), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	p, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	assertVariant(t, disk, p.Key, media.Large, 1000, 750)
}

// Finding 9: decoding runs in a bounded number of slots. With every slot
// taken, an upload waits until its deadline and is then refused with
// ErrBusy, an Unavailable error (503 with Retry-After), storing nothing;
// once a slot frees, the same photo goes through. Not parallel, so that no
// other test's upload waits behind the taken slots.
func TestSmallImagesCostALot_DecodeWaitsForASlot(t *testing.T) {
	disk, root := newDisk(t)
	photo := gradientJPEG(t, 400, 300)
	release := media.TakeAllDecodeSlots()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := media.SavePhoto(ctx, disk, "products", bytes.NewReader(photo))
	release()
	if !errors.Is(err, media.ErrBusy) || fault.KindOf(err) != fault.Unavailable {
		t.Fatalf("err = %v (kind %v), want ErrBusy, Unavailable", err, fault.KindOf(err))
	}
	assertEmpty(t, root)
	if _, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(photo)); err != nil {
		t.Fatalf("after the slots freed: %v", err)
	}
}

// A photo stored for a form that is then refused is taken back whole.
func TestDeletePhotoRemovesBothVariants(t *testing.T) {
	t.Parallel()
	disk, root := newDisk(t)
	p, err := media.SavePhoto(context.Background(), disk, "products", bytes.NewReader(gradientJPEG(t, 400, 300)))
	if err != nil {
		t.Fatal(err)
	}
	if err := media.DeletePhoto(context.Background(), disk, p.Key); err != nil {
		t.Fatal(err)
	}
	left, err := fs.Glob(os.DirFS(root), "products/*/*")
	if err != nil || len(left) > 0 {
		t.Errorf("left behind: %v %v", left, err)
	}
}
