/* atoms.c: a briefing's Markdown tree into blocks of atoms, each in its face. */
#include <stdio.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "pdf.h"

/*
 * Space above blocks, in body sizes (the line height of the body is
 * about 1.3 of them).
 */
#define GAP_BLOCK	0.6		/* between two blocks */
#define GAP_TIGHT	0.2		/* between the items of a tight list */
#define GAP_LOOSE	0.5		/* between those of a loose one */
#define GAP_ROW		0.25		/* between the rows of a table */
#define GAP_HEADING	1.3		/* above a practitioner's ## heading */
#define GAP_SUBHEADING	0.8		/* above ### and below, when not first */

#define QUOTE_HANG	900		/* indent of a block quote, em/1000 */
#define TAB_SPACES	4		/* a tab in code is this many spaces */
#define CELL_SPACES	2		/* spaces each side of a cell's dot */

/* Appends an atom of len bytes of s, in the builder's style and link. */
static void
tb_push(struct tb *t, enum akind kind, int face, const char *s, size_t len)
{
	struct atom	*at = amalloc(&t->p->a, sizeof(*at));

	at->s = astrndup(&t->p->a, s, len);
	at->len = len;
	at->kind = kind;
	at->face = face;
	at->style = t->style;
	at->link = t->link;
	at->w = 0;
	vec_push(&t->p->a, t->out, at);
}

/* Appends a space atom n spaces wide (at most 64). */
static void
tb_space(struct tb *t, size_t n)
{
	int	 face = style_face(t->style);
	char	 sp[64];

	if (n > sizeof(sp))
		n = sizeof(sp);
	memset(sp, ' ', n);
	use_char(t->p, face, ' ');
	tb_push(t, A_SPACE, face, sp, n);
}

/*
 * The space due before more text, next its first character.  It is part
 * of a link only inside one, so that underlines start and end at words,
 * and it does not break between digits ("01632 960 200").
 */
static void
tb_gap(struct tb *t, uint32_t next)
{
	const struct atom	*prev = t->out->n > 0 ?
				    t->out->v[t->out->n - 1] : NULL;
	const char		*link = t->link;
	int			 style = t->style;

	if (prev != NULL && prev->kind == A_TEXT && prev->len > 0 &&
	    prev->s[prev->len - 1] >= '0' && prev->s[prev->len - 1] <= '9' &&
	    next >= '0' && next <= '9' && prev->link == t->link) {
		use_char(t->p, prev->face, ' ');
		tb_push(t, A_TEXT, prev->face, " ", 1);
		t->space = 0;
		return;
	}

	if (prev == NULL || prev->link != t->link) {
		t->link = NULL;
		t->style &= ~S_LINK;
	}
	if (prev == NULL || !(prev->style & S_MONO))
		t->style &= ~S_MONO;	/* a text space before code */
	tb_space(t, 1);
	t->link = link;
	t->style = style;
	t->space = 0;
}

/* Appends a forced line break. */
void
tb_break(struct tb *t)
{
	tb_push(t, A_BREAK, style_face(t->style), "", 0);
	t->space = 0;
}

/* Whether c is white space in Markdown's sense. */
static int
is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/*
 * Appends text: runs of white space become one space (all kept under
 * pre), and each character goes to the first face of its style's chain
 * that has it.  A character no face has is left out with a warning;
 * control characters are left out.
 */
static void
tb_text(struct tb *t, const char *s, size_t len)
{
	struct pdf	*p = t->p;
	size_t		 i, n, run = 0, runlen = 0;
	uint32_t	 c;
	int		 face, bad, runface = -1, want = style_face(t->style);

	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		bad = c == 0xfffd && n == 1 && (unsigned char)s[i] >= 0x80;
		face = -1;
		if (!is_space(c) && c >= 0x20 && c != 0x7f &&
		    !(c >= 0x80 && c < 0xa0) && !bad &&
		    (face = face_for(p, want, c)) < 0)
			diag(p->d, LVL_WARNING, p->doc->path, t->line, 1,
			    "the character U+%04X cannot be printed: no font "
			    "herald uses has it, so the PDF leaves it out",
			    (unsigned)c);
		if (face < 0) {
			if (runlen > 0)
				tb_push(t, A_TEXT, runface, s + run, runlen);
			runlen = 0;
			if (bad)
				tb_text(t, "\xef\xbf\xbd", 3);	/* U+FFFD */
			else if (t->pre && c == '\n')
				tb_break(t);
			else if (t->pre && (c == ' ' || c == '\t'))
				tb_space(t, c == '\t' ? TAB_SPACES : 1);
			else if (is_space(c))
				t->space = t->out->n > 0;
			continue;
		}
		if (t->space) {
			if (runlen > 0)
				tb_push(t, A_TEXT, runface, s + run, runlen);
			runlen = 0;
			tb_gap(t, c);
		}
		if (runlen > 0 && face != runface) {
			tb_push(t, A_TEXT, runface, s + run, runlen);
			runlen = 0;
		}
		if (runlen == 0) {
			run = i;
			runface = face;
		}
		runlen += n;
		use_char(p, face, c);
	}
	if (runlen > 0)
		tb_push(t, A_TEXT, runface, s + run, runlen);
}

