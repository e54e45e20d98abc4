/* settings.c: site.yaml checked setting by setting into the site. */
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

#include "herald.h"
#include "model/fields.h"

static const char *const site_field_names[] = {
	"title", "short_name", "base_url", "language", "description",
	"email", "logo", "timezone", "nav", "unsafe_html", "themes", "colours",
	"concern", "exit_this_page", "exit_url", "schedule", NULL
};

/* A compiled time zone (TZif), not zone.tab or another table. */
static int
tzif_file(const char *path)
{
	FILE	*f;
	char	 magic[4];
	int	 ok;

	if (!is_file(path) || (f = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

static int
valid_language(const char *s)
{
	size_t	 len;

	for (;;) {
		len = strspn(s, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (len < 1 || len > 8)
			return 0;
		s += len;
		if (*s == '\0')
			return 1;
		if (*s++ != '-')
			return 0;
	}
}

/* A nav entry's title and URL: one line each, and a URL a browser keeps
 * on the site when it looks like a site path. */
static int
nav_entry_ok(struct vctx *c, const struct ynode *t, const struct ynode *u)
{
	if (get_text(c, "title", t) == NULL || get_text(c, "url", u) == NULL)
		return 0;
	if (url_offsite(u->str)) {
		verr(c, u, "nav url \"%s\" would take a browser to another "
		    "site (it starts with two slashes or holds a backslash): "
		    "write a site path like \"/about/\", a \"ref:\" or a "
		    "full https:// address", u->str);
		return 0;
	}
	return 1;
}

int
site_fields(struct site *site, struct diag *d, const char *file,
    const struct ynode *y)
{
	struct vctx		 c = { site, d, file, 1 };
	const struct ynode	*n, *l;
	const char		*s, *names[16];
	size_t			 i, nn = 0;
	int			 b;

	for (nn = 0; site_field_names[nn] != NULL; nn++)
		names[nn] = site_field_names[nn];
	if (y->type != Y_MAP) {
		diag(d, LVL_ERROR, file, y->line, y->col,
		    "site.yaml must be fields like \"title: My partnership\"");
		return 0;
	}
	site->language = "en-GB";
	site->timezone = "Europe/London";
	for (i = 0; i < y->n; i++) {
		const char *key = y->keys[i];
		n = y->items[i];
		if (strcmp(key, "title") == 0) {
			site->title = get_text(&c, key, n);
			text_limit(&c, key, n, site->title, TITLE_MAX, "so "
			    "that it fits the pages' banner and the PDFs");
		} else if (strcmp(key, "short_name") == 0) {
			site->short_name = get_text(&c, key, n);
			text_limit(&c, key, n, site->short_name, TITLE_MAX,
			    "so that it fits the pages' banner and the PDFs");
		} else if (strcmp(key, "description") == 0) {
			site->description = get_text(&c, key, n);
			text_limit(&c, key, n, site->description, SUMMARY_MAX,
			    "as feeds and search engines show it");
		}
		else if (strcmp(key, "email") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (strchr(s, '@') == NULL || strpbrk(s, " <>\"") ||
			    s[0] == '@') {
				verr(&c, n, "\"%s\" is not an email address",
				    s);
				continue;
			}
			site->email = s;
		} else if (strcmp(key, "language") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (!valid_language(s))
				verr(&c, n, "language \"%s\" is not a language "
				    "tag like en-GB or cy", s);
			else
				site->language = s;
		} else if (strcmp(key, "timezone") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			char *zf = xasprintf("/usr/share/zoneinfo/%s", s);
			if (strstr(s, "..") != NULL || s[0] == '/' ||
			    (is_dir("/usr/share/zoneinfo") && !tzif_file(zf)))
				verr(&c, n, "unknown time zone \"%s\": use a "
				    "name like Europe/London", s);
			else
				site->timezone = s;
			free(zf);
		} else if (strcmp(key, "base_url") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			if (!http_url(s) || s[strlen(s) - 1] != '/' ||
			    strpbrk(s, "?#") != NULL)
				verr(&c, n, "base_url must be the site's web "
				    "address, starting with https:// and "
				    "ending in /, not \"%s\"", s);
			else
				site->base_url = s;
		} else if (strcmp(key, "logo") == 0) {
			if ((s = get_text(&c, key, n)) == NULL)
				continue;
			char *p1 = path_join(site->dir, "content/media");
			char *p2 = path_join(p1, s);
			size_t len = strlen(s);
			if (!safe_relpath(s))
				verr(&c, n, "logo \"%s\" must be a path under "
				    "content/media/", s);
			else if (!is_plain_file(p2))
				verr(&c, n, "logo \"%s\" not found: put the "
				    "file in content/media/", s);
			else if (site->realdir != NULL &&
			    path_inside(site->realdir, p2) != 1)
				verr(&c, n, "logo \"%s\" is in a folder that "
				    "is a link to a place outside the site "
				    "folder: put the file itself in "
				    "content/media/", s);
			else if (len < 5 || (strcasecmp(s + len - 4, ".png") &&
			    strcasecmp(s + len - 4, ".jpg") &&
			    (len < 6 || strcasecmp(s + len - 5, ".jpeg"))))
				verr(&c, n, "logo \"%s\" must be a PNG or JPEG "
				    "image", s);
			else
				site->logo = s;
			free(p1);
			free(p2);
		} else if (strcmp(key, "unsafe_html") == 0) {
			if (get_bool(&c, key, n, &b))
				site->unsafe_html = b;
		} else if (strcmp(key, "nav") == 0) {
			if ((l = get_list(&c, key, n,
			    "[{title: Training, url: \"ref:training\"}]"))
			    == NULL)
				continue;
			for (size_t k = 0; k < l->n; k++) {
				const struct ynode *e = l->items[k], *t, *u;
				if (e->type != Y_MAP ||
				    (t = ymap_get(e, "title", NULL)) == NULL ||
				    (u = ymap_get(e, "url", NULL)) == NULL ||
				    t->type != Y_SCALAR || u->type != Y_SCALAR ||
				    yscalar_null(t) || yscalar_null(u)) {
					verr(&c, e, "each nav entry needs a "
					    "\"title\" and a \"url\"");
					continue;
				}
				if (!nav_entry_ok(&c, t, u))
					continue;
				for (size_t j = 0; j < e->n; j++)
					if (strcmp(e->keys[j], "title") &&
					    strcmp(e->keys[j], "url"))
						unknown_field(&c, e->keys[j],
						    e->klines[j], e->kcols[j],
						    (const char *[]){ "title",
						    "url" }, 2);
				vec_push(&site->arena, &site->navsrc,
				    (void *)e);
			}
		} else if (strcmp(key, "themes") == 0)
			site_themes(&c, site, n);
		else if (strcmp(key, "colours") == 0)
			site_colours(&c, site, n);
		else if (site_partner_field(&c, key, n))
			continue;	/* partner.c */
		else
			unknown_field(&c, key, y->klines[i], y->kcols[i],
			    names, nn);
	}
	if (site->title == NULL && ymap_get(y, "title", NULL) == NULL) {
		diag(d, LVL_ERROR, file, 1, 1,
		    "missing required field \"title\" (the partnership's "
		    "name)");
		c.ok = 0;
	} else if ((site->title == NULL || site->title[0] == '\0') &&
	    (n = ymap_get(y, "title", NULL))->type == Y_SCALAR &&
	    ctl_find(n->str, "\t") == NULL) {
		verr(&c, n, "field \"title\" is empty");
	}
	if (site->base_url == NULL && ymap_get(y, "base_url", NULL) == NULL) {
		diag(d, LVL_ERROR, file, 1, 1,
		    "missing required field \"base_url\" (the web address of "
		    "the published site, like https://example.org/)");
		c.ok = 0;
	}
	if (site->short_name == NULL)
		site->short_name = site->title;
	return c.ok;
}
