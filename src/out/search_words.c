/* search_words.c: a document's words for the search index: cut, folded, stemmed and counted by where they stand. */
#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "out/search.h"

/*
 * The rule for words, which assets/search.js follows character for
 * character (the Node test compares them): a word is a run of letters
 * and digits; Latin, Greek and Cyrillic letters are folded to lower case
 * and Latin ones lose their accents ("Café" is "cafe"); combining marks
 * are dropped; characters past U+FFFF are never part of a word.
 */

/* U+00C0 to U+017F folded; 0 for the two that are not letters (× ÷). */
static const uint16_t latin_fold[] = {
	0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x00e6, 0x0063,
	0x0065, 0x0065, 0x0065, 0x0065, 0x0069, 0x0069, 0x0069, 0x0069,
	0x00f0, 0x006e, 0x006f, 0x006f, 0x006f, 0x006f, 0x006f, 0x0000,
	0x00f8, 0x0075, 0x0075, 0x0075, 0x0075, 0x0079, 0x00fe, 0x00df,
	0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x00e6, 0x0063,
	0x0065, 0x0065, 0x0065, 0x0065, 0x0069, 0x0069, 0x0069, 0x0069,
	0x00f0, 0x006e, 0x006f, 0x006f, 0x006f, 0x006f, 0x006f, 0x0000,
	0x00f8, 0x0075, 0x0075, 0x0075, 0x0075, 0x0079, 0x00fe, 0x0079,
	0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x0061, 0x0063, 0x0063,
	0x0063, 0x0063, 0x0063, 0x0063, 0x0063, 0x0063, 0x0064, 0x0064,
	0x0111, 0x0111, 0x0065, 0x0065, 0x0065, 0x0065, 0x0065, 0x0065,
	0x0065, 0x0065, 0x0065, 0x0065, 0x0067, 0x0067, 0x0067, 0x0067,
	0x0067, 0x0067, 0x0067, 0x0067, 0x0068, 0x0068, 0x0127, 0x0127,
	0x0069, 0x0069, 0x0069, 0x0069, 0x0069, 0x0069, 0x0069, 0x0069,
	0x0069, 0x0131, 0x0133, 0x0133, 0x006a, 0x006a, 0x006b, 0x006b,
	0x0138, 0x006c, 0x006c, 0x006c, 0x006c, 0x006c, 0x006c, 0x0140,
	0x0140, 0x0142, 0x0142, 0x006e, 0x006e, 0x006e, 0x006e, 0x006e,
	0x006e, 0x0149, 0x014b, 0x014b, 0x006f, 0x006f, 0x006f, 0x006f,
	0x006f, 0x006f, 0x0153, 0x0153, 0x0072, 0x0072, 0x0072, 0x0072,
	0x0072, 0x0072, 0x0073, 0x0073, 0x0073, 0x0073, 0x0073, 0x0073,
	0x0073, 0x0073, 0x0074, 0x0074, 0x0074, 0x0074, 0x0167, 0x0167,
	0x0075, 0x0075, 0x0075, 0x0075, 0x0075, 0x0075, 0x0075, 0x0075,
	0x0075, 0x0075, 0x0075, 0x0075, 0x0077, 0x0077, 0x0079, 0x0079,
	0x0079, 0x007a, 0x007a, 0x007a, 0x007a, 0x007a, 0x007a, 0x017f,
};

/* Ranges of characters past U+017F that are not part of words:
 * punctuation, symbols, spaces, private use, surrogates. */
static const uint32_t not_word[][2] = {
	{ 0x02b9, 0x02ff }, { 0x037e, 0x037e }, { 0x0387, 0x0387 },
	{ 0x055a, 0x055f }, { 0x0589, 0x058a }, { 0x05be, 0x05be },
	{ 0x05c0, 0x05c0 }, { 0x05c3, 0x05c3 }, { 0x05f3, 0x05f4 },
	{ 0x060c, 0x060d }, { 0x061b, 0x061f }, { 0x066a, 0x066d },
	{ 0x06d4, 0x06d4 }, { 0x0964, 0x0965 }, { 0x0970, 0x0970 },
	{ 0x1680, 0x1680 }, { 0x2000, 0x2bff }, { 0x2e00, 0x2e7f },
	{ 0x3000, 0x303f }, { 0xd800, 0xf8ff }, { 0xfe00, 0xfe6f },
	{ 0xfeff, 0xfeff }, { 0xff00, 0xff0f }, { 0xff1a, 0xff20 },
	{ 0xff3b, 0xff40 }, { 0xff5b, 0xff65 }, { 0xfff0, 0xffff }
};

