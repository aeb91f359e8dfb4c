// Package progress shows a progress bar for long work on a terminal and
// stays silent when stderr is piped or in CI logs.
package progress

import (
	"io"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Enabled reports whether w is an interactive terminal outside CI.
func Enabled(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd())) && os.Getenv("CI") == ""
}

// Func returns a callback that draws a bar of total steps on w, or nil
// when w is not a terminal, and a function that finishes the bar (once,
// however often it is called).
func Func(w io.Writer, description string) (func(done, total int), func()) {
	if !Enabled(w) {
		return nil, func() {}
	}
	var bar *progressbar.ProgressBar
	update := func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription(description),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("rows"),
				progressbar.OptionThrottle(100_000_000),
				progressbar.OptionClearOnFinish(),
			)
		}
		_ = bar.Set(done)
	}
	finished := false
	return update, func() { // safe to call twice: a deferred call after an explicit one
		if bar != nil && !finished {
			finished = true
			_ = bar.Finish()
		}
	}
}
