/* validate.c: front matter and site.yaml checked field by field into the model. */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

#include "herald.h"

/* What a field holds. */
enum fkind {
	K_TEXT,		/* one line or paragraph of text */
	K_DATE,		/* YYYY-MM-DD */
	K_BOOL,		/* true or false */
	K_INT,		/* a positive whole number */
	K_THEMES,	/* list of theme slugs */
	K_AUDIENCE,	/* subset of [adults, children] */
	K_SLUGS,	/* list of slugs of other content */
	K_KIND,		/* safer7 or practitioner */
	K_FORMAT,	/* classroom, online or elearning */
	K_URL,		/* http(s) URL */
	K_SESSIONS	/* list of training sessions */
};

#define TB	(1 << T_BRIEFING)
#define TU	(1 << T_BULLETIN)
#define TN	(1 << T_NEWSLETTER)
#define TT	(1 << T_TRAINING)
#define TP	(1 << T_PAGE)
#define TALL	(TB | TU | TN | TT | TP)

struct field {
	const char	*name;
	int		 types;		/* T* bits of the types that have it */
	enum fkind	 kind;
};

static const struct field fields[] = {
	{ "title",	TALL,	K_TEXT },
	{ "date",	TALL,	K_DATE },
	{ "updated",	TALL,	K_DATE },
	{ "summary",	TALL,	K_TEXT },
	{ "themes",	TALL,	K_THEMES },
	{ "audience",	TALL,	K_AUDIENCE },
	{ "draft",	TALL,	K_BOOL },
	{ "kind",	TB,	K_KIND },
	{ "review",	TB,	K_TEXT },
	{ "theme",	TU,	K_TEXT },
	{ "briefings",	TU,	K_SLUGS },
	{ "training",	TU,	K_SLUGS },
	{ "issue",	TN,	K_INT },
	{ "format",	TT,	K_FORMAT },
	{ "provider",	TT,	K_TEXT },
	{ "level",	TT,	K_TEXT },
	{ "duration",	TT,	K_TEXT },
	{ "sessions",	TT,	K_SESSIONS },
	{ "booking",	TT,	K_URL },
	{ "menu",	TP,	K_INT },
};

static const char *const session_fields[] = {
	"date", "start", "end", "venue", "booking", NULL
};

static const char *const site_field_names[] = {
	"title", "short_name", "base_url", "language", "description",
	"email", "logo", "timezone", "nav", "unsafe_html", NULL
};

static const char *const kind_words[] = {
	[Y_SCALAR] = "text", [Y_SEQ] = "a list", [Y_MAP] = "a set of fields"
};

/* Checking context: which file, for messages. */
struct vctx {
	struct site	*site;
	struct diag	*d;
	const char	*file;
	int		 ok;
};

static void __attribute__((format(printf, 3, 4)))
verr(struct vctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	va_end(ap);
	diag(c->d, LVL_ERROR, c->file, n->line, n->col, "%s", msg);
	free(msg);
	c->ok = 0;
}

/* Warns about an unknown field, suggesting the nearest known one. */
static void
unknown_field(struct vctx *c, const char *key, int line, int col,
    const char *const *names, size_t nnames)
{
	const char	*best = NULL;
	size_t		 i;
	int		 dist, bestd = 99, limit;

	limit = strlen(key) <= 4 ? 1 : 2;
	for (i = 0; i < nnames; i++) {
		dist = edit_distance(key, names[i]);
		if (dist < bestd) {
			bestd = dist;
			best = names[i];
		}
	}
	if (best != NULL && bestd <= limit)
		diag(c->d, LVL_WARNING, c->file, line, col,
		    "unknown field \"%s\" (did you mean \"%s\"?)", key, best);
	else
		diag(c->d, LVL_WARNING, c->file, line, col,
		    "unknown field \"%s\"", key);
}

/* ---- scalars ---- */

/* Text of a scalar field; NULL (with an error) for a list or mapping,
 * NULL (quietly) for an empty value. */
