/* pdf.c: the printable briefings, through libharu: seven-minute handouts and practitioner briefings. */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <hb.h>
#include <hb-subset.h>
#include <hpdf.h>
#include <qrencode.h>

#include "herald.h"

/*
 * How it works.  The Markdown tree of a briefing becomes blocks of atoms:
 * pieces of text in one face (after per-character font fallback), spaces
 * and line breaks.  Every character a face prints is noted, each font is
 * cut down to those characters with HarfBuzz's subsetter and embedded
 * through libharu, and every atom is measured with libharu's metrics in
 * thousandths of an em, so that a layout at any size is arithmetic.  The
 * lines are then broken greedily at spaces, fitted (one size for the
 * seven panels) or paginated, and drawn.
 */

/* ---- fonts ---- */

enum face {
	FACE_REGULAR,
	FACE_BOLD,
	FACE_ITALIC,
	FACE_BOLDITALIC,
	FACE_MONO,
	FACE_SYMBOL,		/* for characters the text faces lack */
	FACE_SYMBOLBOLD,
	FACE_COUNT
};

/*
 * Bump when the PDFs herald makes change for the same input, so that a
 * rebuild makes them anew instead of keeping the last build's.
 */
#define PDF_LAYOUT_VERSION	"3"

/* The font files, at the fixed paths of Debian's packages. */
static const struct {
	const char	*path;
	const char	*package;
} face_files[FACE_COUNT] = {
	{ "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
	    "fonts-noto-core" },
	{ "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
	    "fonts-noto-core" },
	{ "/usr/share/fonts/truetype/noto/NotoSans-Italic.ttf",
	    "fonts-noto-core" },
	{ "/usr/share/fonts/truetype/noto/NotoSans-BoldItalic.ttf",
	    "fonts-noto-core" },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
	    "fonts-dejavu-core" },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	    "fonts-dejavu-core" },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	    "fonts-dejavu-core" },
};

/* Faces to try for a character, in order, for each text face. */
static const signed char fallbacks[FACE_MONO + 1][4] = {
	{ FACE_REGULAR, FACE_SYMBOL, FACE_MONO, -1 },
	{ FACE_BOLD, FACE_SYMBOLBOLD, FACE_SYMBOL, -1 },
	{ FACE_ITALIC, FACE_SYMBOL, FACE_MONO, -1 },
	{ FACE_BOLDITALIC, FACE_SYMBOLBOLD, FACE_SYMBOL, -1 },
	{ FACE_MONO, FACE_SYMBOL, FACE_REGULAR, -1 },
};

/* The font files of one build, opened when first needed. */
struct fonts {
	hb_face_t	*hb[FACE_COUNT];	/* the whole font */
	hb_set_t	*has[FACE_COUNT];	/* the characters it has */
	int		 state[FACE_COUNT];	/* 0 untried, 1 open, -1 missing */
};

/* ---- what a briefing is made of before layout ---- */

#define S_BOLD		0x01
#define S_ITALIC	0x02
#define S_MONO		0x04
#define S_LINK		0x08
#define S_STRIKE	0x10

enum akind {
	A_TEXT,			/* text; no break before it after A_TEXT */
	A_SPACE,		/* a place to break; len spaces wide */
	A_BREAK			/* a forced line break */
};

struct atom {
	const char	*s;		/* UTF-8, NUL-terminated */
	size_t		 len;		/* bytes */
	enum akind	 kind;
	int		 face;		/* enum face */
	int		 style;		/* S_* */
	const char	*link;		/* absolute URL, or NULL */
	double		 w;		/* advance, thousandths of an em */
	/* Measured when a line must break inside it (atom_chars()): */
	size_t		 nc;		/* characters */
	size_t		*co;		/* byte offset of each, and len */
	double		*cw;		/* advance up to each, and w */
};

enum bkind {
	B_PARA,
	B_HEADING,		/* ## in a practitioner briefing */
	B_SUBHEADING,		/* ### and below */
	B_CODE,
	B_RULE
};

/* A list or a block quote that blocks sit inside. */
struct nest {
	struct nest	*up;		/* the one it is inside, or NULL */
	int		 quote;		/* a block quote, else a list */
	double		 hang;		/* indent of its content, em/1000 */
};

struct block {
	enum bkind	 kind;
	struct vec	 atoms;		/* struct atom * */
	struct vec	 marker;	/* list marker atoms, or none */
	struct nest	*nest;		/* innermost list or quote, or NULL */
	double		 gap;		/* space above, in body sizes */
	int		 line;		/* source line */
};

/* A line as laid out: atoms from (i0, o0) to (i1, o1), byte offsets. */
struct pline {
	struct block	*b;
	size_t		 i0, o0, i1, o1;
	double		 x;		/* indent from the frame's left, pt */
	double		 gap;		/* space above, pt (dropped at a top) */
	double		 height;	/* pt */
	double		 ascent;	/* line top to baseline, pt */
	double		 size;		/* font size, pt */
	double		 avail;		/* width it was broken to, pt */
	int		 first;		/* first line of its block */
	int		 keep;		/* no page break after it */
	int		 words;		/* words that end on it */
};

/* Type sizes of one layout. */
struct scale {
	double		 body;		/* paragraphs and lists, pt */
	double		 head;		/* B_HEADING, pt */
	double		 lead;		/* line height over size */
};

/* Colours of a frame, as 0xRRGGBB. */
struct paint {
	unsigned	 ink;
	unsigned	 head;
	unsigned	 link;
	unsigned	 mark;		/* list markers and quote bars */
};

/* Colours chosen to stay distinct in greyscale print. */
#define C_INK		0x1a1a1a
#define C_NAVY		0x1b365d
#define C_TINT		0xe9eff6
#define C_LINK		0x1a4f9c
#define C_AMBER		0xf3b941
#define C_PALE		0xdce6f2
#define C_GREY		0x4d4d4d
#define C_WHITE		0xffffff

/* ---- one PDF being made ---- */

struct pdf {
	struct site	*s;
	struct diag	*d;
	struct doc	*doc;
	struct fonts	*fonts;
	struct arena	 a;		/* blocks, atoms and lines */
	hb_set_t	*used[FACE_COUNT];/* characters each face prints */
	uint32_t	*cps[FACE_COUNT];/* the same, in order: the code of
					   cps[f][i] in face f is CODE_BASE+i */
	size_t		 ncps[FACE_COUNT];
	unsigned	*cw[FACE_COUNT];/* width of each, in 1/1000 em */
	int		 simple[FACE_COUNT];/* one byte per code (else UTF-8) */
	xmlBufferPtr	 coded;		/* text in codes, for libharu */
	HPDF_Doc	 hpdf;
	HPDF_Font	 font[FACE_COUNT];
	HPDF_Page	 page;
	HPDF_STATUS	 status;	/* libharu's first error, or 0 */
	HPDF_STATUS	 detail;
	int		 cface;		/* the page's current face, or -1 */
	double		 csize;		/* and size */
	long		 cfill;		/* current fill colour, or -1 */
	const char	*url;		/* the briefing's web page */
};

/* Records libharu's first error; the caller reports it. */
static void
hpdf_error(HPDF_STATUS status, HPDF_STATUS detail, void *udata)
{
	struct pdf	*p = udata;

	if (p->status == 0) {
		p->status = status;
		p->detail = detail;
	}
}

/* Reports libharu's error, if any; returns 0 when there was one. */
static int
hpdf_ok(struct pdf *p, const char *what)
{
	if (p->status == 0)
		return 1;
	diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the PDF "
	    "while %s: libharu error 0x%04X (detail %u)", what,
	    (unsigned)p->status, (unsigned)p->detail);
	return 0;
}

/* Opens a face's font file when first asked; returns 0 when it is
 * missing, having said which package to install. */
static int
face_open(struct fonts *f, struct diag *d, int face)
{
	hb_blob_t	*blob;

	if (f->state[face] != 0)
		return f->state[face] == 1;
	f->state[face] = -1;
	blob = hb_blob_create_from_file_or_fail(face_files[face].path);
	if (blob == NULL || hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		diag(d, LVL_ERROR, NULL, 0, 0, "cannot read the font %s that "
		    "PDFs need: install it with apt-get install %s",
		    face_files[face].path, face_files[face].package);
		return 0;
	}
	f->hb[face] = hb_face_create(blob, 0);
	hb_blob_destroy(blob);
	if (hb_face_get_glyph_count(f->hb[face]) == 0) {
		diag(d, LVL_ERROR, NULL, 0, 0, "the font %s is damaged: "
		    "reinstall it with apt-get install --reinstall %s",
		    face_files[face].path, face_files[face].package);
		return 0;
	}
	f->has[face] = hb_set_create();
	hb_face_collect_unicodes(f->hb[face], f->has[face]);
	if (!hb_set_allocation_successful(f->has[face])) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	f->state[face] = 1;
	return 1;
}

/* Opens every font file at the start, so that a missing one is one
 * clear error rather than a warning for each character. */
static int
fonts_open(struct fonts *f, struct diag *d)
{
	int	 i, ok = 1;

	for (i = 0; i < FACE_COUNT; i++)
		if (!face_open(f, d, i))
			ok = 0;
	return ok;
}

static void
fonts_free(struct fonts *f)
{
	int	 i;

	for (i = 0; i < FACE_COUNT; i++) {
		hb_face_destroy(f->hb[i]);
		hb_set_destroy(f->has[i]);
	}
}

/* The face that prints character c in the text face want, or -1. */
static int
face_for(struct pdf *p, int want, uint32_t c)
{
	const signed char	*chain = fallbacks[want];
	int			 i;

	if (c > 0xffff)		/* libharu's UTF-8 encoder stops at U+FFFF */
		return -1;
	for (i = 0; chain[i] >= 0; i++)
		if (face_open(p->fonts, p->d, chain[i]) &&
		    hb_set_has(p->fonts->has[chain[i]], c))
			return chain[i];
	return -1;
}

static int
style_face(int style)
{
	if (style & S_MONO)
		return FACE_MONO;
	switch (style & (S_BOLD | S_ITALIC)) {
	case S_BOLD:
		return FACE_BOLD;
	case S_ITALIC:
		return FACE_ITALIC;
	case S_BOLD | S_ITALIC:
		return FACE_BOLDITALIC;
	default:
		return FACE_REGULAR;
	}
}

static void
use_char(struct pdf *p, int face, uint32_t c)
{
	if (p->used[face] == NULL)
		p->used[face] = hb_set_create();
	hb_set_add(p->used[face], c);
}

/* ---- text into atoms ---- */

/* Appends styled text to a vector of atoms. */
struct tb {
	struct pdf	*p;
	struct vec	*out;		/* struct atom * */
	int		 style;		/* S_* */
	const char	*link;		/* absolute URL, or NULL */
	int		 line;		/* source line, for warnings */
	int		 space;		/* a space is due before more text */
	int		 pre;		/* keep spaces and newlines (code) */
};

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

static void
tb_break(struct tb *t)
{
	tb_push(t, A_BREAK, style_face(t->style), "", 0);
	t->space = 0;
}

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
				tb_space(t, c == '\t' ? 4 : 1);
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

static void
tb_str(struct tb *t, const char *s)
{
	tb_text(t, s, strlen(s));
}

static struct block *
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
static struct block *
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

static int
node_line(struct pdf *p, cmark_node *n)
{
	return doc_line(p->doc, n);
}

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

static struct block *
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

struct walk {
	struct pdf	*p;
	struct vec	*out;		/* struct block * */
	int		 practitioner;	/* ## are headings, not panels */
	int		 lists;		/* list depth, for bullet shapes */
};

static void	blocks(struct walk *, cmark_node *, cmark_node *,
		    struct nest *, double);

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
		    tight ? 0.2 : 0.5);
		if (w->out->n == first)		/* an empty item */
			vec_push(&w->p->a, w->out, block_new(w->p, B_PARA,
			    nest, 0, node_line(w->p, item)));
		((struct block *)w->out->v[first])->gap =
		    item == cmark_node_first_child(list) ? gap :
		    tight ? 0.2 : 0.5;
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
	    row = cmark_node_next(row), gap = 0.25) {
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
				tb_space(&t, 2);
				tb_str(&t, "\xc2\xb7");		/* · */
				tb_space(&t, 2);
			}
			inlines(&t, cell);
		}
		vec_push(&w->p->a, w->out, b);
	}
}

