#ifndef KRING_CLI_UNIT_COSTS_H
#define KRING_CLI_UNIT_COSTS_H
/* The unit costs of the cost-benefit report for a command: the file named
 * by --unit-costs, else the setting unit_costs (KRING_UNIT_COSTS), else
 * none (the shipped defaults). */
#include "util/buf.h"

/* the largest unit-costs file read */
#define UNIT_COSTS_MAX (1024 * 1024)

/*
 * Read the unit-costs file named by flag or the setting into text (a buf
 * set up by the caller). *file gets its name, or NULL when none is named
 * (text stays empty). 0, or -1 after one line on stderr that starts with
 * "kring <what>: ".
 */
int cli_unit_costs(const char *what, const char *flag, struct buf *text, const char **file);

#endif
