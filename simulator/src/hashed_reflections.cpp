#include "nbsim/hashed_reflections.h"

namespace nbsim {

std::size_t HashedReflections::slots_for(double reflections) {
    std::size_t slots = 16;
    while (static_cast<double>(slots) < 2.0 * reflections)
        slots *= 2;
    return slots;
}

double HashedReflections::bytes_for(double reflections) {
    return static_cast<double>(slots_for(reflections)) * (sizeof(std::int64_t) + sizeof(double));
}

HashedReflections::HashedReflections(std::size_t reflections)
    : keys_(slots_for(static_cast<double>(reflections)), -1), values_(keys_.size(), 0.0),
      mask_(keys_.size() - 1) {}

void HashedReflections::put(int h, int k, int l, double F) {
    const std::int64_t key = pack(h, k, l);
    std::size_t i = slot_of(key);
    while (keys_[i] != -1 && keys_[i] != key)
        i = (i + 1) & mask_;
    if (keys_[i] == -1) {
        keys_[i] = key;
        ++count_;
    }
    values_[i] = F;
}

double HashedReflections::get(int h, int k, int l, double otherwise) const {
    if (keys_.empty())
        return otherwise;
    const std::int64_t key = pack(h, k, l);
    for (std::size_t i = slot_of(key); keys_[i] != -1; i = (i + 1) & mask_)
        if (keys_[i] == key)
            return values_[i];
    return otherwise;
}

} // namespace nbsim
