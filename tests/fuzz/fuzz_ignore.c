/* Fuzz target: .keylintignore and baseline readers, then lookups. */
#include <stddef.h>
#include <stdint.h>

#include "ignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_ignore *ig = NULL;
	struct kl_buf err = KL_BUF_INIT;

	if (kl_ignore_new(&ig))
		return 0;
	kl_ignore_load_buffer(ig, ".keylintignore", (const char *)data, size,
	                      &err);
	kl_buf_clear(&err);
	kl_ignore_load_baseline_buffer(ig, "baseline.json", (const char *)data,
	                               size, &err);
	kl_ignore_match(ig, "github-pat", "src/a.py", "0123456789abcdef");
	kl_ignore_match(ig, "", "", "");
	kl_ignore_free(ig);
	kl_buf_free(&err);
	return 0;
}