/* Appends a NUL-terminated string, as tb_text(). */
void
tb_str(struct tb *t, const char *s)
{
	tb_text(t, s, strlen(s));
}

/* A new, empty block in the arena. */
struct block *
block_new(struct pdf *p, enum bkind kind, struct nest *nest, double gap,
    int line)
{
	struct block	*b = amalloc(&p->a, sizeof(*b));

	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->nest = nest;
	b->gap = gap;
	b->line = line;
	return b;
}

/* A block of one string in one style, e.g. a title or a label. */
struct block *
text_block(struct pdf *p, const char *s, int style, const char *link,
    int line)
{
	struct block	*b = block_new(p, B_PARA, NULL, 0, line);
	struct tb	 t;

	memset(&t, 0, sizeof(t));
	t.p = p;
	t.out = &b->atoms;
	t.style = style;
	t.link = link;
	t.line = line;
	tb_str(&t, s);
	return b;
}

/* ---- the Markdown tree into blocks ---- */


/* The line of the source file where node n (or its nearest parent
 * with a position) starts. */
static int
node_line(struct pdf *p, cmark_node *n)
{
	return doc_line(p->doc, n);
}

/* Whether n is a node of the GFM extension called name. */
static int
is_ext(cmark_node *n, const char *name)
{
	const char	*t = cmark_node_get_type_string(n);

	return t != NULL && strcmp(t, name) == 0;
}

/* Appends the inline content of n (a paragraph, heading or cell). */
static void
inlines(struct tb *t, cmark_node *parent)
{
	cmark_iter		*it;
	cmark_event_type	 ev;
	cmark_node		*n;
	const char		*lit, *url;
	int			 base = t->style, bold = 0, ital = 0, strike = 0;
	int			 enter;

	it = cmark_iter_new(parent);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (n == parent)
			continue;
		enter = ev == CMARK_EVENT_ENTER;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				tb_str(t, lit);
			break;
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL) {
				t->style |= S_MONO;
				tb_str(t, lit);
				t->style &= ~S_MONO;
			}
			break;
		case CMARK_NODE_SOFTBREAK:
			t->space = t->out->n > 0;
			break;
		case CMARK_NODE_LINEBREAK:
			tb_break(t);
			break;
		case CMARK_NODE_EMPH:
		case CMARK_NODE_IMAGE:	/* its description, in italics */
			ital += enter ? 1 : -1;
			break;
		case CMARK_NODE_STRONG:
			bold += enter ? 1 : -1;
			break;
		case CMARK_NODE_LINK:
			url = cmark_node_get_url(n);
			t->link = enter && url != NULL && url[0] != '\0' ?
			    astrdup(&t->p->a, url) : NULL;
			break;
		default:
			if (is_ext(n, "strikethrough"))
				strike += enter ? 1 : -1;
			break;
		}
		t->style = base | (bold > 0 ? S_BOLD : 0) |
		    (ital > 0 ? S_ITALIC : 0) | (strike > 0 ? S_STRIKE : 0) |
		    (t->link != NULL ? S_LINK : 0);
	}
	cmark_iter_free(it);
	t->style = base;
	t->link = NULL;
}

/* A block of kind made of the inline content of node n. */
struct block *
inline_block(struct pdf *p, enum bkind kind, cmark_node *n, struct nest *nest,
    double gap, int style)
{
	struct block	*b = block_new(p, kind, nest, gap, node_line(p, n));
	struct tb	 t;

	memset(&t, 0, sizeof(t));
	t.p = p;
	t.out = &b->atoms;
	t.style = style;
	t.line = b->line;
	inlines(&t, n);
	return b;
}

/* The marker of a list item: a bullet, a number or a checkbox. */
static void
item_marker(struct walk *w, cmark_node *list, cmark_node *item, int number,
    struct block *b)
{
	struct tb	 t;
	char		 num[32];

	memset(&t, 0, sizeof(t));
	t.p = w->p;
	t.out = &b->marker;
	t.style = S_BOLD;
	t.line = b->line;
	if (is_ext(item, "tasklist"))
		tb_str(&t, cmark_gfm_extensions_get_tasklist_item_checked(item) ?
		    "\xe2\x98\x91" : "\xe2\x98\x90");	/* ☑ ☐ */
	else if (cmark_node_get_list_type(list) == CMARK_ORDERED_LIST) {
		snprintf(num, sizeof(num), "%d%c", number,
		    cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ?
		    ')' : '.');
		tb_str(&t, num);
	} else
		tb_str(&t, (w->lists - 1) % 2 ? "\xe2\x80\x93" :
		    "\xe2\x80\xa2");
}

