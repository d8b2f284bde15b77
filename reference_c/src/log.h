/* The C program's stdout text, written to the simulation's log stream (nothing when it is NULL). */
#ifndef NBREF_LOG_H
#define NBREF_LOG_H

#include "sim_state.h"

void nbref_log(const nbref_sim* s, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/* TRACE_C:<tag>=x y z / TRACE_C:<tag>=v / TRACE_C:<tag>=[a b c; d e f; g h i], %.15g, as the
 * instrumented C program prints its detector set-up. */
void nbref_log_trace_vec(const nbref_sim* s, const char* tag, double x, double y, double z);
void nbref_log_trace_scalar(const nbref_sim* s, const char* tag, double v);
void nbref_log_trace_mat3(const nbref_sim* s, const char* tag, const double m[3][3]);

#endif
