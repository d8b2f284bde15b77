// Enumerations of the simulator, with their string spellings (the ones used on the command line,
// in trace config records and in reports) and the numeric codes of the trace `config` records.
#pragma once

#include <optional>
#include <string_view>

namespace nbsim {

// Detector conventions. The numeric values are the trace-record codes (config key `convention`).
enum class Convention { custom = 0, adxv = 1, mosflm = 2, xds = 3, dials = 4, denzo = 5 };
// Detector pivot (config key `pivot`).
enum class Pivot { sample = 0, beam = 1 };
// Crystal shape of the lattice transform (config key `xtal_shape`).
enum class CrystalShape { square = 0, round = 1, gauss = 2, tophat = 3 };

// --phi-mode: `spec` rotates afresh at every phi step; `c_parity` emulates C-PARITY-001.
enum class PhiMode { spec = 0, c_parity = 1 };
// --dtype: precision of the per-evaluation kernel.
enum class Dtype { float64, float32 };
// --schedule: which region's loop order decides every OpenMP thread's first pass (c-parity).
enum class Schedule { roi = 0, full_frame = 1 };
// --inject-fault: a deliberate error at one stage, for testing parity tools (a harness must
// name that stage as the first divergence). none in every real run.
//   geometry: every sub-pixel sits 1e-3 pixel further along the fast axis (pixel_geometry)
//   lattice:  the lattice factor along b uses Nb + 1 cells (lattice; square shape)
//   scale:    the polarization factor is 1e-3 too large (scale)
enum class Fault { none, geometry, lattice, scale };

std::string_view to_string(Convention c);
std::string_view to_string(Pivot p);
std::string_view to_string(CrystalShape s);
std::string_view to_string(PhiMode m);
std::string_view to_string(Dtype d);
std::string_view to_string(Schedule s);
std::optional<PhiMode> phi_mode_from_string(std::string_view s);
std::optional<Dtype> dtype_from_string(std::string_view s);
std::optional<Schedule> schedule_from_string(std::string_view s);
std::string_view to_string(Fault f);
std::optional<Fault> fault_from_string(std::string_view s);

} // namespace nbsim
