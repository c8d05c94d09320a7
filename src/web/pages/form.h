#ifndef KRING_WEB_PAGES_FORM_H
#define KRING_WEB_PAGES_FORM_H
/*
 * A posted HTML form (application/x-www-form-urlencoded): name/value pairs
 * in the order sent, a name may come more than once (checkbox groups).
 * Names and values are percent-decoded, '+' is a space, and both must be
 * valid UTF-8 without NUL bytes.
 */
#include <stddef.h>

#define FORM_MAX_FIELDS 400

struct form {
	size_t n;
	char *names[FORM_MAX_FIELDS];
	char *values[FORM_MAX_FIELDS];
	char *mem; /* one allocation holding the decoded strings */
};

/* Parse body into f. Returns 0, or -1 when it is not a well-formed form
 * (bad encoding, invalid UTF-8, NUL, too many fields); f is then empty. */
int form_parse(struct form *f, const char *body, size_t len);
void form_release(struct form *f);
/* the first value of name, or NULL */
const char *form_get(const struct form *f, const char *name);
/* how many values name has; form_get_nth gives the i-th */
size_t form_count(const struct form *f, const char *name);
const char *form_get_nth(const struct form *f, const char *name, size_t i);

#endif
