/*
 * The AVG (GDPR) rights kring serves itself: access (everything held on
 * one case as one document), erasure after the retention period (the case
 * anonymised, its anonymous facts kept) and pseudonymised research
 * exports. What becomes of each field is domain/retention.c's one table.
 */
#include "service/internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/retention.h"
#include "util/text.h"

#define PAGE 500
/* cases per transaction of a research export */
#define RESEARCH_PAGE 100

static int out_of_memory(struct svc_error *err)
{
	svc_error_set(err, 500, "internal", "", "out of memory");
	return -1;
}


/* ---- reading a case ---------------------------------------------------- */

/* every record of e (a record kind under a request) of the case request_id,
 * by id, into a new array; inside the open transaction */
static int records_of_case(struct svc *s, const struct entity *e, int64_t request_id, json_t **out,
			   struct svc_error *err)
{
	struct store_filter f = { model_parent(e), json_integer(request_id), STORE_EQ };
	json_t *all = json_array();
	int64_t after = 0;
	int ret = -1;

	*out = NULL;
	if (!all || !f.value || !f.field) {
		out_of_memory(err);
		goto done;
	}
	for (;;) {
		json_t *page = NULL;
		int rc = s->st->ops->list(s->st, e, &f, 1, after, PAGE, &page);
		if (rc != STORE_OK) {
			json_decref(page);
			svc_fail_store(err, rc, e->name);
			goto done;
		}
		size_t n = json_array_size(page);
		if (n)
			after = rec_int(json_array_get(page, n - 1), "id");
		int r = json_array_extend(all, page);
		json_decref(page);
		if (r < 0) {
			out_of_memory(err);
			goto done;
		}
		if (n < PAGE)
			break;
	}
	*out = all;
	all = NULL;
	ret = 0;
done:
	json_decref(f.value);
	json_decref(all);
	return ret;
}

/* every access-log entry about the case, oldest first, into a new array */
static int log_of_case(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	json_t *all = json_array();
	int64_t after = 0;

	*out = NULL;
	if (!all)
		return out_of_memory(err);
	for (;;) {
		json_t *page = NULL;
		int rc = s->st->ops->audit_list(s->st, after, PAGE, request_id, &page);
		if (rc != STORE_OK) {
			json_decref(page);
			json_decref(all);
			return svc_fail_store(err, rc, "access log");
		}
		size_t n = json_array_size(page);
		if (n)
			after = rec_int(json_array_get(page, n - 1), "id");
		int r = json_array_extend(all, page);
		json_decref(page);
		if (r < 0) {
			json_decref(all);
			return out_of_memory(err);
		}
		if (n < PAGE)
			break;
	}
	*out = all;
	return 0;
}

/* ---- keys in sorted order ----------------------------------------------- */

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *sorted_copy(json_t *v);

/* jansson writes an object's keys in the order they were set: set them
 * sorted (bytewise, as JSON_SORT_KEYS does) */
static json_t *sorted_object(json_t *v)
{
	size_t n = json_object_size(v), k = 0;
	const char **keys = malloc((n ? n : 1) * sizeof *keys);
	json_t *out = json_object(), *val;
	const char *key;

	if (!keys || !out)
		goto fail;
	json_object_foreach(v, key, val)
		keys[k++] = key;
	qsort(keys, n, sizeof *keys, cmp_keys);
	for (k = 0; k < n; k++)
		if (json_object_set_new(out, keys[k], sorted_copy(json_object_get(v, keys[k]))) < 0)
			goto fail;
	free(keys);
	return out;
fail:
	free(keys);
	json_decref(out);
	return NULL;
}

/* v with the keys of every object in it in sorted order (new reference;
 * NULL when out of memory) */
