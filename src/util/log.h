#ifndef KRING_UTIL_LOG_H
#define KRING_UTIL_LOG_H
/* Logs as JSON lines on stderr: {"ts":..., "level":..., "event":..., "msg":...}. */

void log_msg(const char *level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_info(ev, ...) log_msg("info", ev, __VA_ARGS__)
#define log_error(ev, ...) log_msg("error", ev, __VA_ARGS__)

#endif
