// Backs the heap with transparent huge pages, through glibc's own switch.
//
//   int main(int argc, char** argv) {
//       huashu::relaunch_with_huge_page_heap(argv);  // first thing: may replace the process
//       ...
//
// Loading and indexing a big phrasebook writes tens of MiB of fresh memory. Each first touch
// of a 4 KiB page is a page fault, and on virtual machines that trap page-table updates to the
// hypervisor one costs 15 - 20 us instead of well under 1 us: 10k entries took ~9,000 faults,
// about 150 ms of a 250 ms start. glibc backs its heap with 2 MiB pages when the tunable
// glibc.malloc.hugetlb=1 is set, but reads tunables only when a process starts, hence the
// relaunch. Decision 49 in docs/decisions.md.
#pragma once

namespace huashu {

// When GLIBC_TUNABLES does not mention glibc.malloc.hugetlb yet, adds glibc.malloc.hugetlb=1
// (and glibc.malloc.mmap_threshold=32 MiB, so that big blocks come from that heap too) to it
// and executes this same program again with the same arguments; returns only when
// nothing was to be done or the relaunch failed (then the process goes on with 4 KiB pages).
// A GLIBC_TUNABLES that already names the tunable, with any value (=0 opts out), is left
// alone, which also ends the relaunch after one step. Call before any thread or file is
// opened. No-op outside Linux with glibc.
void relaunch_with_huge_page_heap(char** argv);

}  // namespace huashu
