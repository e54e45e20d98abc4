/* email_text.c: the plain-text part of an email, read from its email.html: 72 columns, underlined headings, numbered links. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"

#define TEXT_WIDTH	72

/*
 * The HTML is herald's own (layout_fill()'s), every element closed and
 * only &amp; &lt; &gt; &quot; and numeric references escaped, so a small
 * reader of its own makes the tree: libxml2's HTML parser took two
 * fifths of a build here.  Only the attributes the text needs are kept.
 */
struct tnode {
	const char	*name;		/* element name, or NULL for text */
	const char	*text;		/* text, entities replaced */
	const char	*cls, *style, *aria, *role, *href, *alt;
	struct tnode	*child, *last;	/* first and last child */
	struct tnode	*next, *up;
};

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
	const char	**links;	/* the numbered addresses */
	size_t		 nlinks, caplinks;
};

static void tw_node(struct tw *, const struct tnode *, int);

/* ---- reading the HTML ---- */

/* Appends the UTF-8 of code point c. */
static char *
put_utf8(char *o, unsigned long c)
{
	if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80)
		*o++ = (char)c;
	else if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	return o;
}

/* s[0..n) with character references replaced, in the arena. */
static const char *
unescape(struct arena *a, const char *s, size_t n)
{
	static const struct { const char *name; unsigned long c; } ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
		{ "apos", '\'' }, { "nbsp", 0xa0 }, { "zwnj", 0x200c },
		{ NULL, 0 }
	};
	const char	*end = s + n, *semi;
	char		*out, *o;
	size_t		 i, l;

	if (memchr(s, '&', n) == NULL)
		return astrndup(a, s, n);
	o = out = amalloc(a, n + 1);
	while (s < end) {
		if (*s != '&' || (semi = memchr(s, ';', (size_t)(end - s))) ==
		    NULL || semi - s > 10) {
			*o++ = *s++;
			continue;
		}
		l = (size_t)(semi - s - 1);
		if (s[1] == '#') {
			/* 4 bytes of UTF-8 at most for "&#N;", 4 or more */
			o = put_utf8(o, s[2] == 'x' || s[2] == 'X' ?
			    strtoul(s + 3, NULL, 16) : strtoul(s + 2, NULL, 10));
			s = semi + 1;
			continue;
		}
		for (i = 0; ents[i].name != NULL; i++)
			if (strlen(ents[i].name) == l &&
			    strncmp(s + 1, ents[i].name, l) == 0)
				break;
		if (ents[i].name == NULL) {
			*o++ = *s++;
			continue;
		}
		o = put_utf8(o, ents[i].c);
		s = semi + 1;
	}
	*o = '\0';
	return out;
}

