/*
 * chunk: the unit every later stage works on: bytes, and where they came
 * from.  Sources make chunks; the matcher, the findings and the reporters
 * read the origin from the chunk and never work it out again.
 */
#ifndef KL_CHUNK_H
#define KL_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No blob: the chunk is a file (work tree, standard input, index). */
#define KL_NO_BLOB UINT32_MAX

/* The commit that introduced a finding (history mode).  Strings are owned
 * by whoever holds the struct. */
struct kl_commit_info {
	char id[41];
	char *author;
	char *email;
	char date[32]; /* ISO 8601 UTC, 2024-05-01T10:00:00Z */
	char *summary;
};

/* Where an encoded run sits in the original content (1-based lines,
 * columns in bytes and in code points, end columns exclusive). */
struct kl_span {
	uint32_t line, column, end_line, end_column;
	uint32_t column_cp, end_column_cp;
};

/* At most this many decoding steps are recorded for one chunk. */
#define KL_MAX_STEPS 8

/* Where a chunk came from.  Strings are borrowed for as long as the chunk
 * is being scanned. */
struct kl_origin {
	/* The path findings are reported at, relative with '/' separators;
	 * NULL for a blob that is scanned once for every path it has, and
	 * gets its paths when findings are attributed (history). */
	const char *path;
	/* The path that decides which rules run: path, or the first path a
	 * blob was seen at. */
	const char *rule_path;
	/* The source's number for the blob (history), or KL_NO_BLOB. */
	uint32_t blob;
	/* Inside an archive: the member, nested ones joined by '!'
	 * ("conf/app.yml", "lib/b.jar!c.yml"); the reported path is then
	 * PATH!MEMBER.  NULL otherwise. */
	const char *member;
	/* Decoded content: how (outermost first), where the encoded run
	 * sits in the original, and the bytes of this chunk that came from
	 * it (only findings there are new).  nsteps 0: not decoded. */
	const char *steps[KL_MAX_STEPS];
	size_t nsteps;
	struct kl_span at;
	size_t run_start, run_end;
	/* When set, only findings whose lines [first, last] it accepts are
	 * kept (staged: lines the index adds). */
	bool (*keep_lines)(void *ud, uint32_t first, uint32_t last);
	void *keep_ud;
};

struct kl_chunk {
	const char *data; /* not NUL-terminated; may hold NULs */
	size_t len;
	struct kl_origin origin;
};

#endif
