#ifndef KRING_WEB_PAGES_PAGES_H
#define KRING_WEB_PAGES_PAGES_H
/*
 * The HTML pages, one file per page group; web/router.c maps URLs to them.
 * route.arg is the entity (record pages) or the action name (lifecycle
 * actions). Forms post to the same URL they are shown at, or as noted.
 */
#include "web/http.h"

/* account.c: logging in and out, my account */
void page_login_get(struct http_req *req, struct http_resp *resp);       /* GET /login */
void page_login_post(struct http_req *req, struct http_resp *resp);      /* POST /login */
void page_logout(struct http_req *req, struct http_resp *resp);          /* POST /logout */
void page_account(struct http_req *req, struct http_resp *resp);         /* GET /account */
void page_account_settings(struct http_req *req, struct http_resp *resp); /* POST /account (name, language) */
void page_account_password(struct http_req *req, struct http_resp *resp); /* POST /account/password */
void page_account_factor(struct http_req *req, struct http_resp *resp);  /* POST /account/second-factor */

/* info.c: pages anyone may read */
void page_accessibility(struct http_req *req, struct http_resp *resp);   /* GET /accessibility */
void page_privacy(struct http_req *req, struct http_resp *resp);         /* GET /privacy */

/* home.c: the start page of each role */
void page_home(struct http_req *req, struct http_resp *resp);            /* GET / */

/* requests.c: finding cases, the request form */
void page_requests(struct http_req *req, struct http_resp *resp);        /* GET /requests */
void page_request_new(struct http_req *req, struct http_resp *resp);     /* GET /requests/new */
void page_request_create(struct http_req *req, struct http_resp *resp);  /* POST /requests */
void page_request_edit(struct http_req *req, struct http_resp *resp);    /* GET /requests/{id}/edit */
void page_request_update(struct http_req *req, struct http_resp *resp);  /* POST /requests/{id}/edit */

/* case.c: the case page, its lifecycle actions, the printable plan */
void page_case(struct http_req *req, struct http_resp *resp);            /* GET /requests/{id} */
void page_action_form(struct http_req *req, struct http_resp *resp);     /* GET /requests/{id}/ACTION */
void page_action_do(struct http_req *req, struct http_resp *resp);       /* POST /requests/{id}/ACTION */
void page_plan_print(struct http_req *req, struct http_resp *resp);      /* GET /requests/{id}/plan/print */

/* case_records.c: the records of a case (network, plan, conference, ...) */
void page_child_new(struct http_req *req, struct http_resp *resp);       /* GET /requests/{id}/CHILD/new */
void page_child_create(struct http_req *req, struct http_resp *resp);    /* POST /requests/{id}/CHILD */
void page_child_edit(struct http_req *req, struct http_resp *resp);      /* GET /CHILD/{id}/edit */
void page_child_update(struct http_req *req, struct http_resp *resp);    /* POST /CHILD/{id}/edit */
void page_child_delete(struct http_req *req, struct http_resp *resp);    /* POST /CHILD/{id}/delete */
void page_one_edit(struct http_req *req, struct http_resp *resp);        /* GET /requests/{id}/plan|conference/edit */
void page_one_save(struct http_req *req, struct http_resp *resp);        /* POST /requests/{id}/plan|conference/edit */

/* reports.c: the annual figures, outcomes and costs, with their charts and files */
void page_reports(struct http_req *req, struct http_resp *resp);         /* GET /reports */
void page_report(struct http_req *req, struct http_resp *resp);          /* GET /reports/NAME */

/* funding.c: the budgets of the agreements (and the funding decision's form, funding.h) */
void page_budgets(struct http_req *req, struct http_resp *resp);         /* GET /budgets */

/* invoices.c: invoices to funders, their files, credit notes */
void page_invoices(struct http_req *req, struct http_resp *resp);        /* GET /invoices */
void page_invoice_create(struct http_req *req, struct http_resp *resp);  /* POST /invoices */
void page_invoice(struct http_req *req, struct http_resp *resp);         /* GET /invoices/{id} (?format=pdf|xml) */
void page_invoice_credit_form(struct http_req *req, struct http_resp *resp); /* GET /invoices/{id}/credit */
void page_invoice_credit(struct http_req *req, struct http_resp *resp);  /* POST /invoices/{id}/credit */

/* matching.c: a coordinator's own availability (and the shortlist, matching.h) */
void page_availability(struct http_req *req, struct http_resp *resp);    /* GET /availability */
void page_availability_add(struct http_req *req, struct http_resp *resp); /* POST /availability */
void page_availability_remove(struct http_req *req, struct http_resp *resp); /* POST /availability/remove */

/* admin.c: reference data and accounts */
void page_admin(struct http_req *req, struct http_resp *resp);           /* GET /admin */
void page_ref_list(struct http_req *req, struct http_resp *resp);        /* GET /regions ... */
void page_ref_new(struct http_req *req, struct http_resp *resp);         /* GET /regions/new */
void page_ref_create(struct http_req *req, struct http_resp *resp);      /* POST /regions */
void page_ref_edit(struct http_req *req, struct http_resp *resp);        /* GET /regions/{id}/edit */
void page_ref_update(struct http_req *req, struct http_resp *resp);      /* POST /regions/{id}/edit */
void page_users(struct http_req *req, struct http_resp *resp);           /* GET /users */
void page_user_new(struct http_req *req, struct http_resp *resp);        /* GET /users/new */
void page_user_create(struct http_req *req, struct http_resp *resp);     /* POST /users */
void page_user_edit(struct http_req *req, struct http_resp *resp);       /* GET /users/{id}/edit */
void page_user_update(struct http_req *req, struct http_resp *resp);     /* POST /users/{id}/edit */

#endif
