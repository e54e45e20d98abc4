/* pdf.h: what the files of the PDF back end share (herald.h: its entry points). */
#ifndef HERALD_PDF_H
#define HERALD_PDF_H

#include <stdint.h>

#include <cmark-gfm.h>
#include <hb.h>
#include <hpdf.h>
#include <qrencode.h>

#include "herald.h"

/*
 * How it works.  The Markdown tree of a briefing becomes blocks of atoms
 * (atoms.c): pieces of text in one face (after per-character font
 * fallback, fonts.c), spaces and line breaks.  Every character a face
 * prints is noted, each font is cut down to those characters with
 * HarfBuzz's subsetter and embedded through libharu (subset.c), and every
 * atom is measured with libharu's metrics in thousandths of an em, so
 * that a layout at any size is arithmetic.  One flow engine (flow.c)
 * breaks the blocks into lines greedily at spaces and cuts them into
 * frames; a design (safer7.c, practitioner.c) says where the frames are,
 * fits its sizes and draws what surrounds them (draw.c, furniture.c).
 * pdf.c makes each document and shares them out among threads; save.c
 * writes it, or keeps the previous build's.
 *
 * Return convention: functions that can fail return 1 on success and 0
 * on failure, having reported it through diag().
 */

/*
 * Bump when the PDFs herald makes change for the same input, so that a
 * rebuild makes them anew instead of keeping the last build's.
 */
#define PDF_LAYOUT_VERSION	"5"

/* ---- fonts (fonts.c) ---- */

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

/* A face's font file, at the fixed path of a Debian package. */
struct face_file {
	const char	*path;		/* the TrueType file */
	const char	*package;	/* the package that installs it */
};

extern const struct face_file face_files[FACE_COUNT];

/* The font files of one build, opened when first needed. */
struct fonts {
	hb_face_t	*hb[FACE_COUNT];	/* the whole font */
	hb_set_t	*has[FACE_COUNT];	/* the characters it has */
	int		 state[FACE_COUNT];	/* 0 untried, 1 open, -1 missing */
};

/* ---- what a briefing is made of before layout (atoms.c) ---- */

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

/* A list marker ends MARKER_GAP before its item's text, and a list is
 * indented by its widest marker and that gap, at least MARKER_HANG; all
 * in em/1000. */
#define MARKER_GAP	450
#define MARKER_HANG	1000

/* Turns a Markdown tree into blocks. */
struct walk {
	struct pdf	*p;
	struct vec	*out;		/* struct block * */
	int		 practitioner;	/* ## are headings, not panels */
	int		 lists;		/* list depth, for bullet shapes */
};

/* ---- lines and frames (flow.c) ---- */

/* Widths are in thousandths of an em: a width at size pt is w*size/EM. */
#define EM		1000

/* Title sizes are tried this many pt apart. */
#define TITLE_STEP	1.0

/* How far, in pt, text may pass the room it is fitted to (rounding). */
#define FIT_SLACK	0.01

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

/*
 * A design's side of the flow engine, as cmark's back ends plug into its
 * one wrapping engine (render.h): flow_frames() breaks the blocks into
 * lines, cuts them into frames (pages) and draws each frame's lines; the
 * design says where each frame is and draws what surrounds it.  The
 * practitioner's pages are frames; each panel, the centre and every
 * single block are one frame with no bottom (flow_draw()).  The
 * seven-minute design fits its sizes with flow_lines(), which measures.
 */
struct flow {
	const struct scale *sc;		/* the sizes of the text */
	const struct paint *paint;	/* its colours */
	double		 width;		/* of the lines, pt */
	double		 room1;		/* height of the first frame, pt */
	double		 room;		/* of every other frame, pt */
	void		*arg;		/* the design's, for the callbacks */
	/* Starts frame n of count (its page, what is around it) and sets
	 * the left edge and top of its lines; returns 0 to stop. */
	int		(*begin)(struct pdf *, void *arg, size_t n,
			    size_t count, double *x, double *top);
	/* Ends frame n of count, or NULL. */
	void		(*end)(struct pdf *, void *arg, size_t n,
			    size_t count);
};

/* ---- colours (draw.c) ---- */

/* Colours chosen to stay distinct in greyscale print. */
#define C_INK		0x1a1a1a
#define C_NAVY		0x1b365d
#define C_TINT		0xe9eff6
#define C_LINK		0x1a4f9c
#define C_AMBER		0xf3b941
#define C_PALE		0xdce6f2
#define C_GREY		0x4d4d4d
#define C_WHITE		0xffffff
#define C_BLACK		0x000000

/* Dark text on a light frame, and light text on navy. */
extern const struct paint panel_paint;
extern const struct paint centre_paint;

/* ---- one PDF being made (pdf.c) ---- */

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
	struct tags	*tg;		/* its structure (tags.c) */
};

/* pdf.c */
int	 hpdf_ok(struct pdf *, const char *);

/* fonts.c */
int	 fonts_open(struct fonts *, struct diag *);
void	 fonts_free(struct fonts *);
int	 face_for(struct pdf *, int, uint32_t);
int	 style_face(int);
void	 use_char(struct pdf *, int, uint32_t);
void	 use_str(struct pdf *, int, const char *);

