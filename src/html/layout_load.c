/* layout_load.c: layout files parsed once, partials included, page layouts merged into their base. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include "herald.h"
#include "layout.h"

static const char *const attrs_known[] = {
	"data-remove", "data-each", "data-if", "data-unless", "data-extends",
	"data-block", "data-include", "data-text", "data-html", "data-unwrap",
	NULL
};

/* The thing a short list gives name, or NULL. */
void *
named_get(const struct vec *v, const char *name)
{
	const struct named	*e;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		e = v->v[i];
		if (strcmp(e->name, name) == 0)
			return e->p;
	}
	return NULL;
}

/* Gives name p in a short list, in place of what it named before; the
 * name is copied. */
void
named_put(struct arena *a, struct vec *v, const char *name, void *p)
{
	struct named	*e;
	size_t		 i;

	for (i = 0; i < v->n; i++) {
		e = v->v[i];
		if (strcmp(e->name, name) == 0) {
			e->p = p;
			return;
		}
	}
	e = amalloc(a, sizeof(*e));
	e->name = astrdup(a, name);
	e->p = p;
	vec_push(a, v, e);
}

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
	xmlNodePtr	 c, next;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		/* The void elements libxml2 knows have no children. */
		if (n->children != NULL && html5_void((const char *)n->name)) {
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

/* Whether path is a link out of the site folder: then it is warned of
 * and taken as missing (errno ENOENT), so that the default serves. */
static int
link_out(struct layouts *L, const char *path)
{
	if (L->realdir == NULL || path_inside(L->realdir, path) != 0)
		return 0;
	diag(L->d, LVL_WARNING, path, 0, 0, "is a link to a place outside "
	    "the site folder: skipped");
	errno = ENOENT;
	return 1;
}

/*
 * The text of layout file name: given by layouts_set(), else the site's
 * file, else herald's default.  Sets the path messages show; *buf is
 * what the caller frees.  Returns 0 after reporting the file missing.
 */
static int
layout_text(struct layouts *L, const char *name, const char **data,
    size_t *len, const char **shown, char **buf)
{
	const struct embedded	*e;
	char			*rel, *path;
	int			 ok = 1;

	*buf = NULL;
	rel = xasprintf("layouts/%s", name);
	path = path_join(L->sitedir, rel);
	if ((e = named_get(&L->given, name)) != NULL) {
		*data = (const char *)e->data;
		*len = e->len;
		*shown = astrdup(&L->arena, path);
	} else if (!link_out(L, path) &&
	    (*buf = read_file(path, len)) != NULL) {
		*data = *buf;
		*shown = astrdup(&L->arena, path);
	} else if (errno == ENOENT && (e = default_file(name)) != NULL) {
		*data = (const char *)e->data;
		*len = e->len;
		*shown = aprintf(&L->arena, "%s (built in)", rel);
	} else {
		if (errno == ENOENT)
			diag(L->d, LVL_ERROR, path, 0, 0, "no such layout, "
			    "and herald has no default of that name");
		else
			diag(L->d, LVL_ERROR, path, 0, 0, "cannot read: %s",
			    strerror(errno));
		ok = 0;
	}
	free(rel);
	free(path);
	return ok;
}

/* Parses a layout file once; NULL after reporting its mistakes. */
static xmlDocPtr
layout_parse(struct layouts *L, const char *name)
{
	htmlParserCtxtPtr	 ctxt;
	struct perr		 pe;
	xmlDocPtr		 doc;
	char			*buf;
	const char		*data, *shown;
	size_t			 len;
	int			 origin;

	if ((doc = named_get(&L->parsed, name)) != NULL)
		return doc;
	if (!layout_text(L, name, &data, &len, &shown, &buf))
		return NULL;
	/* libxml2 stops at a NUL byte without a word. */
	if (!text_check(L->d, shown, data, len)) {
		free(buf);
		return NULL;
	}

	pe.L = L;
	pe.path = shown;
	pe.failed = 0;
	if ((ctxt = htmlNewParserCtxt()) == NULL) {
		diag(L->d, LVL_ERROR, shown, 0, 0, "libxml2 cannot make a "
		    "parser for the layout");
		free(buf);
		return NULL;
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
	named_put(&L->arena, &L->parsed, name, doc);
	return doc;
}

/* The file element n came from, as messages show it, or "layout". */
const char *
layout_origin(const struct layouts *L, xmlNodePtr n)
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
	return file;
}

static void
lerr(struct layouts *L, xmlNodePtr n, const char *fmt, const char *arg)
{
	diag(L->d, LVL_ERROR, layout_origin(L, n), (int)xmlGetLineNo(n), 1,
	    fmt, arg);
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

/* The blocks a page layout fills, by name; the first of a name counts. */
static void
collect_blocks(struct arena *a, xmlNodePtr n, struct vec *blocks)
{
	xmlChar		*b;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((b = xmlGetProp(n, BAD_CAST "data-block")) != NULL) {
			if (named_get(blocks, (const char *)b) == NULL)
				named_put(a, blocks, (const char *)b, n);
			xmlFree(b);
			continue;
		}
		collect_blocks(a, n->children, blocks);
	}
}

static void
fill_blocks(xmlDocPtr doc, xmlNodePtr n, const struct vec *blocks)
{
	xmlChar		*b;
	xmlNodePtr	 src;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((b = xmlGetProp(n, BAD_CAST "data-block")) != NULL) {
			xmlUnsetProp(n, BAD_CAST "data-block");
			src = named_get(blocks, (const char *)b);
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

/* A copy of doc, or NULL after saying so. */
static xmlDocPtr
copy_doc(struct layouts *L, xmlDocPtr doc)
{
	xmlDocPtr	 copy;

	if ((copy = xmlCopyDoc(doc, 1)) == NULL)
		diag(L->d, LVL_ERROR, doc->URL != NULL ?
		    (const char *)doc->URL : "layout", 0, 0, "libxml2 cannot "
		    "copy the layout");
	return copy;
}

/* A layout merged with the layout it extends, its includes resolved;
 * kept for the layouts that extend it.  NULL after reporting errors. */
xmlDocPtr
layout_merge(struct layouts *L, const char *name, int depth)
{
	xmlDocPtr	 src, base, doc;
	xmlNodePtr	 root;
	xmlChar		*ext;
	struct vec	 blocks = { 0 };
	struct arena	 a = { 0 };
	struct incl	 in;
	char		*file;

	if ((doc = named_get(&L->merged, name)) != NULL)
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
		base = layout_merge(L, (char *)ext, depth + 1);
		xmlFree(ext);
		if (base == NULL || (doc = copy_doc(L, base)) == NULL)
			return NULL;
		collect_blocks(&a, root, &blocks);
		fill_blocks(doc, xmlDocGetRootElement(doc), &blocks);
		arena_free(&a);
	} else if ((doc = copy_doc(L, src)) == NULL)
		return NULL;
	memset(&in, 0, sizeof(in));
	if (!resolve_includes(L, doc, xmlDocGetRootElement(doc), &in)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	named_put(&L->arena, &L->merged, name, doc);
	return doc;
}

struct layouts *
layouts_load(const char *sitedir, struct diag *d)
{
	struct layouts	*L;

	L = xcalloc(1, sizeof(*L));
	L->sitedir = sitedir;
	L->realdir = site_realdir(sitedir);
	L->d = d;
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
	named_put(&L->arena, &L->given, name, e);
}

static void
free_docs(const struct vec *v)
{
	size_t	 i;

	for (i = 0; i < v->n; i++)
		xmlFreeDoc(((struct named *)v->v[i])->p);
}

void
layouts_free(struct layouts *L)
{
	if (L == NULL)
		return;
	free_docs(&L->parsed);
	free_docs(&L->merged);
	arena_free(&L->arena);
	free(L->realdir);
	free(L);
}

/* Whether the attribute is the engine's, never written out. */
int
engine_attr(const xmlChar *name)
{
	return is_herald_attr(name) ||
	    xmlStrcmp(name, BAD_CAST "data-herald-o") == 0;
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
	if (is_dir(src) && L->realdir != NULL &&
	    !site_list(&a, L->d, L->realdir, src, &files))
		ok = 0;
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
