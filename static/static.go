// Package static embeds the storefront's CSS, scripts and images and serves
// them under fingerprinted names, so browsers may cache them for a year and
// still see every change.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
)

//go:embed css js img
var files embed.FS

// Assets maps each embedded file to its fingerprinted URL and back.
type Assets struct {
	urls  map[string]string // "css/app.css" → "/static/css/app.1a2b3c4d.css"
	names map[string]string // "css/app.1a2b3c4d.css" → "css/app.css"
	FS    fs.FS
}

// Load fingerprints every embedded file once, at start.
func Load() (*Assets, error) {
	a := &Assets{urls: map[string]string{}, names: map[string]string{}, FS: files}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.urls[name] = "/static/" + hashed
		a.names[hashed] = name
		return nil
	})
	return a, err
}

// URL returns the fingerprinted URL of a file such as "css/app.css". An
// unknown name panics at template execution, so a typo fails every test
// that renders the page.
func (a *Assets) URL(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic("static: no file " + name)
	}
	return u
}

// Name returns the embedded file behind a fingerprinted name, if any.
func (a *Assets) Name(hashed string) (string, bool) {
	n, ok := a.names[hashed]
	return n, ok
}
