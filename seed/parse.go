package seed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/coopgraph/coopgraph/internal/fuzzy"

	"go.yaml.in/yaml/v3"

	"github.com/coopgraph/coopgraph/graph"
)

// Problem is one thing wrong with the dataset, at a file and line (line 0:
// the file as a whole).
type Problem struct {
	Pos graph.Origin
	Msg string
	// rank orders problems by cause: 0 for a file that cannot be read or
	// parsed (what it would have defined is unknown, so it comes first),
	// 1 for the rest, 2 for what probably follows from a rank 0 problem.
	rank int
}

func (p Problem) String() string {
	switch {
	case p.Pos.File == "":
		return p.Msg
	case p.Pos.Line == 0:
		return p.Pos.File + ": " + p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Problems is every problem found in one run; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return fmt.Sprintf("%d problem(s) in the dataset:\n%s", len(ps), strings.Join(lines, "\n"))
}

func (ps *Problems) add(pos graph.Origin, format string, a ...any) {
	*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, a...), rank: 1})
}

// consequence records a problem that probably follows from a file that
// could not be read.
func (ps *Problems) consequence(pos graph.Origin, format string, a ...any) {
	*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, a...), rank: 2})
}

// maxConsequences is how many of the problems that follow from unreadable
// files are listed; the rest are counted.
const maxConsequences = 10

// condensed keeps the first maxConsequences consequences of lost files and
// counts the rest in one line: a broken core file would otherwise bury its
// own message under a thousand references to what it defines.
func (ps Problems) condensed(lost []lostFile) Problems {
	n := 0
	out := ps[:0]
	for _, p := range ps {
		if p.rank == 2 {
			if n++; n > maxConsequences {
				continue
			}
		}
		out = append(out, p)
	}
	if n > maxConsequences {
		names := make([]string, len(lost))
		for i, f := range lost {
			names[i] = f.name
		}
		it := "it"
		if len(names) > 1 {
			it = "them"
		}
		out = append(out, Problem{Msg: fmt.Sprintf("... and %d more references to ids that %s may define: fix %s first, then validate again", n-maxConsequences, strings.Join(names, ", "), it), rank: 2})
	}
	return out
}

// fileProblem records a problem with a file as a whole or with its syntax.
func (ps *Problems) fileProblem(pos graph.Origin, format string, a ...any) {
	*ps = append(*ps, Problem{Pos: pos, Msg: fmt.Sprintf(format, a...)})
}

// sorted orders problems by cause first, then by file and line.
func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].rank != ps[j].rank {
			return ps[i].rank < ps[j].rank
		}
		if ps[i].Pos.File != ps[j].Pos.File {
			return ps[i].Pos.File < ps[j].Pos.File
		}
		return ps[i].Pos.Line < ps[j].Pos.Line
	})
	return ps
}

// raw is what the files say, before references are checked and ties merged.
type raw struct {
	digest   string
	sources  []graph.Source
	entities []graph.Entity
	ties     []graph.Tie // every tie statement, in file order
	uncited  []graph.Uncited
	// malformed holds the indexes in ties of statements whose evidence
	// list had a problem, reported while reading.
	malformed map[int]bool
	// broken holds the ids of sources and entities whose item could not be
	// read: they exist, so references to them are not problems of their own.
	broken map[string]bool
	// lost are the files whose content is unknown, so that problems that
	// may follow from them can say so.
	lost []lostFile
}

// lostFile is a file that could not be read or parsed.
type lostFile struct {
	name  string
	empty bool
	ids   map[string]bool // ids the file seems to define (a line scan: it did not parse)
}

// fileResult is what one file holds.
type fileResult struct {
	data      []byte // the file's bytes, until they are hashed
	sources   []graph.Source
	entities  []graph.Entity
	ties      []graph.Tie
	uncited   []graph.Uncited
	malformed []int // indexes in ties, as raw.malformed
	broken    []string
	probs     Problems
	lost      *lostFile
}