/* Appends the blocks of a list, each item's first with its marker. */
static void
list_blocks(struct walk *w, cmark_node *list, struct nest *up, double gap)
{
	struct nest	*nest = amalloc(&w->p->a, sizeof(*nest));
	cmark_node	*item;
	size_t		 first;
	int		 number = cmark_node_get_list_start(list);
	int		 tight = cmark_node_get_list_tight(list);

	nest->up = up;
	nest->quote = 0;
	nest->hang = 0;
	w->lists++;
	for (item = cmark_node_first_child(list); item != NULL;
	    item = cmark_node_next(item), number++) {
		first = w->out->n;
		blocks(w, cmark_node_first_child(item), NULL, nest,
		    tight ? GAP_TIGHT : GAP_LOOSE);
		if (w->out->n == first)		/* an empty item */
			vec_push(&w->p->a, w->out, block_new(w->p, B_PARA,
			    nest, 0, node_line(w->p, item)));
		((struct block *)w->out->v[first])->gap =
		    item == cmark_node_first_child(list) ? gap :
		    tight ? GAP_TIGHT : GAP_LOOSE;
		item_marker(w, list, item, number, w->out->v[first]);
	}
	w->lists--;
}

/* A table, one paragraph a row, cells apart; the header row in bold. */
static void
table_blocks(struct walk *w, cmark_node *table, struct nest *nest, double gap)
{
	cmark_node	*row, *cell;
	struct block	*b;
	struct tb	 t;

	for (row = cmark_node_first_child(table); row != NULL;
	    row = cmark_node_next(row), gap = GAP_ROW) {
		b = block_new(w->p, B_PARA, nest, gap, node_line(w->p, row));
		memset(&t, 0, sizeof(t));
		t.p = w->p;
		t.out = &b->atoms;
		t.line = b->line;
		t.style = cmark_gfm_extensions_get_table_row_is_header(row) ?
		    S_BOLD : 0;
		for (cell = cmark_node_first_child(row); cell != NULL;
		    cell = cmark_node_next(cell)) {
			if (cell != cmark_node_first_child(row)) {
				t.space = 0;
				tb_space(&t, CELL_SPACES);
				tb_str(&t, "\xc2\xb7");		/* · */
				tb_space(&t, CELL_SPACES);
			}
			inlines(&t, cell);
		}
		vec_push(&w->p->a, w->out, b);
	}
}

/* A code block: its spaces and line breaks kept. */
static struct block *
code_block(struct pdf *p, cmark_node *n, struct nest *nest, double gap)
{
	struct block	*b = block_new(p, B_CODE, nest, gap, node_line(p, n));
	struct tb	 t;
	const char	*lit;
	size_t		 len;

	memset(&t, 0, sizeof(t));
	t.p = p;
	t.out = &b->atoms;
	t.style = S_MONO;
	t.line = b->line;
	t.pre = 1;
	if ((lit = cmark_node_get_literal(n)) != NULL) {
		len = strlen(lit);
		if (len > 0 && lit[len - 1] == '\n')
			len--;
		tb_text(&t, lit, len);
	}
	return b;
}

/*
 * Appends the blocks of the nodes from first up to stop (not included):
 * gap is the space above the first of them, in body sizes.
 */
void
blocks(struct walk *w, cmark_node *first, cmark_node *stop, struct nest *nest,
    double gap)
{
	struct pdf	*p = w->p;
	cmark_node	*n;
	struct nest	*q;
	struct block	*b;
	int		 level;

	for (n = first; n != NULL && n != stop; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			vec_push(&p->a, w->out, inline_block(p, B_PARA, n,
			    nest, gap, 0));
			break;
		case CMARK_NODE_HEADING:
			level = cmark_node_get_heading_level(n);
			if (w->practitioner && level <= 2)
				b = inline_block(p, B_HEADING, n, nest,
				    GAP_HEADING, S_BOLD);
			else
				b = inline_block(p, B_SUBHEADING, n, nest,
				    gap > 0 ? GAP_SUBHEADING : 0, S_BOLD);
			vec_push(&p->a, w->out, b);
			break;
		case CMARK_NODE_LIST:
			list_blocks(w, n, nest, gap);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			q = amalloc(&p->a, sizeof(*q));
			q->up = nest;
			q->quote = 1;
			q->hang = QUOTE_HANG;
			blocks(w, cmark_node_first_child(n), NULL, q, gap);
			break;
		case CMARK_NODE_CODE_BLOCK:
			vec_push(&p->a, w->out, code_block(p, n, nest, gap));
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			vec_push(&p->a, w->out, block_new(p, B_RULE, nest, gap,
			    node_line(p, n)));
			break;
		case CMARK_NODE_HTML_BLOCK:	/* markup, not text */
			continue;
		default:
			if (is_ext(n, "table"))
				table_blocks(w, n, nest, gap);
			else
				blocks(w, cmark_node_first_child(n), NULL,
				    nest, gap);
			break;
		}
		gap = w->out->n > 0 ? GAP_BLOCK : 0;
	}
}
