//go:build linux

package graph

import (
	"os"
	"syscall"
)

// releaseFilePages tells the kernel that this process no longer needs the
// pages of the bolt file it touched while building the index (the whole
// log was read once). They stay in the page cache and come back on the next
// access, but they stop counting in the server's resident memory.
func (s *Store) releaseFilePages(path string) {
	if s.bolt == nil {
		return
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() == 0 {
		return
	}
	s.releaseMapped(st.Size())
}

// releaseMapped drops the first size bytes of the bolt mapping from the
// process's resident set. The mapping is read-only and shared: dropping
// clean pages loses nothing, and a reader that touches them again (even one
// in the middle of a transaction) faults them back in from the page cache.
func (s *Store) releaseMapped(size int64) {
	if s.bolt == nil || size <= 0 {
		return
	}
	info := s.bolt.DB().Info()
	syscall.Syscall(syscall.SYS_MADVISE, info.Data, uintptr(size), syscall.MADV_DONTNEED)
}
