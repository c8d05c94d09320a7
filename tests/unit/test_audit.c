/*
 * The access log's canonical form and hash (store/audit.c), without a
 * database: the exact bytes that are hashed, pinned against a value computed
 * independently (Python: json.dumps(entry, sort_keys=True,
 * separators=(',', ':'), ensure_ascii=False), then hashlib.sha256 of
 * prev_hash + that). The chain on both backends is tested in test_store.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"

static const char canonical_want[] =
	"{\"action\":\"read\",\"address\":\"192.0.2.7\",\"at\":\"2025-03-01T09:30:00Z\","
	"\"event_id\":\"00112233445566778899aabbccddeeff\",\"object_id\":42,\"object_type\":\"request\","
	"\"on_behalf_of\":null,\"outcome\":\"success\","
	"\"prev_hash\":\"0000000000000000000000000000000000000000000000000000000000000000\","
	"\"request_id\":42,\"role\":\"coordinator\",\"user_name\":\"zo\xc3\xab.jansen\"}";
static const char hash_want[] = "c27b4358cd4b20ba1f15ef2b511034fc3293311314184802e183d071646dac8c";

/* an entry as a service writes it: no id, no hash, on_behalf_of left out */
static json_t *entry(void)
{
	json_t *e = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s}",
			      "user_name", "zo\xc3\xab.jansen", "address", "192.0.2.7", "event_id",
			      "00112233445566778899aabbccddeeff", "at", "2025-03-01T09:30:00Z", "action", "read",
			      "outcome", "success", "request_id", (json_int_t)42, "object_type", "request",
			      "object_id", (json_int_t)42, "role", "coordinator", "prev_hash", audit_genesis);
	assert_non_null(e);
	return e;
}

static void canonical_form_is_compact_sorted_json_of_every_hashed_column(void **state)
{
	(void)state;
	json_t *e = entry();
	char *text = audit_canonical(e);
	assert_non_null(text);
	assert_string_equal(text, canonical_want);
	free(text);
	json_decref(e);
}

static void hash_is_sha256_of_prev_hash_then_the_canonical_form(void **state)
{
	(void)state;
	json_t *e = entry();
	char hash[AUDIT_HASH_HEX + 1];
	assert_int_equal(audit_hash(e, hash), 0);
	assert_string_equal(hash, hash_want);
	json_decref(e);
}

/* the id (renumbered by a move) and the hash itself are not hashed; an
 * absent value counts as null */
static void id_and_hash_are_left_out_and_absent_is_null(void **state)
{
	(void)state;
	json_t *e = entry();
	char plain[AUDIT_HASH_HEX + 1], h[AUDIT_HASH_HEX + 1];

	assert_int_equal(audit_hash(e, plain), 0);
	json_object_set_new(e, "id", json_integer(977));
	json_object_set_new(e, "hash", json_string("ffff"));
	json_object_set_new(e, "on_behalf_of", json_null());
	assert_int_equal(audit_hash(e, h), 0);
	assert_string_equal(h, plain);

	/* every other column counts */
	static const char *const columns[] = { "event_id", "at", "action", "outcome", "user_name", "role",
					       "on_behalf_of", "request_id", "object_type", "object_id",
					       "address", "prev_hash" };
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		json_t *changed = json_deep_copy(e);
		json_object_set_new(changed, columns[i], json_string("1111111111111111111111111111111111111111111111111111111111111111"));
		assert_int_equal(audit_hash(changed, h), 0);
		if (strcmp(h, plain) == 0)
			fail_msg("changing %s leaves the hash as it was", columns[i]);
		json_decref(changed);
	}
	json_decref(e);
}

static void without_prev_hash_there_is_no_hash(void **state)
{
	(void)state;
	json_t *e = entry();
	char h[AUDIT_HASH_HEX + 1];
	json_object_del(e, "prev_hash");
	assert_int_equal(audit_hash(e, h), -1);
	json_decref(e);
}

static void check_accepts_a_service_entry_and_refuses_malformed_ones(void **state)
{
	(void)state;
	static const struct {
		const char *column;
		const char *value; /* JSON */
	} bad[] = {
		{ "event_id", "\"00112233445566778899AABBCCDDEEFF\"" },
		{ "event_id", "\"0011\"" },
		{ "at", "\"2025-03-01 09:30:00\"" },
		{ "at", "\"2025-02-30T09:30:00Z\"" },
		{ "at", "\"2025-03-01T24:00:00Z\"" },
		{ "action", "\"browse\"" },
		{ "outcome", "\"ok\"" },
		{ "user_name", "null" },
		{ "role", "7" },
		{ "request_id", "\"42\"" },
		{ "object_type", "null" },
		{ "address", "null" },
		{ "colour", "\"blue\"" },
	};
	json_t *e = entry();
	store_set_quiet(true);
	assert_int_equal(audit_check_entry(e), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = json_deep_copy(e);
		json_object_set_new(b, bad[i].column, json_loads(bad[i].value, JSON_DECODE_ANY, NULL));
		if (audit_check_entry(b) != -1)
			fail_msg("%s = %s was accepted", bad[i].column, bad[i].value);
		json_decref(b);
	}
	json_t *ok = json_deep_copy(e);
	json_object_set_new(ok, "request_id", json_null());
	json_object_set_new(ok, "object_id", json_null());
	json_object_set_new(ok, "on_behalf_of", json_string("mentor"));
	json_object_set_new(ok, "action", json_string("login_failed"));
	json_object_set_new(ok, "outcome", json_string("failed"));
	json_object_set_new(ok, "object_type", json_string("session"));
	assert_int_equal(audit_check_entry(ok), 0);
	json_decref(ok);
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonical_form_is_compact_sorted_json_of_every_hashed_column),
		cmocka_unit_test(hash_is_sha256_of_prev_hash_then_the_canonical_form),
		cmocka_unit_test(id_and_hash_are_left_out_and_absent_is_null),
		cmocka_unit_test(without_prev_hash_there_is_no_hash),
		cmocka_unit_test(check_accepts_a_service_entry_and_refuses_malformed_ones),
	};
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("access log entries", tests, NULL, NULL);
}
