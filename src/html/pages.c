/* pages.c: every HTML page of the site, from the model through the layouts. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

/* What every page needs while rendering. */
struct pctx {
	struct site	*s;
	struct layouts	*L;
	struct diag	*d;
	struct output	*out;
	struct value	*site;		/* site values without nav */
	struct value	**items;	/* item value of each doc, by type */
	size_t		 total;		/* pages to write, for progress */
	pthread_mutex_t	 lock;		/* for sites and arena */
	uint64_t	 states[32];	/* nav states (each bit an item marked
					   current) whose site value is kept */
	struct value	*sites[32];	/* the values kept */
	size_t		 nsites;
	struct arena	 arena;		/* where those are made */
	int		 ok;
};

static const char *
format_text(enum format f)
{
	switch (f) {
	case F_CLASSROOM:
		return "Classroom";
	case F_ONLINE:
		return "Online";
	case F_ELEARNING:
		return "eLearning";
	default:
		return "";
	}
}

static const char *
hhmm(struct arena *a, int minutes)
{
	return aprintf(a, "%02d:%02d", minutes / 60, minutes % 60);
}

static const char *
audience_text(int aud)
{
	switch (aud) {
	case AUD_ADULTS:
		return "Adults";
	case AUD_CHILDREN:
		return "Children";
	case AUD_ADULTS | AUD_CHILDREN:
		return "Adults, Children";
	default:
		return "";
	}
}

static struct value *
theme_value(struct arena *a, const struct theme *t)
{
	struct value	*v = v_map(a);

	v_sets(a, v, "slug", t->slug);
	v_sets(a, v, "title", t->title);
	v_sets(a, v, "url", t->url);
	v_sets(a, v, "description", t->description != NULL ?
	    t->description : "");
	v_sets(a, v, "count", aprintf(a, "%zu", t->docs.n));
	return v;
}

static struct value *
session_value(struct arena *a, const struct session *se)
{
	struct value	*v = v_map(a);

	v_set(a, v, "date", v_date(a, &se->date));
	v_sets(a, v, "start", hhmm(a, se->start));
	v_sets(a, v, "end", hhmm(a, se->end));
	v_sets(a, v, "venue", se->venue);
	v_sets(a, v, "booking", se->booking);
	return v;
}

/* The values of a document shown in lists; built once per build. */
static struct value *
item_value(struct pctx *c, const struct doc *d)
{
	struct arena		*a = &c->s->arena;
	struct value		*v, *themes;
	const struct session	*next;
	size_t			 i;

	if (d->item != NULL)
		return d->item;
	v = v_map(a);
	v_sets(a, v, "title", d->title);
	v_sets(a, v, "url", d->url);
	v_sets(a, v, "slug", d->slug);
	v_sets(a, v, "summary", d->summary);
	v_set(a, v, "date", v_date(a, &d->date));
	v_set(a, v, "updated", v_date(a, &d->updated));
	v_sets(a, v, "type", type_name(d->type));
	v_sets(a, v, "type_text", type_text(d));
	themes = v_list(a);
	for (i = 0; i < d->themes.n; i++) {
		struct theme *th = d->themes.v[i];
		if (th->item == NULL)
			th->item = theme_value(a, th);
		v_add(a, themes, th->item);
	}
	v_set(a, v, "themes", themes);
	v_sets(a, v, "audience", audience_text(d->audience));
	v_sets(a, v, "format_text", format_text(d->format));
	v_set(a, v, "is_elearning", v_bool(a, d->format == F_ELEARNING));
	next = d->type == T_TRAINING ? next_session(c->s, d) : NULL;
	v_set(a, v, "next", next ? session_value(a, next) : v_str(a, ""));
	((struct doc *)d)->item = v;	/* made once, before the threads */
	return v;
}

static struct value *
items_value(struct pctx *c, struct arena *a, const struct vec *docs,
    size_t max)
{
	struct value	*l = v_list(a);
	size_t		 i;

	for (i = 0; i < docs->n && i < max; i++)
		v_add(a, l, item_value(c, docs->v[i]));
	return l;
}