/*
 * Appends the blocks of the nodes from first up to stop (not included):
 * gap is the space above the first of them, in body sizes.
 */
static void
blocks(struct walk *w, cmark_node *first, cmark_node *stop, struct nest *nest,
    double gap)
{
	struct pdf	*p = w->p;
	cmark_node	*n;
	struct nest	*q;
	struct block	*b;
	struct tb	 t;
	const char	*lit;
	size_t		 len;
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
				b = inline_block(p, B_HEADING, n, nest, 1.3,
				    S_BOLD);
			else
				b = inline_block(p, B_SUBHEADING, n, nest,
				    gap > 0 ? 0.8 : 0, S_BOLD);
			vec_push(&p->a, w->out, b);
			break;
		case CMARK_NODE_LIST:
			list_blocks(w, n, nest, gap);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			q = amalloc(&p->a, sizeof(*q));
			q->up = nest;
			q->quote = 1;
			q->hang = 900;
			blocks(w, cmark_node_first_child(n), NULL, q, gap);
			break;
		case CMARK_NODE_CODE_BLOCK:
			b = block_new(p, B_CODE, nest, gap, node_line(p, n));
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
			vec_push(&p->a, w->out, b);
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
		gap = w->out->n > 0 ? 0.6 : 0;
	}
}

/* ---- fonts into the PDF, and measuring ---- */

/*
 * Each embedded face gets codes of its own, given in Unicode order to the
 * characters it prints, and a 'cmap' made for its subset that maps them.
 * libharu 2.3.0 would otherwise look up all 65,536 codes of a UTF-8 font
 * in its 'cmap' for every PDF, and write widths and a CID map up to the
 * highest code used.
 *
 * A face that prints at most SIMPLE_MAX characters is a simple TrueType
 * font with WinAnsiEncoding, one byte per character: the codes are the
 * bytes whose WinAnsi names stand for the same Unicode values (0x21 to
 * 0x7E, 0xA1 to 0xFF but 0xAD), so viewers find the glyphs through the
 * 'cmap', and libharu skips its CID machinery.  A face with more is a CID
 * font with codes from CODE_BASE.  Either way the ToUnicode map gives
 * each code's character back.
 */
#define CODE_BASE	0x21
#define SIMPLE_MAX	188

static unsigned
simple_code(size_t i)
{
	if (i < 0x7f - 0x21)
		return 0x21 + (unsigned)i;		/* ! to ~ */
	i -= 0x7f - 0x21;
	return 0xa1 + (unsigned)i + (i >= 0xad - 0xa1);	/* no 0xAD */
}

/* The code of the i-th character of face. */
static unsigned
nth_code(const struct pdf *p, int face, size_t i)
{
	return p->simple[face] ? simple_code(i) : CODE_BASE + (unsigned)i;
}

static void
put16(unsigned char *b, size_t at, unsigned v)
{
	b[at] = (unsigned char)(v >> 8);
	b[at + 1] = (unsigned char)v;
}

/* A 'cmap' with one format 4 table (Windows, Unicode BMP) that maps the
 * n rising codes code[i] to glyphs gid[i]: a segment for each run of
 * codes, reading the glyphs from glyphIdArray, and the closing one. */
static hb_blob_t *
compact_cmap(const unsigned *code, const hb_codepoint_t *gid, size_t n)
{
	unsigned char	*b;
	size_t		 seg = 1, i, k, len, sub, first, at, sr, es;

	for (i = 1; i < n; i++)
		if (code[i] != code[i - 1] + 1)
			seg++;
	if (n > 0)
		seg++;			/* the closing 0xFFFF segment */
	sub = 16 + 8 * seg + 2 * n;
	len = 12 + sub;
	b = xcalloc(1, len);
	for (sr = 1, es = 0; sr * 2 <= seg; sr *= 2)
		es++;
	put16(b, 0, 0);			/* version */
	put16(b, 2, 1);			/* one table */
	put16(b, 4, 3);			/* Windows */
	put16(b, 6, 1);			/* Unicode BMP */
	put16(b, 10, 12);		/* its offset */
	at = 12;
	put16(b, at, 4);		/* format 4 */
	put16(b, at + 2, (unsigned)sub);
	put16(b, at + 6, (unsigned)(2 * seg));
	put16(b, at + 8, (unsigned)(2 * sr));
	put16(b, at + 10, (unsigned)es);
	put16(b, at + 12, (unsigned)(2 * seg - 2 * sr));
#define END(k)		(at + 14 + 2 * (k))
#define START(k)	(at + 16 + 2 * seg + 2 * (k))
#define DELTA(k)	(at + 16 + 4 * seg + 2 * (k))
#define RANGE(k)	(at + 16 + 6 * seg + 2 * (k))
#define GLYPH(i)	(at + 16 + 8 * seg + 2 * (i))
	for (k = 0, i = 0; i < n; k++) {
		first = i;
		while (i + 1 < n && code[i + 1] == code[i] + 1)
			i++;
		put16(b, START(k), code[first]);
		put16(b, END(k), code[i]);
		/* From idRangeOffset[k] to glyphIdArray[first], in bytes. */
		put16(b, RANGE(k), (unsigned)(GLYPH(first) - RANGE(k)));
		i++;
	}
	put16(b, START(seg - 1), 0xffff);
	put16(b, END(seg - 1), 0xffff);
	put16(b, DELTA(seg - 1), 1);
	for (i = 0; i < n; i++)
		put16(b, GLYPH(i), gid[i]);
#undef END
#undef START
#undef DELTA
#undef RANGE
#undef GLYPH
	return hb_blob_create((const char *)b, (unsigned)len,
	    HB_MEMORY_MODE_WRITABLE, b, free);
}

