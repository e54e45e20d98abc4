/* markdown.c: each document's Markdown through cmark-gfm, with ref: links resolved. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "herald.h"

static const char *const extensions[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist", NULL
};

void
markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

/*
 * cmark-gfm allocates every node, string and buffer of a document on its
 * own.  Rendering a document here takes them from an arena of the
 * thread's instead, as pieces that can grow (apiece_grow()), and empties
 * it when the document is done: allocating is bumping a pointer, freeing
 * is nothing, and the blocks serve the next document.  That saves a
 * fifth of the Markdown stage against cmark's own malloc() and free()
 * (callgrind of site1000, estimated cycles: 490 million, 622 without).
 */
struct mdctx {
	struct arena	 cmark;		/* cmark-gfm's memory for a document */
	xmlBufferPtr	 body;		/* a document's plain text */
	xmlBufferPtr	 text;		/* a heading's or paragraph's text */
	struct search_ctx *entry;	/* for documents' search entries */
};

/*
 * cmark_mem's functions are given no context, so the arena of the
 * document a thread renders is found here: the one per-thread state of
 * this file, set by md_render() for the document's time.
 */
static __thread struct arena	*cmark_arena;

static void *
cm_calloc(size_t n, size_t size)
{
	size_t	 total;
	void	*v;

	/* A product past SIZE_MAX asks more than memory holds: apiece()
	 * leaves that to xmalloc(), the one answer to it. */
	total = size != 0 && n > SIZE_MAX / size ? SIZE_MAX : n * size;
	v = apiece(cmark_arena, total);
	memset(v, 0, total);
	return v;
}

static void *
cm_realloc(void *old, size_t size)
{
	return apiece_grow(cmark_arena, old, size);
}

static void
cm_free(void *v)
{
	(void)v;	/* all of it goes in arena_reset() */
}

static cmark_mem cmark_arena_mem = { cm_calloc, cm_realloc, cm_free };

static void
mdctx_init(struct mdctx *c)
{
	memset(c, 0, sizeof(*c));
	c->body = bnew();
	c->text = bnew();
	c->entry = search_ctx_new();
}

static void
mdctx_free(struct mdctx *c)
{
	arena_free(&c->cmark);
	xmlBufferFree(c->body);
	xmlBufferFree(c->text);
	search_ctx_free(c->entry);
}

