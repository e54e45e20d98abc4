/* subset.c: fonts cut down to what a PDF prints, with their own codes, embedded. */
#include <sys/mman.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>
#include <hpdf.h>

#include "pdf.h"

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

/* The i-th one-byte code of a simple font. */
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
const char *
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
	xmlBufferPtr	 b = bnew();
	size_t		 i = 0, n, left = p->ncps[face];
	uint32_t	 c;
	int		 one = p->simple[face];

	bputs(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n");
	bputs(b, one ? "<00> <FF>\n" : "<0000> <FFFF>\n");
	bputs(b, "endcodespacerange\n");
	while (left > 0) {
		n = left > 100 ? 100 : left;	/* at most 100 to a section */
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
	haru_set_tounicode(p->hpdf, p->font[face],
	    (const char *)xmlBufferContent(b), (size_t)xmlBufferLength(b));
	xmlBufferFree(b);
}

/*
 * The font of face with a one-instruction 'prep' table, or NULL when
 * HarfBuzz cannot allocate it.  libharu 2.3.0
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
		hb_face_destroy(f);
		return NULL;
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

/* The subset of face that prints the characters the document uses, or
 * NULL when HarfBuzz cannot make it. */
static hb_face_t *
face_subset(struct pdf *p, int face)
{
	hb_subset_input_t	*in;
	hb_face_t		*sub;
	hb_set_t		*drop;

	if ((in = hb_subset_input_create_or_fail()) == NULL)
		return NULL;
	hb_set_union(hb_subset_input_unicode_set(in), p->used[face]);
	/* libharu embeds no layout tables, and hinting does not print. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
	hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
	hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
	sub = hb_subset_or_fail(p->fonts->hb[face], in);
	hb_subset_input_destroy(in);
	return sub;
}

/* Gives the characters of face their codes, in order, and returns the
 * 'cmap' that maps them to their glyphs in the subset sub. */
static hb_blob_t *
face_cmap(struct pdf *p, int face, hb_face_t *sub)
{
	hb_font_t	*font;
	hb_blob_t	*cmap;
	hb_codepoint_t	*gid, c;
	unsigned	*codes;
	size_t		 n, k;

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
	return cmap;
}

/* Has libharu read the font of len bytes at data: from a memory file
 * where the system allows, else from a temporary file that is removed
 * at once (libharu keeps it open until the end).  Sets the name libharu
 * gives it, NULL after libharu's error; returns 0 when neither file
 * could be written, having said why. */
static int
load_font(struct pdf *p, const char *data, unsigned int len,
    const char **name)
{
	const char	*dir;
	char		*tmp;
	int		 fd, ok = 0;

	if (load_from_memory(p, data, len, name))
		return 1;
	dir = getenv("TMPDIR");
	if (dir == NULL || dir[0] != '/')
		dir = "/tmp";
	tmp = xasprintf("%s/herald-font-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1) {
		diag(p->d, LVL_ERROR, NULL, 0, 0, "cannot write a temporary "
		    "font file in %s: %s", dir, strerror(errno));
		goto out;
	}
	close(fd);
	if (!write_file(tmp, data, len)) {
		diag(p->d, LVL_ERROR, NULL, 0, 0, "cannot write %s: %s", tmp,
		    strerror(errno));
		unlink(tmp);
		goto out;
	}
	*name = HPDF_LoadTTFontFromFile(p->hpdf, tmp, HPDF_TRUE);
	unlink(tmp);
	ok = 1;
out:
	free(tmp);
	return ok;
}

/*
 * Embeds face, cut down to the characters the document uses: HarfBuzz
 * writes the subset, with a 'cmap' for the codes herald gives them, and
 * libharu reads it.
 */
static int
embed_face(struct pdf *p, int face)
{
	hb_face_t	*sub;
	hb_blob_t	*blob, *cmap;
	const char	*data, *name;
	unsigned int	 len;
	int		 ok = 0;

	if ((sub = face_subset(p, face)) == NULL) {
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the "
		    "PDF: HarfBuzz cannot subset the font %s",
		    face_files[face].path);
		return 0;
	}
	cmap = face_cmap(p, face, sub);
	blob = with_prep(sub, cmap);
	hb_blob_destroy(cmap);
	if (blob == NULL) {
		diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the "
		    "PDF: HarfBuzz cannot rebuild the font %s",
		    face_files[face].path);
		goto out;
	}
	data = hb_blob_get_data(blob, &len);
	if (!load_font(p, data, len, &name))
		goto out;
	if (name == NULL || (p->font[face] = HPDF_GetFont(p->hpdf, name,
	    p->simple[face] ? "WinAnsiEncoding" : "UTF-8")) == NULL) {
		hpdf_ok(p, "loading a font");
		goto out;
	}
	fix_tounicode(p, face);
	ok = 1;
out:
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	return ok;
}

/* Width of text in face, in thousandths of an em: the sum of its
 * characters' widths, which libharu gives once per character. */
double
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

/* Sets the width of each atom of v. */
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

/* Width of the atoms of v, em/1000. */
double
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
			mw = atoms_width(&b->marker) + MARKER_GAP;
			if (mw < MARKER_HANG)
				mw = MARKER_HANG;
			if (mw > b->nest->hang)
				b->nest->hang = mw;
		}
	}
}

/* Embeds every face the document uses and measures its blocks. */
int
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
