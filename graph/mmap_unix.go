//go:build unix

package graph

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps a whole file read-only. An empty file gives an empty slice.
func mapFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() == 0 {
		return []byte{}, nil
	}
	if st.Size() != int64(int(st.Size())) {
		return nil, fmt.Errorf("%s: too large to map", path)
	}
	data, err := unix.Mmap(int(f.Fd()), 0, int(st.Size()), unix.PROT_READ, unix.MAP_SHARED|mapPopulate)
	if err != nil {
		return nil, fmt.Errorf("map %s: %w", path, err)
	}
	return data, nil
}

// unmapFile releases a mapping of mapFile.
func unmapFile(data []byte) {
	if len(data) > 0 {
		unix.Munmap(data)
	}
}

// releaseMapped drops the pages of a read-only file mapping from the
// process's resident set. Nothing is lost: the next access reads them back
// from the page cache (or the file). After a snapshot is decoded, only the
// strings that queries touch come back, so the resident set follows the
// working set instead of holding the whole file.
func releaseMapped(data []byte) {
	if len(data) > 0 {
		unix.Madvise(data, unix.MADV_DONTNEED)
	}
}