static json_t *sorted_copy(json_t *v)
{
	if (json_is_object(v))
		return sorted_object(v);
	if (json_is_array(v)) {
		json_t *out = json_array();
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (!out || json_array_append_new(out, sorted_copy(item)) < 0) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	return json_incref(v);
}

/* ---- access: everything held on one case -------------------------------- */

static int export_person_once(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	json_t *request = NULL, *doc = NULL, *items = NULL;
	int version = 0, rc, ret = -1;
	char now[21];

	*out = NULL;
	if (svc_precheck(s, OP_EXPORT, &ENTITY_REQUEST, NULL, request_id, 0, err) < 0)
		return -1;
	if (svc_begin_logged(s, err) < 0)
		return -1;
	rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	if (svc_authorize(s, OP_EXPORT, &ENTITY_REQUEST, NULL, request, err) < 0)
		goto rollback;
	rc = s->st->ops->schema_version(s->st, &version);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "schema version");
		goto rollback;
	}
	time_now_iso(now);
	doc = json_pack("{s:s, s:i, s:O}", "generated_at", now, "schema_version", version, "request", request);
	if (!doc) {
		out_of_memory(err);
		goto rollback;
	}
	/* every record kind under a request, by its table's name */
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		if (!model_parent(e))
			continue;
		if (records_of_case(s, e, request_id, &items, err) < 0)
			goto rollback;
		if (json_object_set_new(doc, e->table, items) < 0) {
			out_of_memory(err);
			goto rollback;
		}
	}
	if (log_of_case(s, request_id, &items, err) < 0)
		goto rollback;
	if (json_object_set_new(doc, "access_log", items) < 0) {
		out_of_memory(err);
		goto rollback;
	}
	*out = sorted_copy(doc);
	if (!*out) {
		out_of_memory(err);
		goto rollback;
	}
	if (svc_audit(s, "export", "success", &ENTITY_REQUEST, request_id, request_id, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	json_decref(request);
	json_decref(doc);
	return ret;
}

int svc_export_person(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = export_person_once(s, request_id, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

/* ---- erasure: anonymising cases past their retention period ------------ */

/* is the case due on today under p? closed more than its years ago and
 * not anonymised yet */
static bool is_due(const struct retention_policy *p, const json_t *request, const char *today)
{
	const char *closed = rec_str(request, "closed_on");
	char until[11];
	if (!closed || !json_is_null(json_object_get(request, "anonymised_on")))
		return false;
	retention_due_until(today, retention_years(p, rec_str(request, "track")), until);
	return date_cmp(closed, until) <= 0;
}

static int due_once(struct svc *s, const struct retention_policy *p, const char *today, json_t **out,
		    struct svc_error *err)
{
	char until_youth[11], until_adult[11];
	json_t *due = json_array(), *none = json_null(), *until = NULL;
	int64_t after = 0;
	int ret = -1, rc;

	*out = NULL;
	retention_due_until(today, p->youth_years, until_youth);
	retention_due_until(today, p->adult_years, until_adult);
	/* the later of the two dates bounds the search; each case is then held
	 * against its own track's period */
	until = json_string(date_cmp(until_youth, until_adult) > 0 ? until_youth : until_adult);
	struct store_filter f[] = {
		{ model_field(&ENTITY_REQUEST, "closed_on"), until, STORE_LE },
		{ model_field(&ENTITY_REQUEST, "anonymised_on"), none, STORE_EQ },
	};
	if (!due || !until) {
		out_of_memory(err);
		goto done;
	}
	rc = s->st->ops->begin(s->st, false);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "transaction");
		goto done;
	}
	for (;;) {
		json_t *page = NULL, *rec;
		size_t i, n;
		rc = s->st->ops->list(s->st, &ENTITY_REQUEST, f, sizeof f / sizeof f[0], after, PAGE, &page);
		if (rc != STORE_OK) {
			json_decref(page);
			svc_fail_store(err, rc, "request");
			goto rollback;
		}
		n = json_array_size(page);
		json_array_foreach(page, i, rec) {
			after = rec_int(rec, "id");
			if (!is_due(p, rec, today))
				continue;
			const char *track = rec_str(rec, "track");
			json_t *row = json_pack("{s:I, s:s, s:s, s:i}", "id", (json_int_t)after, "track",
						track ? track : "", "closed_on", rec_str(rec, "closed_on"), "years",
						retention_years(p, track));
			if (json_array_append_new(due, row) < 0) {
				json_decref(page);
				out_of_memory(err);
				goto rollback;
			}
		}
		json_decref(page);
		if (n < PAGE)
			break;
	}
	s->st->ops->rollback(s->st); /* read only */
	*out = due;
	due = NULL;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(due);
	json_decref(until);
	json_decref(none);
	return ret;
}

int svc_retention_due(struct svc *s, const struct retention_policy *p, const char *today, json_t **out,
		      struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = due_once(s, p, today, out, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

/* write the anonymised form of rec, a record of e (nothing when it is
 * anonymous already); extra holds further changes, or NULL */
static int anonymise_record(struct svc *s, const struct entity *e, const json_t *rec, const json_t *extra,
			    struct svc_error *err)
{
	json_t *changes = retention_changes(e, rec);
	int ret = -1;

	if (!changes) {
		svc_error_set(err, 500, "internal", "", "a field of %s has no retention rule, or memory ran out",
			      e->name);
		return -1;
	}
	if (extra && json_object_update(changes, (json_t *)extra) < 0) {
		out_of_memory(err);
		goto done;
	}
	if (json_object_size(changes) > 0) {
		int rc = s->st->ops->update(s->st, e, rec_int(rec, "id"), rec_int(rec, "version"), changes, NULL);
		if (rc != STORE_OK) {
			svc_fail_store(err, rc, e->name);
			goto done;
		}
	}
	ret = 0;
done:
	json_decref(changes);
	return ret;
}

static int anonymise_once(struct svc *s, const struct retention_policy *p, int64_t request_id, const char *today,
			  bool *done, struct svc_error *err)
{
	json_t *request = NULL, *items = NULL, *extra = NULL;
	int ret = -1;

	*done = false;
	if (svc_begin_logged(s, err) < 0)
		return -1;
	int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, request_id, &request);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	if (!is_due(p, request, today)) {
		/* reopened or anonymised meanwhile: nothing to do */
		s->st->ops->rollback(s->st);
		ret = 0;
		goto cleanup;
	}
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		size_t k;
		json_t *rec;
		if (!model_parent(e))
			continue;
		if (records_of_case(s, e, request_id, &items, err) < 0)
			goto rollback;
		json_array_foreach(items, k, rec) {
			if (anonymise_record(s, e, rec, NULL, err) < 0)
				goto rollback;
		}
		json_decref(items);
		items = NULL;
	}
	extra = json_pack("{s:s}", "anonymised_on", today);
	if (!extra) {
		out_of_memory(err);
		goto rollback;
	}
	if (anonymise_record(s, &ENTITY_REQUEST, request, extra, err) < 0)
		goto rollback;
	/* one entry for the whole case: a change of the request and its records */
	if (svc_audit(s, "update", "success", &ENTITY_REQUEST, request_id, request_id, err) < 0)
		goto rollback;
	if (svc_commit(s, err) < 0)
		goto cleanup;
	*done = true;
	ret = 0;
	goto cleanup;
rollback:
	s->st->ops->rollback(s->st);
cleanup:
	json_decref(request);
	json_decref(items);
	json_decref(extra);
	return ret;
}

int svc_retention_apply(struct svc *s, const struct retention_policy *p, int64_t request_id, const char *today,
			bool *done, struct svc_error *err)
{
	int ret;
	for (int attempt = 0;; attempt++) {
		ret = anonymise_once(s, p, request_id, today, done, err);
		if (ret == 0 || !svc_retry(err, attempt))
			return ret;
	}
}

/*
 * The case a stored answer (an idempotent POST's body) is about: a record
 * of a case entity holds exactly that entity's fields and the system
 * fields, which tells its kind; 0 for anything else.
 */
static int64_t case_of_answer(const json_t *body)
{
	static const char *const system_keys[] = { "id", "version", "created_at", "updated_at" };
	if (!json_is_object(body))
		return 0;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		bool all = retention_covers(e) && json_object_size(body) == e->nfields + 4;
		for (size_t k = 0; all && k < e->nfields; k++)
			all = json_object_get(body, e->fields[k].name) != NULL;
		for (size_t k = 0; all && k < 4; k++)
			all = json_object_get(body, system_keys[k]) != NULL;
		if (all)
			return svc_audit_request_of(e, body);
	}
	return 0;
}

