/* themes.c: the site's own names and descriptions of themes (site.yaml themes:), and the slug to suggest for a theme written as words. */
#include <ctype.h>
#include <string.h>

#include "herald.h"
#include "model/fields.h"

/* "Domestic Abuse" -> "domestic-abuse": letters and digits lower-cased,
 * anything else (spaces, non-breaking spaces, _) one hyphen between.
 * "" when nothing is left. */
char *
theme_suggest(struct arena *a, const char *s)
{
	char	*out = amalloc(a, strlen(s) + 1), *p = out;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && isalnum(c))
			*p++ = (char)tolower(c);
		else if (c == '\'' || (c >= 0x80 && c < 0xc0 && c != 0xa0))
			continue;
		else if (p > out && p[-1] != '-')
			*p++ = '-';
	}
	while (p > out && p[-1] == '-')
		p--;
	*p = '\0';
	return out;
}

/* site.yaml themes: {SLUG: {title: ..., description: ...}}. */
void
site_themes(struct vctx *c, struct site *site, const struct ynode *n)
{
	static const char *const names[] = { "title", "description" };
	const struct ynode	*e, *v;
	size_t			 i, j;

	if (n->type == Y_SCALAR && yscalar_null(n))
		return;
	if (n->type != Y_MAP) {
		verr(c, n, "themes must name each theme by its slug, like "
		    "themes: {self-neglect: {title: \"Self-neglect\"}}");
		return;
	}
	for (i = 0; i < n->n; i++) {
		e = n->items[i];
		if (!valid_slug(n->keys[i])) {
			diag(c->d, LVL_ERROR, c->file, n->klines[i],
			    n->kcols[i], "theme \"%s\" must be written in "
			    "lower-case letters, digits and hyphens: write "
			    "\"%s\"", n->keys[i],
			    theme_suggest(&site->arena, n->keys[i]));
			c->ok = 0;
			continue;
		}
		if (e->type != Y_MAP) {
			verr(c, e, "theme \"%s\" needs a title, like "
			    "{title: \"Self-neglect\", description: \"...\"}",
			    n->keys[i]);
			continue;
		}
		for (j = 0; j < e->n; j++)
			if (strcmp(e->keys[j], "title") &&
			    strcmp(e->keys[j], "description"))
				unknown_field(c, e->keys[j], e->klines[j],
				    e->kcols[j], names, 2);
		if ((v = ymap_get(e, "title", NULL)) != NULL)
			(void)get_text(c, "title", v);
		if ((v = ymap_get(e, "description", NULL)) != NULL)
			(void)get_text(c, "description", v);
	}
	site->theme_cfg = n;
}

/* Sets t's title and description from site.yaml, if it names t. */
void
theme_named(const struct site *s, struct theme *t)
{
	const struct ynode	*e, *v;

	if (s->theme_cfg == NULL ||
	    (e = ymap_get(s->theme_cfg, t->slug, NULL)) == NULL ||
	    e->type != Y_MAP)
		return;
	if ((v = ymap_get(e, "title", NULL)) != NULL && v->type == Y_SCALAR &&
	    !yscalar_null(v))
		t->title = v->str;
	if ((v = ymap_get(e, "description", NULL)) != NULL &&
	    v->type == Y_SCALAR && !yscalar_null(v))
		t->description = v->str;
}
