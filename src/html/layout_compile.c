/* layout_compile.c: a merged layout compiled once to a flat list of operations, fixed markup as literals. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "layout.h"

/* The writer's blank state (html5w's blank) when compiling cannot know
 * it: after a value, or where loops and conditions meet. */
#define BLANK_UNKNOWN	(-1)

/* The herald attributes of one element, read when it is compiled. */
struct dirs {
	const char		*file;		/* layout file, for messages */
	int			 remove;	/* data-remove */
	int			 unwrap;	/* data-unwrap */
	const char		*each;		/* data-each, as written */
	char			*each_name;	/* its NAME, or NULL without
						   " in " */
	const struct expr	*each_list;	/* its LIST */
	const struct expr	*cond_if;	/* data-if */
	const struct expr	*cond_unless;	/* data-unless */
	const struct expr	*text;		/* data-text */
	const struct expr	*html;		/* data-html */
	struct dattr		*attrs;		/* data-attr-*, in order */
	size_t			 nattrs;
};

/* A layout being compiled. */
struct comp {
	struct layouts	*L;
	struct arena	*a;		/* where the layout lives */
	struct op	*ops;		/* the operations so far */
	size_t		 n, cap;
	struct html5w	 w;		/* writes the pending literal */
	size_t		 elements;	/* elements begun since the last op */
	int		 blank;		/* the writer's blank state after what
					   is compiled, or BLANK_UNKNOWN */
	size_t		 loops;		/* data-each around what is compiled */
	size_t		 maxloops;
};

/* ---- expressions ---- */

/* Whether the len bytes at s are a path: names of a-z, _ and digits,
 * joined by dots. */
static int
valid_path(const char *s, size_t len)
{
	size_t	 i;
	int	 start = 1;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_' ||
		    (!start && s[i] >= '0' && s[i] <= '9')))
			return 0;
		start = 0;
	}
	return !start;
}

/* Splits the path of len bytes at s. */
static void
path_compile(struct arena *a, struct path *p, const char *s, size_t len)
{
	const char	*seg, *end = s + len, *dot;
	size_t		 k;

	p->src = s;
	p->srclen = len;
	if (!valid_path(s, len)) {
		p->bad = 1;
		return;
	}
	for (p->n = 1, seg = s; seg < end; seg++)
		if (*seg == '.')
			p->n++;
	p->segs = amalloc(a, p->n * sizeof(*p->segs));
	for (k = 0, seg = s; k < p->n; k++, seg = dot + 1) {
		if ((dot = memchr(seg, '.', (size_t)(end - seg))) == NULL)
			dot = end;
		p->segs[k].s = seg;
		p->segs[k].len = (size_t)(dot - seg);
		p->segs[k].h = key_hash(seg, p->segs[k].len);
	}
}

/* An expression as filling uses it; src lives as long as the arena. */
static const struct expr *
expr_compile(struct arena *a, const char *src)
{
	struct expr	*x = amalloc(a, sizeof(*x));
	const char	*p, *open, *close;
	size_t		 len, n = 0;

	while (*src == ' ')
		src++;
	x->src = src;
	if (strchr(src, '{') == NULL) {
		len = strlen(src);
		while (len > 0 && src[len - 1] == ' ')
			len--;
		path_compile(a, &x->path, src, len);
		return x;
	}
	x->template = 1;
	for (p = src; (open = strchr(p, '{')) != NULL; p = close + 1) {
		if ((close = strchr(open, '}')) == NULL)
			break;
		n++;
	}
	x->parts = amalloc(a, (n + 1) * sizeof(*x->parts));
	for (p = src; (open = strchr(p, '{')) != NULL; p = close + 1) {
		if ((close = strchr(open, '}')) == NULL) {
			/* The text before the { is kept, the rest not. */
			x->unclosed = 1;
			x->tail = astrndup(a, p, (size_t)(open - p));
			return x;
		}
		x->parts[x->nparts].lit = p;
		x->parts[x->nparts].litlen = (size_t)(open - p);
		path_compile(a, &x->parts[x->nparts++].path, open + 1,
		    (size_t)(close - open - 1));
	}
	x->tail = p;
	return x;
}

/* ---- the herald attributes of an element ---- */

static const char *
attr_value(xmlAttrPtr a)
{
	if (a->children != NULL && a->children->type == XML_TEXT_NODE &&
	    a->children->content != NULL)
		return (const char *)a->children->content;
	return "";
}