/* is the case anonymised? answers are kept in known (by id), so that each
 * case is read once */
static int case_anonymised(struct svc *s, int64_t id, json_t *known, bool *yes, struct svc_error *err)
{
	char name[24];
	snprintf(name, sizeof name, "%lld", (long long)id);
	json_t *v = json_object_get(known, name);
	if (!v) {
		json_t *request = NULL;
		int rc = s->st->ops->get(s->st, &ENTITY_REQUEST, id, &request);
		if (rc != STORE_OK && rc != STORE_NOT_FOUND) {
			json_decref(request);
			return svc_fail_store(err, rc, "request");
		}
		bool anonymised = request && !json_is_null(json_object_get(request, "anonymised_on"));
		json_decref(request);
		v = json_boolean(anonymised);
		if (json_object_set_new(known, name, v) < 0)
			return out_of_memory(err);
	}
	*yes = json_is_true(v);
	return 0;
}

/* the stored answers (key, scope) that disclose an anonymised case */
static int answers_to_forget(struct svc *s, json_t **out, struct svc_error *err)
{
	json_t *rows = NULL, *known = json_object(), *forget = json_array(), *row;
	size_t i;
	int ret = -1;

	*out = NULL;
	if (!known || !forget) {
		out_of_memory(err);
		goto done;
	}
	int rc = s->st->ops->begin(s->st, false);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "transaction");
		goto done;
	}
	rc = s->st->ops->idem_list(s->st, &rows);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "idempotency keys");
		goto rollback;
	}
	json_array_foreach(rows, i, row) {
		json_t *body = json_loads(rec_str(row, "body") ? rec_str(row, "body") : "", 0, NULL);
		int64_t id = case_of_answer(body);
		json_decref(body);
		bool anonymised = false;
		if (id > 0 && case_anonymised(s, id, known, &anonymised, err) < 0)
			goto rollback;
		if (anonymised && json_array_append_new(forget, json_pack("{s:O, s:O}", "key",
				json_object_get(row, "key"), "scope", json_object_get(row, "scope"))) < 0) {
			out_of_memory(err);
			goto rollback;
		}
	}
	s->st->ops->rollback(s->st); /* read only */
	*out = forget;
	forget = NULL;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	json_decref(rows);
	json_decref(known);
	json_decref(forget);
	return ret;
}

