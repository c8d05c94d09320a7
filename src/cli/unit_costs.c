/* Reading the unit-costs file of the cost-benefit report (see unit_costs.h). */
#include "cli/unit_costs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/config.h"
#include "util/text.h"

int cli_unit_costs(const char *what, const char *flag, struct buf *text, const char **file)
{
	const char *path = config_value("unit_costs", flag, NULL);
	*file = NULL;
	if (!path || !*path)
		return 0;
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "kring %s: cannot read the unit costs %s: %s\n", what, path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(text, chunk, n) < 0) {
			fprintf(stderr, "kring %s: the unit costs %s are larger than %d bytes\n", what, path,
				UNIT_COSTS_MAX);
			fclose(f);
			return -1;
		}
	int bad = ferror(f);
	fclose(f);
	if (bad || !utf8_valid(buf_str(text), text->len) || strlen(buf_str(text)) != text->len) {
		fprintf(stderr, "kring %s: cannot read the unit costs %s as UTF-8 text\n", what, path);
		return -1;
	}
	*file = path;
	return 0;
}
