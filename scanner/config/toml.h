/*
 * toml: a small, strict TOML 1.0 reader for the files keylint imports
 * (gitleaks configs).  It turns a document into a cJSON tree: tables are
 * objects, arrays and arrays of tables are arrays, strings are strings,
 * integers and floats are numbers, booleans are booleans.  Dates and
 * times, inf and nan, and strings holding NUL have no JSON form and are
 * errors.  It does not write TOML.
 */
#ifndef KL_TOML_H
#define KL_TOML_H

#include <stddef.h>

#include "buf.h"

struct cJSON;

/* How deep tables and arrays may nest (dotted keys and headers count one
 * level a part), so that no input recurses or builds a tree without bound. */
#define KL_TOML_MAX_DEPTH 64

/*
 * Parse data[0, len) (need not be NUL-terminated).  On success *out is a
 * cJSON object the caller owns (cJSON_Delete) and 0 is returned.  On a
 * syntax or semantic error (invalid UTF-8, a key defined twice, a table
 * defined twice, nesting deeper than KL_TOML_MAX_DEPTH, ...) returns
 * KL_EINVAL with "ORIGIN: line L, column C: WHAT" in err, columns counting
 * bytes from 1; KL_ENOMEM when memory runs out.  *out is NULL on failure.
 * Time and memory are linear in len.
 */
int kl_toml_parse(const char *origin, const char *data, size_t len,
                  struct cJSON **out, struct kl_buf *err);

#endif
