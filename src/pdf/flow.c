/* flow.c: the one flow engine: blocks into lines, kept, cut into frames. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "pdf.h"

/* Line heights and sizes, over the font size of their block. */
#define LEAD_HEADING	1.22		/* line height of a heading */
#define RULE_HEIGHT	0.9		/* height of a thematic break's line */
#define BASELINE	0.8		/* from the type's top to its baseline */
#define CODE_SIZE	0.9		/* code, over the body size */

/* The sizes of a layout from its body size. */
#define HEAD_SIZE	1.18		/* a heading's size over the body's */
#define BODY_LEAD	1.3		/* line height over size */
#define TITLE_LEAD	1.12		/* the same for a title */
#define TITLE_LINES	3		/* a title takes at most this many */

/* The font size of block b at the scale, pt. */
static double
block_size(const struct block *b, const struct scale *sc)
{
	switch (b->kind) {
	case B_HEADING:
		return sc->head;
	case B_CODE:
		return sc->body * CODE_SIZE;
	default:
		return sc->body;
	}
}

/* The indent of block b: the lists and quotes it is in, em/1000. */
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

/* Width of atom at from byte o on, em/1000. */
static double
atom_rest(struct pdf *p, struct atom *at, size_t o)
{
	if (o == 0)
		return at->w;
	atom_chars(p, at);
	return at->cw[at->nc] - at->cw[char_at(at, o)];
}

/*
 * Where a word may break when it is wider than a line: after one of
 * BREAK_AFTER, never inside a run of letters and digits.  After a slash,
 * a question mark or an ampersand the address reads on (BREAK_STRONG);
 * after a hyphen or a full stop the line might look hyphenated, so
 * those are taken only when no strong break leaves the line at least
 * BREAK_FULL full.  No hyphen is ever added.
 */
#define BREAK_AFTER	"/.-?&"
#define BREAK_STRONG	"/?&"
#define BREAK_FULL	0.5

/* The kind of break after character k of atom at (whose next character,
 * maybe in the next atom, is next): 2 strong, 1 weak, 0 none. */
static int
break_kind(const struct atom *at, size_t k, int next)
{
	char	 c = at->s[at->co[k + 1] - 1];

	if (at->co[k + 1] - at->co[k] != 1 || strchr(BREAK_AFTER, c) == NULL ||
	    next == 0 || strchr(BREAK_AFTER, next) != NULL)
		return 0;	/* not after "//", "..", nor at the end */
	if (c == '/' && k > 0 && at->s[at->co[k] - 1] == ':')
		return 0;	/* not inside "://" */
	return strchr(BREAK_STRONG, c) != NULL ? 2 : 1;
}

/* The first byte after character k of atom i of v, or 0 at the end of
 * the word. */
static int
next_byte(const struct vec *v, size_t i, size_t k)
{
	const struct atom	*at = v->v[i];

	if (k + 1 < at->nc)
		return (unsigned char)at->s[at->co[k + 1]];
	if (i + 1 < v->n && ((struct atom *)v->v[i + 1])->kind == A_TEXT &&
	    ((struct atom *)v->v[i + 1])->len > 0)
		return (unsigned char)((struct atom *)v->v[i + 1])->s[0];
	return 0;
}

/* A place a word may break: after byte o of atom i, w em/1000 in. */
struct wbreak {
	size_t		 i, o;
	double		 w;
};

/*
 * Where a word too wide for a line must break: from atom i byte o, the
 * last break (see BREAK_AFTER) that fits in room (em/1000); if there is
 * none, as many characters as fit, at least one.
 */
static void
split_word(struct pdf *p, const struct vec *v, size_t i, size_t o,
    double room, size_t *ie, size_t *oe)
{
	struct atom	*at;
	struct wbreak	 best[3] = { { 0, 0, -1 }, { 0, 0, -1 }, { 0, 0, -1 } };
	struct wbreak	 fit = { i, o, 0 };
	size_t		 k, start, seen = 0;
	double		 used = 0, cw;
	int		 kind;

	for (; i < v->n; i++, o = 0) {
		at = v->v[i];
		if (at->kind != A_TEXT)
			break;
		atom_chars(p, at);
		for (k = start = char_at(at, o); k < at->nc; k++) {
			cw = at->cw[k + 1] - at->cw[start];
			if (used + cw > room)
				goto full;
			fit.i = i;
			fit.o = at->co[k + 1];
			fit.w = used + cw;
			if (++seen > 1 &&
			    (kind = break_kind(at, k, next_byte(v, i, k))) > 0)
				best[kind] = fit;
		}
		used += at->cw[at->nc] - at->cw[start];
	}
full:
	if (best[2].w >= room * BREAK_FULL || (best[2].w > 0 &&
	    best[1].w < 0))
		fit = best[2];
	else if (best[1].w > 0)
		fit = best[1];
	else if (fit.w == 0) {		/* never an empty line */
		at = v->v[fit.i];
		atom_chars(p, at);
		fit.o = at->co[char_at(at, fit.o) + 1];
	}
	*ie = fit.i;
	*oe = fit.o;
}

