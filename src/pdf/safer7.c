/* safer7.c: the seven-minute briefing: seven panels on one A4 landscape page. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cmark-gfm.h>
#include <hpdf.h>
#include <qrencode.h>

#include "pdf.h"

/* The page, A4 landscape, pt. */
#define L_W		841.89
#define L_H		595.276
#define MARGIN		22.0		/* around the page, inside what printers reach */
#define GUTTER		9.0		/* between panels, and above the footer */
#define PAD		10.0		/* inside a panel or the centre */
#define CORNER		7.0		/* radius of the panels' corners */
#define PANELS		7		/* one for each minute */

/* The panels' body size, tried from the largest down, pt. */
#define SIZE_MAX_PT	11.0
#define SIZE_MIN_PT	7.0
#define SIZE_STEP	0.25

/* A panel's heading row, in its sizes. */
#define BADGE		1.95		/* the number's disc, over the heading size */
#define BADGE_DIGIT	1.1		/* the number, over the heading size */
#define BADGE_GAP	0.6		/* disc to heading, in body sizes */
#define HEAD_GAP	0.55		/* heading row to text, in body sizes */
#define DIGIT_DROP	0.36		/* a centred digit's baseline below its
					   middle, over its size */

/* The centre, top to bottom, pt. */
#define SEVEN_D		26.0		/* the "7" disc */
#define SEVEN_PT	19.0		/* the "7" in it */
#define SEVEN_GAP	7.0		/* right of the disc, and below its row */
#define LABEL_PT	12.5		/* "minute briefing" */
#define LOGO_SHARE	0.4		/* most of the centre's width the logo takes */
#define REVIEW_GAP	3.0		/* above the review */
#define INTRO_GAP	8.0		/* above the introduction */
#define NAME_GAP	6.0		/* at least, from it to the partnership */
#define SMALL_PT	8.5		/* the review, the partnership and date */
#define TITLE_MAX_PT	22.0		/* the title's largest size */
#define TITLE_MIN_PT	14.0		/* and smallest */

/* The footer, pt. */
#define FOOTER_MIN	44.0		/* its height at least (else the QR code's) */
#define FOOTER_NAME_PT	10.5		/* the partnership's name */
#define QR_GAP		8.0		/* from the text to the QR code */
#define FOOTER_GAP	24.0		/* between the left and right text */

/* The grids tried: rows and side panels a little taller or wider. */
#define GRID_STEP	0.02		/* of the height, for the rows */
#define GRID_TOPS	4		/* top rows tried each side of the usual */
#define GRID_MIDS	3		/* middle rows likewise */
#define GRID_BOTTOM_MIN	0.2		/* the bottom row's least share */
#define EPSILON		1e-9		/* below any difference of sizes */

struct panel {
	int		 line;		/* its heading's line */
	const char	*title;		/* its heading, for messages */
	struct block	*heading;
	struct vec	 body;		/* struct block * */
	double		 x, y, w, h;	/* its box, y at the bottom */
};

struct safer7 {
	struct panel	 panel[PANELS];
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

/* Shares of the page for the rows and the side panels. */
struct grid {
	double		 top;		/* the top row's share of the height */
	double		 mid;		/* the middle row's */
	double		 side;		/* a side panel's share of the width */
};

/* The review's colours, on navy. */
static const struct paint review_paint = { C_PALE, C_PALE, C_PALE,
    C_AMBER };

/* The badge of a panel: its diameter at the scale, pt. */
static double
badge(const struct scale *sc)
{
	return sc->head * BADGE;
}

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
	    sc->body * BADGE_GAP);

	return h > d ? h : d;
}

/* Room for a panel's text under its heading, pt. */
static double
panel_room(struct pdf *p, const struct panel *pn, const struct scale *sc)
{
	return pn->h - 2 * PAD - panel_head(p, pn, sc) - sc->body * HEAD_GAP;
}

/* The centre, top to bottom: the "7" row (and the logo), the title, the
 * review and the introduction; the partnership and date at the bottom.
 * Returns the room left for the introduction. */
