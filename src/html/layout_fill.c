/* layout_fill.c: the interpreter that runs a compiled layout's operations with one page's values. */
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "layout.h"

/* A data-each being filled. */
struct frame {
	const struct op		*each;		/* its OP_EACH, with its name */
	const struct value	*item;		/* the item the name names */
	const struct value	*list;		/* the list, or NULL: a map
						   named once, without loop */
	size_t			 i;		/* the item's index in list */
	/* loop.index, loop.first and loop.last, changed in place for each
	 * item: a page may loop a million times. */
	struct value		 loop;
	struct value		*lv[3];
	const char		*lk[3];
	uint32_t		 lh[3];
	struct value		 lindex, lfirst, llast;
	char			 idx[24];
};

/* Filling one page: every value is written through the escaper of the
 * text or attribute it fills. */
struct fill {
	struct layouts		*L;
	struct html5w		 w;		/* the page being written */
	const struct value	*root;		/* map of site, page, home */
	xmlBufferPtr		 scratch;	/* text of one value */
	struct value		 tmpl;		/* a text template's value, its
						   text in scratch */
	size_t			 elements;	/* elements filled so far */
	int			 failed;
	int			 stopped;	/* too big: fill nothing more */
	struct frame		*frames;	/* the loops being filled */
	size_t			 nframes;
};

static void
ferr(struct fill *f, const struct op *op, const char *fmt, const char *arg)
{
	diag(f->L->d, LVL_ERROR, op->file, op->line, 1, fmt, arg);
	f->failed = 1;
}

static const struct value empty_value = { .t = V_STR, .s = "" };

/* The value the first name of a path names: a loop's item or loop,
 * innermost first, else one of the root's. */
static const struct value *
lookup_first(const struct fill *f, struct seg *g)
{
	const struct frame	*fr;
	size_t			 k;

	for (k = f->nframes; k > 0; k--) {
		fr = &f->frames[k - 1];
		if (fr->each->nameh == g->h && fr->each->namelen == g->len &&
		    memcmp(fr->each->name, g->s, g->len) == 0)
			return fr->item;
		if (fr->list != NULL && g->len == 4 &&
		    memcmp(g->s, "loop", 4) == 0)
			return &fr->loop;
	}
	return v_geth_hint(f->root, g->s, g->len, g->h, &g->hint);
}

