/* email.c: the email edition of each newsletter and bulletin: email.html from the email layout, with email.txt and email.eml beside it. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "html/html5.h"
#include "out/email.h"

/* Gmail shows "[Message clipped]" after this much HTML. */
#define GMAIL_CLIP	(102 * 1024)
/* The text column of the 600 px layout: 600 less 32 px each side. */
#define EMAIL_WIDTH	536

/*
 * The site's colours in the email: a primary colour that white text sits
 * on (7.6:1) and an accent used only for decoration.  They are the
 * defaults of assets/site.css; site.yaml's colours replace this pair
 * when the site has them.
 */
static const struct email_colours {
	const char	*primary;
	const char	*accent;
} default_colours = { "#1f5c5e", "#ffdd00" };

#define FONTS	"-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto," \
		"Helvetica,Arial,sans-serif"
#define TEXT	"color:#0b0c0c;font-family:" FONTS ";"

/*
 * The inline style of each element the text of an item may hold, also
 * given to the layout as style.NAME.  Mail programs drop <style>, so
 * every element carries its own.  "%P" stands for the primary colour.
 */
static const struct estyle {
	const char	*name;
	const char	*style;
} styles[] = {
	{ "h1", TEXT "font-size:28px;line-height:34px;font-weight:bold;"
	    "margin:0 0 12px;" },
	{ "h2", TEXT "font-size:22px;line-height:28px;font-weight:bold;"
	    "margin:32px 0 12px;" },
	{ "h3", TEXT "font-size:18px;line-height:24px;font-weight:bold;"
	    "margin:24px 0 8px;" },
	{ "h4", TEXT "font-size:16px;line-height:24px;font-weight:bold;"
	    "margin:20px 0 8px;" },
	{ "h5", TEXT "font-size:16px;line-height:24px;font-weight:bold;"
	    "margin:16px 0 8px;" },
	{ "h6", TEXT "font-size:16px;line-height:24px;font-weight:bold;"
	    "margin:16px 0 8px;" },
	{ "p", TEXT "font-size:16px;line-height:24px;margin:0 0 16px;" },
	{ "ul", TEXT "font-size:16px;line-height:24px;margin:0 0 16px;"
	    "padding:0 0 0 24px;" },
	{ "ol", TEXT "font-size:16px;line-height:24px;margin:0 0 16px;"
	    "padding:0 0 0 24px;" },
	{ "li", TEXT "font-size:16px;line-height:24px;margin:0 0 8px;" },
	{ "table", TEXT "font-size:14px;line-height:20px;width:100%;"
	    "border-collapse:collapse;margin:0 0 16px;" },
	{ "th", TEXT "font-size:14px;line-height:20px;font-weight:bold;"
	    "text-align:left;vertical-align:bottom;padding:8px 6px;"
	    "border-bottom:2px solid #505a5f;background-color:#f3f2f1;" },
	{ "td", TEXT "font-size:14px;line-height:20px;vertical-align:top;"
	    "padding:8px 6px;border-bottom:1px solid #b1b4b6;" },
	{ "blockquote", TEXT "font-size:16px;line-height:24px;margin:0 0 16px;"
	    "padding:4px 0 4px 16px;border-left:4px solid #b1b4b6;" },
	{ "pre", "color:#0b0c0c;font-family:Menlo,Consolas,monospace;"
	    "font-size:14px;line-height:20px;white-space:pre-wrap;"
	    "word-wrap:break-word;background-color:#f3f2f1;padding:12px;"
	    "margin:0 0 16px;" },
	{ "code", "font-family:Menlo,Consolas,monospace;font-size:14px;" },
	{ "hr", "border:0;border-top:1px solid #b1b4b6;margin:24px 0;" },
	{ "img", "display:block;max-width:100%;height:auto;border:0;"
	    "margin:0 0 16px;" },
	/* long addresses break rather than widen a phone's screen; the
	 * column's table-layout:fixed lets them */
	{ "a", "color:#1a5fa0;text-decoration:underline;"
	    "overflow-wrap:break-word;word-wrap:break-word;" },
	/* not elements: the layout's own pieces */
	{ "small", TEXT "font-size:14px;line-height:20px;margin:0;" },
	{ "kicker", "color:#ffffff;font-family:" FONTS ";font-size:14px;"
	    "line-height:20px;font-weight:bold;margin:0 0 4px;" },
	{ "masthead", "color:#ffffff;font-family:" FONTS ";font-size:24px;"
	    "line-height:30px;font-weight:bold;margin:0;" },
	{ "button", "display:inline-block;background-color:%P;color:#ffffff;"
	    "font-family:" FONTS ";font-size:16px;line-height:20px;"
	    "font-weight:bold;text-decoration:none;padding:10px 18px;"
	    "border-radius:4px;" },
	{ "footer", "color:#ffffff;font-family:" FONTS ";font-size:14px;"
	    "line-height:20px;margin:0 0 8px;" },
	{ "footer_a", "color:#ffffff;text-decoration:underline;"
	    "overflow-wrap:break-word;word-wrap:break-word;" },
	{ NULL, NULL }
};

