#ifndef KRING_SERVICE_SERVICE_H
#define KRING_SERVICE_SERVICE_H
/*
 * Use cases. Each call is one transaction: validate the input, apply the
 * domain rules, write through the store, record the transition. The web
 * handlers and the CLI call these; nothing above this layer sees SQL.
 *
 * Input records are JSON objects from outside (not yet validated). Output
 * records are new JSON objects owned by the caller. On failure a call
 * returns -1 and fills struct svc_error with an HTTP status, a stable code,
 * the offending field and a sentence.
 */
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/lifecycle.h"
#include "domain/model.h"
#include "domain/retention.h"
#include "store/store.h"

struct svc_error {
	int status;        /* HTTP status: 400, 404, 409, 412, 422, 428, 500, 503 */
	const char *code;  /* stable code, e.g. "required", "version_mismatch" */
	char field[64];    /* offending field, or "" */
	char detail[256];  /* a sentence for people */
};

/* who is acting, how, from where, and through which store; the strings are
 * recorded with every transition and access-log entry (NULL counts as "") */
struct svc {
	struct store *st;
	const char *actor;   /* the account's user name; "demo" or "cli" for commands */
	const char *role;    /* the role acted in */
	const char *address; /* the client's IP address; empty for commands */
	const json_t *user;  /* the account acting (roles, regions, coordinator);
			      * NULL for commands, which may do everything */
};

/* an Idempotency-Key sent with a POST, or key == NULL */
struct svc_idem {
	const char *key;
	const char *scope;       /* method and path, e.g. "POST /api/v1/requests" */
	const char *fingerprint; /* hash of the request body */
};

/* the result of a POST: the record and the HTTP status to answer with; when
 * replayed is set the answer is the stored one of an earlier request with
 * the same Idempotency-Key */
struct svc_result {
	int status;
	json_t *body;
	int replayed;
};

/* list parameters: filters as query-string text; limit 1..500 */
struct svc_list_params {
	const char *const *filter_names;
	const char *const *filter_values;
	size_t nfilters;
	const char *after; /* cursor from an earlier page, or NULL */
	int64_t limit;
};

