/* (to be written) */
#include "web/pages/pages.h"
#include "web/pages/page.h"

void page_child_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_child_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_child_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_child_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_child_delete(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_one_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_one_save(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}