/* What every email of a build shares. */
struct ectx {
	struct site		*s;
	struct layouts		*L;
	struct diag		*d;
	struct output		*out;
	struct tz		 tz;
	struct email_colours col;	/* site.yaml's, else the defaults */
	struct value		*style;		/* style.NAME */
	struct value		*site;		/* site values */
	int			 ok;
};

/* s with "%P" replaced by the primary colour. */
static const char *
colour_style(struct arena *a, const struct email_colours *c, const char *s)
{
	const char	*p = strstr(s, "%P");

	if (p == NULL)
		return s;
	return aprintf(a, "%.*s%s%s", (int)(p - s), s, c->primary, p + 2);
}

static const char *
style_of(const struct ectx *c, const char *name)
{
	const struct value	*v = v_get(c->style, name);

	return v != NULL ? v->s : NULL;
}

/* ---- images ---- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The pixel size of a PNG, GIF or JPEG file; 0 when unknown. */
static int
image_size(const char *path, long *w, long *h)
{
	unsigned char	*b;
	size_t		 n, i, seg;
	int		 ok = 0;

	if ((b = (unsigned char *)read_file(path, &n)) == NULL)
		return 0;
	if (n >= 24 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0) {
		*w = (long)be32(b + 16);
		*h = (long)be32(b + 20);
		ok = 1;
	} else if (n >= 10 && memcmp(b, "GIF8", 4) == 0) {
		*w = b[6] | b[7] << 8;
		*h = b[8] | b[9] << 8;
		ok = 1;
	} else if (n >= 4 && b[0] == 0xff && b[1] == 0xd8) {
		for (i = 2; i + 9 < n && b[i] == 0xff; i += 2 + seg) {
			seg = (size_t)b[i + 2] << 8 | b[i + 3];
			if (b[i + 1] >= 0xc0 && b[i + 1] <= 0xcf &&
			    b[i + 1] != 0xc4 && b[i + 1] != 0xc8 &&
			    b[i + 1] != 0xcc) {
				*h = b[i + 5] << 8 | b[i + 6];
				*w = b[i + 7] << 8 | b[i + 8];
				ok = 1;
				break;
			}
		}
	}
	free(b);
	return ok && *w > 0 && *h > 0;
}

/* ---- the text of an item, styled inline, links absolute ---- */

struct body {
	struct ectx	*c;
	struct arena	*a;
	const struct doc *doc;
	struct html5w	 w;
	int		 raw;		/* inside pre */
};

static void body_node(struct body *, const struct tnode *);

/* The value of attribute name of n, or NULL. */
static const char *
tattr(const struct tnode *n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n->nattrs; i++)
		if (strcmp(n->attrs[2 * i], name) == 0)
			return n->attrs[2 * i + 1];
	return NULL;
}

