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
	  "usage: kring demo [--db URL] [--seed N] [--requests N [--until YEAR]]\n"
	  "\n"
	  "Creates the database and fills it with fictitious Dutch demo data: regions,\n"
	  "funders with agreements, about forty coordinators and two years of requests\n"
	  "in every state of the lifecycle. The same seed gives the same data.\n"
	  "Refuses a database that already holds requests.\n"
	  "\n"
	  "With --requests N it generates N cases instead, fast, for reports and\n"
	  "benchmarks: requested over the five years up to --until, more each year,\n"
	  "with plans, verdicts, actions, measures, costs and follow-ups in the\n"
	  "proportions the published figures show (see docs/import-format.md), and\n"
	  "imported like a kring-case/1 file; then only the demo account is made.\n"
	  "\n"
	  "  --db URL        the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "  --seed N        the seed (default 2010)\n"
	  "  --requests N    generate N cases (1 to 100000000)\n"
	  "  --until YEAR    the last year of requests (default 2024)\n" },
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
	{ "export", cmd_export, "one person's case; pseudonymised records for research; cases in kring-case/1",
	  "usage: kring export person ID [--db URL]\n"
	  "       kring export research --from DATE --to DATE [--db URL]\n"
	  "       kring export cases [--from DATE] [--to DATE] [--without-persons]\n"
	  "                          [--format jsonl|csv] [--out PATH] [--db URL]\n"
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
	  "least 32 characters (e.g. openssl rand -hex 32); never a flag.\n"
	  "\n"
	  "cases writes the cases requested from --from to --to (both included; the\n"
	  "whole database without them) in the interchange format kring-case/1 (see\n"
	  "docs/import-format.md), in id order, for kring import on another kring or\n"
	  "for a spreadsheet: as JSON Lines with sorted keys (--format jsonl, the\n"
	  "default) on standard output or into the file --out PATH; or as CSV\n"
	  "(--format csv) into the folder --out PATH: cases.csv, cases-actions.csv,\n"
	  "cases-measures.csv and cases-network.csv. Exporting, importing into an\n"
	  "empty database and exporting again gives the same bytes. A case without a\n"
	  "ref is exported with ref kring-ID. --without-persons leaves out the names\n"
	  "(main_persons and network). The export is written to the access log.\n" },
	{ "import", cmd_import, "import cases from a kring-case/1 file (JSON Lines or CSV), all or nothing",
	  "usage: kring import [--db URL] FILE\n"
	  "       kring import --schema\n"
	  "\n"
	  "Imports the cases in FILE, in the interchange format kring-case/1 (see\n"
	  "docs/import-format.md), in one transaction: when one case is wrong, the\n"
	  "error names its line, the key and the reason, and nothing of the file is\n"
	  "stored. A case whose ref kring holds already replaces that case's content\n"
	  "(it is never added twice); regions, organisations, funders, agreements and\n"
	  "coordinators named in the file are made when kring does not know them.\n"
	  "The whole import is one entry in the access log.\n"
	  "\n"
	  "FILE ending in .jsonl or .json: JSON Lines, one case per line.\n"
	  "FILE ending in .csv: one row per case, with the plan's actions in\n"
	  "BASE-actions.csv, the measures in BASE-measures.csv and the network in\n"
	  "BASE-network.csv next to it (each optional; rows keyed by ref), as kring\n"
	  "export cases --format csv writes them.\n"
	  "On a terminal a progress line shows on standard error.\n"
	  "--schema prints the format's JSON Schema (docs/kring-case-1.schema.json).\n"
	  "\n"
	  "  --db URL   the database (KRING_DB; default " DEFAULT_DB ")\n" },
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
	{ "match", cmd_match, "the coordinators who fit a request, ranked, and who is excluded why",
	  "usage: kring match ID [--db URL] [--all] [--json]\n"
	  "\n"
	  "Matches the coordinators to request ID. The hard rules exclude: inactive;\n"
	  "training not current (no refresher course, or the 6-day course when there\n"
	  "is no refresher yet, within training_current_months); region not served, or\n"
	  "the municipality when the coordinator lists municipalities; at capacity;\n"
	  "unavailable within a week of the wanted date (wanted_on, else today + 6\n"
	  "weeks); linked to the referring organisation, the funder, or a person of\n"
	  "the case (a declared relation). The others are ranked by score: language,\n"
	  "gender, background, load and travel, each its weight times how well it fits.\n"
	  "Prints the first 10 of each as a table; --all prints every one, --json the\n"
	  "whole answer as the API gives it.\n"
	  "\n"
	  "  --db URL  the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "Settings (KRING_<NAME>): match_weight_language (default 40),\n"
	  "match_weight_gender (25), match_weight_background (15), match_weight_load\n"
	  "(10), match_weight_travel (10), training_current_months (24).\n" },
	{ "report", cmd_report, "the annual figures, the outcomes and the cost-benefit report",
	  "usage: kring report NAME [--db URL] [--year Y] [--from DATE] [--to DATE]\n"
	  "                    [--region R] [--funder F] [--track T] [--unit-costs FILE]\n"
	  "                    [--format json|csv|xlsx|pdf] [--lang nl|en] [--out FILE]\n"
	  "\n"
	  "Computes a report in the database and prints it. NAME is one of:\n"
	  "  annual    requests of the year (needs --year) against the year before, in\n"
	  "            total and per track; outcomes (plan, plan without a meeting,\n"
	  "            stopped, open); plans judged safe and feasible; participants;\n"
	  "            the situation at the last follow-up; satisfaction grades\n"
	  "  outcomes  conferences, participants, plan actions (by the network,\n"
	  "            substituting professional care), plans without professional\n"
	  "            care, and per measure: threatened at request and prevented or\n"
	  "            happened at follow-up, in place at request and reversed\n"
	  "  costs     the conferences' costs against the savings the unit costs give\n"
	  "            for the measures prevented or reversed and the actions that\n"
	  "            substitute professional care: gross, net, per conference and per\n"
	  "            100 conferences, with a low-high range and every line's source\n"
	  "Every percentage is {count, of, pct}: the denominator is always shown. The\n"
	  "population (which requests are counted) is named in the report.\n"
	  "\n"
	  "  --db URL           the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "  --year Y           the calendar year (requested_on); not with --from/--to\n"
	  "  --from, --to DATE  the period of requested_on, YYYY-MM-DD, both included\n"
	  "  --region R         a region's id or name\n"
	  "  --funder F         a funder's id or name\n"
	  "  --track T          youth_voluntary, child_protection, youth_probation, adult,\n"
	  "                     eviction, education, neighbourhood or other\n"
	  "  --unit-costs FILE  the unit costs of the costs report (KRING_UNIT_COSTS;\n"
	  "                     default: the shipped data/unit-costs.json, with sources)\n"
	  "  --format F         json (default; keys in a fixed order), csv, xlsx or pdf\n"
	  "  --lang L           the language of csv, xlsx and pdf: nl (default) or en\n"
	  "  --out FILE         write to FILE instead of standard output (xlsx and pdf\n"
	  "                     need it on a terminal)\n" },
	{ "invoice", cmd_invoice, "invoices to funders per period, as PDF and UBL XML; credit notes",
	  "usage: kring invoice create --funder ID --from DATE --to DATE [--region ID]\n"
	  "                            [--issued-on DATE] [--db URL]\n"
	  "       kring invoice list [--funder ID] [--db URL]\n"
	  "       kring invoice show NUMBER [--format json|xml|pdf] [--lang nl|en]\n"
	  "                          [--out FILE] [--db URL]\n"
	  "       kring invoice credit NUMBER --reason TEXT [--issued-on DATE] [--db URL]\n"
	  "\n"
	  "create issues one invoice to the funder for the conferences held from\n"
	  "--from to --to (with a plan, or a plan without a meeting) of the requests\n"
	  "under its agreements, one line each at the agreement's tariff for the\n"
	  "request's kind; a conference already on an invoice that was not credited\n"
	  "is left out. It refuses when nothing is left to invoice. Numbers run\n"
	  "YYYY-NNNN per year of issue, without gaps. It prints the new invoice:\n"
	  "number, kind, issue date, funder, period and total, separated by tabs.\n"
	  "list prints every invoice and credit note that way.\n"
	  "show writes one as JSON (with its lines), as UBL 2.1 XML (SI-UBL 2.0, the\n"
	  "Dutch e-invoice) or as PDF.\n"
	  "An issued invoice is never changed: credit issues a credit note that\n"
	  "cancels the whole invoice (its conferences can then be invoiced again).\n"
	  "\n"
	  "The seller comes from the settings invoice_seller_name, invoice_seller_kvk,\n"
	  "invoice_seller_vat, invoice_seller_iban, invoice_seller_address,\n"
	  "invoice_seller_postcode and invoice_seller_city (KRING_INVOICE_SELLER_...;\n"
	  "the defaults are fictitious, for a demo), the payment term from\n"
	  "invoice_payment_days (default 30). See docs/invoices.md.\n"
	  "\n"
	  "  --db URL          the database (KRING_DB; default " DEFAULT_DB ")\n"
	  "  --funder ID       the funder invoiced (list: only its invoices)\n"
	  "  --from, --to      the period: conferences held on these days and between\n"
	  "  --region ID       only the conferences of this region's requests\n"
	  "  --issued-on DATE  the date of issue (default today)\n"
	  "  --format F        json (default), xml or pdf\n"
	  "  --out FILE        write to FILE instead of standard output\n"
	  "  --reason TEXT     why the invoice is credited\n" },
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
