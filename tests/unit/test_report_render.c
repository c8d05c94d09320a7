/*
 * Unit tests for the report outputs (render/report_layout.c,
 * render/report_out.c, csv.c, xlsx.c, pdf.c, chart.c): figures written
 * with their denominators, withheld and missing figures, CSV quoting and
 * formula neutralising, the charts as well-formed SVG that carries its
 * words as text, and PDF and XLSX files that are what they claim to be.
 *
 * The sample reports are written by hand after the shape service/reports.c
 * gives them (one per report, and a funder's view with withheld counts).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>

#include "render/chart.h"
#include "render/i18n.h"
#include "render/report_layout.h"
#include "render/report_out.h"
#include "render/report_writers.h"

#define PCT(c, o, p) "{\"count\": " #c ", \"of\": " #o ", \"pct\": " #p "}"
#define TRACK(t, n, p, g) "\"" #t "\": {\"total\": " #n ", \"previous_year\": " #p ", \"growth_pct\": " #g "}"

static const char ANNUAL[] =
	"{\"report\": \"annual\", \"filters\": {\"from\": null, \"to\": null, \"year\": 2010, \"region\": null,"
	" \"funder\": null, \"track\": null},"
	" \"population\": \"Requests with a request date in 2010.\", \"suppressed\": false, \"year\": 2010,"
	" \"requests\": {\"total\": 1200, \"previous_year\": 1000, \"growth_pct\": 20.0, \"by_track\": {"
	TRACK(youth_voluntary, 300, 280, 7.1) "," TRACK(child_protection, 200, 190, 5.3) ","
	TRACK(youth_probation, 50, 50, 0.0) "," TRACK(adult, 381, 300, 27.0) "," TRACK(eviction, 120, 100, 20.0) ","
	TRACK(education, 60, 40, 50.0) "," TRACK(neighbourhood, 89, 40, 122.5) "," TRACK(other, 0, 0, null) "}},"
	" \"outcomes\": {\"plan\": " PCT(1000, 1200, 83.3) ", \"plan_without_meeting\": " PCT(92, 1200, 7.7)
	", \"stopped\": " PCT(88, 1200, 7.3) ", \"open\": " PCT(20, 1200, 1.7) "},"
	" \"plans\": {\"safe_and_feasible\": " PCT(22, 24, 91.7) "},"
	" \"participants\": {\"total\": 9870, \"mean\": 9.9, \"conferences\": 1000},"
	" \"follow_up\": {\"improved\": " PCT(400, 600, 66.7) ", \"same\": " PCT(170, 600, 28.3)
	", \"worse\": " PCT(30, 600, 5.0) "},"
	" \"satisfaction\": {\"main_person\": {\"mean\": 7.8, \"of\": 40}, \"child\": {\"mean\": null, \"of\": 0},"
	" \"network\": {\"mean\": 8.1, \"of\": 120}, \"professional\": {\"mean\": 7.3, \"of\": 35}}}";

#define MEASURE(m, t, p, h, i, r) \
	"\"" #m "\": {\"threatened\": " #t ", \"prevented\": " p ", \"happened\": " h ", \"in_place\": " #i \
	", \"reversed\": " r "}"

static const char OUTCOMES[] =
	"{\"report\": \"outcomes\", \"filters\": {\"from\": \"2008-01-01\", \"to\": \"2009-12-31\", \"year\": null,"
	" \"region\": \"=cmd|' /C calc'!A0\", \"funder\": null, \"track\": \"adult\"},"
	" \"population\": \"Requests in the period.\", \"suppressed\": false,"
	" \"conferences\": 100, \"participants\": 1300,"
	" \"actions\": {\"total\": 1000, \"by_network\": " PCT(860, 1000, 86.0)
	", \"substituting_professional\": " PCT(190, 1000, 19.0) "},"
	" \"plans_without_professional_care\": " PCT(41, 100, 41.0) ","
	" \"measures\": {" MEASURE(supervision_order, 24, PCT(22, 24, 91.7), PCT(2, 24, 8.3), 10, PCT(7, 10, 70.0)) ","
	MEASURE(out_of_home_placement, 50, PCT(44, 50, 88.0), PCT(6, 50, 12.0), 20, PCT(14, 20, 70.0)) ","
	MEASURE(eviction, 20, PCT(20, 20, 100.0), PCT(0, 20, 0.0), 0, PCT(0, 0, null)) ","
	MEASURE(admission, 0, PCT(0, 0, null), PCT(0, 0, null), 0, PCT(0, 0, null)) "}}";

#define AMOUNTS(c, g, n, pc, p100) \
	"{\"costs_cents\": " #c ", \"gross_savings_cents\": " #g ", \"net_savings_cents\": " #n \
	", \"net_per_conference_cents\": " #pc ", \"net_per_100_cents\": " #p100 "}"

static const char COSTS[] =
	"{\"report\": \"costs\", \"filters\": {\"from\": null, \"to\": null, \"year\": null, \"region\": null,"
	" \"funder\": \"Gemeente Amsterdam\", \"track\": null},"
	" \"population\": \"Conferences requested in the period.\", \"suppressed\": false,"
	" \"unit_costs\": {\"currency\": \"EUR\", \"horizon_years\": 1, \"discount_rate_pct\": 2.25,"
	" \"file\": \"data/unit-costs.json\"},"
	" \"conferences\": 100, \"costs_cents\": 40000000, \"gross_savings_cents\": 210000000,"
	" \"net_savings_cents\": 170000000, \"net_per_conference_cents\": 1700000, \"net_per_100_cents\": 170000000,"
	" \"range\": {\"low\": " AMOUNTS(40000000, 120000000, 80000000, 800000, 80000000) ","
	" \"high\": " AMOUNTS(40000000, 300000000, 260000000, 2600000, 260000000) "},"
	" \"lines\": [{\"item\": \"supervision_order.prevented\", \"quantity\": 22, \"unit_cents\": 5000000,"
	" \"low_cents\": 3000000, \"high_cents\": 7000000, \"factor\": 1.0, \"amount_cents\": 110000000,"
	" \"low_amount_cents\": 66000000, \"high_amount_cents\": 154000000,"
	" \"source\": \"=HYPERLINK(\\\"x\\\"), \\\"OTS\\\" per jaar\"},"
	" {\"item\": \"substituted_action\", \"quantity\": 190, \"unit_cents\": 526316, \"low_cents\": 284211,"
	" \"high_cents\": 768421, \"factor\": 1.0, \"amount_cents\": 100000000, \"low_amount_cents\": 54000000,"
	" \"high_amount_cents\": 146000000, \"source\": \"CBS 2020\"}]}";

/* a funder's view: small counts withheld */
static const char FUNDER[] =
	"{\"report\": \"outcomes\", \"filters\": {\"from\": null, \"to\": null, \"year\": null, \"region\": null,"
	" \"funder\": 3, \"track\": null}, \"population\": \"p\", \"suppressed\": true,"
	" \"conferences\": \"<5\", \"participants\": 31,"
	" \"actions\": {\"total\": 12, \"by_network\": {\"count\": 9, \"of\": 12, \"pct\": 75.0},"
	" \"substituting_professional\": {\"count\": \"<5\", \"of\": 12, \"pct\": null}},"
	" \"plans_without_professional_care\": {\"count\": \"<5\", \"of\": \"<5\", \"pct\": null},"
	" \"measures\": {}}";

