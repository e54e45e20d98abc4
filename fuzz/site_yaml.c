/* site_yaml.c: fuzzes site.yaml as load.c reads it: the UTF-8 and NUL
 * checks, YAML, every setting, then the navigation's references. */
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
	int		 ok;

	fuzz_site(&s);
	memset(&d, 0, sizeof(d));
	d.silent = 1;
	/* One page and one briefing for ref: links in nav to find. */
	doc = amalloc(&s.arena, sizeof(*doc));
	doc->type = T_PAGE;
	doc->path = doc->file = "content/pages/about.md";
	doc->slug = "about";
	doc->title = "About";
	doc->menu = 1;
	vec_push(&s.arena, &s.docs[T_PAGE], doc);
	doc = amalloc(&s.arena, sizeof(*doc));
	doc->type = T_BRIEFING;
	doc->path = doc->file = "content/briefings/neglect.md";
	doc->slug = "neglect";
	doc->title = "Neglect";
	doc->date.y = 2024;
	doc->date.m = doc->date.d = 1;
	vec_push(&s.arena, &s.docs[T_BRIEFING], doc);

	ok = site_load_text(&s, &d, "site.yaml", (const char *)data, size);
	fuzz_expect(ok, &d, "site_load_text");
	if (ok)
		fuzz_expect(site_link(&s, &d), &d, "site_link");
	site_free(&s);
	diag_free(&d);
	return 0;
}