static struct value *
crumb(struct arena *a, const char *title, const char *url)
{
	struct value	*v = v_map(a);

	v_sets(a, v, "title", title);
	v_sets(a, v, "url", url);
	return v;
}

/* Whether nav item n marks the page at url as in its section. */
static int
nav_current(const struct navitem *n, const char *url)
{
	if (n->section == NULL || url == NULL)
		return 0;
	return strcmp(n->section, "/") == 0 ? strcmp(url, "/") == 0 :
	    strncmp(url, n->section, strlen(n->section)) == 0;
}

/* The site's values for the page at url, made in a. */
static struct value *
site_state(struct pctx *c, struct arena *a, const char *url)
{
	struct value	*v = v_map(a), *nav = v_list(a), *ni;
	struct navitem	*n;
	size_t		 i;

	v_merge(a, v, c->site);
	for (i = 0; i < c->s->nav.n; i++) {
		n = c->s->nav.v[i];
		ni = v_map(a);
		v_sets(a, ni, "title", n->title);
		v_sets(a, ni, "url", n->url);
		v_set(a, ni, "current", v_bool(a, nav_current(n, url)));
		v_add(a, nav, ni);
	}
	v_set(a, v, "nav", nav);
	return v;
}

/*
 * The site's values for one page: nav marks the current section.  Pages
 * of one nav state share one value, made once: 2.2% of the pages stage's
 * instructions (callgrind, site1000) against making it for every page.
 */
static struct value *
site_value(struct pctx *c, struct arena *a, const char *url)
{
	struct value	*v = NULL;
	uint64_t	 state = 0;
	size_t		 i, n = c->s->nav.n;

	if (n > 64)
		return site_state(c, a, url);
	for (i = 0; i < n; i++)
		if (nav_current(c->s->nav.v[i], url))
			state |= (uint64_t)1 << i;
	pthread_mutex_lock(&c->lock);
	for (i = 0; i < c->nsites && v == NULL; i++)
		if (c->states[i] == state)
			v = c->sites[i];
	if (v == NULL && c->nsites < 32) {
		v = c->sites[c->nsites] = site_state(c, &c->arena, url);
		c->states[c->nsites++] = state;
	}
	pthread_mutex_unlock(&c->lock);
	return v != NULL ? v : site_state(c, a, url);
}

/* A page's own values, common to every kind of page. */
static struct value *
page_base(struct pctx *c, struct arena *a, const char *type,
    const char *title, const char *url)
{
	struct value	*p = v_map(a);

	v_sets(a, p, "title", title);
	v_sets(a, p, "head_title", strcmp(type, "home") == 0 ?
	    c->s->title : aprintf(a, "%s – %s", title, c->s->title));
	v_sets(a, p, "type", type);
	v_sets(a, p, "slug", "");
	v_sets(a, p, "url", url);
	v_sets(a, p, "summary", "");
	v_sets(a, p, "date", "");
	v_sets(a, p, "updated", "");
	v_set(a, p, "themes", v_list(a));
	v_sets(a, p, "audience", "");
	v_set(a, p, "content", v_html(a, ""));
	v_set(a, p, "breadcrumbs", v_list(a));
	v_sets(a, p, "feed", "");
	v_sets(a, p, "feed_title", "");
	v_set(a, p, "items", v_list(a));
	v_sets(a, p, "draft", "");
	v_sets(a, p, "scheduled", "");
	page_partner(c->s, a, p, NULL);		/* partner.c */
	return p;
}

/* The path of base_url ("/lscp/" of https://host/lscp/): the 404 page's
 * links start with it, so they work on any host that serves the site at
 * its path (a staging address, a local server). */
static const char *
root_path(struct arena *a, const char *base)
{
	const char	*p = strstr(base, "://");

	p = p != NULL ? strchr(p + 3, '/') : NULL;
	return p != NULL ? astrdup(a, p) : "/";
}

