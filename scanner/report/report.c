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
#include <sys/statvfs.h>
#include <unistd.h>

#include "report_html.h"
#include "report_json.h"
#include "report_sarif.h"
#include "report_text.h"

int kl_report_secret(const struct kl_report *rep, const char *secret,
                     size_t len, struct kl_buf *out)
{
	if (rep->show_secrets || rep->secrets_redacted)
		return kl_buf_put(out, secret ? secret : "", len);
	return kl_findings_redact(out, secret, len);
}

void kl_report_release(struct kl_report *rep)
{
	kl_strv_free(&rep->targets);
	kl_reuse_free(&rep->reuse);
	kl_findings_free(&rep->findings);
	kl_findings_free(&rep->dropped);
	kl_errors_free(&rep->errors);
	kl_strv_free(&rep->warnings);
}

/* Less free space than this where a report goes is an error before the
 * scan starts. */
#define MIN_FREE (64u << 10)

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
	struct statvfs vfs;
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
	} else if (fstatvfs(o->fd, &vfs) == 0 &&
	           (uint64_t)vfs.f_bavail * vfs.f_frsize < MIN_FREE) {
		/* Found now rather than after a long scan. */
		kl_buf_printf(err, "%s: no space left for the report", path);
	} else {
		return 0;
	}
	if (o->fd >= 0) {
		close(o->fd);
		unlink(o->tmp.ptr);
	}
	kl_buf_free(&o->tmp);
	return KL_EIO;
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

/* ---- the reports of one run -----------------------------------------------
 */

struct kl_report_out {
	const struct kl_options *opts;
	struct out outs[KL_MAX_OUTPUTS];
	size_t n;
	bool streams; /* some output is JSON Lines, written as findings come */
	struct kl_buf line;
};

int kl_report_out_open(struct kl_report_out **out,
                       const struct kl_options *opts, struct kl_buf *err)
{
	struct kl_report_out *ro = calloc(1, sizeof(*ro));
	int rc = 0;

	*out = NULL;
	if (!ro)
		return KL_ENOMEM;
	ro->opts = opts;
	for (; ro->n < opts->noutputs && !rc; ro->n++) {
		rc = out_open(&ro->outs[ro->n], opts->outputs[ro->n].path, err);
		/* JSON Lines on standard output stream, for pipelines that
		 * want findings during a long scan (in the order the
		 * threads make them); a JSON Lines file is written sorted
		 * at the end, like every other report. */
		ro->streams |= opts->outputs[ro->n].format == KL_FORMAT_JSONL &&
		               !opts->outputs[ro->n].path;
		if (rc)
			break;
	}
	if (rc) {
		struct kl_buf ignored = KL_BUF_INIT;

		kl_report_out_close(ro, NULL, false, &ignored);
		kl_buf_free(&ignored);
		return rc;
	}
	*out = ro;
	return 0;
}

void kl_report_out_abandon(struct kl_report_out *ro)
{
	for (size_t i = 0; ro && i < ro->n; i++)
		if (ro->outs[i].path && !ro->outs[i].direct &&
		    ro->outs[i].tmp.ptr)
			unlink(ro->outs[i].tmp.ptr);
}

bool kl_report_out_streams(const struct kl_report_out *ro)
{
	return ro && ro->streams;
}

int kl_report_out_finding(struct kl_report_out *ro, const struct kl_report *rep,
                          const struct kl_finding *f, struct kl_buf *err)
{
	int rc;

	kl_buf_clear(&ro->line);
	if ((rc = kl_report_json_render_line(rep, f, &ro->line)))
		return rc;
	for (size_t i = 0; i < ro->n && !rc; i++)
		if (ro->opts->outputs[i].format == KL_FORMAT_JSONL &&
		    !ro->opts->outputs[i].path)
			rc = out_write(&ro->outs[i], ro->line.ptr, ro->line.len,
			               err);
	return rc;
}

bool kl_report_use_color(const struct kl_options *o, const char *path)
{
	const char *nc = getenv("NO_COLOR");

	if (o->color >= 0)
		return o->color > 0;
	if (path || (nc && *nc))
		return false;
	return isatty(STDOUT_FILENO);
}

int kl_report_render(const struct kl_report *rep, enum kl_format format,
                     bool color, struct kl_buf *out)
{
	switch (format) {
	case KL_FORMAT_TEXT:
		return kl_report_text_render(rep, color, out);
	case KL_FORMAT_SARIF:
		return kl_report_sarif_render(rep, out);
	case KL_FORMAT_JSONL:
		return kl_report_json_render_lines(rep, out);
	case KL_FORMAT_HTML:
		return kl_report_html_render(rep, out);
	default:
		return kl_report_json_render(rep, out);
	}
}

int kl_report_out_close(struct kl_report_out *ro, const struct kl_report *rep,
                        bool keep, struct kl_buf *err)
{
	struct kl_buf data = KL_BUF_INIT;
	int rc = 0;

	if (!ro)
		return 0;
	for (size_t i = 0; i < ro->n; i++) {
		const struct kl_output *o = &ro->opts->outputs[i];
		bool ok = keep && !rc;

		/* JSON Lines on standard output were written as the
		 * findings came. */
		if (ok && !(o->format == KL_FORMAT_JSONL && !o->path &&
		            ro->streams && rep->streamed)) {
			kl_buf_clear(&data);
			if (ro->opts->write_baseline)
				rc = kl_report_json_render_baseline(rep, &data);
			else
				rc = kl_report_render(
				    rep, o->format,
				    kl_report_use_color(ro->opts, o->path),
				    &data);
			if (rc)
				kl_buf_puts(err, "out of memory while writing "
				                 "the report");
			if (!rc)
				rc = out_write(&ro->outs[i],
				               data.ptr ? data.ptr : "",
				               data.len, err);
			ok = !rc;
		}
		if (out_close(&ro->outs[i], ok, err) && !rc)
			rc = KL_EIO;
	}
	kl_buf_free(&data);
	kl_buf_free(&ro->line);
	free(ro);
	return rc;
}
