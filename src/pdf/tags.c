/* tags.c: tagged PDF: marked content, the structure tree, XMP, outlines. */
#include <stdio.h>
#include <string.h>

#include <hpdf.h>

#include "pdf.h"
#include "tags.h"

/*
 * How it works.  Every operator that paints sits in a marked-content
 * sequence: text and figures in one with an MCID that a structure
 * element (struct selem) owns, everything else in an /Artifact one.  The
 * designs say which element comes next (tag_push(), tag_pop()); lines of
 * flowing text make their own (tag_line(): P, H2, H3, Code, L, LI, Lbl,
 * LBody, BlockQuote, Link).  Sequences never cross BT or ET: text opens
 * its own inside the text object, shapes theirs outside.  The tree, the
 * ParentTree and the document's entries are written through libharu's
 * object API at the end (tags_finish()), before the PDF is saved.
 * A table is tag_push() of Table, TR, then TH (with tag_scope()) or TD
 * as leaves, each popped in turn.
 */

/* The page's content stream, to write operators libharu has no call for. */
static HPDF_Stream
page_stream(struct pdf *p)
{
	return ((HPDF_PageAttr)p->page->attr)->stream;
}

static struct selem *
elem_new(struct pdf *p, struct selem *up, const char *type)
{
	struct selem	*e = amalloc(&p->a, sizeof(*e));
	struct skid	*k;

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->up = up;
	if (up != NULL) {
		k = amalloc(&p->a, sizeof(*k));
		memset(k, 0, sizeof(*k));
		k->e = e;
		vec_push(&p->a, &up->kids, k);
	}
	return e;
}

void
tags_start(struct pdf *p)
{
	struct tags	*t = amalloc(&p->a, sizeof(*t));

	memset(t, 0, sizeof(*t));
	t->root = t->cur = elem_new(p, NULL, "Document");
	p->tg = t;
}

/* Ends the open marked-content sequence. */
void
mc_end(struct pdf *p)
{
	struct tags	*t = p->tg;

	if (t->open == MC_NONE || p->page == NULL)
		return;
	HPDF_Stream_WriteStr(page_stream(p), "EMC\n");
	t->open = MC_NONE;
	t->open_e = NULL;
}

/* Opens an artifact sequence of kind art, unless one is open. */
static void
mc_art(struct pdf *p, enum mc art)
{
	struct tags	*t = p->tg;

	if (t->open == art && t->open_text == t->in_text)
		return;
	mc_end(p);
	if (p->page == NULL)
		return;
	HPDF_Stream_WriteStr(page_stream(p), art == MC_PAGINATION ?
	    "/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n" :
	    "/Artifact BMC\n");
	t->open = art;
	t->open_text = t->in_text;
}

