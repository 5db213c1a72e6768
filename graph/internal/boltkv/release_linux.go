//go:build linux

package boltkv

import (
	"os"
	"syscall"
)

// ReleasePages tells the kernel that this process no longer needs the pages
// of the file it touched (after Each read the whole log once). They stay in
// the page cache and come back on the next access, but they stop counting
// in the server's resident memory.
func (d *DB) ReleasePages() {
	st, err := os.Stat(d.db.Path())
	if err != nil || st.Size() == 0 {
		return
	}
	d.releaseMapped(st.Size())
}

// releaseMapped drops the first size bytes of the bolt mapping from the
// process's resident set. The mapping is read-only and shared: dropping
// clean pages loses nothing, and a reader that touches them again (even one
// in the middle of a transaction) faults them back in from the page cache.
func (d *DB) releaseMapped(size int64) {
	if size <= 0 {
		return
	}
	info := d.db.Info()
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_DONTNEED)
}
