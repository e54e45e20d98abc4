/* email_html.c: a small reader of herald's and cmark-gfm's HTML into a tree, for the email editions. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "out/email.h"

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
read_tag(struct arena *a, struct tnode *n, const char *p, int all)
{
	size_t		 cap = 0;
	const char	*val;
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
		val = NULL;
#define ATTR(s, f) \
		if (nl == sizeof(s) - 1 && strncmp(name, s, nl) == 0) \
			n->f = val = unescape(a, v, vl);
		ATTR("class", cls)
		ATTR("style", style)
		ATTR("aria-hidden", aria)
		ATTR("role", role)
		ATTR("href", href)
		ATTR("alt", alt)
#undef ATTR
		if (!all || nl == 0)
			continue;
		if (n->nattrs == cap) {
			const char **na;
			cap = cap ? cap * 2 : 8;
			na = amalloc(a, 2 * cap * sizeof(*na));
			if (n->nattrs > 0)
				memcpy(na, n->attrs, 2 * n->nattrs *
				    sizeof(*na));
			n->attrs = na;
		}
		n->attrs[2 * n->nattrs] = astrndup(a, name, nl);
		n->attrs[2 * n->nattrs + 1] = val != NULL ? val :
		    unescape(a, v, vl);
		n->nattrs++;
	}
	return *p == '>' ? p + 1 : p;
}

/* The tree of html (NUL-terminated) in the arena; all: keep every
 * attribute. */
struct tnode *
html_tree(struct arena *a, const char *p, int all)
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
			p = read_tag(a, n, p + 1, all);
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

