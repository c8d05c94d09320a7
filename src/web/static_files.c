#include "web/static_files.h"

#include <string.h>

const struct static_file *static_find(const char *path)
{
	for (unsigned i = 0; i < static_nfiles; i++)
		if (strcmp(static_files[i].path, path) == 0)
			return &static_files[i];
	return NULL;
}