void svc_error_set(struct svc_error *err, int status, const char *code, const char *field,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* create a record of e (for child entities parent_id is the request) */
int svc_create(struct svc *s, const struct entity *e, int64_t parent_id, const json_t *input,
	       const struct svc_idem *idem, struct svc_result *res, struct svc_error *err);
int svc_get(struct svc *s, const struct entity *e, int64_t id, json_t **out, struct svc_error *err);
/* the one record of an E_ONE_PER_PARENT entity for a request */
int svc_get_by_parent(struct svc *s, const struct entity *e, int64_t parent_id, json_t **out,
		      struct svc_error *err);
/* change a record; if_match is the version the client saw (required) */
int svc_update(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
	       const json_t *input, json_t **out, struct svc_error *err);
int svc_delete(struct svc *s, const struct entity *e, int64_t id, int64_t if_match,
	       struct svc_error *err);
/* one page: {"items": [...], "next": cursor or null, "total": n} */
int svc_list(struct svc *s, const struct entity *e, int64_t parent_id,
	     const struct svc_list_params *p, json_t **out, struct svc_error *err);

/*
 * Perform a lifecycle action (see domain/lifecycle.h) on request id with the
 * action's input. if_match < 0 means no version check. The answer is the
 * request as it is after the transition.
 */
int svc_transition(struct svc *s, const char *action, int64_t request_id, int64_t if_match,
		   const json_t *input, const struct svc_idem *idem, struct svc_result *res,
		   struct svc_error *err);

/* the input of a lifecycle action, declared like a record */
const struct entity *svc_action_input(enum action act);

/* fill the store with the deterministic demo data; 0 or -1 */
int svc_demo(struct svc *s, unsigned seed, int years, struct svc_error *err);

/* ---- accounts, logins, sessions (service/accounts.c) ------------------- */

/* a token as handed out: 43 characters of base64url and the NUL */
#define SVC_TOKEN_LEN 44

/* the cost of password hashing: "interactive" (the default), "moderate", or
 * "minimum" (tests only); -1 for another name */
int svc_set_password_cost(const char *name);

/* a user record without its password hash, for showing (caller owns it) */
json_t *svc_user_public(const json_t *user);

/* a new account: input {username, display_name, roles, region_ids,
 * coordinator_id, funder_id, language}; *out the account as shown */
int svc_user_add(struct svc *s, const json_t *input, const char *password, json_t **out,
		 struct svc_error *err);
/* change an account (see accounts.c); changes and password may be NULL */
int svc_user_change(struct svc *s, const char *username, const json_t *changes, const char *password,
		    bool unlock, json_t **out, struct svc_error *err);
/* every account, as shown */
int svc_user_list(struct svc *s, json_t **out, struct svc_error *err);

struct svc_login {
	const char *username;
	const char *password;
	const char *address; /* the client's address, for throttling and the log */
	const char *kind;    /* "browser" (cookie) or "api" (bearer token) */
	const char *label;   /* what an API token is for, or NULL */
	const char *code;    /* the second factor: a TOTP code or a recovery code */
	/* svc_login_enrol: the secret of a new second factor (from
	 * svc_totp_secret) that code must be a code of */
	const char *new_secret;
};

/* require a second factor for accounts that see personal data (intake,
 * regional managers, coordinators); the default */
void svc_set_second_factor(bool required);

/* give an account a new second factor (TOTP secret and 10 recovery codes),
 * or remove it: uri is the otpauth:// URI for an authenticator app, *codes
 * the recovery codes; both shown once, never stored as such */
#define SVC_TOTP_URI_LEN 256
int svc_user_totp(struct svc *s, const char *username, bool remove, char uri[SVC_TOTP_URI_LEN], json_t **codes,
		  struct svc_error *err);

/* a new second factor's secret (base32) and the otpauth:// URI of it for
 * username, to show while it is set up at login; 0, or -1 */
#define SVC_TOTP_SECRET_LEN 33
int svc_totp_secret(const char *username, char secret[SVC_TOTP_SECRET_LEN], char uri[SVC_TOTP_URI_LEN]);
/* log in and set up the second factor of an account that has none: the
 * password as for svc_login, in->new_secret the secret shown (from
 * svc_totp_secret) and in->code the code the authenticator app shows for
 * it (422 invalid "code" when it does not match). On success the factor is
 * stored with the session, and *codes holds the 10 recovery codes, shown
 * this once. */
int svc_login_enrol(struct svc *s, const struct svc_login *in, char token[SVC_TOKEN_LEN], json_t **user,
		    json_t **session, json_t **codes, struct svc_error *err);
/* is password the password of the account acting (s->user)? 0 yes; 401
 * login_failed when not (counted like a failed login), 429 while the
 * account must wait */
int svc_password_check(struct svc *s, const char *password, struct svc_error *err);

/* log in: on success token holds the new session's token (shown once),
 * *user the account as shown and *session the session record; 401
 * login_failed, 429 too_many_attempts (with the seconds in the detail) */
int svc_login(struct svc *s, const struct svc_login *in, char token[SVC_TOKEN_LEN], json_t **user,
	      json_t **session, struct svc_error *err);
/* the account and session a token opens, or 401 */
int svc_session(struct svc *s, const char *token, json_t **user, json_t **session, struct svc_error *err);
/* the CSRF token of a browser session: derived from its session token
 * (SHA-256 of "csrf:" and the token, hex), so that a page of another site,
 * which cannot read the HttpOnly cookie, cannot know it either */
void svc_csrf_token(const char *token, char out[65]);
/* end the session of a token */
int svc_logout(struct svc *s, const char *token, struct svc_error *err);

/* ---- AVG rights: access, erasure, research (service/avg.c) ------------- */

/*
 * Everything kring holds on the case request_id, as one object with its
 * keys sorted: generated_at, schema_version, the request, every record
 * under it (one array per table: network_members, conferences, plans,
 * plan_actions, verdicts, measures, follow_ups, costs, transitions, coordinator_choices) and
 * the access-log entries about it (access_log). Written to the access log
 * as an export. An account needs the regional manager's rule for the
 * case's region (policy OP_EXPORT): 403 or 404 otherwise.
 */
int svc_export_person(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err);

/* The cases due on today under p (closed more than their track's years
 * ago, not anonymised yet), by id: a new array of {id, track, closed_on,
 * years}. Reads only. */
int svc_retention_due(struct svc *s, const struct retention_policy *p, const char *today, json_t **out,
		      struct svc_error *err);
/* Anonymise the case request_id when it is still due (domain/retention.c):
 * every record of it in one transaction, each changed one with its version
 * raised, the request with anonymised_on = today, and one access-log entry
 * (update) by s. *done tells whether it was due. */
int svc_retention_apply(struct svc *s, const struct retention_policy *p, int64_t request_id, const char *today,
			bool *done, struct svc_error *err);
/* Forget the answers kept for Idempotency-Keys that disclose an anonymised
 * case; *removed counts them. */
int svc_retention_forget_answers(struct svc *s, int64_t *removed, struct svc_error *err);

/* the shortest research key accepted */
#define SVC_RESEARCH_KEY_MIN 32

struct svc_research {
	const char *key; /* the secret the pseudonyms are keyed with; never written out */
	size_t keylen;   /* at least SVC_RESEARCH_KEY_MIN */
	const char *from, *to; /* requested_on from and to (inclusive), YYYY-MM-DD */
	/* called with each case in id order, after its transaction committed;
	 * non-zero stops the export */
	int (*emit)(void *ctx, const json_t *line);
	void *ctx;
};

/*
 * The cases requested from r->from to r->to as research records: per case
 * one object {request, network_members, ..., transitions} holding only the
 * fields domain/retention.c keeps (no names, contact data, free text, ids
 * or times of writing), with HMAC-SHA-256(key, "request:ID") (and
 * "coordinator:ID", "network_member:ID") in hex for the references to
 * people. Each case is written to the access log as an export. *count
 * gets the number of cases.
 */
int svc_export_research(struct svc *s, const struct svc_research *r, int64_t *count, struct svc_error *err);

/* ---- cases in kring-case/1 (service/interchange.c, docs/import-format.md) -- */

/* where the cases of an import come from: a file (cli/cmd_import.c) or the
 * demo generator */
struct svc_case_source {
	/* the next case: 1 with *c (the caller of next owns it), 0 at the end,
	 * -1 when it cannot be read (err filled, naming the place) */
	int (*next)(void *ctx, json_t **c, struct svc_error *err);
	/* where the case last given was read, for messages ("line 17"), or NULL */
	const char *(*where)(void *ctx);
	void *ctx;
	/* called after every 1,000 cases with the number done, or NULL */
	void (*progress)(void *ctx, int64_t done);
};

struct svc_import_stats {
	int64_t created, updated;
};

/*
 * Import every case of src in one transaction: all or nothing. Each case is
 * checked against kring-case/1; the first bad one ends the import with 422
 * and a detail naming the place, the key and the reason ("line 17:
 * plan.actions[0].by: must be one of network, professional"), and nothing
 * is stored. A case whose ref is in the database already replaces that
 * case's content (the request's fields and every record under it; its
 * network only when the case names one); a ref twice in one file is
 * refused. Regions, organisations, funders, agreements and coordinators
 * named are made when missing. One access-log entry for the whole import.
 */
int svc_import_cases(struct svc *s, const struct svc_case_source *src, struct svc_import_stats *stats,
		     struct svc_error *err);

/* where exported cases go */
struct svc_case_sink {
	const char *from, *to; /* requested_on from and to (inclusive), YYYY-MM-DD; NULL: open */
	bool without_persons;  /* leave out main_persons and network */
	/* called with each case, in id order; non-zero stops the export */
	int (*emit)(void *ctx, const json_t *c);
	void *ctx;
};

/* The cases requested in the period as kring-case/1 objects, in id order,
 * read in one snapshot; one access-log entry (export) first. *count gets the
 * number of cases. */
int svc_export_cases(struct svc *s, const struct svc_case_sink *sink, int64_t *count, struct svc_error *err);

/* Import n generated cases (seed: the same seed, the same cases) spread
 * over the years up to last_year, through svc_import_cases; for `kring demo
 * --requests N` and the benchmark. */
int svc_demo_cases(struct svc *s, int64_t n, unsigned seed, int last_year,
		   void (*progress)(void *ctx, int64_t done), void *ctx, struct svc_import_stats *stats,
		   struct svc_error *err);

/* ---- funding (service/funding.c) ----------------------------------------- */

/*
 * The agreements that could pay for request_id (for its funding decision):
 * {request_id, requested_on, kind, track, options: [...], not_fitting:
 * [...]}. Each agreement with its funder, its tariff for the request's
 * kind, its budget, what it carries (committed_cents, cases), what is left
 * before and after this request (remaining_cents, remaining_after_cents,
 * conferences_left, conferences_left_after; null without a limit); those
 * not fitting with their reasons [{code, detail}]. The options come most
 * specific first (municipality, region), then by the end of their period.
 * Who may: whoever may decide the funding of the case (its region's
 * regional manager); written to the access log as a read of the case.
 */
int svc_funding_options(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err);

/*
 * The budgets of the agreements the account may see (funder_id: only that
 * funder's, 0: all): {items: [...], total}, each with budget, committed
 * (cases before their conference), spent (conference held), remaining,
 * conferences running, held, the most and those left, and warnings
 * [{code, detail}] when it runs low. Admin and managers of all regions see
 * every agreement, a regional manager those of their regions and those
 * for every region, a funder its own (403 for another funder_id); other
 * roles 403.
 */
int svc_budgets(struct svc *s, int64_t funder_id, json_t **out, struct svc_error *err);

/* ---- matching coordinators (service/matching.c) ------------------------- */

/*
 * The ranked shortlist of coordinators for request_id and every coordinator
 * the hard rules exclude, with the reasons (domain/matching.h; the answer's
 * shape is described in service/matching.c). Weights and the training
 * period are settings (match_weight_language, _gender, _background, _load,
 * _travel; training_current_months). Who may: whoever may assign the
 * case's coordinator (its region's regional manager); written to the
 * access log as a read of the case.
 */
int svc_match(struct svc *s, int64_t request_id, json_t **out, struct svc_error *err);

/*
 * A coordinator's availability: with unavailable NULL, *out is the
 * coordinator record; otherwise its list of periods unavailable
 * ("YYYY-MM-DD/YYYY-MM-DD") becomes unavailable, and nothing else of the
 * record changes (if_match: the version seen, or -1). Who may: the
 * coordinator whose record it is (policy OP_AVAILABILITY), the admin.
 */
int svc_availability(struct svc *s, int64_t coordinator_id, int64_t if_match, const json_t *unavailable,
		     json_t **out, struct svc_error *err);

/* ---- reports (service/reports.c) ---------------------------------------- */

/* what a report is asked for; NULL (year 0) when a filter is not given */
struct svc_report_params {
	const char *name;           /* "annual", "outcomes" or "costs" */
	const char *from, *to;      /* requested_on from and to (inclusive), YYYY-MM-DD */
	int year;                   /* a calendar year (annual: required) */
	const char *region;         /* a region's id or name */
	const char *funder;         /* a funder's id or name */
	const char *track;          /* one of the request's tracks */
	const char *unit_costs_json; /* the unit-costs document (costs); NULL: the shipped one */
	const char *unit_costs_file; /* the file it came from, named in the report; NULL: none */
};

/*
 * One report as a new JSON object (built in service/reports.c): report, filters,
 * population, suppressed and the report's own figures, every percentage as
 * {count, of, pct}. Computed in the database in one reading transaction.
 * Who may: commands (s->user NULL), admin and researcher everything; a
 * regional manager their regions only (403 for another region); a funder
 * the cases under its agreements, with counts below 5 suppressed; intake
 * and coordinators 403. 404 for an unknown name; 422 naming the field
 * (from, to, year, region, funder, track, unit_costs) for a bad filter.
 */
int svc_report(struct svc *s, const struct svc_report_params *p, json_t **out, struct svc_error *err);

/* the unit costs a server uses when a report is asked without its own
 * (kring serve: the setting unit_costs): the document's text and the file
 * it came from, checked and kept for the life of the process. 0, or -1
 * with the reason in msg. */
int svc_set_unit_costs(const char *json_text, const char *file, char *msg, size_t len);

/* ---- invoices to funders (service/invoices.c, docs/invoices.md) ---------- */

/*
 * Issue an invoice: input {funder_id, from, to, region_id?, issued_on?}.
 * One line per conference held from `from` to `to` (outcome plan or plan
 * without a meeting) of the requests under the funder's agreements (in
 * region_id when given), at the agreement's tariff for the request's kind,
 * that is on no invoice not credited. Numbered YYYY-NNNN per year of issue
 * without gaps. *out: the invoice with its lines (see svc_invoice_get).
 * 403 for roles that may not issue (domain/invoice.h), 403 for a region not
 * the account's, 422 naming the field for bad input, 422
 * nothing_to_invoice when no conference waits, 422 no_tariff when an
 * agreement gives no tariff for a kind.
 */
int svc_invoice_create(struct svc *s, const json_t *input, json_t **out, struct svc_error *err);
/* Credit the whole invoice id: input {reason, issued_on?}; *out the credit
 * note (lines negated, credits naming the invoice). 409 already_credited,
 * 409 not_an_invoice for a credit note, 404 outside the account's scope. */
int svc_invoice_credit(struct svc *s, int64_t id, const json_t *input, json_t **out, struct svc_error *err);
/* An invoice with its lines (by id), credited_by and credits (each {id,
 * number, issued_on} or null). 403 or 404 as domain/invoice.h says. */
int svc_invoice_get(struct svc *s, int64_t id, json_t **out, struct svc_error *err);
/* the id of the invoice numbered number, or 404 (commands) */
int svc_invoice_find(struct svc *s, const char *number, int64_t *id, struct svc_error *err);
/* one page of the invoices the account may read, by id: {items, next,
 * total}; filters funder_id, region_id, kind, number */
int svc_invoice_list(struct svc *s, const struct svc_list_params *p, json_t **out, struct svc_error *err);
/* the input of svc_invoice_create (credit false) or svc_invoice_credit,
 * declared like a record (for the API description) */
const struct entity *svc_invoice_input(bool credit);

#endif
