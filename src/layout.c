/* layout.c: HTML layouts parsed once with libxml2, merged, and filled per page as trees. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald.h"

#define MAX_NESTING	16

struct layouts {
	const char	*sitedir;	/* site folder */
	struct diag	*d;		/* where messages go */
	xmlHashTablePtr	 parsed;	/* file name -> xmlDocPtr as written */
	xmlHashTablePtr	 compiled;	/* layout name -> merged xmlDocPtr */
	struct vec	 origins;	/* display paths, by origin index */
	struct arena	 arena;		/* origins and names */
};

/* Filling one page. */
struct fill {
	struct layouts		*L;
	xmlDocPtr		 doc;
	struct arena		 arena;	/* loop values of this page */
	const struct value	*root;	/* map of site, page, home */
	int			 failed;
};

struct scope {
	const char		*name;
	const struct value	*v;
	const struct scope	*up;
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
	if ((buf = read_file(path, &len)) != NULL) {
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

/* Replaces data-include elements' children with their partials. */
static int
resolve_includes(struct layouts *L, xmlDocPtr doc, xmlNodePtr n, int depth)
{
	xmlChar		*inc;
	xmlDocPtr	 part;
	xmlNodePtr	 body;
	char		*name;
	int		 ok = 1;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((inc = xmlGetProp(n, BAD_CAST "data-include")) != NULL) {
			xmlUnsetProp(n, BAD_CAST "data-include");
			name = xasprintf("partials/%s.html", (char *)inc);
			if (depth >= MAX_NESTING) {
				lerr(L, n, "includes nested too deep at "
				    "\"%s\" (is a partial including itself?)",
				    (char *)inc);
				ok = 0;
			} else if (!valid_slug((char *)inc)) {
				lerr(L, n, "bad partial name \"%s\"",
				    (char *)inc);
				ok = 0;
			} else if ((part = layout_parse(L, name)) == NULL)
				ok = 0;
			else if ((body = find_body(part)) != NULL) {
				replace_children(n, xmlDocCopyNodeList(doc,
				    body->children));
				if (!resolve_includes(L, doc, n->children,
				    depth + 1))
					ok = 0;
			}
			free(name);
			xmlFree(inc);
			continue;
		}
		if (!resolve_includes(L, doc, n->children, depth))
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
			if ((src = xmlHashLookup(blocks, b)) != NULL)
				replace_children(n, xmlDocCopyNodeList(doc,
				    src->children));
			xmlFree(b);
		}
		fill_blocks(doc, n->children, blocks);
	}
}

/* A layout merged with the layout it extends, includes resolved. */
static xmlDocPtr
layout_compile(struct layouts *L, const char *name, int depth)
{
	xmlDocPtr	 src, base, doc;
	xmlNodePtr	 root;
	xmlChar		*ext;
	xmlHashTablePtr	 blocks;
	char		*file;

	if ((doc = xmlHashLookup(L->compiled, BAD_CAST name)) != NULL)
		return doc;
	file = xasprintf("%s.html", name);
	src = layout_parse(L, file);
	free(file);
	if (src == NULL || (root = xmlDocGetRootElement(src)) == NULL)
		return NULL;
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
	if (!resolve_includes(L, doc, xmlDocGetRootElement(doc), 0)) {
		xmlFreeDoc(doc);
		return NULL;
	}
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
	    (L->compiled = xmlHashCreate(32)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	return L;
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
	arena_free(&L->arena);
	free(L);
}

/* ---- expressions ---- */

static int
valid_path(const char *s)
{
	int	 start = 1;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || *s == '_' ||
		    (!start && *s >= '0' && *s <= '9')))
			return 0;
		start = 0;
	}
	return !start;
}

