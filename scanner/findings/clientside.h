/*
 * clientside: decides whether a finding sits where it would ship to a
 * browser or to every installed copy of an app: a source map, a built
 * bundle, frontend source of a web app (a project whose package.json, at,
 * above or up to three folders above the scanned folder, depends on a
 * browser framework or bundler), code that shows by itself that it runs
 * in a browser or an app (clientcode.h: .vue, "use client", imports of
 * react or react-native, Android resources, Info.plist, Flutter's lib/), a
 * variable with a browser-exposed prefix such as NEXT_PUBLIC_, a path the
 * config names, or a rule that itself detects browser exposure.  It marks
 * the finding and raises its severity one step; it never drops findings.
 */
#ifndef KL_CLIENTSIDE_H
#define KL_CLIENTSIDE_H

#include "buf.h"
#include "config.h"
#include "findings.h"

/* Reads a file of the scanned tree (or commit, or index) by relative path
 * (package.json files, and the file of a finding to read its imports)
 * into out.  Returns 0, or non-zero when there is no such file (or it
 * cannot be read, which counts the same). */
typedef int (*kl_clientside_read_fn)(void *ud, const char *relpath,
                                     struct kl_buf *out);

struct kl_clientside;

/* cfg (borrowed, may be NULL) adds paths and prefixes; read/ud are used to
 * look up package.json files and are borrowed for the object's life. */
int kl_clientside_new(struct kl_clientside **out, const struct kl_config *cfg,
                      kl_clientside_read_fn read, void *ud);
void kl_clientside_free(struct kl_clientside *cs);

/* Mark f as client-side if it is, with a reason, and raise its severity
 * one step.  Classifying a finding again does nothing (f->classified). */
int kl_clientside_classify(struct kl_clientside *cs, struct kl_finding *f);

/* The browser-exposed prefix that names the variable assigned on this text
 * (the part of a line before a secret), or NULL.  Exposed for tests. */
const char *kl_clientside_env_prefix(const struct kl_clientside *cs,
                                     const char *text, size_t len);

/* The browser framework or bundler a package.json depends on, or NULL.
 * The result points into a static table.  Exposed for tests. */
const char *kl_clientside_framework(const char *package_json, size_t len);

#endif
