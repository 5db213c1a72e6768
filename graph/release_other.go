//go:build !linux

package graph

// releaseFilePages does nothing where madvise is not available.
func (s *Store) releaseFilePages(path string) {}

// releaseMapped does nothing where madvise is not available.
func (s *Store) releaseMapped(size int64) {}
