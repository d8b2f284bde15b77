// One-to-one matching of two peak lists within a radius.
//
// Greedy, closest pair first: every pair (a_i, b_j) whose Euclidean distance in pixels is at most
// `radius` is a candidate; candidates are taken in increasing distance (equal distances: smaller
// i, then smaller j) and a pair is kept when neither peak is matched yet. Deterministic; when the
// peaks of each list lie more than 2 * radius apart, every peak has at most one candidate and this
// is the only one-to-one matching there is.
#pragma once

#include "nbimage/local_maxima.h"

#include <optional>
#include <vector>

namespace nbimage {

struct PeakPair {
    int a = 0, b = 0; // indices into the two lists
    double distance = 0;
};

struct PeakMatching {
    std::vector<PeakPair> pairs;         // in the order taken (increasing distance)
    std::vector<int> unmatched_a;        // indices, increasing
    std::vector<int> unmatched_b;        // indices, increasing
    std::optional<double> mean_distance; // over pairs; nullopt without pairs
    std::optional<double> max_distance;
};

PeakMatching match_peaks(const std::vector<PixelValue>& a, const std::vector<PixelValue>& b,
                         double radius);

} // namespace nbimage
