/*
 * Moving a database between stores (see store/copy.h). Only the storage
 * interface is used, so any backend can be the source or the target; rows
 * travel as the JSON records the store gives, which are the same on both
 * backends, and so are their checksums.
 */
#include "store/copy.h"
#include "store/backend.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

#define PAGE 500
#define IDEM_TABLE "idempotency_keys"


/* the running checksum of one table: SHA-256 over each row's canonical
 * JSON (compact, keys sorted) followed by a newline */
struct sum {
	crypto_hash_sha256_state state;
	int64_t rows;
};

static void sum_init(struct sum *s)
{
	crypto_hash_sha256_init(&s->state);
	s->rows = 0;
}

static int sum_add(struct sum *s, const json_t *row)
{
	char *text = json_dumps(row, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return -1;
	crypto_hash_sha256_update(&s->state, (const unsigned char *)text, strlen(text));
	crypto_hash_sha256_update(&s->state, (const unsigned char *)"\n", 1);
	free(text);
	s->rows++;
	return 0;
}

static void sum_final(struct sum *s, int64_t *rows, char hex[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&s->state, digest);
	sodium_bin2hex(hex, 65, digest, sizeof digest);
	*rows = s->rows;
}

/* called for every row of a table, in id order */
typedef int (*row_fn)(void *arg, const json_t *row);

/* every row of e (or of the access log, e == &audit_table), page by page */
static int each_row(struct store *st, const struct entity *e, row_fn fn, void *arg, char *err, size_t errlen)
{
	int64_t after = 0;
	for (;;) {
		json_t *items = NULL;
		int rc = e == &audit_table ? st->ops->audit_list(st, after, PAGE, 0, &items)
					   : st->ops->list(st, e, NULL, 0, after, PAGE, &items);
		if (rc != STORE_OK) {
			store_set_err(err, errlen, "reading %s: %s", e->table, store_last_error());
			return -1;
		}
		size_t n = json_array_size(items);
		for (size_t i = 0; i < n; i++) {
			json_t *row = json_array_get(items, i);
			if (fn(arg, row) < 0) {
				json_decref(items);
				return -1;
			}
			after = json_integer_value(json_object_get(row, "id"));
		}
		json_decref(items);
		if (n < PAGE)
			return 0;
	}
}

static int sum_row(void *arg, const json_t *row)
{
	return sum_add(arg, row);
}

static struct copy_table *table_slot(struct copy_report *rep, size_t i, const char *name)
{
	struct copy_table *t = &rep->tables[i];
	t->name = name;
	if (rep->ntables < i + 1)
		rep->ntables = i + 1;
	return t;
}

int store_checksums(struct store *st, struct copy_report *rep, bool target, char *err, size_t errlen)
{
	struct sum sum;
	json_t *keys = NULL;
	size_t i;
	int ret = -1;

	if (sodium_init() < 0) {
		store_set_err(err, errlen, "libsodium cannot start");
		return -1;
	}
	if (model_nentities + 2 > COPY_MAX_TABLES) {
		store_set_err(err, errlen, "too many tables");
		return -1;
	}
	if (st->ops->begin(st, false) != STORE_OK) {
		store_set_err(err, errlen, "cannot start reading: %s", store_last_error());
		return -1;
	}
	for (i = 0; i < model_nentities; i++) {
		struct copy_table *t = table_slot(rep, i, model_entities[i]->table);
		sum_init(&sum);
		if (each_row(st, model_entities[i], sum_row, &sum, err, errlen) < 0)
			goto cleanup;
		sum_final(&sum, target ? &t->target_rows : &t->rows, target ? t->target_sha256 : t->sha256);
	}
	if (st->ops->idem_list(st, &keys) != STORE_OK) {
		store_set_err(err, errlen, "reading %s: %s", IDEM_TABLE, store_last_error());
		goto cleanup;
	}
	struct copy_table *t = table_slot(rep, i, IDEM_TABLE);
	sum_init(&sum);
	for (size_t k = 0; k < json_array_size(keys); k++)
		if (sum_add(&sum, json_array_get(keys, k)) < 0) {
			store_set_err(err, errlen, "out of memory");
			goto cleanup;
		}
	sum_final(&sum, target ? &t->target_rows : &t->rows, target ? t->target_sha256 : t->sha256);
	t = table_slot(rep, i + 1, audit_table.table);
	sum_init(&sum);
	if (each_row(st, &audit_table, sum_row, &sum, err, errlen) < 0)
		goto cleanup;
	sum_final(&sum, target ? &t->target_rows : &t->rows, target ? t->target_sha256 : t->sha256);
	ret = 0;
cleanup:
	json_decref(keys);
	st->ops->rollback(st); /* read only */
	return ret;
}

struct copy_ctx {
	struct store *dst;
	const struct entity *e;
	char *err;
	size_t errlen;
};

static int copy_row(void *arg, const json_t *row)
{
	struct copy_ctx *c = arg;
	int rc = c->e == &audit_table ? c->dst->ops->audit_insert_row(c->dst, row)
				      : c->dst->ops->insert_row(c->dst, c->e, row);
	if (rc != STORE_OK) {
		store_set_err(c->err, c->errlen, "writing %s %lld: %s", c->e->table,
			(long long)json_integer_value(json_object_get(row, "id")), store_last_error());
		return -1;
	}
	return 0;
}

/* the target must hold no rows at all */
static int target_empty(struct store *dst, char *err, size_t errlen)
{
	json_t *keys = NULL;
	for (size_t i = 0; i < model_nentities; i++) {
		int64_t n = 0;
		if (dst->ops->count(dst, model_entities[i], NULL, 0, &n) != STORE_OK) {
			store_set_err(err, errlen, "counting %s in the target: %s", model_entities[i]->table,
				store_last_error());
			return -1;
		}
		if (n > 0) {
			store_set_err(err, errlen, "the target is not empty: its table %s holds %lld rows; "
					     "kring migrate-db only writes into an empty database",
				model_entities[i]->table, (long long)n);
			return -1;
		}
	}
	if (dst->ops->idem_list(dst, &keys) != STORE_OK) {
		store_set_err(err, errlen, "reading %s in the target: %s", IDEM_TABLE, store_last_error());
		return -1;
	}
	size_t n = json_array_size(keys);
	json_decref(keys);
	if (n > 0) {
		store_set_err(err, errlen, "the target is not empty: its table %s holds %zu rows; "
				     "kring migrate-db only writes into an empty database", IDEM_TABLE, n);
		return -1;
	}
	if (dst->ops->audit_list(dst, 0, 1, 0, &keys) != STORE_OK) {
		store_set_err(err, errlen, "reading %s in the target: %s", audit_table.table, store_last_error());
		return -1;
	}
	n = json_array_size(keys);
	json_decref(keys);
	if (n > 0) {
		store_set_err(err, errlen, "the target is not empty: its table %s holds entries; "
				     "kring migrate-db only writes into an empty database", audit_table.table);
		return -1;
	}
	return 0;
}

/* everything, in one write transaction on dst, from one snapshot of src */
static int copy_all(struct store *src, struct store *dst, char *err, size_t errlen)
{
	json_t *keys = NULL;
	int ret = -1;

	if (src->ops->begin(src, false) != STORE_OK) {
		store_set_err(err, errlen, "cannot start reading the source: %s", store_last_error());
		return -1;
	}
	if (dst->ops->begin(dst, true) != STORE_OK) {
		store_set_err(err, errlen, "cannot start writing the target: %s", store_last_error());
		src->ops->rollback(src);
		return -1;
	}
	if (target_empty(dst, err, errlen) < 0)
		goto cleanup;
	/* model order puts every referenced table before the tables that refer
	 * to it; within a table, id order puts a follow-up after its request */
	for (size_t i = 0; i < model_nentities; i++) {
		struct copy_ctx c = { dst, model_entities[i], err, errlen };
		if (each_row(src, c.e, copy_row, &c, err, errlen) < 0)
			goto cleanup;
		if (dst->ops->reset_ids(dst, c.e) != STORE_OK) {
			store_set_err(err, errlen, "setting the next id of %s: %s", c.e->table, store_last_error());
			goto cleanup;
		}
	}
	if (src->ops->idem_list(src, &keys) != STORE_OK) {
		store_set_err(err, errlen, "reading %s: %s", IDEM_TABLE, store_last_error());
		goto cleanup;
	}
	for (size_t k = 0; k < json_array_size(keys); k++)
		if (dst->ops->idem_insert_row(dst, json_array_get(keys, k)) != STORE_OK) {
			store_set_err(err, errlen, "writing %s: %s", IDEM_TABLE, store_last_error());
			goto cleanup;
		}
	/* the access log row for row, ids and hashes as they are: the chain
	 * verifies on the target as it did on the source */
	struct copy_ctx log = { dst, &audit_table, err, errlen };
	if (each_row(src, &audit_table, copy_row, &log, err, errlen) < 0)
		goto cleanup;
	if (dst->ops->reset_ids(dst, &audit_table) != STORE_OK) {
		store_set_err(err, errlen, "setting the next id of %s: %s", audit_table.table, store_last_error());
		goto cleanup;
	}
	if (dst->ops->commit(dst) != STORE_OK) {
		store_set_err(err, errlen, "committing the target: %s", store_last_error());
		goto cleanup;
	}
	ret = 0;
cleanup:
	json_decref(keys);
	if (ret < 0)
		dst->ops->rollback(dst);
	src->ops->rollback(src); /* read only */
	return ret;
}

int store_copy(struct store *src, struct store *dst, struct copy_report *rep, char *err, size_t errlen)
{
	int sv = 0, dv = 0, latest = store_latest_version();

	memset(rep, 0, sizeof *rep);
	if (src->ops->schema_version(src, &sv) != STORE_OK || dst->ops->schema_version(dst, &dv) != STORE_OK) {
		store_set_err(err, errlen, "cannot read the schema versions: %s", store_last_error());
		return -1;
	}
	if (sv != latest) {
		store_set_err(err, errlen, "the source is at schema version %d and this kring needs %d: %s", sv, latest,
			sv < latest ? "run kring init on it first" : "upgrade kring");
		return -1;
	}
	if (dv != latest) {
		store_set_err(err, errlen, "the target is at schema version %d and this kring needs %d", dv, latest);
		return -1;
	}
	/* the source's checksums first: the copy reads the same snapshot only
	 * when nothing writes to the source meanwhile, which the comparison
	 * below then shows */
	if (store_checksums(src, rep, false, err, errlen) < 0)
		return -1;
	if (copy_all(src, dst, err, errlen) < 0)
		return -1;
	if (store_checksums(dst, rep, true, err, errlen) < 0)
		return -1;
	for (size_t i = 0; i < rep->ntables; i++) {
		const struct copy_table *t = &rep->tables[i];
		if (t->rows != t->target_rows || strcmp(t->sha256, t->target_sha256) != 0) {
			store_set_err(err, errlen,
				"verification failed for %s: %lld rows (sha256 %.16s) in the source, %lld (sha256 %.16s) "
				"in the target; was the source written to during the copy?",
				t->name, (long long)t->rows, t->sha256, (long long)t->target_rows, t->target_sha256);
			return -1;
		}
	}
	return 0;
}
