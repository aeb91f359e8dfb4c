package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// File is one file of an export: its name in the folder and what fills it.
type File struct {
	Name  string
	Write func(w io.Writer) error
}

// tempPrefix starts the temporary names, so that a reader listing the folder
// for exports can skip them (and tests can find strays).
const tempPrefix = ".tmp-"

// WriteFiles writes every file to a temporary name in dir, then renames them
// all into place, and returns their paths. A failure (or ctx cancelled)
// before the renames removes the temporary files and leaves dir as it was.
// Renames within one folder are atomic, so a reader sees either the old
// file or the new one, never a part. Other writers of coopgraph's files
// (pictures, say) can use it too.
func WriteFiles(ctx context.Context, dir string, files []File) (paths []string, err error) {
	var temps []string
	defer func() {
		if err != nil {
			for _, t := range temps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("export abandoned before %s: %w", f.Name, err)
		}
		tmp, err := writeTemp(dir, f)
		if tmp != "" {
			temps = append(temps, tmp)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("export abandoned before renaming its files into place: %w", err)
	}
	// From here on nothing checks ctx: the renames are quick, and stopping
	// halfway would mix files of two exports.
	for i, f := range files {
		dst := filepath.Join(dir, f.Name)
		if err := os.Rename(temps[i], dst); err != nil {
			return paths, fmt.Errorf("export: moving %s into place: %w", dst, err)
		}
		temps[i] = "" // renamed: nothing to remove
		paths = append(paths, dst)
	}
	syncDir(dir)
	return paths, nil
}

// writeTemp writes f to a new temporary file in dir, flushed to disk, and
// returns its name (also on failure, so that the caller removes it).
func writeTemp(dir string, f File) (string, error) {
	t, err := os.CreateTemp(dir, tempPrefix+f.Name+"-*")
	if err != nil {
		return "", fmt.Errorf("export: creating %s in %s: %w", f.Name, dir, err)
	}
	name := t.Name()
	bw := bufio.NewWriterSize(t, 1<<16)
	werr := f.Write(bw)
	if werr == nil {
		werr = bw.Flush()
	}
	if werr == nil {
		werr = t.Sync()
	}
	if werr == nil {
		// CreateTemp makes files only the owner can read; exports are for
		// dashboards and colleagues.
		werr = t.Chmod(0o644)
	}
	cerr := t.Close()
	if err := errors.Join(werr, cerr); err != nil {
		return name, fmt.Errorf("export: writing %s: %w", filepath.Join(dir, f.Name), err)
	}
	return name, nil
}

// syncDir makes the renames durable; a failure only loses durability, not
// consistency, so it is not reported.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// IsTemp reports whether a file name in an export folder is a temporary file
// of an export in progress (or of one killed before it could clean up).
func IsTemp(name string) bool { return strings.HasPrefix(filepath.Base(name), tempPrefix) }
