/* fonts.c: the font faces PDFs print with, and the face for each character. */
#include <string.h>

#include <hb.h>

#include "pdf.h"

/* The font files, at the fixed paths of Debian's packages. */
const struct face_file face_files[FACE_COUNT] = {
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

/* Opens a face's font file when first asked; returns 0 when it is
 * missing, having said which package to install, or cannot be read. */
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
		diag(d, LVL_ERROR, NULL, 0, 0, "cannot read the characters of "
		    "the font %s: HarfBuzz could not allocate memory",
		    face_files[face].path);
		return 0;
	}
	f->state[face] = 1;
	return 1;
}

/* Opens every font file at the start, so that a missing one is one
 * clear error rather than a warning for each character. */
int
fonts_open(struct fonts *f, struct diag *d)
{
	int	 i, ok = 1;

	for (i = 0; i < FACE_COUNT; i++)
		if (!face_open(f, d, i))
			ok = 0;
	return ok;
}

/* Closes what fonts_open() opened. */
void
fonts_free(struct fonts *f)
{
	int	 i;

	for (i = 0; i < FACE_COUNT; i++) {
		hb_face_destroy(f->hb[i]);
		hb_set_destroy(f->has[i]);
	}
}

/* The face that prints character c in the text face want, or -1. */
int
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

/* The text face of a style (S_*). */
int
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

/* Notes that face prints c, so that its subset has it. */
void
use_char(struct pdf *p, int face, uint32_t c)
{
	if (p->used[face] == NULL)
		p->used[face] = hb_set_create();
	hb_set_add(p->used[face], c);
}

/* Text in a face, marked as used, for text drawn outside the blocks. */
void
use_str(struct pdf *p, int face, const char *s)
{
	uint32_t	 c;
	size_t		 n, len = strlen(s);

	for (; len > 0; s += n, len -= n) {
		n = utf8_decode(s, len, &c);
		use_char(p, face, c);
	}
}
