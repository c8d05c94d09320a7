#ifndef KRING_CLI_COMMANDS_H
#define KRING_CLI_COMMANDS_H
/* The subcommands: one row each in commands[] (cli/commands.c), one file each. */
#include <stddef.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *summary;
	const char *usage; /* the full --help text */
};

extern const struct command commands[];
extern const size_t ncommands;

const struct command *command_find(const char *name);

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate_db(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_openapi(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_invoice(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* a command with subcommands (kring audit verify, kring export person):
 * runs the one named by argv[1], or says which there are */
struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand's name */
};
int run_subcommand(const char *command, const struct subcommand *subs, size_t n, int argc, char **argv);

/* the usage text of the whole program */
void usage_all(void);

/* true when argv holds -h or --help */
int wants_help(int argc, char **argv);

/* the default database */
#define DEFAULT_DB "sqlite:var/kring.db"

#endif