/* Reads one herald attribute into d. */
static void
dirs_attr(struct arena *a, struct dirs *d, const char *name, const char *v)
{
	const char	*in;

	if (strcmp(name, "data-remove") == 0)
		d->remove = 1;
	else if (strcmp(name, "data-unwrap") == 0)
		d->unwrap = 1;
	else if (strcmp(name, "data-each") == 0) {
		d->each = v;
		if ((in = strstr(v, " in ")) != NULL) {
			d->each_name = astrndup(a, v, (size_t)(in - v));
			d->each_list = expr_compile(a, in + 4);
		}
	} else if (strcmp(name, "data-if") == 0)
		d->cond_if = expr_compile(a, v);
	else if (strcmp(name, "data-unless") == 0)
		d->cond_unless = expr_compile(a, v);
	else if (strcmp(name, "data-text") == 0)
		d->text = expr_compile(a, v);
	else if (strcmp(name, "data-html") == 0)
		d->html = expr_compile(a, v);
	else if (strncmp(name, "data-attr-", 10) == 0) {
		d->attrs[d->nattrs].name = astrdup(a, name + 10);
		d->attrs[d->nattrs].url = html5_url_attr(name + 10);
		d->attrs[d->nattrs++].expr = expr_compile(a, v);
	}
}

/* The herald attributes of element n, or NULL when it has none (loading
 * marked those that have with the file they came from). */
static const struct dirs *
dirs_read(struct comp *c, xmlNodePtr n)
{
	struct dirs	*d;
	xmlAttrPtr	 a;
	size_t		 k = 0;

	for (a = n->properties; a != NULL; a = a->next)
		if (xmlStrcmp(a->name, BAD_CAST "data-herald-o") == 0)
			break;
	if (a == NULL)
		return NULL;
	d = amalloc(c->a, sizeof(*d));
	d->file = layout_origin(c->L, n);
	for (a = n->properties; a != NULL; a = a->next)
		if (strncmp((const char *)a->name, "data-attr-", 10) == 0)
			k++;
	d->attrs = amalloc(c->a, (k + 1) * sizeof(*d->attrs));
	for (a = n->properties; a != NULL; a = a->next)
		dirs_attr(c->a, d, (const char *)a->name,
		    astrdup(c->a, attr_value(a)));
	return d;
}

/* ---- operations ---- */

/* Ends the pending literal as an OP_LIT; with force, also when it is
 * empty but elements were begun in it. */
static void
lit_flush(struct comp *c, int force)
{
	struct op	*op;
	size_t		 len = (size_t)xmlBufferLength(c->w.b);

	if (len == 0 && (!force || c->elements == 0))
		return;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->ops = xrealloc(c->ops, c->cap * sizeof(*c->ops));
	}
	op = &c->ops[c->n++];
	memset(op, 0, sizeof(*op));
	op->type = OP_LIT;
	op->elements = c->elements;
	op->s = astrndup(c->a, (const char *)xmlBufferContent(c->w.b), len);
	op->len = len;
	op->blank = len > 0 ? c->blank : BLANK_UNKNOWN;
	c->elements = 0;
	xmlBufferEmpty(c->w.b);
}

/* A new operation for element n (d its herald attributes), after the
 * pending literal; returns its index. */
static size_t
op_new(struct comp *c, enum op_type type, const struct dirs *d,
    xmlNodePtr n)
{
	struct op	*op;

	lit_flush(c, 0);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->ops = xrealloc(c->ops, c->cap * sizeof(*c->ops));
	}
	op = &c->ops[c->n];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->elements = c->elements;
	op->file = d != NULL ? d->file : "layout";
	op->line = n != NULL ? (int)xmlGetLineNo(n) : 0;
	c->elements = 0;
	return c->n++;
}

/* Blank text: one newline or space, unless blank text came just before. */
static void
comp_blank(struct comp *c, int nl)
{
	size_t	 k;

	if (c->blank == 0)
		bput(c->w.b, nl ? "\n" : " ", 1);
	else if (c->blank == BLANK_UNKNOWN) {
		k = op_new(c, OP_BLANK, NULL, NULL);
		c->ops[k].blank = nl;
	}
	c->blank = 1;
}

/* Text of the layout, as html5w_text() writes it with raw. */
static void
comp_text(struct comp *c, const char *s, int raw)
{
	if (s == NULL || s[0] == '\0')
		return;
	if (raw == 0 && s[strspn(s, " \t\r\n")] == '\0') {
		comp_blank(c, strchr(s, '\n') != NULL);
		return;
	}
	html5w_text(&c->w, s, raw);
	c->blank = 0;
}

