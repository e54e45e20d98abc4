/* yaml_errors.c: YAML mistakes (and Word's curly quotes) told in the words of the person who typed them, with the fix. */
#include <stdio.h>
#include <string.h>

#include "herald.h"
#include "model/yaml_errors.h"

struct yline {
	const char	*s;		/* the line, without its line end */
	size_t		 len;
};

/* Line n (1-based) of text; len 0 and s NULL past the end. */
static struct yline
yline_get(const char *text, size_t len, int n)
{
	struct yline	 l = { NULL, 0 };
	size_t		 i = 0;
	int		 at = 1;

	while (i < len && at < n)
		if (text[i++] == '\n')
			at++;
	if (at != n || i > len)
		return l;
	l.s = text + i;
	while (i < len && text[i] != '\n')
		i++;
	l.len = (size_t)(text + i - l.s);
	if (l.len > 0 && l.s[l.len - 1] == '\r')
		l.len--;
	return l;
}

/* Spaces (and tabs) at the start of a line. */
static size_t
yline_indent(struct yline l)
{
	size_t	 i = 0;

	while (i < l.len && (l.s[i] == ' ' || l.s[i] == '\t'))
		i++;
	return i;
}

static int
key_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    (!first && ((c >= '0' && c <= '9') || c == '-'));
}

/* Length of a "name:" field name at byte i of the line, or 0. */
static size_t
key_at(struct yline l, size_t i)
{
	size_t	 j = i;

	if (j >= l.len || !key_char(l.s[j], 1))
		return 0;
	while (j < l.len && key_char(l.s[j], 0))
		j++;
	return j < l.len && l.s[j] == ':' ? j - i : 0;
}

