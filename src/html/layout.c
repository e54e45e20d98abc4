/* layout.c: HTML layouts parsed once with libxml2 into trees, merged, and filled for every page. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald.h"

#define MAX_NESTING	16
#define MAX_INCLUDES	1000		/* partials included in one layout */
/* A page stops growing here: loops nested in loops multiply. */
#define MAX_ELEMENTS	1000000		/* elements filled for one page */
#define MAX_PAGE	(64 << 20)	/* bytes of one page */
/* The kinds of blank text nodes, in their _private. */
#define BLANK_SP	1		/* spaces only */
#define BLANK_NL	2		/* with a newline */

struct layouts {
	const char	*sitedir;	/* site folder */
	struct diag	*d;		/* where messages go */
	xmlHashTablePtr	 parsed;	/* file name -> xmlDocPtr as written */
	xmlHashTablePtr	 compiled;	/* layout name -> merged xmlDocPtr */
	xmlHashTablePtr	 given;		/* file name -> struct embedded *
					   from layouts_set() */
	struct vec	 origins;	/* display paths, by origin index */
	struct arena	 arena;		/* origins and names */
	xmlHashTablePtr	 bodies;	/* element as written -> its number
					   (body_number()) */
	int		 nbodies;
};

static const char *const attrs_known[] = {
	"data-remove", "data-each", "data-if", "data-unless", "data-extends",
	"data-block", "data-include", "data-text", "data-html", "data-unwrap",
	NULL
};

/* ---- loading ---- */

static const struct embedded *
default_file(const char *name)
{
	size_t	 i;

	for (i = 0; i < herald_ndefaults; i++)
		if (strcmp(herald_defaults[i].name, name) == 0)
			return &herald_defaults[i];
	return NULL;
}

static int
is_herald_attr(const xmlChar *name)
{
	size_t	 i;

	if (strncmp((const char *)name, "data-attr-", 10) == 0)
		return 1;
	for (i = 0; attrs_known[i] != NULL; i++)
		if (strcmp((const char *)name, attrs_known[i]) == 0)
			return 1;
	return 0;
}

/* Marks elements that carry herald attributes with the file they came
 * from, so messages can name it after merging. */
static void
annotate(xmlNodePtr n, int origin)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 next;
	char		 buf[16];

	for (; n != NULL; n = next) {
		next = n->next;
		if (n->type == XML_COMMENT_NODE) {
			/* Comments are notes for designers, not readers. */
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (a = n->properties; a != NULL; a = a->next)
			if (is_herald_attr(a->name))
				break;
		if (a != NULL) {
			snprintf(buf, sizeof(buf), "%d", origin);
			xmlSetProp(n, BAD_CAST "data-herald-o", BAD_CAST buf);
		}
		annotate(n->children, origin);
	}
}

/* HTML5 void elements that libxml2 2.9 does not know take the content
 * after them as children; move it back out. */
static void
fix_voids(xmlNodePtr n)
{
	static const char *const voids[] = { "source", "track", "wbr",
	    "embed", NULL };
	xmlNodePtr	 c, next;
	size_t		 i;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; voids[i] != NULL; i++)
			if (xmlStrcmp(n->name, BAD_CAST voids[i]) == 0)
				break;
		if (voids[i] != NULL && n->children != NULL) {
			xmlNodePtr after = n;
			for (c = n->children; c != NULL; c = next) {
				next = c->next;
				xmlUnlinkNode(c);
				xmlAddNextSibling(after, c);
				after = c;
			}
		}
		fix_voids(n->children);
	}
}

struct perr {
	struct layouts	*L;
	const char	*path;
	int		 failed;
};

static void
parse_error(void *ctx, xmlErrorPtr e)
{
	struct perr		*pe = ctx;
	char			*msg, *nl;

	/* HTML5 elements unknown to libxml2, and "</" inside a script,
	 * are fine in a browser. */
	if (e == NULL || e->code == XML_HTML_UNKNOWN_TAG ||
	    e->level == XML_ERR_WARNING || (e->message != NULL &&
	    strstr(e->message, "embeds close tag") != NULL))
		return;
	msg = xstrdup(e->message != NULL ? e->message : "cannot parse");
	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
	diag(pe->L->d, LVL_ERROR, pe->path, e->line, e->int2,
	    "malformed layout: %s", msg);
	free(msg);
	pe->failed = 1;
}

