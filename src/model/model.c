/* model.c: the site model once loaded: indexes, references, order, navigation. */
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "herald.h"

/* Names pages cannot take: the site's own sections besides the types'. */
static const char *const section_names[] = {
	"themes", "search", "assets", "media", NULL
};

/* Whether a page called slug would take the place of a section. */
static int
section_taken(const char *slug)
{
	size_t	 k;
	int	 t;

	for (t = 0; t < T_COUNT; t++)
		if (ctypes[t].title != NULL && strcmp(slug, ctypes[t].dir) == 0)
			return 1;
	for (k = 0; section_names[k] != NULL; k++)
		if (strcmp(slug, section_names[k]) == 0)
			return 1;
	return 0;
}

struct doc *
site_find(const struct site *s, enum ctype t, const char *slug)
{
	return xmlHashLookup(s->slugs[t], (const xmlChar *)slug);
}

/* Newest first; then by title, so the order never depends on the disk. */
static int
doc_newest(const void *a, const void *b)
{
	const struct doc *x = *(const struct doc *const *)a;
	const struct doc *y = *(const struct doc *const *)b;
	int	 r;

	if ((r = date_cmp(&y->date, &x->date)) != 0)
		return r;
	if ((r = strcmp(x->title, y->title)) != 0)
		return r;
	return strcmp(x->slug, y->slug);
}

static int
doc_bytitle(const void *a, const void *b)
{
	const struct doc *x = *(const struct doc *const *)a;
	const struct doc *y = *(const struct doc *const *)b;
	int	 r;

	if (x->type == T_PAGE && x->menu != y->menu)
		return (int)((x->menu ? x->menu : 1 << 30) -
		    (y->menu ? y->menu : 1 << 30));
	if ((r = strcasecmp(x->title, y->title)) != 0)
		return r;
	return strcmp(x->slug, y->slug);
}

static void
add_theme(void *theme, void *site, const xmlChar *slug)
{
	struct site	*s = site;

	vec_push(&s->arena, &s->themes, theme);
}

static int
theme_cmp(const void *a, const void *b)
{
	const struct theme *x = *(const struct theme *const *)a;
	const struct theme *y = *(const struct theme *const *)b;

	return strcmp(x->slug, y->slug);
}

/*
 * Resolves the target of a "ref:" link (without "ref:") to a site path
 * in the arena, or NULL when it names nothing.
 */
const char *
ref_resolve(struct site *s, const char *target)
{
	const char	*hash, *slash;
	char		*name, *media, *frag = NULL;
	struct doc	*d;
	struct theme	*th;
	const char	*res = NULL;
	int		 t;

	if ((hash = strchr(target, '#')) != NULL) {
		frag = xstrdup(hash);
		name = xstrndup(target, (size_t)(hash - target));
	} else
		name = xstrdup(target);

	slash = strchr(name, '/');
	if (slash == NULL) {
		for (t = 0; t < T_COUNT; t++)
			if (ctypes[t].title != NULL &&
			    strcmp(name, ctypes[t].dir) == 0)
				res = aprintf(&s->arena, "/%s/", name);
		if (strcmp(name, "themes") == 0)
			res = "/themes/";
		goto out;
	}
	if (strncmp(name, "media/", 6) == 0) {
		media = xasprintf("%s/content/%s", s->dir, name);
		/* What site_load() listed, when it did: the files published. */
		if (s->mediaidx != NULL ? xmlHashLookup(s->mediaidx,
		    (const xmlChar *)name + 6) != NULL :
		    safe_relpath(name + 6) && is_plain_file(media))
			res = aprintf(&s->arena, "/%s", name);
		free(media);
		goto out;
	}
	if (strncmp(name, "themes/", 7) == 0) {
		th = xmlHashLookup(s->themeidx, (const xmlChar *)name + 7);
		if (th != NULL)
			res = th->url;
		goto out;
	}
	for (t = 0; t < T_COUNT; t++) {
		size_t l = strlen(ctypes[t].dir);
		if (strncmp(name, ctypes[t].dir, l) != 0 || name[l] != '/')
			continue;
		const char *slug = name + l + 1;
		size_t sl = strlen(slug);
		if (t == T_BRIEFING && sl > 4 &&
		    strcmp(slug + sl - 4, ".pdf") == 0) {
			char *base = xstrndup(slug, sl - 4);
			if ((d = site_find(s, T_BRIEFING, base)) != NULL)
				res = aprintf(&s->arena, "/briefings/%s.pdf",
				    base);
			free(base);
		} else if ((d = site_find(s, (enum ctype)t, slug)) != NULL)
			res = d->url;
		break;
	}
out:
	if (res != NULL && frag != NULL)
		res = aprintf(&s->arena, "%s%s", res, frag);
	free(name);
	free(frag);
	return res;
}

