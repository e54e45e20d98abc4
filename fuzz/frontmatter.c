/* frontmatter.c: fuzzes a content file's text as load.c reads it: the
 * UTF-8 and NUL checks, the front matter split, YAML and the fields of
 * each content type, then the site's indexes and references. */
#include <string.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct site	 s;
	struct diag	 d;
	struct doc	*doc;
	int		 t, ok;

	/* The same text as each type of content. */
	for (t = 0; t < T_COUNT; t++) {
		fuzz_site(&s);
		memset(&d, 0, sizeof(d));
		d.silent = 1;
		doc = amalloc(&s.arena, sizeof(*doc));
		doc->type = (enum ctype)t;
		doc->path = doc->file = aprintf(&s.arena, "content/%s/fuzz.md",
		    ctypes[t].dir);
		doc->slug = "fuzz";
		ok = doc_load_text(&s, &d, doc, (const char *)data, size);
		site_adopt(&s, doc);
		fuzz_expect(ok, &d, "doc_load_text");
		if (ok) {
			vec_push(&s.arena, &s.docs[t], doc);
			fuzz_expect(site_link(&s, &d), &d, "site_link");
		}
		site_free(&s);
		diag_free(&d);
	}
	return 0;
}
