/* markdown.c: fuzzes a Markdown body: rendered by markdown_doc (ref:
 * links, depth check, briefing sections), then every page of a site of
 * one document built through the default layouts, written nowhere.
 *
 * The first byte chooses the document: bits 0-1 a page, a practitioner
 * briefing, a seven-minute briefing or a newsletter; bit 2 sets
 * unsafe_html.  The rest is the body. */
#include <string.h>

#include "fuzz.h"

/* The default layouts, parsed once for every input. */
static struct layouts	*layouts;
static struct diag	 layouts_diag;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	layouts_diag.silent = 1;
	/* The scratch site has no layouts/: the defaults are used. */
	layouts = layouts_load(fuzz_sitedir(), &layouts_diag);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const heads[] = {
		"---\ntitle: Fuzz page\nmenu: 1\nthemes: [neglect]\n---\n",
		"---\ntitle: Fuzz briefing\ndate: 2024-05-01\n"
		    "kind: practitioner\nthemes: [neglect]\n---\n",
		"---\ntitle: Fuzz briefing\ndate: 2024-05-01\n"
		    "themes: [neglect]\n---\n",
		"---\ntitle: Fuzz newsletter\ndate: 2024-05-01\nissue: 3\n"
		    "themes: [neglect]\n---\n",
	};
	static const enum ctype types[] = { T_PAGE, T_BRIEFING, T_BRIEFING,
	    T_NEWSLETTER };
	struct site	 s;
	struct diag	 d;
	struct doc	*doc;
	struct output	 out;
	const char	*head;
	char		*text;
	size_t		 hl;
	int		 sel, ok;

	if (size < 1)
		return 0;
	sel = data[0];
	head = heads[sel & 3];
	hl = strlen(head);
	text = xmalloc(hl + size - 1);
	memcpy(text, head, hl);
	memcpy(text + hl, data + 1, size - 1);

	fuzz_site(&s);
	s.title = "Fuzz Partnership";
	s.short_name = "FP";
	s.base_url = "https://example.org/learning/";
	s.language = "en-GB";
	s.timezone = "Europe/London";
	s.unsafe_html = (sel & 4) != 0;
	memset(&d, 0, sizeof(d));
	d.silent = 1;
	doc = amalloc(&s.arena, sizeof(*doc));
	doc->type = types[sel & 3];
	doc->path = doc->file = aprintf(&s.arena, "content/%s/fuzz.md",
	    type_dirs[doc->type]);
	doc->slug = "fuzz";
	vec_push(&s.arena, &s.docs[doc->type], doc);

	ok = doc_load_text(&s, &d, doc, text, hl + size - 1);
	free(text);
	/* The body is any bytes: only text_check may refuse it. */
	fuzz_expect(ok, &d, "doc_load_text");
	if (ok) {
		fuzz_expect(site_link(&s, &d), &d, "site_link");
		ok = markdown_doc(&s, &d, doc);
		fuzz_expect(ok, &d, "markdown_doc");
	}
	if (ok) {
		memset(&out, 0, sizeof(out));
		ok = pages_render(&s, layouts, &d, &out);
		/* The default layouts never fail on any content. */
		if (!ok || layouts_diag.errors > 0 || d.errors > 0) {
			fprintf(stderr, "the default layouts failed\n");
			abort();
		}
	}
	site_free(&s);
	diag_free(&d);
	return 0;
}
