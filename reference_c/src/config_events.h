/* The effective configuration as trace events (no loop indices). */
#ifndef NBREF_CONFIG_EVENTS_H
#define NBREF_CONFIG_EVENTS_H

#include "sim_state.h"

void nbref_emit_config_events(const nbref_sim* s);

#endif
