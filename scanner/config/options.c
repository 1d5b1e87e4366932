/*
 * options: defaults.
 */
#include "options.h"

#include <string.h>
#include <unistd.h>

void kl_options_init(struct kl_options *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof(*o));
	o->threads = n > 0 ? (unsigned)n : 1;
	o->max_file_size = KL_DEFAULT_MAX_FILE_SIZE;
	o->min_severity = KL_SEV_LOW;
	o->exit_code = 1;
	o->progress = KL_PROGRESS_AUTO;
	o->color = -1;
	o->stdin_name = "stdin";
	o->max_archive_depth = 3;
	o->max_decode_depth = 2;
}
