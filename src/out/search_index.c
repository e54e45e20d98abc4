/* search_index.c: search/index.js, the search index's manifest, and the parts a query loads: shards of terms, filters, fragments. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "out/search.h"

/*
 * The files, each a script so that the search page works from disk,
 * where a browser will not fetch a JSON file (README, "Search"):
 *
 *   search/index.js      window.HERALD_SEARCH = the manifest: the
 *                        stemmer, the number of documents, the first
 *                        term of every shard, the types and themes
 *   search/t/KEY.js      a shard: the terms from KEY to the next
 *                        shard's, each with its documents
 *   search/f/type-T.js,  a filter: the documents of a type or theme
 *   search/f/theme-S.js
 *   search/d/N.js        the fragment of document N: what its result
 *                        shows
 *
 * Each part calls HERALD_SEARCH_PART(name, data).  Documents are
 * numbered newest first (then by title), the order of results that
 * score alike; lists of documents give the first number, then the
 * difference from the one before.
 */

/* A shard is closed once its terms take SHARD_BYTES, or, when it holds
 * SHARD_MIN, before a term that would take it past SHARD_MAX: every
 * shard but the last holds 20 to 60 KB, or more for a term of nearly
 * every document of a large site. */
#define SHARD_MIN	20000
#define SHARD_BYTES	40000
#define SHARD_MAX	60000

/* A term's documents: pairs of a document's number and its mark, the
 * F_* bits of where the term stands plus 32 times its mentions in the
 * text (search_words.c). */
struct posting {
	const char	*term;
	uint32_t	*v;
	size_t		 n, cap;
};

struct sindex {
	struct site	*s;
	struct diag	*d;
	struct output	*out;
	struct doc	**docs;		/* by number */
	size_t		 ndocs;
	struct posting	*p;
	size_t		 np, capp;
	xmlBufferPtr	 b;		/* a part being made */
	int		 ok;
};

