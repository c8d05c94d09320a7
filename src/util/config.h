#ifndef KRING_UTIL_CONFIG_H
#define KRING_UTIL_CONFIG_H
/*
 * Settings come from, in order: a command-line flag, the environment
 * variable KRING_<NAME> (upper case, '-' as '_'), the config file, a default.
 * The config file is named by --config or KRING_CONFIG; it holds lines
 * "name = value" and comments starting with '#'.
 */

/* read the config file; returns 0, or -1 with a message on stderr */
int config_load(const char *path);
/* the setting's value by the order above; never NULL when dflt is not NULL */
const char *config_value(const char *name, const char *flag, const char *dflt);
void config_release(void);

#endif