static json_t *load(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fail_msg("sample report: %s at %d", e.text, e.position);
	return j;
}

/* the row of layout whose path is path */
static const struct rl_row *row_at(const char *report, const char *path)
{
	const struct rl_report *r = report_layout(report);
	for (size_t s = 0; r && s < r->nsections; s++)
		for (size_t i = 0; i < r->sections[s].nrows; i++)
			if (strcmp(r->sections[s].rows[i].path, path) == 0)
				return &r->sections[s].rows[i];
	fail_msg("no row %s in %s", path, report);
	return NULL;
}

static void assert_figure(const json_t *report, const char *path, enum lang l, const char *want)
{
	char out[128];
	rl_format(l, report, row_at(json_string_value(json_object_get(report, "report")), path), out, sizeof out);
	assert_string_equal(out, want);
}

/* ---- figures ---------------------------------------------------------- */

static void a_percentage_shows_its_denominator(void **state)
{
	(void)state;
	json_t *a = load(ANNUAL);
	assert_figure(a, "plans.safe_and_feasible", LANG_NL, "22 van 24 (91,7%)");
	assert_figure(a, "plans.safe_and_feasible", LANG_EN, "22 of 24 (91.7%)");
	assert_figure(a, "outcomes.plan", LANG_NL, "1.000 van 1.200 (83,3%)");
	assert_figure(a, "outcomes.plan", LANG_EN, "1,000 of 1,200 (83.3%)");
	json_decref(a);
}

