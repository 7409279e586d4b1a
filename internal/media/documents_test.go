package media_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"io/fs"
	"regexp"
	"testing"

	"kriya/internal/media"
)

const minimalPDF = "%PDF-1.4\n" +
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" +
	"trailer << /Root 1 0 R >>\n" +
	"%%EOF\n"

func TestSaveDocumentAccepts(t *testing.T) {
	t.Parallel()
	var pngBytes bytes.Buffer
	if err := png.Encode(&pngBytes, gradient(30, 20)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		file        []byte
		contentType string
		key         *regexp.Regexp
	}{
		{"pdf", []byte(minimalPDF), "application/pdf", regexp.MustCompile(`^docs/[0-9a-f]{16}\.pdf$`)},
		{"jpeg", gradientJPEG(t, 30, 20), "image/jpeg", regexp.MustCompile(`^docs/[0-9a-f]{16}\.jpg$`)},
		{"png", pngBytes.Bytes(), "image/png", regexp.MustCompile(`^docs/[0-9a-f]{16}\.png$`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			disk, _ := newDisk(t)
			doc, err := media.SaveDocument(context.Background(), disk, "docs", bytes.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if !tt.key.MatchString(doc.Key) {
				t.Errorf("key %q does not match %v", doc.Key, tt.key)
			}
			if doc.ContentType != tt.contentType {
				t.Errorf("content type %q, want %q", doc.ContentType, tt.contentType)
			}
			if doc.Size != int64(len(tt.file)) {
				t.Errorf("size %d, want %d", doc.Size, len(tt.file))
			}
			stored, err := fs.ReadFile(disk, doc.Key)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(stored, tt.file) {
				t.Error("stored bytes differ from the upload")
			}
		})
	}
}

func TestSaveDocumentRefusals(t *testing.T) {
	t.Parallel()
	bigPDF := append([]byte(minimalPDF), make([]byte, 11<<20)...)
	tests := []struct {
		name string
		file []byte
		want error
	}{
		{"zip", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00rest of a zip"), media.ErrNotDocument},
		{"exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), media.ErrNotDocument},
		{"text named scan.pdf", []byte("hello"), media.ErrNotDocument},
		{"pdf marker not at the start", []byte("junk %PDF-1.4\n%%EOF"), media.ErrNotDocument},
		{"webp", []byte("RIFF\x24\x00\x00\x00WEBPVP8L"), media.ErrNotDocument},
		{"11 MB PDF", bigPDF, media.ErrTooLarge},
		{"PNG bomb", pngBomb(100000, 100000), media.ErrTooManyPixels},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			disk, root := newDisk(t)
			_, err := media.SaveDocument(context.Background(), disk, "docs", bytes.NewReader(tt.file))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			assertEmpty(t, root)
		})
	}
}
