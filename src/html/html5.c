/* html5.c: writes a libxml2 tree as HTML5, keeping UTF-8 and making site links relative. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "herald.h"
#include "html/html5.h"


/* Bytes the escaper replaces. */
static const unsigned char stop_text[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1
};
static const unsigned char stop_attr[256] = {
	['&'] = 1, ['"'] = 1
};

#ifdef __SSE2__
/* Whether one of the 16 bytes at p is & < > or ", which an escaper may
 * replace.  Skipping 16 plain bytes at a time saves 3.9% of the pages
 * stage's instructions (callgrind, site1000 --no-pdfs -j1: 145.3M
 * without, 139.8M with). */
static int
html_maybe16(const unsigned char *p)
{
	__m128i	 v = _mm_loadu_si128((const __m128i *)(const void *)p), m;

	m = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('&')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
	m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
	return _mm_movemask_epi8(m) != 0;
}
#endif

/* Writes the n bytes at s, which hold no NUL, escaped for text (& < >)
 * or a quoted attribute (& "). */
static void
escape_n(xmlBufferPtr b, const char *s, size_t n, int attr)
{
	const unsigned char	*stop = attr ? stop_attr : stop_text;
	const unsigned char	*p = (const unsigned char *)s, *end = p + n,
				*start = p;

	for (;;) {
#ifdef __SSE2__
		while (end - p >= 16 && !html_maybe16(p))
			p += 16;
#endif
		/* Four bytes at a time while none needs escaping: without
		 * it (the byte loop alone) the stage takes 6.2% more
		 * instructions, 154.4M against 145.3M. */
		while (end - p >= 4 && !(stop[p[0]] | stop[p[1]] |
		    stop[p[2]] | stop[p[3]]))
			p += 4;
		while (p < end && !stop[*p])
			p++;
		bput(b, (const char *)start, (size_t)(p - start));
		if (p == end)
			return;
		switch (*p) {
		case '&':
			bput(b, "&amp;", 5);
			break;
		case '<':
			bput(b, "&lt;", 4);
			break;
		case '>':
			bput(b, "&gt;", 4);
			break;
		default:
			bput(b, "&quot;", 6);
			break;
		}
		start = ++p;
	}
}

/* escape_n() of the string s. */
static void
escape(xmlBufferPtr b, const char *s, int attr)
{
	escape_n(b, s, strlen(s), attr);
}

/* Writes relative_url(page, target) into b, escaped as an attribute
 * when attr is set. */
static void
relative_url_to(xmlBufferPtr b, const char *page, const char *target,
    int attr)
{
	const char	*p, *rest;
	size_t		 pathlen;
	int		 depth = 0;

	for (p = strchr(page, '/'); p != NULL; p = strchr(p + 1, '/'))
		depth++;
	while (--depth > 0)
		bput(b, "../", 3);
	target++;
	pathlen = strcspn(target, "?#");
	rest = target + pathlen;
	if (attr)
		escape_n(b, target, pathlen, 1);
	else
		bput(b, target, pathlen);
	if (pathlen == 0 || target[pathlen - 1] == '/')
		bput(b, "index.html", 10);
	if (attr)
		escape(b, rest, 1);
	else
		bputs(b, rest);
}

/*
 * The link from the page at site path page to site path target: "../"
 * for each folder of page, and index.html added to folder links, so the
 * site works from disk.  Returns an allocated string.
 */
