// One side's records of one pixel, found by key and loop position (internal to the checks).
#pragma once

#include "nbdiag/self_consistency.h"

#include "nbtrace/record.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nbdiag::detail {

class SideRecords {
  public:
    explicit SideRecords(const std::vector<nbtrace::Record>& records);

    // Every production record of `key`, in input order.
    const std::vector<const nbtrace::Record*>& all(std::string_view key) const;
    // The record of `key` at `idx` reduced to the key's index signature; nullptr when absent.
    const nbtrace::Record* at(std::string_view key, const nbtrace::Indices& idx) const;
    // The record of `key` printed once per pixel (no loop index but the pixel), else the only
    // record of the key; nullptr otherwise.
    const nbtrace::Record* once(std::string_view key) const;
    // A scalar printed once (once()), as a number.
    std::optional<double> scalar(std::string_view key) const;

  private:
    std::map<std::string, std::vector<const nbtrace::Record*>, std::less<>> by_key_;
};

// Adds one result (verdict from error <= tolerance unless already not applicable).
CheckResult judged(std::string check, std::string key, const nbtrace::Indices& idx, double computed,
                   double printed, double tolerance, std::string why);
CheckResult not_applicable(std::string check, std::string key, const nbtrace::Indices& idx,
                           std::string reason);

// The checks, by family (self_consistency_lattice.cpp, self_consistency_scaling.cpp).
void check_lattice(const SideRecords& r, const SideFacts& facts, const CheckOptions& o,
                   SelfConsistency& out);
void check_scaling(const SideRecords& r, const SideFacts& facts, const CheckOptions& o,
                   SelfConsistency& out);

// sincg(x, N) = N at x == 0 exactly, else sin(N x)/sin(x) (the C program's definition).
double sincg(double x, double n);

} // namespace nbdiag::detail
