/* feeds.c: the RSS 2.0 feeds, sitemap.xml and robots.txt, with absolute URLs from base_url. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "herald.h"

#define SITE_FEED_MAX	20		/* items in each feed: readers
					   want what is new, not the archive */

static const char ns_atom[] = "http://www.w3.org/2005/Atom";
static const char ns_content[] = "http://purl.org/rss/1.0/modules/content/";
static const char ns_sitemap[] =
    "http://www.sitemaps.org/schemas/sitemap/0.9";

/* What the outputs of feeds.c share while they are built. */
struct fctx {
	struct site	*s;
	struct diag	*d;
	struct output	*out;
	struct tz	 tz;		/* the site's zone: dates are its days */
	struct arena	 a;		/* strings of this stage */
	int		 ok;		/* nothing failed */
};

/* A document in a feed with the date that orders it. */
struct entry {
	const struct doc	*doc;
	struct date		 when;
};

/*
 * An XML writer into memory.  Its calls fail only when libxml2 runs out
 * of memory; a failure marks it, and xw_finish() reports.
 */
struct xw {
	xmlBufferPtr		 buf;
	xmlTextWriterPtr	 w;
	int			 bad;
};

/* ---- text and dates ---- */

/* An absolute URL from a site path such as /briefings/x/. */
static const char *
abs_url(struct fctx *c, const char *path)
{
	return aprintf(&c->a, "%s%s", c->s->base_url, path + 1);
}

/*
 * s without the characters XML 1.0 does not allow (C0 controls other
 * than tab and newlines, U+FFFE, U+FFFF), which YAML escapes could carry.
 */
static const char *
xml_clean(struct fctx *c, const char *s)
{
	const unsigned char	*p;
	char			*out, *o;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    (p[0] == 0xef && p[1] == 0xbf && (p[2] & 0xfe) == 0xbe))
			break;
	if (*p == '\0')
		return s;
	o = out = amalloc(&c->a, strlen(s) + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			continue;
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] & 0xfe) == 0xbe) {
			p += 2;
			continue;
		}
		*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

/*
 * "Wed, 02 Apr 2025 00:00:00 +0100": the start of the day in the site's
 * zone (RFC 822 with a four-digit year), from fixed English names.
 */
static const char *
rfc822(struct fctx *c, const struct date *dt)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	long	 off = tz_offset(&c->tz, dt, 0);
	long	 mins = (off < 0 ? -off : off) / 60;

	return aprintf(&c->a, "%s, %02d %.3s %04d 00:00:00 %c%02ld%02ld",
	    days[date_weekday(dt)], dt->d, month_name(dt->m), dt->y,
	    off < 0 ? '-' : '+', mins / 60, mins % 60);
}

/*
 * The date a document is listed under in the feeds: its date; for a
 * course, its updated date, else its date, else its next session.  A
 * course with none of these is left out (returns 0).
 */
static int
feed_date(const struct site *s, const struct doc *d, struct date *when)
{
	const struct session	*se;

	if (d->type != T_TRAINING)
		*when = d->date;
	else if (d->updated.y != 0)
		*when = d->updated;
	else if (d->date.y != 0)
		*when = d->date;
	else if ((se = next_session(s, d)) != NULL)
		*when = se->date;
	else
		return 0;
	return when->y != 0;
}

/* The date of a page's last change for the sitemap: updated, else date. */
static const struct date *
lastmod(const struct doc *d)
{
	return d->updated.y != 0 ? &d->updated : &d->date;
}

/* Newest first; then by type, title and slug, so order never varies. */
static int
entry_cmp(const void *x, const void *y)
{
	const struct entry	*a = x, *b = y;
	int			 r;

	if ((r = date_cmp(&b->when, &a->when)) != 0)
		return r;
	if (a->doc->type != b->doc->type)
		return (int)a->doc->type - (int)b->doc->type;
	if ((r = strcmp(a->doc->title, b->doc->title)) != 0)
		return r;
	return strcmp(a->doc->slug, b->doc->slug);
}

/* The dated documents of types from..to, newest first; caller frees. */
static struct entry *
entries(struct fctx *c, enum ctype from, enum ctype to, size_t *np)
{
	struct entry	*e;
	size_t		 i, n = 0, cap = 0;
	int		 t;

	for (t = from; t <= (int)to; t++)
		cap += c->s->docs[t].n;
	e = xcalloc(cap, sizeof(*e));
	for (t = from; t <= (int)to; t++)
		for (i = 0; i < c->s->docs[t].n; i++) {
			e[n].doc = c->s->docs[t].v[i];
			if (feed_date(c->s, e[n].doc, &e[n].when))
				n++;
		}
	if (n > 1)
		qsort(e, n, sizeof(*e), entry_cmp);
	*np = n;
	return e;
}

/* ---- the XML writer ---- */

static void
xw_begin(struct xw *x)
{
	x->bad = 0;
	x->buf = bnew();
	/* Without a writer, every call fails and xw_finish() reports. */
	if ((x->w = xmlNewTextWriterMemory(x->buf, 0)) == NULL ||
	    xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0)
		x->bad = 1;
}

