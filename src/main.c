/* kring: one binary, git-style subcommands (see cli/commands.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "util/config.h"

int main(int argc, char **argv)
{
	int i = 1;
	const char *config = getenv("KRING_CONFIG");
	if (i + 1 < argc && strcmp(argv[i], "--config") == 0) {
		config = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
		usage_all();
		return i >= argc ? 2 : 0;
	}
	if (strcmp(argv[i], "--version") == 0) {
		printf("kring 0.1.0\n");
		return 0;
	}
	const struct command *c = command_find(argv[i]);
	if (!c) {
		fprintf(stderr, "kring: no such command: %s (see kring --help)\n", argv[i]);
		return 2;
	}
	if (wants_help(argc - i, argv + i)) {
		fputs(c->usage, stdout);
		return 0;
	}
	if (config && *config && config_load(config) < 0)
		return 1;
	int r = c->run(argc - i, argv + i);
	config_release();
	return r;
}