/* Plain text of a node's inline content, into buf. */
static void
plain_text(cmark_node *node, xmlBufferPtr buf)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit;

	it = cmark_iter_new(node);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				bputs(buf, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			bputs(buf, " ");
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static char *
node_text(struct mdctx *c, struct arena *a, cmark_node *node)
{
	xmlBufferPtr	 buf = c->text;

	xmlBufferEmpty(buf);
	plain_text(node, buf);
	return astrndup(a, (const char *)xmlBufferContent(buf),
	    (size_t)xmlBufferLength(buf));
}

/* The white space text_add() folds. */
static const unsigned char white[256] = {
	['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1
};

/* Appends s with each run of white space made one space, and none at
 * the start of the buffer. */
static void
text_add(xmlBufferPtr b, const char *s)
{
	const unsigned char	*p, *start;
	int			 len = xmlBufferLength(b), space;

	space = len == 0 || xmlBufferContent(b)[len - 1] == ' ';
	/* Most literals hold no white space but single spaces: they go in
	 * whole, less a leading space after one already there.  libc's
	 * scans tell so faster than the loop below would: 4% of the
	 * Markdown stage (callgrind of site1000, estimated cycles: 490
	 * million, 510 without them). */
	if (strpbrk(s, "\t\n\v\f\r") == NULL && strstr(s, "  ") == NULL) {
		if (space && s[0] == ' ')
			s++;
		bputs(b, s);
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; ) {
		if (white[*p]) {
			do
				p++;
			while (white[*p]);
			if (!space)
				bput(b, " ", 1);
			space = 1;
			continue;
		}
		/* Words, and single spaces between them, go in one piece. */
		for (start = p; *p != '\0' && (!white[*p] ||
		    (*p == ' ' && p[1] != '\0' && !white[p[1]])); p++)
			;
		bput(b, (const char *)start, (size_t)(p - start));
		space = 0;
	}
}

static char *
buf_text(struct arena *a, xmlBufferPtr b)
{
	int	 len = xmlBufferLength(b);

	while (len > 0 && xmlBufferContent(b)[len - 1] == ' ')
		len--;
	return astrndup(a, (const char *)xmlBufferContent(b), (size_t)len);
}

/*
 * Sets the document's entry in the search index, with its plain text: the
 * text of every block but the headings, in order, blocks separated by a
 * space, and the text of each heading.  Raw HTML is left out.
 */
static void
doc_plain(struct mdctx *c, struct arena *a, const char *lang,
    struct doc *doc, cmark_node *root)
{
	struct vec		 headings = { NULL, 0, 0 };
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	cmark_node_type		 type;
	xmlBufferPtr		 body = c->body, head = c->text;
	const char		*lit;
	int			 inhead = 0, len;

	xmlBufferEmpty(body);
	xmlBufferEmpty(head);
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		type = cmark_node_get_type(n);
		if (type == CMARK_NODE_HEADING) {
			inhead = ev == CMARK_EVENT_ENTER;
			if (!inhead) {
				vec_push(a, &headings, buf_text(a, head));
				xmlBufferEmpty(head);
			}
			continue;
		}
		if (ev == CMARK_EVENT_EXIT) {
			/* Blocks end with a space, so words never join. */
			if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				text_add(inhead ? head : body, " ");
			continue;
		}
		switch (type) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
		case CMARK_NODE_FOOTNOTE_REFERENCE:
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			text_add(inhead ? head : body, " ");
			break;
		default:
			/* Text, code and code blocks carry a literal; the
			 * search index keeps the first few thousand bytes
			 * (search_entry() cuts them at a word). */
			if (!inhead && xmlBufferLength(body) > SEARCH_TEXT_MAX)
				break;
			if (cmark_node_first_child(n) == NULL &&
			    (lit = cmark_node_get_literal(n)) != NULL)
				text_add(inhead ? head : body, lit);
			break;
		}
	}
	cmark_iter_free(it);
	len = xmlBufferLength(body);
	while (len > 0 && xmlBufferContent(body)[len - 1] == ' ')
		len--;
	search_entry(c->entry, a, lang, doc,
	    (const char *)xmlBufferContent(body), (size_t)len, &headings);
}

#define MAX_DEPTH	100

/* Refuses Markdown nested deeper than pages can hold (libxml2 keeps
 * 256 levels of a page and drops the rest without a word). */
static int
check_depth(struct diag *d, struct doc *doc, cmark_node *root)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n, *up;
	int			 depth, ok = 1;

	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		/* Count ancestors, never more than the limit allows. */
		for (depth = 0, up = cmark_node_parent(n);
		    up != NULL && depth <= MAX_DEPTH;
		    up = cmark_node_parent(up))
			depth++;
		if (depth > MAX_DEPTH) {
			diag(d, LVL_ERROR, doc->path, doc_line(doc, n), 1,
			    "the text is nested more than %d levels deep "
			    "(quotes, lists or emphasis inside each other): "
			    "simplify it", MAX_DEPTH);
			ok = 0;
			break;
		}
	}
	cmark_iter_free(it);
	return ok;
}

/*
 * A link of doc's body as an absolute URL under base_url, for outputs read
 * away from the site (PDFs): site paths from the site's root, fragments
 * and relative paths from the document's page.  Web, mail and telephone
 * addresses, and empty (removed) links, stay as they are.
 */
static const char *
absolute_url(struct site *s, const struct doc *doc, const char *url)
{
	if (url[0] == '\0' || (strchr(url, ':') != NULL &&
	    strcspn(url, ":") < strcspn(url, "/?#")))
		return url;
	if (url[0] == '/' && url[1] == '/')
		return aprintf(&s->arena, "https:%s", url);
	if (url[0] == '/')
		return aprintf(&s->arena, "%s%s", s->base_url, url + 1);
	return aprintf(&s->arena, "%s%s%s", s->base_url, doc->url + 1, url);
}

/*
 * Resolves ref: links and removes unsafe ones; returns 0 after errors.
 * With absolute, every link becomes an absolute URL (absolute_url()).
 */
