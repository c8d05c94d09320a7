/* Unit tests for domain/validate.c: records checked against the model. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "domain/model.h"
#include "domain/validate.h"

/* ---- helpers ------------------------------------------------------------ */

/* JSON text written in a test; a typo there fails the test, not the code */
static json_t *J(const char *text)
{
	json_error_t e;
	json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!v)
		fail_msg("test JSON does not parse: %s (%s)", text, e.text);
	return v;
}

static void check_err(const struct verr *err, const char *code, const char *field)
{
	assert_non_null(err->code);
	if (strcmp(err->code, code) != 0 || strcmp(err->field, field) != 0)
		fail_msg("want %s on \"%s\", got %s on \"%s\" (%s)", code, field, err->code,
			 err->field, err->detail);
	assert_true(err->detail[0] != '\0');
	assert_true(strlen(err->detail) < sizeof(err->detail));
	/* the sentence names the field it is about */
	if (field[0])
		assert_non_null(strstr(err->detail, field));
}

/* body must be refused with code on field; returns nothing to free */
static void refused(const struct entity *e, const char *body, enum vmode mode, const char *code,
		    const char *field)
{
	json_t *in = J(body), *out = (json_t *)1;
	struct verr err = { 0 };
	assert_int_equal(validate_record(e, in, mode, &out, &err), -1);
	assert_null(out);
	check_err(&err, code, field);
	json_decref(in);
}

/* body must be accepted; returns *out, which the caller frees */
static json_t *accepted(const struct entity *e, const char *body, enum vmode mode)
{
	json_t *in = J(body), *out = NULL;
	struct verr err = { 0 };
	if (validate_record(e, in, mode, &out, &err) != 0)
		fail_msg("refused %s: %s on %s (%s)", body, err.code, err.field, err.detail);
	assert_non_null(out);
	assert_true(json_is_object(out));
	json_decref(in);
	return out;
}

/* out must equal the JSON text want */
static void assert_json(const json_t *out, const char *want)
{
	json_t *w = J(want);
	if (!json_equal(out, w)) {
		char *got = json_dumps(out, JSON_SORT_KEYS | JSON_COMPACT);
		char msg[1024];
		snprintf(msg, sizeof(msg), "want %s, got %s", want, got ? got : "?");
		free(got);
		json_decref(w);
		fail_msg("%s", msg);
	}
	json_decref(w);
}

static void value_refused(const struct entity *e, const char *name, const char *value,
			  const char *code)
{
	const struct field *f = model_field(e, name);
	assert_non_null(f);
	json_t *v = J(value);
	struct verr err = { 0 };
	if (validate_value(f, v, &err) != -1)
		fail_msg("%s accepted %s", name, value);
	check_err(&err, code, name);
	json_decref(v);
}

static void value_accepted(const struct entity *e, const char *name, const char *value)
{
	const struct field *f = model_field(e, name);
	assert_non_null(f);
	json_t *v = J(value);
	struct verr err = { 0 };
	if (validate_value(f, v, &err) != 0)
		fail_msg("%s refused %s: %s (%s)", name, value, err.code, err.detail);
	json_decref(v);
}

static void rule_ok(const struct entity *e, const char *rec)
{
	json_t *r = J(rec);
	struct verr err = { 0 };
	if (validate_rules(e, r, &err) != 0)
		fail_msg("rule refused %s: %s on %s (%s)", rec, err.code, err.field, err.detail);
	json_decref(r);
}

static void rule_fails_with(const struct entity *e, const char *rec, const char *code,
			    const char *field)
{
	json_t *r = J(rec);
	struct verr err = { 0 };
	if (validate_rules(e, r, &err) != -1)
		fail_msg("rule accepted %s", rec);
	check_err(&err, code, field);
	json_decref(r);
}

/* a rule between fields is broken */
static void rule_broken(const struct entity *e, const char *rec, const char *field)
{
	rule_fails_with(e, rec, VE_RULE, field);
}

/* a field that another field's value makes required is missing */
static void rule_missing(const struct entity *e, const char *rec, const char *field)
{
	rule_fails_with(e, rec, VE_REQUIRED, field);
}

static json_t *filter_ok(const struct entity *e, const char *name, const char *text)
{
	const struct field *f = model_field(e, name);
	assert_non_null(f);
	json_t *out = NULL;
	struct verr err = { 0 };
	if (validate_filter_value(f, text, &out, &err) != 0)
		fail_msg("filter %s=%s refused: %s (%s)", name, text, err.code, err.detail);
	assert_non_null(out);
	return out;
}

static void filter_refused(const struct entity *e, const char *name, const char *text,
			   const char *code)
{
	const struct field *f = model_field(e, name);
	assert_non_null(f);
	json_t *out = (json_t *)1;
	struct verr err = { 0 };
	if (validate_filter_value(f, text, &out, &err) != -1)
		fail_msg("filter %s=%s accepted", name, text ? text : "(null)");
	assert_null(out);
	check_err(&err, code, name);
}

/* a valid request body, with extra members spliced in before the end */
#define REQUEST_BODY(extra) \
	"{\"requested_on\": \"2024-03-01\", \"region_id\": 1, \"referrer_type\": \"self\", " \
	"\"kind\": \"family\", \"track\": \"adult\", \"main_persons\": [\"Anna\"]" extra "}"

/* ---- the body as a whole -------------------------------------------------- */

static void a_body_that_is_not_an_object_is_refused(void **state)
{
	(void)state;
	refused(&ENTITY_REGION, "[]", V_CREATE, VE_NOT_OBJECT, "");
	refused(&ENTITY_REGION, "\"name\"", V_UPDATE, VE_NOT_OBJECT, "");
	refused(&ENTITY_REGION, "null", V_CREATE, VE_NOT_OBJECT, "");

	json_t *out = (json_t *)1;
	struct verr err = { 0 };
	assert_int_equal(validate_record(&ENTITY_REGION, NULL, V_CREATE, &out, &err), -1);
	assert_null(out);
	check_err(&err, VE_NOT_OBJECT, "");
}

