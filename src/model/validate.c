/* validate.c: a content file's front matter checked field by field, then per type, into its document. */
#include <stddef.h>
#include <string.h>

#include "herald.h"
#include "model/fields.h"

/* The field of that name a document of the type may have, or NULL. */
static const struct field *
field_find(const char *name, enum ctype type)
{
	const struct ctype_info	*ti = &ctypes[type];
	size_t			 i;

	for (i = 0; i < ncommon_fields; i++)
		if (strcmp(common_fields[i].name, name) == 0)
			return &common_fields[i];
	for (i = 0; i < ti->nfields; i++)
		if (strcmp(ti->fields[i].name, name) == 0)
			return &ti->fields[i];
	return NULL;
}

static void
doc_unknown(struct vctx *c, enum ctype type, const char *key, int line,
    int col)
{
	const struct ctype_info	*ti = &ctypes[type];
	const char		*names[32];
	size_t			 i, n = 0;

	for (i = 0; i < ncommon_fields && n < 32; i++)
		names[n++] = common_fields[i].name;
	for (i = 0; i < ti->nfields && n < 32; i++)
		names[n++] = ti->fields[i].name;
	unknown_field(c, key, line, col, names, n);
}

/* Length of the link destination "(...)" at p, just after "]", or 0,
 * with *stop where the look ended: a destination holds no space. */
static size_t
link_dest(const char *p, const char *end, const char **stop)
{
	const char	*q;
	int		 depth = 0;

	*stop = p;
	if (p >= end || *p != '(')
		return 0;
	for (q = p; q < end && *q != ' ' && *q != '\t' && *q != '\n'; q++)
		if (*q == '(')
			depth++;
		else if (*q == ')' && --depth == 0)
			return (size_t)(q - p) + 1;
	*stop = q;
	return 0;
}

/*
 * A seven-minute briefing is one page, its panels broken between words:
 * a word (a run of characters without spaces, leaving out link
 * addresses, which are not printed) past PANEL_WORD_MAX characters
 * cannot be set, so it is an error here, at its line and column, before
 * any PDF is made.
 */
static void
panel_words(struct vctx *c, const struct doc *doc)
{
	const char	*p = doc->body, *end = doc->body + doc->bodylen;
	const char	*start = NULL, *nolink = p, *stop;
	size_t		 chars = 0, k;
	int		 line = doc->body_line, col = 0, wline = 0, wcol = 0;

	/* col counts the characters of the line before p: one pass. */
	for (; p <= end; p++) {
		if (p < end && ((unsigned char)*p & 0xc0) != 0x80)
			col++;
		if (p == end || *p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r') {
			if (start != NULL && chars > PANEL_WORD_MAX) {
				diag(c->d, LVL_ERROR, c->file, wline, wcol,
				    "a word of %zu characters: the panels of "
				    "a seven-minute briefing break lines "
				    "between words, so a word may have %d at "
				    "most", chars, PANEL_WORD_MAX);
				c->ok = 0;
				return;
			}
			start = NULL;
			chars = 0;
			if (p < end && *p == '\n') {
				line++;
				col = 0;
			}
			continue;
		}
		/* After a look that found no end, the "]"s it passed over
		 * start no address either: each byte is looked at twice at
		 * most. */
		if (*p == ']' && p >= nolink) {
			if ((k = link_dest(p + 1, end, &stop)) != 0) {
				col += (int)utf8_count(p + 1, k);
				p += k;	/* the address is not printed */
				continue;
			}
			nolink = stop;
		}
		if (start == NULL) {
			start = p;
			wline = line;
			wcol = col;
		}
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	}
}

