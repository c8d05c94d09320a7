/* (to be written) */
#include "web/pages/pages.h"
#include "web/pages/page.h"

void page_accessibility(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}

void page_privacy(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	if (page_begin_open(&p, req, resp) < 0)
		return;
	page_fail_key(&p, 404, "error.page_404");
	page_end(&p);
}
