#include "gate/junit_xml.h"

#include <libxml/xmlwriter.h>

#include <cstdio>
#include <memory>
#include <stdexcept>

namespace harness::gate {

namespace {

const xmlChar* x(const char* s) {
    return reinterpret_cast<const xmlChar*>(s);
}

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

// A thin owner of an xmlTextWriter writing into a buffer; every call checked.
class Writer {
  public:
    Writer() : buffer_(xmlBufferCreate(), xmlBufferFree) {
        if (!buffer_)
            throw std::bad_alloc();
        writer_ = xmlNewTextWriterMemory(buffer_.get(), 0);
        if (!writer_)
            throw std::runtime_error("xmlNewTextWriterMemory failed");
        xmlTextWriterSetIndent(writer_, 1);
        xmlTextWriterSetIndentString(writer_, x("  "));
        check(xmlTextWriterStartDocument(writer_, "1.0", "UTF-8", nullptr));
    }
    ~Writer() {
        if (writer_)
            xmlFreeTextWriter(writer_);
    }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void start(const char* element) { check(xmlTextWriterStartElement(writer_, x(element))); }
    void end() { check(xmlTextWriterEndElement(writer_)); }
    void attribute(const char* name, const std::string& value) {
        check(xmlTextWriterWriteAttribute(writer_, x(name), x(xml_safe(value).c_str())));
    }
    void text(const std::string& value) {
        check(xmlTextWriterWriteString(writer_, x(xml_safe(value).c_str())));
    }
    std::string finish() {
        check(xmlTextWriterEndDocument(writer_));
        xmlFreeTextWriter(writer_);
        writer_ = nullptr;
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
    }

  private:
    static void check(int rc) {
        if (rc < 0)
            throw std::runtime_error("libxml2 xmlwriter failed");
    }
    std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer_;
    xmlTextWriterPtr writer_ = nullptr;
};

struct Counts {
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    double time = 0;
    void add(const RunResult& r) {
        ++tests;
        failures += r.status == Status::failed;
        errors += r.status == Status::error;
        skipped += r.status == Status::skipped;
        time += r.wall_s;
    }
};

void counts(Writer& w, const Counts& c, double time) {
    w.attribute("tests", std::to_string(c.tests));
    w.attribute("failures", std::to_string(c.failures));
    w.attribute("errors", std::to_string(c.errors));
    w.attribute("skipped", std::to_string(c.skipped));
    w.attribute("time", seconds(time));
}

void testcase(Writer& w, const RunResult& r) {
    w.start("testcase");
    w.attribute("classname", r.matrix + "." + r.case_name);
    w.attribute("name", r.phi_mode + "/" + r.dtype + "/t" + std::to_string(r.threads));
    w.attribute("time", seconds(r.wall_s));
    switch (r.status) {
    case Status::passed:
        break;
    case Status::failed:
        w.start("failure");
        w.attribute("type", r.first_stage.empty() ? "parity" : "parity:" + r.first_stage);
        w.attribute("message", r.message);
        w.text(r.detail);
        w.end();
        break;
    case Status::error:
        w.start("error");
        w.attribute("type", "runner");
        w.attribute("message", r.message);
        w.text(r.detail);
        w.end();
        break;
    case Status::skipped:
        w.start("skipped");
        w.attribute("message", r.message);
        w.end();
        break;
    }
    std::string out = "sides: " + r.side_a + " vs " + r.side_b + "\ntolerance: " + r.tolerance +
                      "\nexpect: " + r.expect + "\n";
    if (!r.bundle.empty())
        out += "bundle: " + r.bundle + "\n";
    if (!r.command.empty())
        out += "command: " + r.command + "\n";
    w.start("system-out");
    w.text(out);
    w.end();
    w.end();
}

} // namespace

std::string xml_safe(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? '?' : char(c);
            ++i;
            continue;
        }
        // a well-formed UTF-8 sequence of 2..4 bytes is kept whole
        const int n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
        bool ok = n > 0 && i + n <= text.size();
        for (int k = 1; ok && k < n; ++k)
            ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        if (ok) { // no overlong form, surrogate or code point above U+10FFFF
            const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 > 0x9f) &&
                 !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 > 0x8f);
        }
        if (ok) {
            out.append(text, i, n);
            i += n;
        } else {
            out += '?';
            ++i;
        }
    }
    return out;
}

std::string junit_xml(const std::vector<RunResult>& results,
                      const std::vector<MatrixInfo>& matrices, double wall_s) {
    Writer w;
    Counts all;
    for (const RunResult& r : results)
        all.add(r);
    w.start("testsuites");
    w.attribute("name", "trace_harness gate");
    counts(w, all, wall_s);
    for (const MatrixInfo& m : matrices) {
        Counts c;
        for (const RunResult& r : results)
            if (r.matrix == m.name)
                c.add(r);
        w.start("testsuite");
        w.attribute("name", m.name);
        counts(w, c, c.time);
        w.start("properties");
        for (const auto& [name, value] :
             {std::pair<const char*, std::string>{"matrix", m.path}, {"matrix_sha256", m.sha256}}) {
            w.start("property");
            w.attribute("name", name);
            w.attribute("value", value);
            w.end();
        }
        w.end();
        for (const RunResult& r : results)
            if (r.matrix == m.name)
                testcase(w, r);
        w.end();
    }
    w.end();
    return w.finish();
}

} // namespace harness::gate