/* An operation that reads expression x. */
static void
op_expr(struct comp *c, enum op_type type, const struct dirs *d,
    xmlNodePtr n, const struct expr *x, int arg)
{
	size_t	 k = op_new(c, type, d, n);

	c->ops[k].expr = x;
	if (type == OP_IF)
		c->ops[k].negate = arg;
	else
		c->ops[k].raw = arg;
}

static void
op_attr(struct comp *c, const struct dirs *d, xmlNodePtr n,
    const struct dattr *da)
{
	size_t	 k = op_new(c, OP_ATTR, d, n);

	c->ops[k].attr = da;
}

/* An attribute as the layout has it: site paths in URL attributes are
 * made relative to each page, everything else is written now. */
static void
comp_attr(struct comp *c, const char *name, const char *v)
{
	size_t	 k;

	if (html5_url_attr(name) && v[0] == '/' && v[1] != '/') {
		k = op_new(c, OP_URL, NULL, NULL);
		c->ops[k].name = astrdup(c->a, name);
		c->ops[k].s = astrdup(c->a, v);
	} else
		html5w_attr_as(&c->w, name, v, 0);
}

/* The start tag: the layout's own attributes in order, a data-attr
 * taking the place of the attribute it sets, new ones after. */
static void
comp_start(struct comp *c, xmlNodePtr n, const struct dirs *d)
{
	xmlAttrPtr	 a;
	signed char	*mode;
	size_t		 i, k, na = 0;

	for (a = n->properties; a != NULL; a = a->next)
		na++;
	mode = xmalloc(na + 1);
	for (i = 0, a = n->properties; a != NULL; a = a->next, i++) {
		mode[i] = -1;
		if (d != NULL && engine_attr(a->name)) {
			mode[i] = -2;
			continue;
		}
		for (k = 0; d != NULL && k < d->nattrs && k < 127; k++)
			if (xmlStrcmp(a->name, BAD_CAST d->attrs[k].name) == 0)
				mode[i] = (signed char)k;
	}
	html5w_open(&c->w, (const char *)n->name);
	c->blank = 0;
	for (i = 0, a = n->properties; a != NULL; a = a->next, i++)
		if (mode[i] >= 0)
			op_attr(c, d, n, &d->attrs[mode[i]]);
		else if (mode[i] == -1)
			comp_attr(c, (const char *)a->name, attr_value(a));
	for (k = 0; d != NULL && k < d->nattrs; k++) {
		for (i = 0; i < na && mode[i] != (signed char)k; i++)
			continue;
		if (i == na)
			op_attr(c, d, n, &d->attrs[k]);
	}
	html5w_close_start(&c->w);
	free(mode);
}

static void comp_node(struct comp *, xmlNodePtr, int);

static int
raw_kind(const xmlChar *name)
{
	if (xmlStrcmp(name, BAD_CAST "script") == 0 ||
	    xmlStrcmp(name, BAD_CAST "style") == 0)
		return 1;
	if (xmlStrcmp(name, BAD_CAST "pre") == 0 ||
	    xmlStrcmp(name, BAD_CAST "textarea") == 0)
		return 2;
	return 0;
}

/* One element but its loop: conditions, start tag, content, end tag.
 * Text is written with raw as html5w_text() takes it. */
static void
comp_body(struct comp *c, xmlNodePtr n, const struct dirs *d, int raw)
{
	xmlNodePtr	 ch;
	size_t		 ifs[2], nif = 0, i;
	int		 before, inner, isvoid;

	if (d != NULL && d->cond_if != NULL) {
		op_expr(c, OP_IF, d, n, d->cond_if, 0);
		ifs[nif++] = c->n - 1;
	}
	if (d != NULL && d->cond_unless != NULL) {
		op_expr(c, OP_IF, d, n, d->cond_unless, 1);
		ifs[nif++] = c->n - 1;
	}
	before = c->blank;
	isvoid = html5_void((const char *)n->name);
	inner = raw_kind(n->name) ? raw_kind(n->name) : raw;
	if (d == NULL || !d->unwrap)
		comp_start(c, n, d);
	if (d != NULL && d->text != NULL) {
		op_expr(c, OP_TEXT, d, n, d->text, inner == 1 ? 0 : inner);
		c->blank = BLANK_UNKNOWN;
	} else if (d != NULL && d->html != NULL) {
		op_expr(c, OP_HTML, d, n, d->html, inner == 1 ? 0 : inner);
		c->blank = BLANK_UNKNOWN;
	} else if (!isvoid)
		for (ch = n->children; ch != NULL; ch = ch->next)
			comp_node(c, ch, inner);
	if (d == NULL || !d->unwrap) {
		if (!isvoid) {
			html5w_end(&c->w, (const char *)n->name);
			c->blank = 0;
		} else
			/* What libxml2 2.9 put inside an HTML5 void element
			 * it did not know follows it. */
			for (ch = n->children; ch != NULL; ch = ch->next)
				comp_node(c, ch, raw);
	}
	if (nif > 0) {
		lit_flush(c, 1);
		for (i = 0; i < nif; i++)
			c->ops[ifs[i]].jump = c->n;
		if (c->blank != before)
			c->blank = BLANK_UNKNOWN;
	}
}