/* Parses a layout file (the site's own, else the default) once. */
static xmlDocPtr
layout_parse(struct layouts *L, const char *name)
{
	htmlParserCtxtPtr	 ctxt;
	const struct embedded	*e;
	struct perr		 pe;
	xmlDocPtr		 doc;
	char			*rel, *path, *buf = NULL;
	const char		*data, *shown;
	size_t			 len;
	int			 origin;

	if ((doc = xmlHashLookup(L->parsed, BAD_CAST name)) != NULL)
		return doc;
	rel = xasprintf("layouts/%s", name);
	path = path_join(L->sitedir, rel);
	if ((e = xmlHashLookup(L->given, BAD_CAST name)) != NULL) {
		data = (const char *)e->data;
		len = e->len;
		shown = astrdup(&L->arena, path);
	} else if ((buf = read_file(path, &len)) != NULL) {
		data = buf;
		shown = astrdup(&L->arena, path);
	} else if (errno == ENOENT && (e = default_file(name)) != NULL) {
		data = (const char *)e->data;
		len = e->len;
		shown = aprintf(&L->arena, "%s (built in)", rel);
	} else {
		if (errno == ENOENT)
			diag(L->d, LVL_ERROR, path, 0, 0, "no such layout, "
			    "and herald has no default of that name");
		else
			diag(L->d, LVL_ERROR, path, 0, 0, "cannot read: %s",
			    strerror(errno));
		free(rel);
		free(path);
		return NULL;
	}
	free(rel);
	free(path);
	/* libxml2 stops at a NUL byte without a word. */
	if (!text_check(L->d, shown, data, len)) {
		free(buf);
		return NULL;
	}

	pe.L = L;
	pe.path = shown;
	pe.failed = 0;
	if ((ctxt = htmlNewParserCtxt()) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	/* The HTML parser reports through the thread's structured handler
	 * only; take it for the parse. */
	xmlSetStructuredErrorFunc(&pe, parse_error);
	doc = htmlCtxtReadMemory(ctxt, data, (int)len, shown, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	htmlFreeParserCtxt(ctxt);
	free(buf);
	if (doc == NULL || pe.failed) {
		if (doc == NULL)
			diag(L->d, LVL_ERROR, shown, 0, 0, "cannot parse the "
			    "layout");
		xmlFreeDoc(doc);
		return NULL;
	}
	origin = (int)L->origins.n;
	vec_push(&L->arena, &L->origins, (void *)shown);
	fix_voids(xmlDocGetRootElement(doc));
	annotate(doc->children, origin);
	if (xmlHashAddEntry(L->parsed, BAD_CAST name, doc) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	return doc;
}

static void
lerr(struct layouts *L, xmlNodePtr n, const char *fmt, const char *arg)
{
	xmlChar		*o;
	const char	*file = "layout";
	int		 i;

	if ((o = xmlGetProp(n, BAD_CAST "data-herald-o")) != NULL) {
		i = atoi((const char *)o);
		if (i >= 0 && (size_t)i < L->origins.n)
			file = L->origins.v[i];
		xmlFree(o);
	}
	diag(L->d, LVL_ERROR, file, (int)xmlGetLineNo(n), 1, fmt, arg);
}

static xmlNodePtr
find_body(xmlDocPtr doc)
{
	xmlNodePtr	 n;

	n = xmlDocGetRootElement(doc);
	if (n == NULL)
		return NULL;
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST "body") == 0)
			return n;
	return NULL;
}

static void
replace_children(xmlNodePtr el, xmlNodePtr list)
{
	xmlNodePtr	 c, next;

	for (c = el->children; c != NULL; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
	if (list != NULL)
		xmlAddChildList(el, list);
}

/* The partials being included, outermost first, and how many one
 * layout has included so far: partials that include each other would
 * otherwise multiply without end. */
struct incl {
	const char	*chain[MAX_NESTING];
	int		 depth;
	int		 total;
};

/* Replaces data-include elements' children with their partials. */
static int
resolve_includes(struct layouts *L, xmlDocPtr doc, xmlNodePtr n,
    struct incl *in)
{
	xmlChar		*inc;
	xmlDocPtr	 part;
	xmlNodePtr	 body;
	char		*name;
	int		 i, ok = 1;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((inc = xmlGetProp(n, BAD_CAST "data-include")) != NULL) {
			xmlUnsetProp(n, BAD_CAST "data-include");
			name = xasprintf("partials/%s.html", (char *)inc);
			for (i = 0; i < in->depth; i++)
				if (strcmp(in->chain[i], (char *)inc) == 0)
					break;
			if (i < in->depth) {
				lerr(L, n, "partial \"%s\" includes itself",
				    (char *)inc);
				ok = 0;
			} else if (in->depth >= MAX_NESTING) {
				lerr(L, n, "includes nested too deep at "
				    "\"%s\" (is a partial including itself?)",
				    (char *)inc);
				ok = 0;
			} else if (in->total >= MAX_INCLUDES) {
				lerr(L, n, "more than 1000 partials included "
				    "in one layout, at \"%s\": do partials "
				    "include each other?", (char *)inc);
				ok = 0;
			} else if (!valid_slug((char *)inc)) {
				lerr(L, n, "bad partial name \"%s\"",
				    (char *)inc);
				ok = 0;
			} else if ((part = layout_parse(L, name)) == NULL)
				ok = 0;
			else if ((body = find_body(part)) != NULL) {
				in->total++;
				replace_children(n, xmlDocCopyNodeList(doc,
				    body->children));
				in->chain[in->depth++] = (const char *)inc;
				if (!resolve_includes(L, doc, n->children, in))
					ok = 0;
				in->depth--;
			}
			free(name);
			xmlFree(inc);
			continue;
		}
		if (!resolve_includes(L, doc, n->children, in))
			ok = 0;
	}
	return ok;
}

static void
collect_blocks(xmlNodePtr n, xmlHashTablePtr blocks)
{
	xmlChar		*b;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((b = xmlGetProp(n, BAD_CAST "data-block")) != NULL) {
			xmlHashAddEntry(blocks, b, n);
			xmlFree(b);
			continue;
		}
		collect_blocks(n->children, blocks);
	}
}

static void
fill_blocks(xmlDocPtr doc, xmlNodePtr n, xmlHashTablePtr blocks)
{
	xmlChar		*b;
	xmlNodePtr	 src;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((b = xmlGetProp(n, BAD_CAST "data-block")) != NULL) {
			xmlUnsetProp(n, BAD_CAST "data-block");
			src = xmlHashLookup(blocks, b);
			xmlFree(b);
			if (src != NULL) {
				/* The page layout's content is final: a block
				 * named again inside it is not filled again
				 * (that would never end). */
				replace_children(n, xmlDocCopyNodeList(doc,
				    src->children));
				continue;
			}
		}
		fill_blocks(doc, n->children, blocks);
	}
}

static void prepare(struct layouts *, xmlNodePtr);
static void mark_pure(struct layouts *, xmlNodePtr);
static void mark_site_only(struct layouts *, xmlNodePtr);

/* A layout merged with the layout it extends, includes resolved, and
 * its herald attributes read. */