static int forget_once(struct svc *s, const json_t *forget, int64_t *removed, struct svc_error *err)
{
	size_t i;
	json_t *row;

	*removed = 0;
	int rc = s->st->ops->begin(s->st, true);
	if (rc != STORE_OK)
		return svc_fail_store(err, rc, "transaction");
	json_array_foreach(forget, i, row) {
		rc = s->st->ops->idem_remove(s->st, rec_str(row, "key"), rec_str(row, "scope"));
		if (rc == STORE_OK)
			(*removed)++;
		else if (rc != STORE_NOT_FOUND) {
			s->st->ops->rollback(s->st);
			return svc_fail_store(err, rc, "idempotency key");
		}
	}
	return svc_commit(s, err);
}

int svc_retention_forget_answers(struct svc *s, int64_t *removed, struct svc_error *err)
{
	json_t *forget = NULL;
	int ret;

	*removed = 0;
	for (int attempt = 0;; attempt++) {
		ret = answers_to_forget(s, &forget, err);
		if (ret == 0 || !svc_retry(err, attempt))
			break;
	}
	if (ret < 0 || json_array_size(forget) == 0) {
		json_decref(forget);
		return ret;
	}
	for (int attempt = 0;; attempt++) {
		ret = forget_once(s, forget, removed, err);
		if (ret == 0 || !svc_retry(err, attempt))
			break;
	}
	json_decref(forget);
	return ret;
}

/* ---- research: pseudonymised records ------------------------------------ */

/* HMAC-SHA-256 under the research key over "<kind>:<id>", in hex */
static int pseudonym(const struct svc_research *r, const char *kind, int64_t id, char out[65])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char msg[96];
	int n = snprintf(msg, sizeof msg, "%s:%lld", kind, (long long)id);

	if (n < 0 || (size_t)n >= sizeof msg || sodium_init() < 0)
		return -1;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)r->key, r->keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, (unsigned long long)n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof st);
	sodium_bin2hex(out, 65, mac, sizeof mac);
	return 0;
}

/* the research form of rec, a record of e: the anonymous facts, and
 * pseudonyms for the references to people; new object, or NULL (err) */
static json_t *research_record(const struct svc_research *r, const struct entity *e, json_t *rec,
			       struct svc_error *err)
{
	json_t *out = json_object(), *v, *copy;
	const char *name;