static void
link_slugrefs(struct site *s, struct diag *d, struct doc *doc,
    struct vec *refs, enum ctype t, int *ok)
{
	struct slugref	*r;
	const char	*later;
	size_t		 i;

	for (i = 0; i < refs->n; i++) {
		r = refs->v[i];
		if ((r->doc = site_find(s, t, r->slug)) != NULL)
			continue;
		if ((later = scheduled_text(s, t, r->slug)) != NULL) {
			diag(d, LVL_ERROR, doc->path, r->line, r->col,
			    "%s \"%s\" %s", ctypes[t].name, r->slug, later);
			*ok = 0;
			continue;
		}
		diag(d, LVL_ERROR, doc->path, r->line, r->col,
		    "unknown %s \"%s\": there is no content/%s/%s.md",
		    ctypes[t].name, r->slug, ctypes[t].dir, r->slug);
		*ok = 0;
	}
}

static void
nav_build(struct site *s, struct diag *d, int *ok)
{
	struct navitem	*ni;
	struct doc	*p;
	const char	*sitepath = NULL;
	size_t		 i, j;

	for (i = 0; i < s->navsrc.n; i++) {
		const struct ynode *e = s->navsrc.v[i];
		const struct ynode *t = ymap_get(e, "title", NULL);
		const struct ynode *u = ymap_get(e, "url", NULL);
		char *yfile = path_join(s->dir, "site.yaml");

		ni = amalloc(&s->arena, sizeof(*ni));
		ni->title = t->str;
		if (strncmp(u->str, "ref:", 4) == 0) {
			ni->url = ref_resolve(s, u->str + 4);
			if (ni->url == NULL) {
				diag(d, LVL_ERROR, yfile, u->line, u->col,
				    "broken reference \"%s\": nothing has "
				    "that name", u->str);
				*ok = 0;
			}
			ni->section = ni->url;
		} else if (u->str[0] == '/' && u->str[1] != '/') {
			ni->url = ni->section = u->str;
		} else if (strncmp(u->str, "https://", 8) == 0 ||
		    strncmp(u->str, "http://", 7) == 0) {
			ni->url = u->str;
		} else {
			diag(d, LVL_ERROR, yfile, u->line, u->col, "nav url "
			    "\"%s\" must be a ref: link, a site path starting "
			    "with /, or a web address starting with https://",
			    u->str);
			*ok = 0;
		}
		free(yfile);
		if (ni->url != NULL)
			vec_push(&s->arena, &s->nav, ni);
	}
	/* Then the menu: pages the nav does not link yet. */
	for (i = 0; i < s->docs[T_PAGE].n; i++) {
		p = s->docs[T_PAGE].v[i];
		if (p->menu == 0)
			continue;
		for (j = 0; j < s->nav.n; j++) {
			sitepath = ((struct navitem *)s->nav.v[j])->url;
			if (strcmp(sitepath, p->url) == 0)
				break;
		}
		if (j < s->nav.n)
			continue;
		ni = amalloc(&s->arena, sizeof(*ni));
		ni->title = p->title;
		ni->url = ni->section = p->url;
		vec_push(&s->arena, &s->nav, ni);
	}
}

/*
 * Gives every document its URL, indexes slugs, resolves the references
 * of front matter and navigation, and sorts everything.  Markdown is
 * rendered after this, as its ref: links need the indexes.
 */
