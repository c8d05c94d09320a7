#ifndef KRING_WEB_SERVER_H
#define KRING_WEB_SERVER_H

struct server_config {
	const char *db_url;
	const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;   /* worker threads; 0 = one per core */
};

/* Serve until SIGINT or SIGTERM. Returns 0 after a clean stop, -1 when the
 * server could not start (a message is on stderr). */
int server_run(const struct server_config *cfg);

#endif