static void counts_means_growth_and_money_read_as_people_write_them(void **state)
{
	(void)state;
	json_t *a = load(ANNUAL), *c = load(COSTS);
	assert_figure(a, "requests.total", LANG_NL, "1.200");
	assert_figure(a, "requests.growth_pct", LANG_NL, "+20,0%");
	assert_figure(a, "requests.by_track.youth_probation.growth_pct", LANG_EN, "0.0%");
	assert_figure(a, "participants.mean", LANG_NL, "9,9");
	assert_figure(a, "satisfaction.main_person", LANG_NL, "7,8 (n = 40)");
	assert_figure(a, "year", LANG_NL, "2010");
	assert_figure(c, "net_per_conference_cents", LANG_NL, "\u20ac 17.000,00");
	assert_figure(c, "net_per_conference_cents", LANG_EN, "\u20ac17,000.00");
	assert_figure(c, "unit_costs.discount_rate_pct", LANG_NL, "2,25");
	json_decref(a);
	json_decref(c);
}

static void missing_and_uncomputable_figures_show_a_dash(void **state)
{
	(void)state;
	json_t *a = load(ANNUAL), *o = load(OUTCOMES);
	/* no previous year: no growth */
	assert_figure(a, "requests.by_track.other.growth_pct", LANG_NL, "\u2014");
	/* no respondents: no mean, the 0 stays visible */
	assert_figure(a, "satisfaction.child", LANG_NL, "\u2014 (n = 0)");
	/* a denominator of 0 */
	assert_figure(o, "measures.admission.prevented", LANG_NL, "0 van 0 (\u2014)");
	json_decref(a);
	json_decref(o);
	/* a figure the report does not hold */
	json_t *empty = load("{\"report\": \"annual\"}");
	assert_figure(empty, "plans.safe_and_feasible", LANG_NL, "\u2014");
	assert_figure(empty, "requests.total", LANG_EN, "\u2014");
	json_decref(empty);
}

static void withheld_counts_show_as_fewer_than_five(void **state)
{
	(void)state;
	json_t *f = load(FUNDER);
	assert_figure(f, "conferences", LANG_NL, "<5");
	assert_figure(f, "actions.substituting_professional", LANG_NL, "<5 van 12 (\u2014)");
	assert_figure(f, "plans_without_professional_care", LANG_EN, "<5 of <5 (\u2014)");
	assert_figure(f, "actions.by_network", LANG_NL, "9 van 12 (75,0%)");
	json_decref(f);
}

static void wording_states_what_was_recorded(void **state)
{
	(void)state;
	char label[256];
	rl_label(LANG_NL, "report.row.prevented", "value.supervision_order", label, sizeof label);
	assert_non_null(strstr(label, "dreigend bij aanvraag, niet gebeurd bij follow-up"));
	rl_label(LANG_EN, "report.row.prevented", "value.supervision_order", label, sizeof label);
	assert_non_null(strstr(label, "threatened at request, not happened at follow-up"));
}

static void period_and_filters_are_named(void **state)
{
	(void)state;
	char out[128];
	json_t *a = load(ANNUAL), *o = load(OUTCOMES);
	rl_period(LANG_NL, a, out, sizeof out);
	assert_string_equal(out, "2010");
	rl_period(LANG_NL, o, out, sizeof out);
	assert_string_equal(out, "01-01-2008 t/m 31-12-2009");
	size_t i = 0;
	const char *label;
	assert_true(rl_filter(LANG_NL, o, &i, &label, out, sizeof out));
	assert_string_equal(label, "report.filter.from");
	assert_true(rl_filter(LANG_NL, o, &i, &label, out, sizeof out));
	assert_true(rl_filter(LANG_NL, o, &i, &label, out, sizeof out));
	assert_string_equal(label, "report.filter.region");
	assert_true(rl_filter(LANG_NL, o, &i, &label, out, sizeof out));
	assert_string_equal(out, "Volwassenen");
	assert_false(rl_filter(LANG_NL, o, &i, &label, out, sizeof out));
	json_decref(a);
	json_decref(o);
}

/* ---- the layout ------------------------------------------------------- */

static int missing_key(const char *key)
{
	int n = 0;
	for (int l = 0; key && l < I18N_LANGS; l++)
		if (!tr_maybe((enum lang)l, key)) {
			fprintf(stderr, "missing in %s: %s\n", i18n_code((enum lang)l), key);
			n = 1;
		}
	return n;
}

/* every text the layout names exists in every language, and every figure
 * it names is in the sample report of its kind */
