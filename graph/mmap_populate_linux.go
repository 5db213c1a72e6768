package graph

import "golang.org/x/sys/unix"

// mapPopulate asks mmap to map every page of the file at once: a snapshot
// is read whole (its checksum first), and one pass in the kernel costs far
// less than a page fault for each 4 KB page (50,000 for a 1M-entity
// snapshot).
const mapPopulate = unix.MAP_POPULATE
