/* layout.c: fuzzes a layout file: the bytes are layouts/page.html, given
 * from memory, filled with a fixed set of values (every value
 * docs/layouts.md lists) and serialised, as a page and as the 404 page
 * with absolute links.  A line "--- partial" splits off the rest as
 * layouts/partials/fuzz.html.  The other layouts are the defaults. */
#include <string.h>

#include "fuzz.h"

/* The values, built once. */
static struct arena	 arena;
static struct value	*root;

static struct value *
date_value(int y, int m, int d)
{
	struct date	 dt = { y, m, d };

	return v_date(&arena, &dt);
}

static struct value *
theme(const char *slug, const char *title)
{
	struct value	*v = v_map(&arena);

	v_sets(&arena, v, "slug", slug);
	v_sets(&arena, v, "title", title);
	v_sets(&arena, v, "url", aprintf(&arena, "/themes/%s/", slug));
	v_sets(&arena, v, "count", "2");
	return v;
}

static struct value *
session(int day)
{
	struct value	*v = v_map(&arena);

	v_set(&arena, v, "date", date_value(2026, 12, day));
	v_sets(&arena, v, "start", "10:00");
	v_sets(&arena, v, "end", "12:30");
	v_sets(&arena, v, "venue", "Town Hall & <Annexe>");
	v_sets(&arena, v, "booking", "https://example.org/book?a=1&b=\"2\"");
	return v;
}

static struct value *
item(const char *type, const char *slug, int training)
{
	struct value	*v = v_map(&arena), *l = v_list(&arena);

	v_sets(&arena, v, "title", aprintf(&arena, "The %s \"%s\" & <b>",
	    type, slug));
	v_sets(&arena, v, "url", aprintf(&arena, "/%ss/%s/", type, slug));
	v_sets(&arena, v, "slug", slug);
	v_sets(&arena, v, "summary", "A summary with ]]> and <script>.");
	v_set(&arena, v, "date", date_value(2024, 5, 1));
	v_set(&arena, v, "updated", v_str(&arena, ""));
	v_sets(&arena, v, "type", type);
	v_sets(&arena, v, "type_text", "Learning bulletin");
	v_add(&arena, l, theme("neglect", "Neglect"));
	v_set(&arena, v, "themes", l);
	v_sets(&arena, v, "audience", "Adults, Children");
	v_sets(&arena, v, "format_text", training ? "Classroom" : "");
	v_set(&arena, v, "is_elearning", v_bool(&arena, 0));
	v_set(&arena, v, "next", training ? session(3) : v_str(&arena, ""));
	return v;
}

static struct value *
list_of(struct value *a, struct value *b)
{
	struct value	*l = v_list(&arena);

	v_add(&arena, l, a);
	if (b != NULL)
		v_add(&arena, l, b);
	return l;
}

static struct value *
crumb(const char *title, const char *url)
{
	struct value	*v = v_map(&arena);

	v_sets(&arena, v, "title", title);
	v_sets(&arena, v, "url", url);
	return v;
}

