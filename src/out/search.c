/* search.c: a document's fragment of the search index (what a result shows), and JSON strings. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "herald.h"
#include "out/search.h"

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
 * Sets a document's fragment, a JSON object of what its result shows
 * (page, title, type, date, summary, themes and the start of its text),
 * and its terms, from its title, headings, themes, summary and text.
 * Made while its Markdown is rendered, by whichever thread renders it,
 * with that thread's x.
 */
void
search_entry(struct search_ctx *x, struct arena *a, const char *lang,
    struct doc *d, const char *body, size_t bodylen,
    const struct vec *headings)
{
	xmlBufferPtr	 b = search_ctx_buf(x);
	char		 iso[11], text[32], *url;
	size_t		 i;

	if (body == NULL)
		body = "";
	bodylen = text_cap(body, bodylen, SEARCH_TEXT_MAX);
	d->terms = search_terms(x, a, lang, d, body, bodylen, headings,
	    &d->termslen);
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
	bputs(b, "],\"text\":");
	json_string_n(b, body, text_cap(body, bodylen, SEARCH_EXCERPT_MAX));
	bputs(b, "}");
	d->searchlen = (size_t)xmlBufferLength(b);
	d->search = astrndup(a, (const char *)xmlBufferContent(b),
	    d->searchlen);
}
