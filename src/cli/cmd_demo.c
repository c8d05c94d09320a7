/* kring demo: a database full of realistic, fictitious data. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/commands.h"
#include "service/service.h"
#include "util/config.h"
#include "util/text.h"

#define DEMO_USER "demo"
#define DEMO_PASSWORD "kring-demo-2010"

/* the first record of e matching one filter, or NULL (caller owns it) */
static json_t *first_where(struct svc *s, const struct entity *e, const char *name, const char *value,
			   struct svc_error *err)
{
	const char *names[] = { name }, *values[] = { value };
	struct svc_list_params lp = { .filter_names = names, .filter_values = values, .nfilters = 1, .limit = 1 };
	json_t *page = NULL;
	if (svc_list(s, e, 0, &lp, &page, err) < 0)
		return NULL;
	json_t *rec = json_incref(json_array_get(json_object_get(page, "items"), 0));
	json_decref(page);
	return rec;
}

static int add_account(struct svc *s, json_t *input, struct svc_error *err)
{
	json_t *shown = NULL;
	int rc = input ? svc_user_add(s, input, DEMO_PASSWORD, &shown, err) : -1;
	if (!input)
		svc_error_set(err, 500, "internal", "", "out of memory");
	json_decref(input);
	json_decref(shown);
	return rc;
}

/*
 * One account per daily role, so that a case can be carried through as the
 * people who do the work: the coordinator of a case in preparation, an
 * intake worker in that coordinator's region, a regional manager of every
 * region, and an admin.
 */
static int role_accounts(struct svc *s, struct svc_error *err)
{
	json_t *req = first_where(s, &ENTITY_REQUEST, "state", "preparation", err);
	if (!req) {
		svc_error_set(err, 500, "internal", "", "the demo data has no case in preparation");
		return -1;
	}
	int64_t coord_id = json_integer_value(json_object_get(req, "coordinator_id"));
	int64_t region_id = json_integer_value(json_object_get(req, "region_id"));
	json_decref(req);
	json_t *coord = NULL;
	if (svc_get(s, &ENTITY_COORDINATOR, coord_id, &coord, err) < 0)
		return -1;
	int rc = add_account(s, json_pack("{s:s, s:O, s:[s], s:I}", "username", "coordinator", "display_name",
					  json_object_get(coord, "name"), "roles", "coordinator", "coordinator_id",
					  (json_int_t)coord_id), err);
	json_decref(coord);
	if (rc == 0)
		rc = add_account(s, json_pack("{s:s, s:s, s:[s], s:[I]}", "username", "intake", "display_name",
					      "Inge Intake", "roles", "intake", "region_ids", (json_int_t)region_id), err);
	if (rc == 0)
		rc = add_account(s, json_pack("{s:s, s:s, s:[s], s:b}", "username", "regio", "display_name",
					      "Ruud Regiomanager", "roles", "regional_manager", "all_regions", 1), err);
	if (rc == 0)
		rc = add_account(s, json_pack("{s:s, s:s, s:[s]}", "username", "beheer", "display_name",
					      "Bea Beheer", "roles", "admin"), err);
	return rc;
}

static void progress(void *ctx, int64_t done)
{
	(void)ctx;
	if (done % 10000 == 0)
		fprintf(stderr, "\rkring demo: %lld cases", (long long)done);
}

/*
 * kring demo --requests N: N generated cases over the five years up to
 * until (service/demo_cases.c), imported like a kring-case/1 file, and the
 * demo account with every role. 0, or 1 after a message.
 */
