/* colours.c: site.yaml colours: {primary, accent}, checked for WCAG AA contrast, made into the site's CSS custom properties. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "herald.h"
#include "model/fields.h"

/* The text that sits on each colour (layouts/assets/site.css). */
#define ON_PRIMARY	0xffffffu	/* --c-on-accent, --c-header-text */
#define ON_ACCENT	0x0b0c0cu	/* --c-on-focus */
#define AA_RATIO	4.5

static double
channel(unsigned v)
{
	double	 c = v / 255.0;

	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
luminance(unsigned rgb)
{
	return 0.2126 * channel(rgb >> 16 & 0xff) +
	    0.7152 * channel(rgb >> 8 & 0xff) + 0.0722 * channel(rgb & 0xff);
}

static double
contrast(unsigned a, unsigned b)
{
	double	 la = luminance(a), lb = luminance(b), t;

	if (la < lb) {
		t = la;
		la = lb;
		lb = t;
	}
	return (la + 0.05) / (lb + 0.05);
}

/* rgb moved k/256 of the way to target (black or white). */
static unsigned
mix(unsigned rgb, unsigned target, int k)
{
	unsigned	 out = 0;
	int		 sh, c, t;

	for (sh = 16; sh >= 0; sh -= 8) {
		c = (int)(rgb >> sh & 0xff);
		t = (int)(target >> sh & 0xff);
		out |= (unsigned)(c + (t - c) * k / 256) << sh;
	}
	return out;
}

/* "#1f5c5e" or "#fc0" into *rgb. */
static int
parse_hex(const char *s, unsigned *rgb)
{
	unsigned	 v = 0;
	size_t		 i, n = strlen(s);
	int		 d;

	if (s[0] != '#' || (n != 7 && n != 4))
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (s[i] | 0x20) - 'a' + 10;
		else
			return 0;
		v = v << 4 | (unsigned)d;
		if (n == 4)
			v = v << 4 | (unsigned)d;
	}
	*rgb = v;
	return 1;
}

/* Reads one colour; 0 after an error (reported). */
static int
colour(struct vctx *c, const struct ynode *m, const char *name,
    unsigned text, const char *what, unsigned *rgb, int *set)
{
	const struct ynode	*n = ymap_get(m, name, NULL);
	const char		*s;
	unsigned		 near;
	double			 r;
	int			 k;

	*set = 0;
	if (n == NULL || (s = get_text(c, name, n)) == NULL)
		return 1;
	if (!parse_hex(s, rgb)) {
		verr(c, n, "colour %s must be written like \"#1f5c5e\" (a # "
		    "and six hexadecimal digits), not \"%s\"", name, s);
		return 0;
	}
	if ((r = contrast(*rgb, text)) < AA_RATIO) {
		for (k = 1, near = *rgb; k <= 256; k++) {
			near = mix(*rgb, text == ON_PRIMARY ? 0 : 0xffffffu, k);
			if (contrast(near, text) >= AA_RATIO)
				break;
		}
		verr(c, n, "%s on the %s colour %s has a contrast of only "
		    "%.1f:1, below the 4.5:1 that WCAG AA needs: the nearest "
		    "colour that passes is #%06x", what, name, s,
		    floor(r * 10) / 10, near);
		return 0;
	}
	*set = 1;
	return 1;
}

void
site_colours(struct vctx *c, struct site *site, const struct ynode *n)
{
	static const char *const names[] = { "primary", "accent" };
	unsigned	 p = 0, a = 0;
	size_t		 i;
	int		 ps, as, okp, oka;

	if (n->type != Y_MAP) {
		verr(c, n, "colours must be like {primary: \"#1f5c5e\", "
		    "accent: \"#ffdd00\"}");
		return;
	}
	for (i = 0; i < n->n; i++)
		if (strcmp(n->keys[i], "primary") &&
		    strcmp(n->keys[i], "accent"))
			unknown_field(c, n->keys[i], n->klines[i],
			    n->kcols[i], names, 2);
	okp = colour(c, n, "primary", ON_PRIMARY, "white text", &p, &ps);
	oka = colour(c, n, "accent", ON_ACCENT, "dark text", &a, &as);
	if (!okp || !oka || (!ps && !as))
		return;
	if (ps)
		site->brand_primary = aprintf(&site->arena, "#%06x", p);
	if (as)
		site->brand_accent = aprintf(&site->arena, "#%06x", a);
	/* Not in high contrast, which keeps its own colours. */
	site->brand_css = aprintf(&site->arena,
	    ":root:not(.contrast-high){%s%s}", ps ? aprintf(&site->arena,
	    "--c-accent:#%06x;--c-header-bg:#%06x;", p, p) : "",
	    as ? aprintf(&site->arena, "--c-focus:#%06x;", a) : "");
}