static void every_label_has_its_texts_and_every_path_its_figure(void **state)
{
	(void)state;
	static const char *const SAMPLES[][2] = { { "annual", ANNUAL }, { "outcomes", OUTCOMES }, { "costs", COSTS } };
	int missing = 0;
	for (size_t k = 0; k < 3; k++) {
		const struct rl_report *r = report_layout(SAMPLES[k][0]);
		assert_non_null(r);
		json_t *j = load(SAMPLES[k][1]);
		missing += missing_key(r->title) + missing_key(r->population);
		for (size_t s = 0; s < r->nsections; s++) {
			const struct rl_section *sec = &r->sections[s];
			missing += missing_key(sec->title) + missing_key(sec->note);
			for (size_t i = 0; i < sec->nrows; i++) {
				missing += missing_key(sec->rows[i].label) + missing_key(sec->rows[i].arg);
				if (!rl_get(j, sec->rows[i].path)) {
					fprintf(stderr, "%s: no figure at %s\n", r->name, sec->rows[i].path);
					missing++;
				}
			}
		}
		for (size_t c = 0; c < r->ncharts; c++) {
			missing += missing_key(r->charts[c].title) + missing_key(r->charts[c].axis);
			for (size_t b = 0; b < r->charts[c].nbars; b++) {
				missing += missing_key(r->charts[c].bars[b].label) + missing_key(r->charts[c].bars[b].arg);
				missing += rl_get(j, r->charts[c].bars[b].path) ? 0 : 1;
			}
		}
		json_decref(j);
	}
	for (size_t c = 0; c < rl_nline_columns; c++)
		missing += missing_key(rl_line_columns[c].label);
	static const char *const ITEMS[] = { "supervision_order", "out_of_home_placement", "eviction", "admission" };
	char key[128];
	for (size_t i = 0; i < 4; i++) {
		snprintf(key, sizeof key, "report.item.%s.prevented", ITEMS[i]);
		missing += missing_key(key);
		snprintf(key, sizeof key, "report.item.%s.reversed", ITEMS[i]);
		missing += missing_key(key);
	}
	missing += missing_key("report.item.substituted_action");
	assert_int_equal(missing, 0);
	assert_null(report_layout("nonsense"));
	assert_null(report_layout(NULL));
}

static void formats_are_found_by_name(void **state)
{
	(void)state;
	assert_int_equal(report_format_from_name("json"), REPORT_JSON);
	assert_int_equal(report_format_from_name("csv"), REPORT_CSV);
	assert_int_equal(report_format_from_name("xlsx"), REPORT_XLSX);
	assert_int_equal(report_format_from_name("pdf"), REPORT_PDF);
	assert_int_equal(report_format_from_name("doc"), -1);
	assert_int_equal(report_format_from_name(NULL), -1);
	assert_string_equal(report_format_mime(REPORT_PDF), "application/pdf");
	assert_string_equal(report_format_ext(REPORT_XLSX), "xlsx");
	json_t *unknown = load("{\"report\": \"gossip\"}");
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(unknown, REPORT_CSV, LANG_NL, &b), -1);
	assert_int_equal(report_nchart(unknown), 0);
	assert_null(report_chart_title(unknown, 0, LANG_NL));
	buf_release(&b);
	json_decref(unknown);
}

/* ---- CSV -------------------------------------------------------------- */

static void assert_csv_cell(const char *in, const char *want)
{
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(csv_text(&b, in), 0);
	assert_string_equal(buf_str(&b), want);
	buf_release(&b);
}

static void csv_cells_are_quoted_and_formulas_neutralised(void **state)
{
	(void)state;
	assert_csv_cell("plain", "plain");
	assert_csv_cell("", "");
	assert_csv_cell("a,b", "\"a,b\"");
	assert_csv_cell("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_csv_cell("two\r\nlines", "\"two\r\nlines\"");
	assert_csv_cell("=SUM(A1:A2)", "'=SUM(A1:A2)");
	assert_csv_cell("+31 20", "'+31 20");
	assert_csv_cell("-2+3", "'-2+3");
	assert_csv_cell("@cmd", "'@cmd");
	assert_csv_cell("\tx", "'\tx");
	assert_csv_cell("=HYPERLINK(\"x\"),y", "\"'=HYPERLINK(\"\"x\"\"),y\"");
	assert_csv_cell("a=b", "a=b");
}

/* the number of fields of each CRLF line of a CSV text (quotes honoured);
 * -1 when a line ends in LF alone or the widths differ */