static const char *
get_text(struct vctx *c, const char *name, const struct ynode *n)
{
	if (n->type != Y_SCALAR) {
		verr(c, n, "field \"%s\" must be text, not %s", name,
		    kind_words[n->type]);
		return NULL;
	}
	if (yscalar_null(n))
		return NULL;
	/* Copied: a content file's tree is freed once it is read. */
	return astrdup(&c->site->arena, n->str);
}

int
parse_date(const char *s, struct date *dt)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	int	 i, y, m, d, dim;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (!isdigit((unsigned char)s[i]))
			return -1;
	}
	if (s[10] != '\0')
		return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || d < 1)
		return 0;
	dim = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		dim = 29;
	if (d > dim)
		return 0;
	dt->y = y;
	dt->m = m;
	dt->d = d;
	return 1;
}

static int
get_date(struct vctx *c, const char *name, const struct ynode *n,
    struct date *dt)
{
	const char	*s;
	int		 r;

	if (n->type != Y_SCALAR) {
		verr(c, n, "field \"%s\" must be a date like 2024-03-31, not "
		    "%s", name, kind_words[n->type]);
		return 0;
	}
	if ((s = get_text(c, name, n)) == NULL) {
		verr(c, n, "field \"%s\" is empty: give a date like "
		    "2024-03-31", name);
		return 0;
	}
	r = parse_date(s, dt);
	if (r == -1) {
		verr(c, n, "field \"%s\" must be a date like 2024-03-31, "
		    "not \"%s\"", name, s);
		return 0;
	}
	if (r == 0) {
		verr(c, n, "\"%s\" is not a real date (field \"%s\")", s,
		    name);
		return 0;
	}
	return 1;
}

static int
get_bool(struct vctx *c, const char *name, const struct ynode *n, int *b)
{
	if (n->type == Y_SCALAR && strcmp(n->str, "true") == 0) {
		*b = 1;
		return 1;
	}
	if (n->type == Y_SCALAR && strcmp(n->str, "false") == 0) {
		*b = 0;
		return 1;
	}
	verr(c, n, "field \"%s\" must be true or false", name);
	return 0;
}

static int
get_int(struct vctx *c, const char *name, const struct ynode *n, long *v)
{
	const char	*s;
	char		*end;

	if ((s = get_text(c, name, n)) == NULL) {
		if (n->type == Y_SCALAR)
			verr(c, n, "field \"%s\" is empty: give a whole "
			    "number", name);
		return 0;
	}
	*v = strtol(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end != '\0' || *v < 1 ||
	    *v > 1000000) {
		verr(c, n, "field \"%s\" must be a whole number from 1, "
		    "not \"%s\"", name, s);
		return 0;
	}
	return 1;
}

/* An absolute http or https URL with a host. */
static int
http_url(const char *s)
{
	xmlURIPtr	 u;
	int		 ok;

	if ((u = xmlParseURI(s)) == NULL)
		return 0;
	ok = u->scheme != NULL && u->server != NULL && u->server[0] != '\0' &&
	    (strcmp(u->scheme, "http") == 0 || strcmp(u->scheme, "https") == 0)
	    && strchr(s, ' ') == NULL;
	xmlFreeURI(u);
	return ok;
}

static const char *
get_url(struct vctx *c, const char *name, const struct ynode *n)
{
	const char	*s;

	if ((s = get_text(c, name, n)) == NULL) {
		if (n->type == Y_SCALAR)
			verr(c, n, "field \"%s\" is empty: give a web address "
			    "starting with https://", name);
		return NULL;
	}
	if (!http_url(s)) {
		verr(c, n, "field \"%s\" must be a web address starting with "
		    "http:// or https://, not \"%s\"", name, s);
		return NULL;
	}
	return s;
}