/* Newest first, then by title, then by page: the order of numbers. */
static int
doc_order(const void *a, const void *b)
{
	const struct doc *x = *(struct doc *const *)a;
	const struct doc *y = *(struct doc *const *)b;
	int		 c;

	if ((c = date_cmp(&y->date, &x->date)) != 0)
		return c;
	if ((c = strcmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->url, y->url);
}

static int
posting_order(const void *a, const void *b)
{
	return strcmp(((const struct posting *)a)->term,
	    ((const struct posting *)b)->term);
}

/* Writes search/NAME.js: HERALD_SEARCH_PART("NAME", data); with the
 * len bytes of data. */
static void
put_part(struct sindex *x, const char *name, const char *data, size_t len)
{
	struct iovec	 v[3];
	char		*head, *rel;

	head = xasprintf("HERALD_SEARCH_PART(\"%s\",", name);
	rel = xasprintf("search/%s.js", name);
	v[0].iov_base = head;
	v[0].iov_len = strlen(head);
	v[1].iov_base = (void *)(uintptr_t)data;
	v[1].iov_len = len;
	v[2].iov_base = (void *)(uintptr_t)");\n";
	v[2].iov_len = 3;
	if (!out_putv(x->out, x->d, rel, v, 3))
		x->ok = 0;
	free(head);
	free(rel);
}

static void
put_buf(struct sindex *x, const char *name)
{
	put_part(x, name, (const char *)xmlBufferContent(x->b),
	    (size_t)xmlBufferLength(x->b));
}

/* Appends a number (snprintf() took a tenth of the index's time). */
static void
bnum(xmlBufferPtr b, size_t n)
{
	char	 s[24], *p = s + sizeof(s);

	do
		*--p = (char)('0' + n % 10);
	while ((n /= 10) > 0);
	bput(b, p, (size_t)(s + sizeof(s) - p));
}

/* The file name of a shard's key: letters a-z and digits as they are,
 * any other character as _HEX_, and the empty key as "_".  (search.js
 * makes the same names.) */
static char *
key_name(const char *key)
{
	xmlBufferPtr	 b = bnew();
	uint32_t	 c;
	size_t		 n = strlen(key), k;
	char		 hex[16], *r;

	if (n == 0)
		bputs(b, "_");
	while (n > 0) {
		k = utf8_decode(key, n, &c);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			bput(b, key, 1);
		else {
			snprintf(hex, sizeof(hex), "_%x_", (unsigned)c);
			bputs(b, hex);
		}
		key += k;
		n -= k;
	}
	r = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return r;
}

/* The shortest start of term, whole characters, that sorts after prev:
 * the key of a shard whose first term is term. */
static char *
shard_key(const char *prev, const char *term)
{
	size_t	 n = 0, len = strlen(term);

	while (n < len) {
		n += utf8_step(term + n, len - n);
		if (strncmp(term, prev, n) > 0)
			break;
	}
	return xstrndup(term, n);
}

/* Every document's terms into the postings, by number. */
static void
collect(struct sindex *x)
{
	xmlHashTablePtr	 h;
	struct posting	*p;
	const char	*t, *end;
	size_t		 i, len, k;
	void		*v;

	if ((h = xmlHashCreate(4096)) == NULL)
		oom();
	for (i = 0; i < x->ndocs; i++) {
		t = x->docs[i]->terms;
		end = t + x->docs[i]->termslen;
		while (t < end) {
			len = strlen(t);
			if ((v = xmlHashLookup(h, (const xmlChar *)t)) != NULL)
				k = (size_t)(uintptr_t)v - 1;
			else {
				if (x->np == x->capp) {
					x->capp = x->capp ? 2 * x->capp : 4096;
					x->p = xrealloc(x->p, x->capp *
					    sizeof(*x->p));
				}
				k = x->np++;
				memset(&x->p[k], 0, sizeof(x->p[k]));
				x->p[k].term = t;
				if (xmlHashAddEntry(h, (const xmlChar *)t,
				    (void *)(uintptr_t)(k + 1)) != 0)
					oom();
			}
			p = &x->p[k];
			if (p->n + 2 > p->cap) {
				p->cap = p->cap ? 2 * p->cap : 8;
				p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
			}
			p->v[p->n++] = (uint32_t)i;
			p->v[p->n++] = (uint32_t)(unsigned char)t[len + 1] |
			    (uint32_t)(unsigned char)t[len + 2] << 5;
			t += len + 3;
		}
	}
	xmlHashFree(h, NULL);
	if (x->np > 0)
		qsort(x->p, x->np, sizeof(*x->p), posting_order);
}

/* Appends a term's documents: [first, mark, difference, mark, ...]. */
static void
put_posting(xmlBufferPtr b, const struct posting *p)
{
	size_t	 i;

	json_string(b, p->term);
	bputs(b, ":[");
	for (i = 0; i < p->n; i += 2) {
		if (i > 0)
			bputs(b, ",");
		bnum(b, i == 0 ? p->v[0] : p->v[i] - p->v[i - 2]);
		bputs(b, ",");
		bnum(b, p->v[i + 1]);
	}
	bputs(b, "]");
}

/* Writes the shard in x->b, whose key is key, and lists the key. */
static void
shard_close(struct sindex *x, xmlBufferPtr keys, const char *key)
{
	char	*name = key_name(key), *part;

	bputs(x->b, "}");
	part = xasprintf("t/%s", name);
	put_buf(x, part);
	if (xmlBufferLength(keys) > 1)
		bputs(keys, ",");
	json_string(keys, key);
	free(name);
	free(part);
	xmlBufferEmpty(x->b);
	bputs(x->b, "{");
}

/* The shards; their keys into keys, as a JSON list. */
static void
shards_write(struct sindex *x, xmlBufferPtr keys)
{
	xmlBufferPtr	 t = bnew();
	char		*key = xstrdup("");
	size_t		 i, first = 0;

	xmlBufferEmpty(x->b);
	bputs(x->b, "{");
	for (i = 0; i < x->np; i++) {
		xmlBufferEmpty(t);
		put_posting(t, &x->p[i]);
		if (i > first && xmlBufferLength(x->b) >= SHARD_MIN &&
		    (size_t)xmlBufferLength(x->b) +
		    (size_t)xmlBufferLength(t) > SHARD_MAX) {
			shard_close(x, keys, key);
			free(key);
			key = shard_key(x->p[i - 1].term, x->p[i].term);
			first = i;
		}
		if (i > first)
			bputs(x->b, ",");
		bput(x->b, (const char *)xmlBufferContent(t),
		    (size_t)xmlBufferLength(t));
		if (xmlBufferLength(x->b) < SHARD_BYTES && i + 1 < x->np)
			continue;
		shard_close(x, keys, key);
		free(key);
		first = i + 1;
		key = first < x->np ? shard_key(x->p[i].term,
		    x->p[first].term) : xstrdup("");
	}
	free(key);
	xmlBufferFree(t);
}

/* A filter: the documents for which keep() holds, as a part. */
static size_t
filter_write(struct sindex *x, const char *name,
    int (*keep)(const struct doc *, const void *), const void *arg)
{
	size_t	 i, last = 0, n = 0;

	xmlBufferEmpty(x->b);
	bputs(x->b, "[");
	for (i = 0; i < x->ndocs; i++) {
		if (!keep(x->docs[i], arg))
			continue;
		if (n++ > 0)
			bputs(x->b, ",");
		bnum(x->b, n == 1 ? i : i - last);
		last = i;
	}
	bputs(x->b, "]");
	put_buf(x, name);
	return n;
}

static int
of_type(const struct doc *d, const void *arg)
{
	return d->type == *(const enum ctype *)arg;
}

static int
of_theme(const struct doc *d, const void *arg)
{
	size_t	 i;

	for (i = 0; i < d->themes.n; i++)
		if (d->themes.v[i] == arg)
			return 1;
	return 0;
}

/* The filters, and their list in the manifest m. */
static void
filters_write(struct sindex *x, xmlBufferPtr m)
{
	const struct theme *th;
	enum ctype	 t;
	char		*name;
	size_t		 i, k, n;
	int		 first = 1;

	bputs(m, ",\"types\":[");
	for (t = 0; t < T_COUNT; t++) {
		if (x->s->docs[t].n == 0)
			continue;
		name = xasprintf("f/type-%s", ctypes[t].name);
		n = filter_write(x, name, of_type, &t);
		free(name);
		bputs(m, first ? "{\"name\":" : ",{\"name\":");
		first = 0;
		json_string(m, ctypes[t].name);
		bputs(m, ",\"title\":");
		json_string(m, ctypes[t].title != NULL ? ctypes[t].title :
		    "Pages");
		bputs(m, ",\"count\":");
		bnum(m, n);
		bputs(m, "}");
	}
	bputs(m, "],\"themes\":[");
	for (i = 0, first = 1; i < x->s->themes.n; i++) {
		th = x->s->themes.v[i];
		for (k = n = 0; k < x->ndocs; k++)
			n += (size_t)of_theme(x->docs[k], th);
		if (n == 0)
			continue;
		name = xasprintf("f/theme-%s", th->slug);
		filter_write(x, name, of_theme, th);
		free(name);
		bputs(m, first ? "{\"slug\":" : ",{\"slug\":");
		first = 0;
		json_string(m, th->slug);
		bputs(m, ",\"title\":");
		json_string(m, th->title);
		bputs(m, ",\"count\":");
		bnum(m, n);
		bputs(m, "}");
	}
	bputs(m, "]");
}

/*
 * Writes the search index: the manifest search/index.js, the shards,
 * the filters and every document's fragment.  (The caller sets
 * s->has_search before, for the pages made meanwhile.)
 */
int
search_write(struct site *s, struct diag *d, struct output *out)
{
	static const char head[] = "/* herald search index: the manifest, "
	    "written by herald build; search.js loads the parts a query "
	    "needs. */\nwindow.HERALD_SEARCH = ";
	struct sindex	 x = { s, d, out, NULL, 0, NULL, 0, 0, NULL, 1 };
	struct search_ctx *ctx = NULL;
	struct arena	 a = { 0 };
	xmlBufferPtr	 m = bnew(), keys = bnew();
	const char	*stemmer = search_stemmer(s->language);
	char		 name[32];
	size_t		 i, n = 0;
	int		 t;

	for (t = 0; t < T_COUNT; t++)
		n += s->docs[t].n;
	x.docs = xcalloc(n + 1, sizeof(*x.docs));
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			x.docs[x.ndocs] = s->docs[t].v[i];
			/* Every document has its entry from markdown_site(),
			 * which needs its Markdown read. */
			if (x.docs[x.ndocs]->search == NULL) {
				if (ctx == NULL)
					ctx = search_ctx_new();
				search_entry(ctx, &a, s->language,
				    x.docs[x.ndocs], NULL, 0, NULL);
			}
			x.ndocs++;
		}
	if (x.ndocs > 0)
		qsort(x.docs, x.ndocs, sizeof(*x.docs), doc_order);
	x.b = bnew();
	collect(&x);
	bputs(keys, "[");
	shards_write(&x, keys);
	bputs(keys, "]");

	bputs(m, head);
	bputs(m, "{\"format\":1,\"language\":");
	json_string(m, s->language);
	bputs(m, ",\"stemmer\":");
	json_string(m, stemmer != NULL ? stemmer : "");
	bputs(m, ",\"docs\":");
	bnum(m, x.ndocs);
	bputs(m, ",\"shards\":");
	bput(m, (const char *)xmlBufferContent(keys),
	    (size_t)xmlBufferLength(keys));
	filters_write(&x, m);
	bputs(m, "};\n");
	for (i = 0; i < x.ndocs; i++) {
		snprintf(name, sizeof(name), "d/%zu", i);
		put_part(&x, name, x.docs[i]->search, x.docs[i]->searchlen);
	}
	if (out->verbose)
		printf("search/index.js\n");
	if (!out_put(out, d, "search/index.js",
	    (const char *)xmlBufferContent(m), (size_t)xmlBufferLength(m)))
		x.ok = 0;
	for (i = 0; i < x.np; i++)
		free(x.p[i].v);
	free(x.p);
	free(x.docs);
	xmlBufferFree(x.b);
	xmlBufferFree(m);
	xmlBufferFree(keys);
	search_ctx_free(ctx);
	arena_free(&a);
	return x.ok;
}
