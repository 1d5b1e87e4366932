/*
 * source: what all sources share.
 */
#include "source.h"

#include "path.h"

void kl_source_free(struct kl_source *src)
{
	if (src)
		src->ops->free(src);
}

int kl_source_origin(const struct kl_source *src, const char *relpath,
                     struct kl_buf *out)
{
	if (src->view && (src->view->cwd_in_root || src->view->root_from_cwd))
		return kl_path_display(src->view, relpath, out);
	if (!src->root)
		return kl_buf_puts(out, relpath);
	return kl_buf_printf(out, "%s/%s", src->root, relpath);
}
