/* placeholders.c: text that herald new wrote and nobody replaced, found before it is published. */
#include <stdio.h>
#include <string.h>

#include "herald.h"

/* The venue herald new writes for a training session (model/types.c). */
#define VENUE_PLACEHOLDER	"Where it takes place"

/* The lines of the skeletons in model/types.c that stand for text. */
static const char *const body_placeholders[] = {
	"What this panel says.",
	"This month's learning.",
	"The first item.",
	"What people will learn.",
	"The text of the page.",
	NULL
};

/*
 * Warns at each line of doc's body still equal to a placeholder text of
 * herald new (not its headings, which may stand), and refuses a session still at the placeholder venue.
 * Returns 0 after an error.
 */
int
placeholders_check(struct diag *d, const struct doc *doc)
{
	const struct session	*se;
	const char		*p, *e, *end;
	size_t			 i, len;
	int			 line, panel = 0, ok = 1;

	for (i = 0; i < doc->sessions.n; i++) {
		se = doc->sessions.v[i];
		if (se->venue != NULL &&
		    strcmp(se->venue, VENUE_PLACEHOLDER) == 0) {
			diag(d, LVL_ERROR, doc->path, se->line, 1,
			    "this session's venue still says \"%s\", as "
			    "herald new wrote it: write where it takes "
			    "place", VENUE_PLACEHOLDER);
			ok = 0;
		}
	}
	if (doc->body == NULL)
		return ok;
	end = doc->body + doc->bodylen;
	for (p = doc->body, line = doc->body_line; p < end; line++) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		len = (size_t)(e - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len >= 3 && memcmp(p, "## ", 3) == 0)
			panel++;	/* a briefing's panels are its ## */
		for (i = 0; body_placeholders[i] != NULL; i++)
			if (strlen(body_placeholders[i]) == len &&
			    memcmp(body_placeholders[i], p, len) == 0) {
				if (doc->type == T_BRIEFING && panel > 0)
					diag(d, LVL_WARNING, doc->path, line,
					    1, "panel %d still says \"%s\", "
					    "as herald new wrote it: write "
					    "what the panel says", panel,
					    body_placeholders[i]);
				else
					diag(d, LVL_WARNING, doc->path, line,
					    1, "this still says \"%s\", as "
					    "herald new wrote it: write the "
					    "text", body_placeholders[i]);
			}
		p = e + 1;
	}
	return ok;
}
