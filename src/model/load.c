/* load.c: reads site.yaml and every content file, splitting front matter from Markdown. */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "herald.h"

/* Line and character column of a byte offset, for messages. */
static void
offset_pos(const char *text, size_t off, int *line, int *col)
{
	size_t	 i, start = 0;

	*line = 1;
	for (i = 0; i < off; i++)
		if (text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = (int)utf8_count(text + start, off - start) + 1;
}

/* Rejects text that YAML, Markdown, layouts and PDF cannot take: NUL
 * bytes and invalid UTF-8.  Returns 1 when the text is clean. */
int
text_check(struct diag *d, const char *path, const char *text, size_t len)
{
	const char	*nul;
	size_t		 bad;
	int		 line, col;

	if ((nul = memchr(text, '\0', len)) != NULL) {
		offset_pos(text, (size_t)(nul - text), &line, &col);
		diag(d, LVL_ERROR, path, line, col, "the file contains a NUL "
		    "byte: is it a text file saved as UTF-8?");
		return 0;
	}
	if (!utf8_check(text, len, &bad)) {
		offset_pos(text, bad, &line, &col);
		diag(d, LVL_ERROR, path, line, col, "invalid UTF-8 (byte "
		    "0x%02X): save the file as UTF-8",
		    (unsigned char)text[bad]);
		return 0;
	}
	return 1;
}

/* Length of a "---" (or "...") line at p, including its newline, or 0. */
static size_t
fence_len(const char *p, const char *end, int closing)
{
	const char	*q = p;

	if (end - p < 3)
		return 0;
	if (strncmp(p, "---", 3) != 0 && !(closing && strncmp(p, "...", 3) == 0))
		return 0;
	q += 3;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	if (q < end && *q != '\n')
		return 0;
	return (size_t)(q - p) + (q < end);
}

/* Makes the document of content file rel and checks its name; its text
 * is read later, by load_text(). */
static struct doc *
load_doc(struct site *s, struct diag *d, enum ctype type, const char *rel,
    xmlHashTablePtr seen)
{
	struct doc	*doc;
	const char	*slash, *first;
	char		*dir, *file, *slug;
	int		 ok = 1;

	doc = amalloc(&s->arena, sizeof(*doc));
	doc->type = type;
	dir = xasprintf("content/%s/%s", ctypes[type].dir, rel);
	file = path_join(s->dir, dir);
	doc->file = doc->path = astrdup(&s->arena, file);
	free(dir);
	free(file);

	slash = strrchr(rel, '/');
	slug = astrdup(&s->arena, slash ? slash + 1 : rel);
	slug[strlen(slug) - 3] = '\0';
	doc->slug = slug;
	if (!valid_slug(slug)) {
		diag(d, LVL_ERROR, doc->path, 0, 0, "the file name \"%s.md\" "
		    "is not a valid slug: use only lower-case letters, digits "
		    "and single hyphens, like \"my-briefing.md\"", slug);
		ok = 0;
	} else if ((first = xmlHashLookup(seen, (const xmlChar *)slug))) {
		diag(d, LVL_ERROR, doc->path, 0, 0, "duplicate slug \"%s\": "
		    "%s has the same file name", slug, first);
		ok = 0;
	} else {
		xmlHashAddEntry(seen, (const xmlChar *)slug,
		    (void *)doc->path);
		/* Known even if broken, so references to it do not add
		 * false errors. */
		vec_push(&s->arena, &s->docs[type], doc);
	}
	doc->title = "";
	if (!ok)
		doc->failed = 1;
	return doc;
}

static int	doc_load_owned(struct site *, struct diag *, struct doc *,
		    char *, size_t, struct arena *);

/* A content file past CONTENT_MAX bytes: text, not pictures. */
static void
too_big(struct diag *d, const char *path, size_t len)
{
	diag(d, LVL_ERROR, path, 0, 0, "the file is %.1f MB, and a content "
	    "file may be at most %d MB: it holds text; put pictures and other "
	    "large files in content/media/ and link them with ref:media/",
	    (double)len / (1 << 20), CONTENT_MAX >> 20);
}

/* Whether the character at p (n bytes left) is one a page may not hold:
 * a C0 control other than tab, line feed and carriage return, DEL, or a
 * noncharacter (U+FDD0-U+FDEF, U+FFFE and U+FFFF of any plane).  Returns
 * its length, or 0 for a character to keep. */
static size_t
bad_char(const unsigned char *p, size_t n)
{
	if (*p < 0x20)
		return *p != '\t' && *p != '\n' && *p != '\r';
	if (*p == 0x7f)
		return 1;
	if (*p == 0xef && n >= 3 && ((p[1] == 0xb7 && p[2] >= 0x90 &&
	    p[2] <= 0xaf) || (p[1] == 0xbf && p[2] >= 0xbe)))
		return 3;
	if (*p >= 0xf0 && *p <= 0xf4 && n >= 4 && (p[1] & 0x0f) == 0x0f &&
	    p[2] == 0xbf && p[3] >= 0xbe)
		return 4;
	return 0;
}

/* The bytes that may start a character bad_char() drops. */
static const char suspect[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
    "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d"
    "\x1e\x1f\x7f\xef\xf0\xf1\xf2\xf3\xf4";

/* Drops the characters bad_char() finds from the body of doc, which
 * starts at body in text (UTF-8, writable), with one warning at the
 * first one's line and column. */
static void
body_clean(struct diag *d, struct doc *doc, const char *text, char *body)
{
	const unsigned char	*p = (const unsigned char *)body, *end;
	char			*w;
	size_t			 k, dropped = 0;
	int			 line, col;

	end = p + doc->bodylen;
	/* The body has no NUL (text_check()): strcspn() finds the bytes
	 * that may start one, at the speed of a table. */
	for (;;) {
		p += strcspn((const char *)p, suspect);
		if (p >= end || bad_char(p, (size_t)(end - p)) != 0)
			break;
		p++;
	}
	if (p >= end)
		return;
	offset_pos(text, (size_t)((const char *)p - text), &line, &col);
	w = (char *)p;
	while (p < end) {
		if ((k = bad_char(p, (size_t)(end - p))) != 0) {
			p += k;
			dropped++;
			continue;
		}
		*w++ = (char)*p++;
	}
	*w = '\0';
	doc->bodylen = (size_t)(w - body);
	diag(d, LVL_WARNING, doc->path, line, col, "%zu control or "
	    "noncharacter code point%s (like U+0001 or U+FFFF) dropped from "
	    "the text: they cannot be shown", dropped, dropped == 1 ? "" : "s");
}

/* Reads a content file and checks its front matter; returns 0 after
 * reporting errors. */
static int
load_text(struct site *s, struct diag *d, struct doc *doc,
    struct arena *scratch)
{
	char		*buf = NULL;
	size_t		 len = 0;

	switch (read_stable(doc->file, CONTENT_MAX, &buf, &len)) {
	case READ_OK:
		return doc_load_owned(s, d, doc, buf, len, scratch);
	case READ_BIG:
		too_big(d, doc->path, len);
		return 0;
	case READ_TORN:
		diag(d, LVL_ERROR, doc->path, 0, 0, "changed while it was "
		    "being built: build again");
		return 0;
	default:
		diag(d, LVL_ERROR, doc->path, 0, 0, "cannot read: %s",
		    strerror(errno));
		return 0;
	}
}

/* Content files to read, shared out among threads. */
struct loadwork {
	struct site	*s;		/* the site: only its arena is
					   written, and its themes under
					   their lock */
	struct diag	*d;
	struct doc	**docs;
	struct jobs	 q;		/* which of docs to take next */
};

static void *
load_worker(void *arg)
{
	struct loadwork	*w = arg;
	struct site	*ts;
	struct doc	*doc;
	struct arena	 scratch = { 0 };	/* front matter, file by file */
	size_t		 i;

	ts = site_thread_copy(w->s);
	while (jobs_next(&w->q, &i)) {
		doc = w->docs[i];
		diag_key(doc->key);
		if (!load_text(ts, w->d, doc, &scratch))
			doc->failed = 1;
		else if (!doc->failed && doc->draft && !ts->drafts)
			doc->excluded = 1;
		else if (!doc->failed && !doc->draft &&
		    !placeholders_check(w->d, doc))
			doc->failed = 1;
		else if (!doc->failed)
			doc_scheduled(ts, doc);
	}
	arena_free(&scratch);
	return ts;
}

/* Makes the site free what doc_load_text() kept of doc. */
void
site_adopt(struct site *s, struct doc *doc)
{
	if (doc->source != NULL)
		vec_push(&s->arena, &s->sources, doc);
}

/*
 * Checks the text of a content file (len bytes, any bytes) and reads its
 * front matter into doc, whose type and path are set; the body is left
 * in doc->body for markdown_doc.  The text is copied into doc->source,
 * which site_adopt() hands to the site, or into the site's arena.
 * Returns 0 after reporting errors.
 */
int
doc_load_text(struct site *s, struct diag *d, struct doc *doc,
    const char *buf, size_t len)
{
	struct arena	 scratch = { 0 };
	int		 ok;

	ok = doc_load_owned(s, d, doc, xstrndup(buf, len), len, &scratch);
	arena_free(&scratch);
	return ok;
}

/* doc_load_text() of buf, from malloc() with a NUL after its len bytes,
 * which becomes the document's; the front matter's tree goes in scratch,
 * emptied after. */
static int
doc_load_owned(struct site *s, struct diag *d, struct doc *doc, char *buf,
    size_t len, struct arena *scratch)
{
	struct ynode	*fm;
	const char	*text, *p, *end;
	char		*mut;
	size_t		 fl, n = 0;
	int		 line, ok = 1;

	if (doc->title == NULL)
		doc->title = "";
	/* Only briefings need their Markdown after markdown_site() (for
	 * their PDFs): the others' is freed by site_drop_sources(). */
	if (len > CONTENT_MAX) {
		too_big(d, doc->path, len);
		free(buf);
		return 0;
	}
	if (doc->type == T_BRIEFING) {
		doc->text = text = mut = astrndup(&s->arena, buf, len);
		doc->textlen = len;
		free(buf);
	} else
		text = doc->source = mut = buf;
	if (!text_check(d, doc->path, text, len))
		return 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	end = text + len;
	if (len == 0) {
		diag(d, LVL_ERROR, doc->path, 0, 0, "the file is empty: it "
		    "needs front matter between two \"---\" lines, then the "
		    "text");
		return 0;
	}
	if ((fl = fence_len(text, end, 0)) == 0) {
		diag(d, LVL_ERROR, doc->path, 1, 1, "no front matter: the "
		    "file must start with a \"---\" line, then fields like "
		    "\"title: ...\", then another \"---\" line");
		return 0;
	}
	/* Find the closing fence. */
	line = 2;
	for (p = text + fl; p < end; line++) {
		if ((n = fence_len(p, end, 1)) != 0)
			break;
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			p = end;
		else
			p++;
	}
	if (p >= end) {
		diag(d, LVL_ERROR, doc->path, 1, 1, "the front matter is not "
		    "closed: add a \"---\" line after its last field");
		return 0;
	}
	/* The front matter's tree lives while doc_fields() reads it, which
	 * copies what it keeps. */
	fm = yaml_load(scratch, d, doc->path, text, (size_t)(p - text));
	if (fm == NULL) {
		arena_reset(scratch);
		return 0;
	}
	doc->body = p + n;
	doc->bodylen = (size_t)(end - doc->body);
	doc->body_line = line + 1;
	body_clean(d, doc, text, mut + (doc->body - mut));
	if (doc->type == T_BRIEFING)	/* the PDF's fingerprint: as cleaned */
		doc->textlen = (size_t)(doc->body - doc->text) + doc->bodylen;
	if (!doc_fields(s, d, doc, fm))
		ok = 0;
	arena_reset(scratch);
	if (doc->title == NULL)
		doc->title = "";
	return ok;
}

/* Whether rel (len bytes, in content/briefings/) is a PDF beside the
 * briefing of its name, as herald pdf writes it. */
static int
pdf_beside_md(const struct site *s, const char *rel, size_t len)
{
	char	*md;
	int	 r;

	if (len < 5 || strcmp(rel + len - 4, ".pdf") != 0)
		return 0;
	md = xasprintf("%s/content/briefings/%.*s.md", s->dir, (int)(len - 4),
	    rel);
	r = is_file(md);
	free(md);
	return r;
}

/* Checks the text of site.yaml (len bytes, any bytes), shown as path in
 * messages, and reads its settings into the site.  Returns 0 after
 * reporting errors. */
int
site_load_text(struct site *s, struct diag *d, const char *path,
    const char *buf, size_t len)
{
	struct ynode	*y;
	const char	*text, *pathc;

	if (!text_check(d, path, buf, len))
		return 0;
	text = astrndup(&s->arena, buf, len);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	pathc = astrdup(&s->arena, path);
	if ((y = yaml_load(&s->arena, d, pathc, text, len)) == NULL)
		return 0;
	return site_fields(s, d, pathc, y);
}

/* Lists the files of content/media that the build publishes into the
 * site's media and mediaidx: links that stay inside the site folder are
 * followed, and a file that cannot be read is an error here, so that
 * every ref:media/ link the model accepts is to a file published. */
static int
media_list(struct site *s, struct diag *d)
{
	char	*dir, *p;
	size_t	 i, n = 0;
	int	 ok = 1;

	dir = path_join(s->dir, "content/media");
	s->mediaidx = xmlHashCreate(64);
	if (is_dir(dir) && !site_list(&s->arena, d, s->realdir, dir,
	    &s->media))
		ok = 0;
	for (i = 0; i < s->media.n; i++) {
		p = path_join(dir, s->media.v[i]);
		if (access(p, R_OK) != 0) {
			diag(d, LVL_ERROR, p, 0, 0, "cannot read: %s",
			    strerror(errno));
			ok = 0;
		} else {
			xmlHashAddEntry(s->mediaidx,
			    (const xmlChar *)s->media.v[i], (void *)1);
			s->media.v[n++] = s->media.v[i];
		}
		free(p);
	}
	s->media.n = n;
	free(dir);
	return ok;
}

/*
 * Loads site.yaml and every content file into the model, reading the
 * files with jobs threads.  Messages come in the order of the files
 * whatever the number of threads.  Returns 0 after reporting every error
 * found.
 */
int
site_load(struct site *s, struct diag *d, int jobs)
{
	struct vec	 files, docs;
	struct loadwork	 w;
	struct doc	*doc;
	xmlHashTablePtr	 seen;
	pthread_mutex_t	 lock;
	char		*path, *buf = NULL, *dir, *sub;
	size_t		 len, i, l, key = 0;
	int		 t, ok = 1;

	s->themeidx = xmlHashCreate(64);
	for (t = 0; t < T_COUNT; t++)
		s->slugs[t] = xmlHashCreate(256);
	/* NULL when the folder cannot be read, which site.yaml then says. */
	s->realdir = site_realdir(s->dir);

	path = path_join(s->dir, "site.yaml");
	switch (read_stable(path, SIZE_MAX, &buf, &len)) {
	case READ_OK:
		break;
	case READ_TORN:
		diag(d, LVL_ERROR, path, 0, 0, "changed while it was being "
		    "built: build again");
		free(path);
		return 0;
	default:
		diag(d, LVL_ERROR, path, 0, 0, "cannot read the site's "
		    "settings: %s", strerror(errno));
		free(path);
		return 0;
	}
	if (s->realdir == NULL) {
		diag(d, LVL_ERROR, s->dir, 0, 0, "cannot read the site "
		    "folder: %s", strerror(errno));
		free(buf);
		free(path);
		return 0;
	}
	if (!site_load_text(s, d, path, buf, len))
		ok = 0;
	free(buf);
	free(path);

	dir = path_join(s->dir, "content");
	if (!is_dir(dir)) {
		diag(d, LVL_ERROR, dir, 0, 0, "no content folder: make one "
		    "with briefings/, bulletins/, newsletters/, training/ "
		    "and pages/ in it");
		free(dir);
		return 0;
	}
	free(dir);

	/* Every file is named and numbered first, in order... */
	diag_defer(d);
	memset(&docs, 0, sizeof(docs));
	for (t = 0; t < T_COUNT; t++) {
		memset(&files, 0, sizeof(files));
		sub = xasprintf("content/%s", ctypes[t].dir);
		dir = path_join(s->dir, sub);
		free(sub);
		diag_key(key++);
		if (is_dir(dir) &&
		    !site_list(&s->arena, d, s->realdir, dir, &files))
			ok = 0;
		free(dir);
		seen = xmlHashCreate(256);
		for (i = 0; i < files.n; i++) {
			const char *rel = files.v[i];
			diag_key(key++);
			l = strlen(rel);
			if (t == T_BRIEFING && pdf_beside_md(s, rel, l))
				continue;	/* herald pdf's own output */
			if (l < 4 || strcmp(rel + l - 3, ".md") != 0) {
				char *p = xasprintf("%s%scontent/%s/%s",
				    strcmp(s->dir, ".") ? s->dir : "",
				    strcmp(s->dir, ".") ? "/" : "",
				    ctypes[t].dir, rel);
				diag(d, LVL_WARNING, p, 0, 0, "not a Markdown "
				    "file (.md): left out; put pictures and "
				    "documents in content/media/");
				free(p);
				continue;
			}
			doc = load_doc(s, d, (enum ctype)t, rel, seen);
			doc->key = key - 1;
			if (doc->failed)
				ok = 0;
			vec_push(&s->arena, &docs, doc);
		}
		xmlHashFree(seen, NULL);
	}

	diag_key(key++);
	if (!media_list(s, d))
		ok = 0;

	/* ...then read and checked by the threads. */
	memset(&w, 0, sizeof(w));
	w.s = s;
	w.d = d;
	w.docs = (struct doc **)docs.v;
	w.q.n = docs.n;
	if ((size_t)jobs > w.q.n)
		jobs = w.q.n > 0 ? (int)w.q.n : 1;
	if (jobs > 1 && pthread_mutex_init(&lock, NULL) == 0)
		s->lock = &lock;
	else
		jobs = 1;
	site_threads(s, d, jobs, load_worker, &w);
	if (s->lock != NULL) {
		s->lock = NULL;
		pthread_mutex_destroy(&lock);
	}
	diag_flush(d);
	for (i = 0; i < docs.n; i++) {
		doc = docs.v[i];
		if (doc->failed)
			ok = 0;
		site_adopt(s, doc);
	}
	return ok;
}
