// Package media stores files that users and the demo put in Kriya —
// product photos and their resized variants, later documents — behind a
// small interface, so object storage can replace the local disk.
package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"syscall"
)

// Storage keeps files under slash-separated keys such as
// "products/perak-ring/400.jpg". It is an fs.FS so the web layer can serve
// it as it serves any file system.
type Storage interface {
	fs.FS
	// Put stores r under key, replacing any file there. A failed Put leaves
	// nothing behind; when the storage itself refuses (full, read-only) the
	// error wraps ErrStorage.
	Put(ctx context.Context, key string, r io.Reader) error
	// Delete removes the file under key, if there is one. It takes back
	// the first file of a set whose later files could not be stored.
	Delete(ctx context.Context, key string) error
}

// ErrStorage means the storage refused to keep a file: the disk is full,
// read-only, or not writable by the server. The uploader can do nothing
// but try later, and the operator must look at the log.
var ErrStorage = errors.New("media: the storage cannot keep the file now; try again later")

// Image sizes: the longest side, in pixels, of the variants stored for
// every picture.
const (
	Large = 1000
	Thumb = 400
)

// VariantKey names the stored variant of an image at one size.
func VariantKey(imageKey string, size int) string {
	return path.Join(imageKey, strconv.Itoa(size)+".jpg")
}

// Disk is Storage in a folder of the local file system.
type Disk struct {
	root string
	fs.FS
}

// NewDisk stores files under root, creating it if needed.
func NewDisk(root string) (*Disk, error) {
	if err := os.MkdirAll(root, 0o750); err != nil {
		return nil, fmt.Errorf("media: %w", err)
	}
	return &Disk{root: root, FS: os.DirFS(root)}, nil
}

// Put writes to a temporary file and renames it into place, so readers
// never see half a file and a failure leaves nothing.
func (d *Disk) Put(ctx context.Context, key string, r io.Reader) (err error) {
	if !fs.ValidPath(key) || key == "." {
		return fmt.Errorf("media: invalid key %q", key)
	}
	dst := filepath.Join(d.root, filepath.FromSlash(key))
	defer func() {
		if refused(err) {
			err = fmt.Errorf("%w: %w", ErrStorage, err)
		}
	}()
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".upload-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = ctx.Err(); err != nil {
		tmp.Close()
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = errors.Join(tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	if err = os.Rename(tmp.Name(), dst); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Delete implements Storage.
func (d *Disk) Delete(ctx context.Context, key string) error {
	if !fs.ValidPath(key) || key == "." {
		return fmt.Errorf("media: invalid key %q", key)
	}
	if err := os.Remove(filepath.Join(d.root, filepath.FromSlash(key))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	return nil
}

// refused reports whether a file system error says the disk will not take
// the file, as opposed to a mistake in the request.
func refused(err error) bool {
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EACCES, syscall.EPERM, syscall.EFBIG} {
		if errors.Is(err, errno) {
			return true
		}
	}
	return false
}
