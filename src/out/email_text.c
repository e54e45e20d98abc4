/* email_text.c: the plain-text part of an email, read from its email.html: 72 columns, underlined headings, numbered links. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "herald.h"

#define TEXT_WIDTH	72

/* The plain text as it is made. */
struct tw {
	xmlBufferPtr	 out;		/* the text so far */
	xmlBufferPtr	 para;		/* the paragraph being gathered */
	char		 prefix[64];	/* quote marks and list indent */
	const char	*first;		/* the first line's prefix instead
					   (a list item's "- "), or NULL */
	char		 firstbuf[80];	/* where first points */
	int		 blank;		/* out ends with a blank line */
	int		 space;		/* a space is owed before the next word */
	int		 cell;		/* cells written in this table row */
	xmlChar		**links;	/* the numbered addresses */
	size_t		 nlinks, caplinks;
};

static void tw_node(struct tw *, xmlNodePtr, int);

static int
has_class(xmlNodePtr n, const char *cls)
{
	xmlChar		*v = xmlGetProp(n, BAD_CAST "class");
	const char	*p;
	size_t		 l = strlen(cls);
	int		 yes = 0;

	for (p = (const char *)v; p != NULL && (p = strstr(p, cls)) != NULL;
	    p += l)
		if ((p == (const char *)v || p[-1] == ' ') &&
		    (p[l] == '\0' || p[l] == ' '))
			yes = 1;
	xmlFree(v);
	return yes;
}

/* An element the reader does not see: display:none, or aria-hidden. */
static int
hidden(xmlNodePtr n)
{
	xmlChar	*st = xmlGetProp(n, BAD_CAST "style");
	xmlChar	*ah = xmlGetProp(n, BAD_CAST "aria-hidden");
	int	 yes;

	yes = (st != NULL && strstr((const char *)st, "display:none") !=
	    NULL) || (ah != NULL && xmlStrcmp(ah, BAD_CAST "true") == 0);
	xmlFree(st);
	xmlFree(ah);
	return yes;
}

/* Adds text to the paragraph, white space folded to single spaces. */
static void
tw_words(struct tw *t, const char *s)
{
	const char	*p;

	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    (s[0] == '\xc2' && s[1] == '\xa0')) {
			t->space = 1;
			s += *s == '\xc2' ? 2 : 1;
			continue;
		}
		for (p = s; *p != '\0' && *p != ' ' && *p != '\t' &&
		    *p != '\n' && *p != '\r' && !(p[0] == '\xc2' &&
		    p[1] == '\xa0'); p++)
			;
		if (t->space && xmlBufferLength(t->para) > 0)
			bput(t->para, " ", 1);
		t->space = 0;
		bput(t->para, s, (size_t)(p - s));
		s = p;
	}
}

static void
put_line(struct tw *t, const char *prefix, const char *s, size_t n)
{
	bputs(t->out, prefix);
	bput(t->out, s, n);
	bput(t->out, "\n", 1);
}

/* Writes the paragraph wrapped to the width, then underline (a
 * heading's character) and a blank line unless tight. */
static void
tw_flush(struct tw *t, char underline, int tight)
{
	const char	*s = (const char *)xmlBufferContent(t->para);
	const char	*line, *brk, *p, *pre = t->first != NULL ? t->first :
	    t->prefix;
	size_t		 width, cols, longest = 0, c;

	t->space = 0;
	if (xmlBufferLength(t->para) == 0)
		return;
	width = TEXT_WIDTH - utf8_count(t->prefix, strlen(t->prefix));
	while (*s != '\0') {
		/* the longest run of words that fits, or one word */
		line = s;
		brk = NULL;
		for (p = s, cols = 0; *p != '\0'; p++) {
			if (*p == ' ') {
				if (cols > width)
					break;
				brk = p;
			}
			if (((unsigned char)*p & 0xc0) != 0x80)
				cols++;
		}
		if (*p == '\0' && cols <= width)
			brk = p;
		else if (brk == NULL)
			brk = p;
		put_line(t, pre, line, (size_t)(brk - line));
		c = utf8_count(line, (size_t)(brk - line));
		longest = c > longest ? c : longest;
		pre = t->prefix;
		s = *brk == ' ' ? brk + 1 : brk;
	}
	if (underline) {
		bputs(t->out, t->prefix);
		for (c = 0; c < longest; c++)
			bput(t->out, &underline, 1);
		bput(t->out, "\n", 1);
	}
	if (!tight)
		bput(t->out, "\n", 1);
	t->blank = !tight;
	t->first = NULL;
	xmlBufferEmpty(t->para);
}