static void
xw_start(struct xw *x, const char *prefix, const char *name)
{
	if (xmlTextWriterStartElementNS(x->w, BAD_CAST prefix, BAD_CAST name,
	    NULL) < 0)
		x->bad = 1;
}

static void
xw_end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

static void
xw_attr(struct xw *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value)
	    < 0)
		x->bad = 1;
}

/* An element holding text; the writer escapes it. */
static void
xw_el(struct xw *x, const char *prefix, const char *name, const char *text)
{
	if (xmlTextWriterWriteElementNS(x->w, BAD_CAST prefix, BAD_CAST name,
	    NULL, BAD_CAST text) < 0)
		x->bad = 1;
}

/* Writes data to rel under the output folder, unless checking only. */
static void
put_file(struct fctx *c, const char *rel, const char *data, size_t len)
{
	if (c->ok && !out_put(c->out, c->d, rel, data, len))
		c->ok = 0;
}

/* Ends the document and writes it to rel under the output folder. */
static void
xw_finish(struct fctx *c, struct xw *x, const char *rel)
{
	if (xmlTextWriterEndDocument(x->w) < 0)
		x->bad = 1;
	xmlFreeTextWriter(x->w);
	x->w = NULL;
	if (x->bad) {
		diag(c->d, LVL_ERROR, NULL, 0, 0, "cannot build %s: libxml2 "
		    "could not write it", rel);
		c->ok = 0;
	} else
		put_file(c, rel, (const char *)xmlBufferContent(x->buf),
		    (size_t)xmlBufferLength(x->buf));
	xmlBufferFree(x->buf);
	x->buf = NULL;
}

/* ---- RSS ---- */

static void
feed_item(struct fctx *c, struct xw *x, const struct entry *e)
{
	const struct doc	*d = e->doc;
	const char		*link = abs_url(c, d->url);
	xmlBufferPtr		 b = bnew();
	size_t			 i;

	xw_start(x, NULL, "item");
	xw_el(x, NULL, "title", xml_clean(c, d->title));
	xw_el(x, NULL, "link", link);
	xw_start(x, NULL, "guid");
	xw_attr(x, "isPermaLink", "true");
	if (xmlTextWriterWriteString(x->w, BAD_CAST link) < 0)
		x->bad = 1;
	xw_end(x);
	xw_el(x, NULL, "pubDate", rfc822(c, &e->when));
	/* RSS descriptions are HTML: the plain summary is escaped as such,
	 * then again by the writer. */
	if (d->summary != NULL && d->summary[0] != '\0') {
		html5_text(b, d->summary);
		xw_el(x, NULL, "description", xml_clean(c,
		    (const char *)xmlBufferContent(b)));
		xmlBufferEmpty(b);
	}
	if (!html5_fragment(b, doc_html(&c->a, d), c->s->base_url, link)) {
		diag(c->d, LVL_ERROR, d->path, 0, 0, "cannot put the text into "
		    "the feeds: libxml2 could not read it");
		c->ok = 0;
	}
	xw_el(x, "content", "encoded", xml_clean(c,
	    (const char *)xmlBufferContent(b)));
	xmlBufferFree(b);
	for (i = 0; i < d->themes.n; i++)
		xw_el(x, NULL, "category", xml_clean(c,
		    ((const struct theme *)d->themes.v[i])->title));
	xw_end(x);
}

/*
 * Writes an RSS 2.0 feed to rel: the channel of the page at site path
 * page, then the first max entries.
 */
static void
feed_write(struct fctx *c, const char *rel, const char *title,
    const char *page, const char *desc, const struct entry *e, size_t n,
    size_t max)
{
	struct xw	 x;
	size_t		 i;

	xw_begin(&x);
	xw_start(&x, NULL, "rss");
	xw_attr(&x, "version", "2.0");
	xw_attr(&x, "xmlns:atom", ns_atom);
	xw_attr(&x, "xmlns:content", ns_content);
	xw_start(&x, NULL, "channel");
	xw_el(&x, NULL, "title", xml_clean(c, title));
	xw_el(&x, NULL, "link", abs_url(c, page));
	xw_el(&x, NULL, "description", xml_clean(c, desc));
	xw_el(&x, NULL, "language", c->s->language);
	xw_el(&x, NULL, "lastBuildDate", rfc822(c, &c->s->today));
	if (c->s->email != NULL)
		xw_el(&x, NULL, "managingEditor", xml_clean(c, aprintf(&c->a,
		    "%s (%s)", c->s->email, c->s->title)));
	xw_start(&x, "atom", "link");
	xw_attr(&x, "href", abs_url(c, aprintf(&c->a, "/%s", rel)));
	xw_attr(&x, "rel", "self");
	xw_attr(&x, "type", "application/rss+xml");
	xw_end(&x);
	for (i = 0; i < n && i < max; i++)
		feed_item(c, &x, &e[i]);
	xw_end(&x);
	xw_end(&x);
	xw_finish(c, &x, rel);
	c->out->feeds++;
}

