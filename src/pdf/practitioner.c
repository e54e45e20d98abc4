/* practitioner.c: the practitioner briefing, on A4 portrait pages. */
#include <stdio.h>
#include <string.h>

#include <cmark-gfm.h>
#include <hpdf.h>

#include "pdf.h"

/* The page, A4 portrait, pt. */
#define P_W		595.276
#define P_H		841.89
#define P_SIDE		62.4		/* margin left and right: 22 mm */
#define P_TOP		48.0		/* margin above the text */
#define P_BOTTOM	66.0		/* below it, with the footer */

/* The text, pt. */
#define BODY_PT		11.0		/* paragraphs and lists */
#define HEADING_PT	14.5		/* ## headings */
#define BODY_LEADING	1.4		/* line height over size */

/* The title block at the top of the first page, pt. */
#define HEAD_PAD	16.0		/* inside it, all round */
#define HEAD_CORNER	7.0		/* radius of its corners */
#define HEAD_BELOW	18.0		/* from it to the text */
#define LABEL_PT	9.0		/* "PRACTITIONER BRIEFING" */
#define LABEL_GAP	6.0		/* from it to the title */
#define TITLE_MAX_PT	22.0		/* the title's largest size */
#define TITLE_MIN_PT	16.0		/* and smallest */
#define TITLE_GAP	8.0		/* from it to the review */
#define META_PT		10.0		/* the review, partnership and date */
#define LOGO_H		28.0		/* the logo's height at most */
#define LOGO_SHARE	0.3		/* of the block's width, at most */
#define TITLE_SHARE	0.7		/* the title's, beside a logo */
#define TITLE_LOGO_GAP	8.0		/* from the title to the logo */

/* The footer of every page, pt from the bottom of the page. */
#define FOOTER_PT	8.0		/* its text */
#define FOOTER_RULE	0.6		/* the rule's width */
#define FOOTER_RULE_Y	50.0		/* the rule above it */
#define FOOTER_TOP	46.0		/* the top of its first line */
#define FOOTER_URL_TOP	35.0		/* the top of the web address */
#define FOOTER_W	380.0		/* the width of its text on the left */
#define NUMBER_DROP	1.04		/* the page number's baseline below
					   FOOTER_TOP, over its size */

struct prac {
	struct vec	 body;		/* struct block * */
	struct block	*label, *title, *meta, *name;
	struct block	*fname, *furl;
	HPDF_Image	 logo;
	struct scale	 sc, tsc;
	double		 head;		/* the title block's height, pt */
};

/* Width for the title in a title block w wide: it keeps clear of the
 * logo, top right. */
static double
prac_title_w(const struct prac *pr, double w)
{
	return pr->logo != NULL ? w * TITLE_SHARE - TITLE_LOGO_GAP : w;
}

/* Height of the title block at the top of the first page, its text w
 * wide. */
static double
prac_head(struct pdf *p, struct prac *pr, double w)
{
	struct scale	 sm, lb;

	scale_at(&sm, META_PT);
	scale_at(&lb, LABEL_PT);
	return 2 * HEAD_PAD + block_height(p, pr->label, &lb, w) + LABEL_GAP +
	    block_height(p, pr->title, &pr->tsc, prac_title_w(pr, w)) +
	    TITLE_GAP +
	    (pr->meta != NULL ? block_height(p, pr->meta, &sm, w) : 0) +
	    block_height(p, pr->name, &sm, w);
}

/* Draws the title block, h high. */
static void
prac_head_draw(struct pdf *p, struct prac *pr, double h)
{
	struct scale	 sm, lb;
	double		 w = P_W - 2 * P_SIDE - 2 * HEAD_PAD;
	double		 x = P_SIDE + HEAD_PAD, y = P_H - P_TOP - HEAD_PAD;

	scale_at(&sm, META_PT);
	scale_at(&lb, LABEL_PT);
	round_rect(p, C_NAVY, P_SIDE, P_H - P_TOP - h, P_W - 2 * P_SIDE, h,
	    HEAD_CORNER);
	if (pr->logo != NULL)
		logo_draw(p, pr->logo, x + w, y, w * LOGO_SHARE, LOGO_H);
	tag_push(p, "P", 1);
	y = draw_block(p, pr->label, &lb, x, y, w,
	    &(struct paint){ C_AMBER, C_AMBER, C_AMBER, C_AMBER });
	tag_pop(p);
	tag_push(p, "H1", 1);
	y = draw_block(p, pr->title, &pr->tsc, x, y - LABEL_GAP,
	    prac_title_w(pr, w), &centre_paint);
	tag_pop(p);
	y -= TITLE_GAP;
	if (pr->meta != NULL) {
		tag_push(p, "P", 1);
		y = draw_block(p, pr->meta, &sm, x, y, w,
		    &(struct paint){ C_PALE, C_PALE, C_PALE, C_PALE });
		tag_pop(p);
	}
	tag_push(p, "P", 1);
	draw_block(p, pr->name, &sm, x, y, w, &centre_paint);
	tag_pop(p);
}

