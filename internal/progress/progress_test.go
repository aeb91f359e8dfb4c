package progress

import (
	"os"
	"strings"
	"testing"
)

func TestSilentWhenNotATerminal(t *testing.T) {
	var sb strings.Builder
	if Enabled(&sb) {
		t.Fatal("a strings.Builder was taken for a terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if Enabled(w) {
		t.Fatal("a pipe was taken for a terminal")
	}
	update, done := Func(w, "loading")
	if update != nil {
		t.Fatal("a progress callback was returned for a pipe")
	}
	done() // must be safe to call
}