static int
fix_links(struct site *s, struct diag *d, struct doc *doc, cmark_node *root,
    int absolute)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	cmark_node_type		 type;
	const char		*url, *res;
	int			 ok = 1, line, col;

	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		type = cmark_node_get_type(n);
		if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
			continue;
		if ((url = cmark_node_get_url(n)) == NULL)
			continue;
		line = doc->body_line + cmark_node_get_start_line(n) - 1;
		col = cmark_node_get_start_column(n);
		if (strncmp(url, "ref:", 4) == 0) {
			if ((res = ref_resolve(s, url + 4)) == NULL) {
				diag(d, LVL_ERROR, doc->path, line, col,
				    "broken reference \"%s\": nothing has "
				    "that name", url);
				ok = 0;
				continue;
			}
			cmark_node_set_url(n, absolute ?
			    absolute_url(s, doc, res) : res);
		} else if (url_offsite(url)) {
			diag(d, LVL_WARNING, doc->path, line, col, "link to "
			    "\"%.40s\" removed: a browser would take it to "
			    "another site: write the address in full, starting "
			    "with https://", url);
			cmark_node_set_url(n, "");
		} else if (!url_safe(url) && !(type == CMARK_NODE_IMAGE &&
		    strncasecmp(url, "data:image/", 11) == 0)) {
			diag(d, LVL_WARNING, doc->path, line, col, "link to "
			    "\"%.40s\" removed: links must be web, email or "
			    "ref: addresses", url);
			cmark_node_set_url(n, "");
		} else if (absolute)
			cmark_node_set_url(n, absolute_url(s, doc, url));
	}
	cmark_iter_free(it);
	return ok;
}

/*
 * GFM task list items: cmark-gfm writes each as a disabled checkbox with
 * no label, which a screen reader announces as "checkbox, not checked"
 * and nothing else.  Here each item loses the extension's rendering and
 * starts with its state in words, "Done:" or "To do:", in a span the
 * stylesheet draws a box (ticked when done) beside; the box is drawn
 * with CSS, so nothing but the words is read out.
 */
static const char *const task_marks[2] = {
	"<span class=\"task task-todo\">To do:</span> ",
	"<span class=\"task task-done\">Done:</span> "
};

static void
task_items(cmark_node *root)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n, *first, *mark;
	const char		*type;
	int			 done;

	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_ITEM ||
		    (type = cmark_node_get_type_string(n)) == NULL ||
		    strcmp(type, "tasklist") != 0)
			continue;
		done = cmark_gfm_extensions_get_tasklist_item_checked(n);
		cmark_node_set_syntax_extension(n, NULL);
		first = cmark_node_first_child(n);
		if (first != NULL &&
		    cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
			mark = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE,
			    &cmark_arena_mem);
			cmark_node_prepend_child(first, mark);
		} else {
			mark = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK,
			    &cmark_arena_mem);
			cmark_node_prepend_child(n, mark);
		}
		cmark_node_set_on_enter(mark, task_marks[done != 0]);
	}
	cmark_iter_free(it);
}

/* cmark-gfm writes void elements XML-style, "<br />"; HTML5 has no use
 * for the slash.  In its output " />" only ever ends such a tag. */
static char *
void_tags(struct arena *a, const char *html)
{
	const char	*p, *q;
	char		*out, *o;

	o = out = amalloc_raw(a, strlen(html) + 1);
	for (p = html; (q = strstr(p, " />")) != NULL; p = q + 3) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		*o++ = '>';
	}
	strcpy(o, p);
	return out;
}

/* The HTML of a tree, made in cmark_arena, copied into a. */
static char *
render(struct arena *a, cmark_node *root, int opts, cmark_llist *exts)
{
	return void_tags(a, cmark_render_html_with_mem(root, opts, exts,
	    &cmark_arena_mem));
}

/*
 * A document's whole body rendered.  A briefing keeps only its parts, and
 * its whole is joined from them into a when asked: the same bytes as
 * rendering the whole tree, which cmark writes block by block.
 */
const char *
doc_html(struct arena *a, const struct doc *doc)
{
	const struct section	*sec;
	size_t			 i, len;
	char			*out, *o;

	if (doc->html != NULL)
		return doc->html;
	len = doc->intro != NULL ? strlen(doc->intro) : 0;
	for (i = 0; i < doc->sections.n; i++) {
		sec = doc->sections.v[i];
		len += strlen(sec->head) + strlen(sec->html);
	}
	o = out = amalloc_raw(a, len + 1);
	if (doc->intro != NULL)
		o = stpcpy(o, doc->intro);
	for (i = 0; i < doc->sections.n; i++) {
		sec = doc->sections.v[i];
		o = stpcpy(stpcpy(o, sec->head), sec->html);
	}
	*o = '\0';
	return out;
}