char *
relative_url(const char *page, const char *target)
{
	xmlBufferPtr	 b = bnew();
	char		*out;

	relative_url_to(b, page, target, 0);
	out = xstrndup((const char *)xmlBufferContent(b),
	    (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
	return out;
}

/* Whether attribute name holds a URL: html5w_attr() makes the site
 * paths in these relative to the page. */
int
html5_url_attr(const char *name)
{
	return strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
	    strcmp(name, "action") == 0 || strcmp(name, "poster") == 0 ||
	    strcmp(name, "formaction") == 0;
}

/* Whether u starts with a scheme, like https: or mailto:. */
static int
has_scheme(const char *u)
{
	size_t	 n;

	if (!((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z')))
		return 0;
	n = strspn(u, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789+.-");
	return u[n] == ':';
}

/* Writes an attribute; site paths in URL attributes become links from
 * the page (or absolute, for pages shown at any address). */
void
html5w_attr(struct html5w *w, const char *name, const char *v)
{
	html5w_attr_as(w, name, v, html5_url_attr(name));
}

/* html5w_attr() when the caller knows whether name holds a URL. */
void
html5w_attr_as(struct html5w *w, const char *name, const char *v, int url)
{
	char	*rel;

	w->blank = 0;
	bput(w->b, " ", 1);
	bputs(w->b, name);
	bput(w->b, "=\"", 2);
	if (url && v[0] == '/' && v[1] != '/') {
		if (w->absbase != NULL) {
			rel = xasprintf("%s%s", w->absbase, v + 1);
			escape(w->b, rel, 1);
			free(rel);
		} else
			relative_url_to(w->b, w->page, v, 1);
	} else if (url && w->absbase != NULL && w->docurl != NULL &&
	    v[0] != '\0' && !has_scheme(v)) {
		xmlChar *abs = xmlBuildURI(BAD_CAST v, BAD_CAST w->docurl);
		escape(w->b, abs != NULL ? (const char *)abs : v, 1);
		xmlFree(abs);
	} else
		escape(w->b, v, 1);
	bput(w->b, "\"", 1);
}

static void
write_attr(struct html5w *w, xmlAttrPtr a)
{
	xmlChar		*val = NULL;
	const char	*v;

	if (xmlStrcmp(a->name, BAD_CAST "data-herald-o") == 0)
		return;
	/* An attribute is almost always one text node: no copy then. */
	if (a->children != NULL && a->children->next == NULL &&
	    a->children->type == XML_TEXT_NODE)
		v = a->children->content != NULL ?
		    (const char *)a->children->content : "";
	else {
		val = xmlNodeListGetString(a->doc, a->children, 1);
		v = val != NULL ? (const char *)val : "";
	}
	html5w_attr(w, (const char *)a->name, v);
	xmlFree(val);
}

void
html5w_open(struct html5w *w, const char *name)
{
	w->blank = 0;
	bputs(w->b, "<");
	bputs(w->b, name);
}

void
html5w_close_start(struct html5w *w)
{
	bputs(w->b, ">");
}

void
html5w_end(struct html5w *w, const char *name)
{
	w->blank = 0;
	bput(w->b, "</", 2);
	bputs(w->b, name);
	bput(w->b, ">", 1);
}

/* Whether name is an HTML5 void element, which has no end tag. */
int
html5_void(const char *name)
{
	static const char *const voids[] = { "area", "base", "br", "col",
	    "embed", "hr", "img", "input", "link", "meta", "source", "track",
	    "wbr", NULL };
	size_t	 i;

	for (i = 0; voids[i] != NULL; i++)
		if (strcmp(name, voids[i]) == 0)
			return 1;
	return 0;
}

/*
 * Writes text: raw 1 as it is (script, style); raw 2 escaped with its
 * whitespace kept (pre); raw 0 escaped, with a run of blank text left
 * by removed elements written once, as one newline or space.
 */
void
html5w_text(struct html5w *w, const char *s, int raw)
{
	if (s[0] == '\0')
		return;
	if (raw == 1) {
		w->blank = 0;
		bputs(w->b, s);
	} else if (raw == 0 && (s[0] == ' ' || s[0] == '\n' ||
	    s[0] == '\t' || s[0] == '\r') && s[strspn(s, " \t\r\n")] == '\0') {
		if (!w->blank)
			bputs(w->b, strchr(s, '\n') ? "\n" : " ");
		w->blank = 1;
	} else {
		w->blank = 0;
		escape(w->b, s, 0);
	}
}

/* html5w_text() of blank text (raw 0): one newline when nl, else one
 * space, unless blank text was just written. */
void
html5w_blank(struct html5w *w, int nl)
{
	if (!w->blank)
		bput(w->b, nl ? "\n" : " ", 1);
	w->blank = 1;
}

void
html5w_comment(struct html5w *w, const char *s)
{
	w->blank = 0;
	bputs(w->b, "<!--");
	if (s != NULL)
		bputs(w->b, s);
	bputs(w->b, "-->");
}

void
html5w_entity(struct html5w *w, const char *name)
{
	w->blank = 0;
	bprintf(w->b, "&%s;", name);
}

/*
 * Writes HTML that is already markup (cmark-gfm's), turning the site
 * paths of its href and src attributes into links from this page.
 */
void
html5w_markup(struct html5w *w, const char *s)
{
	const char	*p = s, *scan = s, *q, *val, *close;
	char		*url, *rel;

	w->blank = 0;
	while ((q = strstr(scan, "=\"/")) != NULL) {
		scan = q + 3;
		if (!((q - s >= 5 && strncmp(q - 5, " href", 5) == 0) ||
		    (q - s >= 4 && strncmp(q - 4, " src", 4) == 0)) ||
		    q[3] == '/')
			continue;
		val = q + 2;
		if ((close = strchr(val, '"')) == NULL)
			break;
		bput(w->b, p, (size_t)(val - p));
		url = xstrndup(val, (size_t)(close - val));
		if (w->absbase != NULL) {
			rel = xasprintf("%s%s", w->absbase, url + 1);
			bputs(w->b, rel);
			free(rel);
		} else
			relative_url_to(w->b, w->page, url, 0);
		free(url);
		p = scan = close;
	}
	bputs(w->b, p);
}

static void
write_node(struct html5w *w, xmlNodePtr n, int raw)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 c;

	switch (n->type) {
	case XML_CDATA_SECTION_NODE:
		if (n->content != NULL)
			html5w_markup(w, (const char *)n->content);
		break;
	case XML_TEXT_NODE:
		if (n->content != NULL)
			html5w_text(w, (const char *)n->content, raw);
		break;
	case XML_COMMENT_NODE:
		html5w_comment(w, (const char *)n->content);
		break;
	case XML_ENTITY_REF_NODE:
		html5w_entity(w, (const char *)n->name);
		break;
	case XML_ELEMENT_NODE:
		html5w_open(w, (const char *)n->name);
		for (a = n->properties; a != NULL; a = a->next)
			write_attr(w, a);
		html5w_close_start(w);
		if (html5_void((const char *)n->name)) {
			/* What libxml2 2.9 put inside an HTML5 void element
			 * it does not know follows it. */
			for (c = n->children; c != NULL; c = c->next)
				write_node(w, c, raw);
			break;
		}
		/* 1: raw text; 2: whitespace kept as it is. */
		if (xmlStrcmp(n->name, BAD_CAST "script") == 0 ||
		    xmlStrcmp(n->name, BAD_CAST "style") == 0)
			raw = 1;
		else if (xmlStrcmp(n->name, BAD_CAST "pre") == 0 ||
		    xmlStrcmp(n->name, BAD_CAST "textarea") == 0)
			raw = 2;
		for (c = n->children; c != NULL; c = c->next)
			write_node(w, c, raw);
		html5w_end(w, (const char *)n->name);
		break;
	default:
		break;
	}
}

/* Writes text escaped for HTML element content. */
void
html5_text(xmlBufferPtr b, const char *s)
{
	escape(b, s, 0);
}

/*
 * Writes html, a fragment such as rendered Markdown, for use outside the
 * site (feeds): site paths in links become absolute from base, and other
 * relative links are resolved against page, the fragment's absolute URL.
 * Returns 0 when libxml2 cannot parse it.
 */
int
html5_fragment(xmlBufferPtr b, const char *html, const char *base,
    const char *page)
{
	struct html5w	 w = { b, "/", base, page, 0 };
	htmlDocPtr	 doc;
	xmlNodePtr	 root, n, body = NULL;
	char		*wrapped;
	size_t		 len;

	if (html == NULL || html[0] == '\0')
		return 1;
	/* Inside body everything keeps its order, styles included. */
	wrapped = xasprintf("<!DOCTYPE html><html><body>%s</body></html>",
	    html);
	len = strlen(wrapped);
	doc = len <= INT_MAX ? htmlReadMemory(wrapped, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET) : NULL;
	free(wrapped);
	if (doc == NULL)
		return 0;
	root = xmlDocGetRootElement(doc);
	for (n = root != NULL ? root->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST "body") == 0)
			body = n;
	if (body != NULL)
		for (n = body->children; n != NULL; n = n->next)
			write_node(&w, n, 0);
	xmlFreeDoc(doc);
	return 1;
}
