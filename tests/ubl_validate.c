/*
 * ubl_validate FILE...: validates UBL 2.1 documents (an Invoice or a
 * CreditNote, chosen by the root element) against the OASIS schema with
 * libxml2 (xmlSchemaValidateDoc), for the invoice tests (python3 has no XML
 * schema validator here).
 *
 * The schema is found at $KRING_UBL_SCHEMA_DIR (only there, when it is
 * set), else ../shared/schemas/ubl-2.1 from the repository root (given at
 * build time), else /work/shared/schemas/ubl-2.1. Exit 0: every file valid; 1: a file invalid
 * (the errors on stderr); 77: skipped, because the schema is absent (said
 * on stdout, with where it looked); 2: usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#ifndef KRING_SOURCE_ROOT
#define KRING_SOURCE_ROOT "."
#endif

/* the schema directory, or NULL; tried names go into tried */
static const char *schema_dir(char *buf, size_t len, char *tried, size_t tlen)
{
	const char *env = getenv("KRING_UBL_SCHEMA_DIR");
	const char *candidates[3] = { env && *env ? env : NULL, NULL, "/work/shared/schemas/ubl-2.1" };
	char rel[4096];
	snprintf(rel, sizeof rel, "%s/../shared/schemas/ubl-2.1", KRING_SOURCE_ROOT);
	/* a directory named in the environment is the only one looked in */
	if (!candidates[0])
		candidates[1] = rel;
	else
		candidates[2] = NULL;
	tried[0] = '\0';
	for (size_t i = 0; i < 3; i++) {
		if (!candidates[i])
			continue;
		char probe[4200];
		snprintf(probe, sizeof probe, "%s/xsd/maindoc/UBL-Invoice-2.1.xsd", candidates[i]);
		size_t used = strlen(tried);
		snprintf(tried + used, tlen - used, "%s%s", used ? ", " : "", candidates[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(buf, len, "%s", candidates[i]);
			return buf;
		}
	}
	return NULL;
}

static xmlSchemaPtr load_schema(const char *dir, const char *doc)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/xsd/maindoc/UBL-%s-2.1.xsd", dir, doc);
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
	if (!pc)
		return NULL;
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!schema)
		fprintf(stderr, "ubl_validate: cannot read the schema %s\n", path);
	return schema;
}

int main(int argc, char **argv)
{
	char dir[4096], tried[8192];
	if (argc < 2) {
		fprintf(stderr, "usage: ubl_validate FILE...\n");
		return 2;
	}
	if (!schema_dir(dir, sizeof dir, tried, sizeof tried)) {
		printf("SKIPPED: the UBL 2.1 schema is absent (looked in %s); set KRING_UBL_SCHEMA_DIR\n", tried);
		return 77;
	}
	xmlSchemaPtr schemas[2] = { load_schema(dir, "Invoice"), load_schema(dir, "CreditNote") };
	int bad = !schemas[0] || !schemas[1];
	for (int i = 1; i < argc && !bad; i++) {
		xmlDocPtr doc = xmlReadFile(argv[i], NULL, XML_PARSE_NONET);
		if (!doc) {
			fprintf(stderr, "ubl_validate: %s is not well-formed XML\n", argv[i]);
			bad = 1;
			break;
		}
		xmlNodePtr root = xmlDocGetRootElement(doc);
		int credit = root && xmlStrcmp(root->name, BAD_CAST "CreditNote") == 0;
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schemas[credit]);
		int rc = vc ? xmlSchemaValidateDoc(vc, doc) : -1;
		if (rc != 0) {
			fprintf(stderr, "ubl_validate: %s is not a valid UBL 2.1 %s\n", argv[i], credit ? "CreditNote" : "Invoice");
			bad = 1;
		} else {
			printf("%s: valid UBL 2.1 %s (schema %s)\n", argv[i], credit ? "CreditNote" : "Invoice", dir);
		}
		xmlSchemaFreeValidCtxt(vc);
		xmlFreeDoc(doc);
	}
	for (size_t i = 0; i < 2; i++)
		xmlSchemaFree(schemas[i]);
	xmlCleanupParser();
	return bad ? 1 : 0;
}