/* The place of character c among face's, or SIZE_MAX. */
static size_t
face_index(const struct pdf *p, int face, uint32_t c)
{
	size_t	 lo = 0, hi = p->ncps[face], mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (p->cps[face][mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->ncps[face] && p->cps[face][lo] == c ? lo : SIZE_MAX;
}

/* The code of character c in face, or 0 when the face lacks it. */
static unsigned
face_code(const struct pdf *p, int face, uint32_t c)
{
	size_t	 i = face_index(p, face, c);

	return i == SIZE_MAX ? 0 : nth_code(p, face, i);
}

/* A code below 0x10000 as UTF-8 in u; returns its length. */
static size_t
code_utf8(unsigned k, char *u)
{
	if (k < 0x80) {
		u[0] = (char)k;
		return 1;
	}
	if (k < 0x800) {
		u[0] = (char)(0xc0 | (k >> 6));
		u[1] = (char)(0x80 | (k & 0x3f));
		return 2;
	}
	u[0] = (char)(0xe0 | (k >> 12));
	u[1] = (char)(0x80 | ((k >> 6) & 0x3f));
	u[2] = (char)(0x80 | (k & 0x3f));
	return 3;
}

/* The len bytes of s in face's codes, one byte each or UTF-8 for
 * libharu's encoder, in a buffer that the next call reuses. */
static const char *
coded(struct pdf *p, int face, const char *s, size_t len, size_t *outlen)
{
	char		 u[4];
	uint32_t	 c;
	unsigned	 k;
	size_t		 i;

	if (p->coded == NULL)
		p->coded = bnew();
	xmlBufferEmpty(p->coded);
	for (i = 0; i < len; ) {
		i += utf8_decode(s + i, len - i, &c);
		if ((k = face_code(p, face, c)) == 0)
			continue;	/* not in the face: as .notdef, not shown */
		if (p->simple[face]) {
			u[0] = (char)k;
			bput(p->coded, u, 1);
		} else
			bput(p->coded, u, code_utf8(k, u));
	}
	*outlen = (size_t)xmlBufferLength(p->coded);
	bput(p->coded, "", 0);
	return *outlen > 0 ? (const char *)xmlBufferContent(p->coded) : "";
}

/*
 * libharu 2.3.0 gives each UTF-8 font its encoding CMap as ToUnicode map:
 * that maps codes to CIDs ("begincidrange") and is no ToUnicode CMap, so
 * viewers warn and strict ones cannot copy the text.  This writes the
 * right one in its place: each code of the face to its character.
 */
static void
fix_tounicode(struct pdf *p, int face)
{
	HPDF_Dict	 tu;
	xmlBufferPtr	 b;
	size_t		 i = 0, n, left = p->ncps[face];
	uint32_t	 c;
	int		 one = p->simple[face];

	tu = HPDF_Dict_GetItem(p->font[face], "ToUnicode", HPDF_OCLASS_DICT);
	if (tu == NULL) {
		/* libharu gives simple fonts none. */
		HPDF_ResetError(p->hpdf);
		if ((tu = HPDF_DictStream_New(p->hpdf->mmgr,
		    p->hpdf->xref)) == NULL ||
		    HPDF_Dict_Add(p->font[face], "ToUnicode", tu) != HPDF_OK)
			return;
		if (p->hpdf->compression_mode & HPDF_COMP_TEXT)
			tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	}
	if (tu->stream == NULL || tu->stream->type != HPDF_STREAM_MEMORY) {
		HPDF_ResetError(p->hpdf);
		return;
	}
	b = bnew();
	bputs(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n");
	bputs(b, one ? "<00> <FF>\n" : "<0000> <FFFF>\n");
	bputs(b, "endcodespacerange\n");
	while (left > 0) {
		n = left > 100 ? 100 : left;
		left -= n;
		bprintf(b, "%zu beginbfchar\n", n);
		for (; n > 0; n--, i++) {
			c = p->cps[face][i];
			bprintf(b, one ? "<%02X> " : "<%04X> ",
			    nth_code(p, face, i));
			if (c > 0xffff)		/* UTF-16: a surrogate pair */
				bprintf(b, "<%04X%04X>\n",
				    (unsigned)(0xd800 + ((c - 0x10000) >> 10)),
				    (unsigned)(0xdc00 + ((c - 0x10000) & 0x3ff)));
			else
				bprintf(b, "<%04X>\n", (unsigned)c);
		}
		bputs(b, "endbfchar\n");
	}
	bputs(b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	HPDF_Stream_Write(tu->stream, xmlBufferContent(b),
	    (HPDF_UINT)xmlBufferLength(b));
	xmlBufferFree(b);
}

/*
 * The font of face with a one-instruction 'prep' table.  libharu 2.3.0
 * writes 'prep' last, and when it is empty and the font before it ends on
 * a multiple of 4,096 bytes it fails to seek there ("invalid object"):
 * the subset without hinting has no 'prep' of its own.  SVTCA[y] (0x00)
 * only sets a direction, which nothing after it uses.
 */
static hb_blob_t *
with_prep(hb_face_t *sub, hb_blob_t *cmap)
{
	static const char	 prep[] = { 0x00 };
	hb_face_t		*b, *f;
	hb_blob_t		*t, *out;
	hb_tag_t		 tags[64];
	unsigned int		 n, i, start = 0;

	/* A face read back from bytes lists its tables; a built one not. */
	t = hb_face_reference_blob(sub);
	f = hb_face_create(t, 0);
	hb_blob_destroy(t);
	if ((b = hb_face_builder_create()) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	do {
		n = sizeof(tags) / sizeof(tags[0]);
		hb_face_get_table_tags(f, start, &n, tags);
		for (i = 0; i < n; i++) {
			if (tags[i] == HB_TAG('p', 'r', 'e', 'p') ||
			    tags[i] == HB_TAG('c', 'm', 'a', 'p'))
				continue;
			t = hb_face_reference_table(f, tags[i]);
			hb_face_builder_add_table(b, tags[i], t);
			hb_blob_destroy(t);
		}
		start += n;
	} while (n == sizeof(tags) / sizeof(tags[0]));
	t = hb_blob_create(prep, sizeof(prep), HB_MEMORY_MODE_READONLY, NULL,
	    NULL);
	hb_face_builder_add_table(b, HB_TAG('p', 'r', 'e', 'p'), t);
	hb_blob_destroy(t);
	hb_face_builder_add_table(b, HB_TAG('c', 'm', 'a', 'p'), cmap);
	out = hb_face_reference_blob(b);
	hb_face_destroy(b);
	hb_face_destroy(f);
	return out;
}

/*
 * libharu 2.3.0 reads fonts from files only.  A memory file (memfd) opened
 * through /proc spares the disk.  Sets the name libharu gives the font (NULL
 * after its error) and returns 1, or returns 0 when the system has no memory
 * files or no /proc, and the caller writes a temporary file.
 */
static int
load_from_memory(struct pdf *p, const char *data, unsigned int len,
    const char **name)
{
	char		 path[64];
	ssize_t		 w;
	size_t		 done = 0;
	int		 fd;

	if ((fd = memfd_create("herald-font", MFD_CLOEXEC)) == -1)
		return 0;
	while (done < len) {
		if ((w = write(fd, data + done, len - done)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			return 0;
		}
		done += (size_t)w;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (access(path, R_OK) == -1) {
		close(fd);
		return 0;
	}
	*name = HPDF_LoadTTFontFromFile(p->hpdf, path, HPDF_TRUE);
	close(fd);	/* libharu has a file of its own open */
	return 1;
}

/*
 * Embeds face, cut down to the characters the document uses: HarfBuzz
 * writes the subset, which libharu reads from a memory file, or else from
 * a temporary file that is removed at once; libharu keeps it open until
 * the end.
 */
static int
embed_face(struct pdf *p, int face)
{
	hb_subset_input_t	*in;
	hb_face_t		*sub;
	hb_font_t		*font;
	hb_blob_t		*blob, *cmap;
	hb_set_t		*drop;
	hb_codepoint_t		*gid, c;
	unsigned		*codes;
	const char		*data, *name, *dir;
	char			*tmp = NULL;
	unsigned int		 len;
	size_t			 n, k;
	int			 fd, ok = 0;

	if ((in = hb_subset_input_create_or_fail()) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	hb_set_union(hb_subset_input_unicode_set(in), p->used[face]);
	/* libharu embeds no layout tables, and hinting does not print. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
	hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
	hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
	sub = hb_subset_or_fail(p->fonts->hb[face], in);
	hb_subset_input_destroy(in);
	if (sub == NULL) {
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the "
		    "PDF: HarfBuzz cannot subset the font %s",
		    face_files[face].path);
		return 0;
	}
	/* The characters in order, and their glyphs in the subset. */
	n = hb_set_get_population(p->used[face]);
	p->simple[face] = n <= SIMPLE_MAX;
	p->cps[face] = amalloc(&p->a, (n + 1) * sizeof(uint32_t));
	gid = xcalloc(n + 1, sizeof(*gid));
	codes = xcalloc(n + 1, sizeof(*codes));
	font = hb_font_create(sub);
	for (k = 0, c = HB_SET_VALUE_INVALID; k < n &&
	    hb_set_next(p->used[face], &c); k++) {
		p->cps[face][k] = c;
		codes[k] = nth_code(p, face, k);
		if (!hb_font_get_nominal_glyph(font, c, &gid[k]))
			gid[k] = 0;
	}
	p->ncps[face] = k;
	hb_font_destroy(font);
	cmap = compact_cmap(codes, gid, k);
	free(gid);
	free(codes);
	blob = with_prep(sub, cmap);
	hb_blob_destroy(cmap);
	data = hb_blob_get_data(blob, &len);

	/* In memory where the system allows, else in a temporary file. */
	if (load_from_memory(p, data, len, &name))
		goto loaded;
	dir = getenv("TMPDIR");
	tmp = xasprintf("%s/herald-font-XXXXXX", dir != NULL &&
	    dir[0] == '/' ? dir : "/tmp");
	if ((fd = mkstemp(tmp)) == -1) {
		diag(p->d, LVL_ERROR, NULL, 0, 0, "cannot write a temporary "
		    "font file in %s: %s", dir != NULL && dir[0] == '/' ?
		    dir : "/tmp", strerror(errno));
		goto out;
	}
	close(fd);
	if (!write_file(tmp, data, len)) {
		diag(p->d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", tmp,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	name = HPDF_LoadTTFontFromFile(p->hpdf, tmp, HPDF_TRUE);
	unlink(tmp);
loaded:
	if (name == NULL || (p->font[face] = HPDF_GetFont(p->hpdf, name,
	    p->simple[face] ? "WinAnsiEncoding" : "UTF-8")) == NULL) {
		hpdf_ok(p, "loading a font");
		goto out;
	}
	fix_tounicode(p, face);
	ok = 1;
out:
	free(tmp);
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return ok;
}

/* Width of text in face, in thousandths of an em: the sum of its
 * characters' widths, which libharu gives once per character. */
static double
text_width(struct pdf *p, int face, const char *s, size_t len)
{
	HPDF_TextWidth	 tw;
	char		 u[4];
	size_t		 i, k, n;
	unsigned	 w = 0;
	uint32_t	 c;

	if (p->cw[face] == NULL) {
		p->cw[face] = amalloc(&p->a, (p->ncps[face] + 1) *
		    sizeof(unsigned));
		for (k = 0; k < p->ncps[face]; k++) {
			if (p->simple[face]) {
				u[0] = (char)simple_code(k);
				n = 1;
			} else
				n = code_utf8(CODE_BASE + (unsigned)k, u);
			tw = HPDF_Font_TextWidth(p->font[face],
			    (const HPDF_BYTE *)u, (HPDF_UINT)n);
			p->cw[face][k] = tw.width;
		}
	}
	for (i = 0; i < len; i += n) {
		n = utf8_decode(s + i, len - i, &c);
		if ((k = face_index(p, face, c)) != SIZE_MAX)
			w += p->cw[face][k];
	}
	return w;
}

static void
measure_atoms(struct pdf *p, struct vec *v)
{
	struct atom	*at;
	size_t		 i;

	for (i = 0; i < v->n; i++) {
		at = v->v[i];
		if (at->kind == A_TEXT)
			at->w = text_width(p, at->face, at->s, at->len);
		else if (at->kind == A_SPACE)
			at->w = (double)at->len * text_width(p, at->face,
			    " ", 1);
	}
}

static double
atoms_width(const struct vec *v)
{
	double	 w = 0;
	size_t	 i;

	for (i = 0; i < v->n; i++)
		w += ((struct atom *)v->v[i])->w;
	return w;
}

/* Measures the blocks, and sets the indent of every list from the
 * widest of its markers. */
static void
measure_blocks(struct pdf *p, struct vec *bv)
{
	struct block	*b;
	double		 mw;
	size_t		 i;

	for (i = 0; i < bv->n; i++) {
		b = bv->v[i];
		measure_atoms(p, &b->atoms);
		measure_atoms(p, &b->marker);
		if (b->marker.n > 0 && b->nest != NULL) {
			mw = atoms_width(&b->marker) + 450;
			if (mw < 1000)
				mw = 1000;
			if (mw > b->nest->hang)
				b->nest->hang = mw;
		}
	}
}

/* Embeds every face the document uses and measures its blocks. */
static int
fonts_ready(struct pdf *p, struct vec **groups, size_t ngroups)
{
	size_t	 i;
	int	 f;

	for (f = 0; f < FACE_COUNT; f++)
		if (p->used[f] != NULL && !embed_face(p, f))
			return 0;
	for (i = 0; i < ngroups; i++)
		measure_blocks(p, groups[i]);
	return 1;
}

/* ---- line breaking ---- */

static double
block_size(const struct block *b, const struct scale *sc)
{
	switch (b->kind) {
	case B_HEADING:
		return sc->head;
	case B_CODE:
		return sc->body * 0.9;
	default:
		return sc->body;
	}
}

static double
block_indent(const struct block *b)
{
	const struct nest	*n;
	double			 x = 0;

	for (n = b->nest; n != NULL; n = n->up)
		x += n->hang;
	return x;
}

/* Measures each character of an atom, once, for breaking inside it. */
static void
atom_chars(struct pdf *p, struct atom *at)
{
	size_t		 i, n, k;
	uint32_t	 c;

	if (at->co != NULL)
		return;
	for (i = 0, at->nc = 0; i < at->len; i += utf8_decode(at->s + i,
	    at->len - i, &c))
		at->nc++;
	at->co = amalloc(&p->a, (at->nc + 1) * sizeof(*at->co));
	at->cw = amalloc(&p->a, (at->nc + 1) * sizeof(*at->cw));
	at->co[0] = 0;
	at->cw[0] = 0;
	for (i = 0, k = 0; i < at->len; i += n, k++) {
		n = utf8_decode(at->s + i, at->len - i, &c);
		at->co[k + 1] = i + n;
		at->cw[k + 1] = at->cw[k] + text_width(p, at->face, at->s + i, n);
	}
}

/* The character of atom at that starts at byte o. */
static size_t
char_at(const struct atom *at, size_t o)
{
	size_t	 lo = 0, hi = at->nc, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (at->co[mid] < o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Width of atom at from byte o on. */
static double
atom_rest(struct pdf *p, struct atom *at, size_t o)
{
	if (o == 0)
		return at->w;
	atom_chars(p, at);
	return at->cw[at->nc] - at->cw[char_at(at, o)];
}

/*
 * Where a word too wide for a line must break: from atom i byte o, as
 * much as fits in room (em/1000), at least one character.  Prefers to
 * break after a slash or a hyphen, as in a web address.
 */
static void
split_word(struct pdf *p, const struct vec *v, size_t i, size_t o,
    double room, size_t *ie, size_t *oe)
{
	struct atom	*at;
	size_t		 k, start, fit, lo, hi;

	for (; i < v->n; i++, o = 0) {
		at = v->v[i];
		if (at->kind != A_TEXT)
			break;
		if (atom_rest(p, at, o) <= room) {
			room -= atom_rest(p, at, o);
			continue;
		}
		/* The most characters from start whose width fits. */
		atom_chars(p, at);
		start = char_at(at, o);
		lo = start;
		hi = at->nc;
		while (lo < hi) {
			k = (lo + hi + 1) / 2;
			if (at->cw[k] - at->cw[start] <= room)
				lo = k;
			else
				hi = k - 1;
		}
		fit = lo;
		for (k = fit; k > start + (fit - start) / 2 && k > start + 1; k--)
			if (at->s[at->co[k] - 1] == '/' ||
			    at->s[at->co[k] - 1] == '-')
				break;
		if (k > start + (fit - start) / 2 && k > start + 1)
			fit = k;
		if (fit == start && i == *ie && o == *oe)
			fit = start + 1;	/* never an empty line */
		*ie = i;
		*oe = at->co[fit];
		return;
	}
	*ie = i;
	*oe = 0;
}

/*
 * Breaks block b into lines of at most width pt, appended to out.
 * Greedy: each line takes every word that fits.
 */
static void
break_block(struct pdf *p, struct arena *a, struct block *b,
    const struct scale *sc, double width, struct vec *out)
{
	const struct vec	*v = &b->atoms;
	struct pline		*l;
	const struct atom	*at;
	double			 size = block_size(b, sc), room, w, sw, ww;
	double			 indent = block_indent(b);
	size_t			 i = 0, o = 0, k, j, ie, oe;
	int			 words, nlines = 0;

	if (indent > width * 1000 / size / 2)	/* lists nested very deep */
		indent = width * 1000 / size / 2;
	room = width * 1000 / size - indent;
	for (;;) {
		/* Spaces start no line, but those that indent code. */
		while (i < v->n && ((struct atom *)v->v[i])->kind == A_SPACE &&
		    (b->kind != B_CODE || (i > 0 && ((struct atom *)
		    v->v[i - 1])->kind != A_BREAK))) {
			i++;
			o = 0;
		}
		if (i >= v->n && nlines > 0)
			break;
		l = amalloc(a, sizeof(*l));
		memset(l, 0, sizeof(*l));
		l->b = b;
		l->i0 = i;
		l->o0 = o;
		l->size = size;
		l->avail = width;
		l->x = indent * size / 1000;
		l->height = size * (b->kind == B_HEADING ||
		    b->kind == B_SUBHEADING ? 1.22 : sc->lead);
		if (b->kind == B_RULE)
			l->height = size * 0.9;
		l->ascent = (l->height - size) / 2 + size * 0.8;
		l->first = nlines == 0;
		l->gap = nlines == 0 ? b->gap * sc->body : 0;
		w = 0;
		words = 0;
		for (;;) {
			if (i >= v->n) {
				l->i1 = v->n;
				l->o1 = 0;
				break;
			}
			at = v->v[i];
			if (at->kind == A_BREAK) {
				l->i1 = i;
				l->o1 = 0;
				i++;
				o = 0;
				break;
			}
			k = i;
			sw = 0;
			if (at->kind == A_SPACE && words == 0) {
				/* Indentation of code: part of the word. */
				sw = at->w;
				k++;
			} else if (at->kind == A_SPACE) {
				sw = at->w;
				k++;
				if (k >= v->n || ((struct atom *)v->v[k])->kind
				    != A_TEXT) {
					i = k;
					continue;
				}
			}
			ww = 0;
			for (j = k; j < v->n &&
			    ((struct atom *)v->v[j])->kind == A_TEXT; j++)
				ww += atom_rest(p, v->v[j], j == k ? o : 0);
			if (w + sw + ww <= room) {
				w += sw + ww;
				words++;
				i = j;
				o = 0;
				continue;
			}
			if (words > 0) {
				l->i1 = i;
				l->o1 = o;
				break;
			}
			/* A word wider than the line: break inside it
			 * (it counts on the line where it ends). */
			ie = k;
			oe = o;
			split_word(p, v, k, o, room, &ie, &oe);
			l->i1 = ie;
			l->o1 = oe;
			i = ie;
			o = oe;
			if (i < v->n && o >= ((struct atom *)v->v[i])->len) {
				i++;
				o = 0;
			}
			break;
		}
		l->words = words;
		vec_push(a, out, l);
		nlines++;
	}
}

/* Lays out blocks from..to at the scale, width pt; returns the height. */
static double
flow(struct pdf *p, struct arena *a, const struct vec *bv, size_t from,
    size_t to, const struct scale *sc, double width, struct vec *out)
{
	struct pline	*l;
	double		 h = 0;
	size_t		 i, start = out->n;

	for (i = from; i < to && i < bv->n; i++)
		break_block(p, a, bv->v[i], sc, width, out);
	for (i = start; i < out->n; i++) {
		l = out->v[i];
		h += (i == start ? 0 : l->gap) + l->height;
	}
	return h;
}

/* Words in lines from..to of v. */
static int
count_words(const struct vec *v, size_t from, size_t to)
{
	int	 n = 0;

	for (; from < to && from < v->n; from++)
		n += ((struct pline *)v->v[from])->words;
	return n;
}

/* ---- drawing ---- */

static void
set_fill(struct pdf *p, unsigned rgb)
{
	if (p->cfill == (long)rgb)
		return;
	p->cfill = (long)rgb;
	HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)((rgb >> 16) & 0xff) / 255,
	    (HPDF_REAL)((rgb >> 8) & 0xff) / 255,
	    (HPDF_REAL)(rgb & 0xff) / 255);
}

static void
set_stroke(struct pdf *p, unsigned rgb, double width)
{
	HPDF_Page_SetRGBStroke(p->page, (HPDF_REAL)((rgb >> 16) & 0xff) / 255,
	    (HPDF_REAL)((rgb >> 8) & 0xff) / 255,
	    (HPDF_REAL)(rgb & 0xff) / 255);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width);
}

static void
new_page(struct pdf *p, HPDF_PageDirection dir)
{
	p->page = HPDF_AddPage(p->hpdf);
	if (p->page != NULL)
		HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, dir);
	p->cface = -1;
	p->csize = 0;
	p->cfill = -1;
}

/* Text at baseline (x, y); inside BeginText. */
static void
show(struct pdf *p, int face, double size, unsigned rgb, double x, double y,
    const char *s)
{
	size_t	 len;

	if (p->cface != face || p->csize != size) {
		HPDF_Page_SetFontAndSize(p->page, p->font[face],
		    (HPDF_REAL)size);
		p->cface = face;
		p->csize = size;
	}
	set_fill(p, rgb);
	s = coded(p, face, s, strlen(s), &len);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
}

static void
rect(struct pdf *p, unsigned rgb, double x, double y, double w, double h)
{
	set_fill(p, rgb);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
	    (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
}

/* A filled rectangle with corners rounded by r. */
static void
round_rect(struct pdf *p, unsigned rgb, double x, double y, double w,
    double h, double r)
{
	const double	 k = 0.5523 * r;	/* Bézier circle constant */
	HPDF_Page	 pg = p->page;

	set_fill(p, rgb);
	HPDF_Page_MoveTo(pg, (HPDF_REAL)(x + r), (HPDF_REAL)y);
	HPDF_Page_LineTo(pg, (HPDF_REAL)(x + w - r), (HPDF_REAL)y);
	HPDF_Page_CurveTo(pg, (HPDF_REAL)(x + w - r + k), (HPDF_REAL)y,
	    (HPDF_REAL)(x + w), (HPDF_REAL)(y + r - k), (HPDF_REAL)(x + w),
	    (HPDF_REAL)(y + r));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r));
	HPDF_Page_CurveTo(pg, (HPDF_REAL)(x + w), (HPDF_REAL)(y + h - r + k),
	    (HPDF_REAL)(x + w - r + k), (HPDF_REAL)(y + h),
	    (HPDF_REAL)(x + w - r), (HPDF_REAL)(y + h));
	HPDF_Page_LineTo(pg, (HPDF_REAL)(x + r), (HPDF_REAL)(y + h));
	HPDF_Page_CurveTo(pg, (HPDF_REAL)(x + r - k), (HPDF_REAL)(y + h),
	    (HPDF_REAL)x, (HPDF_REAL)(y + h - r + k), (HPDF_REAL)x,
	    (HPDF_REAL)(y + h - r));
	HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + r));
	HPDF_Page_CurveTo(pg, (HPDF_REAL)x, (HPDF_REAL)(y + r - k),
	    (HPDF_REAL)(x + r - k), (HPDF_REAL)y, (HPDF_REAL)(x + r),
	    (HPDF_REAL)y);
	HPDF_Page_Fill(pg);
}

static void
disc(struct pdf *p, unsigned rgb, double cx, double cy, double r)
{
	set_fill(p, rgb);
	HPDF_Page_Circle(p->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r);
	HPDF_Page_Fill(p->page);
}

static void
hline(struct pdf *p, unsigned rgb, double width, double x0, double x1,
    double y)
{
	set_stroke(p, rgb, width);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

static void
link_annot(struct pdf *p, const char *url, double x0, double y0, double x1,
    double y1)
{
	HPDF_Annotation	 an;
	HPDF_Rect	 r;

	r.left = (HPDF_REAL)x0;
	r.bottom = (HPDF_REAL)y0;
	r.right = (HPDF_REAL)x1;
	r.top = (HPDF_REAL)y1;
	if ((an = HPDF_Page_CreateURILinkAnnot(p->page, r, url)) != NULL)
		HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
}

/* A run of atoms on a line with one face, style and link. */
struct piece {
	char		*s;
	int		 face;
	int		 style;
	const char	*link;
	double		 x, w;		/* pt from the line's start */
};

/* The pieces of line l, into *out (in the arena); returns how many. */
static size_t
line_pieces(struct pdf *p, const struct pline *l, struct piece **out)
{
	const struct vec	*v = &l->b->atoms;
	const struct atom	*at;
	struct piece		*pc;
	xmlBufferPtr		 buf = bnew();
	size_t			 i, n = 0, from, to, end = l->i1;
	double			 x = 0, w;

	/* No spaces at the end of a line. */
	while (end > l->i0 && l->o1 == 0 &&
	    ((struct atom *)v->v[end - 1])->kind != A_TEXT)
		end--;
	pc = amalloc(&p->a, (end - l->i0 + 1) * sizeof(*pc));
	for (i = l->i0; i <= end && i < v->n; i++) {
		at = v->v[i];
		from = i == l->i0 ? l->o0 : 0;
		to = i == end ? (l->i1 == end ? l->o1 : 0) : at->len;
		if (i == end && to == 0)
			break;
		if (at->kind == A_BREAK || to <= from)
			continue;
		w = from == 0 && to == at->len ? at->w :
		    text_width(p, at->face, at->s + from, to - from);
		w = w * l->size / 1000;
		if (n == 0 || pc[n - 1].face != at->face ||
		    pc[n - 1].style != at->style ||
		    pc[n - 1].link != at->link) {
			if (n > 0)
				pc[n - 1].s = astrndup(&p->a, (const char *)
				    xmlBufferContent(buf),
				    (size_t)xmlBufferLength(buf));
			xmlBufferEmpty(buf);
			pc[n].face = at->face;
			pc[n].style = at->style;
			pc[n].link = at->link;
			pc[n].x = x;
			pc[n].w = 0;
			n++;
		}
		bput(buf, at->s + from, to - from);
		pc[n - 1].w += w;
		x += w;
	}
	if (n > 0)
		pc[n - 1].s = astrndup(&p->a, (const char *)xmlBufferContent(buf),
		    (size_t)xmlBufferLength(buf));
	xmlBufferFree(buf);
	*out = pc;
	return n;
}

/* The colour of a piece. */
static unsigned
piece_colour(const struct piece *pc, const struct block *b,
    const struct paint *c)
{
	if (pc->style & S_LINK)
		return c->link;
	if (b->kind == B_HEADING || b->kind == B_SUBHEADING)
		return c->head;
	return c->ink;
}

/*
 * Draws line l with its top at y, the frame's left edge at x0: its list
 * marker, its text, then underlines, strike-throughs, quote bars and
 * link annotations.
 */
static void
draw_line(struct pdf *p, const struct pline *l, double x0, double top,
    const struct paint *c)
{
	struct piece		*pc;
	const struct nest	*ns;
	const struct atom	*at;
	double			 base = top - l->ascent, x = x0 + l->x, mx;
	size_t			 n, i, j;

	if (l->b->kind == B_RULE) {
		hline(p, c->mark, 0.6, x, x0 + l->avail, top - l->height / 2);
		return;
	}
	n = line_pieces(p, l, &pc);
	HPDF_Page_BeginText(p->page);
	if (l->first && l->b->marker.n > 0 && l->b->nest != NULL) {
		/* Markers end a little before the text, right-aligned. */
		mx = x - (atoms_width(&l->b->marker) + 450) * l->size / 1000;
		for (i = 0; i < l->b->marker.n; i++) {
			at = l->b->marker.v[i];
			if (at->kind == A_TEXT)
				show(p, at->face, l->size, c->mark, mx, base,
				    at->s);
			mx += at->w * l->size / 1000;
		}
	}
	for (i = 0; i < n; i++)
		show(p, pc[i].face, l->size, piece_colour(&pc[i], l->b, c),
		    x + pc[i].x, base, pc[i].s);
	HPDF_Page_EndText(p->page);

	for (i = 0; i < n; i++) {
		if (pc[i].style & S_LINK)
			hline(p, c->link, l->size * 0.06, x + pc[i].x,
			    x + pc[i].x + pc[i].w, base - l->size * 0.13);
		if (pc[i].style & S_STRIKE)
			hline(p, piece_colour(&pc[i], l->b, c), l->size * 0.06,
			    x + pc[i].x, x + pc[i].x + pc[i].w,
			    base + l->size * 0.3);
	}
	/* One annotation for each run of pieces with the same link. */
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && pc[j].link == pc[i].link; j++)
			continue;
		if (pc[i].link != NULL)
			link_annot(p, pc[i].link, x + pc[i].x, base -
			    l->size * 0.3, x + pc[j - 1].x + pc[j - 1].w,
			    base + l->size * 0.85);
	}
	/* A bar beside each line inside a block quote, at the quote's edge. */
	for (ns = l->b->nest; ns != NULL; ns = ns->up) {
		if (!ns->quote)
			continue;
		mx = 250;
		for (const struct nest *up = ns->up; up != NULL; up = up->up)
			mx += up->hang;
		mx = x0 + mx * l->size / 1000;
		set_stroke(p, c->mark, l->size * 0.15);
		HPDF_Page_MoveTo(p->page, (HPDF_REAL)mx, (HPDF_REAL)top);
		HPDF_Page_LineTo(p->page, (HPDF_REAL)mx,
		    (HPDF_REAL)(top - l->height));
		HPDF_Page_Stroke(p->page);
	}
}

/* Draws lines from..to of v, the first with its top at y; returns the
 * y below the last. */
static double
draw_lines(struct pdf *p, const struct vec *v, size_t from, size_t to,
    double x0, double y, const struct paint *c)
{
	const struct pline	*l;
	size_t			 i;

	for (i = from; i < to && i < v->n; i++) {
		l = v->v[i];
		if (i > from)
			y -= l->gap;
		draw_line(p, l, x0, y, c);
		y -= l->height;
	}
	return y;
}

/* Width of a laid-out line's text, pt (for right alignment). */
static double
line_width(struct pdf *p, const struct pline *l)
{
	struct piece	*pc;
	size_t		 n;

	n = line_pieces(p, l, &pc);
	return n > 0 ? pc[n - 1].x + pc[n - 1].w : 0;
}

/* Lays out and draws one block in a single frame; returns y below it. */
static double
draw_block(struct pdf *p, struct block *b, const struct scale *sc, double x,
    double y, double width, const struct paint *c)
{
	struct vec	 lines = { NULL, 0, 0 };

	flow(p, &p->a, &(struct vec){ (void **)&b, 1, 1 }, 0, 1, sc, width,
	    &lines);
	return draw_lines(p, &lines, 0, lines.n, x, y, c);
}

/* Height of one block laid out at the scale in width pt. */
static double
block_height(struct pdf *p, struct block *b, const struct scale *sc,
    double width)
{
	struct arena	 a = { 0 };
	struct vec	 lines = { NULL, 0, 0 };
	double		 h;

	h = flow(p, &a, &(struct vec){ (void **)&b, 1, 1 }, 0, 1, sc, width,
	    &lines);
	arena_free(&a);
	return h;
}

/* "cut about N words": exact up to ten, then in fives. */
static int
about(int words)
{
	if (words < 1)
		return 1;
	return words <= 10 ? words : (words + 4) / 5 * 5;
}

/* Words of the lines in v that end below height h. */
static int
words_over(const struct vec *v, double h)
{
	const struct pline	*l;
	double			 y = 0;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		l = v->v[i];
		y += (i == 0 ? 0 : l->gap) + l->height;
		if (y > h + 0.01)
			return count_words(v, i, v->n);
	}
	return 0;
}

/* ---- the QR code ---- */

#define QR_MODULE	1.5		/* pt: 0.53 mm, above the 0.5 mm minimum */

static QRcode *
qr_make(struct pdf *p)
{
	QRcode	*qr;

	qr = QRcode_encodeString(p->url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the "
		    "QR code of %s: %s", p->url, strerror(errno));
	return qr;
}

/* Side of the code with a quiet zone of two modules, pt. */
static double
qr_side(const QRcode *qr)
{
	return (qr->width + 4) * QR_MODULE;
}

/* Draws the code with its quiet zone, bottom left at (x, y): each row's
 * runs of dark modules as one rectangle, filled at once. */
static void
qr_draw(struct pdf *p, const QRcode *qr, double x, double y)
{
	double	 side = qr_side(qr), top = y + side - 2 * QR_MODULE;
	int	 r, c, start;

	rect(p, C_WHITE, x, y, side, side);
	set_fill(p, 0x000000);
	for (r = 0; r < qr->width; r++)
		for (c = 0; c < qr->width; c = start) {
			start = c + 1;
			if (!(qr->data[r * qr->width + c] & 1))
				continue;
			while (start < qr->width &&
			    (qr->data[r * qr->width + start] & 1))
				start++;
			HPDF_Page_Rectangle(p->page,
			    (HPDF_REAL)(x + (c + 2) * QR_MODULE),
			    (HPDF_REAL)(top - (r + 1) * QR_MODULE),
			    (HPDF_REAL)((start - c) * QR_MODULE),
			    (HPDF_REAL)QR_MODULE);
		}
	HPDF_Page_Fill(p->page);
	link_annot(p, p->url, x, y, x + side, y + side);
}

/* ---- the logo ---- */

static HPDF_Image
logo_load(struct pdf *p)
{
	unsigned char	 magic[8];
	char		*path;
	FILE		*f;
	HPDF_Image	 img = NULL;
	size_t		 n = 0;

	if (p->s->logo == NULL)
		return NULL;
	path = xasprintf("%s/content/media/%s", p->s->dir, p->s->logo);
	if ((f = fopen(path, "rb")) != NULL) {
		n = fread(magic, 1, sizeof(magic), f);
		fclose(f);
	}
	if (n >= 8 && memcmp(magic, "\x89PNG", 4) == 0)
		img = HPDF_LoadPngImageFromFile(p->hpdf, path);
	else if (n >= 3 && memcmp(magic, "\xff\xd8\xff", 3) == 0)
		img = HPDF_LoadJpegImageFromFile(p->hpdf, path);
	if (img == NULL) {
		p->status = 0;
		HPDF_ResetError(p->hpdf);
		diag(p->d, LVL_WARNING, "site.yaml", 0, 0, "the logo %s "
		    "cannot go on PDFs: it must be a PNG or JPEG image",
		    p->s->logo);
	}
	free(path);
	return img;
}

/*
 * Draws the logo on a white card (logos are drawn for white), at most w
 * wide and h high, its right edge at x and its top at y.
 */
static void
logo_draw(struct pdf *p, HPDF_Image img, double x, double y, double w,
    double h)
{
	double	 iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
	double	 k, pad = 3;

	if (iw <= 0 || ih <= 0)
		return;
	k = (w - 2 * pad) / iw < (h - 2 * pad) / ih ? (w - 2 * pad) / iw :
	    (h - 2 * pad) / ih;
	round_rect(p, C_WHITE, x - iw * k - 2 * pad, y - h, iw * k + 2 * pad, h,
	    4);
	HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)(x - iw * k - pad),
	    (HPDF_REAL)(y - h / 2 - ih * k / 2), (HPDF_REAL)(iw * k),
	    (HPDF_REAL)(ih * k));
}

/* ---- the seven-minute briefing ---- */

#define L_W		841.89
#define L_H		595.276
#define MARGIN		22.0		/* pt, inside what printers reach */
#define GUTTER		9.0
#define PAD		10.0
#define SIZE_MAX_PT	11.0
#define SIZE_MIN_PT	7.0
#define SIZE_STEP	0.25

struct panel {
	int		 line;		/* its heading's line */
	const char	*title;		/* its heading, for messages */
	struct block	*heading;
	struct vec	 body;		/* struct block * */
	double		 x, y, w, h;	/* its box, y at the bottom */
};

struct safer7 {
	struct panel	 panel[7];
	struct block	*label;		/* "minute briefing" */
	struct block	*title, *review, *name;
	struct vec	 intro;		/* struct block * */
	struct block	*fname, *fnote, *fcall, *furl;
	HPDF_Image	 logo;
	QRcode		*qr;
	double		 cx, cy, cw, ch;	/* the centre's box */
	struct scale	 sc;		/* the panels' sizes */
	struct scale	 tsc;		/* the title's */
	double		 tmax;		/* the title's largest size */
	double		 footer;	/* the footer's height */
};

static const struct paint panel_paint = { C_INK, C_NAVY, C_LINK, C_NAVY };
static const struct paint centre_paint = { C_WHITE, C_WHITE, C_PALE,
    C_AMBER };

static void
scale_at(struct scale *sc, double body)
{
	sc->body = body;
	sc->head = body * 1.18;
	sc->lead = 1.3;
}

/* The badge of a panel: its diameter at the scale, pt. */
static double
badge(const struct scale *sc)
{
	return sc->head * 1.95;
}

/* Shares of the page for the rows and the side panels. */
struct grid {
	double		 top;		/* the top row's share of the height */
	double		 mid;		/* the middle row's */
	double		 side;		/* a side panel's share of the width */
};

/*
 * Boxes, clockwise from the top left: three panels across the top, one
 * each side of the centre (which is wider, for the title), two across the
 * bottom; the footer below.  The middle row is the tallest.
 */
static void
safer7_boxes(struct safer7 *sv, const struct grid *g)
{
	double	 x0 = MARGIN, tw = L_W - 2 * MARGIN, top = L_H - MARGIN;
	double	 gh = top - MARGIN - sv->footer - 3 * GUTTER;
	double	 rt = gh * g->top, rm = gh * g->mid, rb = gh - rt - rm;
	double	 tcw = (tw - 2 * GUTTER) / 3, sw = tw * g->side;
	double	 bw = (tw - GUTTER) / 2, mid = top - rt - GUTTER - rm;
	double	 bot = MARGIN + sv->footer + GUTTER;
	struct panel	*pn = sv->panel;
	int		 i;

	for (i = 0; i < 3; i++) {
		pn[i].x = x0 + i * (tcw + GUTTER);
		pn[i].y = top - rt;
		pn[i].w = tcw;
		pn[i].h = rt;
	}
	pn[3].x = x0 + tw - sw;
	pn[6].x = x0;
	pn[3].y = pn[6].y = mid;
	pn[3].w = pn[6].w = sw;
	pn[3].h = pn[6].h = rm;
	pn[4].x = x0 + bw + GUTTER;
	pn[5].x = x0;
	pn[4].y = pn[5].y = bot;
	pn[4].w = pn[5].w = bw;
	pn[4].h = pn[5].h = rb;
	sv->cx = x0 + sw + GUTTER;
	sv->cy = mid;
	sv->cw = tw - 2 * (sw + GUTTER);
	sv->ch = rm;
}

/* Height of a panel's heading row (badge and heading) at the scale. */
static double
panel_head(struct pdf *p, const struct panel *pn, const struct scale *sc)
{
	double	 d = badge(sc);
	double	 h = block_height(p, pn->heading, sc, pn->w - 2 * PAD - d -
	    sc->body * 0.6);

	return h > d ? h : d;
}

/* Room for a panel's text under its heading, pt. */
static double
panel_room(struct pdf *p, const struct panel *pn, const struct scale *sc)
{
	return pn->h - 2 * PAD - panel_head(p, pn, sc) - sc->body * 0.55;
}

static double
body_height(struct pdf *p, const struct vec *body, const struct scale *sc,
    double width, struct vec *lines, struct arena *a)
{
	return flow(p, a, body, 0, body->n, sc, width, lines);
}

#define SEVEN_D		26.0		/* the centre's "7" disc, pt */

/* The centre, top to bottom: the "7" row (and the logo), the title, the
 * review and the introduction; the partnership and date at the bottom.
 * Returns the room left for the introduction. */
static double
centre_room(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm;
	double		 h = sv->ch - 2 * PAD, w = sv->cw - 2 * PAD;

	scale_at(&sm, 8.5);
	h -= SEVEN_D + 7;
	h -= block_height(p, sv->title, &sv->tsc, w);
	if (sv->review != NULL)
		h -= 3 + block_height(p, sv->review, &sm, w);
	h -= 8 + 6;
	h -= block_height(p, sv->name, &sm, w);
	return h;
}

/* Checks the panels and the introduction at the scale; with report,
 * says for each that does not fit how much to cut.  Returns 1 if all
 * fit. */
static int
safer7_fits(struct pdf *p, struct safer7 *sv, const struct scale *sc,
    int report)
{
	struct arena	 a = { 0 };
	struct vec	 lines;
	struct panel	*pn;
	double		 h, room = 0, ts;
	int		 i, words, fits = 1;

	for (i = 0; i < 7 && (fits || report); i++) {
		pn = &sv->panel[i];
		memset(&lines, 0, sizeof(lines));
		room = panel_room(p, pn, sc);
		h = body_height(p, &pn->body, sc, pn->w - 2 * PAD, &lines, &a);
		if (h > room + 0.01) {
			fits = 0;
			words = words_over(&lines, room);
			if (report)
				diag(p->d, LVL_ERROR, p->doc->path, pn->line,
				    1, "section %d \"%s\" does not fit on the "
				    "page even at %g pt: cut about %d word%s",
				    i + 1, pn->title, sc->body, about(words),
				    about(words) == 1 ? "" : "s");
		}
	}
	if (fits || report) {
		/* The title gives way first, down to 14 pt. */
		for (ts = sv->tmax; ts >= 14; ts -= 1) {
			scale_at(&sv->tsc, ts);
			sv->tsc.lead = 1.12;
			memset(&lines, 0, sizeof(lines));
			room = centre_room(p, sv);
			h = body_height(p, &sv->intro, sc, sv->cw - 2 * PAD,
			    &lines, &a);
			if (h <= room + 0.01)
				break;
		}
		if (ts < 14) {
			fits = 0;
			if (report && (room < sc->body * sc->lead ||
			    count_words(&lines, 0, lines.n) == 0))
				diag(p->d, LVL_ERROR, p->doc->path,
				    p->doc->title_line, 1, "the title%s leaves "
				    "no room in the centre of the page even at "
				    "14 pt: shorten it", sv->review != NULL ?
				    " with the review" : "");
			else if (report && (words = words_over(&lines,
			    room)) >= 0)
				diag(p->d, LVL_ERROR, p->doc->path,
				    ((struct block *)sv->intro.v[0])->line, 1,
				    "the introduction does not fit in the "
				    "centre of the page even at %g pt: cut "
				    "about %d word%s", sc->body, about(words),
				    about(words) == 1 ? "" : "s");
		}
	}
	arena_free(&a);
	return fits;
}

/* The largest panel size at which everything fits in the boxes as they
 * are, above floor; 0 if none. */
static double
safer7_size(struct pdf *p, struct safer7 *sv, double floor)
{
	struct scale	 sc;
	double		 w = sv->cw - 2 * PAD, size;
	int		 k;

	for (sv->tmax = 22; sv->tmax > 14; sv->tmax -= 1) {
		scale_at(&sv->tsc, sv->tmax);
		sv->tsc.lead = 1.12;
		if (block_height(p, sv->title, &sv->tsc, w) <=
		    3 * sv->tmax * 1.12 + 0.01)
			break;
	}
	for (k = 0; (size = SIZE_MAX_PT - k * SIZE_STEP) > floor + 1e-9 &&
	    size >= SIZE_MIN_PT - 1e-9; k++) {
		scale_at(&sc, size);
		if (safer7_fits(p, sv, &sc, 0))
			return size;
	}
	return 0;
}

/*
 * Chooses the boxes and the panels' size: the largest from 11 pt down to
 * 7 pt at which every panel and the introduction fit, trying rows and
 * side panels a little taller or wider than the usual grid where the
 * text needs it (the grid closest to the usual wins a tie).  The title
 * takes the largest size from 22 pt down that keeps it to three lines
 * and leaves room for the introduction.
 */
static int
safer7_fit(struct pdf *p, struct safer7 *sv)
{
	static const struct grid usual = { 0.34, 0.37, 0.27 };
	static const double	 sides[] = { 0.27, 0.25, 0.29 };
	struct grid		 g, best = usual;
	struct scale		 sc;
	double			 size, bestsize = 0, dist, bestdist = 0;
	int			 i, j, k;

	for (k = 0; k < 3; k++)
		for (i = -4; i <= 4; i++)
			for (j = -3; j <= 3; j++) {
				g.top = usual.top + i * 0.02;
				g.mid = usual.mid + j * 0.02;
				g.side = sides[k];
				if (1 - g.top - g.mid < 0.2)
					continue;
				dist = fabs(i * 0.02) + fabs(j * 0.02) +
				    fabs(g.side - usual.side);
				/* Only a larger size, or the same closer to
				 * the usual grid, is worth finding. */
				safer7_boxes(sv, &g);
				size = safer7_size(p, sv, bestsize > 0 &&
				    dist < bestdist ? bestsize - SIZE_STEP / 2 :
				    bestsize + 1e-9);
				if (size > 0) {
					best = g;
					bestsize = size;
					bestdist = dist;
				}
			}
	safer7_boxes(sv, &best);
	if (bestsize > 0) {
		scale_at(&sv->sc, bestsize);
		safer7_size(p, sv, bestsize - SIZE_STEP / 2);
		return safer7_fits(p, sv, &sv->sc, 0);
	}
	safer7_boxes(sv, &usual);
	safer7_size(p, sv, SIZE_MAX_PT);
	scale_at(&sc, SIZE_MIN_PT);
	safer7_fits(p, sv, &sc, 1);
	return 0;
}

/* A number or letter centred on (cx, baseline y). */
static void
centred(struct pdf *p, int face, double size, unsigned rgb, double cx,
    double y, const char *s)
{
	double	 w = text_width(p, face, s, strlen(s)) * size / 1000;

	HPDF_Page_BeginText(p->page);
	show(p, face, size, rgb, cx - w / 2, y, s);
	HPDF_Page_EndText(p->page);
}

static void
centre_draw(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm, lsc;
	struct vec	 lines = { NULL, 0, 0 };
	double		 x = sv->cx + PAD, w = sv->cw - 2 * PAD;
	double		 top = sv->cy + sv->ch - PAD, y;

	scale_at(&sm, 8.5);
	scale_at(&lsc, 12.5);
	round_rect(p, C_NAVY, sv->cx, sv->cy, sv->cw, sv->ch, 7);
	disc(p, C_AMBER, x + SEVEN_D / 2, top - SEVEN_D / 2, SEVEN_D / 2);
	centred(p, FACE_BOLD, 19, C_NAVY, x + SEVEN_D / 2,
	    top - SEVEN_D / 2 - 19 * 0.36, "7");
	draw_block(p, sv->label, &lsc, x + SEVEN_D + 7,
	    top - SEVEN_D / 2 + 12.5 * 1.3 / 2, w - SEVEN_D - 7,
	    &centre_paint);
	if (sv->logo != NULL)
		logo_draw(p, sv->logo, x + w, top, w * 0.4, SEVEN_D);
	y = top - SEVEN_D - 7;
	y = draw_block(p, sv->title, &sv->tsc, x, y, w, &centre_paint);
	if (sv->review != NULL)
		y = draw_block(p, sv->review, &sm, x, y - 3, w,
		    &(struct paint){ C_PALE, C_PALE, C_PALE, C_AMBER });
	y -= 8;
	flow(p, &p->a, &sv->intro, 0, sv->intro.n, &sv->sc, w, &lines);
	draw_lines(p, &lines, 0, lines.n, x, y, &centre_paint);

	/* The partnership and the date at the bottom. */
	draw_block(p, sv->name, &sm, x, sv->cy + PAD +
	    block_height(p, sv->name, &sm, w), w, &centre_paint);
}

static void
panel_draw(struct pdf *p, struct panel *pn, int number,
    const struct scale *sc)
{
	struct vec	 lines = { NULL, 0, 0 };
	double		 d = badge(sc), x = pn->x + PAD;
	double		 top = pn->y + pn->h - PAD, row, hh, hx;
	char		 num[16];

	round_rect(p, C_TINT, pn->x, pn->y, pn->w, pn->h, 7);
	hx = x + d + sc->body * 0.6;
	hh = flow(p, &p->a, &(struct vec){ (void **)&pn->heading, 1, 1 }, 0,
	    1, sc, pn->x + pn->w - PAD - hx, &lines);
	row = hh > d ? hh : d;
	disc(p, C_NAVY, x + d / 2, top - row / 2, d / 2);
	snprintf(num, sizeof(num), "%d", number);
	centred(p, FACE_BOLD, sc->head * 1.1, C_WHITE, x + d / 2,
	    top - row / 2 - sc->head * 1.1 * 0.36, num);
	draw_lines(p, &lines, 0, lines.n, hx, top - (row - hh) / 2,
	    &panel_paint);

	memset(&lines, 0, sizeof(lines));
	flow(p, &p->a, &pn->body, 0, pn->body.n, sc, pn->w - 2 * PAD, &lines);
	draw_lines(p, &lines, 0, lines.n, x, top - row - sc->body * 0.55,
	    &panel_paint);
}

/* Draws lines as one column centred on height y; with right, each
 * line's end at x, else its start.  Returns the widest line's width. */
static double
column_draw(struct pdf *p, const struct vec *lines, double x, double y,
    int right)
{
	const struct pline	*l;
	double			 h = 0, w, widest = 0;
	size_t			 i;

	for (i = 0; i < lines->n; i++)
		h += ((struct pline *)lines->v[i])->height;
	y += h / 2;
	for (i = 0; i < lines->n; i++) {
		l = lines->v[i];
		w = line_width(p, l);
		draw_line(p, l, right ? x - w : x, y, &panel_paint);
		widest = w > widest ? w : widest;
		y -= l->height;
	}
	return widest;
}

/* The footer: the partnership on the left; the web address, a live
 * link, and its QR code on the right. */
static void
footer_draw(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm, nm;
	struct vec	 left = { NULL, 0, 0 }, right = { NULL, 0, 0 };
	double		 side = qr_side(sv->qr), room, mid = MARGIN + side / 2;
	double		 edge = L_W - MARGIN - side - 8;

	scale_at(&sm, 8.5);
	scale_at(&nm, 10.5);
	qr_draw(p, sv->qr, L_W - MARGIN - side, MARGIN);
	flow(p, &p->a, &(struct vec){ (void **)&sv->fname, 1, 1 }, 0, 1, &nm,
	    (edge - MARGIN) / 2, &left);
	if (sv->fnote != NULL)
		flow(p, &p->a, &(struct vec){ (void **)&sv->fnote, 1, 1 }, 0, 1,
		    &sm, (edge - MARGIN) / 2, &left);
	room = edge - MARGIN - column_draw(p, &left, MARGIN, mid, 0) - 24;
	flow(p, &p->a, &(struct vec){ (void **)&sv->fcall, 1, 1 }, 0, 1, &sm,
	    room, &right);
	flow(p, &p->a, &(struct vec){ (void **)&sv->furl, 1, 1 }, 0, 1, &sm,
	    room, &right);
	column_draw(p, &right, edge, mid, 1);
}

/* Text in a face, marked as used, for text drawn outside the blocks. */
static void
use_str(struct pdf *p, int face, const char *s)
{
	uint32_t	 c;
	size_t		 n, len = strlen(s);

	for (; len > 0; s += n, len -= n) {
		n = utf8_decode(s, len, &c);
		use_char(p, face, c);
	}
}

/* The partnership's name over the date, and the footer's name and
 * address. */
static void
common_blocks(struct pdf *p, struct block **name, struct block **fname,
    struct block **furl)
{
	struct doc	*doc = p->doc;
	struct tb	 t;
	char		 dt[32], up[32];

	*name = block_new(p, B_PARA, NULL, 0, 0);
	memset(&t, 0, sizeof(t));
	t.p = p;
	t.out = &(*name)->atoms;
	t.style = S_BOLD;
	tb_str(&t, p->s->title);
	t.style = 0;
	t.line = doc->title_line;
	date_text(&doc->date, dt);
	tb_break(&t);
	tb_str(&t, dt);
	if (doc->updated.y != 0) {
		date_text(&doc->updated, up);
		tb_str(&t, " (updated ");
		tb_str(&t, up);
		tb_str(&t, ")");
	}
	*fname = text_block(p, p->s->title, S_BOLD, NULL, 0);
	*furl = text_block(p, p->url, S_LINK, p->url, 0);
}

/* Builds the seven-minute briefing's blocks from the Markdown tree. */
static int
safer7_build(struct pdf *p, struct safer7 *sv)
{
	struct walk	 w;
	struct panel	*pn;
	struct section	*sec;
	cmark_node	*root, *n, *h2[8];
	int		 k = 0, i;

	if ((root = markdown_tree(p->s, p->d, p->doc)) == NULL)
		return 0;
	for (n = cmark_node_first_child(root); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 2 && k < 8)
			h2[k++] = n;
	if (k != 7) {
		cmark_node_free(root);
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "a seven-minute "
		    "briefing has exactly 7 sections, this one has %d", k);
		return 0;
	}
	h2[7] = NULL;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.out = &sv->intro;
	blocks(&w, cmark_node_first_child(root), h2[0], NULL, 0);
	for (i = 0; i < 7; i++) {
		pn = &sv->panel[i];
		pn->heading = inline_block(p, B_HEADING, h2[i], NULL, 0,
		    S_BOLD);
		pn->line = pn->heading->line;
		sec = p->doc->sections.n == 7 ? p->doc->sections.v[i] : NULL;
		pn->title = sec != NULL ? sec->title : "";
		w.out = &pn->body;
		blocks(&w, cmark_node_next(h2[i]), h2[i + 1], NULL, 0);
	}
	cmark_node_free(root);
	if (sv->intro.n == 0)
		vec_push(&p->a, &sv->intro, block_new(p, B_PARA, NULL, 0,
		    p->doc->body_line));

	use_str(p, FACE_BOLD, "1234567");
	sv->label = text_block(p, "minute briefing", S_BOLD, NULL, 0);
	sv->title = text_block(p, p->doc->title, S_BOLD, NULL,
	    p->doc->title_line);
	if (p->doc->review != NULL && p->doc->review[0] != '\0')
		sv->review = text_block(p, p->doc->review, S_ITALIC, NULL, 0);
	common_blocks(p, &sv->name, &sv->fname, &sv->furl);
	if (p->s->email != NULL)
		sv->fnote = text_block(p, p->s->email, S_LINK,
		    aprintf(&p->a, "mailto:%s", p->s->email), 0);
	sv->fcall = text_block(p, "Read this briefing online, with links to "
	    "more learning:", 0, NULL, 0);
	sv->logo = logo_load(p);
	return (sv->qr = qr_make(p)) != NULL;
}

