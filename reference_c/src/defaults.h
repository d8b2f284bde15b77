/* The C program's initial parameter values. */
#ifndef NBREF_DEFAULTS_H
#define NBREF_DEFAULTS_H

#include "sim_state.h"

void nbref_sim_set_defaults(nbref_sim* s);

#endif
