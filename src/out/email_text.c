/* email_text.c: the plain-text part of an email, read from its email.html: 72 columns, underlined headings, numbered links. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "out/email.h"

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
	const char	**links;	/* the numbered addresses */
	size_t		 nlinks, caplinks;
};

static void tw_node(struct tw *, const struct tnode *, int);

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
	tw_children(&t, html_tree(&a, astrndup(&a, html, len), 0), 0);
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
