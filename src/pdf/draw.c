/* draw.c: on the page: colours, text, shapes, links, laid-out lines. */
#include <string.h>

#include <hpdf.h>

#include "pdf.h"

/* Lines drawn with text, over its size (pt per pt). */
#define RULE_WIDTH	0.6		/* a thematic break, pt */
#define UNDER_WIDTH	0.06		/* an underline or a strike-through */
#define UNDER_DROP	0.13		/* an underline, below the baseline */
#define STRIKE_RISE	0.3		/* a strike-through, above it */
#define LINK_BELOW	0.3		/* a link's box, below the baseline */
#define LINK_ABOVE	0.85		/* and above it */
#define BAR_WIDTH	0.15		/* the bar beside a block quote */
#define BAR_INSET	250		/* the bar from the quote's edge, em/1000 */
#define KAPPA		0.5523		/* a Bézier quarter circle's handles */

const struct paint panel_paint = { C_INK, C_NAVY, C_LINK, C_NAVY };
const struct paint centre_paint = { C_WHITE, C_WHITE, C_PALE, C_AMBER };

/* Sets the fill colour, unless it is set already. */
void
set_fill(struct pdf *p, unsigned rgb)
{
	if (p->cfill == (long)rgb)
		return;
	p->cfill = (long)rgb;
	HPDF_Page_SetRGBFill(p->page, (HPDF_REAL)((rgb >> 16) & 0xff) / 255,
	    (HPDF_REAL)((rgb >> 8) & 0xff) / 255,
	    (HPDF_REAL)(rgb & 0xff) / 255);
}

/* Sets the stroke colour and line width. */
static void
set_stroke(struct pdf *p, unsigned rgb, double width)
{
	HPDF_Page_SetRGBStroke(p->page, (HPDF_REAL)((rgb >> 16) & 0xff) / 255,
	    (HPDF_REAL)((rgb >> 8) & 0xff) / 255,
	    (HPDF_REAL)(rgb & 0xff) / 255);
	HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width);
}

/* Adds an A4 page (p->page is NULL after libharu's error). */
void
new_page(struct pdf *p, HPDF_PageDirection dir)
{
	mc_end(p);
	p->page = HPDF_AddPage(p->hpdf);
	if (p->page != NULL)
		HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, dir);
	tag_page(p);
	p->cface = -1;
	p->csize = 0;
	p->cfill = -1;
}

/* Text at baseline (x, y); inside BeginText. */
void
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
	mc_text(p);
	set_fill(p, rgb);
	s = coded(p, face, s, strlen(s), &len);
	HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
}

/* A filled rectangle, bottom left at (x, y). */
void
rect(struct pdf *p, unsigned rgb, double x, double y, double w, double h)
{
	mc_shape(p);
	set_fill(p, rgb);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
	    (HPDF_REAL)h);
	HPDF_Page_Fill(p->page);
}

/* A filled rectangle with corners rounded by r. */
void
round_rect(struct pdf *p, unsigned rgb, double x, double y, double w,
    double h, double r)
{
	const double	 k = KAPPA * r;
	HPDF_Page	 pg = p->page;

	mc_shape(p);
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

/* A filled circle centred on (cx, cy). */
void
disc(struct pdf *p, unsigned rgb, double cx, double cy, double r)
{
	mc_shape(p);
	set_fill(p, rgb);
	HPDF_Page_Circle(p->page, (HPDF_REAL)cx, (HPDF_REAL)cy, (HPDF_REAL)r);
	HPDF_Page_Fill(p->page);
}

/* A horizontal line from x0 to x1 at height y. */
void
hline(struct pdf *p, unsigned rgb, double width, double x0, double x1,
    double y)
{
	mc_shape(p);
	set_stroke(p, rgb, width);
	HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y);
	HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y);
	HPDF_Page_Stroke(p->page);
}

