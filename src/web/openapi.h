#ifndef KRING_WEB_OPENAPI_H
#define KRING_WEB_OPENAPI_H
/* The API description (OpenAPI 3.1 as YAML), derived from the data model,
 * the lifecycle actions' inputs and the route table. */
#include "util/buf.h"

int openapi_write(struct buf *out);

#endif