static int
safer7_pdf(struct pdf *p)
{
	struct safer7	 sv;
	struct vec	*groups[7 + 2];
	struct vec	 misc = { NULL, 0, 0 };
	int		 i, ok = 0;

	memset(&sv, 0, sizeof(sv));
	if (!safer7_build(p, &sv))
		goto out;
	for (i = 0; i < 7; i++) {
		groups[i] = &sv.panel[i].body;
		vec_push(&p->a, &misc, sv.panel[i].heading);
	}
	groups[7] = &sv.intro;
	groups[8] = &misc;
	vec_push(&p->a, &misc, sv.label);
	vec_push(&p->a, &misc, sv.title);
	if (sv.review != NULL)
		vec_push(&p->a, &misc, sv.review);
	vec_push(&p->a, &misc, sv.name);
	vec_push(&p->a, &misc, sv.fname);
	if (sv.fnote != NULL)
		vec_push(&p->a, &misc, sv.fnote);
	vec_push(&p->a, &misc, sv.fcall);
	vec_push(&p->a, &misc, sv.furl);
	if (!fonts_ready(p, groups, 9))
		goto out;

	sv.footer = qr_side(sv.qr);
	if (sv.footer < 44)
		sv.footer = 44;
	if (!safer7_fit(p, &sv))
		goto out;

	new_page(p, HPDF_PAGE_LANDSCAPE);
	if (p->page == NULL)
		goto out;
	centre_draw(p, &sv);
	for (i = 0; i < 7; i++)
		panel_draw(p, &sv.panel[i], i + 1, &sv.sc);
	footer_draw(p, &sv);
	ok = hpdf_ok(p, "drawing the page");
out:
	if (sv.qr != NULL)
		QRcode_free(sv.qr);
	return ok;
}