/* A line of block b from atom i, byte o, at size pt and indent em/1000;
 * first if it is the block's first. */
static struct pline *
line_new(struct arena *a, struct block *b, const struct scale *sc,
    double size, double width, double indent, size_t i, size_t o, int first)
{
	struct pline	*l = amalloc(a, sizeof(*l));

	memset(l, 0, sizeof(*l));
	l->b = b;
	l->i0 = i;
	l->o0 = o;
	l->size = size;
	l->avail = width;
	l->x = indent * size / EM;
	l->height = size * (b->kind == B_HEADING ||
	    b->kind == B_SUBHEADING ? LEAD_HEADING : sc->lead);
	if (b->kind == B_RULE)
		l->height = size * RULE_HEIGHT;
	l->ascent = (l->height - size) / 2 + size * BASELINE;
	l->first = first;
	l->gap = first ? b->gap * sc->body : 0;
	return l;
}

/* Width of the word from atom k, byte o: its text atoms up to the next
 * space or break, em/1000; sets *end to the atom after it. */
static double
word_width(struct pdf *p, const struct vec *v, size_t k, size_t o,
    size_t *end)
{
	double	 ww = 0;
	size_t	 j;

	for (j = k; j < v->n && ((struct atom *)v->v[j])->kind == A_TEXT; j++)
		ww += atom_rest(p, v->v[j], j == k ? o : 0);
	*end = j;
	return ww;
}

/* Ends line l inside a word wider than room, from atom k byte *o, and
 * moves *i and *o to the rest (it counts on the line where it ends). */
static void
line_split(struct pdf *p, const struct vec *v, struct pline *l, double room,
    size_t k, size_t *i, size_t *o)
{
	size_t	 ie = k, oe = *o;

	split_word(p, v, k, *o, room, &ie, &oe);
	l->i1 = ie;
	l->o1 = oe;
	*i = ie;
	*o = oe;
	if (*i < v->n && *o >= ((struct atom *)v->v[*i])->len) {
		(*i)++;
		*o = 0;
	}
}

/*
 * Fills line l with the words of v from atom *i, byte *o, that fit in
 * room (em/1000), and moves *i and *o past them: greedy, each line takes
 * every word that fits.
 */
static void
line_fill(struct pdf *p, const struct vec *v, struct pline *l, double room,
    size_t *i, size_t *o)
{
	const struct atom	*at;
	double			 w = 0, sw, ww;
	size_t			 k, j;
	int			 words = 0;

	for (;;) {
		if (*i >= v->n) {
			l->i1 = v->n;
			l->o1 = 0;
			break;
		}
		at = v->v[*i];
		if (at->kind == A_BREAK) {
			l->i1 = *i;
			l->o1 = 0;
			(*i)++;
			*o = 0;
			break;
		}
		k = *i;
		sw = 0;
		if (at->kind == A_SPACE) {
			/* First on the line, it indents code: part of the
			 * word.  Later, a space before no word is skipped. */
			sw = at->w;
			k++;
			if (words > 0 && (k >= v->n ||
			    ((struct atom *)v->v[k])->kind != A_TEXT)) {
				*i = k;
				continue;
			}
		}
		ww = word_width(p, v, k, *o, &j);
		if (w + sw + ww <= room) {
			w += sw + ww;
			words++;
			*i = j;
			*o = 0;
			continue;
		}
		if (words > 0) {
			l->i1 = *i;
			l->o1 = *o;
			break;
		}
		line_split(p, v, l, room, k, i, o);
		break;
	}
	l->words = words;
}

/* Breaks block b into lines of at most width pt, appended to out. */
static void
break_block(struct pdf *p, struct arena *a, struct block *b,
    const struct scale *sc, double width, struct vec *out)
{
	const struct vec	*v = &b->atoms;
	struct pline		*l;
	double			 size = block_size(b, sc), room;
	double			 indent = block_indent(b);
	size_t			 i = 0, o = 0;
	int			 nlines = 0;

	if (indent > width * EM / size / 2)	/* lists nested very deep */
		indent = width * EM / size / 2;
	room = width * EM / size - indent;
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
		l = line_new(a, b, sc, size, width, indent, i, o, nlines == 0);
		line_fill(p, v, l, room, &i, &o);
		vec_push(a, out, l);
		nlines++;
	}
}

/* Lays out the blocks of bv at the scale, width pt, appending the lines
 * to out (in arena a); returns their height. */
double
flow_lines(struct pdf *p, struct arena *a, const struct vec *bv,
    const struct scale *sc, double width, struct vec *out)
{
	struct pline	*l;
	double		 h = 0;
	size_t		 i, start = out->n;

	for (i = 0; i < bv->n; i++)
		break_block(p, a, bv->v[i], sc, width, out);
	for (i = start; i < out->n; i++) {
		l = out->v[i];
		h += (i == start ? 0 : l->gap) + l->height;
	}
	return h;
}

