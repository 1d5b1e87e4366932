/*
 * clientcode: what a file's own name and code say about where it runs,
 * without any package.json: a component format that only browsers run
 * (.vue, .svelte, .astro), a module that declares itself browser code
 * ("use client", import.meta.env) or imports a browser or mobile framework,
 * and the resources and configs that ship inside Android, iOS and Flutter
 * apps.  Pure functions over a path or bytes; clientside.c decides when to
 * ask and reads the files.
 */
#ifndef KL_CLIENTCODE_H
#define KL_CLIENTCODE_H

#include <stdbool.h>
#include <stddef.h>

/* The reason the path alone gives (a .vue component, an Android resource,
 * Info.plist, an .xcconfig, a Firebase app config), or NULL.  The result
 * is a static string. */
const char *kl_clientcode_path_reason(const char *path);

/* Whether the path is a script or page whose code is worth reading for
 * kl_clientcode_content_reason (.js .jsx .ts .tsx .mjs .cjs .html .htm). */
bool kl_clientcode_is_script(const char *path);

/* The reason the code text[0, len) gives for running in a browser or an
 * app: a "use client" directive, import.meta.env, an import or require of
 * a browser framework (react, vue, svelte, @angular packages, ...) or of React
 * Native or Expo; NULL when it says nothing or says it runs on a server
 * ("use server", server-only, next/server).  The result is a static
 * string with the module name filled in from a fixed table. */
const char *kl_clientcode_content_reason(const char *text, size_t len);

/* The reason the text of a line before a secret gives: an Android build
 * script that compiles the value into the app (buildConfigField,
 * resValue, manifestPlaceholders), or NULL. */
const char *kl_clientcode_line_reason(const char *text, size_t len);

#endif