/* The flow engine's frame n of count is page n + 1: a new page, the
 * title block on the first. */
static int
prac_page(struct pdf *p, void *arg, size_t n, size_t count, double *x,
    double *top)
{
	struct prac	*pr = arg;

	new_page(p, HPDF_PAGE_PORTRAIT);
	if (p->page == NULL)
		return 0;
	if (n == 0)
		prac_head_draw(p, pr, pr->head);
	*x = P_SIDE;
	*top = P_H - P_TOP - (n == 0 ? pr->head + HEAD_BELOW : 0);
	return 1;
}

/* The footer of page n + 1 of count: the partnership, the web address
 * and the page number. */
static void
prac_footer(struct pdf *p, void *arg, size_t n, size_t count)
{
	struct prac	*pr = arg;
	struct scale	 sm;
	char		 num[64];
	double		 w;

	scale_at(&sm, FOOTER_PT);
	tag_art(p, 1);
	hline(p, C_NAVY, FOOTER_RULE, P_SIDE, P_W - P_SIDE, FOOTER_RULE_Y);
	draw_block(p, pr->fname, &sm, P_SIDE, FOOTER_TOP, FOOTER_W,
	    &(struct paint){ C_GREY, C_GREY, C_LINK, C_GREY });
	draw_block(p, pr->furl, &sm, P_SIDE, FOOTER_URL_TOP, FOOTER_W,
	    &panel_paint);
	snprintf(num, sizeof(num), "Page %zu of %zu", n + 1, count);
	w = text_width(p, FACE_REGULAR, num, strlen(num)) * FOOTER_PT / EM;
	text_begin(p);
	show(p, FACE_REGULAR, FOOTER_PT, C_GREY, P_W - P_SIDE - w,
	    FOOTER_TOP - FOOTER_PT * NUMBER_DROP, num);
	text_end(p);
	tag_art_end(p);
}

/* Builds the blocks of the briefing, and those around it. */
static int
prac_build(struct pdf *p, struct prac *pr)
{
	struct walk	 w;
	cmark_node	*root;

	if ((root = markdown_tree(p->s, p->d, p->doc)) == NULL)
		return 0;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.out = &pr->body;
	w.practitioner = 1;
	blocks(&w, cmark_node_first_child(root), NULL, NULL, 0);
	cmark_node_free(root);

	pr->label = text_block(p, "PRACTITIONER BRIEFING", S_BOLD, NULL, 0);
	pr->title = text_block(p, p->doc->title, S_BOLD, NULL,
	    p->doc->title_line);
	if (p->doc->review != NULL && p->doc->review[0] != '\0')
		pr->meta = text_block(p, p->doc->review, S_ITALIC, NULL, 0);
	common_blocks(p, &pr->name, &pr->fname, &pr->furl);
	pr->logo = logo_load(p);
	use_str(p, FACE_REGULAR, "Page of 0123456789");
	return 1;
}

/* Lays out and draws the practitioner briefing. */
int
prac_pdf(struct pdf *p)
{
	struct prac	 pr;
	struct flow	 fl;
	struct vec	 misc = { NULL, 0, 0 };
	struct vec	*groups[2];
	double		 cw = P_W - 2 * P_SIDE, room;

	memset(&pr, 0, sizeof(pr));
	if (!prac_build(p, &pr))
		return 0;
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

	title_fit(p, pr.title, prac_title_w(&pr, cw - 2 * HEAD_PAD),
	    TITLE_MAX_PT, TITLE_MIN_PT, &pr.tsc);
	pr.sc.body = BODY_PT;
	pr.sc.head = HEADING_PT;
	pr.sc.lead = BODY_LEADING;
	pr.head = prac_head(p, &pr, cw - 2 * HEAD_PAD);
	room = P_H - P_TOP - P_BOTTOM;

	memset(&fl, 0, sizeof(fl));
	fl.sc = &pr.sc;
	fl.paint = &panel_paint;
	fl.width = cw;
	fl.room1 = room - pr.head - HEAD_BELOW;
	fl.room = room;
	fl.arg = &pr;
	fl.begin = prac_page;
	fl.end = prac_footer;
	tag_outlines(p);
	flow_frames(p, &pr.body, &fl);
	return hpdf_ok(p, "drawing the pages");
}
