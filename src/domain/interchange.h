#ifndef KRING_DOMAIN_INTERCHANGE_H
#define KRING_DOMAIN_INTERCHANGE_H
/*
 * The interchange format kring-case/1 (docs/import-format.md): one case as
 * one JSON object, one object per line of a JSON Lines file. This file
 * declares the format once, as a table of keys, and derives from it both
 * the check of one case and the JSON Schema (docs/kring-case-1.schema.json).
 * Pure: no I/O.
 */
#include <jansson.h>
#include <stddef.h>

/* the format's name, as the documentation and the schema give it */
#define IX_FORMAT "kring-case/1"

/* where a case breaks the format: the path of the key ("plan.actions[2].by",
 * "" for the whole case) and why, as a sentence without a trailing period */
struct ix_error {
	char path[96];
	char reason[192];
};

/*
 * Check one case against kring-case/1: every key known, every required key
 * present, every value of its type and within its limits, and the rules
 * between keys (a stop_reason needs outcome stopped, an agreement needs its
 * funder, a measure's state at follow-up fits its state at request, topics
 * and names appear once). Returns 0, or -1 with *err naming the first
 * problem found, in the order of the keys in the table.
 */
int ix_check_case(const json_t *c, struct ix_error *err);

/* the JSON Schema (draft 2020-12) of one case, as a new object */
json_t *ix_schema(void);

/* the state a case of this content is in once imported (see
 * docs/import-format.md, "State"); c must have passed ix_check_case */
const char *ix_state(const json_t *c);

#endif
