// Where the simulator's trace records go.
//
// Records use the canonical keys of traces/ (side = simulator, origin = production: every value
// is one the kernel actually used). make_simulator_record() is the single place that builds a
// record; it goes through the traces/ registry (nbtrace::make_record).
#pragma once

#include "nbtrace/record.h"

#include <mutex>
#include <string_view>
#include <vector>

namespace nbsim {

class TraceSink {
  public:
    virtual ~TraceSink() = default;
    virtual void emit(nbtrace::Record record) = 0;
};

// Collects records in emission order (thread-safe: traced pixels may run on several threads).
class RecordCollector : public TraceSink {
  public:
    void emit(nbtrace::Record record) override;
    std::vector<nbtrace::Record> take();
    const std::vector<nbtrace::Record>& records() const { return records_; }

  private:
    std::mutex mutex_;
    std::vector<nbtrace::Record> records_;
};

// Builds a simulator-side production record: stage and units from the registry, which also
// checks the arity and the index signature (throws nbtrace::RecordError on a misfit).
nbtrace::Record make_simulator_record(std::string_view key, nbtrace::Indices idx,
                                      std::vector<double> values);

} // namespace nbsim
