/* kring openapi: print the API description. */
#include <stdio.h>

#include "cli/commands.h"
#include "util/buf.h"
#include "web/openapi.h"

int cmd_openapi(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct buf b;
	buf_init(&b, 0);
	int r = openapi_write(&b);
	if (r == 0)
		fputs(buf_str(&b), stdout);
	else
		fprintf(stderr, "kring openapi: out of memory\n");
	buf_release(&b);
	return r == 0 ? 0 : 1;
}
