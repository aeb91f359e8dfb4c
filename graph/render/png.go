package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
)

// Chromium is the browser PNG rasterises with; CHROMIUM overrides it.
func Chromium() (string, error) {
	for _, c := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New("PNG pictures need Chromium: install it (Debian: apt-get install chromium fonts-noto-cjk) or set CHROMIUM to its path")
}

var svgSize = regexp.MustCompile(`<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"`)

// PNG rasterises an SVG at scale (2 gives a sharp picture on high-density
// screens) in headless Chromium, whose fonts draw Chinese labels.
func PNG(ctx context.Context, svg []byte, scale float64) ([]byte, error) {
	m := svgSize.FindSubmatch(svg)
	if m == nil {
		return nil, errors.New("the SVG has no width and height to rasterise at")
	}
	w, _ := strconv.ParseFloat(string(m[1]), 64)
	h, _ := strconv.ParseFloat(string(m[3]), 64)
	if string(m[2]) == "pt" {
		w, h = w*4/3, h*4/3 // CSS pixels
	}
	bin, err := Chromium()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "coopgraph-png-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "page.html")
	html := fmt.Sprintf(`<!doctype html><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block;width:%.0fpx;height:%.0fpx}</style>%s`, w, h, svg)
	if err := os.WriteFile(page, []byte(html), 0o600); err != nil {
		return nil, err
	}
	out := filepath.Join(dir, "out.png")
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"),
		fmt.Sprintf("--force-device-scale-factor=%g", scale),
		// Headless Chromium's viewport is shorter than its window: ask for
		// more and crop to the picture.
		fmt.Sprintf("--window-size=%d,%d", int(math.Ceil(w))+40, int(math.Ceil(h))+400),
		"--screenshot="+out, "file://"+page)
	if b, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("chromium could not rasterise the picture: %v: %s", err, tail(b, 400))
	}
	return crop(out, int(math.Ceil(w*scale)), int(math.Ceil(h*scale)))
}

// crop cuts the screenshot at path to w×h pixels from the top left.
func crop(path string, w, h int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("reading chromium's screenshot: %w", err)
	}
	r := image.Rect(0, 0, w, h).Intersect(img.Bounds())
	sub, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil, errors.New("chromium's screenshot cannot be cropped")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, sub.SubImage(r)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