/* ---- the practitioner briefing ---- */

#define P_W		595.276
#define P_H		841.89
#define P_SIDE		62.4		/* 22 mm */
#define P_TOP		48.0
#define P_BOTTOM	66.0

struct prac {
	struct vec	 body;		/* struct block * */
	struct block	*label, *title, *meta, *name;
	struct block	*fname, *furl;
	HPDF_Image	 logo;
	struct scale	 sc, tsc;
};

/* Marks where a page may not break: after a heading, after the first
 * line of a paragraph and before its last. */
static void
keep_lines(struct vec *lines)
{
	struct pline	*l, *next;
	size_t		 i, start, n;

	for (start = 0; start < lines->n; start += n) {
		l = lines->v[start];
		for (n = 1; start + n < lines->n &&
		    !((struct pline *)lines->v[start + n])->first; n++)
			continue;
		for (i = start; i < start + n; i++) {
			next = lines->v[i];
			if (l->b->kind == B_HEADING ||
			    l->b->kind == B_SUBHEADING)
				next->keep = 1;
			else if (n > 1 && (i == start || i == start + n - 2))
				next->keep = 1;
		}
	}
}

/* Splits lines into pages of room pt (first: room1); sets starts[] (the
 * first line of each page, then lines->n) and returns the page count. */
