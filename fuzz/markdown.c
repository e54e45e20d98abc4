/* markdown.c: fuzzes a Markdown body: rendered by markdown_doc (ref:
 * links, depth check, briefing sections), then every page of a site of
 * one document built through the default layouts, written nowhere.
 *
 * The first byte chooses the document: bits 0-1 a page, a practitioner
 * briefing, a seven-minute briefing or a newsletter; bit 2 sets
 * unsafe_html.  The rest is the body.
 *
 * Without unsafe_html, the document's page must hold no script of the
 * content's: no event handler attribute, no script element but the
 * layout's (with a relative src), no frame or object, and no link or
 * source whose scheme is not http(s), mailto or tel (data:image/ in an
 * img). */
#include <strings.h>
#include <string.h>

#include <libxml/HTMLparser.h>

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

static void
unsafe(const char *what, const char *name)
{
	fprintf(stderr, "unsafe markup in the page: %s %s\n", what, name);
	abort();
}

/* Whether a URL attribute's value may be a link: a relative URL, or
 * one of the schemes herald lets through. */
static int
safe_url(const char *el, const char *attr, const char *v)
{
	const char	*p;

	/* Browsers skip leading spaces and controls. */
	while (*v != '\0' && (unsigned char)*v <= 0x20)
		v++;
	for (p = v; *p != '\0' && *p != ':'; p++)
		if (*p == '/' || *p == '?' || *p == '#')
			return 1;
	if (*p == '\0')
		return 1;
	if (strncasecmp(v, "http:", 5) == 0 ||
	    strncasecmp(v, "https:", 6) == 0 ||
	    strncasecmp(v, "mailto:", 7) == 0 || strncasecmp(v, "tel:", 4) == 0)
		return 1;
	return strcmp(el, "img") == 0 && strcmp(attr, "src") == 0 &&
	    strncasecmp(v, "data:image/", 11) == 0;
}

static void
check_tree(xmlNodePtr n)
{
	static const char *const banned[] = { "iframe", "frame", "frameset",
	    "object", "embed", "applet", "form", "base", NULL };
	static const char *const urls[] = { "href", "src", "action",
	    "formaction", "poster", "xlink:href", "data", "srcset", NULL };
	xmlAttrPtr	 a;
	xmlChar		*v;
	const char	*name;
	size_t		 i;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		name = (const char *)n->name;
		for (i = 0; banned[i] != NULL; i++)
			if (strcasecmp(name, banned[i]) == 0)
				unsafe("element", name);
		if (strcasecmp(name, "script") == 0) {
			v = xmlGetProp(n, BAD_CAST "src");
			if (v == NULL || strchr((const char *)v, ':') != NULL ||
			    n->children != NULL)
				unsafe("element", name);
			xmlFree(v);
		}
		for (a = n->properties; a != NULL; a = a->next) {
			const char *an = (const char *)a->name;
			if (strncasecmp(an, "on", 2) == 0 ||
			    strcasecmp(an, "srcdoc") == 0)
				unsafe("attribute", an);
			for (i = 0; urls[i] != NULL; i++)
				if (strcasecmp(an, urls[i]) == 0)
					break;
			if (urls[i] == NULL)
				continue;
			v = xmlNodeListGetString(n->doc, a->children, 1);
			if (v != NULL && !safe_url(name, an, (const char *)v))
				unsafe("link", (const char *)v);
			xmlFree(v);
		}
		check_tree(n->children);
	}
}

/* Reads the document's page from the output and checks it. */
static void
check_page(const char *outdir, const struct doc *doc)
{
	htmlDocPtr	 h;
	char		*rel, *path, *html;
	size_t		 len;

	rel = xasprintf("%sindex.html", doc->url + 1);
	path = path_join(outdir, rel);
	if ((html = read_file(path, &len)) == NULL) {
		fprintf(stderr, "%s was not written\n", rel);
		abort();
	}
	h = htmlReadMemory(html, (int)len, NULL, "UTF-8", HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (h == NULL)
		abort();
	check_tree(xmlDocGetRootElement(h));
	xmlFreeDoc(h);
	free(html);
	free(path);
	free(rel);
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
	    ctypes[doc->type].dir);
	doc->slug = "fuzz";
	vec_push(&s.arena, &s.docs[doc->type], doc);

	ok = doc_load_text(&s, &d, doc, text, hl + size - 1);
	site_adopt(&s, doc);
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
		out.dir = fuzz_outdir();
		out.write = 1;
		ok = pages_render(&s, layouts, &d, &out);
		/* The default layouts never fail on any content. */
		if (!ok || layouts_diag.errors > 0 || d.errors > 0) {
			fprintf(stderr, "the default layouts failed\n");
			abort();
		}
		if (!s.unsafe_html)
			check_page(out.dir, doc);
	}
	site_free(&s);
	diag_free(&d);
	return 0;
}