static void unknown_field_is_refused(void **state)
{
	(void)state;
	refused(&ENTITY_REGION, "{\"name\": \"Noord\", \"colour\": \"red\"}", V_CREATE,
		VE_UNKNOWN_FIELD, "colour");
	refused(&ENTITY_REGION, "{\"Name\": \"Noord\"}", V_UPDATE, VE_UNKNOWN_FIELD, "Name");
	/* a field of another entity is unknown here */
	refused(&ENTITY_REGION, "{\"name\": \"Noord\", \"kind\": \"family\"}", V_CREATE,
		VE_UNKNOWN_FIELD, "kind");
}

static void a_field_name_that_is_too_long_is_reported_without_echoing_it(void **state)
{
	(void)state;
	char body[256];
	char key[80];
	memset(key, 'k', 64);
	key[64] = '\0';
	snprintf(body, sizeof(body), "{\"%s\": 1}", key);
	refused(&ENTITY_REGION, body, V_CREATE, VE_UNKNOWN_FIELD, "");

	/* 63 bytes still fits err->field and is echoed */
	key[63] = '\0';
	snprintf(body, sizeof(body), "{\"%s\": 1}", key);
	refused(&ENTITY_REGION, body, V_CREATE, VE_UNKNOWN_FIELD, key);
}

static void a_field_name_that_is_not_utf8_is_reported_with_an_empty_field(void **state)
{
	(void)state;
	json_t *in = json_object(), *out = (json_t *)1;
	struct verr err = { 0 };
	/* jansson refuses such keys when parsing; a caller building objects
	 * by hand could still pass one */
	assert_int_equal(json_object_set_new_nocheck(in, "na\xc3me", json_integer(1)), 0);
	assert_int_equal(validate_record(&ENTITY_REGION, in, V_CREATE, &out, &err), -1);
	assert_null(out);
	check_err(&err, VE_UNKNOWN_FIELD, "");
	json_decref(in);
}

static void a_field_name_with_a_nul_byte_is_unknown(void **state)
{
	(void)state;
	/* "name\0x" would otherwise pass for "name" in C string lookups;
	 * the parser refuses such keys, hand-built objects may hold them */
	json_t *in = json_object(), *out = (json_t *)1;
	struct verr err = { 0 };
	assert_int_equal(json_object_setn_new_nocheck(in, "name\0x", 6, json_string("Noord")), 0);
	assert_int_equal(validate_record(&ENTITY_REGION, in, V_UPDATE, &out, &err), -1);
	assert_null(out);
	check_err(&err, VE_UNKNOWN_FIELD, "");
	json_decref(in);
}

static void unknown_fields_are_reported_before_field_problems(void **state)
{
	(void)state;
	refused(&ENTITY_REQUEST, "{\"kind\": \"bogus\", \"minors\": -1, \"zzz\": 1}", V_CREATE,
		VE_UNKNOWN_FIELD, "zzz");
	refused(&ENTITY_REQUEST, "{\"state\": \"closed\", \"zzz\": 1}", V_UPDATE,
		VE_UNKNOWN_FIELD, "zzz");
}

static void field_problems_are_reported_in_model_order(void **state)
{
	(void)state;
	/* requested_on comes before minors in the model, whatever the body's order */
	refused(&ENTITY_REQUEST,
		"{\"minors\": -1, \"requested_on\": \"2010-02-30\", \"region_id\": 1, "
		"\"referrer_type\": \"self\", \"kind\": \"family\", \"track\": \"adult\", "
		"\"main_persons\": [\"Anna\"]}",
		V_CREATE, VE_DATE, "requested_on");
	/* a missing required field is a problem in its place too */
	refused(&ENTITY_REQUEST, "{\"minors\": -1, \"requested_on\": \"2024-01-01\"}", V_CREATE,
		VE_REQUIRED, "region_id");
}

static void system_field_state_cannot_be_set(void **state)
{
	(void)state;
	refused(&ENTITY_REQUEST, REQUEST_BODY(", \"state\": \"closed\""), V_CREATE, VE_READ_ONLY,
		"state");
	refused(&ENTITY_REQUEST, "{\"state\": \"closed\"}", V_UPDATE, VE_READ_ONLY, "state");
	/* even null: the state is never cleared from outside */
	refused(&ENTITY_REQUEST, "{\"state\": null}", V_UPDATE, VE_READ_ONLY, "state");
	refused(&ENTITY_REQUEST, "{\"coordinator_id\": 3}", V_UPDATE, VE_READ_ONLY,
		"coordinator_id");
}

static void record_system_fields_cannot_be_set(void **state)
{
	(void)state;
	refused(&ENTITY_REGION, "{\"name\": \"Noord\", \"id\": 5}", V_CREATE, VE_READ_ONLY, "id");
	refused(&ENTITY_REGION, "{\"version\": 2}", V_UPDATE, VE_READ_ONLY, "version");
	refused(&ENTITY_REGION, "{\"created_at\": \"2024-01-01T00:00:00Z\"}", V_UPDATE,
		VE_READ_ONLY, "created_at");
	refused(&ENTITY_REGION, "{\"updated_at\": null}", V_UPDATE, VE_READ_ONLY, "updated_at");
}

static void the_parent_link_comes_from_the_url_not_the_body(void **state)
{
	(void)state;
	refused(&ENTITY_NETWORK_MEMBER,
		"{\"request_id\": 1, \"name\": \"Oma\", \"relation\": \"grandmother\"}", V_CREATE,
		VE_READ_ONLY, "request_id");
}

static void immutable_fields_are_set_on_create_and_refused_on_update(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_AGREEMENT,
			       "{\"funder_id\": 2, \"name\": \"Raamcontract\", \"starts_on\": \"2024-01-01\"}",
			       V_CREATE);
	assert_json(out, "{\"funder_id\": 2, \"name\": \"Raamcontract\", \"starts_on\": \"2024-01-01\", "
			 "\"kinds\": [], \"tracks\": [], \"municipalities\": [], \"warn_below_pct\": 10}");
	json_decref(out);
	refused(&ENTITY_AGREEMENT, "{\"funder_id\": 3}", V_UPDATE, VE_READ_ONLY, "funder_id");
	refused(&ENTITY_REQUEST, "{\"follow_up_of\": 3}", V_UPDATE, VE_READ_ONLY, "follow_up_of");
}

