/*
 * Unit tests for the message catalogue (the .po files under po/LANG/, embedded by
 * scripts/embed-po.py): every text the data model needs exists in every
 * language, the model's overrides and hints name real fields and values,
 * and the Dutch catalogue is not the English one under another name.
 *
 * The keys are derived from the model itself (model_entities, the
 * lifecycle's actions and their inputs as the service declares them), so a
 * field, value or action added to the model without its texts fails here.
 * Keys written literally in the pages are checked by tests/check-catalogue.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "domain/lifecycle.h"
#include "domain/model.h"
#include "render/i18n.h"
#include "service/service.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* the system fields every entity has besides its own (domain/model.h) */
static const char *const SYSTEM_FIELDS[] = { "id", "version", "created_at", "updated_at" };

/* the languages a language field offers (web/pages/fields.c, LANGUAGES) */
static const char *const LANG_CODES[] = { "nl", "en", "ar", "tr", "ber", "pap", "srn", "pl", "so", "ti",
	"fa", "prs", "ps", "ku", "uk", "ru", "ro", "bg", "es", "pt", "fr", "de", "zh", "hi", "ur", "am", "fy" };

/* the confirmations pages ask for with ?saved=KEY */
static const char *const SAVED[] = { "request", "record", "action", "deleted", "logout", "password",
	"settings", "user" };

/*
 * Count a missing key: print it (so that a failing run lists every key to
 * add, not just the first) and return 1.
 */
static int missing(const char *key)
{
	int n = 0;
	for (int l = 0; l < I18N_LANGS; l++) {
		if (!tr_maybe((enum lang)l, key)) {
			fprintf(stderr, "missing in %s: %s\n", i18n_code((enum lang)l), key);
			n = 1;
		}
	}
	return n;
}

static int missing2(const char *a, const char *b)
{
	char key[192];
	snprintf(key, sizeof key, "%s.%s", a, b);
	return missing(key);
}

static int missing3(const char *a, const char *b, const char *c)
{
	char key[192];
	snprintf(key, sizeof key, "%s.%s.%s", a, b, c);
	return missing(key);
}

static bool is_enum(const struct field *f)
{
	return f->type == FT_ENUM || f->type == FT_ENUM_LIST;
}

/* value.V for every value of an enum field */
static int missing_values(const struct field *f)
{
	int n = 0;
	if (!is_enum(f))
		return 0;
	for (size_t v = 0; f->values[v]; v++)
		n += missing2("value", f->values[v]);
	return n;
}

static void the_catalogue_is_sorted_and_complete(void **state)
{
	(void)state;
	assert_true(i18n_nkeys > 0);
	for (size_t i = 0; i < i18n_nkeys; i++) {
		if (i > 0)
			assert_true(strcmp(i18n_keys[i - 1], i18n_keys[i]) < 0);
		for (int l = 0; l < I18N_LANGS; l++) {
			assert_non_null(i18n_texts[l][i]);
			assert_true(i18n_texts[l][i][0] != '\0');
		}
	}
}

static void every_field_of_every_entity_has_a_label(void **state)
{
	(void)state;
	int n = 0;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t f = 0; f < e->nfields; f++)
			n += missing3("field", e->name, e->fields[f].name);
		for (size_t f = 0; f < N(SYSTEM_FIELDS); f++)
			n += missing3("field", e->name, SYSTEM_FIELDS[f]);
	}
	assert_int_equal(n, 0);
}

static void every_enum_value_has_a_text(void **state)
{
	(void)state;
	int n = 0;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t f = 0; f < e->nfields; f++)
			n += missing_values(&e->fields[f]);
	}
	/* the action inputs' enums (funding source, outcome, stop reason) */
	for (int a = 0; a < ACT__COUNT; a++) {
		const struct entity *in = svc_action_input((enum action)a);
		assert_non_null(in);
		for (size_t f = 0; f < in->nfields; f++)
			n += missing_values(&in->fields[f]);
	}
	/* the shared lists, also where no field uses them (yet) */
	const char *const *const lists[] = { ENUM_KIND, ENUM_TRACK, ENUM_TOPIC, ENUM_STOP_REASON, ENUM_OUTCOME,
		ENUM_FUNDING_SOURCE, ENUM_STATE, ENUM_USER_ROLE };
	for (size_t l = 0; l < N(lists); l++)
		for (size_t v = 0; lists[l][v]; v++)
			n += missing2("value", lists[l][v]);
	assert_int_equal(n, 0);
}