/* Opens a sequence for element e, unless one is open. */
static void
mc_elem(struct pdf *p, struct selem *e)
{
	struct tags	*t = p->tg;
	struct skid	*k;
	char		 op[96];

	if (t->open == MC_ELEM && t->open_e == e &&
	    t->open_text == t->in_text)
		return;
	mc_end(p);
	if (p->page == NULL || t->page == NULL)
		return;
	k = amalloc(&p->a, sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->pg = p->page;
	k->mcid = (int)t->page->owner.n;
	vec_push(&p->a, &e->kids, k);
	vec_push(&p->a, &t->page->owner, e);
	snprintf(op, sizeof(op), "/%s <</MCID %d>> BDC\n", e->type, k->mcid);
	HPDF_Stream_WriteStr(page_stream(p), op);
	t->open = MC_ELEM;
	t->open_e = e;
	t->open_text = t->in_text;
}

/* A shape about to be painted: an artifact, but in a figure. */
void
mc_shape(struct pdf *p)
{
	mc_art(p, p->tg->art == MC_PAGINATION ? MC_PAGINATION : MC_ART);
}

/* Text about to be shown (inside BT). */
void
mc_text(struct pdf *p)
{
	struct tags	*t = p->tg;

	if (t->art != MC_NONE)
		mc_art(p, t->art);
	else
		mc_elem(p, t->tt != NULL ? t->tt : t->cur);
}

/* BT and ET: no sequence crosses them. */
void
text_begin(struct pdf *p)
{
	mc_end(p);
	p->tg->in_text = 1;
	HPDF_Page_BeginText(p->page);
}

void
text_end(struct pdf *p)
{
	mc_end(p);
	p->tg->in_text = 0;
	HPDF_Page_EndText(p->page);
}

/* A new page (p->page): its MCIDs start at 0 and get a ParentTree key. */
void
tag_page(struct pdf *p)
{
	struct tags	*t = p->tg;
	struct parent	*pa;

	t->open = MC_NONE;
	t->page = NULL;
	if (p->page == NULL)
		return;
	t->page = amalloc(&p->a, sizeof(*t->page));
	memset(t->page, 0, sizeof(*t->page));
	t->page->pg = p->page;
	pa = amalloc(&p->a, sizeof(*pa));
	pa->page = t->page;
	pa->e = NULL;
	HPDF_Dict_AddNumber(p->page, "StructParents", (HPDF_INT)t->parents.n);
	HPDF_Dict_AddName(p->page, "Tabs", "S");
	vec_push(&p->a, &t->parents, pa);
}

/* Forgets the flow's open blocks, lists and quotes. */
static void
flow_reset(struct tags *t)
{
	t->blk = NULL;
	t->leaf = NULL;
	t->nnest = 0;
	t->tt = NULL;
}

/* Opens an element of type under the current one; with leaf, text goes
 * into it directly.  Returns it. */
struct selem *
tag_push(struct pdf *p, const char *type, int leaf)
{
	struct tags	*t = p->tg;

	t->cur = elem_new(p, t->cur, type);
	t->cur->leaf = leaf;
	flow_reset(t);
	return t->cur;
}

void
tag_pop(struct pdf *p)
{
	struct tags	*t = p->tg;

	if (t->open == MC_ELEM)
		mc_end(p);
	if (t->cur->up != NULL)
		t->cur = t->cur->up;
	flow_reset(t);
}

/* Sets the current element's /Alt and /ActualText (either NULL). */
void
tag_text(struct pdf *p, const char *alt, const char *actual)
{
	p->tg->cur->alt = alt;
	p->tg->cur->actual = actual;
}

/* From here to tag_art_end() everything is an artifact; pagination for
 * running headers, footers and page numbers. */
void
tag_art(struct pdf *p, int pagination)
{
	p->tg->art = pagination ? MC_PAGINATION : MC_ART;
}

void
tag_art_end(struct pdf *p)
{
	mc_end(p);
	p->tg->art = MC_NONE;
}

/* A figure's content (an image, a QR code) about to be painted. */
void
tag_figure(struct pdf *p, const char *alt)
{
	tag_push(p, "Figure", 1);
	tag_text(p, alt, NULL);
	mc_elem(p, p->tg->cur);
}

void
tag_figure_end(struct pdf *p)
{
	tag_pop(p);
}

/* The structure type of a block of the flow. */
static const char *
block_type(const struct block *b)
{
	switch (b->kind) {
	case B_HEADING:
		return "H2";
	case B_SUBHEADING:
		return "H3";
	case B_CODE:
		return "Code";
	default:
		return "P";
	}
}

/* Where a block inside nest level i goes: its LBody or BlockQuote. */
static struct selem *
nest_body(struct pdf *p, struct tnest *tn)
{
	struct selem	*li;

	if (tn->n->quote)
		return tn->e;
	if (tn->body == NULL) {
		li = elem_new(p, tn->e, "LI");
		tn->lbl = NULL;
		tn->body = elem_new(p, li, "LBody");
	}
	return tn->body;
}

/* Opens the lists and quotes of block b, closing those it is not in;
 * returns where its element goes. */
static struct selem *
nest_sync(struct pdf *p, const struct block *b)
{
	struct tags		*t = p->tg;
	const struct nest	*chain[NEST_MAX], *ns;
	struct selem		*up;
	struct tnest		*tn;
	int			 n = 0, i, k;

	for (ns = b->nest; ns != NULL; ns = ns->up) {
		if (n == NEST_MAX)
			memmove(chain, chain + 1, --n * sizeof(chain[0]));
		chain[n++] = ns;
	}
	/* Root first. */
	for (i = 0; i < n / 2; i++) {
		ns = chain[i];
		chain[i] = chain[n - 1 - i];
		chain[n - 1 - i] = ns;
	}
	for (k = 0; k < n && k < t->nnest && t->nest[k].n == chain[k]; k++)
		continue;
	t->nnest = k;
	for (; k < n; k++) {
		up = k == 0 ? t->cur : nest_body(p, &t->nest[k - 1]);
		tn = &t->nest[t->nnest++];
		memset(tn, 0, sizeof(*tn));
		tn->n = chain[k];
		tn->e = elem_new(p, up, chain[k]->quote ? "BlockQuote" : "L");
	}
	if (t->nnest == 0)
		return t->cur;
	tn = &t->nest[t->nnest - 1];
	if (b->marker.n > 0 && !tn->n->quote) {
		/* A new item. */
		up = elem_new(p, tn->e, "LI");
		tn->lbl = elem_new(p, up, "Lbl");
		tn->body = elem_new(p, up, "LBody");
	}
	return nest_body(p, tn);
}

/* The text of block b, after prefix (in the arena). */
const char *
block_text(struct pdf *p, const struct block *b, const char *prefix)
{
	xmlBufferPtr		 buf = bnew();
	const struct atom	*at;
	const char		*s;
	size_t			 i;

	bputs(buf, prefix);
	for (i = 0; i < b->atoms.n; i++) {
		at = b->atoms.v[i];
		bput(buf, at->kind == A_TEXT ? at->s : " ",
		    at->kind == A_TEXT ? at->len : 1);
	}
	s = astrndup(&p->a, (const char *)xmlBufferContent(buf),
	    (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	return s;
}

/* A bookmark for heading b, at height top of the page. */
static void
tag_outline(struct pdf *p, const struct block *b, double top)
{
	HPDF_Outline	 ol;
	HPDF_Destination dst;

	ol = HPDF_CreateOutline(p->hpdf, NULL, "", NULL);
	if (ol != NULL) {
		HPDF_Dict_Add(ol, "Title", text_string(p,
		    block_text(p, b, "")));
		if ((dst = HPDF_Page_CreateDestination(p->page)) != NULL) {
			HPDF_Array_Clear(dst);
			HPDF_Array_Add(dst, p->page);
			HPDF_Array_AddName(dst, "XYZ");
			HPDF_Array_AddReal(dst, 0);
			HPDF_Array_AddReal(dst, (HPDF_REAL)top);
			HPDF_Array_Add(dst, HPDF_Null_New(p->hpdf->mmgr));
			HPDF_Outline_SetDestination(ol, dst);
		}
	}
}

/* Line l of the flow, its top at top, about to be drawn: the element its
 * text goes into. */
void
tag_line(struct pdf *p, const struct pline *l, double top)
{
	struct tags	*t = p->tg;
	struct selem	*up;

	if (t->art != MC_NONE)
		return;
	if (t->cur->leaf) {
		t->leaf = t->tt = t->cur;
		return;
	}
	if (l->b != t->blk) {
		t->blk = l->b;
		up = nest_sync(p, l->b);
		t->leaf = l->b->kind == B_RULE ? NULL :
		    elem_new(p, up, block_type(l->b));
		if (t->leaf != NULL)
			t->leaf->leaf = 1;
		if (t->outlines && l->b->kind == B_HEADING)
			tag_outline(p, l->b, top);
	}
	t->tt = t->leaf;
}

/* The list marker of the current line is next (on), or its text (off). */
void
tag_marker(struct pdf *p, int on)
{
	struct tags	*t = p->tg;

	if (t->art != MC_NONE || t->cur->leaf)
		return;
	if (on && t->nnest > 0 && t->nest[t->nnest - 1].lbl != NULL)
		t->tt = t->nest[t->nnest - 1].lbl;
	else
		t->tt = t->leaf;
}

/* The Link element of url in the current block, made if need be: the
 * last kid if it is one (a link across lines), with back any recent one
 * (an annotation drawn after its line's text). */
static struct selem *
link_elem(struct pdf *p, const char *url, int back)
{
	struct tags	*t = p->tg;
	struct selem	*leaf = t->leaf != NULL ? t->leaf : t->cur;
	struct skid	*k;
	size_t		 i;

	for (i = leaf->kids.n; i > 0; i--) {
		k = leaf->kids.v[i - 1];
		if (k->e != NULL && k->e->link == url)
			return k->e;
		if (!back)
			break;
	}
	leaf = elem_new(p, leaf, "Link");
	leaf->link = url;
	leaf->leaf = 1;
	return leaf;
}

/* The next text of the line has the link url, or none (NULL). */
void
tag_piece(struct pdf *p, const char *url)
{
	struct tags	*t = p->tg;

	if (t->art != MC_NONE)
		return;
	if (url == NULL)
		t->tt = t->leaf != NULL ? t->leaf : NULL;
	else
		t->tt = link_elem(p, url, 0);
}

/* A link annotation to url just made: an OBJR kid of its Link, with a
 * /StructParent and /Contents. */
void
tag_annot(struct pdf *p, HPDF_Annotation an, const char *url)
{
	struct tags	*t = p->tg;
	struct selem	*e;
	struct parent	*pa;
	struct skid	*k;

	if (t->art != MC_NONE) {
		if (t->tail == NULL) {
			t->tail = elem_new(p, NULL, "Link");
			t->tail->alt = aprintf(&p->a, "Read this briefing "
			    "online: %s", url);
		}
		e = t->tail;
	} else if (strcmp(t->cur->type, "Link") == 0)
		e = t->cur;
	else
		e = link_elem(p, url, 1);
	k = amalloc(&p->a, sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->an = an;
	k->pg = p->page;
	vec_push(&p->a, &e->kids, k);
	pa = amalloc(&p->a, sizeof(*pa));
	pa->page = NULL;
	pa->e = e;
	HPDF_Dict_AddNumber(an, "StructParent", (HPDF_INT)t->parents.n);
	HPDF_Dict_Add(an, "Contents", text_string(p, url));
	vec_push(&p->a, &t->parents, pa);
}

/* Practitioner: every H2 of the flow gets a bookmark. */
void
tag_outlines(struct pdf *p)
{
	p->tg->outlines = 1;
}

/* How many kids the current element has: with tag_move_end(), what is
 * drawn first can be read later. */
size_t
tag_mark(struct pdf *p)
{
	return p->tg->cur->kids.n;
}

/* Moves the current element's kid at mark to the end of its kids. */
void
tag_move_end(struct pdf *p, size_t mark)
{
	struct vec	*v = &p->tg->cur->kids;
	void		*k;

	if (mark >= v->n)
		return;
	k = v->v[mark];
	memmove(v->v + mark, v->v + mark + 1, (v->n - mark - 1) *
	    sizeof(v->v[0]));
	v->v[v->n - 1] = k;
}

/* The /Scope of the current TH: "Column", "Row" or "Both". */
void
tag_scope(struct pdf *p, const char *scope)
{
	p->tg->cur->scope = scope;
}