/* subset.c */
int	 fonts_ready(struct pdf *, struct vec **, size_t);
double	 text_width(struct pdf *, int, const char *, size_t);
double	 atoms_width(const struct vec *);
const char *coded(struct pdf *, int, const char *, size_t, size_t *);

/* haru.c */
int	 haru_set_tounicode(HPDF_Doc, HPDF_Font, const char *, size_t);
int	 haru_set_id(HPDF_Doc, const HPDF_BYTE [16]);

/* atoms.c */
void	 tb_str(struct tb *, const char *);
void	 tb_break(struct tb *);
struct block *block_new(struct pdf *, enum bkind, struct nest *, double,
	    int);
struct block *text_block(struct pdf *, const char *, int, const char *,
	    int);
struct block *inline_block(struct pdf *, enum bkind, cmark_node *,
	    struct nest *, double, int);
void	 blocks(struct walk *, cmark_node *, cmark_node *, struct nest *,
	    double);

/* flow.c */
double	 flow_lines(struct pdf *, struct arena *, const struct vec *,
	    const struct scale *, double, struct vec *);
double	 block_lines(struct pdf *, struct arena *, struct block *,
	    const struct scale *, double, struct vec *);
double	 block_height(struct pdf *, struct block *, const struct scale *,
	    double);
double	 flow_draw(struct pdf *, const struct vec *, const struct scale *,
	    double, double, double, const struct paint *);
double	 draw_block(struct pdf *, struct block *, const struct scale *,
	    double, double, double, const struct paint *);
double	 flow_frames(struct pdf *, const struct vec *, const struct flow *);
int	 count_words(const struct vec *, size_t, size_t);
int	 words_over(const struct vec *, double);
int	 about(int);
void	 scale_at(struct scale *, double);
void	 title_scale(struct scale *, double);
double	 title_fit(struct pdf *, struct block *, double, double, double,
	    struct scale *);

/* draw.c */
void	 set_fill(struct pdf *, unsigned);
void	 new_page(struct pdf *, HPDF_PageDirection);
void	 show(struct pdf *, int, double, unsigned, double, double,
	    const char *);
void	 rect(struct pdf *, unsigned, double, double, double, double);
void	 round_rect(struct pdf *, unsigned, double, double, double, double,
	    double);
void	 disc(struct pdf *, unsigned, double, double, double);
void	 hline(struct pdf *, unsigned, double, double, double, double);
void	 link_annot(struct pdf *, const char *, double, double, double,
	    double);
void	 centred(struct pdf *, int, double, unsigned, double, double,
	    const char *);
double	 draw_lines(struct pdf *, const struct vec *, size_t, size_t, double,
	    double, const struct paint *);
double	 column_draw(struct pdf *, const struct vec *, double, double, int);

/* furniture.c */
QRcode	*qr_make(struct pdf *);
double	 qr_side(const QRcode *);
void	 qr_draw(struct pdf *, const QRcode *, double, double);
HPDF_Image logo_load(struct pdf *);
void	 logo_draw(struct pdf *, HPDF_Image, double, double, double, double);
void	 set_info(struct pdf *);
void	 common_blocks(struct pdf *, struct block **, struct block **,
	    struct block **);

/* safer7.c, practitioner.c: lay out and draw the document. */
int	 safer7_pdf(struct pdf *);
int	 prac_pdf(struct pdf *);

/* tags.c: marked content and the structure tree (tagged PDF) */
struct selem;
void	 tags_start(struct pdf *);
void	 tag_page(struct pdf *);
void	 mc_end(struct pdf *);
void	 mc_shape(struct pdf *);
void	 mc_text(struct pdf *);
void	 text_begin(struct pdf *);
void	 text_end(struct pdf *);
struct selem *tag_push(struct pdf *, const char *, int);
void	 tag_pop(struct pdf *);
void	 tag_text(struct pdf *, const char *, const char *);
void	 tag_art(struct pdf *, int);
void	 tag_art_end(struct pdf *);
void	 tag_figure(struct pdf *, const char *);
void	 tag_figure_end(struct pdf *);
void	 tag_line(struct pdf *, const struct pline *, double);
void	 tag_marker(struct pdf *, int);
void	 tag_piece(struct pdf *, const char *);
void	 tag_annot(struct pdf *, HPDF_Annotation, const char *);
void	 tag_outlines(struct pdf *);
void	 tag_scope(struct pdf *, const char *);
size_t	 tag_mark(struct pdf *);
void	 tag_move_end(struct pdf *, size_t);
const char *block_text(struct pdf *, const struct block *, const char *);

/* tagtree.c */
void	*text_string(struct pdf *, const char *);
int	 tags_finish(struct pdf *);

/* save.c */
void	 pdf_key(const struct site *, const struct doc *, char [33]);
int	 set_id(struct pdf *, const char [33]);
int	 pdf_save(struct pdf *, const char *, size_t *);
int	 pdf_keep(const struct site *, const struct doc *, const char *,
	    const char *, size_t *);

#endif