static void defaults_are_filled_on_create(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR, "{\"name\": \"Fatima\"}", V_CREATE);
	/* optional fields without a default stay out */
	assert_json(out, "{\"name\": \"Fatima\", \"languages\": [], \"backgrounds\": [], "
			 "\"region_ids\": [], \"active\": true, \"languages_basic\": [], \"municipalities\": [], \"capacity\": 3, "
			 "\"unavailable\": [], \"coaching_dates\": [], \"refresher_dates\": [], "
			 "\"organisation_ids\": [], \"funder_ids\": [], \"family_relations\": []}");
	json_decref(out);

	out = accepted(&ENTITY_NETWORK_MEMBER, "{\"name\": \"Oma\", \"relation\": \"grandmother\"}",
		       V_CREATE);
	assert_json(out, "{\"name\": \"Oma\", \"relation\": \"grandmother\", \"role\": \"network\", "
			 "\"do_not_invite\": false, \"invited\": false, \"consented\": false, "
			 "\"attended\": false}");
	json_decref(out);
}

static void given_values_win_over_defaults(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR,
			       "{\"name\": \"Fatima\", \"active\": false, \"languages\": [\"ar\", \"nl\"]}",
			       V_CREATE);
	assert_json(out, "{\"name\": \"Fatima\", \"languages\": [\"ar\", \"nl\"], \"backgrounds\": [], "
			 "\"region_ids\": [], \"active\": false, \"languages_basic\": [], \"municipalities\": [], \"capacity\": 3, "
			 "\"unavailable\": [], \"coaching_dates\": [], \"refresher_dates\": [], "
			 "\"organisation_ids\": [], \"funder_ids\": [], \"family_relations\": []}");
	json_decref(out);
}

static void null_on_create_counts_as_absent(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR,
			       "{\"name\": \"Fatima\", \"email\": null, \"active\": null}", V_CREATE);
	assert_json(out, "{\"name\": \"Fatima\", \"languages\": [], \"backgrounds\": [], "
			 "\"region_ids\": [], \"active\": true, \"languages_basic\": [], \"municipalities\": [], \"capacity\": 3, "
			 "\"unavailable\": [], \"coaching_dates\": [], \"refresher_dates\": [], "
			 "\"organisation_ids\": [], \"funder_ids\": [], \"family_relations\": []}");
	json_decref(out);
}

static void required_field_missing_on_create(void **state)
{
	(void)state;
	refused(&ENTITY_REGION, "{}", V_CREATE, VE_REQUIRED, "name");
	refused(&ENTITY_REGION, "{\"name\": null}", V_CREATE, VE_REQUIRED, "name");
	refused(&ENTITY_VERDICT, "{\"by_name\": \"Dr. K\", \"judged_on\": \"2024-05-01\"}", V_CREATE,
		VE_REQUIRED, "safe_and_feasible");
}

static void required_field_may_be_left_out_on_update_but_not_cleared(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_REGION, "{}", V_UPDATE);
	assert_json(out, "{}");
	json_decref(out);
	refused(&ENTITY_REGION, "{\"name\": null}", V_UPDATE, VE_REQUIRED, "name");
}

static void update_returns_only_the_fields_given(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR, "{\"phone\": \"020 123 45 67\"}", V_UPDATE);
	assert_json(out, "{\"phone\": \"020 123 45 67\"}");
	json_decref(out);
}

static void null_clears_an_optional_field_on_update(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR, "{\"email\": null, \"gender\": null}", V_UPDATE);
	assert_json(out, "{\"gender\": null, \"email\": null}");
	json_decref(out);
}

static void null_on_update_resets_a_field_with_a_default(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_COORDINATOR, "{\"languages\": null, \"active\": null}",
			       V_UPDATE);
	assert_json(out, "{\"languages\": [], \"active\": true}");
	json_decref(out);
}

static void the_output_is_a_copy_of_the_input(void **state)
{
	(void)state;
	json_t *in = J("{\"name\": \"Fatima\", \"languages\": [\"nl\"]}"), *out = NULL;
	struct verr err = { 0 };
	assert_int_equal(validate_record(&ENTITY_COORDINATOR, in, V_CREATE, &out, &err), 0);
	/* changing the input afterwards leaves the accepted record alone */
	json_array_append_new(json_object_get(in, "languages"), json_string("en"));
	assert_int_equal(json_array_size(json_object_get(out, "languages")), 1);
	json_decref(in);
	json_decref(out);
}

static void a_full_valid_request_is_accepted(void **state)
{
	(void)state;
	json_t *out = accepted(&ENTITY_REQUEST,
			       REQUEST_BODY(", \"topics\": [\"housing\", \"money\"], \"minors\": 2, "
					    "\"consent\": true, \"consent_on\": \"2024-03-02\", "
					    "\"preferred_language\": \"ber\", \"interpreter_needed\": true, "
					    "\"interpreter_language\": \"ar\", \"safety_notes\": \"Vader niet "
					    "uitnodigen.\\nGeen adres delen.\""),
			       V_CREATE);
	assert_int_equal(json_integer_value(json_object_get(out, "minors")), 2);
	assert_string_equal(json_string_value(json_object_get(out, "kind")), "family");
	assert_null(json_object_get(out, "state"));
	json_decref(out);
}

/* ---- single values --------------------------------------------------------- */

static void a_date_that_does_not_exist_is_refused(void **state)
{
	(void)state;
	value_refused(&ENTITY_REQUEST, "requested_on", "\"2010-02-30\"", VE_DATE);
	value_refused(&ENTITY_REQUEST, "requested_on", "\"2023-02-29\"", VE_DATE);
	value_accepted(&ENTITY_REQUEST, "requested_on", "\"2024-02-29\"");
	refused(&ENTITY_AGREEMENT, "{\"starts_on\": \"2010-02-30\"}", V_UPDATE, VE_DATE, "starts_on");
}

static void badly_written_dates_are_refused(void **state)
{
	(void)state;
	value_refused(&ENTITY_REQUEST, "requested_on", "\"1-3-2024\"", VE_DATE);
	value_refused(&ENTITY_REQUEST, "requested_on", "\"2024-03-01T00:00:00Z\"", VE_DATE);
	value_refused(&ENTITY_REQUEST, "requested_on", "\"2024-03-01\\u0000\"", VE_DATE);
	value_refused(&ENTITY_REQUEST, "requested_on", "20240301", VE_TYPE);
}

