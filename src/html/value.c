/* value.c: strings, lists and maps of values that layouts read. */
#include <string.h>

#include "herald.h"

static struct value *
v_new(struct arena *a, enum vtype t)
{
	struct value	*v = amalloc(a, sizeof(*v));

	v->t = t;
	return v;
}

struct value *
v_str(struct arena *a, const char *s)
{
	struct value	*v = v_new(a, V_STR);

	v->s = s != NULL ? s : "";
	return v;
}

struct value *
v_html(struct arena *a, const char *s)
{
	struct value	*v = v_new(a, V_HTML);

	v->s = s != NULL ? s : "";
	return v;
}

struct value *
v_bool(struct arena *a, int b)
{
	struct value	*v = v_new(a, V_BOOL);

	v->b = b != 0;
	return v;
}

struct value *
v_list(struct arena *a)
{
	return v_new(a, V_LIST);
}

struct value *
v_map(struct arena *a)
{
	return v_new(a, V_MAP);
}

/* A date as {iso, text}, or "" when it is not set. */
struct value *
v_date(struct arena *a, const struct date *d)
{
	struct value	*v;
	char		 iso[11], text[32];

	if (d == NULL || d->y == 0)
		return v_str(a, "");
	date_iso(d, iso);
	date_text(d, text);
	v = v_map(a);
	v_sets(a, v, "iso", astrdup(a, iso));
	v_sets(a, v, "text", astrdup(a, text));
	return v;
}

static void
grow(struct arena *a, struct value *v)
{
	struct value	**items;
	const char	**keys;
	uint32_t	 *hashes;

	if (v->n < v->cap)
		return;
	v->cap = v->cap ? v->cap * 2 : 8;
	/* Slots past n are never read: not cleared. */
	items = amalloc_raw(a, v->cap * sizeof(*items));
	if (v->n)
		memcpy(items, v->items, v->n * sizeof(*items));
	v->items = items;
	if (v->t == V_MAP) {
		keys = amalloc_raw(a, v->cap * sizeof(*keys));
		hashes = amalloc_raw(a, v->cap * sizeof(*hashes));
		if (v->n) {
			memcpy(keys, v->keys, v->n * sizeof(*keys));
			memcpy(hashes, v->hashes, v->n * sizeof(*hashes));
		}
		v->keys = keys;
		v->hashes = hashes;
	}
}

void
v_add(struct arena *a, struct value *list, struct value *item)
{
	grow(a, list);
	list->items[list->n++] = item;
}

/* FNV-1a of the len bytes of a key: maps compare it before the key. */
uint32_t
key_hash(const char *key, size_t len)
{
	uint32_t	 h = 2166136261u;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

static void
set_hashed(struct arena *a, struct value *map, const char *key, uint32_t h,
    struct value *v)
{
	size_t	 i;

	for (i = 0; i < map->n; i++)
		if (map->hashes[i] == h && strcmp(map->keys[i], key) == 0) {
			map->items[i] = v;
			return;
		}
	grow(a, map);
	map->keys[map->n] = key;
	map->hashes[map->n] = h;
	map->items[map->n++] = v;
}

/* Sets a key of a map; the key is not copied. */
void
v_set(struct arena *a, struct value *map, const char *key, struct value *v)
{
	set_hashed(a, map, key, key_hash(key, strlen(key)), v);
}

void
v_sets(struct arena *a, struct value *map, const char *key, const char *s)
{
	v_set(a, map, key, v_str(a, s));
}

/* Sets every key of map src in map dst. */
void
v_merge(struct arena *a, struct value *dst, const struct value *src)
{
	size_t	 i;

	for (i = 0; i < src->n; i++)
		set_hashed(a, dst, src->keys[i], src->hashes[i],
		    src->items[i]);
}

/* The value of the key of len bytes whose key_hash() is h, or NULL when
 * the map has no such key. */
struct value *
v_geth(const struct value *map, const char *key, size_t len, uint32_t h)
{
	size_t	 i;

	if (map == NULL || map->t != V_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (map->hashes[i] == h && memcmp(map->keys[i], key, len) ==
		    0 && map->keys[i][len] == '\0')
			return map->items[i];
	return NULL;
}

/*
 * v_geth() that looks first at *hint, the place of the key in the map
 * where it was last found: maps made by the same code hold their keys in
 * the same order.  Then it notes the key's place there.  Threads share
 * hints, so they are read and written atomically.
 */
struct value *
v_geth_hint(const struct value *map, const char *key, size_t len,
    uint32_t h, size_t *hint)
{
	size_t	 i = __atomic_load_n(hint, __ATOMIC_RELAXED);

	if (map == NULL || map->t != V_MAP)
		return NULL;
	if (i < map->n && map->hashes[i] == h &&
	    memcmp(map->keys[i], key, len) == 0 && map->keys[i][len] == '\0')
		return map->items[i];
	for (i = 0; i < map->n; i++)
		if (map->hashes[i] == h && memcmp(map->keys[i], key, len) ==
		    0 && map->keys[i][len] == '\0') {
			__atomic_store_n(hint, i, __ATOMIC_RELAXED);
			return map->items[i];
		}
	return NULL;
}

/* The value of a key of a map, or NULL when the map has no such key. */
struct value *
v_get(const struct value *map, const char *key)
{
	size_t	 len = strlen(key);

	return v_geth(map, key, len, key_hash(key, len));
}

int
v_true(const struct value *v)
{
	if (v == NULL)
		return 0;
	switch (v->t) {
	case V_STR:
	case V_HTML:
		return v->s[0] != '\0';
	case V_BOOL:
		return v->b;
	case V_LIST:
		return v->n > 0;
	case V_MAP:
		return 1;
	}
	return 0;
}
