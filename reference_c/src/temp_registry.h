/* Temporary output files to remove if the process is interrupted while writing them.
 *
 * nbref_write_outputs() writes every image under a temporary name and renames them all when
 * complete. Those names are registered here while they exist, so that the handlers installed by
 * nbref_remove_temporaries_on_signals() (nanobragg_ref does) can unlink them on SIGINT, SIGTERM,
 * SIGHUP or SIGQUIT before the process dies: an interrupted run leaves no file behind. The table is
 * fixed-size and the handler only calls unlink(), which is async-signal-safe. */
#ifndef NBREF_TEMP_REGISTRY_H
#define NBREF_TEMP_REGISTRY_H

/* Returns the slot, or -1 when the table is full or the name too long (the file is then only
 * removed by the normal error paths). */
int nbref_temp_register(const char* path);
void nbref_temp_unregister(int slot);

#endif
