// A one-line progress display on the terminal for the long steps of a run (full frames): the
// engine's "N% done" lines become one line on stderr, rewritten in place, then "done in X s".
// Silent when stderr is not a terminal, so logs, pipes and tests see nothing of it.
#pragma once

#include <memory>
#include <ostream>
#include <string>

namespace harness {

class ProgressLine {
  public:
    explicit ProgressLine(std::string label);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    // Where the engine writes its progress lines; nullptr when stderr is not a terminal.
    std::ostream* stream();
    // Ends the line: "<label>: done in X s".
    void done(double seconds);

  private:
    class LineBuffer;
    std::string label_;
    std::unique_ptr<LineBuffer> buffer_;
    std::unique_ptr<std::ostream> stream_;
};

} // namespace harness