static void invalid_times_are_refused(void **state)
{
	(void)state;
	value_accepted(&ENTITY_CONFERENCE, "phase1_start", "\"19:30\"");
	value_refused(&ENTITY_CONFERENCE, "phase1_start", "\"24:00\"", VE_TIME);
	value_refused(&ENTITY_CONFERENCE, "phase1_start", "\"7:30\"", VE_TIME);
	value_refused(&ENTITY_CONFERENCE, "ended_at", "\"19:30:00\"", VE_TIME);
	value_refused(&ENTITY_CONFERENCE, "ended_at", "1930", VE_TYPE);
}

static void grades_outside_1_10_are_refused(void **state)
{
	(void)state;
	value_accepted(&ENTITY_FOLLOW_UP, "satisfaction_child", "1");
	value_accepted(&ENTITY_FOLLOW_UP, "satisfaction_child", "10");
	value_refused(&ENTITY_FOLLOW_UP, "satisfaction_child", "0", VE_RANGE);
	value_refused(&ENTITY_FOLLOW_UP, "satisfaction_main_person", "11", VE_RANGE);
	value_refused(&ENTITY_FOLLOW_UP, "satisfaction_network", "-3", VE_RANGE);
}

static void negative_counts_are_refused(void **state)
{
	(void)state;
	json_t *v = J("-1");
	struct verr err = { 0 };
	assert_int_equal(validate_value(model_field(&ENTITY_REQUEST, "minors"), v, &err), -1);
	check_err(&err, VE_RANGE, "minors");
	assert_string_equal(err.detail, "minors must be between 0 and 50");
	json_decref(v);

	value_refused(&ENTITY_MEASURE, "count", "0", VE_RANGE);
	value_refused(&ENTITY_CONFERENCE, "participants_present", "-1", VE_RANGE);
	value_refused(&ENTITY_COST, "amount_cents", "-100", VE_RANGE);
}

static void numbers_must_be_whole_json_numbers(void **state)
{
	(void)state;
	value_refused(&ENTITY_REQUEST, "minors", "2.0", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "minors", "\"2\"", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "minors", "true", VE_TYPE);
	value_refused(&ENTITY_COST, "amount_cents", "450000.5", VE_TYPE);
	value_accepted(&ENTITY_COST, "amount_cents", "450000");
	value_refused(&ENTITY_COST, "amount_cents", "100000001", VE_RANGE);
}

static void flags_must_be_true_or_false(void **state)
{
	(void)state;
	value_accepted(&ENTITY_REQUEST, "consent", "true");
	value_accepted(&ENTITY_REQUEST, "consent", "false");
	value_refused(&ENTITY_REQUEST, "consent", "1", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "consent", "\"true\"", VE_TYPE);
}

static void over_long_text_is_refused(void **state)
{
	(void)state;
	char body[512];
	char name[128];
	memset(name, 'a', 101);
	name[101] = '\0';
	snprintf(body, sizeof(body), "{\"name\": \"%s\"}", name);
	refused(&ENTITY_REGION, body, V_CREATE, VE_TOO_LONG, "name");

	name[100] = '\0';
	snprintf(body, sizeof(body), "{\"name\": \"%s\"}", name);
	json_decref(accepted(&ENTITY_REGION, body, V_CREATE));
}

static void text_length_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* 100 times "ö": 200 bytes, 100 characters, the maximum of a region name */
	char body[512] = "{\"name\": \"";
	size_t len = strlen(body);
	for (int i = 0; i < 100; i++) {
		body[len++] = '\xc3';
		body[len++] = '\xb6';
	}
	memcpy(body + len, "\"}", 3);
	json_decref(accepted(&ENTITY_REGION, body, V_CREATE));
}

static void empty_or_blank_text_is_refused(void **state)
{
	(void)state;
	refused(&ENTITY_REGION, "{\"name\": \"\"}", V_CREATE, VE_EMPTY, "name");
	refused(&ENTITY_REGION, "{\"name\": \" \\t\\n \"}", V_CREATE, VE_EMPTY, "name");
	value_refused(&ENTITY_COORDINATOR, "email", "\"\"", VE_EMPTY);
}

static void control_characters_in_text_are_refused(void **state)
{
	(void)state;
	value_refused(&ENTITY_REGION, "name", "\"Noord\\u0007\"", VE_RULE);
	value_refused(&ENTITY_REGION, "name", "\"No\\u0000ord\"", VE_RULE);
	value_refused(&ENTITY_REGION, "name", "\"Noord\\u001b[31m\"", VE_RULE);
	value_refused(&ENTITY_REGION, "name", "\"Noord\\u007f\"", VE_RULE);
	value_refused(&ENTITY_REGION, "name", "\"Noord\\u0085\"", VE_RULE); /* C1 NEL */
	/* tab and line breaks are text */
	value_accepted(&ENTITY_PLAN, "notes", "\"1. Oma haalt op\\r\\n2.\\tOom belt\"");
	/* and so is the character right after the C1 block */
	value_accepted(&ENTITY_REGION, "name", "\"Noord\\u00a0Holland\"");
}

static void text_must_be_a_string(void **state)
{
	(void)state;
	value_refused(&ENTITY_REGION, "name", "42", VE_TYPE);
	value_refused(&ENTITY_REGION, "name", "[\"Noord\"]", VE_TYPE);
}

static void unknown_enum_value_names_the_allowed_values(void **state)
{
	(void)state;
	json_t *v = J("\"party\"");
	struct verr err = { 0 };
	assert_int_equal(validate_value(model_field(&ENTITY_REQUEST, "kind"), v, &err), -1);
	check_err(&err, VE_ENUM, "kind");
	assert_string_equal(err.detail, "kind must be one of: family, restoration, group, learning");
	json_decref(v);

	value_refused(&ENTITY_REQUEST, "kind", "\"Family\"", VE_ENUM);
	value_refused(&ENTITY_REQUEST, "kind", "3", VE_TYPE);
}