/* Renders a layout with site, page and home into path under the output,
 * through buf, the thread's buffer for pages. */
static void
emit(struct pctx *c, xmlBufferPtr buf, struct arena *a, const char *layout,
    struct value *page, struct value *home, const char *url,
    const char *file)
{
	struct value	*root = v_map(a);

	if (c->s->has_feeds) {
		/* The feed of the page's section, else the site's. */
		const char *feed = "/feed.xml", *title = c->s->title;
		int t;
		for (t = 0; t < T_COUNT; t++) {
			const struct ctype_info *ti = &ctypes[t];
			size_t l = strlen(ti->dir);
			if (ti->title != NULL &&
			    strncmp(url + 1, ti->dir, l) == 0 &&
			    url[l + 1] == '/') {
				feed = aprintf(a, "/%s/feed.xml", ti->dir);
				title = aprintf(a, "%s – %s", ti->title,
				    c->s->title);
			}
		}
		v_sets(a, page, "feed", feed);
		v_sets(a, page, "feed_title", title);
	}
	v_set(a, root, "site", site_value(c, a, url));
	v_set(a, root, "page", page);
	v_set(a, root, "home", home != NULL ? home : v_str(a, ""));
	if (!layout_fill(c->L, c->d, layout, root,
	    strcmp(file, "404.html") == 0 ? "/" : url,
	    strcmp(file, "404.html") == 0 ? root_path(a, c->s->base_url) :
	    NULL, buf)) {
		__atomic_store_n(&c->ok, 0, __ATOMIC_RELAXED);
		return;
	}
	int n = __atomic_add_fetch(&c->out->pages, 1, __ATOMIC_RELAXED);
	if (c->out->progress && c->total >= 500 && n % 100 == 0)
		fprintf(stderr, "\rbuilding pages: %d of %zu", n, c->total);
	if (c->out->verbose)
		printf("%s\n", file);
	if (!out_put(c->out, c->d, file,
	    (const char *)xmlBufferContent(buf),
	    (size_t)xmlBufferLength(buf)))
		__atomic_store_n(&c->ok, 0, __ATOMIC_RELAXED);
}

static const char *
out_file(struct arena *a, const char *url)
{
	return aprintf(a, "%sindex.html", url + 1);
}

