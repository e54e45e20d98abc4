/* partner.c: what partnership sites add to the model: the concern banner, "Exit this page", scheduled items, aliases and preview images. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "herald.h"
#include "model/fields.h"

static const char *const concern_keys[] = {
	"text", "phone", "out_of_hours", "url"
};

/* A phone number as people write it: digits, spaces, + ( ) - . */
static int
phone_ok(const char *s)
{
	size_t	 digits = 0;

	for (; *s != '\0'; s++)
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (strchr(" +()-.", *s) == NULL)
			return 0;
	return digits >= 3;
}

/* site.yaml's concern: {text, phone, out_of_hours, url}. */
static void
concern_field(struct vctx *c, const struct ynode *n)
{
	struct site		*s = c->site;
	const struct ynode	*v;
	const char		*t, **to;
	size_t			 i;

	if (n->type != Y_MAP) {
		verr(c, n, "field \"concern\" must be a set of fields, like "
		    "{text: \"Worried about a child?\", phone: \"0300 123 "
		    "4567\"}");
		return;
	}
	for (i = 0; i < n->n; i++) {
		const char *k = n->keys[i];
		v = n->items[i];
		if (strcmp(k, "url") == 0) {
			if (get_text(c, "url", v) != NULL)
				s->concern_node = v;
			continue;
		}
		if (strcmp(k, "text") == 0)
			to = &s->concern_text;
		else if (strcmp(k, "phone") == 0)
			to = &s->concern_phone;
		else if (strcmp(k, "out_of_hours") == 0)
			to = &s->concern_ooh;
		else {
			unknown_field(c, k, n->klines[i], n->kcols[i],
			    concern_keys, 4);
			continue;
		}
		if ((t = get_text(c, k, v)) == NULL)
			continue;
		if (to != &s->concern_text && !phone_ok(t)) {
			verr(c, v, "\"%s\" is not a phone number: give digits, "
			    "like \"0300 123 4567\"", t);
			continue;
		}
		*to = t;
	}
	if (s->concern_text == NULL) {
		verr(c, n, "field \"concern\" needs \"text\", like \"Worried "
		    "about a child or an adult?\"");
		s->concern_node = NULL;
		s->concern_phone = s->concern_ooh = NULL;
	}
}

/* The settings of site.yaml this file reads; 0 for any other key. */
int
site_partner_field(struct vctx *c, const char *key, const struct ynode *n)
{
	const char	*s;
	int		 b;

	if (strcmp(key, "concern") == 0)
		concern_field(c, n);
	else if (strcmp(key, "exit_this_page") == 0) {
		if (get_bool(c, key, n, &b))
			c->site->exit_this_page = b;
	} else if (strcmp(key, "schedule") == 0) {
		if (get_bool(c, key, n, &b))
			c->site->schedule = b;
	} else if (strcmp(key, "exit_url") == 0) {
		if ((s = get_text(c, key, n)) == NULL)
			return 1;
		if (strncmp(s, "https://", 8) != 0 || !http_url(s) ||
		    strpbrk(s, "\"<>'") != NULL)
			verr(c, n, "exit_url must be a web address starting "
			    "with https://, not \"%s\"", s);
		else
			c->site->exit_url = s;
	} else
		return 0;
	return 1;
}

/* An item's aliases: its old site paths, kept as "old/path/". */
void
get_aliases(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const struct ynode	*l, *it;
	struct slugref		*r;
	const char		*p;
	size_t			 i, len;

	if ((l = get_list(c, "aliases", n, "[old/path/]")) == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		it = l->items[i];
		if (it->type != Y_SCALAR || yscalar_null(it)) {
			verr(c, it, "each item of \"aliases\" must be an old "
			    "address of this page, like old/path/");
			continue;
		}
		p = it->str[0] == '/' ? it->str + 1 : it->str;
		len = strlen(p);
		if (len < 2 || p[len - 1] != '/' || !safe_relpath(astrndup(
		    &c->site->arena, p, len - 1)) ||
		    strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
		    "WXYZ0123456789-_./") != len || strstr(p, "//") != NULL) {
			verr(c, it, "alias \"%s\" must be a site path ending "
			    "in /, like old/path/", it->str);
			continue;
		}
		r = amalloc(&c->site->arena, sizeof(*r));
		r->slug = astrdup(&c->site->arena, p);
		r->line = it->line;
		r->col = it->col;
		vec_push(&c->site->arena, &doc->aliases, r);
	}
}