static int csv_width(const char *s)
{
	int width = -1, fields = 1;
	bool quoted = false;
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			fields++;
		else if (!quoted && *p == '\n')
			return -1;
		else if (!quoted && *p == '\r') {
			if (p[1] != '\n' || (width >= 0 && width != fields))
				return -1;
			width = fields;
			fields = 1;
			p++;
		}
	}
	return width;
}

static void csv_report_is_rfc4180_with_plain_numbers(void **state)
{
	(void)state;
	json_t *o = load(OUTCOMES);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(o, REPORT_CSV, LANG_NL, &b), 0);
	const char *s = buf_str(&b);
	assert_memory_equal(s, "\xef\xbb\xbf", 3);
	assert_int_equal(csv_width(s + 3), 8);
	assert_non_null(strstr(s, "\r\nsection,label,key,value,unit,count,of,pct\r\n"));
	assert_non_null(strstr(s, ",measures.supervision_order.prevented,91.7,percent,22,24,91.7\r\n"));
	assert_non_null(strstr(s, ",conferences,100,count,100,,\r\n"));
	/* the region named like a formula stays text */
	assert_non_null(strstr(s, "\r\nregion,'=cmd|' /C calc'!A0,"));
	assert_null(strstr(s, ",=cmd"));
	/* no denominator: an empty pct */
	assert_non_null(strstr(s, ",measures.admission.prevented,,percent,0,0,\r\n"));
	buf_release(&b);
	json_decref(o);
}

static void csv_costs_lists_the_unit_cost_lines_and_their_sources(void **state)
{
	(void)state;
	json_t *c = load(COSTS);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(c, REPORT_CSV, LANG_EN, &b), 0);
	const char *s = buf_str(&b);
	assert_int_equal(csv_width(s + 3), 11);
	assert_non_null(strstr(s, ",net_per_conference_cents,1700000,cents,"));
	assert_non_null(strstr(s, "\r\nitem,label,quantity,unit_cents,"));
	assert_non_null(strstr(s, "\r\nsupervision_order.prevented,\"Supervision order threatened, not happened\","
				  "22,5000000,3000000,7000000,1,110000000,66000000,154000000,"
				  "\"'=HYPERLINK(\"\"x\"\"), \"\"OTS\"\" per jaar\"\r\n"));
	assert_non_null(strstr(s, ",CBS 2020\r\n"));
	buf_release(&b);
	json_decref(c);
}

static void csv_of_a_funders_view_keeps_fewer_than_five(void **state)
{
	(void)state;
	json_t *f = load(FUNDER);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(f, REPORT_CSV, LANG_NL, &b), 0);
	const char *s = buf_str(&b);
	assert_non_null(strstr(s, "\r\nsuppressed,true,"));
	assert_non_null(strstr(s, ",actions.substituting_professional,,percent,<5,12,\r\n"));
	buf_release(&b);
	json_decref(f);
}

/* ---- JSON, SVG, PDF, XLSX ------------------------------------------- */

static void json_keeps_the_order_of_the_report(void **state)
{
	(void)state;
	json_t *a = load(ANNUAL);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_render(a, REPORT_JSON, LANG_NL, &b), 0);
	const char *s = buf_str(&b);
	assert_true(strstr(s, "\"report\"") < strstr(s, "\"filters\""));
	assert_true(strstr(s, "\"filters\"") < strstr(s, "\"year\": 2010,\n  \"requests\""));
	assert_int_equal(s[b.len - 1], '\n');
	json_t *back = json_loads(s, 0, NULL);
	assert_true(json_equal(back, a));
	json_decref(back);
	buf_release(&b);
	json_decref(a);
}

static void charts_are_well_formed_svg_with_their_words_as_text(void **state)
{
	(void)state;
	static const char *const SAMPLES[] = { ANNUAL, OUTCOMES, COSTS, FUNDER };
	for (size_t k = 0; k < 4; k++) {
		json_t *j = load(SAMPLES[k]);
		assert_true(report_nchart(j) >= 2);
		for (size_t i = 0; i < report_nchart(j); i++) {
			struct buf b;
			buf_init(&b, 0);
			assert_int_equal(report_chart_svg(j, i, LANG_NL, &b), 0);
			xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "chart.svg", NULL, XML_PARSE_NONET);
			assert_non_null(doc);
			xmlNodePtr root = xmlDocGetRootElement(doc);
			assert_string_equal((const char *)root->name, "svg");
			xmlChar *role = xmlGetProp(root, (const xmlChar *)"role");
			assert_string_equal((const char *)role, "img");
			xmlFree(role);
			xmlFreeDoc(doc);
			/* the title as text, not only as glyph shapes */
			char title[256];
			snprintf(title, sizeof title, "<title id=\"chart-title\">%s</title>",
				 report_chart_title(j, i, LANG_NL));
			assert_non_null(strstr(buf_str(&b), title));
			buf_release(&b);
		}
		json_decref(j);
	}
	assert_null(report_chart_title(NULL, 0, LANG_NL));
}

