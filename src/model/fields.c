/* fields.c: reading one front-matter or site.yaml value: text, dates, numbers, web addresses, lists, themes, sessions. */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

#include "herald.h"
#include "model/fields.h"

static const char *const session_fields[] = {
	"date", "start", "end", "venue", "booking", NULL
};

const char *const kind_words[] = {
	[Y_SCALAR] = "text", [Y_SEQ] = "a list", [Y_MAP] = "a set of fields"
};

/* Reports an error at node n of the file being checked. */
void
verr(struct vctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vdiag(c->d, LVL_ERROR, c->file, n->line, n->col, fmt, ap);
	va_end(ap);
	c->ok = 0;
}

/* Warns about an unknown field, suggesting the nearest known one. */
void
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
text_of(struct vctx *c, const char *name, const struct ynode *n,
    const char *allowed)
{
	const char	*p;

	if (n->type != Y_SCALAR) {
		verr(c, n, "field \"%s\" must be text, not %s", name,
		    kind_words[n->type]);
		return NULL;
	}
	if (yscalar_null(n))
		return NULL;
	if ((p = ctl_find(n->str, allowed)) != NULL) {
		verr(c, n, "field \"%s\" holds the control character U+%04X"
		    "%s", name, (unsigned char)*p, strchr(allowed, '\n') ||
		    (*p != '\n' && *p != '\r') ? "" : ": it must be one line");
		return NULL;
	}
	/* Copied: a content file's tree is freed once it is read. */
	return astrdup(&c->site->arena, n->str);
}

/* Text of one line: a line break or another control character in it
 * (from an escape like "\r\n" in quotes) is an error. */
const char *
get_text(struct vctx *c, const char *name, const struct ynode *n)
{
	return text_of(c, name, n, "\t");
}

/* Text that may hold lines (a summary). */
const char *
get_lines(struct vctx *c, const char *name, const struct ynode *n)
{
	return text_of(c, name, n, "\t\n");
}

/* Whether text s (the value of node n) is at most max characters; else
 * an error saying why the limit is there. */
int
text_limit(struct vctx *c, const char *name, const struct ynode *n,
    const char *s, size_t max, const char *why)
{
	size_t	 len;

	if (s == NULL || (len = utf8_count(s, strlen(s))) <= max)
		return 1;
	verr(c, n, "field \"%s\" is %zu characters long: keep it to %zu at "
	    "most, %s", name, len, max, why);
	return 0;
}


int
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

int
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

int
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
int
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

const char *
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

const struct ynode *
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
	theme_named(s, t);
	t->url = aprintf(&s->arena, "/themes/%s/", slug);
	/* New: it was looked up first, under the lock. */
	xmlHashAddEntry(s->themeidx, (const xmlChar *)t->slug, t);
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

void
get_themes(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *it;
	size_t			 i, j;
	struct theme		*t;

	if ((l = get_list(c, "themes", n, "[neglect, self-neglect]")) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (i == ITEM_LIST_MAX) {
			verr(c, it, "more than %d themes: give an item at most "
			    "%d, the ones it is most about", ITEM_LIST_MAX,
			    ITEM_LIST_MAX);
			break;
		}
		if (it->type != Y_SCALAR || yscalar_null(it)) {
			verr(c, it, "each theme must be a name like "
			    "self-neglect");
			continue;
		}
		if (!valid_slug(it->str) &&
		    valid_slug(theme_suggest(&c->site->arena, it->str))) {
			verr(c, it, "theme \"%s\" must be written in lower-case "
			    "letters, digits and hyphens: write \"%s\"",
			    it->str, theme_suggest(&c->site->arena, it->str));
			continue;
		}
		if (!valid_slug(it->str)) {
			verr(c, it, "theme \"%s\" must be written in lower-case "
			    "letters, digits and hyphens, like "
			    "\"professional-curiosity\"", it->str);
			continue;
		}
		if (strlen(it->str) > THEME_NAME_MAX) {
			verr(c, it, "theme \"%.20s...\" is %zu characters "
			    "long: keep a theme's name to %d at most", it->str,
			    strlen(it->str), THEME_NAME_MAX);
			continue;
		}
		t = theme_get(c->site, it->str);
		/* At most ITEM_LIST_MAX: linear in the list. */
		for (j = 0; j < doc->themes.n; j++)
			if (doc->themes.v[j] == t)
				break;
		if (j == doc->themes.n)
			vec_push(&c->site->arena, &doc->themes, t);
	}
}

void
get_audience(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *it;
	size_t			 i;

	if ((l = get_list(c, "audience", n, "[adults, children]")) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (i == ITEM_LIST_MAX) {
			verr(c, it, "more than %d audiences: there are two, "
			    "adults and children", ITEM_LIST_MAX);
			break;
		}
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

void
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

void
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
