/* The table of subcommands. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "domain/retention.h"

const struct command commands[] = {
	{ "init", cmd_init, "create or upgrade the database (numbered migrations)",
	  "usage: kring init [--db URL]\n"
	  "\n"
	  "Creates the database when it does not exist and applies the migrations\n"
	  "it does not have yet. Running it again changes nothing.\n"
	  "\n"
	  "  --db URL     the database, e.g. sqlite:var/kring.db (KRING_DB)\n" },
	{ "serve", cmd_serve, "serve the JSON API over HTTP or HTTPS",
	  "usage: kring serve [--db URL] [--listen HOST:PORT] [--threads N]\n"
	  "                   [--tls-cert FILE --tls-key FILE]\n"
	  "\n"
	  "Serves the API under /api/v1, /healthz and /readyz until SIGINT or SIGTERM.\n"
	  "The database must have been created with kring init (or kring demo).\n"
	  "With a certificate and its key it serves HTTPS only (TLS 1.2 and 1.3), and\n"
	  "every answer carries Strict-Transport-Security. A new certificate takes\n"
	  "effect at the next start.\n"
	  "\n"
	  "  --db URL            the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "  --listen HOST:PORT  where to listen (KRING_LISTEN; default 127.0.0.1:8080)\n"
	  "  --threads N         worker threads (KRING_THREADS; default: one per core)\n"
	  "  --tls-cert FILE     PEM certificate, chain after it (KRING_TLS_CERT)\n"
	  "  --tls-key FILE      PEM private key, unencrypted (KRING_TLS_KEY)\n" },
	{ "demo", cmd_demo, "fill a new database with realistic, deterministic demo data",
	  "usage: kring demo [--db URL] [--seed N]\n"
	  "\n"
	  "Creates the database and fills it with fictitious Dutch demo data: regions,\n"
	  "funders with agreements, about forty coordinators and two years of requests\n"
	  "in every state of the lifecycle. The same seed gives the same data.\n"
	  "Refuses a database that already holds requests.\n"
	  "\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "  --seed N   the seed (default 2010)\n" },
	{ "backup", cmd_backup, "copy a live SQLite database to a new file, and check the copy",
	  "usage: kring backup [--db sqlite:PATH] OUT\n"
	  "\n"
	  "Copies the SQLite database to the new file OUT while kring serve keeps\n"
	  "answering (SQLite's online backup API, in small steps), checks the copy with\n"
	  "PRAGMA integrity_check and prints its size and schema version. The copy is\n"
	  "one consistent snapshot. Refuses an OUT that exists. A PostgreSQL database\n"
	  "is backed up with pg_dump instead (see docs/operations.md).\n"
	  "\n"
	  "  --db URL   the database, sqlite:PATH (KRING_DB; default " DEFAULT_DB ")\n" },
	{ "user", cmd_user, "add and change user accounts (the first admin, passwords, unlocking)",
	  "usage: kring user add NAME --name \"Display Name\" --role ROLE [--role ROLE]...\n"
	  "                      [--region ID]... [--all-regions] [--coordinator ID] [--funder ID]\n"
	  "       kring user passwd NAME\n"
	  "       kring user roles NAME [--role ROLE]... [--region ID]... [--coordinator ID] [--funder ID]\n"
	  "       kring user totp NAME [--remove]\n"
	  "       kring user disable NAME | enable NAME | unlock NAME\n"
	  "       kring user list\n"
	  "\n"
	  "Roles: admin, intake, regional_manager, coordinator, funder, researcher.\n"
	  "--region limits an intake worker or regional manager to regions;\n"
	  "--all-regions gives every region; --coordinator ties a coordinator's\n"
	  "account to the coordinator record whose cases it works on.\n"
	  "add and passwd read the password from standard input (one line; on a\n"
	  "terminal without echo, twice): 12 to 200 characters. A new password or\n"
	  "disabling ends every session of the account. unlock lifts the lock that\n"
	  "20 failed logins in a row put on an account. totp gives the account a\n"
	  "second factor: it prints an otpauth:// URI for an authenticator app and ten\n"
	  "recovery codes, once; logins then need a code. Accounts with intake,\n"
	  "regional_manager or coordinator roles cannot log in without one while the\n"
	  "setting second_factor (KRING_SECOND_FACTOR) is required, the default.\n"
	  "\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "Setting password_cost (KRING_PASSWORD_COST): interactive (default), moderate.\n" },
	{ "migrate-db", cmd_migrate_db, "move everything to another database (SQLite to PostgreSQL), verified",
	  "usage: kring migrate-db --from URL --to URL\n"
	  "\n"
	  "Copies every table, with ids, versions and timestamps, from the database\n"
	  "--from into the empty database --to, in one transaction, then reads both\n"
	  "again and compares row counts and a SHA-256 checksum per table. A target\n"
	  "without the schema gets it first; a target that holds any row is refused.\n"
	  "Stop the service (or copy from a kring backup) so that nothing is written\n"
	  "to the source meanwhile.\n"
	  "\n"
	  "  --from URL   the database to copy, e.g. sqlite:var/kring.db\n"
	  "  --to URL     the empty target, e.g. postgres://kring@db.example/kring\n" },
	{ "audit", cmd_audit, "check the access log; list who viewed or changed a person's file",
	  "usage: kring audit verify [--db URL]\n"
	  "       kring audit person ID [--db URL]\n"
	  "\n"
	  "Every read and change of personal data, and every login, is an entry in\n"
	  "the access log (NEN 7513). Entries cannot be changed or removed through\n"
	  "kring or the database, and each holds the SHA-256 of the one before.\n"
	  "\n"
	  "verify recomputes the whole chain. It prints the number of entries and\n"
	  "the last entry's hash (note it elsewhere: removing the newest entries\n"
	  "leaves a shorter chain that is still intact) and exits 0; or it names\n"
	  "the first entry that was altered, or that does not follow the one before\n"
	  "(an entry removed or inserted by hand), and exits 1.\n"
	  "\n"
	  "person lists every entry about request (case) ID, oldest first, one line\n"
	  "each: time, user, role, action, outcome, record type, record id, address,\n"
	  "separated by tabs ('-' when empty).\n"
	  "\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n" },
	{ "export", cmd_export, "everything held on one person's case; pseudonymised records for research",
	  "usage: kring export person ID [--db URL]\n"
	  "       kring export research --from DATE --to DATE [--db URL]\n"
	  "\n"
	  "person prints everything kring holds on request (case) ID as one JSON\n"
	  "document with sorted keys (the AVG right of access): the request, every\n"
	  "record under it, and the access-log entries about it, with generated_at\n"
	  "and the database's schema_version. The export is written to the access\n"
	  "log.\n"
	  "\n"
	  "research prints the cases requested from --from to --to (YYYY-MM-DD, both\n"
	  "included) as JSON Lines, one case per line: only the anonymous facts (no\n"
	  "names, contact data, addresses, birth dates or free text), with keyed\n"
	  "pseudonyms (HMAC-SHA-256, hex) instead of the ids of cases, coordinators\n"
	  "and network members. The same key gives the same pseudonyms in every\n"
	  "export; keep the key secret and away from the exports. Each case is\n"
	  "written to the access log.\n"
	  "\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "Setting research_key (KRING_RESEARCH_KEY): the pseudonyms' secret key, at\n"
	  "least 32 characters (e.g. openssl rand -hex 32); never a flag.\n" },
	{ "retention", cmd_retention, "anonymise the cases whose retention period has passed",
	  "usage: kring retention [--dry-run] [--db URL]\n"
	  "\n"
	  "Anonymises every case that was closed or stopped more than its retention\n"
	  "period ago: names, contact data, free text and the network's identities\n"
	  "become \"" RETENTION_PLACEHOLDER "\", while the anonymous facts stay (kind,\n"
	  "track, dates, states, outcome, counts, measures, actions, grades, costs),\n"
	  "so that reports over past years do not change. Each case is one\n"
	  "transaction and one access-log entry (user retention, role system); kept\n"
	  "answers to Idempotency-Keys that show an anonymised case are forgotten.\n"
	  "Prints one line per case: id, track, closed_on, years (tab-separated).\n"
	  "Run it daily or monthly, e.g. from cron.\n"
	  "\n"
	  "  --dry-run  list the cases that are due and change nothing\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "Settings: retention_youth_years (KRING_RETENTION_YOUTH_YEARS; default\n"
	  "" RETENTION_YOUTH_YEARS ") for the tracks in retention_youth_tracks (default\n"
	  "" RETENTION_YOUTH_TRACKS "),\n"
	  "retention_adult_years (default " RETENTION_ADULT_YEARS ") for every other track.\n" },
	{ "openapi", cmd_openapi, "print the API description (OpenAPI 3.1, YAML)",
	  "usage: kring openapi\n"
	  "\n"
	  "Prints the description of the JSON API, derived from the data model and\n"
	  "the route table; docs/openapi.yaml is its output.\n" },
	{ "help", cmd_help, "show help for kring or a subcommand",
	  "usage: kring help [COMMAND]\n" },
};
const size_t ncommands = sizeof(commands) / sizeof(commands[0]);

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ncommands; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int run_subcommand(const char *command, const struct subcommand *subs, size_t n, int argc, char **argv)
{
	if (argc >= 2)
		for (size_t i = 0; i < n; i++)
			if (strcmp(argv[1], subs[i].name) == 0)
				return subs[i].run(argc - 1, argv + 1);
	fprintf(stderr, "kring %s: %s%s; one of:", command, argc < 2 ? "name a subcommand" : "no such subcommand: ",
		argc < 2 ? "" : argv[1]);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %s", subs[i].name);
	fprintf(stderr, " (see kring %s --help)\n", command);
	return 2;
}

int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	return 0;
}

void usage_all(void)
{
	printf("usage: kring [--config FILE] COMMAND [OPTIONS]\n\n"
	       "kring runs Eigen Kracht-conferenties (family group conferences): from the\n"
	       "request to the follow-up, with the figures to show what they achieve.\n\n"
	       "commands:\n");
	for (size_t i = 0; i < ncommands; i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].summary);
	printf("\nSettings: a flag, else the KRING_<NAME> environment variable, else the\n"
	       "config file (--config FILE or KRING_CONFIG), else the default.\n"
	       "Run 'kring COMMAND --help' for a command's options.\n");
}