/* Writes an img's attributes: its size, an alt, and never data:. */
static int
body_img(struct body *b, const struct tnode *n)
{
	const char	*s = tattr(n, "src");
	char		*file, wbuf[24], hbuf[24];
	long		 w = 0, h = 0;

	s = s != NULL ? s : "";
	if (strncasecmp(s, "data:", 5) == 0) {
		diag(b->c->d, LVL_WARNING, b->doc->path, 0, 0, "an image given "
		    "as a data: address is left out of the email: mail "
		    "programs block them; put the image in content/media/");
		return 0;
	}
	html5w_open(&b->w, "img");
	html5w_attr(&b->w, "src", s);
	html5w_attr(&b->w, "alt", n->alt != NULL ? n->alt : "");
	if (strncmp(s, "/media/", 7) == 0 && safe_relpath(s + 7)) {
		file = xasprintf("%s/content/media/%s", b->c->s->dir, s + 7);
		if (image_size(file, &w, &h) && w > EMAIL_WIDTH) {
			h = (h * EMAIL_WIDTH + w / 2) / w;
			w = EMAIL_WIDTH;
		}
		free(file);
	}
	if (w == 0) {
		w = EMAIL_WIDTH;
		h = 0;
	}
	html5w_attr(&b->w, "width", utoa(wbuf, sizeof(wbuf), (size_t)w));
	if (h > 0)
		html5w_attr(&b->w, "height", utoa(hbuf, sizeof(hbuf),
		    (size_t)h));
	return 1;
}

static void
body_element(struct body *b, const struct tnode *n)
{
	const char		*name = n->name, *st;
	const struct tnode	*ch;
	size_t			 i;
	int			 raw = b->raw;

	static const char *const refused[] = { "script", "style", "iframe",
	    "form", "input", "button", "select", "textarea", "link", "object",
	    "embed", "base", "meta", NULL };

	for (i = 0; refused[i] != NULL; i++)
		if (strcmp(name, refused[i]) == 0)
			return;	/* mail programs refuse them */
	if (strcmp(name, "img") == 0) {
		if (!body_img(b, n))
			return;
	} else {
		html5w_open(&b->w, name);
		/* no classes (no stylesheet), ids or event handlers */
		for (i = 0; i < n->nattrs; i++)
			if (strcmp(n->attrs[2 * i], "style") != 0 &&
			    strcmp(n->attrs[2 * i], "class") != 0 &&
			    strcmp(n->attrs[2 * i], "id") != 0 &&
			    strncasecmp(n->attrs[2 * i], "on", 2) != 0)
				html5w_attr(&b->w, n->attrs[2 * i],
				    n->attrs[2 * i + 1]);
	}
	if ((st = style_of(b->c, name)) != NULL || n->style != NULL)
		html5w_attr(&b->w, "style", aprintf(b->a, "%s%s",
		    st != NULL ? st : "", n->style != NULL ? n->style : ""));
	html5w_close_start(&b->w);
	if (html5_void(name))
		return;
	if (strcmp(name, "pre") == 0)
		b->raw = 2;
	for (ch = n->child; ch != NULL; ch = ch->next)
		body_node(b, ch);
	b->raw = raw;
	html5w_end(&b->w, name);
}

static void
body_node(struct body *b, const struct tnode *n)
{
	if (n->name == NULL)
		html5w_text(&b->w, n->text, b->raw);
	else
		body_element(b, n);
}

/*
 * The item's text for the email: every element styled from styles[],
 * site paths absolute from base_url and other relative links resolved
 * from the page's address, as html5_fragment() does for feeds.  What
 * cmark-gfm writes is read as it is; a site that allows raw HTML has it
 * put right by html5_fragment() first.
 */