static void a_long_list_of_allowed_values_is_cut_at_a_whole_value(void **state)
{
	(void)state;
	static const char *const many[] = {
		"value_number_one_aaaaaaaaa", "value_number_two_bbbbbbbbb", "value_number_three_cccccc",
		"value_number_four_dddddddd", "value_number_five_eeeeeeeee", "value_number_six_fffffffff",
		"value_number_seven_gggggggg", "value_number_eight_hhhhhhhh", "value_number_nine_iiiiiiiii",
		"value_number_ten_jjjjjjjjjj", "value_number_eleven_kkkkkkk", "value_number_twelve_lllllll",
		NULL,
	};
	const struct field f = { .name = "long_enum", .type = FT_ENUM, .values = many };
	json_t *v = J("\"nope\"");
	struct verr err = { 0 };
	assert_int_equal(validate_value(&f, v, &err), -1);
	check_err(&err, VE_ENUM, "long_enum");
	size_t n = strlen(err.detail);
	assert_true(n < sizeof(err.detail));
	assert_string_equal(err.detail + n - 5, ", ...");
	/* the last value shown is whole: it is followed by the ellipsis */
	assert_non_null(strstr(err.detail, "value_number_one_aaaaaaaaa, "));
	json_decref(v);

	/* the 18 topics fit in full, even for an item of a list */
	v = J("[\"parenting\", \"nope\"]");
	assert_int_equal(validate_value(model_field(&ENTITY_REQUEST, "topics"), v, &err), -1);
	check_err(&err, VE_ENUM, "topics");
	assert_non_null(strstr(err.detail, "restoration, other"));
	assert_null(strstr(err.detail, "..."));
	json_decref(v);
}

static void references_are_positive_ids(void **state)
{
	(void)state;
	value_accepted(&ENTITY_REQUEST, "region_id", "1");
	value_refused(&ENTITY_REQUEST, "region_id", "0", VE_RANGE);
	value_refused(&ENTITY_REQUEST, "region_id", "-4", VE_RANGE);
	value_refused(&ENTITY_REQUEST, "region_id", "\"1\"", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "region_id", "1.5", VE_TYPE);
}

static void language_codes_are_two_or_three_lowercase_letters(void **state)
{
	(void)state;
	value_accepted(&ENTITY_REQUEST, "preferred_language", "\"nl\"");
	value_accepted(&ENTITY_REQUEST, "preferred_language", "\"pap\"");
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"NL\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"n\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"nedl\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"n1\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"nl-BE\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "\"\\u00e9n\"", VE_LANG);
	value_refused(&ENTITY_REQUEST, "preferred_language", "7", VE_TYPE);
}

static void duplicate_language_refused(void **state)
{
	(void)state;
	value_refused(&ENTITY_COORDINATOR, "languages", "[\"nl\", \"ar\", \"nl\"]", VE_DUPLICATE_ITEM);
	value_accepted(&ENTITY_COORDINATOR, "languages", "[\"nl\", \"ar\"]");
}

static void duplicate_topics_and_ids_are_refused_but_names_may_repeat(void **state)
{
	(void)state;
	value_refused(&ENTITY_REQUEST, "topics", "[\"money\", \"money\"]", VE_DUPLICATE_ITEM);
	value_refused(&ENTITY_COORDINATOR, "region_ids", "[1, 2, 1]", VE_DUPLICATE_ITEM);
	/* two main persons may share a name */
	value_accepted(&ENTITY_REQUEST, "main_persons", "[\"Mo\", \"Mo\"]");
}

static void list_items_obey_the_rules_of_their_type(void **state)
{
	(void)state;
	value_refused(&ENTITY_COORDINATOR, "languages", "[\"nl\", \"NL\"]", VE_LANG);
	value_refused(&ENTITY_COORDINATOR, "region_ids", "[1, 0]", VE_RANGE);
	value_refused(&ENTITY_COORDINATOR, "region_ids", "[1, \"2\"]", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "topics", "[\"weather\"]", VE_ENUM);
	value_refused(&ENTITY_REQUEST, "main_persons", "[\"Anna\", \"\"]", VE_EMPTY);
	value_refused(&ENTITY_REQUEST, "main_persons", "[\"Anna\", 3]", VE_TYPE);
	value_refused(&ENTITY_COORDINATOR, "backgrounds", "[\"a\\u0001\"]", VE_RULE);

	char big[256];
	memset(big, 'x', sizeof(big));
	big[0] = '[';
	big[1] = '"';
	big[2 + 101] = '"';
	big[2 + 102] = ']';
	big[2 + 103] = '\0';
	/* backgrounds items have at most 100 characters */
	value_refused(&ENTITY_COORDINATOR, "backgrounds", big, VE_TOO_LONG);
}

static void lists_must_be_arrays(void **state)
{
	(void)state;
	value_refused(&ENTITY_COORDINATOR, "languages", "\"nl\"", VE_TYPE);
	value_refused(&ENTITY_REQUEST, "main_persons", "{\"name\": \"Anna\"}", VE_TYPE);
}

static void too_many_items_are_refused(void **state)
{
	(void)state;
	/* 21 distinct codes, one more than the 20 allowed */
	char list[512] = "[";
	size_t len = 1;
	for (int i = 0; i < 21; i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s\"a%c%c\"", i ? "," : "",
					'a' + i / 26, 'a' + i % 26);
	snprintf(list + len, sizeof(list) - len, "]");
	value_refused(&ENTITY_COORDINATOR, "languages", list, VE_TOO_LONG);
}

static void a_required_list_needs_at_least_one_item(void **state)
{
	(void)state;
	value_refused(&ENTITY_REQUEST, "main_persons", "[]", VE_REQUIRED);
	/* an optional list may be empty */
	value_accepted(&ENTITY_REQUEST, "topics", "[]");
}

static void timestamps_are_never_taken_from_input(void **state)
{
	(void)state;
	value_refused(&ENTITY_TRANSITION, "at", "\"2024-01-01T10:00:00Z\"", VE_READ_ONLY);
}

static void every_model_default_is_valid_for_its_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t k = 0; k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			if (!f->dflt)
				continue;
			json_t *v = json_loads(f->dflt, JSON_DECODE_ANY, NULL);
			if (!v)
				fail_msg("%s.%s: default is not JSON", e->name, f->name);
			struct verr err = { 0 };
			if (validate_value(f, v, &err) != 0)
				fail_msg("%s.%s: default refused: %s", e->name, f->name, err.detail);
			json_decref(v);
		}
	}
}

