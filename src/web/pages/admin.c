/* (to be written) */
#include "web/pages/pages.h"
#include "web/pages/page.h"

void page_admin(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_ref_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_ref_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_ref_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_ref_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_ref_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_users(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_user_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_user_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_user_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_user_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}