static void every_state_has_a_status_text(void **state)
{
	(void)state;
	int n = 0;
	for (int s = 0; s < ST__COUNT; s++) {
		assert_non_null(state_name((enum state)s));
		n += missing2("state", state_name((enum state)s));
	}
	for (size_t v = 0; ENUM_STATE[v]; v++)
		n += missing2("state", ENUM_STATE[v]);
	assert_int_equal(n, 0);
}

static void every_action_has_a_label_an_intro_and_input_labels(void **state)
{
	(void)state;
	int n = 0;
	for (int a = 0; a < ACT__COUNT; a++) {
		const char *name = lifecycle_actions[a].name;
		n += missing2("action", name);
		n += missing3("action", name, "intro");
		const struct entity *in = svc_action_input((enum action)a);
		assert_non_null(in);
		char prefix[96];
		snprintf(prefix, sizeof prefix, "field.action.%s", name);
		for (size_t f = 0; f < in->nfields; f++)
			n += missing2(prefix, in->fields[f].name);
	}
	assert_int_equal(n, 0);
}

static void every_offered_language_and_confirmation_has_a_text(void **state)
{
	(void)state;
	int n = 0;
	for (size_t i = 0; i < N(LANG_CODES); i++)
		n += missing2("lang", LANG_CODES[i]);
	for (size_t i = 0; i < N(SAVED); i++)
		n += missing2("saved", SAVED[i]);
	assert_int_equal(n, 0);
}

/* ---- the other way round: texts for things the model does not have --- */

static const struct field *entity_field(const struct entity *e, const char *name)
{
	return e ? model_field(e, name) : NULL;
}

static bool is_system_field(const char *name)
{
	for (size_t i = 0; i < N(SYSTEM_FIELDS); i++)
		if (strcmp(SYSTEM_FIELDS[i], name) == 0)
			return true;
	return false;
}

/* the input field of lifecycle action name, or NULL */
static const struct field *action_field(const char *name, size_t namelen, const char *field)
{
	for (int a = 0; a < ACT__COUNT; a++) {
		if (strlen(lifecycle_actions[a].name) != namelen ||
		    strncmp(lifecycle_actions[a].name, name, namelen) != 0)
			continue;
		return model_field(svc_action_input((enum action)a), field);
	}
	return NULL;
}

/* is v a value of some enum field of the model or of an action's input? */
static bool is_model_value(const char *v)
{
	for (size_t i = 0; i < model_nentities; i++)
		for (size_t f = 0; f < model_entities[i]->nfields; f++) {
			const struct field *fl = &model_entities[i]->fields[f];
			if (is_enum(fl) && model_enum_index(fl->values, v) >= 0)
				return true;
		}
	for (int a = 0; a < ACT__COUNT; a++) {
		const struct entity *in = svc_action_input((enum action)a);
		for (size_t f = 0; f < in->nfields; f++)
			if (is_enum(&in->fields[f]) && model_enum_index(in->fields[f].values, v) >= 0)
				return true;
	}
	return false;
}

/*
 * A hint or an override whose key has a typo is never shown, and nothing
 * else would notice. So: every hint.ENTITY.FIELD and field.ENTITY.FIELD of a
 * model entity names a field of it, every hint.action.A.F / field.action.A.F
 * an input of action A, every enum.E.F.V a value of that field, every
 * value.V and state.S something the model has. (Keys under other prefixes,
 * or field./hint. keys of forms that are no entity, are the pages' own.)
 */
