package seed

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/docker/go-units"
)

// DefaultMaxFileSize bounds one dataset file (Options.MaxFileSize): the
// curated files are well under 1 MB, the synthetic benchmark's about 7 MB.
const DefaultMaxFileSize = 64 << 20

// ParseSize reads a file size such as 64MiB, 512k or 1000000 (bytes; k,
// m and g are powers of 1024, with or without "iB" or "B").
func ParseSize(s string) (int64, error) {
	n, err := units.RAMInBytes(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("not a size: write it like 64MiB, 512k or 1000000 (bytes)")
	}
	return n, nil
}

// readFile reads one dataset file into buf (reused when large enough), or
// says why it will not: it is not a regular file (a folder, a device such
// as /dev/zero, a named pipe that would block forever), or it is over limit
// bytes. Both are checked before a byte is read, and again on the open
// file, which may have been swapped; the size once more while reading.
func readFile(fsys fs.FS, name string, limit int64, buf []byte) ([]byte, string) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Sprintf("cannot read: %v", err)
	}
	if msg := checkFile(fi, limit); msg != "" {
		return nil, msg
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Sprintf("cannot read: %v", err)
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, fmt.Sprintf("cannot read: %v", err)
	}
	if msg := checkFile(fi, limit); msg != "" {
		return nil, msg
	}
	if need := int(fi.Size()) + 1; cap(buf) < need {
		buf = make([]byte, 0, need)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return nil, tooLarge(int64(len(buf)), limit)
		}
		if err == io.EOF {
			return buf, ""
		}
		if err != nil {
			return nil, fmt.Sprintf("cannot read: %v", err)
		}
	}
}

func checkFile(fi fs.FileInfo, limit int64) string {
	m := fi.Mode()
	if !m.IsRegular() {
		what := "not a regular file"
		switch {
		case m.IsDir():
			what = "a folder"
		case m&fs.ModeNamedPipe != 0:
			what = "a named pipe (FIFO)"
		case m&fs.ModeSocket != 0:
			what = "a socket"
		case m&fs.ModeCharDevice != 0:
			what = "a character device"
		case m&fs.ModeDevice != 0:
			what = "a block device"
		}
		return fmt.Sprintf("not a regular file: it is (or links to) %s; dataset files must be plain files", what)
	}
	if fi.Size() > limit {
		return tooLarge(fi.Size(), limit)
	}
	return ""
}

func tooLarge(size, limit int64) string {
	return fmt.Sprintf("file is %s, over the limit of %s: split it into several files (all files of the folder are one dataset), or raise the limit (--max-file-size)",
		units.BytesSize(float64(size)), units.BytesSize(float64(limit)))
}

// dirFS is os.DirFS, but opens files without blocking: should a named pipe
// take a file's place between the check and the open, the open does not
// wait for a writer.
type dirFS string

func (d dirFS) path(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(string(d), filepath.FromSlash(name)), nil
}

func (d dirFS) Open(name string) (fs.File, error) {
	p, err := d.path("open", name)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_RDONLY|openNonBlock, 0)
}

func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	p, err := d.path("stat", name)
	if err != nil {
		return nil, err
	}
	return os.Stat(p)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := d.path("readdir", name)
	if err != nil {
		return nil, err
	}
	return os.ReadDir(p)
}