/* feed.xml, with the newest of everything, and one feed per section. */
static void
feeds_all(struct fctx *c)
{
	struct entry	*e;
	const char	*desc;
	size_t		 n;
	int		 t;

	e = entries(c, T_BRIEFING, T_TRAINING, &n);
	desc = c->s->description != NULL && c->s->description[0] != '\0' ?
	    c->s->description : aprintf(&c->a, "Briefings, bulletins, "
	    "newsletters and training from %s", c->s->title);
	feed_write(c, "feed.xml", c->s->title, "/", desc, e, n,
	    SITE_FEED_MAX);
	free(e);
	for (t = T_BRIEFING; t <= T_TRAINING; t++) {
		const struct ctype_info *ti = &ctypes[t];
		e = entries(c, (enum ctype)t, (enum ctype)t, &n);
		feed_write(c, aprintf(&c->a, "%s/feed.xml", ti->dir),
		    aprintf(&c->a, "%s – %s", ti->title, c->s->title),
		    aprintf(&c->a, "/%s/", ti->dir),
		    aprintf(&c->a, "%s from %s", ti->feed_text, c->s->title),
		    e, n, SITE_FEED_MAX);
		free(e);
	}
}

/* ---- sitemap.xml and robots.txt ---- */

/* The newest of best (or NULL) and the lastmod dates of docs. */
static const struct date *
newest(const struct vec *docs, const struct date *best)
{
	const struct date	*m;
	size_t			 i;

	for (i = 0; i < docs->n; i++) {
		m = lastmod(docs->v[i]);
		if (m->y != 0 && (best == NULL || date_cmp(m, best) > 0))
			best = m;
	}
	return best;
}

static void
sitemap_url(struct fctx *c, struct xw *x, const char *path,
    const struct date *mod)
{
	char	 iso[11];

	xw_start(x, NULL, "url");
	xw_el(x, NULL, "loc", abs_url(c, path));
	if (mod != NULL && mod->y != 0) {
		date_iso(mod, iso);
		xw_el(x, NULL, "lastmod", iso);
	}
	xw_end(x);
}

/*
 * Every HTML page that pages.c writes but 404.html and search: the home
 * page, the section indexes and their documents, the themes and pages.
 * Indexes take the newest date of what they list.
 */
static void
sitemap_write(struct fctx *c)
{
	struct site	*s = c->s;
	const struct date *all = NULL, *themes = NULL;
	struct xw	 x;
	struct theme	*th;
	size_t		 i;
	int		 t;

	for (t = T_BRIEFING; t <= T_TRAINING; t++)
		all = newest(&s->docs[t], all);
	for (i = 0; i < s->themes.n; i++)
		themes = newest(&((struct theme *)s->themes.v[i])->docs, themes);
	xw_begin(&x);
	xw_start(&x, NULL, "urlset");
	xw_attr(&x, "xmlns", ns_sitemap);
	sitemap_url(c, &x, "/", all);
	for (t = T_BRIEFING; t <= T_TRAINING; t++) {
		sitemap_url(c, &x, aprintf(&c->a, "/%s/", ctypes[t].dir),
		    newest(&s->docs[t], NULL));
		for (i = 0; i < s->docs[t].n; i++)
			sitemap_url(c, &x, ((struct doc *)s->docs[t].v[i])->url,
			    lastmod(s->docs[t].v[i]));
	}
	sitemap_url(c, &x, "/themes/", themes);
	for (i = 0; i < s->themes.n; i++) {
		th = s->themes.v[i];
		sitemap_url(c, &x, th->url, newest(&th->docs, NULL));
	}
	for (i = 0; i < s->docs[T_PAGE].n; i++)
		sitemap_url(c, &x, ((struct doc *)s->docs[T_PAGE].v[i])->url,
		    lastmod(s->docs[T_PAGE].v[i]));
	xw_end(&x);
	xw_finish(c, &x, "sitemap.xml");
}

static void
robots_write(struct fctx *c)
{
	xmlBufferPtr	 b = bnew();

	bputs(b, "User-agent: *\nDisallow:\n\nSitemap: ");
	bputs(b, abs_url(c, "/sitemap.xml"));
	bputs(b, "\n");
	put_file(c, "robots.txt", (const char *)xmlBufferContent(b),
	    (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
}

/*
 * Writes feed.xml, the four section feeds, sitemap.xml and robots.txt
 * (only builds them when out->write is 0).  The pages link the feeds
 * through s->has_feeds, which the caller sets.  Returns 0 after
 * reporting errors.
 */
int
feeds_write(struct site *s, struct diag *d, struct output *out)
{
	struct fctx	 c;
	char		*yaml;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.d = d;
	c.out = out;
	c.ok = 1;
	yaml = path_join(s->dir, "site.yaml");
	if (!tz_load(&c.tz, s->timezone, d, yaml))
		c.ok = 0;
	free(yaml);
	if (c.ok)
		feeds_all(&c);
	if (c.ok)
		sitemap_write(&c);
	if (c.ok)
		robots_write(&c);
	arena_free(&c.a);
	return c.ok;
}
