// A hashed structure-factor table for HKL files whose index box is mostly empty (see
// use_dense_table in limits.h): open addressing over (h, k, l) packed into 63 bits, 16 bytes
// per slot, at most half the slots used. A lookup of an unlisted index returns the caller's
// default, which is what the dense table holds inside the box.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nbsim {

class HashedReflections {
  public:
    HashedReflections() = default;
    explicit HashedReflections(std::size_t reflections);

    // Stores F at (h, k, l) (|index| < 2^20); a repeated reflection keeps its last value.
    void put(int h, int k, int l, double F);
    double get(int h, int k, int l, double otherwise) const;
    std::size_t size() const { return count_; }
    bool empty() const { return keys_.empty(); }

    static double bytes_for(double reflections);

  private:
    static std::int64_t pack(int h, int k, int l) {
        constexpr std::int64_t off = std::int64_t{1} << 20;
        return ((h + off) << 42) | ((k + off) << 21) | (l + off);
    }
    std::size_t slot_of(std::int64_t key) const {
        // Fibonacci hashing, as in nanobragg_ref's table
        return static_cast<std::size_t>((static_cast<std::uint64_t>(key) * 0x9E3779B97F4A7C15ULL) >>
                                        20) &
               mask_;
    }
    static std::size_t slots_for(double reflections);

    std::vector<std::int64_t> keys_; // -1 = empty
    std::vector<double> values_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

} // namespace nbsim
