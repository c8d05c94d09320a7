#include "util/config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETTINGS 64

static struct {
	char *name;
	char *value;
} settings[MAX_SETTINGS];
static size_t nsettings;

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

int config_load(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "kring: cannot read config file %s\n", path);
		return -1;
	}
	char line[1024];
	int lineno = 0, ret = 0;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq || nsettings >= MAX_SETTINGS) {
			fprintf(stderr, "kring: %s:%d: expected name = value\n", path, lineno);
			ret = -1;
			break;
		}
		*eq = '\0';
		settings[nsettings].name = strdup(trim(s));
		settings[nsettings].value = strdup(trim(eq + 1));
		nsettings++;
	}
	fclose(f);
	return ret;
}

const char *config_value(const char *name, const char *flag, const char *dflt)
{
	if (flag)
		return flag;
	char env[64] = "KRING_";
	size_t k = strlen(env);
	for (const char *p = name; *p && k < sizeof(env) - 1; p++)
		env[k++] = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	env[k] = '\0';
	const char *v = getenv(env);
	if (v && *v)
		return v;
	for (size_t i = 0; i < nsettings; i++)
		if (strcmp(settings[i].name, name) == 0)
			return settings[i].value;
	return dflt;
}

void config_release(void)
{
	for (size_t i = 0; i < nsettings; i++) {
		free(settings[i].name);
		free(settings[i].value);
	}
	nsettings = 0;
}
