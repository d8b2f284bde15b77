// A side of a comparison: what produces one of the two sets of records and images.
//
//   reference           the embedded re-creation of the C program (reference_c/); --phi-mode
//                       decides the phi = 0 fix
//   simulator           the embedded C++ simulator (simulator/); its --dtype
//   a backend           an external program that speaks nanoBragg's flags: a shipped backend
//                       file by name (nanobragg-c, nanobragg-c-traced, nanobrag-torch) or a
//                       backend file by path (*.json)
//   recorded:F[,F...]   trace files a program printed earlier, with its float image when
//                       --a-image/--b-image names one
#pragma once

#include "sides/backend_spec.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

enum class SideKind { reference, simulator, backend, recorded };

// "reference", "simulator", "backend", "recorded" (env.json's sides[].kind)
const char* to_string(SideKind kind);

struct SideSpec {
    SideKind kind = SideKind::reference;
    std::string label;                  // reference, simulator, the backend's name, recorded
    std::optional<BackendSpec> backend; // kind backend
    std::vector<std::string> files;     // kind recorded
    std::string program;                // --a-program / --b-program
    std::string image;                  // kind recorded: --a-image / --b-image (may be empty)

    // the side gives its own float image: a backend, a recorded side with --a-image/--b-image
    bool gives_image() const {
        return kind == SideKind::backend || (kind == SideKind::recorded && !image.empty());
    }
};

// Parses --a/--b. Throws std::invalid_argument (a usage error) naming the side, or BackendError
// for a malformed backend file.
SideSpec parse_side(const std::string& text);

} // namespace harness