/* Minutes after midnight of "HH:MM", or -1. */
static int
parse_time(const char *s)
{
	int	 h, m;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]) || s[5] != '\0')
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	m = (s[3] - '0') * 10 + s[4] - '0';
	if (h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

/* ---- lists ---- */

static const struct ynode *
get_list(struct vctx *c, const char *name, const struct ynode *n,
    const char *example)
{
	if (n->type == Y_SCALAR && yscalar_null(n))
		return NULL;
	if (n->type != Y_SEQ) {
		verr(c, n, "field \"%s\" must be a list, like %s", name,
		    example);
		return NULL;
	}
	return n;
}

static struct theme *
theme_find(struct site *s, const char *slug)
{
	struct theme	*t;
	char		*title;

	t = xmlHashLookup(s->themeidx, (const xmlChar *)slug);
	if (t != NULL)
		return t;
	t = amalloc(&s->arena, sizeof(*t));
	t->slug = astrdup(&s->arena, slug);
	title = astrdup(&s->arena, slug);
	title[0] = (char)toupper((unsigned char)title[0]);
	for (char *p = title; *p != '\0'; p++)
		if (*p == '-')
			*p = ' ';
	t->title = title;
	t->url = aprintf(&s->arena, "/themes/%s/", slug);
	if (xmlHashAddEntry(s->themeidx, (const xmlChar *)t->slug, t) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	return t;	/* site_load() lists the themes when done */
}

/* The theme of that slug, made when new.  Threads loading files share
 * the themes under the site's lock; the order they come in does not
 * matter, as site_link() sorts them. */
static struct theme *
theme_get(struct site *s, const char *slug)
{
	struct theme	*t;

	if (s->lock == NULL)
		return theme_find(s, slug);
	pthread_mutex_lock(s->lock);
	t = theme_find(s, slug);
	pthread_mutex_unlock(s->lock);
	return t;
}

static void
get_themes(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *it;
	size_t			 i, j;
	struct theme		*t;

	if ((l = get_list(c, "themes", n, "[neglect, self-neglect]")) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (it->type != Y_SCALAR || yscalar_null(it)) {
			verr(c, it, "each theme must be a name like "
			    "self-neglect");
			continue;
		}
		if (!valid_slug(it->str)) {
			verr(c, it, "theme \"%s\" must be written in lower-case "
			    "letters, digits and hyphens, like "
			    "\"professional-curiosity\"", it->str);
			continue;
		}
		t = theme_get(c->site, it->str);
		for (j = 0; j < doc->themes.n; j++)
			if (doc->themes.v[j] == t)
				break;
		if (j == doc->themes.n)
			vec_push(&c->site->arena, &doc->themes, t);
	}
}

static void
get_audience(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *it;
	size_t			 i;

	if ((l = get_list(c, "audience", n, "[adults, children]")) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (it->type == Y_SCALAR && strcmp(it->str, "adults") == 0)
			doc->audience |= AUD_ADULTS;
		else if (it->type == Y_SCALAR &&
		    strcmp(it->str, "children") == 0)
			doc->audience |= AUD_CHILDREN;
		else
			verr(c, it, "audience must be adults or children, not "
			    "\"%s\"", it->type == Y_SCALAR ? it->str :
			    kind_words[it->type]);
	}
}

static void
get_slugs(struct vctx *c, const char *name, const struct ynode *n,
    struct vec *out)
{
	const struct ynode	*l, *it;
	struct slugref		*r;
	size_t			 i;

	if ((l = get_list(c, name, n, "[neglect, professional-curiosity]"))
	    == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (it->type != Y_SCALAR || yscalar_null(it)) {
			verr(c, it, "each item of \"%s\" must be the name of "
			    "a file without .md", name);
			continue;
		}
		r = amalloc(&c->site->arena, sizeof(*r));
		r->slug = astrdup(&c->site->arena, it->str);
		r->line = it->line;
		r->col = it->col;
		vec_push(&c->site->arena, out, r);
	}
}

static int
session_cmp(const void *a, const void *b)
{
	const struct session *x = *(const struct session *const *)a;
	const struct session *y = *(const struct session *const *)b;
	int	 r;

	if ((r = date_cmp(&x->date, &y->date)) != 0)
		return r;
	return x->start - y->start;
}

static void
get_sessions(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *m, *v;
	struct session		*s;
	const char		*t;
	size_t			 i, k;
	int			 ok;

	if ((l = get_list(c, "sessions", n,
	    "[{date: 2024-03-31, start: \"10:00\", end: \"12:00\", ...}]"))
	    == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		m = l->items[i];
		if (m->type != Y_MAP) {
			verr(c, m, "each session must have date, start, end, "
			    "venue and booking fields");
			continue;
		}
		s = amalloc(&c->site->arena, sizeof(*s));
		s->line = m->line;
		s->start = s->end = -1;
		ok = 1;
		for (k = 0; k < m->n; k++) {
			const char *key = m->keys[k];
			size_t j;
			for (j = 0; session_fields[j] != NULL; j++)
				if (strcmp(key, session_fields[j]) == 0)
					break;
			if (session_fields[j] == NULL)
				unknown_field(c, key, m->klines[k],
				    m->kcols[k], session_fields, 5);
		}
		if ((v = ymap_get(m, "date", NULL)) == NULL) {
			verr(c, m, "this session has no \"date\"");
			ok = 0;
		} else if (!get_date(c, "date", v, &s->date))
			ok = 0;
		for (k = 0; k < 2; k++) {
			const char *name = k == 0 ? "start" : "end";
			int *tp = k == 0 ? &s->start : &s->end;
			if ((v = ymap_get(m, name, NULL)) == NULL) {
				verr(c, m, "this session has no \"%s\" time, "
				    "like \"10:00\"", name);
				ok = 0;
				continue;
			}
			t = get_text(c, name, v);
			if (t == NULL || (*tp = parse_time(t)) == -1) {
				if (v->type == Y_SCALAR)
					verr(c, v, "field \"%s\" must be a "
					    "time like \"09:30\", not \"%s\"",
					    name, v->str);
				ok = 0;
			}
		}
		if (s->start >= 0 && s->end >= 0 && s->end <= s->start) {
			v = ymap_get(m, "end", NULL);
			diag(c->d, LVL_ERROR, c->file, v->line, v->col,
			    "the session ends (%s) before it starts (%s)",
			    v->str, ymap_get(m, "start", NULL)->str);
			c->ok = 0;
			ok = 0;
		}
		if ((v = ymap_get(m, "venue", NULL)) != NULL)
			s->venue = get_text(c, "venue", v);
		if (s->venue == NULL && doc->format == F_CLASSROOM) {
			verr(c, v != NULL ? v : m, "this session has no "
			    "\"venue\": say where it takes place");
			ok = 0;
		}
		if ((v = ymap_get(m, "booking", NULL)) != NULL &&
		    (s->booking = get_url(c, "booking", v)) == NULL)
			ok = 0;
		if (ok)
			vec_push(&c->site->arena, &doc->sessions, s);
	}
	if (doc->sessions.n > 1)
		qsort(doc->sessions.v, doc->sessions.n, sizeof(void *),
		    session_cmp);
}

/* ---- documents ---- */

static const struct field *
field_find(const char *name, enum ctype type)
{
	size_t	 i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if ((fields[i].types & (1 << type)) &&
		    strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

static void
doc_unknown(struct vctx *c, enum ctype type, const char *key, int line,
    int col)
{
	const char	*names[sizeof(fields) / sizeof(fields[0])];
	size_t		 i, n = 0;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].types & (1 << type))
			names[n++] = fields[i].name;
	unknown_field(c, key, line, col, names, n);
}

/* Fills a document from its front matter; returns 0 after errors. */
int
doc_fields(struct site *site, struct diag *d, struct doc *doc,
    const struct ynode *fm)
{
	struct vctx		 c = { site, d, doc->path, 1 };
	const struct field	*f;
	const struct ynode	*n, *fmt = NULL;
	const char		*s;
	size_t			 i;
	long			 v;
	int			 b;

	if (fm->type != Y_MAP) {
		diag(d, LVL_ERROR, doc->path, fm->line, fm->col,
		    "front matter must be fields like \"title: My title\"");
		return 0;
	}
	/* The format decides which session fields are required. */
	if (doc->type == T_TRAINING && (fmt = ymap_get(fm, "format", NULL))) {
		doc->format_line = fmt->line;
		doc->format_col = fmt->col;
		s = get_text(&c, "format", fmt);
		if (s != NULL && strcmp(s, "classroom") == 0)
			doc->format = F_CLASSROOM;
		else if (s != NULL && strcmp(s, "online") == 0)
			doc->format = F_ONLINE;
		else if (s != NULL && strcmp(s, "elearning") == 0)
			doc->format = F_ELEARNING;
		else if (fmt->type == Y_SCALAR)
			verr(&c, fmt, "unknown format \"%s\": use classroom, "
			    "online or elearning", fmt->str);
	}

	for (i = 0; i < fm->n; i++) {
		n = fm->items[i];
		if ((f = field_find(fm->keys[i], doc->type)) == NULL) {
			doc_unknown(&c, doc->type, fm->keys[i],
			    fm->klines[i], fm->kcols[i]);
			continue;
		}
		switch (f->kind) {
		case K_TEXT:
			s = get_text(&c, f->name, n);
			if (strcmp(f->name, "title") == 0) {
				doc->title = s;
				doc->title_line = n->line;
				doc->title_col = n->col;
			} else if (strcmp(f->name, "summary") == 0)
				doc->summary = s;
			else if (strcmp(f->name, "review") == 0)
				doc->review = s;
			else if (strcmp(f->name, "theme") == 0)
				doc->theme = s;
			else if (strcmp(f->name, "provider") == 0)
				doc->provider = s;
			else if (strcmp(f->name, "level") == 0)
				doc->level = s;
			else if (strcmp(f->name, "duration") == 0)
				doc->duration = s;
			break;
		case K_DATE:
			get_date(&c, f->name, n, strcmp(f->name, "date") == 0 ?
			    &doc->date : &doc->updated);
			break;
		case K_BOOL:
			if (get_bool(&c, f->name, n, &b))
				doc->draft = b;
			break;
		case K_INT:
			if (!get_int(&c, f->name, n, &v))
				break;
			if (doc->type == T_PAGE)
				doc->menu = (int)v;
			else
				doc->issue = v;
			break;
		case K_THEMES:
			get_themes(&c, doc, n);
			break;
		case K_AUDIENCE:
			get_audience(&c, doc, n);
			break;
		case K_SLUGS:
			get_slugs(&c, f->name, n,
			    strcmp(f->name, "briefings") == 0 ?
			    &doc->briefings : &doc->training);
			break;
		case K_KIND:
			s = get_text(&c, "kind", n);
			if (s != NULL && strcmp(s, "practitioner") == 0)
				doc->practitioner = 1;
			else if (s == NULL || strcmp(s, "safer7") != 0) {
				if (n->type == Y_SCALAR)
					verr(&c, n, "unknown kind \"%s\": use "
					    "safer7 or practitioner",
					    n->str);
			}
			break;
		case K_FORMAT:
			break;
		case K_URL:
			doc->booking = get_url(&c, f->name, n);
			break;
		case K_SESSIONS:
			get_sessions(&c, doc, n);
			break;
		}
	}

	/* Required fields. */
	if (doc->title == NULL || doc->title[0] == '\0') {
		if ((n = ymap_get(fm, "title", NULL)) != NULL) {
			if (n->type == Y_SCALAR)
				verr(&c, n, "field \"title\" is empty");
		} else
			diag(d, LVL_ERROR, doc->path, 1, 1,
			    "missing required field \"title\"");
		c.ok = 0;
	}
	if (doc->date.y == 0 && doc->type != T_PAGE &&
	    doc->type != T_TRAINING && ymap_get(fm, "date", NULL) == NULL) {
		diag(d, LVL_ERROR, doc->path, 1, 1,
		    "missing required field \"date\" (like date: 2024-03-31)");
		c.ok = 0;
	}
	if (doc->updated.y != 0 && doc->date.y != 0 &&
	    date_cmp(&doc->updated, &doc->date) < 0) {
		char a[11], b2[11];
		n = ymap_get(fm, "updated", NULL);
		date_iso(&doc->updated, a);
		date_iso(&doc->date, b2);
		diag(d, LVL_ERROR, doc->path, n->line, n->col,
		    "\"updated\" (%s) is before \"date\" (%s)", a, b2);
		c.ok = 0;
	}
	if (doc->type == T_TRAINING) {
		const struct ynode *sn = ymap_get(fm, "sessions", NULL);
		const struct ynode *bn = ymap_get(fm, "booking", NULL);
		if (fmt == NULL) {
			diag(d, LVL_ERROR, doc->path, 1, 1, "missing required "
			    "field \"format\" (classroom, online or "
			    "elearning)");
			c.ok = 0;
		} else if (doc->format == F_ELEARNING) {
			if (sn != NULL && !yscalar_null(sn))
				verr(&c, sn, "an elearning course has no "
				    "sessions: remove \"sessions\" and give "
				    "its \"booking\" address");
			if (bn == NULL)
				verr(&c, fmt, "an elearning course needs a "
				    "\"booking\" address where people start "
				    "it");
		} else if (doc->format != F_NONE) {
			if (sn == NULL || (sn->type == Y_SEQ && sn->n == 0) ||
			    yscalar_null(sn))
				verr(&c, sn != NULL ? sn : fmt, "%s course "
				    "needs at least one session under "
				    "\"sessions\"", doc->format ==
				    F_CLASSROOM ? "a classroom" : "an online");
			if (bn != NULL)
				verr(&c, bn, "%s course takes bookings per "
				    "session: move \"booking\" into each "
				    "session", doc->format == F_CLASSROOM ?
				    "a classroom" : "an online");
		}
	}
	return c.ok;
}

/* ---- site.yaml ---- */

/* A compiled time zone (TZif), not zone.tab or another table. */
static int
tzif_file(const char *path)
{
	FILE	*f;
	char	 magic[4];
	int	 ok;

	if (!is_file(path) || (f = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

static int
valid_language(const char *s)
{
	size_t	 len;

	for (;;) {
		len = strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (len < 1 || len > 8)
			return 0;
		s += len;
		if (*s == '\0')
			return 1;
		if (*s++ != '-')
			return 0;
	}
}

int
site_fields(struct site *site, struct diag *d, const char *file,
    const struct ynode *y)
{
	struct vctx		 c = { site, d, file, 1 };
	const struct ynode	*n, *l;
	const char		*s, *names[16];
	size_t			 i, nn = 0;
	int			 b;

	for (nn = 0; site_field_names[nn] != NULL; nn++)
		names[nn] = site_field_names[nn];
	if (y->type != Y_MAP) {
		diag(d, LVL_ERROR, file, y->line, y->col,
		    "site.yaml must be fields like \"title: My partnership\"");
		return 0;
	}
	site->language = "en-GB";
	site->timezone = "Europe/London";
	for (i = 0; i < y->n; i++) {
		const char *key = y->keys[i];
		n = y->items[i];
		if (strcmp(key, "title") == 0)
			site->title = get_text(&c, key, n);
		else if (strcmp(key, "short_name") == 0)
			site->short_name = get_text(&c, key, n);
		else if (strcmp(key, "description") == 0)
			site->description = get_text(&c, key, n);
		else if (strcmp(key, "email") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (strchr(s, '@') == NULL || strpbrk(s, " <>\"") ||
			    s[0] == '@') {
				verr(&c, n, "\"%s\" is not an email address",
				    s);
				continue;
			}
			site->email = s;
		} else if (strcmp(key, "language") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (!valid_language(s))
				verr(&c, n, "language \"%s\" is not a language "
				    "tag like en-GB or cy", s);
			else
				site->language = s;
		} else if (strcmp(key, "timezone") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			char *zf = xasprintf("/usr/share/zoneinfo/%s", s);
			if (strstr(s, "..") != NULL || s[0] == '/' ||
			    (is_dir("/usr/share/zoneinfo") && !tzif_file(zf)))
				verr(&c, n, "unknown time zone \"%s\": use a "
				    "name like Europe/London", s);
			else
				site->timezone = s;
			free(zf);
		} else if (strcmp(key, "base_url") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (!http_url(s) || s[strlen(s) - 1] != '/' ||
			    strpbrk(s, "?#") != NULL)
				verr(&c, n, "base_url must be the site's web "
				    "address, starting with https:// and "
				    "ending in /, not \"%s\"", s);
			else
				site->base_url = s;
		} else if (strcmp(key, "logo") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			char *p1 = path_join(site->dir, "content/media");
			char *p2 = path_join(p1, s);
			size_t len = strlen(s);
			if (!safe_relpath(s))
				verr(&c, n, "logo \"%s\" must be a path under "
				    "content/media/", s);
			else if (!is_plain_file(p2))
				verr(&c, n, "logo \"%s\" not found: put the "
				    "file in content/media/", s);
			else if (len < 5 || (strcasecmp(s + len - 4, ".png") &&
			    strcasecmp(s + len - 4, ".jpg") &&
			    (len < 6 || strcasecmp(s + len - 5, ".jpeg"))))
				verr(&c, n, "logo \"%s\" must be a PNG or JPEG "
				    "image", s);
			else
				site->logo = s;
			free(p1);
			free(p2);
		} else if (strcmp(key, "unsafe_html") == 0) {
			if (get_bool(&c, key, n, &b))
				site->unsafe_html = b;
		} else if (strcmp(key, "nav") == 0) {
			if ((l = get_list(&c, key, n,
			    "[{title: Training, url: \"ref:training\"}]"))
			    == NULL)
				continue;
			for (size_t k = 0; k < l->n; k++) {
				const struct ynode *e = l->items[k], *t, *u;
				if (e->type != Y_MAP ||
				    (t = ymap_get(e, "title", NULL)) == NULL ||
				    (u = ymap_get(e, "url", NULL)) == NULL ||
				    t->type != Y_SCALAR || u->type != Y_SCALAR ||
				    yscalar_null(t) || yscalar_null(u)) {
					verr(&c, e, "each nav entry needs a "
					    "\"title\" and a \"url\"");
					continue;
				}
				for (size_t j = 0; j < e->n; j++)
					if (strcmp(e->keys[j], "title") &&
					    strcmp(e->keys[j], "url"))
						unknown_field(&c, e->keys[j],
						    e->klines[j], e->kcols[j],
						    (const char *[]){ "title",
						    "url" }, 2);
				vec_push(&site->arena, &site->navsrc,
				    (void *)e);
			}
		} else
			unknown_field(&c, key, y->klines[i], y->kcols[i],
			    names, nn);
	}
	if (site->title == NULL && ymap_get(y, "title", NULL) == NULL) {
		diag(d, LVL_ERROR, file, 1, 1,
		    "missing required field \"title\" (the partnership's "
		    "name)");
		c.ok = 0;
	} else if (site->title == NULL || site->title[0] == '\0') {
		verr(&c, ymap_get(y, "title", NULL), "field \"title\" is "
		    "empty");
	}
	if (site->base_url == NULL && ymap_get(y, "base_url", NULL) == NULL) {
		diag(d, LVL_ERROR, file, 1, 1,
		    "missing required field \"base_url\" (the web address of "
		    "the published site, like https://example.org/)");
		c.ok = 0;
	}
	if (site->short_name == NULL)
		site->short_name = site->title;
	return c.ok;
}

/* ---- dates ---- */

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

void
date_iso(const struct date *d, char buf[11])
{
	unsigned int	 y = (unsigned int)d->y % 10000;
	unsigned int	 m = (unsigned int)d->m % 100, dd = (unsigned int)d->d % 100;

	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

/* "27 November 2023", built without the locale. */
void
date_text(const struct date *d, char buf[32])
{
	static const char *const months[] = { "January", "February",
	    "March", "April", "May", "June", "July", "August", "September",
	    "October", "November", "December" };

	snprintf(buf, 32, "%d %s %d", d->d, months[(d->m + 11) % 12], d->y);
}

/* A URL that may become a link: no javascript:, vbscript:, data: ... */
int
url_safe(const char *u)
{
	const char	*colon, *p;

	colon = strchr(u, ':');
	if (colon == NULL)
		return 1;
	for (p = u; p < colon; p++)
		if (*p == '/' || *p == '?' || *p == '#')
			return 1;	/* the colon is not a scheme's */
	return strncasecmp(u, "http:", 5) == 0 ||
	    strncasecmp(u, "https:", 6) == 0 ||
	    strncasecmp(u, "mailto:", 7) == 0 ||
	    strncasecmp(u, "tel:", 4) == 0;
}
