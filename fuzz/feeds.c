/* feeds.c: fuzzes the RSS feeds and the sitemap: the bytes as a content
 * file of each dated type (and training), loaded, linked and rendered as
 * a build does, then feeds_write(); every file it writes must be
 * well-formed XML, whatever the content. */
#include <string.h>

#include <libxml/parser.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

/* Parses an XML file the feeds wrote; stops the run when it is not
 * well-formed. */
static void
check_xml(const char *dir, const char *rel)
{
	xmlDocPtr	 doc;
	char		*path;

	path = path_join(dir, rel);
	if (!is_file(path)) {
		fprintf(stderr, "%s was not written\n", rel);
		abort();
	}
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	if (doc == NULL) {
		fprintf(stderr, "%s is not well-formed XML\n", rel);
		abort();
	}
	xmlFreeDoc(doc);
	free(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ctype types[] = { T_BRIEFING, T_BULLETIN,
	    T_NEWSLETTER, T_TRAINING };
	struct site	 s;
	struct diag	 d;
	struct output	 out;
	size_t		 i;
	int		 ok;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		fuzz_site(&s);
		fuzz_settings(&s);
		memset(&d, 0, sizeof(d));
		d.silent = 1;
		if (fuzz_content(&s, &d, types[i], data, size) != NULL) {
			memset(&out, 0, sizeof(out));
			out.dir = fuzz_outdir();
			out.write = 1;
			ok = feeds_write(&s, &d, &out);
			fuzz_expect(ok, &d, "feeds_write");
			if (ok) {
				check_xml(out.dir, "feed.xml");
				check_xml(out.dir, "sitemap.xml");
				check_xml(out.dir, aprintf(&s.arena,
				    "%s/feed.xml", ctypes[types[i]].dir));
			}
		}
		site_free(&s);
		diag_free(&d);
	}
	return 0;
}