/* The number of a link's address, the same for the same address. */
static size_t
tw_link(struct tw *t, const xmlChar *href)
{
	size_t	 i;

	for (i = 0; i < t->nlinks; i++)
		if (xmlStrcmp(t->links[i], href) == 0)
			return i + 1;
	if (t->nlinks == t->caplinks) {
		t->caplinks = t->caplinks ? t->caplinks * 2 : 16;
		t->links = xrealloc(t->links, t->caplinks * sizeof(*t->links));
	}
	t->links[t->nlinks++] = xmlStrdup(href);
	return t->nlinks;
}

static void
tw_children(struct tw *t, xmlNodePtr n, int data)
{
	xmlNodePtr	 c;

	for (c = n->children; c != NULL; c = c->next)
		tw_node(t, c, data);
}

/* A link: its words, then [N] for its address listed at the end; the
 * "View this online" link (class "online") shows its address there. */
static void
tw_anchor(struct tw *t, xmlNodePtr n, int data)
{
	xmlChar		*href = xmlGetProp(n, BAD_CAST "href");
	xmlChar		*text;
	const char	*h = (const char *)href;
	char		 num[32];

	if (href == NULL || href[0] == '\0' || href[0] == '#') {
		tw_children(t, n, data);
		xmlFree(href);
		return;
	}
	if (has_class(n, "online")) {
		tw_children(t, n, data);
		tw_words(t, ":");
		t->space = 1;
		tw_words(t, h);
		xmlFree(href);
		return;
	}
	text = xmlNodeGetContent(n);
	tw_children(t, n, data);
	/* an address written out in full needs no number */
	if (text == NULL || (xmlStrcmp(text, href) != 0 &&
	    !(strncmp(h, "mailto:", 7) == 0 &&
	    xmlStrcmp(text, BAD_CAST (h + 7)) == 0))) {
		snprintf(num, sizeof(num), "[%zu]", tw_link(t, href));
		t->space = 1;
		tw_words(t, num);
	}
	xmlFree(text);
	xmlFree(href);
}

/* Runs the children as a block with more prefix (quotes, list items). */
static void
tw_indent(struct tw *t, xmlNodePtr n, int data, const char *add,
    const char *first)
{
	size_t		 len = strlen(t->prefix);

	tw_flush(t, 0, 0);
	if (len + strlen(add) < sizeof(t->prefix))
		strcat(t->prefix, add);
	if (first != NULL) {
		snprintf(t->firstbuf, sizeof(t->firstbuf), "%.*s%s",
		    (int)len, t->prefix, first);
		t->first = t->firstbuf;
	}
	tw_children(t, n, data);
	tw_flush(t, 0, 1);
	t->prefix[len] = '\0';
	if (!t->blank) {
		bput(t->out, "\n", 1);
		t->blank = 1;
	}
}

static int
is_block(const char *name)
{
	static const char *const blocks[] = { "p", "div", "table", "tr",
	    "td", "th", "center", "section", "header", "footer", "main",
	    "article", "dl", "dt", "dd", "figure", "figcaption", "pre", NULL };
	size_t	 i;

	for (i = 0; blocks[i] != NULL; i++)
		if (strcmp(name, blocks[i]) == 0)
			return 1;
	return 0;
}

static void
tw_list(struct tw *t, xmlNodePtr n, int data, int ordered)
{
	xmlNodePtr	 c;
	char		 mark[16];
	int		 k = 1;

	tw_flush(t, 0, 0);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(c->name, BAD_CAST "li") != 0)
			continue;
		if (ordered)
			snprintf(mark, sizeof(mark), "%d. ", k++);
		else
			strcpy(mark, "- ");
		tw_indent(t, c, data, ordered ? "   " : "  ", mark);
		/* items follow one another without a blank line */
		if (t->blank && xmlBufferLength(t->out) > 1) {
			t->out->content[--t->out->use] = '\0';
			t->blank = 0;
		}
	}
	if (!t->blank) {
		bput(t->out, "\n", 1);
		t->blank = 1;
	}
}