	if (!out) {
		out_of_memory(err);
		return NULL;
	}
	json_object_foreach(rec, name, v) {
		int rule = retention_rule(e, name);
		copy = NULL;
		switch (rule) {
		case RET_KEEP:
			copy = json_incref(v);
			break;
		case RET_PSEUDONYM:
			if (json_is_integer(v)) {
				char hex[65];
				const char *kind = retention_pseudonym_kind(e, name);
				if (!kind || pseudonym(r, kind, (int64_t)json_integer_value(v), hex) < 0) {
					svc_error_set(err, 500, "internal", "", "no pseudonym for %s.%s", e->name, name);
					goto fail;
				}
				copy = json_string(hex);
			} else {
				copy = json_null();
			}
			break;
		case RET_YEAR: {
			char year[11];
			if (json_is_string(v) && retention_year(json_string_value(v), year) == 0)
				copy = json_string(year);
			else
				copy = json_null();
			break;
		}
		case RET_BLANK:
		case RET_INTERNAL:
			continue;
		default:
			/* a field the table does not decide never leaves kring */
			svc_error_set(err, 500, "internal", "", "%s.%s has no retention rule", e->name, name);
			goto fail;
		}
		if (json_object_set_new(out, name, copy) < 0) {
			out_of_memory(err);
			goto fail;
		}
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

/* one case as a research line: {"request": {...}, "<table>": [...] per
 * record kind under it}; new object, or NULL (err) */
static json_t *research_case(struct svc *s, const struct svc_research *r, json_t *request, struct svc_error *err)
{
	int64_t id = rec_int(request, "id");
	json_t *line = json_object(), *items = NULL, *list = NULL, *rec, *one;

	if (!line)
		goto oom;
	one = research_record(r, &ENTITY_REQUEST, request, err);
	if (!one)
		goto fail;
	if (json_object_set_new(line, "request", one) < 0)
		goto oom;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		size_t k;
		if (!model_parent(e))
			continue;
		if (records_of_case(s, e, id, &items, err) < 0)
			goto fail;
		list = json_array();
		if (!list)
			goto oom;
		json_array_foreach(items, k, rec) {
			one = research_record(r, e, rec, err);
			if (!one)
				goto fail;
			if (json_array_append_new(list, one) < 0)
				goto oom;
		}
		int set = json_object_set_new(line, e->table, list);
		list = NULL;
		if (set < 0)
			goto oom;
		json_decref(items);
		items = NULL;
	}
	return line;
oom:
	out_of_memory(err);
fail:
	json_decref(list);
	json_decref(items);
	json_decref(line);
	return NULL;
}

/* up to RESEARCH_PAGE cases after *after into lines, each logged as an
 * export, in one transaction */
static int research_page_once(struct svc *s, const struct svc_research *r, int64_t after, json_t **lines,
			      size_t *seen, int64_t *last, struct svc_error *err)
{
	json_t *from = json_string(r->from), *to = json_string(r->to), *page = NULL, *rec;
	struct store_filter f[] = {
		{ model_field(&ENTITY_REQUEST, "requested_on"), from, STORE_GE },
		{ model_field(&ENTITY_REQUEST, "requested_on"), to, STORE_LE },
	};
	size_t i;
	int ret = -1;

	*lines = json_array();
	*seen = 0;
	*last = after;
	if (!*lines || !from || !to) {
		out_of_memory(err);
		goto done;
	}
	if (svc_begin_logged(s, err) < 0)
		goto done;
	int rc = s->st->ops->list(s->st, &ENTITY_REQUEST, f, 2, after, RESEARCH_PAGE, &page);
	if (rc != STORE_OK) {
		svc_fail_store(err, rc, "request");
		goto rollback;
	}
	json_array_foreach(page, i, rec) {
		int64_t id = rec_int(rec, "id");
		json_t *line = research_case(s, r, rec, err);
		if (!line)
			goto rollback;
		if (json_array_append_new(*lines, line) < 0) {
			out_of_memory(err);
			goto rollback;
		}
		if (svc_audit(s, "export", "success", &ENTITY_REQUEST, id, id, err) < 0)
			goto rollback;
		*last = id;
	}
	*seen = json_array_size(page);
	if (svc_commit(s, err) < 0)
		goto done;
	ret = 0;
	goto done;
rollback:
	s->st->ops->rollback(s->st);
done:
	if (ret < 0) {
		json_decref(*lines);
		*lines = NULL;
	}
	json_decref(page);
	json_decref(from);
	json_decref(to);
	return ret;
}

int svc_export_research(struct svc *s, const struct svc_research *r, int64_t *count, struct svc_error *err)
{
	int64_t after = 0;

	*count = 0;
	if (!r->key || r->keylen < SVC_RESEARCH_KEY_MIN) {
		svc_error_set(err, 422, "invalid", "research_key", "the research key must have at least %d characters",
			      SVC_RESEARCH_KEY_MIN);
		return -1;
	}
	for (;;) {
		json_t *lines = NULL, *line;
		size_t seen = 0, i;
		int64_t last = after;
		int ret;
		for (int attempt = 0;; attempt++) {
			ret = research_page_once(s, r, after, &lines, &seen, &last, err);
			if (ret == 0 || !svc_retry(err, attempt))
				break;
		}
		if (ret < 0)
			return -1;
		json_array_foreach(lines, i, line) {
			if (r->emit(r->ctx, line) != 0) {
				json_decref(lines);
				svc_error_set(err, 500, "internal", "", "the export could not be written");
				return -1;
			}
			(*count)++;
		}
		json_decref(lines);
		if (seen < RESEARCH_PAGE)
			return 0;
		after = last;
	}
}
