//go:build !linux

package boltkv

// ReleasePages does nothing where madvise is not available.
func (d *DB) ReleasePages() {}

// releaseMapped does nothing where madvise is not available.
func (d *DB) releaseMapped(size int64) {}