static void the_models_texts_name_real_fields_and_values(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < i18n_nkeys; i++) {
		const char *key = i18n_keys[i];
		char ent[64], fld[64], val[64];
		bool ok = true;
		if (strncmp(key, "field.action.", 13) == 0 || strncmp(key, "hint.action.", 12) == 0) {
			const char *act = strchr(key, '.') + strlen(".action.");
			const char *dot = strchr(act, '.');
			ok = dot && action_field(act, (size_t)(dot - act), dot + 1);
		} else if (strncmp(key, "field.", 6) == 0 || strncmp(key, "hint.", 5) == 0) {
			const char *rest = strchr(key, '.') + 1;
			if (sscanf(rest, "%63[^.].%63s", ent, fld) == 2 && model_entity(ent))
				ok = entity_field(model_entity(ent), fld) ||
				     (strncmp(key, "field.", 6) == 0 && is_system_field(fld));
		} else if (strncmp(key, "enum.", 5) == 0) {
			const struct field *f = NULL;
			if (sscanf(key + 5, "%63[^.].%63[^.].%63s", ent, fld, val) == 3)
				f = entity_field(model_entity(ent), fld);
			ok = f && is_enum(f) && model_enum_index(f->values, val) >= 0;
		} else if (strncmp(key, "value.", 6) == 0) {
			ok = is_model_value(key + 6);
		} else if (strncmp(key, "state.", 6) == 0) {
			ok = state_from_name(key + 6) >= 0;
		}
		if (!ok) {
			fprintf(stderr, "no such field, action input or value in the model: %s\n", key);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Dutch is not English: at least 80% of the texts differ (names of
 * languages, "Informant", "Intake" and the like may be the same) */
static void dutch_texts_differ_from_english_ones(void **state)
{
	(void)state;
	size_t differ = 0;
	for (size_t i = 0; i < i18n_nkeys; i++)
		if (strcmp(i18n_texts[LANG_NL][i], i18n_texts[LANG_EN][i]) != 0)
			differ++;
	assert_true(differ * 100 >= i18n_nkeys * 80);

	/* and for the model's own labels alone */
	size_t labels = 0, labels_differ = 0;
	for (size_t i = 0; i < model_nentities; i++) {
		const struct entity *e = model_entities[i];
		for (size_t f = 0; f < e->nfields; f++) {
			char key[192];
			snprintf(key, sizeof key, "field.%s.%s", e->name, e->fields[f].name);
			const char *nl = tr_maybe(LANG_NL, key), *en = tr_maybe(LANG_EN, key);
			if (!nl || !en)
				continue;
			labels++;
			labels_differ += strcmp(nl, en) != 0;
		}
	}
	assert_true(labels > 0);
	assert_true(labels_differ * 100 >= labels * 80);
}

static void lookups_of_missing_keys_fall_back(void **state)
{
	(void)state;
	assert_null(tr_maybe(LANG_NL, "no.such.key"));
	assert_null(tr_maybe(LANG_EN, NULL));
	assert_null(tr_maybe((enum lang)I18N_LANGS, "state.closed"));
	assert_string_equal(tr(LANG_NL, "no.such.key"), "no.such.key");
	/* tr3 shows the last part of a missing key rather than nothing */
	assert_string_equal(tr3(LANG_EN, "value", "no_such_value", NULL), "no_such_value");
	assert_string_equal(tr3(LANG_NL, "state", "closed", NULL), tr(LANG_NL, "state.closed"));
	assert_string_equal(tr3(LANG_NL, "field", "request", "kind"), tr(LANG_NL, "field.request.kind"));
	assert_string_not_equal(tr(LANG_NL, "state.closed"), tr(LANG_EN, "state.closed"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_catalogue_is_sorted_and_complete),
		cmocka_unit_test(every_field_of_every_entity_has_a_label),
		cmocka_unit_test(every_enum_value_has_a_text),
		cmocka_unit_test(every_state_has_a_status_text),
		cmocka_unit_test(every_action_has_a_label_an_intro_and_input_labels),
		cmocka_unit_test(every_offered_language_and_confirmation_has_a_text),
		cmocka_unit_test(the_models_texts_name_real_fields_and_values),
		cmocka_unit_test(dutch_texts_differ_from_english_ones),
		cmocka_unit_test(lookups_of_missing_keys_fall_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
