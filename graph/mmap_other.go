//go:build !unix

package graph

import "os"

// mapFile reads a whole file where mappings are not available.
func mapFile(path string) ([]byte, error) { return os.ReadFile(path) }

// unmapFile lets the garbage collector have what mapFile read.
func unmapFile([]byte) {}

// releaseMapped does nothing where files are read, not mapped.
func releaseMapped([]byte) {}