/* The value a path names.  Reports an unknown value. */
static const struct value *
lookup(struct fill *f, const struct op *op, const struct path *p)
{
	const struct value	*v = NULL;
	struct seg		*g;
	size_t			 k;

	if (p->bad) {
		char *q = xstrndup(p->src, p->srclen);
		ferr(f, op, "bad expression \"%s\": write a value name like "
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
		if (k == 0)
			v = lookup_first(f, g);
		else if (v->t != V_MAP)
			/* A field of an unset value is unset too. */
			v = v_true(v) ? NULL : &empty_value;
		else
			v = v_geth_hint(v, g->s, g->len, g->h, &g->hint);
		if (v == NULL)
			break;
	}
	if (v == NULL) {
		char *q = xstrndup(p->src, p->srclen);
		ferr(f, op, "unknown value \"%s\" (see docs/layouts.md for the "
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
 * string in scratch, good until the next evaluation. */
static const struct value *
eval(struct fill *f, const struct op *op, const struct expr *x)
{
	xmlBufferPtr	 b = f->scratch;
	size_t		 i;

	if (!x->template)
		return lookup(f, op, &x->path);
	xmlBufferEmpty(b);
	for (i = 0; i < x->nparts; i++) {
		bput(b, x->parts[i].lit, x->parts[i].litlen);
		value_text(b, lookup(f, op, &x->parts[i].path));
	}
	if (x->unclosed)
		ferr(f, op, "unclosed { in \"%s\"", x->src);
	bputs(b, x->tail);
	f->tmpl.t = V_STR;
	f->tmpl.s = (const char *)xmlBufferContent(b);
	return &f->tmpl;
}

/* The text of a value that is not a string, in scratch. */
static const char *
scratch_text(struct fill *f, const struct value *v)
{
	xmlBufferEmpty(f->scratch);
	value_text(f->scratch, v);
	bput(f->scratch, "", 0);
	return xmlBufferLength(f->scratch) > 0 ?
	    (const char *)xmlBufferContent(f->scratch) : "";
}

/* Writes one data-attr value: removed when empty or false, a boolean
 * attribute when true, never an unsafe URL. */
static void
write_dattr(struct fill *f, const struct op *op)
{
	const struct dattr	*da = op->attr;
	const struct value	*v;
	const char		*s;

	v = eval(f, op, da->expr);
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

/* data-text, and data-html: rendered Markdown as it is, anything else
 * as text. */
static void
write_value(struct fill *f, const struct op *op)
{
	const struct value	*v = eval(f, op, op->expr);

	if (op->type == OP_HTML && v->t == V_HTML)
		html5w_markup(&f->w, v->s);
	else
		html5w_text(&f->w, v->t == V_STR || v->t == V_HTML ? v->s :
		    scratch_text(f, v), op->raw);
}

/* Binds the loop's next item, unless the loop is over: every item done,
 * the page failed (one item is enough to report the loop's own errors),
 * or the page too big. */
static int
each_item(struct fill *f, const struct op *each, struct frame *fr)
{
	if (fr->i >= fr->list->n || f->stopped || (f->failed && fr->i > 0))
		return 0;
	if (f->elements > MAX_ELEMENTS ||
	    xmlBufferLength(f->w.b) > MAX_PAGE) {
		ferr(f, each, "the page passes a million elements or 64 MB in "
		    "this loop over \"%s\": are loops nested too deep?",
		    each->list);
		f->stopped = 1;
		return 0;
	}
	fr->lindex.s = utoa(fr->idx, sizeof(fr->idx), fr->i + 1);
	fr->lfirst.b = fr->i == 0;
	fr->llast.b = fr->i + 1 == fr->list->n;
	fr->item = fr->list->items[fr->i];
	return 1;
}

static struct frame *
frame_push(struct fill *f, const struct op *each, const struct value *list)
{
	struct frame	*fr = &f->frames[f->nframes++];

	memset(fr, 0, sizeof(*fr));
	fr->each = each;
	fr->list = list;
	fr->lindex.t = V_STR;
	fr->lfirst.t = fr->llast.t = V_BOOL;
	fr->lv[0] = &fr->lindex;
	fr->lv[1] = &fr->lfirst;
	fr->lv[2] = &fr->llast;
	fr->lk[0] = "index";
	fr->lk[1] = "first";
	fr->lk[2] = "last";
	fr->lh[0] = key_hash("index", 5);
	fr->lh[1] = key_hash("first", 5);
	fr->lh[2] = key_hash("last", 4);
	fr->loop.t = V_MAP;
	fr->loop.items = fr->lv;
	fr->loop.keys = fr->lk;
	fr->loop.hashes = fr->lh;
	fr->loop.n = fr->loop.cap = 3;
	return fr;
}

/* OP_EACH at pc: where filling goes on, its block or past it. */
static size_t
each_begin(struct fill *f, const struct op *op, size_t pc)
{
	const struct value	*v;
	struct frame		*fr;

	v = eval(f, op, op->expr);
	if (!op->name_ok)
		ferr(f, op, "bad loop name \"%s\"", op->name);
	else if (v->t == V_LIST) {
		fr = frame_push(f, op, v);
		if (each_item(f, op, fr))
			return pc + 1;
		f->nframes--;
	} else if (v->t == V_MAP) {
		/* One item: the loop names it, as "with" would. */
		fr = frame_push(f, op, NULL);
		fr->item = v;
		return pc + 1;
	} else if (v_true(v))
		ferr(f, op, "data-each needs a list, and \"%s\" is not one",
		    op->list);
	return op->jump;
}

/* OP_END of the OP_EACH at pc: its block again, or past it. */
static size_t
each_next(struct fill *f, const struct op *each, size_t pc)
{
	struct frame	*fr = &f->frames[f->nframes - 1];

	if (fr->list != NULL) {
		fr->i++;
		if (each_item(f, each, fr))
			return pc + 1;
	}
	f->nframes--;
	return each->jump;
}

/* Runs the operations of a layout. */
static void
run(struct fill *f, const struct layout *lay)
{
	const struct op	*op;
	size_t		 pc = 0;

	while (pc < lay->n && !f->stopped) {
		op = &lay->ops[pc];
		f->elements += op->elements;
		switch (op->type) {
		case OP_LIT:
			bput(f->w.b, op->s, op->len);
			if (op->blank >= 0)
				f->w.blank = op->blank;
			pc++;
			break;
		case OP_BLANK:
			html5w_blank(&f->w, op->blank);
			pc++;
			break;
		case OP_URL:
			html5w_attr_as(&f->w, op->name, op->s, 1);
			pc++;
			break;
		case OP_ATTR:
			write_dattr(f, op);
			pc++;
			break;
		case OP_TEXT:
		case OP_HTML:
			write_value(f, op);
			pc++;
			break;
		case OP_IF:
			pc = v_true(eval(f, op, op->expr)) != op->negate ?
			    pc + 1 : op->jump;
			break;
		case OP_EACH:
			pc = each_begin(f, op, pc);
			break;
		case OP_END:
			pc = each_next(f, &lay->ops[op->jump], op->jump);
			break;
		case OP_ERROR:
			ferr(f, op, "data-each must read \"NAME in LIST\", "
			    "not \"%s\"", op->s);
			pc++;
			break;
		}
	}
}

/* Fills layout name with the values of root and writes the page for
 * site path url into page, emptied first.  Returns 0 after reporting
 * the layout's mistakes. */
int
layout_fill(struct layouts *L, struct diag *d, const char *name,
    const struct value *root, const char *url, const char *absbase,
    xmlBufferPtr page)
{
	const struct layout	*lay;
	struct fill		 f;

	(void)d;
	xmlBufferEmpty(page);
	if ((lay = layout_get(L, name)) == NULL)
		return 0;
	memset(&f, 0, sizeof(f));
	f.L = L;
	f.root = root;
	f.scratch = bnew();
	f.w.b = page;
	f.w.page = url;
	f.w.absbase = absbase;
	f.frames = xcalloc(lay->loops + 1, sizeof(*f.frames));
	run(&f, lay);
	free(f.frames);
	xmlBufferFree(f.scratch);
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
