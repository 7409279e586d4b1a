package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// MaxDocumentBytes is the largest document upload accepted: enough for a
// multi-page scan, small enough that an upload cannot fill the disk fast.
const MaxDocumentBytes = 10 << 20

// ErrNotDocument means the content is not a PDF, JPEG or PNG, whatever the
// file's name or declared type says.
var ErrNotDocument = errors.New("media: the file is not a PDF, JPEG or PNG")

// Document is a stored document, such as a scanned certificate. ContentType is the sniffed type, so the file can be served
// with it rather than with whatever the uploader's browser claimed.
type Document struct {
	Key, ContentType string
	Size             int64
}

// documentExts gives the key extension for each accepted content type, as
// http.DetectContentType names them; its PDF rule requires the file to
// start with "%PDF-".
var documentExts = map[string]string{
	"application/pdf": ".pdf",
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
}

// SaveDocument checks an uploaded document and stores its bytes unchanged
// under a new random key below prefix, with an extension chosen from the
// content, never from the upload's name. Unlike photos, documents are not
// re-encoded: they are records, and must stay as the uploader sent them.
func SaveDocument(ctx context.Context, s Storage, prefix string, r io.Reader) (Document, error) {
	b, err := readAtMost(r, MaxDocumentBytes)
	if err != nil {
		return Document{}, fmt.Errorf("media: save document: %w", err)
	}
	ct := http.DetectContentType(b)
	ext, ok := documentExts[ct]
	if !ok {
		return Document{}, fmt.Errorf("media: save document: %w", ErrNotDocument)
	}
	// Whoever opens an image document decodes it; refuse decompression
	// bombs now rather than hang a reader's browser later.
	if ct != "application/pdf" {
		if err := checkPixels(b); err != nil {
			return Document{}, fmt.Errorf("media: save document: %w", err)
		}
	}
	key := prefix + "/" + randomID() + ext
	if err := s.Put(ctx, key, bytes.NewReader(b)); err != nil {
		return Document{}, fmt.Errorf("media: save document: %w", err)
	}
	return Document{Key: key, ContentType: ct, Size: int64(len(b))}, nil
}
