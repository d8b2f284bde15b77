#include "log.h"

#include <stdarg.h>

void nbref_log(const nbref_sim* s, const char* fmt, ...) {
    va_list ap;
    if (!s->log)
        return;
    va_start(ap, fmt);
    vfprintf(s->log, fmt, ap);
    va_end(ap);
}

void nbref_log_trace_vec(const nbref_sim* s, const char* tag, double x, double y, double z) {
    nbref_log(s, "TRACE_C:%s=%.15g %.15g %.15g\n", tag, x, y, z);
}

void nbref_log_trace_scalar(const nbref_sim* s, const char* tag, double v) {
    nbref_log(s, "TRACE_C:%s=%.15g\n", tag, v);
}

void nbref_log_trace_mat3(const nbref_sim* s, const char* tag, const double m[3][3]) {
    nbref_log(s, "TRACE_C:%s=[%.15g %.15g %.15g; %.15g %.15g %.15g; %.15g %.15g %.15g]\n", tag,
              m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
}