static size_t
paginate(struct vec *lines, double room1, double room, struct arena *a,
    size_t **starts)
{
	struct vec	 st = { NULL, 0, 0 };
	struct pline	*l;
	size_t		 i = 0, start = 0, b, *out;
	double		 y = 0, avail = room1;

	vec_push(a, &st, (void *)(uintptr_t)0);
	while (i < lines->n) {
		l = lines->v[i];
		if (i == start || y + l->gap + l->height <= avail) {
			y += (i == start ? 0 : l->gap) + l->height;
			i++;
			continue;
		}
		/* Break before i, or earlier so that kept lines stay
		 * together; a page of nothing but kept lines breaks at i. */
		for (b = i; b > start + 1 &&
		    ((struct pline *)lines->v[b - 1])->keep; b--)
			continue;
		if (b == start + 1 && ((struct pline *)lines->v[start])->keep)
			b = i;
		start = i = b;
		y = 0;
		avail = room;
		vec_push(a, &st, (void *)(uintptr_t)start);
	}
	out = amalloc(a, (st.n + 1) * sizeof(*out));
	for (i = 0; i < st.n; i++)
		out[i] = (size_t)(uintptr_t)st.v[i];
	out[st.n] = lines->n;
	*starts = out;
	return st.n;
}

/* Width for the title in a title block w wide: it keeps clear of the
 * logo, top right. */
