/* arena.c: memory taken in blocks and given back all at once, and the arrays kept in it. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"

/*
 * Under AddressSanitizer only what was handed out can be touched: a new
 * block, the space left in it, the rounding after each allocation, the
 * size before each piece and a whole emptied arena are poisoned.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN	1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN	1
#endif
#endif
#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

struct ablock {
	struct ablock	*next;
	size_t		 used, size;	/* bytes of data given out, and held */
	max_align_t	 data[];
};

#define ABLOCK	(64 * 1024)
#define ALIGN	sizeof(max_align_t)

/* n rounded up to the alignment of every allocation; a size no memory
 * can hold stays one, so that xmalloc() answers it. */
static size_t
round_up(size_t n)
{
	if (n > SIZE_MAX / 2)
		return SIZE_MAX / 2;
	return n == 0 ? ALIGN : (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* A block for an allocation of n (rounded) bytes: a spare one that holds
 * it, else a new one. */
static struct ablock *
block_get(struct arena *a, size_t n)
{
	struct ablock	**bp, *b;
	size_t		 sz;

	for (bp = &a->spare; (b = *bp) != NULL; bp = &b->next)
		if (b->size >= n) {
			*bp = b->next;
			return b;
		}
	sz = n > ABLOCK / 4 ? n : ABLOCK;
	b = xmalloc(sizeof(*b) + sz);
	b->size = sz;
	b->used = 0;
	POISON(b->data, sz);
	return b;
}

/* n bytes of a, not cleared: for what is written over at once. */
void *
amalloc_raw(struct arena *a, size_t n)
{
	struct ablock	*b;
	size_t		 rn = round_up(n);
	void		*p;

	b = a->head;
	if (b == NULL || b->size - b->used < rn) {
		b = block_get(a, rn);
		if (b->size - rn < ABLOCK / 4 && a->head != NULL) {
			/* A block it about fills goes behind the current
			 * one, which goes on filling. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->data + b->used;
	b->used += rn;
	UNPOISON(p, n);
	return p;
}

/* n bytes of a, cleared. */
void *
amalloc(struct arena *a, size_t n)
{
	void	*p = amalloc_raw(a, n);

	memset(p, 0, n);
	return p;
}

/*
 * Pieces: allocations that know their size, so that they can grow as
 * realloc() grows memory, for allocators (cmark-gfm's) that want one.
 */
struct piece {
	size_t		 size;		/* bytes asked for */
	max_align_t	 data[];
};

static struct piece *
piece_of(void *v)
{
	return (struct piece *)(void *)((char *)v -
	    offsetof(struct piece, data));
}

/* A piece of n bytes of a, not cleared. */
void *
apiece(struct arena *a, size_t n)
{
	struct piece	*p;

	p = amalloc_raw(a, n > SIZE_MAX / 2 ? SIZE_MAX / 2 :
	    sizeof(*p) + n);
	p->size = n;
	POISON(p, sizeof(*p));
	return p->data;
}

/*
 * The piece v (NULL for a new one) made n bytes long, keeping what it
 * holds: where it is when it is the last allocation of a with room after
 * it, or when it shrinks; else copied into a new piece (the old one stays
 * until the arena is emptied).
 */
void *
apiece_grow(struct arena *a, void *v, size_t n)
{
	struct ablock	*b = a->head;
	struct piece	*p;
	size_t		 had, room, want;
	void		*nv;

	if (v == NULL)
		return apiece(a, n);
	p = piece_of(v);
	UNPOISON(p, sizeof(*p));
	had = p->size;
	room = round_up(sizeof(*p) + had);
	want = round_up(n > SIZE_MAX / 2 ? SIZE_MAX / 2 : sizeof(*p) + n);
	if (want <= room || ((char *)p + room ==
	    (char *)b->data + b->used && want - room <= b->size - b->used)) {
		if (want > room)
			b->used += want - room;
		if (n > had)
			p->size = n;
		POISON(p, sizeof(*p));
		UNPOISON(v, n);
		return v;
	}
	POISON(p, sizeof(*p));
	nv = apiece(a, n);
	memcpy(nv, v, had < n ? had : n);
	return nv;
}

char *
astrndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	p = amalloc_raw(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
astrdup(struct arena *a, const char *s)
{
	return astrndup(a, s, strlen(s));
}

char *
aprintf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	 small[256], *p, *q;
	int	 n;

	/* Most are short: formatted once, on the stack. */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small))
		return astrndup(a, small, (size_t)n);
	va_start(ap, fmt);
	if (n >= 0) {
		q = amalloc_raw(a, (size_t)n + 1);
		vsnprintf(q, (size_t)n + 1, fmt, ap);
	} else {
		/* Too long for an int: xvasprintf() answers that. */
		p = xvasprintf(fmt, ap);
		q = astrdup(a, p);
		free(p);
	}
	va_end(ap);
	return q;
}

static void
blocks_free(struct ablock *b)
{
	struct ablock	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		UNPOISON(b->data, b->size);
		free(b);
	}
}

/* Hands every block of src over to dst, leaving src empty. */
void
arena_merge(struct arena *dst, struct arena *src)
{
	struct ablock	*tail;

	blocks_free(src->spare);
	src->spare = NULL;
	if (src->head == NULL)
		return;
	if (dst->head == NULL) {
		dst->head = src->head;
		src->head = NULL;
		return;
	}
	for (tail = src->head; tail->next != NULL; tail = tail->next)
		;
	/* Behind dst's current block, which goes on filling. */
	tail->next = dst->head->next;
	dst->head->next = src->head;
	src->head = NULL;
}

/* Empties a for use again, keeping its blocks: the newest goes on as the
 * current one, the others wait as spares. */
void
arena_reset(struct arena *a)
{
	struct ablock	*b, *next;

	if (a->head == NULL)
		return;
	for (b = a->head->next; b != NULL; b = next) {
		next = b->next;
		b->used = 0;
		POISON(b->data, b->size);
		b->next = a->spare;
		a->spare = b;
	}
	a->head->next = NULL;
	a->head->used = 0;
	POISON(a->head->data, a->head->size);
}

void
arena_free(struct arena *a)
{
	blocks_free(a->head);
	blocks_free(a->spare);
	a->head = a->spare = NULL;
}

void
vec_push(struct arena *a, struct vec *v, void *p)
{
	void	**nv;

	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		nv = amalloc_raw(a, v->cap * sizeof(*nv));
		if (v->n)
			memcpy(nv, v->v, v->n * sizeof(*nv));
		v->v = nv;
	}
	v->v[v->n++] = p;
}
