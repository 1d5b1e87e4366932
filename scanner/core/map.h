/*
 * map: an open-addressing hash map from byte strings to 64-bit values,
 * used where history needs sets and indexes of object ids and paths.  Keys
 * are copied into chunked storage owned by the map; values are plain
 * integers (typically indexes into the caller's arrays).  Not thread-safe.
 */
#ifndef KL_MAP_H
#define KL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kl_map;

int kl_map_new(struct kl_map **out);
void kl_map_free(struct kl_map *m);

/* Look key up; on success *value is set and true is returned. */
bool kl_map_get(const struct kl_map *m, const void *key, size_t len,
                uint64_t *value);

/* Insert key with value unless present.  Returns 1 if inserted, 0 if the
 * key was already there (its value is then stored in *existing when not
 * NULL), or KL_ENOMEM. */
int kl_map_put(struct kl_map *m, const void *key, size_t len, uint64_t value,
               uint64_t *existing);

size_t kl_map_count(const struct kl_map *m);

#endif