/* data: inside a table of data (not role="presentation") */
static void
tw_element(struct tw *t, xmlNodePtr n, int data)
{
	const char	*name = (const char *)n->name;
	xmlChar		*v;

	if (strcmp(name, "head") == 0 || strcmp(name, "style") == 0 ||
	    strcmp(name, "script") == 0 || hidden(n))
		return;
	if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    name[2] == '\0') {
		tw_flush(t, 0, 0);
		tw_children(t, n, data);
		tw_flush(t, name[1] == '1' ? '=' : '-', 0);
	} else if (strcmp(name, "a") == 0)
		tw_anchor(t, n, data);
	else if (strcmp(name, "img") == 0) {
		if ((v = xmlGetProp(n, BAD_CAST "alt")) != NULL &&
		    v[0] != '\0') {
			t->space = 1;
			tw_words(t, "[");
			tw_words(t, (const char *)v);
			tw_words(t, "]");
		}
		xmlFree(v);
	} else if (strcmp(name, "br") == 0)
		tw_flush(t, 0, 1);
	else if (strcmp(name, "hr") == 0) {
		tw_flush(t, 0, 0);
		put_line(t, t->prefix, "----", 4);
		bput(t->out, "\n", 1);
	} else if (strcmp(name, "blockquote") == 0)
		tw_indent(t, n, data, "> ", NULL);
	else if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0)
		tw_list(t, n, data, name[0] == 'o');
	else if (strcmp(name, "table") == 0) {
		v = xmlGetProp(n, BAD_CAST "role");
		data = v == NULL || xmlStrcmp(v, BAD_CAST "presentation") != 0;
		xmlFree(v);
		tw_flush(t, 0, 0);
		tw_children(t, n, data);
		tw_flush(t, 0, 0);
		if (data && !t->blank) {
			bput(t->out, "\n", 1);
			t->blank = 1;
		}
	} else if (data && strcmp(name, "tr") == 0) {
		/* a row of data: its cells on a line, " | " between */
		tw_flush(t, 0, 0);
		t->cell = 0;
		tw_children(t, n, data);
		tw_flush(t, 0, 1);
	} else if (data && (strcmp(name, "td") == 0 ||
	    strcmp(name, "th") == 0)) {
		if (t->cell++ > 0) {
			t->space = 1;
			tw_words(t, "|");
			t->space = 1;
		}
		tw_children(t, n, data);
	} else if (is_block(name)) {
		tw_flush(t, 0, 0);
		tw_children(t, n, data);
		tw_flush(t, 0, 0);
	} else
		tw_children(t, n, data);
}

static void
tw_node(struct tw *t, xmlNodePtr n, int data)
{
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content != NULL)
			tw_words(t, (const char *)n->content);
		break;
	case XML_ELEMENT_NODE:
		tw_element(t, n, data);
		break;
	default:
		break;
	}
}

/*
 * The plain text of an email's HTML (caller frees): what a reader sees,
 * wrapped at 72 columns, with headings underlined, lists marked "- " or
 * "1. ", and each link numbered and listed at the end.
 */
char *
email_text(const char *html, size_t len, size_t *lenp)
{
	struct tw	 t;
	htmlDocPtr	 doc;
	xmlNodePtr	 root;
	char		*res, num[32];
	size_t		 i;

	memset(&t, 0, sizeof(t));
	t.out = bnew();
	t.para = bnew();
	t.blank = 1;
	doc = len <= INT_MAX ? htmlReadMemory(html, (int)len, NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET) : NULL;
	if (doc != NULL && (root = xmlDocGetRootElement(doc)) != NULL)
		tw_node(&t, root, 0);
	tw_flush(&t, 0, 0);
	if (doc != NULL)
		xmlFreeDoc(doc);
	if (t.nlinks > 0) {
		bputs(t.out, "Links\n-----\n\n");
		for (i = 0; i < t.nlinks; i++) {
			snprintf(num, sizeof(num), "[%zu] ", i + 1);
			bputs(t.out, num);
			bputs(t.out, (const char *)t.links[i]);
			bputs(t.out, "\n");
			xmlFree(t.links[i]);
		}
	}
	free(t.links);
	/* one newline at the end */
	while (xmlBufferLength(t.out) > 1 &&
	    t.out->content[t.out->use - 1] == '\n' &&
	    t.out->content[t.out->use - 2] == '\n')
		t.out->content[--t.out->use] = '\0';
	*lenp = (size_t)xmlBufferLength(t.out);
	res = xstrndup((const char *)xmlBufferContent(t.out), *lenp);
	xmlBufferFree(t.out);
	xmlBufferFree(t.para);
	return res;
}