/* Splits a briefing at its level-2 headings into intro and sections. */
static int
split_sections(struct mdctx *c, struct site *s, struct diag *d,
    struct doc *doc, cmark_node *root, int opts, cmark_llist *exts)
{
	cmark_node	*n, *next, *part, *head;
	struct section	*sec = NULL;
	const char	*html;
	int		 ok = 1;

	part = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT, &cmark_arena_mem);
	for (n = cmark_node_first_child(root); n != NULL; n = next) {
		next = cmark_node_next(n);
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 2) {
			html = render(&s->arena, part, opts, exts);
			if (sec == NULL)
				doc->intro = html;
			else
				sec->html = html;
			part = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT,
			    &cmark_arena_mem);
			sec = amalloc(&s->arena, sizeof(*sec));
			sec->number = (int)doc->sections.n + 1;
			sec->title = node_text(c, &s->arena, n);
			sec->line = doc->body_line +
			    cmark_node_get_start_line(n) - 1;
			vec_push(&s->arena, &doc->sections, sec);
			head = cmark_node_new_with_mem(CMARK_NODE_DOCUMENT,
			    &cmark_arena_mem);
			cmark_node_unlink(n);
			cmark_node_append_child(head, n);
			sec->head = render(&s->arena, head, opts, exts);
			continue;
		}
		cmark_node_unlink(n);
		cmark_node_append_child(part, n);
	}
	html = render(&s->arena, part, opts, exts);
	if (sec == NULL)
		doc->intro = html;
	else
		sec->html = html;

	if (!doc->practitioner && doc->sections.n != 7) {
		if (doc->sections.n > 7) {
			sec = doc->sections.v[7];
			diag(d, LVL_ERROR, doc->path, sec->line, 1,
			    "section 8 \"%s\": a seven-minute briefing has "
			    "exactly 7 sections, this one has %zu",
			    sec->title, doc->sections.n);
		} else
			diag(d, LVL_ERROR, doc->path, doc->sections.n ?
			    ((struct section *)doc->sections.v[
			    doc->sections.n - 1])->line : doc->body_line, 1,
			    "a seven-minute briefing has exactly 7 sections "
			    "(\"## \" headings), this one has %zu",
			    doc->sections.n);
		ok = 0;
	}
	return ok;
}

/* A parser fed with doc's body, with every option and extension herald
 * uses, allocating with mem; the caller frees it with cmark_parser_free().
 */
