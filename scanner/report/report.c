/*
 * report: format dispatch and output.  Reports go to a file only through
 * a temporary file created 0600 in the same folder and renamed into place,
 * so a reader never sees half a report and nobody else can read it.  A
 * target that exists and is not a regular file (/dev/null, a FIFO) is
 * written directly: renaming over it would replace the device.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report_json.h"
#include "report_sarif.h"
#include "report_text.h"

void kl_report_release(struct kl_report *rep)
{
	kl_strv_free(&rep->targets);
	kl_findings_free(&rep->findings);
	kl_errors_free(&rep->errors);
	kl_strv_free(&rep->warnings);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return KL_EIO;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Where a report goes: standard output, or a temporary file next to the
 * target that is renamed over it when complete. */
struct out {
	const char *path; /* NULL: standard output */
	struct kl_buf tmp;
	int fd;
	bool direct; /* writing to path itself, not a temporary file */
};

static int out_open(struct out *o, const char *path, struct kl_buf *err)
{
	const char *slash;
	struct stat st;
	bool exists;

	memset(o, 0, sizeof(*o));
	o->fd = STDOUT_FILENO;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	o->path = path;
	o->fd = -1;
	exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		kl_buf_printf(err,
		              "%s: refusing to write the report through a "
		              "symbolic link",
		              path);
		return KL_EIO;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		kl_buf_printf(err, "%s: cannot write the report: a folder",
		              path);
		return KL_EIO;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		o->fd =
		    open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
		if (o->fd < 0) {
			kl_buf_printf(err, "%s: cannot open for the report: %s",
			              path, strerror(errno));
			return KL_EIO;
		}
		o->direct = true;
		return 0;
	}
	slash = strrchr(path, '/');
	if (slash)
		kl_buf_printf(&o->tmp, "%.*s/.keylint-report.XXXXXX",
		              (int)(slash - path), path);
	else
		kl_buf_puts(&o->tmp, ".keylint-report.XXXXXX");
	if (!o->tmp.ptr)
		return KL_ENOMEM;
	o->fd = mkstemp(o->tmp.ptr); /* mode 0600 */
	if (o->fd < 0 || fchmod(o->fd, 0600)) {
		kl_buf_printf(err, "%s: cannot create report file: %s", path,
		              strerror(errno));
		if (o->fd >= 0) {
			close(o->fd);
			unlink(o->tmp.ptr);
		}
		kl_buf_free(&o->tmp);
		return KL_EIO;
	}
	return 0;
}

static int out_write(struct out *o, const char *data, size_t len,
                     struct kl_buf *err)
{
	if (write_all(o->fd, data, len) == 0)
		return 0;
	kl_buf_printf(err, "%s: cannot write report: %s",
	              o->path ? o->path : "standard output", strerror(errno));
	return KL_EIO;
}

/* Finish: with keep, fsync and rename the file into place; without,
 * remove it. */
static int out_close(struct out *o, bool keep, struct kl_buf *err)
{
	int rc = 0;

	if (!o->path)
		return 0;
	if (o->direct) {
		if (close(o->fd) && keep)
			rc = KL_EIO;
		o->fd = -1;
		if (rc)
			kl_buf_printf(err, "%s: cannot write report: %s",
			              o->path, strerror(errno));
		return rc;
	}
	if (keep && fsync(o->fd))
		rc = KL_EIO;
	/* Closed whatever happened above, so no descriptor leaks. */
	if (close(o->fd) && keep)
		rc = KL_EIO;
	o->fd = -1;
	if (keep && !rc && rename(o->tmp.ptr, o->path))
		rc = KL_EIO;
	if (rc)
		kl_buf_printf(err, "%s: cannot write report: %s", o->path,
		              strerror(errno));
	if (rc || !keep)
		unlink(o->tmp.ptr);
	kl_buf_free(&o->tmp);
	return rc;
}

int kl_report_write_file(const char *path, const char *data, size_t len,
                         struct kl_buf *err)
{
	struct out o;
	int rc = out_open(&o, path, err);

	if (rc)
		return rc;
	rc = out_write(&o, data, len, err);
	return out_close(&o, rc == 0, err) ? KL_EIO : rc;
}

struct kl_report_stream {
	struct out out;
	struct kl_buf line;
};

int kl_report_stream_open(struct kl_report_stream **out,
                          const struct kl_options *opts, struct kl_buf *err)
{
	struct kl_report_stream *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return KL_ENOMEM;
	if ((rc = out_open(&s->out, opts->output, err))) {
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int kl_report_stream_finding(struct kl_report_stream *s,
                             const struct kl_report *rep,
                             const struct kl_finding *f, struct kl_buf *err)
{
	int rc;

	kl_buf_clear(&s->line);
	rc = kl_report_json_render_line(rep, f, &s->line);
	if (!rc)
		rc = out_write(&s->out, s->line.ptr, s->line.len, err);
	return rc;
}

int kl_report_stream_close(struct kl_report_stream *s, bool keep,
                           struct kl_buf *err)
{
	int rc;

	if (!s)
		return 0;
	rc = out_close(&s->out, keep, err);
	kl_buf_free(&s->line);
	free(s);
	return rc;
}

static bool use_color(const struct kl_options *o)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color > 0;
	if (o->output || (nc && *nc))
		return false;
	return isatty(STDOUT_FILENO);
}

int kl_report_write(const struct kl_report *rep, const struct kl_options *opts,
                    struct kl_buf *err)
{
	struct kl_buf out = KL_BUF_INIT;
	int rc;

	if (rep->streamed)
		return 0;
	switch (opts->format) {
	case KL_FORMAT_TEXT:
		rc = kl_report_text_render(rep, use_color(opts), &out);
		break;
	case KL_FORMAT_SARIF:
		rc = kl_report_sarif_render(rep, &out);
		break;
	case KL_FORMAT_JSONL:
		rc = kl_report_json_render_lines(rep, &out);
		break;
	default:
		rc = kl_report_json_render(rep, &out);
		break;
	}
	if (rc) {
		kl_buf_puts(err, "out of memory while writing the report");
		kl_buf_free(&out);
		return rc;
	}
	rc = kl_report_write_file(opts->output, out.ptr ? out.ptr : "", out.len,
	                          err);
	kl_buf_free(&out);
	return rc;
}