/* Languages that have a stemmer, by their primary subtag. */
static const struct {
	const char	*lang, *stemmer;
} stemmers[] = {
	{ "en", "english" }
};

/* Where a word stands, as the bits of a term's mark in the index. */
enum { F_TITLE = 1, F_HEADINGS = 2, F_THEMES = 4, F_SUMMARY = 8,
    F_TEXT = 16 };

/* Mentions in the text counted for a term, at most. */
#define TEXT_COUNT_MAX	20

/* A term: a stem, or a word where there is no stemmer. */
struct sterm {
	char		*text;
	unsigned long	 gen;		/* the document it was last seen in */
	size_t		 idx;		/* its place in terms[] then */
};

/* A folded word of the cache, with its term. */
struct sword {
	uint32_t	 hash;
	uint32_t	 len;
	char		*word;		/* NULL: an empty slot */
	struct sterm	*term;
};

/* A term of the document at hand. */
struct dterm {
	struct sterm	*term;
	unsigned	 mask;		/* F_* */
	unsigned	 count;		/* mentions in the text, capped */
};

/*
 * The cache of words is a table of its own, open addressing on FNV-1a:
 * every word of every document is looked up in it, and with libxml2's
 * hash table (two lookups a word, one in the cache and one in the
 * document's terms) cutting, stemming and counting took as long as the
 * rest of the Markdown stage (bench site of 10,000 files: 0.40 s of CPU
 * against 0.40 s).  One lookup a word here; the document's terms are
 * found from the word's term (gen, idx).
 */
#define CACHE_FIRST	4096	/* slots at first; a power of two */

struct search_ctx {
	xmlBufferPtr	 buf;		/* a fragment being made */
	struct sb_stemmer *stemmer;	/* NULL: terms are the words */
	char		*lang;		/* the stemmer's language */
	struct sword	*slots;		/* the cache of words */
	size_t		 nslots, used;
	xmlHashTablePtr	 stems;		/* term's text -> struct sterm * */
	unsigned long	 gen;		/* the document at hand */
	struct dterm	*terms;		/* its terms */
	size_t		 n, cap;
};

/*
 * The character c folded, 0 when it is part of a word but folds to
 * nothing (a combining mark), -1 when it is not part of a word.
 */
long
search_fold(uint32_t c)
{
	size_t	 i;

	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return (long)c + 32;
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ?
		    (long)c : -1;
	}
	if (c < 0xc0)
		return -1;
	if (c < 0x180)
		return latin_fold[c - 0xc0] != 0 ? latin_fold[c - 0xc0] : -1;
	if (c >= 0x300 && c <= 0x36f)
		return 0;
	if (c > 0xffff)
		return -1;
	for (i = 0; i < sizeof(not_word) / sizeof(not_word[0]); i++)
		if (c >= not_word[i][0] && c <= not_word[i][1])
			return -1;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return (long)c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return (long)c + 0x50;
	if (c >= 0x410 && c <= 0x42f)
		return (long)c + 0x20;
	return (long)c;
}

