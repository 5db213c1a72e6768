//go:build unix && !linux

package graph

// mapPopulate is Linux's MAP_POPULATE; elsewhere pages are mapped as they
// are read.
const mapPopulate = 0
