// Options of a simulator run that are not part of the nanoBragg command line.
#pragma once

#include "nbsim/enums.h"

#include <string>

namespace nbsim {

struct RunOptions {
    PhiMode phi_mode = PhiMode::spec; // --phi-mode spec|c-parity
    Dtype dtype = Dtype::float64;     // --dtype float64|float32
    // --threads N: the OpenMP thread count of the run AND the thread count whose static row
    // blocks c-parity emulates. 0 = OMP_NUM_THREADS if set, else the machine's processor count.
    int threads = 0;
    Schedule schedule = Schedule::roi; // --schedule roi|full-frame (what C does: roi)
    Fault fault = Fault::none;         // --inject-fault (testing parity tools only)
};

// The thread count a RunOptions resolves to (>= 1). Throws UsageError when OMP_NUM_THREADS asks
// for more than limits::kMaxThreads.
int resolve_thread_count(const RunOptions& run);

} // namespace nbsim