/* search_fold() of ASCII, 0 for what is not part of a word. */
static const unsigned char ascii_fold[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd',
	['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i',
	['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's',
	['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
	['y'] = 'y', ['z'] = 'z'
};

static size_t
utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	o[0] = (char)(0xe0 | (c >> 12));
	o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	o[2] = (char)(0x80 | (c & 0x3f));
	return 3;
}

/*
 * The next word of the n bytes at *sp, folded, into w (which holds
 * SEARCH_WORD_BYTES): its length, or 0 at the end.  Words longer than
 * SEARCH_WORD_MAX characters are passed over.
 */
size_t
search_word(const char **sp, const char *end, char *w)
{
	const char	*s = *sp;
	uint32_t	 c;
	size_t		 len, k, chars;
	long		 f;

	for (;;) {
		/* Up to the word's first character. */
		for (;;) {
			if (s >= end) {
				*sp = s;
				return 0;
			}
			if ((unsigned char)*s < 0x80) {
				if (ascii_fold[(unsigned char)*s])
					break;
				s++;
				continue;
			}
			k = utf8_decode(s, (size_t)(end - s), &c);
			if (search_fold(c) >= 0)
				break;
			s += k;
		}
		len = chars = 0;
		while (s < end) {
			/* ASCII, most of the text, without decoding. */
			if ((unsigned char)*s < 0x80) {
				if ((f = ascii_fold[(unsigned char)*s]) == 0)
					break;
				s++;
				if (++chars <= SEARCH_WORD_MAX)
					w[len++] = (char)f;
				continue;
			}
			k = utf8_decode(s, (size_t)(end - s), &c);
			if ((f = search_fold(c)) < 0)
				break;
			s += k;
			if (f == 0)
				continue;
			if (++chars <= SEARCH_WORD_MAX)
				len += utf8_put(w + len, (uint32_t)f);
		}
		if (len > 0 && chars <= SEARCH_WORD_MAX) {
			w[len] = '\0';
			*sp = s;
			return len;
		}
	}
}

static void
free_sterm(void *p, const xmlChar *name)
{
	(void)name;
	free(((struct sterm *)p)->text);
	free(p);
}

/* Empties the cache, for another language. */
static void
cache_free(struct search_ctx *x)
{
	size_t	 i;

	for (i = 0; i < x->nslots; i++)
		free(x->slots[i].word);
	free(x->slots);
	x->slots = NULL;
	x->nslots = x->used = 0;
	if (x->stems != NULL)
		xmlHashFree(x->stems, free_sterm);
	x->stems = NULL;
}

struct search_ctx *
search_ctx_new(void)
{
	struct search_ctx	*x = xcalloc(1, sizeof(*x));

	x->buf = bnew();
	return x;
}

void
search_ctx_free(struct search_ctx *x)
{
	if (x == NULL)
		return;
	xmlBufferFree(x->buf);
	if (x->stemmer != NULL)
		sb_stemmer_delete(x->stemmer);
	cache_free(x);
	free(x->lang);
	free(x->terms);
	free(x);
}

xmlBufferPtr
search_ctx_buf(struct search_ctx *x)
{
	return x->buf;
}

/* The stemmer's name for a language, or NULL when it has none. */
const char *
search_stemmer(const char *lang)
{
	size_t	 i, n;

	for (i = 0; i < sizeof(stemmers) / sizeof(stemmers[0]); i++) {
		n = strlen(stemmers[i].lang);
		if (strncasecmp(lang, stemmers[i].lang, n) == 0 &&
		    (lang[n] == '\0' || lang[n] == '-'))
			return stemmers[i].stemmer;
	}
	return NULL;
}

/* Makes the cache and stemmer ready for documents in lang. */
static void
ctx_lang(struct search_ctx *x, const char *lang)
{
	const char	*name;

	if (x->lang != NULL && strcmp(x->lang, lang) == 0)
		return;
	if (x->stemmer != NULL)
		sb_stemmer_delete(x->stemmer);
	x->stemmer = NULL;
	cache_free(x);
	x->slots = xcalloc(CACHE_FIRST, sizeof(*x->slots));
	x->nslots = CACHE_FIRST;
	if ((x->stems = xmlHashCreate(1024)) == NULL)
		oom();
	free(x->lang);
	x->lang = xstrdup(lang);
	if ((name = search_stemmer(lang)) != NULL &&
	    (x->stemmer = sb_stemmer_new(name, "UTF_8")) == NULL)
		oom();
}

static uint32_t
fnv1a(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Doubles the cache's slots. */
static void
cache_grow(struct search_ctx *x)
{
	struct sword	*old = x->slots;
	size_t		 i, j, n = x->nslots;

	x->nslots *= 2;
	x->slots = xcalloc(x->nslots, sizeof(*x->slots));
	for (i = 0; i < n; i++) {
		if (old[i].word == NULL)
			continue;
		for (j = old[i].hash & (x->nslots - 1); x->slots[j].word != NULL;
		    j = (j + 1) & (x->nslots - 1))
			;
		x->slots[j] = old[i];
	}
	free(old);
}

/* The term of a word not in the cache: its stem where the language has
 * a stemmer, one struct sterm for all the words of a stem. */
static struct sterm *
term_new(struct search_ctx *x, const char *w, size_t len)
{
	const sb_symbol	*st;
	struct sterm	*t;
	char		*text;
	int		 n;

	if (x->stemmer != NULL) {
		if ((st = sb_stemmer_stem(x->stemmer, (const sb_symbol *)w,
		    (int)len)) == NULL)
			oom();
		n = sb_stemmer_length(x->stemmer);
		text = xmalloc((size_t)n + 1);
		memcpy(text, st, (size_t)n);
		text[n] = '\0';
	} else
		text = xstrdup(w);
	if ((t = xmlHashLookup(x->stems, (const xmlChar *)text)) != NULL) {
		free(text);
		return t;
	}
	t = xcalloc(1, sizeof(*t));
	t->text = text;
	if (xmlHashAddEntry(x->stems, (const xmlChar *)text, t) != 0)
		oom();
	return t;
}

/* The term of the folded word w, len bytes, through the cache. */
static struct sterm *
term_of(struct search_ctx *x, const char *w, size_t len)
{
	struct sword	*e;
	uint32_t	 h = fnv1a(w, len);
	size_t		 i;

	for (i = h & (x->nslots - 1); x->slots[i].word != NULL;
	    i = (i + 1) & (x->nslots - 1)) {
		e = &x->slots[i];
		if (e->hash == h && e->len == len &&
		    memcmp(e->word, w, len) == 0)
			return e->term;
	}
	e = &x->slots[i];
	e->hash = h;
	e->len = (uint32_t)len;
	e->word = xstrndup(w, len);
	e->term = term_new(x, w, len);
	if (++x->used * 2 > x->nslots) {
		cache_grow(x);
		return term_of(x, w, len);
	}
	return e->term;
}

/* Every word of the n bytes at s counted as standing in field. */
static void
add_text(struct search_ctx *x, const char *s, size_t n, unsigned field)
{
	const char	*end = s + n;
	struct sterm	*t;
	struct dterm	*dt;
	char		 w[SEARCH_WORD_BYTES];
	size_t		 len;

	while ((len = search_word(&s, end, w)) > 0) {
		t = term_of(x, w, len);
		if (t->gen != x->gen) {
			if (x->n == x->cap) {
				x->cap = x->cap ? 2 * x->cap : 256;
				x->terms = xrealloc(x->terms, x->cap *
				    sizeof(*x->terms));
			}
			t->gen = x->gen;
			t->idx = x->n++;
			x->terms[t->idx].term = t;
			x->terms[t->idx].mask = 0;
			x->terms[t->idx].count = 0;
		}
		dt = &x->terms[t->idx];
		dt->mask |= field;
		if (field == F_TEXT && dt->count < TEXT_COUNT_MAX)
			dt->count++;
	}
}

static int
dterm_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dterm *)a)->term->text,
	    ((const struct dterm *)b)->term->text);
}