/* Fills a document from its front matter; returns 0 after errors. */
int
doc_fields(struct site *site, struct diag *d, struct doc *doc,
    const struct ynode *fm)
{
	struct vctx		 c = { site, d, doc->path, 1 };
	const struct field	*f;
	const struct ynode	*n, *fmt = NULL;
	const char		*s;
	char			*at;
	size_t			 i;
	long			 v;
	int			 b;

	if (fm->type != Y_MAP) {
		diag(d, LVL_ERROR, doc->path, fm->line, fm->col,
		    "front matter must be fields like \"title: My title\"");
		return 0;
	}
	/* The format decides which session fields are required. */
	if (doc->type == T_TRAINING && (fmt = ymap_get(fm, "format", NULL))) {
		doc->format_line = fmt->line;
		doc->format_col = fmt->col;
		s = get_text(&c, "format", fmt);
		if (s != NULL && strcmp(s, "classroom") == 0)
			doc->format = F_CLASSROOM;
		else if (s != NULL && strcmp(s, "online") == 0)
			doc->format = F_ONLINE;
		else if (s != NULL && strcmp(s, "elearning") == 0)
			doc->format = F_ELEARNING;
		else if (fmt->type == Y_SCALAR)
			verr(&c, fmt, "unknown format \"%s\": use classroom, "
			    "online or elearning", fmt->str);
	}

	for (i = 0; i < fm->n; i++) {
		n = fm->items[i];
		if ((f = field_find(fm->keys[i], doc->type)) == NULL) {
			doc_unknown(&c, doc->type, fm->keys[i],
			    fm->klines[i], fm->kcols[i]);
			continue;
		}
		at = (char *)doc + f->off;
		switch (f->kind) {
		case K_TEXT:
			*(const char **)at = f->off == offsetof(struct doc,
			    summary) ? get_lines(&c, f->name, n) :
			    get_text(&c, f->name, n);
			if (f->off == offsetof(struct doc, title)) {
				doc->title_line = n->line;
				doc->title_col = n->col;
			}
			break;
		case K_DATE:
			get_date(&c, f->name, n, (struct date *)at);
			break;
		case K_BOOL:
			if (get_bool(&c, f->name, n, &b))
				*(int *)at = b;
			break;
		case K_INT:
			if (get_int(&c, f->name, n, &v))
				*(long *)at = v;
			break;
		case K_THEMES:
			get_themes(&c, doc, n);
			break;
		case K_AUDIENCE:
			get_audience(&c, doc, n);
			break;
		case K_SLUGS:
			get_slugs(&c, f->name, n, (struct vec *)at);
			break;
		case K_KIND:
			s = get_text(&c, "kind", n);
			if (s != NULL && strcmp(s, "practitioner") == 0)
				doc->practitioner = 1;
			else if (s == NULL || strcmp(s, "safer7") != 0) {
				if (n->type == Y_SCALAR)
					verr(&c, n, "unknown kind \"%s\": use "
					    "safer7 or practitioner",
					    n->str);
			}
			break;
		case K_FORMAT:
			break;		/* read first, above */
		case K_URL:
			*(const char **)at = get_url(&c, f->name, n);
			break;
		case K_SESSIONS:
			get_sessions(&c, doc, n);
			break;
		case K_ALIASES:
			get_aliases(&c, doc, n);
			break;
		case K_IMAGE:
			get_image(&c, doc, n);
			break;
		}
	}

	if ((n = ymap_get(fm, "title", NULL)) != NULL)
		text_limit(&c, "title", n, doc->title, TITLE_MAX, "so that it "
		    "fits a page's heading and a PDF's title block");
	if ((n = ymap_get(fm, "summary", NULL)) != NULL)
		text_limit(&c, "summary", n, doc->summary, SUMMARY_MAX, "about "
		    "a hundred words, as lists, feeds and PDFs show it");
	if ((n = ymap_get(fm, "review", NULL)) != NULL)
		text_limit(&c, "review", n, doc->review, TITLE_MAX, "as the "
		    "printable briefing shows it under the title");
	if (doc->type == T_BRIEFING && !doc->practitioner)
		panel_words(&c, doc);

	/* Required fields. */
	if (doc->title == NULL || doc->title[0] == '\0') {
		if ((n = ymap_get(fm, "title", NULL)) != NULL) {
			/* A title with a line break in it is reported. */
			if (n->type == Y_SCALAR && ctl_find(n->str, "\t") ==
			    NULL)
				verr(&c, n, "field \"title\" is empty");
		} else
			diag(d, LVL_ERROR, doc->path, 1, 1,
			    "missing required field \"title\"");
		c.ok = 0;
	}
	if (doc->date.y == 0 && ctypes[doc->type].dated &&
	    ymap_get(fm, "date", NULL) == NULL) {
		diag(d, LVL_ERROR, doc->path, 1, 1,
		    "missing required field \"date\" (like date: 2024-03-31)");
		c.ok = 0;
	}
	if (doc->updated.y != 0 && doc->date.y != 0 &&
	    date_cmp(&doc->updated, &doc->date) < 0) {
		char a[11], b2[11];
		n = ymap_get(fm, "updated", NULL);
		date_iso(&doc->updated, a);
		date_iso(&doc->date, b2);
		diag(d, LVL_ERROR, doc->path, n->line, n->col,
		    "\"updated\" (%s) is before \"date\" (%s)", a, b2);
		c.ok = 0;
	}
	if (doc->type == T_TRAINING) {
		const struct ynode *sn = ymap_get(fm, "sessions", NULL);
		const struct ynode *bn = ymap_get(fm, "booking", NULL);
		if (fmt == NULL) {
			diag(d, LVL_ERROR, doc->path, 1, 1, "missing required "
			    "field \"format\" (classroom, online or "
			    "elearning)");
			c.ok = 0;
		} else if (doc->format == F_ELEARNING) {
			if (sn != NULL && !yscalar_null(sn))
				verr(&c, sn, "an elearning course has no "
				    "sessions: remove \"sessions\" and give "
				    "its \"booking\" address");
			if (bn == NULL)
				verr(&c, fmt, "an elearning course needs a "
				    "\"booking\" address where people start "
				    "it");
		} else if (doc->format != F_NONE) {
			if (sn == NULL || (sn->type == Y_SEQ && sn->n == 0) ||
			    yscalar_null(sn))
				verr(&c, sn != NULL ? sn : fmt, "%s course "
				    "needs at least one session under "
				    "\"sessions\"", doc->format ==
				    F_CLASSROOM ? "a classroom" : "an online");
			if (bn != NULL)
				verr(&c, bn, "%s course takes bookings per "
				    "session: move \"booking\" into each "
				    "session", doc->format == F_CLASSROOM ?
				    "a classroom" : "an online");
		}
	}
	return c.ok;
}