static double
prac_title_w(const struct prac *pr, double w)
{
	return pr->logo != NULL ? w * 0.7 - 8 : w;
}

/* Height of the title block at the top of the first page. */
static double
prac_head(struct pdf *p, struct prac *pr, double w)
{
	struct scale	 sm, lb;

	scale_at(&sm, 10);
	scale_at(&lb, 9);
	return 2 * 16 + block_height(p, pr->label, &lb, w) + 6 +
	    block_height(p, pr->title, &pr->tsc, prac_title_w(pr, w)) + 8 +
	    (pr->meta != NULL ? block_height(p, pr->meta, &sm, w) : 0) +
	    block_height(p, pr->name, &sm, w);
}

static void
prac_head_draw(struct pdf *p, struct prac *pr, double h)
{
	struct scale	 sm, lb;
	double		 w = P_W - 2 * P_SIDE - 32, x = P_SIDE + 16;
	double		 y = P_H - P_TOP - 16;

	scale_at(&sm, 10);
	scale_at(&lb, 9);
	round_rect(p, C_NAVY, P_SIDE, P_H - P_TOP - h, P_W - 2 * P_SIDE, h, 7);
	if (pr->logo != NULL)
		logo_draw(p, pr->logo, x + w, y, w * 0.3, 28);
	y = draw_block(p, pr->label, &lb, x, y, w,
	    &(struct paint){ C_AMBER, C_AMBER, C_AMBER, C_AMBER });
	y = draw_block(p, pr->title, &pr->tsc, x, y - 6, prac_title_w(pr, w),
	    &centre_paint);
	y -= 8;
	if (pr->meta != NULL)
		y = draw_block(p, pr->meta, &sm, x, y, w,
		    &(struct paint){ C_PALE, C_PALE, C_PALE, C_PALE });
	draw_block(p, pr->name, &sm, x, y, w, &centre_paint);
}

static void
prac_footer(struct pdf *p, struct prac *pr, size_t page, size_t pages)
{
	struct scale	 sm;
	char		 num[64];
	double		 w;

	scale_at(&sm, 8);
	hline(p, C_NAVY, 0.6, P_SIDE, P_W - P_SIDE, 50);
	draw_block(p, pr->fname, &sm, P_SIDE, 46, 380,
	    &(struct paint){ C_GREY, C_GREY, C_LINK, C_GREY });
	draw_block(p, pr->furl, &sm, P_SIDE, 35, 380, &panel_paint);
	snprintf(num, sizeof(num), "Page %zu of %zu", page, pages);
	w = text_width(p, FACE_REGULAR, num, strlen(num)) * 8 / 1000;
	HPDF_Page_BeginText(p->page);
	show(p, FACE_REGULAR, 8, C_GREY, P_W - P_SIDE - w, 46 - 8 * 1.04,
	    num);
	HPDF_Page_EndText(p->page);
}

static int
prac_pdf(struct pdf *p)
{
	struct prac	 pr;
	struct walk	 w;
	struct vec	 lines = { NULL, 0, 0 }, misc = { NULL, 0, 0 };
	struct vec	*groups[2];
	cmark_node	*root;
	size_t		*starts, pages, pg;
	double		 cw = P_W - 2 * P_SIDE, room, head, ts;

	memset(&pr, 0, sizeof(pr));
	if ((root = markdown_tree(p->s, p->d, p->doc)) == NULL)
		return 0;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.out = &pr.body;
	w.practitioner = 1;
	blocks(&w, cmark_node_first_child(root), NULL, NULL, 0);
	cmark_node_free(root);

	pr.label = text_block(p, "PRACTITIONER BRIEFING", S_BOLD, NULL, 0);
	pr.title = text_block(p, p->doc->title, S_BOLD, NULL,
	    p->doc->title_line);
	if (p->doc->review != NULL && p->doc->review[0] != '\0')
		pr.meta = text_block(p, p->doc->review, S_ITALIC, NULL, 0);
	common_blocks(p, &pr.name, &pr.fname, &pr.furl);
	pr.logo = logo_load(p);
	use_str(p, FACE_REGULAR, "Page of 0123456789");
	vec_push(&p->a, &misc, pr.label);
	vec_push(&p->a, &misc, pr.title);
	if (pr.meta != NULL)
		vec_push(&p->a, &misc, pr.meta);
	vec_push(&p->a, &misc, pr.name);
	vec_push(&p->a, &misc, pr.fname);
	vec_push(&p->a, &misc, pr.furl);
	groups[0] = &pr.body;
	groups[1] = &misc;
	if (!fonts_ready(p, groups, 2))
		return 0;

	for (ts = 22; ts > 16; ts -= 1) {
		scale_at(&pr.tsc, ts);
		pr.tsc.lead = 1.12;
		if (block_height(p, pr.title, &pr.tsc,
		    prac_title_w(&pr, cw - 32)) <=
		    3 * ts * 1.12 + 0.01)
			break;
	}
	scale_at(&pr.tsc, ts);
	pr.tsc.lead = 1.12;
	pr.sc.body = 11;
	pr.sc.head = 14.5;
	pr.sc.lead = 1.4;
	flow(p, &p->a, &pr.body, 0, pr.body.n, &pr.sc, cw, &lines);
	keep_lines(&lines);
	head = prac_head(p, &pr, cw - 32);
	room = P_H - P_TOP - P_BOTTOM;
	pages = paginate(&lines, room - head - 18, room, &p->a, &starts);

	for (pg = 0; pg < pages; pg++) {
		new_page(p, HPDF_PAGE_PORTRAIT);
		if (p->page == NULL)
			break;
		if (pg == 0)
			prac_head_draw(p, &pr, head);
		draw_lines(p, &lines, starts[pg], starts[pg + 1], P_SIDE,
		    P_H - P_TOP - (pg == 0 ? head + 18 : 0), &panel_paint);
		prac_footer(p, &pr, pg + 1, pages);
	}
	return hpdf_ok(p, "drawing the pages");
}