static const struct value *
lookup(struct fill *f, xmlNodePtr n, const struct scope *sc,
    const char *path)
{
	static const struct value	 empty = { V_STR, "", 0, NULL, NULL,
					     0, 0 };
	const struct value		*v = NULL;
	char				*copy, *seg, *dot;

	if (!valid_path(path)) {
		lerr(f->L, n, "bad expression \"%s\": write a value name "
		    "like page.title, or text with {page.title} in it", path);
		f->failed = 1;
		return &empty;
	}
	copy = xstrdup(path);
	seg = copy;
	if ((dot = strchr(seg, '.')) != NULL)
		*dot = '\0';
	for (; sc != NULL; sc = sc->up)
		if (strcmp(sc->name, seg) == 0) {
			v = sc->v;
			break;
		}
	if (v == NULL)
		v = v_get(f->root, seg);
	while (v != NULL && dot != NULL) {
		seg = dot + 1;
		if ((dot = strchr(seg, '.')) != NULL)
			*dot = '\0';
		if (v->t != V_MAP) {
			/* A field of an unset value is unset too. */
			if (!v_true(v)) {
				free(copy);
				return &empty;
			}
			v = NULL;
			break;
		}
		v = v_get(v, seg);
	}
	free(copy);
	if (v == NULL) {
		lerr(f->L, n, "unknown value \"%s\" (see docs/layouts.md for "
		    "the values a layout can use)", path);
		f->failed = 1;
		return &empty;
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
eval(struct fill *f, xmlNodePtr n, const struct scope *sc, const char *expr)
{
	xmlBufferPtr	 b;
	const char	*p, *open, *close;
	char		*path;
	struct value	*v;

	while (*expr == ' ')
		expr++;
	if (strchr(expr, '{') == NULL) {
		size_t len = strlen(expr);
		while (len > 0 && expr[len - 1] == ' ')
			len--;
		path = xstrndup(expr, len);
		const struct value *r = lookup(f, n, sc, path);
		free(path);
		return r;
	}
	b = bnew();
	for (p = expr; (open = strchr(p, '{')) != NULL; p = close + 1) {
		bput(b, p, (size_t)(open - p));
		if ((close = strchr(open, '}')) == NULL) {
			lerr(f->L, n, "unclosed { in \"%s\"", expr);
			f->failed = 1;
			close = open + strlen(open) - 1;
			break;
		}
		path = xstrndup(open + 1, (size_t)(close - open - 1));
		value_text(b, lookup(f, n, sc, path));
		free(path);
	}
	bputs(b, p);
	v = v_str(&f->arena, astrndup(&f->arena,
	    (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b)));
	xmlBufferFree(b);
	return v;
}

/* ---- filling ---- */

static char *
take_attr(xmlNodePtr n, const char *name)
{
	xmlChar		*v;
	char		*s;

	if ((v = xmlGetProp(n, BAD_CAST name)) == NULL)
		return NULL;
	xmlUnsetProp(n, BAD_CAST name);
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static void
remove_node(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Parses rendered Markdown and puts it into el. */
static void
insert_html(struct fill *f, xmlNodePtr el, const char *html)
{
	xmlDocPtr	 frag;
	xmlNodePtr	 body;
	char		*wrapped;

	replace_children(el, NULL);
	if (html[0] == '\0')
		return;
	wrapped = xasprintf("<!DOCTYPE html><html><body>%s</body></html>",
	    html);
	frag = htmlReadMemory(wrapped, (int)strlen(wrapped), NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET);
	free(wrapped);
	if (frag == NULL)
		return;
	if ((body = find_body(frag)) != NULL) {
		fix_voids(body->children);
		xmlAddChildList(el, xmlDocCopyNodeList(f->doc, body->children));
	}
	xmlFreeDoc(frag);
}

static void fill_children(struct fill *, xmlNodePtr, const struct scope *);

static int
url_attr(const char *name)
{
	return strcmp(name, "href") == 0 || strcmp(name, "src") == 0 ||
	    strcmp(name, "action") == 0 || strcmp(name, "poster") == 0 ||
	    strcmp(name, "formaction") == 0;
}

static void
set_attrs(struct fill *f, xmlNodePtr n, const struct scope *sc)
{
	xmlAttrPtr		 a, next;
	const struct value	*v;
	xmlBufferPtr		 b;
	char			*expr, *name;

	for (a = n->properties; a != NULL; a = next) {
		next = a->next;
		if (strncmp((const char *)a->name, "data-attr-", 10) != 0)
			continue;
		name = xstrdup((const char *)a->name + 10);
		expr = take_attr(n, (const char *)a->name);
		v = eval(f, n, sc, expr);
		if (v->t == V_BOOL && v->b)
			xmlSetProp(n, BAD_CAST name, BAD_CAST "");
		else if (!v_true(v))
			xmlUnsetProp(n, BAD_CAST name);
		else {
			b = bnew();
			value_text(b, v);
			bput(b, "", 0);
			const char *s = (const char *)xmlBufferContent(b);
			if (url_attr(name) && !url_safe(s))
				xmlUnsetProp(n, BAD_CAST name);
			else
				xmlSetProp(n, BAD_CAST name, BAD_CAST s);
			xmlBufferFree(b);
		}
		free(expr);
		free(name);
	}
}

static void
fill_element(struct fill *f, xmlNodePtr n, const struct scope *sc)
{
	const struct value	*v;
	struct value		*loop;
	struct scope		 inner;
	xmlNodePtr		 clone, c, next;
	xmlBufferPtr		 b;
	char			*s, *in;
	size_t			 i;

	if (xmlHasProp(n, BAD_CAST "data-remove")) {
		remove_node(n);
		return;
	}
	if ((s = take_attr(n, "data-each")) != NULL) {
		if ((in = strstr(s, " in ")) == NULL) {
			lerr(f->L, n, "data-each must read \"NAME in LIST\", "
			    "not \"%s\"", s);
			f->failed = 1;
			free(s);
			remove_node(n);
			return;
		}
		*in = '\0';
		v = eval(f, n, sc, in + 4);
		if (!valid_path(s) || strchr(s, '.') != NULL) {
			lerr(f->L, n, "bad loop name \"%s\"", s);
			f->failed = 1;
		} else if (v->t == V_LIST) {
			for (i = 0; i < v->n; i++) {
				clone = xmlDocCopyNode(n, f->doc, 1);
				if (clone == NULL) {
					fputs("herald: out of memory\n",
					    stderr);
					exit(1);
				}
				xmlAddPrevSibling(n, clone);
				loop = v_map(&f->arena);
				v_sets(&f->arena, loop, "index",
				    aprintf(&f->arena, "%zu", i + 1));
				v_set(&f->arena, loop, "first",
				    v_bool(&f->arena, i == 0));
				v_set(&f->arena, loop, "last",
				    v_bool(&f->arena, i + 1 == v->n));
				struct scope ls = { "loop", loop, sc };
				inner.name = s;
				inner.v = v->items[i];
				inner.up = &ls;
				fill_element(f, clone, &inner);
			}
		} else if (v->t == V_MAP) {
			/* One item: the loop names it, as "with" would. */
			clone = xmlDocCopyNode(n, f->doc, 1);
			if (clone == NULL) {
				fputs("herald: out of memory\n", stderr);
				exit(1);
			}
			xmlAddPrevSibling(n, clone);
			inner.name = s;
			inner.v = v;
			inner.up = sc;
			fill_element(f, clone, &inner);
		} else if (v_true(v)) {
			lerr(f->L, n, "data-each needs a list, and \"%s\" is "
			    "not one", in + 4);
			f->failed = 1;
		}
		free(s);
		remove_node(n);
		return;
	}
	if ((s = take_attr(n, "data-if")) != NULL) {
		v = eval(f, n, sc, s);
		free(s);
		if (!v_true(v)) {
			remove_node(n);
			return;
		}
	}
	if ((s = take_attr(n, "data-unless")) != NULL) {
		v = eval(f, n, sc, s);
		free(s);
		if (v_true(v)) {
			remove_node(n);
			return;
		}
	}
	free(take_attr(n, "data-extends"));
	free(take_attr(n, "data-block"));
	set_attrs(f, n, sc);
	if ((s = take_attr(n, "data-text")) != NULL) {
		v = eval(f, n, sc, s);
		b = bnew();
		value_text(b, v);
		replace_children(n, xmlNewDocTextLen(f->doc,
		    xmlBufferContent(b), xmlBufferLength(b)));
		xmlBufferFree(b);
		free(s);
	} else if ((s = take_attr(n, "data-html")) != NULL) {
		v = eval(f, n, sc, s);
		if (v->t == V_HTML)
			insert_html(f, n, v->s);
		else {
			b = bnew();
			value_text(b, v);
			replace_children(n, xmlNewDocTextLen(f->doc,
			    xmlBufferContent(b), xmlBufferLength(b)));
			xmlBufferFree(b);
		}
		free(s);
	} else
		fill_children(f, n, sc);
	xmlUnsetProp(n, BAD_CAST "data-herald-o");
	if ((s = take_attr(n, "data-unwrap")) != NULL) {
		free(s);
		for (c = n->children; c != NULL; c = next) {
			next = c->next;
			xmlUnlinkNode(c);
			xmlAddPrevSibling(n, c);
		}
		remove_node(n);
	}
}

static void
fill_children(struct fill *f, xmlNodePtr parent, const struct scope *sc)
{
	xmlNodePtr	 c, next;

	for (c = parent->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_ELEMENT_NODE)
			fill_element(f, c, sc);
	}
}

char *
layout_render(struct layouts *L, struct diag *d, const char *name,
    const struct value *root, const char *url, const char *absbase,
    size_t *lenp)
{
	struct fill	 f;
	xmlDocPtr	 compiled;
	xmlBufferPtr	 b;
	xmlNodePtr	 top;
	char		*out = NULL;

	(void)d;
	if ((compiled = layout_compile(L, name, 0)) == NULL)
		return NULL;
	memset(&f, 0, sizeof(f));
	f.L = L;
	f.root = root;
	if ((f.doc = xmlCopyDoc(compiled, 1)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	if ((top = xmlDocGetRootElement(f.doc)) != NULL)
		fill_element(&f, top, NULL);
	if (!f.failed) {
		b = bnew();
		html5_write(b, f.doc, url, absbase);
		*lenp = (size_t)xmlBufferLength(b);
		out = xstrndup((const char *)xmlBufferContent(b), *lenp);
		xmlBufferFree(b);
	}
	xmlFreeDoc(f.doc);
	arena_free(&f.arena);
	return out;
}

/* Copies the default assets, then the site's own, into dir/assets. */
int
layouts_assets(struct layouts *L, const char *outdir)
{
	struct vec	 files;
	struct arena	 a = { NULL };
	char		*src, *dst, *slash;
	size_t		 i;
	int		 ok = 1;

	for (i = 0; i < herald_ndefaults; i++) {
		const struct embedded *e = &herald_defaults[i];
		if (strncmp(e->name, "assets/", 7) != 0)
			continue;
		dst = path_join(outdir, e->name);
		if ((slash = strrchr(dst, '/')) != NULL) {
			*slash = '\0';
			if (!mkdirs(dst))
				ok = 0;
			*slash = '/';
		}
		if (!write_file(dst, (const char *)e->data, e->len)) {
			diag(L->d, LVL_ERROR, dst, 0, 0, "cannot write: %s",
			    strerror(errno));
			ok = 0;
		}
		free(dst);
	}
	memset(&files, 0, sizeof(files));
	src = xasprintf("%s/layouts/assets", L->sitedir);
	if (is_dir(src))
		list_files(&a, src, &files);
	free(src);
	for (i = 0; i < files.n; i++) {
		char *rel = xasprintf("layouts/assets/%s",
		    (const char *)files.v[i]);
		src = path_join(L->sitedir, rel);
		free(rel);
		rel = xasprintf("assets/%s", (const char *)files.v[i]);
		dst = path_join(outdir, rel);
		free(rel);
		if ((slash = strrchr(dst, '/')) != NULL) {
			*slash = '\0';
			if (!mkdirs(dst))
				ok = 0;
			*slash = '/';
		}
		if (!copy_file(src, dst)) {
			diag(L->d, LVL_ERROR, src, 0, 0, "cannot copy: %s",
			    strerror(errno));
			ok = 0;
		}
		free(src);
		free(dst);
	}
	arena_free(&a);
	return ok;
}
