#include "sides/progress_line.h"

#include <cstdio>
#include <streambuf>
#include <unistd.h>

namespace harness {

// Collects characters up to a line break, then rewrites the terminal line with them.
class ProgressLine::LineBuffer : public std::streambuf {
  public:
    explicit LineBuffer(const std::string& label) : label_(label) {}
    void show(const std::string& text) {
        // pad so that a shorter text covers a longer one written before
        std::fprintf(stderr, "\r%s: %-24s", label_.c_str(), text.c_str());
        std::fflush(stderr);
    }

  protected:
    int_type overflow(int_type ch) override {
        if (ch == traits_type::eof())
            return traits_type::not_eof(ch);
        if (ch == '\n') {
            show(line_);
            line_.clear();
        } else {
            line_ += static_cast<char>(ch);
        }
        return ch;
    }

  private:
    std::string label_, line_;
};

ProgressLine::ProgressLine(std::string label) : label_(std::move(label)) {
    if (!isatty(STDERR_FILENO))
        return;
    buffer_ = std::make_unique<LineBuffer>(label_);
    stream_ = std::make_unique<std::ostream>(buffer_.get());
    buffer_->show("starting");
}

ProgressLine::~ProgressLine() = default;

std::ostream* ProgressLine::stream() {
    return stream_.get();
}

void ProgressLine::done(double seconds) {
    if (!buffer_)
        return;
    char text[64];
    std::snprintf(text, sizeof text, "done in %.2f s", seconds);
    buffer_->show(text);
    std::fputc('\n', stderr);
    stream_.reset();
    buffer_.reset();
}

} // namespace harness
