#include "web/pages/case_file.h"

#include <string.h>

int case_file_load(struct page *p, int64_t id, struct case_file *c, struct svc_error *err)
{
	memset(c, 0, sizeof *c);
	c->id = id;
	if (svc_get(&p->svc, &ENTITY_REQUEST, id, &c->req, err) < 0)
		return -1;
	const json_t *u = p->svc.user;
	size_t i;
	json_t *v;
	c->pr.roles = p->roles;
	json_array_foreach(json_object_get(u, "region_ids"), i, v) {
		if (c->pr.nregions < CASE_FILE_MAX_REGIONS && json_is_integer(v))
			c->regions[c->pr.nregions++] = json_integer_value(v);
	}
	c->pr.region_ids = c->regions;
	c->pr.all_regions = json_is_true(json_object_get(u, "all_regions"));
	c->pr.coordinator_id = json_integer_value(json_object_get(u, "coordinator_id"));
	int st = state_from_name(json_string_value(json_object_get(c->req, "state")));
	c->state = st < 0 ? ST_REQUESTED : (enum state)st;
	c->facts.region_id = json_integer_value(json_object_get(c->req, "region_id"));
	c->facts.coordinator_id = json_integer_value(json_object_get(c->req, "coordinator_id"));
	c->facts.state = c->state;
	return 0;
}

int case_file_begin(struct page *p, struct http_req *req, struct http_resp *resp, struct case_file *c)
{
	struct svc_error err;
	if (page_begin(p, req, resp) < 0)
		return -1;
	if (case_file_load(p, req->ids[0], c, &err) < 0) {
		page_fail(p, &err);
		page_end(p);
		return -1;
	}
	return 0;
}

void case_file_release(struct case_file *c)
{
	json_decref(c->req);
	c->req = NULL;
}

bool case_file_may(const struct case_file *c, const struct page *p, enum op op, const struct entity *e,
		   enum action act)
{
	bool scoped = false;
	if (!p->svc.user)
		return true;
	return policy_allows(&c->pr, op, e, act, &c->facts, &scoped) >= 0;
}
