package main

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// memoryLimitCases are --memory-limit values; bytes -1 marks an invalid one.
var memoryLimitCases = []struct {
	value string
	bytes int64
}{
	{"off", math.MaxInt64},
	{"0", 0},
	{"1", 1},
	{"123456789", 123456789},
	{"512B", 512},
	{"400MiB", 400 << 20},
	{"1KiB", 1 << 10},
	{"4GiB", 4 << 30},
	{"2TiB", 2 << 40},
	{"+5MiB", 5 << 20}, // strconv.ParseInt takes a sign, so the runtime does
	{"9223372036854775807", math.MaxInt64},
	{"9007199254740991KiB", 9007199254740991 << 10}, // the largest KiB count
	{"9007199254740992KiB", -1},                     // one more overflows
	{"9223372036854775808", -1},
	{"", -1},
	{"Off", -1},
	{"none", -1},
	{"-1", -1},
	{"-5MiB", -1},
	{"600MB", -1}, // SI units are not GOMEMLIMIT's
	{"1GB", -1},
	{"1kib", -1},
	{"1 MiB", -1},
	{" 1MiB", -1},
	{"1.5GiB", -1},
	{"1PiB", -1},
	{"MiB", -1},
	{"iB", -1},
	{"B", -1},
	{"1_000", -1},
	{"0x10", -1},
}

func TestParseMemoryLimit(t *testing.T) {
	for _, tc := range memoryLimitCases {
		t.Run(strconv.Quote(tc.value), func(t *testing.T) {
			got, err := parseMemoryLimit(tc.value)
			if tc.bytes < 0 {
				if err == nil {
					t.Fatalf("parseMemoryLimit(%q) = %d, want an error", tc.value, got)
				}
				if !strings.Contains(err.Error(), "GOMEMLIMIT") || !strings.Contains(err.Error(), "MiB") {
					t.Errorf("error %q does not say what the flag takes", err)
				}
				return
			}
			if err != nil || got != tc.bytes {
				t.Errorf("parseMemoryLimit(%q) = %d, %v; want %d", tc.value, got, err, tc.bytes)
			}
		})
	}
}

// TestParseMemoryLimitAgreesWithRuntime starts this test binary with each
// value as GOMEMLIMIT: the runtime must refuse exactly the values
// parseMemoryLimit refuses and set the limit it returns.
func TestParseMemoryLimitAgreesWithRuntime(t *testing.T) {
	if os.Getenv("NEWSGRAPH_MEMLIMIT_CHILD") == "1" {
		fmt.Printf("limit=%d\n", debug.SetMemoryLimit(-1))
		return
	}
	if testing.Short() {
		t.Skip("starts a process per value")
	}
	for _, tc := range memoryLimitCases {
		if tc.value == "" {
			continue // an empty GOMEMLIMIT is an unset one
		}
		t.Run(strconv.Quote(tc.value), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestParseMemoryLimitAgreesWithRuntime$")
			cmd.Env = append(os.Environ(), "NEWSGRAPH_MEMLIMIT_CHILD=1", "GOMEMLIMIT="+tc.value)
			out, err := cmd.CombinedOutput()
			if tc.bytes < 0 {
				if err == nil || !strings.Contains(string(out), "malformed GOMEMLIMIT") {
					t.Errorf("the runtime took GOMEMLIMIT=%q: %v %s", tc.value, err, out)
				}
				return
			}
			if want := fmt.Sprintf("limit=%d\n", tc.bytes); err != nil || !strings.Contains(string(out), want) {
				t.Errorf("GOMEMLIMIT=%q: %v %s, want %s", tc.value, err, out, want)
			}
		})
	}
}

func TestMemoryLimitFlag(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })
	tests := []struct {
		args []string
		want int64 // the runtime's limit after apply
	}{
		{nil, 123 << 20}, // not given: the runtime's limit (from GOMEMLIMIT) stays
		{[]string{"--memory-limit", "400MiB"}, 400 << 20},
		{[]string{"--memory-limit=off"}, math.MaxInt64},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			debug.SetMemoryLimit(123 << 20)
			var f memoryLimitFlag
			fs := newFlagSet(&Env{Stderr: new(strings.Builder)}, "serve", "serve")
			fs.Var(&f, "memory-limit", "")
			if _, err := parse(fs, tc.args); err != nil {
				t.Fatal(err)
			}
			f.apply()
			if got := debug.SetMemoryLimit(-1); got != tc.want {
				t.Errorf("limit %d, want %d", got, tc.want)
			}
		})
	}
}

// TestMemoryLimitUsageErrors: a bad value is a usage error (exit 2) that
// names the value and the syntax, before anything is opened.
func TestMemoryLimitUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"serve", "--memory-limit", "600MB"}, []string{`"600MB"`, "GOMEMLIMIT", "MB is not a unit of it (use MiB"}},
		{[]string{"serve", "--memory-limit", "lots"}, []string{`"lots"`, "GOMEMLIMIT", "KiB, MiB, GiB or TiB", "or off"}},
		{[]string{"bench", "--memory-limit", "1.5GiB"}, []string{`"1.5GiB"`, "GOMEMLIMIT"}},
		{[]string{"bench", "--memory-limit", "0"}, []string{"--memory-limit 0", "positive size or off"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, code := run(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
}