// maxWorkers bounds the files parsed at once: each holds up to
// MaxFileSize bytes and its part's nodes.
const maxWorkers = 4

// parse reads every *.yaml file of fsys (top level), checking syntax, keys
// and field types; it goes on after a problem so that all are reported.
// Files are read and parsed in parallel (each by one worker, in parts), and
// merged in name order, so that the result does not depend on timing.
func parse(fsys fs.FS, opt Options) (raw, Problems) {
	r := raw{broken: map[string]bool{}, malformed: map[int]bool{}}
	var probs Problems
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		probs.fileProblem(graph.Origin{}, "listing the dataset files: %v", err)
		return r, probs
	}
	if len(names) == 0 {
		probs.fileProblem(graph.Origin{}, "no dataset files (*.yaml) found: point --data at the folder that holds them")
		return r, probs
	}
	sort.Strings(names)
	workers := max(1, min(runtime.GOMAXPROCS(0), maxWorkers, len(names)))

	// Tie statements are most of a large dataset. Counted first (cutting a
	// file into parts is cheap), they are decoded straight into one slice,
	// file after file, which the validator then merges in place: the
	// statements and the merged ties never both exist in full.
	counts := make([]int, len(names))
	bufs := make(chan []byte, workers+1) // file buffers, reused
	for range workers + 1 {
		bufs <- nil
	}
	each(workers, len(names), func(i int) {
		buf := <-bufs
		b, msg := readFile(fsys, names[i], opt.MaxFileSize, buf)
		if msg == "" {
			counts[i] = tieItems(b)
			buf = b
		}
		bufs <- buf
	})
	offsets := make([]int, len(names))
	total := 0
	for i, n := range counts {
		offsets[i] = total
		if n < 0 || total < 0 {
			total = -1 // some file's count is unknown: each file gets its own slice
			continue
		}
		total += n
	}
	if total >= 0 {
		r.ties = make([]graph.Tie, 0, total)
	}
	backing := r.ties // the workers' view; the collector moves r.ties along it
	shared := total >= 0

	results := make([]chan *fileResult, len(names))
	for i := range results {
		results[i] = make(chan *fileResult, 1)
	}
	// window bounds the files read but not yet hashed: a fast worker does not
	// run ahead holding the bytes of many files.
	window := make(chan struct{}, workers+1)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{intern: map[string]string{}, fast: newFastParser()}
			for {
				window <- struct{}{}
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					<-window
					return
				}
				var ties []graph.Tie
				if total >= 0 {
					// This file's own stretch of r.ties; the collector only
					// writes below it.
					ties = backing[offsets[i] : offsets[i] : offsets[i]+counts[i]]
				}
				results[i] <- w.readAndParse(fsys, names[i], opt.MaxFileSize, <-bufs, ties)
			}
		}()
	}
	h := sha256.New()
	for i, name := range names {
		res := <-results[i]
		<-window
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(res.data))
		h.Write(res.data)
		bufs <- res.data // every string was copied out of it
		res.data = nil
		r.sources = append(r.sources, res.sources...)
		r.entities = append(r.entities, res.entities...)
		r.uncited = append(r.uncited, res.uncited...)
		for _, j := range res.malformed {
			r.malformed[len(r.ties)+j] = true
		}
		if shared && len(r.ties)+len(res.ties) > offsets[i]+counts[i] {
			// The file grew after it was counted: appending in place would
			// write into the next file's stretch, so leave the shared slice.
			r.ties, shared = slices.Clip(r.ties), false
		}
		// Moves the file's statements down to follow the previous file's
		// (a file whose items did not all decode leaves a gap), in place.
		r.ties = append(r.ties, res.ties...)
		for _, id := range res.broken {
			r.broken[id] = true
		}
		if res.lost != nil {
			r.lost = append(r.lost, *res.lost)
		}
		probs = append(probs, res.probs...)
	}
	wg.Wait()
	clear(r.ties[len(r.ties):cap(r.ties)])
	r.digest = hex.EncodeToString(h.Sum(nil))[:12]
	return r, probs
}

