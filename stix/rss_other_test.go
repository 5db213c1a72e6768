//go:build !linux

package stix_test

// maxRSSMB is not measured off Linux.
func maxRSSMB() float64 { return 0 }
