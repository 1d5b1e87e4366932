/*
 * stdin: standard input is read whole by produce(), on the calling thread
 * (a read error means the scan could not complete), and scanned as one
 * chunk.
 */
#include "stdin.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct kl_stdin {
	struct kl_source base;
	const struct kl_options *opts;
	struct kl_buf data;
	bool too_large;
};

static int produce(struct kl_source *src, struct kl_feed *feed,
                   struct kl_buf *err)
{
	struct kl_stdin *s = (struct kl_stdin *)src;
	static int job; /* one unit of work; nothing to own */
	int rc = kl_buf_read_fd(&s->data, STDIN_FILENO, feed->max_file_size);

	if (rc == KL_ETOOBIG) {
		s->too_large = true;
		kl_buf_free(&s->data);
	} else if (rc) {
		kl_buf_printf(err, "cannot read standard input: %s",
		              strerror(errno));
		return KL_EIO;
	}
	return feed->job(feed, &job);
}

static void load(struct kl_source *src, struct kl_lane *lane, void *job)
{
	struct kl_stdin *s = (struct kl_stdin *)src;
	const char *name = s->opts->stdin_name;
	struct kl_chunk c = {
	    s->data.ptr ? s->data.ptr : "",
	    s->data.len,
	    {.path = name, .rule_path = name, .blob = KL_NO_BLOB}};

	(void)job;
	if (s->too_large)
		lane->skip(lane, KL_SKIP_TOO_LARGE);
	else
		lane->chunk(lane, &c);
}

static int read_file(struct kl_source *src, const char *relpath, size_t max,
                     struct kl_buf *out, struct kl_buf *err)
{
	(void)src;
	kl_buf_clear(out);
	return kl_buf_read_file(out, relpath, max, true, "file", err);
}

static void stdin_free(struct kl_source *src)
{
	struct kl_stdin *s = (struct kl_stdin *)src;

	kl_buf_free(&s->data);
	free(s);
}

static const struct kl_source_ops stdin_ops = {
    .name = "stdin",
    .max_threads = 1,
    .read_file = read_file,
    .produce = produce,
    .load = load,
    .free = stdin_free,
};

int kl_stdin_new(struct kl_source **out, const struct kl_options *opts)
{
	struct kl_stdin *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	s->base.ops = &stdin_ops;
	s->base.root = ".";
	s->opts = opts;
	*out = &s->base;
	return 0;
}