static const char *
body_html(struct ectx *c, struct arena *a, const struct doc *doc,
    const char *page)
{
	struct body		 b;
	const struct tnode	*n;
	xmlBufferPtr		 buf;
	const char		*html = doc_html(a, doc), *res;

	if (html == NULL || html[0] == '\0')
		return "";
	buf = bnew();
	if (c->s->unsafe_html) {
		if (!html5_fragment(buf, html, c->s->base_url, page)) {
			diag(c->d, LVL_ERROR, doc->path, 0, 0, "cannot put the "
			    "text into its email: libxml2 could not read it");
			__atomic_store_n(&c->ok, 0, __ATOMIC_RELAXED);
			xmlBufferFree(buf);
			return "";
		}
		html = astrdup(a, (const char *)xmlBufferContent(buf));
		xmlBufferEmpty(buf);
	}
	memset(&b, 0, sizeof(b));
	b.c = c;
	b.a = a;
	b.doc = doc;
	b.w.b = buf;
	b.w.page = "/";
	b.w.absbase = c->s->base_url;
	b.w.docurl = page;
	for (n = html_tree(a, html, 1)->child; n != NULL; n = n->next)
		body_node(&b, n);
	res = astrdup(a, (const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return res;
}

/* ---- values for the email layout ---- */

static const char *
hhmm(struct arena *a, int minutes)
{
	return aprintf(a, "%02d:%02d", minutes / 60, minutes % 60);
}

static struct value *
briefing_value(struct arena *a, const struct doc *b)
{
	struct value	*v = v_map(a);

	v_sets(a, v, "title", b->title);
	v_sets(a, v, "url", b->url);
	v_sets(a, v, "summary", b->summary);
	v_sets(a, v, "type_text", type_text(b));
	v_set(a, v, "date", v_date(a, &b->date));
	/* a build makes every briefing's PDF; herald email and --no-pdfs
	 * builds do not know its size */
	v_sets(a, v, "pdf_url", aprintf(a, "/briefings/%s.pdf", b->slug));
	v_sets(a, v, "pdf_size", b->pdf_bytes == 0 ? "" :
	    b->pdf_bytes < 1024 ? aprintf(a, "%zu bytes", b->pdf_bytes) :
	    aprintf(a, "%zu KB", (b->pdf_bytes + 512) / 1024));
	return v;
}

static struct value *
training_value(struct ectx *c, struct arena *a, const struct doc *t)
{
	struct value		*v = v_map(a), *nv;
	const struct session	*se = next_session(c->s, t);
	const char		*book;
	static const char *const formats[] = { "", "Classroom", "Online",
	    "eLearning" };

	v_sets(a, v, "title", t->title);
	v_sets(a, v, "url", t->url);
	v_sets(a, v, "summary", t->summary);
	v_sets(a, v, "format_text", formats[t->format]);
	v_set(a, v, "is_elearning", v_bool(a, t->format == F_ELEARNING));
	book = se != NULL && se->booking != NULL ? se->booking :
	    t->booking != NULL && t->booking[0] != '\0' ? t->booking : t->url;
	v_sets(a, v, "booking", book);
	if (se != NULL) {
		nv = v_map(a);
		v_set(a, nv, "date", v_date(a, &se->date));
		v_sets(a, nv, "start", hhmm(a, se->start));
		v_sets(a, nv, "end", hhmm(a, se->end));
		v_sets(a, nv, "venue", se->venue);
		v_set(a, v, "next", nv);
	} else
		v_sets(a, v, "next", "");
	return v;
}

/* Right-to-left languages, by their primary subtag. */
static const char *
lang_dir(const char *lang)
{
	static const char *const rtl[] = { "ar", "dv", "fa", "he", "ps",
	    "ur", "yi", NULL };
	size_t	 i, n = strcspn(lang, "-_");

	for (i = 0; rtl[i] != NULL; i++)
		if (strlen(rtl[i]) == n && strncasecmp(lang, rtl[i], n) == 0)
			return "rtl";
	return "ltr";
}

static struct value *
page_value(struct ectx *c, struct arena *a, const struct doc *doc,
    const char *absurl)
{
	struct value	*p = v_map(a), *l;
	size_t		 i;

	v_sets(a, p, "title", doc->title);
	v_sets(a, p, "type", type_name(doc->type));
	v_sets(a, p, "type_text", type_text(doc));
	v_sets(a, p, "summary", doc->summary);
	v_set(a, p, "date", v_date(a, &doc->date));
	v_sets(a, p, "url", doc->url);
	v_sets(a, p, "issue", doc->issue ? aprintf(a, "Issue %ld",
	    doc->issue) : "");
	v_sets(a, p, "theme", doc->type == T_BULLETIN && doc->theme != NULL ?
	    doc->theme : "");
	v_set(a, p, "content", v_html(a, body_html(c, a, doc, absurl)));
	l = v_list(a);
	for (i = 0; doc->type == T_BULLETIN && i < doc->briefings.n; i++)
		v_add(a, l, briefing_value(a,
		    ((struct slugref *)doc->briefings.v[i])->doc));
	v_set(a, p, "briefings", l);
	l = v_list(a);
	for (i = 0; doc->type == T_BULLETIN && i < doc->training.n; i++)
		v_add(a, l, training_value(c, a,
		    ((struct slugref *)doc->training.v[i])->doc));
	v_set(a, p, "training", l);
	return p;
}

static void
ectx_init(struct ectx *c, struct site *s, struct layouts *L, struct diag *d,
    struct output *out)
{
	struct arena		*a = &s->arena;
	const struct estyle	*e;
	struct value		*col;
	char			*yaml, year[8];

	memset(c, 0, sizeof(*c));
	c->s = s;
	c->L = L;
	c->d = d;
	c->out = out;
	c->ok = 1;
	c->col = default_colours;
	if (s->brand_primary != NULL)
		c->col.primary = s->brand_primary;
	if (s->brand_accent != NULL)
		c->col.accent = s->brand_accent;
	yaml = path_join(s->dir, "site.yaml");
	if (!tz_load(&c->tz, s->timezone, d, yaml))
		c->ok = 0;
	free(yaml);
	c->style = v_map(a);
	for (e = styles; e->name != NULL; e++)
		v_sets(a, c->style, e->name, colour_style(a, &c->col,
		    e->style));
	col = v_map(a);
	v_sets(a, col, "primary", c->col.primary);
	v_sets(a, col, "accent", c->col.accent);
	c->site = v_map(a);
	v_sets(a, c->site, "title", s->title);
	v_sets(a, c->site, "short_name", s->short_name);
	v_sets(a, c->site, "description", s->description);
	v_sets(a, c->site, "email", s->email);
	v_sets(a, c->site, "language", s->language);
	v_sets(a, c->site, "dir", lang_dir(s->language));
	v_sets(a, c->site, "base_url", s->base_url);
	v_sets(a, c->site, "url", "/");
	v_sets(a, c->site, "logo", s->logo ? aprintf(a, "/media/%s",
	    s->logo) : "");
	/* the logo 56 px high, and at most 240 px wide */
	if (s->logo != NULL) {
		char *file = xasprintf("%s/content/media/%s", s->dir, s->logo);
		long w = 56, h = 56;
		if (image_size(file, &w, &h)) {
			w = (w * 56 + h / 2) / h;
			h = 56;
			if (w > 240) {
				h = (56 * 240 + w / 2) / w;
				w = 240;
			}
			w = w < 1 ? 1 : w;
			h = h < 1 ? 1 : h;
		}
		free(file);
		v_sets(a, c->site, "logo_width", aprintf(a, "%ld", w));
		v_sets(a, c->site, "logo_height", aprintf(a, "%ld", h));
	}
	snprintf(year, sizeof(year), "%d", s->today.y);
	v_sets(a, c->site, "year", astrdup(a, year));
	v_set(a, c->site, "colours", col);
}

/* The Date: header: the item's date at 09:00 in the site's zone. */
static const char *
mail_date(struct ectx *c, struct arena *a, const struct date *dt)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	long	 off = tz_offset(&c->tz, dt, 9 * 3600) / 60;

	return aprintf(a, "%s, %02d %s %04d 09:00:00 %c%02ld%02ld",
	    days[date_weekday(dt)], dt->d, months[dt->m - 1], dt->y,
	    off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/*
 * Writes the email edition of doc: email.html, email.txt and email.eml
 * as dir (like "newsletters/x/", or "") followed by those names under
 * the output folder.  Returns 0 after reporting errors.
 */
static int
email_doc(struct ectx *c, const struct doc *doc, const char *dir)
{
	struct arena	 a = { 0 };
	struct value	*root = v_map(&a);
	const char	*absurl;
	char		*html, *text, *eml;
	size_t		 hlen, tlen, elen;
	int		 ok = 1;

	absurl = aprintf(&a, "%s%s", c->s->base_url, doc->url + 1);
	v_set(&a, root, "site", c->site);
	v_set(&a, root, "style", c->style);
	v_set(&a, root, "page", page_value(c, &a, doc, absurl));
	html = layout_render(c->L, c->d, "email", root, doc->url,
	    c->s->base_url, &hlen);
	if (html == NULL) {
		arena_free(&a);
		return 0;
	}
	if (hlen > GMAIL_CLIP)
		diag(c->d, LVL_WARNING, doc->path, 0, 0, "%semail.html is %zu "
		    "KB, over 102 KB: Gmail will clip it; move some of the "
		    "text to the web page and link to it", dir,
		    (hlen + 1023) / 1024);
	text = email_text(html, hlen, &tlen);
	eml = mime_message(doc->title, mail_date(c, &a, &doc->date), text,
	    tlen, html, hlen, &elen);
	if (!out_put(c->out, c->d, aprintf(&a, "%semail.html", dir), html,
	    hlen) ||
	    !out_put(c->out, c->d, aprintf(&a, "%semail.txt", dir), text,
	    tlen) ||
	    !out_put(c->out, c->d, aprintf(&a, "%semail.eml", dir), eml, elen))
		ok = 0;
	free(html);
	free(text);
	free(eml);
	arena_free(&a);
	return ok;
}

/* The emails of a build, shared by the threads that make them. */
struct ework {
	struct ectx	*c;
	struct doc	**docs;
	size_t		 n;
	struct jobs	 q;		/* which of docs to take next */
};

static void *
email_worker(void *arg)
{
	struct ework	*w = arg;
	struct doc	*doc;
	char		*dir;
	size_t		 i;

	while (jobs_next(&w->q, &i)) {
		doc = w->docs[i];
		diag_key(doc->key);
		dir = xasprintf("%s/%s/", ctypes[doc->type].dir, doc->slug);
		if (!email_doc(w->c, doc, dir))
			__atomic_store_n(&w->c->ok, 0, __ATOMIC_RELAXED);
		free(dir);
	}
	diag_key(0);
	return NULL;
}

/*
 * Every newsletter's and bulletin's email edition, with out->jobs
 * threads.  Returns 0 after errors.
 */
int
emails_write(struct site *s, struct layouts *L, struct diag *d,
    struct output *out)
{
	static const enum ctype types[] = { T_BULLETIN, T_NEWSLETTER };
	struct ectx	 c;
	struct ework	 w;
	struct doc	*doc;
	size_t		 i, t, want;

	memset(&w, 0, sizeof(w));
	w.docs = xmalloc((s->docs[T_BULLETIN].n + s->docs[T_NEWSLETTER].n +
	    1) * sizeof(*w.docs));
	for (t = 0; t < 2; t++)
		for (i = 0; i < s->docs[types[t]].n; i++) {
			doc = s->docs[types[t]].v[i];
			if (!doc->excluded && !doc->failed)
				w.docs[w.n++] = doc;
		}
	if (w.n == 0) {
		free(w.docs);
		return 1;
	}
	ectx_init(&c, s, L, d, out);
	w.c = &c;
	if (c.ok && !layout_ready(L, "email"))
		c.ok = 0;
	if (c.ok) {
		/* a thread for every 8 emails at most: few are quicker alone */
		want = out->jobs > 1 ? (size_t)out->jobs : 1;
		want = want > w.n / 8 + 1 ? w.n / 8 + 1 : want;
		w.q.n = w.n;
		jobs_run(d, (int)want, email_worker, &w, NULL, NULL);
	}
	free(w.docs);
	return c.ok;
}

/*
 * herald email: loads and checks the site in sitedir (NULL: found as
 * below) as a build does,
 * then writes the email edition of the newsletter or bulletin in file
 * into dir.  Returns the exit status: 0, 1 after errors; 2 when file is
 * no newsletter or bulletin of the site, 3 when it is a draft left out.
 */
int
email_run(const char *sitedir, const char *file, const char *dir,
    const struct date *today, int drafts, int quiet)
{
	struct site	 s;
	struct diag	 d;
	struct output	 out;
	struct ectx	 c;
	struct layouts	*L = NULL;
	struct doc	*doc, *found = NULL;
	char		*want, *have, *found_site = NULL;
	size_t		 i;
	int		 t, status = 1;

	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));
	memset(&out, 0, sizeof(out));
	/* no site named: the current folder's, else the one holding
	 * SITE/content/newsletters/FILE.md (or bulletins) */
	if (sitedir == NULL && !is_file("site.yaml") &&
	    (want = realpath(file, NULL)) != NULL) {
		have = strrchr(want, '/');
		for (t = T_BULLETIN; t <= T_NEWSLETTER && sitedir == NULL; t++) {
			char *tail = xasprintf("/content/%s", ctypes[t].dir);
			size_t tl = strlen(tail);
			if ((size_t)(have - want) > tl &&
			    strncmp(have - tl, tail, tl) == 0)
				sitedir = found_site = xstrndup(want,
				    (size_t)(have - tl - want));
			free(tail);
		}
		free(want);
	}
	if (sitedir == NULL)
		sitedir = ".";
	d.quiet = quiet;
	s.dir = sitedir;
	s.today = *today;
	s.drafts = drafts;
	markdown_init();
	site_load(&s, &d, 1);
	if ((want = realpath(file, NULL)) != NULL)
		for (t = T_BULLETIN; t <= T_NEWSLETTER; t++)
			for (i = 0; i < s.docs[t].n && found == NULL; i++) {
				doc = s.docs[t].v[i];
				if ((have = realpath(doc->file, NULL)) != NULL &&
				    strcmp(have, want) == 0)
					found = doc;
				free(have);
			}
	free(want);
	if (found == NULL && d.errors > 0)
		goto done;		/* no site there: its error says so */
	if (found == NULL || found->excluded) {
		status = found == NULL ? 2 : 3;
		goto done;
	}
	site_link(&s, &d);
	markdown_site(&s, &d, 1);
	if (d.errors > 0)
		goto done;
	L = layouts_load(sitedir, &d);
	if (d.errors > 0)
		goto done;
	if (!mkdirs(dir)) {
		diag(&d, LVL_ERROR, dir, 0, 0, "cannot make the folder: %s",
		    strerror(errno));
		goto done;
	}
	out.dir = dir;
	out.write = 1;
	out.jobs = 1;
	ectx_init(&c, &s, L, &d, &out);
	if (!c.ok || !email_doc(&c, found, "") || d.errors > 0)
		goto done;
	status = 0;
	if (!quiet)
		printf("wrote %s/email.html, email.txt and email.eml\n", dir);
done:
	diag_summary(&d);
	layouts_free(L);
	site_free(&s);
	diag_free(&d);
	free(found_site);
	return status;
}
