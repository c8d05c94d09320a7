#ifndef KRING_DOMAIN_MODEL_H
#define KRING_DOMAIN_MODEL_H
/*
 * The data model, declared once. Every record kind (entity) lists its fields
 * with type and constraints; validation, storage, the JSON API and the API
 * description are derived from these tables. Pure data, no I/O.
 *
 * Every entity also has the system fields id, version, created_at and
 * updated_at, which are not listed here and are never accepted from input.
 * Column names equal field names; table names are the entity's table.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
	FT_TEXT,      /* UTF-8 string, 1..max code points */
	FT_INT,       /* integer in [min,max] */
	FT_CENTS,     /* money in integer euro cents, in [min,max] */
	FT_BOOL,
	FT_DATE,      /* YYYY-MM-DD, a date that exists */
	FT_TIME,      /* HH:MM */
	FT_ENUM,      /* one of values[] */
	FT_REF,       /* id (integer) of a record of entity ref */
	FT_LANG,      /* language code: 2 or 3 lowercase letters (ISO 639) */
	FT_TEXT_LIST, /* array of FT_TEXT items, at most max_items */
	FT_ENUM_LIST, /* array of distinct values[] items */
	FT_LANG_LIST, /* array of distinct language codes */
	FT_REF_LIST,  /* array of distinct ids of entity ref */
	FT_TIMESTAMP, /* YYYY-MM-DDTHH:MM:SSZ, system-set only */
};

/* field flags */
enum {
	F_REQUIRED = 1 << 0, /* must be present (and not null) on create */
	F_SYSTEM = 1 << 1,   /* set by kring (transitions), never from input */
	F_FILTER = 1 << 2,   /* usable as an equality filter on lists */
	F_PARENT = 1 << 3,   /* the link to the owning request; from the URL */
	F_IMMUTABLE = 1 << 4, /* accepted on create, refused on update */
	F_SEARCH = 1 << 5,   /* lists find a part of its text: NAME_contains (TEXT, TEXT_LIST) */
};

struct field {
	const char *name;
	enum field_type type;
	unsigned flags;
	int64_t min, max;            /* INT/CENTS range; TEXT max code points (min ignored) */
	const char *const *values;   /* ENUM/ENUM_LIST: NULL-terminated */
	const char *ref;             /* REF/REF_LIST: entity name */
	int max_items;               /* *_LIST: maximum number of items */
	const char *dflt;            /* default on create as JSON text, or NULL */
	const char *doc;             /* one line for the API description */
};

/* entity flags */
enum {
	E_NO_CREATE = 1 << 0,  /* created by transitions only (no POST) */
	E_NO_UPDATE = 1 << 1,  /* never changed once written (no PATCH) */
	E_DELETABLE = 1 << 2,  /* DELETE allowed */
	E_ONE_PER_PARENT = 1 << 3, /* at most one per request */
	E_INTERNAL = 1 << 4,   /* kring's own (accounts, sessions): no generic API */
};

struct entity {
	const char *name;     /* "network_member" */
	const char *table;    /* "network_members" */
	const char *path;     /* URL segment: "network-members" */
	const char *title;    /* for documentation: "Network member" */
	const struct field *fields;
	size_t nfields;
	unsigned flags;
};

extern const struct entity *const model_entities[];
extern const size_t model_nentities;

extern const struct entity ENTITY_REGION, ENTITY_ORGANISATION, ENTITY_FUNDER,
	ENTITY_AGREEMENT, ENTITY_COORDINATOR, ENTITY_REQUEST,
	ENTITY_NETWORK_MEMBER, ENTITY_CONFERENCE, ENTITY_PLAN,
	ENTITY_PLAN_ACTION, ENTITY_VERDICT, ENTITY_MEASURE, ENTITY_FOLLOW_UP,
	ENTITY_COST, ENTITY_TRANSITION, ENTITY_COORDINATOR_CHOICE, ENTITY_USER, ENTITY_SESSION, ENTITY_LOGIN_THROTTLE,
	ENTITY_INVOICE, ENTITY_INVOICE_LINE, ENTITY_INVOICE_COUNTER;

/* enum value lists shared between entities and the lifecycle */
extern const char *const ENUM_KIND[];
extern const char *const ENUM_TRACK[];
extern const char *const ENUM_TOPIC[];
extern const char *const ENUM_STOP_REASON[];
extern const char *const ENUM_OUTCOME[];
extern const char *const ENUM_FUNDING_SOURCE[];
extern const char *const ENUM_STATE[];
extern const char *const ENUM_USER_ROLE[];
/* and those the interchange format kring-case/1 names (domain/interchange.c) */
extern const char *const ENUM_REFERRER_TYPE[];
extern const char *const ENUM_ROLE[];
extern const char *const ENUM_BY[];
extern const char *const ENUM_MEASURE[];
extern const char *const ENUM_AT_REQUEST[];
extern const char *const ENUM_AT_FOLLOW_UP[];
extern const char *const ENUM_SITUATION[];

const struct entity *model_entity(const char *name);
const struct entity *model_entity_by_path(const char *path);
const struct field *model_field(const struct entity *e, const char *name);
/* the parent field (F_PARENT) or NULL for top-level entities */
const struct field *model_parent(const struct entity *e);
/* index of v in a NULL-terminated list, or -1 */
int model_enum_index(const char *const *values, const char *v);

#endif
