/* The effective configuration as trace events (no loop indices). */
#ifndef NBREF_CONFIG_EVENTS_H
#define NBREF_CONFIG_EVENTS_H

#include "sim_state.h"

void nbref_emit_config_events(const nbref_sim* s);

/* One set-up value as an event with no loop indices (nothing without a trace consumer). */
void nbref_setup_event(const nbref_sim* s, const char* key, int n, const double* values);
/* A 3-vector given as x, y, z. */
void nbref_setup_event3(const nbref_sim* s, const char* key, double x, double y, double z);

#endif