static int many_cases(struct svc *s, const char *shown, int64_t n, unsigned seed, int until)
{
	struct svc_import_stats stats;
	struct svc_error e;
	bool tty = isatty(STDERR_FILENO);
	int rc = svc_demo_cases(s, n, seed, until, tty ? progress : NULL, NULL, &stats, &e);
	if (tty && n >= 10000)
		fputc('\n', stderr);
	if (rc < 0) {
		fprintf(stderr, "kring demo: %s (%s%s%s)\n", e.detail, e.code, e.field[0] ? ", " : "", e.field);
		return 1;
	}
	json_t *demo = json_pack("{s:s, s:s, s:[ssssss], s:b}", "username", DEMO_USER, "display_name", "Demo",
				 "roles", "admin", "intake", "regional_manager", "coordinator", "funder", "researcher",
				 "all_regions", 1);
	json_t *shown_user = NULL;
	svc_set_password_cost(config_value("password_cost", NULL, "interactive"));
	rc = demo ? svc_user_add(s, demo, DEMO_PASSWORD, &shown_user, &e) : -1;
	json_decref(demo);
	json_decref(shown_user);
	if (rc < 0) {
		fprintf(stderr, "kring demo: the demo account: %s\n", demo ? e.detail : "out of memory");
		return 1;
	}
	printf("kring demo: %s filled with %lld generated cases requested from %d to %d (seed %u); log in as %s "
	       "with password %s\n", shown, (long long)stats.created, until - 4, until, seed, DEMO_USER, DEMO_PASSWORD);
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "requests", required_argument, NULL, 'n' },
		{ "until", required_argument, NULL, 'u' },
		{ 0 },
	};
	const char *db = NULL, *seed_text = "2010", *requests_text = NULL, *until_text = "2024";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': seed_text = optarg; break;
		case 'n': requests_text = optarg; break;
		case 'u': until_text = optarg; break;
		default: return 2;
		}
	}
	int64_t requests = 0, until = 0;
	if (requests_text && parse_int64(requests_text, 1, 100000000, &requests) < 0) {
		fprintf(stderr, "kring demo: --requests must be a number from 1 to 100000000\n");
		return 2;
	}
	if (parse_int64(until_text, 1905, 2199, &until) < 0) {
		fprintf(stderr, "kring demo: --until must be a year from 1905 to 2199\n");
		return 2;
	}
	int64_t seed;
	if (parse_int64(seed_text, 0, 4294967295LL, &seed) < 0) {
		fprintf(stderr, "kring demo: --seed must be a number\n");
		return 2;
	}
	db = config_value("db", db, DEFAULT_DB);
	struct store *st = NULL;
	char err[512], shown[512];
	store_url_redact(db, shown, sizeof shown);
	if (store_open(db, &st, err, sizeof(err)) < 0) {
		fprintf(stderr, "kring demo: %s\n", err);
		return 1;
	}
	int from, to, ret = 1;
	store_set_quiet(true);
	int rc = st->ops->migrate(st, &from, &to);
	store_set_quiet(false);
	if (rc != STORE_OK) {
		fprintf(stderr, "kring demo: %s\n", store_last_error());
		goto done;
	}
	int64_t n = 0;
	if (st->ops->count(st, &ENTITY_REQUEST, NULL, 0, &n) != STORE_OK || n > 0) {
		fprintf(stderr, "kring demo: %s already holds requests; use a new database\n", shown);
		goto done;
	}
	struct svc s = { .st = st, .actor = "demo", .role = "admin", .address = "" };
	struct svc_error e;
	if (requests) {
		ret = many_cases(&s, shown, requests, (unsigned)seed, (int)until);
		goto done;
	}
	if (svc_demo(&s, (unsigned)seed, 2, &e) < 0) {
		fprintf(stderr, "kring demo: %s (%s%s%s)\n", e.detail, e.code, e.field[0] ? ", " : "", e.field);
		goto done;
	}
	/* one account to look around with: every role, a published password;
	 * only ever in a demo database */
	json_t *demo = json_pack("{s:s, s:s, s:[ssssss], s:b}", "username", DEMO_USER, "display_name", "Demo",
				 "roles", "admin", "intake", "regional_manager", "coordinator", "funder", "researcher",
				 "all_regions", 1);
	json_t *shown_user = NULL;
	svc_set_password_cost(config_value("password_cost", NULL, "interactive"));
	int urc = svc_user_add(&s, demo, DEMO_PASSWORD, &shown_user, &e);
	json_decref(demo);
	json_decref(shown_user);
	if (urc < 0) {
		fprintf(stderr, "kring demo: the demo account: %s\n", e.detail);
		goto done;
	}
	if (role_accounts(&s, &e) < 0) {
		fprintf(stderr, "kring demo: the demo accounts: %s\n", e.detail);
		goto done;
	}
	printf("kring demo: %s filled with demo data (seed %lld); log in as %s (every role), or as intake, "
	       "regio (regional manager), coordinator or beheer (admin), each with password %s\n", shown,
	       (long long)seed, DEMO_USER, DEMO_PASSWORD);
	ret = 0;
done:
	store_close(st);
	return ret;
}
