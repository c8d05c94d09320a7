/* kring serve: the HTTP server (HTTPS with --tls-cert and --tls-key). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/unit_costs.h"
#include "service/service.h"
#include "util/config.h"
#include "util/text.h"
#include "web/server.h"

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },
		{ 0 },
	};
	const char *db = NULL, *listen = NULL, *threads = NULL, *tls_cert = NULL, *tls_key = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 't': threads = optarg; break;
		case 'c': tls_cert = optarg; break;
		case 'k': tls_key = optarg; break;
		default: return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "kring serve: unexpected argument %s\n", argv[optind]);
		return 2;
	}
	struct server_config cfg = {
		.db_url = config_value("db", db, DEFAULT_DB),
		.listen = config_value("listen", listen, "127.0.0.1:8080"),
		.tls_cert = config_value("tls_cert", tls_cert, NULL),
		.tls_key = config_value("tls_key", tls_key, NULL),
	};
	const char *t = config_value("threads", threads, "0");
	int64_t n;
	if (parse_int64(t, 0, 256, &n) < 0) {
		fprintf(stderr, "kring serve: --threads must be a number from 0 to 256\n");
		return 2;
	}
	cfg.threads = (unsigned)n;
	const char *factor = config_value("second_factor", NULL, "required");
	if (strcmp(factor, "required") != 0 && strcmp(factor, "optional") != 0) {
		fprintf(stderr, "kring serve: second_factor must be required or optional\n");
		return 2;
	}
	svc_set_second_factor(strcmp(factor, "required") == 0);
	if (svc_set_password_cost(config_value("password_cost", NULL, "interactive")) < 0) {
		fprintf(stderr, "kring serve: password_cost must be interactive, moderate or minimum\n");
		return 2;
	}
	struct buf costs;
	const char *costs_file;
	buf_init(&costs, UNIT_COSTS_MAX);
	if (cli_unit_costs("serve", NULL, &costs, &costs_file) < 0) {
		buf_release(&costs);
		return 2;
	}
	if (costs_file) {
		char msg[256];
		if (svc_set_unit_costs(buf_str(&costs), costs_file, msg, sizeof msg) < 0) {
			fprintf(stderr, "kring serve: the unit costs %s: %s\n", costs_file, msg);
			buf_release(&costs);
			return 2;
		}
	}
	buf_release(&costs);
	return server_run(&cfg) == 0 ? 0 : 1;
}
