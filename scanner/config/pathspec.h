/*
 * pathspec: the one glob semantics of keylint, for rule paths, the
 * config's allow and client-side paths and .keylintignore's path part.
 * Paths are relative, with '/' separators.
 */
#ifndef KL_PATHSPEC_H
#define KL_PATHSPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "strv.h"

/* fnmatch(3) against the whole path, where '*' also crosses '/'; a
 * pattern without '/' also matches the base name; a pattern ending in '/'
 * matches everything under any folder of that name. */
bool kl_pathspec_match(const char *pattern, const char *path);

/* Whether any pattern of the list matches. */
bool kl_pathspec_any(const struct kl_strv *patterns, const char *path);

#endif