static double
centre_room(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm;
	double		 h = sv->ch - 2 * PAD, w = sv->cw - 2 * PAD;

	scale_at(&sm, SMALL_PT);
	h -= SEVEN_D + SEVEN_GAP;
	h -= block_height(p, sv->title, &sv->tsc, w);
	if (sv->review != NULL)
		h -= REVIEW_GAP + block_height(p, sv->review, &sm, w);
	h -= INTRO_GAP + NAME_GAP;
	h -= block_height(p, sv->name, &sm, w);
	return h;
}

/* Checks the panels at the scale; with report, says for each that does
 * not fit how much to cut.  Returns 1 if all fit. */
static int
panels_fit(struct pdf *p, struct safer7 *sv, const struct scale *sc,
    int report, struct arena *a)
{
	struct vec	 lines;
	struct panel	*pn;
	double		 h, room;
	int		 i, words, fits = 1;

	for (i = 0; i < PANELS && (fits || report); i++) {
		pn = &sv->panel[i];
		memset(&lines, 0, sizeof(lines));
		room = panel_room(p, pn, sc);
		h = flow_lines(p, a, &pn->body, sc, pn->w - 2 * PAD, &lines);
		if (h > room + FIT_SLACK) {
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
	return fits;
}

/* Checks the introduction at the scale, the title giving way first,
 * down to its smallest size; with report, says what to cut.  Returns 1
 * if it fits. */
static int
centre_fits(struct pdf *p, struct safer7 *sv, const struct scale *sc,
    int report, struct arena *a)
{
	struct vec	 lines;
	double		 h, room = 0, ts;
	int		 words;

	for (ts = sv->tmax; ts >= TITLE_MIN_PT; ts -= TITLE_STEP) {
		title_scale(&sv->tsc, ts);
		memset(&lines, 0, sizeof(lines));
		room = centre_room(p, sv);
		h = flow_lines(p, a, &sv->intro, sc, sv->cw - 2 * PAD, &lines);
		if (h <= room + FIT_SLACK)
			return 1;
	}
	if (report && (room < sc->body * sc->lead ||
	    count_words(&lines, 0, lines.n) == 0))
		diag(p->d, LVL_ERROR, p->doc->path, p->doc->title_line, 1,
		    "the title%s leaves no room in the centre of the page "
		    "even at %g pt: shorten it", sv->review != NULL ?
		    " with the review" : "", TITLE_MIN_PT);
	else if (report && (words = words_over(&lines, room)) >= 0)
		diag(p->d, LVL_ERROR, p->doc->path,
		    ((struct block *)sv->intro.v[0])->line, 1,
		    "the introduction does not fit in the centre of the page "
		    "even at %g pt: cut about %d word%s", sc->body,
		    about(words), about(words) == 1 ? "" : "s");
	return 0;
}

/* Checks the panels and the introduction at the scale; with report,
 * says for each that does not fit how much to cut.  Returns 1 if all
 * fit. */
static int
safer7_fits(struct pdf *p, struct safer7 *sv, const struct scale *sc,
    int report)
{
	struct arena	 a = { 0 };
	int		 fits;

	fits = panels_fit(p, sv, sc, report, &a);
	if (fits || report)
		fits = centre_fits(p, sv, sc, report, &a) && fits;
	arena_free(&a);
	return fits;
}

/* The largest panel size at which everything fits in the boxes as they
 * are, above floor; 0 if none. */
static double
safer7_size(struct pdf *p, struct safer7 *sv, double floor)
{
	struct scale	 sc;
	double		 size;
	int		 k;

	sv->tmax = title_fit(p, sv->title, sv->cw - 2 * PAD, TITLE_MAX_PT,
	    TITLE_MIN_PT, &sv->tsc);
	for (k = 0; (size = SIZE_MAX_PT - k * SIZE_STEP) > floor + EPSILON &&
	    size >= SIZE_MIN_PT - EPSILON; k++) {
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
	/* The usual shares, and the side panels' widths tried. */
	static const struct grid usual = { 0.34, 0.37, 0.27 };
	static const double	 sides[] = { 0.27, 0.25, 0.29 };
	const int		 nsides = sizeof(sides) / sizeof(sides[0]);
	struct grid		 g, best = usual;
	struct scale		 sc;
	double			 size, bestsize = 0, dist, bestdist = 0;
	int			 i, j, k;

	for (k = 0; k < nsides; k++)
		for (i = -GRID_TOPS; i <= GRID_TOPS; i++)
			for (j = -GRID_MIDS; j <= GRID_MIDS; j++) {
				g.top = usual.top + i * GRID_STEP;
				g.mid = usual.mid + j * GRID_STEP;
				g.side = sides[k];
				if (1 - g.top - g.mid < GRID_BOTTOM_MIN)
					continue;
				dist = fabs(i * GRID_STEP) + fabs(j * GRID_STEP) +
				    fabs(g.side - usual.side);
				/* Only a larger size, or the same closer to
				 * the usual grid, is worth finding. */
				safer7_boxes(sv, &g);
				size = safer7_size(p, sv, bestsize > 0 &&
				    dist < bestdist ? bestsize - SIZE_STEP / 2 :
				    bestsize + EPSILON);
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

/* The centre: the "7" disc and label (and the logo), the title, the
 * review, the introduction, and the partnership and date at the
 * bottom. */
static void
centre_draw(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm, lsc;
	double		 x = sv->cx + PAD, w = sv->cw - 2 * PAD;
	double		 top = sv->cy + sv->ch - PAD, y;

	scale_at(&sm, SMALL_PT);
	scale_at(&lsc, LABEL_PT);
	round_rect(p, C_NAVY, sv->cx, sv->cy, sv->cw, sv->ch, CORNER);
	tag_push(p, "P", 1);
	disc(p, C_AMBER, x + SEVEN_D / 2, top - SEVEN_D / 2, SEVEN_D / 2);
	centred(p, FACE_BOLD, SEVEN_PT, C_NAVY, x + SEVEN_D / 2,
	    top - SEVEN_D / 2 - SEVEN_PT * DIGIT_DROP, "7");
	draw_block(p, sv->label, &lsc, x + SEVEN_D + SEVEN_GAP,
	    top - SEVEN_D / 2 + LABEL_PT * lsc.lead / 2,
	    w - SEVEN_D - SEVEN_GAP, &centre_paint);
	tag_pop(p);
	if (sv->logo != NULL)
		logo_draw(p, sv->logo, x + w, top, w * LOGO_SHARE, SEVEN_D);
	y = top - SEVEN_D - SEVEN_GAP;
	tag_push(p, "H1", 1);
	y = draw_block(p, sv->title, &sv->tsc, x, y, w, &centre_paint);
	tag_pop(p);
	if (sv->review != NULL) {
		tag_push(p, "P", 1);
		y = draw_block(p, sv->review, &sm, x, y - REVIEW_GAP, w,
		    &review_paint);
		tag_pop(p);
	}
	y -= INTRO_GAP;
	flow_draw(p, &sv->intro, &sv->sc, w, x, y, &centre_paint);
	tag_push(p, "P", 1);
	draw_block(p, sv->name, &sm, x, sv->cy + PAD +
	    block_height(p, sv->name, &sm, w), w, &centre_paint);
	tag_pop(p);
}

/* Panel number: its badge, its heading beside it, its text below. */
static void
panel_draw(struct pdf *p, struct panel *pn, int number,
    const struct scale *sc)
{
	struct vec	 lines = { NULL, 0, 0 };
	double		 d = badge(sc), x = pn->x + PAD;
	double		 top = pn->y + pn->h - PAD, row, hh, hx;
	double		 digit = sc->head * BADGE_DIGIT;
	char		 num[16];

	tag_push(p, "Sect", 0);
	round_rect(p, C_TINT, pn->x, pn->y, pn->w, pn->h, CORNER);
	snprintf(num, sizeof(num), "%d", number);
	tag_push(p, "H2", 1);
	tag_text(p, NULL, block_text(p, pn->heading, aprintf(&p->a, "%d. ",
	    number)));
	hx = x + d + sc->body * BADGE_GAP;
	hh = block_lines(p, &p->a, pn->heading, sc, pn->x + pn->w - PAD - hx,
	    &lines);
	row = hh > d ? hh : d;
	disc(p, C_NAVY, x + d / 2, top - row / 2, d / 2);
	centred(p, FACE_BOLD, digit, C_WHITE, x + d / 2,
	    top - row / 2 - digit * DIGIT_DROP, num);
	draw_lines(p, &lines, 0, lines.n, hx, top - (row - hh) / 2,
	    &panel_paint);
	tag_pop(p);
	flow_draw(p, &pn->body, sc, pn->w - 2 * PAD, x,
	    top - row - sc->body * HEAD_GAP, &panel_paint);
	tag_pop(p);
}

/* The footer: the partnership on the left; the web address, a live
 * link, and its QR code on the right. */
static void
footer_draw(struct pdf *p, struct safer7 *sv)
{
	struct scale	 sm, nm;
	struct vec	 left = { NULL, 0, 0 }, right = { NULL, 0, 0 };
	double		 side = qr_side(sv->qr), room, mid = MARGIN + side / 2;
	double		 edge = L_W - MARGIN - side - QR_GAP;
	size_t		 qr = tag_mark(p);

	scale_at(&sm, SMALL_PT);
	scale_at(&nm, FOOTER_NAME_PT);
	qr_draw(p, sv->qr, L_W - MARGIN - side, MARGIN);
	block_lines(p, &p->a, sv->fname, &nm, (edge - MARGIN) / 2, &left);
	if (sv->fnote != NULL)
		block_lines(p, &p->a, sv->fnote, &sm, (edge - MARGIN) / 2,
		    &left);
	room = edge - MARGIN - column_draw(p, &left, MARGIN, mid, 0) -
	    FOOTER_GAP;
	block_lines(p, &p->a, sv->fcall, &sm, room, &right);
	block_lines(p, &p->a, sv->furl, &sm, room, &right);
	column_draw(p, &right, edge, mid, 1);
	tag_move_end(p, qr);	/* read after the web address */
}

/* Builds the seven-minute briefing's blocks from the Markdown tree. */
static int
safer7_build(struct pdf *p, struct safer7 *sv)
{
	struct walk	 w;
	struct panel	*pn;
	struct section	*sec;
	cmark_node	*root, *n, *h2[PANELS + 1];
	int		 k = 0, i;

	if ((root = markdown_tree(p->s, p->d, p->doc)) == NULL)
		return 0;
	for (n = cmark_node_first_child(root); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 2 && k <= PANELS)
			h2[k++] = n;
	if (k != PANELS) {
		cmark_node_free(root);
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "a seven-minute "
		    "briefing has exactly 7 sections, this one has %d", k);
		return 0;
	}
	h2[PANELS] = NULL;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.out = &sv->intro;
	blocks(&w, cmark_node_first_child(root), h2[0], NULL, 0);
	for (i = 0; i < PANELS; i++) {
		pn = &sv->panel[i];
		pn->heading = inline_block(p, B_HEADING, h2[i], NULL, 0,
		    S_BOLD);
		pn->line = pn->heading->line;
		sec = p->doc->sections.n == PANELS ? p->doc->sections.v[i] :
		    NULL;
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

int
safer7_pdf(struct pdf *p)
{
	struct safer7	 sv;
	struct vec	*groups[PANELS + 2];
	struct vec	 misc = { NULL, 0, 0 };
	int		 i, ok = 0;

	memset(&sv, 0, sizeof(sv));
	if (!safer7_build(p, &sv))
		goto out;
	for (i = 0; i < PANELS; i++) {
		groups[i] = &sv.panel[i].body;
		vec_push(&p->a, &misc, sv.panel[i].heading);
	}
	groups[PANELS] = &sv.intro;
	groups[PANELS + 1] = &misc;
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
	if (!fonts_ready(p, groups, PANELS + 2))
		goto out;

	sv.footer = qr_side(sv.qr);
	if (sv.footer < FOOTER_MIN)
		sv.footer = FOOTER_MIN;
	if (!safer7_fit(p, &sv))
		goto out;

	new_page(p, HPDF_PAGE_LANDSCAPE);
	if (p->page == NULL)
		goto out;
	centre_draw(p, &sv);
	for (i = 0; i < PANELS; i++)
		panel_draw(p, &sv.panel[i], i + 1, &sv.sc);
	footer_draw(p, &sv);
	ok = hpdf_ok(p, "drawing the page");
out:
	if (sv.qr != NULL)
		QRcode_free(sv.qr);
	return ok;
}
