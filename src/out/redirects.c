/* redirects.c: a small page at each alias (an item's old address) that sends readers on, and the partnership assets (banner and "Exit this page"). */
#include <stdlib.h>
#include <string.h>

#include "herald.h"

/* One alias: refresh at once, a canonical link, a visible link, noindex. */
static int
redirect_page(struct site *s, struct diag *d, struct output *out,
    const struct doc *doc, const char *alias)
{
	xmlBufferPtr	 b = bnew();
	char		*from, *rel, *file;
	int		 ok;

	from = xasprintf("/%s", alias);
	rel = relative_url(from, doc->url);
	bputs(b, "<!doctype html>\n<html lang=\"");
	bputs(b, s->language);
	bputs(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n"
	    "<title>");
	html5_text(b, doc->title);
	bputs(b, " – ");
	html5_text(b, s->title);
	bprintf(b, "</title>\n<link rel=\"canonical\" href=\"%s%s\">\n"
	    "<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n</head>\n"
	    "<body>\n<main>\n<h1>This page has moved</h1>\n<p>Go to <a "
	    "href=\"%s\">", s->base_url, doc->url + 1, rel, rel);
	html5_text(b, doc->title);
	bputs(b, "</a>.</p>\n</main>\n</body>\n</html>\n");
	file = xasprintf("%sindex.html", alias);
	if (out->verbose)
		printf("%s\n", file);
	ok = out_put(out, d, file, (const char *)xmlBufferContent(b),
	    (size_t)xmlBufferLength(b));
	free(file);
	free(rel);
	free(from);
	xmlBufferFree(b);
	return ok;
}

/* A built-in asset from layouts/extras/, unless the site has its own in
 * layouts/assets/ (copied with the others). */
static int
extra_asset(struct site *s, struct diag *d, struct output *out,
    const char *name)
{
	char	*mine, *emb, *dst;
	size_t	 i;
	int	 ok = 1;

	mine = xasprintf("%s/layouts/assets/%s", s->dir, name);
	emb = xasprintf("extras/%s", name);
	dst = xasprintf("assets/%s", name);
	if (!is_file(mine))
		for (i = 0; i < herald_ndefaults; i++)
			if (strcmp(herald_defaults[i].name, emb) == 0)
				ok = out_put(out, d, dst,
				    (const char *)herald_defaults[i].data,
				    herald_defaults[i].len);
	free(mine);
	free(emb);
	free(dst);
	return ok;
}

/* Every alias's page, and the assets the banner and the exit button need
 * when the site has them; 0 after errors. */
int
redirects_write(struct site *s, struct diag *d, struct output *out)
{
	const struct doc	*doc;
	const struct slugref	*r;
	size_t			 i, k;
	int			 t, ok = 1, ex = site_uses_exit(s);

	if (!out->write)
		return 1;
	for (t = 0; t < T_COUNT; t++)
		for (i = 0; i < s->docs[t].n; i++) {
			doc = s->docs[t].v[i];
			for (k = 0; k < doc->aliases.n; k++) {
				r = doc->aliases.v[k];
				if (!redirect_page(s, d, out, doc, r->slug))
					ok = 0;
			}
		}
	if ((s->concern_text != NULL || ex) &&
	    !extra_asset(s, d, out, "partner.css"))
		ok = 0;
	if (ex && !extra_asset(s, d, out, "partner.js"))
		ok = 0;
	return ok;
}