/* Whether a file name ends in one of the picture types. */
static int
picture_name(const char *s)
{
	static const char *const ext[] = {
		".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"
	};
	size_t	 len = strlen(s), i, e;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		e = strlen(ext[i]);
		if (len > e && strcasecmp(s + len - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/* An item's image: its social preview, a file under content/media/. */
void
get_image(struct vctx *c, struct doc *doc, const struct ynode *n)
{
	const char	*s;
	char		*p1, *p2;

	if ((s = get_text(c, "image", n)) == NULL)
		return;
	if (strncmp(s, "media/", 6) == 0)
		s += 6;
	p1 = path_join(c->site->dir, "content/media");
	p2 = path_join(p1, s);
	if (!safe_relpath(s))
		verr(c, n, "image \"%s\" must be a path under content/media/",
		    s);
	else if (!is_plain_file(p2))
		verr(c, n, "image \"%s\" not found: put the file in "
		    "content/media/", s);
	else if (!picture_name(s))
		verr(c, n, "image \"%s\" must be a PNG, JPEG, GIF, WebP or "
		    "SVG picture", s);
	else
		doc->image = s;
	free(p1);
	free(p2);
}

/* With schedule: true, leaves out an item dated after the build date,
 * unless --future. */
int
doc_scheduled(const struct site *s, struct doc *doc)
{
	if (!s->schedule || s->future || doc->date.y == 0 || date_cmp(&doc->date, &s->today)
	    <= 0)
		return 0;
	doc->scheduled = doc->excluded = 1;
	return 1;
}

/* "is scheduled for 2026-12-01" when slug of type t is held back. */
const char *
scheduled_text(struct site *s, enum ctype t, const char *slug)
{
	struct doc	*d;
	char		 iso[11];
	size_t		 i;

	for (i = 0; i < s->later.n; i++) {
		d = s->later.v[i];
		if (d->type == t && strcmp(d->slug, slug) == 0) {
			date_iso(&d->date, iso);
			return aprintf(&s->arena, "is scheduled for %s: it is "
			    "published from that day (or add --future)", iso);
		}
	}
	return NULL;
}

/* The concern banner's url: a ref: link, a site path or a web address. */
static int
concern_link(struct site *s, struct diag *d)
{
	const struct ynode	*u = s->concern_node;
	char			*yfile;
	int			 ok = 1;

	if (u == NULL)
		return 1;
	yfile = path_join(s->dir, "site.yaml");
	if (strncmp(u->str, "ref:", 4) == 0) {
		if ((s->concern_url = ref_resolve(s, u->str + 4)) == NULL) {
			diag(d, LVL_ERROR, yfile, u->line, u->col, "broken "
			    "reference \"%s\": nothing has that name", u->str);
			ok = 0;
		}
	} else if ((u->str[0] == '/' && u->str[1] != '/' &&
	    strpbrk(u->str, "\"<> ") == NULL) ||
	    (http_url(u->str) && strpbrk(u->str, "\"<>") == NULL))
		s->concern_url = u->str;
	else {
		diag(d, LVL_ERROR, yfile, u->line, u->col, "concern url \"%s\" "
		    "must be a ref: link, a site path starting with /, or a "
		    "web address starting with https://", u->str);
		ok = 0;
	}
	free(yfile);
	return ok;
}

/* What a site path holds besides items: its sections and pages. */
static const char *
site_path_owner(struct site *s, const char *url)
{
	static const char *const fixed[] = {
		"/", "/themes/", "/search/", "/assets/", "/media/"
	};
	size_t	 i;
	int	 t;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (strcmp(url, fixed[i]) == 0 || (i >= 3 &&
		    strncmp(url, fixed[i], strlen(fixed[i])) == 0))
			return "a page of the site";
	for (t = 0; t < T_COUNT; t++)
		if (ctypes[t].title != NULL && strlen(url) ==
		    strlen(ctypes[t].dir) + 2 &&
		    strncmp(url + 1, ctypes[t].dir, strlen(ctypes[t].dir)) == 0)
			return aprintf(&s->arena, "the %s section",
			    ctypes[t].dir);
	for (i = 0; i < s->themes.n; i++)
		if (strcmp(((struct theme *)s->themes.v[i])->url, url) == 0)
			return "a theme's page";
	return NULL;
}

/* Every alias: not the address of a page, nor another alias. */
static int
aliases_link(struct site *s, struct diag *d)
{
	xmlHashTablePtr	 pages, seen;
	struct doc	*doc, *other;
	struct slugref	*r, *o;
	const char	*url, *what;
	size_t		 i, k;
	int		 t, ok = 1;

	pages = xmlHashCreate(64);
	seen = xmlHashCreate(16);
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			xmlHashAddEntry(pages, (const xmlChar *)doc->url, doc);
		}
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			for (k = 0; k < doc->aliases.n; k++) {
				r = doc->aliases.v[k];
				url = aprintf(&s->arena, "/%s", r->slug);
				other = xmlHashLookup(pages,
				    (const xmlChar *)url);
				what = other != NULL ? other->path :
				    site_path_owner(s, url);
				if (what != NULL) {
					diag(d, LVL_ERROR, doc->path, r->line,
					    r->col, "alias \"%s\" is the "
					    "address of %s: an alias must be "
					    "an address nothing else has",
					    r->slug, what);
					ok = 0;
				} else if ((o = xmlHashLookup(seen,
				    (const xmlChar *)url)) != NULL) {
					diag(d, LVL_ERROR, doc->path, r->line,
					    r->col, "alias \"%s\" is already an "
					    "alias at %s:%d", r->slug,
					    ((struct doc *)o->doc)->path,
					    o->line);
					ok = 0;
				} else {
					r->doc = doc;
					xmlHashAddEntry(seen,
					    (const xmlChar *)url, r);
				}
			}
		}
	xmlHashFree(pages, NULL);
	xmlHashFree(seen, NULL);
	return ok;
}

/* After site_link() has indexed everything: the links this file adds. */
int
partner_link(struct site *s, struct diag *d)
{
	int	 ok = concern_link(s, d);

	if (s->exit_url == NULL)
		s->exit_url = "https://www.bbc.co.uk/weather";
	return aliases_link(s, d) && ok;
}
