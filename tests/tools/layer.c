/* layer.c: one layer of herald on its own, through herald.h alone: a layout filled with values, or Markdown made HTML. */
/*
 * usage: layer layout NAME
 *        layer markdown SITE FILE.md
 *
 * layer layout, run in a folder of layout cases (tests/layout/), fills
 * the layout NAME.html with the values of NAME.yaml and writes the page.
 * Every *.html of the folder and of its partials/ is given to the layout
 * engine under its own name (layouts_set), so cases may extend and
 * include each other; any other layout is herald's default.  Messages
 * name the layouts "layouts/NAME.html", as in a site.
 *
 * The values file is YAML whose top-level keys are the layout's scope
 * (page, site, home...).  A plain true or false is a boolean; a map of
 * the single key "html" is HTML ({html: "<p>Hi</p>"}, as rendered
 * Markdown is); null is the empty string; anything else is a string, a
 * list or a map.  The page is rendered at page.url (or "/"); a top-level
 * map "render" is not a value but the call's settings: url (the page's
 * site path) and absbase (the base URL that makes links absolute, as the
 * 404 page has).
 *
 * layer markdown loads the site SITE (site.yaml and content/, whose
 * documents are what ref: links can name), adds FILE.md to it as a page
 * whose whole text is the Markdown body (line 1 is the body's first
 * line), renders it as herald renders every document and writes its
 * HTML.  A file whose name starts with "briefing-" is a practitioner
 * briefing instead: its intro, then each section after a comment line
 * "<!-- section N: TITLE -->".  A name that starts with "unsafe-" renders
 * with unsafe_html: true.
 *
 * The output goes to standard output and herald's messages to standard
 * error.  Exits 0, 1 after errors, 2 on a usage error.
 */
#include <stdlib.h>
#include <string.h>

#include "herald.h"

static void
usage(void)
{
	fputs("usage: layer layout NAME\n"
	    "       layer markdown SITE FILE.md\n", stderr);
	exit(2);
}

/* Reads a file, or says why not and returns NULL. */
static char *
slurp(const char *path, size_t *len)
{
	char	*s;

	if ((s = read_file(path, len)) == NULL)
		perror(path);
	return s;
}

/* A value of the values file (see the comment at the top). */
static struct value *
to_value(struct arena *a, const struct ynode *y)
{
	struct value	*v;
	size_t		 i;

	switch (y->type) {
	case Y_SCALAR:
		if (y->plain && strcmp(y->str, "true") == 0)
			return v_bool(a, 1);
		if (y->plain && strcmp(y->str, "false") == 0)
			return v_bool(a, 0);
		return v_str(a, yscalar_null(y) ? "" : y->str);
	case Y_SEQ:
		v = v_list(a);
		for (i = 0; i < y->n; i++)
			v_add(a, v, to_value(a, y->items[i]));
		return v;
	case Y_MAP:
		if (y->n == 1 && strcmp(y->keys[0], "html") == 0 &&
		    y->items[0]->type == Y_SCALAR)
			return v_html(a, y->items[0]->str);
		v = v_map(a);
		for (i = 0; i < y->n; i++)
			v_set(a, v, y->keys[i], to_value(a, y->items[i]));
		return v;
	}
	abort();
}

/* A string setting of the values file's "render" map, or NULL. */
static const char *
setting(const struct ynode *render, const char *key)
{
	const struct ynode	*y;

	if (render == NULL || render->type != Y_MAP ||
	    (y = ymap_get(render, key, NULL)) == NULL || y->type != Y_SCALAR)
		return NULL;
	return y->str;
}

/* Gives every layout of the folder and of partials/ to L. */
static int
give_layouts(struct arena *a, struct layouts *L)
{
	struct vec	 files;
	const char	*rel, *slash;
	char		*text;
	size_t		 i, len, n;

	memset(&files, 0, sizeof(files));
	if (!list_files(a, ".", &files)) {
		perror("layer: cannot list the layouts");
		return 0;
	}
	for (i = 0; i < files.n; i++) {
		rel = files.v[i];
		n = strlen(rel);
		slash = strchr(rel, '/');
		if (n < 5 || strcmp(rel + n - 5, ".html") != 0 ||
		    (slash != NULL && (strncmp(rel, "partials/", 9) != 0 ||
		    strchr(rel + 9, '/') != NULL)))
			continue;
		if ((text = slurp(rel, &len)) == NULL)
			return 0;
		layouts_set(L, rel, text, len);
		free(text);
	}
	return 1;
}