/* ---- documents ---- */

static void
set_info(struct pdf *p)
{
	struct doc	*doc = p->doc;
	struct theme	*th;
	xmlBufferPtr	 kw = bnew();
	HPDF_Date	 dt;
	size_t		 i;

	HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_TITLE, doc->title);
	HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_AUTHOR, p->s->title);
	if (doc->summary != NULL && doc->summary[0] != '\0')
		HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_SUBJECT, doc->summary);
	for (i = 0; i < doc->themes.n; i++) {
		th = doc->themes.v[i];
		if (i > 0)
			bputs(kw, ", ");
		bputs(kw, th->title);
	}
	if (xmlBufferLength(kw) > 0)
		HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_KEYWORDS,
		    (const char *)xmlBufferContent(kw));
	xmlBufferFree(kw);
	HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_CREATOR, "herald");
	HPDF_SetInfoAttr(p->hpdf, HPDF_INFO_PRODUCER, "herald " HERALD_VERSION);
	/* Dates from the content, never the clock; "+00'00'", not "Z". */
	memset(&dt, 0, sizeof(dt));
	dt.ind = '+';
	dt.year = doc->date.y;
	dt.month = doc->date.m;
	dt.day = doc->date.d;
	HPDF_SetInfoDateAttr(p->hpdf, HPDF_INFO_CREATION_DATE, dt);
	if (doc->updated.y != 0) {
		dt.year = doc->updated.y;
		dt.month = doc->updated.m;
		dt.day = doc->updated.d;
	}
	HPDF_SetInfoDateAttr(p->hpdf, HPDF_INFO_MOD_DATE, dt);
}

/* Saves the document to path; sets *bytes to its size. */
static int
pdf_save(struct pdf *p, const char *path, size_t *bytes)
{
	HPDF_UINT32	 size, n;
	char		*buf;
	int		 ok;

	if (HPDF_SaveToStream(p->hpdf) != HPDF_OK)
		return hpdf_ok(p, "saving");
	size = HPDF_GetStreamSize(p->hpdf);
	buf = xmalloc(size > 0 ? size : 1);
	n = size;
	if (HPDF_ReadFromStream(p->hpdf, (HPDF_BYTE *)buf, &n) != HPDF_OK ||
	    n != size) {
		free(buf);
		return hpdf_ok(p, "saving");
	}
	if (!(ok = write_if_changed(path, buf, size)))
		diag(p->d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
	*bytes = size;
	free(buf);
	return ok;
}

static uint64_t
hash_str(const char *s, uint64_t h)
{
	if (s == NULL)
		return hash64("", 1, h);
	return hash64(s, strlen(s) + 1, h);
}

/* A file's size, or with bytes set its whole content: the size
 * tells one font package's files from another's, and is the same on
 * every machine, so PDFs stay byte for byte the same. */
static uint64_t
hash_file(const char *path, int bytes, uint64_t h)
{
	struct stat	 st;
	char		*data;
	size_t		 len;

	if (path == NULL)
		return hash_str(NULL, h);
	if (bytes && (data = read_file(path, &len)) != NULL) {
		h = hash64(data, len, h);
		free(data);
	} else if (stat(path, &st) == 0)
		h = hash64(&st.st_size, sizeof(st.st_size), h);
	return h;
}

/*
 * The fingerprint of everything a briefing's PDF is made from: its file,
 * the site's settings that print, the logo and font files, and herald's
 * PDF version.  It becomes the PDF's /ID, so a rebuild can tell that the
 * PDF already in the output folder is the one it would make.
 */
static void
pdf_key(const struct site *s, const struct doc *doc, char hex[33])
{
	uint64_t	 h[2], text;
	char		*logo;
	int		 i, k;

	text = hash64(doc->text, doc->textlen, HASH64_START);
	for (k = 0; k < 2; k++) {
		h[k] = HASH64_START + (uint64_t)k;
		h[k] = hash_str("herald " HERALD_VERSION " pdf "
		    PDF_LAYOUT_VERSION, h[k]);
		h[k] = hash64(&text, sizeof(text), h[k]);
		h[k] = hash_str(doc->slug, h[k]);
		h[k] = hash_str(s->title, h[k]);
		h[k] = hash_str(s->short_name, h[k]);
		h[k] = hash_str(s->base_url, h[k]);
		h[k] = hash_str(s->language, h[k]);
		h[k] = hash_str(s->email, h[k]);
		logo = s->logo != NULL ? xasprintf("%s/content/media/%s",
		    s->dir, s->logo) : NULL;
		h[k] = hash_str(s->logo, h[k]);
		h[k] = hash_file(logo, 1, h[k]);
		free(logo);
		for (i = 0; i < FACE_COUNT; i++)
			h[k] = hash_file(face_files[i].path, 0,
			    hash_str(face_files[i].path, h[k]));
	}
	snprintf(hex, 33, "%016llX%016llX", (unsigned long long)h[0],
	    (unsigned long long)h[1]);
}

/* Sets the trailer's /ID to the key, twice, as PDF asks. */
static int
set_id(struct pdf *p, const char hex[33])
{
	HPDF_BYTE	 id[16];
	HPDF_Array	 arr;
	unsigned int	 v;
	int		 i;

	for (i = 0; i < 16; i++) {
		sscanf(hex + 2 * i, "%2X", &v);
		id[i] = (HPDF_BYTE)v;
	}
	if ((arr = HPDF_Array_New(p->hpdf->mmgr)) == NULL ||
	    HPDF_Array_Add(arr, HPDF_Binary_New(p->hpdf->mmgr, id, 16)) !=
	    HPDF_OK ||
	    HPDF_Array_Add(arr, HPDF_Binary_New(p->hpdf->mmgr, id, 16)) !=
	    HPDF_OK ||
	    HPDF_Dict_Add(p->hpdf->trailer, "ID", arr) != HPDF_OK)
		return hpdf_ok(p, "setting its identifier");
	return 1;
}

/*
 * Makes the PDF of one briefing, and writes it to path unless path is
 * NULL (herald check: everything is laid out, nothing written).
 */
static int
pdf_make(struct fonts *f, struct site *s, struct diag *d, struct doc *doc,
    const char *path, size_t *bytes)
{
	char		 key[33];
	struct pdf	 p;
	int		 ok = 0, i;

	memset(&p, 0, sizeof(p));
	p.s = s;
	p.d = d;
	p.doc = doc;
	p.fonts = f;
	p.url = aprintf(&p.a, "%sbriefings/%s/", s->base_url, doc->slug);
	if ((p.hpdf = HPDF_New(hpdf_error, &p)) == NULL) {
		fputs("herald: out of memory\n", stderr);
		exit(1);
	}
	HPDF_SetCompressionMode(p.hpdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.hpdf);
	HPDF_SetCurrentEncoder(p.hpdf, "UTF-8");
	if (!hpdf_ok(&p, "starting"))
		goto out;
	set_info(&p);
	if (!(doc->practitioner ? prac_pdf(&p) : safer7_pdf(&p)))
		goto out;
	pdf_key(s, doc, key);
	if (!set_id(&p, key))
		goto out;
	if (path != NULL && !pdf_save(&p, path, bytes))
		goto out;
	ok = 1;
out:
	HPDF_Free(p.hpdf);
	for (i = 0; i < FACE_COUNT; i++)
		hb_set_destroy(p.used[i]);
	if (p.coded != NULL)
		xmlBufferFree(p.coded);
	arena_free(&p.a);
	return ok;
}

/* Every briefing's PDF, at briefings/SLUG.pdf in the output. */
/*
 * Keeps the PDF of the output folder being replaced when its /ID is the
 * key of this build's: the same file, the same settings, the same fonts.
 * Returns 1 when path now holds it.
 */
static int
pdf_keep(const struct site *s, const struct doc *doc, const char *prev,
    const char *path, size_t *bytes)
{
	char	 key[33], *old, *data, *id;
	size_t	 len;
	int	 ok = 0;

	pdf_key(s, doc, key);
	old = xasprintf("%s/briefings/%s.pdf", prev, doc->slug);
	if ((data = read_file(old, &len)) != NULL) {
		id = xasprintf("<%s> <%s>", key, key);
		if (memmem(data, len, id, strlen(id)) != NULL &&
		    publish_keep_file(old, path, data, len)) {
			*bytes = len;
			ok = 1;
		}
		free(id);
		free(data);
	}
	free(old);
	return ok;
}

/* Briefing PDFs shared out among threads. */
struct pdfwork {
	struct site	*s;		/* only read: each thread has a copy */
	struct diag	*d;
	struct output	*out;
	const char	*dir;		/* output folder of the PDFs, or NULL */
	struct jobs	 q;		/* which briefing to take next */
	int		 ok;
};

/*
 * A thread makes PDFs with fonts of its own (HarfBuzz and libharu objects
 * are never shared) and a copy of the site whose arena is its own; the
 * arena goes back to the site when the thread ends.
 */
static void *
pdf_worker(void *arg)
{
	struct pdfwork	*w = arg;
	struct site	*ts;
	struct fonts	 f;
	struct doc	*doc;
	char		*path = NULL;
	size_t		 i, bytes;

	ts = site_thread_copy(w->s);
	memset(&f, 0, sizeof(f));
	if (!fonts_open(&f, w->d)) {
		__atomic_store_n(&w->ok, 0, __ATOMIC_RELAXED);
		fonts_free(&f);
		return ts;
	}
	while (jobs_next(&w->q, &i)) {
		doc = w->s->docs[T_BRIEFING].v[i];
		if (doc->failed)
			continue;
		diag_key(doc->key);
		if (w->dir != NULL)
			path = xasprintf("%s/%s.pdf", w->dir, doc->slug);
		bytes = 0;
		if (path != NULL && w->out->prev != NULL &&
		    pdf_keep(w->s, doc, w->out->prev, path, &bytes)) {
			doc->pdf_bytes = bytes;
			__atomic_add_fetch(&w->out->pdfs, 1, __ATOMIC_RELAXED);
			out_record(w->out, path);
		} else if (pdf_make(&f, ts, w->d, doc, path, &bytes)) {
			if (path != NULL)
				out_record(w->out, path);
			doc->pdf_bytes = bytes;
			if (w->dir != NULL)
				__atomic_add_fetch(&w->out->pdfs, 1,
				    __ATOMIC_RELAXED);
			if (w->dir != NULL && w->out->verbose)
				printf("briefings/%s.pdf\n", doc->slug);
		} else
			__atomic_store_n(&w->ok, 0, __ATOMIC_RELAXED);
		free(path);
		path = NULL;
	}
	fonts_free(&f);
	return ts;
}

int
pdfs_write(struct site *s, struct diag *d, struct output *out)
{
	struct pdfwork	 w;
	char		*dir = NULL;
	size_t		 n = s->docs[T_BRIEFING].n;
	int		 jobs;

	if (n == 0)
		return 1;
	if (out->write) {
		dir = path_join(out->dir, "briefings");
		if (!mkdirs(dir)) {
			diag(d, LVL_ERROR, NULL, 0, 0, "cannot make %s: %s",
			    dir, strerror(errno));
			free(dir);
			return 0;
		}
	}
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.d = d;
	w.out = out;
	w.dir = dir;
	w.q.n = n;
	w.ok = 1;
	jobs = out->jobs < 1 ? 1 : out->jobs;
	if ((size_t)jobs > n)
		jobs = (int)n;
	diag_defer(d);
	site_threads(s, d, jobs, pdf_worker, &w);
	diag_flush(d);
	free(dir);
	return w.ok;
}

/* herald pdf: one briefing's PDF at path. */
int
pdf_write_one(struct site *s, struct diag *d, struct doc *doc,
    const char *path)
{
	struct fonts	 f;
	size_t		 bytes = 0;
	int		 ok;

	memset(&f, 0, sizeof(f));
	if ((ok = fonts_open(&f, d) && pdf_make(&f, s, d, doc, path, &bytes)))
		doc->pdf_bytes = bytes;
	fonts_free(&f);
	return ok;
}