static void
doc_page(struct pctx *c, xmlBufferPtr buf, struct doc *d)
{
	struct arena	 a = { 0 };
	struct value	*p, *item, *bc, *l, *sv;
	size_t		 i, k;
	const struct session *se;

	p = page_base(c, &a, type_name(d->type), d->title, d->url);
	item = item_value(c, d);
	v_merge(&a, p, item);
	page_partner(c->s, &a, p, d);
	v_set(&a, p, "content", v_html(&a, doc_html(&a, d)));
	bc = v_list(&a);
	v_add(&a, bc, crumb(&a, "Home", "/"));
	if (ctypes[d->type].title != NULL)
		v_add(&a, bc, crumb(&a, ctypes[d->type].title,
		    aprintf(&a, "/%s/", ctypes[d->type].dir)));
	v_set(&a, p, "breadcrumbs", bc);
	/* Marks only a preview can give: serve, --drafts, --future. */
	if (d->draft && c->s->drafts)
		v_set(&a, p, "draft", v_bool(&a, 1));
	if (c->s->future && d->date.y != 0 &&
	    date_cmp(&d->date, &c->s->today) > 0) {
		char	 when[32];

		date_text(&d->date, when);
		v_sets(&a, p, "scheduled", astrdup(&a, when));
	}

	switch (d->type) {
	case T_BRIEFING:
		v_sets(&a, p, "kind", d->practitioner ? "practitioner" :
		    "safer7");
		v_set(&a, p, "is_safer7", v_bool(&a, !d->practitioner));
		v_set(&a, p, "is_practitioner", v_bool(&a, d->practitioner));
		v_sets(&a, p, "kind_text", type_text(d));
		v_sets(&a, p, "review", d->review);
		if (d->pdf_bytes > 0) {
			v_sets(&a, p, "pdf_url", aprintf(&a, "/briefings/%s.pdf",
			    d->slug));
			v_sets(&a, p, "pdf_size", d->pdf_bytes < 1024 ?
			    aprintf(&a, "%zu bytes", d->pdf_bytes) :
			    aprintf(&a, "%zu KB", (d->pdf_bytes + 512) / 1024));
		} else {
			v_sets(&a, p, "pdf_url", "");
			v_sets(&a, p, "pdf_size", "");
		}
		v_set(&a, p, "intro", v_html(&a, d->intro));
		l = v_list(&a);
		for (i = 0; i < d->sections.n; i++) {
			const struct section *sec = d->sections.v[i];
			sv = v_map(&a);
			v_sets(&a, sv, "number", aprintf(&a, "%d",
			    sec->number));
			v_sets(&a, sv, "title", sec->title);
			v_set(&a, sv, "content", v_html(&a, sec->html));
			v_add(&a, l, sv);
		}
		v_set(&a, p, "sections", l);
		break;
	case T_BULLETIN:
		v_sets(&a, p, "theme", d->theme);
		for (k = 0; k < 2; k++) {
			const struct vec *refs = k ? &d->training :
			    &d->briefings;
			l = v_list(&a);
			for (i = 0; i < refs->n; i++)
				v_add(&a, l, item_value(c,
				    ((struct slugref *)refs->v[i])->doc));
			v_set(&a, p, k ? "training" : "briefings", l);
		}
		break;
	case T_NEWSLETTER:
		v_sets(&a, p, "issue", d->issue ? aprintf(&a, "Issue %ld",
		    d->issue) : "");
		break;
	case T_TRAINING:
		v_sets(&a, p, "format", d->format == F_CLASSROOM ?
		    "classroom" : d->format == F_ONLINE ? "online" :
		    "elearning");
		v_sets(&a, p, "provider", d->provider);
		v_sets(&a, p, "level", d->level);
		v_sets(&a, p, "duration", d->duration);
		v_sets(&a, p, "booking", d->booking);
		v_set(&a, p, "is_elearning", v_bool(&a,
		    d->format == F_ELEARNING));
		l = v_list(&a);
		for (i = 0; i < d->sessions.n; i++) {
			se = d->sessions.v[i];
			if (date_cmp(&se->date, &c->s->today) >= 0)
				v_add(&a, l, session_value(&a, se));
		}
		v_set(&a, p, "sessions", l);
		v_sets(&a, p, "ics_url", d->has_ics ? aprintf(&a,
		    "/training/%s.ics", d->slug) : "");
		break;
	case T_PAGE:
		v_sets(&a, p, "menu", d->menu ? aprintf(&a, "%ld", d->menu) :
		    "");
		break;
	default:
		break;
	}
	emit(c, buf, &a, type_name(d->type), p, NULL, d->url,
	    out_file(&a, d->url));
	arena_free(&a);
}

static void
list_page(struct pctx *c, xmlBufferPtr buf, enum ctype t)
{
	struct arena	 a = { 0 };
	struct value	*p, *bc;
	const char	*url;

	url = aprintf(&a, "/%s/", ctypes[t].dir);
	p = page_base(c, &a, "list", ctypes[t].title, url);
	v_set(&a, p, "items", items_value(c, &a, &c->s->docs[t], SIZE_MAX));
	bc = v_list(&a);
	v_add(&a, bc, crumb(&a, "Home", "/"));
	v_set(&a, p, "breadcrumbs", bc);
	emit(c, buf, &a, "list", p, NULL, url, out_file(&a, url));
	arena_free(&a);
}

/* Upcoming sessions of every course, soonest first. */
struct upcoming {
	const struct session	*se;
	const struct doc	*course;
};

static int
upcoming_cmp(const void *x, const void *y)
{
	const struct upcoming *a = x, *b = y;
	int	 r;

	if ((r = date_cmp(&a->se->date, &b->se->date)) != 0)
		return r;
	if (a->se->start != b->se->start)
		return a->se->start - b->se->start;
	return strcmp(a->course->title, b->course->title);
}

