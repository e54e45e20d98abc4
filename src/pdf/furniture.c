/* furniture.c: QR code, logo, metadata, the name and date lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <qrencode.h>

#include "pdf.h"

#define QR_MODULE	1.5		/* pt: 0.53 mm, above the 0.5 mm minimum */
#define QR_QUIET	2		/* modules of white around the code */

#define LOGO_PAD	3.0		/* pt of white card around the logo */
#define LOGO_CORNER	4.0		/* radius of the card's corners, pt */

QRcode *
qr_make(struct pdf *p)
{
	QRcode	*qr;

	qr = QRcode_encodeString(p->url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL)
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the "
		    "QR code of %s: %s", p->url, strerror(errno));
	return qr;
}

/* Side of the code with its quiet zone, pt. */
double
qr_side(const QRcode *qr)
{
	return (qr->width + 2 * QR_QUIET) * QR_MODULE;
}

/* Draws the code with its quiet zone, bottom left at (x, y): each row's
 * runs of dark modules as one rectangle, filled at once. */
void
qr_draw(struct pdf *p, const QRcode *qr, double x, double y)
{
	double	 side = qr_side(qr), top = y + side - QR_QUIET * QR_MODULE;
	int	 r, c, start;

	tag_push(p, "Link", 0);
	rect(p, C_WHITE, x, y, side, side);
	tag_figure(p, aprintf(&p->a, "QR code linking to %s", p->url));
	set_fill(p, C_BLACK);
	for (r = 0; r < qr->width; r++)
		for (c = 0; c < qr->width; c = start) {
			start = c + 1;
			if (!(qr->data[r * qr->width + c] & 1))
				continue;
			while (start < qr->width &&
			    (qr->data[r * qr->width + start] & 1))
				start++;
			HPDF_Page_Rectangle(p->page,
			    (HPDF_REAL)(x + (c + QR_QUIET) * QR_MODULE),
			    (HPDF_REAL)(top - (r + 1) * QR_MODULE),
			    (HPDF_REAL)((start - c) * QR_MODULE),
			    (HPDF_REAL)QR_MODULE);
		}
	HPDF_Page_Fill(p->page);
	tag_figure_end(p);
	link_annot(p, p->url, x, y, x + side, y + side);
	tag_pop(p);
}

HPDF_Image
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
void
logo_draw(struct pdf *p, HPDF_Image img, double x, double y, double w,
    double h)
{
	double	 iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
	double	 k, pad = LOGO_PAD;

	if (iw <= 0 || ih <= 0)
		return;
	k = (w - 2 * pad) / iw < (h - 2 * pad) / ih ? (w - 2 * pad) / iw :
	    (h - 2 * pad) / ih;
	round_rect(p, C_WHITE, x - iw * k - 2 * pad, y - h, iw * k + 2 * pad, h,
	    LOGO_CORNER);
	tag_figure(p, p->s->title);
	HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)(x - iw * k - pad),
	    (HPDF_REAL)(y - h / 2 - ih * k / 2), (HPDF_REAL)(iw * k),
	    (HPDF_REAL)(ih * k));
	tag_figure_end(p);
}

void
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

/* The partnership's name over the date, and the footer's name and
 * address. */
void
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
