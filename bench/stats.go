package bench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Stat summarizes the latencies of one kind of query on one peer.
type Stat struct {
	N        int // queries timed
	P50, P99 time.Duration
}

// latencies collects query durations.
type latencies []time.Duration

func (l latencies) stat() Stat {
	if len(l) == 0 {
		return Stat{}
	}
	s := slices.Clone(l)
	slices.Sort(s)
	return Stat{N: len(s), P50: percentile(s, 50), P99: percentile(s, 99)}
}

// net subtracts the cost of timing from every sample (at least 1ns stays).
func (l latencies) net(overhead time.Duration) latencies {
	out := make(latencies, len(l))
	for i, d := range l {
		out[i] = max(d-overhead, time.Nanosecond)
	}
	return out
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 · n)
	return sorted[max(rank, 1)-1]
}

// micros is a duration in microseconds, to the nanosecond.
func micros(d time.Duration) float64 {
	return float64(d.Nanoseconds()) / 1e3
}

// clockCost is the median cost of reading the clock twice, what timing one
// query adds to it; it is subtracted from every sample so that queries of a
// few tens of nanoseconds are not mostly clock.
func clockCost() time.Duration {
	var l latencies
	for i := 0; i < 2001; i++ {
		t := time.Now()
		l = append(l, time.Since(t))
	}
	return l.stat().P50
}

// human formats a duration for the table: µs below 1 ms, ms below 1 s.
func human(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d < time.Microsecond:
		return fmt.Sprintf("%dns", d.Nanoseconds())
	case d < 10*time.Microsecond:
		return fmt.Sprintf("%.1fµs", float64(d.Nanoseconds())/1e3)
	case d < time.Millisecond:
		return fmt.Sprintf("%.0fµs", float64(d.Nanoseconds())/1e3)
	case d < 10*time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d.Nanoseconds())/1e6)
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d.Nanoseconds())/1e6)
	}
	return fmt.Sprintf("%.2fs", d.Seconds())
}

// procStatusMB reads a memory line of /proc/self/status (VmRSS, VmHWM) in
// MB; 0 where there is no /proc.
func procStatusMB(key string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			fields := strings.Fields(v)
			if len(fields) >= 1 {
				kb, _ := strconv.ParseFloat(fields[0], 64)
				return kb / 1024
			}
		}
	}
	return 0
}

// resetPeakRSS makes VmHWM start again from the current RSS (Linux 4.0+).
// It reports whether that worked.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// profiler writes one CPU profile per benchmark phase into a directory; the
// zero value (no directory) does nothing.
type profiler struct {
	dir  string
	file *os.File
}

// start begins the CPU profile of a phase, ending the previous one.
func (p *profiler) start(phase string) error {
	p.stop()
	if p.dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(p.dir, phase+".cpu.pprof"))
	if err != nil {
		return fmt.Errorf("bench: profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("bench: profile: %w", err)
	}
	p.file = f
	return nil
}

// stop ends the current CPU profile.
func (p *profiler) stop() {
	if p.file != nil {
		pprof.StopCPUProfile()
		p.file.Close()
		p.file = nil
	}
}

// heap writes a heap profile of live objects.
func (p *profiler) heap(name string) error {
	if p.dir == "" {
		return nil
	}
	f, err := os.Create(filepath.Join(p.dir, name+".heap.pprof"))
	if err != nil {
		return fmt.Errorf("bench: profile: %w", err)
	}
	defer f.Close()
	runtime.GC()
	return pprof.Lookup("heap").WriteTo(f, 0)
}

// loadCurve records a load's progress, one point per commit: the quads it
// wrote and the time it took.
type loadCurve struct {
	quads []int64
	spent []time.Duration
}

// add records one commit.
func (c *loadCurve) add(quads int64, spent time.Duration) {
	c.quads = append(c.quads, quads)
	c.spent = append(c.spent, spent)
}

// at returns the time spent when x quads of the load were written, spread
// evenly over the quads of the commit that wrote the x-th.
func (c *loadCurve) at(x int64) time.Duration {
	var q int64
	var t time.Duration
	for i, n := range c.quads {
		if x <= q+n {
			return t + time.Duration(float64(c.spent[i])*float64(x-q)/float64(max(n, 1)))
		}
		q += n
		t += c.spent[i]
	}
	return t
}

// tenths returns the load rate (quads/s) over each tenth of the quads, in
// order: a rate that falls from one tenth to the next is a load that slows
// as the file grows. A commit that spans tenths is shared among them in
// proportion to its quads.
func (c *loadCurve) tenths() []float64 {
	var total int64
	for _, n := range c.quads {
		total += n
	}
	if total == 0 {
		return nil
	}
	out := make([]float64, 10)
	for k := range out {
		a, b := total*int64(k)/10, total*int64(k+1)/10
		d := c.at(b) - c.at(a)
		if d > 0 {
			out[k] = float64(b-a) / d.Seconds()
		}
	}
	return out
}
