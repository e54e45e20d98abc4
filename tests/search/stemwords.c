/*
 * stemwords.c: the word list of the search tests.  Cuts the files named on
 * the command line into words as herald's search index does
 * (search_word()), and prints each word once, in byte order, with its
 * Snowball English stem from libstemmer: "word<TAB>stem".  With -v, each
 * word of letters also with each of the suffixes below, so that every
 * step of the algorithm meets many words.  The Node test
 * (tests/search/engine.test.js) stems every word again in JavaScript and
 * compares.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "out/search.h"

static struct arena	 arena;

/* The suffixes of -v: the endings each step of Porter2 looks for. */
static const char *const suffixes[] = {
	"s", "es", "ies", "ed", "ing", "ingly", "edly", "ly", "er", "est",
	"ness", "ful", "fulness", "ation", "ational", "ization", "ize",
	"ism", "ist", "ity", "iti", "ive", "iveness", "able", "ible", "ment",
	"ement", "ent", "ence", "ance", "al", "alli", "ousli", "ic", "ical",
	"y", "e", "li", "ogi", "less", "lessli"
};

static void
put_word(xmlHashTablePtr seen, const char *w)
{
	if (xmlHashLookup(seen, (const xmlChar *)w) == NULL &&
	    xmlHashAddEntry(seen, (const xmlChar *)w, seen) != 0)
		oom();
}

/* Whether w is only letters a to z, the words -v adds suffixes to. */
static int
letters(const char *w)
{
	for (; *w != '\0'; w++)
		if (*w < 'a' || *w > 'z')
			return 0;
	return 1;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add(void *payload, void *data, const xmlChar *name)
{
	struct vec	*v = data;

	(void)payload;
	vec_push(&arena, v, (void *)name);
}

int
main(int argc, char *argv[])
{
	struct sb_stemmer *st;
	xmlHashTablePtr	 seen;
	struct vec	 all = { NULL, 0, 0 };
	const sb_symbol	*s;
	const char	*p, *end;
	char		 w[SEARCH_WORD_BYTES + 16], *text;
	size_t		 len, n, k;
	int		 i = 1, variants = 0;

	if ((st = sb_stemmer_new("english", "UTF_8")) == NULL ||
	    (seen = xmlHashCreate(4096)) == NULL)
		oom();
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		variants = 1;
		i++;
	}
	for (; i < argc; i++) {
		if ((text = read_file(argv[i], &n)) == NULL) {
			fprintf(stderr, "stemwords: cannot read %s\n", argv[i]);
			return 1;
		}
		for (p = text, end = text + n;
		    (len = search_word(&p, end, w)) > 0; ) {
			put_word(seen, w);
			if (!variants || !letters(w) || len < 3)
				continue;
			for (k = 0; k < sizeof(suffixes) / sizeof(*suffixes);
			    k++) {
				snprintf(w + len, sizeof(w) - len, "%s",
				    suffixes[k]);
				put_word(seen, w);
			}
		}
		free(text);
	}
	xmlHashScan(seen, add, &all);
	if (all.n > 0)
		qsort(all.v, all.n, sizeof(*all.v), cmp);
	for (n = 0; n < all.n; n++) {
		len = strlen(all.v[n]);
		if ((s = sb_stemmer_stem(st, (const sb_symbol *)all.v[n],
		    (int)len)) == NULL)
			oom();
		printf("%s\t%.*s\n", (const char *)all.v[n],
		    sb_stemmer_length(st), (const char *)s);
	}
	arena_free(&arena);
	xmlHashFree(seen, NULL);
	sb_stemmer_delete(st);
	return ferror(stdout) || fclose(stdout) != 0;
}
