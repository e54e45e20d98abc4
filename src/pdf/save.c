/* save.c: a PDF saved, its fingerprint, the previous build's PDF kept. */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "pdf.h"

/* Saves the document to path, unless the file there already holds the
 * same bytes; sets *bytes to its size. */
int
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

/* Hashes a string with its NUL (NULL as ""), after h. */
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
void
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

/* Sets the trailer's /ID to the key (hex), twice, as PDF asks. */
int
set_id(struct pdf *p, const char hex[33])
{
	HPDF_BYTE	 id[16];
	unsigned int	 v;
	int		 i;

	for (i = 0; i < 16; i++) {
		sscanf(hex + 2 * i, "%2X", &v);
		id[i] = (HPDF_BYTE)v;
	}
	if (!haru_set_id(p->hpdf, id))
		return hpdf_ok(p, "setting its identifier");
	return 1;
}

/*
 * Keeps the PDF of the output folder being replaced when its /ID is the
 * key of this build's: the same file, the same settings, the same fonts.
 * Returns 1 when path now holds it.
 */
int
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
