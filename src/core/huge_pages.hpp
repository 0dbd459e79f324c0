#pragma once
// An allocator for large arrays read at random (DSMC velocities): 2 MiB-aligned blocks advised as
// transparent huge pages (madvise(MADV_HUGEPAGE)), so that random access across tens of MiB does
// not miss the TLB on every touch. Where the kernel has no THP the advice is ignored and the
// memory behaves as usual.
#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace noneq::core {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(std::size_t n) {
    const std::size_t bytes = (n * sizeof(T) + kHuge - 1) / kHuge * kHuge;
    void* p = std::aligned_alloc(kHuge, bytes);
    if (!p) throw std::bad_alloc();
    ::madvise(p, bytes, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }
};

}  // namespace noneq::core