// each runs fn(0) ... fn(n-1) on workers goroutines.
func each(workers, n int, fn func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

// worker is what one parsing goroutine keeps from file to file.
type worker struct {
	intern map[string]string
	fast   *fastParser // nil: yaml.v3 reads every part
}

func (w *worker) fastParse(b []byte) (*yaml.Node, bool) {
	if w.fast == nil {
		return nil, false
	}
	return w.fast.parse(b)
}

// readAndParse reads and parses one file, decoding its tie statements into
// ties (appended to, from length 0).
func (w *worker) readAndParse(fsys fs.FS, name string, limit int64, buf []byte, ties []graph.Tie) *fileResult {
	res := &fileResult{ties: ties, data: buf[:0]}
	b, msg := readFile(fsys, name, limit, buf)
	if msg != "" {
		res.probs.fileProblem(graph.Origin{File: name}, "%s", msg)
		res.lost = &lostFile{name: name}
		return res
	}
	if len(b) == 0 {
		res.probs.fileProblem(graph.Origin{File: name}, "%s", emptyFile)
		res.lost = &lostFile{name: name, empty: true}
		return res
	}
	// parseFile overwrites characters that do not belong in a text file
	// before the bytes are hashed; no matter: such a file is never loaded.
	res.data = b
	w.parseFile(name, b, res)
	return res
}

const emptyFile = "empty file: it holds no sources, entities, ties or uncited lines; restore its content, or delete the file"

// lists are the top-level keys a file may have.
var lists = []string{"sources", "entities", "ties", "uncited"}

func (w *worker) parseFile(name string, b []byte, res *fileResult) {
	d := &decoder{file: name, probs: &res.probs, intern: w.intern}
	bad := scanBytes(b)
	for _, p := range bad {
		res.probs.fileProblem(graph.Origin{File: name, Line: p.line}, "%s %s at column %d: %s", fieldAt(b, p.line, p.column), p.what, p.column, p.fix)
	}
	if len(bad) == maxByteProblems {
		res.probs.fileProblem(graph.Origin{File: name}, "stopped after %d characters that do not belong in a text file: is it one?", maxByteProblems)
		res.lost = &lostFile{name: name}
		return
	}
	secs, empty, ok := split(b)
	switch {
	case empty:
		res.probs.fileProblem(graph.Origin{File: name}, "%s", emptyFile)
		res.lost = &lostFile{name: name, empty: true}
	case ok && w.parseParts(d, b, secs, res):
	default:
		parseWhole(d, b, res, nil)
	}
}

// partFailure is the first part of a file that did not parse on its own.
type partFailure struct {
	b    []byte
	line int // the part's first line in the file
	msg  string
}

// wholeParseLimit: a file up to this size whose part fails to parse is
// parsed whole (exact, whatever the reason); a larger one only when the
// part's error may come from where the part was cut.
const wholeParseLimit = 8 << 20

// parseParts reads the file part by part. It returns false, having changed
// nothing, when the file must be parsed whole instead.
func (w *worker) parseParts(d *decoder, b []byte, secs []section, res *fileResult) bool {
	got := fileResult{ties: res.ties[:0]} // kept only if every part parses
	pd := *d
	pd.probs = &got.probs
	keyLine := map[string]int{}
	for _, s := range secs {
		at := graph.Origin{File: d.file, Line: s.line}
		if first, dup := keyLine[s.key]; dup {
			got.probs.fileProblem(at, "top-level key %q is given twice (lines %d and %d): put all its items under one", s.key, first, s.line)
		} else {
			keyLine[s.key] = s.line
		}
		known := slices.Contains(lists, s.key)
		if !known {
			got.probs.fileProblem(at, "unknown top-level key %q: use sources, entities, ties or uncited", s.key)
		}
		for _, p := range s.parts {
			if root, ok := w.fastParse(b[p.start:p.end]); ok {
				if known {
					pd.off, pd.fast = p.line-1, true
					for _, n := range root.Content {
						pd.item(s.key, n, &got)
					}
				}
				continue
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(b[p.start:p.end], &doc); err != nil {
				_, msg := yamlError(err)
				f := &partFailure{b: b[p.start:p.end], line: p.line, msg: msg}
				if len(b) > wholeParseLimit && !mayBeCut(msg) {
					syntaxProblem(d, b, msg, 0, f, res)
					return true
				}
				parseWhole(d, b, res, f)
				return true
			}
			if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode {
				return false
			}
			if !known {
				continue
			}
			pd.off, pd.fast = p.line-1, false
			for _, n := range doc.Content[0].Content {
				pd.item(s.key, n, &got)
			}
		}
	}
	res.sources, res.entities, res.ties, res.uncited, res.malformed, res.broken = got.sources, got.entities, got.ties, got.uncited, got.malformed, got.broken
	res.probs = append(res.probs, got.probs...)
	return true
}

// mayBeCut reports whether a part's syntax error may come from where the
// part was cut (a quoted text or a bracket open at its end, an anchor
// defined in an earlier part) rather than from the file.
func mayBeCut(msg string) bool {
	return strings.Contains(msg, "end of stream") || strings.HasPrefix(msg, "did not find expected ','") || strings.HasPrefix(msg, "unknown anchor")
}

// parseWhole reads the file as one document; part, when not nil, is the
// part that failed to parse on its own.
func parseWhole(d *decoder, b []byte, res *fileResult, part *partFailure) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		line, msg := yamlError(err)
		syntaxProblem(d, b, msg, line, part, res)
		return
	}
	if len(doc.Content) == 0 {
		res.probs.fileProblem(graph.Origin{File: d.file}, "%s", emptyFile)
		res.lost = &lostFile{name: d.file, empty: true}
		return
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		res.probs.fileProblem(d.at(top), "the file must be a mapping with the lists sources, entities, ties and/or uncited")
		res.lost = &lostFile{name: d.file, ids: guessIDs(b)}
		return
	}
	keyLine := map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if first, dup := keyLine[k.Value]; dup {
			res.probs.fileProblem(d.at(k), "top-level key %s is given twice (lines %d and %d): put all its items under one", quote(k.Value), first, k.Line)
		} else {
			keyLine[k.Value] = k.Line
		}
		if !slices.Contains(lists, k.Value) {
			res.probs.fileProblem(d.at(k), "unknown top-level key %s: use sources, entities, ties or uncited", quote(k.Value))
			continue
		}
		if v.Kind != yaml.SequenceNode {
			res.probs.fileProblem(d.at(v), "%s must be a list (items starting with \"- \")", k.Value)
			continue
		}
		for _, n := range v.Content {
			d.item(k.Value, n, res)
		}
	}
}