static void every_model_list_and_enum_is_checkable(void **state)
{
	(void)state;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t k = 0; k < e->nfields; k++) {
			const struct field *f = &e->fields[k];
			bool list = f->type == FT_TEXT_LIST || f->type == FT_ENUM_LIST ||
				    f->type == FT_LANG_LIST || f->type == FT_REF_LIST;
			if (list && f->max_items <= 0)
				fail_msg("%s.%s: list without max_items", e->name, f->name);
			if ((f->type == FT_ENUM || f->type == FT_ENUM_LIST) && !f->values)
				fail_msg("%s.%s: enum without values", e->name, f->name);
			if ((f->type == FT_TEXT || f->type == FT_TEXT_LIST) && f->max <= 0)
				fail_msg("%s.%s: text without max", e->name, f->name);
			assert_true(strlen(f->name) < sizeof(((struct verr *)0)->field));
		}
	}
}

/* ---- rules between fields ------------------------------------------------ */

static void an_agreement_cannot_end_before_it_starts(void **state)
{
	(void)state;
	rule_broken(&ENTITY_AGREEMENT, "{\"starts_on\": \"2024-01-01\", \"ends_on\": \"2023-12-31\"}",
		    "ends_on");
	rule_ok(&ENTITY_AGREEMENT, "{\"starts_on\": \"2024-01-01\", \"ends_on\": \"2024-01-01\"}");
	rule_ok(&ENTITY_AGREEMENT, "{\"starts_on\": \"2024-01-01\", \"ends_on\": \"2024-12-31\"}");
	rule_ok(&ENTITY_AGREEMENT, "{\"starts_on\": \"2024-01-01\", \"ends_on\": null}");
	rule_ok(&ENTITY_AGREEMENT, "{\"starts_on\": \"2024-01-01\"}");
}

static void a_member_who_must_not_be_invited_is_not_invited(void **state)
{
	(void)state;
	rule_broken(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": true, \"invited\": true}", "invited");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": true, \"invited\": false}");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": false, \"invited\": true}");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"invited\": true, \"attended\": true}");
}

static void a_member_who_must_not_be_invited_did_not_attend(void **state)
{
	(void)state;
	rule_broken(&ENTITY_NETWORK_MEMBER,
		    "{\"do_not_invite\": true, \"invited\": false, \"attended\": true}", "attended");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": true, \"attended\": false}");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": null, \"attended\": true}");
}

static void a_member_who_must_not_be_invited_has_not_consented(void **state)
{
	(void)state;
	rule_broken(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": true, \"consented\": true}", "consented");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": true, \"consented\": false}");
	rule_ok(&ENTITY_NETWORK_MEMBER, "{\"do_not_invite\": false, \"consented\": true}");
}

static void an_action_by_the_network_names_a_member(void **state)
{
	(void)state;
	rule_missing(&ENTITY_PLAN_ACTION, "{\"by\": \"network\"}", "network_member_id");
	rule_missing(&ENTITY_PLAN_ACTION, "{\"by\": \"network\", \"network_member_id\": null}",
		    "network_member_id");
	rule_ok(&ENTITY_PLAN_ACTION, "{\"by\": \"network\", \"network_member_id\": 4}");
}

static void an_action_by_a_professional_names_the_professional(void **state)
{
	(void)state;
	rule_missing(&ENTITY_PLAN_ACTION, "{\"by\": \"professional\"}", "professional");
	rule_missing(&ENTITY_PLAN_ACTION, "{\"by\": \"professional\", \"professional\": \"  \"}",
		    "professional");
	rule_ok(&ENTITY_PLAN_ACTION, "{\"by\": \"professional\", \"professional\": \"wijkteam\"}");
	rule_ok(&ENTITY_PLAN_ACTION,
		"{\"by\": \"professional\", \"professional\": \"wijkteam\", \"network_member_id\": null}");
}

static void an_action_by_a_professional_names_no_network_member(void **state)
{
	(void)state;
	rule_broken(&ENTITY_PLAN_ACTION,
		    "{\"by\": \"professional\", \"professional\": \"wijkteam\", \"network_member_id\": 4}",
		    "network_member_id");
}

static void a_rejected_plan_needs_reasons(void **state)
{
	(void)state;
	rule_missing(&ENTITY_VERDICT, "{\"safe_and_feasible\": false}", "reasons");
	rule_missing(&ENTITY_VERDICT, "{\"safe_and_feasible\": false, \"reasons\": null}", "reasons");
	rule_missing(&ENTITY_VERDICT, "{\"safe_and_feasible\": false, \"reasons\": \" \"}", "reasons");
	rule_ok(&ENTITY_VERDICT, "{\"safe_and_feasible\": false, \"reasons\": \"geen vangnet\"}");
	rule_ok(&ENTITY_VERDICT, "{\"safe_and_feasible\": true}");
}

static void the_conference_phases_are_in_order(void **state)
{
	(void)state;
	rule_ok(&ENTITY_CONFERENCE, "{\"phase1_start\": \"19:00\", \"phase2_start\": \"20:00\", "
				    "\"phase3_start\": \"21:00\", \"ended_at\": \"22:00\"}");
	rule_ok(&ENTITY_CONFERENCE, "{\"phase1_start\": \"19:00\", \"phase2_start\": \"19:00\"}");
	rule_ok(&ENTITY_CONFERENCE, "{}");
	rule_broken(&ENTITY_CONFERENCE, "{\"phase1_start\": \"19:00\", \"phase2_start\": \"18:59\"}",
		    "phase2_start");
	rule_broken(&ENTITY_CONFERENCE, "{\"phase1_start\": \"19:00\", \"phase2_start\": \"20:00\", "
					"\"phase3_start\": \"21:00\", \"ended_at\": \"20:30\"}",
		    "ended_at");
}

static void the_conference_phases_are_in_order_across_a_missing_one(void **state)
{
	(void)state;
	rule_broken(&ENTITY_CONFERENCE,
		    "{\"phase1_start\": \"19:00\", \"phase2_start\": null, \"phase3_start\": \"18:00\"}",
		    "phase3_start");
	rule_ok(&ENTITY_CONFERENCE, "{\"phase2_start\": \"19:00\", \"ended_at\": \"23:00\"}");
}

