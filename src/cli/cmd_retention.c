/* kring retention: anonymise the cases whose retention period has passed
 * (AVG erasure; Jeugdwet: youth-care files 20 years after the care
 * ended), keeping the anonymous facts that reports count. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/open_db.h"
#include "domain/retention.h"
#include "service/service.h"
#include "util/config.h"
#include "util/text.h"

enum { OPT_DB = 1, OPT_DRY_RUN };

int cmd_retention(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, OPT_DB },
					      { "dry-run", no_argument, NULL, OPT_DRY_RUN },
					      { 0 } };
	const char *db = NULL;
	bool dry = false;
	struct retention_policy policy;
	struct store *st = NULL;
	struct svc_error err;
	json_t *due = NULL, *c;
	char today[11], why[300];
	int64_t done = 0, forgotten = 0;
	size_t i;
	int opt, ret = 1;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == OPT_DB) {
			db = optarg;
		} else if (opt == OPT_DRY_RUN) {
			dry = true;
		} else {
			fprintf(stderr, "kring retention: unknown or incomplete option %s (see kring retention --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kring retention: unexpected argument %s (see kring retention --help)\n", argv[optind]);
		return 2;
	}
	if (retention_policy_parse(&policy, config_value("retention_youth_years", NULL, RETENTION_YOUTH_YEARS),
				   config_value("retention_adult_years", NULL, RETENTION_ADULT_YEARS),
				   config_value("retention_youth_tracks", NULL, RETENTION_YOUTH_TRACKS), why,
				   sizeof why) < 0) {
		fprintf(stderr, "kring retention: %s\n", why);
		return 2;
	}
	if (cli_open_db(db, "retention", &st) < 0)
		return 1;
	/* a command without an account: the access log names it "retention" */
	struct svc s = { .st = st, .actor = "retention", .role = "system", .address = "" };
	date_today(today);
	if (svc_retention_due(&s, &policy, today, &due, &err) < 0) {
		fprintf(stderr, "kring retention: %s\n", err.detail);
		goto cleanup;
	}
	json_array_foreach(due, i, c) {
		int64_t id = (int64_t)json_integer_value(json_object_get(c, "id"));
		bool anonymised = false;
		if (!dry && svc_retention_apply(&s, &policy, id, today, &anonymised, &err) < 0) {
			fprintf(stderr, "kring retention: request %lld: %s\n", (long long)id, err.detail);
			goto cleanup;
		}
		if (!dry && !anonymised)
			continue; /* changed since it was listed: no longer due */
		printf("%lld\t%s\t%s\t%lld\n", (long long)id, json_string_value(json_object_get(c, "track")),
		       json_string_value(json_object_get(c, "closed_on")),
		       (long long)json_integer_value(json_object_get(c, "years")));
		done++;
	}
	if (!dry && svc_retention_forget_answers(&s, &forgotten, &err) < 0) {
		fprintf(stderr, "kring retention: the kept answers of anonymised cases: %s\n", err.detail);
		goto cleanup;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "kring retention: cannot write the list\n");
		goto cleanup;
	}
	if (dry)
		fprintf(stderr, "kring retention: %lld cases due (dry run: nothing changed)\n", (long long)done);
	else
		fprintf(stderr, "kring retention: %lld cases anonymised, %lld kept answers forgotten\n",
			(long long)done, (long long)forgotten);
	ret = 0;
cleanup:
	json_decref(due);
	store_close(st);
	return ret;
}
