/* pdf.c: the printable briefings: each PDF made, all shared among threads. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hpdf.h>

#include "pdf.h"

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

/* libharu's memory comes from the x*() wrappers: running out of memory
 * has one answer. */
static void *
hpdf_alloc(HPDF_UINT size)
{
	return xmalloc(size);
}

static void
hpdf_free(void *v)
{
	free(v);
}

/* Reports libharu's error, if any; returns 0 when there was one. */
int
hpdf_ok(struct pdf *p, const char *what)
{
	if (p->status == 0)
		return 1;
	diag(p->d, LVL_ERROR, p->doc->path, 0, 0, "cannot make the PDF "
	    "while %s: libharu error 0x%04X (detail %u)", what,
	    (unsigned)p->status, (unsigned)p->detail);
	return 0;
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
	if ((p.hpdf = HPDF_NewEx(hpdf_error, hpdf_alloc, hpdf_free, 0,
	    &p)) == NULL) {
		diag(d, LVL_ERROR, doc->path, 0, 0, "cannot make the PDF: "
		    "libharu cannot start a document");
		goto out;
	}
	HPDF_SetCompressionMode(p.hpdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p.hpdf);
	HPDF_SetCurrentEncoder(p.hpdf, "UTF-8");
	if (!hpdf_ok(&p, "starting"))
		goto out;
	set_info(&p);
	tags_start(&p);
	if (!(doc->practitioner ? prac_pdf(&p) : safer7_pdf(&p)) ||
	    !tags_finish(&p))
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

/* Every briefing's PDF, at briefings/SLUG.pdf in the output (or only
 * laid out when nothing is written); returns 0 if any failed. */
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