static struct upcoming *
upcoming_list(struct pctx *c, size_t *np)
{
	struct upcoming	*u = NULL;
	const struct doc *d;
	size_t		 i, j, n = 0, cap = 0;

	for (i = 0; i < c->s->docs[T_TRAINING].n; i++) {
		d = c->s->docs[T_TRAINING].v[i];
		for (j = 0; j < d->sessions.n; j++) {
			const struct session *se = d->sessions.v[j];
			if (date_cmp(&se->date, &c->s->today) < 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				u = xrealloc(u, cap * sizeof(*u));
			}
			u[n].se = se;
			u[n].course = d;
			n++;
		}
	}
	if (n > 1)
		qsort(u, n, sizeof(*u), upcoming_cmp);
	*np = n;
	return u;
}

static struct value *
upcoming_value(struct pctx *c, struct arena *a, const struct upcoming *u)
{
	struct value	*v = session_value(a, u->se);

	v_set(a, v, "course", item_value(c, u->course));
	return v;
}

static void
training_index(struct pctx *c, xmlBufferPtr buf)
{
	struct arena	 a = { 0 };
	struct value	*p, *bc, *ml, *m = NULL, *sl = NULL, *el;
	struct upcoming	*u;
	size_t		 n, i;
	int		 cy = 0, cm = 0;
	const struct doc *d;

	p = page_base(c, &a, "training-index", "Training", "/training/");
	bc = v_list(&a);
	v_add(&a, bc, crumb(&a, "Home", "/"));
	v_set(&a, p, "breadcrumbs", bc);
	u = upcoming_list(c, &n);
	ml = v_list(&a);
	for (i = 0; i < n; i++) {
		if (u[i].se->date.y != cy || u[i].se->date.m != cm) {
			cy = u[i].se->date.y;
			cm = u[i].se->date.m;
			m = v_map(&a);
			v_sets(&a, m, "title", aprintf(&a, "%s %d",
			    month_name(cm), cy));
			sl = v_list(&a);
			v_set(&a, m, "sessions", sl);
			v_add(&a, ml, m);
		}
		v_add(&a, sl, upcoming_value(c, &a, &u[i]));
	}
	free(u);
	v_set(&a, p, "months", ml);
	el = v_list(&a);
	for (i = 0; i < c->s->docs[T_TRAINING].n; i++) {
		d = c->s->docs[T_TRAINING].v[i];
		if (d->format == F_ELEARNING)
			v_add(&a, el, item_value(c, d));
	}
	v_set(&a, p, "elearning", el);
	v_set(&a, p, "items", items_value(c, &a, &c->s->docs[T_TRAINING],
	    SIZE_MAX));
	emit(c, buf, &a, "training-index", p, NULL, "/training/",
	    "training/index.html");
	arena_free(&a);
}

static void
home_page(struct pctx *c, xmlBufferPtr buf)
{
	struct arena	 a = { 0 };
	struct value	*p, *h, *tl;
	struct upcoming	*u;
	size_t		 n, i;
	const struct vec *v;

	p = page_base(c, &a, "home", c->s->title, "/");
	v_sets(&a, p, "summary", c->s->description);
	h = v_map(&a);
	v = &c->s->docs[T_BULLETIN];
	v_set(&a, h, "bulletin", v->n ? item_value(c, v->v[0]) :
	    v_str(&a, ""));
	v_set(&a, h, "briefings", items_value(c, &a,
	    &c->s->docs[T_BRIEFING], 4));
	v = &c->s->docs[T_NEWSLETTER];
	v_set(&a, h, "newsletter", v->n ? item_value(c, v->v[0]) :
	    v_str(&a, ""));
	u = upcoming_list(c, &n);
	tl = v_list(&a);
	for (i = 0; i < n && i < 5; i++)
		v_add(&a, tl, upcoming_value(c, &a, &u[i]));
	free(u);
	v_set(&a, h, "training", tl);
	emit(c, buf, &a, "home", p, h, "/", "index.html");
	arena_free(&a);
}