// syntaxProblem reports that the file is not valid YAML, at the line of the
// fault, and marks the file as lost.
func syntaxProblem(d *decoder, b []byte, msg string, line int, part *partFailure, res *fileResult) {
	switch {
	case part != nil && part.msg == msg:
		// The part starts where every part before it parsed: the fault is
		// found in it as in the whole, at a fraction of the cost.
		line = part.line - 1 + faultLine(part.b, msg)
	case len(b) <= 1<<20:
		line = faultLine(b, msg)
	case parserError(msg):
		line++ // yaml.v3 names the 0-based line where the enclosing list or mapping starts
	}
	line = max(line, 1)
	switch q := unclosedQuote(b, line); {
	case q == line:
		res.probs.fileProblem(graph.Origin{File: d.file, Line: line}, "not valid YAML: a quote opened on this line is not closed (%s)", msg)
	case q > 0:
		// Dataset texts stand on one line: a quote left open there runs on
		// until the next quote character, and the parser fails further down.
		res.probs.fileProblem(graph.Origin{File: d.file, Line: q}, "not valid YAML: a quote opened on this line is not closed on it (the parser stops at line %d: %s)", line, msg)
	default:
		res.probs.fileProblem(graph.Origin{File: d.file, Line: line}, "not valid YAML: %s%s", msg, syntaxHint(msg))
	}
	res.lost = &lostFile{name: d.file, ids: guessIDs(b)}
	res.sources, res.entities, res.ties, res.malformed, res.broken = nil, nil, res.ties[:0], nil, nil
}