static struct tnode *
tnode_add(struct arena *a, struct tnode *up)
{
	struct tnode	*n = amalloc(a, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->up = up;
	if (up->last != NULL)
		up->last->next = n;
	else
		up->child = n;
	up->last = n;
	return n;
}

/* Reads one start tag after its "<"; returns where it ends. */
static const char *
read_tag(struct arena *a, struct tnode *n, const char *p)
{
	const char	*name, *v;
	size_t		 nl, vl;
	char		 q;

	nl = strcspn(p, " \t\n/>");
	n->name = astrndup(a, p, nl);
	for (p += nl; *p != '\0' && *p != '>'; ) {
		p += strspn(p, " \t\n/");
		if (*p == '>' || *p == '\0')
			break;
		name = p;
		nl = strcspn(p, " \t\n/>=");
		p += nl;
		v = "";
		vl = 0;
		if (*p == '=') {
			q = *++p;
			if (q == '"' || q == '\'') {
				v = ++p;
				p += vl = strcspn(p, q == '"' ? "\"" : "'");
				if (*p != '\0')
					p++;
			} else {
				v = p;
				p += vl = strcspn(p, " \t\n>");
			}
		}
#define ATTR(s, f) \
		if (nl == sizeof(s) - 1 && strncmp(name, s, nl) == 0) \
			n->f = unescape(a, v, vl);
		ATTR("class", cls)
		ATTR("style", style)
		ATTR("aria-hidden", aria)
		ATTR("role", role)
		ATTR("href", href)
		ATTR("alt", alt)
#undef ATTR
	}
	return *p == '>' ? p + 1 : p;
}

/* The tree of html (NUL-terminated), in the arena. */
static struct tnode *
read_html(struct arena *a, const char *p)
{
	struct tnode	*root = amalloc(a, sizeof(*root)), *cur, *n, *up;
	const char	*q, *close;
	size_t		 l;

	memset(root, 0, sizeof(*root));
	root->name = "";
	cur = root;
	while (*p != '\0') {
		if (*p != '<') {
			l = strcspn(p, "<");
			n = tnode_add(a, cur);
			n->text = unescape(a, p, l);
			p += l;
		} else if (strncmp(p, "<!--", 4) == 0) {
			q = strstr(p + 4, "-->");
			p = q != NULL ? q + 3 : p + strlen(p);
		} else if (p[1] == '!' || p[1] == '?') {
			p += strcspn(p, ">");
			p += *p == '>';
		} else if (p[1] == '/') {
			/* closes the nearest open element of that name */
			l = strcspn(p + 2, " \t\n>");
			for (up = cur; up != root && !(strlen(up->name) == l &&
			    strncmp(up->name, p + 2, l) == 0); up = up->up)
				;
			if (up != root)
				cur = up->up;
			p += 2 + l;
			p += strcspn(p, ">");
			p += *p == '>';
		} else if ((p[1] >= 'a' && p[1] <= 'z') ||
		    (p[1] >= 'A' && p[1] <= 'Z')) {
			n = tnode_add(a, cur);
			p = read_tag(a, n, p + 1);
			if (strcmp(n->name, "style") == 0 ||
			    strcmp(n->name, "script") == 0) {
				/* raw text, not needed: skipped whole */
				close = strstr(p, n->name[1] == 't' ?
				    "</style" : "</script");
				p = close != NULL ? close : p + strlen(p);
				p += strcspn(p, ">");
				p += *p == '>';
			} else if (!html5_void(n->name))
				cur = n;
		} else {
			n = tnode_add(a, cur);
			n->text = "<";
			p++;
		}
	}
	return root;
}

/* The text of n and everything in it, as written. */
static void
node_text(xmlBufferPtr b, const struct tnode *n)
{
	for (; n != NULL; n = n->next)
		if (n->name == NULL)
			bputs(b, n->text);
		else
			node_text(b, n->child);
}

/* ---- writing the text ---- */

static int
has_class(const struct tnode *n, const char *cls)
{
	const char	*p;
	size_t		 l = strlen(cls);

	for (p = n->cls; p != NULL && (p = strstr(p, cls)) != NULL; p += l)
		if ((p == n->cls || p[-1] == ' ') &&
		    (p[l] == '\0' || p[l] == ' '))
			return 1;
	return 0;
}

/* An element the reader does not see: display:none, or aria-hidden. */
static int
hidden(const struct tnode *n)
{
	return (n->style != NULL && strstr(n->style, "display:none") !=
	    NULL) || (n->aria != NULL && strcmp(n->aria, "true") == 0);
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
tw_link(struct tw *t, const char *href)
{
	size_t	 i;

	for (i = 0; i < t->nlinks; i++)
		if (strcmp(t->links[i], href) == 0)
			return i + 1;
	if (t->nlinks == t->caplinks) {
		t->caplinks = t->caplinks ? t->caplinks * 2 : 16;
		t->links = xrealloc(t->links, t->caplinks * sizeof(*t->links));
	}
	t->links[t->nlinks++] = href;
	return t->nlinks;
}

static void
tw_children(struct tw *t, const struct tnode *n, int data)
{
	const struct tnode	*c;

	for (c = n->child; c != NULL; c = c->next)
		tw_node(t, c, data);
}

/* A link: its words, then [N] for its address listed at the end; the
 * "View this online" link (class "online") shows its address there. */
static void
tw_anchor(struct tw *t, const struct tnode *n, int data)
{
	const char	*h = n->href, *text;
	xmlBufferPtr	 b;
	char		 num[32];
	int		 before;

	if (h == NULL || h[0] == '\0' || h[0] == '#') {
		tw_children(t, n, data);
		return;
	}
	if (has_class(n, "online")) {
		tw_children(t, n, data);
		tw_words(t, ":");
		t->space = 1;
		tw_words(t, h);
		return;
	}
	b = bnew();
	node_text(b, n->child);
	text = (const char *)xmlBufferContent(b);
	before = xmlBufferLength(t->para);
	tw_children(t, n, data);
	/* an address written out in full needs no number, nor a link that
	 * shows nothing (a logo without alt text) */
	if (xmlBufferLength(t->para) != before && strcmp(text, h) != 0 &&
	    !(strncmp(h, "mailto:", 7) == 0 &&
	    strcmp(text, h + 7) == 0)) {
		snprintf(num, sizeof(num), "[%zu]", tw_link(t, h));
		t->space = 1;
		tw_words(t, num);
	}
	xmlBufferFree(b);
}

/* Runs the children as a block with more prefix (quotes, list items). */
static void
tw_indent(struct tw *t, const struct tnode *n, int data, const char *add,
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
tw_list(struct tw *t, const struct tnode *n, int data, int ordered)
{
	const struct tnode	*c;
	char			 mark[16];
	int			 k = 1;

	tw_flush(t, 0, 0);
	for (c = n->child; c != NULL; c = c->next) {
		if (c->name == NULL || strcmp(c->name, "li") != 0)
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
tw_element(struct tw *t, const struct tnode *n, int data)
{
	const char	*name = n->name;

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
		if (n->alt != NULL && n->alt[0] != '\0') {
			t->space = 1;
			tw_words(t, "[");
			tw_words(t, n->alt);
			tw_words(t, "]");
		}
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
		data = n->role == NULL || strcmp(n->role, "presentation") != 0;
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
tw_node(struct tw *t, const struct tnode *n, int data)
{
	if (n->name == NULL)
		tw_words(t, n->text);
	else
		tw_element(t, n, data);
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
	struct arena	 a = { 0 };
	char		*res, num[32];
	size_t		 i;

	memset(&t, 0, sizeof(t));
	t.out = bnew();
	t.para = bnew();
	t.blank = 1;
	tw_children(&t, read_html(&a, astrndup(&a, html, len)), 0);
	tw_flush(&t, 0, 0);
	if (t.nlinks > 0) {
		bputs(t.out, "Links\n-----\n\n");
		for (i = 0; i < t.nlinks; i++) {
			snprintf(num, sizeof(num), "[%zu] ", i + 1);
			bputs(t.out, num);
			bputs(t.out, t.links[i]);
			bputs(t.out, "\n");
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
	arena_free(&a);
	return res;
}