static void a_self_referral_names_no_organisation(void **state)
{
	(void)state;
	rule_broken(&ENTITY_REQUEST, "{\"referrer_type\": \"self\", \"referrer_organisation_id\": 2}",
		    "referrer_organisation_id");
	rule_ok(&ENTITY_REQUEST, "{\"referrer_type\": \"self\", \"referrer_organisation_id\": null}");
	rule_ok(&ENTITY_REQUEST,
		"{\"referrer_type\": \"professional\", \"referrer_organisation_id\": 2}");
}

static void a_consent_date_needs_consent(void **state)
{
	(void)state;
	rule_broken(&ENTITY_REQUEST, "{\"consent\": false, \"consent_on\": \"2024-03-02\"}",
		    "consent_on");
	rule_broken(&ENTITY_REQUEST, "{\"consent_on\": \"2024-03-02\"}", "consent_on");
	rule_ok(&ENTITY_REQUEST, "{\"consent\": true, \"consent_on\": \"2024-03-02\"}");
	rule_ok(&ENTITY_REQUEST, "{\"consent\": true}");
	rule_ok(&ENTITY_REQUEST, "{\"consent\": false, \"consent_on\": null}");
}

static void an_interpreter_language_needs_an_interpreter(void **state)
{
	(void)state;
	rule_broken(&ENTITY_REQUEST,
		    "{\"interpreter_needed\": false, \"interpreter_language\": \"ar\"}",
		    "interpreter_language");
	rule_ok(&ENTITY_REQUEST, "{\"interpreter_needed\": true, \"interpreter_language\": \"ar\"}");
	rule_ok(&ENTITY_REQUEST, "{\"interpreter_needed\": false}");
}

static void request_rules_report_in_model_order(void **state)
{
	(void)state;
	rule_broken(&ENTITY_REQUEST,
		    "{\"interpreter_language\": \"ar\", \"consent_on\": \"2024-03-02\", "
		    "\"referrer_type\": \"self\", \"referrer_organisation_id\": 2}",
		    "referrer_organisation_id");
	rule_broken(&ENTITY_REQUEST, "{\"interpreter_language\": \"ar\", \"consent_on\": \"2024-03-02\"}",
		    "consent_on");
}

static void entities_without_rules_pass(void **state)
{
	(void)state;
	rule_ok(&ENTITY_REGION, "{\"name\": \"Noord\"}");
	rule_ok(&ENTITY_FOLLOW_UP, "{\"follow_up_on\": \"2024-06-01\"}");
	rule_ok(&ENTITY_COST, "{}");
}

/* ---- filters ------------------------------------------------------------- */

static void filters_on_references_parse_to_ids(void **state)
{
	(void)state;
	json_t *v = filter_ok(&ENTITY_REQUEST, "region_id", "2");
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 2);
	json_decref(v);
	filter_refused(&ENTITY_REQUEST, "region_id", "0", VE_RANGE);
	filter_refused(&ENTITY_REQUEST, "region_id", "-1", VE_RANGE);
	filter_refused(&ENTITY_REQUEST, "region_id", "two", VE_TYPE);
	filter_refused(&ENTITY_REQUEST, "region_id", "", VE_TYPE);
	filter_refused(&ENTITY_REQUEST, "region_id", " 2", VE_TYPE);
	filter_refused(&ENTITY_REQUEST, "region_id", "2.0", VE_TYPE);
	filter_refused(&ENTITY_REQUEST, "region_id", "99999999999999999999", VE_TYPE);
	filter_refused(&ENTITY_REQUEST, "region_id", NULL, VE_TYPE);
}

static void filters_on_numbers_respect_the_range(void **state)
{
	(void)state;
	json_t *v = filter_ok(&ENTITY_REQUEST, "minors", "50");
	assert_int_equal(json_integer_value(v), 50);
	json_decref(v);
	filter_refused(&ENTITY_REQUEST, "minors", "51", VE_RANGE);
}

static void filters_on_flags_take_true_or_false(void **state)
{
	(void)state;
	json_t *v = filter_ok(&ENTITY_COORDINATOR, "active", "true");
	assert_true(json_is_true(v));
	json_decref(v);
	v = filter_ok(&ENTITY_COORDINATOR, "active", "false");
	assert_true(json_is_false(v));
	json_decref(v);
	filter_refused(&ENTITY_COORDINATOR, "active", "yes", VE_TYPE);
	filter_refused(&ENTITY_COORDINATOR, "active", "1", VE_TYPE);
	filter_refused(&ENTITY_COORDINATOR, "active", "TRUE", VE_TYPE);
}

static void filters_on_enums_take_allowed_values(void **state)
{
	(void)state;
	json_t *v = filter_ok(&ENTITY_REQUEST, "state", "preparation");
	assert_string_equal(json_string_value(v), "preparation");
	json_decref(v);
	filter_refused(&ENTITY_REQUEST, "state", "open", VE_ENUM);
	filter_refused(&ENTITY_REQUEST, "state", "", VE_ENUM);
}

static void filters_on_dates_and_text_are_checked(void **state)
{
	(void)state;
	json_t *v = filter_ok(&ENTITY_REQUEST, "requested_on", "2024-02-29");
	assert_string_equal(json_string_value(v), "2024-02-29");
	json_decref(v);
	filter_refused(&ENTITY_REQUEST, "requested_on", "2010-02-30", VE_DATE);

	v = filter_ok(&ENTITY_REGION, "name", "Noord-Holland");
	assert_string_equal(json_string_value(v), "Noord-Holland");
	json_decref(v);
	filter_refused(&ENTITY_REGION, "name", "No\xc3rd", VE_UTF8);
	filter_refused(&ENTITY_REGION, "name", "", VE_EMPTY);
}

static void filters_on_lists_are_refused(void **state)
{
	(void)state;
	filter_refused(&ENTITY_COORDINATOR, "languages", "nl", VE_TYPE);
	filter_refused(&ENTITY_TRANSITION, "at", "2024-01-01T00:00:00Z", VE_TYPE);
}

/* a coordinator's periods unavailable are real dates, first <= last; the
 * training dates are dates */
