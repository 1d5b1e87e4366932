/* Fuzz target: the .keylint.json loader. */
#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kl_config cfg = KL_CONFIG_INIT;
	struct kl_buf err = KL_BUF_INIT;

	kl_config_load_buffer(&cfg, ".keylint.json", (const char *)data, size,
	                      &err);
	kl_config_release(&cfg);
	kl_buf_free(&err);
	return 0;
}