/* Counts characters (UTF-8 lead bytes) of s[0..n): a 1-based column. */
static int
col_of(const char *s, size_t n)
{
	size_t	 i;
	int	 c = 1;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Writes the value v (length n) in straight double quotes into buf. */
static void
quoted(char *buf, size_t size, const char *v, size_t n)
{
	size_t	 o = 0, i;

	buf[o++] = '"';
	for (i = 0; i < n && o + 3 < size; i++) {
		if (v[i] == '"' || v[i] == '\\')
			buf[o++] = '\\';
		buf[o++] = v[i];
	}
	buf[o++] = '"';
	buf[o] = '\0';
}

/* "name:value", a field with no space after its colon: reported at the
 * first such line up to line last.  Returns 1 if one was found. */
static int
missing_space(struct diag *d, const char *file, const char *text,
    size_t len, int last)
{
	struct yline	 l;
	size_t		 in, k;
	int		 n;

	for (n = 1; n <= last; n++) {
		l = yline_get(text, len, n);
		if (l.s == NULL)
			break;
		in = yline_indent(l);
		if (in + 2 <= l.len && l.s[in] == '-' && l.s[in + 1] == ' ')
			in += 2;
		if ((k = key_at(l, in)) == 0 || in + k + 1 >= l.len)
			continue;
		if (l.s[in + k + 1] == ' ' || l.s[in + k + 1] == '\t' ||
		    l.s[in + k + 1] == '/' || l.s[in + k + 1] == ':')
			continue;
		diag(d, LVL_ERROR, file, n, col_of(l.s, in + k + 1),
		    "put a space after the colon: %.*s: %.*s", (int)k,
		    l.s + in, (int)(l.len - in - k - 1), l.s + in + k + 1);
		return 1;
	}
	return 0;
}

/* A colon inside an unquoted value: "title: Cuckooing: when ...". */
static int
colon_in_value(struct diag *d, const char *file, struct yline l, int line,
    int col)
{
	char		 buf[1024];
	size_t		 in, k, v, e;

	in = yline_indent(l);
	if (in + 2 <= l.len && l.s[in] == '-' && l.s[in + 1] == ' ')
		in += 2;
	if ((k = key_at(l, in)) == 0)
		return 0;
	v = in + k + 1;
	while (v < l.len && l.s[v] == ' ')
		v++;
	if (v >= l.len || col_of(l.s, v) > col)
		return 0;
	e = l.len;
	while (e > v && (l.s[e - 1] == ' ' || l.s[e - 1] == '\t'))
		e--;
	quoted(buf, sizeof(buf), l.s + v, e - v);
	diag(d, LVL_ERROR, file, line, col,
	    "the %.*s has a colon in it, so YAML reads the words before "
	    "that colon as another field name: put the whole %.*s in "
	    "straight double quotes: %.*s: %s", (int)k, l.s + in, (int)k,
	    l.s + in, (int)k, l.s + in, buf);
	return 1;
}

void
yaml_explain(struct diag *d, const char *file, const char *text,
    size_t len, const struct yaml_err *e)
{
	struct yline	 l = yline_get(text, len, e->line), c;
	size_t		 in = yline_indent(l);
	const char	*problem = e->problem ? e->problem : "cannot parse";
	int		 q;

	if (e->context != NULL &&
	    strcmp(e->context, "while scanning a quoted scalar") == 0) {
		c = yline_get(text, len, e->cline);
		q = c.s != NULL && (size_t)e->ccol - 1 < c.len ?
		    c.s[e->ccol - 1] : '"';
		diag(d, LVL_ERROR, file, e->cline, e->ccol,
		    "the %c that opens this value on line %d is never "
		    "closed: end the value with %c on the same line",
		    q, e->cline, q);
		return;
	}
	if (l.s != NULL && memchr(l.s, '\t', in) != NULL) {
		diag(d, LVL_ERROR, file, e->line,
		    col_of(l.s, (size_t)((const char *)memchr(l.s, '\t', in) -
		    l.s)), "this line is indented with a tab: YAML needs "
		    "spaces: replace the tab with two spaces");
		return;
	}
	if (l.s != NULL && (size_t)e->col - 1 < l.len &&
	    l.s[e->col - 1] == '\t') {
		diag(d, LVL_ERROR, file, e->line, e->col,
		    "a tab is not allowed here: use a space");
		return;
	}
	if (missing_space(d, file, text, len, e->line))
		return;
	if (strcmp(problem, "mapping values are not allowed in this context")
	    == 0 && l.s != NULL) {
		if (colon_in_value(d, file, l, e->line, e->col))
			return;
		diag(d, LVL_ERROR, file, e->line, (int)in + 1,
		    "this line is indented more than the field above it: "
		    "start every field at the same place, at the left edge");
		return;
	}
	if (l.s != NULL && in < l.len && l.s[in] == '-' &&
	    (strcmp(problem, "did not find expected key") == 0 ||
	    strcmp(problem, "did not find expected '-' indicator") == 0)) {
		diag(d, LVL_ERROR, file, e->line, (int)in + 1,
		    "this list item is outside its list: put the \"- \" "
		    "lines right under the field that holds them "
		    "(\"themes:\"), all indented the same");
		return;
	}
	if (strcmp(problem, "block sequence entries are not allowed in this "
	    "context") == 0) {
		diag(d, LVL_ERROR, file, e->line, e->col,
		    "a list item starts its own line: end this line after "
		    "the colon and put \"  - item\" on the lines below");
		return;
	}
	if (e->context != NULL)
		diag(d, LVL_ERROR, file, e->line, e->col,
		    "invalid YAML: %s (%s at line %d)", problem, e->context,
		    e->cline);
	else
		diag(d, LVL_ERROR, file, e->line, e->col,
		    "invalid YAML: %s", problem);
}

int
yaml_explain_scalar(struct diag *d, const char *file, const char *text,
    size_t len)
{
	return missing_space(d, file, text, len, 1 << 30);
}

/* Word's curly quotes at byte i: 1 for an opening one, 2 for a closing
 * one, 0 for none. */
static int
curly(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (i + 3 > n || u[0] != 0xe2 || u[1] != 0x80)
		return 0;
	if (u[2] == 0x9c || u[2] == 0x98)
		return 1;
	if (u[2] == 0x9d || u[2] == 0x99)
		return 2;
	return 0;
}

/* Rewrites one line's value if the whole value is in curly quotes.
 * out has room for the line; returns the new length, or 0. */
static size_t
straighten_line(struct yline l, char *out, size_t *vcol)
{
	size_t	 in = yline_indent(l), k, v, e, i, o;

	if (in + 2 <= l.len && l.s[in] == '-' && l.s[in + 1] == ' ')
		in += 2;
	if ((k = key_at(l, in)) > 0)
		in += k + 1;
	else if (in == yline_indent(l))
		return 0;
	v = in;
	while (v < l.len && l.s[v] == ' ')
		v++;
	e = l.len;
	while (e > v && (l.s[e - 1] == ' ' || l.s[e - 1] == '\t'))
		e--;
	if (e < v + 6 || curly(l.s, l.len, v) != 1 ||
	    curly(l.s, l.len, e - 3) == 0)
		return 0;
	/* Quotes inside: “a” and “b” is not one quoted value. */
	for (i = v + 3; i < e - 3; i++)
		if (l.s[i] == '"' || l.s[i] == '\\' || curly(l.s, e - 3, i))
			return 0;
	o = 0;
	memcpy(out, l.s, v);
	o = v;
	out[o++] = '"';
	memcpy(out + o, l.s + v + 3, e - 3 - v - 3);
	o += e - 3 - v - 3;
	out[o++] = '"';
	memcpy(out + o, l.s + e, l.len - e);
	o += l.len - e;
	*vcol = (size_t)col_of(l.s, v);
	return o;
}

const char *
yaml_straighten(struct arena *a, struct diag *d, const char *file,
    const char *text, size_t *lenp)
{
	struct yline	 l;
	char		*out;
	const char	*p = text, *end = text + *lenp;
	size_t		 o = 0, m, vcol, block = (size_t)-1, in;
	int		 n, changed = 0;

	out = amalloc(a, *lenp + 1);
	for (n = 1; p < end; n++) {
		l.s = p;
		while (p < end && *p != '\n')
			p++;
		l.len = (size_t)(p - l.s);
		if (l.len > 0 && l.s[l.len - 1] == '\r')
			l.len--;
		in = yline_indent(l);
		if (block != (size_t)-1 && (in == l.len || in > block))
			m = 0;		/* inside a "|" or ">" block */
		else {
			block = (size_t)-1;
			m = memchr(l.s, '#', l.len) == NULL ?
			    straighten_line(l, out + o, &vcol) : 0;
			if (l.len > 0 && (l.s[l.len - 1] == '|' ||
			    l.s[l.len - 1] == '>' || (l.len > 1 &&
			    (l.s[l.len - 2] == '|' || l.s[l.len - 2] == '>'))))
				block = in;
		}
		if (m > 0) {
			diag(d, LVL_WARNING, file, n, (int)vcol,
			    "this value is in curly quotes (“ ”), which YAML "
			    "does not take as quotes: herald read them as "
			    "straight quotes (\"); type straight quotes to "
			    "silence this");
			changed = 1;
			o += m;
			l.s += l.len;	/* copy what follows: \r, \n */
		}
		memcpy(out + o, l.s, (size_t)(p - l.s));
		o += (size_t)(p - l.s);
		if (p < end)
			out[o++] = *p++;
	}
	if (!changed)
		return text;
	out[o] = '\0';
	*lenp = o;
	return out;
}
