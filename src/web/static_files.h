#ifndef KRING_WEB_STATIC_FILES_H
#define KRING_WEB_STATIC_FILES_H
/* The files served under /static/: stylesheets and scripts, embedded at
 * build time by scripts/embed-static.py (kring's own from static/, the NL
 * Design System's from node_modules/). */
#include <stddef.h>

struct static_file {
	const char *path;         /* "/static/kring.css" */
	const char *content_type;
	const unsigned char *data;
	size_t len;
	const char *etag;         /* quoted hash of the content */
	const char *version;      /* the same hash unquoted, for ?v= in links */
};

extern const struct static_file static_files[];
extern const unsigned static_nfiles;

/* the file at path ("/static/kring.css"), or NULL */
const struct static_file *static_find(const char *path);

#endif
