#include "huashu/core/huge_pages.h"

#include <cstdlib>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace huashu {

void relaunch_with_huge_page_heap(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr const char* kTunable = "glibc.malloc.hugetlb";
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables = current ? current : "";
    if (tunables.find(kTunable) != std::string::npos) return;
    const std::string wanted = tunables.empty() ? std::string(kTunable) + "=1" : tunables + ":" + kTunable + "=1";
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
