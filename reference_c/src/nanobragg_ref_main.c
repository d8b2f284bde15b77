/* nanobragg_ref: the reference engine behind nanoBragg's own command line.
 *
 *   nanobragg_ref [nanoBragg flags...] [--threads N] [--schedule roi|full-frame] [--phi0-fix]
 *
 * Behaves like the instrumented nanoBragg C program: same stdout (including the TRACE_C lines
 * for -trace_pixel S F), same output files, Fdump.bin written after -hkl and read when -hkl is
 * absent. Unlike it, an unknown flag or a bad value is an error.
 *
 * Exit codes: 0 success, 1 usage error, 2 input error (missing or malformed file),
 * 4 internal error. Errors are one line on stderr: "nanobragg_ref: <what>".
 */
#include <stdio.h>
#include <string.h>

#include "nbref/nbref.h"

static const char* kUsage =
    "usage: nanobragg_ref -mat A.mat|-cell a b c al be ga -hkl F.hkl|-default_F F [nanoBragg "
    "flags...]\n"
    "                     [--threads N] [--schedule roi|full-frame] [--phi0-fix] [--allow-huge]\n"
    "\n"
    "The reference engine: a faithful re-creation of the nanoBragg C program. Every nanoBragg\n"
    "flag has the C program's meaning (see reference_c/README.md); unknown flags are errors.\n"
    "  --threads N          OpenMP threads whose C-PARITY-001 behaviour is reproduced\n"
    "                       (default: OMP_NUM_THREADS, else the machine's)\n"
    "  --schedule roi       thread first passes follow the ROI actually computed (the C program)\n"
    "  --schedule full-frame  ... follow a full-frame run, so a traced pixel has its full-frame "
    "value\n"
    "  --phi0-fix           rotate freshly at phi = 0 (fixes C-PARITY-001)\n"
    "  --allow-huge         accept more than 2 GiB of memory or 1e10 evaluations (README.md)\n"
    "Exit codes: 0 ok, 1 usage, 2 input error, 4 internal error.\n";

int main(int argc, char** argv) {
    nbref_create_options opts;
    nbref_legacy_printer* printer;
    nbref_sim* sim = NULL;
    char err[1024];
    nbref_status st;
    int i;

    for (i = 1; i < argc; ++i)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(kUsage, stdout);
            return 0;
        }

    printer = nbref_legacy_printer_new(stdout);
    if (!printer) {
        fprintf(stderr, "nanobragg_ref: out of memory\n");
        return NBREF_ERR_INTERNAL;
    }
    nbref_remove_temporaries_on_signals();
    nbref_create_options_init(&opts);
    opts.log = stdout;
    opts.trace_fn = nbref_legacy_trace;
    opts.trace_user = printer;
    opts.write_fdump = 1;
    opts.read_fdump = 1;

    st = nbref_create(argc, (const char* const*)argv, &opts, &sim, err, sizeof err);
    if (st == NBREF_OK)
        st = nbref_run(sim, err, sizeof err);
    if (st == NBREF_OK)
        st = nbref_write_outputs(sim, err, sizeof err);
    fflush(stdout);
    if (st != NBREF_OK)
        fprintf(stderr, "nanobragg_ref: %s\n", err);
    nbref_destroy(sim);
    nbref_legacy_printer_free(printer);
    return (int)st;
}