static int
run_layout(const char *name)
{
	struct arena	 a = { 0 };
	struct diag	 d;
	struct layouts	*L;
	struct ynode	*y = NULL;
	struct value	*root;
	const struct value *url;
	const struct ynode *render = NULL;
	const char	*at = "/", *absbase = NULL;
	char		*path, *text, *html = NULL;
	size_t		 i, len;
	int		 ok;

	memset(&d, 0, sizeof(d));
	root = v_map(&a);
	path = aprintf(&a, "%s.yaml", name);
	if (is_file(path)) {
		if ((text = slurp(path, &len)) == NULL)
			goto out;
		y = yaml_load(&a, &d, path, astrndup(&a, text, len), len);
		free(text);
		if (y == NULL)
			goto out;
		if (y->type != Y_MAP) {
			diag(&d, LVL_ERROR, path, y->line, y->col, "the values "
			    "are a map: page, site, ...");
			goto out;
		}
		render = ymap_get(y, "render", NULL);
		for (i = 0; i < y->n; i++)
			if (strcmp(y->keys[i], "render") != 0)
				v_set(&a, root, y->keys[i],
				    to_value(&a, y->items[i]));
	}
	if ((url = v_get(v_get(root, "page"), "url")) != NULL &&
	    url->t == V_STR && url->s[0] == '/')
		at = url->s;
	if (setting(render, "url") != NULL)
		at = setting(render, "url");
	absbase = setting(render, "absbase");

	/* The site folder is "": layouts are "layouts/NAME.html". */
	L = layouts_load("", &d);
	if (give_layouts(&a, L))
		html = layout_render(L, &d, name, root, at, absbase, &len);
	if (html != NULL)
		fwrite(html, 1, len, stdout);
	free(html);
	layouts_free(L);
out:
	ok = html != NULL && d.errors == 0;
	arena_free(&a);
	diag_free(&d);
	return ok ? 0 : 1;
}

static int
run_markdown(const char *site, const char *file)
{
	struct site	 s;
	struct diag	 d;
	struct doc	*doc;
	const struct section *sec;
	const char	*base;
	char		*text = NULL;
	size_t		 len, i, n;
	int		 ok = 0;

	base = strrchr(file, '/') != NULL ? strrchr(file, '/') + 1 : file;
	n = strlen(base);
	if (n < 4 || strcmp(base + n - 3, ".md") != 0)
		usage();
	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	s.dir = site;
	s.today.y = 2026;
	s.today.m = 11;
	s.today.d = 22;
	markdown_init();
	if (!site_load(&s, &d, 1))
		goto out;
	if ((text = slurp(file, &len)) == NULL ||
	    !text_check(&d, file, text, len))
		goto out;
	doc = amalloc(&s.arena, sizeof(*doc));
	doc->type = strncmp(base, "briefing-", 9) == 0 ? T_BRIEFING : T_PAGE;
	doc->practitioner = doc->type == T_BRIEFING;
	doc->path = doc->file = file;
	doc->slug = doc->title = astrndup(&s.arena, base, n - 3);
	doc->body = text;
	doc->bodylen = len;
	doc->body_line = 1;
	s.unsafe_html = strncmp(base, "unsafe-", 7) == 0;
	vec_push(&s.arena, &s.docs[doc->type], doc);
	if (!site_link(&s, &d) || !markdown_doc(&s, &d, doc))
		goto out;
	if (doc->type != T_BRIEFING)
		fputs(doc->html, stdout);
	else {
		fputs(doc->intro, stdout);
		for (i = 0; i < doc->sections.n; i++) {
			sec = doc->sections.v[i];
			printf("<!-- section %d: %s -->\n%s%s", sec->number,
			    sec->title, sec->head, sec->html);
		}
	}
	ok = d.errors == 0;
out:
	site_free(&s);
	free(text);
	diag_free(&d);
	return ok ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	LIBXML_TEST_VERSION
	if (argc == 3 && strcmp(argv[1], "layout") == 0)
		return run_layout(argv[2]);
	if (argc == 4 && strcmp(argv[1], "markdown") == 0)
		return run_markdown(argv[2], argv[3]);
	usage();
	return 2;
}
