/*
 * report: format dispatch and output.  Reports go to a file only through
 * a temporary file created 0600 in the same folder and renamed into place,
 * so a reader never sees half a report and nobody else can read it.
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

int kl_report_write_file(const char *path, const char *data, size_t len,
			 struct kl_buf *err)
{
	struct kl_buf tmp = KL_BUF_INIT;
	const char *slash = strrchr(path, '/');
	struct stat st;
	int fd = -1, rc = KL_EIO;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		kl_buf_printf(err,
			      "%s: refusing to write the report through a "
			      "symbolic link",
			      path);
		return KL_EIO;
	}
	if (slash)
		kl_buf_printf(&tmp, "%.*s/.keylint-report.XXXXXX",
			      (int)(slash - path), path);
	else
		kl_buf_puts(&tmp, ".keylint-report.XXXXXX");
	if (!tmp.ptr)
		return KL_ENOMEM;
	fd = mkstemp(tmp.ptr); /* mode 0600 */
	if (fd < 0) {
		kl_buf_printf(err, "%s: cannot create report file: %s", path,
			      strerror(errno));
		goto done;
	}
	if (fchmod(fd, 0600) || write_all(fd, data, len) || fsync(fd)) {
		kl_buf_printf(err, "%s: cannot write report: %s", path,
			      strerror(errno));
		goto done;
	}
	if (close(fd)) {
		fd = -1;
		kl_buf_printf(err, "%s: cannot write report: %s", path,
			      strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path)) {
		kl_buf_printf(err, "%s: cannot write report: %s", path,
			      strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (rc && tmp.ptr)
		unlink(tmp.ptr);
	kl_buf_free(&tmp);
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
	if (opts->output && strcmp(opts->output, "-") != 0) {
		rc = kl_report_write_file(opts->output, out.ptr ? out.ptr : "",
					  out.len, err);
	} else {
		rc = write_all(STDOUT_FILENO, out.ptr ? out.ptr : "", out.len);
		if (rc)
			kl_buf_printf(err, "cannot write to standard output: %s",
				      strerror(errno));
	}
	kl_buf_free(&out);
	return rc;
}
