/*
 * secrethash: the hash a finding is known by (secret_hash, and the
 * fingerprint's digest).  Committed files carry it (.keylintignore,
 * baselines), so it must not let a reader confirm a guessed secret:
 *
 *   - a secret with enough entropy to resist guessing (at least
 *     KL_STRONG_BITS estimated bits) gets git's blob hash of the secret,
 *     so `printf %s SECRET | git hash-object --stdin` reproduces it;
 *   - a weaker one (a password, a short token) gets git's blob hash of
 *     its yescrypt hash, so each guess costs tens of milliseconds and
 *     megabytes instead of a nanosecond.
 *
 * docs/security.md explains the choice.
 */
#ifndef KL_SECRETHASH_H
#define KL_SECRETHASH_H

#include <stdbool.h>
#include <stddef.h>

/* Length times Shannon entropy per byte, in bits. */
#define KL_STRONG_BITS 64.0

/* Whether a secret gets the slow hash. */
bool kl_secret_is_weak(const char *secret, size_t len, double entropy);

/* The hash of a secret: 40 hex digits and a NUL.  entropy is the secret's
 * Shannon entropy per byte (kl_text_entropy).  Thread-safe; slow hashes are
 * cached for the life of the process.  KL_ENOMEM or KL_EINVAL. */
int kl_secret_hash(const char *secret, size_t len, double entropy,
                   char out[41]);

#endif
