/*
 * kring user: accounts from the command line (the first admin, a new
 * password, unlocking after too many failed logins).
 *
 *   kring user add NAME --name "Display Name" --role R [--role R] [--region ID]...
 *                       [--all-regions] [--coordinator ID] [--funder ID]
 *   kring user passwd NAME
 *   kring user roles NAME --role R [--role R]... [--region ID]...
 *   kring user disable NAME | enable NAME | unlock NAME
 *   kring user totp NAME [--remove]
 *   kring user list
 *
 * Passwords are read from standard input (one line), never from the
 * command line, where every user of the machine could read them; on a
 * terminal without echo.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/commands.h"
#include "service/service.h"
#include "store/store.h"
#include "util/config.h"
#include "util/text.h"

#define PASSWORD_BUF 1024

/* one line from stdin into buf, without its newline; -1 when none */
static int read_password(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)len, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int ask_password(char *buf, size_t len)
{
	char again[PASSWORD_BUF];
	if (read_password("new password: ", buf, len) < 0) {
		fprintf(stderr, "kring user: no password on standard input\n");
		return -1;
	}
	if (isatty(STDIN_FILENO)) {
		int r = read_password("again: ", again, sizeof again);
		bool same = r == 0 && strcmp(again, buf) == 0;
		sodium_memzero(again, sizeof again);
		if (!same) {
			fprintf(stderr, "kring user: the passwords differ\n");
			return -1;
		}
	}
	return 0;
}

struct opts {
	const char *db, *name;
	json_t *roles, *regions;
	int64_t coordinator, funder;
	bool all_regions;
	bool remove;
};

static int parse(int argc, char **argv, struct opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },     { "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },   { "region", required_argument, NULL, 'g' },
		{ "coordinator", required_argument, NULL, 'c' }, { "funder", required_argument, NULL, 'f' },
		{ "all-regions", no_argument, NULL, 'A' },
		{ "remove", no_argument, NULL, 'R' },
		{ 0 },
	};
	int c;
	int64_t id;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'n': o->name = optarg; break;
		case 'A': o->all_regions = true; break;
		case 'R': o->remove = true; break;
		case 'r':
			if (!o->roles)
				o->roles = json_array();
			json_array_append_new(o->roles, json_string(optarg));
			break;
		case 'g':
		case 'c':
		case 'f':
			if (parse_int64(optarg, 1, INT64_MAX, &id) < 0) {
				fprintf(stderr, "kring user: --%s takes an id\n",
					c == 'g' ? "region" : c == 'c' ? "coordinator" : "funder");
				return -1;
			}
			if (c == 'g') {
				if (!o->regions)
					o->regions = json_array();
				json_array_append_new(o->regions, json_integer(id));
			} else if (c == 'c') {
				o->coordinator = id;
			} else {
				o->funder = id;
			}
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static void show(const json_t *u)
{
	char *roles = json_dumps(json_object_get(u, "roles"), JSON_COMPACT);
	printf("%-24s %-30s %-40s%s%s\n", json_string_value(json_object_get(u, "username")),
	       json_string_value(json_object_get(u, "display_name")), roles ? roles : "[]",
	       json_is_true(json_object_get(u, "disabled")) ? " disabled" : "",
	       json_is_true(json_object_get(u, "locked")) ? " locked" : "");
	free(roles);
}

static void fail(const struct svc_error *e)
{
	fprintf(stderr, "kring user: %s%s%s%s\n", e->detail, e->field[0] ? " (" : "", e->field,
		e->field[0] ? ")" : "");
}