/* An element: counted as filling counts them, then its loop if any. */
static void
comp_element(struct comp *c, xmlNodePtr n, int raw)
{
	const struct dirs	*d = dirs_read(c, n);
	size_t			 each, k;

	c->elements++;
	if (d != NULL && d->remove)
		return;
	if (d == NULL || d->each == NULL) {
		comp_body(c, n, d, raw);
		return;
	}
	if (d->each_name == NULL) {
		k = op_new(c, OP_ERROR, d, n);
		c->ops[k].s = d->each;
		return;
	}
	each = op_new(c, OP_EACH, d, n);
	c->ops[each].name = d->each_name;
	c->ops[each].namelen = strlen(d->each_name);
	c->ops[each].nameh = key_hash(d->each_name, strlen(d->each_name));
	c->ops[each].name_ok = valid_path(d->each_name,
	    strlen(d->each_name)) && strchr(d->each_name, '.') == NULL;
	c->ops[each].list = strstr(d->each, " in ") + 4;
	c->ops[each].expr = d->each_list;
	if (++c->loops > c->maxloops)
		c->maxloops = c->loops;
	c->blank = BLANK_UNKNOWN;
	comp_body(c, n, d, raw);
	lit_flush(c, 1);
	k = op_new(c, OP_END, d, n);
	c->ops[k].jump = each;
	c->ops[each].jump = c->n;
	c->loops--;
	c->blank = BLANK_UNKNOWN;
}

static void
comp_node(struct comp *c, xmlNodePtr n, int raw)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		comp_element(c, n, raw);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		comp_text(c, (const char *)n->content, raw);
		break;
	case XML_COMMENT_NODE:
		html5w_comment(&c->w, (const char *)n->content);
		c->blank = 0;
		break;
	case XML_ENTITY_REF_NODE:
		html5w_entity(&c->w, (const char *)n->name);
		c->blank = 0;
		break;
	default:
		break;
	}
}

/* The operations of a merged layout, in the layouts' arena. */
static struct layout *
compile(struct layouts *L, xmlDocPtr doc)
{
	struct comp	 c;
	struct layout	*lay;
	xmlNodePtr	 n;
	int		 doctype = 0;

	memset(&c, 0, sizeof(c));
	c.L = L;
	c.a = &L->arena;
	c.w.b = bnew();
	c.w.page = "/";
	for (n = doc->children; n != NULL; n = n->next) {
		if (n->type == XML_DTD_NODE ||
		    (n->type == XML_ELEMENT_NODE && !doctype)) {
			/* Written past the writer: its blank state stays. */
			if (!doctype)
				bputs(c.w.b, "<!DOCTYPE html>\n");
			doctype = 1;
		}
		comp_node(&c, n, 0);
	}
	bputs(c.w.b, "\n");
	lit_flush(&c, 1);
	xmlBufferFree(c.w.b);
	lay = amalloc(c.a, sizeof(*lay));
	lay->n = c.n;
	lay->loops = c.maxloops;
	lay->ops = amalloc(c.a, (c.n + 1) * sizeof(*lay->ops));
	if (c.n > 0)
		memcpy(lay->ops, c.ops, c.n * sizeof(*lay->ops));
	free(c.ops);
	return lay;
}

/* Layout name compiled, once; NULL after reporting its mistakes. */
const struct layout *
layout_get(struct layouts *L, const char *name)
{
	struct layout	*lay;
	xmlDocPtr	 doc;

	if ((lay = named_get(&L->compiled, name)) != NULL)
		return lay;
	if ((doc = layout_merge(L, name, 0)) == NULL)
		return NULL;
	lay = compile(L, doc);
	named_put(&L->arena, &L->compiled, name, lay);
	return lay;
}

int
layout_ready(struct layouts *L, const char *name)
{
	return layout_get(L, name) != NULL;
}