static cmark_parser *
body_parser(const struct site *s, const struct doc *doc, int *optsp,
    cmark_mem *mem)
{
	cmark_parser			*p;
	cmark_syntax_extension		*ext;
	int				 opts, i;

	/* Table columns align with style="text-align", not the obsolete
	 * align attribute. */
	/* No CMARK_OPT_VALIDATE_UTF8: text_check() has refused invalid
	 * UTF-8 and NUL bytes already, with their line and column. */
	opts = CMARK_OPT_DEFAULT | CMARK_OPT_SMART |
	    CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES;
	if (s->unsafe_html)
		opts |= CMARK_OPT_UNSAFE;
	if (doc->type != T_BRIEFING)
		opts |= CMARK_OPT_FOOTNOTES;
	p = cmark_parser_new_with_mem(opts, mem);
	for (i = 0; extensions[i] != NULL; i++)
		if ((ext = cmark_find_syntax_extension(extensions[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, ext);
	cmark_parser_feed(p, doc->body, doc->bodylen);
	*optsp = opts;
	return p;
}

/*
 * The Markdown tree of doc's body, parsed as markdown_doc() parses it,
 * with every link made absolute under base_url (ref: links resolved), for
 * outputs that walk the tree themselves (PDFs).  The caller frees it with
 * cmark_node_free().  Returns NULL after reporting broken references.
 */
struct cmark_node *
markdown_tree(struct site *s, struct diag *d, struct doc *doc)
{
	cmark_parser	*p;
	cmark_node	*root;
	int		 opts;

	p = body_parser(s, doc, &opts, cmark_get_default_mem_allocator());
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	if (!fix_links(s, d, doc, root, 1)) {
		cmark_node_free(root);
		return NULL;
	}
	return root;
}

/*
 * Renders a document's Markdown into its html (and, for briefings, intro
 * and sections), sets its default summary and search entry, and reports
 * broken references.  cmark's allocations go to c's arena, emptied at the
 * end.
 */
static int
md_render(struct mdctx *c, struct site *s, struct diag *d, struct doc *doc)
{
	cmark_parser			*p;
	cmark_node			*root, *n;
	cmark_llist			*exts;
	int				 opts, ok = 1;

	cmark_arena = &c->cmark;
	p = body_parser(s, doc, &opts, &cmark_arena_mem);
	root = cmark_parser_finish(p);
	exts = cmark_parser_get_syntax_extensions(p);

	if (!check_depth(d, doc, root)) {
		ok = 0;
		goto out;
	}
	if (!fix_links(s, d, doc, root, 0))
		ok = 0;
	if (doc->summary == NULL) {
		doc->summary = "";
		for (n = cmark_node_first_child(root); n != NULL;
		    n = cmark_node_next(n))
			if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
				doc->summary = node_text(c, &s->arena, n);
				break;
			}
	}
	doc_plain(c, &s->arena, s->language, doc, root);
	task_items(root);
	if (doc->type != T_BRIEFING)
		doc->html = render(&s->arena, root, opts, exts);
	else if (!split_sections(c, s, d, doc, root, opts, exts))
		ok = 0;
out:
	cmark_parser_free(p);
	arena_reset(&c->cmark);
	cmark_arena = NULL;
	return ok;
}

/* md_render() of one document, with a context of its own (the fuzz
 * targets; markdown_site() keeps one per thread). */
int
markdown_doc(struct site *s, struct diag *d, struct doc *doc)
{
	struct mdctx	 c;
	int		 ok;

	mdctx_init(&c);
	ok = md_render(&c, s, d, doc);
	mdctx_free(&c);
	return ok;
}

/* Frees a rendered document's Markdown when nothing reads it again
 * (all but briefings, whose PDFs need it): the peak of a big build. */
static void
drop_source(struct doc *doc)
{
	if (doc->source == NULL)
		return;
	free(doc->source);
	doc->source = NULL;
	doc->body = NULL;
	doc->bodylen = 0;
}

/* Markdown of many documents, shared out among threads. */
struct mdwork {
	struct site	*s;		/* the site, only read */
	struct diag	*d;
	struct doc	**docs;
	struct jobs	 q;		/* which of docs to take next */
	int		 ok;
};

/*
 * A thread renders documents with its own copy of the site, whose arena
 * is its own, and its own context; everything else of the site it only
 * reads.  Its arena is handed to the site when it ends.
 */
static void *
md_worker(void *arg)
{
	struct mdwork	*w = arg;
	struct site	*ts;
	struct mdctx	 c;
	size_t		 i;

	ts = site_thread_copy(w->s);
	mdctx_init(&c);
	while (jobs_next(&w->q, &i)) {
		diag_key(w->docs[i]->key);
		if (!md_render(&c, ts, w->d, w->docs[i])) {
			w->docs[i]->failed = 1;
			__atomic_store_n(&w->ok, 0, __ATOMIC_RELAXED);
		}
		drop_source(w->docs[i]);
	}
	mdctx_free(&c);
	return ts;
}

int
markdown_site(struct site *s, struct diag *d, int jobs)
{
	struct mdwork	 w;
	size_t		 i;
	int		 t, k;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.d = d;
	w.ok = 1;
	for (t = 0; t < T_COUNT; t++)
		if (s->slugs[t] != NULL)
			w.q.n += s->docs[t].n;
	w.docs = xcalloc(w.q.n + 1, sizeof(*w.docs));
	for (i = 0, t = 0; t < T_COUNT; t++)
		for (k = 0; s->slugs[t] != NULL && (size_t)k < s->docs[t].n;
		    k++) {
			struct doc *doc = s->docs[t].v[k];
			if (doc->body != NULL)
				w.docs[i++] = doc;
		}
	w.q.n = i;
	if ((size_t)jobs > w.q.n)
		jobs = (int)w.q.n;
	diag_defer(d);
	site_threads(s, d, jobs, md_worker, &w);
	diag_flush(d);
	free(w.docs);
	return w.ok;
}