// unclosedQuote returns the last of the first upto lines of b whose value
// opens a quote that the line does not close, or 0.
func unclosedQuote(b []byte, upto int) int {
	last := 0
	for n, l := range bytes.Split(b, []byte("\n")) {
		if n == upto {
			break
		}
		v := bytes.TrimLeft(l, " ")
		for bytes.HasPrefix(v, []byte("- ")) {
			v = bytes.TrimLeft(v[2:], " ")
		}
		if i := bytes.Index(v, []byte(": ")); i > 0 && !bytes.ContainsAny(v[:i], "\"'") {
			v = bytes.TrimLeft(v[i+2:], " ")
		}
		if len(v) == 0 || v[0] != '"' && v[0] != '\'' {
			continue
		}
		closed := false
		for i := 1; i < len(v); i++ {
			switch {
			case v[0] == '"' && v[i] == '\\':
				i++
			case v[i] == v[0] && v[0] == '\'' && i+1 < len(v) && v[i+1] == '\'':
				i++
			case v[i] == v[0]:
				closed = true
			}
			if closed {
				break
			}
		}
		if !closed {
			last = n + 1
		}
	}
	return last
}

// syntaxHint says what to do about one of yaml.v3's syntax errors.
func syntaxHint(msg string) string {
	switch {
	case strings.Contains(msg, "tab character"):
		return ": indent with spaces, not tabs"
	case parserError(msg):
		return ": check this line's indentation and brackets against the lines above it"
	}
	return ""
}

// parserError reports whether msg comes from yaml.v3's parser (as opposed
// to its scanner); see go.yaml.in/yaml/v3 parserc.go.
func parserError(msg string) bool {
	for _, p := range []string{"did not find expected <", "did not find expected node content", "did not find expected '-' indicator",
		"did not find expected key", "did not find expected ',' or "} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError splits one of yaml.v3's errors into the line it names and the message.
func yamlError(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// faultLine finds the line of b at which parsing fails with msg: the
// shortest run of b's first lines that fails the same way. yaml.v3 names
// the line where the enclosing list or mapping starts, not that of the
// fault, and does not expose the other.
func faultLine(b []byte, msg string) int {
	var ends []int // ends[i]: offset just past line i+1
	for i, c := range b {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(b) {
		ends = append(ends, len(b))
	}
	lo, hi := 1, len(ends)
	for lo < hi {
		mid := (lo + hi) / 2
		var n yaml.Node
		err := yaml.Unmarshal(b[:ends[mid-1]], &n)
		if _, m := yamlErrorOrEmpty(err); m == msg {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

func yamlErrorOrEmpty(err error) (int, string) {
	if err == nil {
		return 0, ""
	}
	return yamlError(err)
}

// guessIDs reads the ids a file that does not parse seems to define, so
// that problems elsewhere that follow from it can be marked as such.
var idLine = regexp.MustCompile(`(?m)^[ \t\-{]*id:[ \t]*["']?([^"'\s#,{}\[\]]+)`)

func guessIDs(b []byte) map[string]bool {
	ids := map[string]bool{}
	for _, m := range idLine.FindAllSubmatch(b, -1) {
		ids[string(m[1])] = true
	}
	return ids
}

// suggest offers the closest of candidates to s, as ` (did you mean "x"?)`.
// Candidates whose length alone rules them out are skipped, so that a typo
// among a hundred thousand ids costs little.
func suggest(s string, candidates []string) string {
	n := utf8.RuneCountInString(s)
	if n > maxSuggestRunes {
		return ""
	}
	limit := max(1, n/2)
	ls := strings.ToLower(s)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := utf8.RuneCountInString(c) - n; d > limit || -d > limit {
			continue
		}
		if d := fuzzy.Distance(ls, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s?)", quote(best))
}
