#include "huashu/core/huge_pages.h"

#include <cstdlib>
#include <string>
#include <string_view>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace huashu {

void relaunch_with_huge_page_heap(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr std::string_view kTunable = "glibc.malloc.hugetlb";
    // Blocks up to 32 MiB (the most glibc allows) come from the heap, which is in huge pages
    // from its start, rather than from mappings of their own, which start anywhere: their
    // first and last 2 MiB would be faulted in 4 KiB at a time (a 10k phrasebook's posting
    // array is 7.8 MiB; this halved the faults of its load and build).
    constexpr std::string_view kAdded = "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432";
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables = current ? current : "";
    if (tunables.find(kTunable) != std::string::npos) return;
    const std::string wanted = tunables.empty() ? std::string(kAdded) : tunables + ":" + std::string(kAdded);
    if (setenv("GLIBC_TUNABLES", wanted.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Still here: no /proc, say. Leave the environment as it was for child processes.
    if (current) {
        setenv("GLIBC_TUNABLES", current, 1);
    } else {
        unsetenv("GLIBC_TUNABLES");
    }
#else
    (void)argv;
#endif
}

}  // namespace huashu
