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

	if (v->n < v->cap)
		return;
	v->cap = v->cap ? v->cap * 2 : 8;
	items = amalloc(a, v->cap * sizeof(*items));
	if (v->n)
		memcpy(items, v->items, v->n * sizeof(*items));
	v->items = items;
	if (v->t == V_MAP) {
		keys = amalloc(a, v->cap * sizeof(*keys));
		if (v->n)
			memcpy(keys, v->keys, v->n * sizeof(*keys));
		v->keys = keys;
	}
}

void
v_add(struct arena *a, struct value *list, struct value *item)
{
	grow(a, list);
	list->items[list->n++] = item;
}

/* Sets a key of a map; the key is not copied. */
void
v_set(struct arena *a, struct value *map, const char *key, struct value *v)
{
	size_t	 i;

	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0) {
			map->items[i] = v;
			return;
		}
	grow(a, map);
	map->keys[map->n] = key;
	map->items[map->n++] = v;
}

void
v_sets(struct arena *a, struct value *map, const char *key, const char *s)
{
	v_set(a, map, key, v_str(a, s));
}

/* The value of a key of a map, or NULL when the map has no such key. */
struct value *
v_get(const struct value *map, const char *key)
{
	size_t	 i;

	if (map == NULL || map->t != V_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
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
