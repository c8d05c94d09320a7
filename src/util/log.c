#include "util/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/text.h"

void log_msg(const char *level, const char *event, const char *fmt, ...)
{
	char msg[1024], ts[21];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	time_now_iso(ts);
	json_t *j = json_object();
	json_object_set_new(j, "ts", json_string(ts));
	json_object_set_new(j, "level", json_string(level));
	json_object_set_new(j, "event", json_string(event));
	/* a message may quote outside bytes: keep it loggable whatever they are */
	json_t *m = json_string(msg);
	json_object_set_new(j, "msg", m ? m : json_string("(message not UTF-8)"));
	char *line = json_dumps(j, JSON_COMPACT);
	if (line) {
		fprintf(stderr, "%s\n", line);
		free(line);
	}
	json_decref(j);
}
