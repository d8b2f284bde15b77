// Large buffers (images) backed by transparent huge pages where the system allows it.
#pragma once

#include <cstddef>
#include <cstdint>

#include <sys/mman.h>

namespace nbsim {

// Advises the kernel to back the 2 MB-aligned part of [p, p + bytes) with huge pages before it is
// first touched: a 25 MB image then takes about 13 page faults instead of 6000 when it is zeroed
// or written. A hint only: without transparent huge pages nothing changes.
inline void advise_huge_pages(void* p, std::size_t bytes) {
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(p) + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(kHuge - 1);
#ifdef MADV_HUGEPAGE
    if (end > begin)
        ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
    (void)begin;
    (void)end;
#endif
}

} // namespace nbsim
