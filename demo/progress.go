package demo

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal (or a log).
type progress struct {
	out     io.Writer
	total   int
	start   time.Time
	shown   int // last percentage drawn
	drawing bool
}

func newProgress(out io.Writer, total int) *progress {
	return &progress{out: out, total: total, start: time.Now(), shown: -1}
}

// set draws the bar when the percentage changed.
func (p *progress) set(done int) {
	if p.total <= 0 {
		return
	}
	pct := done * 100 / p.total
	if pct == p.shown {
		return
	}
	p.shown, p.drawing = pct, true
	const width = 30
	filled := pct * width / 100
	rate := float64(done) / max(time.Since(p.start).Seconds(), 0.001)
	fmt.Fprintf(p.out, "\rseed: [%s%s] %3d%% %d/%d posts · %.0f/s ",
		strings.Repeat("█", filled), strings.Repeat("░", width-filled), pct, done, p.total, rate)
}

func (p *progress) done() {
	if p.drawing {
		fmt.Fprintf(p.out, "\n")
	}
}
