package main

import (
	"errors"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// memoryLimitFlag is the value of --memory-limit: the Go runtime's soft
// memory limit, in the syntax of the GOMEMLIMIT environment variable (see
// runtime/debug.SetMemoryLimit): a number of bytes with an optional unit B,
// KiB, MiB, GiB or TiB ("400MiB"), or "off" for no limit. The collector then
// works harder as the heap nears the limit, which keeps a server's resident
// memory near its live data instead of twice that. When the flag is not
// given, the runtime keeps the limit it read from GOMEMLIMIT, if any.
type memoryLimitFlag struct {
	text  string
	bytes int64 // math.MaxInt64 for "off", as the runtime has it
	set   bool
}

// String implements flag.Value.
func (f *memoryLimitFlag) String() string { return f.text }

// Set implements flag.Value.
func (f *memoryLimitFlag) Set(v string) error {
	n, err := parseMemoryLimit(v)
	if err != nil {
		return err
	}
	*f = memoryLimitFlag{text: v, bytes: n, set: true}
	return nil
}

// apply sets the runtime's soft memory limit if the flag was given.
func (f *memoryLimitFlag) apply() {
	if f.set {
		debug.SetMemoryLimit(f.bytes)
	}
}

// errMemoryLimitSyntax says what --memory-limit takes.
var errMemoryLimitSyntax = errors.New("want GOMEMLIMIT's syntax: a number of bytes with an optional unit B, KiB, MiB, GiB or TiB (e.g. 400MiB), or off")

// parseMemoryLimit reads a memory limit as the runtime reads GOMEMLIMIT:
// "off" is no limit (math.MaxInt64); otherwise a non-negative decimal
// integer, optionally followed by B, KiB, MiB, GiB or TiB (powers of 1024),
// that fits in an int64.
func parseMemoryLimit(v string) (int64, error) {
	if v == "off" {
		return math.MaxInt64, nil
	}
	num, mult := v, uint64(1)
	for _, u := range []struct {
		suffix string
		mult   uint64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if strings.HasSuffix(v, u.suffix) {
			num, mult = strings.TrimSuffix(v, u.suffix), u.mult
			break
		}
	}
	// strconv.ParseInt, as the runtime reads the number
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || num == "" || uint64(n) > math.MaxInt64/mult {
		for _, si := range []string{"KB", "MB", "GB", "TB"} {
			if strings.HasSuffix(v, si) {
				return 0, errors.New(errMemoryLimitSyntax.Error() + "; " + si + " is not a unit of it (use " + si[:1] + "iB, 1024-based)")
			}
		}
		return 0, errMemoryLimitSyntax
	}
	return n * int64(mult), nil
}
