//go:build !linux

package index

// hugeMake returns make([]T, n) (huge pages are asked for on Linux only).
func hugeMake[T any](n int) []T { return make([]T, n) }
