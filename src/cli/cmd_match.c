/* kring match: the coordinators who fit a request, ranked, and those the
 * hard rules exclude, with why (service/matching.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/open_db.h"
#include "service/service.h"
#include "util/text.h"

/* how many of each list the table shows without --all */
#define SHOWN 10

enum { OPT_DB = 1, OPT_ALL, OPT_JSON };

static const struct option opts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "json", no_argument, NULL, OPT_JSON },
	{ 0 },
};

/* the strings of a JSON array joined by sep into out */
static void joined(const json_t *list, const char *sep, char *out, size_t len)
{
	size_t i, used = 0;
	json_t *v;
	out[0] = '\0';
	json_array_foreach(list, i, v) {
		int n = snprintf(out + used, len - used, "%s%s", i ? sep : "", json_string_value(v) ? json_string_value(v) : "");
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

static double number(const json_t *v)
{
	return json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
}

/* the table: rank, score, the components, the facts, the name */
static void print_table(const json_t *m, bool all)
{
	const json_t *cands = json_object_get(m, "candidates"), *excl = json_object_get(m, "excluded");
	const json_t *w = json_object_get(m, "weights");
	printf("request %lld: wanted on %s%s; training current within %lld months\n",
	       (long long)json_integer_value(json_object_get(m, "request_id")),
	       json_string_value(json_object_get(m, "wanted_on")),
	       json_is_true(json_object_get(m, "wanted_on_given")) ? "" : " (not given: today + 6 weeks)",
	       (long long)json_integer_value(json_object_get(m, "training_current_months")));
	printf("weights: language %lld, gender %lld, background %lld, load %lld, travel %lld\n",
	       (long long)json_integer_value(json_object_get(w, "language")),
	       (long long)json_integer_value(json_object_get(w, "gender")),
	       (long long)json_integer_value(json_object_get(w, "background")),
	       (long long)json_integer_value(json_object_get(w, "load")),
	       (long long)json_integer_value(json_object_get(w, "travel")));
	printf("%lld coordinators: %lld fit, %lld excluded\n\n", (long long)json_integer_value(json_object_get(m, "pool")),
	       (long long)json_integer_value(json_object_get(m, "candidates_total")),
	       (long long)json_integer_value(json_object_get(m, "excluded_total")));
	printf("%4s %6s %6s %6s %6s %6s %6s  %-6s %-14s %-5s %s\n", "rank", "score", "lang", "gender", "backgr",
	       "load", "travel", "gender", "languages", "load", "coordinator");
	size_t i;
	json_t *c;
	json_array_foreach(cands, i, c) {
		if (!all && i >= SHOWN) {
			printf("... %zu more (--all shows them)\n", json_array_size(cands) - SHOWN);
			break;
		}
		const json_t *k = json_object_get(c, "components");
		char langs[64], load[16];
		joined(json_object_get(c, "languages"), ",", langs, sizeof langs);
		snprintf(load, sizeof load, "%lld/%lld", (long long)json_integer_value(json_object_get(c, "load")),
			 (long long)json_integer_value(json_object_get(c, "capacity")));
		const char *g = json_string_value(json_object_get(c, "gender"));
		printf("%4lld %6.2f %6.2f %6.2f %6.2f %6.2f %6.2f  %-6s %-14s %-5s %s (%lld)\n",
		       (long long)json_integer_value(json_object_get(c, "rank")), number(json_object_get(c, "score")),
		       number(json_object_get(k, "language")), number(json_object_get(k, "gender")),
		       number(json_object_get(k, "background")), number(json_object_get(k, "load")),
		       number(json_object_get(k, "travel")), g ? g : "-", langs, load,
		       json_string_value(json_object_get(c, "name")),
		       (long long)json_integer_value(json_object_get(c, "coordinator_id")));
	}
	if (json_array_size(excl))
		printf("\nexcluded:\n");
	json_array_foreach(excl, i, c) {
		if (!all && i >= SHOWN) {
			printf("... %zu more (--all shows them)\n", json_array_size(excl) - SHOWN);
			break;
		}
		char why[300];
		joined(json_object_get(c, "reasons"), ", ", why, sizeof why);
		printf("  %s (%lld): %s\n", json_string_value(json_object_get(c, "name")),
		       (long long)json_integer_value(json_object_get(c, "coordinator_id")), why);
	}
}

int cmd_match(int argc, char **argv)
{
	const char *db = NULL;
	bool all = false, as_json = false;
	struct store *st = NULL;
	struct svc_error err;
	json_t *m = NULL;
	int64_t id;
	int c, ret = 1;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_ALL: all = true; break;
		case OPT_JSON: as_json = true; break;
		default:
			fprintf(stderr, "kring match: unknown or incomplete option %s (see kring match --help)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (argc - optind != 1 || parse_int64(argv[optind], 1, INT64_MAX, &id) < 0) {
		fprintf(stderr, "kring match: name one request by its id (see kring match --help)\n");
		return 2;
	}
	if (cli_open_db(db, "match", &st) < 0)
		goto done;
	struct svc s = { .st = st, .actor = "cli", .role = "system", .address = "" };
	if (svc_match(&s, id, &m, &err) < 0) {
		fprintf(stderr, "kring match: %s\n", err.detail);
		ret = err.status == 404 ? 2 : 1;
		goto done;
	}
	if (as_json) {
		char *text = json_dumps(m, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
		if (!text) {
			fprintf(stderr, "kring match: out of memory\n");
			goto done;
		}
		puts(text);
		free(text);
	} else {
		print_table(m, all);
	}
	ret = 0;
done:
	json_decref(m);
	store_close(st);
	return ret;
}