static void
themes_pages(struct pctx *c, xmlBufferPtr buf)
{
	struct arena	 a = { 0 };
	struct value	*p, *bc, *l;
	struct theme	*t;
	size_t		 i;

	p = page_base(c, &a, "themes", "Themes", "/themes/");
	bc = v_list(&a);
	v_add(&a, bc, crumb(&a, "Home", "/"));
	v_set(&a, p, "breadcrumbs", bc);
	l = v_list(&a);
	for (i = 0; i < c->s->themes.n; i++)
		v_add(&a, l, theme_value(&a, c->s->themes.v[i]));
	v_set(&a, p, "themes", l);
	emit(c, buf, &a, "themes", p, NULL, "/themes/", "themes/index.html");
	arena_free(&a);

	for (i = 0; i < c->s->themes.n; i++) {
		t = c->s->themes.v[i];
		p = page_base(c, &a, "theme", t->title, t->url);
		v_sets(&a, p, "slug", t->slug);
		if (t->description != NULL)
			v_sets(&a, p, "summary", t->description);
		bc = v_list(&a);
		v_add(&a, bc, crumb(&a, "Home", "/"));
		v_add(&a, bc, crumb(&a, "Themes", "/themes/"));
		v_set(&a, p, "breadcrumbs", bc);
		v_set(&a, p, "items", items_value(c, &a, &t->docs, SIZE_MAX));
		emit(c, buf, &a, "theme", p, NULL, t->url,
		    out_file(&a, t->url));
		arena_free(&a);
	}
}

static void
notfound_page(struct pctx *c, xmlBufferPtr buf)
{
	struct arena	 a = { 0 };
	struct value	*p;

	p = page_base(c, &a, "404", "Page not found", "/404.html");
	emit(c, buf, &a, "404", p, NULL, "/404.html", "404.html");
	arena_free(&a);
}

/* The search page; search.js fills it from search/index.js. */
static void
search_page(struct pctx *c, xmlBufferPtr buf)
{
	struct arena	 a = { 0 };
	struct value	*p, *bc;

	p = page_base(c, &a, "search", "Search", "/search/");
	bc = v_list(&a);
	v_add(&a, bc, crumb(&a, "Home", "/"));
	v_set(&a, p, "breadcrumbs", bc);
	emit(c, buf, &a, "search", p, NULL, "/search/", "search/index.html");
	arena_free(&a);
}

/* The pages, shared out among threads: first the pages made from the
 * whole site, then one for each document. */
struct docwork {
	struct pctx	*c;
	struct doc	**docs;		/* every document to render */
	struct jobs	 q;		/* 0: the site's pages; i: docs[i - 1] */
};

static void generated_pages(struct pctx *, xmlBufferPtr);

static void *
doc_worker(void *arg)
{
	struct docwork	*w = arg;
	xmlBufferPtr	 buf = bnew();	/* kept from page to page */
	size_t		 i;

	while (jobs_next(&w->q, &i)) {
		diag_key(i);
		if (i == 0)
			generated_pages(w->c, buf);
		else
			doc_page(w->c, buf, w->docs[i - 1]);
		if (!__atomic_load_n(&w->c->ok, __ATOMIC_RELAXED))
			jobs_stop(&w->q);
	}
	xmlBufferFree(buf);
	return NULL;
}

/*
 * Renders every document's page with out->jobs threads.  Everything the
 * threads share is made before they start and only read: the model, the
 * item values, the merged layouts.  Each page has its own arena and
 * buffers, and goes to its own file, so the output is the same whatever
 * the number of threads.
 */
