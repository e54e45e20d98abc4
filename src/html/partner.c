/* partner.c: the values layouts see of the concern banner, "Exit this page" and a page's social preview. */
#include <string.h>

#include "herald.h"

/* The digits (and a leading +) of a phone number, for a tel: link. */
static const char *
tel(struct arena *a, const char *phone)
{
	char	*t = amalloc(a, strlen(phone) + 1), *p = t;

	for (; *phone != '\0'; phone++)
		if (t[0] == '+' && strncmp(phone, "(0)", 3) == 0)
			phone += 2;	/* +44 (0)300: the 0 is not dialled */
		else if ((*phone >= '0' && *phone <= '9') ||
		    (*phone == '+' && p == t))
			*p++ = *phone;
	*p = '\0';
	return t;
}

/* Whether any page shows "Exit this page". */
int
site_uses_exit(const struct site *s)
{
	const struct doc	*d;
	size_t			 i;
	int			 t;

	if (s->exit_this_page)
		return 1;
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			d = s->docs[t].v[i];
			if (d->exit_this_page)
				return 1;
		}
	return 0;
}

/* site.concern, site.exit_url and the assets they need. */
void
site_partner(struct site *s, struct arena *a, struct value *site)
{
	struct value	*c;
	int		 ex = site_uses_exit(s);

	if (s->concern_text != NULL) {
		c = v_map(a);
		v_sets(a, c, "text", s->concern_text);
		v_sets(a, c, "phone", s->concern_phone);
		v_sets(a, c, "phone_tel", s->concern_phone ?
		    tel(a, s->concern_phone) : "");
		v_sets(a, c, "out_of_hours", s->concern_ooh);
		v_sets(a, c, "out_of_hours_tel", s->concern_ooh ?
		    tel(a, s->concern_ooh) : "");
		v_sets(a, c, "url", s->concern_url);
		v_set(a, site, "concern", c);
	} else
		v_sets(a, site, "concern", "");
	v_sets(a, site, "exit_url", s->exit_url);
	v_sets(a, site, "partner_css", s->concern_text != NULL || ex ?
	    "/assets/partner.css" : "");
	v_sets(a, site, "partner_js", ex ? "/assets/partner.js" : "");
}

/* The social preview of an item with an image: Open Graph and Twitter
 * values, with absolute URLs from base_url. */
static struct value *
og_value(struct site *s, struct arena *a, const struct doc *d)
{
	struct value	*o = v_map(a);
	char		*loc = astrdup(a, s->language), *p;

	for (p = loc; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	v_sets(a, o, "title", d->title);
	v_sets(a, o, "description", d->summary);
	v_sets(a, o, "url", aprintf(a, "%s%s", s->base_url, d->url + 1));
	v_sets(a, o, "type", "article");
	v_sets(a, o, "site_name", s->title);
	v_sets(a, o, "locale", loc);
	v_sets(a, o, "image", aprintf(a, "%smedia/%s", s->base_url, d->image));
	return o;
}

/* page.exit_this_page: the site's setting, or the item's; page.og and
 * page.canonical for an item with an image. */
void
page_partner(struct site *s, struct arena *a, struct value *page,
    const struct doc *d)
{
	v_set(a, page, "exit_this_page", v_bool(a, s->exit_this_page ||
	    (d != NULL && d->exit_this_page)));
	if (d != NULL && d->image != NULL) {
		v_set(a, page, "og", og_value(s, a, d));
		v_sets(a, page, "canonical", aprintf(a, "%s%s", s->base_url,
		    d->url + 1));
	} else {
		v_sets(a, page, "og", "");
		v_sets(a, page, "canonical", "");
	}
}