/*
 * The terms of a document, in the arena: for each, in byte order, its
 * text, a NUL, its mark (F_* bits) and its count of mentions in the
 * text, a byte each.  Sets *lenp to the bytes.
 */
char *
search_terms(struct search_ctx *x, struct arena *a, const char *lang,
    const struct doc *d, const char *body, size_t bodylen,
    const struct vec *headings, size_t *lenp)
{
	const char	*t;
	char		*out, *o;
	size_t		 i, total = 0;

	ctx_lang(x, lang);
	x->gen++;
	x->n = 0;
	add_text(x, d->title, strlen(d->title), F_TITLE);
	for (i = 0; headings != NULL && i < headings->n; i++)
		add_text(x, headings->v[i], strlen(headings->v[i]),
		    F_HEADINGS);
	for (i = 0; i < d->themes.n; i++) {
		t = ((const struct theme *)d->themes.v[i])->title;
		add_text(x, t, strlen(t), F_THEMES);
	}
	if (d->summary != NULL)
		add_text(x, d->summary, strlen(d->summary), F_SUMMARY);
	add_text(x, body, bodylen, F_TEXT);
	if (x->n > 0)
		qsort(x->terms, x->n, sizeof(*x->terms), dterm_cmp);
	for (i = 0; i < x->n; i++)
		total += strlen(x->terms[i].term->text) + 3;
	o = out = apiece(a, total + 1);
	for (i = 0; i < x->n; i++) {
		total = strlen(x->terms[i].term->text);
		memcpy(o, x->terms[i].term->text, total + 1);
		o += total + 1;
		*o++ = (char)x->terms[i].mask;
		*o++ = (char)x->terms[i].count;
	}
	*o = '\0';
	*lenp = (size_t)(o - out);
	return out;
}