static void coordinator_periods_and_training_dates_are_dates(void **state)
{
	(void)state;
	rule_ok(&ENTITY_COORDINATOR, "{\"unavailable\": [\"2025-07-01/2025-07-21\", \"2025-12-24/2025-12-24\"],"
				     " \"coaching_dates\": [\"2024-02-29\"], \"refresher_dates\": []}");
	rule_broken(&ENTITY_COORDINATOR, "{\"unavailable\": [\"2025-07-21/2025-07-01\"]}", "unavailable");
	rule_broken(&ENTITY_COORDINATOR, "{\"unavailable\": [\"2025-02-30/2025-03-01\"]}", "unavailable");
	rule_broken(&ENTITY_COORDINATOR, "{\"unavailable\": [\"2025-07-01 2025-07-21\"]}", "unavailable");
	rule_broken(&ENTITY_COORDINATOR, "{\"unavailable\": [\"2025-07-01\"]}", "unavailable");
	rule_fails_with(&ENTITY_COORDINATOR, "{\"coaching_dates\": [\"2023-02-29\"]}", VE_DATE, "coaching_dates");
	rule_fails_with(&ENTITY_COORDINATOR, "{\"refresher_dates\": [\"2024-01-01\", \"soon\"]}", VE_DATE,
			"refresher_dates");
	value_refused(&ENTITY_COORDINATOR, "capacity", "51", VE_RANGE);
	value_refused(&ENTITY_COORDINATOR, "capacity", "-1", VE_RANGE);
	value_accepted(&ENTITY_COORDINATOR, "capacity", "0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_body_that_is_not_an_object_is_refused),
		cmocka_unit_test(unknown_field_is_refused),
		cmocka_unit_test(a_field_name_that_is_too_long_is_reported_without_echoing_it),
		cmocka_unit_test(a_field_name_that_is_not_utf8_is_reported_with_an_empty_field),
		cmocka_unit_test(a_field_name_with_a_nul_byte_is_unknown),
		cmocka_unit_test(unknown_fields_are_reported_before_field_problems),
		cmocka_unit_test(field_problems_are_reported_in_model_order),
		cmocka_unit_test(system_field_state_cannot_be_set),
		cmocka_unit_test(record_system_fields_cannot_be_set),
		cmocka_unit_test(the_parent_link_comes_from_the_url_not_the_body),
		cmocka_unit_test(immutable_fields_are_set_on_create_and_refused_on_update),
		cmocka_unit_test(defaults_are_filled_on_create),
		cmocka_unit_test(given_values_win_over_defaults),
		cmocka_unit_test(null_on_create_counts_as_absent),
		cmocka_unit_test(required_field_missing_on_create),
		cmocka_unit_test(required_field_may_be_left_out_on_update_but_not_cleared),
		cmocka_unit_test(update_returns_only_the_fields_given),
		cmocka_unit_test(null_clears_an_optional_field_on_update),
		cmocka_unit_test(null_on_update_resets_a_field_with_a_default),
		cmocka_unit_test(the_output_is_a_copy_of_the_input),
		cmocka_unit_test(a_full_valid_request_is_accepted),
		cmocka_unit_test(a_date_that_does_not_exist_is_refused),
		cmocka_unit_test(badly_written_dates_are_refused),
		cmocka_unit_test(invalid_times_are_refused),
		cmocka_unit_test(grades_outside_1_10_are_refused),
		cmocka_unit_test(negative_counts_are_refused),
		cmocka_unit_test(numbers_must_be_whole_json_numbers),
		cmocka_unit_test(flags_must_be_true_or_false),
		cmocka_unit_test(over_long_text_is_refused),
		cmocka_unit_test(text_length_counts_characters_not_bytes),
		cmocka_unit_test(empty_or_blank_text_is_refused),
		cmocka_unit_test(control_characters_in_text_are_refused),
		cmocka_unit_test(text_must_be_a_string),
		cmocka_unit_test(unknown_enum_value_names_the_allowed_values),
		cmocka_unit_test(a_long_list_of_allowed_values_is_cut_at_a_whole_value),
		cmocka_unit_test(references_are_positive_ids),
		cmocka_unit_test(language_codes_are_two_or_three_lowercase_letters),
		cmocka_unit_test(duplicate_language_refused),
		cmocka_unit_test(duplicate_topics_and_ids_are_refused_but_names_may_repeat),
		cmocka_unit_test(list_items_obey_the_rules_of_their_type),
		cmocka_unit_test(lists_must_be_arrays),
		cmocka_unit_test(too_many_items_are_refused),
		cmocka_unit_test(a_required_list_needs_at_least_one_item),
		cmocka_unit_test(timestamps_are_never_taken_from_input),
		cmocka_unit_test(every_model_default_is_valid_for_its_field),
		cmocka_unit_test(every_model_list_and_enum_is_checkable),
		cmocka_unit_test(an_agreement_cannot_end_before_it_starts),
		cmocka_unit_test(a_member_who_must_not_be_invited_is_not_invited),
		cmocka_unit_test(a_member_who_must_not_be_invited_did_not_attend),
		cmocka_unit_test(a_member_who_must_not_be_invited_has_not_consented),
		cmocka_unit_test(an_action_by_the_network_names_a_member),
		cmocka_unit_test(an_action_by_a_professional_names_the_professional),
		cmocka_unit_test(an_action_by_a_professional_names_no_network_member),
		cmocka_unit_test(a_rejected_plan_needs_reasons),
		cmocka_unit_test(the_conference_phases_are_in_order),
		cmocka_unit_test(the_conference_phases_are_in_order_across_a_missing_one),
		cmocka_unit_test(a_self_referral_names_no_organisation),
		cmocka_unit_test(a_consent_date_needs_consent),
		cmocka_unit_test(an_interpreter_language_needs_an_interpreter),
		cmocka_unit_test(request_rules_report_in_model_order),
		cmocka_unit_test(entities_without_rules_pass),
		cmocka_unit_test(filters_on_references_parse_to_ids),
		cmocka_unit_test(filters_on_numbers_respect_the_range),
		cmocka_unit_test(filters_on_flags_take_true_or_false),
		cmocka_unit_test(filters_on_enums_take_allowed_values),
		cmocka_unit_test(filters_on_dates_and_text_are_checked),
		cmocka_unit_test(filters_on_lists_are_refused),
		cmocka_unit_test(coordinator_periods_and_training_dates_are_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
