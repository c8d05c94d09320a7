/* kring help [COMMAND] */
#include "cli/commands.h"

#include <stdio.h>

int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage_all();
		return 0;
	}
	const struct command *c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "kring: no such command: %s\n", argv[1]);
		return 2;
	}
	fputs(c->usage, stdout);
	return 0;
}
