/* search.h: what the search index's files share: words, terms and fragments. */
#ifndef HERALD_OUT_SEARCH_H
#define HERALD_OUT_SEARCH_H

#include <stdint.h>

/* Characters of a word at most: longer ones are not indexed, nor
 * searched for (assets/search.js has the same limit). */
#define SEARCH_WORD_MAX		40
#define SEARCH_WORD_BYTES	(SEARCH_WORD_MAX * 3 + 1)

/* Bytes of a document's text in its fragment, for the excerpt shown
 * with a result: its terms come from SEARCH_TEXT_MAX bytes. */
#define SEARCH_EXCERPT_MAX	2000

long		 search_fold(uint32_t);
size_t		 search_word(const char **, const char *, char *);
const char	*search_stemmer(const char *);
xmlBufferPtr	 search_ctx_buf(struct search_ctx *);
char		*search_terms(struct search_ctx *, struct arena *,
		    const char *, const struct doc *, const char *, size_t,
		    const struct vec *, size_t *);

#endif