int
site_link(struct site *s, struct diag *d)
{
	struct doc	*doc;
	struct theme	*th;
	size_t		 i, j;
	int		 t, ok = 1;

	for (t = 0; t < T_COUNT; t++) {
		/* Drafts left out of this build are gone from here on. */
		for (i = j = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			if (!doc->excluded)
				s->docs[t].v[j++] = doc;
			else if (doc->scheduled)
				vec_push(&s->arena, &s->later, doc);
		}
		s->docs[t].n = j;
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			/* Pages live at the top, the rest in their
			 * section. */
			if (ctypes[t].title == NULL)
				doc->url = aprintf(&s->arena, "/%s/",
				    doc->slug);
			else
				doc->url = aprintf(&s->arena, "/%s/%s/",
				    ctypes[t].dir, doc->slug);
			if (ctypes[t].title == NULL &&
			    section_taken(doc->slug)) {
				diag(d, LVL_ERROR, doc->path, 0, 0, "the page "
				    "name \"%s\" is taken by the site's %s "
				    "section: rename the file", doc->slug,
				    doc->slug);
				ok = 0;
			}
			/* Slugs are unique within a type (site_load() left
			 * out the duplicates), so the entry is new. */
			xmlHashAddEntry(s->slugs[t],
			    (const xmlChar *)doc->slug, doc);
		}
		if (s->docs[t].n > 1)
			qsort(s->docs[t].v, s->docs[t].n, sizeof(void *),
			    ctypes[t].by_title ? doc_bytitle : doc_newest);
	}
	for (i = 0; i < s->docs[T_BULLETIN].n; i++) {
		doc = s->docs[T_BULLETIN].v[i];
		link_slugrefs(s, d, doc, &doc->briefings, T_BRIEFING, &ok);
		link_slugrefs(s, d, doc, &doc->training, T_TRAINING, &ok);
	}

	/* Themes: every dated document, newest first, then the rest.  The
	 * files named them in no fixed order (threads load them). */
	s->themes.n = 0;
	xmlHashScan(s->themeidx, add_theme, s);
	if (s->themes.n > 1)
		qsort(s->themes.v, s->themes.n, sizeof(void *), theme_cmp);
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			for (j = 0; j < doc->themes.n; j++) {
				th = doc->themes.v[j];
				vec_push(&s->arena, &th->docs, doc);
			}
		}
	for (i = 0; i < s->themes.n; i++) {
		th = s->themes.v[i];
		if (th->docs.n > 1)
			qsort(th->docs.v, th->docs.n, sizeof(void *),
			    doc_newest);
	}
	nav_build(s, d, &ok);
	if (!partner_link(s, d))
		ok = 0;
	return ok;
}

/* The line in doc's file of node n of its Markdown; inline nodes carry
 * no line, so theirs is their block's. */
int
doc_line(const struct doc *doc, struct cmark_node *n)
{
	while (n != NULL && cmark_node_get_start_line(n) == 0)
		n = cmark_node_parent(n);
	return doc->body_line + (n ? cmark_node_get_start_line(n) : 1) - 1;
}

/* The first session on or after the build date, or NULL. */
const struct session *
next_session(const struct site *s, const struct doc *doc)
{
	const struct session	*se;
	size_t			 i;

	for (i = 0; i < doc->sessions.n; i++) {
		se = doc->sessions.v[i];
		if (date_cmp(&se->date, &s->today) >= 0)
			return se;
	}
	return NULL;
}

/* A copy of the site for a worker thread: the same model, only read,
 * and an arena of its own (caller hands it back to site_threads). */
struct site *
site_thread_copy(const struct site *s)
{
	struct site	*ts;

	ts = xmalloc(sizeof(*ts));
	*ts = *s;
	ts->arena.head = NULL;
	ts->arena.spare = NULL;
	return ts;
}

/* Hands a worker's copy of the site (site_thread_copy) back: its arena
 * joins the site's. */
static void
site_thread_done(void *site, void *copy)
{
	struct site	*s = site, *ts = copy;

	arena_merge(&s->arena, &ts->arena);
	free(ts);
}

/*
 * Runs work(arg) on jobs threads of the pool (jobs_run), this one among
 * them.  Each returns its copy of the site (site_thread_copy), whose
 * arena joins the site's when it ends, in the order the threads started.
 */
void
site_threads(struct site *s, struct diag *d, int jobs,
    void *(*work)(void *), void *arg)
{
	jobs_run(d, jobs, work, arg, site_thread_done, s);
}

void
site_drop_sources(struct site *s)
{
	struct doc	*doc;
	size_t		 i;

	for (i = 0; i < s->sources.n; i++) {
		doc = s->sources.v[i];
		free(doc->source);
		doc->source = NULL;
		doc->body = NULL;
		doc->bodylen = 0;
	}
	s->sources.n = 0;
}

void
site_free(struct site *s)
{
	int	 t;

	site_drop_sources(s);
	for (t = 0; t < T_COUNT; t++)
		if (s->slugs[t] != NULL)
			xmlHashFree(s->slugs[t], NULL);
	if (s->themeidx != NULL)
		xmlHashFree(s->themeidx, NULL);
	if (s->mediaidx != NULL)
		xmlHashFree(s->mediaidx, NULL);
	free(s->realdir);
	arena_free(&s->arena);
}