static xmlDocPtr
layout_compile(struct layouts *L, const char *name, int depth)
{
	xmlDocPtr	 src, base, doc;
	xmlNodePtr	 root;
	xmlChar		*ext;
	xmlHashTablePtr	 blocks;
	struct incl	 in;
	char		*file;

	if ((doc = xmlHashLookup(L->compiled, BAD_CAST name)) != NULL)
		return doc;
	file = xasprintf("%s.html", name);
	src = layout_parse(L, file);
	free(file);
	if (src == NULL)
		return NULL;
	if ((root = xmlDocGetRootElement(src)) == NULL) {
		diag(L->d, LVL_ERROR, (const char *)src->URL, 0, 0, "the "
		    "layout has no elements: write it as an HTML page, "
		    "<html> to </html>");
		return NULL;
	}
	if ((ext = xmlGetProp(root, BAD_CAST "data-extends")) != NULL) {
		if (depth >= MAX_NESTING || !valid_slug((char *)ext)) {
			lerr(L, root, "cannot extend \"%s\" (a loop of "
			    "layouts, or a bad name)", (char *)ext);
			xmlFree(ext);
			return NULL;
		}
		base = layout_compile(L, (char *)ext, depth + 1);
		xmlFree(ext);
		if (base == NULL)
			return NULL;
		if ((doc = xmlCopyDoc(base, 1)) == NULL ||
		    (blocks = xmlHashCreate(16)) == NULL) {
			fputs("herald: out of memory\n", stderr);
			exit(1);
		}
		collect_blocks(root, blocks);
		fill_blocks(doc, xmlDocGetRootElement(doc), blocks);
		xmlHashFree(blocks, NULL);
	} else if ((doc = xmlCopyDoc(src, 1)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	memset(&in, 0, sizeof(in));
	if (!resolve_includes(L, doc, xmlDocGetRootElement(doc), &in)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	prepare(L, doc->children);
	mark_pure(L, doc->children);
	mark_site_only(L, doc->children);
	if (xmlHashAddEntry(L->compiled, BAD_CAST name, doc) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	return doc;
}

struct layouts *
layouts_load(const char *sitedir, struct diag *d)
{
	struct layouts	*L;

	L = xcalloc(1, sizeof(*L));
	L->sitedir = sitedir;
	L->d = d;
	if ((L->parsed = xmlHashCreate(32)) == NULL ||
	    (L->compiled = xmlHashCreate(32)) == NULL ||
	    (L->bodies = xmlHashCreate(32)) == NULL ||
	    (L->given = xmlHashCreate(4)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	return L;
}

void
layouts_set(struct layouts *L, const char *name, const char *text,
    size_t len)
{
	struct embedded	*e;
	unsigned char	*copy;

	copy = amalloc(&L->arena, len + 1);
	memcpy(copy, text, len);
	e = amalloc(&L->arena, sizeof(*e));
	e->name = astrdup(&L->arena, name);
	e->data = copy;
	e->len = len;
	if (xmlHashUpdateEntry(L->given, BAD_CAST e->name, e, NULL) != 0) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
}

static void
free_doc(void *p, const xmlChar *name)
{
	(void)name;
	xmlFreeDoc(p);
}

void
layouts_free(struct layouts *L)
{
	if (L == NULL)
		return;
	xmlHashFree(L->parsed, free_doc);
	xmlHashFree(L->compiled, free_doc);
	xmlHashFree(L->given, NULL);
	xmlHashFree(L->bodies, NULL);
	arena_free(&L->arena);
	free(L);
}

/* ---- what each element asks, read once per compiled layout ---- */

/* A data-attr-NAME attribute. */
/* One name of a path like page.date.text, with its key_hash(). */
struct seg {
	const char	*s;
	size_t		 len;
	uint32_t	 h;
};

/* A path, split once when the layout is read. */
struct path {
	const char	*src;		/* as written, for messages */
	size_t		 srclen;
	struct seg	*segs;
	size_t		 n;
	int		 bad;		/* not a path: reported when used */
};

/* A piece of a text template: literal text, then {path}. */
struct tpart {
	const char	*lit;
	size_t		 litlen;
	struct path	 path;
};

/* An expression: a path, or text with {path} in it. */
struct expr {
	const char	*src;		/* as written, less leading spaces */
	int		 template;
	struct path	 path;		/* when not a template */
	struct tpart	*parts;		/* when a template */
	size_t		 nparts;
	const char	*tail;		/* text after the last {path} */
	int		 unclosed;	/* a { with no } after the parts */
};

struct dattr {
	const char		*name;	/* NAME */
	const struct expr	*expr;	/* its expression */
	int			 url;	/* NAME holds a URL */
};

/* The herald attributes of one element of a compiled layout; kept in
 * the element's _private, so filling a page never searches attributes. */
struct dirs {
	const char	*file;		/* layout file, for messages */
	int		 remove;	/* data-remove */
	int		 unwrap;	/* data-unwrap */
	const char	*each;		/* data-each, as written */
	char		*each_name;	/* its NAME, or NULL without " in " */
	const struct expr *each_list;	/* its LIST */
	const struct expr *cond_if;	/* data-if */
	const struct expr *cond_unless;	/* data-unless */
	const struct expr *text;	/* data-text */
	const struct expr *html;	/* data-html */
	struct dattr	*attrs;		/* data-attr-*, in order */
	size_t		 nattrs;
};

/* What filling needs of every element, worked out once per layout. */
struct elinfo {
	const struct dirs *d;		/* its herald attributes, or NULL */
	int		 isvoid;	/* an HTML5 void element */
	int		 raw;		/* 1 script/style, 2 pre/textarea, 0 */
	const char	*start;		/* the whole start tag, when it is the
					   same on every page; else NULL */
	size_t		 startlen;
	char		*end;		/* the end tag */
	size_t		 endlen;
	signed char	*attrmode;	/* per attribute: -2 the engine's, -1
					   as written, k set by data-attr k */
	int		 pure;		/* a loop whose items' markup depends
					   on the item alone (mark_pure()) */
	int		 site_only;	/* an element whose markup depends on
					   the value named site alone */
	int		 body;		/* for those and pure loops: the same
					   number for elements written the
					   same, in any layout */
};

static const char *
attr_value(xmlAttrPtr a)
{
	if (a->children != NULL && a->children->type == XML_TEXT_NODE &&
	    a->children->content != NULL)
		return (const char *)a->children->content;
	return "";
}

static int engine_attr(const xmlChar *);
static int url_attr(const char *);

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

static struct elinfo *
elinfo_new(struct layouts *L, xmlNodePtr n, const struct dirs *d)
{
	struct elinfo	*e;
	struct html5w	 w;
	xmlAttrPtr	 a;
	size_t		 i, k, na = 0;
	int		 fixed = 1;

	e = amalloc(&L->arena, sizeof(*e));
	e->d = d;
	e->isvoid = html5_void((const char *)n->name);
	e->raw = raw_kind(n->name);
	for (a = n->properties; a != NULL; a = a->next)
		na++;
	e->attrmode = amalloc(&L->arena, na + 1);
	for (i = 0, a = n->properties; a != NULL; a = a->next, i++) {
		e->attrmode[i] = -1;
		if (d != NULL && engine_attr(a->name)) {
			e->attrmode[i] = -2;
			continue;
		}
		for (k = 0; d != NULL && k < d->nattrs && k < 127; k++)
			if (xmlStrcmp(a->name, BAD_CAST d->attrs[k].name) == 0)
				e->attrmode[i] = (signed char)k;
		if (e->attrmode[i] >= 0 || (url_attr((const char *)a->name) &&
		    attr_value(a)[0] == '/'))
			fixed = 0;	/* differs from page to page */
	}
	if (d != NULL && d->nattrs > 0)
		fixed = 0;
	if (fixed) {
		memset(&w, 0, sizeof(w));
		w.b = bnew();
		w.page = "/";
		html5w_open(&w, (const char *)n->name);
		for (a = n->properties; a != NULL; a = a->next)
			if (d == NULL || !engine_attr(a->name))
				html5w_attr(&w, (const char *)a->name,
				    attr_value(a));
		html5w_close_start(&w);
		e->startlen = (size_t)xmlBufferLength(w.b);
		e->start = astrndup(&L->arena,
		    (const char *)xmlBufferContent(w.b), e->startlen);
		xmlBufferFree(w.b);
	}
	e->end = aprintf(&L->arena, "</%s>", (const char *)n->name);
	e->endlen = strlen(e->end);
	return e;
}

static int valid_path(const char *, size_t);

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

/* An expression as filling uses it, read once per layout. */
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

/* Reads the herald attributes of every element under n into dirs. */
static void
prepare(struct layouts *L, xmlNodePtr n)
{
	struct dirs	*d;
	xmlAttrPtr	 a;
	const char	*name, *v;
	size_t		 k;
	int		 i;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL) {
			/* Blank text, written as one space or newline: its
			 * kind is known once (fill_node()). */
			const char *t = (const char *)n->content;
			n->_private = NULL;
			if (t[0] != '\0' && t[strspn(t, " \t\r\n")] == '\0')
				n->_private = (void *)(uintptr_t)(strchr(t,
				    '\n') != NULL ? BLANK_NL : BLANK_SP);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		d = NULL;
		for (a = n->properties; a != NULL; a = a->next)
			if (xmlStrcmp(a->name, BAD_CAST "data-herald-o") == 0)
				break;
		if (a != NULL) {
			d = amalloc(&L->arena, sizeof(*d));
			i = atoi(attr_value(a));
			d->file = i >= 0 && (size_t)i < L->origins.n ?
			    L->origins.v[i] : "layout";
			for (a = n->properties; a != NULL; a = a->next)
				if (strncmp((const char *)a->name,
				    "data-attr-", 10) == 0)
					d->nattrs++;
			d->attrs = amalloc(&L->arena,
			    (d->nattrs + 1) * sizeof(*d->attrs));
			for (k = 0, a = n->properties; a != NULL; a = a->next) {
				name = (const char *)a->name;
				v = astrdup(&L->arena, attr_value(a));
				if (strcmp(name, "data-remove") == 0)
					d->remove = 1;
				else if (strcmp(name, "data-unwrap") == 0)
					d->unwrap = 1;
				else if (strcmp(name, "data-each") == 0) {
					const char *in = strstr(v, " in ");
					d->each = v;
					if (in != NULL) {
						d->each_name = astrndup(
						    &L->arena, v,
						    (size_t)(in - v));
						d->each_list = expr_compile(
						    &L->arena, in + 4);
					}
				} else if (strcmp(name, "data-if") == 0)
					d->cond_if = expr_compile(&L->arena, v);
				else if (strcmp(name, "data-unless") == 0)
					d->cond_unless = expr_compile(
					    &L->arena, v);
				else if (strcmp(name, "data-text") == 0)
					d->text = expr_compile(&L->arena, v);
				else if (strcmp(name, "data-html") == 0)
					d->html = expr_compile(&L->arena, v);
				else if (strncmp(name, "data-attr-", 10) == 0) {
					d->attrs[k].name = astrdup(&L->arena,
					    name + 10);
					d->attrs[k].url = html5_url_attr(
					    name + 10);
					d->attrs[k++].expr = expr_compile(
					    &L->arena, v);
				}
			}
		}
		n->_private = elinfo_new(L, n, d);
		prepare(L, n->children);
	}
}

/* Whether the attribute is the engine's, never written out. */
static int
engine_attr(const xmlChar *name)
{
	return is_herald_attr(name) ||
	    xmlStrcmp(name, BAD_CAST "data-herald-o") == 0;
}

/* ---- loops whose items look the same on every page ---- */

#define MAX_BOUND	16		/* loop names in scope, nested */

/* Whether path p starts with one of the n names. */
static int
path_bound(const struct path *p, const char *const *names, size_t n)
{
	size_t	 i;

	if (p->bad || p->n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strncmp(names[i], p->segs[0].s, p->segs[0].len) == 0 &&
		    names[i][p->segs[0].len] == '\0')
			return 1;
	return 0;
}

static int
expr_bound(const struct expr *x, const char *const *names, size_t n)
{
	size_t	 i;

	if (x == NULL)
		return 1;
	if (!x->template)
		return path_bound(&x->path, names, n);
	if (x->unclosed)
		return 0;
	for (i = 0; i < x->nparts; i++)
		if (!path_bound(&x->parts[i].path, names, n))
			return 0;
	return 1;
}

static int element_bound(xmlNodePtr, const char *const *, size_t);

/* What fill_body() reads of element n (its own herald attributes but
 * its loop's list) and of its children: only values the names name? */
static int
body_bound(xmlNodePtr n, const char *const *names, size_t nn)
{
	const struct elinfo	*e = n->_private;
	const struct dirs	*d = e->d;
	xmlNodePtr		 c;
	size_t			 k;

	if (d != NULL) {
		if (!expr_bound(d->cond_if, names, nn) ||
		    !expr_bound(d->cond_unless, names, nn) ||
		    !expr_bound(d->text, names, nn) ||
		    !expr_bound(d->html, names, nn))
			return 0;
		for (k = 0; k < d->nattrs; k++)
			if (!expr_bound(d->attrs[k].expr, names, nn))
				return 0;
	}
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !element_bound(c, names, nn))
			return 0;
	return 1;
}

/* A loop name as fill_element() takes it. */
static int
loop_name_ok(const char *name)
{
	return name != NULL && valid_path(name, strlen(name)) &&
	    strchr(name, '.') == NULL;
}

static int
element_bound(xmlNodePtr n, const char *const *names, size_t nn)
{
	const struct elinfo	*e = n->_private;
	const struct dirs	*d = e->d;
	const char		*inner[MAX_BOUND];

	if (d != NULL && d->remove)
		return 1;
	if (d == NULL || d->each == NULL)
		return body_bound(n, names, nn);
	/* A loop inside: its list is read outside it, its body with its
	 * own item and loop.* besides. */
	if (!loop_name_ok(d->each_name) || nn + 2 > MAX_BOUND ||
	    !expr_bound(d->each_list, names, nn))
		return 0;
	memcpy(inner, names, nn * sizeof(*names));
	inner[nn] = d->each_name;
	inner[nn + 1] = "loop";
	return body_bound(n, inner, nn + 2);
}

/* Writes element n as the layout has it, herald attributes and all but
 * the origin of its lines, each piece with its length first. */
static void
body_text(xmlBufferPtr b, xmlNodePtr n)
{
	xmlAttrPtr	 a;
	xmlNodePtr	 c;
	const char	*t;

	bprintf(b, "<%zu:%s", strlen((const char *)n->name),
	    (const char *)n->name);
	for (a = n->properties; a != NULL; a = a->next) {
		if (xmlStrcmp(a->name, BAD_CAST "data-herald-o") == 0)
			continue;
		t = attr_value(a);
		bprintf(b, " %zu:%s=%zu:", strlen((const char *)a->name),
		    (const char *)a->name, strlen(t));
		bputs(b, t);
	}
	bputs(b, ">");
	for (c = n->children; c != NULL; c = c->next) {
		switch (c->type) {
		case XML_ELEMENT_NODE:
			body_text(b, c);
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
		case XML_COMMENT_NODE:
			t = c->content != NULL ? (const char *)c->content : "";
			bprintf(b, "%c%zu:", c->type == XML_COMMENT_NODE ? 'C' :
			    c->type == XML_TEXT_NODE ? 'T' : 'D', strlen(t));
			bputs(b, t);
			break;
		case XML_ENTITY_REF_NODE:
			bprintf(b, "E%zu:%s", strlen((const char *)c->name),
			    (const char *)c->name);
			break;
		default:
			break;
		}
	}
	bputs(b, "</>");
}

/* The number of element n as written: elements written the same in two
 * layouts (a card, a header) fill the same way, so their kept markup is
 * shared. */
static int
body_number(struct layouts *L, xmlNodePtr n)
{
	xmlBufferPtr	 b = bnew();
	void		*v;
	int		 id;

	body_text(b, n);
	if ((v = xmlHashLookup(L->bodies, xmlBufferContent(b))) != NULL)
		id = (int)(intptr_t)v;
	else {
		id = ++L->nbodies;
		if (xmlHashAddEntry(L->bodies, xmlBufferContent(b),
		    (void *)(intptr_t)id) != 0) {
			fputs("herald: out of memory\n", stderr);
			exit(1);
		}
	}
	xmlBufferFree(b);
	return id;
}

/* Whether n is an element pages get (data-remove drops some). */
static int
filled_element(xmlNodePtr n)
{
	const struct elinfo	*e;

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	e = n->_private;
	return e->d == NULL || !e->d->remove;
}

/* Elements filled under n, but removed ones. */
static size_t
count_elements(xmlNodePtr n)
{
	size_t	 k = 0;

	for (; n != NULL; n = n->next)
		if (filled_element(n))
			k += 1 + count_elements(n->children);
	return k;
}

/*
 * Marks the biggest elements whose markup depends on nothing but the
 * value named site (the header and footer of the default layouts): pages
 * that share that value (pages.c makes one for each state of the nav)
 * write the same markup there, but for its relative links, which
 * layout_fill() keeps.  Small ones are not worth keeping.
 */
static void
mark_site_only(struct layouts *L, xmlNodePtr n)
{
	static const char *const site[] = { "site" };
	struct elinfo	*e;

	for (; n != NULL; n = n->next) {
		if (!filled_element(n))
			continue;
		e = n->_private;
		if (element_bound(n, site, 1) &&
		    1 + count_elements(n->children) >= 8) {
			e->site_only = 1;
			e->body = body_number(L, n);
		} else
			mark_site_only(L, n->children);
	}
}

/*
 * Marks the loops whose every item's markup depends on nothing but the
 * item: their bodies read only the item, and loops of their own, never
 * the page, the site or loop.index.  Such an item writes the same markup
 * wherever it is listed, but for its relative links, so layout_fill()
 * keeps it for the other pages and moves those links to each page's
 * depth (a document is listed in its section and under its themes).
 */
static void
mark_pure(struct layouts *L, xmlNodePtr n)
{
	struct elinfo	*e;
	const char	*name;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		e = n->_private;
		if (e->d != NULL && e->d->each != NULL && !e->d->remove &&
		    loop_name_ok(name = e->d->each_name))
			if ((e->pure = body_bound(n, &name, 1)))
				e->body = body_number(L, n);
		mark_pure(L, n->children);
	}
}

/* ---- expressions ---- */

/* Filling one page: the layout tree is walked, never changed, and the
 * page is written as it goes, every value through the escaper of the
 * text node or attribute it fills. */
struct fill {
	struct layouts		*L;
	struct html5w		 w;	/* the page being written */
	struct arena		*arena;	/* loop values and texts */
	const struct value	*root;	/* map of site, page, home */
	xmlBufferPtr		 scratch; /* text of one value */
	size_t			 elements; /* elements filled so far */
	int			 failed;
	int			 stopped;	/* too big: fill nothing more */
	int			 depth;		/* folders in the page's path */
	int			 site_stable;	/* the stable number of the value
						   named site, or 0 */
};

/* The markup an element wrote for a stable value (an item of a pure
 * loop, or the site), kept by the thread for the next page that shows
 * the value there: its relative links are moved to that page's depth. */
struct frag {
	struct frag		*next;	/* of the same value */
	int			 body;	/* the element's body_number() */
	int			 depth;	/* of the page it was made for */
	int			 raw;	/* fill_body()'s */
	int			 blank;	/* html5w's blank state before it */
	int			 blank_after;
	size_t			 elements;	/* elements it filled */
	size_t			*rel;	/* where its relative links start */
	size_t			 nrel;
	size_t			 len;
	char			 html[];
};

/* The thread's kept markup, by the value's stable number. */
static __thread struct frag	**frags;
static __thread size_t		  nfrags;

void
layout_thread_end(void)
{
	struct frag	*fr, *next;
	size_t		 i;

	for (i = 0; i < nfrags; i++)
		for (fr = frags[i]; fr != NULL; fr = next) {
			next = fr->next;
			free(fr->rel);
			free(fr);
		}
	free(frags);
	frags = NULL;
	nfrags = 0;
}

struct scope {
	const char		*name;
	const struct value	*v;
	const struct scope	*up;
};

static void
ferr(struct fill *f, xmlNodePtr n, const char *fmt, const char *arg)
{
	const struct elinfo	*e = n->_private;
	const struct dirs	*d = e != NULL ? e->d : NULL;

	diag(f->L->d, LVL_ERROR, d != NULL ? d->file : "layout",
	    (int)xmlGetLineNo(n), 1, fmt, arg);
	f->failed = 1;
}

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

static const struct value empty_value = { .t = V_STR, .s = "" };

/* The value a path names.  Reports an unknown value. */
static const struct value *
lookup(struct fill *f, xmlNodePtr n, const struct scope *sc,
    const struct path *p)
{
	const struct value	*v = NULL;
	const struct seg	*g;
	size_t			 k;

	if (p->bad) {
		char *q = xstrndup(p->src, p->srclen);
		ferr(f, n, "bad expression \"%s\": write a value name like "
		    "page.title, or text with {page.title} in it", q);
		free(q);
		return &empty_value;
	}
	for (k = 0; k < p->n && v != &empty_value; k++) {
		g = &p->segs[k];
		if (g->len >= 64) {
			v = NULL;
			break;
		}
		if (k == 0) {
			for (; sc != NULL; sc = sc->up)
				if (strncmp(sc->name, g->s, g->len) == 0 &&
				    sc->name[g->len] == '\0') {
					v = sc->v;
					break;
				}
			if (v == NULL)
				v = v_geth(f->root, g->s, g->len, g->h);
		} else if (v->t != V_MAP) {
			/* A field of an unset value is unset too. */
			v = v_true(v) ? NULL : &empty_value;
		} else
			v = v_geth(v, g->s, g->len, g->h);
		if (v == NULL)
			break;
	}
	if (v == NULL) {
		char *q = xstrndup(p->src, p->srclen);
		ferr(f, n, "unknown value \"%s\" (see docs/layouts.md for the "
		    "values a layout can use)", q);
		free(q);
		return &empty_value;
	}
	return v;
}

static void
value_text(xmlBufferPtr b, const struct value *v)
{
	const struct value	*t;

	switch (v->t) {
	case V_STR:
	case V_HTML:
		bputs(b, v->s);
		break;
	case V_BOOL:
		bputs(b, v->b ? "true" : "");
		break;
	case V_LIST:
		bprintf(b, "%zu", v->n);
		break;
	case V_MAP:
		if ((t = v_get(v, "text")) != NULL)
			value_text(b, t);
		else if ((t = v_get(v, "title")) != NULL)
			value_text(b, t);
		break;
	}
}

/* Evaluates an expression: a path gives its value, a text template a
 * string in the fill's arena. */
static const struct value *
eval(struct fill *f, xmlNodePtr n, const struct scope *sc,
    const struct expr *x)
{
	xmlBufferPtr	 b = f->scratch;
	size_t		 i;

	if (!x->template)
		return lookup(f, n, sc, &x->path);
	xmlBufferEmpty(b);
	for (i = 0; i < x->nparts; i++) {
		bput(b, x->parts[i].lit, x->parts[i].litlen);
		value_text(b, lookup(f, n, sc, &x->parts[i].path));
	}
	if (x->unclosed)
		ferr(f, n, "unclosed { in \"%s\"", x->src);
	bputs(b, x->tail);
	return v_str(f->arena, astrndup(f->arena,
	    (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b)));
}

/* The text of a value, in the fill's scratch buffer. */
static const char *
scratch_text(struct fill *f, const struct value *v)
{
	xmlBufferEmpty(f->scratch);
	value_text(f->scratch, v);
	bput(f->scratch, "", 0);
	return xmlBufferLength(f->scratch) > 0 ?
	    (const char *)xmlBufferContent(f->scratch) : "";
}

/* ---- filling ---- */

static void fill_node(struct fill *, xmlNodePtr, const struct scope *, int);

static int
url_attr(const char *name)
{
	return strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
	    strcmp(name, "action") == 0 || strcmp(name, "poster") == 0 ||
	    strcmp(name, "formaction") == 0;
}

/* Writes one data-attr value: removed when empty or false, a boolean
 * attribute when true, never an unsafe URL. */
static void
write_dattr(struct fill *f, xmlNodePtr n, const struct scope *sc,
    const struct dattr *da)
{
	const struct value	*v;
	const char		*s;

	v = eval(f, n, sc, da->expr);
	if (v->t == V_BOOL && v->b) {
		html5w_attr_as(&f->w, da->name, "", da->url);
		return;
	}
	if (!v_true(v))
		return;
	s = v->t == V_STR || v->t == V_HTML ? v->s : scratch_text(f, v);
	if (da->url && !url_safe(s))
		return;
	html5w_attr_as(&f->w, da->name, s, da->url);
}

/* The start tag: the layout's own attributes in order, a data-attr
 * taking the place of the attribute it sets, new ones after. */
static void
write_start(struct fill *f, xmlNodePtr n, const struct elinfo *e,
    const struct scope *sc)
{
	const struct dirs	*d = e->d;
	xmlAttrPtr		 a;
	size_t			 i, k;
	int			 set;

	if (e->start != NULL) {
		html5w_raw(&f->w, e->start, e->startlen);
		return;
	}
	html5w_open(&f->w, (const char *)n->name);
	for (i = 0, a = n->properties; a != NULL; a = a->next, i++) {
		if (e->attrmode[i] == -2)
			continue;
		if (e->attrmode[i] >= 0)
			write_dattr(f, n, sc, &d->attrs[e->attrmode[i]]);
		else
			html5w_attr(&f->w, (const char *)a->name,
			    attr_value(a));
	}
	for (k = 0; d != NULL && k < d->nattrs; k++) {
		for (set = 0, i = 0, a = n->properties; a != NULL;
		    a = a->next, i++)
			if (e->attrmode[i] == (signed char)k)
				set = 1;
		if (!set)
			write_dattr(f, n, sc, &d->attrs[k]);
	}
	html5w_close_start(&f->w);
}

/* One element, once its loop (if any) has bound its item. */
static void
fill_body(struct fill *f, xmlNodePtr n, const struct elinfo *e,
    const struct scope *sc, int raw)
{
	const struct dirs	*d = e->d;
	const struct value	*v;
	xmlNodePtr		 c;
	int			 isvoid, inner;

	if (d != NULL && d->cond_if != NULL &&
	    !v_true(eval(f, n, sc, d->cond_if)))
		return;
	if (d != NULL && d->cond_unless != NULL &&
	    v_true(eval(f, n, sc, d->cond_unless)))
		return;
	isvoid = e->isvoid;
	inner = e->raw ? e->raw : raw;
	if (d == NULL || !d->unwrap)
		write_start(f, n, e, sc);
	if (d != NULL && d->text != NULL) {
		v = eval(f, n, sc, d->text);
		html5w_text(&f->w, v->t == V_STR || v->t == V_HTML ? v->s :
		    scratch_text(f, v), inner == 1 ? 0 : inner);
	} else if (d != NULL && d->html != NULL) {
		v = eval(f, n, sc, d->html);
		if (v->t == V_HTML)
			html5w_markup(&f->w, v->s);
		else
			html5w_text(&f->w, v->t == V_STR ? v->s :
			    scratch_text(f, v), inner == 1 ? 0 : inner);
	} else if (!isvoid)
		for (c = n->children; c != NULL; c = c->next)
			fill_node(f, c, sc, inner);
	if (d != NULL && d->unwrap)
		return;
	if (!isvoid)
		html5w_raw(&f->w, e->end, e->endlen);
	else
		/* What libxml2 2.9 put inside an HTML5 void element it did
		 * not know follows it. */
		for (c = n->children; c != NULL; c = c->next)
			fill_node(f, c, sc, raw);
}

static void fill_element_now(struct fill *, xmlNodePtr, const struct scope *,
    int);

/* Writes kept markup into the page, its relative links made from this
 * page's depth: "../" once for each folder. */
static void
frag_put(struct fill *f, const struct frag *fr)
{
	size_t	 i, pos = 0, skip = 3 * (size_t)(fr->depth - 1);
	int	 k;

	for (i = 0; i < fr->nrel; i++) {
		bput(f->w.b, fr->html + pos, fr->rel[i] - pos);
		html5w_note_rel(&f->w, (size_t)xmlBufferLength(f->w.b));
		for (k = 1; k < f->depth; k++)
			bput(f->w.b, "../", 3);
		pos = fr->rel[i] + skip;
	}
	bput(f->w.b, fr->html + pos, fr->len - pos);
	f->w.blank = fr->blank_after;
	f->elements += fr->elements;
}

/*
 * Fills element n (its body only, with body set) from the thread's kept
 * markup: what an element written the same wrote for the stable value
 * numbered stable, else filled now and kept.
 */
static void
fill_kept(struct fill *f, xmlNodePtr n, const struct elinfo *e,
    const struct scope *sc, int raw, int stable, int body)
{
	struct frag	*fr;
	size_t		 start, elements, id = (size_t)stable - 1, len, r0, i;
	int		 blank = f->w.blank;

	for (fr = id < nfrags ? frags[id] : NULL; fr != NULL; fr = fr->next)
		if (fr->body == e->body && fr->raw == raw &&
		    fr->blank == blank) {
			frag_put(f, fr);
			return;
		}
	start = (size_t)xmlBufferLength(f->w.b);
	elements = f->elements;
	r0 = f->w.nrel;
	if (body)
		fill_body(f, n, e, sc, raw);
	else
		fill_element_now(f, n, sc, raw);
	if (f->failed || f->stopped)
		return;		/* its messages come again where it is used */
	if (id >= nfrags) {
		size_t k = nfrags, grown = id + 1 > 2 * nfrags ? id + 1 :
		    2 * nfrags;
		frags = xrealloc(frags, grown * sizeof(*frags));
		for (; k < grown; k++)
			frags[k] = NULL;
		nfrags = grown;
	}
	len = (size_t)xmlBufferLength(f->w.b) - start;
	fr = xmalloc(sizeof(*fr) + len);
	fr->body = e->body;
	fr->depth = f->depth;
	fr->raw = raw;
	fr->blank = blank;
	fr->blank_after = f->w.blank;
	fr->elements = f->elements - elements;
	fr->len = len;
	memcpy(fr->html, xmlBufferContent(f->w.b) + start, len);
	fr->nrel = f->w.nrel - r0;
	fr->rel = fr->nrel > 0 ? xcalloc(fr->nrel, sizeof(*fr->rel)) : NULL;
	for (i = 0; i < fr->nrel; i++)
		fr->rel[i] = f->w.rel[r0 + i] - start;
	fr->next = frags[id];
	frags[id] = fr;
}

/* Whether a loop around the element names its item "site". */
static int
site_hidden(const struct scope *sc)
{
	for (; sc != NULL; sc = sc->up)
		if (strcmp(sc->name, "site") == 0)
			return 1;
	return 0;
}

static void
fill_element(struct fill *f, xmlNodePtr n, const struct scope *sc, int raw)
{
	const struct elinfo	*e = n->_private;

	if (e->site_only && f->site_stable != 0 && f->w.absbase == NULL &&
	    !f->stopped && !site_hidden(sc))
		fill_kept(f, n, e, sc, raw, f->site_stable, 0);
	else
		fill_element_now(f, n, sc, raw);
}

static void
fill_element_now(struct fill *f, xmlNodePtr n, const struct scope *sc,
    int raw)
{
	const struct elinfo	*e = n->_private;
	const struct dirs	*d = e->d;
	const struct value	*v;
	struct value		*loop;
	/* loop.index, loop.first and loop.last, changed in place for each
	 * item: a page may loop a million times. */
	struct value		 lindex = { .t = V_STR }, lfirst = { .t = V_BOOL },
				 llast = { .t = V_BOOL };
	struct scope		 inner, ls;
	const char		*in, *name;
	char			 idx[24];
	size_t			 i;

	if (f->stopped)
		return;
	f->elements++;
	if (d == NULL) {
		fill_body(f, n, e, sc, raw);
		return;
	}
	if (d->remove)
		return;
	if (d->each == NULL) {
		fill_body(f, n, e, sc, raw);
		return;
	}
	if ((name = d->each_name) == NULL) {
		ferr(f, n, "data-each must read \"NAME in LIST\", not \"%s\"",
		    d->each);
		return;
	}
	in = strstr(d->each, " in ");
	v = eval(f, n, sc, d->each_list);
	if (!valid_path(name, strlen(name)) || strchr(name, '.') != NULL)
		ferr(f, n, "bad loop name \"%s\"", name);
	else if (v->t == V_LIST) {
		loop = v_map(f->arena);
		v_set(f->arena, loop, "index", &lindex);
		v_set(f->arena, loop, "first", &lfirst);
		v_set(f->arena, loop, "last", &llast);
		/* Once the page has failed it is not written: one item is
		 * enough to report the loop's own errors. */
		for (i = 0; i < v->n && !f->stopped && !(f->failed && i > 0);
		    i++) {
			if (f->elements > MAX_ELEMENTS ||
			    xmlBufferLength(f->w.b) > MAX_PAGE) {
				ferr(f, n, "the page passes a million "
				    "elements or 64 MB in this loop over "
				    "\"%s\": are loops nested too deep?",
				    in + 4);
				f->stopped = 1;
				break;
			}
			lindex.s = utoa(idx, sizeof(idx), i + 1);
			lfirst.b = i == 0;
			llast.b = i + 1 == v->n;
			ls.name = "loop";
			ls.v = loop;
			ls.up = sc;
			inner.name = name;
			inner.v = v->items[i];
			inner.up = &ls;
			/* An item of a pure loop that lives as long as the
			 * site is written from the markup kept for it. */
			if (e->pure && inner.v->stable != 0 &&
			    f->w.absbase == NULL)
				fill_kept(f, n, e, &inner, raw,
				    inner.v->stable, 1);
			else
				fill_body(f, n, e, &inner, raw);
		}
	} else if (v->t == V_MAP) {
		/* One item: the loop names it, as "with" would. */
		inner.name = name;
		inner.v = v;
		inner.up = sc;
		fill_body(f, n, e, &inner, raw);
	} else if (v_true(v))
		ferr(f, n, "data-each needs a list, and \"%s\" is not one",
		    in + 4);
}

static void
fill_node(struct fill *f, xmlNodePtr n, const struct scope *sc, int raw)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		fill_element(f, n, sc, raw);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (raw == 0 && n->_private != NULL)
			html5w_blank(&f->w, (uintptr_t)n->_private == BLANK_NL);
		else if (n->content != NULL)
			html5w_text(&f->w, (const char *)n->content, raw);
		break;
	case XML_COMMENT_NODE:
		html5w_comment(&f->w, (const char *)n->content);
		break;
	case XML_ENTITY_REF_NODE:
		html5w_entity(&f->w, (const char *)n->name);
		break;
	default:
		break;
	}
}

int
layout_ready(struct layouts *L, const char *name)
{
	return layout_compile(L, name, 0) != NULL;
}

/* Fills layout name with the values of root and writes the page for
 * site path url into page, emptied first.  Returns 0 after reporting
 * the layout's mistakes. */
int
layout_fill(struct layouts *L, struct diag *d, const char *name,
    const struct value *root, const char *url, const char *absbase,
    xmlBufferPtr page)
{
	struct fill	 f;
	struct arena	 a = { 0 };
	xmlDocPtr	 compiled;
	xmlNodePtr	 n;
	const struct value *sv;
	const char	*p;
	int		 doctype = 0;

	(void)d;
	xmlBufferEmpty(page);
	if ((compiled = layout_compile(L, name, 0)) == NULL)
		return 0;
	memset(&f, 0, sizeof(f));
	f.L = L;
	f.root = root;
	f.arena = &a;
	f.scratch = bnew();
	f.w.b = page;
	f.w.page = url;
	f.w.absbase = absbase;
	for (p = strchr(url, '/'); p != NULL; p = strchr(p + 1, '/'))
		f.depth++;
	if ((sv = v_get(root, "site")) != NULL)
		f.site_stable = sv->stable;
	f.w.relcap = 64;
	f.w.rel = xmalloc(f.w.relcap * sizeof(*f.w.rel));
	for (n = compiled->children; n != NULL; n = n->next) {
		if (n->type == XML_DTD_NODE ||
		    (n->type == XML_ELEMENT_NODE && !doctype)) {
			if (!doctype)
				bputs(f.w.b, "<!DOCTYPE html>\n");
			doctype = 1;
		}
		fill_node(&f, n, NULL, 0);
	}
	bputs(f.w.b, "\n");
	free(f.w.rel);
	xmlBufferFree(f.scratch);
	arena_free(&a);
	return !f.failed;
}

/* layout_fill() into a string of its own (caller frees), or NULL. */
char *
layout_render(struct layouts *L, struct diag *d, const char *name,
    const struct value *root, const char *url, const char *absbase,
    size_t *lenp)
{
	xmlBufferPtr	 b = bnew();
	char		*out = NULL;

	if (layout_fill(L, d, name, root, url, absbase, b)) {
		*lenp = (size_t)xmlBufferLength(b);
		out = xstrndup((const char *)xmlBufferContent(b), *lenp);
	}
	xmlBufferFree(b);
	return out;
}

/* Copies the default assets, then the site's own, into dir/assets. */
int
layouts_assets(struct layouts *L, struct output *out)
{
	struct vec	 files;
	struct arena	 a = { 0 };
	char		*src, *rel, *data;
	size_t		 i, k, len;
	int		 ok = 1;

	memset(&files, 0, sizeof(files));
	src = xasprintf("%s/layouts/assets", L->sitedir);
	if (is_dir(src))
		list_files(&a, src, &files);
	free(src);
	/* The built-in assets the site does not replace, then the site's. */
	for (i = 0; i < herald_ndefaults; i++) {
		const struct embedded *e = &herald_defaults[i];
		if (strncmp(e->name, "assets/", 7) != 0)
			continue;
		for (k = 0; k < files.n; k++)
			if (strcmp(files.v[k], e->name + 7) == 0)
				break;
		if (k < files.n)
			continue;
		if (!out_put(out, L->d, e->name, (const char *)e->data,
		    e->len))
			ok = 0;
	}
	for (i = 0; i < files.n; i++) {
		rel = xasprintf("layouts/assets/%s", (const char *)files.v[i]);
		src = path_join(L->sitedir, rel);
		free(rel);
		rel = xasprintf("assets/%s", (const char *)files.v[i]);
		if ((data = read_file(src, &len)) == NULL) {
			diag(L->d, LVL_ERROR, src, 0, 0, "cannot read: %s",
			    strerror(errno));
			ok = 0;
		} else if (!out_put(out, L->d, rel, data, len))
			ok = 0;
		free(rel);
		free(data);
		free(src);
	}
	arena_free(&a);
	return ok;
}