int cmd_user(int argc, char **argv)
{
	struct opts o = { 0 };
	struct store *st = NULL;
	struct svc_error e;
	json_t *out = NULL, *input = NULL;
	char password[PASSWORD_BUF] = "";
	char err[512];
	int ret = 1;

	if (argc < 2) {
		fprintf(stderr, "kring user: say what: add, passwd, roles, totp, disable, enable, unlock or list\n");
		return 2;
	}
	const char *what = argv[1];
	if (parse(argc - 1, argv + 1, &o) < 0) {
		ret = 2;
		goto done;
	}
	int rest = argc - 1 - optind; /* operands after the subcommand */
	const char *username = rest >= 1 ? argv[1 + optind] : NULL;
	bool list = strcmp(what, "list") == 0;
	if ((list && rest != 0) || (!list && rest != 1)) {
		fprintf(stderr, "kring user %s: %s\n", what, list ? "takes no user name" : "give one user name");
		ret = 2;
		goto done;
	}
	if (svc_set_password_cost(config_value("password_cost", NULL, "interactive")) < 0) {
		fprintf(stderr, "kring user: password_cost must be interactive, moderate or minimum\n");
		goto done;
	}
	store_set_quiet(true);
	if (store_open(config_value("db", o.db, DEFAULT_DB), &st, err, sizeof err) < 0) {
		fprintf(stderr, "kring user: %s\n", err);
		goto done;
	}
	struct svc s = { .st = st, .actor = "cli", .role = "admin", .address = "" };
	if (list) {
		if (svc_user_list(&s, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
		size_t i;
		json_t *u;
		json_array_foreach(out, i, u)
			show(u);
		ret = 0;
		goto done;
	}
	if (strcmp(what, "add") == 0) {
		if (!o.roles) {
			fprintf(stderr, "kring user add: give at least one --role\n");
			ret = 2;
			goto done;
		}
		input = json_pack("{s:s, s:s, s:O}", "username", username, "display_name", o.name ? o.name : username,
				  "roles", o.roles);
		if (input && o.regions)
			json_object_set(input, "region_ids", o.regions);
		if (input && o.all_regions)
			json_object_set_new(input, "all_regions", json_true());
		if (input && o.coordinator)
			json_object_set_new(input, "coordinator_id", json_integer(o.coordinator));
		if (input && o.funder)
			json_object_set_new(input, "funder_id", json_integer(o.funder));
		if (ask_password(password, sizeof password) < 0)
			goto done;
		if (svc_user_add(&s, input, password, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
	} else if (strcmp(what, "passwd") == 0) {
		if (ask_password(password, sizeof password) < 0)
			goto done;
		if (svc_user_change(&s, username, NULL, password, false, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
	} else if (strcmp(what, "roles") == 0) {
		input = json_object();
		if (input && o.roles)
			json_object_set(input, "roles", o.roles);
		if (input && o.regions)
			json_object_set(input, "region_ids", o.regions);
		if (input && o.all_regions)
			json_object_set_new(input, "all_regions", json_true());
		if (input && o.coordinator)
			json_object_set_new(input, "coordinator_id", json_integer(o.coordinator));
		if (input && o.funder)
			json_object_set_new(input, "funder_id", json_integer(o.funder));
		if (svc_user_change(&s, username, input, NULL, false, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
	} else if (strcmp(what, "disable") == 0 || strcmp(what, "enable") == 0) {
		input = json_pack("{s:b}", "disabled", what[0] == 'd');
		if (svc_user_change(&s, username, input, NULL, false, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
	} else if (strcmp(what, "totp") == 0) {
		char uri[SVC_TOTP_URI_LEN];
		json_t *codes = NULL;
		if (svc_user_totp(&s, username, o.remove, uri, &codes, &e) < 0) {
			fail(&e);
			goto done;
		}
		if (o.remove) {
			printf("kring user: %s has no second factor any more\n", username);
		} else {
			/* shown once: the secret for the authenticator app, the codes for a safe place */
			printf("authenticator app: %s\nrecovery codes (each works once):\n", uri);
			size_t i;
			json_t *c;
			json_array_foreach(codes, i, c)
				printf("  %s\n", json_string_value(c));
			sodium_memzero(uri, sizeof uri);
		}
		json_decref(codes);
		ret = 0;
		goto done;
	} else if (strcmp(what, "unlock") == 0) {
		if (svc_user_change(&s, username, NULL, NULL, true, &out, &e) < 0) {
			fail(&e);
			goto done;
		}
	} else {
		fprintf(stderr, "kring user: unknown subcommand %s (add, passwd, roles, totp, disable, enable, unlock, list)\n",
			what);
		ret = 2;
		goto done;
	}
	show(out);
	ret = 0;
done:
	sodium_memzero(password, sizeof password);
	json_decref(out);
	json_decref(input);
	json_decref(o.roles);
	json_decref(o.regions);
	store_close(st);
	return ret;
}