static void
doc_pages(struct pctx *c)
{
	static const char *const others[] = { "home", "list",
	    "training-index", "themes", "theme", "404", "search" };
	struct docwork	 w;
	size_t		 i, k = 0;
	int		 t;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.q.n = 1;
	for (t = 0; t < T_COUNT; t++)
		w.q.n += c->s->docs[t].n;
	w.docs = xcalloc(w.q.n, sizeof(*w.docs));
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < c->s->docs[t].n; i++) {
			w.docs[k++] = c->s->docs[t].v[i];
			item_value(c, c->s->docs[t].v[i]);
		}
	for (t = 0; t < T_COUNT; t++)
		if (c->s->docs[t].n > 0 && !layout_ready(c->L, ctypes[t].name))
			c->ok = 0;
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if ((strcmp(others[i], "theme") != 0 || c->s->themes.n > 0) &&
		    (strcmp(others[i], "search") != 0 || c->s->has_search) &&
		    !layout_ready(c->L, others[i]))
			c->ok = 0;
	if (!c->ok) {
		free(w.docs);
		return;
	}
	/* Messages are kept in page order by the caller (run() in main.c),
	 * which may have other threads writing too. */
	jobs_run(c->d, c->out->jobs < 1 ? 1 : c->out->jobs, doc_worker, &w,
	    NULL, NULL);
	free(w.docs);
}

/* The pages made from the whole site rather than one document. */
static void
generated_pages(struct pctx *c, xmlBufferPtr buf)
{
	int	 t;

	home_page(c, buf);
	for (t = 0; t < T_COUNT; t++)
		if (ctypes[t].index_layout == NULL)
			continue;
		else if (strcmp(ctypes[t].index_layout, "list") == 0)
			list_page(c, buf, (enum ctype)t);
		else
			training_index(c, buf);
	themes_pages(c, buf);
	notfound_page(c, buf);
	if (c->s->has_search)
		search_page(c, buf);
}

/* Renders every page; returns 0 after reporting errors. */
int
pages_render(struct site *s, struct layouts *L, struct diag *d,
    struct output *out)
{
	struct pctx	 c;
	struct arena	*a = &s->arena;
	char		 year[8];
	int		 t;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.L = L;
	c.d = d;
	c.out = out;
	c.ok = 1;
	c.site = v_map(a);
	v_sets(a, c.site, "title", s->title);
	v_sets(a, c.site, "short_name", s->short_name);
	v_sets(a, c.site, "brand_css", s->brand_css != NULL ? s->brand_css :
	    "");
	v_sets(a, c.site, "description", s->description);
	v_sets(a, c.site, "email", s->email);
	v_sets(a, c.site, "language", s->language);
	v_sets(a, c.site, "base_url", s->base_url);
	v_sets(a, c.site, "logo", s->logo ? aprintf(a, "/media/%s", s->logo) :
	    "");
	v_set(a, c.site, "build_date", v_date(a, &s->today));
	snprintf(year, sizeof(year), "%d", s->today.y);
	v_sets(a, c.site, "year", astrdup(a, year));
	v_sets(a, c.site, "version", HERALD_VERSION);
	{
		struct doc *acc = site_find(s, T_PAGE, "accessibility");
		v_sets(a, c.site, "accessibility_url", acc ? acc->url : "");
	}
	v_sets(a, c.site, "feed_url", s->has_feeds ? "/feed.xml" : "");
	v_sets(a, c.site, "search_url", s->has_search ? "/search/" : "");
	v_sets(a, c.site, "calendar_url", s->has_calendar ?
	    "/training/calendar.ics" : "");
	site_partner(s, a, c.site);		/* partner.c */

	c.total = 9 + s->themes.n;
	for (t = 0; t < T_COUNT; t++)
		c.total += s->docs[t].n;
	if (pthread_mutex_init(&c.lock, NULL) != 0) {
		diag(c.d, LVL_ERROR, NULL, 0, 0, "cannot make a lock");
		return 0;
	}
	doc_pages(&c);
	pthread_mutex_destroy(&c.lock);
	arena_free(&c.arena);
	if (c.out->progress && c.total >= 500)
		fputs("\r\033[K", stderr);
	return c.ok;
}