/* The same for one block. */
double
block_lines(struct pdf *p, struct arena *a, struct block *b,
    const struct scale *sc, double width, struct vec *out)
{
	return flow_lines(p, a, &(struct vec){ (void **)&b, 1, 1 }, sc, width,
	    out);
}

/* Height of one block laid out at the scale in width pt. */
double
block_height(struct pdf *p, struct block *b, const struct scale *sc,
    double width)
{
	struct arena	 a = { 0 };
	struct vec	 lines = { NULL, 0, 0 };
	double		 h;

	h = block_lines(p, &a, b, sc, width, &lines);
	arena_free(&a);
	return h;
}

/* Words in lines from..to of v. */
int
count_words(const struct vec *v, size_t from, size_t to)
{
	int	 n = 0;

	for (; from < to && from < v->n; from++)
		n += ((struct pline *)v->v[from])->words;
	return n;
}

/* "cut about N words": exact up to ten, then in fives. */
int
about(int words)
{
	if (words < 1)
		return 1;
	return words <= 10 ? words : (words + 4) / 5 * 5;
}

/* Words of the lines in v that end below height h. */
int
words_over(const struct vec *v, double h)
{
	const struct pline	*l;
	double			 y = 0;
	size_t			 i;

	for (i = 0; i < v->n; i++) {
		l = v->v[i];
		y += (i == 0 ? 0 : l->gap) + l->height;
		if (y > h + FIT_SLACK)
			return count_words(v, i, v->n);
	}
	return 0;
}

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

/* Sets sc to the sizes of a layout whose body text is body pt. */
void
scale_at(struct scale *sc, double body)
{
	sc->body = body;
	sc->head = body * HEAD_SIZE;
	sc->lead = BODY_LEAD;
}

/*
 * The engine: lays out the blocks of bv as fl says, cuts the lines into
 * frames of fl->room1 pt, then fl->room pt, and draws each between
 * fl->begin() and fl->end().  Returns the y below the last line drawn.
 */
double
flow_frames(struct pdf *p, const struct vec *bv, const struct flow *fl)
{
	struct vec	 lines = { NULL, 0, 0 };
	size_t		*starts, frames, n;
	double		 x, y = 0;

	flow_lines(p, &p->a, bv, fl->sc, fl->width, &lines);
	keep_lines(&lines);
	frames = paginate(&lines, fl->room1, fl->room, &p->a, &starts);
	for (n = 0; n < frames; n++) {
		if (!fl->begin(p, fl->arg, n, frames, &x, &y))
			break;
		y = draw_lines(p, &lines, starts[n], starts[n + 1], x, y,
		    fl->paint);
		if (fl->end != NULL)
			fl->end(p, fl->arg, n, frames);
	}
	return y;
}

/* Where the one frame of flow_draw() is. */
struct spot {
	double		 x, top;
};

/* flow_draw()'s begin(): its frame is where the caller said. */
static int
one_frame(struct pdf *p, void *arg, size_t n, size_t count, double *x,
    double *top)
{
	const struct spot	*at = arg;

	*x = at->x;
	*top = at->top;
	return 1;
}

/* Lays out and draws the blocks of bv in one frame with no bottom, width
 * pt, its left edge at x and its top at y; returns the y below the last
 * line. */
double
flow_draw(struct pdf *p, const struct vec *bv, const struct scale *sc,
    double width, double x, double y, const struct paint *c)
{
	struct spot	 at = { x, y };
	struct flow	 fl = { sc, c, width, HUGE_VAL, HUGE_VAL, &at, one_frame,
			    NULL };

	return flow_frames(p, bv, &fl);
}

/* The same for one block. */
double
draw_block(struct pdf *p, struct block *b, const struct scale *sc, double x,
    double y, double width, const struct paint *c)
{
	return flow_draw(p, &(struct vec){ (void **)&b, 1, 1 }, sc, width, x,
	    y, c);
}

/* Sets sc to the sizes of a title at size pt. */
void
title_scale(struct scale *sc, double size)
{
	scale_at(sc, size);
	sc->lead = TITLE_LEAD;
}

/*
 * Sets tsc to the largest size from max down to above min, in whole
 * points, at which title keeps to three lines in width pt, else to min;
 * returns that size.
 */
double
title_fit(struct pdf *p, struct block *title, double width, double max,
    double min, struct scale *tsc)
{
	double	 ts;

	for (ts = max; ts > min; ts -= TITLE_STEP) {
		title_scale(tsc, ts);
		if (block_height(p, title, tsc, width) <=
		    TITLE_LINES * ts * TITLE_LEAD + FIT_SLACK)
			break;
	}
	title_scale(tsc, ts);
	return ts;
}