/* A link to url over the box (x0, y0)-(x1, y1), with no border. */
void
link_annot(struct pdf *p, const char *url, double x0, double y0, double x1,
    double y1)
{
	HPDF_Annotation	 an;
	HPDF_Rect	 r;

	r.left = (HPDF_REAL)x0;
	r.bottom = (HPDF_REAL)y0;
	r.right = (HPDF_REAL)x1;
	r.top = (HPDF_REAL)y1;
	if ((an = HPDF_Page_CreateURILinkAnnot(p->page, r, url)) != NULL) {
		HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
		tag_annot(p, an, url);
	}
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
		w = w * l->size / EM;
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

/* The list marker of line l, right-aligned a little before its text at
 * x; inside BeginText. */
static void
draw_marker(struct pdf *p, const struct pline *l, double x, double base,
    const struct paint *c)
{
	const struct atom	*at;
	double			 mx;
	size_t			 i;

	mx = x - (atoms_width(&l->b->marker) + MARKER_GAP) * l->size / EM;
	for (i = 0; i < l->b->marker.n; i++) {
		at = l->b->marker.v[i];
		if (at->kind == A_TEXT)
			show(p, at->face, l->size, c->mark, mx, base, at->s);
		mx += at->w * l->size / EM;
	}
}

/* Underlines and strike-throughs of the n pieces of line l, then one
 * link annotation for each run of pieces with the same link. */
static void
draw_marks(struct pdf *p, const struct pline *l, const struct piece *pc,
    size_t n, double x, double base, const struct paint *c)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		if (pc[i].style & S_LINK)
			hline(p, c->link, l->size * UNDER_WIDTH, x + pc[i].x,
			    x + pc[i].x + pc[i].w, base - l->size * UNDER_DROP);
		if (pc[i].style & S_STRIKE)
			hline(p, piece_colour(&pc[i], l->b, c),
			    l->size * UNDER_WIDTH, x + pc[i].x,
			    x + pc[i].x + pc[i].w, base + l->size * STRIKE_RISE);
	}
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && pc[j].link == pc[i].link; j++)
			continue;
		if (pc[i].link != NULL)
			link_annot(p, pc[i].link, x + pc[i].x, base -
			    l->size * LINK_BELOW, x + pc[j - 1].x +
			    pc[j - 1].w, base + l->size * LINK_ABOVE);
	}
}

/* A bar beside line l (top at top) for each block quote it is inside, at
 * the quote's edge, the frame's left edge being x0. */
static void
draw_bars(struct pdf *p, const struct pline *l, double x0, double top,
    const struct paint *c)
{
	const struct nest	*ns, *up;
	double			 mx;

	for (ns = l->b->nest; ns != NULL; ns = ns->up) {
		if (!ns->quote)
			continue;
		mx = BAR_INSET;
		for (up = ns->up; up != NULL; up = up->up)
			mx += up->hang;
		mx = x0 + mx * l->size / EM;
		mc_shape(p);
		set_stroke(p, c->mark, l->size * BAR_WIDTH);
		HPDF_Page_MoveTo(p->page, (HPDF_REAL)mx, (HPDF_REAL)top);
		HPDF_Page_LineTo(p->page, (HPDF_REAL)mx,
		    (HPDF_REAL)(top - l->height));
		HPDF_Page_Stroke(p->page);
	}
}

/*
 * Draws line l with its top at y, the frame's left edge at x0: its list
 * marker, its text, then underlines, strike-throughs, link annotations
 * and quote bars.
 */
static void
draw_line(struct pdf *p, const struct pline *l, double x0, double top,
    const struct paint *c)
{
	struct piece	*pc;
	double		 base = top - l->ascent, x = x0 + l->x;
	size_t		 n, i;

	tag_line(p, l, top);
	if (l->b->kind == B_RULE) {
		hline(p, c->mark, RULE_WIDTH, x, x0 + l->avail,
		    top - l->height / 2);
		return;
	}
	n = line_pieces(p, l, &pc);
	text_begin(p);
	if (l->first && l->b->marker.n > 0 && l->b->nest != NULL) {
		tag_marker(p, 1);
		draw_marker(p, l, x, base, c);
		tag_marker(p, 0);
	}
	for (i = 0; i < n; i++) {
		tag_piece(p, pc[i].link);
		show(p, pc[i].face, l->size, piece_colour(&pc[i], l->b, c),
		    x + pc[i].x, base, pc[i].s);
	}
	text_end(p);
	draw_marks(p, l, pc, n, x, base, c);
	draw_bars(p, l, x0, top, c);
}

/* Draws lines from..to of v, the first with its top at y; returns the
 * y below the last. */
double
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

/* A number or letter centred on (cx, baseline y). */
void
centred(struct pdf *p, int face, double size, unsigned rgb, double cx,
    double y, const char *s)
{
	double	 w = text_width(p, face, s, strlen(s)) * size / EM;

	text_begin(p);
	show(p, face, size, rgb, cx - w / 2, y, s);
	text_end(p);
}

/* Draws lines as one column centred on height y; with right, each
 * line's end at x, else its start.  Returns the widest line's width. */
double
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