static void a_charts_description_holds_every_bar_with_its_denominator(void **state)
{
	(void)state;
	json_t *o = load(OUTCOMES);
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(report_chart_svg(o, 0, LANG_NL, &b), 0);
	const char *desc = strstr(buf_str(&b), "<desc");
	assert_non_null(desc);
	assert_non_null(strstr(desc, "Ondertoezichtstelling (OTS): 22 van 24 (91,7%)"));
	assert_non_null(strstr(desc, "Opname: 0 van 0 (\u2014)"));
	buf_release(&b);
	buf_init(&b, 0);
	assert_int_equal(report_chart_svg(o, 9, LANG_NL, &b), -1);
	assert_int_equal(report_chart_desc(o, 0, LANG_EN, &b), 0);
	assert_string_equal(buf_str(&b), "% of threatened at request (denominator at each bar). "
					 "Supervision order: 22 of 24 (91.7%); Out-of-home placement: 44 of 50 (88.0%); "
					 "Eviction: 20 of 20 (100.0%); Admission: 0 of 0 (\u2014).");
	buf_release(&b);
	json_decref(o);
}

static void pdf_is_a_pdf(void **state)
{
	(void)state;
	static const char *const SAMPLES[] = { ANNUAL, OUTCOMES, COSTS, FUNDER };
	for (size_t k = 0; k < 4; k++) {
		json_t *j = load(SAMPLES[k]);
		struct buf b;
		buf_init(&b, 0);
		assert_int_equal(report_render(j, REPORT_PDF, k % 2 ? LANG_EN : LANG_NL, &b), 0);
		assert_true(b.len > 1000);
		assert_memory_equal(b.data, "%PDF-", 5);
		assert_non_null(strstr(b.data + b.len - 8, "%%EOF"));
		buf_release(&b);
		json_decref(j);
	}
}

static void xlsx_is_a_workbook_with_a_chart(void **state)
{
	(void)state;
	static const char *const SAMPLES[] = { ANNUAL, OUTCOMES, COSTS, FUNDER };
	for (size_t k = 0; k < 4; k++) {
		json_t *j = load(SAMPLES[k]);
		struct buf b;
		buf_init(&b, 0);
		assert_int_equal(report_render(j, REPORT_XLSX, LANG_NL, &b), 0);
		assert_memory_equal(b.data, "PK\x03\x04", 4);
		/* the names of a zip's members are stored as they are */
		assert_non_null(memmem(b.data, b.len, "xl/charts/chart1.xml", 20));
		assert_non_null(memmem(b.data, b.len, "xl/worksheets/sheet2.xml", 24));
		buf_release(&b);
		json_decref(j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_percentage_shows_its_denominator),
		cmocka_unit_test(counts_means_growth_and_money_read_as_people_write_them),
		cmocka_unit_test(missing_and_uncomputable_figures_show_a_dash),
		cmocka_unit_test(withheld_counts_show_as_fewer_than_five),
		cmocka_unit_test(wording_states_what_was_recorded),
		cmocka_unit_test(period_and_filters_are_named),
		cmocka_unit_test(every_label_has_its_texts_and_every_path_its_figure),
		cmocka_unit_test(formats_are_found_by_name),
		cmocka_unit_test(csv_cells_are_quoted_and_formulas_neutralised),
		cmocka_unit_test(csv_report_is_rfc4180_with_plain_numbers),
		cmocka_unit_test(csv_costs_lists_the_unit_cost_lines_and_their_sources),
		cmocka_unit_test(csv_of_a_funders_view_keeps_fewer_than_five),
		cmocka_unit_test(json_keeps_the_order_of_the_report),
		cmocka_unit_test(charts_are_well_formed_svg_with_their_words_as_text),
		cmocka_unit_test(a_charts_description_holds_every_bar_with_its_denominator),
		cmocka_unit_test(pdf_is_a_pdf),
		cmocka_unit_test(xlsx_is_a_workbook_with_a_chart),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* let go of the font caches, so that a leak check sees only kring's */
	xmlCleanupParser();
	chart_cleanup();
	FcFini();
	return failed;
}