static void
build_values(void)
{
	struct value	*site, *page, *home, *nav, *l, *m, *sec, *up;
	int		 i;

	site = v_map(&arena);
	v_sets(&arena, site, "title", "Anytown & District <Safeguarding>");
	v_sets(&arena, site, "short_name", "ADSP");
	v_sets(&arena, site, "description", "Learning \"from\" reviews");
	v_sets(&arena, site, "email", "learning@example.org");
	v_sets(&arena, site, "language", "en-GB");
	v_sets(&arena, site, "base_url", "https://example.org/learning/");
	v_sets(&arena, site, "logo", "/media/logo.png");
	nav = v_list(&arena);
	for (i = 0; i < 3; i++) {
		m = crumb(i == 0 ? "Briefings" : i == 1 ? "Training" : "Elsewhere",
		    i == 0 ? "/briefings/" : i == 1 ? "/training/" :
		    "https://example.com/x?y=1");
		v_set(&arena, m, "current", v_bool(&arena, i == 0));
		v_add(&arena, nav, m);
	}
	v_set(&arena, site, "nav", nav);
	v_set(&arena, site, "build_date", date_value(2026, 11, 22));
	v_sets(&arena, site, "year", "2026");
	v_sets(&arena, site, "version", HERALD_VERSION);
	v_sets(&arena, site, "accessibility_url", "/accessibility/");
	v_sets(&arena, site, "feed_url", "/feed.xml");
	v_sets(&arena, site, "calendar_url", "/training/calendar.ics");
	v_sets(&arena, site, "search_url", "");

	page = v_map(&arena);
	v_sets(&arena, page, "title", "Fuzz <page> & \"title\"");
	v_sets(&arena, page, "head_title", "Fuzz page – Anytown");
	v_sets(&arena, page, "type", "briefing");
	v_sets(&arena, page, "slug", "fuzz");
	v_sets(&arena, page, "url", "/briefings/fuzz/");
	v_sets(&arena, page, "summary", "The summary.");
	v_set(&arena, page, "date", date_value(2024, 2, 29));
	v_set(&arena, page, "updated", date_value(2024, 3, 1));
	v_set(&arena, page, "themes", list_of(theme("neglect", "Neglect"),
	    theme("self-neglect", "Self neglect")));
	v_sets(&arena, page, "audience", "Adults");
	v_set(&arena, page, "content", v_html(&arena, "<p>Body <a href=\""
	    "/media/leaflet.pdf\">link</a> &amp; <em>more</em></p>\n"
	    "<ul><li>one</li></ul><pre>  code\n</pre>"));
	v_set(&arena, page, "breadcrumbs", list_of(crumb("Home", "/"),
	    crumb("Briefings", "/briefings/")));
	v_sets(&arena, page, "feed", "/briefings/feed.xml");
	v_sets(&arena, page, "feed_title", "Briefings – Anytown");
	v_set(&arena, page, "items", list_of(item("briefing", "one", 0),
	    item("training", "two", 1)));
	v_sets(&arena, page, "kind", "safer7");
	v_set(&arena, page, "is_safer7", v_bool(&arena, 1));
	v_set(&arena, page, "is_practitioner", v_bool(&arena, 0));
	v_sets(&arena, page, "kind_text", "Seven-minute briefing");
	v_sets(&arena, page, "review", "Local review");
	v_sets(&arena, page, "pdf_url", "/briefings/fuzz.pdf");
	v_sets(&arena, page, "pdf_size", "48 KB");
	v_set(&arena, page, "intro", v_html(&arena, "<p>Intro.</p>"));
	l = v_list(&arena);
	for (i = 1; i <= 7; i++) {
		sec = v_map(&arena);
		v_sets(&arena, sec, "number", aprintf(&arena, "%d", i));
		v_sets(&arena, sec, "title", aprintf(&arena, "Panel %d", i));
		v_set(&arena, sec, "content", v_html(&arena, "<p>Text</p>"));
		v_add(&arena, l, sec);
	}
	v_set(&arena, page, "sections", l);
	v_sets(&arena, page, "theme", "Our roles");
	v_set(&arena, page, "briefings", list_of(item("briefing", "b", 0),
	    NULL));
	v_set(&arena, page, "training", list_of(item("training", "t", 1),
	    NULL));
	v_sets(&arena, page, "issue", "Issue 12");
	v_sets(&arena, page, "format", "classroom");
	v_sets(&arena, page, "format_text", "Classroom");
	v_sets(&arena, page, "provider", "");
	v_sets(&arena, page, "level", "Level 2");
	v_sets(&arena, page, "duration", "2 hours");
	v_sets(&arena, page, "booking", "");
	v_set(&arena, page, "is_elearning", v_bool(&arena, 0));
	v_set(&arena, page, "sessions", list_of(session(1), session(2)));
	v_sets(&arena, page, "ics_url", "/training/fuzz.ics");
	v_sets(&arena, page, "menu", "1");
	m = v_map(&arena);
	v_sets(&arena, m, "title", "December 2026");
	up = session(4);
	v_set(&arena, up, "course", item("training", "t", 1));
	v_set(&arena, m, "sessions", list_of(up, NULL));
	v_set(&arena, page, "months", list_of(m, NULL));
	v_set(&arena, page, "elearning", v_list(&arena));

	home = v_map(&arena);
	v_set(&arena, home, "bulletin", item("bulletin", "may", 0));
	v_set(&arena, home, "newsletter", v_str(&arena, ""));
	v_set(&arena, home, "briefings", list_of(item("briefing", "a", 0),
	    item("briefing", "b", 0)));
	v_set(&arena, home, "training", list_of(up, NULL));

	root = v_map(&arena);
	v_set(&arena, root, "site", site);
	v_set(&arena, root, "page", page);
	v_set(&arena, root, "home", home);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	build_values();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char mark[] = "\n--- partial\n";
	struct layouts	*L;
	struct diag	 d;
	const char	*text = (const char *)data, *split;
	char		*html;
	size_t		 len, plen = size;

	memset(&d, 0, sizeof(d));
	d.silent = 1;
	L = layouts_load(fuzz_sitedir(), &d);
	split = memmem(text, size, mark, sizeof(mark) - 1);
	if (split != NULL) {
		plen = (size_t)(split - text);
		split += sizeof(mark) - 1;
		layouts_set(L, "partials/fuzz.html", split,
		    size - (size_t)(split - text));
	}
	layouts_set(L, "page.html", text, plen);
	html = layout_render(L, &d, "page", root, "/briefings/fuzz/", NULL,
	    &len);
	fuzz_expect(html != NULL, &d, "layout_render");
	free(html);
	if (d.errors == 0) {
		html = layout_render(L, &d, "page", root, "/",
		    "https://example.org/learning/", &len);
		fuzz_expect(html != NULL, &d, "layout_render (404)");
		free(html);
	}
	layouts_free(L);
	diag_free(&d);
	return 0;
}
