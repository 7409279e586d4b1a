package media_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"kriya/internal/media"
)

// fullAfter is a Disk that fills up after its first n files, as a disk
// does when another upload takes the last free space in between.
type fullAfter struct {
	*media.Disk
	n int
}

func (f *fullAfter) Put(ctx context.Context, key string, r io.Reader) error {
	if f.n == 0 {
		return fmt.Errorf("media: put %s: %w: no space left on device", key, media.ErrStorage)
	}
	f.n--
	return f.Disk.Put(ctx, key, r)
}

// A photo is its Large and Thumb variants together or not at all: when the
// disk fills between the two, the Large one is taken back.
func TestSavePhotoOnFullStorageLeavesNothing(t *testing.T) {
	t.Parallel()
	for n := range 2 {
		t.Run(fmt.Sprintf("full after %d files", n), func(t *testing.T) {
			t.Parallel()
			disk, root := newDisk(t)
			_, err := media.SavePhoto(context.Background(), &fullAfter{disk, n}, "products", strings.NewReader(string(gradientJPEG(t, 800, 600))))
			if !errors.Is(err, media.ErrStorage) {
				t.Fatalf("err = %v, want ErrStorage", err)
			}
			assertNoFiles(t, root)
		})
	}
}

// assertNoFiles fails if any file is under root; the empty folders a
// failed upload may leave are harmless.
func assertNoFiles(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			t.Errorf("left behind: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
