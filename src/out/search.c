/* search.c: search/index.js, the index of every document that the search page reads. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "herald.h"

/*
 * Appends s as a quoted JSON string.  Besides what JSON needs (the quote,
 * the backslash and control characters), < > & and / are escaped, so the
 * string can never close or open markup inside a <script>, and U+2028
 * and U+2029, which older JavaScript does not allow inside strings.
 */
void
json_string(xmlBufferPtr b, const char *s)
{
	json_string_n(b, s, strlen(s));
}

/* json_string() of the n bytes at s, which hold no NUL. */
void
json_string_n(xmlBufferPtr b, const char *s, size_t n)
{
	/* 1 for the bytes that may need escaping: the rest go as they are. */
	static const unsigned char maybe[256] = {
		[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1,
		[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1,
		[0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1, [0x0e] = 1,
		[0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1,
		[0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
		[0x19] = 1, [0x1a] = 1, [0x1b] = 1, [0x1c] = 1, [0x1d] = 1,
		[0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, ['<'] = 1,
		['>'] = 1, ['&'] = 1, ['/'] = 1, [0x7f] = 1, [0xe2] = 1
	};
	const unsigned char	*p, *start, *end;
	const char		*rep;
	char			 esc[8];
	unsigned		 cp;
	size_t			 len;

	bputs(b, "\"");
	end = (const unsigned char *)s + n;
	for (p = start = (const unsigned char *)s; ; p += len) {
		/* Four bytes a step while none needs a look: 4% of the
		 * Markdown stage, which makes the entries (callgrind of
		 * site1000, estimated cycles: 489 million, 509 one byte a
		 * step).  Sixteen a step with SSE2 saved under 1% more. */
		while (end - p >= 4 && !(maybe[p[0]] | maybe[p[1]] |
		    maybe[p[2]] | maybe[p[3]]))
			p += 4;
		while (p < end && !maybe[*p])
			p++;
		if (p == end)
			break;
		len = 1;
		cp = *p;
		if (cp == 0xe2) {
			if (end - p < 3 || p[1] != 0x80 ||
			    (p[2] != 0xa8 && p[2] != 0xa9))
				continue;
			len = 3;
			cp = p[2] == 0xa8 ? 0x2028 : 0x2029;
		}
		rep = cp == '"' ? "\\\"" : cp == '\\' ? "\\\\" :
		    cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : NULL;
		if (rep == NULL) {
			snprintf(esc, sizeof(esc), "\\u%04x", cp);
			rep = esc;
		}
		bput(b, (const char *)start, (size_t)(p - start));
		bputs(b, rep);
		start = p + len;
	}
	bput(b, (const char *)start, (size_t)(p - start));
	bputs(b, "\"");
}

/* The first max bytes of s at most, cut after a whole word where one
 * ends near the limit, and always at a character boundary. */
static size_t
text_cap(const char *s, size_t n, size_t max)
{
	size_t	 cut;

	if (n <= max)
		return n;
	cut = utf8_start(s, max);
	for (n = cut; n > 0 && max - n < 64; n--)
		if (s[n] == ' ') {
			cut = n;
			break;
		}
	return cut;
}

static void
json_key(xmlBufferPtr b, const char *key, const char *val)
{
	bputs(b, ",\"");
	bputs(b, key);
	bputs(b, "\":");
	json_string(b, val != NULL ? val : "");
}

/*
 * A document's entry in the index, as a JSON object: its page, title,
 * kind, date, summary, themes, the text of its headings and the start of
 * its text.  Made while its Markdown is rendered, by whichever thread
 * renders it.
 */
char *
search_entry(struct arena *a, xmlBufferPtr b, const struct doc *d,
    const char *body, size_t bodylen, const struct vec *headings,
    size_t *lenp)
{
	char		 iso[11], text[32], *url, *e;
	size_t		 i;

	xmlBufferEmpty(b);
	/* Site-relative, with index.html, so it works from disk. */
	url = xasprintf("%sindex.html", d->url + 1);
	bputs(b, "{\"url\":");
	json_string(b, url);
	free(url);
	json_key(b, "title", d->title);
	json_key(b, "type", type_name(d->type));
	json_key(b, "type_text", type_text(d));
	if (d->date.y != 0) {
		date_iso(&d->date, iso);
		date_text(&d->date, text);
	} else
		iso[0] = text[0] = '\0';
	json_key(b, "date", iso);
	json_key(b, "date_text", text);
	json_key(b, "summary", d->summary);
	bputs(b, ",\"themes\":[");
	for (i = 0; i < d->themes.n; i++) {
		if (i > 0)
			bputs(b, ",");
		json_string(b, ((const struct theme *)d->themes.v[i])->title);
	}
	bputs(b, "],\"headings\":[");
	for (i = 0; headings != NULL && i < headings->n; i++) {
		if (i > 0)
			bputs(b, ",");
		json_string(b, headings->v[i]);
	}
	bputs(b, "],\"text\":");
	json_string_n(b, body != NULL ? body : "", body != NULL ?
	    text_cap(body, bodylen, SEARCH_TEXT_MAX) : 0);
	bputs(b, "}");
	*lenp = (size_t)xmlBufferLength(b);
	e = astrndup(a, (const char *)xmlBufferContent(b), *lenp);
	return e;
}

/*
 * Writes search/index.js: a script that sets window.HERALD_SEARCH to the
 * list of every document, so the search page works from disk, where a
 * browser will not fetch a JSON file.  (The caller sets s->has_search
 * before, for the pages made meanwhile.)
 */
int
search_write(struct site *s, struct diag *d, struct output *out)
{
	static const char head[] = "/* herald search index: every document "
	    "of the site, written by herald build. */\nwindow.HERALD_SEARCH "
	    "= [";
	struct arena	 a = { 0 };
	xmlBufferPtr	 b = NULL;
	const struct doc *doc;
	struct iovec	*v;
	size_t		 i, n = 0;
	size_t		 k;
	int		 t, ok = 1;

	/* The entries are written as they are, one after the other. */
	for (t = 0; t < T_COUNT; t++)
		n += s->docs[t].n;
	v = xcalloc(2 * n + 2, sizeof(*v));
	v[0].iov_base = (void *)(uintptr_t)head;
	v[0].iov_len = sizeof(head) - 1;
	for (k = 1, t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			v[k].iov_base = (void *)(uintptr_t)(k == 1 ? "\n" :
			    ",\n");
			v[k].iov_len = k == 1 ? 1 : 2;
			k++;
			/* Every document has its entry from markdown_site(),
			 * which needs its Markdown read. */
			if (doc->search == NULL && b == NULL)
				b = bnew();
			if (doc->search != NULL) {
				v[k].iov_base = (void *)(uintptr_t)doc->search;
				v[k].iov_len = doc->searchlen;
			} else
				v[k].iov_base = search_entry(&a, b, doc, NULL,
				    0, NULL, &v[k].iov_len);
			k++;
		}
	v[k].iov_base = (void *)(uintptr_t)"\n];\n";
	v[k++].iov_len = 4;
	if (out->verbose)
		printf("search/index.js\n");
	if (!out_putv(out, d, "search/index.js", v, k))
		ok = 0;
	free(v);
	arena_free(&a);
	if (b != NULL)
		xmlBufferFree(b);
	return ok;
}
