#ifndef KRING_WEB_SERVER_H
#define KRING_WEB_SERVER_H

struct server_config {
	const char *db_url;
	const char *listen; /* "127.0.0.1:8080" or "[::1]:8080" */
	unsigned threads;   /* worker threads; 0 = one per core */
	/* PEM files of the certificate (chain) and its private key: both for
	 * HTTPS, neither for plain HTTP */
	const char *tls_cert;
	const char *tls_key;
};

/* Serve until SIGINT or SIGTERM, over HTTPS when cfg names a certificate
 * and key (TLS 1.2 and 1.3 only; every answer then carries HSTS). Returns 0
 * after a clean stop, -1 when the server could not start (one line on
 * stderr). */
int server_run(const struct server_config *cfg);

#endif
